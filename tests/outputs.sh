#!/bin/bash
# The outputs of `hyoka build` are a table: --outputs LIST writes only those
# named (in any order), an unknown name is a usage error naming the known ones,
# and without the option every output the data supports is written.
#   usage: outputs.sh PATH/TO/hyoka
set -u
HYOKA=${1:?usage: outputs.sh HYOKA}
SRC=${HYOKA_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hyoka-outputs.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1719792000
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
# the entries of a folder, one line, sorted
entries() { (cd "$1" && ls -A | LC_ALL=C sort | tr '\n' ' '); }

# ---- the default: everything the sample supports ----
"$HYOKA" build "$SRC/input" -o "$TMP/all" -q -j 2 2>"$TMP/all.err" || fail "default build: $(cat "$TMP/all.err")"
[ "$(entries "$TMP/all")" = "book.pdf kpi-report.pdf measures public sheets summary.xlsx validation.csv " ] \
    || fail "default outputs: $(entries "$TMP/all")"
[ "$(ls "$TMP/all/sheets" | wc -l)" -eq 14 ] || fail "default: $(ls "$TMP/all/sheets" | wc -l) sheets, expected 14"

# ---- only the workbook: no sheet drawn, its tables still written ----
"$HYOKA" build "$SRC/input" -o "$TMP/wb" -q --outputs workbook 2>"$TMP/wb.err" || fail "workbook only: $(cat "$TMP/wb.err")"
[ "$(entries "$TMP/wb")" = "summary.xlsx " ] || fail "--outputs workbook wrote: $(entries "$TMP/wb")"
/usr/bin/python3 - "$TMP/wb/summary.xlsx" "$TMP/all/summary.xlsx" <<'PY' || fail "the workbook-only summary differs from the full run's"
import sys, openpyxl
def cells(p):
    wb = openpyxl.load_workbook(p)
    return {ws.title: [[c.value for c in r] for r in ws.iter_rows()] for ws in wb}
a, b = cells(sys.argv[1]), cells(sys.argv[2])
assert a == b, [t for t in a if a[t] != b.get(t)]
assert len(a["事業一覧"]) > 14
PY

# ---- two outputs, named in the other order ----
"$HYOKA" build "$SRC/input" -o "$TMP/two" -q --outputs validation,kpi-report 2>"$TMP/two.err" || fail "two outputs: $(cat "$TMP/two.err")"
[ "$(entries "$TMP/two")" = "kpi-report.pdf validation.csv " ] || fail "--outputs validation,kpi-report wrote: $(entries "$TMP/two")"
cmp -s "$TMP/two/kpi-report.pdf" "$TMP/all/kpi-report.pdf" || fail "kpi-report.pdf alone differs from the full run's"

# ---- the book alone: no sheet files, the same book ----
"$HYOKA" build "$SRC/input" -o "$TMP/book" -q --outputs book 2>"$TMP/book.err" || fail "book only: $(cat "$TMP/book.err")"
[ "$(entries "$TMP/book")" = "book.pdf " ] || fail "--outputs book wrote: $(entries "$TMP/book")"
cmp -s "$TMP/book/book.pdf" "$TMP/all/book.pdf" || fail "book.pdf alone differs from the full run's"

# ---- an unknown name: exit 2, nothing written ----
"$HYOKA" build "$SRC/input" -o "$TMP/bad" -q --outputs sheets,sheeets 2>"$TMP/bad.err"
rc=$?
[ $rc -eq 2 ] || fail "unknown output: exit $rc, expected 2"
grep -qF 'unknown output "sheeets"' "$TMP/bad.err" || fail "the message does not name the unknown output: $(cat "$TMP/bad.err")"
grep -qF 'sheets, kpi-report, book, workbook' "$TMP/bad.err" || fail "the message does not list the outputs: $(cat "$TMP/bad.err")"
[ ! -e "$TMP/bad" ] || fail "a usage error wrote $TMP/bad"

[ $failures -eq 0 ] && echo "outputs: all passed"
exit $((failures > 0))
