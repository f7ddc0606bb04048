#!/usr/bin/env bash
# Sets up and runs every test: installs the Debian packages if missing (and
# axe-core from the npm registry for the site test), configures and builds (Release, ninja) in build/, then runs ctest. The
# ctest summary is the last output; the exit code is non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/install-deps.sh
# The accessibility engine of the site test, from the npm registry. Without
# it every other test still runs; the site tests then fail and say why.
tests/site/install-axe.sh build/npm ||
  echo "run.sh: axe-core is not installed: the site tests will fail" >&2
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build
cd build
exec ctest --output-on-failure --timeout 600 -j2
