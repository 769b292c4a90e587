package web

import (
	"context"
	"fmt"
	"time"

	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/kpledger/kpledger/client/proof"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/format"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// healthView is the network as the latest verified header shows it: its
// height and time, and which validators signed it.
type healthView struct {
	ChainID    string `json:"chain_id"`
	Height     int64  `json:"height"`
	BlockTime  string `json:"block_time"`
	AgeSeconds int64  `json:"age_seconds"`
	// Signing are the validators of the header, in the header's order.
	Signing     []signerRow `json:"validators"`
	Signed      int         `json:"signed"`
	SignedPower int64       `json:"signed_power"`
	TotalPower  int64       `json:"total_power"`
}

type signerRow struct {
	Address     string `json:"address"`
	Participant string `json:"participant"`
	Power       int64  `json:"power"`
	Signed      bool   `json:"signed"`
}

// readHealth describes the session's header, naming each validator's
// participant from the proved validator records.
func readHealth(ctx context.Context, s *proof.Session, chainID string, now time.Time) (*healthView, error) {
	holders := map[string]string{}
	_, err := scan(ctx, s, participantPrefixed(participanttypes.ValidatorsPrefix()), maxListing, func(_, value []byte) error {
		var v participanttypes.Validator
		if err := v.Unmarshal(value); err != nil {
			return err
		}
		holders[envelope.AddressHex(envelope.AddressOf(v.PubKey))] = v.Participant
		return nil
	})
	if err != nil {
		return nil, err
	}
	h := s.Header
	view := &healthView{ChainID: chainID, Height: h.Height, BlockTime: format.Time(h.Time.Unix()),
		AgeSeconds: int64(now.Sub(h.Time) / time.Second), TotalPower: h.ValidatorSet.TotalVotingPower()}
	view.Signed, view.SignedPower = proof.Signers(h)
	for i, val := range h.ValidatorSet.Validators {
		address := fmt.Sprintf("%X", val.Address)
		view.Signing = append(view.Signing, signerRow{Address: address, Participant: holders[address], Power: val.VotingPower,
			Signed: i < len(h.Commit.Signatures) && h.Commit.Signatures[i].BlockIDFlag == cmttypes.BlockIDFlagCommit})
	}
	return view, nil
}
