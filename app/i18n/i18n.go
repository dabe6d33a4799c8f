// Package i18n holds the user-visible strings of Beian Ledger in Simplified
// Chinese and English, shared by the GUI and the CLI.
//
// # Catalogues
//
// The strings live in zh-CN.json and en.json next to this file, embedded at
// build time, plus one pair of files per larger screen (zh-CN.letters.json
// and en.letters.json …): flat JSON objects, from a dotted key
// ("app.title") to a text that may hold fmt verbs ("保险库文件：%s"). A test
// checks that both languages have the same keys and the same verbs, so
// arguments can be passed without knowing the language.
//
// # Choosing the language
//
// [Detect] reads the POSIX locale variables; the GUI and CLI may override it
// (a flag, a setting). [T] looks a key up in the chosen language, then in
// English, and finally returns the key itself, so a missing string is
// visible but never fatal.
//
// This package imports no GUI toolkit: the CLI must never pull one in.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
)

// Lang is a language the catalogues are written in, named by its BCP 47 tag.
type Lang string

// The supported languages.
const (
	// ZH is Simplified Chinese as used in mainland China.
	ZH Lang = "zh-CN"
	// EN is English, also the fallback for any other locale.
	EN Lang = "en"
)

// Langs lists the supported languages, Chinese first.
var Langs = []Lang{ZH, EN}

//go:embed *.json
var files embed.FS

// langFiles lists the catalogue files of l: l.json and every l.AREA.json.
func langFiles(l Lang) []string {
	entries, _ := files.ReadDir(".")
	var out []string
	for _, e := range entries {
		n := e.Name()
		if n == string(l)+".json" || (strings.HasPrefix(n, string(l)+".") && strings.HasSuffix(n, ".json")) {
			out = append(out, n)
		}
	}
	return out
}

// catalogues maps each language to its key → text table. It is filled at
// the first lookup (a command that prints no text of the catalogues does
// not parse them: 5 ms and 0.8 MB of every start) and only read
// afterwards, so concurrent T calls are safe.
var catalogues = sync.OnceValue(mustLoad)

func mustLoad() map[Lang]map[string]string {
	m := make(map[Lang]map[string]string, len(Langs))
	for _, l := range Langs {
		c := map[string]string{}
		for _, name := range langFiles(l) {
			b, err := files.ReadFile(name)
			if err != nil {
				panic(fmt.Sprintf("i18n: %v", err)) // unreachable: embedded
			}
			var part map[string]string
			if err := json.Unmarshal(b, &part); err != nil {
				// A broken catalogue is a programming error caught by the
				// package's own tests; fail loudly rather than show keys.
				panic(fmt.Sprintf("i18n: parse %s: %v", name, err))
			}
			for k, v := range part {
				if _, dup := c[k]; dup {
					panic(fmt.Sprintf("i18n: %s: key %q is already defined", name, k))
				}
				c[k] = v
			}
		}
		m[l] = c
	}
	return m
}

// T returns the text for key in language l, formatted with args by
// [fmt.Sprintf] when any are given (with none, the text is returned as it
// is, so a literal % needs no escaping). A key missing in l falls back to
// English, and a key missing there too is returned unchanged.
func T(l Lang, key string, args ...any) string {
	s, ok := catalogues()[l][key]
	if !ok {
		s, ok = catalogues()[EN][key]
	}
	if !ok {
		return key
	}
	if len(args) == 0 {
		return s
	}
	if l == EN && firstIntIsOne(args) {
		// English has a singular: "1 site", not "1 sites" (KEY.one).
		if one, ok := catalogues()[EN][key+".one"]; ok {
			s = one
		}
	}
	return fmt.Sprintf(s, args...)
}

// firstIntIsOne reports whether the first integer among args is 1: the
// count an English text's noun agrees with.
func firstIntIsOne(args []any) bool {
	for _, a := range args {
		switch n := a.(type) {
		case int:
			return n == 1
		case int64:
			return n == 1
		case uint64:
			return n == 1
		}
	}
	return false
}

// Has reports whether key exists in the English catalogue, which every
// language mirrors.
func Has(key string) bool {
	_, ok := catalogues()[EN][key]
	return ok
}

// Detect picks the language from the environment the way POSIX programs pick
// their message language: the first non-empty of LC_ALL, LC_MESSAGES and
// LANG decides, read through [Parse]. With none set — as on Windows and for
// apps started from the macOS Finder — the system's own preferred UI
// languages decide (Windows: GetUserPreferredUILanguages; macOS:
// AppleLanguages): the first that is Chinese or English. Else [EN].
func Detect() Lang {
	return detect(os.Getenv, systemLanguages)
}

func detect(getenv func(string) string, system func() []string) Lang {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			return Parse(v)
		}
	}
	if system != nil {
		for _, tag := range system() {
			t := strings.ToLower(tag)
			if Parse(t) == ZH {
				return ZH
			}
			if t == "en" || strings.HasPrefix(t, "en-") || strings.HasPrefix(t, "en_") {
				return EN
			}
		}
	}
	return EN
}

// Parse maps a locale name or language tag to a supported language: any
// Chinese one ("zh_CN.UTF-8", "zh-CN", "zh_TW", "zh") gives [ZH], anything
// else, including "C", "POSIX" and "", gives [EN].
func Parse(s string) Lang {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "zh" || strings.HasPrefix(s, "zh_") || strings.HasPrefix(s, "zh-") || strings.HasPrefix(s, "zh.") || strings.HasPrefix(s, "zh@") {
		return ZH
	}
	return EN
}
