#!/bin/bash
# `hyoka build --shard K/N` and `hyoka merge`: for N = 1, 2 and 7 the merged
# outputs must be byte-identical (cmp, every file, the same list of files) to one
# `hyoka build` of the same data; each shard renders exactly the projects whose
# FNV-1a 64 hash of the code gives it (hash mod N + 1); the sheets' warnings (a
# missing glyph, text continued) reach the merged validation.csv in project order;
# an error anywhere (a code given twice) stops every shard; merge refuses a missing
# or doubled part and input that changed since the shards read it.
#   usage: shard.sh PATH/TO/hyoka
set -u
HYOKA=${1:?usage: shard.sh HYOKA}
SRC=${HYOKA_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hyoka-shard.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1719792000
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# The sample input six times over (42 projects, codes ASCII and kanji), with a
# character no font has in some projects' 目的 and an overlong 概要 in others, so
# that sheets give warnings while they render.
/usr/bin/python3 - "$SRC/input" "$TMP/in" <<'EOF' || { echo "FAIL: making the data"; exit 1; }
import csv, io, os, shutil, sys
src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst)
shutil.copy(os.path.join(src, "hyoka.conf"), dst)
shutil.copy(os.path.join(src, "kpi.csv"), dst)
suffix = ["", "あ", "漢字"]
for name in ("projects.csv", "costs.csv", "indicators.csv"):
    rows = list(csv.reader(io.StringIO(open(os.path.join(src, name), encoding="cp932", newline="").read())))
    head, out = rows[0], [rows[0]]
    for k, suf in enumerate(suffix):
        for n, r in enumerate(rows[1:]):
            r = list(r)
            r[0] = r[0] + suf
            if name == "projects.csv" and n % 3 == 1:
                r[head.index("目的")] += "😀"
            if name == "projects.csv" and n % 5 == 2:
                r[head.index("概要")] = "長い概要の文です。" * 400
            out.append(r)
    with open(os.path.join(dst, name), "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(out)
EOF

"$HYOKA" build "$TMP/in" -o "$TMP/one" -q 2>"$TMP/one.err" || { fail "the single build failed"; cat "$TMP/one.err"; }
grep -q 'no glyph for U+1F600' "$TMP/one/validation.csv" || fail "the data gives no missing-glyph warning to follow"
grep -q 'continuation page' "$TMP/one/validation.csv" || fail "the data gives no continued-text warning to follow"
nsheets=$(ls "$TMP/one/sheets" | wc -l)
[ "$nsheets" -ge 42 ] || fail "the single build wrote $nsheets sheets, expected 42 or more"

# The same list of files and every one the same bytes.
same_tree() {
    (cd "$1" && find . -type f | LC_ALL=C sort) >"$TMP/list.a"
    (cd "$2" && find . -type f | LC_ALL=C sort) >"$TMP/list.b"
    cmp -s "$TMP/list.a" "$TMP/list.b" || { diff "$TMP/list.a" "$TMP/list.b" | head -5; return 1; }
    local bad=0 f
    while read -r f; do
        cmp -s "$1/$f" "$2/$f" || { echo "  differs: $f"; bad=1; }
    done <"$TMP/list.a"
    return $bad
}

# What each code's shard is, by the documented hash (FNV-1a 64 of the UTF-8 bytes).
expect_shard() {
    /usr/bin/python3 - "$1" "$2" "$TMP/in/projects.csv" <<'EOF'
import csv, sys
k, n, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
def fnv(b):
    h = 14695981039346656037
    for c in b:
        h = ((h ^ c) * 1099511628211) % 2**64
    return h
rows = list(csv.reader(open(path, encoding="utf-8", newline="")))
for r in rows[1:]:
    if fnv(r[0].encode()) % n + 1 == k:
        print(r[0] + ".pdf")
EOF
}

for n in 1 2 7; do
    parts=()
    for k in $(seq 1 $n); do
        p="$TMP/n$n-part$k"
        parts+=("$p")
        # -j differs per shard: the output must not depend on it
        "$HYOKA" build "$TMP/in" -o "$p" --shard $k/$n -j $(( (k % 3) + 1 )) -q 2>"$TMP/err" ||
            { fail "shard $k/$n exited $?"; head -3 "$TMP/err"; }
        [ -e "$p/summary.xlsx" ] || [ -e "$p/book.pdf" ] && fail "shard $k/$n wrote more than its sheets"
        expect_shard $k $n | LC_ALL=C sort >"$TMP/want"
        ls "$p/sheets" | LC_ALL=C sort >"$TMP/got"
        cmp -s "$TMP/want" "$TMP/got" || { fail "shard $k/$n: not the projects FNV-1a gives it"; diff "$TMP/want" "$TMP/got" | head -4; }
    done
    # parts in any order
    "$HYOKA" merge $(printf '%s\n' "${parts[@]}" | sort -r) -o "$TMP/merged$n" -q 2>"$TMP/err" ||
        { fail "merge of $n exited $?"; head -3 "$TMP/err"; }
    same_tree "$TMP/one" "$TMP/merged$n" || fail "N=$n: merged outputs differ from one build"
done
# the shards of N=7 together hold every sheet once
total=$(ls "$TMP"/n7-part*/sheets | grep -c '\.pdf$')
[ "$total" -eq "$nsheets" ] || fail "the 7 shards rendered $total sheets, one build $nsheets"

# ---- what merge refuses ----
"$HYOKA" merge "$TMP/n2-part1" -o "$TMP/bad1" -q 2>"$TMP/err"; rc=$?
[ $rc -eq 2 ] && grep -q 'shard 2/2 is missing' "$TMP/err" || fail "a missing part: exit $rc, $(cat "$TMP/err")"
"$HYOKA" merge "$TMP/n2-part1" "$TMP/n2-part1" -o "$TMP/bad2" -q 2>"$TMP/err"; rc=$?
[ $rc -eq 2 ] && grep -q 'are both shard 1/2' "$TMP/err" || fail "a doubled part: exit $rc, $(cat "$TMP/err")"
"$HYOKA" merge "$TMP/n2-part1" "$TMP/n7-part2" -o "$TMP/bad3" -q 2>"$TMP/err"; rc=$?
[ $rc -eq 2 ] && grep -q 'not of the same run' "$TMP/err" || fail "parts of two runs: exit $rc, $(cat "$TMP/err")"
SOURCE_DATE_EPOCH=1 "$HYOKA" merge "$TMP"/n2-part* -o "$TMP/bad4" -q 2>"$TMP/err"; rc=$?
[ $rc -eq 2 ] && grep -q 'SOURCE_DATE_EPOCH is 1' "$TMP/err" || fail "another epoch: exit $rc, $(cat "$TMP/err")"
echo "x" >>"$TMP/in/kpi.csv"
"$HYOKA" merge "$TMP"/n2-part* -o "$TMP/bad5" -q 2>"$TMP/err"; rc=$?
[ $rc -eq 2 ] && grep -q 'kpi.csv has changed since the shards read it' "$TMP/err" ||
    fail "changed input: exit $rc, $(cat "$TMP/err")"
for b in 1 2 3 4 5; do [ -e "$TMP/bad$b/book.pdf" ] && fail "a refused merge $b wrote outputs"; done

# ---- an error in the data stops every shard, duplicate codes across shards too ----
dup=$(/usr/bin/python3 - "$TMP/in" <<'EOF'
import csv, os, sys
p = os.path.join(sys.argv[1], "projects.csv")
rows = list(csv.reader(open(p, encoding="utf-8", newline="")))
rows.append(rows[1])           # the first project given twice: again at the end
with open(p, "w", encoding="utf-8", newline="") as f:
    csv.writer(f, lineterminator="\n").writerows(rows)
print(rows[1][0])
EOF
)
cp "$SRC/input/kpi.csv" "$TMP/in/kpi.csv"
for k in 1 2; do
    "$HYOKA" build "$TMP/in" -o "$TMP/dup$k" --shard $k/2 -q 2>"$TMP/err"; rc=$?
    [ $rc -eq 1 ] || fail "shard $k/2 of data with a duplicate code exited $rc"
    grep -q "project code $dup appears twice" "$TMP/dup$k/validation.csv" 2>/dev/null ||
        fail "shard $k/2: validation.csv does not report $dup given twice"
    [ -e "$TMP/dup$k/sheets" ] && fail "shard $k/2 rendered sheets of data with errors"
done

# ---- -k: the projects with errors left out alike by every shard and the merge ----
"$HYOKA" build "$TMP/in" -o "$TMP/k-one" -k -q 2>/dev/null; rc=$?
[ $rc -eq 1 ] && [ -e "$TMP/k-one/book.pdf" ] || fail "-k on data with an error: exit $rc, no book"
for k in 1 2; do
    "$HYOKA" build "$TMP/in" -o "$TMP/k-part$k" --shard $k/2 -k -q 2>/dev/null
done
"$HYOKA" merge "$TMP/k-part1" "$TMP/k-part2" -o "$TMP/k-merged" -q 2>/dev/null; rc=$?
[ $rc -eq 1 ] || fail "merging -k shards of data with an error exited $rc, not 1"
same_tree "$TMP/k-one" "$TMP/k-merged" || fail "-k: merged outputs differ from one build"

# ---- usage ----
for bad in 0/2 3/2 2 a/b 1/0 -1/2; do
    "$HYOKA" build "$TMP/in" -o "$TMP/u" --shard "$bad" -q 2>/dev/null
    [ $? -eq 2 ] || fail "--shard $bad is not a usage error"
done

[ $failures -eq 0 ] && echo "shard: N = 1, 2, 7 merged byte-identical to one build ($nsheets sheets)"
exit $((failures > 0))
