package vault

import (
	"strings"
	"testing"

	"beianledger/ledger"
	"beianledger/ledger/remind"
)

// TestRemovalNamesWhoLeft: removing a way in marks every credential with a
// password "rotate now" (issue 16), and the reminders to change them name
// the removed way in by its label; a second removal adds its name to the
// credentials still marked; a credential saved without the mark loses its
// names, so a later mark by hand does not blame anyone.
func TestRemovalNamesWhoLeft(t *testing.T) {
	v, _ := newVault(t, t.TempDir())
	defer v.Lock()
	zs, err := v.AddKey(pass("zhang san's words"), "张三的笔记本")
	if err != nil {
		t.Fatal(err)
	}
	ls, err := v.AddKey(pass("li si's words"), "李四")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	err = v.Store().Write(func(w ledger.Writer) error {
		for _, login := range []string{"ops", "dev", "nopw"} {
			c := ledger.Credential{System: ledger.SystemProvider, Login: login, LastRotated: ledger.MustDate("2026-10-01")}
			if err := w.PutCredential(&c); err != nil {
				return err
			}
			ids[login] = c.ID
			if login != "nopw" {
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
	today := ledger.DateOf(v.opts.now())
	whys := func() map[string]remind.Item {
		t.Helper()
		in, err := remind.Load(v.Store())
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]remind.Item{}
		for _, it := range remind.Due(in, today, 0) {
			if it.Kind == remind.KindOffboardingRotation {
				out[it.CredentialID] = it
			}
		}
		return out
	}

	if _, n, err := v.RemoveSlot(zs.ID); err != nil || n != 2 {
		t.Fatalf("remove 张三: %d marked, %v", n, err)
	}
	got := whys()
	if len(got) != 2 {
		t.Fatalf("%d rotate-now reminders, want 2: %v", len(got), got)
	}
	for _, login := range []string{"ops", "dev"} {
		it := got[ids[login]]
		if !strings.Contains(it.WhyZH, "能看到此密码的张三的笔记本于") || !strings.Contains(it.Why, "张三的笔记本, who could read this secret, was removed") {
			t.Errorf("%s: the reminder does not name the removed way in:\n%s\n%s", login, it.Why, it.WhyZH)
		}
	}

	// ops is changed; then 李四 is removed too: dev names both, ops (marked
	// anew) only 李四.
	err = v.Store().Write(func(w ledger.Writer) error {
		c, err := w.Credential(ids["ops"])
		if err != nil {
			return err
		}
		c.RotateNow, c.LastRotated = false, today
		return w.PutCredential(&c)
	})
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := v.Store().Setting(ledger.SettingRemovedReaders); strings.Contains(r, ids["ops"]) {
		t.Errorf("ops was changed but its entry stays: %s", r)
	}
	if _, n, err := v.RemoveSlot(ls.ID); err != nil || n != 1 {
		t.Fatalf("remove 李四: %d newly marked, %v", n, err)
	}
	got = whys()
	if w := got[ids["dev"]].WhyZH; !strings.Contains(w, "张三的笔记本、李四") {
		t.Errorf("dev: want both names: %s", w)
	}
	if w := got[ids["ops"]].WhyZH; !strings.Contains(w, "能看到此密码的李四于") || strings.Contains(w, "张三") {
		t.Errorf("ops: want only 李四: %s", w)
	}
}
