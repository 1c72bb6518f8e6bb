#!/usr/bin/env bash
# Debian/Ubuntu packages Hattama needs beyond PyPI: Qt's X11/xcb and EGL libraries for the window,
# poppler (pdftotext, pdffonts, pdfsig) and openssl with its GOST engine for the tests' interoperability checks,
# Xvfb for screenshots, faketime for `make test-faketime` (the suite under a system clock years ahead).
# Installs only what is missing; needs root (or sudo) only when something is missing.
set -euo pipefail
packages=(
  libegl1 libgl1 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3 libglib2.0-0
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
  libxcb-shape0 libxcb-xkb1 libxcb-xinerama0
  poppler-utils openssl libengine-gost-openssl xvfb xauth faketime
)
command -v dpkg-query >/dev/null 2>&1 || { echo "install-system-deps: not a Debian system; install the Qt 6 runtime libraries and poppler yourself" >&2; exit 0; }
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "install-system-deps: installing ${missing[*]}"
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
