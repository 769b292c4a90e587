package keeper

import (
	"fmt"

	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	"github.com/kpledger/kpledger/x/plenary/types"
)

// decisionRules are what the keeper does with one kind of decision: check
// checks it against the state when it is proposed; apply executes it when it
// passes, in a buffer the caller writes only on success, checking again what
// check checked (the state may have moved since). A kind of decision is a row
// here and one in types (kindOf). now is the block time of the check.
type decisionRules struct {
	check func(s store.KVStore) error
	apply func(ctx *module.Context, p *types.Proposal) error
}

func (k Keeper) rules(d *types.Decision, now int64) decisionRules {
	switch c := d.Content.(type) {
	case *types.Decision_Admit:
		a := c.Admit
		return decisionRules{
			check: func(s store.KVStore) error {
				return k.participants.CheckAdmission(s, a.Code, a.Name, a.Kind, a.AdminPubKey, a.AdminName, a.ValidatorPubKey)
			},
			apply: func(ctx *module.Context, _ *types.Proposal) error {
				return k.participants.Admit(ctx, a.Code, a.Name, a.Kind, a.AdminPubKey, a.AdminName, a.ValidatorPubKey)
			},
		}
	case *types.Decision_Suspend:
		return k.statusRules(c.Suspend, participanttypes.ParticipantStatus_PARTICIPANT_STATUS_SUSPENDED)
	case *types.Decision_Reinstate:
		return k.statusRules(c.Reinstate, participanttypes.ParticipantStatus_PARTICIPANT_STATUS_ACTIVE)
	case *types.Decision_Expel:
		return k.statusRules(c.Expel, participanttypes.ParticipantStatus_PARTICIPANT_STATUS_EXPELLED)
	case *types.Decision_RotateValidator:
		r := c.RotateValidator
		return decisionRules{
			check: func(s store.KVStore) error { return k.participants.CheckRotation(s, r.Code, r.ValidatorPubKey) },
			apply: func(ctx *module.Context, _ *types.Proposal) error {
				return k.participants.RotateValidator(ctx, r.Code, r.ValidatorPubKey)
			},
		}
	case *types.Decision_ImposeEmbargo:
		return k.embargoRules(certtypes.OriginEmbargo, c.ImposeEmbargo.Origin, true)
	case *types.Decision_LiftEmbargo:
		return k.embargoRules(certtypes.OriginEmbargo, c.LiftEmbargo.Origin, false)
	case *types.Decision_SetProducer:
		sp := c.SetProducer
		return decisionRules{
			check: func(s store.KVStore) error {
				if _, ok := k.participants.Participant(s, sp.Participant); !ok {
					return participanttypes.ErrUnknownParticipant.Wrap(sp.Participant)
				}
				return nil
			},
			apply: func(ctx *module.Context, _ *types.Proposal) error {
				return k.participants.SetNonProducer(ctx, sp.Participant, sp.NonProducer)
			},
		}
	case *types.Decision_ImposeIssuerEmbargo:
		return k.embargoRules(certtypes.IssuerEmbargo, c.ImposeIssuerEmbargo.Participant, true)
	case *types.Decision_LiftIssuerEmbargo:
		return k.embargoRules(certtypes.IssuerEmbargo, c.LiftIssuerEmbargo.Participant, false)
	case *types.Decision_Params:
		return decisionRules{
			check: func(store.KVStore) error { return nil },
			apply: func(ctx *module.Context, _ *types.Proposal) error { return k.changeParams(ctx.Store, c.Params) },
		}
	case *types.Decision_ElectChair:
		e := c.ElectChair
		return decisionRules{
			check: func(s store.KVStore) error {
				_, _, err := k.electedTerm(s, e, now)
				return err
			},
			apply: func(ctx *module.Context, p *types.Proposal) error { return k.elect(ctx, e, p) },
		}
	case *types.Decision_EstablishBody:
		return k.establishBodyRules(c.EstablishBody)
	case *types.Decision_DissolveBody:
		return k.bodyRules(c.DissolveBody.Name, nil, func(_ *module.Context, b *types.Body) error {
			b.Dissolved = true
			return nil
		})
	case *types.Decision_ChangeBody:
		change := c.ChangeBody
		return k.bodyRules(change.Name, &change.Composition, func(_ *module.Context, b *types.Body) error {
			b.Composition = change.Composition
			return nil
		})
	case *types.Decision_ExtendMandate:
		m := c.ExtendMandate
		return k.bodyRules(m.Name, nil, func(ctx *module.Context, b *types.Body) error {
			if m.MandateUntil <= ctx.Time || (b.MandateUntil != 0 && m.MandateUntil <= b.MandateUntil) {
				return types.ErrInvalidBody.Wrapf("%s: a mandate is extended to a later date", b.Name)
			}
			b.MandateUntil = m.MandateUntil
			if m.Mandate != "" {
				b.Mandate = m.Mandate
			}
			return nil
		})
	case *types.Decision_Vigilance:
		l := c.Vigilance
		return decisionRules{
			check: func(s store.KVStore) error { return k.certificates.CheckVigilance(s, l.Code, l.Remove) },
			apply: func(ctx *module.Context, p *types.Proposal) error {
				return k.certificates.SetVigilance(ctx, l.Code, l.Remove, fmt.Sprintf("plenary proposal %d", p.Id))
			},
		}
	case *types.Decision_IllicitOperator:
		l := c.IllicitOperator
		return decisionRules{
			check: func(s store.KVStore) error {
				_, err := k.certificates.CheckListOperator(s, l.Code, l.Remove)
				return err
			},
			apply: func(ctx *module.Context, p *types.Proposal) error {
				return k.certificates.ListOperator(ctx, l.Code, l.Remove, fmt.Sprintf("plenary proposal %d", p.Id))
			},
		}
	case *types.Decision_Text:
		// A text decision's effect is its adoption: texts.go.
		return decisionRules{
			check: func(store.KVStore) error { return nil },
			apply: func(*module.Context, *types.Proposal) error { return nil },
		}
	}
	invalid := func() error { return types.ErrInvalidDecision.Wrap(d.Kind()) }
	return decisionRules{
		check: func(store.KVStore) error { return invalid() },
		apply: func(*module.Context, *types.Proposal) error { return invalid() },
	}
}

