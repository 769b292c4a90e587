package bench

import (
	"crypto/sha256"
	"fmt"
	"time"

	"github.com/cometbft/cometbft/crypto/ed25519"
)

// Ed25519 is this machine's signature verification rate on one core, for
// reference: every kpledger transaction and every commit signature costs one.
type Ed25519 struct {
	SinglePerSecond float64 `json:"single_per_s"`
	// BatchPerSecond verifies batches of BatchSize with CometBFT's batch
	// verifier (the one commit verification uses).
	BatchPerSecond float64 `json:"batch_per_s"`
	BatchSize      int     `json:"batch_size"`
}

// MeasureEd25519 verifies signatures of 200-byte messages (about a
// kpledger transaction body) for about d each way.
func MeasureEd25519(d time.Duration) (Ed25519, error) {
	const keys, batchSize = 64, 64
	type signed struct {
		pub      ed25519.PubKey
		msg, sig []byte
	}
	var sigs []signed
	for i := 0; i < keys; i++ {
		key := ed25519.GenPrivKeyFromSecret([]byte(fmt.Sprintf("ed25519 bench %d", i)))
		msg := make([]byte, 200)
		h := sha256.Sum256([]byte{byte(i)})
		copy(msg, h[:])
		sig, err := key.Sign(msg)
		if err != nil {
			return Ed25519{}, err
		}
		sigs = append(sigs, signed{key.PubKey().(ed25519.PubKey), msg, sig})
	}
	r := Ed25519{BatchSize: batchSize}
	n, start := 0, time.Now()
	for time.Since(start) < d {
		s := sigs[n%keys]
		if !s.pub.VerifySignature(s.msg, s.sig) {
			return r, fmt.Errorf("ed25519: a valid signature did not verify")
		}
		n++
	}
	r.SinglePerSecond = float64(n) / time.Since(start).Seconds()
	n, start = 0, time.Now()
	for time.Since(start) < d {
		bv := ed25519.NewBatchVerifier()
		for _, s := range sigs[:batchSize] {
			if err := bv.Add(s.pub, s.msg, s.sig); err != nil {
				return r, err
			}
		}
		if ok, _ := bv.Verify(); !ok {
			return r, fmt.Errorf("ed25519: a valid batch did not verify")
		}
		n += batchSize
	}
	r.BatchPerSecond = float64(n) / time.Since(start).Seconds()
	return r, nil
}
