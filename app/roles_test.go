package app_test

import (
	"strings"
	"testing"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	plenarytypes "github.com/kpledger/kpledger/x/plenary/types"
	stattypes "github.com/kpledger/kpledger/x/statistics/types"
)

// roleCase is a message Botswana's keys may send, valid in the state its
// setup leaves, so that only the signer's role decides whether CheckTx admits
// it; executor is the key whose admitted transaction must then execute.
type roleCase struct {
	setup    func(c *apptest.Chain)
	build    apptest.Message
	executor string
}

const day = 24 * 60 * 60

func issued(msg apptest.Message, signer string) func(c *apptest.Chain) {
	return func(c *apptest.Chain) { c.DeliverOK(signer, msg(c)) }
}

// botswanaChairs2005 records Botswana as KP Chair of 2005 (its admin officer
// is then the Chair's officer): proposal 1, which every elector joins.
func botswanaChairs2005(c *apptest.Chain) {
	c.MustDeliver(c.Tx("za-admin", &plenarytypes.MsgPropose{Decision: plenarytypes.Decision{Content: &plenarytypes.Decision_ElectChair{
		ElectChair: &plenarytypes.ChairElection{Year: 2005, Chair: "BW", ViceChair: "EU"}}}}))
	for _, k := range []string{"bw-admin", "eu-admin", "in-admin", "ru-admin", "za-admin"} {
		c.MustDeliver(c.Tx(k, &plenarytypes.MsgVote{ProposalId: 1, Option: plenarytypes.VoteOption_VOTE_OPTION_JOIN}))
	}
}

// visitToSouthAfrica schedules review 1's visit, begun before the fixture's
// genesis.
func visitToSouthAfrica() *plenarytypes.MsgScheduleVisit {
	start := apptest.GenesisTime.Unix() - 7*day
	return &plenarytypes.MsgScheduleVisit{ReviewId: 1, StartAt: start, EndAt: start + 4*day, Team: []string{"BW", "WDC"}}
}

