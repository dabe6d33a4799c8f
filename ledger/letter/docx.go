package letter

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"strings"
	"time"
)

// DOCX geometry in twentieths of a point (twips): A4, 25 mm margins, as
// the PDF.
const (
	docxPageW    = 11906
	docxPageH    = 16838
	docxMargin   = 1417
	docxContentW = docxPageW - 2*docxMargin
)

// twips converts points to twips.
func twips(pt float64) int { return int(math.Round(pt * 20)) }

// Fonts declared in the DOCX: body text in 宋体 (SimSun) 12 pt (小四), the
// size of the PDF, headings in 黑体 (SimHei). Word and WPS substitute what
// the machine has; LibreOffice maps 宋体/黑体 to an installed CJK font.
const (
	docxBodyLatin = "Times New Roman"
	docxBodyEA    = "宋体"
	docxHeadLatin = "SimHei"
	docxHeadEA    = "黑体"
)

// docxFontTable describes the declared fonts the way Word writes them for
// 宋体 (SimSun) and 黑体 (SimHei): the English name, the GB2312 character
// set and the PANOSE class (serif for 宋体, sans for 黑体), so that a reader
// lacking them substitutes a Chinese font of the same kind.
const docxFontTable = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	`<w:font w:name="` + docxBodyEA + `"><w:altName w:val="SimSun"/><w:panose1 w:val="02010600030101010101"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>` +
	`<w:font w:name="` + docxHeadEA + `"><w:altName w:val="SimHei"/><w:panose1 w:val="02010609060101010101"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>` +
	`<w:font w:name="` + docxBodyLatin + `"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>` +
	`</w:fonts>`

func xmlText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' {
			return -1
		}
		if r == 0xFFFE || r == 0xFFFF {
			return -1
		}
		return r
	}, s)
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

type docxWriter struct{ b strings.Builder }

func runProps(head bool, halfPts int, underline bool) string {
	latin, ea := docxBodyLatin, docxBodyEA
	if head {
		latin, ea = docxHeadLatin, docxHeadEA
	}
	u := ""
	if underline {
		u = `<w:u w:val="single"/>`
	}
	return fmt.Sprintf(`<w:rPr><w:rFonts w:ascii="%s" w:hAnsi="%s" w:eastAsia="%s" w:cs="%s"/>%s<w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr>`,
		latin, latin, ea, latin, u, halfPts, halfPts)
}

// runs writes a line's spans; "\n" in text becomes a line break.
func (w *docxWriter) runs(ln line, head bool, halfPts int) {
	for _, s := range ln {
		if s.Gap {
			n := max(1, int(math.Round(s.Width)))
			fmt.Fprintf(&w.b, `<w:r>%s<w:t xml:space="preserve">%s</w:t></w:r>`, runProps(head, halfPts, true), strings.Repeat("\u3000", n))
			continue
		}
		for i, part := range strings.Split(s.Text, "\n") {
			w.b.WriteString(`<w:r>` + runProps(head, halfPts, false))
			if i > 0 {
				w.b.WriteString(`<w:br/>`)
			}
			fmt.Fprintf(&w.b, `<w:t xml:space="preserve">%s</w:t></w:r>`, xmlText(part))
		}
	}
}

// Keep flags of a paragraph (pagination, as in Word's paragraph dialog).
type keep int

const (
	keepNone  keep = 0
	keepNext  keep = 1 << iota // on the same page as the next paragraph (w:keepNext)
	keepLines                  // not split across pages (w:keepLines)
)

func (k keep) xml() string {
	s := ""
	if k&keepNext != 0 {
		s += `<w:keepNext/>`
	}
	if k&keepLines != 0 {
		s += `<w:keepLines/>`
	}
	return s
}

// para writes one paragraph. lineSp is the exact line height in twips:
// exact heights, the PDF's, make Word, WPS and LibreOffice break pages
// where the PDF does, whatever the fonts' own line gaps.
func (w *docxWriter) para(ln line, jc string, head bool, halfPts, before, after, lineSp, indLeft int, k keep) {
	w.b.WriteString(`<w:p><w:pPr>` + k.xml())
	fmt.Fprintf(&w.b, `<w:spacing w:before="%d" w:after="%d" w:line="%d" w:lineRule="exact"/>`, before, after, lineSp)
	if indLeft > 0 {
		fmt.Fprintf(&w.b, `<w:ind w:left="%d"/>`, indLeft)
	}
	if jc != "" {
		fmt.Fprintf(&w.b, `<w:jc w:val="%s"/>`, jc)
	}
	w.b.WriteString(runProps(head, halfPts, false) + `</w:pPr>`)
	w.runs(ln, head, halfPts)
	w.b.WriteString(`</w:p>`)
}

// docxHangSlack widens a list's label column in the DOCX: Word, WPS and
// LibreOffice draw the label with their own fonts, which may be wider than
// the bundled one the column is measured with.
const docxHangSlack = 1.15

