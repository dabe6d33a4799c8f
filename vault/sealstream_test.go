package vault

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"testing"

	"golang.org/x/crypto/chacha20poly1305"
)

// The file sealed as it is written has the bytes the one-shot AEAD gives,
// for every length around the chunk and block boundaries, and the hash
// the signature covers.
func TestSealStreamIsTheAEAD(t *testing.T) {
	key, nonce, ad := make([]byte, 32), make([]byte, 24), make([]byte, 333)
	rand.Read(key)
	rand.Read(nonce)
	rand.Read(ad)
	aead, _ := chacha20poly1305.NewX(key)
	for _, n := range []int{0, 1, 15, 16, 17, 63, 64, 65, streamChunk - 1, streamChunk, streamChunk + 1, 3*streamChunk + 4097} {
		pt := make([]byte, n)
		rand.Read(pt)
		var got bytes.Buffer
		sum, err := sealStream(&got, key, nonce, pt, ad)
		if err != nil {
			t.Fatal(err)
		}
		want := append(append([]byte(nil), nonce...), aead.Seal(nil, nonce, pt, ad)...)
		if !bytes.Equal(got.Bytes(), want) {
			t.Fatalf("%d bytes: the stream differs from the AEAD", n)
		}
		if sum != sha256.Sum256(want) {
			t.Fatalf("%d bytes: wrong payload hash", n)
		}
	}
}

type failAfter struct{ n int }

func (w *failAfter) Write(p []byte) (int, error) {
	if w.n -= len(p); w.n < 0 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

// A write that fails stops the sealing and is reported (and the producer
// goroutine is not left waiting).
func TestSealStreamWriteError(t *testing.T) {
	pt := make([]byte, 5*streamChunk)
	if _, err := sealStream(&failAfter{n: 2 * streamChunk}, make([]byte, 32), make([]byte, 24), pt, nil); err == nil {
		t.Fatal("no error from a failing writer")
	}
}
