#!/bin/bash
# Publishing is safe: a run that finds no projects exits 1 and deletes nothing;
# a run killed halfway leaves the previous publication whole (the next run
# cleans what it left); a second run at the same time stops at once with a
# message; stale sheets go without following a symbolic link out of OUT; what
# hyoka does not own in OUT stays; the output bytes do not depend on how INPUT
# was spelled.
#   usage: publish_safety.sh PATH/TO/hyoka
set -u
HYOKA=${1:?usage: publish_safety.sh HYOKA}
SRC=${HYOKA_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hyoka-safety.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1719792000
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
# every file under a folder with its checksum, sorted: a publication's fingerprint
sums() { (cd "$1" && find . -type f ! -name validation.csv -print0 | LC_ALL=C sort -z | xargs -0 sha256sum); }

mkdir -p "$TMP/in"
cp "$SRC"/input/*.csv "$SRC/input/hyoka.conf" "$TMP/in/"
"$HYOKA" build "$TMP/in" -o "$TMP/out" -q 2>"$TMP/first.err" || fail "first build: $(cat "$TMP/first.err")"
sums "$TMP/out" > "$TMP/first.sums"
[ "$(grep -c 'sheets/' "$TMP/first.sums")" -eq 14 ] || fail "the first build did not publish 14 sheets"

# ---- a typo in a header: the projects table is not recognised: exit 1, nothing deleted ----
mkdir -p "$TMP/typo"
cp "$SRC/input/hyoka.conf" "$TMP/typo/"
iconv -f cp932 -t utf-8 "$SRC/input/projects.csv" | sed '1s/事業コード/事業コ一ド/' \
    | iconv -f utf-8 -t cp932 > "$TMP/typo/projects.csv"
"$HYOKA" build "$TMP/typo" -o "$TMP/out" 2>"$TMP/typo.err"
rc=$?
[ $rc -eq 1 ] || fail "a data set without projects exited $rc, expected 1"
grep -qF 'error: no projects table was recognised' "$TMP/typo.err" || fail "no message about the projects table: $(cat "$TMP/typo.err")"
sums "$TMP/out" | cmp -s - "$TMP/first.sums" || fail "a run without projects changed the publication"
grep -qF 'no projects table was recognised' "$TMP/out/validation.csv" || fail "validation.csv does not say why"

# ---- a bigger data set, so a run lasts long enough to interrupt ----
/usr/bin/python3 "$SRC/tests/support/multiply_input.py" "$SRC/input" "$TMP/big" 30 || fail "multiply_input.py"
staging() { ls -d "$TMP"/.out.hyoka-new.* 2>/dev/null | head -1; }

# ---- killed halfway: the previous publication is whole; the next run cleans up ----
"$HYOKA" build "$TMP/big" -o "$TMP/out" -q -j 1 2>/dev/null &
pid=$!
for _ in $(seq 1 600); do
    s=$(staging)
    [ -n "$s" ] && [ "$(ls "$s/sheets" 2>/dev/null | wc -l)" -ge 5 ] && break
    sleep 0.02
done
kill -9 $pid 2>/dev/null || fail "the run ended before it could be killed"
wait $pid 2>/dev/null
[ -n "$(staging)" ] || fail "the killed run left no staging folder (was it killed while staging?)"
sums "$TMP/out" | cmp -s - "$TMP/first.sums" || fail "a killed run changed the publication"
"$HYOKA" build "$TMP/in" -o "$TMP/out" 2>"$TMP/after-kill.err" || fail "the run after the kill: $(cat "$TMP/after-kill.err")"
grep -qF "left by a run that did not finish" "$TMP/after-kill.err" || fail "the leftover was not reported"
[ -z "$(staging)" ] || fail "the staging folder of the killed run is still there"
sums "$TMP/out" | cmp -s - "$TMP/first.sums" || fail "the run after the kill published something else"

# ---- two runs at once: the second stops at once with a message; the set stays whole ----
"$HYOKA" build "$TMP/big" -o "$TMP/out" -q -j 1 2>"$TMP/a.err" &
pid=$!
for _ in $(seq 1 600); do [ -n "$(staging)" ] && break; sleep 0.02; done
"$HYOKA" build "$TMP/in" -o "$TMP/out" -q 2>"$TMP/b.err"
rc=$?
kill -0 $pid 2>/dev/null || fail "the first run had already ended: the test proves nothing"
[ $rc -ne 0 ] || fail "the second run did not stop"
grep -qE "another hyoka run \(process $pid\) is writing this folder" "$TMP/b.err" || fail "the second run's message: $(cat "$TMP/b.err")"
wait $pid || fail "the first run failed: $(cat "$TMP/a.err")"
[ "$(ls "$TMP/out/sheets" | wc -l)" -eq 420 ] || fail "the first run did not publish its 420 sheets"
"$HYOKA" build "$TMP/big" -o "$TMP/ref" -q 2>/dev/null
[ "$(sums "$TMP/out")" = "$(sums "$TMP/ref")" ] || fail "the published set differs from a run alone"

# ---- stale sheets go, never through a symbolic link; what hyoka does not own stays ----
mkdir -p "$TMP/elsewhere"
echo keep > "$TMP/elsewhere/13035.pdf"
echo keep > "$TMP/elsewhere/99999.pdf"
rm -rf "$TMP/out/sheets"
ln -s "$TMP/elsewhere" "$TMP/out/sheets"
echo "the city's own note" > "$TMP/out/README.txt"
"$HYOKA" build "$TMP/in" -o "$TMP/out" -q 2>"$TMP/link.err" || fail "build over a linked sheets folder: $(cat "$TMP/link.err")"
[ "$(cat "$TMP/elsewhere/13035.pdf" "$TMP/elsewhere/99999.pdf" | tr '\n' ' ')" = "keep keep " ] \
    || fail "a file outside OUT was changed through the link"
[ -d "$TMP/out/sheets" ] && [ ! -L "$TMP/out/sheets" ] || fail "OUT/sheets is not a folder of its own"
[ "$(cat "$TMP/out/README.txt")" = "the city's own note" ] || fail "a file hyoka does not own was lost"
sums "$TMP/out" | grep -v README.txt | cmp -s - "$TMP/first.sums" || fail "the sample's publication differs"
# a subset of the outputs leaves the others as they were
"$HYOKA" build "$TMP/big" -o "$TMP/out" -q --outputs workbook 2>/dev/null || fail "--outputs workbook"
cmp -s "$TMP/out/sheets/13035.pdf" "$TMP/ref/sheets/13035-1.pdf" && fail "a sheet was replaced"
[ "$(ls "$TMP/out/sheets" | wc -l)" -eq 14 ] || fail "--outputs workbook changed the sheets"
cmp -s "$TMP/out/summary.xlsx" "$TMP/ref/summary.xlsx" || fail "--outputs workbook did not write the workbook"
ls -A "$TMP" | grep -q 'hyoka-new' && fail "a staging folder was left: $(ls -A "$TMP")"

# ---- the output bytes do not depend on how INPUT was spelled ----
cp -r "$SRC/input/." "$TMP/spell/" 2>/dev/null || { mkdir -p "$TMP/spell" && cp "$SRC"/input/*.csv "$SRC/input/hyoka.conf" "$TMP/spell/"; }
printf 'x\n' > "$TMP/spell/notes.csv"    # a file hyoka cannot read: its name is in the outputs
(cd "$TMP" && "$HYOKA" build spell -o s1 -q 2>/dev/null; "$HYOKA" build ./spell/ -o s2 -q 2>/dev/null
 "$HYOKA" build "$TMP/spell" -o s3 -q 2>/dev/null; "$HYOKA" build spell//. -o s4 -q 2>/dev/null)
grep -q 'notes.csv' "$TMP/s1/validation.csv" || fail "validation.csv does not name the unreadable file"
for k in 2 3 4; do
    [ "$(cd "$TMP/s1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)" = \
      "$(cd "$TMP/s$k" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)" ] \
        || fail "INPUT spelled as in run $k gives other bytes"
done

[ $failures -eq 0 ] && echo "publish_safety: all passed"
exit $((failures > 0))
