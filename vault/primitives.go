package vault

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"unsafe"

	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/crypto/curve25519"
	"golang.org/x/crypto/hkdf"
)

// Domain-separation labels for HKDF. Each derived key has exactly one use.
const (
	infoSlotWrap   = "beianledger/v1 slot wrap"
	infoPassphrase = "beianledger/v1 passphrase slot"
	infoRecovery   = "beianledger/v1 recovery slot"
	infoHeaderMAC  = "beianledger/v1 header mac"
	infoPayload    = "beianledger/v1 payload"
	infoFieldWrap  = "beianledger/v1 field key wrap"
	infoIdentity   = "beianledger/v1 identity file"
)

func randomBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := io.ReadFull(rand.Reader, b); err != nil {
		// crypto/rand never fails on supported platforms (Go ≥ 1.24 panics
		// itself); a vault without randomness must not be written.
		panic("vault: crypto/rand failed: " + err.Error())
	}
	return b
}

// hkdfKey derives a 32-byte key from ikm for one purpose.
func hkdfKey(ikm, salt []byte, info string) []byte {
	out := make([]byte, 32)
	if _, err := io.ReadFull(hkdf.New(sha256.New, ikm, salt, []byte(info)), out); err != nil {
		panic("vault: hkdf: " + err.Error()) // cannot happen for 32 bytes
	}
	return out
}

// seal encrypts with XChaCha20-Poly1305 and a fresh random nonce, returning
// nonce‖ciphertext‖tag. A random 192-bit nonce per message makes nonce reuse
// negligible even for keys that seal many values (field keys).
func seal(key, plaintext, ad []byte) []byte {
	return sealAfter(nil, key, plaintext, ad)
}

// sealAfter is seal writing nonce‖ciphertext after prefix, in one
// allocation: the payload of a vault is tens of megabytes at 10,000 sites
// and must not be copied again to put the header in front.
func sealAfter(prefix, key, plaintext, ad []byte) []byte {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		panic("vault: aead key: " + err.Error())
	}
	nonce := randomBytes(chacha20poly1305.NonceSizeX)
	out := make([]byte, 0, len(prefix)+len(nonce)+len(plaintext)+aead.Overhead())
	adviseHuge(out)
	out = append(append(out, prefix...), nonce...)
	return aead.Seal(out, nonce, plaintext, ad)
}

var errAuth = errors.New("authentication failed")

// open reverses seal. The only error is errAuth.
func open(key, sealed, ad []byte) ([]byte, error) {
	return openInPlace(key, append([]byte(nil), sealed...), ad)
}

func mac(key []byte, parts ...[]byte) []byte {
	h := hmac.New(sha256.New, key)
	for _, p := range parts {
		h.Write(p)
	}
	return h.Sum(nil)
}

// x25519Pub returns the public key for a 32-byte scalar.
func x25519Pub(sk []byte) []byte {
	pk, err := curve25519.X25519(sk, curve25519.Basepoint)
	if err != nil {
		panic("vault: x25519 base mult: " + err.Error()) // cannot fail with the base point
	}
	return pk
}

// wrapTo seals the master key to a slot's public key, age style: a fresh
// ephemeral key pair, ECDH, HKDF over the shared secret salted with both
// public keys, then XChaCha20-Poly1305. Because only the public key is
// needed, the master key can be re-wrapped for every remaining slot when it
// is rotated, without anyone's passphrase.
func wrapTo(pk, master, ad []byte) (ephPub, wrapped []byte, err error) {
	eph := randomBytes(32)
	defer wipe(eph)
	ephPub = x25519Pub(eph)
	shared, err := curve25519.X25519(eph, pk)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: recipient key is a low-order point", ErrBadIdentity)
	}
	defer wipe(shared)
	k := hkdfKey(shared, append(append([]byte{}, ephPub...), pk...), infoSlotWrap)
	defer wipe(k)
	return ephPub, seal(k, master, ad), nil
}

// unwrapWith reverses wrapTo with the slot's secret scalar.
func unwrapWith(sk, ephPub, pk, wrapped, ad []byte) ([]byte, error) {
	shared, err := curve25519.X25519(sk, ephPub)
	if err != nil {
		return nil, errAuth
	}
	defer wipe(shared)
	k := hkdfKey(shared, append(append([]byte{}, ephPub...), pk...), infoSlotWrap)
	defer wipe(k)
	return open(k, wrapped, ad)
}

// wipe zeroes b. Go may have copied it elsewhere; this only shortens the
// life of the copy we own.
func wipe(b []byte) {
	for i := range b {
		b[i] = 0
	}
}

// openInPlace is open, but decrypts into the ciphertext's own buffer (which
// it destroys) so that opening a large vault needs no second copy.
func openInPlace(key, sealed, ad []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, err
	}
	if len(sealed) < aead.NonceSize()+aead.Overhead() {
		return nil, errAuth
	}
	nonce, ct := sealed[:aead.NonceSize()], sealed[aead.NonceSize():]
	pt, err := aead.Open(ct[:0], nonce, ct, ad)
	if err != nil {
		return nil, errAuth
	}
	return pt, nil
}

// adviseHuge advises b's memory for huge pages when it is a whole file's
// worth: fresh memory is then made resident 2 MiB at a time rather than
// one 4 KiB fault at a time (see hugePages).
func adviseHuge(b []byte) {
	if cap(b) >= 4<<20 {
		hugePages(uintptr(unsafe.Pointer(unsafe.SliceData(b[:cap(b)]))), cap(b))
	}
}

// hugeClone is a copy of b, in huge pages when large (see adviseHuge).
func hugeClone(b []byte) []byte {
	out := make([]byte, len(b))
	adviseHuge(out)
	copy(out, b)
	return out
}
