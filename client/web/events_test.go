package web_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kpledger/kpledger/app/apptest"
)

// streamed is an event of the stream as a customs system reads it.
type streamed struct {
	ID, Kind string
	Event    struct {
		Height      int64  `json:"height"`
		Action      string `json:"action"`
		Number      string `json:"number"`
		Issuer      string `json:"issuer"`
		Destination string `json:"destination"`
		Verdict     string `json:"verdict"`
		Proof       struct {
			Verified bool  `json:"verified"`
			Signed   int   `json:"signed"`
			Height   int64 `json:"height"`
		} `json:"proof"`
	}
}

// subscribe reads the event stream at path until the test ends.
func subscribe(t *testing.T, url string, headers ...string) <-chan streamed {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range headers {
		name, value, _ := strings.Cut(h, ": ")
		req.Header.Set(name, value)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("%s: %s %s", url, resp.Status, resp.Header.Get("Content-Type"))
	}
	out := make(chan streamed, 100)
	go func() {
		defer resp.Body.Close()
		defer close(out)
		scanner := bufio.NewScanner(resp.Body)
		var ev streamed
		for scanner.Scan() {
			line := scanner.Text()
			switch {
			case strings.HasPrefix(line, "id: "):
				ev.ID = strings.TrimPrefix(line, "id: ")
			case strings.HasPrefix(line, "event: "):
				ev.Kind = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				_ = json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &ev.Event)
			case line == "" && ev.Kind != "":
				out <- ev
				ev = streamed{}
			}
		}
	}()
	return out
}

// next is the next event of a stream, or fails the test after a while.
func next(t *testing.T, events <-chan streamed) streamed {
	t.Helper()
	select {
	case ev, ok := <-events:
		if !ok {
			t.Fatal("the stream ended")
		}
		return ev
	case <-time.After(10 * time.Second):
		t.Fatal("no event within 10 s")
	}
	return streamed{}
}

func TestEventStreamOfAParticipant(t *testing.T) {
	c := world(t)
	server := httptest.NewServer(serve(t, c, nil, nil))
	t.Cleanup(server.Close) // after the streams' cleanups: Close waits for them

	events := subscribe(t, server.URL+"/api/v1/events?participant=EU&from=1")
	first := next(t, events)
	if first.Kind != "certificate" || first.Event.Number != "BW-2005-1" || first.Event.Action != "issued" || first.Event.Verdict != "ALREADY USED" ||
		!first.Event.Proof.Verified || first.Event.Proof.Signed != 4 {
		t.Fatalf("first event: %+v", first)
	}
	seen := map[string]bool{}
	for ev := first; ev.Event.Number != "BW-2006-5"; ev = next(t, events) {
		if ev.Event.Issuer != "EU" && ev.Event.Destination != "EU" {
			t.Errorf("an event of neither EU's issue nor for EU: %+v", ev)
		}
		seen[ev.Event.Number+" "+ev.Event.Action] = true
	}
	for _, want := range []string{"BW-2005-1 received", "EU-2005-1 issued", "ZA-2005-1 received", "BW-2006-4 issued"} {
		if !seen[want] {
			t.Errorf("no event %q in %v", want, seen)
		}
	}

	// A certificate issued now to the European Community: its customs
	// system is told, with the proved verdict.
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2006-6", "BW", "EU")(c.Chain))
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2006-7", "BW", "RU")(c.Chain))
	c.DeliverOK("eu-issuer", apptest.Shipment("EU-2006-1", "EU", "ZA")(c.Chain))
	for _, want := range []string{"BW-2006-6", "EU-2006-1"} {
		ev := next(t, events)
		if ev.Event.Number != want || ev.Event.Action != "issued" || ev.Event.Verdict != "VALID FOR ENTRY" || !ev.Event.Proof.Verified {
			t.Errorf("event %+v, want %s issued", ev, want)
		}
	}

	// Resuming after the first event: the stream goes on from the second.
	resumed := subscribe(t, server.URL+"/api/v1/events?participant=EU", "Last-Event-ID: "+first.ID)
	if ev := next(t, resumed); ev.ID == first.ID || ev.Event.Number != "BW-2005-1" || ev.Event.Action != "transferred" {
		t.Errorf("resumed with %+v, after %s", ev, first.ID)
	}
}

func TestEventStreamRefusesBadRequests(t *testing.T) {
	c := world(t)
	s := serve(t, c, nil, nil)
	for _, path := range []string{"/api/v1/events?participant=E1", "/api/v1/events?from=x"} {
		if code, _ := get(t, s, path); code != http.StatusBadRequest {
			t.Errorf("%s: %d", path, code)
		}
	}
	if code, _ := get(t, s, "/api/v1/events", "Last-Event-ID: 12"); code != http.StatusBadRequest {
		t.Errorf("a bad Last-Event-ID: %d", code)
	}
}
