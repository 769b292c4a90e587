package client

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/cometbft/cometbft/crypto/ed25519"

	"github.com/kpledger/kpledger/client/keyring"
)

// ResolvePubKey reads a public key given as a keyring key name or as base64.
func (c *Context) ResolvePubKey(arg string) ([]byte, error) {
	if kr, err := c.Keyring(); err == nil {
		if key, err := kr.Show(arg); err == nil {
			return key.PubKey, nil
		} else if !errors.Is(err, keyring.ErrNotFound) {
			return nil, err
		}
	}
	pub, err := base64.StdEncoding.DecodeString(arg)
	if err != nil || len(pub) != ed25519.PubKeySize {
		return nil, fmt.Errorf("%q is neither a key in %s nor a base64 ed25519 public key", arg, c.KeyringDir)
	}
	return pub, nil
}

// ResolveAddress reads an address given as a keyring key name or as hex, and
// returns its canonical upper-case hex.
func (c *Context) ResolveAddress(arg string) (string, error) {
	if kr, err := c.Keyring(); err == nil {
		if key, err := kr.Show(arg); err == nil {
			return key.Address, nil
		}
	}
	if raw, err := hex.DecodeString(arg); err == nil && len(raw) == 20 {
		return strings.ToUpper(arg), nil
	}
	return "", fmt.Errorf("%q is neither a key in %s nor a 40-digit hex address", arg, c.KeyringDir)
}
