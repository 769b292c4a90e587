package web

import (
	"context"
	"encoding/binary"
	"fmt"

	"github.com/kpledger/kpledger/client/proof"
	"github.com/kpledger/kpledger/core/format"
	plenarytypes "github.com/kpledger/kpledger/x/plenary/types"
)

// maxDecisions is how many decisions a page lists, newest first.
const maxDecisions = 100

// decisionRow is a plenary proposal and what became of it.
type decisionRow struct {
	ID          uint64   `json:"id"`
	Kind        string   `json:"kind"`
	Summary     string   `json:"summary"`
	Title       string   `json:"title,omitempty"`
	Proposer    string   `json:"proposer"`
	Procedure   string   `json:"procedure"`
	Status      string   `json:"status"`
	Outcome     string   `json:"outcome,omitempty"`
	Languages   []string `json:"languages,omitempty"`
	SubmittedAt string   `json:"submitted_at"`
	VotingEnds  string   `json:"voting_ends_at,omitempty"`
	ClosedAt    string   `json:"closed_at,omitempty"`
	AdoptedAt   string   `json:"adopted_at,omitempty"`
}

type plenaryView struct {
	Decisions []decisionRow `json:"decisions"`
	// Before continues the listing with older decisions (0: none).
	Before uint64 `json:"before,omitempty"`
}

type voteRow struct {
	Participant string `json:"participant"`
	Option      string `json:"option"`
	Time        string `json:"time"`
	Height      int64  `json:"height"`
}

// textRow is a decision's text in one official language, as recorded.
type textRow struct {
	Language    string `json:"language"`
	Text        string `json:"text"`
	SHA256      string `json:"sha256"`
	Participant string `json:"participant"`
	RecordedAt  string `json:"recorded_at"`
	Height      int64  `json:"height"`
}

type decisionView struct {
	Decision   decisionRow `json:"decision"`
	Rationale  string      `json:"rationale,omitempty"`
	Subject    string      `json:"subject,omitempty"`
	Electorate []string    `json:"electorate"`
	Votes      []voteRow   `json:"votes"`
	Texts      []textRow   `json:"texts"`
}

func plenaryPrefixed(key []byte) []byte { return append([]byte{plenarytypes.StorePrefix}, key...) }

func decisionRowOf(p *plenarytypes.Proposal) decisionRow {
	row := decisionRow{ID: p.Id, Kind: p.Decision.Kind(), Summary: p.Decision.Summary(), Proposer: p.Proposer, Procedure: p.Procedure.Name(),
		Status: p.Status.Name(), Outcome: p.RenderOutcome(), Languages: p.Languages, SubmittedAt: format.Time(p.SubmittedAt)}
	if p.VotingEndsAt != 0 {
		row.VotingEnds = format.Time(p.VotingEndsAt)
	}
	if text, ok := p.Decision.Content.(*plenarytypes.Decision_Text); ok {
		row.Title = text.Text.Title
	}
	if p.ClosedAt != 0 {
		row.ClosedAt = format.Time(p.ClosedAt)
	}
	if p.AdoptedAt != 0 {
		row.AdoptedAt = format.Time(p.AdoptedAt)
	}
	return row
}

// readDecisions proves the newest decisions with ids below before (0: all):
// the next proposal id, then every id below it, each present or proved
// absent.
func readDecisions(ctx context.Context, s *proof.Session, before uint64) (*plenaryView, error) {
	next := uint64(1)
	p, err := s.Get(ctx, plenaryPrefixed(plenarytypes.NextProposalIDKey()))
	if err != nil {
		return nil, err
	}
	if len(p.Value) == 8 {
		next = binary.BigEndian.Uint64(p.Value)
	}
	if before == 0 || before > next {
		before = next
	}
	view := &plenaryView{}
	id := before
	for ; id > 1 && len(view.Decisions) < maxDecisions; id-- {
		var proposal plenarytypes.Proposal
		found, err := get(ctx, s, plenaryPrefixed(plenarytypes.ProposalKey(id-1)), &proposal)
		if err != nil {
			return nil, err
		}
		if found {
			view.Decisions = append(view.Decisions, decisionRowOf(&proposal))
		}
	}
	if id > 1 {
		view.Before = id
	}
	return view, nil
}

// readDecision proves a proposal and its texts in every language recorded.
func readDecision(ctx context.Context, s *proof.Session, id uint64) (*decisionView, bool, error) {
	var p plenarytypes.Proposal
	found, err := get(ctx, s, plenaryPrefixed(plenarytypes.ProposalKey(id)), &p)
	if err != nil || !found {
		return nil, found, err
	}
	if p.Id != id {
		return nil, false, fmt.Errorf("%w: the record proved at proposal %d's key is proposal %d", proof.ErrProof, id, p.Id)
	}
	view := &decisionView{Decision: decisionRowOf(&p), Rationale: p.Rationale, Subject: p.Subject, Electorate: p.Electorate}
	for _, v := range p.Votes {
		view.Votes = append(view.Votes, voteRow{Participant: v.Participant, Option: v.Option.Name(), Time: format.Time(v.Time), Height: v.Height})
	}
	prefix := plenaryPrefixed(plenarytypes.DecisionTextKey(id, ""))
	_, err = scan(ctx, s, prefix, len(plenarytypes.Languages), func(_, value []byte) error {
		var t plenarytypes.DecisionText
		if err := t.Unmarshal(value); err != nil {
			return err
		}
		view.Texts = append(view.Texts, textRow{Language: t.Language, Text: t.Text, SHA256: fmt.Sprintf("%X", t.TextHash),
			Participant: t.Participant, RecordedAt: format.Time(t.RecordedAt), Height: t.Height})
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	return view, true, nil
}
