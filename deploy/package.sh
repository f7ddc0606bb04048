#!/bin/sh
# Builds the Debian packages of disclosure-net into out/packages/:
#   disclosure-net-common, disclosure-node, disclosure-hub,
#   disclosure-witness, disclosurectl  (cmake/Packaging.cmake says why CPack)
#
#   deploy/package.sh [--version V] [--build-dir build] [--out out/packages]
#                     [--no-build]
#
# Packages the build in --build-dir (configured as a Release build if there
# is none, and brought up to date unless --no-build, as tests running
# beside other tests ask). The version defaults to the project's;
# give a higher one (e.g. 0.1.0+1) to build an upgrade of installed
# packages.
set -eu
cd "$(dirname "$0")/.."
version=""
build=build
out=out/packages
build_it=1
while [ $# -gt 0 ]; do
  case "$1" in
    --version) version="$2"; shift 2 ;;
    --build-dir) build="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --no-build) build_it=0; shift ;;
    *) echo "usage: deploy/package.sh [--version V] [--build-dir DIR] [--out DIR] [--no-build]" >&2
       exit 2 ;;
  esac
done
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX=/usr
fi
[ "$build_it" = 0 ] || cmake --build "$build"
mkdir -p "$out"
out=$(cd "$out" && pwd)
staging="$out/.cpack"
rm -rf "$staging"
# shellcheck disable=SC2086  # the -D pair is two words or none
if ! (cd "$build" && cpack -G DEB -B "$staging" \
        ${version:+-D CPACK_PACKAGE_VERSION=$version} > "$out/cpack.log" 2>&1)
then
  cat "$out/cpack.log" >&2
  exit 1
fi
rm -f "$out"/*.deb
mv "$staging"/*.deb "$out"/
rm -rf "$staging" "$out/cpack.log"
ls -l "$out"/*.deb
