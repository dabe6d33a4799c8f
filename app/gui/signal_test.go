package gui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"beianledger/app/i18n"
)

// On SIGTERM, SIGINT or SIGHUP main calls ClearClipboard: a secret we
// copied leaves the clipboard; something the user copied since stays.
func TestClearClipboardOnSignal(t *testing.T) {
	const secret = "Xk9#p2$mQ"
	h := openWith(t, i18n.ZH, withCredential(secret))
	c := h.selectFirst().creds[0]
	cb := h.app.Clipboard()
	test.Tap(c.copy)
	h.u.wait()
	if cb.Content() != secret {
		t.Fatalf("clipboard %q", cb.Content())
	}
	ClearClipboard()
	if cb.Content() != "" {
		t.Fatalf("secret still on the clipboard: %q", cb.Content())
	}
	test.Tap(c.copy)
	h.u.wait()
	cb.SetContent("user's own text")
	ClearClipboard()
	if cb.Content() != "user's own text" {
		t.Fatalf("cleared someone else's clipboard: %q", cb.Content())
	}
}