// embargoRules impose (or lift) an embargo of a kind on a code that is not
// (or is) under one.
func (k Keeper) embargoRules(kind certtypes.EmbargoKind, code string, impose bool) decisionRules {
	return decisionRules{
		check: func(s store.KVStore) error {
			e, ok := k.certificates.Embargo(s, kind, code)
			switch active := ok && e.Active; {
			case impose && active:
				return types.ErrInvalidDecision.Wrapf("%s is already under an %s embargo", code, kind.Name())
			case !impose && !active:
				return types.ErrInvalidDecision.Wrapf("%s is not under an %s embargo", code, kind.Name())
			}
			return nil
		},
		apply: func(ctx *module.Context, p *types.Proposal) error {
			if impose {
				return k.certificates.ImposeEmbargo(ctx, kind, code, fmt.Sprintf("plenary proposal %d", p.Id))
			}
			return k.certificates.LiftEmbargo(ctx, kind, code)
		},
	}
}

// statusRules move a participant along active ⇄ suspended → expelled, a
// suspension or expulsion grandfathering goods already certified when it
// says so.
func (k Keeper) statusRules(a *types.ParticipantAction, to participanttypes.ParticipantStatus) decisionRules {
	return decisionRules{
		check: func(s store.KVStore) error {
			_, err := k.participants.CheckStatusChange(s, a.Code, to)
			return err
		},
		apply: func(ctx *module.Context, _ *types.Proposal) error {
			return k.participants.SetStatus(ctx, a.Code, to, a.GrandfatherCertified)
		},
	}
}

// establishBodyRules establish a body whose name no living body holds.
func (k Keeper) establishBodyRules(body *types.Body) decisionRules {
	check := func(s store.KVStore) error {
		if b, ok := k.Body(s, body.Name); ok && !b.Dissolved {
			return types.ErrBodyExists.Wrap(b.Name)
		}
		return k.checkComposition(s, &body.Composition)
	}
	return decisionRules{
		check: check,
		apply: func(ctx *module.Context, p *types.Proposal) error {
			if err := check(ctx.Store); err != nil {
				return err
			}
			b := *body
			b.EstablishedAt, b.ProposalId, b.Dissolved, b.DissolvedAt = ctx.Time, p.Id, false, 0
			k.saveBody(ctx.Store, &b)
			return nil
		},
	}
}

// bodyRules change a living body: its new composition, when given, names
// existing participants and observers; change edits the body, which is then
// saved with the decision that changed it (a dissolution with its date).
func (k Keeper) bodyRules(name string, composition *types.Composition, change func(ctx *module.Context, b *types.Body) error) decisionRules {
	check := func(s store.KVStore) error {
		if _, err := k.liveBody(s, name); err != nil {
			return err
		}
		if composition != nil {
			return k.checkComposition(s, composition)
		}
		return nil
	}
	return decisionRules{
		check: check,
		apply: func(ctx *module.Context, p *types.Proposal) error {
			if err := check(ctx.Store); err != nil {
				return err
			}
			b, _ := k.liveBody(ctx.Store, name)
			if err := change(ctx, b); err != nil {
				return err
			}
			if b.Dissolved && b.DissolvedAt == 0 {
				b.DissolvedAt = ctx.Time
			}
			b.ProposalId = p.Id
			k.saveBody(ctx.Store, b)
			return nil
		},
	}
}
