package proof

import (
	"bytes"
	"context"
	"fmt"

	cmttypes "github.com/cometbft/cometbft/types"
	ics23 "github.com/cosmos/ics23/go"
)

// Session proves keys of the state at one height against one header the
// light client verified: what a page that shows several records needs, so
// that they are all of the same state and the header is verified once.
type Session struct {
	// Height is the state's height; Header the verified light block of
	// Height+1, whose app hash proves it.
	Height int64
	Header *cmttypes.LightBlock

	node      Node
	witnessed bool
}

// Session verifies the header of the node's latest block and returns a
// session over the state of the height before it.
func (v *Verifier) Session(ctx context.Context) (*Session, error) {
	latest, err := v.Node.LatestHeight(ctx)
	if err != nil {
		return nil, fmt.Errorf("%w: latest height: %v", ErrNode, err)
	}
	height := latest - 1 // the app hash of height H is in header H+1
	if height < 1 {
		return nil, fmt.Errorf("%w: the chain has %d blocks, a proof needs two", ErrNode, latest)
	}
	header, err := v.verifyHeader(ctx, height+1)
	if err != nil {
		return nil, err
	}
	return &Session{Height: height, Header: header, node: v.Node, witnessed: len(v.Witnesses) > 0}, nil
}

// Witnessed reports whether witness nodes, besides the node read, served
// the same headers.
func (s *Session) Witnessed() bool { return s.witnessed }

// Get proves a key's value, or its absence (Value nil).
func (s *Session) Get(ctx context.Context, key []byte) (*Proved, error) {
	p, _, err := s.prove(ctx, key)
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// prove asks the node for a key at the session's height and checks the
// answer against the header's app hash; it returns the proof too.
func (s *Session) prove(ctx context.Context, key []byte) (Proved, []byte, error) {
	value, proofBytes, answered, err := s.node.ProveKey(ctx, key, s.Height)
	if err != nil {
		return Proved{}, nil, fmt.Errorf("%w: %v", ErrNode, err)
	}
	if answered != s.Height {
		return Proved{}, nil, fmt.Errorf("%w: asked for height %d, answered for %d", ErrNode, s.Height, answered)
	}
	if err := CheckProof(s.Header.AppHash, s.Height, key, value, proofBytes); err != nil {
		return Proved{}, nil, err
	}
	return s.proved(key, value), proofBytes, nil
}

// proved is a key and its value as proved in the session.
func (s *Session) proved(key, value []byte) Proved {
	p := Proved{Key: key, Value: value, Height: s.Height, AppHash: s.Header.AppHash, HeaderTime: s.Header.Time,
		VerifiedByWitness: s.witnessed}
	p.Signed, p.SignedPower = Signers(s.Header)
	p.Validators, p.TotalPower = s.Header.ValidatorSet.Size(), s.Header.ValidatorSet.TotalVotingPower()
	return p
}

// Scan proves every key under prefix, in key order, at most limit of them
// (more reports that the range goes on), and that no other key lies between
// them: a node cannot hide a record of a listing. It walks the range one key
// at a time: the proof that the key just after a record (the record's key
// followed by a zero byte) is absent holds that key's right neighbour in the
// tree, with its value, and ICS23 checks the two are neighbours.
func (s *Session) Scan(ctx context.Context, prefix []byte, limit int) (records []Proved, more bool, err error) {
	cursor := append([]byte(nil), prefix...)
	for {
		value, proofBytes, answered, err := s.node.ProveKey(ctx, cursor, s.Height)
		if err != nil {
			return nil, false, fmt.Errorf("%w: %v", ErrNode, err)
		}
		if answered != s.Height {
			return nil, false, fmt.Errorf("%w: asked for height %d, answered for %d", ErrNode, s.Height, answered)
		}
		if err := CheckProof(s.Header.AppHash, s.Height, cursor, value, proofBytes); err != nil {
			return nil, false, err
		}
		key := cursor
		if value == nil {
			if key, value, err = rightNeighbour(cursor, proofBytes); err != nil {
				return nil, false, err
			}
			if key == nil || !bytes.HasPrefix(key, prefix) {
				return records, false, nil
			}
		}
		if len(records) == limit {
			return records, true, nil
		}
		records = append(records, s.proved(key, value))
		cursor = append(append([]byte(nil), key...), 0x00) // the first key after it
	}
}

// rightNeighbour is the key after an absent key, and its value, as its
// non-existence proof (already checked) holds them; nil at the end of the
// state.
func rightNeighbour(key, proofBytes []byte) ([]byte, []byte, error) {
	var cp ics23.CommitmentProof
	if err := cp.Unmarshal(proofBytes); err != nil {
		return nil, nil, fmt.Errorf("%w: undecodable proof: %v", ErrProof, err)
	}
	nonexist := ics23.Decompress(&cp).GetNonexist()
	if nonexist == nil || !bytes.Equal(nonexist.Key, key) {
		// A batch could prove the absence and hide the neighbour.
		return nil, nil, fmt.Errorf("%w: the absence of key %X is not proved by its neighbours", ErrProof, key)
	}
	if nonexist.Right == nil {
		return nil, nil, nil
	}
	return nonexist.Right.Key, nonexist.Right.Value, nil
}
