package gui

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"beianledger/app/i18n"
	"beianledger/internal/schedule"
	"beianledger/ledger"
	"beianledger/ledger/remind"
	"beianledger/ledger/tabular"
	"beianledger/vault"
)

// Preference keys.
const (
	prefLastVault = "lastVault"
	prefLang      = "lang"
	prefAutoLock  = "autoLockMinutes"
	// prefRecentVaults lists the vault files opened last, one a line.
	prefRecentVaults = "recentVaults"
)

// Timings.
const (
	// defaultAutoLock is the idle time before the vault locks itself.
	defaultAutoLock = 10 * time.Minute
	// clipboardClear is how long a copied secret stays on the clipboard.
	clipboardClear = 30 * time.Second
	// searchDebounce is the pause in typing before a search runs.
	searchDebounce = 40 * time.Millisecond
	// dashRefresh is how often an unlocked vault's reminders are re-read.
	dashRefresh = 30 * time.Minute
)

// Clock is the time source of the GUI: the idle lock, the clipboard clearing
// and the search debounce use it, so tests can move time by hand. Functions
// given to AfterFunc run on some other goroutine and must use [fyne.Do] for
// widget work.
type Clock interface {
	Now() time.Time
	AfterFunc(d time.Duration, f func()) Timer
}

// Timer is a pending [Clock.AfterFunc] call.
type Timer interface {
	// Stop cancels the call; it reports whether it was still pending.
	Stop() bool
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) AfterFunc(d time.Duration, f func()) Timer { return time.AfterFunc(d, f) }

// Opener creates and opens vaults. Tests replace the KDF choices with
// [vault.TestKDF]; the functions are normally [vault.Open] and [vault.Create].
type Opener struct {
	Open   func(path string, key vault.Key, opts vault.Options) (*vault.Vault, error)
	Create func(path string, key vault.Key, label string, opts vault.Options) (*vault.Vault, error)
	// KDF returns the Argon2id parameters for a new passphrase slot
	// (calibrated: it may take a second).
	KDF func() vault.KDFParams
	// DemoKDF is the modest setting of the demo vault.
	DemoKDF vault.KDFParams
	// LockTimeout is how long Open waits for another writer.
	LockTimeout time.Duration
}

// DefaultOpener uses the real vault functions and a calibrated KDF.
func DefaultOpener() Opener {
	return Opener{
		Open:        vault.Open,
		Create:      vault.Create,
		KDF:         func() vault.KDFParams { return vault.Calibrate(700 * time.Millisecond) },
		DemoKDF:     vault.KDFParams{Time: 2, Memory: 64 << 10, Threads: 2},
		LockTimeout: 2 * time.Second,
	}
}

