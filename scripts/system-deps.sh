#!/usr/bin/env bash
# Installs the Debian packages Ambit needs, when run as root on Debian; elsewhere it prints
# what to install and carries on (the tests that need a missing tool say so when they run).
#   scripts/system-deps.sh site   -> what building the site needs (WeasyPrint's Pango, fonts, Graphviz)
#   scripts/system-deps.sh test   -> plus Chromium (browser tests), poppler-utils (pdftotext), Java and npm,
#                                    and headless LibreOffice Calc (prints the XLSX to PDF; about 260 MiB)
#   scripts/system-deps.sh lighthouse -> plus Chromium and npm (`make lighthouse`: Lighthouse runs in Chromium)
set -euo pipefail
want=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core graphviz)  # graphviz: the map diagrams (dot)
if [ "${1:-site}" = "test" ]; then
  want+=(chromium poppler-utils libreoffice-calc-nogui)
  command -v java >/dev/null 2>&1 || want+=(default-jre-headless)  # Nu HTML Checker (npm vnu-jar)
  command -v npm >/dev/null 2>&1 || want+=(npm)                     # axe-core, vnu-jar (package.json)
elif [ "${1:-site}" = "lighthouse" ]; then
  want+=(chromium)
  command -v npm >/dev/null 2>&1 || want+=(npm)                     # tools/lighthouse/package.json
fi
missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Please install these system packages (Debian/Ubuntu names): ${missing[*]}" >&2
  echo "  sudo apt-get install ${missing[*]}" >&2
fi
