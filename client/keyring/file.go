package keyring

import (
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"

	"github.com/cometbft/cometbft/crypto/ed25519"
	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"
)

// Argon2id parameters of new sealed keys (RFC 9106's second recommended
// option: 3 passes over 64 MiB). They are stored with each key, so stronger
// parameters later do not strand old keys.
const (
	argonTime     = 3
	argonMemory   = 64 * 1024 // KiB
	argonThreads  = 2
	minPassphrase = 8
)

// sealedKey is a private key encrypted under a passphrase-derived key.
type sealedKey struct {
	KDF        string `json:"kdf"`
	Salt       []byte `json:"salt"`
	Time       uint32 `json:"time"`
	Memory     uint32 `json:"memory_kib"`
	Threads    uint8  `json:"threads"`
	Cipher     string `json:"cipher"`
	Nonce      []byte `json:"nonce"`
	Ciphertext []byte `json:"ciphertext"`
}

// errWrongPassphrase hides whether the passphrase or the file is wrong.
var errWrongPassphrase = errors.New("wrong passphrase or damaged key file")

func seal(priv ed25519.PrivKey, passphrase string) (*sealedKey, error) {
	if len(passphrase) < minPassphrase {
		return nil, fmt.Errorf("passphrase too short: at least %d characters", minPassphrase)
	}
	s := &sealedKey{KDF: "argon2id", Time: argonTime, Memory: argonMemory, Threads: argonThreads, Cipher: "xchacha20-poly1305"}
	s.Salt = make([]byte, 16)
	s.Nonce = make([]byte, chacha20poly1305.NonceSizeX)
	if _, err := rand.Read(s.Salt); err != nil {
		return nil, err
	}
	if _, err := rand.Read(s.Nonce); err != nil {
		return nil, err
	}
	aead, err := s.aead(passphrase)
	if err != nil {
		return nil, err
	}
	s.Ciphertext = aead.Seal(nil, s.Nonce, priv, s.associated(priv.PubKey().Bytes()))
	return s, nil
}

// open decrypts a sealed key; the public key is authenticated as associated
// data, so a sealed key cannot be re-labelled with another public key.
func open(s *sealedKey, passphrase string, pubKey []byte) (ed25519.PrivKey, error) {
	if s.KDF != "argon2id" || s.Cipher != "xchacha20-poly1305" {
		return nil, fmt.Errorf("unsupported key sealing %s/%s", s.KDF, s.Cipher)
	}
	if len(s.Nonce) != chacha20poly1305.NonceSizeX || s.Time == 0 || s.Memory == 0 || s.Threads == 0 {
		return nil, errWrongPassphrase
	}
	aead, err := s.aead(passphrase)
	if err != nil {
		return nil, err
	}
	if len(s.Ciphertext) != ed25519.PrivateKeySize+aead.Overhead() {
		return nil, errWrongPassphrase
	}
	plain, err := aead.Open(nil, s.Nonce, s.Ciphertext, s.associated(pubKey))
	if err != nil {
		return nil, errWrongPassphrase
	}
	return plain, nil
}

func (s *sealedKey) aead(passphrase string) (cipher.AEAD, error) {
	key := argon2.IDKey([]byte(passphrase), s.Salt, s.Time, s.Memory, s.Threads, chacha20poly1305.KeySize)
	return chacha20poly1305.NewX(key)
}

func (s *sealedKey) associated(pubKey []byte) []byte {
	return append([]byte("kpledger keyring v1 "), pubKey...)
}
