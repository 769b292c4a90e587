package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/kpledger/kpledger/client/proof"
	"github.com/kpledger/kpledger/core/module"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// certificateEvent is one event of the stream: what happened to a
// certificate in a block, and the certificate as proved once that block's
// state is provable (its status then, and the verdict a border officer would
// read).
type certificateEvent struct {
	Height      int64  `json:"height"`
	Action      string `json:"action"`
	Number      string `json:"number"`
	Issuer      string `json:"issuer"`
	Destination string `json:"destination"`
	Status      string `json:"status"`
	Verdict     string `json:"verdict"`
	Proof       Proof  `json:"proof"`
}

// position is where a stream stands: the next block to read and, within it,
// the first event index not yet sent.
type position struct {
	height int64
	index  int
}

// parsePosition reads an event id ("HEIGHT-INDEX": resume after it) or a
// height to start at (?from=H).
func parsePosition(r *http.Request) (position, error) {
	if id := r.Header.Get("Last-Event-ID"); id != "" {
		h, i, ok := strings.Cut(id, "-")
		height, err1 := strconv.ParseInt(h, 10, 64)
		index, err2 := strconv.Atoi(i)
		if !ok || err1 != nil || err2 != nil || height < 1 || index < 0 {
			return position{}, fmt.Errorf("Last-Event-ID %q: HEIGHT-INDEX", id)
		}
		return position{height, index + 1}, nil
	}
	if from := r.URL.Query().Get("from"); from != "" {
		height, err := strconv.ParseInt(from, 10, 64)
		if err != nil || height < 1 {
			return position{}, fmt.Errorf("from %q: a block height", from)
		}
		return position{height, 0}, nil
	}
	return position{}, nil // from the next block on
}

// events streams certificate events (server-sent events, text/event-stream)
// of every block from ?from=H, or after Last-Event-ID, or from the next block
// on; ?participant=XX keeps those whose issuer or destination is XX, and
// ?action=issued,received those of these kinds. Each event is sent once the
// state of its block can be proved, with the certificate as proved; a
// failure to prove is sent as an "error" event and the block is read again
// at the next poll.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	participant := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("participant")))
	if participant != "" {
		if err := participanttypes.ValidateParticipantCode(participant); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
	}
	actions := map[string]bool{}
	for _, a := range strings.Split(r.URL.Query().Get("action"), ",") {
		if a = strings.TrimSpace(a); a != "" {
			actions[a] = true
		}
	}
	at, err := parsePosition(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "this connection cannot stream", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, ": kpledger certificate events\n\n")
	flusher.Flush()
	ctx := r.Context()
	ticker := time.NewTicker(s.cfg.Poll)
	defer ticker.Stop()
	for {
		at = s.sendEvents(ctx, w, at, participant, actions)
		flusher.Flush()
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// sendEvents sends the events of every block whose state is provable from
// at on, and returns where the stream then stands.
func (s *Server) sendEvents(ctx context.Context, w http.ResponseWriter, at position, participant string, actions map[string]bool) position {
	readCtx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	session, err := s.reader.session(readCtx)
	if err != nil {
		sendError(w, err)
		return at
	}
	if at.height == 0 {
		at.height = session.Height + 1
	}
	for ; at.height <= session.Height; at = (position{at.height + 1, 0}) {
		events, err := s.cfg.Blocks.BlockEvents(readCtx, at.height)
		if err != nil {
			sendError(w, fmt.Errorf("block %d: %w", at.height, err))
			return at
		}
		for i, e := range events {
			if i < at.index {
				continue
			}
			number, action := attribute(e, certtypes.AttributeNumber), attribute(e, module.AttributeAction)
			if e.Type != certtypes.ModuleName || number == "" || (len(actions) > 0 && !actions[action]) {
				continue
			}
			ev, err := provedEvent(readCtx, session, at.height, action, number)
			if err != nil {
				sendError(w, err)
				return position{at.height, i}
			}
			if participant == "" || participant == ev.Issuer || participant == ev.Destination {
				bz, _ := json.Marshal(ev)
				fmt.Fprintf(w, "id: %d-%d\nevent: certificate\ndata: %s\n\n", at.height, i, bz)
			}
		}
	}
	return at
}

// provedEvent proves the certificate an event names.
func provedEvent(ctx context.Context, session *proof.Session, height int64, action, number string) (*certificateEvent, error) {
	var cert certtypes.Certificate
	found, err := get(ctx, session, certificateKey(number), &cert)
	if err != nil {
		return nil, err
	}
	if !found || cert.Number != number {
		return nil, fmt.Errorf("%w: block %d names certificate %s, which is not proved on the ledger", proof.ErrProof, height, number)
	}
	now, err := ledgerNow(ctx, session)
	if err != nil {
		return nil, err
	}
	return &certificateEvent{Height: height, Action: action, Number: number, Issuer: cert.Issuer, Destination: cert.Destination,
		Status: cert.Status.Name(), Verdict: verdictOf(&cert, now, "", 0), Proof: proofOf(session)}, nil
}

func sendError(w http.ResponseWriter, err error) {
	bz, _ := json.Marshal(map[string]any{"proof": failed(err)})
	fmt.Fprintf(w, "event: error\ndata: %s\n\n", bz)
}

func attribute(e abci.Event, key string) string {
	for _, a := range e.Attributes {
		if a.Key == key {
			return a.Value
		}
	}
	return ""
}
