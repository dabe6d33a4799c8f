package vault

import (
	"beianledger/ledger"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func pass(s string) *Passphrase { return NewPassphrase([]byte(s), TestKDF) }

func newVault(t testing.TB, dir string) (*Vault, string) {
	t.Helper()
	p := filepath.Join(dir, "test.beianvault")
	v, err := Create(p, pass("correct horse"), "admin", Options{})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	return v, p
}

func putNote(t testing.TB, v *Vault, key, val string) {
	t.Helper()
	err := v.Tx(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, []byte(val))
		return err
	})
	if err != nil {
		t.Fatalf("tx: %v", err)
	}
}

func getNote(t testing.TB, v *Vault, key string) string {
	t.Helper()
	var val []byte
	err := v.Read(context.Background(), func(db *sql.DB) error {
		return db.QueryRow(`SELECT value FROM meta WHERE key = ?`, key).Scan(&val)
	})
	if err != nil {
		t.Fatalf("read %s: %v", key, err)
	}
	return string(val)
}

func TestCreateOpenRoundTrip(t *testing.T) {
	dir := t.TempDir()
	v, p := newVault(t, dir)
	putNote(t, v, "hello", "备案台账 ledger")
	gen := v.Generation()
	v.Lock()
	if !v.Locked() {
		t.Fatal("Locked() false after Lock")
	}
	if _, err := os.Stat(p + ".lock"); !os.IsNotExist(err) {
		t.Fatalf("lock file left after Lock: %v", err)
	}
	w, err := Open(p, pass("correct horse"), Options{})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer w.Lock()
	if got := getNote(t, w, "hello"); got != "备案台账 ledger" {
		t.Fatalf("note = %q", got)
	}
	if w.Generation() != gen {
		t.Fatalf("generation %d, want %d", w.Generation(), gen)
	}
	if w.Actor() != "admin" {
		t.Fatalf("actor %q", w.Actor())
	}
	log, err := w.AuditLog(10)
	if err != nil || len(log) == 0 || log[len(log)-1].Action != "vault.create" {
		t.Fatalf("audit log %v %v", log, err)
	}
	// Plaintext must not be in the file.
	data, _ := os.ReadFile(p)
	for _, s := range []string{"备案台账", "hello", "audit", "meta", "SQLite"} {
		if bytes.Contains(data, []byte(s)) {
			t.Fatalf("file contains plaintext %q", s)
		}
	}
}

func TestCreateRefusesExisting(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.beianvault")
	os.WriteFile(p, []byte("keep me"), 0o600)
	if _, err := Create(p, pass("a"), "a", Options{}); err == nil {
		t.Fatal("create overwrote a file")
	}
	if b, _ := os.ReadFile(p); string(b) != "keep me" {
		t.Fatal("existing file changed")
	}
}

func TestWrongKeys(t *testing.T) {
	dir := t.TempDir()
	v, p := newVault(t, dir)
	v.Lock()
	_, err := Open(p, pass("wrong"), Options{})
	if !errors.Is(err, ErrWrongKey) || !strings.Contains(err.Error(), "passphrase") {
		t.Fatalf("wrong passphrase: %v", err)
	}
	_, err = Open(p, NewRecoveryKey(), Options{})
	if !errors.Is(err, ErrWrongKey) || !strings.Contains(err.Error(), "recovery") {
		t.Fatalf("recovery key on vault without one: %v", err)
	}
	_, err = Open(p, GenerateIdentity(), Options{})
	if !errors.Is(err, ErrWrongKey) {
		t.Fatalf("identity: %v", err)
	}
}

