package vault

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/awnumar/memguard"

	"beianledger/ledger"
	"github.com/google/uuid"
)

// These tests replay the attacks of the security review with real files:
// someone who can write the vault's folder, or a removed backup contact,
// builds a file from the public header. Before format version 2 every one
// of them opened with the owner's passphrase and verify said ok.

// forgery says how the attacker builds the file.
type forgery struct {
	version int    // 1 (unsigned) or 2
	extra   []slot // ways in the attacker adds (their own)
	drop    map[[16]byte]bool
	signer  [16]byte // slot id named as the signer
	signKey []byte   // the attacker's scalar; nil: one they made up
	gen     uint64   // 0: one above the file's
	note    string   // what the attacker's database says
}

// forge builds a vault file from the public header of data, as an attacker
// who holds no slot secret (or only their own) can: a master key of their
// choosing wrapped to the slots' public keys, a database of their own, and
// a signature with whatever key they have.
func forge(t *testing.T, data []byte, f forgery) []byte {
	t.Helper()
	h0, _, err := parseHeader(data)
	if err != nil {
		t.Fatal(err)
	}
	h := *h0
	h.Slots = nil
	for _, s := range h0.Slots {
		if !f.drop[s.ID] {
			h.Slots = append(h.Slots, s)
		}
	}
	h.Slots = append(h.Slots, f.extra...)
	master := randomBytes(32)
	for i := range h.Slots {
		s := &h.Slots[i]
		eph, wrapped, err := wrapTo(s.PublicKey[:], master, h.wrapAD(s))
		if err != nil {
			t.Fatal(err)
		}
		copy(s.EphPub[:], eph)
		s.Wrapped = wrapped
	}
	v := &Vault{hdr: &h, master: memguard.NewEnclave(append([]byte(nil), master...)), fieldKey: memguard.NewEnclave(randomBytes(32))}
	if v.db, err = newMemDB(); err != nil {
		t.Fatal(err)
	}
	defer v.db.Close()
	if err := migrate(v.db); err != nil {
		t.Fatal(err)
	}
	if err := v.storeFieldKey(); err != nil {
		t.Fatal(err)
	}
	if _, err := v.db.Exec(`INSERT INTO meta(key, value) VALUES ('k', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, []byte(f.note)); err != nil {
		t.Fatal(err)
	}
	if _, err := v.db.Exec(`INSERT INTO audit(at, actor, action, record, summary) VALUES ('2026-12-01T09:00:00Z', 'admin', 'note', '', 'forged line')`); err != nil {
		t.Fatal(err)
	}
	gen := f.gen
	if gen == 0 {
		gen = h0.Generation + 1
	}
	if f.version == 1 {
		image, err := serialize(v.db)
		if err != nil {
			t.Fatal(err)
		}
		h.Version, h.Generation, h.SavedAt = 1, gen, time.Now().Truncate(time.Millisecond)
		macKey := hkdfKey(master, nil, infoHeaderMAC)
		copy(h.MAC[:], mac(macKey, h.encodeBody()))
		hb := h.encode()
		return sealAfter(hb, hkdfKey(master, h.UUID[:], infoPayload), image, hb)
	}
	key := f.signKey
	if key == nil {
		key = randomBytes(32)
	}
	v.inUse, v.signKey = f.signer, memguard.NewEnclave(append([]byte(nil), key...))
	out, _, err := v.encodeFile(gen, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// ownerMachine and otherMachine are two computers' memories of vaults.
func machines(t *testing.T) (owner, other string) { return t.TempDir(), t.TempDir() }

func TestForgeryFromThePublicHeaderIsRefused(t *testing.T) {
	dir := t.TempDir()
	owner, fresh := machines(t)
	p := filepath.Join(dir, "v.beianvault")
	v, err := Create(p, pass("correct horse"), "admin", Options{KnownDir: owner})
	if err != nil {
		t.Fatal(err)
	}
	putNote(t, v, "k", "real")
	adminSlot := v.hdr.Slots[0].ID
	v.Lock()
	data, _ := os.ReadFile(p)

	// 1. The same ways in, signed with a key the forger made up under the
	// administrator's slot id: refused on every computer, before any KDF.
	forged := forge(t, data, forgery{version: 2, signer: adminSlot, note: "forged"})
	os.WriteFile(p, forged, 0o600)
	for _, kd := range []string{owner, fresh} {
		_, err := Open(p, pass("correct horse"), Options{KnownDir: kd, ReadOnly: true})
		if !errors.Is(err, ErrDamaged) || !errors.Is(err, ErrNotSignedByAWayIn) {
			t.Fatalf("re-keyed forgery: %v", err)
		}
		if !strings.Contains(err.Error(), "not saved by any of its ways in") {
			t.Fatalf("message does not say who saved it: %v", err)
		}
	}

	// 2. The old unsigned format (a downgrade): refused as a change to
	// accept, with what it means.
	forged = forge(t, data, forgery{version: 1, note: "forged"})
	os.WriteFile(p, forged, 0o600)
	_, err = Open(p, pass("correct horse"), Options{KnownDir: owner})
	var ce *ChangeError
	if !errors.As(err, &ce) || !ce.Downgrade {
		t.Fatalf("unsigned forgery on the owner's computer: %v", err)
	}
	_, err = Open(p, pass("correct horse"), Options{KnownDir: fresh, ReadOnly: true})
	if !errors.As(err, &ce) || !ce.Unsigned || ce.Downgrade {
		t.Fatalf("unsigned forgery on a new computer: %v", err)
	}

	// 3. The forger adds a way in of their own and signs with it: it
	// verifies, but the owner's computer reports the new way in and who
	// signed; a new computer opens it and says who saved it.
	attacker := GenerateIdentity()
	var s slot
	s.Type, s.ID, s.Created, s.Label = SlotRecipient, uuid.New(), time.Now().Truncate(time.Second), "备份"
	s.PublicKey = attacker.pub
	sk, _ := attacker.sk.Open()
	forged = forge(t, data, forgery{version: 2, extra: []slot{s}, signer: s.ID, signKey: sk.Bytes(), note: "forged"})
	sk.Destroy()
	os.WriteFile(p, forged, 0o600)
	_, err = Open(p, pass("correct horse"), Options{KnownDir: owner})
	if !errors.As(err, &ce) || len(ce.Added) != 1 || ce.Added[0].Label != "备份" || ce.SavedBy != "备份" {
		t.Fatalf("forgery with an added way in: %v", err)
	}
	w, err := Open(p, pass("correct horse"), Options{KnownDir: fresh, ReadOnly: true})
	if err != nil {
		t.Fatalf("new computer: %v", err)
	}
	if li := w.LoadedFrom(); !li.Signed || li.SavedBy != "备份" {
		t.Fatalf("saved-by on a new computer: %+v", li)
	}
	w.Lock()
}

func TestRemovedContactCannotUndoTheirRemoval(t *testing.T) {
	dir := t.TempDir()
	admin, contact := machines(t)
	p := filepath.Join(dir, "v.beianvault")
	v, err := Create(p, pass("correct horse"), "admin", Options{KnownDir: admin})
	if err != nil {
		t.Fatal(err)
	}
	zhang := GenerateIdentity()
	si, err := v.AddRecipient(zhang.Recipient(), "张三 (备用联系人)")
	if err != nil {
		t.Fatal(err)
	}
	putNote(t, v, "k", "before removal")
	var zslot slot
	for _, s := range v.hdr.Slots {
		if slotID(s.ID) == si.ID {
			zslot = s
		}
	}
	if _, _, err := v.RemoveSlot(si.ID); err != nil {
		t.Fatal(err)
	}
	putNote(t, v, "k", "new secret after removal")
	adminSlot := v.hdr.Slots[0].ID
	v.Lock()
	current, _ := os.ReadFile(p)
	if _, err := Open(p, zhang, Options{KnownDir: contact}); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("removed contact still opens the vault: %v", err)
	}
	sk, _ := zhang.sk.Open()
	defer sk.Destroy()

	// They rebuild the current vault with their slot put back, signed by
	// themselves: the administrator's computer refuses it and names them.
	rebuilt := forge(t, current, forgery{version: 2, extra: []slot{zslot}, signer: zslot.ID, signKey: sk.Bytes(), gen: 100, note: "rebuilt"})
	os.WriteFile(p, rebuilt, 0o600)
	_, err = Open(p, pass("correct horse"), Options{KnownDir: admin})
	var ce *ChangeError
	if !errors.As(err, &ce) || len(ce.Added) != 1 || ce.Added[0].Label != "张三 (备用联系人)" || ce.SavedBy != "张三 (备用联系人)" {
		t.Fatalf("rebuilt vault with the removed slot: %v", err)
	}
	if !errors.Is(err, ErrUnexpectedChange) || !strings.Contains(err.Error(), `way in added: recipient "张三 (备用联系人)"`) {
		t.Fatalf("message: %v", err)
	}
	// Without putting their slot back they cannot sign as anyone.
	rebuilt = forge(t, current, forgery{version: 2, signer: adminSlot, signKey: sk.Bytes(), gen: 100, note: "rebuilt"})
	os.WriteFile(p, rebuilt, 0o600)
	if _, err := Open(p, pass("correct horse"), Options{KnownDir: admin}); !errors.Is(err, ErrNotSignedByAWayIn) {
		t.Fatalf("rebuilt vault signed as the administrator: %v", err)
	}
	// The honest file still opens, without any warning.
	os.WriteFile(p, current, 0o600)
	w, err := Open(p, pass("correct horse"), Options{KnownDir: admin})
	if err != nil {
		t.Fatalf("the real vault after the attempts: %v", err)
	}
	if getNote(t, w, "k") != "new secret after removal" {
		t.Fatal("wrong content")
	}
	w.Lock()
}

func TestRollbackIsFlaggedWithBothGenerations(t *testing.T) {
	dir := t.TempDir()
	kd := t.TempDir()
	p := filepath.Join(dir, "v.beianvault")
	v, err := Create(p, pass("correct horse"), "admin", Options{KnownDir: kd})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"1", "2", "3"} {
		putNote(t, v, "k", n)
	}
	gen := v.Generation()
	v.Lock()
	bs, err := ListBackups(p)
	if err != nil || len(bs) < 2 {
		t.Fatalf("backups: %v %v", bs, err)
	}
	older, _ := os.ReadFile(bs[1].Path)
	os.WriteFile(p, older, 0o600) // put an older copy back by hand
	_, err = Open(p, pass("correct horse"), Options{KnownDir: kd})
	var ce *ChangeError
	if !errors.As(err, &ce) || !ce.Rollback || ce.KnownGeneration != gen || ce.FileGeneration != bs[1].Generation {
		t.Fatalf("rollback: %v", err)
	}
	if ce.SlotsChanged() {
		t.Fatalf("no way in changed: %+v", ce)
	}
	if !strings.Contains(err.Error(), "older than version") {
		t.Fatalf("message: %v", err)
	}
	// The user looked and accepts: it opens, and is expected from now on.
	w, err := Open(p, pass("correct horse"), Options{KnownDir: kd, AcceptRollback: true, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	w.Lock()
	w, err = Open(p, pass("correct horse"), Options{KnownDir: kd, ReadOnly: true})
	if err != nil {
		t.Fatalf("after accepting: %v", err)
	}
	w.Lock()
}

func TestHonestChangesAreNotFlagged(t *testing.T) {
	dir := t.TempDir()
	admin, contact := machines(t)
	p := filepath.Join(dir, "v.beianvault")
	v, err := Create(p, pass("correct horse"), "admin", Options{KnownDir: admin})
	if err != nil {
		t.Fatal(err)
	}
	zhang := GenerateIdentity()
	li, _ := v.AddRecipient(zhang.Recipient(), "张三")
	wang := GenerateIdentity()
	wi, _ := v.AddRecipient(wang.Recipient(), "王五")
	putNote(t, v, "k", "1")
	v.Lock()

	// The backup contact saves on their computer: the administrator opens
	// it without a warning and sees who saved.
	c, err := Open(p, zhang, Options{KnownDir: contact, AcceptChanges: false})
	if err != nil {
		t.Fatal(err)
	}
	putNote(t, c, "k", "by zhang")
	c.Lock()
	a, err := Open(p, pass("correct horse"), Options{KnownDir: admin})
	if err != nil {
		t.Fatalf("after the contact's save: %v", err)
	}
	if s := a.LoadedFrom(); s.SavedBy != "张三" || !s.Signed {
		t.Fatalf("saved by: %+v", s)
	}
	// The administrator removes 王五: their own removal is expected here.
	if _, _, err := a.RemoveSlot(wi.ID); err != nil {
		t.Fatal(err)
	}
	a.Lock()
	a, err = Open(p, pass("correct horse"), Options{KnownDir: admin})
	if err != nil {
		t.Fatalf("after the administrator's own removal: %v", err)
	}
	a.Lock()
	// On the contact's computer the removal is news, and it is said.
	_, err = Open(p, zhang, Options{KnownDir: contact})
	var ce *ChangeError
	if !errors.As(err, &ce) || len(ce.Removed) != 1 || ce.Removed[0].Label != "王五" || ce.SavedBy != "admin" {
		t.Fatalf("removal seen by the contact: %v", err)
	}
	// Restoring one's own backup is not reported as a rollback.
	if _, err := RestoreBackup(p, 2, pass("correct horse"), Options{KnownDir: admin}); err != nil {
		t.Fatal(err)
	}
	a, err = Open(p, pass("correct horse"), Options{KnownDir: admin})
	if err != nil {
		t.Fatalf("after restoring one's own backup: %v", err)
	}
	a.Lock()
	_ = li
}

func TestRemovalRotatesTheFieldKey(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "v.beianvault")
	v, err := Create(p, pass("correct horse"), "admin", Options{KnownDir: "-"})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Lock()
	zhang := GenerateIdentity()
	si, _ := v.AddRecipient(zhang.Recipient(), "张三")
	secret := []byte("s3cret-密码")
	sealed, err := v.SealField("credential", "secret", "c1", secret)
	if err != nil {
		t.Fatal(err)
	}
	err = v.Tx(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO credential(id, created_at, updated_at, updated_by, system, site_id, entity_id, provider_id, url, login, secret, last_rotated, rotation_months, notes)
			VALUES ('c1', '', '', '', 'provider-console', '', '', '', '', 'admin', ?, '', 3, '')`, sealed)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var oldKey []byte
	v.withFieldKey(func(fk []byte, _ [16]byte) error { oldKey = append([]byte(nil), fk...); return nil })
	if _, _, err := v.RemoveSlot(si.ID); err != nil {
		t.Fatal(err)
	}
	var now []byte
	v.Read(context.Background(), func(db *sql.DB) error {
		return db.QueryRow(`SELECT secret FROM credential WHERE id = 'c1'`).Scan(&now)
	})
	if _, err := openField(oldKey, v.hdr.UUID, "credential", "secret", "c1", now); err == nil {
		t.Fatal("the removed person's old field key still opens the re-sealed password")
	}
	pt, err := v.OpenField("credential", "secret", "c1", now)
	if err != nil || string(pt) != string(secret) {
		t.Fatalf("password after rotation: %q %v", pt, err)
	}
}

