// Package assets embeds the files Beian Ledger needs at run time, so a build
// depends on no system font or icon theme.
//
// It imports no GUI toolkit: the GUI wraps these bytes in its own resource
// types, and the PDF writer and the CLI can use them without pulling in a
// display driver.
//
// # Font
//
// fonts/WenQuanYiMicroHei.ttf is face 0 of Debian's wqy-microhei.ttc, saved
// as a single TrueType (glyf) font by fonts/extract.sh; its licence
// (Apache-2.0) and provenance are in fonts/LICENSE. Fyne cannot load font
// collections and gopdf cannot read CFF outlines, hence one glyf face. It
// covers GBK, including name characters outside GB2312 such as 堃 喆 昇 赟 珺,
// and Latin letters.
//
// # Icon
//
// icon.png is the 512×512 application icon (a white 备 on a rounded dark-red
// square), drawn by icon.sh.
package assets

import _ "embed"

// FontName is the family name of the embedded font [FontTTF].
const FontName = "WenQuanYi Micro Hei"

// FontFile is the base name under which [FontTTF] is embedded; toolkits that
// identify resources by name use it.
const FontFile = "WenQuanYiMicroHei.ttf"

// FontTTF is the embedded CJK + Latin TrueType font (about 4.6 MB). Callers
// must not modify it: the slice is shared by the whole program.
//
//go:embed fonts/WenQuanYiMicroHei.ttf
var FontTTF []byte

// IconFile is the base name under which [IconPNG] is embedded.
const IconFile = "icon.png"

// IconPNG is the 512×512 application icon as PNG. Callers must not modify it.
//
//go:embed icon.png
var IconPNG []byte
