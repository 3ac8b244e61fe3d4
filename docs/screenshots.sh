#!/bin/sh
# Remakes docs/report-index.png and docs/report-document.png: the report on samples/ in headless
# Chromium. Needs chromium and a Chinese font (on Debian: apt-get install chromium fonts-wqy-microhei).
set -eu
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
pinyin-audit report samples/ -o "$out/report" >/dev/null
shoot() {  # page, image, height
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="1280,$3" \
    --screenshot="$2" "file://$1" 2>/dev/null
}
shoot "$out/report/index.html" docs/report-index.png 1000
shoot "$(ls "$out"/report/samples_ecommerce-article-seed.txt_*.html)" docs/report-document.png 1000