func TestForeignSlotWithTheSamePassphraseIsSkipped(t *testing.T) {
	dir := t.TempDir()
	a, err := Create(filepath.Join(dir, "a.beianvault"), pass("same"), "a", Options{KnownDir: "-"})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Lock()
	b, err := Create(filepath.Join(dir, "b.beianvault"), pass("same"), "b", Options{KnownDir: "-"})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Lock()
	h := *b.hdr
	h.Slots = append([]slot{a.hdr.Slots[0]}, b.hdr.Slots...) // a's slot first
	if _, id, sk, err := unlock(&h, pass("same")); err != nil || id != b.hdr.Slots[0].ID {
		t.Fatalf("unlock with a foreign slot first: %v", err)
	} else {
		wipe(sk)
	}
}

func TestKDFWorkIsCappedAcrossSlots(t *testing.T) {
	h := header{Version: FormatVersion, UUID: uuid.New(), Generation: 1}
	for i := 0; i < 3; i++ {
		s := slot{Type: SlotPassphrase, ID: uuid.New(), Label: "p", Wrapped: make([]byte, wrappedLen),
			KDF: KDFParams{Time: 4, Memory: 1 << 20, Threads: 1}, Salt: make([]byte, saltLen)}
		if s.KDF.Check() != nil {
			t.Fatal("one slot alone must be within the per-slot ceiling")
		}
		h.Slots = append(h.Slots, s)
	}
	file := append(h.encode(), make([]byte, nonceLen+tagLen)...)
	if _, _, err := parseHeader(file); !errors.Is(err, ErrHostileKDF) {
		t.Fatalf("3 × 4 GiB·passes: %v", err)
	}
	h.Slots = h.Slots[:2]
	file = append(h.encode(), make([]byte, nonceLen+tagLen)...)
	if _, _, err := parseHeader(file); err != nil {
		t.Fatalf("2 × 4 GiB·passes is allowed: %v", err)
	}
	if (KDFParams{Time: 1, Memory: 2 << 20, Threads: 1}).Check() == nil {
		t.Fatal("2 GiB of memory is above the ceiling")
	}
}

