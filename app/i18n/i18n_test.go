package i18n

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestCataloguesMatch checks that every key exists in every language and that
// each translation carries the same fmt verbs as the English text, so callers
// can pass arguments without knowing the language.
func TestCataloguesMatch(t *testing.T) {
	en := catalogues()[EN]
	if len(en) == 0 {
		t.Fatal("English catalogue is empty")
	}
	for _, l := range Langs {
		c := catalogues()[l]
		for k := range en {
			if _, ok := c[k]; !ok {
				t.Errorf("%s: key %q missing", l, k)
			}
		}
		for k, s := range c {
			ref, ok := en[k]
			if !ok {
				t.Errorf("%s: key %q not in en", l, k)
				continue
			}
			if strings.TrimSpace(s) == "" {
				t.Errorf("%s: key %q is empty", l, k)
			}
			if got, want := verbs(s), verbs(ref); !slices.Equal(got, want) {
				t.Errorf("%s: key %q has verbs %q, en has %q", l, k, got, want)
			}
		}
	}
}

// verbRE matches one fmt verb with its optional argument index, flags, width
// and precision ("%s", "%[2]d", "%-8.2f"); "%%" is matched so it can be skipped.
var verbRE = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*(\d+|\*)?(\.(\d+|\*)?)?[a-zA-Z%]`)

// verbs returns the verbs of s in a canonical order. A translation may reorder
// its arguments with explicit indexes, so verbs are keyed by the argument they
// consume: "%s %d" and "%[2]d %[1]s" both give ["1:s", "2:d"].
func verbs(s string) []string {
	var out []string
	next := 1
	for _, m := range verbRE.FindAllStringSubmatch(s, -1) {
		v := m[0]
		if v == "%%" {
			continue
		}
		if m[1] != "" {
			n, err := strconv.Atoi(strings.Trim(m[1], "[]"))
			if err != nil {
				panic(err) // unreachable: verbRE admits only digits here
			}
			next = n
		}
		out = append(out, fmt.Sprintf("%d:%c", next, v[len(v)-1]))
		next++
	}
	slices.Sort(out)
	return out
}

func TestVerbs(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"no verbs", nil},
		{"100%% sure", nil},
		{"%s and %d", []string{"1:s", "2:d"}},
		{"%[2]d 个，来自 %[1]s", []string{"1:s", "2:d"}},
		{"%-8.2f", []string{"1:f"}},
	} {
		if got := verbs(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("verbs(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestNoDuplicateKeys reads the raw JSON token by token: encoding/json keeps
// the last of two equal keys silently, which would hide a translation.
func TestNoDuplicateKeys(t *testing.T) {
	for _, l := range Langs {
		seen := map[string]bool{}
		if len(langFiles(l)) == 0 {
			t.Fatalf("%s: no catalogue", l)
		}
		for _, name := range langFiles(l) {
			b, err := files.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			dec := json.NewDecoder(strings.NewReader(string(b)))
			if _, err := dec.Token(); err != nil { // {
				t.Fatal(err)
			}
			for dec.More() {
				tok, err := dec.Token()
				if err != nil {
					t.Fatalf("%s: %v", l, err)
				}
				k := tok.(string)
				if seen[k] {
					t.Errorf("%s: duplicate key %q", l, k)
				}
				seen[k] = true
				if _, err := dec.Token(); err != nil { // the value
					t.Fatalf("%s: %v", l, err)
				}
			}
		}
	}
}

func TestSeedKeys(t *testing.T) {
	for _, k := range []string{"app.title", "app.tagline", "placeholder.body", "placeholder.vault", "button.quit"} {
		if !Has(k) {
			t.Errorf("seed key %q missing", k)
		}
	}
	if got := T(ZH, "app.title"); got != "备案台账" {
		t.Errorf("T(ZH, app.title) = %q", got)
	}
	if got := T(EN, "app.title"); got != "Beian Ledger" {
		t.Errorf("T(EN, app.title) = %q", got)
	}
}

func TestT(t *testing.T) {
	for _, tc := range []struct {
		l    Lang
		key  string
		args []any
		want string
	}{
		{ZH, "placeholder.vault", []any{"/tmp/a.vault"}, "保险库文件：/tmp/a.vault"},
		{EN, "placeholder.vault", []any{"/tmp/a.vault"}, "Vault file: /tmp/a.vault"},
		{"fr", "button.quit", nil, "Quit"},           // unknown language → English
		{ZH, "no.such.key", nil, "no.such.key"},      // unknown key → the key
		{ZH, "no.such.key", []any{1}, "no.such.key"}, // … even with arguments
		{"", "app.title", nil, "Beian Ledger"},       // zero Lang → English
	} {
		if got := T(tc.l, tc.key, tc.args...); got != tc.want {
			t.Errorf("T(%q, %q, %v) = %q, want %q", tc.l, tc.key, tc.args, got, tc.want)
		}
	}
}

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want Lang
	}{
		{"nothing set", nil, EN},
		{"LANG zh_CN.UTF-8", map[string]string{"LANG": "zh_CN.UTF-8"}, ZH},
		{"LANG en_US.UTF-8", map[string]string{"LANG": "en_US.UTF-8"}, EN},
		{"LANG C", map[string]string{"LANG": "C"}, EN},
		{"LANG POSIX", map[string]string{"LANG": "POSIX"}, EN},
		{"LANG C.UTF-8", map[string]string{"LANG": "C.UTF-8"}, EN},
		{"LC_ALL wins", map[string]string{"LC_ALL": "zh_CN.GB18030", "LC_MESSAGES": "en_US", "LANG": "en_US"}, ZH},
		{"LC_ALL C wins over zh LANG", map[string]string{"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, EN},
		{"LC_MESSAGES before LANG", map[string]string{"LC_MESSAGES": "zh_TW.UTF-8", "LANG": "en_GB.UTF-8"}, ZH},
		{"empty LC_ALL ignored", map[string]string{"LC_ALL": "", "LANG": "zh_SG"}, ZH},
		{"LC_CTYPE alone does not count", map[string]string{"LC_CTYPE": "zh_CN.UTF-8"}, EN},
		{"zh with modifier", map[string]string{"LANG": "zh_CN.UTF-8@pinyin"}, ZH},
		{"not zh prefix", map[string]string{"LANG": "zu_ZA.UTF-8"}, EN},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := detect(func(k string) string { return tc.env[k] }, nil); got != tc.want {
				t.Errorf("detect = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestParse(t *testing.T) {
	for in, want := range map[string]Lang{
		"zh": ZH, "zh-CN": ZH, "ZH_cn": ZH, "zh.UTF-8": ZH, " zh_CN ": ZH,
		"en": EN, "": EN, "C": EN, "zhx": EN, "de_DE": EN,
	} {
		if got := Parse(in); got != want {
			t.Errorf("Parse(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLangsSorted(t *testing.T) {
	keys := slices.Sorted(maps.Keys(catalogues()))
	want := slices.Clone(Langs)
	slices.Sort(want)
	if !slices.Equal(keys, want) {
		t.Errorf("catalogues %v, Langs %v", keys, want)
	}
}

// English counts agree with their noun: "1 site", "2 sites"; Chinese has
// no singular form.
func TestEnglishSingular(t *testing.T) {
	for _, tc := range []struct {
		l    Lang
		key  string
		args []any
		want string
	}{
		{EN, "sites.count", []any{1}, "1 site"},
		{EN, "sites.count", []any{2}, "2 sites"},
		{EN, "sites.count", []any{0}, "0 sites"},
		{EN, "dash.daysLeft", []any{1}, "1 day left"},
		{EN, "sites.found", []any{1, "官网"}, "1 site matches “官网”"},
		{ZH, "sites.count", []any{1}, T(ZH, "sites.count", 2)[:0] + strings.Replace(T(ZH, "sites.count", 2), "2", "1", 1)},
	} {
		if got := T(tc.l, tc.key, tc.args...); got != tc.want {
			t.Errorf("T(%s, %s, %v) = %q, want %q", tc.l, tc.key, tc.args, got, tc.want)
		}
	}
}

// With no locale variable set (Windows, an app started from the Finder) the
// system's preferred UI languages decide: a Chinese Windows gets Chinese on
// first start. A variable, when set, still wins.
func TestDetectFallsBackToTheSystemLanguages(t *testing.T) {
	none := func(string) string { return "" }
	for _, tc := range []struct {
		langs []string
		want  Lang
	}{
		{[]string{"zh-CN", "en-US"}, ZH},
		{[]string{"zh-Hans-CN"}, ZH},
		{[]string{"zh-TW"}, ZH},
		{[]string{"en-US", "zh-CN"}, EN},
		{[]string{"fr-FR", "zh-CN"}, ZH},
		{[]string{"de-DE"}, EN},
		{nil, EN},
	} {
		if got := detect(none, func() []string { return tc.langs }); got != tc.want {
			t.Errorf("system %q: %s, want %s", tc.langs, got, tc.want)
		}
	}
	lang := func(k string) string { return map[string]string{"LANG": "en_US.UTF-8"}[k] }
	if got := detect(lang, func() []string { return []string{"zh-CN"} }); got != EN {
		t.Errorf("LANG=en_US with a Chinese system: %s, want the variable's EN", got)
	}
}
