package gui

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"beianledger/app/i18n"
	"beianledger/ledger"
	"beianledger/vault"
)

// copyOut is another computer's copy of the open vault as it is now.
func (h *harness) copyOut() string {
	h.t.Helper()
	data, err := os.ReadFile(h.u.path)
	if err != nil {
		h.t.Fatal(err)
	}
	p := filepath.Join(h.t.TempDir(), filepath.Base(h.u.path))
	if err := os.WriteFile(p, data, 0o600); err != nil {
		h.t.Fatal(err)
	}
	return p
}

// saveElsewhere makes a change on the copy at p, an hour later than now,
// and brings the result over the open vault as a sync tool does.
func (h *harness) saveElsewhere(p string, f func(w ledger.Writer) error) {
	h.t.Helper()
	later := func() time.Time { return time.Now().Add(time.Hour) }
	v, err := vault.Open(p, vault.NewPassphrase([]byte(testPass), vault.TestKDF), vault.Options{KnownDir: h.t.TempDir(), Now: later})
	if err != nil {
		h.t.Fatal(err)
	}
	if err := v.Store().Write(f); err != nil {
		h.t.Fatal(err)
	}
	v.Lock()
	data, _ := os.ReadFile(p)
	tmp := h.u.path + ".sync-tmp"
	os.WriteFile(tmp, data, 0o600)
	if err := os.Rename(tmp, h.u.path); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) barText() string {
	b := h.u.main.undo
	if !b.box.Visible() {
		return ""
	}
	return b.msg.Text
}

func firstSiteID(t *testing.T, st ledger.Store) string {
	rows, err := st.Sites()
	if err != nil || len(rows) == 0 {
		t.Fatalf("sites: %v %v", rows, err)
	}
	return rows[0].ID
}

// The window follows another writer's save: the new site is listed, the
// bar says who saved, and the window does not save over it.
func TestFollowAnotherWritersSave(t *testing.T) {
	h := openWith(t, i18n.ZH, withCredential("Old-Secret1!"))
	u := h.u
	id := firstSiteID(t, u.store)
	other := h.copyOut()
	h.saveElsewhere(other, func(w ledger.Writer) error {
		s, err := w.Site(id)
		if err != nil {
			return err
		}
		s.Notes = "另一台电脑：已核对"
		if err := w.PutSite(&s.Site); err != nil {
			return err
		}
		return w.PutSite(&ledger.Site{Name: "另一台电脑新增的网站"})
	})
	before, _ := os.ReadFile(u.path)
	u.reloadFromDisk(time.Time{})
	u.wait()
	var names []string
	for _, r := range u.main.sites.rows {
		names = append(names, r.Name)
	}
	if !strings.Contains(strings.Join(names, ","), "另一台电脑新增的网站") {
		t.Fatalf("the list does not show the other writer's site: %v", names)
	}
	if got := h.barText(); !strings.Contains(got, "已并入") || !strings.Contains(got, "2 条记录") {
		t.Errorf("bar says %q", got)
	}
	if s, _ := u.store.Site(id); s.Notes != "另一台电脑：已核对" {
		t.Errorf("notes after reload %q", s.Notes)
	}
	if after, _ := os.ReadFile(u.path); !bytes.Equal(before, after) {
		t.Error("the window saved over the other writer's save")
	}
}

// A form open while another writer's save comes in keeps the user's edits,
// and saving it keeps the other writer's change of another field.
func TestOpenFormKeepsTheOtherWritersFields(t *testing.T) {
	h := openWith(t, i18n.ZH, withCredential("Old-Secret1!"))
	u := h.u
	s := u.main.sites
	d := h.selectFirst()
	id := s.selected
	other := h.copyOut()
	test.Tap(d.edit)
	u.wait()
	s.form.name.SetText("王五改的名称")
	h.saveElsewhere(other, func(w ledger.Writer) error {
		r, err := w.Site(id)
		if err != nil {
			return err
		}
		r.Notes = "张三的备注"
		r.Domains = []string{"example.cn"}
		return w.PutSite(&r.Site)
	})
	u.reloadFromDisk(time.Time{})
	u.wait()
	if s.form == nil || !s.form.dirty || s.form.name.Text != "王五改的名称" {
		t.Fatal("the reload took the user's edits away")
	}
	if got := h.barText(); !strings.Contains(got, "你正在编辑的表单保留你的修改") {
		t.Errorf("bar says %q", got)
	}
	h.saveNow()
	got, err := u.store.Site(id)
	if err != nil || got.Name != "王五改的名称" || got.Notes != "张三的备注" || len(got.Domains) != 1 {
		t.Fatalf("after saving the form: %+v %v", got.Site, err)
	}
}