// ui is the whole state of the GUI. Every field is touched on Fyne's
// goroutine only; goroutines hand results back through [ui.async].
type ui struct {
	app   fyne.App
	win   fyne.Window
	lang  i18n.Lang
	clock Clock
	open  Opener
	diag  Diagnostics
	// scheduleEnv, when set, is the system the daily run is installed
	// on (tests: a config folder, a keyring, a fake systemctl).
	scheduleEnv *schedule.Env
	// auditBox is the audit log viewer last opened (tests).
	auditBox *auditView
	// configDir is where the demo vault lives (os.UserConfigDir normally).
	configDir func() (string, error)
	// homeDir is where a new vault is suggested (Documents or home).
	homeDir func() string
	// quit ends the app (a.Quit normally).
	quit func()
	// tray is the system tray where the desktop has one (nil in tests
	// that do not hand in a fake); trayMenu is the menu last set there.
	tray     trayHost
	trayMenu *fyne.Menu

	// deliver hands a goroutine's result to Fyne's goroutine: fyne.Do in
	// the app; tests queue results and run them in wait, on the test
	// goroutine, so widget work never runs on two goroutines at once (the
	// test driver's fyne.Do runs the function right where it is called).
	deliver func(func())
	// pending counts goroutines whose results are not applied yet; gen
	// changes on lock so stale results are dropped. Both belong to Fyne's
	// goroutine.
	pending int
	gen     int
	results chan func() // tests only

	// follow: watch the vault file for other writers' saves (the app; tests
	// call reloadFromDisk themselves). stopWatch ends the watch; reloading
	// and reloadAgain belong to Fyne's goroutine.
	follow bool
	// dashFirst: unlock lands on the dashboard when anything is overdue
	// (the app; tests that look at the sites screen first leave it off).
	dashFirst    bool
	followDo     func(func()) // how the watch hands over to Fyne's goroutine (nil: fyne.Do)
	stopWatch    func()
	reloading    bool
	reloadAgain  bool
	conflictsBox *modal
	copiesBox    *modal

	path     string
	v        *vault.Vault
	store    ledger.Store
	readOnly bool

	// davCred is the WebDAV share's user name and password for the next
	// unlock of that URL (memory only); davAsk the last prompt for them.
	davCred *davCred
	davAsk  *davAskBox

	start  *startScreen
	unlock *unlockScreen
	main   *mainScreen

	// dueKeys are the reminders due or overdue at the last dashboard
	// refresh (nil before the first); dueCount is their number, shown in
	// the window title; notified is the last notification text (tests).
	dueKeys map[string]bool
	// openNotice is "PATH DATE" of the last notification given on
	// unlocking, so that it comes once a day per vault.
	openNotice string
	dueCount   int
	notified   string

	copied    string // the secret we put on the clipboard, if still ours
	clipTimer Timer
	idleTimer Timer
	lastInput time.Time

	// writes counts the store's committed writes (any goroutine); undo is
	// the last change while the bar offers to take it back, undoSeq the
	// write count when the bar appeared and undoing is set while an undo
	// is written. Nothing of it survives a lock.
	writes    atomic.Int64
	undo      *undoStep
	undoSeq   int64
	undoTimer Timer
	undoing   bool

	// drafts are the forms with unsaved changes at the last lock, sealed
	// until the same vault is unlocked again (drafts.go).
	drafts []draft

	// lastError is the text of the last error dialog, for tests.
	lastError   string
	errDialog   *modal
	lastConfirm *confirmBox

	// drive, when set (DriveEnv), makes the changes of the reliability
	// test once a vault is open (drive.go); driving once started.
	drive   *driveSpec
	driving bool
	// reloads counts the other writers' saves taken in (Fyne's goroutine).
	reloads int
}

// newUI builds the GUI state for window w. It shows nothing yet.
func newUI(a fyne.App, w fyne.Window, lang i18n.Lang, clock Clock, op Opener) *ui {
	u := &ui{
		app: a, win: w, lang: lang, clock: clock, open: op,
		configDir: os.UserConfigDir,
		homeDir:   defaultHomeDir,
		quit:      a.Quit,
		deliver:   fyne.Do,
	}
	u.lastInput = clock.Now()
	setToolkitLang(lang)
	running.Store(u)
	u.installShortcuts()
	w.SetCloseIntercept(u.closeRequested)
	w.SetOnDropped(u.dropped) // a spreadsheet dropped on the window is imported
	return u
}

// defaultHomeDir is the user's Documents folder if it exists, else home.
func defaultHomeDir() string {
	h, err := os.UserHomeDir()
	if err != nil {
		return "."
	}
	for _, d := range []string{"Documents", "文档"} {
		if fi, err := os.Stat(filepath.Join(h, d)); err == nil && fi.IsDir() {
			return filepath.Join(h, d)
		}
	}
	return h
}

// t translates key into the interface language.
func (u *ui) t(key string, args ...any) string { return i18n.T(u.lang, key, args...) }

// date formats d as 2026年11月24日 in Chinese and 2026-11-24 in English.
func (u *ui) date(d ledger.Date) string {
	if u.lang == i18n.ZH {
		return d.Chinese()
	}
	return d.String()
}