func TestOnlyRegularFilesOfSaneSizeAreRead(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("FIFOs and /dev/zero are Unix")
	}
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.beianvault")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { _, err := Open(fifo, pass("x"), Options{KnownDir: "-"}); done <- err }()
	select {
	case err := <-done:
		if !errors.Is(err, ErrNotVault) {
			t.Fatalf("fifo: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("opening a FIFO hangs")
	}
	zero := filepath.Join(dir, "zero.beianvault")
	os.Symlink("/dev/zero", zero)
	if _, err := Open(zero, pass("x"), Options{KnownDir: "-"}); !errors.Is(err, ErrNotVault) {
		t.Fatalf("/dev/zero: %v", err)
	}
	big := filepath.Join(dir, "big.beianvault")
	f, _ := os.Create(big)
	f.WriteString(magic)
	f.Truncate(MaxVaultSize + 1) // sparse: nothing is really written
	f.Close()
	if _, err := Open(big, pass("x"), Options{KnownDir: "-"}); !errors.Is(err, ErrNotVault) || !strings.Contains(err.Error(), "MiB") {
		t.Fatalf("over-large file: %v", err)
	}
	if _, _, _, err := Inspect(fifo); !errors.Is(err, ErrNotVault) {
		t.Fatalf("inspect fifo: %v", err)
	}
}

// A notification channel's secret is sealed inside its setting row: a
// removal (which replaces the field key) and a merge must carry it along.
func TestChannelSecretsSurviveRemovalAndMerge(t *testing.T) {
	p := newTwoPCs(t, func(w ledger.Writer) error {
		return w.PutSite(&ledger.Site{Meta: ledger.Meta{ID: "s1"}, Name: "官网"})
	})
	put := func(v *Vault, label, secret string) string {
		var id string
		write(t, v, func(w ledger.Writer) error {
			c := &ledger.Channel{Config: `{"label":"` + label + `"}`}
			err := w.(ledger.ChannelWriter).PutChannel(c, []byte(secret))
			id = c.ID
			return err
		})
		return id
	}
	secretOf := func(v *Vault, id string) string {
		b, err := v.Store().(ledger.ChannelReader).ChannelSecret(id)
		if err != nil {
			t.Fatalf("channel %s: %v", id, err)
		}
		return string(b)
	}
	mine := put(p.a, "值班群", "SEC-a")
	theirs := put(p.b, "张三的邮箱", "授权码-b")
	p.sync()
	var zid string
	for _, s := range p.a.Slots() {
		if s.Type == SlotRecipient.String() {
			zid = s.ID
		}
	}
	// The removal merges B's save first, then replaces the field key.
	if _, _, err := p.a.RemoveSlot(zid); err != nil {
		t.Fatal(err)
	}
	t.Logf("merge: %+v", p.a.LastMerge())

	// Both copies saved once since they parted (the same generation): the
	// save still sees the other and merges it.
	if p.a.LastMerge() == nil {
		t.Fatal("a save of the same generation was overwritten, not merged")
	}
	if secretOf(p.a, mine) != "SEC-a" || secretOf(p.a, theirs) != "授权码-b" {
		t.Fatal("a channel secret does not open after the merge and the removal")
	}
	if rep, err := p.a.Verify(); err != nil {
		t.Fatalf("verify: %v %+v", err, rep.Problems)
	}
}