// buttonIn finds the first button labelled text inside o.
func buttonIn(o fyne.CanvasObject, text string) *widget.Button {
	if b, ok := o.(*widget.Button); ok && b.Text == text {
		return b
	}
	var objs []fyne.CanvasObject
	switch x := o.(type) {
	case *fyne.Container:
		objs = x.Objects
	case *container.Scroll:
		objs = []fyne.CanvasObject{x.Content}
	case *widget.PopUp:
		objs = []fyne.CanvasObject{x.Content}
	}
	for _, c := range objs {
		if b := buttonIn(c, text); b != nil {
			return b
		}
	}
	return nil
}

// Both changed the same field: the top bar counts the conflict, the dialog
// shows both values side by side (the password masked until shown) and
// taking the other value writes it into the record.
func TestConflictsButtonAndChoice(t *testing.T) {
	h := openWith(t, i18n.ZH, withCredential("Old-Secret1!"))
	u := h.u
	id := firstSiteID(t, u.store)
	creds, _ := u.store.Credentials()
	other := h.copyOut()
	if err := u.store.Write(func(w ledger.Writer) error {
		r, _ := w.Site(id)
		r.Notes = "王五的备注"
		if err := w.PutSite(&r.Site); err != nil {
			return err
		}
		return w.SetSecret("credential", creds[0].ID, []byte("Wang-Secret1!"))
	}); err != nil {
		t.Fatal(err)
	}
	h.saveElsewhere(other, func(w ledger.Writer) error {
		r, _ := w.Site(id)
		r.Notes = "张三的备注"
		if err := w.PutSite(&r.Site); err != nil {
			return err
		}
		return w.SetSecret("credential", creds[0].ID, []byte("Zhang-Secret1!"))
	})
	u.reloadFromDisk(time.Time{})
	u.wait()
	u.wait()
	btn := u.main.conflictsBtn
	if !btn.Visible() || btn.Text != "2 处冲突待处理" {
		t.Fatalf("conflicts button: visible %v %q (bar %q)", btn.Visible(), btn.Text, h.barText())
	}
	test.Tap(btn)
	u.wait()
	d := u.conflictsBox
	if d == nil || !d.Visible() {
		t.Fatal("no conflicts dialog")
	}
	texts := strings.Join(visibleTexts(d.pop.Content), "|")
	for _, want := range []string{"网站 示例网站 · 备注", "张三的备注", "王五的备注", "••••••（已加密）", "采用另一值"} {
		if !strings.Contains(texts, want) {
			t.Errorf("dialog lacks %q: %s", want, texts)
		}
	}
	if strings.Contains(texts, "Secret1!") {
		t.Fatal("a password shows before Show is tapped")
	}
	test.Tap(buttonIn(d.pop.Content, "显示"))
	texts = strings.Join(visibleTexts(d.pop.Content), "|")
	if !strings.Contains(texts, "Wang-Secret1!") && !strings.Contains(texts, "Zhang-Secret1!") {
		t.Errorf("Show did not reveal the passwords: %s", texts)
	}
	// The notes card comes first (oldest first, then by row); take the other.
	take := buttonIn(d.pop.Content, "采用另一值")
	test.Tap(take)
	u.wait()
	u.wait()
	got, _ := u.store.Site(id)
	cs, _ := u.v.Conflicts()
	if len(cs) != 1 {
		t.Fatalf("%d conflicts left", len(cs))
	}
	if btn.Text != "1 处冲突待处理" {
		t.Errorf("button after resolving one: %q", btn.Text)
	}
	// Whichever card came first, taking the other value brought back
	// 王五's, the older of the two (张三 saved an hour later).
	switch cs[0].Column {
	case "notes":
		pw, err := u.store.Reveal("credential", creds[0].ID)
		if err != nil || string(pw) != "Wang-Secret1!" {
			t.Errorf("took the other password, have %q %v", pw, err)
		}
	case "secret":
		if got.Notes != "王五的备注" {
			t.Errorf("took the other notes, have %q", got.Notes)
		}
	default:
		t.Errorf("left: %+v", cs[0])
	}
}

