package gui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"beianledger/app/i18n"
)

// A lock file that is not one of ours (here a symbolic link) is explained
// in Chinese, not shown as a holder; taking over removes the link only.
func TestUnlockExplainsOddLockFile(t *testing.T) {
	path := makeVault(t, fillDemo(1))
	target := filepath.Join(t.TempDir(), "elsewhere")
	os.WriteFile(target, []byte("x"), 0o600)
	if err := os.Symlink(target, path+".lock"); err != nil {
		t.Skip(err)
	}
	h := start(t, i18n.ZH, path)
	h.unlock(testPass)
	s := h.u.unlock
	if s.lockBox == nil || !s.lockBox.d.Visible() {
		t.Fatalf("no lock dialog; message %q error %q", s.msg.Text, h.u.lastError)
	}
	texts := strings.Join(visibleTexts(s.lockBox.d.pop.Content), "|")
	if !strings.Contains(texts, "锁文件有问题") || !strings.Contains(texts, "symbolic link") {
		t.Fatalf("dialog does not explain the lock file: %q", texts)
	}
	test.Tap(s.lockBox.takeOver)
	h.u.wait()
	if h.u.v == nil || h.u.readOnly {
		t.Fatalf("take over did not open for writing: %q", h.u.lastError)
	}
	if _, err := os.Stat(target); err != nil {
		t.Fatalf("take over removed the link's target: %v", err)
	}
}
