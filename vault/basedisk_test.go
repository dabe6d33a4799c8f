//go:build !windows

package vault

import (
	"bytes"
	"os"
	"testing"

	"beianledger/ledger"
)

// reopenAOnDisk reopens A as a one-command writer does: the merge base is
// the file it opened, and no backups are kept, so no other base exists.
func reopenAOnDisk(t *testing.T, p *twoPCs) {
	t.Helper()
	p.a.Lock()
	a, err := Open(p.path, pass("correct horse"), Options{KnownDir: p.kdA, Now: p.now, BaseOnDisk: true, KeepBackups: -1})
	if err != nil {
		t.Fatal(err)
	}
	p.a = a
}

func siteOf(t *testing.T, v *Vault, id string) ledger.SiteRow {
	t.Helper()
	var s ledger.SiteRow
	if err := v.Store().Read(func(r ledger.Reader) (err error) { s, err = r.Site(id); return err }); err != nil {
		t.Fatal(err)
	}
	return s
}

// B's save is renamed over the file A opened; A's next save merges three
// ways against the opened file, read again through its descriptor.
func TestBaseOnDiskIsTheOpenedFile(t *testing.T) {
	p := newTwoPCs(t, func(w ledger.Writer) error {
		return w.PutSite(&ledger.Site{Meta: ledger.Meta{ID: "s1"}, Name: "官网", Number: "京ICP备2021012345号-1", Domains: []string{"example.cn"}})
	})
	reopenAOnDisk(t, p)
	if p.a.baseSealed == nil || p.a.baseSealed.fd == nil || p.a.baseSealed.file != nil {
		t.Fatal("the merge base is not the opened file")
	}
	write(t, p.b, func(w ledger.Writer) error {
		s, _ := w.Site("s1")
		s.Notes = "张三：已核对"
		return w.PutSite(&s.Site)
	})
	p.sync()
	again := baseReadAgain.Load()
	write(t, p.a, func(w ledger.Writer) error {
		s, _ := w.Site("s1")
		s.Name = "公司官网"
		return w.PutSite(&s.Site)
	})
	if m := p.a.LastMerge(); m == nil || m.TwoWay {
		t.Fatalf("not merged against the opened file: %+v", m)
	}
	if baseReadAgain.Load() == again {
		t.Fatal("the base was not read again through the descriptor")
	}
	if s := siteOf(t, p.a, "s1"); s.Name != "公司官网" || s.Notes != "张三：已核对" {
		t.Fatalf("a field was lost: %q %q", s.Name, s.Notes)
	}
	if cs := conflicts(t, p.a); len(cs) != 0 {
		t.Fatalf("conflicts where there are none: %+v", cs)
	}
	// After its own save the session's base is the file that save wrote,
	// kept open in turn (sealed as it was written, never in memory whole).
	b := p.a.baseSealed
	if b == nil || b.fd == nil || b.file != nil {
		t.Fatal("the base after a save is not the file it wrote")
	}
	onDisk, err := os.ReadFile(p.path)
	if err != nil || len(onDisk) != b.size || !bytes.Equal(onDisk[:len(b.prefix)], b.prefix) {
		t.Fatalf("the base is not the file on disk: %v", err)
	}
	db, done, err := p.a.openBase()
	if err != nil {
		t.Fatalf("the base written does not open: %v", err)
	}
	var name string
	db.QueryRow(`SELECT name FROM site WHERE id = 's1'`).Scan(&name)
	done()
	if name != "公司官网" {
		t.Fatalf("the base holds %q", name)
	}
}

// A tool that rewrites the file in place (same file, new bytes) leaves no
// opened file to merge against: it is not taken as the base, and the save
// still merges (two ways) and loses nothing.
func TestBaseOnDiskChangedInPlaceIsNoBase(t *testing.T) {
	p := newTwoPCs(t, func(w ledger.Writer) error {
		return w.PutSite(&ledger.Site{Meta: ledger.Meta{ID: "s1"}, Name: "官网", Number: "京ICP备2021012345号-1", Domains: []string{"example.cn"}})
	})
	reopenAOnDisk(t, p)
	write(t, p.b, func(w ledger.Writer) error {
		s, _ := w.Site("s1")
		s.Notes = "张三：已核对"
		return w.PutSite(&s.Site)
	})
	data, err := os.ReadFile(p.other)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p.path, data, 0o600); err != nil { // same inode
		t.Fatal(err)
	}
	again := baseReadAgain.Load()
	write(t, p.a, func(w ledger.Writer) error {
		return w.PutEntity(&ledger.Entity{Meta: ledger.Meta{ID: "e2"}, Name: "上海示例有限公司"})
	})
	if baseReadAgain.Load() != again {
		t.Fatal("a file changed in place was taken as the base")
	}
	if m := p.a.LastMerge(); m == nil || !m.TwoWay {
		t.Fatalf("merge report: %+v", m)
	}
	if s := siteOf(t, p.a, "s1"); s.Notes != "张三：已核对" {
		t.Fatalf("B's change was lost: %q", s.Notes)
	}
	var e ledger.Entity
	p.a.Store().Read(func(r ledger.Reader) error { e, _ = r.Entity("e2"); return nil })
	if e.Name != "上海示例有限公司" {
		t.Fatal("A's change was lost")
	}
}