// async runs work on a new goroutine and applies the function it returns on
// Fyne's goroutine, unless the vault was locked meanwhile.
func (u *ui) async(work func() func()) {
	gen := u.gen
	u.pending++
	deliver := u.deliver
	go func() {
		apply := work()
		deliver(func() {
			u.pending--
			if apply != nil && gen == u.gen {
				apply()
			}
			u.noteWrites()
			u.showRemoteState() // a save may have left changes waiting
			if u.pending == 0 {
				trace("idle", "screen=%s", u.screenName()) // what the window shows is read (scripts wait for it)
			}
		})
	}()
}

// queueResults makes async results wait in a queue for [ui.wait] (tests).
func (u *ui) queueResults() {
	u.results = make(chan func(), 1024)
	u.deliver = func(f func()) { u.results <- f }
}

// wait applies async results, on the calling goroutine, until none is
// pending (results may start more work). Only tests call it, after
// queueResults.
func (u *ui) wait() {
	for u.pending > 0 {
		(<-u.results)()
	}
}

// after runs f on Fyne's goroutine once d has passed on the clock.
func (u *ui) after(d time.Duration, f func()) Timer {
	return u.clock.AfterFunc(d, func() { fyne.Do(f) })
}

// setContent replaces the window content and the title.
func (u *ui) setContent(o fyne.CanvasObject) {
	u.updateTitle()
	u.setMenu()
	trace("screen", "name=%s", u.screenName())
	u.win.SetContent(o)
}

// updateTitle sets the window title and the tray menu, which both carry
// the count of reminders due.
func (u *ui) updateTitle() {
	u.win.SetTitle(u.windowTitle())
	u.refreshTray()
}

// windowTitle is the app name, the vault file and, while it is open, the
// number of reminders due or overdue.
func (u *ui) windowTitle() string {
	title := u.t("app.title")
	if _, remote := remoteName(u.path); remote {
		title = u.t("window.titleWithFile", title, u.path) // the share's address
	} else if u.path != "" {
		title = u.t("window.titleWithFile", title, filepath.Base(u.path))
	}
	if u.v != nil && u.dueCount > 0 {
		title = u.t("window.titleWithCount", title, u.dueCount)
	}
	return title
}

// showError shows an error dialog: what failed, why in the user's words and
// what to do, with the technical detail last.
func (u *ui) showError(what string, err error) {
	msg := what + "\n\n" + u.explain(err) + "\n\n" + u.t("error.detail", err.Error())
	u.lastError = msg
	l := widget.NewLabel(msg)
	l.Wrapping = fyne.TextWrapWord
	d := u.newModal(u.t("error.title"), theme.ErrorIcon(), container.NewGridWrap(fyne.NewSize(480, 200), container.NewVScroll(l)))
	ok := widget.NewButton(u.t("button.ok"), d.Hide)
	ok.Importance = widget.HighImportance
	d.setButtons(ok)
	u.errDialog = d
	d.Show()
}

// explain maps an error to what it means for the user and what to do.
func (u *ui) explain(err error) string {
	var le *vault.LockError
	var re *vault.RemoteError
	switch {
	case errors.As(err, &re):
		return u.explainRemote(re)
	case errors.As(err, &le) && le.Problem != "":
		return u.t("lock.problem", le.Problem)
	case errors.As(err, &le):
		return u.t("error.locked", le.Holder.String())
	case errors.Is(err, vault.ErrWrongKey):
		return u.t("error.wrongKey")
	case errors.Is(err, vault.ErrNotSignedByAWayIn):
		return u.t("change.forged")
	case errors.Is(err, vault.ErrDamaged):
		return u.t("error.damaged")
	case errors.Is(err, vault.ErrNotVault):
		return u.t("error.notVault")
	case errors.Is(err, vault.ErrUnsupportedVersion):
		return u.t("error.version")
	case errors.Is(err, vault.ErrHostileKDF):
		return u.t("error.hostileKDF")
	case errors.Is(err, vault.ErrConflict):
		return u.t("error.conflict")
	case errors.Is(err, vault.ErrReadOnly):
		return u.t("error.readOnly")
	case errors.Is(err, vault.ErrClosed):
		return u.t("error.closed")
	case errors.Is(err, vault.ErrSaveFailed):
		return u.t("error.saveFailed")
	case errors.Is(err, vault.ErrBadRecoveryKey):
		return u.t("error.badRecoveryKey")
	case errors.Is(err, vault.ErrBadIdentity):
		return u.t("error.badIdentity")
	case errors.Is(err, ledger.ErrAttachmentTooLarge):
		return u.t("attach.tooLarge", ledger.FormatSize(ledger.MaxAttachmentSize))
	case errors.Is(err, ledger.ErrNotFound):
		return u.t("error.notFound")
	case errors.Is(err, tabular.ErrXLSXLimit):
		return u.t("data.xlsxLimit")
	case errors.Is(err, fs.ErrNotExist):
		return u.t("error.noFile")
	case errors.Is(err, fs.ErrPermission):
		return u.t("error.permission")
	}
	return u.t("error.generic")
}

