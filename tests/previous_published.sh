#!/bin/bash
# --previous PREV where PREV is last year's publication (issue 13 item 1): year 1 of
# the budget fixture is built and published (OUT/public/: open data in 円 and 西暦,
# judgements and indicator figures one per row) and normalized (`hyoka normalize -o`);
# year 2 built against either gives the same 前年度比較 as against year 1's input
# folder: the workbook's 前年度比較 sheet cell for cell, and every sheet byte for byte
# (last year's 事業費, トータルコスト, 人工, 今後の方向性 and indicator actuals).
#   usage: previous_published.sh PATH/TO/hyoka
set -u
HYOKA=${1:?usage: previous_published.sh HYOKA}
SRC=${HYOKA_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hyoka-prevpub.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1719792000
FIX="$SRC/tests/fixtures/budget"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# the fixture city with a 全国地方公共団体コード, so that it publishes open data
cp -rL "$FIX/templates" "$TMP/tpl"
cp "$SRC/templates/standard/measure.tpl" "$TMP/tpl/budgettest/measure.tpl"
sed -i 's/^city = .*/&\nlg_code = 012238/' "$TMP/tpl/budgettest/profile.conf"

"$HYOKA" build "$FIX/prev" -o "$TMP/year1" --templates "$TMP/tpl" -q 2>/dev/null ||
    { fail "year 1 build exited $?"; exit 1; }
[ -s "$TMP/year1/public/projects.csv" ] || { fail "year 1 published no open data"; exit 1; }
grep -q "^012238,予算反映テスト市,B001,2023,令和5年度,当初予算,979000," "$TMP/year1/public/costs.csv" ||
    fail "year 1's open data does not hold B001's 当初予算 in 円 and 西暦"
"$HYOKA" normalize "$FIX/prev" -o "$TMP/year1-normalized" --templates "$TMP/tpl" -q 2>/dev/null ||
    fail "year 1 normalize exited $?"

for prev in input:"$FIX/prev" public:"$TMP/year1/public" normalized:"$TMP/year1-normalized"; do
    name=${prev%%:*}
    "$HYOKA" build "$FIX/cur" -o "$TMP/$name" --templates "$TMP/tpl" --previous "${prev#*:}" -q \
        --outputs sheets,workbook,validation 2>"$TMP/$name.err" || fail "year 2 against $name exited $?"
    grep "last year's data" "$TMP/$name.err" | grep -v "validation.csv" >"$TMP/$name.lastyear"
    [ -s "$TMP/$name.lastyear" ] && fail "year 2 against $name: last year's data had problems: $(head -3 "$TMP/$name.lastyear")"
done

/usr/bin/python3 - "$TMP/input/summary.xlsx" "$TMP/public/summary.xlsx" "$TMP/normalized/summary.xlsx" \
    >"$TMP/cmp" <<'PY'
import openpyxl, sys
def rows(p):
    ws = openpyxl.load_workbook(p)["前年度比較"]
    return [["" if v is None else str(v) for v in r] for r in ws.iter_rows(values_only=True)]
base = rows(sys.argv[1])
print("rows", len(base))
print("B001", "|".join(next(r for r in base if r[0] == "B001")))
for p in sys.argv[2:]:
    other = rows(p)
    if other != base:
        diff = [(a, b) for a, b in zip(base, other) if a != b][:2]
        print("DIFF", p, len(base), len(other), diff)
PY
grep -q "^rows 36$" "$TMP/cmp" || fail "前年度比較 against the input folder: $(head -1 "$TMP/cmp")"
grep -qxF "B001 B001|評価事業01||市民部|市民課|継続|979|1037|58|0.059|8979|13037|4058|0.452|1|1.5|0.5|改善|現状維持" "$TMP/cmp" ||
    fail "B001's 前年度比較 row: $(grep B001 "$TMP/cmp")"
grep DIFF "$TMP/cmp" | while read -r line; do fail "前年度比較 differs: $line"; done
grep -q DIFF "$TMP/cmp" && failures=$((failures + 1))

n=0
for f in "$TMP"/input/sheets/*.pdf; do
    b=$(basename "$f")
    n=$((n + 1))
    cmp -s "$f" "$TMP/public/sheets/$b" || fail "sheet $b differs with last year's open data"
    cmp -s "$f" "$TMP/normalized/sheets/$b" || fail "sheet $b differs with last year's normalized tables"
done
[ "$n" = 32 ] || fail "$n sheets against the input folder, expected 32"
pdftotext "$TMP/public/sheets/B001.pdf" - | tr -d ' \n' | grep -qF "相談件数101件112件11件" ||
    fail "B001 against the open data: last year's indicator actual is not beside this year's"

# a long judgements row naming a project last year did not have is an error at its cell
mkdir -p "$TMP/badpub"
cp "$TMP/year1/public/"*.csv "$TMP/badpub/"
printf '012238,予算反映テスト市,Z999,今後の方向性,拡充,\r\n' >>"$TMP/badpub/judgements.csv"
"$HYOKA" check "$TMP/badpub" --templates "$TMP/tpl" --profile budgettest -q 2>"$TMP/bad.err"
grep -qF "judgements.csv!C33: error: 事業コード Z999: no project has this code" "$TMP/bad.err" ||
    fail "an unknown code in judgements.csv: $(cat "$TMP/bad.err")"

[ $failures -eq 0 ] && echo "previous_published: all passed" && exit 0
echo "previous_published: $failures failure(s)"
exit 1
