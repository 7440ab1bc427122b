#!/usr/bin/env bash
# Installs everything Loa needs on a fresh Debian 12 machine with Python 3.11, as root:
# system packages (fonts, browser, PDF and QR tools, nginx) with apt, then Loa and its
# Python dependencies with pip. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  libpango-1.0-0 libpangoft2-1.0-0   # WeasyPrint's text layout (leaflets)
  fonts-noto-core                     # Noto Sans: Latin/Vietnamese, and other scripts (Lao …) for leaflets
  fonts-sil-taiheritagepro            # Tai Heritage Pro: Tai Viet script (web subset, leaflets)
  fontconfig                          # fc-list: leaflets find a font for a language's script
  poppler-utils                       # pdftoppm/pdffonts: leaflet previews and tests
  zbar-tools                          # zbarimg: tests decode the leaflets' QR codes
  chromium                            # browser tests (Playwright drives Debian's Chromium)
  nginx                               # deploy/ config is tested against a real nginx
  libnginx-mod-http-brotli-static     # brotli_static: serves the precompressed .br files
  rsync openssh-client                # invoke publish to user@host:path
  openssl                             # the nginx test makes a throw-away certificate
  gettext                             # msgfmt: tests check catalog counts against it
  ffmpeg                              # audio: decodes every phone format, encodes Opus and MP3, measures loudness
  espeak-ng espeak-ng-data            # audio: Vietnamese preview of a script's timing; test recordings
  git
)

if command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "Installing system packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
fi

python3 -m pip install --quiet --disable-pip-version-check -e ".[test]"
# Under pyenv, new commands (invoke, pytest) need their shims made before they can be run.
if command -v pyenv >/dev/null 2>&1; then pyenv rehash; fi
if [ -f package.json ]; then
  npm ci --silent --no-audit --no-fund
fi
echo "Setup complete."