// Keyboard shortcuts.
var (
	scFind = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}
	scNew  = &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault}
	scSave = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}
	scLock = &desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault}
	// scNav are Ctrl+1 … Ctrl+9 and Ctrl+0 (Cmd on macOS): the navigation
	// entries in their order, for the keyboard and for scripts.
	scNav = func() []*desktop.CustomShortcut {
		var out []*desktop.CustomShortcut
		for _, k := range []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7, fyne.Key8, fyne.Key9, fyne.Key0} {
			out = append(out, &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault})
		}
		return out
	}()
)

// installShortcuts registers the window's shortcuts on its canvas, for
// when nothing has the focus; the main menu ([ui.setMenu]) carries them
// whatever has it.
func (u *ui) installShortcuts() {
	for _, sc := range append([]*desktop.CustomShortcut{scFind, scNew, scSave, scLock}, scNav...) {
		u.win.Canvas().AddShortcut(sc, func(s fyne.Shortcut) { u.shortcut(s) })
	}
	// Ctrl+Z undoes the last saved change. A focused entry gets Ctrl+Z
	// itself (Fyne hands shortcuts to the focused widget first) and keeps
	// undoing typing.
	u.win.Canvas().AddShortcut(&fyne.ShortcutUndo{}, func(fyne.Shortcut) { u.undoLast() })
	u.win.Canvas().SetOnTypedKey(func(*fyne.KeyEvent) { u.touch() })
	u.win.Canvas().SetOnTypedRune(func(rune) { u.touch() })
}

// shortcut runs the action of s; it reports whether s is one of ours.
func (u *ui) shortcut(s fyne.Shortcut) bool {
	u.touch()
	for i, sc := range scNav {
		if s.ShortcutName() == sc.ShortcutName() {
			if u.main != nil && i < navCount {
				u.main.show(i)
			}
			return true
		}
	}
	switch s.ShortcutName() {
	case scLock.ShortcutName():
		if u.v != nil {
			u.lock()
		}
	case scFind.ShortcutName():
		if u.main != nil {
			u.main.showSites()
			u.win.Canvas().Focus(u.main.sites.search)
		}
	case scNew.ShortcutName():
		if u.main == nil {
			break
		}
		// A record screen makes a record of its own kind; elsewhere a site.
		if m := u.main; m.current >= 0 {
			if rs, ok := m.screens[m.current].(*recordScreen); ok {
				rs.newRecord()
				break
			}
		}
		u.main.showSites()
		u.main.sites.newSite()
	case scSave.ShortcutName():
		if u.main != nil {
			if e := u.main.currentEditor(); e != nil {
				e.saveForm()
			}
		}
	default:
		return false
	}
	return true
}

