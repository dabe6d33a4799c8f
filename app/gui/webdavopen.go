package gui

import (
	"errors"
	"net/url"
	"path"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"beianledger/vault"
)

// A vault on a WebDAV share (docs/webdav.md): the start screen's "Open
// from WebDAV…" dialog, the share's user name and password for the
// unlock, and what the top bar says about a remote vault.
//
// The user name and password live in memory only: handed from the dialog
// (or the small prompt) to vault.Options.Credentials, forgotten once the
// vault is open (its client keeps them for the session) and on lock, on
// leaving the unlock screen or after the share refused them. They never
// reach the preferences; the recent vaults keep the URL alone.

// davPreset is a kind of share the dialog knows how to address.
type davPreset struct {
	key string // i18n: davgui.preset.KEY, davgui.hint.KEY
	url string
}

var davPresets = []davPreset{
	{"jianguoyun", "https://dav.jianguoyun.com/dav/"},
	{"nextcloud", "https://HOST/remote.php/dav/files/USER/"},
	{"synology", "https://NAS:5006/"},
}

// davCred is a share's user name and password for one URL.
type davCred struct {
	url, user string
	pass      []byte
}

func (c *davCred) wipe() {
	if c != nil {
		clear(c.pass)
		c.pass, c.user = nil, ""
	}
}

// forgetDavCred wipes the share's password held for the next unlock.
func (u *ui) forgetDavCred() {
	u.davCred.wipe()
	u.davCred = nil
}

// errDavCancelled is the answer of a prompt for the share's password
// that was cancelled.
var errDavCancelled = errors.New("WebDAV user name and password not given")

// webdavBox is the "Open from WebDAV…" dialog.
type webdavBox struct {
	d                  *modal
	preset             *widget.Select
	presetKey          map[string]string // option label → preset key
	hint               *widget.Label
	url, user, pass    *entry
	test, open, cancel *widget.Button
	results            *widget.Label
	msg                *widget.Label
	progress           *widget.ProgressBarInfinite
}

// showWebDAV opens the "Open from WebDAV…" dialog.
func (s *startScreen) showWebDAV() {
	u := s.u
	b := &webdavBox{presetKey: map[string]string{}}
	var labels []string
	for _, p := range davPresets {
		l := u.t("davgui.preset." + p.key)
		labels = append(labels, l)
		b.presetKey[l] = p.key
	}
	b.hint = widget.NewLabel("")
	b.hint.Wrapping = fyne.TextWrapWord
	b.hint.Importance = widget.LowImportance
	b.url = newEntry(u)
	b.url.SetPlaceHolder("https://dav.jianguoyun.com/dav/" + u.t("davgui.exampleFile"))
	b.user = newEntry(u)
	b.user.SetPlaceHolder(u.t("davgui.user"))
	b.pass = newPasswordEntry(u)
	b.pass.SetPlaceHolder(u.t("davgui.pass"))
	b.pass.OnSubmitted = func(string) { b.doOpen(s) }
	b.preset = widget.NewSelect(labels, func(l string) { b.choose(u, b.presetKey[l]) })
	b.results = widget.NewLabel("")
	b.results.Wrapping = fyne.TextWrapWord
	b.results.Hide()
	b.msg = newErrorMsg()
	b.progress = newProgress()
	form := container.NewVBox(
		widget.NewLabel(u.t("davgui.preset")), b.preset, b.hint,
		widget.NewLabel(u.t("davgui.url")), b.url,
		widget.NewLabel(u.t("davgui.credentials")), container.NewGridWithColumns(2, b.user, b.pass),
		b.msg, b.progress, b.results,
	)
	b.d = u.newModal(u.t("davgui.title"), theme.StorageIcon(),
		container.NewGridWrap(fyne.NewSize(580, 470), vscrollForm(form)))
	b.cancel = widget.NewButton(u.t("button.cancel"), func() {
		b.pass.SetText("")
		b.d.Hide()
	})
	b.test = widget.NewButtonWithIcon(u.t("davgui.test"), theme.SearchIcon(), func() { b.doTest(u) })
	b.open = widget.NewButtonWithIcon(u.t("davgui.open"), theme.FolderOpenIcon(), func() { b.doOpen(s) })
	b.open.Importance = widget.HighImportance
	b.d.setButtons(b.cancel, b.test, b.open)
	b.preset.SetSelected(labels[0])
	s.webdav = b
	b.d.Show()
	u.win.Canvas().Focus(b.url)
}

