#!/bin/sh
# Reproduces WenQuanYiMicroHei.ttf: face 0 ("WenQuanYi Micro Hei") of the Debian
# fonts-wqy-microhei collection, written out unchanged as a single TrueType file.
#
# Fyne refuses font collections (.ttc) and gopdf reads only TrueType (glyf)
# outlines, so the app embeds this one face. No subsetting: names of people and
# companies use characters outside GB2312 (堃 喆 昇 赟 珺 …).
#
# Needs: apt-get install fonts-wqy-microhei python3-fonttools
# Usage: assets/fonts/extract.sh [source.ttc] [output.ttf]
set -eu

here=$(cd "$(dirname "$0")" && pwd)
src=${1:-/usr/share/fonts/truetype/wqy/wqy-microhei.ttc}
out=${2:-$here/WenQuanYiMicroHei.ttf}

# Debian's interpreter has python3-fonttools; a pyenv/venv python3 on PATH may not.
py=/usr/bin/python3
[ -x "$py" ] || py=python3

"$py" - "$src" "$out" <<'PY'
import sys
from fontTools.ttLib import TTCollection

src, out = sys.argv[1], sys.argv[2]
# recalcTimestamp=False keeps head.modified, so reruns give identical bytes.
coll = TTCollection(src, recalcTimestamp=False)
face = coll.fonts[0]
if "glyf" not in face or "CFF " in face:
    sys.exit("face 0 of %s is not a TrueType (glyf) font" % src)
cmap = face.getBestCmap()
missing = [c for c in "堃喆昇赟珺备案台账ABCXYZabcxyz0123456789" if ord(c) not in cmap]
if missing:
    sys.exit("face 0 lacks glyphs for: " + "".join(missing))
face.save(out)
print("%s: %s, %d glyphs" % (out, face["name"].getDebugName(4), face["maxp"].numGlyphs))
PY
