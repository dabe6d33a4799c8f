//go:build !windows

package gui

// setSecretClipboard: elsewhere Fyne's clipboard is used as it is (X11 and
// Wayland clipboard managers have no agreed "do not record" mark).
func (u *ui) setSecretClipboard(string) bool { return false }
