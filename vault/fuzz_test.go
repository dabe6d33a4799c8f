package vault

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// seedFile makes a real small vault file for the fuzz corpus.
func seedFile(f *testing.F) []byte {
	p := filepath.Join(f.TempDir(), "seed.beianvault")
	v, err := Create(p, NewPassphrase([]byte("seed"), TestKDF), "种子 seed", Options{KeepBackups: -1})
	if err != nil {
		f.Fatal(err)
	}
	v.AddKey(NewRecoveryKey(), "recovery")
	v.AddRecipient(GenerateIdentity().Recipient(), "contact")
	v.Lock()
	data, err := os.ReadFile(p)
	if err != nil {
		f.Fatal(err)
	}
	return data
}

// FuzzParseHeader: any bytes give a header or an error, never a panic, and
// a header that parses re-encodes to exactly the bytes it came from.
func FuzzParseHeader(f *testing.F) {
	data := seedFile(f)
	_, off, _ := parseHeader(data)
	f.Add(data[:off+nonceLen+tagLen])
	f.Fuzz(func(t *testing.T, b []byte) {
		h, off, err := parseHeader(b)
		if err != nil {
			return
		}
		if !bytes.Equal(h.encode(), b[:off]) {
			t.Fatalf("header does not re-encode to its bytes")
		}
	})
}

// FuzzParseSlot: slot bodies of any shape.
func FuzzParseSlot(f *testing.F) {
	data := seedFile(f)
	h, _, err := parseHeader(data)
	if err != nil {
		f.Fatal(err)
	}
	for i := range h.Slots {
		var b bytes.Buffer
		h.Slots[i].encode(&b)
		f.Add(b.Bytes()[2:])
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		s, err := parseSlot(body)
		if err != nil {
			return
		}
		var b bytes.Buffer
		s.encode(&b)
		if !bytes.Equal(b.Bytes()[2:], body) {
			t.Fatalf("slot does not re-encode to its bytes")
		}
	})
}

// FuzzOpenBytes: whole files, through unlock with a cheap recovery key.
func FuzzOpenBytes(f *testing.F) {
	f.Add(seedFile(f))
	rk := NewRecoveryKey()
	f.Fuzz(func(t *testing.T, b []byte) {
		if v, err := openBytes(append([]byte(nil), b...), rk, Options{ReadOnly: true}); err == nil {
			v.Lock()
			t.Fatal("a fuzzed file opened with an unrelated key")
		}
	})
}

// FuzzKeyStrings: recovery keys, recipients and identity files typed or
// pasted by people.
func FuzzKeyStrings(f *testing.F) {
	f.Add(NewRecoveryKey().String())
	f.Add(GenerateIdentity().Recipient().String())
	id, _ := MarshalIdentity(GenerateIdentity(), []byte("p"), TestKDF)
	f.Add(string(id))
	f.Fuzz(func(t *testing.T, s string) {
		ParseRecoveryKey(s)
		ParseRecipient(s)
		UnmarshalIdentity([]byte(s), []byte("p"))
	})
}
