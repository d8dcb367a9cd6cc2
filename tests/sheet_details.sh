#!/bin/bash
# Details of the city sheets that a reader of the published form checks (issue 14, item 3),
# each on a copy of a sample data set changed just enough to show it:
#   Nemuro: 維持管理 合計／年 = 施設維持費 + 概算人件費, computed, not left blank;
#           section 7's ア row (主管課の考え方) prints the data's text, before イ.
#   Asahikawa: the SDGs line from the data (area and goals), absent when it has none.
#   Saitama: 割合 as the profile formats it, 100% for a whole share and 0.0% otherwise;
#            the 達成度 grades (B, B+) in the workbook.
#   check: a date column holding 平成22年13月40日 is an error at its cell (normalize reads it).
#   usage: sheet_details.sh PATH/TO/hyoka
set -u
HYOKA=${1:?usage: sheet_details.sh HYOKA}
SRC=${HYOKA_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hyoka-details.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1719792000
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
flat() { pdftotext -layout "$1" - | sed 's/  */ /g; s/^ //; s/ $//'; }

# ---- Nemuro: 維持管理 of 13035 given (1,200 and 3,631 千円): 合計／年 4,831 ----
cp -r "$SRC/input" "$TMP/nemuro"
/usr/bin/python3 - "$TMP/nemuro/projects.csv" <<'PY'
import csv, io, sys
path = sys.argv[1]
rows = list(csv.reader(io.StringIO(open(path, encoding="cp932", newline="").read())))
head = rows[0] + ["管理主体", "運営方法", "施設維持費", "概算人件費", "主管課の考え方"]
out = [head]
for r in rows[1:]:
    out.append(r + (["根室市", "直営", "1,200", "3,631", "会場を継続して確保し、招待者数を維持する。"]
                    if r[0] == "13035" else ["", "", "", "", ""]))
buf = io.StringIO()
csv.writer(buf, lineterminator="\r\n").writerows(out)
open(path, "w", encoding="cp932", newline="").write(buf.getvalue())
PY
"$HYOKA" build "$TMP/nemuro" -o "$TMP/nemuro-out" -q 2>"$TMP/nemuro.err" || fail "Nemuro build: $(cat "$TMP/nemuro.err")"
flat "$TMP/nemuro-out/sheets/13035.pdf" > "$TMP/13035.txt"
grep -qE '維持管理費 施設維持費 1,200 概算人件費 3,631 合計／年 4,831$' "$TMP/13035.txt" \
    || fail "13035: no 維持管理 line with 合計／年 4,831: $(grep 施設維持費 "$TMP/13035.txt")"
# section 7: ア with the section's text, then イ with its options, in that order
raw7() { pdftotext -raw "$1" - | tr -d ' \n' | sed 's/.*７今後の事業の進め方//'; }
raw7 "$TMP/nemuro-out/sheets/13035.pdf" |
    grep -qF "ア．主管課の考え方会場を継続して確保し、招待者数を維持する。イ．アを踏まえ、担当部局の方針■計画どおり着手が適当" \
    || fail "13035: section 7 does not read ア (主管課の考え方, its text) then イ: $(raw7 "$TMP/nemuro-out/sheets/13035.pdf")"
raw7 "$TMP/nemuro-out/sheets/13041.pdf" | grep -qF "ア．主管課の考え方イ．アを踏まえ" \
    || fail "13041 (no 主管課の考え方 given): the ア row should be there and empty: $(raw7 "$TMP/nemuro-out/sheets/13041.pdf")"
flat "$TMP/nemuro-out/sheets/13041.pdf" > "$TMP/13041.txt"
grep -qE '維持管理費 施設維持費 概算人件費 合計／年$' "$TMP/13041.txt" \
    || fail "13041 (no 維持管理 given): 合計／年 should stay blank: $(grep 施設維持費 "$TMP/13041.txt")"

# ---- Asahikawa: the SDGs line is the data's (its area and goals), absent without them ----
raw() { pdftotext -raw "$1" - | tr -d ' \n'; }
"$HYOKA" build "$SRC/input/asahikawa" -o "$TMP/asa" -q 2>"$TMP/asa.err" || fail "Asahikawa build: $(cat "$TMP/asa.err")"
raw "$TMP/asa/sheets/05_03_02.pdf" | grep -qF "※環境共生の取組に関連するSDGs1-17の目標11,12,13" \
    || fail "05 03 02: no SDGs line with its own area and goals"
raw "$TMP/asa/sheets/12_11_01.pdf" | grep -qF "※広域連携の取組に関連するSDGs1-17の目標17" \
    || fail "12 11 01: no SDGs line as seed 002 prints it"
cp -r "$SRC/input/asahikawa" "$TMP/asa-in"
/usr/bin/python3 - "$TMP/asa-in/projects.csv" <<'PY'
import csv, io, sys
path = sys.argv[1]
rows = list(csv.reader(io.StringIO(open(path, encoding="cp932", newline="").read())))
i = rows[0].index("SDGs")
for r in rows[1:]:
    if r[0] == "12 11 01":
        r[i] = ""
buf = io.StringIO()
csv.writer(buf, lineterminator="\r\n").writerows(rows)
open(path, "w", encoding="cp932", newline="").write(buf.getvalue())
PY
"$HYOKA" build "$TMP/asa-in" -o "$TMP/asa2" -q 2>"$TMP/asa2.err" || fail "Asahikawa build: $(cat "$TMP/asa2.err")"
raw "$TMP/asa2/sheets/12_11_01.pdf" | grep -qF "SDGs1-17" && fail "12 11 01 without SDGs still prints the SDGs line"
raw "$TMP/asa2/sheets/12_11_01.pdf" | grep -qF "広域連携によるまちづくり" || fail "12 11 01: the vision above the SDGs line went too"

# ---- Saitama: 割合 as the profile says (share_whole = short): 100% whole, 0.0% else ----
"$HYOKA" build "$SRC/input/saitama" -o "$TMP/sai" -q 2>"$TMP/sai.err" || fail "Saitama build: $(cat "$TMP/sai.err")"
flat "$TMP/sai/sheets/8101.pdf" > "$TMP/8101.txt"
for line in "一般財源 2,131,000 100% 1,728,120 100%" "国・県支出金 0 0.0% 0 0.0%" "地方債 0 0.0% 0 0.0%"; do
    grep -qxF "$line" "$TMP/8101.txt" || fail "8101: no line \"$line\": $(grep -F "${line%% *}" "$TMP/8101.txt" | head -2)"
done
# ... and the 達成度 grades (B, B+) reach the workbook: the project's and each indicator's
/usr/bin/python3 - "$TMP/sai/summary.xlsx" <<'PY' || fail "the workbook lacks the 達成度 grades"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
def rows(name):
    ws = wb[name]
    head = [c.value for c in ws[1]]
    return head, list(ws.iter_rows(min_row=2, values_only=True))
head, projects = rows("事業一覧")
grade = {r[0]: r[head.index("達成度")] for r in projects}
assert grade == {"8101": "B", "8203": "B", "8305": "A"}, grade
head, inds = rows("指標")
g = {r[head.index("指標名")]: r[head.index("達成度")] for r in inds}
assert g["企業と連携した取組数"] == "B+", g
assert g["窓口の平均待ち時間"] == "A", g
assert head.index("達成度") == head.index("進捗") + 1, head
PY

# ---- normalize reads date columns (columns.conf created:date): check reports an impossible one ----
cp -r "$SRC/input" "$TMP/baddate"
/usr/bin/python3 - "$TMP/baddate/projects.csv" <<'PY'
import csv, io, sys
path = sys.argv[1]
rows = list(csv.reader(io.StringIO(open(path, encoding="cp932", newline="").read())))
i = rows[0].index("作成年月")
for r in rows[1:]:
    if r[0] == "13041":
        r[i] = "平成22年13月40日"
buf = io.StringIO()
csv.writer(buf, lineterminator="\r\n").writerows(rows)
open(path, "w", encoding="cp932", newline="").write(buf.getvalue())
PY
"$HYOKA" check "$TMP/baddate" >"$TMP/check.out" 2>&1
rc=$?
[ $rc -eq 1 ] || fail "check of an impossible 作成年月 exited $rc, expected 1"
grep -qF "$TMP/baddate/projects.csv!E3: error: 作成年月: a month runs from 1 to 12, got \"平成22年13月40日\"" "$TMP/check.out" \
    || fail "check does not report the impossible date at its cell: $(head -3 "$TMP/check.out")"

[ $failures -eq 0 ] && echo "sheet_details: all checks passed"
[ $failures -eq 0 ]