// choose fills the address with the preset's and says how to log in there.
func (b *webdavBox) choose(u *ui, key string) {
	b.hint.SetText(u.t("davgui.hint." + key))
	cur := strings.TrimSpace(b.url.Text)
	for _, p := range davPresets {
		if p.key == key && (cur == "" || isPresetURL(cur)) {
			b.url.SetText(p.url)
		}
	}
}

func isPresetURL(s string) bool {
	for _, p := range davPresets {
		if s == p.url {
			return true
		}
	}
	return false
}

// target is the typed address, checked; "" after saying what is wrong.
func (b *webdavBox) target(u *ui) string {
	t := strings.TrimSpace(b.url.Text)
	pu, err := url.Parse(t)
	switch {
	case t == "" || isPresetURL(t) || strings.HasSuffix(t, "/"):
		b.fail(u.t("davgui.needFile"))
		return ""
	case err != nil || !vault.IsRemote(t) || pu.Host == "":
		b.fail(u.t("webdav.err.badurl", t))
		return ""
	case pu.User != nil:
		b.fail(u.t("davgui.noPassInURL"))
		return ""
	}
	b.msg.Hide()
	return t
}

func (b *webdavBox) fail(msg string) {
	b.msg.SetText(msg)
	b.msg.Show()
}

// doTest runs the share test off the UI goroutine and lists its steps.
func (b *webdavBox) doTest(u *ui) {
	t := b.target(u)
	if t == "" || b.test.Disabled() {
		return
	}
	user, pass := b.user.Text, b.pass.Text
	b.results.Hide()
	setBusy(true, b.progress, b.test, b.open)
	u.async(func() func() {
		checks, verdict := vault.TestRemote(t, vault.Options{Credentials: func(string) (string, string, error) {
			return user, pass, nil
		}})
		return func() {
			setBusy(false, b.progress, b.test, b.open)
			b.results.SetText(u.davTestText(t, checks, verdict))
			b.results.Show()
			b.d.pop.Refresh()
		}
	})
}

// davTestText lists the test's steps in the user's language, then its
// verdict.
func (u *ui) davTestText(loc string, checks []vault.RemoteCheck, verdict error) string {
	var lines []string
	for _, c := range checks {
		mark, res := "✔", u.t("webdav.test.ok")
		if !c.OK {
			mark, res = "✘", u.t("webdav.test.fail")
		}
		lines = append(lines, u.t("davgui.step", mark, u.t("webdav.test."+c.Step), res))
	}
	if verdict == nil {
		lines = append(lines, u.t("webdav.test.good"))
	} else {
		lines = append(lines, u.t("webdav.test.bad"), u.explain(verdict))
	}
	return strings.Join(lines, "\n")
}

// doOpen goes to the unlock screen for the address; the user name and
// password wait in memory for the share to ask for them.
func (b *webdavBox) doOpen(s *startScreen) {
	u := s.u
	t := b.target(u)
	if t == "" {
		return
	}
	u.forgetDavCred()
	if b.pass.Text != "" || b.user.Text != "" {
		u.davCred = &davCred{url: t, user: strings.TrimSpace(b.user.Text), pass: []byte(b.pass.Text)}
	}
	b.pass.SetText("")
	b.d.Hide()
	u.showUnlock(t)
}

// davCredentials answers the share's request for a user name and password
// during an unlock of loc: with what the dialog was given for loc, else by
// asking on the UI goroutine (the callback runs on the unlock's goroutine
// and waits for the answer). Called on the UI goroutine; the callback is
// used by one goroutine at a time.
func (u *ui) davCredentials(loc string) vault.RemoteCredentials {
	var user, pass string
	have := u.davCred != nil && u.davCred.url == loc
	if have {
		user, pass = u.davCred.user, string(u.davCred.pass)
	}
	deliver := u.deliver
	return func(string) (string, string, error) {
		if have {
			return user, pass, nil
		}
		answer := make(chan *davCred, 1)
		deliver(func() { u.askDavCred(loc, answer) })
		c := <-answer
		if c == nil {
			return "", "", errDavCancelled
		}
		// A second request of the same unlock (restoring a backup, then
		// opening) is answered without asking again.
		user, pass, have = c.user, string(c.pass), true
		return user, pass, nil
	}
}

