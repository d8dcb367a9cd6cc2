#!/bin/bash
# A form that allows no continuation page (`repeat ... max=N`) makes data that
# outgrows it an error of the project (issue 15, part 5), never a sheet cut short:
#   Asahikawa's sheet holds 5 施策のアウトカム rows (sheet.tpl:127) and 4
#   総合戦略数値目標 rows (sheet.tpl:219). With 7 and 5 of them:
#   build fails with exit 1, names each project, its row, the counts and the
#   template line, and leaves OUT as the last good build published it;
#   build -k publishes the other projects' sheets and not these, the errors in
#   validation.csv and the workbook's 検証結果 sheet; check reports them too.
#   Exactly 5 施策のアウトカム fit: all five are printed, no error.
#   usage: form_capacity.sh PATH/TO/hyoka
set -u
HYOKA=${1:?usage: form_capacity.sh HYOKA}
SRC=${HYOKA_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hyoka-capacity.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1719792000
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
raw() { pdftotext -raw "$1" - | tr -d ' \n'; }

# A copy of the Asahikawa sample with more indicators: add CODE KIND N appends
# N indicators of that 指標区分 to the project, named 追加の指標1..N.
add() {
    /usr/bin/python3 - "$1/indicators.csv" "$2" "$3" "$4" <<'PY'
import csv, io, sys
path, code, kind, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
rows = list(csv.reader(io.StringIO(open(path, encoding="cp932", newline="").read())))
for k in range(n):
    rows.append([code, kind, f"追加の指標{k + 1}", "件", "1", "", "2", "3", "4", "R5"])
buf = io.StringIO()
csv.writer(buf, lineterminator="\r\n").writerows(rows)
open(path, "w", encoding="cp932", newline="").write(buf.getvalue())
PY
}
count() {   # how many indicators of KIND the project has in a data folder
    /usr/bin/python3 - "$1/indicators.csv" "$2" "$3" <<'PY'
import csv, io, sys
rows = csv.reader(io.StringIO(open(sys.argv[1], encoding="cp932", newline="").read()))
print(sum(1 for r in rows if r[:2] == [sys.argv[2], sys.argv[3]]))
PY
}

cp -r "$SRC/input/asahikawa" "$TMP/over"
add "$TMP/over" "07 02 04" 施策のアウトカム 6
add "$TMP/over" "12 11 01" 総合戦略数値目標 5
[ "$(count "$TMP/over" "07 02 04" 施策のアウトカム)" = 7 ] || fail "fixture: 07 02 04 should have 7 施策のアウトカム"
[ "$(count "$TMP/over" "12 11 01" 総合戦略数値目標)" = 5 ] || fail "fixture: 12 11 01 should have 5 総合戦略数値目標"
MSG1="$TMP/over/projects.csv:4: error: project 07 02 04: 7 施策のアウトカム indicators, but the form has room for 5 and no continuation page for them: 2 would be lost ($SRC/templates/asahikawa/sheet.tpl:127)"
MSG2="$TMP/over/projects.csv:2: error: project 12 11 01: 5 総合戦略数値目標 indicators, but the form has room for 4 and no continuation page for them: 1 would be lost ($SRC/templates/asahikawa/sheet.tpl:219)"

# ---- without -k: exit 1, both errors, OUT as the good build left it ----
"$HYOKA" build "$SRC/input/asahikawa" -o "$TMP/out" -q 2>"$TMP/good.err" \
    || fail "the sample build: $(cat "$TMP/good.err")"
cp -r "$TMP/out" "$TMP/out.before"
"$HYOKA" --lang en --templates "$SRC/templates" build "$TMP/over" -o "$TMP/out" -q 2>"$TMP/over.err"
rc=$?
[ $rc -eq 1 ] || fail "build of a project the form cannot hold exited $rc, expected 1"
grep -qxF "$MSG1" "$TMP/over.err" || fail "no error for 07 02 04's 7 施策のアウトカム: $(cat "$TMP/over.err")"
grep -qxF "$MSG2" "$TMP/over.err" || fail "no error for 12 11 01's 5 総合戦略数値目標: $(cat "$TMP/over.err")"
grep -qF "hyoka: 2 errors in the data: nothing was rendered" "$TMP/over.err" \
    || fail "the build should say nothing was rendered: $(tail -1 "$TMP/over.err")"
for f in sheets/05_03_02.pdf sheets/07_02_04.pdf sheets/12_11_01.pdf summary.xlsx book.pdf; do
    cmp -s "$TMP/out.before/$f" "$TMP/out/$f" || fail "OUT/$f changed by the failed build"
done
# validation.csv is the one file a failed build writes: it says why
grep -qF '"project 07 02 04: 7 施策のアウトカム indicators' "$TMP/out/validation.csv" \
    || fail "OUT/validation.csv lacks the error: $(cat "$TMP/out/validation.csv")"

# ---- the message in Japanese ----
"$HYOKA" --lang ja --templates "$SRC/templates" build "$TMP/over" -o "$TMP/ja" -q 2>"$TMP/ja.err"
grep -qF "事業 07 02 04: 施策のアウトカム が 7 件ありますが、様式の欄は 5 件分で、続きのページもありません。2 件が載りません（$SRC/templates/asahikawa/sheet.tpl:127）" "$TMP/ja.err" \
    || fail "no Japanese error: $(cat "$TMP/ja.err")"

# ---- -k: the other project is published, these two are left out ----
"$HYOKA" --lang en --templates "$SRC/templates" build "$TMP/over" -o "$TMP/k" -k -q 2>"$TMP/k.err"
rc=$?
[ $rc -eq 1 ] || fail "build -k with projects left out exited $rc, expected 1"
[ -s "$TMP/k/sheets/05_03_02.pdf" ] || fail "-k: 05 03 02 (no error) was not published"
[ -e "$TMP/k/sheets/07_02_04.pdf" ] && fail "-k: 07 02 04 was published cut short"
[ -e "$TMP/k/sheets/12_11_01.pdf" ] && fail "-k: 12 11 01 was published cut short"
grep -qxF "hyoka: left out: 07 02 04 ($TMP/over/projects.csv:4)" "$TMP/k.err" \
    || fail "-k does not say 07 02 04 is left out: $(cat "$TMP/k.err")"
grep -qF "projects left out: 2, sheets written: 1" "$TMP/k.err" || fail "-k summary: $(tail -1 "$TMP/k.err")"
grep -qxF "error,projects.csv,,4,,\"project 07 02 04: 7 施策のアウトカム indicators, but the form has room for 5 and no continuation page for them: 2 would be lost ($SRC/templates/asahikawa/sheet.tpl:127)\"" \
    "$TMP/k/validation.csv" || fail "-k: validation.csv lacks 07 02 04's row: $(cat "$TMP/k/validation.csv")"
grep -qF 'error,projects.csv,,2,,"project 12 11 01: 5 総合戦略数値目標 indicators, but the form has room for 4' \
    "$TMP/k/validation.csv" || fail "-k: validation.csv lacks 12 11 01's row"
/usr/bin/python3 - "$TMP/k/summary.xlsx" <<'PY' || fail "-k: the workbook's 検証結果 sheet (above)"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
rows = [r for r in wb["検証結果"].iter_rows(values_only=True)]
hit = [r for r in rows if any(isinstance(c, str) and "project 07 02 04: 7 施策のアウトカム" in c for c in r)]
assert len(hit) == 1 and hit[0][1] == "projects.csv" and hit[0][3] == 4, rows
codes = [r[0] for r in wb["事業一覧"].iter_rows(values_only=True)]
assert "05 03 02" in codes and "07 02 04" not in codes and "12 11 01" not in codes, codes
PY

# ---- check reports the same errors ----
"$HYOKA" --lang en --templates "$SRC/templates" check "$TMP/over" >"$TMP/check.out" 2>&1
rc=$?
[ $rc -eq 1 ] || fail "check of a project the form cannot hold exited $rc, expected 1"
grep -qxF "$MSG1" "$TMP/check.out" || fail "check: no error for 07 02 04: $(cat "$TMP/check.out")"
grep -qxF "$MSG2" "$TMP/check.out" || fail "check: no error for 12 11 01"
grep -qF "has room for 5; the first" "$TMP/check.out" && fail "check also warns from the layout"

# ---- exactly as many as the form holds: printed, all of them ----
cp -r "$SRC/input/asahikawa" "$TMP/full"
add "$TMP/full" "07 02 04" 施策のアウトカム 4
add "$TMP/full" "12 11 01" 総合戦略数値目標 4
"$HYOKA" --lang en --templates "$SRC/templates" build "$TMP/full" -o "$TMP/full-out" 2>"$TMP/full.err" \
    || fail "5 施策のアウトカム and 4 総合戦略数値目標 should fit: $(cat "$TMP/full.err")"
grep -qF "room for" "$TMP/full.err" && fail "a form that holds them all complains: $(cat "$TMP/full.err")"
t=$(raw "$TMP/full-out/sheets/07_02_04.pdf")
for k in 1 2 3 4; do
    grep -qF "追加の指標$k" <<<"$t" || fail "07 02 04: 追加の指標$k is not printed"
done
grep -qF "子育て応援アプリ登録者数" <<<"$t" || fail "07 02 04: its own 施策のアウトカム is not printed"
t=$(raw "$TMP/full-out/sheets/12_11_01.pdf")
for k in 1 2 3 4; do
    grep -qF "追加の指標$k" <<<"$t" || fail "12 11 01: 追加の指標$k is not printed"
done

[ $failures -eq 0 ] && echo "form_capacity: all checks passed"
[ $failures -eq 0 ]
