#!/usr/bin/env bash
# Every message marked for translation (_("...") or N_("...") in a file that
# includes core/i18n.h or format/translation.h) has a Traditional Chinese
# translation in po/zh_TW.po that is neither missing, empty nor fuzzy, and
# the catalog compiles cleanly (placeholders as in the original are checked
# by msgfmt --check only for printf formats, so $0, $1 ... are compared
# here).
# Usage: catalog_test.sh [REPO_ROOT]
set -euo pipefail
root=${1:-.}
cd "$root"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mapfile -t files < <(grep -rlE '#include "(core/i18n|format/translation)\.h"' \
  --include='*.cc' --include='*.h' format core sheets tools node hub witness \
  transport storage metrics | sort)
xgettext --from-code=UTF-8 -C -k_ -kN_ --no-location --sort-output \
  -o "$work/disclosure-net.pot" "${files[@]}"
status=0
# msgcmp: every message of the sources is in the catalog.
if ! msgcmp --use-untranslated po/zh_TW.po "$work/disclosure-net.pot" \
    2> "$work/missing"; then
  echo "FAIL: messages without a translation in po/zh_TW.po:"
  grep -o 'this message is used but not defined.*' "$work/missing" || true
  sed 's/^/  /' "$work/missing"
  status=1
fi
stats=$(msgfmt --check --statistics -o /dev/null po/zh_TW.po 2>&1)
if grep -Eq 'untranslated|fuzzy' <<<"$stats"; then
  echo "FAIL: po/zh_TW.po: $stats"
  status=1
fi
# The same $N placeholders on both sides of every entry.
python3 - po/zh_TW.po <<'PY' || status=1
import re, sys
text = open(sys.argv[1], encoding='utf-8').read()
bad = 0
for msgid, msgstr in re.findall(r'^msgid "(.*)"\nmsgstr "(.*)"$', text, re.M):
    if sorted(re.findall(r'\$\d', msgid)) != sorted(re.findall(r'\$\d', msgstr)):
        print(f'FAIL: placeholders differ: "{msgid}" -> "{msgstr}"')
        bad = 1
sys.exit(bad)
PY
count=$(grep -c '^msgid ' "$work/disclosure-net.pot")
[[ $status -eq 0 ]] && echo "ok: $((count - 1)) messages, every one translated"
exit $status
