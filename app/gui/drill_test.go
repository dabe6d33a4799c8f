package gui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"beianledger/app/i18n"
	"beianledger/ledger"
	"beianledger/ledger/letter"
	"beianledger/ledger/remind"
	"beianledger/vault"
)

// vaultWithContact makes a vault with a backup contact's identity file;
// it returns the vault, the identity file and the contact's way-in id.
func vaultWithContact(t *testing.T, fill func(w ledger.Writer) error) (string, string, string) {
	t.Helper()
	path := makeVault(t, fill)
	v, err := vault.Open(path, pass(testPass), vault.Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	id := vault.GenerateIdentity()
	slot, err := v.AddKey(id, "李四（备用联系人）")
	if err != nil {
		t.Fatal(err)
	}
	v.Lock()
	data, err := vault.MarshalIdentity(id, []byte("联系人口令"), vault.TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	idf := filepath.Join(t.TempDir(), "李四.beianid")
	if err := os.WriteFile(idf, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path, idf, slot.ID
}

// A backup contact who unlocks the window with their identity file has
// done the access drill: the day is recorded for their way in, the bar
// says so, and the overdue drill reminder goes.
func TestIdentityUnlockRecordsTheDrill(t *testing.T) {
	path, idf, wayID := vaultWithContact(t, nil)
	h := start(t, i18n.ZH, path)
	h.clock.mu.Lock()
	later := testToday.AddDate(0, 7, 0) // the drill is overdue by a month
	h.clock.now = later
	h.clock.mu.Unlock()
	s := h.u.unlock
	for label, w := range s.wayKeys {
		if w == wayIdentity {
			s.ways.SetSelected(label)
		}
	}
	s.idFile.SetText(idf)
	test.Type(s.pass, "联系人口令")
	s.pass.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.u.wait()
	u := h.u
	if u.main == nil {
		t.Fatalf("not unlocked: %q", u.lastError)
	}
	today := ledger.DateOf(later)
	got, err := u.store.Setting(remind.SettingDrillPrefix + wayID)
	if err != nil || got != today.String() {
		t.Fatalf("drill recorded %q %v, want %s", got, err, today)
	}
	if msg := u.main.undo.msg.Text; !strings.Contains(msg, "访问演练已记录") || !strings.Contains(msg, "李四（备用联系人）") || !strings.Contains(msg, today.AddMonths(6).Chinese()) {
		t.Fatalf("bar %q", msg)
	}
	u.main.dash.load()
	u.wait()
	for _, it := range u.main.dash.items {
		if it.Kind == remind.KindAccessDrill {
			t.Fatalf("drill still due: %+v", it)
		}
	}
	// A second unlock the same day writes nothing more.
	before := u.writes.Load()
	u.recordDrill()
	u.wait()
	if u.writes.Load() != before {
		t.Fatal("the drill was recorded twice in a day")
	}
}

// The administrator's unlock records no drill; Done on the contact's
// drill reminder explains what the contact must do and marks nothing.
func TestDrillDoneExplainsAndMarksNothing(t *testing.T) {
	path, _, wayID := vaultWithContact(t, nil)
	h := start(t, i18n.ZH, path)
	h.clock.mu.Lock()
	h.clock.now = testToday.AddDate(0, 7, 0)
	h.clock.mu.Unlock()
	h.unlock(testPass)
	u := h.u
	if got, _ := u.store.Setting(remind.SettingDrillPrefix + wayID); got != "" {
		t.Fatalf("the administrator's unlock recorded a drill: %q", got)
	}
	d := h.dashboard()
	it := firstOfKind(t, d, remind.KindAccessDrill)
	before := u.writes.Load()
	d.done(it)
	u.wait()
	if !strings.Contains(d.explained, "李四（备用联系人）本人") || !strings.Contains(d.explained, "身份文件") {
		t.Fatalf("explained %q", d.explained)
	}
	if u.writes.Load() != before {
		t.Fatal("Done on a drill wrote to the vault")
	}
	d.load()
	u.wait()
	firstOfKind(t, d, remind.KindAccessDrill)
}

// Done on a stale emergency kit opens the letters screen at the kit.
func TestKitStaleDoneOpensTheKit(t *testing.T) {
	h := openWith(t, i18n.ZH, func(w ledger.Writer) error {
		return remind.RecordKitMade(w, ledger.DateOf(testToday).AddMonths(-13))
	})
	u := h.u
	d := h.dashboard()
	it := firstOfKind(t, d, remind.KindKitStale)
	d.done(it)
	u.wait()
	ls, ok := u.main.screens[navLetters].(*lettersScreen)
	if !ok || u.main.current != navLetters || ls.kindID() != letter.KindKit {
		t.Fatalf("screen %d kind %q", u.main.current, ls.kindID())
	}
}
