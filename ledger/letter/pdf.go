package letter

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"beianledger/assets"

	"github.com/signintech/gopdf"
)

// Page geometry in points (A4, 25 mm margins).
const (
	pageW      = 595.28
	pageH      = 841.89
	margin     = 25 * 72 / 25.4
	contentW   = pageW - 2*margin
	titleSize  = 18.0
	headSize   = 14.0
	bodySize   = 12.0
	footSize   = 9.0
	lineFactor = 1.6
	cellFactor = 1.45
	cellPadX   = 5.0
	cellPadY   = 3.0
	signFactor = 2.4 // signature lines: room to sign by hand
)

// pdfFamily is the font's name in the PDF. The six-letter tag and "+" mark
// it as a subset (PDF 32000 §9.6.4), which it is: gopdf embeds only the
// glyphs used.
var pdfFamily = "BEIANL+" + strings.ReplaceAll(assets.FontName, " ", "")

// op is one drawing operation on a page.
type op struct {
	line       bool
	gap        bool    // the underline of a gap to fill by hand
	x, y       float64 // text: top-left; line: start
	x2, y2, lw float64
	text       string
	size       float64
}

// pdfLayout places a doc on pages.
type pdfLayout struct {
	pages   [][]op
	y       float64
	missing []string
	seen    map[rune]bool
}

func (l *pdfLayout) page() *[]op { return &l.pages[len(l.pages)-1] }

func (l *pdfLayout) newPage() {
	l.pages = append(l.pages, nil)
	l.y = margin
}

func (l *pdfLayout) bottom() float64 { return pageH - margin }

// ensure starts a new page unless h points fit below y.
func (l *pdfLayout) ensure(h float64) {
	if l.y+h > l.bottom()+0.01 && l.y > margin+0.01 {
		l.newPage()
	}
}

// pdfGlyphMeaning says, in a Missing note, what a lacking glyph does to a PDF.
const pdfGlyphMeaning = "printed as □ in the PDF"

// fontSafe replaces characters the font lacks with □ and records them.
func (l *pdfLayout) fontSafe(s string) string {
	ok := true
	for _, r := range s {
		if r >= 0x20 && !HasGlyph(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 || HasGlyph(r) {
			return r
		}
		if !l.seen[r] {
			l.seen[r] = true
			l.missing = append(l.missing, glyphNote(r, pdfGlyphMeaning))
		}
		return missingGlyph
	}, s)
}

// drawLine emits one wrapped line at (x, y) with the given font size.
func (l *pdfLayout) drawLine(toks []tok, x, y, size float64) {
	var run strings.Builder
	runX := x
	flush := func(nx float64) {
		if run.Len() > 0 {
			*l.page() = append(*l.page(), op{x: runX, y: y, text: l.fontSafe(run.String()), size: size})
			run.Reset()
		}
		runX = nx
	}
	for _, t := range toks {
		if t.Gap {
			flush(x)
			base := y + size*1.05
			*l.page() = append(*l.page(), op{line: true, gap: true, x: x + 1, y: base, x2: x + t.W - 1, y2: base, lw: 0.6})
			x += t.W
			runX = x
			continue
		}
		run.WriteString(t.Text)
		x += t.W
	}
	flush(x)
}

// text lays out a wrapped line of spans across the content width.
func (l *pdfLayout) text(ln line, size, factor float64, center bool) {
	lh := size * factor
	for _, wl := range wrapToks(tokenize(ln, size, contentW), contentW) {
		l.ensure(lh)
		x := margin
		if center {
			x = margin + (contentW-lineWidth(wl))/2
		}
		l.drawLine(wl, x, l.y+(lh-size)/2, size)
		l.y += lh
	}
}

// keepItemLines: a list item of up to this many lines stays on one page.
const keepItemLines = 3

// paraLines is how many lines a paragraph or list item takes in the body
// size, wrapped as the PDF wraps it.
func paraLines(b block) int {
	width := contentW
	if b.Label != "" {
		width -= b.Hang * bodySize
	}
	return len(wrapToks(tokenize(b.Line, bodySize, width), width))
}

// item lays out a list item with a hanging indent: the label at the
// margin, the text wrapped in the column hang points to its right, so
// continuation lines align under the text, not under the label.
func (l *pdfLayout) item(label string, ln line, hang, size, factor float64) {
	lh := size * factor
	width := contentW - hang
	lab := tokenize(line{{Text: strings.TrimRight(label, " \t\u3000")}}, size, hang)
	lines := wrapToks(tokenize(ln, size, width), width)
	if len(lines) <= keepItemLines {
		l.ensure(float64(len(lines)) * lh) // a short item is not split across pages
	}
	for i, wl := range lines {
		l.ensure(lh)
		y := l.y + (lh-size)/2
		if i == 0 {
			l.drawLine(lab, margin, y, size)
		}
		l.drawLine(wl, margin+hang, y, size)
		l.y += lh
	}
}