// The watch itself: a save renamed over the file is noticed and merged in
// (fsnotify on the real folder; the hand-over to Fyne's goroutine goes
// through a channel the test drains).
func TestWatchNoticesARename(t *testing.T) {
	h := start(t, i18n.ZH, makeVault(t, withCredential("Old-Secret1!")))
	fired := make(chan func(), 4)
	h.u.follow = true
	h.u.followDo = func(f func()) { fired <- f }
	h.unlock(testPass)
	u := h.u
	if u.stopWatch == nil {
		t.Fatal("not watching the vault")
	}
	other := h.copyOut()
	h.saveElsewhere(other, func(w ledger.Writer) error { return w.PutSite(&ledger.Site{Name: "同步来的网站"}) })
	select {
	case f := <-fired:
		f()
	case <-time.After(30 * time.Second):
		t.Fatal("the rename was not noticed")
	}
	u.wait()
	if got := h.barText(); !strings.Contains(got, "已并入") {
		t.Fatalf("bar says %q", got)
	}
	if rows, _ := u.store.Search("同步来的网站", 5); len(rows) != 1 {
		t.Fatal("the synced site is not in the session")
	}
	u.lock()
	if u.stopWatch != nil {
		t.Error("still watching after lock")
	}
}

// TestConflictsScreenshot writes the conflicts dialog, Chinese and
// English, to $BEIANLEDGER_SHOTS (docs/screenshots) for the user guide.
func TestConflictsScreenshot(t *testing.T) {
	dir := os.Getenv("BEIANLEDGER_SHOTS")
	if dir == "" {
		t.Skip("BEIANLEDGER_SHOTS not set")
	}
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		h := openWith(t, lang, withCredential("Old-Secret1!"))
		u := h.u
		id := firstSiteID(t, u.store)
		other := h.copyOut()
		u.store.Write(func(w ledger.Writer) error {
			r, _ := w.Site(id)
			r.Notes = "王五：已提交续期材料"
			return w.PutSite(&r.Site)
		})
		creds, _ := u.store.Credentials()
		h.saveElsewhere(other, func(w ledger.Writer) error {
			r, _ := w.Site(id)
			r.Notes = "张三：接入商要求补交授权书"
			if err := w.PutSite(&r.Site); err != nil {
				return err
			}
			return w.SetSecret("credential", creds[0].ID, []byte("Zhang-Secret1!"))
		})
		u.store.Write(func(w ledger.Writer) error { return w.SetSecret("credential", creds[0].ID, []byte("Wang-Secret1!")) })
		u.wait()
		u.refreshConflicts()
		u.wait()
		test.Tap(u.main.conflictsBtn)
		u.wait()
		h.writeShot(dir, lang, "conflicts")
	}
}

// A list read again (a search cleared, another writer's save followed)
// selects the site it showed before; a new form opened meanwhile, still
// empty, stays open. It used to be replaced by the site's details, and
// what the user then typed went nowhere.
func TestReloadedListKeepsANewForm(t *testing.T) {
	h := openWith(t, i18n.ZH, withCredential("Old-Secret1!"))
	u := h.u
	s := u.main.sites
	h.selectFirst()
	u.shortcut(scNew)
	u.wait()
	if s.form == nil {
		t.Fatal("Ctrl+N opened no form")
	}
	f := s.form
	s.load()
	u.wait()
	if s.form != f {
		t.Fatal("reading the list again closed the new form")
	}
}

// writeShot saves the window as dir/LANG-NAME.png (zh or en), for the docs.
func (h *harness) writeShot(dir string, lang i18n.Lang, name string) {
	h.t.Helper()
	prefix := "zh-"
	if lang == i18n.EN {
		prefix = "en-"
	}
	f, err := os.Create(filepath.Join(dir, prefix+name+".png"))
	if err != nil {
		h.t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, h.win.Canvas().Capture()); err != nil {
		h.t.Fatal(err)
	}
}

// TestSettleBounded: the wait before reading another writer's save is the
// quiet time after a change, but never past reloadMaxWait from the first
// change while saves keep coming.
func TestSettleBounded(t *testing.T) {
	t0 := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		after, want time.Duration
	}{
		{0, reloadSettle},
		{100 * time.Millisecond, reloadSettle},
		{300 * time.Millisecond, reloadMaxWait - 300*time.Millisecond},
		{reloadMaxWait, 0},
		{2 * time.Second, 0},
	} {
		if got := settleFor(t0, t0.Add(c.after)); got != c.want {
			t.Errorf("a change %v after the first: wait %v, want %v", c.after, got, c.want)
		}
	}
}