// entry is a widget.Entry that counts typing as activity. The window's
// shortcuts (Ctrl+S …) reach the app through the main menu ([ui.setMenu])
// before any focused widget sees them.
//
// It also holds Return back until the characters typed before it have
// arrived. With an X input method running (fcitx5, ibus: always, for
// Chinese users), GLFW reports each key the moment it is pressed but its
// character only after a round trip through the input method: "demo"
// typed fast and Return at once reached OnSubmitted as "de". Every key that
// brings a character is counted when pressed and again when its character
// arrives; Return waits until the two agree (or [imeWait] has passed, for a
// key the input method kept for itself), so every submit — unlock, create,
// dialogs — acts on the text as it stands after the pending input.
type entry struct {
	widget.Entry
	u *ui

	// onKey, if set, sees the keys that bring no character first and
	// reports whether it used them (the search box's Down).
	onKey func(*fyne.KeyEvent) bool

	keyed, runes int   // keys pressed that bring a character; characters come
	heldReturn   bool  // a Return waits for them
	holdTimer    Timer // ends the wait after imeWait
}

// imeWait is the longest Return waits for characters still under way: far
// above an input method's round trip on a loaded machine, and short enough
// that a key kept by the input method (composing pinyin) does not leave the
// user waiting long.
const imeWait = 1500 * time.Millisecond

// bringsCharacter reports whether pressing k (without Ctrl or Alt: those
// are shortcuts, not typing) types a character.
func bringsCharacter(k fyne.KeyName) bool {
	return len(k) == 1 || k == fyne.KeySpace
}

func newEntry(u *ui) *entry {
	e := &entry{u: u}
	e.ExtendBaseWidget(e)
	return e
}

func newPasswordEntry(u *ui) *entry {
	e := newEntry(u)
	e.Password = true
	return e
}

func newMultiLineEntry(u *ui) *entry {
	e := newEntry(u)
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	return e
}

// TypedRune implements fyne.Focusable.
func (e *entry) TypedRune(r rune) {
	e.u.touch()
	e.Entry.TypedRune(r)
	if e.runes < e.keyed {
		e.runes++
	}
	if e.runes == e.keyed {
		e.keyed, e.runes = 0, 0
		if e.heldReturn {
			e.releaseReturn()
		}
	}
}

// TypedKey implements fyne.Focusable.
func (e *entry) TypedKey(k *fyne.KeyEvent) {
	e.u.touch()
	if e.onKey != nil && !bringsCharacter(k.Name) && k.Name != fyne.KeyReturn && k.Name != fyne.KeyEnter && e.onKey(k) {
		return
	}
	switch {
	case bringsCharacter(k.Name):
		e.keyed++
	case k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter:
		if e.heldReturn {
			return // pressed again while waiting: one submit
		}
		if e.runes < e.keyed {
			e.heldReturn = true
			e.holdTimer = e.u.after(imeWait, func() {
				if e.heldReturn {
					e.releaseReturn()
				}
			})
			return
		}
		e.passReturn(k)
		return
	}
	e.Entry.TypedKey(k)
}

// passReturn hands Return to the field and says so in the trace, with
// "idle" when it started no work: scripts wait for that before checking
// what Return did.
func (e *entry) passReturn(k *fyne.KeyEvent) {
	e.Entry.TypedKey(k)
	trace("key", "name=Return")
	if e.u.pending == 0 {
		trace("idle", "screen=%s", e.u.screenName())
	}
}

// releaseReturn passes the held Return on.
func (e *entry) releaseReturn() {
	e.heldReturn = false
	if e.holdTimer != nil {
		e.holdTimer.Stop()
		e.holdTimer = nil
	}
	e.keyed, e.runes = 0, 0
	e.passReturn(&fyne.KeyEvent{Name: fyne.KeyReturn})
}

// FocusLost implements fyne.Focusable: a new focus starts a new count.
func (e *entry) FocusLost() {
	if !e.heldReturn {
		e.keyed, e.runes = 0, 0
	}
	e.Entry.FocusLost()
}

// touch records user activity for the idle lock.
func (u *ui) touch() { u.lastInput = u.clock.Now() }

// autoLockAfter is the idle time before locking (0: never).
func (u *ui) autoLockAfter() time.Duration {
	m := u.app.Preferences().IntWithFallback(prefAutoLock, int(defaultAutoLock/time.Minute))
	if m <= 0 {
		return 0
	}
	return time.Duration(m) * time.Minute
}

