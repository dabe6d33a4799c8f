// Package gui is the Fyne desktop front end of Beian Ledger.
//
// # Starting
//
// [Run] prepares the environment for Chinese input methods
// ([PrepareEnvironment]), creates the Fyne app with the embedded-font
// [Theme] and the icon, shows the main window and blocks until the app quits.
//
// # Threads
//
// Widgets are touched only on Fyne's goroutine. Work started elsewhere
// (timers, file I/O, key derivation) comes back through [fyne.Do].
//
// # Screens
//
// The start screen creates a vault, opens one or the demo; the unlock screen
// asks for a passphrase, identity file or recovery key; the main screen has
// a navigation list (dashboard, sites, entities, credentials, contacts,
// providers, letters, recovery guide, access, settings). Letters fill a
// template from a site's records with a live preview and save DOCX or PDF;
// the recovery guide walks from one question to a scenario's steps, its
// checklist and its letters. All state lives in one ui struct whose
// widgets are fields, so tests drive it with fyne/test. Secrets are shown
// only on request and cleared on lock; a copied secret leaves the clipboard
// after 30 seconds if it is still there.
//
// # Smoke mode
//
// With BEIANLEDGER_SMOKE_SECONDS set to a positive number, the app quits by
// itself after that many seconds, so scripts and CI can start the real
// window, take a screenshot and wait for a clean exit. With
// BEIANLEDGER_TRACE set, it prints timing lines ([TraceEnv]) that
// bench/gui reads.
//
// # Reminders
//
// The dashboard re-reads the reminders every 30 minutes while the vault is
// open and sends a desktop notification for what has fallen due (and, once
// a day per vault, for what is due on unlocking).
//
// The package imports no database code and no vault internals.
package gui

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/driver/desktop"

	"beianledger/app/i18n"
	"beianledger/internal/buildinfo"
	"beianledger/vault"
)

// AppID is the application's unique identifier (reverse DNS), under which
// Fyne keeps preferences and storage.
const AppID = "cn.beianledger.app"

// SmokeEnv names the environment variable that makes [Run] quit by itself
// after the given number of seconds.
const SmokeEnv = "BEIANLEDGER_SMOKE_SECONDS"

// Options configures [Run].
type Options struct {
	// VaultPath is the vault file to open; empty means none chosen yet.
	VaultPath string
	// Lang is the interface language; empty means [i18n.Detect].
	Lang i18n.Lang
}

// Run starts the GUI and blocks until the user (or smoke mode) quits it.
// It must be called from the main goroutine, once per process.
func Run(opts Options) (err error) {
	defer func() {
		// The toolkit panics when the display goes away between our check
		// and its start (GLFW "not initialized"): say so instead of a crash.
		if r := recover(); r != nil {
			err = fmt.Errorf("the window could not be opened: %v (is the display %q still there?)", r, os.Getenv("DISPLAY"))
		}
	}()
	smoke, err := smokeDelay(os.Getenv(SmokeEnv))
	if err != nil {
		return err
	}
	drive, err := parseDrive(os.Getenv(DriveEnv))
	if err != nil {
		return err
	}
	if opts.Lang == "" {
		opts.Lang = i18n.Detect()
	}
	opts.VaultPath = absVaultPath(opts.VaultPath)
	var diag Diagnostics
	if usesX11() {
		// Without a reachable display the toolkit panics deep inside
		// GLFW; say what is wrong instead.
		if err := checkDisplay(os.Getenv("DISPLAY"), os.Getenv("WAYLAND_DISPLAY"), dialX); err != nil {
			return err
		}
		if diag = PrepareEnvironment(os.Getenv, os.Setenv); diag.Err != nil {
			// Not fatal: the window still works, only Chinese input may not.
			fmt.Fprintf(os.Stderr, "beianledger: preparing input method environment: %v\n", diag.Err)
		}
	}

	// One version for the CLI, this window's About and the Windows file
	// properties (internal/buildinfo); and FyneApp.toml's fyneDo migration,
	// which a plain `go build` would not apply.
	app.SetMetadata(fyne.AppMetadata{ID: AppID, Name: "Beian Ledger", Version: buildinfo.Version(),
		Icon: Icon(), Migrations: map[string]bool{"fyneDo": true}})
	a := app.NewWithID(AppID)
	a.Settings().SetTheme(NewThemeVariant(a.Preferences().StringWithFallback(prefTheme, themeSystem)))
	a.SetIcon(Icon())
	if l := a.Preferences().String(prefLang); l != "" {
		// The language chosen in Settings beats the locale.
		opts.Lang = i18n.Parse(l)
	}

	w, u := newMainWindow(a, opts, realClock{}, DefaultOpener())
	u.diag = diag
	u.follow = true // other writers' saves come in while the window is open
	u.dashFirst = true
	u.drive = drive
	if d, ok := a.(desktop.App); ok {
		// The tray runs a hidden helper window: make this one the master,
		// so that closing it still quits the app.
		w.SetMaster()
		u.tray = d
		u.refreshTray()
	}
	if smoke > 0 {
		time.AfterFunc(smoke, func() { fyne.Do(a.Quit) })
	}
	a.Lifecycle().SetOnStarted(func() { trace("started", "screen=%s", u.screenName()) })
	w.ShowAndRun()
	return nil
}