// item writes a list item as a paragraph with a hanging indent: the label,
// a tab to the text column, then the text, whose continuation lines Word
// aligns under the text column (w:left), not under the label
// (w:left − w:hanging). The explicit tab stop at the column keeps the
// first line's text there too.
func (w *docxWriter) item(label string, ln line, hang float64, halfPts, before, lineSp int, k keep) {
	col := int(math.Ceil(hang*float64(halfPts)/2*20*docxHangSlack/10)) * 10
	w.b.WriteString(`<w:p><w:pPr>` + k.xml())
	fmt.Fprintf(&w.b, `<w:tabs><w:tab w:val="left" w:pos="%d"/></w:tabs>`, col)
	fmt.Fprintf(&w.b, `<w:spacing w:before="%d" w:after="0" w:line="%d" w:lineRule="exact"/>`, before, lineSp)
	fmt.Fprintf(&w.b, `<w:ind w:left="%d" w:hanging="%d"/>`, col, col)
	w.b.WriteString(runProps(false, halfPts, false) + `</w:pPr>`)
	w.runs(line{{Text: strings.TrimRight(label, " \t\u3000")}}, false, halfPts)
	w.b.WriteString(`<w:r>` + runProps(false, halfPts, false) + `<w:tab/></w:r>`)
	w.runs(ln, false, halfPts)
	w.b.WriteString(`</w:p>`)
}

