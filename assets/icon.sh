#!/bin/sh
# Reproduces icon.png (512×512): a rounded dark-red square with a white 备,
# drawn in the embedded WenQuanYi Micro Hei. Needs ImageMagick 6 (convert).
set -eu
cd "$(dirname "$0")"
convert -size 512x512 xc:none \
  -fill '#8B1A1A' -draw 'roundrectangle 16,16 495,495 96,96' \
  -font fonts/WenQuanYiMicroHei.ttf -pointsize 340 -fill white \
  -gravity center -annotate +0+0 '备' \
  -depth 8 -strip -define png:exclude-chunks=date,time icon.png
