#!/usr/bin/env bash
# Makes the reader's PDF and Word fixtures from the text and HTML fixtures, the way real ones are
# made: the HTML page printed by headless Chromium at A4 and Letter, and the Word file (written
# from the text by scripts/fixtures/qinglan_docx.py) exported to PDF by LibreOffice.
#
#   scripts/make-format-fixtures.sh [OUT_DIR]   (default: crates/reader/tests/fixtures/formats)
#
# Needs chromium, soffice (LibreOffice) and python3; the committed outputs are what the tests
# read, so CI does not need these tools (crates/reader/tests/formats.rs regenerates into a
# temporary folder when they are present and checks the fresh files read the same).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
src="$here/crates/reader/tests/fixtures/formats"
out="${1:-$src}"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for paper in A4 Letter; do
  lower="$(echo "$paper" | tr 'A-Z' 'a-z')"
  sed "s|</style>|@page { size: $paper; margin: 18mm; }\n</style>|" "$src/qinglan-2024.html" >"$work/page-$lower.html"
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$work/chromium" \
    --no-pdf-header-footer --print-to-pdf="$out/qinglan-2024-chromium-$lower.pdf" \
    "file://$work/page-$lower.html" >/dev/null 2>&1
done

# A table without ruling lines whose cells wrap (a long name, `1744` over `亿元`, a target over
# two lines): rebuilt from the columns the header and the text's alignment give.
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$work/chromium" \
  --no-pdf-header-footer --print-to-pdf="$out/borderless-2024-chromium.pdf" \
  "file://$src/borderless-2024.html" >/dev/null 2>&1

python3 "$here/scripts/fixtures/qinglan_docx.py" "$src/qinglan-2024.txt" "$out/qinglan-2024.docx"
soffice --headless "-env:UserInstallation=file://$work/lo" --convert-to pdf --outdir "$work" \
  "$out/qinglan-2024.docx" >/dev/null 2>&1
mv "$work/qinglan-2024.pdf" "$out/qinglan-2024-libreoffice.pdf"
ls -l "$out"/qinglan-2024*.pdf "$out/qinglan-2024.docx"
