#!/bin/bash
# A city's evaluation workbook as the city keeps it (issue 16), written by
# tests/fixtures/wide/make_wide.py: one row per project, six column blocks
# repeated per fiscal year with no year in their headers, nine indicators named
# once, eight (choice, reason) pairs, Excel's floating-point residue, an amount
# finer than the yen and one real mistake. hyoka reads it with only block_years
# (and the test's profile) in hyoka.conf; the figures equal what a script reads
# straight from the workbook, the mistake is reported at its cell, build -k
# renders every other project. Also the city's own 人件費 and トータルコスト
# checked against hyoka's, and normalize refusing an output inside its input.
#   usage: wide_workbook.sh PATH/TO/hyoka
set -u
HYOKA=${1:?usage: wide_workbook.sh HYOKA}
SRC=${HYOKA_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hyoka-wide.XXXXXX")
trap '[ -n "${KEEP_TMP:-}" ] || rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1719792000
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
expect_line() {   # file exact-line description
    grep -qxF -- "$2" "$1" || fail "$3: line \"$2\" not in $(basename "$1"): $(head -c 800 "$1")"
}
expect_in() {   # file fixed-string description
    grep -qF -- "$2" "$1" || fail "$3: \"$2\" not in $(basename "$1"): $(head -c 800 "$1")"
}

# ---- the workbook, and a templates folder with the city's profile ----
cp -r "$SRC/templates" "$TMP/templates"
mkdir "$TMP/templates/widecity" "$TMP/city"
cp "$SRC/tests/fixtures/wide/profile.conf" "$SRC/tests/fixtures/wide/sheet.tpl" "$TMP/templates/widecity/"
/usr/bin/python3 "$SRC/tests/fixtures/wide/make_wide.py" "$TMP/city/city.xlsx" --projects 48 >"$TMP/made" \
    || fail "make_wide.py failed"
expect_line "$TMP/made" "MISTAKE 事業一覧!CE19" "the fixture's mistake"
printf 'profile = widecity\nblock_years = R2 R3 R4 R5 R6 R7\n' >"$TMP/city/hyoka.conf"
W="$TMP/city/city.xlsx"

# ---- normalize: the tables ----
"$HYOKA" normalize "$TMP/city" -o "$TMP/norm" --templates "$TMP/templates" 2>"$TMP/norm.err"
rc=$?
[ $rc -eq 1 ] || fail "normalize with one mistake should exit 1, got $rc: $(cat "$TMP/norm.err")"
N="$TMP/norm"
# the mistake, at its cell (CE = column 83)
expect_line "$TMP/norm.err" "$W[事業一覧]!CE19: error: funding sources add up to 34,157, but 事業費 is 34,167" "the mistake"
expect_line "$N/validation.csv" "error,city.xlsx,事業一覧,19,83,\"funding sources add up to 34,157, but 事業費 is 34,167\"" "the mistake in validation.csv"
[ "$(grep -c ',error\|^error' "$N/validation.csv")" -eq 1 ] || fail "exactly one error expected: $(cat "$N/validation.csv")"
# one warning for the table's amounts finer than the yen: 2741.0625千円 in R3 その他 (BJ7),
# and the 事業費 and トータルコスト it makes up
expect_line "$TMP/norm.err" "$W[事業一覧]!BJ7: warning: 3 amounts finer than the yen rounded half-up to the yen (the first here: \"2741.0625\")" "sub-yen warning"
expect_line "$TMP/norm.err" "$W[事業一覧]: projects+costs+indicators: 48 rows read, 47 accepted, 1 rejected" "table report"
expect_line "$TMP/norm.err" "$W[事業一覧]: kept 8 columns hyoka does not know: 重複チェック, No., 作成 年, 作成 月, 政策 番号, 施策 番号, 基本事業 番号, 予算科目" "unknown columns (基本事業名 and 手段・対象・意図・結果 are the standard form's)"
# the project row: code with its leading zeros, 部課名 split, the helper column's cached result
expect_in "$N/projects.csv" "0001,事務事業0001,2025,令和7年度,総務部,総務課,,0,1,7,6,令和7年6月30日," "project 0001 (作成年/月/日 as one date)"
expect_in "$N/projects.csv" "0004,事務事業0004,2025,令和7年度,教育委員会事務局,学校教育課,," "project 0004 (局)"
expect_in "$N/projects.csv" "0005,事務事業0005,2025,令和7年度,市民生活部,市民環境課,," "project 0005"
grep -q '^0017,' "$N/projects.csv" && fail "the mistaken project 0017 was not rejected"
# choices: the (choice, reason) pairs, and 今後の方向性 written with its number
expect_line "$N/choices.csv" "0001,政策体系との整合性,見直し余地がある,2,政策体系との整合性の理由1" "choice and reason"
expect_line "$N/choices.csv" "0001,受益者負担の適正化,適正,1,受益者負担の適正化の理由1" "the eighth pair"
expect_line "$N/choices.csv" "0001,今後の方向性,改革改善（縮小・統合含む）,2," "numbered direction"
expect_line "$N/choices.csv" "0003,今後の方向性,現状維持,1," "numbered direction 1"
[ "$(grep -c '^0001,' "$N/choices.csv")" -eq 9 ] || fail "0001 should have 9 judgement items"
# years: R2..R6 決算, R7 (the evaluation year) 当初予算
[ "$(grep -c '^0001,' "$N/costs.csv")" -eq 6 ] || fail "0001 should have 6 cost lines"
expect_in "$N/costs.csv" "0001,2024,令和6年度,決算," "R6 settled"
expect_in "$N/costs.csv" "0001,2025,令和7年度,当初予算," "R7 budget"
# indicators: named once, a value per block; a computed ratio kept at 15 digits
[ "$(grep -c '^0001,' "$N/indicators.csv")" -eq 54 ] || fail "0001 should have 9 indicators x 6 values"
expect_line "$N/indicators.csv" "0005,7,成果指標,成果指標サ5,回,増加,実績値,2020,令和2年度,81.8611987381703,," "computed ratio"
expect_in "$N/indicators.csv" "0001,1,活動指標,活動指標ア1,回,増加,計画値,2025,令和7年度," "R7 value is the plan"

# every figure equals the workbook's own, at 15 significant digits, per cell and per year
/usr/bin/python3 - "$W" "$N" <<'PY' || fail "the figures differ from the workbook's"
import csv, sys, openpyxl
from decimal import Decimal, ROUND_HALF_UP
wb = openpyxl.load_workbook(sys.argv[1], data_only=True)   # formulas as their saved results
ws = wb["事業一覧"]
rows = list(ws.iter_rows(values_only=True))
head = [h for h in rows[1]]
def yen(v):   # a 千円 cell as Excel shows it (15 significant digits), in whole yen
    d = Decimal(format(v, ".15g")) * 1000
    return int(d.quantize(Decimal(1), rounding=ROUND_HALF_UP))
cols = [i for i, h in enumerate(head) if h == "事業費計（A）"]
assert len(cols) == 6, cols
years = [2020, 2021, 2022, 2023, 2024, 2025]
want = {y: 0 for y in years}
cells = {}
for r in rows[2:]:
    code = r[6]
    if code == "0017":
        continue
    for k, c in enumerate(cols):
        want[years[k]] += yen(r[c])
        for j, name in enumerate(["国庫支出金", "都道府県支出金", "地方債", "その他特定財源", "一般財源"]):
            cells[(code, years[k], name)] = yen(r[c - 5 + j])
got = {y: 0 for y in years}
with open(sys.argv[2] + "/costs.csv", encoding="utf-8-sig") as f:
    for row in csv.DictReader(f):
        y = int(row["年度"])
        got[y] += int(row["事業費（円）"])
        for name in ["国庫支出金", "都道府県支出金", "地方債", "その他特定財源", "一般財源"]:
            assert int(row[name + "（円）"]) == cells[(row["事業コード"], y, name)], (row, name)
assert got == want, (got, want)
print("totals per year:", want)
PY

# ---- the same data as hyoka's three long tables normalizes to the same tables ----
mkdir "$TMP/same" "$TMP/long"
/usr/bin/python3 "$SRC/tests/fixtures/wide/make_wide.py" "$TMP/same/city.xlsx" --projects 48 --no-mistake >/dev/null
cp "$TMP/city/hyoka.conf" "$TMP/same/"
"$HYOKA" normalize "$TMP/same" -o "$TMP/norm-wide" --templates "$TMP/templates" 2>"$TMP/same.err" \
    || fail "normalize of the wide sheet without the mistake: $(cat "$TMP/same.err")"
# the long tables, written from what the wide sheet gave: amounts in 円 (as the
# headers say), one row per cost line and per indicator, each year in its header
/usr/bin/python3 - "$TMP/norm-wide" "$TMP/long" <<'PY' || fail "writing the long tables failed"
import csv, sys
src, dst = sys.argv[1], sys.argv[2]
def rows(name):
    with open(f"{src}/{name}", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))