// davAskBox asks for a share's user name and password.
type davAskBox struct {
	d          *modal
	user, pass *entry
	ok, cancel *widget.Button
}

// askDavCred shows the prompt; answer gets the user name and password, or
// nil when cancelled. What was typed is kept for a retry of this unlock
// (a mistyped passphrase) until the vault opens or is left.
func (u *ui) askDavCred(loc string, answer chan<- *davCred) {
	b := &davAskBox{}
	msg := widget.NewLabel(u.t("davgui.askBody", loc))
	msg.Wrapping = fyne.TextWrapWord
	hint := widget.NewLabel(u.t("davgui.hint.jianguoyun"))
	hint.Wrapping = fyne.TextWrapWord
	hint.Importance = widget.LowImportance
	b.user = newEntry(u)
	b.user.SetPlaceHolder(u.t("davgui.user"))
	b.pass = newPasswordEntry(u)
	b.pass.SetPlaceHolder(u.t("davgui.pass"))
	b.d = u.newModal(u.t("davgui.askTitle"), theme.AccountIcon(),
		container.NewGridWrap(fyne.NewSize(480, 250), container.NewVBox(msg, b.user, b.pass, hint)))
	done := false
	reply := func(c *davCred) {
		if done {
			return
		}
		done = true
		b.d.Hide()
		answer <- c
	}
	b.cancel = widget.NewButton(u.t("button.cancel"), func() {
		b.pass.SetText("")
		reply(nil)
	})
	b.ok = widget.NewButton(u.t("button.ok"), func() {
		c := &davCred{url: loc, user: strings.TrimSpace(b.user.Text), pass: []byte(b.pass.Text)}
		b.pass.SetText("")
		u.forgetDavCred()
		u.davCred = &davCred{url: loc, user: c.user, pass: append([]byte(nil), c.pass...)}
		reply(c)
	})
	b.ok.Importance = widget.HighImportance
	b.pass.OnSubmitted = func(string) { b.ok.OnTapped() }
	b.d.setButtons(b.cancel, b.ok)
	u.davAsk = b
	b.d.Show()
	u.win.Canvas().Focus(b.user)
}

// explainRemote is the message of a share's error in the user's language.
func (u *ui) explainRemote(re *vault.RemoteError) string {
	msg := u.t("webdav.err."+string(re.Kind), re.URL)
	if re.Saving {
		msg += "\n" + u.t("webdav.notSaved")
	}
	return msg
}

// remoteLabel is the top bar's text for a vault on a share: its address,
// and whether it is offline with changes waiting; "" for a local vault.
func (u *ui) remoteLabel() string {
	v := u.v
	if v == nil || !v.Remote() {
		return ""
	}
	text := v.Location()
	if u.readOnly {
		text = u.t("main.readOnly", text)
	}
	if v.Offline() != nil {
		text = u.t("davgui.offline", text, v.Pending())
	}
	return text
}

// showRemoteState puts the share's address and state in the top bar.
func (u *ui) showRemoteState() {
	if u.main == nil {
		return
	}
	if l := u.remoteLabel(); l != "" && u.main.fileInfo.Text != l {
		if u.v.Offline() != nil {
			u.main.fileInfo.Importance = widget.WarningImportance
		}
		u.main.fileInfo.SetText(l)
	}
}

// remoteName is the file name of a vault on a share (false for a local
// path).
func remoteName(p string) (string, bool) {
	if !vault.IsRemote(p) {
		return "", false
	}
	if pu, err := url.Parse(p); err == nil && pu.Path != "" {
		if n, err := url.PathUnescape(path.Base(pu.Path)); err == nil {
			return n, true
		}
	}
	return p, true
}