// armIdleLock (re)starts the idle timer for the open vault.
func (u *ui) armIdleLock() {
	if u.idleTimer != nil {
		u.idleTimer.Stop()
		u.idleTimer = nil
	}
	idle := u.autoLockAfter()
	if idle == 0 || u.v == nil {
		return
	}
	wait := idle - u.clock.Now().Sub(u.lastInput)
	if wait <= 0 {
		u.lock()
		return
	}
	gen := u.gen
	u.idleTimer = u.after(wait, func() {
		if gen == u.gen && u.v != nil {
			u.armIdleLock() // locks if idle long enough, else waits the rest
		}
	})
}

// copySecret puts s on the clipboard and clears it after clipboardClear if
// it still holds s then.
func (u *ui) copySecret(s string) {
	u.touch()
	if !u.setSecretClipboard(s) { // Windows: kept out of clipboard history and the cloud
		u.app.Clipboard().SetContent(s)
	}
	u.copied = s
	if u.clipTimer != nil {
		u.clipTimer.Stop()
	}
	u.clipTimer = u.after(clipboardClear, u.clearClipboard)
	if u.main != nil {
		// Say so, and for how long (issue 19, item 9).
		u.showUndoBar(u.t("copy.done", int(clipboardClear/time.Second)), false, u.writes.Load())
	}
}

// clearClipboard empties the clipboard if it still holds our secret.
func (u *ui) clearClipboard() {
	if u.clipTimer != nil {
		u.clipTimer.Stop()
		u.clipTimer = nil
	}
	if u.copied == "" {
		return
	}
	if cb := u.app.Clipboard(); cb.Content() == u.copied {
		cb.SetContent("")
	}
	u.copied = ""
}

// running is the newest window's state, for ClearClipboard.
var running atomic.Pointer[ui]

// ClearClipboard takes a secret this process copied off the clipboard if it
// is still there. main calls it on SIGTERM, SIGINT and SIGHUP before the
// process exits, from the signal's goroutine: the work is done on Fyne's
// goroutine and waited for at most two seconds, so a hung window cannot
// keep the process alive.
func ClearClipboard() {
	u := running.Load()
	if u == nil {
		return
	}
	done := make(chan struct{})
	fyne.Do(func() {
		u.clearClipboard()
		close(done)
	})
	select {
	case <-done:
	case <-time.After(2 * time.Second):
	}
}

// opened switches to the main screen with v unlocked.
func (u *ui) opened(path string, v *vault.Vault, readOnly bool) {
	u.path, u.v, u.readOnly = path, v, readOnly
	u.store = countingStore{Store: v.Store(), n: &u.writes}
	u.app.Preferences().SetString(prefLastVault, path)
	u.rememberVault(path)
	u.forgetDavCred() // the vault's own client keeps them for the session
	u.touch()
	u.main = newMainScreen(u)
	u.showRemoteState()
	u.setContent(u.main.content)
	u.main.showSites()
	u.main.dash.load() // the title counts what is due
	u.armIdleLock()
	u.armRefresh()
	u.restoreDrafts()
	u.watchVault()
	u.refreshConflicts()
	u.recordDrill()
	u.startDrive()
}

// recordDrill: a backup contact who unlocks the vault with their identity
// file has done the access drill — the day is recorded for that way in
// (once a day), the bar says so and when the next one is due. Read-only
// sessions record nothing (another writer has the vault).
func (u *ui) recordDrill() {
	if u.readOnly || u.v == nil {
		return
	}
	var way vault.SlotInfo
	for _, s := range u.v.Slots() {
		if s.InUse {
			way = s
		}
	}
	if way.Type != "recipient" || strings.HasPrefix(way.Label, "scheduler@") {
		return
	}
	today := ledger.DateOf(u.clock.Now())
	st := u.store
	u.async(func() func() {
		last, err := st.Setting(remind.SettingDrillPrefix + way.ID)
		if err == nil && last == today.String() {
			return nil
		}
		if err == nil {
			err = st.Write(func(w ledger.Writer) error { return remind.RecordDrill(w, way.ID, today) })
		}
		return func() {
			if err != nil {
				u.showUndoBar(u.t("drill.failed", u.explain(err)), false, u.writes.Load())
				return
			}
			trace("drill-recorded", "way=%s", way.ID[:8])
			u.showUndoBar(u.t("drill.recorded", way.Label, u.date(today.AddMonths(6))), false, u.writes.Load())
			u.main.dash.load()
		}
	})
}

