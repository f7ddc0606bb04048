#!/usr/bin/env bash
# Installs axe-core (the accessibility engine the site test runs in
# Chromium) from the npm registry into PREFIX, once: the site test loads
# PREFIX/node_modules/axe-core/axe.min.js into every page it checks.
# Usage: install-axe.sh PREFIX
set -euo pipefail
prefix=$1
version=4.14.1
if [[ -f "$prefix/node_modules/axe-core/axe.min.js" ]] &&
   grep -q "\"version\": \"$version\"" "$prefix/node_modules/axe-core/package.json"; then
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "install-axe: npm is missing: the site test needs Node.js and npm to fetch axe-core" >&2
  exit 1
fi
mkdir -p "$prefix"
npm install --prefix "$prefix" --no-audit --no-fund --no-save --silent \
  "axe-core@$version"
echo "install-axe: axe-core $version in $prefix"
