#!/bin/sh
# Builds the Debian packages of disclosure-net into out/packages/:
#   disclosure-net-common, disclosure-node, disclosure-hub,
#   disclosure-witness, disclosurectl  (cmake/Packaging.cmake says why CPack)
#
#   deploy/package.sh [--version 0.1.0] [--build-dir build] [--out out/packages]
#
# Uses (and if needed configures and builds) the Release build in
# --build-dir, installed under /usr. The version defaults to the project's;
# give a higher one to build an upgrade of installed packages.
set -eu
cd "$(dirname "$0")/.."
version=""
build=build
out=out/packages
while [ $# -gt 0 ]; do
  case "$1" in
    --version) version="$2"; shift 2 ;;
    --build-dir) build="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "usage: deploy/package.sh [--version V] [--build-dir DIR] [--out DIR]" >&2
       exit 2 ;;
  esac
done
generator=""
[ -f "$build/CMakeCache.txt" ] || generator="-G Ninja"
mkdir -p "$build"
# Without --version, back to the project's own (a cached one is dropped).
if [ -n "$version" ]; then
  set_version="-DDN_PACKAGE_VERSION=$version"
else
  set_version="-UDN_PACKAGE_VERSION"
fi
# shellcheck disable=SC2086  # $generator is one word or none
cmake -S . -B "$build" $generator -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_INSTALL_PREFIX=/usr "$set_version" \
  > "$build/package-configure.log" 2>&1 ||
  { cat "$build/package-configure.log" >&2; exit 1; }
cmake --build "$build"
rm -rf "$build/packages"
(cd "$build" && cpack -G DEB > package.log 2>&1) ||
  { cat "$build/package.log" >&2; exit 1; }
mkdir -p "$out"
rm -f "$out"/*.deb
cp "$build"/packages/*.deb "$out"/
ls -l "$out"/*.deb
