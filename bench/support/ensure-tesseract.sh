#!/usr/bin/env bash
# The OCR benchmark's baseline is the native `tesseract` command (Debian package tesseract-ocr). Installed here,
# by the benchmark's own set-up, never by the tests, which use only tesseract.js.
set -euo pipefail
if command -v tesseract >/dev/null 2>&1; then exit 0; fi
echo "Installing tesseract-ocr for the OCR benchmark's baseline…" >&2
SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo "sudo")
$SUDO apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq tesseract-ocr >&2
