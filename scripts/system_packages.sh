#!/usr/bin/env bash
# Debian packages Rathaus uses at run time: OCR of scanned documents in the e-file
# (ocrmypdf drives tesseract with the German model, and ghostscript) and gettext for the
# translations. Installed when missing and we may (root, apt-get); otherwise the command
# to run is printed and everything else still works (scans then stay without text).
set -euo pipefail

missing=()
command -v tesseract >/dev/null || missing+=(tesseract-ocr)
ls /usr/share/tesseract-ocr/*/tessdata/deu.traineddata >/dev/null 2>&1 || missing+=(tesseract-ocr-deu)
command -v gs >/dev/null || missing+=(ghostscript)
command -v msgfmt >/dev/null || missing+=(gettext)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "Rathaus: missing system packages: ${missing[*]}" >&2
  echo "  install them with: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
fi
