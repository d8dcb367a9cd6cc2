#!/bin/bash
# 事業の仕分け (seed 004, issue 13 item 5): the standard profile's optional judgement
# set. A data set with the four screening axes (under any header their `columns =`
# name) gets them read with the set's options and printed in a section of their own
# on the standard sheet, not among the other judgement items; a project or a data set
# without them gets no such section; a cell that is none of the options is an error
# at its cell; `hyoka init` carries the set into the drafted profile.
#   usage: screening.sh PATH/TO/hyoka
set -u
HYOKA=${1:?usage: screening.sh HYOKA}
SRC=${HYOKA_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hyoka-screening.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1719792000
FIX="$SRC/tests/fixtures/screening"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
flat() { pdftotext -layout "$1" - 2>/dev/null | tr -d ' \f\t' | sed 's/　//g'; }
has() {
    local f=$1 t
    shift
    [ -s "$f" ] || { fail "no $f"; return; }
    flat "$f" >"$TMP/flat"
    for t in "$@"; do
        grep -qF -- "$t" "$TMP/flat" || fail "$(basename "$f"): no \"$t\" in $(cat "$TMP/flat")"
    done
}
count() { flat "$1" | grep -cF -- "$2"; }

"$HYOKA" build "$FIX" -o "$TMP/out" -q 2>"$TMP/err" || { fail "build: $(cat "$TMP/err")"; exit 1; }
has "$TMP/out/sheets/S-01.pdf" "事業の仕分け" "①ニーズ・必要性" "□高い■ある□低い" "（理由）利用は横ばいで推移している" \
    "②重複□なし■一部あり□あり" "③市が実施すべきか■市□道・国□民間" "④直営・委託・指定管理□直営■委託□指定管理"
has "$TMP/out/sheets/S-02.pdf" "①ニーズ・必要性□高い□ある■低い" "②重複□なし□一部あり■あり" \
    "③市が実施すべきか□市□道・国■民間" "④直営・委託・指定管理□直営□委託■指定管理"
has "$TMP/out/sheets/S-03.pdf" "■高い□ある□低い" "（理由）法定受託事務" "④直営・委託・指定管理■直営□委託□指定管理"
# the other judgement items keep their section, without the four
has "$TMP/out/sheets/S-01.pdf" "評価・今後の方向性" "今後の方向性■改善□縮小"
n=$(count "$TMP/out/sheets/S-01.pdf" "ニーズ・必要性")
[ "$n" = 1 ] || fail "S-01: ニーズ・必要性 printed $n times, expected once (in its own section)"
# a project with none of the four: no section
[ "$(count "$TMP/out/sheets/S-04.pdf" "事業の仕分け")" = 0 ] || fail "S-04 has no screening, but a 事業の仕分け section"
# ---- a data set without them (the sample, standard form): no section, nothing else changed ----
"$HYOKA" build "$SRC/input" -o "$TMP/std" -q --profile standard --outputs sheets 2>/dev/null ||
    fail "build input --profile standard"
[ "$(count "$TMP/std/sheets/13035.pdf" "事業の仕分け")" = 0 ] || fail "the sample got a 事業の仕分け section"

# ---- a cell that is none of the options: an error at its cell ----
mkdir -p "$TMP/bad"
cp "$FIX/hyoka.conf" "$TMP/bad/"
sed 's/^S-02,\(.*\),低い,,あり,/S-02,\1,多い,,あり,/' "$FIX/projects.csv" >"$TMP/bad/projects.csv"
"$HYOKA" check "$TMP/bad" -q 2>"$TMP/bad.err"
[ $? -eq 1 ] || fail "a bad screening cell should fail check"
grep -qF "projects.csv!H3: error:" "$TMP/bad.err" || fail "the bad cell is not named at row 3, column H: $(cat "$TMP/bad.err")"
grep -qF "多い" "$TMP/bad.err" || fail "the message does not quote the cell: $(cat "$TMP/bad.err")"

# ---- hyoka init: the drafted profile keeps the set, and renders the same section ----
"$HYOKA" init "$FIX" -o "$TMP/tpl/drafted" -q 2>"$TMP/init.err" || fail "init: $(cat "$TMP/init.err")"
p="$TMP/tpl/drafted/profile.conf"
for line in "[choice ニーズ]" "label = ① ニーズ・必要性" "options = 高い | ある | 低い" \
    "columns = 直営・委託・指定管理 | 手法 | ④実施手法" "section = 事業の仕分け"; do
    grep -qxF -- "$line" "$p" || fail "drafted profile: no line \"$line\""
done

[ $failures -eq 0 ] && echo "screening: all passed" && exit 0
echo "screening: $failures failure(s)"
exit 1