// lock closes the vault, wipes what the screens showed and returns to the
// unlock screen.
func (u *ui) lock() {
	if u.v == nil {
		return
	}
	u.gen++
	if u.idleTimer != nil {
		u.idleTimer.Stop()
		u.idleTimer = nil
	}
	var drafts []pendingDraft
	if u.main != nil {
		// Typing is never lost to a lock: unsaved forms become drafts.
		drafts = u.main.takeDrafts()
		u.main.clearSecrets()
	}
	u.clearClipboard()
	u.forgetDavCred()
	// A kept copy may hold what the next person to unlock should not get
	// back by surprise.
	u.dropUndo()
	u.undoing = false
	u.stopWatching()
	for _, d := range []*modal{u.conflictsBox, u.copiesBox} {
		if d != nil {
			d.Hide() // a revealed conflict value goes with the vault
		}
	}
	u.conflictsBox, u.copiesBox = nil, nil
	u.v.Lock()
	vault.PurgeKeys()
	u.sealDrafts(u.path, drafts)
	u.v, u.store, u.main = nil, nil, nil
	u.dueKeys, u.dueCount = nil, 0
	u.showUnlock(u.path)
}

// closeRequested handles the window's close button: a form with unsaved
// changes, on any screen, asks first; the vault is locked before the window
// goes.
func (u *ui) closeRequested() {
	if u.main != nil {
		if eds := u.main.unsavedEditors(); len(eds) > 0 {
			msg := u.t("records.closeUnsaved")
			if len(eds) == 1 && eds[0] == editor(u.main.sites) {
				msg = u.t("close.unsaved")
			}
			u.confirm(u.t("close.unsavedTitle"), msg, u.t("button.discard"), func() {
				for _, e := range eds {
					e.discardChanges()
				}
				u.closeRequested()
			})
			return
		}
	}
	if u.v != nil {
		u.lock()
	}
	u.win.Close()
}

// confirmBox is a confirmation dialog whose buttons tests can tap.
type confirmBox struct {
	d          *modal
	ok, cancel *widget.Button
}

// confirm asks a yes/no question; onOK runs after the OK button.
func (u *ui) confirm(title, msg, okText string, onOK func()) *confirmBox {
	l := widget.NewLabel(msg)
	l.Wrapping = fyne.TextWrapWord
	c := &confirmBox{}
	c.d = u.newModal(title, nil, container.NewGridWrap(fyne.NewSize(420, 90), l))
	c.cancel = widget.NewButton(u.t("button.cancel"), func() { c.d.Hide() })
	c.ok = widget.NewButton(okText, func() { c.d.Hide(); onOK() })
	c.ok.Importance = widget.DangerImportance
	c.d.setButtons(c.cancel, c.ok)
	c.d.Show()
	u.lastConfirm = c
	return c
}

// reveal opens the sealed secret kind/id off Fyne's goroutine and hands
// its text to show on it; a failure is shown as an error instead. The
// bytes are wiped once copied into the string show gets.
func (u *ui) reveal(kind, id string, show func(string)) {
	st := u.store
	u.async(func() func() {
		b, err := st.Reveal(kind, id)
		v := string(b)
		clear(b)
		return func() {
			if err != nil {
				u.showError(u.t("cred.revealFailed"), err)
				return
			}
			show(v)
		}
	})
}

// setBusy shows and runs progress while work is under way, and disables
// the widgets that would start it again; busy false undoes both.
func setBusy(busy bool, progress *widget.ProgressBarInfinite, ws ...fyne.Disableable) {
	for _, w := range ws {
		if busy {
			w.Disable()
		} else {
			w.Enable()
		}
	}
	if busy {
		progress.Show()
		progress.Start()
	} else {
		progress.Stop()
		progress.Hide()
	}
}
