package gui

// copyLogin puts a login name on the clipboard and says so. It is not a
// secret, so it is not cleared later (issue 19, item 15).
func (u *ui) copyLogin(login string) {
	u.touch()
	u.app.Clipboard().SetContent(login)
	if u.main != nil {
		u.showUndoBar(u.t("copy.login", login), false, u.writes.Load())
	}
}
