#!/bin/bash
# Hostile input folders end in clear one-line errors, never in a hang or raw bytes
# on the terminal: a named pipe called x.csv is skipped with a warning; a project
# code holding ESC or a bidi override is an error at its cell, printed with the
# character made visible (\x1B, \u202E); nothing is rendered. A kanji code names
# its sheet readably (sheets/根室13035.pdf), and a sheet left from an earlier run
# whose project is gone is removed.
#   usage: hostile_inputs.sh PATH/TO/hyoka
set -u
HYOKA=${1:?usage: hostile_inputs.sh HYOKA}
SRC=${HYOKA_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hyoka-hostile.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

mkdir "$TMP/in"
cp "$SRC"/input/*.csv "$SRC/input/hyoka.conf" "$TMP/in/"
# in UTF-8, where a U+202E is one (in CP932 its bytes would be two other characters)
iconv -f CP932 -t UTF-8 "$SRC/input/projects.csv" > "$TMP/in/projects.csv"
mkfifo "$TMP/in/x.csv"
# project 13035's code gets an ESC sequence, 13041's a right-to-left override
sed -i -e 's/^13035,/1\x1b[2J3035,/' -e "s/^13041,/13\xe2\x80\xae041,/" "$TMP/in/projects.csv"
grep -q $'\x1b\\[2J' "$TMP/in/projects.csv" || fail "the fixture was not edited"

timeout 60 "$HYOKA" check "$TMP/in" >"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc -eq 124 ] && fail "check hung on a named pipe"
[ $rc -eq 1 ] || fail "check exited $rc, expected 1 (data errors)"
grep -q $'\x1b' "$TMP/err" "$TMP/out" && fail "a raw ESC reached the terminal"
grep -q $'\xe2\x80\xae' "$TMP/err" "$TMP/out" && fail "a raw U+202E reached the terminal"
grep -qF "x.csv: warning: not a regular file (a named pipe); skipped" "$TMP/err" \
    || fail "no warning for the named pipe: $(cat "$TMP/err")"
grep -qE 'projects\.csv!A[0-9]+: error: control character U\+001B at byte 2 of the cell' "$TMP/err" \
    || fail "no error at the ESC's cell"
grep -qE 'projects\.csv!A[0-9]+: error: control character U\+202E at byte 3 of the cell' "$TMP/err" \
    || fail "no error at the override's cell"

# build refuses too, and renders nothing
timeout 120 "$HYOKA" build "$TMP/in" -o "$TMP/out-dir" -q >/dev/null 2>"$TMP/berr"
[ $? -eq 1 ] || fail "build did not refuse the data"
ls "$TMP/out-dir/sheets"/*.pdf >/dev/null 2>&1 && fail "sheets were rendered from data with errors"
grep -q $'\x1b' "$TMP/berr" && fail "build printed a raw ESC"

# ---- sheet file names: kanji codes stay readable; stale sheets go ----
mkdir "$TMP/kanji"
cp "$SRC/input/hyoka.conf" "$TMP/kanji/"
for f in "$SRC"/input/*.csv; do
    iconv -f CP932 -t UTF-8 "$f" | sed -e 's/^13035,/根室13035,/' > "$TMP/kanji/$(basename "$f")"
done
mkdir -p "$TMP/built/sheets"
: > "$TMP/built/sheets/gone.pdf"
"$HYOKA" build "$TMP/kanji" -o "$TMP/built" -q 2>"$TMP/kerr" || fail "build failed: $(cat "$TMP/kerr")"
[ -f "$TMP/built/sheets/根室13035.pdf" ] || fail "no sheets/根室13035.pdf: $(ls "$TMP/built/sheets" | head -3)"
[ -f "$TMP/built/sheets/13041.pdf" ] || fail "no sheets/13041.pdf"
[ -e "$TMP/built/sheets/gone.pdf" ] && fail "a stale sheet was left in sheets/"
pdftotext "$TMP/built/sheets/根室13035.pdf" - 2>/dev/null | grep -q '根室13035' \
    || fail "the kanji code is not on its sheet"

[ $failures -eq 0 ] && echo "hostile inputs: ok"
exit $((failures > 0))
