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

// DOCX geometry in twentieths of a point (twips): A4, 1-inch margins.
const (
	docxPageW    = 11906
	docxPageH    = 16838
	docxMargin   = 1440
	docxContentW = docxPageW - 2*docxMargin
)

// Fonts declared in the DOCX. Word and WPS substitute what the machine
// has; LibreOffice maps 宋体/黑体 to an installed CJK font.
const (
	docxBodyLatin = "Times New Roman"
	docxBodyEA    = "宋体"
	docxHeadLatin = "SimHei"
	docxHeadEA    = "黑体"
)

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

// para writes one paragraph. line is the line spacing in 240ths.
func (w *docxWriter) para(ln line, jc string, head bool, halfPts, before, after, lineSp, indLeft int) {
	w.b.WriteString(`<w:p><w:pPr>`)
	fmt.Fprintf(&w.b, `<w:spacing w:before="%d" w:after="%d" w:line="%d" w:lineRule="auto"/>`, before, after, lineSp)
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
func (w *docxWriter) item(label string, ln line, hang float64, halfPts, before, lineSp int) {
	col := int(math.Ceil(hang*float64(halfPts)/2*20*docxHangSlack/10)) * 10
	w.b.WriteString(`<w:p><w:pPr><w:keepLines/>`) // an item is not split across pages
	fmt.Fprintf(&w.b, `<w:tabs><w:tab w:val="left" w:pos="%d"/></w:tabs>`, col)
	fmt.Fprintf(&w.b, `<w:spacing w:before="%d" w:after="0" w:line="%d" w:lineRule="auto"/>`, before, lineSp)
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
	fmt.Fprintf(&w.b, `<w:tbl><w:tblPr><w:tblW w:w="%d" w:type="dxa"/><w:tblBorders><w:top %[2]s/><w:left %[2]s/><w:bottom %[2]s/><w:right %[2]s/><w:insideH %[2]s/><w:insideV %[2]s/></w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="100" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>`, docxContentW, border)
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
			w.para(ln, "", false, hp, 40, 40, 300, 0)
			w.b.WriteString(`</w:tc>`)
		}
		w.b.WriteString(`</w:tr>`)
	}
	w.b.WriteString(`</w:tbl>`)
}

func (w *docxWriter) sign(lines []line) {
	maxW := 0.0
	for _, ln := range lines {
		maxW = max(maxW, lineWidth(tokenize(ln, bodySize, math.Inf(1))))
	}
	bw := min(int(maxW*20)+200, docxContentW*62/100)
	ind := docxContentW - bw
	for i, ln := range lines {
		before := 0
		if i == 0 {
			before = 240
		}
		w.para(ln, "", false, 24, before, 0, int(240*signFactor), ind)
	}
}

// document.xml
func docxBody(d *doc) string {
	w := &docxWriter{}
	for i, b := range d.Blocks {
		before := 0
		if b.Space {
			before = 144
		}
		switch b.Kind {
		case blockTitle:
			if i > 0 {
				before = 240
			}
			w.para(b.Line, "center", true, 36, before, 240, 360, 0)
		case blockHeading:
			w.para(b.Line, "", true, 28, max(before, 160), 60, 384, 0)
		case blockPara:
			if b.Label != "" {
				w.item(b.Label, b.Line, b.Hang, 24, before, int(240*lineFactor))
			} else {
				w.para(b.Line, "", false, 24, before, 0, int(240*lineFactor), 0)
			}
		case blockTable:
			if b.Space || i > 0 {
				w.b.WriteString(`<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="120" w:lineRule="auto"/></w:pPr></w:p>`)
			}
			w.table(b.Rows)
		case blockSign:
			w.sign(b.Lines)
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
		fmt.Sprintf(`<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter1"/><w:pgSz w:w="%d" w:h="%d"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="720" w:footer="720" w:gutter="0"/><w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="312"/></w:sectPr>`,
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
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`},
		{"word/_rels/document.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdFooter1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>`},
		{"word/document.xml", document},
		{"word/styles.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="` + docxBodyLatin + `" w:hAnsi="` + docxBodyLatin + `" w:eastAsia="` + docxBodyEA + `" w:cs="` + docxBodyLatin + `"/><w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="384" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>`},
		{"word/footer1.xml", footer},
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
