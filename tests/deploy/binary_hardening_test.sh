#!/bin/bash
# The programs an operator installs are position-independent and linked
# with full RELRO (bound at start-up, address table read-only afterwards):
# see dn_binary in cmake/DisclosureHelpers.cmake.
#   binary_hardening_test.sh PROGRAM...
set -u
failed=0
for program in "$@"; do
  name=$(basename "$program")
  before=$failed
  dynamic=$(readelf -d "$program") || { echo "FAIL $name: readelf -d failed"; failed=1; continue; }
  segments=$(readelf -l "$program") || { echo "FAIL $name: readelf -l failed"; failed=1; continue; }
  if ! grep -qE 'BIND_NOW|FLAGS.* NOW' <<< "$dynamic"; then
    echo "FAIL $name: symbols are bound lazily (link with -z now)"; failed=1
  fi
  if ! grep -q 'GNU_RELRO' <<< "$segments"; then
    echo "FAIL $name: no read-only relocations segment (link with -z relro)"; failed=1
  fi
  if ! grep -qE 'Type: +DYN' <<< "$(readelf -h "$program")"; then
    echo "FAIL $name: not position-independent"; failed=1
  fi
  [[ $failed == "$before" ]] && echo "ok $name"
done
exit $failed
