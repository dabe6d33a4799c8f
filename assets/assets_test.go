package assets

import (
	"bytes"
	"encoding/binary"
	"image/png"
	"testing"
)

// tables parses the table directory of a single-face sfnt file.
func tables(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	if len(b) < 12 {
		t.Fatalf("font too short: %d bytes", len(b))
	}
	switch v := binary.BigEndian.Uint32(b); v {
	case 0x00010000, 0x74727565: // TrueType outlines ("\0\1\0\0" or "true")
	default:
		t.Fatalf("sfnt version %#08x: want a single TrueType face, not a collection (ttcf) or CFF (OTTO)", v)
	}
	n := int(binary.BigEndian.Uint16(b[4:]))
	m := make(map[string][]byte, n)
	for i := range n {
		rec := b[12+16*i:]
		off := binary.BigEndian.Uint32(rec[8:])
		ln := binary.BigEndian.Uint32(rec[12:])
		if uint64(off)+uint64(ln) > uint64(len(b)) {
			t.Fatalf("table %q out of range", rec[:4])
		}
		m[string(rec[:4])] = b[off : off+ln]
	}
	return m
}

// cmapRunes reports which code points are mapped by the format-12 (full
// Unicode) subtable of a cmap table, or by format 4 if there is no format 12.
func cmapRunes(t *testing.T, cmap []byte) func(rune) bool {
	t.Helper()
	n := int(binary.BigEndian.Uint16(cmap[2:]))
	var f4, f12 []byte
	for i := range n {
		rec := cmap[4+8*i:]
		sub := cmap[binary.BigEndian.Uint32(rec[4:]):]
		switch binary.BigEndian.Uint16(sub) {
		case 4:
			f4 = sub
		case 12:
			f12 = sub
		}
	}
	switch {
	case f12 != nil:
		groups := int(binary.BigEndian.Uint32(f12[12:]))
		return func(r rune) bool {
			for g := range groups {
				p := f12[16+12*g:]
				lo, hi := binary.BigEndian.Uint32(p), binary.BigEndian.Uint32(p[4:])
				if uint32(r) >= lo && uint32(r) <= hi {
					return binary.BigEndian.Uint32(p[8:]) != 0
				}
			}
			return false
		}
	case f4 != nil:
		segs := int(binary.BigEndian.Uint16(f4[6:])) / 2
		ends, starts := f4[14:], f4[16+2*segs:]
		deltas, offs := f4[16+4*segs:], f4[16+6*segs:]
		return func(r rune) bool {
			if r > 0xFFFF {
				return false
			}
			c := uint16(r)
			for s := range segs {
				if c > binary.BigEndian.Uint16(ends[2*s:]) {
					continue
				}
				if c < binary.BigEndian.Uint16(starts[2*s:]) {
					return false
				}
				ro := binary.BigEndian.Uint16(offs[2*s:])
				if ro == 0 {
					return c+binary.BigEndian.Uint16(deltas[2*s:]) != 0
				}
				at := 16 + 6*segs + 2*s + int(ro) + 2*int(c-binary.BigEndian.Uint16(starts[2*s:]))
				return binary.BigEndian.Uint16(f4[at:]) != 0
			}
			return false
		}
	}
	t.Fatal("no format 4 or 12 cmap subtable")
	return nil
}

func TestFont(t *testing.T) {
	if len(FontTTF) < 4_000_000 {
		t.Fatalf("FontTTF is %d bytes; a GBK-coverage face is about 4.6 MB", len(FontTTF))
	}
	tb := tables(t, FontTTF)
	for _, name := range []string{"glyf", "loca", "cmap", "head", "name"} {
		if _, ok := tb[name]; !ok {
			t.Errorf("table %q missing", name)
		}
	}
	if _, ok := tb["CFF "]; ok {
		t.Error("CFF outlines: gopdf reads only glyf fonts")
	}
	has := cmapRunes(t, tb["cmap"])
	// Name characters outside GB2312, the app's own words, Latin and digits.
	for _, r := range "堃喆昇赟珺备案台账ICPabcxyzABCXYZ0123456789" {
		if !has(r) {
			t.Errorf("no glyph for %q (U+%04X)", r, r)
		}
	}
	// A sanity check of the cmap parser itself: a noncharacter has no glyph.
	if has(0xFFFF) || has(0x10FFFF) {
		t.Error("cmap parser claims glyphs for noncharacters")
	}
	if !bytes.Contains(tb["name"], []byte("WenQuanYi Micro Hei")) {
		t.Errorf("name table does not name %q", FontName)
	}
}

func TestIcon(t *testing.T) {
	cfg, err := png.DecodeConfig(bytes.NewReader(IconPNG))
	if err != nil {
		t.Fatalf("icon: %v", err)
	}
	if cfg.Width != 512 || cfg.Height != 512 {
		t.Errorf("icon is %d×%d, want 512×512", cfg.Width, cfg.Height)
	}
}
