package types

import (
	"fmt"
	"strings"

	"github.com/kpledger/kpledger/core/format"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// decisionKind is what the ledger knows of a decision without state. Every
// kind of decision is one row of kindOf; the keeper's rules for the state are
// the rows of keeper.Keeper.rules. A new kind of decision is a row in each.
type decisionKind struct {
	// name is the kind as people write it ("admit", "impose-embargo").
	name string
	// subject is the participant the decision is about; empty when it is
	// about no participant in particular.
	subject string
	// membership: the decision may change the validator set.
	membership bool
	// validate checks the decision without state.
	validate func() error
	// summary says what the decision decides, in a line; executed what it did.
	summary, executed string
}

// kindOf is the table of decision kinds.
func (d *Decision) kindOf() decisionKind {
	switch c := d.Content.(type) {
	case *Decision_Admit:
		a := c.Admit
		summary := fmt.Sprintf("%s %s (%s)", a.Code, a.Name, a.Kind.Name())
		if len(a.ValidatorPubKey) > 0 {
			summary += " with a validator"
		}
		return decisionKind{name: "admit", subject: a.Code, membership: true, validate: a.validate, summary: summary, executed: a.Code + " admitted"}
	case *Decision_Suspend:
		return statusChange("suspend", c.Suspend, "suspended")
	case *Decision_Reinstate:
		return statusChange("reinstate", c.Reinstate, "active")
	case *Decision_Expel:
		return statusChange("expel", c.Expel, "expelled")
	case *Decision_RotateValidator:
		r := c.RotateValidator
		return decisionKind{name: "rotate-validator", subject: r.Code, membership: true, summary: r.Code,
			executed: r.Code + "'s validator key rotated",
			validate: func() error {
				if err := participanttypes.ValidateParticipantCode(r.Code); err != nil {
					return err
				}
				return participanttypes.ValidatePubKey(r.ValidatorPubKey)
			}}
	case *Decision_ImposeEmbargo:
		o := c.ImposeEmbargo.Origin
		return decisionKind{name: "impose-embargo", validate: func() error { return participanttypes.ValidateParticipantCode(o) },
			summary: "origin " + o, executed: "origin " + o + " under embargo"}
	case *Decision_LiftEmbargo:
		o := c.LiftEmbargo.Origin
		return decisionKind{name: "lift-embargo", validate: func() error { return participanttypes.ValidateParticipantCode(o) },
			summary: "origin " + o, executed: "embargo on " + o + " lifted"}
	case *Decision_SetProducer:
		sp := c.SetProducer
		what := "a producer"
		if sp.NonProducer {
			what = "a non-producer"
		}
		return decisionKind{name: "set-producer", subject: sp.Participant, validate: func() error { return participanttypes.ValidateParticipantCode(sp.Participant) },
			summary: sp.Participant + " " + what, executed: sp.Participant + " registered as " + what}
	case *Decision_ImposeIssuerEmbargo:
		p := c.ImposeIssuerEmbargo.Participant
		return decisionKind{name: "impose-issuer-embargo", validate: func() error { return participanttypes.ValidateParticipantCode(p) },
			summary: "issuer " + p, executed: p + "'s certificates under embargo"}
	case *Decision_LiftIssuerEmbargo:
		p := c.LiftIssuerEmbargo.Participant
		return decisionKind{name: "lift-issuer-embargo", validate: func() error { return participanttypes.ValidateParticipantCode(p) },
			summary: "issuer " + p, executed: "embargo on " + p + "'s certificates lifted"}
	case *Decision_Params:
		return decisionKind{name: "params", validate: c.Params.validate, summary: c.Params.summary(), executed: "parameters changed from the next block"}
	case *Decision_ElectChair:
		return c.ElectChair.kind()
	case *Decision_EstablishBody:
		b := c.EstablishBody
		return decisionKind{name: "establish-body", validate: b.Validate, summary: b.Name, executed: b.Name + " established"}
	case *Decision_DissolveBody:
		n := c.DissolveBody.Name
		return decisionKind{name: "dissolve-body", validate: func() error { return participanttypes.ValidateName(n) },
			summary: n, executed: n + " dissolved"}
	case *Decision_ChangeBody:
		b := c.ChangeBody
		return decisionKind{name: "change-body", summary: b.Name, executed: b.Name + ": composition changed",
			validate: func() error {
				if err := participanttypes.ValidateName(b.Name); err != nil {
					return err
				}
				return b.Composition.Validate()
			}}
	case *Decision_ExtendMandate:
		m := c.ExtendMandate
		return decisionKind{name: "extend-mandate", validate: m.validate,
			summary: fmt.Sprintf("%s until %s", m.Name, day(m.MandateUntil)), executed: m.Name + ": mandate extended"}
	case *Decision_Vigilance:
		return c.Vigilance.kind("vigilance", "participant", "on the heightened-vigilance list", participanttypes.ValidateParticipantCode)
	case *Decision_IllicitOperator:
		return c.IllicitOperator.kind("illicit-operator", "operator", "on the list of operators involved in illicit trade", func(a string) error {
			_, err := participanttypes.ParseAddress(a)
			return err
		})
	case *Decision_Text:
		t := c.Text
		name := map[TextKind]string{TextKind_TEXT_KIND_RESOLUTION: "resolution",
			TextKind_TEXT_KIND_ADMINISTRATIVE_DECISION: "administrative-decision", TextKind_TEXT_KIND_DECLARATION: "declaration"}[t.Kind]
		if name == "" {
			name = "text"
		}
		return decisionKind{name: name, validate: t.validate, summary: t.Title, executed: t.Kind.Name() + " passed"}
	case nil:
		return decisionKind{name: "none", validate: func() error { return ErrInvalidDecision.Wrap("no decision") }}
	}
	return decisionKind{name: "none", validate: func() error { return ErrInvalidDecision.Wrap(fmt.Sprintf("%T", d.Content)) }}
}

func statusChange(name string, a *ParticipantAction, status string) decisionKind {
	summary := a.Code
	if a.GrandfatherCertified {
		summary += ", goods certified before grandfathered"
	}
	return decisionKind{name: name, subject: a.Code, membership: true, summary: summary, executed: a.Code + " " + status,
		validate: func() error {
			if a.GrandfatherCertified && name == "reinstate" {
				return ErrInvalidDecision.Wrap("a reinstatement grandfathers nothing")
			}
			return participanttypes.ValidateParticipantCode(a.Code)
		}}
}

// day is a date of block time without the hour.
func day(t int64) string { return format.Time(t)[:min(10, len(format.Time(t)))] }

// Kind is a decision's kind as people write it ("admit", "impose-embargo").
func (d *Decision) Kind() string { return d.kindOf().name }

// Subject is the participant a decision is about; empty when it is about no
// participant in particular. It takes part in the consensus unless the
// plenary's exclude_subject parameter leaves it out.
func (d *Decision) Subject() string { return d.kindOf().subject }

// ChangesMembership reports whether the decision may change the validator set.
func (d *Decision) ChangesMembership() bool { return d.kindOf().membership }

// ValidateBasic checks a decision without state.
func (d *Decision) ValidateBasic() error { return d.kindOf().validate() }

// Summary says what a decision decides, in a line (listings).
func (d *Decision) Summary() string { return d.kindOf().summary }

func (a *Admit) validate() error {
	if err := participanttypes.ValidateParticipantCode(a.Code); err != nil {
		return err
	}
	if err := participanttypes.ValidateName(a.Name); err != nil {
		return err
	}
	if err := participanttypes.ValidateName(a.AdminName); err != nil {
		return err
	}
	if err := participanttypes.ValidatePubKey(a.AdminPubKey); err != nil {
		return err
	}
	if len(a.ValidatorPubKey) > 0 {
		if err := participanttypes.ValidatePubKey(a.ValidatorPubKey); err != nil {
			return err
		}
	}
	if _, ok := participanttypes.ParticipantKind_name[int32(a.Kind)]; !ok || a.Kind == participanttypes.ParticipantKind_PARTICIPANT_KIND_UNSPECIFIED {
		return participanttypes.ErrInvalidKind.Wrapf("%d", a.Kind)
	}
	return nil
}

func (p *ParamsChange) validate() error {
	if p.Certificate == nil && p.Monitoring == nil && p.Plenary == nil {
		return ErrInvalidDecision.Wrap("a parameter change changes something")
	}
	if p.Certificate != nil {
		if err := p.Certificate.Validate(); err != nil {
			return err
		}
	}
	if p.Monitoring != nil {
		if err := p.Monitoring.Validate(); err != nil {
			return err
		}
	}
	if p.Plenary != nil {
		return p.Plenary.Validate()
	}
	return nil
}

func (p *ParamsChange) summary() string {
	var parts []string
	if c := p.Certificate; c != nil {
		parts = append(parts, fmt.Sprintf("max validity %dd, confirmation deadline %dd, late-confirmation grace %dd, re-weighing tolerance %s%%",
			c.MaxValidity/Day, c.ConfirmationDeadline/Day, c.LateConfirmationGrace/Day, format.Hundredths(int64(c.ReweighToleranceBp))))
	}
	if m := p.Monitoring; m != nil {
		parts = append(parts, fmt.Sprintf("production due %d months after, mirror tolerance %s%%, price factor %s, price reference of %d certificates and %s ct", m.ProductionDeadlineMonths,
			format.Hundredths(int64(m.MirrorToleranceBp)), format.Hundredths(int64(m.PriceFactorPercent)), m.PriceMinCertificates, format.Hundredths(m.PriceMinCarats)))
	}
	if pl := p.Plenary; pl != nil {
		subject := "subject included"
		if pl.ExcludeSubject {
			subject = "subject excluded"
		}
		parts = append(parts, fmt.Sprintf("written procedure %ds, %s", pl.VotingPeriod, subject))
	}
	return strings.Join(parts, "; ")
}

func (m *MandateExtension) validate() error {
	if err := participanttypes.ValidateName(m.Name); err != nil {
		return err
	}
	if m.MandateUntil <= 0 {
		return ErrInvalidBody.Wrap("a mandate is extended to a date")
	}
	return ValidateText("mandate", m.Mandate, false)
}

func (t *TextDecision) validate() error {
	if _, ok := TextKind_name[int32(t.Kind)]; !ok || t.Kind == TextKind_TEXT_KIND_UNSPECIFIED {
		return ErrInvalidDecision.Wrap("a resolution, administrative decision or declaration")
	}
	if err := participanttypes.ValidateName(t.Title); err != nil {
		return ErrInvalidDecision.Wrapf("title: %v", err)
	}
	return ValidateDecisionText(t.Language, t.Text)
}

// kind is the elect-chair row of kindOf.
func (e *ChairElection) kind() decisionKind {
	vice := e.ViceChair
	if vice == "" {
		vice = "vacant"
	}
	chair := e.Chair
	if e.Succession {
		chair = "the Vice-Chair succeeding"
	}
	summary := fmt.Sprintf("%d: chair %s, vice-chair %s", e.Year, chair, vice)
	if e.Replacement {
		summary += " (replacement)"
	}
	executed := fmt.Sprintf("%s chair and %s vice-chair for %d", e.Chair, e.ViceChair, e.Year)
	switch {
	case e.Succession:
		executed = fmt.Sprintf("the Vice-Chair succeeded as chair for %d, vice-chair %s", e.Year, vice)
	case e.Replacement:
		executed = fmt.Sprintf("%s chair and %s vice-chair for %d, replacing the term recorded", e.Chair, e.ViceChair, e.Year)
	}
	return decisionKind{name: "elect-chair", validate: e.validate, summary: summary, executed: executed}
}

// kind is the row of a listing decision: what the entry is, which list.
func (l *Listing) kind(name, what, list string, validate func(string) error) decisionKind {
	summary, executed := fmt.Sprintf("%s %s %s", what, l.Code, list), fmt.Sprintf("%s %s put %s", what, l.Code, list)
	if l.Remove {
		summary, executed = fmt.Sprintf("%s %s off the list (%s)", what, l.Code, list), fmt.Sprintf("%s %s taken off the list (%s)", what, l.Code, list)
	}
	return decisionKind{name: name, summary: summary, executed: executed, validate: func() error { return validate(l.Code) }}
}
