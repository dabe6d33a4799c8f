package letter

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"beianledger/ledger"
)

func TestPreviewTextMatchesRendering(t *testing.T) {
	for _, k := range Kinds() {
		for name, d := range map[string]Data{"filled": filled(), "empty": {Date: ledger.MustDate("2026-01-05")}} {
			text, missing, err := PreviewText(k.ID, d)
			if err != nil {
				t.Fatalf("%s %s: %v", k.ID, name, err)
			}
			_, pdfMissing, err := RenderPDF(k.ID, d)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(missing, pdfMissing) {
				t.Errorf("%s %s: preview missing %q, PDF missing %q", k.ID, name, missing, pdfMissing)
			}
			dc, _ := mustBuiltin(t, k.ID).build(d)
			if first, _, _ := strings.Cut(text, "\n"); first != dc.Title {
				t.Errorf("%s %s: first line %q, title %q", k.ID, name, first, dc.Title)
			}
			for _, leak := range []string{"\uE000", "\uE002", "{{", "<no value>"} {
				if strings.Contains(text, leak) {
					t.Errorf("%s %s: %q leaked into the preview", k.ID, name, leak)
				}
			}
			if name == "filled" {
				for _, w := range wantFilled {
					if !strings.Contains(text, w) {
						t.Errorf("%s: preview lacks %q:\n%s", k.ID, w, text)
					}
				}
			} else if len(missing) > 0 && !strings.Contains(text, "____") {
				t.Errorf("%s: blanks are not shown as underscores:\n%s", k.ID, text)
			}
		}
	}
	text, _, _ := PreviewText(KindSituation, filled())
	for _, w := range []string{"\n主体名称：北京示例科技有限公司\n", "赵强离职", "\u3000\u3000\u3000\u3000\u3000\u3000日期：2026年11月24日"} {
		if !strings.Contains(text, w) {
			t.Errorf("situation preview lacks %q:\n%s", w, text)
		}
	}
}

func TestMissingGlyphReportedForDOCX(t *testing.T) {
	const rare = '𪛖'
	d := filled2(func(d *Data) { d.Entity.Name = "北京" + string(rare) + "科技有限公司" })
	_, missing, err := RenderDOCX(KindAgent, d)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range missing {
		if strings.HasPrefix(m, "字体缺字: "+string(rare)+" (U+2A6D6") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("DOCX missing %q reports %c %d times, want once", missing, rare, n)
	}
	_, missing, _ = RenderDOCX(KindAgent, filled())
	for _, m := range missing {
		if strings.HasPrefix(m, "字体缺字") {
			t.Errorf("filled letter reports %q", m)
		}
	}
}

func TestTemplateUses(t *testing.T) {
	for _, tc := range []struct {
		kind  string
		field string
		want  bool
	}{
		{KindSituation, "Facts", true},
		{KindSituation, "Request", true},
		{KindSituation, "Agent", false},
		{KindAgent, "Agent", true},
		{KindAgent, "Facts", false},
		{KindRecovery, "Agent", true},
		{KindChecklist, "Scenario", true},
		{KindKit, "VaultPath", true},
		{KindKit, "Facts", false},
	} {
		if got := mustBuiltin(t, tc.kind).Uses(tc.field); got != tc.want {
			t.Errorf("%s uses %s = %v, want %v", tc.kind, tc.field, got, tc.want)
		}
	}
	for src, want := range map[string]bool{
		"{{.Facts}}":                             true,
		"{{text .Facts}}":                        true,
		"{{if .Facts}}x{{end}}":                  true,
		"{{range .Sites}}{{$.Facts}}{{end}}":     true,
		"{{with .Agent}}{{.Name}}{{end}}":        false,
		"{{define \"x\"}}{{.Facts}}{{end}}hello": true,
		"{{/* .Facts */}}plain":                  false,
	} {
		tp, err := Parse("t", src)
		if err != nil {
			t.Fatal(err)
		}
		if got := tp.Uses("Facts"); got != want {
			t.Errorf("%q uses Facts = %v, want %v", src, got, want)
		}
	}
}

