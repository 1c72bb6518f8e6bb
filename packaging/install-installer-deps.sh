#!/usr/bin/env bash
# Debian/Ubuntu packages for the Windows installer (`make installer`, `make test-installer`): NSIS's makensis
# (with its amd64-unicode stubs), rsvg-convert and icotool to turn the SVG icon into a .ico, and Wine (64-bit)
# to install and run the built installer in the test. Installs only what is missing; needs root (or sudo) then.
set -euo pipefail
packages=(nsis librsvg2-bin icoutils wine64)
command -v dpkg-query >/dev/null 2>&1 || { echo "install-installer-deps: not a Debian system; install makensis, rsvg-convert, icotool and wine64 yourself" >&2; exit 0; }
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "install-installer-deps: installing ${missing[*]}"
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
