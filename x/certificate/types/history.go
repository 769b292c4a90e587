package types

import (
	"bytes"
	"fmt"

	"github.com/kpledger/kpledger/core/store"
)

// History reads a certificate's history from the app store, in order (nil:
// none, or no such certificate). The keeper appends it (keeper.record);
// other modules read it here, as the hooks give them the record only.
func History(s store.KVStore, number string) []CertificateEvent {
	return store.LoadAll[CertificateEvent](Store(s), HistoryPrefix(number))
}

// ProvedHistory decodes a certificate's history from the records a proved
// scan of its history range returned (app-store keys, with StorePrefix, and
// values, in key order), at the height its record c was proved: the indexes
// must run 0, 1, 2, ... without a gap, as the keeper appends them, the first
// event must be the issuance, and there must be as many as the record counts.
func ProvedHistory(c *Certificate, keys, values [][]byte) ([]CertificateEvent, error) {
	number := c.Number
	prefix := append([]byte{StorePrefix}, HistoryPrefix(number)...)
	events := make([]CertificateEvent, 0, len(keys))
	for i, key := range keys {
		if !bytes.HasPrefix(key, prefix) {
			return nil, fmt.Errorf("history of %s: key %X is not in its range", number, key)
		}
		index, ok := HistoryIndex(key[len(prefix):])
		if !ok || index != uint64(i) {
			return nil, fmt.Errorf("history of %s: key %X where event %d belongs", number, key, i)
		}
		var ev CertificateEvent
		if err := ev.Unmarshal(values[i]); err != nil {
			return nil, fmt.Errorf("history of %s: event %d: %w", number, i, err)
		}
		events = append(events, ev)
	}
	if len(events) == 0 || events[0].Kind != EventKind_EVENT_KIND_ISSUED {
		return nil, fmt.Errorf("history of %s: no issuance proved", number)
	}
	if uint64(len(events)) != c.HistoryLength {
		return nil, fmt.Errorf("history of %s: %d events proved, its record counts %d", number, len(events), c.HistoryLength)
	}
	return events, nil
}

// MaxHistoryScan bounds the events a client proves of one history: more than
// any certificate can have (custody events, draws and releases are bounded).
const MaxHistoryScan = 4096
