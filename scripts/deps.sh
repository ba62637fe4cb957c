#!/usr/bin/env bash
# Installs the Debian and npm packages minzheng needs. Idempotent and quiet
# when everything is present. Run as root (or with sudo available).
set -euo pipefail
cd "$(dirname "$0")/.."

DEB_PACKAGES=(
  build-essential cmake pkg-config
  libmicrohttpd-dev libjansson-dev libsqlite3-dev sqlite3 libpq-dev libsodium-dev
  libcsv-dev libxlsxwriter-dev libzip-dev libexpat1-dev libcmocka-dev
  libcairo2-dev libpango1.0-dev libqrencode-dev poppler-utils
  postgresql-15 chromium fonts-noto-cjk curl
)
# Benchmarks only (bench/): installed on request with --bench.
BENCH_PACKAGES=(wrk nginx-light hyperfine)

want=("${DEB_PACKAGES[@]}")
if [ "${1:-}" = "--bench" ]; then want+=("${BENCH_PACKAGES[@]}"); fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  want+=(nodejs npm)
fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The web UI's packages, pinned by web/package-lock.json.
if [ -f web/package-lock.json ]; then
  stamp=web/node_modules/.package-lock.json
  if [ ! -f "$stamp" ] || [ web/package-lock.json -nt "$stamp" ]; then
    echo "deps: npm ci (web/)" >&2
    (cd web && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
fi