// usesX11 reports whether Fyne's desktop driver runs on X11 (or Wayland) on
// this OS, where the locale and XMODIFIERS matter.
func usesX11() bool {
	switch runtime.GOOS {
	case "linux", "freebsd", "openbsd", "netbsd", "dragonfly":
		return true
	}
	return false
}

// smokeDelay parses the value of [SmokeEnv]: empty means no smoke mode, a
// positive number of seconds (fractions allowed) the delay before quitting.
func smokeDelay(v string) (time.Duration, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, nil
	}
	s, err := strconv.ParseFloat(v, 64)
	if err != nil || !(s > 0 && s <= 24*3600) { // also rejects NaN
		return 0, fmt.Errorf("%s=%q: want a number of seconds between 0 and 86400", SmokeEnv, v)
	}
	return time.Duration(s * float64(time.Second)), nil
}

// newMainWindow creates the main window and the GUI state behind it, not
// yet shown: the unlock screen for opts.VaultPath (or the last vault used),
// else the start screen.
func newMainWindow(a fyne.App, opts Options, clock Clock, op Opener) (fyne.Window, *ui) {
	return newMainWindowWith(a, opts, clock, op, nil)
}

// newMainWindowWith is newMainWindow with a hook that adjusts the GUI state
// (tests point the folders elsewhere) before the first screen is built.
func newMainWindowWith(a fyne.App, opts Options, clock Clock, op Opener, configure func(*ui)) (fyne.Window, *ui) {
	w := a.NewWindow(i18n.T(opts.Lang, "app.title"))
	w.SetIcon(Icon())
	// Size first: wrapped labels measure their height against the width
	// they get when the content is laid out.
	w.Resize(fyne.NewSize(1100, 700))
	u := newUI(a, w, opts.Lang, clock, op)
	if configure != nil {
		configure(u)
	}
	path := opts.VaultPath
	if path == "" {
		if last := a.Preferences().String(prefLastVault); last != "" {
			if _, err := os.Stat(last); err == nil || vault.IsRemote(last) {
				path = last
			}
		}
	}
	if path != "" {
		u.showUnlock(path)
	} else {
		u.showStart()
	}
	w.CenterOnScreen()
	return w, u
}

// absVaultPath makes a vault path given on the command line absolute: it is
// shown on the unlock screen and remembered as the last vault, and a
// relative one means nothing once the app is started from elsewhere.
// WebDAV addresses are kept as they are.
func absVaultPath(p string) string {
	if p == "" || vault.IsRemote(p) {
		return p
	}
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}
