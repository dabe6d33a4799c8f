package vault

import (
	"testing"
	"time"

	"beianledger/ledger"
)

// A sync tool renames the other computer's save into place while this
// session is saving — after its look at the file, before its own rename.
// That save must not vanish under ours: it is merged and saved again.
func TestASaveRenamedInDuringOurSaveIsMerged(t *testing.T) {
	p := newTwoPCs(t, func(w ledger.Writer) error {
		return w.PutSite(&ledger.Site{Meta: ledger.Meta{ID: "s1"}, Name: "官网", Number: "京ICP备2021012345号-1"})
	})
	write(t, p.b, func(w ledger.Writer) error {
		s, _ := w.Site("s1")
		s.Notes = "张三：已核对备案信息"
		return w.PutSite(&s.Site)
	})
	synced := false
	saveHook = func(step string) {
		if step == "backed-up" && !synced {
			synced = true
			p.sync()
		}
	}
	defer func() { saveHook = nil }()
	write(t, p.a, func(w ledger.Writer) error {
		s, _ := w.Site("s1")
		s.PSBNumber = "京公网安备11010502000001号"
		return w.PutSite(&s.Site)
	})
	saveHook = nil
	if !synced {
		t.Fatal("the save never reached its rename")
	}
	p.a.Lock()
	v, err := Open(p.path, pass("correct horse"), Options{KnownDir: p.kdA, Now: p.now})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Lock()
	s, err := v.Store().Site("s1")
	if err != nil {
		t.Fatal(err)
	}
	if s.Notes != "张三：已核对备案信息" || s.PSBNumber != "京公网安备11010502000001号" {
		t.Fatalf("on disk: notes %q, 公安备案号 %q: a change was lost", s.Notes, s.PSBNumber)
	}
}

// Two edits of one record by one way in within the same second write two
// audit lines alike (the time has whole seconds). A session that has taken
// the first in still takes the second when it merges.
func TestTwoLikeAuditLinesInOneSecondBothMerge(t *testing.T) {
	p := newTwoPCs(t, func(w ledger.Writer) error {
		return w.PutSite(&ledger.Site{Meta: ledger.Meta{ID: "s1"}, Name: "官网", Number: "京ICP备2021012345号-1"})
	})
	p.b.Lock()
	second := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	b, err := Open(p.other, p.zhang, Options{KnownDir: p.kdB, Now: func() time.Time { return second }})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Lock()
	setNotes(t, b, "s1", "第一次")
	p.sync()
	if _, err := p.a.Reload(); err != nil {
		t.Fatal(err)
	}
	setNotes(t, b, "s1", "第二次")
	p.sync()
	setNotes(t, p.a, "s1", "王五")
	lines, err := p.a.AuditLog(1000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, l := range lines {
		if l.Action == "site.update" && l.Actor == "张三 (备用联系人)" {
			n++
		}
	}
	if n != 2 {
		t.Fatalf("%d audit lines of 张三's two edits after the merge, want 2", n)
	}
}
