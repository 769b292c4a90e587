package web

import (
	"context"
	"encoding/base64"
	"fmt"

	"github.com/kpledger/kpledger/client/proof"
	"github.com/kpledger/kpledger/core/envelope"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// maxListing bounds a listing the server proves for one page: each record is
// one proved read.
const maxListing = 500

// participantRow is a participant with its validator key, if it runs one.
type participantRow struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	Kind      string `json:"kind"`
	Status    string `json:"status"`
	Validator string `json:"validator_pub_key,omitempty"`
}

type observerRow struct {
	Code string `json:"code"`
	Name string `json:"name"`
	Kind string `json:"kind"`
}

type participantsView struct {
	Participants []participantRow `json:"participants"`
	Observers    []observerRow    `json:"observers"`
	More         bool             `json:"more,omitempty"`
}

// keyRow is a registered key: an officer's or an operator's.
type keyRow struct {
	Address       string `json:"address"`
	PubKey        string `json:"pub_key"`
	Name          string `json:"name"`
	Role          string `json:"role"`
	Status        string `json:"status"`
	AddedHeight   int64  `json:"added_height"`
	RevokedHeight int64  `json:"revoked_height,omitempty"`
}

type participantView struct {
	Participant participantRow `json:"participant"`
	Officers    []keyRow       `json:"officers"`
	Operators   []keyRow       `json:"operators"`
	More        bool           `json:"more,omitempty"`
}

func participantPrefixed(key []byte) []byte {
	return append([]byte{participanttypes.StorePrefix}, key...)
}

// readParticipants proves every participant and validator record, and the
// observers.
func readParticipants(ctx context.Context, s *proof.Session) (*participantsView, error) {
	validators := map[string]string{}
	more, err := scan(ctx, s, participantPrefixed(participanttypes.ValidatorsPrefix()), maxListing, func(_, value []byte) error {
		var v participanttypes.Validator
		if err := v.Unmarshal(value); err != nil {
			return err
		}
		validators[v.Participant] = base64.StdEncoding.EncodeToString(v.PubKey)
		return nil
	})
	if err != nil {
		return nil, err
	}
	view := &participantsView{More: more}
	more, err = scan(ctx, s, participantPrefixed(participanttypes.ParticipantsPrefix()), maxListing, func(_, value []byte) error {
		var p participanttypes.Participant
		if err := p.Unmarshal(value); err != nil {
			return err
		}
		view.Participants = append(view.Participants, participantRow{Code: p.Code, Name: p.Name, Kind: p.Kind.Name(), Status: p.Status.Name(),
			Validator: validators[p.Code]})
		return nil
	})
	if err != nil {
		return nil, err
	}
	view.More = view.More || more
	more, err = scan(ctx, s, participantPrefixed(participanttypes.ObserversPrefix()), maxListing, func(_, value []byte) error {
		var o participanttypes.Observer
		if err := o.Unmarshal(value); err != nil {
			return err
		}
		view.Observers = append(view.Observers, observerRow{Code: o.Code, Name: o.Name, Kind: o.Kind.Name()})
		return nil
	})
	view.More = view.More || more
	return view, err
}

// readParticipant proves a participant, its validator and every key it
// registered; found is false when the participant is proved absent.
func readParticipant(ctx context.Context, s *proof.Session, code string) (view *participantView, found bool, err error) {
	var p participanttypes.Participant
	if found, err = get(ctx, s, participantPrefixed(participanttypes.ParticipantKey(code)), &p); err != nil || !found {
		return nil, found, err
	}
	view = &participantView{Participant: participantRow{Code: p.Code, Name: p.Name, Kind: p.Kind.Name(), Status: p.Status.Name()}}
	var v participanttypes.Validator
	hasValidator, err := get(ctx, s, participantPrefixed(participanttypes.ValidatorKey(code)), &v)
	if err != nil {
		return nil, false, err
	}
	if hasValidator {
		view.Participant.Validator = base64.StdEncoding.EncodeToString(v.PubKey)
	}
	var addresses [][]byte
	index := participantPrefixed(participanttypes.ParticipantKeysPrefix(code))
	view.More, err = scan(ctx, s, index, maxListing, func(key, _ []byte) error {
		if len(key) != len(index)+envelope.AddressLength {
			return fmt.Errorf("not an index entry of %s", code)
		}
		addresses = append(addresses, key[len(index):])
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	for _, address := range addresses {
		var k participanttypes.RegisteredKey
		found, err := get(ctx, s, registeredKeyKey(address), &k)
		if err != nil {
			return nil, false, err
		}
		if !found {
			return nil, false, fmt.Errorf("%w: key %X is in %s's index but not registered", proof.ErrProof, address, code)
		}
		row := keyRow{Address: k.Address, PubKey: base64.StdEncoding.EncodeToString(k.PubKey), Name: k.Name, Role: k.Role.Name(),
			Status: k.Status.Name(), AddedHeight: k.AddedHeight, RevokedHeight: k.RevokedHeight}
		switch k.Role {
		case envelope.Role_ROLE_EXPORTER, envelope.Role_ROLE_IMPORTER:
			view.Operators = append(view.Operators, row)
		default:
			view.Officers = append(view.Officers, row)
		}
	}
	return view, true, nil
}
