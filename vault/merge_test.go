package vault

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"beianledger/ledger"
)

// Two computers share a vault through a sync folder: each edits its own
// copy, and the sync tool puts the other's save in place of the file. The
// session that saves next merges instead of refusing, field by field.

type twoPCs struct {
	t           *testing.T
	path, other string // the shared file and B's synced copy
	kdA, kdB    string
	a, b        *Vault
	zhang       *Identity
	clock       time.Time
}

func (p *twoPCs) now() time.Time { p.clock = p.clock.Add(time.Minute); return p.clock }

func write(t *testing.T, v *Vault, f func(w ledger.Writer) error) {
	t.Helper()
	if err := v.Store().Write(f); err != nil {
		t.Fatal(err)
	}
}

func newTwoPCs(t *testing.T, fill func(w ledger.Writer) error) *twoPCs {
	dir := t.TempDir()
	p := &twoPCs{t: t, path: filepath.Join(dir, "台账.beianvault"), other: filepath.Join(t.TempDir(), "台账.beianvault"),
		kdA: t.TempDir(), kdB: t.TempDir(), clock: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	a, err := Create(p.path, pass("correct horse"), "王五 (管理员)", Options{KnownDir: p.kdA, Now: p.now})
	if err != nil {
		t.Fatal(err)
	}
	p.zhang = GenerateIdentity()
	if _, err := a.AddRecipient(p.zhang.Recipient(), "张三 (备用联系人)"); err != nil {
		t.Fatal(err)
	}
	write(t, a, fill)
	a.Lock()
	// Both computers open the same version; B's copy is synced to B.
	data, _ := os.ReadFile(p.path)
	os.WriteFile(p.other, data, 0o600)
	if p.a, err = Open(p.path, pass("correct horse"), Options{KnownDir: p.kdA, Now: p.now}); err != nil {
		t.Fatal(err)
	}
	if p.b, err = Open(p.other, p.zhang, Options{KnownDir: p.kdB, Now: p.now}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.a.Lock(); p.b.Lock() })
	return p
}

// sync brings B's last save to A's folder, as a sync tool does.
func (p *twoPCs) sync() {
	data, err := os.ReadFile(p.other)
	if err != nil {
		p.t.Fatal(err)
	}
	tmp := p.path + ".sync"
	os.WriteFile(tmp, data, 0o600)
	if err := os.Rename(tmp, p.path); err != nil {
		p.t.Fatal(err)
	}
}