def era(y):
    return "R%d" % (y - 2018)
projects, choices = rows("projects.csv"), rows("choices.csv")
fields = [h for h in csv.reader(open(f"{src}/projects.csv", encoding="utf-8-sig")).__next__()
          if h not in ("事業コード", "事業名", "評価年度", "評価年度（和暦）", "部", "課", "新規")]
items = list(dict.fromkeys(c["項目"] for c in choices))
with open(f"{dst}/projects.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["事業コード", "事業名", "評価年度", "部", "課"] + fields + items + [i + "の理由" for i in items])
    for p in projects:
        mine = {c["項目"]: c for c in choices if c["事業コード"] == p["事業コード"]}
        w.writerow([p["事業コード"], p["事業名"], p["評価年度（和暦）"], p["部"], p["課"]] +
                   [p[h] for h in fields] + [mine[i]["選択肢"] for i in items] +
                   [mine[i]["理由"] for i in items])
money = ["事業費", "国庫支出金", "都道府県支出金", "地方債", "その他特定財源", "一般財源"]
with open(f"{dst}/costs.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["事業コード", "年度", "区分"] + [m + "(円)" for m in money] +
               ["正規職員従事人数", "延べ業務時間", "人件費(円)", "トータルコスト(円)"])
    for c in rows("costs.csv"):
        w.writerow([c["事業コード"], c["年度"], c["区分"]] + [c[m + "（円）"] for m in money] +
                   [c["正規職員数"], c["延べ業務時間"], c["人件費（入力）（円）"], c["トータルコスト（入力）（円）"]])
inds = {}
for v in rows("indicators.csv"):
    inds.setdefault((v["事業コード"], v["指標番号"]), []).append(v)
years = sorted({int(v["年度"]) for vs in inds.values() for v in vs})
heads = [(era(y) + ("計画値" if y == max(years) else "実績値"), y) for y in years]
with open(f"{dst}/indicators.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["事業コード", "指標区分", "指標名", "単位"] + [h for h, _ in heads])
    for (code, _), vs in inds.items():
        by = {int(v["年度"]): v["値"] for v in vs}
        w.writerow([code, vs[0]["指標区分"], vs[0]["指標名"], vs[0]["単位"]] + [by.get(y, "") for _, y in heads])
PY
printf 'profile = widecity\n' >"$TMP/long/hyoka.conf"
"$HYOKA" normalize "$TMP/long" -o "$TMP/norm-long" --templates "$TMP/templates" 2>"$TMP/long.err" \
    || fail "normalize of the long tables: $(cat "$TMP/long.err")"
for t in projects costs indicators choices; do
    cmp -s "$TMP/norm-wide/$t.csv" "$TMP/norm-long/$t.csv" \
        || { fail "$t.csv of the long tables differs from the wide sheet's"; diff "$TMP/norm-wide/$t.csv" "$TMP/norm-long/$t.csv" | head -6; }
done

# ---- without block_years: one message naming the key and the blocks ----
mkdir "$TMP/nokey" && cp "$W" "$TMP/nokey/" && printf 'profile = widecity\n' >"$TMP/nokey/hyoka.conf"
"$HYOKA" check "$TMP/nokey" --templates "$TMP/templates" 2>"$TMP/nokey.err"
rc=$?
[ $rc -eq 1 ] || fail "no block_years should exit 1, got $rc"
expect_line "$TMP/nokey.err" "$TMP/nokey/city.xlsx[事業一覧]!AN2: error: 6 blocks of columns repeat with no fiscal year in their headers (the first starts at column AN): give their years in column order in hyoka.conf as block_years = ..., one per block (for example block_years = R2 R3 R4 R5 R6 R7)" "no block_years"
[ "$(grep -c 'blocks of columns repeat' "$TMP/nokey.err")" -eq 1 ] || fail "one message about the blocks expected: $(cat "$TMP/nokey.err")"
printf 'profile = widecity\nblock_years = R3 R4 R5 R6 R7\n' >"$TMP/nokey/hyoka.conf"
"$HYOKA" check "$TMP/nokey" --templates "$TMP/templates" 2>"$TMP/count.err"
expect_line "$TMP/count.err" "$TMP/nokey/city.xlsx[事業一覧]!AN2: error: block_years in $TMP/nokey/hyoka.conf names 5 fiscal years, but 6 blocks of columns repeat here (the first starts at column AN)" "wrong count"
printf 'profile = widecity\nblock_years = R2 R3 R4 R5 R6 R7決算見込\n' >"$TMP/nokey/hyoka.conf"
"$HYOKA" normalize "$TMP/nokey" -o "$TMP/stage" --templates "$TMP/templates" 2>/dev/null
expect_in "$TMP/stage/costs.csv" "0001,2025,令和7年度,決算見込," "a stage named in block_years"
printf 'profile = widecity\nblock_years = R2 R3 X4 R5 R6 R7\n' >"$TMP/nokey/hyoka.conf"
"$HYOKA" check "$TMP/nokey" --templates "$TMP/templates" 2>"$TMP/bad.err"
expect_line "$TMP/bad.err" "$TMP/nokey/hyoka.conf: error: block_years: \"X4\" is not a fiscal year; write the years of the column blocks in column order, such as block_years = R2 R3 R4 R5 R6 R7当初予算" "bad block_years"

# ---- build: nothing without -k, every valid project with it ----
"$HYOKA" build "$TMP/city" -o "$TMP/strict" --templates "$TMP/templates" -q 2>"$TMP/strict.err"
rc=$?
[ $rc -eq 1 ] || fail "build without -k should exit 1, got $rc"
[ -d "$TMP/strict/sheets" ] && fail "build without -k rendered sheets"
"$HYOKA" build "$TMP/city" -o "$TMP/out" -k --templates "$TMP/templates" 2>"$TMP/build.err"
rc=$?
[ $rc -eq 1 ] || fail "build -k with an error should exit 1, got $rc: $(cat "$TMP/build.err")"
n=$(ls "$TMP/out/sheets/"*.pdf 2>/dev/null | wc -l)
[ "$n" -eq 47 ] || fail "build -k should render 47 sheets, got $n"
[ -e "$TMP/out/sheets/0017.pdf" ] && fail "the rejected project was rendered"
[ -e "$TMP/out/summary.xlsx" ] || fail "no summary.xlsx"
expect_line "$TMP/build.err" "hyoka: left out: 0017 ($W[事業一覧]:19)" "left-out list"
expect_line "$TMP/build.err" "hyoka: 1 error in the data; projects left out: 1, sheets written: 47 to $TMP/out; every problem is in $TMP/out/validation.csv" "keep-going summary"
expect_in "$TMP/out/validation.csv" "error,city.xlsx,事業一覧,19,83," "validation.csv of -k"
pdftotext -layout "$TMP/out/sheets/0005.pdf" "$TMP/0005.txt"
expect_in "$TMP/0005.txt" "事務事業0005" "the sheet's project"
expect_in "$TMP/0005.txt" "■終了・廃止・休止" "the direction's box"

# ---- no profile at all: hyoka.conf holds only block_years, the standard form reads it ----
mkdir "$TMP/std"
cp "$W" "$TMP/std/city.xlsx"
printf 'block_years = R2 R3 R4 R5 R6 R7\n' >"$TMP/std/hyoka.conf"
"$HYOKA" build "$TMP/std" -o "$TMP/std-out" -k -q 2>"$TMP/std.err"
rc=$?
[ $rc -eq 1 ] || fail "standard form, build -k with an error should exit 1, got $rc: $(cat "$TMP/std.err")"
n=$(ls "$TMP/std-out/sheets/"*.pdf 2>/dev/null | wc -l)
[ "$n" -eq 47 ] || fail "standard form: build -k should render 47 sheets, got $n"
expect_in "$TMP/std.err" "$TMP/std/city.xlsx[事業一覧]!CE19: error: funding sources add up to 34,157, but 事業費 is 34,167" "standard form: the mistake at its Excel cell"
pdftotext "$TMP/std-out/sheets/0001.pdf" "$TMP/std-0001.txt"
# a (choice, reason) pair: the reason is the column after the item, whatever its header asks
grep -A6 -F "① 政策体系との整合性" "$TMP/std-0001.txt" | grep -qF "（理由）政策体系との整合性の理由1" \
    || fail "standard form: ①'s reason not beside it: $(grep -A3 -F "①" "$TMP/std-0001.txt")"
grep -qF "類似事業と統合できるか" "$TMP/std-0001.txt" \
    && fail "standard form: a reason column's header printed among the other fields"
expect_in "$TMP/std-0001.txt" "■改革改善（縮小・統合含む）" "standard form: the numbered direction"

# ---- a projects table of its own: the column after an item is no reason of it ----
mkdir "$TMP/own-table"
printf '事業コード,事業名,評価年度,今後の方向性,備考\nL1,甲事業,R6,１　現状維持,R5から継続\nL2,乙事業,R6,２　縮小,国の補助が終了\nL3,丙事業,R6,１　現状維持,なし\nL4,丁事業,R6,２　縮小,統合を検討\n' >"$TMP/own-table/projects.csv"
printf '事業コード,年度,区分,事業費,一般財源\nL1,R6,決算,100,100\nL2,R6,決算,200,200\nL3,R6,決算,300,300\nL4,R6,決算,400,400\n' >"$TMP/own-table/costs.csv"
"$HYOKA" build "$TMP/own-table" -o "$TMP/own-table-out" -q --outputs sheets 2>"$TMP/own-table.err" \
    || fail "long table with the standard form: $(cat "$TMP/own-table.err")"
pdftotext "$TMP/own-table-out/sheets/L2.pdf" "$TMP/own-table-L2.txt"
grep -qF "（理由）国の補助が終了" "$TMP/own-table-L2.txt" && fail "備考 read as the reason of 今後の方向性"
expect_in "$TMP/own-table-L2.txt" "国の補助が終了" "備考 among the other fields"

# ---- the city's own 人件費 and トータルコスト are checked against hyoka's ----
mkdir "$TMP/own"
printf 'profile = nemuro\n' >"$TMP/own/hyoka.conf"
printf '事業コード,事業名,評価年度\nA1,甲事業,R6\n' >"$TMP/own/projects.csv"
printf '事業コード,年度,区分,事業費,一般財源,人工,人件費,トータルコスト\nA1,R6,決算,1000,1000,1.00,7000,8000\n' >"$TMP/own/costs.csv"
"$HYOKA" check "$TMP/own" 2>"$TMP/own.err"
expect_line "$TMP/own.err" "$TMP/own/costs.csv!G2: warning: project A1, 2024: 人件費 is 7,000千円 in the data, but 人工 x staff_unit_cost gives 7,262千円" "人件費 cross-check"
expect_line "$TMP/own.err" "$TMP/own/costs.csv!H2: warning: project A1, 2024: トータルコスト is 8,000千円 in the data, but 事業費 + 職員費 gives 8,262千円" "トータルコスト cross-check"
# the profile may find staff cost from hours, and print the city's own figure
cp -r "$SRC/templates/nemuro" "$TMP/templates/hours"
sed -i '1i staff_cost = hours\nhourly_rate = 4千円' "$TMP/templates/hours/profile.conf"
printf 'profile = hours\n' >"$TMP/own/hyoka.conf"
printf '事業コード,年度,区分,事業費,一般財源,延べ業務時間,人件費,トータルコスト\nA1,R6,決算,1000,1000,1750,7000,8000\n' >"$TMP/own/costs.csv"
"$HYOKA" normalize "$TMP/own" -o "$TMP/own-out" --templates "$TMP/templates" 2>"$TMP/hours.err"
rc=$?
[ $rc -eq 0 ] || fail "hours x rate agreeing with the city's figure: exit $rc, $(cat "$TMP/hours.err")"
grep -q ": warning:" "$TMP/hours.err" && fail "no warning expected: $(cat "$TMP/hours.err")"
expect_in "$TMP/own-out/costs.csv" ",7000000,7000,8000000,8000,,1750,7000000,7000,8000000,8000" "hours x rate"

# ---- normalize never writes inside its input ----
"$HYOKA" normalize "$TMP/city" -o "$TMP/city/out" --templates "$TMP/templates" 2>"$TMP/inside.err"
rc=$?
[ $rc -eq 2 ] || fail "normalize -o INPUT/out should exit 2, got $rc"
expect_line "$TMP/inside.err" "hyoka: normalize: the output folder $TMP/city/out is inside the input folder $TMP/city; its tables would be read as input next time: write them elsewhere" "-o inside INPUT"
[ -e "$TMP/city/out" ] && fail "normalize wrote inside its input"
"$HYOKA" normalize "$TMP/city" -o "$TMP/city" --templates "$TMP/templates" 2>/dev/null
[ $? -eq 2 ] || fail "normalize -o INPUT should exit 2"

[ $failures -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "wide_workbook: all checks passed"
