package types

import (
	"bytes"
	"testing"
)

// TestHistoryKeys: a certificate's history range holds its own events only
// (numbers are length-prefixed: BW-1's range does not hold BW-10's), in the
// order of their indexes.
func TestHistoryKeys(t *testing.T) {
	if bytes.HasPrefix(HistoryKey("BW-10", 0), HistoryPrefix("BW-1")) {
		t.Fatal("BW-10's history lies in BW-1's range")
	}
	if bytes.Compare(HistoryKey("BW-1", 255), HistoryKey("BW-1", 256)) >= 0 {
		t.Fatal("event 255 sorts after event 256")
	}
	if i, ok := HistoryIndex(HistoryKey("BW-1", 300)[len(HistoryPrefix("BW-1")):]); !ok || i != 300 {
		t.Fatalf("index %d %v, want 300", i, ok)
	}
}

// TestProvedHistory: a proved scan of a history is accepted only as the
// keeper writes it: indexes 0, 1, 2, ... without a gap, the first event the
// issuance, every key in the certificate's range, as many as the record
// counts.
func TestProvedHistory(t *testing.T) {
	const n = "BW-2005-1"
	cert := &Certificate{Number: n, HistoryLength: 2}
	key := func(number string, i uint64) []byte { return append([]byte{StorePrefix}, HistoryKey(number, i)...) }
	value := func(kind EventKind) []byte {
		bz, err := (&CertificateEvent{Kind: kind, Height: 3}).Marshal()
		if err != nil {
			t.Fatal(err)
		}
		return bz
	}
	issued, transferred := value(EventKind_EVENT_KIND_ISSUED), value(EventKind_EVENT_KIND_TRANSFERRED)
	events, err := ProvedHistory(cert, [][]byte{key(n, 0), key(n, 1)}, [][]byte{issued, transferred})
	if err != nil || len(events) != 2 || events[1].Kind != EventKind_EVENT_KIND_TRANSFERRED {
		t.Fatalf("%v %v", events, err)
	}
	for name, c := range map[string]struct{ keys, values [][]byte }{
		"none":                         {nil, nil},
		"a gap":                        {[][]byte{key(n, 0), key(n, 2)}, [][]byte{issued, transferred}},
		"no issuance":                  {[][]byte{key(n, 0)}, [][]byte{transferred}},
		"another's event":              {[][]byte{key(n, 0), key("BW-2005-2", 1)}, [][]byte{issued, transferred}},
		"undecodable":                  {[][]byte{key(n, 0), key(n, 1)}, [][]byte{issued, {0xFF}}},
		"a key cut short":              {[][]byte{key(n, 0)[:len(key(n, 0))-1]}, [][]byte{issued}},
		"fewer than the record counts": {[][]byte{key(n, 0)}, [][]byte{issued}},
	} {
		if _, err := ProvedHistory(cert, c.keys, c.values); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
