package e2e_test

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/cometbft/cometbft/crypto/ed25519"
	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/testutil/network"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	plenarytypes "github.com/kpledger/kpledger/x/plenary/types"
)

// TestPlenaryAdmitsIndonesia: four validators (BW, EU, ZA, RU) admit
// Indonesia (2005) by consensus, whose node was started as a full node before
// the proposal closed; its validator then signs blocks. Suspended (by
// itself), its signatures no longer count and certificates to it are
// refused; reinstated by the plenary, it signs again.
func TestPlenaryAdmitsIndonesia(t *testing.T) {
	c := network.New(t, network.Options{Validators: 4, SpareNodes: 1})
	c.StartAll()
	c.WaitAll(2)

	// Indonesia's node: a full node first.
	id := c.AddNode("ID")
	c.Start(id)
	h, _ := c.Height(0)
	c.WaitHeight(id, h)
	validatorPub := validatorKey(t, c, id)
	idAddress := ed25519.PubKey(validatorPub).Address()
	kr := []string{"--keyring-dir", c.Network.KeyringDir}
	if out, err := c.KPD(append([]string{"keys", "add", "id-admin"}, kr...)...); err != nil {
		t.Fatalf("keys add: %v %s", err, out)
	}
	admin := mustPubKey(t, c, "id-admin")

	tx := func(node int, signer string, msg envelope.Message) int64 {
		t.Helper()
		return mustTx(t, c, node, signer, msg)
	}
	decide := func(d plenarytypes.Decision) int64 { t.Helper(); return decide(t, c, d) }

	// Admission: unanimous, so it executes in the block of the last vote;
	// the validator joins two blocks later and signs from then on.
	admitted := admitIndonesia(t, c, admin, validatorPub)
	wantSigner(t, c, idAddress, admitted+3, true)

	// Indonesia licenses an importer; Botswana ships to it.
	if out, err := c.KPD(append([]string{"keys", "add", "id-importer"}, kr...)...); err != nil {
		t.Fatalf("keys add: %v %s", err, out)
	}
	tx(id, "id-admin", &participanttypes.MsgAddOperator{PubKey: mustPubKey(t, c, "id-importer"), Role: envelope.Role_ROLE_IMPORTER, Name: "PT Intan Jakarta"})
	shipment := func(number string) *certtypes.MsgIssue {
		address := func(key string) string {
			a, err := c.Client(0).ResolveAddress(key)
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		return &certtypes.MsgIssue{
			Number: number, Origin: "BW", Destination: "ID", Exporter: address("bw-exporter"), Importer: address("id-importer"),
			Carats: 50000, OwnProductionCarats: 50000, ValueUsd: 4000000, Parcels: 1, HsCode: "7102.31", ExpiresAt: time.Now().Add(30 * 24 * time.Hour).Unix(),
		}
	}
	tx(0, "bw-issuer", shipment("BW-2005-ID1"))

	// Indonesia suspends itself (unilateral, at once): the validator leaves
	// the set, its signatures stop counting, and certificates to Indonesia
	// are refused.
	suspended := tx(id, "id-admin", &plenarytypes.MsgPropose{Decision: plenarytypes.Decision{Content: &plenarytypes.Decision_Suspend{Suspend: &plenarytypes.ParticipantAction{Code: "ID"}}}})
	wantSigner(t, c, idAddress, suspended+3, false)
	res, err := c.Tx(0, "bw-issuer", shipment("BW-2005-ID2"))
	if err != nil || res.Code != certtypes.ErrDestinationNotActive.Code() {
		t.Fatalf("a certificate to suspended Indonesia: %v %+v", err, res)
	}

	// Reinstatement: it signs again.
	reinstated := decide(plenarytypes.Decision{Content: &plenarytypes.Decision_Reinstate{Reinstate: &plenarytypes.ParticipantAction{Code: "ID"}}})
	wantSigner(t, c, idAddress, reinstated+3, true)
	tx(0, "bw-issuer", shipment("BW-2005-ID3"))

	top, _ := c.Height(0)
	c.SameAppHashes([]int{0, 1, 2, 3, id}, top)
	sameOperators(t, c, []int{0, 1, 2, 3, id})
}

// mustTx sends a transaction through a node and fails the test unless it
// commits with code 0; it returns its height.
func mustTx(t *testing.T, c *network.Cluster, node int, signer string, msg envelope.Message) int64 {
	t.Helper()
	res, err := c.Tx(node, signer, msg)
	if err != nil || res.Code != 0 {
		t.Fatalf("%s via node%d: %v %+v", signer, node, err, res)
	}
	return res.Height
}

// decide has BW put a decision and the four validators' participants join
// it, each through its own node; it executes in the block of the last
// position, whose height decide returns. A membership decision fails there
// when a validator's precommit missed the previous block's commit (the
// safety rule of DESIGN §3, on a loaded machine): it is then put again, at
// most three times.
func decide(t *testing.T, c *network.Cluster, d plenarytypes.Decision) int64 {
	t.Helper()
	for attempt := 1; ; attempt++ {
		mustTx(t, c, 0, "bw-admin", &plenarytypes.MsgPropose{Decision: d, Rationale: "network test"})
		id := lastProposal(t, c)
		var passed int64
		for i, voter := range []string{"bw-admin", "eu-admin", "za-admin", "ru-admin"} {
			passed = mustTx(t, c, i, voter, &plenarytypes.MsgVote{ProposalId: id, Option: plenarytypes.VoteOption_VOTE_OPTION_JOIN})
		}
		c.WaitHeight(0, passed)
		var resp plenarytypes.QueryProposalResponse
		if _, err := c.Client(0).Query(context.Background(), plenarytypes.QueryProposal, &plenarytypes.QueryProposalRequest{Id: id}, &resp); err != nil {
			t.Fatal(err)
		}
		p := resp.Proposal
		switch {
		case p.Status == plenarytypes.ProposalStatus_PROPOSAL_STATUS_PASSED:
			return passed // the block of the last position executed the decision
		case p.FailureCode == plenarytypes.ErrValidatorSafety.Code() && attempt < 3:
			t.Logf("proposal %d failed the validator-safety rule (a late precommit); putting it again", id)
		default:
			t.Fatalf("proposal %d %s: %s", id, p.Status.Name(), p.Outcome)
		}
	}
}

// admitIndonesia has the plenary admit Indonesia with its admin officer's key
// and its node's validator key; it returns the height of the decision.
func admitIndonesia(t *testing.T, c *network.Cluster, admin, validatorPub []byte) int64 {
	t.Helper()
	return decide(t, c, plenarytypes.Decision{Content: &plenarytypes.Decision_Admit{Admit: &plenarytypes.Admit{
		Code: "ID", Name: "Indonesia", Kind: participanttypes.ParticipantKind_PARTICIPANT_KIND_COUNTRY,
		AdminPubKey: admin, AdminName: "Director of Mineral Resources", ValidatorPubKey: validatorPub,
	}}})
}

// validatorKey reads a node's validator public key with `kpd comet
// show-validator`.
func validatorKey(t *testing.T, c *network.Cluster, node int) []byte {
	t.Helper()
	out, err := c.KPD("comet", "show-validator", "--home", c.Node(node).Home)
	if err != nil {
		t.Fatalf("show-validator: %v %s", err, out)
	}
	pub, err := base64.StdEncoding.DecodeString(strings.TrimSpace(out))
	if err != nil {
		t.Fatal(err)
	}
	return pub
}

func mustPubKey(t *testing.T, c *network.Cluster, name string) []byte {
	t.Helper()
	kr, err := c.Client(0).Keyring()
	if err != nil {
		t.Fatal(err)
	}
	key, err := kr.Show(name)
	if err != nil {
		t.Fatal(err)
	}
	return key.PubKey
}

func lastProposal(t *testing.T, c *network.Cluster) uint64 {
	t.Helper()
	var resp plenarytypes.QueryProposalsResponse
	if _, err := c.Client(0).Query(context.Background(), "/kpledger.plenary.v1.Query/Proposals", &plenarytypes.QueryProposalsRequest{Limit: 1}, &resp); err != nil || len(resp.Proposals) == 0 {
		t.Fatalf("proposals: %v", err)
	}
	return resp.Proposals[0].Id
}

// wantSigner checks whether the validator is in the set at height and
// whether its signature counts. A new validator's precommit can reach the
// proposer after +2/3 of the others did, so a member must sign a commit
// within a few heights of joining, not necessarily the first one; a
// non-member's signature is never in a commit.
func wantSigner(t *testing.T, c *network.Cluster, address []byte, height int64, signs bool) {
	t.Helper()
	ctx := context.Background()
	rpc := c.RPC(0)
	c.WaitHeight(0, height+1)
	vals, err := rpc.Validators(ctx, &height, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	inSet := false
	for _, v := range vals.Validators {
		inSet = inSet || string(v.Address) == string(address)
	}
	const window = 6
	signedAt := int64(0)
	for h := height; h < height+window && signedAt == 0; h++ {
		c.WaitHeight(0, h+1)
		commit, err := rpc.Commit(ctx, &h)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range commit.Commit.Signatures {
			if string(s.ValidatorAddress) == string(address) && s.BlockIDFlag == cmttypes.BlockIDFlagCommit {
				signedAt = h
			}
		}
		if !signs {
			break // a non-member: its absence from the first commit is the check
		}
	}
	if inSet != signs || (signedAt != 0) != signs {
		t.Fatalf("height %d: validator %X in the set %v, signed a commit in [%d, %d) at %d; want %v (set of %d)",
			height, address, inSet, height, height+window, signedAt, signs, len(vals.Validators))
	}
}
