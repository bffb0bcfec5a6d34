#!/bin/sh
# The physio page's pictures in docs/: six weeks of a made-up log (scripts/physio_demo.py),
# rendered with `report --weeks 6 --html` as on 2 December 2026, photographed by headless
# Chromium at a desktop's and a phone's width, light and dark, and its first printed page.
#
#   sh scripts/page_screenshots.sh        (needs chromium and pdftoppm from poppler-utils)
set -eu
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv/bin/python}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$python" scripts/physio_demo.py "$work" >/dev/null
GLUTELOG_DB="$work/demo.db" GLUTELOG_CACHE_DIR="$work/cache" "$python" -c '
import sys
from datetime import datetime
from glutelog.commands import views
views.report(weeks="6", html=sys.argv[1], now=datetime(2026, 12, 2, 20, 0).astimezone())
' "$work/page.html"

shoot() {  # shoot OUT WIDTH HEIGHT [chromium options]
    out=$1 width=$2 height=$3
    shift 3
    chromium --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$work/profile" --window-size="$width,$height" "$@" \
        --screenshot="$out" "file://$work/page.html" 2>/dev/null
}
shoot docs/page-1280-light.png 1280 1300 --blink-settings=preferredColorScheme=1
shoot docs/page-1280-dark.png 1280 1300 --blink-settings=preferredColorScheme=0
shoot docs/page-390-light.png 390 1500 --blink-settings=preferredColorScheme=1
shoot docs/page-390-dark.png 390 1500 --blink-settings=preferredColorScheme=0
chromium --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --no-pdf-header-footer \
    --print-to-pdf="$work/page.pdf" "file://$work/page.html" 2>/dev/null
pdftoppm -png -r 70 -f 1 -l 1 "$work/page.pdf" "$work/print"
mv "$work"/print*.png docs/page-print-1.png
pdfinfo "$work/page.pdf" | grep Pages
ls -l docs/page-*.png
