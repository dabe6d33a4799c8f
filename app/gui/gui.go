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
// # Smoke mode
//
// With BEIANLEDGER_SMOKE_SECONDS set to a positive number, the app quits by
// itself after that many seconds, so scripts and CI can start the real
// window, take a screenshot and wait for a clean exit.
//
// The package imports no database code and no vault internals.
package gui

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"beianledger/app/i18n"
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
func Run(opts Options) error {
	smoke, err := smokeDelay(os.Getenv(SmokeEnv))
	if err != nil {
		return err
	}
	if opts.Lang == "" {
		opts.Lang = i18n.Detect()
	}
	if usesX11() {
		if d := PrepareEnvironment(os.Getenv, os.Setenv); d.Err != nil {
			// Not fatal: the window still works, only Chinese input may not.
			fmt.Fprintf(os.Stderr, "beianledger: preparing input method environment: %v\n", d.Err)
		}
	}

	a := app.NewWithID(AppID)
	a.Settings().SetTheme(NewTheme())
	a.SetIcon(Icon())

	w := newMainWindow(a, opts)
	if smoke > 0 {
		time.AfterFunc(smoke, func() { fyne.Do(a.Quit) })
	}
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

// newMainWindow creates the main window with its content, not yet shown.
func newMainWindow(a fyne.App, opts Options) fyne.Window {
	w := a.NewWindow(i18n.T(opts.Lang, "app.title"))
	w.SetIcon(Icon())
	// Size first: wrapped labels measure their height against the width
	// they get when the content is laid out.
	w.Resize(fyne.NewSize(900, 600))
	w.SetContent(newPlaceholder(opts, a.Quit).content)
	w.CenterOnScreen()
	return w
}

// placeholder is the interim main screen shown until the ledger screens
// exist. Its widgets are fields so tests can inspect and tap them.
type placeholder struct {
	title, tagline, body, vault *widget.Label
	quit                        *widget.Button
	content                     fyne.CanvasObject
}

// newPlaceholder builds the interim screen in language opts.Lang; onQuit
// runs when the quit button is tapped.
func newPlaceholder(opts Options, onQuit func()) *placeholder {
	l := opts.Lang
	p := &placeholder{
		title:   widget.NewLabelWithStyle(i18n.T(l, "app.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		tagline: widget.NewLabel(i18n.T(l, "app.tagline")),
		body:    widget.NewLabel(i18n.T(l, "placeholder.body")),
		vault:   widget.NewLabel(""),
		quit:    widget.NewButtonWithIcon(i18n.T(l, "button.quit"), theme.LogoutIcon(), onQuit),
	}
	p.title.SizeName = theme.SizeNameHeadingText
	p.tagline.Wrapping = fyne.TextWrapWord
	p.body.Wrapping = fyne.TextWrapWord
	p.vault.Wrapping = fyne.TextWrapBreak // paths have no spaces to break at
	if opts.VaultPath != "" {
		p.vault.SetText(i18n.T(l, "placeholder.vault", opts.VaultPath))
	} else {
		p.vault.Hide()
	}

	p.content = container.NewPadded(container.NewBorder(
		container.NewVBox(p.title, p.tagline, widget.NewSeparator()),
		container.NewHBox(layout.NewSpacer(), p.quit),
		nil, nil,
		container.NewVBox(p.body, p.vault),
	))
	return p
}