// table lays out rows with borders; rows split across pages line by line.
func (l *pdfLayout) table(rows []row) {
	ncol := columnCount(rows)
	if ncol == 0 {
		return
	}
	size := tableSize(ncol)
	widths := columnWidths(rows, ncol, size, contentW, 1)
	lh := size * cellFactor
	for _, r := range rows {
		cells := make([][][]tok, ncol)
		n := 1
		for i := 0; i < ncol; i++ {
			var ln line
			if i < len(r) {
				ln = r[i]
			}
			inner := widths[i] - 2*cellPadX
			cells[i] = wrapToks(tokenize(ln, size, inner), inner)
			n = max(n, len(cells[i]))
		}
		done := 0
		for done < n {
			room := int(math.Floor((l.bottom() - l.y - 2*cellPadY) / lh))
			if room < min(n-done, 2) {
				l.newPage()
				continue
			}
			k := min(room, n-done)
			h := float64(k)*lh + 2*cellPadY
			x := margin
			for i := 0; i < ncol; i++ {
				for j := done; j < done+k && j < len(cells[i]); j++ {
					l.drawLine(cells[i][j], x+cellPadX, l.y+cellPadY+float64(j-done)*lh+(lh-size)/2, size)
				}
				x += widths[i]
			}
			l.box(widths, h)
			l.y += h
			done += k
		}
	}
}

// box draws one table row's borders at the current y.
func (l *pdfLayout) box(widths []float64, h float64) {
	p := l.page()
	x := margin
	y := l.y
	*p = append(*p, op{line: true, x: margin, y: y, x2: margin + contentW, y2: y, lw: 0.6},
		op{line: true, x: margin, y: y + h, x2: margin + contentW, y2: y + h, lw: 0.6},
		op{line: true, x: x, y: y, x2: x, y2: y + h, lw: 0.6})
	for _, w := range widths {
		x += w
		*p = append(*p, op{line: true, x: x, y: y, x2: x, y2: y + h, lw: 0.6})
	}
}

// tableSize is the font size of a table: smaller when it has many columns.
func tableSize(ncol int) float64 {
	switch {
	case ncol >= 5:
		return 9.5
	case ncol == 4:
		return 10.5
	}
	return bodySize
}

// columnWidths shares width among columns: every column first gets its
// longest unbreakable piece, then columns get their full content width
// water-filling from the narrowest, so short cells never wrap while a long
// one can.
//
// slack widens the unbreakable minimum for renderers whose fonts differ
// (the DOCX is laid out again by Word, WPS or LibreOffice).
func columnWidths(rows []row, ncol int, size, width, slack float64) []float64 {
	nat := make([]float64, ncol)
	least := make([]float64, ncol)
	for _, r := range rows {
		for i, c := range r {
			if i >= ncol {
				break
			}
			w := 0.0
			for _, t := range tokenize(c, size, math.Inf(1)) {
				if t.Break {
					nat[i] = max(nat[i], w*slack+2*cellPadX+1)
					w = 0
					continue
				}
				w += t.W
				least[i] = max(least[i], t.W*slack+2*cellPadX+1)
			}
			nat[i] = max(nat[i], w*slack+2*cellPadX+1)
		}
	}
	out := make([]float64, ncol)
	sum := 0.0
	for i := range out {
		// Short cells (up to 4 characters) are never wrapped.
		least[i] = max(least[i], min(nat[i], 4*size+2*cellPadX+1))
		least[i] = min(least[i], width/float64(ncol)*1.6)
		out[i] = least[i]
		sum += out[i]
	}
	if sum > width {
		for i := range out {
			out[i] *= width / sum
		}
		return out
	}
	// Water-fill: raise every unsatisfied column by the same amount.
	rest := width - sum
	for rest > 0.01 {
		var open []int
		for i := range out {
			if out[i] < nat[i]-0.01 {
				open = append(open, i)
			}
		}
		if len(open) == 0 {
			break
		}
		step := rest / float64(len(open))
		for _, i := range open {
			step = min(step, nat[i]-out[i])
		}
		for _, i := range open {
			out[i] += step
			rest -= step
		}
	}
	if rest > 0.01 {
		// Everything fits: the widest column takes the slack.
		wi := 0
		for i := range nat {
			if nat[i] > nat[wi] {
				wi = i
			}
		}
		out[wi] += rest
	}
	return out
}

// sign lays out a signature block in the right part of the page, its lines
// left-aligned within it, as on a paper letter. An empty line leaves room
// for a seal.
func (l *pdfLayout) sign(lines []line) {
	lh := bodySize * signFactor
	x, wrapped, h := signBlock(lines)
	l.ensure(h)
	l.y += lh * 0.5
	for _, w := range wrapped {
		if w == nil {
			l.y += lh
			continue
		}
		for _, wl := range w {
			l.ensure(lh)
			l.drawLine(wl, x, l.y+lh-bodySize*1.5, bodySize)
			l.y += lh
		}
	}
}

