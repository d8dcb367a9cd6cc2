#!/bin/bash
# 前年度比較 and 予算反映 as the budget office reads them: hyoka build --previous on
# the two fixture years (tests/fixtures/budget), the workbook's two sheets read
# back cell by cell, the flags in validation.csv, and a run without requests or
# last year that has neither sheet.
#   usage: e2e_budget.sh PATH/TO/hyoka
set -u
HYOKA=${1:?usage: e2e_budget.sh HYOKA}
SRC=${HYOKA_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hyoka-budget.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1719792000
FIX="$SRC/tests/fixtures/budget"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

"$HYOKA" build "$FIX/cur" -o "$TMP/out" --templates "$FIX/templates" --previous "$FIX/prev" -q \
    2>"$TMP/err" || { fail "build --previous failed: $(cat "$TMP/err")"; exit 1; }

# Each row as the workbook holds it: code|cells joined by |, numbers as Excel stores them.
/usr/bin/python3 - "$TMP/out/summary.xlsx" >"$TMP/cells" <<'PY'
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
print("SHEETS", "|".join(wb.sheetnames))
for name in ("前年度比較", "予算反映"):
    for row in wb[name].iter_rows(values_only=True):
        cells = ["" if v is None else (f"{v:.4g}" if isinstance(v, float) else str(v)) for v in row]
        print(name, "|".join(cells).rstrip("|"))
PY
expect() { grep -qxF -- "$1" "$TMP/cells" || fail "workbook: no row \"$1\""; }
expect "SHEETS 事業一覧|事業費|指標|集計（部別）|前年度比較|予算反映|検証結果"
expect "前年度比較 事業コード|事業名|前年度の事業名|部|課|区分|事業費 令和5年度（千円）|事業費 令和6年度（千円）|事業費 増減額（千円）|事業費 増減率|トータルコスト 令和5年度（千円）|トータルコスト 令和6年度（千円）|トータルコスト 増減額（千円）|トータルコスト 増減率|人工 令和5年度|人工 令和6年度|人工 増減|今後の方向性 令和5年度|今後の方向性 令和6年度"
expect "前年度比較 B001|評価事業01||市民部|市民課|継続|979|1037|58|0.059|8979|13037|4058|0.452|1|1.5|0.5|改善|現状維持"
expect "前年度比較 B005|評価事業05|旧名称の事業05|市民部|市民課|継続|1095|1185|90|0.082|9095|13185|4090|0.45|1|1.5|0.5|拡充|休止・廃止"
expect "前年度比較 B030|評価事業30||福祉部|福祉課|新規||2110||||10110||||1|||拡充"
expect "前年度比較 E901|終了した事業A||総務部|総務課|終了|500||||2100||||0.2|||現状維持"
expect "前年度比較 X950|コード変更事業||福祉部|福祉課|終了|1200||||2800||||0.2|||現状維持"
expect "予算反映 B006|評価事業06|福祉部|福祉課|拡充|拡充|1222|80|-1142|拡充なのに減額"
expect "予算反映 B009|評価事業09|市民部|市民課|縮小|縮小|1333|1453|120|縮小・廃止なのに増額"
expect "予算反映 B017|評価事業17|市民部|市民課|休止・廃止|休止・廃止|1629|300|-1329|廃止なのに予算要求"
expect "予算反映 B018|評価事業18|福祉部|福祉課|拡充|拡充|1666|1766|100"
expect "予算反映 B003|評価事業03|建設部|道路課|縮小|縮小|1111"
expect "予算反映 ||||5|拡充|8330|7338|-992|3"
expect "予算反映 ||||5|縮小|7775|4640|-25|2"
expect "予算反映 ||||5|休止・廃止|8145|300|-7845|1"
expect "予算反映 ||||32|合計|50639|38297|-9232|6"
expect "予算反映 |||||廃止・縮小により減額した額|||7870"
expect "予算反映 |||||拡充により増額した額|||-992"
n=$(grep -c "the request moves against the verdict" "$TMP/out/validation.csv")
[ "$n" = 6 ] || fail "validation.csv: $n flagged requests, expected 6"
grep -q "B031 コード変更事業 (福祉部) is new this year, but last year's X950" "$TMP/out/validation.csv" \
    || fail "validation.csv: the changed code is not reported"

# 前年度比較 on the sheets: the fixture's form asks for previous.* and item.previous
flat() { pdftotext "$1" - 2>/dev/null | tr -d ' \n\f\t' | sed 's/　//g'; }
flat "$TMP/out/sheets/B001.pdf" >"$TMP/b001"
for text in "前年度（令和5年度）本年度（令和6年度）増減" "事業費9791,03758" "トータルコスト8,97913,0374,058" \
    "人工1.001.500.50" "相談件数101件112件11件" "前年度の方向性改善（継続）"; do
    grep -qF -- "$text" "$TMP/b001" || fail "B001 sheet: no \"$text\" in $(cat "$TMP/b001")"
done
flat "$TMP/out/sheets/B030.pdf" >"$TMP/b030"
grep -qF "事業費2,110トータルコスト10,110人工1.00前年度の方向性―（新規）" "$TMP/b030" \
    || fail "B030 (new) sheet: $(cat "$TMP/b030")"

# Without --previous there is no 前年度比較; without requests no 予算反映.
"$HYOKA" build "$SRC/input" -o "$TMP/plain" -q 2>/dev/null || fail "build input/ failed"
/usr/bin/python3 -c "import openpyxl,sys; print('|'.join(openpyxl.load_workbook(sys.argv[1]).sheetnames))" \
    "$TMP/plain/summary.xlsx" >"$TMP/plain.sheets"
grep -q "前年度比較" "$TMP/plain.sheets" && fail "a run without --previous has a 前年度比較 sheet"

[ $failures -eq 0 ] && echo "e2e_budget: all passed" && exit 0
echo "e2e_budget: $failures failure(s)"
exit 1
