package letter

import (
	"fmt"
	"math"
	"strings"
	"text/template/parse"
)

// previewGapMax caps the underscores of one gap in the preview, so a wide
// gap in a narrow window does not push the text out of view.
const previewGapMax = 24

// PreviewText renders a built-in template as plain text for a preview on
// screen. It is laid out from the same document model as [RenderPDF] and
// [RenderDOCX], so the preview shows what the files will say. missing is
// what RenderPDF would report: the blanks left to fill by hand and the
// characters the bundled font lacks.
func PreviewText(kind string, d Data) (text string, missing []string, err error) {
	t, err := builtin(kind)
	if err != nil {
		return "", nil, err
	}
	return t.PreviewText(d)
}

// PreviewText executes the template and writes its document as plain
// text: the title, headings and paragraphs as lines, a two-column table
// row as "label：value", a wider row as its cells between " · ", the
// signature block indented, and gaps as underscores (two per em of the
// gap's width).
func (t *Template) PreviewText(d Data) (string, []string, error) {
	dc, err := t.build(d)
	if err != nil {
		return "", nil, err
	}
	var b strings.Builder
	for i, bl := range dc.Blocks {
		if i > 0 && (bl.Space || bl.Kind == blockTitle || bl.Kind == blockHeading || bl.Kind == blockSign) {
			b.WriteString("\n")
		}
		switch bl.Kind {
		case blockTitle, blockHeading, blockPara:
			b.WriteString(bl.Label + previewLine(bl.Line))
			b.WriteString("\n")
		case blockTable:
			for _, r := range bl.Rows {
				cells := make([]string, len(r))
				for j, c := range r {
					cells[j] = strings.ReplaceAll(previewLine(c), "\n", " ")
				}
				if len(cells) == 2 {
					b.WriteString(strings.TrimRight(cells[0], "：:") + "：" + cells[1] + "\n")
				} else {
					b.WriteString(strings.Join(cells, " · ") + "\n")
				}
			}
		case blockSign:
			for _, ln := range bl.Lines {
				if len(ln) > 0 {
					b.WriteString("\u3000\u3000\u3000\u3000\u3000\u3000" + previewLine(ln))
				}
				b.WriteString("\n")
			}
		}
	}
	missing := append(dc.Missing, glyphNotes(dc, pdfGlyphMeaning)...)
	return b.String(), missing, nil
}

// previewLine is a line's text with each gap as underscores.
func previewLine(l line) string {
	var b strings.Builder
	for _, s := range l {
		if s.Gap {
			n := min(previewGapMax, max(2, int(math.Round(2*s.Width))))
			b.WriteString(strings.Repeat("_", n))
			continue
		}
		b.WriteString(s.Text)
	}
	return b.String()
}

// lackingGlyphs lists, in order of first use, the characters of a doc's
// text that the bundled font cannot draw.
func lackingGlyphs(d *doc) []rune {
	var out []rune
	seen := map[rune]bool{}
	check := func(l line) {
		for _, s := range l {
			for _, r := range s.Text {
				if r >= 0x20 && !seen[r] && !HasGlyph(r) {
					seen[r] = true
					out = append(out, r)
				}
			}
		}
	}
	for _, b := range d.Blocks {
		check(b.Line)
		for _, r := range b.Rows {
			for _, c := range r {
				check(c)
			}
		}
		for _, l := range b.Lines {
			check(l)
		}
	}
	return out
}

// glyphNotes reports each character the bundled font lacks the way the PDF
// path does ("字体缺字: X (U+XXXX, …)"), with what it means for this output.
func glyphNotes(d *doc, meaning string) []string {
	var out []string
	for _, r := range lackingGlyphs(d) {
		out = append(out, glyphNote(r, meaning))
	}
	return out
}

func glyphNote(r rune, meaning string) string {
	return fmt.Sprintf("字体缺字: %c (U+%04X, %s)", r, r, meaning)
}

// Uses reports whether the template reads a field or method of [Data]
// named name (such as "Facts" or "Agent"), so a front end can offer only
// the inputs a template needs. It looks at the first name of every field
// chain, at any depth, so a field of the same name reached inside a range
// or with also counts: a spare input is harmless, a lacking one is not.
func (t *Template) Uses(name string) bool {
	found := false
	var walk func(n parse.Node)
	walk = func(n parse.Node) {
		if found || n == nil {
			return
		}
		switch x := n.(type) {
		case *parse.ListNode:
			if x == nil {
				return
			}
			for _, c := range x.Nodes {
				walk(c)
			}
		case *parse.ActionNode:
			walk(x.Pipe)
		case *parse.PipeNode:
			if x == nil {
				return
			}
			for _, c := range x.Cmds {
				walk(c)
			}
		case *parse.CommandNode:
			for _, a := range x.Args {
				walk(a)
			}
		case *parse.FieldNode:
			found = len(x.Ident) > 0 && x.Ident[0] == name
		case *parse.VariableNode: // $.Facts
			found = len(x.Ident) > 1 && x.Ident[0] == "$" && x.Ident[1] == name
		case *parse.ChainNode:
			walk(x.Node)
			found = found || len(x.Field) > 0 && x.Field[0] == name
		case *parse.IfNode:
			walk(&x.BranchNode)
		case *parse.RangeNode:
			walk(&x.BranchNode)
		case *parse.WithNode:
			walk(&x.BranchNode)
		case *parse.BranchNode:
			walk(x.Pipe)
			walk(x.List)
			walk(x.ElseList)
		case *parse.TemplateNode:
			walk(x.Pipe)
		}
	}
	for _, tt := range t.t.Templates() {
		if tt.Tree != nil {
			walk(tt.Tree.Root)
		}
	}
	return found
}