// signBlock wraps a signature block's lines: where the block starts, its
// lines (nil for an empty one) and its height.
func signBlock(lines []line) (x float64, wrapped [][][]tok, h float64) {
	lh := bodySize * signFactor
	maxW := 0.0
	for _, ln := range lines {
		maxW = max(maxW, lineWidth(tokenize(ln, bodySize, math.Inf(1))))
	}
	bw := min(maxW, contentW*0.62)
	x = margin + contentW - bw
	h = lh * 0.5
	for _, ln := range lines {
		if len(ln) == 0 {
			wrapped = append(wrapped, nil)
			h += lh
			continue
		}
		w := noLoneLast(wrapToks(tokenize(ln, bodySize, bw), bw))
		wrapped = append(wrapped, w)
		h += float64(len(w)) * lh
	}
	return x, wrapped, h
}

// noLoneLast moves one more character down to a last line that would
// hold a single one, as a long company name in a signature block would
// leave its 司 alone: unless that breaks the line-start and line-end rules.
func noLoneLast(lines [][]tok) [][]tok {
	n := len(lines)
	if n < 2 {
		return lines
	}
	last, prev := lines[n-1], lines[n-2]
	if len(last) != 1 || last[0].Gap || utf8.RuneCountInString(last[0].Text) != 1 || len(prev) < 3 {
		return lines
	}
	t, end := prev[len(prev)-1], prev[len(prev)-2]
	if t.Gap || t.Space || t.noStart() || end.noEnd() {
		return lines
	}
	lines[n-2] = prev[:len(prev)-1]
	lines[n-1] = append([]tok{t}, last...)
	return lines
}

func layoutPDF(d *doc) *pdfLayout {
	l := &pdfLayout{seen: map[rune]bool{}}
	l.newPage()
	for i, b := range d.Blocks {
		if b.Space && l.y > margin+0.01 {
			l.y += bodySize * 0.6
		}
		switch b.Kind {
		case blockTitle:
			if i > 0 {
				l.y += bodySize * 0.5
			}
			l.text(b.Line, titleSize, 1.5, true)
			l.y += bodySize * 0.6
		case blockHeading:
			l.ensure(headSize*1.6 + bodySize*lineFactor*2)
			l.y += 4
			l.text(b.Line, headSize, 1.6, false)
		case blockPara:
			if next := i + 1; next < len(d.Blocks) && d.Blocks[next].Kind == blockSign {
				// A short paragraph or item before the signature goes with
				// it to the next page, so that no page holds the signature
				// alone (the DOCX says the same with keepNext).
				lh := bodySize * lineFactor
				if n := paraLines(b); n <= keepItemLines {
					_, _, sh := signBlock(d.Blocks[next].Lines)
					l.ensure(float64(n)*lh + bodySize*0.6 + sh)
				}
			}
			if b.Label != "" {
				l.item(b.Label, b.Line, b.Hang*bodySize, bodySize, lineFactor)
			} else {
				l.text(b.Line, bodySize, lineFactor, false)
			}
		case blockTable:
			l.y += 2
			l.table(b.Rows)
			l.y += 4
		case blockSign:
			l.sign(b.Lines)
		}
	}
	return l
}

// writePDF renders a doc with gopdf and the embedded WQY font.
func writePDF(d *doc) ([]byte, error) {
	l := layoutPDF(d)
	d.Missing = append(d.Missing, l.missing...)

	gp := &gopdf.GoPdf{}
	gp.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	gp.SetInfo(gopdf.PdfInfo{Title: d.Title, Creator: "Beian Ledger", Producer: "Beian Ledger (gopdf)"})
	if err := gp.AddTTFFontData(pdfFamily, assets.FontTTF); err != nil {
		return nil, fmt.Errorf("letter: loading %s: %w", assets.FontName, err)
	}
	gp.SetLineWidth(0.6)
	total := len(l.pages)
	for n, ops := range l.pages {
		gp.AddPage()
		size := 0.0
		for _, o := range ops {
			if o.line {
				gp.SetLineWidth(o.lw)
				gp.Line(o.x, o.y, o.x2, o.y2)
				continue
			}
			if o.size != size {
				if err := gp.SetFont(pdfFamily, "", o.size); err != nil {
					return nil, err
				}
				size = o.size
			}
			gp.SetXY(o.x, o.y)
			if err := gp.Cell(nil, o.text); err != nil {
				return nil, err
			}
		}
		foot := fmt.Sprintf("第 %d 页 共 %d 页", n+1, total)
		if err := gp.SetFont(pdfFamily, "", footSize); err != nil {
			return nil, err
		}
		fw := lineWidth(tokenize(line{{Text: foot}}, footSize, contentW))
		gp.SetXY((pageW-fw)/2, pageH-margin+18)
		if err := gp.Cell(nil, foot); err != nil {
			return nil, err
		}
	}
	return gp.GetBytesPdfReturnErr()
}

// columnCount is the widest row's number of cells.
func columnCount(rows []row) int {
	n := 0
	for _, r := range rows {
		n = max(n, len(r))
	}
	return n
}
