package letter

import (
	"sync"

	"beianledger/assets"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// missingGlyph replaces, in the PDF, a character the embedded font cannot
// draw. It is in GB2312, so the font has it.
const missingGlyph = '□'

// metrics answers "does the embedded font have this character?" and "how
// wide is it?" from the font's own cmap and hmtx tables, parsed once.
type metrics struct {
	once  sync.Once
	err   error
	f     *sfnt.Font
	upem  float64
	mu    sync.Mutex
	buf   sfnt.Buffer
	cache map[rune]float64 // advance in em; <0 = not in the font
}

var fontMetrics metrics

func (m *metrics) load() error {
	m.once.Do(func() {
		m.f, m.err = sfnt.Parse(assets.FontTTF)
		if m.err != nil {
			return
		}
		m.upem = float64(m.f.UnitsPerEm())
		m.cache = make(map[rune]float64, 512)
	})
	return m.err
}

// advance returns the advance width of r in em units, and false if the font
// has no glyph for it.
func (m *metrics) advance(r rune) (float64, bool) {
	if m.load() != nil {
		return 1, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if w, ok := m.cache[r]; ok {
		return w, w >= 0
	}
	w := -1.0
	if idx, err := m.f.GlyphIndex(&m.buf, r); err == nil && idx != 0 {
		adv, err := m.f.GlyphAdvance(&m.buf, idx, fixed.Int26_6(m.upem*64), font.HintingNone)
		if err == nil {
			w = float64(adv) / 64 / m.upem
		}
	}
	m.cache[r] = w
	return w, w >= 0
}

// HasGlyph reports whether the embedded PDF font ([assets.FontTTF]) can draw
// r. Characters it cannot draw are printed as □ in PDFs and reported in
// Missing as "字体缺字: X".
func HasGlyph(r rune) bool {
	_, ok := fontMetrics.advance(r)
	return ok
}

// runeWidth is r's advance in em, with missing glyphs measured as □ and
// control characters as zero.
func runeWidth(r rune) float64 {
	if r < 0x20 {
		return 0
	}
	if w, ok := fontMetrics.advance(r); ok {
		return w
	}
	w, _ := fontMetrics.advance(missingGlyph)
	return w
}