func conflicts(t *testing.T, v *Vault) []Conflict {
	t.Helper()
	cs, err := v.Conflicts()
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

func TestMergeDifferentFieldsOfOneRecordLosesNothing(t *testing.T) {
	p := newTwoPCs(t, func(w ledger.Writer) error {
		return w.PutSite(&ledger.Site{Meta: ledger.Meta{ID: "s1"}, Name: "官网", Number: "京ICP备2021012345号-1", Domains: []string{"example.cn"}})
	})
	write(t, p.b, func(w ledger.Writer) error {
		s, _ := w.Site("s1")
		s.Notes = "张三：已核对备案信息"
		return w.PutSite(&s.Site)
	})
	write(t, p.b, func(w ledger.Writer) error {
		return w.PutEntity(&ledger.Entity{Meta: ledger.Meta{ID: "e2"}, Name: "上海示例有限公司"})
	})
	p.sync()
	// A edits another field of the same site and saves: merged, not refused
	// (against the version A opened, read in place, not copied).
	inPlace := readInPlace.Load()
	write(t, p.a, func(w ledger.Writer) error {
		s, _ := w.Site("s1")
		s.Name = "公司官网"
		return w.PutSite(&s.Site)
	})
	if m := p.a.LastMerge(); m == nil || m.From != "张三 (备用联系人)" || m.TwoWay {
		t.Fatalf("merge report: %+v", m)
	}
	if readInPlace.Load() == inPlace {
		t.Error("the merge base was copied, not read in place")
	}
	var s ledger.SiteRow
	p.a.Store().Read(func(r ledger.Reader) error { s, _ = r.Site("s1"); return nil })
	if s.Name != "公司官网" || s.Notes != "张三：已核对备案信息" {
		t.Fatalf("a field was lost: name %q notes %q", s.Name, s.Notes)
	}
	var e ledger.Entity
	p.a.Store().Read(func(r ledger.Reader) error { e, _ = r.Entity("e2"); return nil })
	if e.Name != "上海示例有限公司" {
		t.Fatal("B's new entity was lost")
	}
	if cs := conflicts(t, p.a); len(cs) != 0 {
		t.Fatalf("conflicts where there are none: %+v", cs)
	}
	// Search finds the merged text; the audit has both sides' lines.
	var rows []ledger.SiteRow
	p.a.Store().Read(func(r ledger.Reader) error { rows, _ = r.Search("已核对", 10); return nil })
	if len(rows) != 1 {
		t.Fatalf("search after merge: %d rows", len(rows))
	}
	log, _ := p.a.AuditLog(100)
	var merged, byZhang bool
	for _, l := range log {
		merged = merged || l.Action == "vault.merge"
		byZhang = byZhang || l.Actor == "张三 (备用联系人)"
	}
	if !merged || !byZhang {
		t.Fatalf("audit lacks the merge or B's lines: %+v", log)
	}
	// The result verifies and reopens.
	p.a.Lock()
	w, err := Open(p.path, pass("correct horse"), Options{KnownDir: p.kdA})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Verify(); err != nil {
		t.Fatal(err)
	}
	w.Lock()
}

func TestMergeSameFieldKeepsTheNewerAndRecordsTheOther(t *testing.T) {
	p := newTwoPCs(t, func(w ledger.Writer) error {
		if err := w.PutSite(&ledger.Site{Meta: ledger.Meta{ID: "s1"}, Name: "官网"}); err != nil {
			return err
		}
		return w.PutCredential(&ledger.Credential{Meta: ledger.Meta{ID: "c1"}, SiteID: "s1", System: "provider-console", Login: "admin"})
	})
	write(t, p.a, func(w ledger.Writer) error { return w.SetSecret("credential", "c1", []byte("A-password")) })
	// B changes the same password later (B's clock is after A's).
	write(t, p.b, func(w ledger.Writer) error { return w.SetSecret("credential", "c1", []byte("B-password")) })
	write(t, p.b, func(w ledger.Writer) error {
		s, _ := w.Site("s1")
		s.Name = "B 的名字"
		return w.PutSite(&s.Site)
	})
	p.sync()
	write(t, p.a, func(w ledger.Writer) error {
		s, _ := w.Site("s1")
		s.Name = "A 的名字"
		return w.PutSite(&s.Site)
	})
	cs := conflicts(t, p.a)
	if len(cs) != 2 {
		t.Fatalf("want 2 conflicts (password, name), got %+v", cs)
	}
	var pwd []byte
	p.a.Store().Read(func(r ledger.Reader) error { pwd, _ = r.Reveal("credential", "c1"); return nil })
	if string(pwd) != "B-password" {
		t.Fatalf("newer password not kept: %q", pwd)
	}
	for _, c := range cs {
		if c.Column == "secret" {
			if !c.Sealed {
				t.Fatal("a password conflict is kept in clear")
			}
			other, err := p.a.ConflictValue(c.ID, false)
			if err != nil || string(other) != "A-password" {
				t.Fatalf("other password in the conflict: %q %v", other, err)
			}
		}
		if c.Column == "name" && (c.Kept != "A 的名字" || c.Other != "B 的名字") {
			t.Fatalf("name conflict: %+v", c)
		}
	}
	// Resolving takes the other value into the record.
	for _, c := range cs {
		if c.Column == "secret" {
			if err := p.a.ResolveConflict(c.ID, false); err != nil {
				t.Fatal(err)
			}
		}
	}
	p.a.Store().Read(func(r ledger.Reader) error { pwd, _ = r.Reveal("credential", "c1"); return nil })
	if string(pwd) != "A-password" {
		t.Fatalf("resolution to the other value: %q", pwd)
	}
	if n := len(conflicts(t, p.a)); n != 1 {
		t.Fatalf("%d open conflicts after resolving one of two", n)
	}
}

func TestMergeDeletedThereEditedHereKeepsTheRecord(t *testing.T) {
	p := newTwoPCs(t, func(w ledger.Writer) error {
		return w.PutSite(&ledger.Site{Meta: ledger.Meta{ID: "s1"}, Name: "官网"})
	})
	write(t, p.b, func(w ledger.Writer) error { return w.Delete("site", "s1") })
	p.sync()
	write(t, p.a, func(w ledger.Writer) error {
		s, _ := w.Site("s1")
		s.Notes = "还在用"
		return w.PutSite(&s.Site)
	})
	var s ledger.SiteRow
	var err error
	p.a.Store().Read(func(r ledger.Reader) error { s, err = r.Site("s1"); return nil })
	if err != nil || s.Notes != "还在用" {
		t.Fatalf("edited record lost to a deletion: %v %+v", err, s)
	}
	cs := conflicts(t, p.a)
	if len(cs) != 1 || cs[0].Column != "deleted" || cs[0].OtherBy != "张三 (备用联系人)" {
		t.Fatalf("conflicts: %+v", cs)
	}
}

func TestMergeRemovalThereClosesTheVaultToThem(t *testing.T) {
	p := newTwoPCs(t, func(w ledger.Writer) error {
		return w.PutSite(&ledger.Site{Meta: ledger.Meta{ID: "s1"}, Name: "官网"})
	})
	// A third person's identity, added by A before B synced.
	// B (the contact) cannot remove themselves; instead A removes B on A's
	// side while B had saved an edit: B's edit is merged, and B is out.
	write(t, p.b, func(w ledger.Writer) error {
		return w.PutEntity(&ledger.Entity{Meta: ledger.Meta{ID: "e9"}, Name: "张三加的主体"})
	})
	p.sync()
	var zid string
	for _, s := range p.a.Slots() {
		if s.Type == SlotRecipient.String() {
			zid = s.ID
		}
	}
	if _, _, err := p.a.RemoveSlot(zid); err != nil {
		t.Fatal(err)
	}
	var e ledger.Entity
	p.a.Store().Read(func(r ledger.Reader) error { e, _ = r.Entity("e9"); return nil })
	if e.Name != "张三加的主体" {
		t.Fatal("B's save before the removal was lost")
	}
	if _, err := Open(p.path, p.zhang, Options{KnownDir: t.TempDir(), ReadOnly: true}); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("the removed contact still opens the merged vault: %v", err)
	}
}