func (w *docxWriter) table(rows []row) {
	ncol := columnCount(rows)
	if ncol == 0 {
		return
	}
	// Share the width as the PDF does (points → twips).
	size := tableSize(ncol)
	hp := int(size * 2)
	pw := columnWidths(rows, ncol, size, float64(docxContentW)/20-2, 1.2)
	tw := make([]int, ncol)
	sum := 0
	for i, v := range pw {
		tw[i] = int(v * 20)
		sum += tw[i]
	}
	tw[ncol-1] += docxContentW - sum
	border := `w:val="single" w:sz="4" w:space="0" w:color="000000"`
	fmt.Fprintf(&w.b, `<w:tbl><w:tblPr><w:tblW w:w="%d" w:type="dxa"/><w:tblBorders><w:top %[2]s/><w:left %[2]s/><w:bottom %[2]s/><w:right %[2]s/><w:insideH %[2]s/><w:insideV %[2]s/></w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="%[3]d" w:type="dxa"/><w:right w:w="%[3]d" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>`, docxContentW, border, twips(cellPadX))
	for _, v := range tw {
		fmt.Fprintf(&w.b, `<w:gridCol w:w="%d"/>`, v)
	}
	w.b.WriteString(`</w:tblGrid>`)
	for _, r := range rows {
		w.b.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
		for i := 0; i < ncol; i++ {
			fmt.Fprintf(&w.b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr>`, tw[i])
			var ln line
			if i < len(r) {
				ln = r[i]
			}
			// The row's 0.5 pt border adds to its height in Word and
			// LibreOffice (not in the PDF, which draws it on the line):
			// the padding gives it back.
			w.para(ln, "", false, hp, twips(cellPadY-0.25), twips(cellPadY-0.25), twips(size*cellFactor), 0, keepNone)
			w.b.WriteString(`</w:tc>`)
		}
		w.b.WriteString(`</w:tr>`)
	}
	w.b.WriteString(`</w:tbl>`)
}

// spacer writes an empty paragraph h twips high.
func (w *docxWriter) spacer(h int, k keep) {
	fmt.Fprintf(&w.b, `<w:p><w:pPr>%s<w:spacing w:before="0" w:after="0" w:line="%d" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>`, k.xml(), h)
}

// sign writes a signature block as one paragraph, its lines joined by line
// breaks and the paragraph kept on one page: the block is never split, and
// the paragraph before it, kept with it, goes along. (A chain of
// keep-with-next paragraphs is what Word does too, but LibreOffice broke
// such chains inside the block.) An empty line leaves room for a seal.
func (w *docxWriter) sign(lines []line, space int) {
	// The lines are broken where the PDF breaks them (signBlock), so a
	// long name wraps the same way and never leaves one character alone;
	// the paragraph is 10 pt wider than the PDF's block, so the reader's
	// own wrapping does not come first.
	x, wrapped, _ := signBlock(lines)
	var all line
	for i, wl := range wrapped {
		if i > 0 {
			all = append(all, span{Text: "\n"})
		}
		for j, toks := range wl {
			if j > 0 {
				all = append(all, span{Text: "\n"})
			}
			for _, t := range toks {
				if t.Gap {
					all = append(all, span{Gap: true, Width: t.W / bodySize})
				} else {
					all = append(all, span{Text: t.Text})
				}
			}
		}
	}
	bw := min(int((margin+contentW-x)*20)+200, docxContentW)
	w.para(all, "", false, 24, space+twips(bodySize*signFactor*0.5), 0, twips(bodySize*signFactor), docxContentW-bw, keepLines)
}

// document.xml. The spacing is the PDF's (layoutPDF), in twips.
func docxBody(d *doc) string {
	w := &docxWriter{}
	for i, b := range d.Blocks {
		before := 0
		if b.Space && i > 0 {
			before += twips(bodySize * 0.6)
		}
		// A paragraph right before the signature block goes with it, as
		// in the PDF: a short one whole, a longer one by its last lines.
		beforeSign := i+1 < len(d.Blocks) && d.Blocks[i+1].Kind == blockSign
		switch b.Kind {
		case blockTitle:
			if i > 0 {
				before += twips(bodySize * 0.5)
			}
			w.para(b.Line, "center", true, int(titleSize*2), before, twips(bodySize*0.6), twips(titleSize*1.5), 0, keepNext|keepLines)
		case blockHeading:
			// A heading stays with what it heads.
			w.para(b.Line, "", true, int(headSize*2), before+twips(4), 0, twips(headSize*1.6), 0, keepNext|keepLines)
		case blockPara:
			k := keepNone
			short := paraLines(b) <= keepItemLines
			if b.Label != "" && short {
				k = keepLines // a short item is not split across pages
			}
			if beforeSign {
				k |= keepNext
				if short {
					k |= keepLines
				}
			}
			if b.Label != "" {
				w.item(b.Label, b.Line, b.Hang, int(bodySize*2), before, twips(bodySize*lineFactor), k)
			} else {
				w.para(b.Line, "", false, int(bodySize*2), before, 0, twips(bodySize*lineFactor), 0, k)
			}
		case blockTable:
			// The gap above a table (2 pt in the PDF) goes with the table,
			// and so a heading above it with its first row.
			w.spacer(before+twips(2), keepNext)
			w.table(b.Rows)
			// The 4 pt the PDF leaves below a table is a paragraph of its
			// own: LibreOffice does not move a keep-with-next paragraph
			// that directly follows a table to the next page, which would
			// leave a signature block alone there.
			w.spacer(twips(4), keepNone)
		case blockSign:
			w.sign(b.Lines, before)
		}
	}
	return w.b.String()
}

const docxNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

// writeDOCX writes a minimal, standard WordprocessingML package.
func writeDOCX(d *doc) ([]byte, error) {
	body := docxBody(d)
	document := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:document ` + docxNS + `><w:body>` + body +
		fmt.Sprintf(`<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter1"/><w:pgSz w:w="%d" w:h="%d"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="720" w:footer="720" w:gutter="0"/><w:cols w:space="425"/></w:sectPr>`,
			docxPageW, docxPageH, docxMargin, docxMargin, docxMargin, docxMargin) +
		`</w:body></w:document>`

	fld := func(code string) string {
		rp := runProps(false, 18, false)
		return `<w:r>` + rp + `<w:fldChar w:fldCharType="begin"/></w:r><w:r>` + rp + `<w:instrText xml:space="preserve"> ` + code + ` </w:instrText></w:r><w:r>` + rp + `<w:fldChar w:fldCharType="separate"/></w:r><w:r>` + rp + `<w:t>1</w:t></w:r><w:r>` + rp + `<w:fldChar w:fldCharType="end"/></w:r>`
	}
	t := func(s string) string {
		return `<w:r>` + runProps(false, 18, false) + `<w:t xml:space="preserve">` + s + `</w:t></w:r>`
	}
	footer := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:ftr ` + docxNS + `><w:p><w:pPr><w:jc w:val="center"/></w:pPr>` +
		t("第 ") + fld("PAGE") + t(" 页 共 ") + fld("NUMPAGES") + t(" 页") + `</w:p></w:ftr>`

	now := time.Now().UTC().Format("2006-01-02T15:04:05Z")
	files := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`},
		{"word/_rels/document.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdFooter1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/><Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/></Relationships>`},
		{"word/document.xml", document},
		{"word/styles.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="` + docxBodyLatin + `" w:hAnsi="` + docxBodyLatin + `" w:eastAsia="` + docxBodyEA + `" w:cs="` + docxBodyLatin + `"/><w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/><w:spacing w:after="0" w:line="384" w:lineRule="exact"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>`},
		{"word/footer1.xml", footer},
		{"word/fontTable.xml", docxFontTable},
		{"docProps/core.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>` + xmlText(d.Title) + `</dc:title><dc:creator>Beian Ledger</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">` + now + `</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">` + now + `</dcterms:modified></cp:coreProperties>`},
		{"docProps/app.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Beian Ledger</Application></Properties>`},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		fw, err := zw.Create(f.name)
		if err != nil {
			return nil, err
		}
		if _, err := fw.Write([]byte(f.body)); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
