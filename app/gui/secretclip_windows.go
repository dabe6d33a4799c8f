package gui

import (
	fynedriver "fyne.io/fyne/v2/driver"

	"beianledger/internal/winclip"
)

// setSecretClipboard puts s on the Windows clipboard kept out of the
// clipboard history (Win+V) and the cloud clipboard (internal/winclip). It
// reports false when it could not; the caller then uses Fyne's clipboard.
func (u *ui) setSecretClipboard(s string) bool {
	nw, ok := u.win.(fynedriver.NativeWindow)
	if !ok {
		return false
	}
	var hwnd uintptr
	nw.RunNative(func(ctx any) {
		if w, ok := ctx.(fynedriver.WindowsWindowContext); ok {
			hwnd = w.HWND
		}
	})
	return winclip.Set(hwnd, s) == nil
}