func TestSlotsRecipientRecoveryAndRemoval(t *testing.T) {
	dir := t.TempDir()
	v, p := newVault(t, dir)
	id := GenerateIdentity()
	zs, err := v.AddRecipient(id.Recipient(), "张三 (backup)")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.AddRecipient(id.Recipient(), "again"); err == nil {
		t.Fatal("same recipient added twice")
	}
	rk := NewRecoveryKey()
	if _, err := v.AddKey(rk, "recovery"); err != nil {
		t.Fatal(err)
	}
	if _, err := v.AddKey(pass("second"), "second admin"); err != nil {
		t.Fatal(err)
	}
	if n := len(v.Slots()); n != 4 {
		t.Fatalf("%d slots", n)
	}
	putNote(t, v, "k", "v1")
	v.Lock()

	// The backup contact opens with their identity.
	w, err := Open(p, id, Options{})
	if err != nil {
		t.Fatalf("open with identity: %v", err)
	}
	if getNote(t, w, "k") != "v1" || w.Actor() != "张三 (backup)" {
		t.Fatal("identity view differs")
	}
	if _, _, err := w.RemoveSlot(zs.ID); !errors.Is(err, ErrSlotInUse) {
		t.Fatalf("removing slot in use: %v", err)
	}
	w.Lock()

	// The recovery key, through its printed form.
	rk2, err := ParseRecoveryKey(strings.ToLower(rk.String()))
	if err != nil {
		t.Fatal(err)
	}
	w, err = Open(p, rk2, Options{})
	if err != nil {
		t.Fatalf("open with recovery key: %v", err)
	}
	w.Lock()

	// Keep a copy of the file as the contact might.
	before, _ := os.ReadFile(p)
	v, err = Open(p, pass("correct horse"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := v.FindSlot("张三 (backup)")
	if err != nil {
		t.Fatal(err)
	}
	// Two credentials with a password and one without.
	var withPw []string
	err = v.Store().Write(func(w ledger.Writer) error {
		for i, login := range []string{"a", "b", "c"} {
			c := ledger.Credential{System: ledger.SystemProvider, Login: login}
			if err := w.PutCredential(&c); err != nil {
				return err
			}
			if i < 2 {
				withPw = append(withPw, c.ID)
				if err := w.SetSecret("credential", c.ID, []byte("pw-"+login)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, flagged, err := v.RemoveSlot(s.ID); err != nil || flagged != 2 {
		t.Fatalf("remove: %d flagged, %v", flagged, err)
	}
	creds, err := v.Store().Credentials()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range creds {
		if want := slices.Contains(withPw, c.ID); c.RotateNow != want {
			t.Errorf("credential %s: rotate now %t, want %t", c.Login, c.RotateNow, want)
		}
	}
	putNote(t, v, "k", "v2")
	v.Lock()
	if _, err := Open(p, id, Options{}); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("removed identity still opens: %v", err)
	}
	// Everyone else still gets in after rotation.
	for _, k := range []Key{pass("correct horse"), pass("second"), rk2} {
		w, err := Open(p, k, Options{})
		if err != nil {
			t.Fatalf("%s after rotation: %v", k.Describe(), err)
		}
		if getNote(t, w, "k") != "v2" {
			t.Fatal("note lost in rotation")
		}
		w.Lock()
	}
	// The old copy still opens for the removed person (documented).
	old := filepath.Join(dir, "old.beianvault")
	os.WriteFile(old, before, 0o600)
	// (On the removed person's own computer: this one remembers a newer
	// version and reports the old copy as a rollback.)
	w, err = Open(old, id, Options{ReadOnly: true, KnownDir: t.TempDir()})
	if err != nil {
		t.Fatalf("old copy: %v", err)
	}
	w.Lock()
}

func TestRemoveLastAndUnknown(t *testing.T) {
	v, _ := newVault(t, t.TempDir())
	defer v.Lock()
	if _, _, err := v.RemoveSlot(v.Slots()[0].ID); !errors.Is(err, ErrSlotInUse) {
		t.Fatalf("%v", err)
	}
	if _, err := v.FindSlot("nobody"); !errors.Is(err, ErrSlotNotFound) {
		t.Fatalf("%v", err)
	}
}

func TestRecoveryKeyFormat(t *testing.T) {
	rk := NewRecoveryKey()
	s := rk.String()
	if len(strings.Split(s, "-")) != 14 {
		t.Fatalf("groups: %s", s)
	}
	// Every single-character typo is caught by the checksum or the alphabet.
	raw := []byte(strings.ReplaceAll(s, "-", ""))
	for i := range raw {
		c := raw[i]
		raw[i] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"[(strings.IndexByte("0123456789ABCDEFGHJKMNPQRSTVWXYZ", c)+1)%32]
		if _, err := ParseRecoveryKey(string(raw)); !errors.Is(err, ErrBadRecoveryKey) {
			// The last character carries only 0 of the 280 bits' worth of
			// padding in some alphabets; all positions here carry data.
			t.Fatalf("typo at %d accepted: %v", i, err)
		}
		raw[i] = c
	}
	if _, err := ParseRecoveryKey("nonsense"); !errors.Is(err, ErrBadRecoveryKey) {
		t.Fatal("nonsense accepted")
	}
}

func TestIdentityFile(t *testing.T) {
	id := GenerateIdentity()
	data, err := MarshalIdentity(id, []byte("contact pass"), TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(id.Recipient().String())) {
		t.Fatal("recipient comment missing")
	}
	back, err := UnmarshalIdentity(data, []byte("contact pass"))
	if err != nil || back.Recipient() != id.Recipient() {
		t.Fatalf("round trip: %v", err)
	}
	if _, err := UnmarshalIdentity(data, []byte("nope")); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("wrong pass: %v", err)
	}
	if _, err := UnmarshalIdentity([]byte("hello"), []byte("x")); !errors.Is(err, ErrBadIdentity) {
		t.Fatalf("garbage: %v", err)
	}
	r, err := ParseRecipient(id.Recipient().String())
	if err != nil || r != id.Recipient() {
		t.Fatal(err)
	}
	bad := []byte(id.Recipient().String())
	bad[10] ^= 1
	if _, err := ParseRecipient(string(bad)); !errors.Is(err, ErrBadIdentity) {
		t.Fatal("corrupted recipient accepted")
	}
}

func TestSealedFields(t *testing.T) {
	v, _ := newVault(t, t.TempDir())
	defer v.Lock()
	s1, err := v.SealField("credential", "secret", "row-1", []byte("p@ss"))
	if err != nil {
		t.Fatal(err)
	}
	pt, err := v.OpenField("credential", "secret", "row-1", s1)
	if err != nil || string(pt) != "p@ss" {
		t.Fatalf("open: %q %v", pt, err)
	}
	for _, c := range [][3]string{{"credential", "secret", "row-2"}, {"credential", "login", "row-1"}, {"contact", "secret", "row-1"}} {
		if _, err := v.OpenField(c[0], c[1], c[2], s1); !errors.Is(err, ErrDamaged) {
			t.Fatalf("sealed value moved to %v opened: %v", c, err)
		}
	}
	empty, _ := v.SealField("t", "c", "r", nil)
	if pt, err := v.OpenField("t", "c", "r", empty); err != nil || len(pt) != 0 {
		t.Fatalf("empty: %v", err)
	}
	v.Lock()
	if _, err := v.SealField("t", "c", "r", []byte("x")); !errors.Is(err, ErrClosed) {
		t.Fatalf("sealing after lock: %v", err)
	}
}

func TestNotAVault(t *testing.T) {
	dir := t.TempDir()
	cases := map[string][]byte{
		"empty":  {},
		"pdf":    []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n"),
		"magic":  []byte(magic),
		"zeroes": make([]byte, 4096),
	}
	for name, data := range cases {
		p := filepath.Join(dir, name)
		os.WriteFile(p, data, 0o600)
		_, err := Open(p, pass("x"), Options{})
		if !errors.Is(err, ErrNotVault) && !errors.Is(err, ErrDamaged) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := Open(dir, pass("x"), Options{}); !errors.Is(err, ErrNotVault) {
		t.Errorf("directory: %v", err)
	}
	if _, err := Open(filepath.Join(dir, "missing"), pass("x"), Options{}); err == nil || errors.Is(err, ErrDamaged) {
		t.Errorf("missing: %v", err)
	}
}

// rechecksum recomputes the header checksum of a file image after a
// deliberate edit, as a forger would.
func rechecksum(t *testing.T, data []byte) {
	t.Helper()
	_, off, err := parseHeaderNoChecksum(data)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data[:off-checksumLen])
	copy(data[off-checksumLen:off], sum[:])
}

func parseHeaderNoChecksum(data []byte) (*header, int, error) {
	r := &reader{b: data, off: fixedHeaderLen - 2}
	n := int(r.u16())
	for i := 0; i < n; i++ {
		r.take(int(r.u16()))
	}
	r.take(macLen + signerLen + checksumLen) // version 2
	return nil, r.off, r.err
}

func TestHostileKDFRefusedBeforeRunning(t *testing.T) {
	dir := t.TempDir()
	v, p := newVault(t, dir)
	v.Lock()
	data, _ := os.ReadFile(p)
	// The passphrase slot's params sit after the wrapped key: find them
	// through the encoder's layout.
	slotStart := fixedHeaderLen + 2
	bodyLen := int(binary.BigEndian.Uint16(data[fixedHeaderLen:]))
	params := slotStart + bodyLen - saltLen - 9
	for _, c := range []struct {
		name     string
		time, kb uint32
	}{
		{"64 GiB", 3, 64 << 20},
		{"1e9 passes", 1_000_000_000, 64 << 10},
		{"zero passes", 0, 64 << 10},
	} {
		d := append([]byte(nil), data...)
		binary.BigEndian.PutUint32(d[params:], c.time)
		binary.BigEndian.PutUint32(d[params+4:], c.kb)
		rechecksum(t, d)
		hp := filepath.Join(dir, "hostile.beianvault")
		os.WriteFile(hp, d, 0o600)
		before := derivations.Load()
		_, err := Open(hp, pass("correct horse"), Options{ReadOnly: true})
		if !errors.Is(err, ErrHostileKDF) {
			t.Fatalf("%s: %v", c.name, err)
		}
		if n := derivations.Load() - before; n != 0 {
			t.Fatalf("%s: refused, but only after %d Argon2id runs", c.name, n)
		}
	}
	// The count does count: the untouched file costs one derivation.
	before := derivations.Load()
	ok, err := Open(p, pass("correct horse"), Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	ok.Lock()
	if n := derivations.Load() - before; n != 1 {
		t.Fatalf("opening the untouched vault counted %d Argon2id runs", n)
	}
}

func TestEverySingleByteChangeIsCaught(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "small.beianvault")
	rk := NewRecoveryKey()
	// A small vault: the real format and schema in 512-byte pages (SQLite
	// keeps the page size inside the image), so trying every byte stays
	// cheap.
	newPageSize = 512
	v, err := Create(p, rk, "recovery", Options{KeepBackups: -1})
	newPageSize = pageSize
	if err != nil {
		t.Fatal(err)
	}
	putNote(t, v, "x", "y")
	v.Lock()
	data, _ := os.ReadFile(p)
	// openBytes is what Open runs after reading the file; going through
	// it directly keeps 80,000 tries fast enough for every CI run.
	try := func(d []byte) error {
		w, err := openBytes(append([]byte(nil), d...), rk, Options{ReadOnly: true})
		if err == nil {
			w.Lock()
		}
		return err
	}
	if err := try(data); err != nil {
		t.Fatalf("pristine copy: %v", err)
	}
	// Under the race detector each try is ~10× slower: there every header
	// byte and every 7th payload byte are tried; .ci/run also runs this
	// test without -race, where every byte of the file is tried.
	_, payloadOff, _ := parseHeader(data)
	stride := 1
	if raceEnabled || testing.Short() {
		stride = 7
	}
	var positions []int
	for i := 0; i < len(data); i++ {
		if i < payloadOff || i%stride == 0 || i == len(data)-1 {
			positions = append(positions, i)
		}
	}
	const parts = 4
	for part := 0; part < parts; part++ {
		t.Run(fmt.Sprintf("part%d", part), func(t *testing.T) {
			t.Parallel()
			for j := part; j < len(positions); j += parts {
				i := positions[j]
				d := append([]byte(nil), data...)
				d[i] ^= 0x01 << (i % 8)
				err := try(d)
				if !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrNotVault) && !errors.Is(err, ErrUnsupportedVersion) {
					t.Fatalf("byte %d of %d flipped: %v", i, len(data), err)
				}
			}
		})
	}
	for _, n := range []int{0, 1, 7, 40, len(data) / 2, len(data) - 1} {
		if err := try(data[:n]); err == nil {
			t.Fatalf("truncated to %d opened", n)
		}
	}
	if err := try(append(append([]byte(nil), data...), 0)); !errors.Is(err, ErrDamaged) {
		t.Fatalf("extended: %v", err)
	}
	t.Logf("checked %d byte positions of a %d-byte vault (header %d bytes)", len(positions), len(data), payloadOff)
}

func TestConflictAndLock(t *testing.T) {
	dir := t.TempDir()
	v, p := newVault(t, dir)
	defer v.Lock()
	if _, err := Open(p, pass("correct horse"), Options{}); !errors.Is(err, ErrLocked) {
		t.Fatalf("second writer: %v", err)
	}
	ro, err := Open(p, pass("correct horse"), Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only opener: %v", err)
	}
	if err := ro.Save(); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("read-only save: %v", err)
	}
	ro.Lock()
	// Someone takes over (after a prompt) and saves.
	other, err := Open(p, pass("correct horse"), Options{TakeOverLock: true})
	if err != nil {
		t.Fatal(err)
	}
	putNote(t, other, "theirs", "1")
	other.Lock()
	err = v.Tx(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO meta(key, value) VALUES ('mine', x'01')`)
		return err
	})
	// The stale writer merges the newer save instead of overwriting it:
	// both changes are kept.
	if err != nil {
		t.Fatalf("stale writer's save: %v", err)
	}
	w, _ := Open(p, pass("correct horse"), Options{ReadOnly: true})
	defer w.Lock()
	if getNote(t, w, "theirs") != "1" {
		t.Fatal("their change lost")
	}
	if getNote(t, w, "mine") != "\x01" {
		t.Fatal("the stale writer's change lost")
	}
}

func TestStaleLockTakenOver(t *testing.T) {
	dir := t.TempDir()
	v, p := newVault(t, dir)
	v.Lock()
	me := currentHolder()
	me.PID = 0x7ffffff0 // no such process
	os.WriteFile(p+".lock", []byte(`{"host":"`+me.Host+`","user":"x","pid":2147483632,"since":"2026-01-01T00:00:00Z"}`), 0o600)
	w, err := Open(p, pass("correct horse"), Options{})
	if err != nil {
		t.Fatalf("stale lock: %v", err)
	}
	w.Lock()
	// A live holder on another host is waited for, then reported.
	os.WriteFile(p+".lock", []byte(`{"host":"elsewhere","user":"李四","pid":1,"since":"2026-01-01T00:00:00Z"}`), 0o600)
	_, err = Open(p, pass("correct horse"), Options{LockTimeout: 300 * time.Millisecond})
	var le *LockError
	if !errors.As(err, &le) || le.Holder.User != "李四" {
		t.Fatalf("foreign lock: %v", err)
	}
}

func TestBackupsAndRestore(t *testing.T) {
	dir := t.TempDir()
	v, p := newVault(t, dir)
	for i := 0; i < 14; i++ {
		putNote(t, v, "n", string(rune('a'+i)))
	}
	v.Lock()
	list, err := ListBackups(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 10 {
		t.Fatalf("%d backups kept, want 10", len(list))
	}
	if !list[0].Readable || list[0].Generation <= list[1].Generation {
		t.Fatalf("order: %+v", list[:2])
	}
	// Damage the vault, then restore the newest backup.
	os.WriteFile(p, []byte("garbage"), 0o600)
	if _, err := Open(p, pass("correct horse"), Options{}); err == nil {
		t.Fatal("garbage opened")
	}
	if _, err := RestoreBackup(p, 1, pass("wrong"), Options{}); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("restore with wrong key: %v", err)
	}
	b, err := RestoreBackup(p, 1, pass("correct horse"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	w, err := Open(p, pass("correct horse"), Options{})
	if err != nil {
		t.Fatalf("after restore: %v", err)
	}
	defer w.Lock()
	if got := getNote(t, w, "n"); got != "m" {
		t.Fatalf("restored note %q (backup gen %d)", got, b.Generation)
	}
	if w.Generation() <= b.Generation {
		t.Fatal("restored generation not bumped")
	}
}

func TestCalibrate(t *testing.T) {
	if testing.Short() {
		t.Skip("calibration takes seconds")
	}
	p := Calibrate(500 * time.Millisecond)
	if p.BelowFloor() || p.Check() != nil {
		t.Fatalf("calibrated %v", p)
	}
	start := time.Now()
	p.derive([]byte("x"), make([]byte, 16))
	t.Logf("calibrated %v: %v per derivation", p, time.Since(start))
}

func TestKDFCheck(t *testing.T) {
	for _, c := range []struct {
		p  KDFParams
		ok bool
	}{
		{TestKDF, true},
		{KDFParams{3, 64 << 10, 2}, true},
		{KDFParams{3, 64 << 20, 2}, false},
		{KDFParams{1e9, 64 << 10, 2}, false},
		{KDFParams{0, 64 << 10, 2}, false},
		{KDFParams{2, 64 << 10, 0}, false},
		{KDFParams{2, 4, 1}, false},
		{KDFParams{32, 2 << 20, 1}, false},
	} {
		if err := c.p.Check(); (err == nil) != c.ok {
			t.Errorf("%v: %v", c.p, err)
		}
	}
}

// TestAuditWhile: the work runs, reads through the store while the audit
// save is under way, and the line is on disk afterwards, also when the
// work fails (its error comes back).
func TestAuditWhile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.beianvault")
	v, err := Create(p, pass("pw"), "admin", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Lock()
	putNote(t, v, "k", "v")
	boom := errors.New("disk full")
	for i, want := range []error{nil, boom} {
		err := v.AuditWhile("export.secrets", "", fmt.Sprintf("run %d", i), func() error {
			if got := getNote(t, v, "k"); got != "v" {
				t.Errorf("read during the save: %q", got)
			}
			return want
		})
		if !errors.Is(err, want) && err != want {
			t.Fatalf("run %d: %v, want %v", i, err, want)
		}
	}
	v.Lock()
	w, err := Open(p, pass("pw"), Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Lock()
	log, err := w.AuditLog(10)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range log {
		if e.Action == "export.secrets" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d audit lines saved, want 2 (the failed run too)", n)
	}
}