func TestMergeRefusesAWayInAddedThereUnlessAccepted(t *testing.T) {
	p := newTwoPCs(t, func(w ledger.Writer) error {
		return w.PutSite(&ledger.Site{Meta: ledger.Meta{ID: "s1"}, Name: "官网"})
	})
	if _, err := p.b.AddKey(pass("张三的第二个口令"), "张三的口令"); err != nil {
		t.Fatal(err)
	}
	p.sync()
	err := p.a.Store().Write(func(w ledger.Writer) error { return w.PutEntity(&ledger.Entity{Name: "x"}) })
	var ce *ChangeError
	if !errors.As(err, &ce) || len(ce.Added) != 1 || ce.SavedBy != "张三 (备用联系人)" {
		t.Fatalf("a way in added on the other side: %v", err)
	}
}

func TestConflictCopiesAreFoundAndMerged(t *testing.T) {
	p := newTwoPCs(t, func(w ledger.Writer) error {
		return w.PutSite(&ledger.Site{Meta: ledger.Meta{ID: "s1"}, Name: "官网"})
	})
	write(t, p.b, func(w ledger.Writer) error {
		return w.PutEntity(&ledger.Entity{Meta: ledger.Meta{ID: "e2"}, Name: "冲突副本里的主体"})
	})
	write(t, p.a, func(w ledger.Writer) error {
		return w.PutEntity(&ledger.Entity{Meta: ledger.Meta{ID: "e3"}, Name: "本机的主体"})
	})
	dir := filepath.Dir(p.path)
	data, _ := os.ReadFile(p.other)
	st := filepath.Join(dir, "台账.sync-conflict-20261124-101010-ABCDEFG.beianvault")
	nc := filepath.Join(dir, "台账 (conflicted copy 2026-11-24 101010).beianvault")
	os.WriteFile(st, data, 0o600)
	os.WriteFile(nc, data, 0o600)
	// Another vault's file with a conflict-like name is left alone.
	x, err := Create(filepath.Join(t.TempDir(), "x.beianvault"), pass("x"), "x", Options{KnownDir: "-"})
	if err != nil {
		t.Fatal(err)
	}
	x.Lock()
	xd, _ := os.ReadFile(x.Path())
	foreign := filepath.Join(dir, "台账.sync-conflict-20261125-101010-XXXXXXX.beianvault")
	os.WriteFile(foreign, xd, 0o600)

	copies, err := ConflictCopies(p.path)
	if err != nil || len(copies) != 2 {
		t.Fatalf("conflict copies: %v %v", copies, err)
	}
	for _, c := range copies {
		if _, err := p.a.MergeFile(c); err != nil {
			t.Fatalf("merge %s: %v", filepath.Base(c), err)
		}
		if _, err := os.Stat(c); !os.IsNotExist(err) {
			t.Fatalf("%s not moved to the backups folder", c)
		}
	}
	if _, err := os.Stat(foreign); err != nil {
		t.Fatal("another vault's file was touched")
	}
	for id, name := range map[string]string{"e2": "冲突副本里的主体", "e3": "本机的主体"} {
		var e ledger.Entity
		p.a.Store().Read(func(r ledger.Reader) error { e, _ = r.Entity(id); return nil })
		if e.Name != name {
			t.Fatalf("entity %s lost", id)
		}
	}
	if _, err := p.a.MergeFile(foreign); err == nil || !strings.Contains(err.Error(), "another vault") {
		t.Fatalf("another vault's copy: %v", err)
	}
	matches, _ := filepath.Glob(filepath.Join(BackupDir(p.path), "*.merged-*"))
	if len(matches) != 2 {
		t.Fatalf("merged copies in the backups folder: %v", matches)
	}
}
