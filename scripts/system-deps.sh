#!/usr/bin/env bash
# Makes sure the system packages named as arguments are installed (Debian package names), installing
# them from the distribution's packages when this is Debian and we may; otherwise says what to install.
set -euo pipefail
# A package that installs a program of the same name counts as present when the program is there; one that
# installs no program (fonts-noto-cjk: the Chinese fonts PDFs are printed with) when dpkg says it is installed.
missing=()
for pkg in "$@"; do
	command -v "$pkg" >/dev/null 2>&1 || [ -x "/usr/bin/$pkg" ] || [ -x "/usr/sbin/$pkg" ] ||
		[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" = "install ok installed" ] || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if command -v apt-get >/dev/null 2>&1; then
	if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO=none; fi
	if [ "$SUDO" != none ]; then
		echo "Installing ${missing[*]} from the distribution's packages…"
		$SUDO apt-get update -qq
		DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
		exit 0
	fi
	echo "问政台 needs ${missing[*]}: install with: sudo apt-get install ${missing[*]}" >&2
else
	echo "问政台 needs ${missing[*]}: install it with your package manager (macOS: brew install redis chromium)" >&2
fi
exit 1
