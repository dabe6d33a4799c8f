package vault

import (
	"bytes"
	"crypto/ed25519"
	"testing"

	"filippo.io/edwards25519"
)

// The Montgomery → Edwards conversion is checked against the library's own
// Edwards → Montgomery map: for random scalars k, the point kB read as an
// X25519 key must be exactly what X25519(k, 9) gives, and our conversion of
// that u must be kB with its sign bit cleared.
func TestXEdDSAConversionMatchesX25519(t *testing.T) {
	for i := 0; i < 200; i++ {
		k := randomBytes(32)
		u := x25519Pub(k)
		ks, _ := new(edwards25519.Scalar).SetBytesWithClamping(k)
		e := new(edwards25519.Point).ScalarBaseMult(ks)
		if !bytes.Equal(e.BytesMontgomery(), u) {
			t.Fatalf("X25519 public key differs from kB's u-coordinate")
		}
		want := e.Bytes()
		want[31] &= 0x7f
		got, err := xeddsaPub(u)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("conversion of u: got %x, %v; want %x", got, err, want)
		}
	}
}

func TestXEdDSASignVerify(t *testing.T) {
	k := randomBytes(32)
	u := x25519Pub(k)
	msg := []byte("生成 7 的保存")
	sig, err := xeddsaSign(k, msg)
	if err != nil {
		t.Fatal(err)
	}
	if err := xeddsaVerify(u, msg, sig); err != nil {
		t.Fatalf("own signature refused: %v", err)
	}
	// A plain Ed25519 verifier accepts it with the converted key.
	pub, _ := xeddsaPub(u)
	if !ed25519.Verify(pub, msg, sig) {
		t.Fatal("crypto/ed25519 refuses the signature")
	}
	// Two signatures of the same message differ (random Z) and both verify.
	sig2, _ := xeddsaSign(k, msg)
	if bytes.Equal(sig, sig2) || xeddsaVerify(u, msg, sig2) != nil {
		t.Fatal("second signature is identical or does not verify")
	}
	for i := range sig {
		bad := append([]byte(nil), sig...)
		bad[i] ^= 1
		if xeddsaVerify(u, msg, bad) == nil {
			t.Fatalf("signature with byte %d flipped verifies", i)
		}
	}
	if xeddsaVerify(u, append(msg, 0), sig) == nil {
		t.Fatal("signature verifies for another message")
	}
	other := x25519Pub(randomBytes(32))
	if xeddsaVerify(other, msg, sig) == nil {
		t.Fatal("signature verifies under another key")
	}
}

func TestXEdDSARefusesBadKeys(t *testing.T) {
	// Small-order u values (the zero point, u = 1 → identity) and u ≥ p.
	zero := make([]byte, 32)
	one := make([]byte, 32)
	one[0] = 1
	minusOne := bytes.Repeat([]byte{0xff}, 32)
	minusOne[0] = 0xec
	minusOne[31] = 0x7f // p − 1 = −1
	p := bytes.Repeat([]byte{0xff}, 32)
	p[0] = 0xed
	p[31] = 0x7f
	high := bytes.Repeat([]byte{0xff}, 32)
	for name, u := range map[string][]byte{"zero": zero, "one": one, "minus one": minusOne, "p": p, "bit 255": high} {
		if _, err := xeddsaPub(u); err == nil {
			t.Errorf("%s: accepted as a verification key", name)
		}
	}
}
