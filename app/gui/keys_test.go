package gui

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"beianledger/app/i18n"
)

// press types s as the desktop driver does (internal/driver/glfw,
// triggersShortcut): an item of the window's main menu with that shortcut
// first, else the focused widget if it takes shortcuts, else the canvas.
func (h *harness) press(s fyne.Shortcut) {
	h.t.Helper()
	if m := h.win.MainMenu(); m != nil {
		for _, menu := range m.Items {
			for _, it := range menu.Items {
				if it.Shortcut != nil && it.Shortcut.ShortcutName() == s.ShortcutName() && it.Action != nil {
					it.Action()
					h.u.wait()
					return
				}
			}
		}
	}
	if f, ok := h.win.Canvas().Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(s)
	} else {
		h.canvasShortcut(s)
	}
	h.u.wait()
}

// pressIn focuses o and types s.
func (h *harness) pressIn(o fyne.Focusable, s fyne.Shortcut) {
	h.t.Helper()
	h.win.Canvas().Focus(o)
	h.press(s)
}

// TestMenuCarriesShortcuts: while a vault is open the main menu holds every
// app shortcut (so no focused widget can swallow one); locked, no menu.
func TestMenuCarriesShortcuts(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(2))
	m := h.win.MainMenu()
	if m == nil {
		t.Fatal("no main menu while unlocked")
	}
	have := map[string]bool{}
	for _, menu := range m.Items {
		for _, it := range menu.Items {
			if it.Shortcut != nil && it.Action != nil {
				have[it.Shortcut.ShortcutName()] = true
			}
		}
	}
	for _, sc := range appShortcuts() {
		if !have[sc.ShortcutName()] {
			t.Errorf("%s is not in the main menu", sc.ShortcutName())
		}
	}
	h.press(scLock)
	if h.win.MainMenu() != nil {
		t.Error("a main menu on the unlock screen")
	}
}

// TestLockFromValueLabel: a click on a value in the site details gives it
// the focus (with a visible ring), Ctrl+C copies the value, and Ctrl+L
// still locks (issue 19, item 1: the selectable label swallowed it).
func TestLockFromValueLabel(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(2))
	d := h.selectFirst()
	if len(d.values) == 0 {
		t.Fatal("no values in the site details")
	}
	v := d.values[0]
	test.Tap(v)
	if h.win.Canvas().Focused() != v {
		t.Fatal("a click on a value does not focus it")
	}
	r := test.WidgetRenderer(v).(*valueRenderer)
	if r.ring.StrokeWidth == 0 {
		t.Error("the focused value shows no focus ring")
	}
	h.press(&fyne.ShortcutCopy{Clipboard: h.app.Clipboard()})
	if got := h.app.Clipboard().Content(); got != v.Text() {
		t.Errorf("Ctrl+C copied %q, want %q", got, v.Text())
	}
	h.press(scLock)
	if h.u.main != nil || h.u.unlock == nil {
		t.Fatal("Ctrl+L in a value label did not lock")
	}
}

// TestSaveFromProviderField: Ctrl+S with the cursor in the site form's
// 接入商 field (a SelectEntry) saves (issue 19, item 2).
func TestSaveFromProviderField(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(2))
	h.press(scNew)
	f := h.u.main.sites.form
	if f == nil {
		t.Fatal("no form")
	}
	test.Type(f.name, "接入商保存")
	test.Type(f.provider, "阿里云")
	h.pressIn(f.provider, scSave)
	if h.u.main.sites.form != nil {
		t.Fatalf("Ctrl+S in the provider field did not save (form still open, %q)", h.u.lastError)
	}
	rows, err := h.u.store.Search("接入商保存", 10)
	if err != nil || len(rows) != 1 {
		t.Fatalf("saved sites: %v, %v", rows, err)
	}
}

// TestSearchDownAndReturn: Down in the search box moves into the results
// (the first selected, the list focused); Return opens the first result,
// also before the search pause has passed (issue 19, item 14).
func TestSearchDownAndReturn(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(5))
	s := h.u.main.sites
	h.u.wait()
	test.Type(s.search, s.rows[2].Name)
	h.key(s.search, fyne.KeyReturn) // the search has not run yet
	h.u.wait()
	if len(s.rows) == 0 || s.selected != s.rows[0].ID {
		t.Fatalf("Return did not open the first result: selected %q", s.selected)
	}
	s.search.SetText("")
	h.clock.Advance(searchDebounce)
	h.u.wait()
	h.win.Canvas().Focus(s.search)
	h.key(s.search, fyne.KeyDown)
	h.u.wait()
	if h.win.Canvas().Focused() != s.list || s.selected != s.rows[0].ID {
		t.Fatalf("Down: focus %T, selected %q", h.win.Canvas().Focused(), s.selected)
	}
}

// TestRecentVaultsAndPicker: the start screen lists the vaults opened
// before (one tap: its unlock screen), and Open with nothing typed opens
// the file dialog instead of doing nothing (issue 19, item 10).
func TestRecentVaultsAndPicker(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(1))
	path := h.u.path
	h.press(scLock)
	h.u.showStart()
	s := h.u.start
	if len(s.recent) != 1 || !strings.Contains(s.recent[0].Text, filepath.Base(path)) {
		t.Fatalf("recent vaults %d", len(s.recent))
	}
	picked := 0
	s.pick = func() { picked++ }
	test.Tap(s.openExisting)
	test.Tap(s.browseOpen)
	if picked != 2 {
		t.Fatalf("Open with no path and Choose opened the file dialog %d times, want 2", picked)
	}
	test.Tap(s.recent[0])
	if h.u.unlock == nil || h.u.path != path {
		t.Fatalf("the recent vault did not open: %q", h.u.path)
	}
}

// TestCopySaysWhenCleared: copying a password says that the clipboard is
// cleared and when (issue 19, item 9); Settings hides the input-method
// diagnostics unless asked for (item 20).
func TestCopySaysWhenCleared(t *testing.T) {
	h := openWith(t, i18n.ZH, withCredential("Xk9#p2$mQ"))
	d := h.selectFirst()
	test.Tap(d.creds[0].copy)
	h.u.wait()
	if bar := h.u.main.undo; !bar.box.Visible() || bar.msg.Text != "已复制，30 秒后清除" || bar.btn.Visible() {
		t.Errorf("bar %q", bar.msg.Text)
	}
	h.u.main.show(navSettings)
	if h.u.main.settings.diagBox.Visible() {
		t.Error("the diagnostics show without " + DiagEnv)
	}
}
