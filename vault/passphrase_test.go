package vault

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"beianledger/ledger"
)

func TestChangePassphraseOpensWithTheNewOneOnly(t *testing.T) {
	dir, kd := t.TempDir(), t.TempDir()
	p := filepath.Join(dir, "台账.beianvault")
	v, err := Create(p, pass("correct horse"), "admin", Options{KnownDir: kd})
	if err != nil {
		t.Fatal(err)
	}
	rk := NewRecoveryKey()
	if _, err := v.AddKey(rk, "recovery"); err != nil {
		t.Fatal(err)
	}
	if _, err := v.AddKey(pass("second"), "second admin"); err != nil {
		t.Fatal(err)
	}
	var credID string
	write(t, v, func(w ledger.Writer) error {
		c := ledger.Credential{System: ledger.SystemProvider, Login: "a"}
		if err := w.PutCredential(&c); err != nil {
			return err
		}
		credID = c.ID
		return w.SetSecret("credential", c.ID, []byte("pw-a"))
	})
	v.Lock()
	// Another computer has seen the vault before the change.
	otherPC := t.TempDir()
	w, err := Open(p, pass("second"), Options{KnownDir: otherPC, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	w.Lock()

	v, err = Open(p, pass("correct horse"), Options{KnownDir: kd})
	if err != nil {
		t.Fatal(err)
	}
	before := v.Slots()
	if _, err := v.ChangePassphrase(pass("wrong horse"), pass("new battery staple")); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("a wrong current passphrase: %v", err)
	}
	si, err := v.ChangePassphrase(pass("correct horse"), pass("new battery staple"))
	if err != nil {
		t.Fatal(err)
	}
	if si.ID != before[0].ID || si.Label != "admin" || !si.Created.Equal(before[0].Created) {
		t.Fatalf("the slot changed identity: %+v, was %+v", si, before[0])
	}
	// The session goes on signing saves with the new key.
	putNote(t, v, "k", "after")
	creds, err := v.Store().Credentials()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range creds {
		if c.RotateNow {
			t.Errorf("credential %s marked rotate now by a passphrase change", c.Login)
		}
	}
	v.Lock()

	if _, err := Open(p, pass("correct horse"), Options{KnownDir: kd, ReadOnly: true}); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("the old passphrase still opens: %v", err)
	}
	// This computer expects its own change: no question on opening.
	v, err = Open(p, pass("new battery staple"), Options{KnownDir: kd})
	if err != nil {
		t.Fatalf("the new passphrase on this computer: %v", err)
	}
	if getNote(t, v, "k") != "after" {
		t.Fatal("the save after the change is lost")
	}
	sec, err := v.Store().Reveal("credential", credID)
	if err != nil || string(sec) != "pw-a" {
		t.Fatalf("the sealed password after the change: %q, %v", sec, err)
	}
	if got := len(v.Slots()); got != 3 {
		t.Fatalf("%d slots after the change, want 3", got)
	}
	v.Lock()
	// The other ways in are unaffected.
	for _, k := range []Key{pass("second"), rk} {
		w, err := Open(p, k, Options{KnownDir: kd, ReadOnly: true})
		if err != nil {
			t.Fatalf("%s after the change: %v", k.Describe(), err)
		}
		w.Lock()
	}
	// The computer that saw the old key reports the slot as re-keyed (a
	// passphrase change), not as a way in added.
	var ce *ChangeError
	if _, err := Open(p, pass("second"), Options{KnownDir: otherPC, ReadOnly: true}); !errors.As(err, &ce) || len(ce.Rekeyed) != 1 || ce.Rekeyed[0].Label != "admin" || len(ce.Added) != 0 {
		t.Fatalf("another computer: %v", err)
	}
	if !strings.Contains(ce.Error(), "re-keyed") {
		t.Fatalf("message: %v", ce)
	}
}

func TestChangePassphraseNeedsAPassphraseSession(t *testing.T) {
	v, p := newVault(t, t.TempDir())
	rk := NewRecoveryKey()
	if _, err := v.AddKey(rk, "recovery"); err != nil {
		t.Fatal(err)
	}
	v.Lock()
	w, err := Open(p, rk, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Lock()
	if _, err := w.ChangePassphrase(pass("correct horse"), pass("x")); !errors.Is(err, ErrNotPassphrase) {
		t.Fatalf("with the recovery key: %v", err)
	}
	w.Lock()
	w, err = Open(p, pass("correct horse"), Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.ChangePassphrase(pass("correct horse"), pass("x")); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("read-only: %v", err)
	}
}

// A shared vault: A changes A's passphrase while B has saved an edit, and
// B saves again after A's change came through the sync folder. Both merges
// keep the new passphrase, and the old one opens neither save.
func TestChangePassphraseSurvivesMerges(t *testing.T) {
	p := newTwoPCs(t, func(w ledger.Writer) error {
		return w.PutSite(&ledger.Site{Meta: ledger.Meta{ID: "s1"}, Name: "官网"})
	})
	write(t, p.b, func(w ledger.Writer) error {
		return w.PutEntity(&ledger.Entity{Meta: ledger.Meta{ID: "e1"}, Name: "B 加的主体"})
	})
	p.sync()
	if _, err := p.a.ChangePassphrase(pass("correct horse"), pass("new battery staple")); err != nil {
		t.Fatalf("change with B's save on disk: %v", err)
	}
	// A's save reaches B's folder; B saves on top of it.
	data, _ := os.ReadFile(p.path)
	tmp := p.other + ".sync"
	os.WriteFile(tmp, data, 0o600)
	if err := os.Rename(tmp, p.other); err != nil {
		t.Fatal(err)
	}
	write(t, p.b, func(w ledger.Writer) error {
		return w.PutEntity(&ledger.Entity{Meta: ledger.Meta{ID: "e2"}, Name: "B 又加的主体"})
	})
	for _, f := range []string{p.path, p.other} {
		if _, err := Open(f, pass("correct horse"), Options{KnownDir: t.TempDir(), ReadOnly: true, AcceptChanges: true}); !errors.Is(err, ErrWrongKey) {
			t.Fatalf("%s: the old passphrase opens: %v", filepath.Base(filepath.Dir(f)), err)
		}
		v, err := Open(f, pass("new battery staple"), Options{KnownDir: t.TempDir(), ReadOnly: true, AcceptChanges: true})
		if err != nil {
			t.Fatalf("the new passphrase: %v", err)
		}
		v.Lock()
	}
	v, err := Open(p.other, pass("new battery staple"), Options{KnownDir: t.TempDir(), ReadOnly: true, AcceptChanges: true})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Lock()
	var e1, e2 ledger.Entity
	v.Store().Read(func(r ledger.Reader) error { e1, _ = r.Entity("e1"); e2, _ = r.Entity("e2"); return nil })
	if e1.Name == "" || e2.Name == "" {
		t.Fatalf("B's saves lost: %q %q", e1.Name, e2.Name)
	}
}
