package letter

import (
	"bytes"
	"embed"
	"fmt"
	"strings"
	"sync"
	"text/template"

	"beianledger/ledger"
)

//go:embed templates/*.tmpl
var builtinFS embed.FS

// Template is a parsed letter template, built in or the user's own.
type Template struct {
	name string
	t    *template.Template
}

// Builtin returns the source of a built-in template, for users to copy and
// edit. ok is false for an unknown kind.
func Builtin(kind string) (string, bool) {
	b, err := builtinFS.ReadFile("templates/" + kind + ".tmpl")
	if err != nil {
		return "", false
	}
	return string(b), true
}

var (
	builtinMu     sync.Mutex
	builtinParsed = map[string]*Template{}
)

func builtin(kind string) (*Template, error) {
	builtinMu.Lock()
	defer builtinMu.Unlock()
	if t, ok := builtinParsed[kind]; ok {
		return t, nil
	}
	src, ok := Builtin(kind)
	if !ok {
		return nil, fmt.Errorf("letter: unknown template kind %q", kind)
	}
	t, err := Parse(kind, src)
	if err != nil {
		return nil, err
	}
	builtinParsed[kind] = t
	return t, nil
}

// RenderPDF renders a built-in template as PDF. missing lists the blanks
// left to fill by hand and the characters the font lacks.
func RenderPDF(kind string, d Data) (pdf []byte, missing []string, err error) {
	t, err := builtin(kind)
	if err != nil {
		return nil, nil, err
	}
	return t.RenderPDF(d)
}

// RenderDOCX renders a built-in template as a Word document. missing
// lists the blanks left to fill by hand and the characters the bundled
// font lacks (the reader's fonts may still have them).
func RenderDOCX(kind string, d Data) ([]byte, []string, error) {
	t, err := builtin(kind)
	if err != nil {
		return nil, nil, err
	}
	return t.RenderDOCX(d)
}

// Parse parses a user's template in text/template syntax over [Data]. See
// the package documentation for the functions and the line markup. A
// syntax error names the template and the line.
func Parse(name, src string) (*Template, error) {
	t, err := template.New(name).Option("missingkey=error").Funcs(funcs).Parse(src)
	if err != nil {
		return nil, templateError(name, err)
	}
	return &Template{name: name, t: t}, nil
}

// Name is the template's name as given to Parse.
func (t *Template) Name() string { return t.name }

// build executes the template and parses its markup into a doc.
func (t *Template) build(d Data) (*doc, error) {
	if d.Date.IsZero() {
		return nil, fmt.Errorf("letter %s: the letter date is required", t.name)
	}
	if err := d.CheckTerm(); err != nil {
		return nil, fmt.Errorf("letter %s: %w", t.name, err)
	}
	var buf bytes.Buffer
	if err := t.t.Execute(&buf, d); err != nil {
		return nil, templateError(t.name, err)
	}
	return parseMarkup(buf.String()), nil
}

// RenderPDF executes the template and writes an A4 PDF.
func (t *Template) RenderPDF(d Data) ([]byte, []string, error) {
	dc, err := t.build(d)
	if err != nil {
		return nil, nil, err
	}
	pdf, err := writePDF(dc)
	if err != nil {
		return nil, nil, err
	}
	return pdf, dc.Missing, nil
}

// RenderDOCX executes the template and writes a .docx document.
func (t *Template) RenderDOCX(d Data) ([]byte, []string, error) {
	dc, err := t.build(d)
	if err != nil {
		return nil, nil, err
	}
	b, err := writeDOCX(dc)
	if err != nil {
		return nil, nil, err
	}
	return b, append(dc.Missing, glyphNotes(dc, docxGlyphMeaning)...), nil
}

// docxGlyphMeaning says, in a Missing note, what a character the bundled
// font lacks means for a DOCX: Word or WPS draw it only if a font on the
// reader's machine has it.
const docxGlyphMeaning = "not in the bundled font: check that Word or WPS shows it"

