package gui

import (
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"beianledger/app/i18n"
	"beianledger/internal/davtest"
	"beianledger/vault"
)

// davVault starts a real WebDAV server on 127.0.0.1 holding a vault that
// opens with testPass, and keeps the copies of remote vaults in a
// temporary folder; the environment gives no credentials.
func davVault(t *testing.T) (*davtest.Server, string) {
	t.Helper()
	t.Setenv(vault.CacheDirEnv, t.TempDir())
	t.Setenv(vault.WebDAVUserEnv, "")
	t.Setenv(vault.WebDAVPasswordEnv, "")
	srv := davtest.New(t)
	url := srv.URL("台账.beianvault")
	v, err := vault.Create(url, vault.NewPassphrase([]byte(testPass), vault.TestKDF), "main", vault.Options{
		Now: fixedNow,
		Credentials: func(string) (string, string, error) {
			return srv.User, srv.Pass, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Store().Write(fillDemo(3)); err != nil {
		t.Fatal(err)
	}
	v.Lock()
	return srv, url
}

// pumpUntil applies async results until cond holds: unlike wait, it
// stops while work is still under way (an unlock waiting for the share's
// password). The minute is a guard against a hang, not a timing.
func (h *harness) pumpUntil(what string, cond func() bool) {
	h.t.Helper()
	guard := time.After(time.Minute)
	for !cond() {
		select {
		case f := <-h.u.results:
			f()
		case <-guard:
			h.t.Fatalf("never happened: %s", what)
		}
	}
}

// webdavDialog opens the start screen's WebDAV dialog and fills it in.
func (h *harness) webdavDialog(url, user, pass string) *webdavBox {
	h.t.Helper()
	s := h.u.start
	if s == nil || s.openWebDAV == nil {
		h.t.Fatal("no start screen with an Open from WebDAV button")
	}
	test.Tap(s.openWebDAV)
	b := s.webdav
	if b == nil || !b.d.Visible() {
		h.t.Fatal("WebDAV dialog not shown")
	}
	b.url.SetText(url)
	test.Type(b.user, user)
	test.Type(b.pass, pass)
	return b
}

func TestWebDAVDialogTestsAndOpens(t *testing.T) {
	srv, url := davVault(t)
	h := start(t, i18n.ZH, "")
	test.Tap(h.u.start.openWebDAV)
	b := h.u.start.webdav
	if b == nil || !b.d.Visible() {
		t.Fatal("WebDAV dialog not shown")
	}
	// The presets: 坚果云 first, with the hint on its application password.
	if b.preset.Selected != "坚果云" || b.url.Text != "https://dav.jianguoyun.com/dav/" || !strings.Contains(b.hint.Text, "应用密码") {
		t.Errorf("坚果云 preset: %q %q %q", b.preset.Selected, b.url.Text, b.hint.Text)
	}
	b.preset.SetSelected("Nextcloud")
	if b.url.Text != "https://HOST/remote.php/dav/files/USER/" {
		t.Errorf("Nextcloud preset address %q", b.url.Text)
	}
	b.preset.SetSelected("群晖 Synology")
	if b.url.Text != "https://NAS:5006/" {
		t.Errorf("Synology preset address %q", b.url.Text)
	}
	// A preset's folder alone is not a vault.
	test.Tap(b.open)
	if !b.msg.Visible() || !strings.Contains(b.msg.Text, "文件名") || h.u.unlock != nil {
		t.Errorf("opening a folder: %q", b.msg.Text)
	}
	b.url.SetText(url)
	test.Type(b.user, srv.User)
	test.Type(b.pass, srv.Pass)

	test.Tap(b.test)
	h.u.wait()
	want := []string{"✔ 可以连接，凭据有效：通过", "✔ 保险库文件：通过", "✔ 提供 ETag：通过",
		"✔ If-Match 错误的写入被拒绝（412）：通过", "✔ 删除测试文件：通过", "此网盘可以存放保险库。"}
	for _, w := range want {
		if !b.results.Visible() || !strings.Contains(b.results.Text, w) {
			t.Errorf("test results lack %q:\n%s", w, b.results.Text)
		}
	}
	if srv.Refused.Load() == 0 {
		t.Error("the test never tried a write with a wrong If-Match")
	}

	test.Tap(b.open)
	s := h.u.unlock
	if b.d.Visible() || s == nil || h.u.path != url {
		t.Fatalf("not on the unlock screen for %s (path %q)", url, h.u.path)
	}
	if s.file.Text != "台账.beianvault" {
		t.Errorf("unlock screen names %q", s.file.Text)
	}
	gets := srv.Gets.Load()
	h.unlock(testPass)
	if h.u.main == nil {
		t.Fatalf("not opened; last error %q", h.u.lastError)
	}
	if srv.Gets.Load() == gets {
		t.Error("the vault was not read from the share")
	}
	if got := h.win.Title(); !strings.HasPrefix(got, "备案台账 — "+url) {
		t.Errorf("title %q", got)
	}
	if got := h.u.main.fileInfo.Text; got != url {
		t.Errorf("top bar %q", got)
	}
	if h.u.davCred != nil {
		t.Error("the share's password is still held after opening")
	}
	prefs := h.app.Preferences().String(prefRecentVaults) + h.app.Preferences().String(prefLastVault)
	if !strings.Contains(prefs, url) || strings.Contains(prefs, srv.Pass) {
		t.Errorf("preferences %q", prefs)
	}
	// A change goes to the share.
	puts := srv.Puts.Load()
	if err := h.u.store.Write(fillDemo(1)); err != nil {
		t.Fatal(err)
	}
	if srv.Puts.Load() == puts {
		t.Error("the change was not saved on the share")
	}
	// After a lock the share's password is asked again: nothing kept it.
	h.u.lock()
	h.u.wait()
	test.Type(h.u.unlock.pass, testPass)
	h.key(h.u.unlock.pass, "Return")
	h.pumpUntil("the prompt for the share's password after a lock", func() bool { return h.u.davAsk != nil && h.u.davAsk.d.Visible() })
	test.Tap(h.u.davAsk.cancel)
	h.u.wait()
	if h.u.main != nil {
		t.Error("opened without the share's password")
	}
}

func TestWebDAVWrongPasswordSaysSo(t *testing.T) {
	_, url := davVault(t)
	h := start(t, i18n.ZH, "")
	b := h.webdavDialog(url, "office", "login-password")
	test.Tap(b.open)
	h.unlock(testPass)
	if h.u.main != nil || h.u.v != nil {
		t.Fatal("opened with a wrong password")
	}
	for _, w := range []string{url + " 拒绝了用户名或密码（401）", "应用密码"} {
		if !strings.Contains(h.u.lastError, w) {
			t.Errorf("error lacks %q:\n%s", w, h.u.lastError)
		}
	}
	if h.u.davCred != nil {
		t.Error("the refused password is still held")
	}
}

func TestWebDAVRecentVaultAsksForPassword(t *testing.T) {
	srv, url := davVault(t)
	h := start(t, i18n.ZH, "")
	h.u.rememberVault(url)
	h.u.showStart()
	s := h.u.start
	if len(s.recent) != 1 || s.recent[0].Text != url {
		t.Fatalf("recent vaults %d", len(s.recent))
	}
	test.Tap(s.recent[0])
	if h.u.unlock == nil || h.u.path != url {
		t.Fatal("not on the unlock screen")
	}
	unlock := func() {
		h.u.unlock.pass.SetText("")
		test.Type(h.u.unlock.pass, testPass)
		h.key(h.u.unlock.pass, "Return")
		h.pumpUntil("the prompt for the share's password", func() bool { return h.u.davAsk != nil && h.u.davAsk.d.Visible() })
	}
	// Cancelled: not opened, said so.
	unlock()
	test.Tap(h.u.davAsk.cancel)
	h.u.wait()
	if h.u.main != nil || !h.u.unlock.msg.Visible() || !strings.Contains(h.u.unlock.msg.Text, "未输入网盘的用户名和密码") {
		t.Fatalf("after cancelling: %q", h.u.unlock.msg.Text)
	}
	h.u.davAsk = nil
	unlock()
	test.Type(h.u.davAsk.user, srv.User)
	test.Type(h.u.davAsk.pass, srv.Pass)
	test.Tap(h.u.davAsk.ok)
	h.u.wait()
	if h.u.main == nil {
		t.Fatalf("not opened; last error %q, %q", h.u.lastError, h.u.unlock.msg.Text)
	}
	if h.u.davAsk.pass.Text != "" || h.u.davCred != nil {
		t.Error("the share's password is still held after opening")
	}
}

func TestWebDAVOfflineShowsChangesWaiting(t *testing.T) {
	srv, url := davVault(t)
	h := start(t, i18n.ZH, "")
	test.Tap(h.webdavDialog(url, srv.User, srv.Pass).open)
	h.unlock(testPass) // keeps the copy on this computer
	if h.u.main == nil {
		t.Fatalf("not opened; last error %q", h.u.lastError)
	}
	h.u.lock()
	h.u.wait()
	srv.Close() // the share is out of reach
	h.unlock(testPass)
	if h.u.main == nil || h.u.v.Offline() == nil {
		t.Fatalf("not opened offline; last error %q", h.u.lastError)
	}
	if got, want := h.u.main.fileInfo.Text, url+" — 离线：0 项更改待上传"; got != want {
		t.Errorf("top bar %q, want %q", got, want)
	}
	if h.u.main.fileInfo.Importance != widget.WarningImportance {
		t.Error("offline is not shown as a warning")
	}
	if h.u.readOnly {
		t.Skip("offline copy opened read-only")
	}
	if err := h.u.store.Write(fillDemo(1)); err != nil {
		t.Fatal(err)
	}
	h.u.refreshConflicts() // any work handed back updates the top bar
	h.u.wait()
	if got, want := h.u.main.fileInfo.Text, url+" — 离线：1 项更改待上传"; got != want {
		t.Errorf("top bar %q, want %q", got, want)
	}
}

// TestWebDAVScreenshot writes docs/screenshots/{zh,en}-webdav.png when
// BEIANLEDGER_SHOTS names the folder.
func TestWebDAVScreenshot(t *testing.T) {
	dir := os.Getenv("BEIANLEDGER_SHOTS")
	if dir == "" {
		t.Skip("BEIANLEDGER_SHOTS not set")
	}
	srv, url := davVault(t)
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		h := start(t, lang, "")
		b := h.webdavDialog(url, srv.User, srv.Pass)
		test.Tap(b.test)
		h.u.wait()
		h.writeShot(dir, lang, "webdav")
	}
}

func TestWebDAVTestNamesAnUnfitShare(t *testing.T) {
	srv, url := davVault(t)
	srv.IgnoreIfMatch.Store(true) // like Debian's rclone serve webdav
	h := start(t, i18n.EN, "")
	b := h.webdavDialog(url, srv.User, srv.Pass)
	test.Tap(b.test)
	h.u.wait()
	for _, w := range []string{"✔ reachable, credentials accepted: ok", "✘ a write with a wrong If-Match is refused (412): FAILED",
		"This share is not fit", "ignores If-Match"} {
		if !strings.Contains(b.results.Text, w) {
			t.Errorf("test results lack %q:\n%s", w, b.results.Text)
		}
	}
}
