package e2e_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cmtproto "github.com/cometbft/cometbft/api/cometbft/types/v1"
	cmtjson "github.com/cometbft/cometbft/libs/json"
	"github.com/cometbft/cometbft/privval"
	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/kpledger/kpledger/testutil/network"
)

// TestRemoteSigner: one validator's key moves out of its node's home into a
// remote signer (`kpd signer`); the node runs with priv_validator_laddr and no
// key file and its validator signs blocks. The signer and the node are
// killed and restarted: the validator signs again, no block holds evidence of
// a double sign, and the signer's state refuses a second, different vote for
// the height, round and step it signed last.
func TestRemoteSigner(t *testing.T) {
	c := network.New(t, network.Options{Validators: 4})
	const v = 3
	home := c.Node(v).Home
	signerHome := filepath.Join(c.Dir, "signer3")
	for _, f := range []string{"config/priv_validator_key.json", "data/priv_validator_state.json"} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(signerHome, f)), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(filepath.Join(home, f), filepath.Join(signerHome, f)); err != nil {
			t.Fatal(err)
		}
	}
	laddr := "tcp://" + freeAddress(t)
	config := filepath.Join(home, "config", "config.toml")
	bz, err := os.ReadFile(config)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(config, []byte(strings.Replace(string(bz), `priv_validator_laddr = ""`, fmt.Sprintf("priv_validator_laddr = %q", laddr), 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	address := validatorAddress(t, signerHome)
	signer := func() *network.Process {
		return c.Spawn("signer3", "signer", "--home", signerHome, "--addr", laddr, "--chain-id", c.Network.ChainID)
	}

	s := signer()
	c.StartAll()
	c.WaitAll(2)
	h, _ := c.Height(0)
	wantSigner(t, c, address, h, true)

	// The signer and its node die at once; the other three go on.
	s.Kill()
	c.Kill(v)
	h, _ = c.Height(0)
	c.WaitHeight(0, h+3)
	s = signer()
	c.Start(v)
	h, _ = c.Height(0)
	c.WaitHeight(v, h)
	wantSigner(t, c, address, h+1, true)

	// No double sign: no block holds evidence.
	top, _ := c.Height(0)
	rpc := c.RPC(0)
	for height := int64(1); height <= top; height++ {
		block, err := rpc.Block(context.Background(), &height)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(block.Block.Evidence.Evidence); n > 0 {
			t.Fatalf("block %d holds %d pieces of evidence: %v", height, n, block.Block.Evidence.Evidence)
		}
	}

	// The signer's protection state: with the signer stopped, its key
	// refuses a vote for the last height, round and step it signed that
	// differs from the one it signed.
	s.Kill()
	c.Kill(v)
	var state privval.FilePVLastSignState
	stateBytes, err := os.ReadFile(filepath.Join(signerHome, "data", "priv_validator_state.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := cmtjson.Unmarshal(stateBytes, &state); err != nil {
		t.Fatal(err)
	}
	if state.Height <= h || state.Step == 0 {
		t.Fatalf("the signer's state: last signed %d/%d/%d, not after the restart at %d", state.Height, state.Round, state.Step, h)
	}
	pv := privval.LoadFilePV(filepath.Join(signerHome, "config", "priv_validator_key.json"), filepath.Join(signerHome, "data", "priv_validator_state.json"))
	other := cmtproto.BlockID{Hash: make([]byte, 32), PartSetHeader: cmtproto.PartSetHeader{Total: 1, Hash: make([]byte, 32)}}
	if state.Step == 1 { // a proposal
		err = pv.SignProposal(c.Network.ChainID, &cmtproto.Proposal{Type: cmtproto.ProposalType, Height: state.Height, Round: state.Round,
			PolRound: -1, BlockID: other, Timestamp: time.Now()})
	} else {
		err = pv.SignVote(c.Network.ChainID, &cmtproto.Vote{Type: voteType(state.Step), Height: state.Height, Round: state.Round,
			BlockID: other, Timestamp: time.Now(), ValidatorAddress: address}, false)
	}
	if err == nil || !strings.Contains(err.Error(), "conflicting data") {
		t.Fatalf("a second vote at %d/%d/%d for another block: %v", state.Height, state.Round, state.Step, err)
	}
}

// voteType is the vote of a privval step (2 prevote, 3 precommit).
func voteType(step int8) cmtproto.SignedMsgType {
	if step == 3 {
		return cmtproto.PrecommitType
	}
	return cmtproto.PrevoteType
}

// freeAddress is a loopback address no one listens on.
func freeAddress(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// validatorAddress reads the address of a signer home's validator key.
func validatorAddress(t *testing.T, signerHome string) cmttypes.Address {
	t.Helper()
	pv := privval.LoadFilePVEmptyState(filepath.Join(signerHome, "config", "priv_validator_key.json"), "")
	return pv.GetAddress()
}
