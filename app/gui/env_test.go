package gui

import (
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// fakeEnv is a process environment for PrepareEnvironment tests.
type fakeEnv struct {
	vars map[string]string
	fail map[string]bool // variables whose setenv fails
}

func (e *fakeEnv) get(k string) string { return e.vars[k] }

func (e *fakeEnv) set(k, v string) error {
	if e.fail[k] {
		return errors.New("refused")
	}
	e.vars[k] = v
	return nil
}

func TestPrepareEnvironment(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		// want is the environment after the call; nil means unchanged but
		// for FYNE_PLATFORM=x11.
		want  map[string]string
		im    string
		utf8  bool
		byVar string
	}{
		{
			name:  "LANG=C with fcitx",
			env:   map[string]string{"LANG": "C", "GTK_IM_MODULE": "fcitx", "DISPLAY": ":0"},
			want:  map[string]string{"LANG": "C", "LC_CTYPE": "C.UTF-8", "GTK_IM_MODULE": "fcitx", "XMODIFIERS": "@im=fcitx", "DISPLAY": ":0", "FYNE_PLATFORM": "x11"},
			im:    "fcitx",
			byVar: "LANG",
		},
		{
			name:  "existing XMODIFIERS untouched",
			env:   map[string]string{"LANG": "zh_CN.UTF-8", "GTK_IM_MODULE": "fcitx", "XMODIFIERS": "@im=ibus"},
			want:  map[string]string{"LANG": "zh_CN.UTF-8", "GTK_IM_MODULE": "fcitx", "XMODIFIERS": "@im=ibus", "FYNE_PLATFORM": "x11"},
			im:    "fcitx",
			utf8:  true,
			byVar: "LANG",
		},
		{
			name:  "ibus via QT_IM_MODULE",
			env:   map[string]string{"LANG": "en_US.UTF-8", "QT_IM_MODULE": "ibus"},
			want:  map[string]string{"LANG": "en_US.UTF-8", "QT_IM_MODULE": "ibus", "XMODIFIERS": "@im=ibus", "FYNE_PLATFORM": "x11"},
			im:    "ibus",
			utf8:  true,
			byVar: "LANG",
		},
		{
			name:  "fcitx5 via INPUT_METHOD",
			env:   map[string]string{"LANG": "zh_CN.utf8", "INPUT_METHOD": "fcitx5"},
			want:  map[string]string{"LANG": "zh_CN.utf8", "INPUT_METHOD": "fcitx5", "XMODIFIERS": "@im=fcitx", "FYNE_PLATFORM": "x11"},
			im:    "fcitx",
			utf8:  true,
			byVar: "LANG",
		},
		{
			name:  "GTK_IM_MODULE wins over QT_IM_MODULE",
			env:   map[string]string{"LANG": "zh_CN.UTF-8", "GTK_IM_MODULE": "ibus", "QT_IM_MODULE": "fcitx"},
			want:  map[string]string{"LANG": "zh_CN.UTF-8", "GTK_IM_MODULE": "ibus", "QT_IM_MODULE": "fcitx", "XMODIFIERS": "@im=ibus", "FYNE_PLATFORM": "x11"},
			im:    "ibus",
			utf8:  true,
			byVar: "LANG",
		},
		{
			name:  "nothing evident: no XMODIFIERS",
			env:   map[string]string{"LANG": "zh_CN.UTF-8", "GTK_IM_MODULE": "xim"},
			want:  map[string]string{"LANG": "zh_CN.UTF-8", "GTK_IM_MODULE": "xim", "FYNE_PLATFORM": "x11"},
			utf8:  true,
			byVar: "LANG",
		},
		{
			name:  "UTF-8 locale and platform left alone",
			env:   map[string]string{"LANG": "zh_CN.UTF-8", "FYNE_PLATFORM": "wayland"},
			want:  map[string]string{"LANG": "zh_CN.UTF-8", "FYNE_PLATFORM": "wayland"},
			utf8:  true,
			byVar: "LANG",
		},
		{
			name:  "UTF-8 LC_CTYPE beats LANG=C",
			env:   map[string]string{"LANG": "C", "LC_CTYPE": "zh_CN.UTF-8"},
			want:  map[string]string{"LANG": "C", "LC_CTYPE": "zh_CN.UTF-8", "FYNE_PLATFORM": "x11"},
			utf8:  true,
			byVar: "LC_CTYPE",
		},
		{
			name:  "nothing set: the C locale",
			env:   map[string]string{},
			want:  map[string]string{"LC_CTYPE": "C.UTF-8", "FYNE_PLATFORM": "x11"},
			byVar: "",
		},
		{
			name:  "LC_ALL=C must itself change",
			env:   map[string]string{"LC_ALL": "C", "LANG": "zh_CN.UTF-8", "GTK_IM_MODULE": "fcitx"},
			want:  map[string]string{"LC_ALL": "C.UTF-8", "LANG": "zh_CN.UTF-8", "GTK_IM_MODULE": "fcitx", "XMODIFIERS": "@im=fcitx", "FYNE_PLATFORM": "x11"},
			im:    "fcitx",
			byVar: "LC_ALL",
		},
		{
			name:  "legacy codeset GB18030",
			env:   map[string]string{"LANG": "zh_CN.GB18030", "LC_CTYPE": "zh_CN.GB18030"},
			want:  map[string]string{"LANG": "zh_CN.GB18030", "LC_CTYPE": "C.UTF-8", "FYNE_PLATFORM": "x11"},
			byVar: "LC_CTYPE",
		},
		{
			name:  "UTF-8 with modifier",
			env:   map[string]string{"LC_ALL": "sr_RS.UTF-8@latin"},
			want:  map[string]string{"LC_ALL": "sr_RS.UTF-8@latin", "FYNE_PLATFORM": "x11"},
			utf8:  true,
			byVar: "LC_ALL",
		},
		{
			name:  "pure Wayland without XWayland keeps Wayland",
			env:   map[string]string{"LANG": "zh_CN.UTF-8", "WAYLAND_DISPLAY": "wayland-0"},
			want:  map[string]string{"LANG": "zh_CN.UTF-8", "WAYLAND_DISPLAY": "wayland-0"},
			utf8:  true,
			byVar: "LANG",
		},
		{
			name:  "Wayland with XWayland goes X11",
			env:   map[string]string{"LANG": "zh_CN.UTF-8", "WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"},
			want:  map[string]string{"LANG": "zh_CN.UTF-8", "WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0", "FYNE_PLATFORM": "x11"},
			utf8:  true,
			byVar: "LANG",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := maps.Clone(tc.env)
			e := &fakeEnv{vars: maps.Clone(tc.env)}
			d := PrepareEnvironment(e.get, e.set)
			if d.Err != nil {
				t.Errorf("Err = %v", d.Err)
			}
			if !maps.Equal(e.vars, tc.want) {
				t.Errorf("environment\n got %v\nwant %v", e.vars, tc.want)
			}
			if d.InputMethod != tc.im || d.LocaleUTF8 != tc.utf8 || d.LocaleVar != tc.byVar {
				t.Errorf("diagnostics %+v: want im %q utf8 %t var %q", d, tc.im, tc.utf8, tc.byVar)
			}
			if d.Locale != before[tc.byVar] {
				t.Errorf("Locale = %q, want the value before the call, %q", d.Locale, before[tc.byVar])
			}
			if d.XModifiers != e.vars["XMODIFIERS"] || d.Platform != e.vars["FYNE_PLATFORM"] {
				t.Errorf("diagnostics %+v disagree with environment %v", d, e.vars)
			}
			// Set lists exactly the variables that changed.
			var changed []string
			for k, v := range e.vars {
				if before[k] != v {
					changed = append(changed, k+"="+v)
				}
			}
			if got := slices.Sorted(slices.Values(d.Set)); !slices.Equal(got, slices.Sorted(slices.Values(changed))) {
				t.Errorf("Set = %v, changed %v", d.Set, changed)
			}
			if s := d.String(); !strings.Contains(s, "locale") {
				t.Errorf("String() = %q", s)
			}
		})
	}
}

