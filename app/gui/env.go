package gui

import (
	"errors"
	"fmt"
	"strings"
)

// FallbackLocale is the character locale [PrepareEnvironment] sets when the
// environment's is not UTF-8. glibc ≥ 2.35 builds it in, so it needs no
// generated locale, and Xlib's input method support accepts it.
const FallbackLocale = "C.UTF-8"

// Diagnostics records what [PrepareEnvironment] found and what it changed,
// for logs and bug reports.
type Diagnostics struct {
	// LocaleVar names the variable that decided the character locale
	// (LC_ALL, LC_CTYPE or LANG), or is empty when none was set (the "C" locale).
	LocaleVar string
	// Locale is that variable's value before any change.
	Locale string
	// LocaleUTF8 reports whether Locale already named a UTF-8 codeset.
	LocaleUTF8 bool

	// InputMethod is the input method framework found ("fcitx", "ibus"),
	// or empty; IMVar names the variable it was read from.
	InputMethod, IMVar string
	// XModifiers is the value of XMODIFIERS after the call ("" if unset).
	XModifiers string

	// Platform is the value of FYNE_PLATFORM after the call ("" if unset).
	Platform string

	// Set lists the variables changed, as "NAME=value", in the order set.
	Set []string
	// Err joins the errors of the setenv calls, if any failed.
	Err error
}

// String summarises d on one line.
func (d Diagnostics) String() string {
	loc := d.Locale
	if d.LocaleVar == "" {
		loc = "(unset)"
	}
	set := "nothing"
	if len(d.Set) > 0 {
		set = strings.Join(d.Set, " ")
	}
	s := fmt.Sprintf("locale %s=%s utf8=%t; im=%q via %q; XMODIFIERS=%q; FYNE_PLATFORM=%q; set %s",
		d.LocaleVar, loc, d.LocaleUTF8, d.InputMethod, d.IMVar, d.XModifiers, d.Platform, set)
	if d.Err != nil {
		s += "; error: " + d.Err.Error()
	}
	return s
}

// PrepareEnvironment adjusts the process environment so that Chinese input
// methods work in the X11 driver, and reports what it did. Call it before the
// Fyne app is created: GLFW reads the locale and XMODIFIERS once, when the
// driver starts, and never again. getenv and setenv are normally [os.Getenv]
// and [os.Setenv] (which also update the C environment GLFW reads); tests
// pass fakes. It changes:
//
//   - the character locale, when it is not UTF-8 (unset, "C", "POSIX", or a
//     legacy codeset such as GB18030): with the C locale, XIM commits no text at
//     all. The effective variable is LC_ALL if set, else LC_CTYPE, else LANG.
//     If LC_ALL decided, it becomes [FallbackLocale] (LC_ALL overrides every
//     other variable, so nothing else would help); otherwise only LC_CTYPE is
//     set, leaving LANG, messages, numbers and dates as the user chose.
//   - XMODIFIERS, when it is unset and GTK_IM_MODULE, QT_IM_MODULE or
//     INPUT_METHOD (checked in that order) names fcitx (also fcitx5) or ibus:
//     without it GLFW never connects to the input method and keys arrive as
//     raw letters. An existing XMODIFIERS is never touched, and nothing is
//     guessed when no variable names a framework.
//   - FYNE_PLATFORM, when unset, becomes "x11": Fyne's Wayland backend has no
//     input method support, XWayland has. The exception is a Wayland session
//     without XWayland (WAYLAND_DISPLAY set, DISPLAY empty), where forcing
//     X11 would leave no window at all.
func PrepareEnvironment(getenv func(string) string, setenv func(k, v string) error) Diagnostics {
	var d Diagnostics
	var errs []error
	set := func(k, v string) bool {
		if err := setenv(k, v); err != nil {
			errs = append(errs, fmt.Errorf("set %s: %w", k, err))
			return false
		}
		d.Set = append(d.Set, k+"="+v)
		return true
	}

	// Character locale.
	for _, k := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if v := getenv(k); v != "" {
			d.LocaleVar, d.Locale = k, v
			break
		}
	}
	d.LocaleUTF8 = isUTF8Locale(d.Locale)
	if !d.LocaleUTF8 {
		if d.LocaleVar == "LC_ALL" {
			set("LC_ALL", FallbackLocale)
		} else {
			set("LC_CTYPE", FallbackLocale)
		}
	}

	// Input method.
	for _, k := range []string{"GTK_IM_MODULE", "QT_IM_MODULE", "INPUT_METHOD"} {
		if im := imFramework(getenv(k)); im != "" {
			d.InputMethod, d.IMVar = im, k
			break
		}
	}
	d.XModifiers = getenv("XMODIFIERS")
	if d.XModifiers == "" && d.InputMethod != "" {
		if v := "@im=" + d.InputMethod; set("XMODIFIERS", v) {
			d.XModifiers = v
		}
	}

	// Platform.
	d.Platform = getenv("FYNE_PLATFORM")
	if d.Platform == "" && !(getenv("WAYLAND_DISPLAY") != "" && getenv("DISPLAY") == "") {
		if set("FYNE_PLATFORM", "x11") {
			d.Platform = "x11"
		}
	}

	d.Err = errors.Join(errs...)
	return d
}

// isUTF8Locale reports whether a POSIX locale name (language[_territory][.codeset][@modifier])
// names the UTF-8 codeset, in any of its usual spellings.
func isUTF8Locale(name string) bool {
	_, codeset, ok := strings.Cut(name, ".")
	if !ok {
		return false
	}
	codeset, _, _ = strings.Cut(codeset, "@")
	codeset = strings.ToLower(codeset)
	return codeset == "utf-8" || codeset == "utf8"
}

// imFramework returns "fcitx" or "ibus" when an IM module variable names one
// of them ("fcitx", "fcitx5", "ibus"), else "".
func imFramework(v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	switch {
	case strings.HasPrefix(v, "fcitx"):
		// fcitx5's XIM frontend registers as "fcitx" too.
		return "fcitx"
	case strings.HasPrefix(v, "ibus"):
		return "ibus"
	}
	return ""
}
