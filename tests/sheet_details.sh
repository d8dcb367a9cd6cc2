#!/bin/bash
# Details of the city sheets that a reader of the published form checks (issue 14, item 3),
# each on a copy of a sample data set changed just enough to show it:
#   Nemuro: 維持管理 合計／年 = 施設維持費 + 概算人件費, computed, not left blank.
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
head = rows[0] + ["管理主体", "運営方法", "施設維持費", "概算人件費"]
out = [head]
for r in rows[1:]:
    out.append(r + (["根室市", "直営", "1,200", "3,631"] if r[0] == "13035" else ["", "", "", ""]))
buf = io.StringIO()
csv.writer(buf, lineterminator="\r\n").writerows(out)
open(path, "w", encoding="cp932", newline="").write(buf.getvalue())
PY
"$HYOKA" build "$TMP/nemuro" -o "$TMP/nemuro-out" -q 2>"$TMP/nemuro.err" || fail "Nemuro build: $(cat "$TMP/nemuro.err")"
flat "$TMP/nemuro-out/sheets/13035.pdf" > "$TMP/13035.txt"
grep -qE '維持管理費 施設維持費 1,200 概算人件費 3,631 合計／年 4,831$' "$TMP/13035.txt" \
    || fail "13035: no 維持管理 line with 合計／年 4,831: $(grep 施設維持費 "$TMP/13035.txt")"
flat "$TMP/nemuro-out/sheets/13041.pdf" > "$TMP/13041.txt"
grep -qE '維持管理費 施設維持費 概算人件費 合計／年$' "$TMP/13041.txt" \
    || fail "13041 (no 維持管理 given): 合計／年 should stay blank: $(grep 施設維持費 "$TMP/13041.txt")"

[ $failures -eq 0 ] && echo "sheet_details: all checks passed"
[ $failures -eq 0 ]
