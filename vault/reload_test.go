package vault

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"beianledger/ledger"
)

// syncBack brings A's last save to B's folder.
func (p *twoPCs) syncBack() {
	data, err := os.ReadFile(p.path)
	if err != nil {
		p.t.Fatal(err)
	}
	tmp := p.other + ".sync"
	os.WriteFile(tmp, data, 0o600)
	if err := os.Rename(tmp, p.other); err != nil {
		p.t.Fatal(err)
	}
}

func siteField(t *testing.T, v *Vault, id string) ledger.SiteRow {
	t.Helper()
	var s ledger.SiteRow
	if err := v.Store().Read(func(r ledger.Reader) error {
		var err error
		s, err = r.Site(id)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return s
}

func setNotes(t *testing.T, v *Vault, id, notes string) {
	t.Helper()
	write(t, v, func(w ledger.Writer) error {
		s, err := w.Site(id)
		if err != nil {
			return err
		}
		s.Notes = notes
		return w.PutSite(&s.Site)
	})
}

// A window that follows the shared file takes another writer's save in
// without writing one of its own, and a later edit saves above both.
func TestReloadTakesAnotherSaveInWithoutSaving(t *testing.T) {
	p := newTwoPCs(t, func(w ledger.Writer) error {
		return w.PutSite(&ledger.Site{Meta: ledger.Meta{ID: "s1"}, Name: "官网"})
	})
	if rep, err := p.a.Reload(); rep != nil || err != nil {
		t.Fatalf("reload with nothing new: %+v %v", rep, err)
	}
	setNotes(t, p.b, "s1", "张三：已核对")
	p.sync()
	before, _ := os.ReadFile(p.path)
	rep, err := p.a.Reload()
	if err != nil || rep == nil || rep.Records != 1 || rep.From != "张三 (备用联系人)" {
		t.Fatalf("reload: %+v %v", rep, err)
	}
	if s := siteField(t, p.a, "s1"); s.Notes != "张三：已核对" {
		t.Fatalf("B's note not shown after reload: %q", s.Notes)
	}
	after, _ := os.ReadFile(p.path)
	if !bytes.Equal(before, after) {
		t.Fatal("following another writer's save wrote the file")
	}
	if rep, err := p.a.Reload(); rep != nil || err != nil {
		t.Fatalf("second reload of the same save: %+v %v", rep, err)
	}
	write(t, p.a, func(w ledger.Writer) error {
		s, _ := w.Site("s1")
		s.Name = "公司官网"
		return w.PutSite(&s.Site)
	})
	if cs := conflicts(t, p.a); len(cs) != 0 {
		t.Fatalf("conflicts: %+v", cs)
	}
	p.a.Lock()
	w, err := Open(p.path, pass("correct horse"), Options{KnownDir: p.kdA})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Lock()
	if s := siteField(t, w, "s1"); s.Name != "公司官网" || s.Notes != "张三：已核对" {
		t.Fatalf("saved after reload: %+v", s)
	}
}

// Two people take turns on one field, each merging the other's save: the
// later value wins with no conflict. Before saves carried the lineage of
// what they merged, the second merge compared against the version both
// started from and saw both sides change the field.
func TestTurnsOnOneFieldAreNoConflict(t *testing.T) {
	for _, viaReload := range []bool{false, true} {
		p := newTwoPCs(t, func(w ledger.Writer) error {
			return w.PutSite(&ledger.Site{Meta: ledger.Meta{ID: "s1"}, Name: "官网", Notes: "0"})
		})
		setNotes(t, p.b, "s1", "1 张三")
		p.sync()
		if viaReload {
			if _, err := p.a.Reload(); err != nil {
				t.Fatal(err)
			}
		}
		setNotes(t, p.a, "s1", "2 王五")
		p.syncBack()
		if viaReload {
			if _, err := p.b.Reload(); err != nil {
				t.Fatal(err)
			}
		}
		write(t, p.b, func(w ledger.Writer) error {
			return w.PutEntity(&ledger.Entity{Meta: ledger.Meta{ID: "e9"}, Name: "上海示例有限公司"})
		})
		if cs := conflicts(t, p.b); len(cs) != 0 {
			t.Fatalf("reload=%v: turns on one field made conflicts: %+v", viaReload, cs)
		}
		if s := siteField(t, p.b, "s1"); s.Notes != "2 王五" {
			t.Fatalf("reload=%v: later value lost: %q", viaReload, s.Notes)
		}
	}
}

// A read-only window follows the writer's saves, and a way in added by
// someone else stops it with the same question as on open.
func TestReloadReadOnlyFollowsAndAsksAboutNewWaysIn(t *testing.T) {
	p := newTwoPCs(t, func(w ledger.Writer) error {
		return w.PutSite(&ledger.Site{Meta: ledger.Meta{ID: "s1"}, Name: "官网"})
	})
	ro, err := Open(p.path, pass("correct horse"), Options{KnownDir: p.kdA, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Lock()
	setNotes(t, p.a, "s1", "王五：续期材料已交")
	rep, err := ro.Reload()
	if err != nil || rep == nil {
		t.Fatalf("read-only reload: %+v %v", rep, err)
	}
	if s := siteField(t, ro, "s1"); s.Notes != "王五：续期材料已交" {
		t.Fatalf("read-only view did not follow: %q", s.Notes)
	}
	// Sealed values open with the keys of the save taken over.
	write(t, p.a, func(w ledger.Writer) error {
		return w.PutCredential(&ledger.Credential{Meta: ledger.Meta{ID: "c1"}, SiteID: "s1", System: "provider-console", Login: "admin"})
	})
	write(t, p.a, func(w ledger.Writer) error { return w.SetSecret("credential", "c1", []byte("s3cret-控制台")) })
	if _, _, err := p.a.RemoveSlot(p.a.Slots()[1].ID); err != nil { // new keys
		t.Fatal(err)
	}
	if _, err := ro.Reload(); err != nil {
		t.Fatal(err)
	}
	var pwd []byte
	ro.Store().Read(func(r ledger.Reader) error { pwd, err = r.Reveal("credential", "c1"); return nil })
	if string(pwd) != "s3cret-控制台" {
		t.Fatalf("secret after taking over rotated keys: %q %v", pwd, err)
	}
	if _, err := p.a.AddRecipient(GenerateIdentity().Recipient(), "陌生人"); err != nil {
		t.Fatal(err)
	}
	_, err = ro.Reload()
	var ce *ChangeError
	if !errors.As(err, &ce) || len(ce.Added) != 1 || ce.Added[0].Label != "陌生人" {
		t.Fatalf("a way in added elsewhere was taken over silently: %v", err)
	}
}

// A removal in the other save is taken in and saved at once: the removed
// way in no longer opens the file.
func TestReloadOfARemovalSavesNewKeys(t *testing.T) {
	p := newTwoPCs(t, func(w ledger.Writer) error {
		return w.PutSite(&ledger.Site{Meta: ledger.Meta{ID: "s1"}, Name: "官网"})
	})
	third := GenerateIdentity()
	if _, err := p.b.AddRecipient(third.Recipient(), "李四"); err != nil {
		t.Fatal(err)
	}
	p.sync()
	p.a.opts.AcceptChanges = true
	if _, err := p.a.Reload(); err != nil {
		t.Fatal(err)
	}
	p.a.opts.AcceptChanges = false
	p.syncBack()
	if _, err := p.b.Reload(); err != nil {
		t.Fatal(err)
	}
	li, err := p.b.FindSlot("李四")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := p.b.RemoveSlot(li.ID); err != nil {
		t.Fatal(err)
	}
	p.sync()
	if _, err := p.a.Reload(); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(p.path, third, Options{KnownDir: t.TempDir()}); err == nil {
		t.Fatal("the removed way in still opens the file after the reload")
	}
	if _, err := Open(p.path, pass("correct horse"), Options{KnownDir: t.TempDir(), ReadOnly: true}); err != nil {
		t.Fatal(err)
	}
}

// Search follows what a merge took: a site is found by its entity's new
// name and by a contact added on the other side, and no longer by the old
// name (only the sites those records feed are recomputed).
func TestMergedSearchFollowsLinkedRecords(t *testing.T) {
	p := newTwoPCs(t, func(w ledger.Writer) error {
		if err := w.PutEntity(&ledger.Entity{Meta: ledger.Meta{ID: "e1"}, Name: "北京旧名有限公司"}); err != nil {
			return err
		}
		if err := w.PutSite(&ledger.Site{Meta: ledger.Meta{ID: "s1"}, Name: "官网", EntityID: "e1"}); err != nil {
			return err
		}
		return w.PutSite(&ledger.Site{Meta: ledger.Meta{ID: "s2"}, Name: "商城"})
	})
	write(t, p.b, func(w ledger.Writer) error {
		e, _ := w.Entity("e1")
		e.Name = "北京新名有限公司"
		if err := w.PutEntity(&e); err != nil {
			return err
		}
		return w.PutContact(&ledger.Contact{Meta: ledger.Meta{ID: "c1"}, Name: "赵六", SiteIDs: []string{"s2"}})
	})
	p.sync()
	setNotes(t, p.a, "s1", "王五")
	find := func(q string) []string {
		var ids []string
		p.a.Store().Read(func(r ledger.Reader) error {
			rows, err := r.Search(q, 10)
			for _, s := range rows {
				ids = append(ids, s.ID)
			}
			return err
		})
		return ids
	}
	if got := find("新名"); len(got) != 1 || got[0] != "s1" {
		t.Fatalf("search by the merged entity name: %v", got)
	}
	if got := find("旧名"); len(got) != 0 {
		t.Fatalf("search by the old entity name still finds: %v", got)
	}
	if got := find("赵六"); len(got) != 1 || got[0] != "s2" {
		t.Fatalf("search by the merged contact: %v", got)
	}
}

// Every audit line says which computer wrote it, and a merge keeps the
// other computer's lines with their host.
func TestAuditLinesNameTheHost(t *testing.T) {
	p := newTwoPCs(t, func(w ledger.Writer) error {
		return w.PutSite(&ledger.Site{Meta: ledger.Meta{ID: "s1"}, Name: "官网"})
	})
	// B writes on another computer.
	here := hostName
	hostName = func() string { return "ZHANG-LAPTOP" }
	setNotes(t, p.b, "s1", "张三")
	hostName = here
	p.sync()
	setNotes(t, p.a, "s1", "王五")
	log, err := p.a.AuditLog(100)
	if err != nil {
		t.Fatal(err)
	}
	var own, theirs bool
	for _, l := range log {
		own = own || l.Actor == "王五 (管理员)" && l.Host == hostName() && l.Host != ""
		theirs = theirs || l.Actor == "张三 (备用联系人)" && l.Host == "ZHANG-LAPTOP"
	}
	if !own || !theirs {
		t.Fatalf("hosts in the audit: %+v", log)
	}
}
