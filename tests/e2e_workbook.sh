#!/bin/bash
# The summary workbook as the planning section meets it: LibreOffice opens and
# prints it headless without complaint, and the printed 事業一覧 is A4 landscape
# with its header row on every page. A data set of 140 projects (the sample's
# 14, ten times over with new codes) makes 事業一覧 run over several pages.
#   usage: e2e_workbook.sh PATH/TO/hyoka
set -u
HYOKA=${1:?usage: e2e_workbook.sh HYOKA}
SRC=${HYOKA_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hyoka-wb.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1719792000
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

mkdir -p "$TMP/in"
cp "$SRC/input/hyoka.conf" "$TMP/in/"
/usr/bin/python3 - "$SRC/input" "$TMP/in" <<'PY'
import csv, io, sys
src, dst = sys.argv[1], sys.argv[2]
for name in ("projects.csv", "costs.csv", "indicators.csv"):
    rows = list(csv.reader(io.StringIO(open(f"{src}/{name}", encoding="cp932", newline="").read())))
    out = [rows[0]]
    for k in range(10):
        for r in rows[1:]:
            r = list(r)
            r[0] = f"{r[0]}{k:02d}"
            out.append(r)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(out)
    open(f"{dst}/{name}", "wb").write(buf.getvalue().encode("cp932"))
PY
"$HYOKA" build "$TMP/in" -o "$TMP/out" -q 2>"$TMP/build.err" || { fail "build failed"; cat "$TMP/build.err"; }

cd "$TMP/out" || exit 1
soffice -env:UserInstallation="file://$TMP/profile" --headless --convert-to pdf summary.xlsx \
    >"$TMP/soffice.out" 2>&1
rc=$?
[ $rc -eq 0 ] || fail "soffice exited $rc: $(cat "$TMP/soffice.out")"
[ -s summary.pdf ] || { fail "LibreOffice wrote no PDF: $(cat "$TMP/soffice.out")"; exit 1; }
grep -qi "error" "$TMP/soffice.out" && fail "LibreOffice reported an error: $(cat "$TMP/soffice.out")"

pages=$(pdfinfo summary.pdf | awk '/^Pages:/ {print $2}')
listing=0
for p in $(seq 1 "$pages"); do
    pdftotext -f "$p" -l "$p" -layout summary.pdf "$TMP/page.txt"
    grep -q "根室市 事業一覧" "$TMP/page.txt" || continue     # a page of 事業一覧 (its page header)
    listing=$((listing + 1))
    size=$(pdfinfo -f "$p" -l "$p" summary.pdf | awk '/^Page.*size:/ {print $4, $6}')
    [ "$size" = "841.89 595.304" ] || fail "page $p of 事業一覧 is $size pt, not A4 landscape"
    grep -qE "事業コード +事業名 +政策" "$TMP/page.txt" || fail "page $p of 事業一覧 lacks the header row"
    grep -q "令和6年度" "$TMP/page.txt" || fail "page $p lacks the fiscal year in its page header"
done
[ "$listing" -ge 2 ] || fail "事業一覧 should print on several pages, printed on $listing"

if [ $failures -gt 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "e2e_workbook: all checks passed ($listing pages of 事業一覧)"
