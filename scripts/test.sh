#!/usr/bin/env bash
# Install everything the tests need on a fresh Debian/Ubuntu machine, then run them.
# System packages: Chromium (real-browser test), poppler-utils (PDF to PNG), PostgreSQL
# (storage tests run on it as well as SQLite), nginx (the two-process practice test's proxy),
# fonts for the PDF's scripts.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(chromium poppler-utils postgresql nginx fonts-dejavu-core fonts-wqy-zenhei fonts-symbola)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
.venv/bin/python -m ruff check .
.venv/bin/python -m mypy locales questions scoring reports storage checkup app_pages practice survey_app.py
exec .venv/bin/python -m pytest "$@"
