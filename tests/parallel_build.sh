#!/bin/bash
# 200 sheets from the benchmark's synthetic data set (CP932 copy), built on one
# thread and on several: the outputs must be byte-identical, every sheet must pass
# qpdf --check, and its text must read back exactly (pdftotext, no warning).
#   usage: parallel_build.sh PATH/TO/hyoka
#   env: HYOKA_BENCH_DIR (default: ../shared/bench beside the source tree), where
#        gen_dataset.py lives; without it (a clean clone in CI) the sample input/ is
#        copied 15 times over with new codes instead: 210 sheets.
set -u
HYOKA=${1:?usage: parallel_build.sh HYOKA}
SRC=${HYOKA_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
BENCH=${HYOKA_BENCH_DIR:-$SRC/../shared/bench}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hyoka-parallel.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1719792000
N=200
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

if [ -f "$BENCH/gen_dataset.py" ]; then
    /usr/bin/python3 "$BENCH/gen_dataset.py" $N "$TMP/data" >/dev/null || { echo "FAIL: gen_dataset.py"; exit 1; }
else
    N=210
    # the same two copies gen_dataset.py writes (utf8/, and cp932/ with CRLF), with
    # 事業コード and 事業名 first as there
    /usr/bin/python3 - "$SRC/input" "$TMP/data" <<'EOF' || { echo "FAIL: making the data"; exit 1; }
import csv, io, os, sys
src, dst = sys.argv[1], sys.argv[2]
for sub, enc, nl in (("utf8", "utf-8", "\n"), ("cp932", "cp932", "\r\n")):
    os.makedirs(os.path.join(dst, sub))
    for name in ("projects.csv", "costs.csv", "indicators.csv"):
        rows = list(csv.reader(io.StringIO(open(os.path.join(src, name), encoding="cp932", newline="").read())))
        head = rows[0]
        order = list(range(len(head)))
        if name == "projects.csv":
            first = [head.index("事業コード"), head.index("事業名")]
            order = first + [i for i in order if i not in first]
        out = [[head[i] for i in order]]
        for k in range(15):
            for r in rows[1:]:
                r = [r[i] for i in order]
                r[0] = "%s%02d" % (r[0], k)
                out.append(r)
        buf = io.StringIO()
        csv.writer(buf, lineterminator=nl).writerows(out)
        data = buf.getvalue()
        if nl == "\r\n":
            data = data.replace("\r\n", "\n").replace("\n", "\r\n")
        open(os.path.join(dst, sub, name), "wb").write(data.encode(enc))
EOF
fi

# ---- one thread, two, and more threads than cores: the same bytes ----
for j in 1 2 5; do
    "$HYOKA" build "$TMP/data/cp932" -o "$TMP/out$j" --profile nemuro -j $j 2>"$TMP/err$j"
    rc=$?
    [ $rc -eq 0 ] || { fail "-j $j exited $rc"; head -5 "$TMP/err$j"; }
    sed -i "s|$TMP/out$j|OUT|" "$TMP/err$j"
done
n=$(ls "$TMP/out1/sheets/"*.pdf 2>/dev/null | wc -l)
[ "$n" -eq $N ] || fail "expected $N sheets, got $n"
for j in 2 5; do
    diff -r "$TMP/out1" "$TMP/out$j" >"$TMP/diff$j" || fail "-j 1 and -j $j outputs differ: $(head -3 "$TMP/diff$j")"
    cmp -s "$TMP/err1" "$TMP/err$j" || fail "-j 1 and -j $j print different messages"
done
# stderr is not a terminal here: no progress line
grep -q 'sheets/s' "$TMP/err1" && fail "a progress line was printed to a non-terminal"
grep -qxF "hyoka: $N sheets, summary.xlsx written to OUT (0 warnings)" "$TMP/err2" ||
    fail "unexpected closing line: $(tail -1 "$TMP/err2")"

# ---- warnings come in project order whatever the thread count ----
# 𠮷 (U+20BB7) is beyond what libharu can draw: every project whose code ends
# in 7 gets one in its name, so about twenty sheets warn, from any thread.
cp -r "$TMP/data/utf8" "$TMP/kichi"
sed -i -E 's/^([0-9]*7),([^,]*)事業,/\1,\2\xF0\xA0\xAE\xB7事業,/' "$TMP/kichi/projects.csv"
for j in 1 2; do
    "$HYOKA" build "$TMP/kichi" -o "$TMP/kichi$j" --profile nemuro -j $j 2>"$TMP/kerr$j"
    sed -i "s|$TMP/kichi$j|OUT|" "$TMP/kerr$j"
done
nwarn=$(grep -c 'warning: .*U+20BB7' "$TMP/kerr1")
[ "$nwarn" -ge 10 ] || fail "expected 10 or more warnings for U+20BB7 (from many sheets), got $nwarn"
cmp -s "$TMP/kerr1" "$TMP/kerr2" || fail "warnings differ between -j 1 and -j 2: $(diff "$TMP/kerr1" "$TMP/kerr2" | head -4)"
diff -r "$TMP/kichi1" "$TMP/kichi2" >/dev/null || fail "-j 1 and -j 2 outputs differ (with warnings)"

# ---- every sheet: a valid PDF whose text reads back exactly ----
# The expected texts come straight from the UTF-8 copy of the data: per project
# its code, name, 目的 and 概要 (the long texts, wrapped over several lines), with
# whitespace removed on both sides.
/usr/bin/python3 - "$TMP/data/utf8/projects.csv" "$TMP/expect" <<'EOF'
import csv, os, sys
os.makedirs(sys.argv[2])
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    for row in csv.DictReader(f):
        with open(os.path.join(sys.argv[2], row["事業コード"]), "w", encoding="utf-8") as out:
            for key in ("事業コード", "事業名", "目的", "概要"):
                out.write("".join(row[key].split()) + "\n")
EOF
checked=0
for pdf in "$TMP/out2/sheets/"*.pdf; do
    code=$(basename "$pdf" .pdf)
    qpdf --check "$pdf" >"$TMP/qpdf.out" 2>&1 || fail "$code: qpdf --check: $(grep -v '^checking\|^PDF Version\|^File is not\|^No syntax' "$TMP/qpdf.out" | head -2)"
    pdftotext -raw "$pdf" "$TMP/page.txt" 2>"$TMP/pdftotext.err"
    [ -s "$TMP/pdftotext.err" ] && fail "$code: pdftotext warned: $(head -1 "$TMP/pdftotext.err")"
    tr -d ' \n\f' <"$TMP/page.txt" >"$TMP/page.flat"
    [ -f "$TMP/expect/$code" ] || { fail "$code: a sheet for a project that is not in the data"; continue; }
    while IFS= read -r text; do
        grep -qF -- "$text" "$TMP/page.flat" || fail "$code: \"${text:0:40}...\" does not read back"
    done <"$TMP/expect/$code"
    checked=$((checked + 1))
done
[ $checked -eq $N ] || fail "checked $checked sheets of $N"

[ $failures -eq 0 ] && echo "OK: $N sheets, -j 1/2/5 identical, qpdf and pdftotext clean" || echo "$failures failures"
[ $failures -eq 0 ]
