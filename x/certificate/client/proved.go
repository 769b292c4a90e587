package client

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/client"
	"github.com/kpledger/kpledger/client/proof"
	"github.com/kpledger/kpledger/x/certificate/types"
)

// withHistory is a certificate proved with its whole history: the store
// keeps the history apart from the record, one key per event.
type withHistory struct {
	*types.Certificate
	Events []types.CertificateEvent
}

// proveCertificate proves, at one height (one verified header), a
// certificate's record, the extra keys after it and, when the record is
// there, its whole history: a scan of the history's key range, which also
// proves that no event is left out. The record and the extra keys are
// returned in order; the certificate is nil when the record is proven absent.
func proveCertificate(cmd *cobra.Command, c *client.Context, number string, extra ...[]byte) (*withHistory, []*proof.Proved, error) {
	verifier, err := c.Verifier(cmd)
	if err != nil {
		return nil, nil, err
	}
	ctx := cmd.Context()
	s, err := verifier.Session(ctx)
	if err != nil {
		return nil, nil, err
	}
	var proved []*proof.Proved
	for _, key := range append([][]byte{append([]byte{types.StorePrefix}, types.CertificateKey(number)...)}, extra...) {
		p, err := s.Get(ctx, key)
		if err != nil {
			return nil, nil, err
		}
		proved = append(proved, p)
	}
	if proved[0].Value == nil {
		return nil, proved, nil
	}
	cert := &withHistory{Certificate: &types.Certificate{}}
	if err := cert.Unmarshal(proved[0].Value); err != nil || cert.Number != number {
		return nil, nil, fmt.Errorf("the proved record is not certificate %s (%v)", number, err)
	}
	records, more, err := s.Scan(ctx, append([]byte{types.StorePrefix}, types.HistoryPrefix(number)...), types.MaxHistoryScan)
	if err != nil {
		return nil, nil, err
	}
	if more {
		return nil, nil, fmt.Errorf("the history of %s has more than %d events", number, types.MaxHistoryScan)
	}
	keys, values := make([][]byte, len(records)), make([][]byte, len(records))
	for i, r := range records {
		keys[i], values[i] = r.Key, r.Value
	}
	if cert.Events, err = types.ProvedHistory(cert.Certificate, keys, values); err != nil {
		return nil, nil, err
	}
	return cert, proved, nil
}
