package audit

import (
	"context"
	"fmt"

	abci "github.com/cometbft/cometbft/abci/types"

	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// Query asks the replayed app, at its last height.
func (r *Report) Query(path string, req interface{ Marshal() ([]byte, error) }, resp interface{ Unmarshal([]byte) error }) error {
	data, err := req.Marshal()
	if err != nil {
		return err
	}
	res, err := r.App.Query(context.Background(), &abci.QueryRequest{Path: path, Data: data})
	if err != nil {
		return err
	}
	if res.Code != 0 {
		return fmt.Errorf("%s: %s (code %d)", path, res.Log, res.Code)
	}
	return resp.Unmarshal(res.Value)
}

// Certificates returns every certificate of the replayed state with its
// history, by issuer then number.
func (r *Report) Certificates() ([]certtypes.QueryCertificateResponse, error) {
	var participants participanttypes.QueryParticipantsResponse
	if err := r.Query(participanttypes.QueryParticipants, &participanttypes.QueryParticipantsRequest{}, &participants); err != nil {
		return nil, err
	}
	var all []certtypes.QueryCertificateResponse
	for _, p := range participants.Participants {
		req := certtypes.QueryCertificatesRequest{Issuer: p.Code, Limit: certtypes.MaxPageSize}
		for {
			var page certtypes.QueryCertificatesResponse
			if err := r.Query(certtypes.QueryCertificates, &req, &page); err != nil {
				return nil, err
			}
			for _, c := range page.Certificates {
				var one certtypes.QueryCertificateResponse
				if err := r.Query(certtypes.QueryCertificate, &certtypes.QueryCertificateRequest{Number: c.Number}, &one); err != nil {
					return nil, err
				}
				all = append(all, one)
			}
			if page.NextKey == "" {
				break
			}
			req.PageKey = page.NextKey
		}
	}
	return all, nil
}

// Years returns the first and last calendar years (UTC) of the replayed
// blocks.
func (r *Report) Years() (uint32, uint32, error) {
	if r.firstTime.IsZero() || r.lastTime.IsZero() {
		return 0, 0, fmt.Errorf("no block replayed")
	}
	return uint32(r.firstTime.UTC().Year()), uint32(r.lastTime.UTC().Year()), nil
}