var funcs = template.FuncMap{
	"blank": blank,
	// note adds its text to Missing (things to check or fill by hand)
	// and prints nothing; "" adds nothing.
	"note":      func(v any) string { return noteMarker(valueString(v)) },
	"date":      FormatDate,
	"join":      join,
	"text":      text,
	"inc":       func(i int) int { return i + 1 },
	"matters":   matters,
	"role":      RoleZH,
	"scenario":  scenario,
	"guide":     Guide,
	"kindTitle": kindTitle,
	// certainty labels step i of a scenario (官方规定, 接入商做法, 通行做法).
	"certainty": func(sc *Scenario, i int) string {
		if i < len(sc.Certainty) {
			return CertaintyZH(sc.Certainty[i])
		}
		return CertaintyZH(Practice)
	},
	// otherLetters drops the checklist itself from a scenario's letters.
	"otherLetters": func(ls []string) []string {
		var out []string
		for _, l := range ls {
			if l != KindChecklist {
				out = append(out, l)
			}
		}
		return out
	},
}

// blank renders a value, or an underlined gap if it is empty.
//
//	{{blank}}                    a gap of 8 em (for signatures)
//	{{blank 12}}                 a gap of 12 em
//	{{blank "label" value}}      value, or an 8 em gap listed in Missing as label
//	{{blank "label" value 12}}   the same with a 12 em gap
//
// value may be a string, a ledger.Date (written as YYYY年MM月DD日), a
// []string (joined with "、") or anything fmt can print.
func blank(args ...any) (string, error) {
	switch len(args) {
	case 0:
		return gapMarker("", 8), nil
	case 1:
		w, ok := number(args[0])
		if !ok {
			return "", fmt.Errorf("blank: want a width or a label and a value, got %T", args[0])
		}
		return gapMarker("", w), nil
	case 2, 3:
		label, ok := args[0].(string)
		if !ok {
			return "", fmt.Errorf("blank: the label must be a string, got %T", args[0])
		}
		width := 8.0
		if len(args) == 3 {
			if width, ok = number(args[2]); !ok {
				return "", fmt.Errorf("blank: the width must be a number, got %T", args[2])
			}
		}
		if v := strings.TrimSpace(valueString(args[1])); v != "" {
			return literal(v), nil
		}
		return gapMarker(label, width), nil
	}
	return "", fmt.Errorf("blank: at most 3 arguments, got %d", len(args))
}

func number(v any) (float64, bool) {
	switch n := v.(type) {
	case int:
		return float64(n), true
	case float64:
		return n, true
	}
	return 0, false
}

func valueString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case ledger.Date:
		return FormatDate(x)
	case []string:
		return strings.Join(x, "、")
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}

// text protects a value from the line markup (a "|" or "# " inside data
// stays text); newlines in it become line breaks.
func text(v any) string { return literal(valueString(v)) }

// join joins a list of strings (or the filing numbers of sites) with sep.
func join(list any, sep string) (string, error) {
	switch l := list.(type) {
	case []string:
		return literal(strings.Join(l, sep)), nil
	case []ledger.SiteRow:
		var n []string
		for _, s := range l {
			n = append(n, s.Number)
		}
		return literal(strings.Join(n, sep)), nil
	case nil:
		return "", nil
	}
	return "", fmt.Errorf("join: cannot join %T", list)
}

// matters is d.Matters or the kind's default list, punctuated as a
// Chinese list: every item but the last ends with "；", the last with "。",
// whatever the person typed at the end (，,;；.。 or nothing).
func matters(kind string, m []string) []string {
	if len(m) == 0 {
		m = DefaultMatters(kind)
	}
	var out []string
	for _, s := range m {
		if s = strings.TrimRight(strings.TrimSpace(s), "，,;；.。 \t\u3000"); s != "" {
			out = append(out, s+"；")
		}
	}
	if n := len(out); n > 0 {
		out[n-1] = strings.TrimSuffix(out[n-1], "；") + "。"
	}
	return out
}