func TestErrorLine(t *testing.T) {
	_, err := Parse("mine", "# 标题\n\n{{.Entity.Name}\n")
	var te *Error
	if !errors.As(err, &te) || te.Line != 3 || te.Name != "mine" {
		t.Fatalf("parse error %#v, want line 3", err)
	}
	if !strings.Contains(err.Error(), "letter template mine: template: mine:3:") {
		t.Errorf("message %q", err)
	}
	tp, _ := Parse("C:\\模板\\mine.tmpl", "a\nb\n{{.Entity.Nmae}}\n")
	_, _, err = tp.RenderDOCX(filled())
	if !errors.As(err, &te) || te.Line != 3 {
		t.Errorf("execution error %v, want line 3", err)
	}
}

// settings is a Writer that keeps settings only.
type settings struct {
	ledger.Writer // nil: any other call panics
	m             map[string]string
	writes        int
}

func (s *settings) Setting(k string) (string, error) { return s.m[k], nil }
func (s *settings) PutSetting(k, v string) error {
	s.writes++
	s.m[k] = v
	return nil
}

func TestStoredTemplates(t *testing.T) {
	st := &settings{m: map[string]string{}}
	if tp, user, err := TemplateFor(st, KindSituation); err != nil || user || tp != mustBuiltin(t, KindSituation) {
		t.Fatalf("no stored copy: %v %v %v", tp, user, err)
	}
	// Refused: a syntax error, a misspelt field, an unknown kind.
	for name, src := range map[string]string{
		"syntax": "# 标题\n\n{{if .Facts}}\n没有 end\n",
		"field":  "# 标题\n\n{{blank \"x\" .Entity.Nmae}}\n",
	} {
		err := StoreTemplate(st, KindSituation, src)
		var te *Error
		if !errors.As(err, &te) || te.Line < 3 {
			t.Errorf("%s: error %v, want one naming line 3 or 4", name, err)
		}
	}
	if err := StoreTemplate(st, "no-such", "# x\n"); err == nil {
		t.Error("stored a template of an unknown kind")
	}
	if st.writes != 0 {
		t.Fatalf("refused templates wrote %d settings: %v", st.writes, st.m)
	}

	src, _ := Builtin(KindSituation)
	src = strings.Replace(src, "# 情况说明", "# 特殊情况说明（本单位格式）", 1)
	if err := StoreTemplate(st, KindSituation, src); err != nil {
		t.Fatal(err)
	}
	if got, _ := StoredSource(st, KindSituation); got != src {
		t.Error("stored source differs")
	}
	tp, user, err := TemplateFor(st, KindSituation)
	if err != nil || !user {
		t.Fatalf("stored copy not used: %v %v", user, err)
	}
	text, _, err := tp.PreviewText(filled())
	if err != nil || !strings.HasPrefix(text, "特殊情况说明（本单位格式）\n") {
		t.Errorf("preview of the stored copy: %v\n%s", err, text)
	}
	if tp, user, _ := TemplateFor(st, KindAgent); user || tp != mustBuiltin(t, KindAgent) {
		t.Error("another kind picked up the stored copy")
	}

	// A stored copy broken behind our back is an error, not the built-in.
	st.m[SettingPrefix+KindSituation] = "{{if}}"
	if _, _, err := TemplateFor(st, KindSituation); err == nil {
		t.Error("a broken stored copy gave no error")
	}

	if err := ResetTemplate(st, KindSituation); err != nil {
		t.Fatal(err)
	}
	if _, user, err := TemplateFor(st, KindSituation); err != nil || user {
		t.Errorf("after reset: user %v, err %v", user, err)
	}
	// Every built-in, stored unchanged as a user copy, is accepted.
	for _, k := range Kinds() {
		src, _ := Builtin(k.ID)
		if err := StoreTemplate(st, k.ID, src); err != nil {
			t.Errorf("built-in %s refused as a user copy: %v", k.ID, err)
		}
	}
}
