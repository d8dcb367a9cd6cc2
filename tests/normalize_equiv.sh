#!/bin/bash
# The same data set as CSV (input/, CP932), as one .xlsx workbook and as .xls
# (tests/fixtures/normalize/sample.*, written by make_fixtures.py from input/):
# `hyoka build` gives byte-identical sheets and summary.xlsx, and `hyoka
# normalize` byte-identical tables. Also `hyoka normalize` itself: its exit
# statuses, no value kept apart from zero in every output, a city's aliases,
# and seed 002's wide sheet giving the same tables as the same data in long tables.
# If input/ changes, regenerate the workbooks (see make_fixtures.py).
#   usage: normalize_equiv.sh PATH/TO/hyoka
set -u
HYOKA=${1:?usage: normalize_equiv.sh HYOKA}
SRC=${HYOKA_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
FIX="$SRC/tests/fixtures/normalize"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hyoka-equiv.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1719792000    # 2024-07-01 00:00 UTC
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
BOM=$(printf '\357\273\277')   # the files people open in Excel start with a UTF-8 BOM
expect_line() {   # file exact-line description
    grep -qxF -- "$2" "$1" || fail "$3: line \"$2\" not in $(basename "$1")"
}

# ---- the three shapes of the data set ----
mkdir -p "$TMP/csv" "$TMP/xlsx" "$TMP/xls"
cp "$SRC/input/"*.csv "$SRC/input/hyoka.conf" "$TMP/csv/"
cp "$FIX/sample.xlsx" "$SRC/input/hyoka.conf" "$TMP/xlsx/"
cp "$FIX/sample.xls" "$SRC/input/hyoka.conf" "$TMP/xls/"
for k in csv xlsx xls; do
    "$HYOKA" build "$TMP/$k" -o "$TMP/out-$k" 2>"$TMP/build-$k.err"
    rc=$?
    [ $rc -eq 0 ] || { fail "build of the $k data set exited $rc"; cat "$TMP/build-$k.err"; }
    "$HYOKA" normalize "$TMP/$k" -o "$TMP/norm-$k" 2>"$TMP/norm-$k.err"
    rc=$?
    [ $rc -eq 0 ] || { fail "normalize of the $k data set exited $rc"; cat "$TMP/norm-$k.err"; }
done
expect_line "$TMP/build-xlsx.err" "$TMP/xlsx/sample.xlsx[costs]: costs: 66 rows read, 66 accepted, 0 rejected" "xlsx table report"
expect_line "$TMP/build-xls.err" "$TMP/xls/sample.xls[indicators]: indicators: 19 rows read, 19 accepted, 0 rejected" "xls table report"

n=$(ls "$TMP/out-csv/sheets/"*.pdf 2>/dev/null | wc -l)
[ "$n" -eq 14 ] || fail "expected 14 sheets from CSV, got $n"
for k in xlsx xls; do
    m=$(ls "$TMP/out-$k/sheets/"*.pdf 2>/dev/null | wc -l)
    [ "$m" -eq "$n" ] || fail "$k gave $m sheets, CSV $n"
    for f in "$TMP/out-csv/sheets/"*.pdf; do
        g="$TMP/out-$k/sheets/$(basename "$f")"
        cmp -s "$f" "$g" || fail "$(basename "$f") from $k differs from CSV's"
    done
    cmp -s "$TMP/out-csv/summary.xlsx" "$TMP/out-$k/summary.xlsx" || fail "summary.xlsx from $k differs from CSV's"
    for t in projects costs indicators choices validation; do
        cmp -s "$TMP/norm-csv/$t.csv" "$TMP/norm-$k/$t.csv" \
            || { fail "normalize: $t.csv from $k differs from CSV's"; diff "$TMP/norm-csv/$t.csv" "$TMP/norm-$k/$t.csv" | head -5; }
    done
done

# ---- seed 002: the wide sheet (CSV, .xlsx with merged headers) and long tables agree ----
mkdir -p "$TMP/templates/asahikawa" "$TMP/wide-csv" "$TMP/wide-xlsx"
cp "$SRC/templates/columns.conf" "$TMP/templates/"
printf 'city = 旭川市\nprefectural_label = 北海道\nstaff_unit_cost = 7,000千円\npart_time_unit_cost = 3,000千円\ninput_unit = 千円\ndisplay_unit = 千円\nfiscal_year = R3\n' \
    > "$TMP/templates/asahikawa/profile.conf"
cp "$FIX/seed002.csv" "$TMP/wide-csv/"
cp "$FIX/seed002.xlsx" "$TMP/wide-xlsx/"
for k in wide-csv wide-xlsx; do
    "$HYOKA" normalize "$TMP/$k" -o "$TMP/norm-$k" --templates "$TMP/templates" -p asahikawa -q 2>"$TMP/$k.err" \
        || { fail "normalize of seed 002 ($k) failed"; cat "$TMP/$k.err"; }
done
"$HYOKA" normalize "$FIX/seed002_long" -o "$TMP/norm-long" --templates "$TMP/templates" -p asahikawa -q 2>"$TMP/long.err" \
    || { fail "normalize of seed 002 as long tables failed"; cat "$TMP/long.err"; }
for k in wide-xlsx long; do
    for t in projects costs indicators choices validation; do
        cmp -s "$TMP/norm-wide-csv/$t.csv" "$TMP/norm-$k/$t.csv" \
            || { fail "seed 002: $t.csv from $k differs from the wide CSV's"; diff "$TMP/norm-wide-csv/$t.csv" "$TMP/norm-$k/$t.csv" | head -6; }
    done
done
W="$TMP/norm-wide-csv/costs.csv"
expect_line "$W" "12 11 01,2020,令和2年度,決算,115000,115,0,0,0,0,0,0,,,0,0,115000,115,入力,,,0,,,115000,115,,,,,," "seed 002 R2決算"
expect_line "$W" "12 11 01,2021,令和3年度,当初予算,301000,301,0,0,0,0,0,0,,,0,0,301000,301,入力,1.00,0.00,0,7000000,7000,7301000,7301,,,,,," "seed 002 R3当初予算"
expect_line "$W" "12 11 01,2021,令和3年度,決算見込,404000,404,0,0,0,0,0,0,,,0,0,404000,404,入力,1.00,0.00,0,7000000,7000,7404000,7404,,,,,," "seed 002 R3決算見込"
expect_line "$W" "12 11 01,2022,令和4年度,当初予算,210000,210,0,0,0,0,0,0,,,0,0,210000,210,入力,,,0,,,210000,210,,,,,," "seed 002 R4当初予算"

# ---- what the tables say, no value apart from zero ----
N="$TMP/norm-csv"
[ "$(ls "$N" | tr '\n' ' ')" = "choices.csv costs.csv indicators.csv projects.csv validation.csv " ] \
    || fail "normalize wrote: $(ls -A "$N" | tr '\n' ' ')"
expect_line "$N/projects.csv" "$BOM事業コード,事業名,評価年度,評価年度（和暦）,部,課,新規,計画事業番号,作成年月,事業区分,施策,施策目標,目的,概要,成果,事務事業改善策,期待される効果,総合政策部の判定,総合政策部で付された意見,プログラム,現状分析" "projects header"
# 13035 leaves its funding sources blank: no value; 13041 writes 0
expect_line "$N/costs.csv" "13035,2024,令和6年度,当初予算,22000000,22000,,,,,,,,,,,22000000,22000,入力,1.00,,,7262000,7262,29262000,29262,,,,,," "costs of 13035"
expect_line "$N/costs.csv" "13041,2020,令和2年度,決算,156168000,156168,0,0,0,0,0,0,70275000,70275,0,0,85893000,85893,入力,3.00,1.00,,29048000,29048,185216000,185216,,,,,," "costs of 13041"
expect_line "$N/indicators.csv" "51006,2,成果指標,電子書籍貸出件数,件,増加,目標値,2020,令和2年度,,-," "a blank target"
# (41017's first indicator is its strategy KPI, from input/kpi.csv)
expect_line "$N/indicators.csv" "41017,2,成果指標,冬期通行止め件数,件,増加,目標値,2020,令和2年度,0,," "a zero target"
expect_line "$N/indicators.csv" "41003,1,活動指標,舗装補修延長,km,増加,目標値,2025,令和7年度,2,," "2.0 km from CSV, 2 from a workbook"
expect_line "$N/choices.csv" "13035,市民ニーズ,ニーズはある,2,例年、招待者数に対し申込者数が大幅に上回ることから抽選を行っている。そのため、現状では相当数のニーズがあることが伺えるが、事業の継続性を考慮した場合、同一の会場を使用することが効果的であるため、今後も同規模での実施といたしたい。" "a choice and its reason"
[ "$(cat "$N/validation.csv")" = "$(printf '\357\273\277')severity,file,sheet,row,column,message" ] || fail "validation.csv is not just its header"

# ---- and on the sheets: a blank source stays blank, a zero prints 0, in every format ----
for k in csv xls; do
    pdftotext -layout "$TMP/out-$k/sheets/13035.pdf" "$TMP/13035-$k.txt"
    pdftotext -layout "$TMP/out-$k/sheets/13041.pdf" "$TMP/13041-$k.txt"
    pdftotext -layout "$TMP/out-$k/sheets/41003.pdf" "$TMP/41003-$k.txt"
    grep -qE '^ *国庫支出金 *$' "$TMP/13035-$k.txt" || fail "$k: 13035's blank 国庫支出金 is not blank"
    grep -qE '^ *国庫支出金 +0 +0 +0 +0 +0 +0 *$' "$TMP/13041-$k.txt" || fail "$k: 13041's 国庫支出金 is not 0"
    grep -qE '舗装補修延長 +1\.5km +1\.8km +2\.0km *$' "$TMP/41003-$k.txt" \
        || fail "$k: 41003's targets are not 1.5km 1.8km 2.0km: $(grep 舗装補修延長 "$TMP/41003-$k.txt")"
done

# ---- summary.xlsx: a project with 事業費 0 gets 0, one with no line a blank cell ----
mkdir -p "$TMP/zero"
cat > "$TMP/zero/projects.csv" <<'EOF'
事業コード,事業名,評価年度,部,課
Z1,ゼロ円の事業,R6,総務部,総務課
Z2,費用未記入の事業,R6,総務部,総務課
EOF
cat > "$TMP/zero/costs.csv" <<'EOF'
事業コード,年度,区分,事業費,一般財源
Z1,R6,当初予算,0,0
Z2,R5,決算,100,100
EOF
"$HYOKA" build "$TMP/zero" -o "$TMP/out-zero" -p nemuro -q 2>"$TMP/zero.err" || fail "zero data set: $(cat "$TMP/zero.err")"
/usr/bin/python3 - "$TMP/out-zero/summary.xlsx" >"$TMP/zero-cells.txt" <<'EOF'
import re, sys, zipfile
xml = zipfile.ZipFile(sys.argv[1]).read("xl/worksheets/sheet1.xml").decode()
for ref in ("J2", "K2", "L2", "J3", "K3", "L3"):   # 事業費の年度・区分, 事業費 and 総事業費 of 事業一覧
    m = re.search(r'<c r="%s"[^>]*?(/>|>(.*?)</c>)' % ref, xml)
    print(ref, "absent" if not m else (m.group(2) or "empty"))
EOF
# Z2 is evaluated in R6 on R5 決算: its figures, labelled so, never blanks (issue 16 item 6)
[ "$(tr '\n' ' ' < "$TMP/zero-cells.txt")" = "J2 <is><t>令和6年度 当初予算</t></is> K2 <v>0</v> L2 <v>0</v> J3 <is><t>令和5年度 決算</t></is> K3 <v>100</v> L3 <v>100</v> " ] \
    || fail "summary.xlsx 事業費/総事業費 cells: $(tr '\n' ' ' < "$TMP/zero-cells.txt")"

# ---- exit statuses, as check: 1 data errors (tables still written), 2 usage, 3 I/O ----
mkdir -p "$TMP/bad"
cp "$SRC/input/"*.csv "$SRC/input/hyoka.conf" "$TMP/bad/"
printf '99999,R6,決算,100,,,,,,100,,\r\n' | iconv -f UTF-8 -t CP932 >> "$TMP/bad/costs.csv"
"$HYOKA" normalize "$TMP/bad" -o "$TMP/norm-bad" 2>"$TMP/bad.err"
rc=$?
[ $rc -eq 1 ] || fail "normalize with a data error exited $rc, expected 1"
grep -qF "$TMP/bad/costs.csv!A68: error: 事業コード 99999: no project has this code (the projects table does not list it)" "$TMP/bad.err" \
    || fail "the data error was not reported: $(head -3 "$TMP/bad.err")"
expect_line "$TMP/norm-bad/validation.csv" "error,costs.csv,,68,1,事業コード 99999: no project has this code (the projects table does not list it)" "validation.csv"
records=$(/usr/bin/python3 -c 'import csv, sys; print(len(list(csv.reader(open(sys.argv[1], encoding="utf-8")))))' \
    "$TMP/norm-bad/projects.csv")
# 14 evaluated projects and the 3 known only from kpi.csv, and the header
[ "$records" = 18 ] || fail "the 17 accepted projects were not written (got $records records with the header)"
"$HYOKA" normalize "$TMP/csv" 2>/dev/null
[ $? -eq 2 ] || fail "normalize without -o did not exit 2"
"$HYOKA" normalize "$TMP/none" -o "$TMP/x" 2>/dev/null
[ $? -eq 3 ] || fail "normalize of a missing folder did not exit 3"
"$HYOKA" normalize "$TMP/csv" -o /proc/hyoka-cannot-write 2>/dev/null
[ $? -eq 3 ] || fail "normalize into an unwritable folder did not exit 3"

# ---- a city's own header spellings, through its profile's `aliases = FILE` ----
mkdir -p "$TMP/templates/city" "$TMP/city"
cp "$FIX/city_aliases.conf" "$TMP/templates/city/aliases.conf"
printf 'city = 架空市\naliases = aliases.conf\nstaff_unit_cost = 7,000千円\ninput_unit = 千円\ndisplay_unit = 千円\nfiscal_year = R6\n' \
    > "$TMP/templates/city/profile.conf"
cat > "$TMP/city/p.csv" <<'EOF'
整理番号,事務事業の名前,担当係
A-1,除雪事業,道路維持係
EOF
cat > "$TMP/city/c.csv" <<'EOF'
整理番号,年度,事業費,道補助金,一般財源
A-1,R6,"1,000",400,600
EOF
"$HYOKA" normalize "$TMP/city" -o "$TMP/norm-city" --templates "$TMP/templates" -p city 2>"$TMP/city.err"
rc=$?
[ $rc -eq 0 ] || { fail "normalize with a city alias file exited $rc"; cat "$TMP/city.err"; }
expect_line "$TMP/norm-city/projects.csv" "$BOM事業コード,事業名,評価年度,評価年度（和暦）,部,課,新規,担当係" "city projects header"
expect_line "$TMP/norm-city/projects.csv" "A-1,除雪事業,2024,令和6年度,,,,道路維持係" "city project"
grep -qF "A-1,2024,令和6年度,決算,1000000,1000,,,400000,400," "$TMP/norm-city/costs.csv" \
    || fail "city costs: $(tail -1 "$TMP/norm-city/costs.csv")"

if [ $failures -ne 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "all normalize equivalence checks passed"