// roleCases holds one case per registered message type; a new message type
// fails TestOnlyAllowedRolesSign until it has one.
var roleCases = map[string]roleCase{
	"/kpledger.participant.v1.MsgAddOfficer": {
		build: func(c *apptest.Chain) envelope.Message {
			return &participanttypes.MsgAddOfficer{PubKey: c.PubKey("bw-issuer-2"), Role: envelope.Role_ROLE_ISSUER, Name: "Kagiso Molefe"}
		},
		executor: "bw-admin",
	},
	"/kpledger.participant.v1.MsgRotateOfficer": {
		build: func(c *apptest.Chain) envelope.Message {
			return &participanttypes.MsgRotateOfficer{Address: c.Address("bw-issuer"), NewPubKey: c.PubKey("bw-issuer-2")}
		},
		executor: "bw-admin",
	},
	"/kpledger.participant.v1.MsgRevokeOfficer": {
		build: func(c *apptest.Chain) envelope.Message {
			return &participanttypes.MsgRevokeOfficer{Address: c.Address("bw-customs")}
		},
		executor: "bw-admin",
	},
	"/kpledger.participant.v1.MsgAddOperator": {
		build: func(c *apptest.Chain) envelope.Message {
			return &participanttypes.MsgAddOperator{PubKey: c.PubKey("bw-exporter-2"), Role: envelope.Role_ROLE_EXPORTER, Name: "Okavango Diamond Company"}
		},
		executor: "bw-admin",
	},
	"/kpledger.participant.v1.MsgRevokeOperator": {
		build: func(c *apptest.Chain) envelope.Message {
			return &participanttypes.MsgRevokeOperator{Address: c.Address("bw-importer")}
		},
		executor: "bw-admin",
	},
	"/kpledger.participant.v1.MsgSetSettings": {
		build: func(c *apptest.Chain) envelope.Message {
			return &participanttypes.MsgSetSettings{TimeZone: "Africa/Gaborone"}
		},
		executor: "bw-admin",
	},
	"/kpledger.statistics.v1.MsgReportProduction": {
		build: func(c *apptest.Chain) envelope.Message {
			return &stattypes.MsgReportProduction{Year: 2005, Half: 1, Production: stattypes.Production{KimberliteCarats: 1588000000, KimberliteValueUsd: 133000000000}}
		},
		executor: "bw-admin",
	},
	"/kpledger.statistics.v1.MsgFollowUpFlag": {
		setup: func(c *apptest.Chain) {
			c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-F1", "BW", "EU", apptest.Carats(100_00), apptest.Value(100_000_00))(c))
			c.DeliverOK("eu-importer", apptest.Confirm("BW-2005-F1", apptest.StdParcels, 100_00, 10_000_00)(c))
		},
		build: func(c *apptest.Chain) envelope.Message {
			return &stattypes.MsgFollowUpFlag{Kind: stattypes.FlagKind_FLAG_KIND_DISCREPANCY, Number: "BW-2005-F1", Rule: stattypes.Rule_RULE_MIRROR,
				Status: stattypes.FlagStatus_FLAG_STATUS_ACKNOWLEDGED}
		},
		executor: "bw-admin",
	},
	"/kpledger.plenary.v1.MsgPropose": {
		build: func(c *apptest.Chain) envelope.Message {
			return &plenarytypes.MsgPropose{Decision: plenarytypes.Decision{Content: &plenarytypes.Decision_ImposeEmbargo{ImposeEmbargo: &plenarytypes.OriginEmbargo{Origin: "AO"}}}}
		},
		executor: "bw-admin",
	},
	"/kpledger.plenary.v1.MsgVote": {
		setup: func(c *apptest.Chain) {
			c.MustDeliver(c.Tx("za-admin", &plenarytypes.MsgPropose{Decision: plenarytypes.Decision{Content: &plenarytypes.Decision_ImposeEmbargo{ImposeEmbargo: &plenarytypes.OriginEmbargo{Origin: "AO"}}}}))
		},
		build: func(c *apptest.Chain) envelope.Message {
			return &plenarytypes.MsgVote{ProposalId: 1, Option: plenarytypes.VoteOption_VOTE_OPTION_JOIN}
		},
		executor: "bw-admin",
	},
	"/kpledger.plenary.v1.MsgTranslate": {
		setup: func(c *apptest.Chain) {
			c.MustDeliver(c.Tx("bw-admin", &plenarytypes.MsgPropose{Decision: plenarytypes.Decision{Content: &plenarytypes.Decision_Text{Text: &plenarytypes.TextDecision{
				Kind: plenarytypes.TextKind_TEXT_KIND_DECLARATION, Title: "Moscow Declaration", Language: "en", Text: "The plenary declares."}}}}))
		},
		build: func(c *apptest.Chain) envelope.Message {
			return &plenarytypes.MsgTranslate{ProposalId: 1, Language: "fr", Text: "La plénière déclare."}
		},
		executor: "bw-admin",
	},
	"/kpledger.plenary.v1.MsgWithdrawObjection": {
		setup: func(c *apptest.Chain) {
			c.MustDeliver(c.Tx("za-admin", &plenarytypes.MsgPropose{Decision: plenarytypes.Decision{Content: &plenarytypes.Decision_ImposeEmbargo{ImposeEmbargo: &plenarytypes.OriginEmbargo{Origin: "AO"}}}}))
			c.MustDeliver(c.Tx("bw-admin", &plenarytypes.MsgVote{ProposalId: 1, Option: plenarytypes.VoteOption_VOTE_OPTION_OBJECT}))
		},
		build: func(c *apptest.Chain) envelope.Message {
			return &plenarytypes.MsgWithdrawObjection{ProposalId: 1}
		},
		executor: "bw-admin",
	},
	"/kpledger.plenary.v1.MsgOpenSession": {
		setup: botswanaChairs2005,
		build: func(c *apptest.Chain) envelope.Message {
			return &plenarytypes.MsgOpenSession{Title: "Plenary meeting", Attendance: []string{"BW", "EU", "RU", "ZA"}}
		},
		executor: "bw-admin",
	},
	"/kpledger.plenary.v1.MsgCloseSession": {
		setup: func(c *apptest.Chain) {
			botswanaChairs2005(c)
			c.MustDeliver(c.Tx("bw-admin", &plenarytypes.MsgOpenSession{Title: "Plenary meeting", Attendance: []string{"BW", "EU"}}))
		},
		build: func(c *apptest.Chain) envelope.Message {
			return &plenarytypes.MsgCloseSession{SessionId: 1}
		},
		executor: "bw-admin",
	},
	"/kpledger.plenary.v1.MsgDeclareConsensus": {
		setup: func(c *apptest.Chain) {
			botswanaChairs2005(c)
			c.MustDeliver(c.Tx("bw-admin", &plenarytypes.MsgOpenSession{Title: "Plenary meeting", Attendance: []string{"BW", "EU"}}))
			c.MustDeliver(c.Tx("eu-admin", &plenarytypes.MsgPropose{SessionId: 1, Decision: plenarytypes.Decision{Content: &plenarytypes.Decision_ImposeEmbargo{ImposeEmbargo: &plenarytypes.OriginEmbargo{Origin: "AO"}}}}))
		},
		build: func(c *apptest.Chain) envelope.Message {
			return &plenarytypes.MsgDeclareConsensus{ProposalId: 2}
		},
		executor: "bw-admin",
	},
	"/kpledger.plenary.v1.MsgInviteReview": {
		build: func(c *apptest.Chain) envelope.Message {
			return &plenarytypes.MsgInviteReview{Invitation: "Botswana invites a review."}
		},
		executor: "bw-admin",
	},
	"/kpledger.plenary.v1.MsgScheduleVisit": {
		setup: func(c *apptest.Chain) {
			botswanaChairs2005(c)
			c.MustDeliver(c.Tx("za-admin", &plenarytypes.MsgInviteReview{}))
		},
		build:    func(c *apptest.Chain) envelope.Message { return visitToSouthAfrica() },
		executor: "bw-admin",
	},
	"/kpledger.plenary.v1.MsgReportVisit": {
		setup: func(c *apptest.Chain) {
			botswanaChairs2005(c)
			c.MustDeliver(c.Tx("za-admin", &plenarytypes.MsgInviteReview{}))
			c.MustDeliver(c.Tx("bw-admin", visitToSouthAfrica()))
		},
		build: func(c *apptest.Chain) envelope.Message {
			return &plenarytypes.MsgReportVisit{ReviewId: 1, Visit: 1, Report: "Visited.", Recommendations: []string{"Strengthen controls."}}
		},
		executor: "bw-admin",
	},
	"/kpledger.plenary.v1.MsgReportSteps": {
		setup: func(c *apptest.Chain) { c.MustDeliver(c.Tx("bw-admin", &plenarytypes.MsgInviteReview{})) },
		build: func(c *apptest.Chain) envelope.Message {
			return &plenarytypes.MsgReportSteps{ReviewId: 1, Text: "Botswana took steps."}
		},
		executor: "bw-admin",
	},
	"/kpledger.plenary.v1.MsgTrackRecommendation": {
		setup: func(c *apptest.Chain) {
			botswanaChairs2005(c)
			c.MustDeliver(c.Tx("za-admin", &plenarytypes.MsgInviteReview{}))
			c.MustDeliver(c.Tx("bw-admin", visitToSouthAfrica()))
			c.MustDeliver(c.Tx("bw-admin", &plenarytypes.MsgReportVisit{ReviewId: 1, Visit: 1, Report: "Visited.", Recommendations: []string{"Strengthen controls."}}))
		},
		build: func(c *apptest.Chain) envelope.Message {
			return &plenarytypes.MsgTrackRecommendation{ReviewId: 1, Number: 1, Status: plenarytypes.RecommendationStatus_RECOMMENDATION_STATUS_IN_PROGRESS}
		},
		executor: "bw-admin",
	},
	"/kpledger.certificate.v1.MsgIssue": {
		build:    apptest.Shipment("BW-2005-R1", "BW", "EU"),
		executor: "bw-issuer",
	},
	"/kpledger.certificate.v1.MsgTransfer": {
		setup: issued(apptest.Shipment("BW-2005-R2", "BW", "EU"), "bw-issuer"),
		build: func(c *apptest.Chain) envelope.Message {
			return &certtypes.MsgTransfer{Number: "BW-2005-R2", To: c.Address("bw-admin"), Carrier: "Air Botswana Cargo"}
		},
		executor: "bw-exporter",
	},
	"/kpledger.certificate.v1.MsgAttest": {
		setup: issued(apptest.Shipment("ZA-2005-R3", "ZA", "EU", apptest.Transit("BW")), "za-issuer"),
		build: func(c *apptest.Chain) envelope.Message {
			return &certtypes.MsgAttest{Number: "ZA-2005-R3", Note: "seal intact"}
		},
		executor: "bw-customs",
	},
	"/kpledger.certificate.v1.MsgConfirm": {
		setup: issued(apptest.Shipment("ZA-2005-R4", "ZA", "BW"), "za-issuer"),
		build: func(c *apptest.Chain) envelope.Message {
			return &certtypes.MsgConfirm{Number: "ZA-2005-R4", Parcels: 3, Carats: 152340, ValueUsd: 18250000}
		},
		executor: "bw-importer",
	},
	"/kpledger.certificate.v1.MsgReject": {
		setup: issued(apptest.Shipment("ZA-2005-R5", "ZA", "BW"), "za-issuer"),
		build: func(c *apptest.Chain) envelope.Message {
			return &certtypes.MsgReject{Number: "ZA-2005-R5", Reason: certtypes.RejectionReason_REJECTION_REASON_SEAL_BROKEN}
		},
		executor: "bw-customs",
	},
	"/kpledger.certificate.v1.MsgRelease": {
		setup: func(c *apptest.Chain) {
			c.DeliverOK("za-issuer", apptest.Shipment("ZA-2005-R7", "ZA", "BW")(c))
			c.DeliverOK("bw-customs", &certtypes.MsgReject{Number: "ZA-2005-R7", Reason: certtypes.RejectionReason_REJECTION_REASON_SEAL_BROKEN})
		},
		build: func(c *apptest.Chain) envelope.Message {
			return &certtypes.MsgRelease{Number: "ZA-2005-R7", Parcels: 3, Carats: 152340, ValueUsd: 18250000, Reference: "BW-GAB-2005-1"}
		},
		executor: "bw-customs",
	},
	"/kpledger.certificate.v1.MsgReseal": {
		setup: issued(apptest.Shipment("BW-2005-R8", "BW", "EU"), "bw-issuer"),
		build: func(c *apptest.Chain) envelope.Message {
			return &certtypes.MsgReseal{Number: "BW-2005-R8", Seal: "BW-SEAL-R8B", Note: "export inspection"}
		},
		executor: "bw-issuer",
	},
	"/kpledger.certificate.v1.MsgDeclareStock": {
		build: func(c *apptest.Chain) envelope.Message {
			return &certtypes.MsgDeclareStock{Origins: []string{"AO"}, Carats: 1_000_000, Reference: "BW inventory of 14 November 2005"}
		},
		executor: "bw-admin",
	},
	"/kpledger.certificate.v1.MsgVoid": {
		setup: issued(apptest.Shipment("BW-2005-R6", "BW", "EU"), "bw-issuer"),
		build: func(c *apptest.Chain) envelope.Message {
			return &certtypes.MsgVoid{Number: "BW-2005-R6", Reason: certtypes.VoidReason_VOID_REASON_PRINTER_ERROR}
		},
		executor: "bw-issuer",
	},
}

