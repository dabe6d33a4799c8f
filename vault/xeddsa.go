package vault

import (
	"crypto/ed25519"
	"crypto/sha512"
	"errors"

	"filippo.io/edwards25519"
	"filippo.io/edwards25519/field"
)

// Saves are signed with XEdDSA (Signal's "XEdDSA and VXEdDSA" specification,
// revision 1, 2016): an Ed25519-compatible signature made with an X25519
// private key and checked against the X25519 public key. Every key slot
// already holds an X25519 public key whose secret only the slot's way in
// yields (docs/vault-format.md), so every slot can sign and every reader can
// check a signature without any new key material: existing vaults and
// existing recipient strings (blr1…) keep working, and a master-key rotation
// changes no signing key.
//
// Verification converts the Montgomery u-coordinate to the Edwards point
// with sign bit 0 and runs standard Ed25519 verification (RFC 8032) against
// it, so an independent reader needs only an Ed25519 verifier and one field
// inversion.

const sigLen = ed25519.SignatureSize

var errBadSignature = errors.New("signature does not verify")

// xeddsaPub returns the Ed25519 public key that verifies XEdDSA signatures
// of the X25519 public key u, or an error if u is not acceptable: not
// canonical (u ≥ p), not a point on the curve, or of small order.
func xeddsaPub(u []byte) ([]byte, error) {
	if len(u) != 32 || u[31]&0x80 != 0 {
		return nil, errBadSignature
	}
	var fu field.Element
	if _, err := fu.SetBytes(u); err != nil {
		return nil, errBadSignature
	}
	if string(fu.Bytes()) != string(u) { // u ≥ p
		return nil, errBadSignature
	}
	// y = (u − 1) / (u + 1); the sign of x is 0.
	one := new(field.Element).One()
	num := new(field.Element).Subtract(&fu, one)
	den := new(field.Element).Add(&fu, one)
	if den.Equal(new(field.Element).Zero()) == 1 {
		return nil, errBadSignature // u = −1 has no Edwards image
	}
	y := new(field.Element).Multiply(num, new(field.Element).Invert(den))
	a := y.Bytes() // bit 255 (the x sign) is 0
	p, err := new(edwards25519.Point).SetBytes(a)
	if err != nil {
		return nil, errBadSignature
	}
	if new(edwards25519.Point).MultByCofactor(p).Equal(edwards25519.NewIdentityPoint()) == 1 {
		return nil, errBadSignature // small order: anyone could "sign"
	}
	return a, nil
}

// xeddsaSign signs msg with the X25519 secret scalar k (clamped as X25519
// clamps it), following the specification's xeddsa_sign with 64 random
// bytes Z.
func xeddsaSign(k, msg []byte) ([]byte, error) {
	ks, err := new(edwards25519.Scalar).SetBytesWithClamping(k)
	if err != nil {
		return nil, err
	}
	// calculate_key_pair: E = kB; A = E with sign bit 0, a = ±k to match.
	e := new(edwards25519.Point).ScalarBaseMult(ks)
	eb := e.Bytes()
	a := ks
	if eb[31]&0x80 != 0 {
		a = new(edwards25519.Scalar).Negate(ks)
	}
	pub := append([]byte(nil), eb...)
	pub[31] &= 0x7f
	// r = hash1(a ‖ M ‖ Z) mod q, hash1 prefixing 2^256 − 2 (0xFE, 31 × 0xFF).
	z := randomBytes(64)
	h1 := sha512.New()
	prefix := make([]byte, 32)
	for i := range prefix {
		prefix[i] = 0xff
	}
	prefix[0] = 0xfe
	h1.Write(prefix)
	ab := a.Bytes()
	h1.Write(ab)
	h1.Write(msg)
	h1.Write(z)
	wipe(ab)
	wipe(z)
	r, err := new(edwards25519.Scalar).SetUniformBytes(h1.Sum(nil))
	if err != nil {
		return nil, err
	}
	rb := new(edwards25519.Point).ScalarBaseMult(r).Bytes()
	// h = SHA-512(R ‖ A ‖ M) mod q; s = r + h·a mod q.
	h2 := sha512.New()
	h2.Write(rb)
	h2.Write(pub)
	h2.Write(msg)
	hs, err := new(edwards25519.Scalar).SetUniformBytes(h2.Sum(nil))
	if err != nil {
		return nil, err
	}
	s := new(edwards25519.Scalar).MultiplyAdd(hs, a, r)
	return append(rb, s.Bytes()...), nil
}

// xeddsaVerify checks sig over msg against the X25519 public key u.
func xeddsaVerify(u, msg, sig []byte) error {
	pub, err := xeddsaPub(u)
	if err != nil {
		return err
	}
	if len(sig) != sigLen || !ed25519.Verify(pub, msg, sig) {
		return errBadSignature
	}
	return nil
}
