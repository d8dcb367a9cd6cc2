#!/bin/bash
# The 施策 roll-up (OUT/measures/<code>-<name>.pdf, compute/measure.h): the figures
# on the sheets' text for the budget fixture (no 施策 in its data: one sheet per 部,
# with and without last year) and for input/yoy (施策 with codes, ended projects,
# 施策のアウトカム); a city's own measure.tpl is used when it has one; every sheet
# passes pdfcheck.
#   usage: e2e_measures.sh PATH/TO/hyoka
set -u
HYOKA=${1:?usage: e2e_measures.sh HYOKA}
SRC=${HYOKA_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hyoka-measures.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1719792000
FIX="$SRC/tests/fixtures/budget"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
# the sheet's text line by line as laid out, without spaces: a table row is one line
flat() { pdftotext -layout "$1" - 2>/dev/null | tr -d ' \f\t' | sed 's/　//g'; }
# has FILE TEXT...: every TEXT is on a line of the sheet
has() {
    local f=$1 t
    shift
    [ -s "$f" ] || { fail "no $f"; return; }
    flat "$f" >"$TMP/flat"
    for t in "$@"; do
        grep -qF -- "$t" "$TMP/flat" || fail "$(basename "$f"): no \"$t\" in $(cat "$TMP/flat")"
    done
}
hasnt() {
    local f=$1 t
    shift
    flat "$f" >"$TMP/flat"
    for t in "$@"; do
        grep -qF -- "$t" "$TMP/flat" && fail "$(basename "$f"): \"$t\" should not be there"
    done
}

# ---- the budget fixture with last year: by 部, the ended projects under last year's 部 ----
"$HYOKA" build "$FIX/cur" -o "$TMP/b" --templates "$FIX/templates" --previous "$FIX/prev" -q \
    2>"$TMP/err" || { fail "build --previous failed: $(cat "$TMP/err")"; exit 1; }
[ "$(ls "$TMP/b/measures" | tr '\n' ' ')" = "01-市民部.pdf 02-福祉部.pdf 03-建設部.pdf 04-総務部.pdf " ] \
    || fail "measure files: $(ls "$TMP/b/measures")"
has "$TMP/b/measures/01-市民部.pdf" "部別評価シート" "（令和6年度）" "部名市民部" \
    "8事業（うち新規1事業）前年度で終了1事業" \
    "B001評価事業01継続9791,0378,97913,0374,058現状維持" \
    "B029評価事業29新規2,07314,073休止・廃止" \
    "E902終了した事業B終了7002,300" \
    "合計9,98912,44067,589108,44040,851増減率60.4%" \
    "今後の方向性の内訳（現状維持3件、縮小2件、休止・廃止3件）" \
    "現状維持3事業37.5%40,443" "縮小2事業25.0%27,110" "休止・廃止3事業37.5%40,887"
has "$TMP/b/measures/02-福祉部.pdf" "B031コード変更事業新規1,2502,850現状維持" \
    "X950コード変更事業終了1,2002,800" "合計10,69213,98668,29279,58611,294増減率16.5%" \
    "拡充3事業33.3%28,998" "現状維持1事業11.1%2,850" "統合2事業22.2%19,184"
has "$TMP/b/measures/04-総務部.pdf" "E901終了した事業A終了5002,100" \
    "合計10,39813,32867,99877,3289,330増減率13.7%"
# no 施策のアウトカム in this data: no such section
hasnt "$TMP/b/measures/01-市民部.pdf" "のアウトカム"

# ---- the same year alone: no 前年度, no 区分, no 増減 ----
"$HYOKA" build "$FIX/cur" -o "$TMP/b1" --templates "$FIX/templates" -q \
    --outputs measures 2>"$TMP/err" || fail "build without last year failed: $(cat "$TMP/err")"
[ "$(ls "$TMP/b1" | tr '\n' ' ')" = "measures " ] || fail "--outputs measures wrote: $(ls "$TMP/b1")"
has "$TMP/b1/measures/01-市民部.pdf" "8事業" "B001評価事業011,03713,037現状維持" \
    "B029評価事業292,07314,073休止・廃止" "合計12,440108,440"
hasnt "$TMP/b1/measures/01-市民部.pdf" "前年度" "E902" "継続" "増減率"

# ---- input/yoy: 施策 with their codes, 施策のアウトカム taken once ----
"$HYOKA" build "$SRC/input/yoy" -o "$TMP/y" -q 2>"$TMP/err" || fail "build input/yoy: $(cat "$TMP/err")"
[ "$(ls "$TMP/y/measures" | tr '\n' ' ')" = "1-1-公共交通の確保.pdf 2-1-市民協働の推進.pdf 3-1-子育て支援の充実.pdf 3-2-高齢者福祉の充実.pdf 4-1-産業と観光の振興.pdf 5-1-道路の維持管理.pdf 6-1-行政のデジタル化.pdf " ] \
    || fail "yoy measure files: $(ls "$TMP/y/measures" | tr '\n' ' ')"
has "$TMP/y/measures/1-1-公共交通の確保.pdf" "施策別評価シート" "施策コード1-1施策名公共交通の確保" \
    "A-101地域公共交通確保維持事業継続48,20051,30048,20051,3003,100拡充" \
    "A-102コミュニティバス運行事業継続23,10022,80023,10022,800-300縮小" \
    "合計71,30074,10071,30074,1002,800増減率3.9%" \
    "施策のアウトカム" "公共交通に満足している市民の割合%38.041.544.050.0（R8）88.0%"
n=$(pdftotext "$TMP/y/measures/1-1-公共交通の確保.pdf" - | grep -c "公共交通に満足している市民の割合")
[ "$n" = 1 ] || fail "the outcome two projects carry is printed $n times, expected once"
has "$TMP/y/measures/4-1-産業と観光の振興.pdf" "2事業（うち新規0事業）前年度で終了1事業" \
    "G-860地域おこし協力隊活用事業終了4,800" "合計29,80025,69029,80025,690-4,110増減率-13.8%"
has "$TMP/y/measures/6-1-行政のデジタル化.pdf" "1事業（うち新規1事業）" \
    "F-750デジタル窓口推進事業新規12,00012,000拡充" "拡充1事業100.0%12,000"
has "$TMP/y/measures/3-1-子育て支援の充実.pdf" "子育てしやすいと感じる市民の割合%52.055.054.260.0（R8）"

# ---- a city's own measure.tpl is the one used ----
cp -rL "$FIX/templates" "$TMP/tpl"
cat >"$TMP/tpl/budgettest/measure.tpl" <<'EOF'
template own "独自の施策シート"
page A4 portrait
margin 10
font gothic ipaexg.ttf
text w=190 h=8 role=H1 "独自様式 {measure.name}"
grid gap=2 cols=40,150
  row h=6
    cell role=TH fill=#eeeeee "{measure.by}"
    cell "{measure.total_cost|money}千円"
end
EOF
"$HYOKA" build "$FIX/cur" -o "$TMP/own" --templates "$TMP/tpl" -q --outputs measures \
    2>"$TMP/err" || fail "build with a city's measure.tpl: $(cat "$TMP/err")"
has "$TMP/own/measures/02-福祉部.pdf" "独自様式福祉部" "部79,586千円"

# ---- hyoka check lays the 施策 sheets out too: a misspelt field fails check, not build ----
printf 'template x "x"\npage A4 portrait\nfont gothic ipaexg.ttf\ntext w=190 h=8 "{measure.nmae}"\n' \
    >"$TMP/tpl/budgettest/measure.tpl"
"$HYOKA" check "$FIX/cur" --templates "$TMP/tpl" -q 2>"$TMP/chk.err"
rc=$?
[ $rc -eq 2 ] || fail "check with a misspelt measure field exited $rc, expected 2"
grep -qF "budgettest/measure.tpl:4: {measure.nmae}: measure: expected a member: name, code, by" "$TMP/chk.err" ||
    fail "check does not name the measure.tpl line: $(tail -1 "$TMP/chk.err")"

# ---- tagged like every sheet ----
/usr/bin/python3 "$SRC/../shared/tools/pdfcheck" "$TMP"/b/measures/*.pdf "$TMP"/y/measures/*.pdf \
    >"$TMP/check.out" 2>&1 || fail "pdfcheck: $(tail -5 "$TMP/check.out")"
grep -qx "11 files, 0 failed" "$TMP/check.out" || fail "pdfcheck: $(tail -1 "$TMP/check.out")"

[ $failures -eq 0 ] && echo "e2e_measures: all passed" && exit 0
echo "e2e_measures: $failures failure(s)"
exit 1
