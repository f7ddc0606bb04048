#!/usr/bin/env bash
# Installs the Debian 12 packages that disclosure-net needs to build, test and
# run. Idempotent: when every package is already present it prints nothing and
# does not touch apt. Needs root (or sudo) only when something is missing.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev
  clang-format
  # the design's libraries
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  librocksdb-dev libabsl-dev libssl-dev
  # command-line parsing for disclosurectl (saves a hand-written subcommand parser)
  libcli11-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # db_bench: the baseline of the ingest benchmark
  rocksdb-tools
  # an independent client for the interoperability test (Python gRPC)
  python3 python3-grpcio python3-protobuf
  # Go's reference signed-note package, to check the export listing with it
  golang-go golang-golang-x-mod-dev
  # the public site: mustache templates, and a real browser for its tests
  libkainjow-mustache-dev chromium chromium-driver python3-selenium
  # Chinese glyphs for the browser tests' screenshots (docs/screenshots)
  fonts-noto-cjk
  # the web server the quick start (and an office) serves the site with,
  # and the client the quick start posts a question with, as a form would
  nginx curl
  # metrics for Prometheus on the node's and the hub's metrics port
  prometheus-cpp-dev
  libcivetweb-dev
  # the deployment test reads the Kubernetes manifests
  python3-yaml
  # agency staff's spreadsheets: .xlsx templates written with libxlsxwriter,
  # filled-in workbooks read with minizip and expat; openpyxl fills one in
  # the tests as a spreadsheet program would
  libxlsxwriter-dev libminizip-dev libexpat1-dev python3-openpyxl
  # messages in Traditional Chinese: GNU gettext catalogs (msgfmt, xgettext)
  gettext
  # the hub's full-text search index (on disk, n-gram terms, BM25), and
  # Xapian's replication tools that copy it to search replicas
  libxapian-dev xapian-tools
  # HTTP for the witness protocol (c2sp.org/tlog-witness): the hub's and
  # disclosure-witness's endpoint and the node's client
  libcpp-httplib-dev
  # the witness protocol's independent test client verifies cosignatures
  # with Python's cryptography (Ed25519)
  python3-cryptography
  # the end-to-end witness test runs a node whose clock is 400 days ahead
  faketime
  # the package test: a clean Debian 12 root to install the packages in,
  # and Debian's checks of them
  debootstrap lintian
  # the servers' allocator (faster harvests and start-ups than glibc's
  # malloc, and freed memory goes back to the system)
  libjemalloc-dev
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
