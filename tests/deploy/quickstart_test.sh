#!/usr/bin/env bash
# The README's first command, run once: the quick start's federation (two
# independent witnesses, seven nodes, the hub) must end with an export in
# which every checkpoint and bundle verifies under three cosignatures (the
# hub's and both witnesses'), each witness's key published beside the
# others, the site naming the witnesses that cosigned, and every kind of
# page of the site passing tests/site/site_check.py's page checks; and a
# question asked on a page, its receipt, and the agency's signed answer; one
# open consultation round with an opinion given in it.
set -euo pipefail
cd "$(dirname "$0")/../.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! deploy/quickstart.sh --once >"$log" 2>&1; then
  tail -n 40 "$log"
  echo "FAIL: deploy/quickstart.sh --once"
  exit 1
fi
out=out/quickstart
grep -q "verified: every file, checkpoint, bundle" "$log" || { tail -n 20 "$log"; exit 1; }
grep -q "monitor: 7 logs followed from .*, 0 grew, 0 alerts" "$log" || { tail -n 20 "$log"; exit 1; }
for w in cy ntu; do
  cmp -s "$out/keys/witness-$w.vkey" "$out/site/keys/witness-$w.vkey" ||
    { echo "FAIL: witness-$w.vkey is not in both keys/ folders"; exit 1; }
done
for note in "$out"/site/checkpoints/*.note; do
  n=$(grep -c "^— " "$note")
  [[ $n -eq 4 ]] || { echo "FAIL: $note has $n signatures, not the agency's and three cosignatures"; exit 1; }
done
# The export is public: a web server running as another user reads it.
unreadable=$(find -L "$out/site/" ! -perm -o+r | head -n 3)
[[ -z $unreadable ]] || { echo "FAIL: export files others cannot read: $unreadable"; exit 1; }
grep -q "hub, cy, ntu (3/3)" "$out/site/agencies.html" ||
  { echo "FAIL: the agencies page does not name the three cosigners"; exit 1; }
# moe writes format 2 and withholds one field, said in place and listed.
grep -q "依資通安全管理法限制公開（資訊及科技教育司決定），2027-06-30 前重新檢討" \
  "$out/site/db/moe/heir.html" ||
  { echo "FAIL: moe/heir's withheld field is not said in place"; exit 1; }
grep -q "1 項限制公開" "$out/site/withholding.html" ||
  { echo "FAIL: withholding.html does not list moe's withheld field"; exit 1; }
# A question asked on moe/heir's page: its receipt verifies under the key
# the export publishes, moe's signed answer and the masked question are on
# the page, the phone number in it is not, and the second question is open.
build/tools/disclosurectl note verify --vkey "$out/site/keys/hub-participation.vkey" \
  --in "$out/receipts/q1.note" >/dev/null ||
  { echo "FAIL: the receipt does not verify under keys/hub-participation.vkey"; exit 1; }
heir="$out/site/db/moe/heir.html"
grep -q "學籍資料僅依大學法" "$heir" || { echo "FAIL: moe's answer is not on its page"; exit 1; }
grep -q "這個資料庫會把我的學籍資料提供給哪些單位？我的電話是 〔已遮蔽 masked〕" "$heir" ||
  { echo "FAIL: the question is not shown masked with its answer"; exit 1; }
! grep -q "345-678" "$heir" || { echo "FAIL: the phone number reached the page"; exit 1; }
grep -q "共收到 3 則提問與意見：1 則於期限（30 天）內回覆，0 則逾期才回覆，2 則待回覆" "$heir" ||
  { echo "FAIL: the page does not count one answered question, one open and one opinion in the round"; exit 1; }
# One consultation round open on moe/heir, with an opinion given in it.
grep -q "^consultation c1$" "$out/receipts/q3.note" ||
  { echo "FAIL: the opinion's receipt does not name round c1"; exit 1; }
grep -q "學籍與健保資料跨機關利用之意見徵詢" "$out/site/consultations.html" &&
  grep -q "徵詢中，至 " "$out/site/consultations.html" &&
  grep -q "共收到 1 則意見" "$out/site/consultations.html" ||
  { echo "FAIL: consultations.html does not show the open round and its opinion"; exit 1; }
grep -q 'name="kind" value="c1"' "$heir" ||
  { echo "FAIL: moe/heir's form does not offer the open round"; exit 1; }
# Fewer trusted witness keys than required: the same export fails.
mkdir -p "$out/keys-without-witnesses"
cp "$out"/keys/*.vkey "$out/keys-without-witnesses/"
rm "$out"/keys-without-witnesses/witness-*.vkey
if build/tools/disclosurectl verify export "$out/site" \
    --trusted-keys "$out/keys-without-witnesses" --min-cosignatures 3 >/dev/null 2>&1; then
  echo "FAIL: the export verified with 3 cosignatures required but only the hub's key trusted"
  exit 1
fi
rm -rf "$out/keys-without-witnesses"
# The quick start's site in Chromium: every kind of page in both languages,
# with axe-core, a 360 px phone, chart text, tables and lang marks.
axe=build/npm/node_modules/axe-core/axe.min.js
if ! /usr/bin/python3 tests/site/site_check.py "$out/site" \
    build/test-artifacts/quickstart-site "$axe" \
    --pages-only db/mohw-nhia/nhi-claims.html >"$log" 2>&1; then
  grep -v '^ok' "$log" | tail -n 20
  echo "FAIL: the quick start's site"
  exit 1
fi
tail -n 1 "$log"
echo "quickstart test: passed"