// TestOnlyAllowedRolesSign: for every message type and every role of the
// fixture (Botswana's admin, issuer, customs, exporter, importer, and the World
// Diamond Council's observer), CheckTx admits exactly the roles the message's
// route allows and refuses the others with ErrUnauthorized; the executor's
// admitted transaction then executes.
func TestOnlyAllowedRolesSign(t *testing.T) {
	router := apptest.New(t).App.MsgRouter()
	for _, url := range router.TypeURLs() {
		if _, ok := roleCases[url]; !ok {
			t.Errorf("%s has no case in roleCases", url)
		}
	}
	signers := []struct {
		key  string
		role envelope.Role
	}{{"wdc-observer", envelope.Role_ROLE_OBSERVER}}
	for _, r := range apptest.ParticipantKeyRoles {
		signers = append(signers, struct {
			key  string
			role envelope.Role
		}{apptest.KeyName("BW", r.Suffix), r.Role})
	}
	for _, url := range router.TypeURLs() {
		route, rc := router.Route(url), roleCases[url]
		if rc.build == nil {
			continue
		}
		t.Run(url[strings.LastIndex(url, ".")+1:], func(t *testing.T) {
			if route.Allows(envelope.Role_ROLE_OBSERVER) {
				t.Errorf("%s admits observers", url)
			}
			if strings.HasPrefix(url, "/kpledger.participant.v1.") && (len(route.Roles) != 1 || route.Roles[0] != envelope.Role_ROLE_ADMIN) {
				t.Errorf("%s admits %v, want admins only", url, route.Roles)
			}
			c := apptest.New(t)
			c.Block()
			if rc.setup != nil {
				rc.setup(c)
			}
			var executed []byte
			for _, s := range signers {
				tx := c.TxAt(s.key, c.Sequence(s.key), rc.build(c))
				res := c.CheckTx(tx, false)
				switch {
				case !route.Allows(s.role) && res.Code != envelope.ErrUnauthorized.Code():
					t.Errorf("%s (%s): CheckTx code %d (%s), want %d", s.key, s.role.Name(), res.Code, res.Log, envelope.ErrUnauthorized.Code())
				case route.Allows(s.role) && res.Code != 0:
					t.Errorf("%s (%s): CheckTx code %d (%s), want admitted", s.key, s.role.Name(), res.Code, res.Log)
				}
				if s.key == rc.executor {
					executed = tx
				}
			}
			if !route.Allows(roleOf(t, c, rc.executor)) {
				t.Fatalf("the executor %s may not sign %s", rc.executor, url)
			}
			if res := c.Deliver(executed); res.Code != 0 {
				t.Errorf("%s's admitted transaction does not execute: code %d (%s)", rc.executor, res.Code, res.Log)
			}
		})
	}
}

func roleOf(t *testing.T, c *apptest.Chain, key string) envelope.Role {
	for _, r := range apptest.ParticipantKeyRoles {
		if apptest.KeyName("BW", r.Suffix) == key {
			return r.Role
		}
	}
	t.Fatalf("%s is not a Botswana fixture key", key)
	return 0
}
