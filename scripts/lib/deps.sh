#!/usr/bin/env bash
# Installs the Debian 12 packages Huzhu needs to build, run and test, if any are missing.
# Idempotent and quick when everything is present (one dpkg-query, no network).
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config ccache
  libpoco-dev libsqlite3-dev sqlite3 libssl-dev libboost-test-dev
  clang-format curl openssl
  clang libclang-rt-14-dev
  libxml2-dev libxlsxwriter-dev
  tryton-modules-account-payment-sepa  # the official ISO 20022 XSDs, for the tests
  chromium nodejs npm fonts-noto-cjk   # the browser tests (tests/browser); CJK fonts for screenshots
)

# A package that an installed one provides counts as present: NodeSource's nodejs provides
# (and conflicts with) npm, so asking apt for Debian's npm beside it would fail.
provided=" $(dpkg-query -W -f='${db:Status-Abbrev}|${Provides}\n' 2>/dev/null | grep '^ii' |
  cut -d'|' -f2 | tr ',' '\n' | sed 's/ *(.*//; s/^ *//' | tr '\n' ' ') "

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" &&
    [[ "$provided" != *" $p "* ]]; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