func TestPrepareEnvironmentSetenvFails(t *testing.T) {
	e := &fakeEnv{
		vars: map[string]string{"LANG": "C", "GTK_IM_MODULE": "fcitx"},
		fail: map[string]bool{"XMODIFIERS": true, "LC_CTYPE": true},
	}
	d := PrepareEnvironment(e.get, e.set)
	if d.Err == nil || !strings.Contains(d.Err.Error(), "XMODIFIERS") || !strings.Contains(d.Err.Error(), "LC_CTYPE") {
		t.Fatalf("Err = %v, want both failures", d.Err)
	}
	if d.XModifiers != "" {
		t.Errorf("XModifiers = %q after a failed set", d.XModifiers)
	}
	if !slices.Equal(d.Set, []string{"FYNE_PLATFORM=x11"}) {
		t.Errorf("Set = %v", d.Set)
	}
	if !strings.Contains(d.String(), "error:") {
		t.Errorf("String() = %q hides the error", d.String())
	}
}

func TestSmokeDelay(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    time.Duration
		wantErr bool
	}{
		{"", 0, false},
		{"  ", 0, false},
		{"6", 6 * time.Second, false},
		{"0.5", 500 * time.Millisecond, false},
		{"0", 0, true},
		{"-1", 0, true},
		{"soon", 0, true},
		{"NaN", 0, true},
		{"1e9", 0, true},
	} {
		got, err := smokeDelay(tc.in)
		if got != tc.want || (err != nil) != tc.wantErr {
			t.Errorf("smokeDelay(%q) = %v, %v; want %v, error %t", tc.in, got, err, tc.want, tc.wantErr)
		}
	}
}

// A vault path given relative on the command line is made absolute before
// it is shown and remembered; a WebDAV address is kept.
func TestAbsVaultPath(t *testing.T) {
	wd, _ := os.Getwd()
	if got := absVaultPath("台账.beianvault"); got != filepath.Join(wd, "台账.beianvault") {
		t.Fatalf("relative: %q", got)
	}
	if got := absVaultPath("https://dav.example.cn/台账.beianvault"); got != "https://dav.example.cn/台账.beianvault" {
		t.Fatalf("WebDAV: %q", got)
	}
	if got := absVaultPath(""); got != "" {
		t.Fatalf("empty: %q", got)
	}
}
