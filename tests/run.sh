#!/usr/bin/env bash
# Sets up and runs every test: installs the Debian packages if missing,
# configures and builds (Release, ninja) in build/, then runs ctest. The
# ctest summary is the last output; the exit code is non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build
cd build
exec ctest --output-on-failure --timeout 600 -j2
