#!/bin/bash
# The disclosure set OUT/public/: index.html opened in headless Chromium has
# every link resolving to a file in the set and a filter box that hides rows as
# one types; SHA256SUMS checks with sha256sum -c; two runs give the same bytes;
# a profile with several documents per project (Saitama) has each linked by its
# title, listed in documents.csv and in SHA256SUMS;
# the open data follows the 統一ルール; a formula-looking cell is inert in every
# CSV hyoka writes (normalized tables, validation.csv, open data).
#   usage: public_set.sh PATH/TO/hyoka
set -u
HYOKA=${1:?usage: public_set.sh HYOKA}
SRC=${HYOKA_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hyoka-public.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1719792000
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
CHROMIUM=$(command -v chromium || command -v chromium-browser) || { echo "FAIL: chromium is not installed (scripts/install-deps installs it)"; exit 1; }
# headless, nothing from the network, a fresh profile each time
chrome() {
    local profile
    profile=$(mktemp -d "$TMP/chrome.XXXXXX")
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" "$@" 2>/dev/null
}

"$HYOKA" build "$SRC/input" -o "$TMP/out" -q 2>"$TMP/build.err" || fail "build: $(cat "$TMP/build.err")"
P="$TMP/out/public"
[ -f "$P/index.html" ] || { fail "no public/index.html"; exit 1; }

# ---- SHA256SUMS: every file of the set, and it checks ----
(cd "$P" && sha256sum --quiet -c SHA256SUMS) || fail "sha256sum -c SHA256SUMS failed"
[ "$(cd "$P" && find . -type f ! -name SHA256SUMS | sed 's|^\./||' | LC_ALL=C sort)" = "$(cut -c67- "$P/SHA256SUMS")" ] \
    || fail "SHA256SUMS does not list exactly the files of the set"
grep -q '  sheets/13035.pdf$' "$P/SHA256SUMS" || fail "SHA256SUMS lacks the sheets"

# ---- two runs: the same bytes ----
"$HYOKA" build "$SRC/input" -o "$TMP/again" -q -j 1 2>/dev/null || fail "second build"
cmp -s "$P/SHA256SUMS" "$TMP/again/public/SHA256SUMS" || fail "two runs gave different bytes"

# ---- the page in Chromium: the filter hides rows as one types; every link resolves ----
cp "$P/index.html" "$P/probe.html"
cat >> "$P/probe.html" <<'JS'
<script>
var rows = document.querySelectorAll('#projects tbody tr');
var shown = function () { return [].filter.call(rows, function (r) { return !r.hidden; }).length; };
var q = document.getElementById('q'), out = [];
out.push('filter-visible ' + !document.getElementById('filter').hidden);
out.push('rows ' + rows.length + ' ' + shown());
['介護', '水産加工', 'zzzz', ''].forEach(function (t) {
    q.value = t;
    q.dispatchEvent(new Event('input'));
    out.push('typed [' + t + '] ' + shown() + ' ' + document.getElementById('shown').textContent);
});
[].forEach.call(document.querySelectorAll('a[href]'), function (a) { out.push('link ' + a.href); });
var pre = document.createElement('pre');
pre.id = 'probe';
pre.textContent = '\n' + out.join('\n') + '\n';
document.body.appendChild(pre);
</script>
JS
chrome --dump-dom "file://$P/probe.html" > "$TMP/dom.html"
rm -f "$P/probe.html"
sed -n '/<pre id="probe">/,/<\/pre>/p' "$TMP/dom.html" > "$TMP/probe.txt"
grep -qx 'filter-visible true' "$TMP/probe.txt" || fail "the filter box is not shown with script on: $(head -c 300 "$TMP/dom.html")"
grep -qx 'rows 14 14' "$TMP/probe.txt" || fail "the table does not start with its 14 rows"
grep -qx 'typed \[介護\] 2 2' "$TMP/probe.txt" || fail "typing 介護 did not leave its 2 rows: $(grep typed "$TMP/probe.txt")"
grep -qx 'typed \[水産加工\] 1 1' "$TMP/probe.txt" || fail "typing 水産加工 did not leave 1 row"
grep -qx 'typed \[zzzz\] 0 0' "$TMP/probe.txt" || fail "typing zzzz did not hide every row"
grep -qx 'typed \[\] 14 14' "$TMP/probe.txt" || fail "clearing the filter did not bring the rows back"
links=$(grep -c '^link ' "$TMP/probe.txt")
# 14 sheets, 6 data files, and each document the run wrote (the book only when there is one)
docs=0
for d in book.pdf kpi-report.pdf summary.xlsx; do
    [ -f "$TMP/out/$d" ] && docs=$((docs + 1)) && { grep -q "^link file://$P/$d\$" "$TMP/probe.txt" || fail "no link to $d"; }
done
[ "$links" -eq $((20 + docs)) ] || fail "$links links on the page, expected $((20 + docs))"
grep '^link ' "$TMP/probe.txt" | cut -c6- | while read -r url; do
    case "$url" in
        "file://$P/"*) ;;
        *) echo "FAIL: a link leaves the set: $url"; continue ;;
    esac
    f=$(/usr/bin/python3 -c 'import sys, urllib.parse; print(urllib.parse.unquote(sys.argv[1][7:]))' "$url")
    [ -f "$f" ] || echo "FAIL: a link does not resolve: $url"
done > "$TMP/links.fail"
[ -s "$TMP/links.fail" ] && { cat "$TMP/links.fail"; failures=$((failures + 1)); }
# without script the whole table is there, the filter box hidden
grep -c '^<tr><td>' "$P/index.html" | grep -qx 14 || fail "the static page does not hold 14 rows"
grep -q '<p id="filter" hidden>' "$P/index.html" || fail "the filter box is not hidden without script"
grep -qE '<(link|img|script)[^>]* (src|href)=' "$P/index.html" && fail "the page loads an external resource"
grep -q '<html lang="ja">' "$P/index.html" || fail 'no lang="ja"'
grep -qF '関係人口拡大促進事業</a>（PDF ' "$P/index.html" || fail "the sheet link has no size beside it"
# a phone-sized screenshot, to look at (kept when HYOKA_KEEP is set)
chrome --hide-scrollbars --window-size=412,1400 --screenshot="$TMP/phone.png" "file://$P/index.html" >/dev/null
[ -s "$TMP/phone.png" ] || fail "no screenshot"
[ -n "${HYOKA_KEEP:-}" ] && cp "$TMP/phone.png" "$HYOKA_KEEP"

# ---- several documents per project (input/saitama: sheets = a b c): the page links
# each by its title, the open data lists them, SHA256SUMS covers them ----
"$HYOKA" build "$SRC/input/saitama" -o "$TMP/sai" -q 2>"$TMP/sai.err" || fail "Saitama build: $(cat "$TMP/sai.err")"
S="$TMP/sai/public"
(cd "$S" && sha256sum --quiet -c SHA256SUMS) || fail "Saitama: sha256sum -c SHA256SUMS failed"
cp "$S/index.html" "$S/probe.html"
cat >> "$S/probe.html" <<'JS'
<script>
var out = [];
[].forEach.call(document.querySelectorAll('#projects tbody tr'), function (r) {
    var a = [].map.call(r.querySelectorAll('a[href]'), function (x) {
        return x.textContent + '=' + x.getAttribute('href'); });
    out.push('row ' + r.cells[0].textContent + ' ' + a.join(' '));
});
[].forEach.call(document.querySelectorAll('a[href]'), function (a) { out.push('link ' + a.href); });
var pre = document.createElement('pre');
pre.id = 'probe';
pre.textContent = '\n' + out.join('\n') + '\n';
document.body.appendChild(pre);
</script>
JS
chrome --dump-dom "file://$S/probe.html" > "$TMP/sai-dom.html"
rm -f "$S/probe.html"
sed -n '/<pre id="probe">/,/<\/pre>/p' "$TMP/sai-dom.html" > "$TMP/sai-probe.txt"
for code in 8101 8203 8305; do
    want="row $code 事業評価シート=sheets/$code.pdf 事業の説明シート=sheets/$code-explanation.pdf 意見出し用ワークシート=sheets/$code-worksheet.pdf"
    grep -qxF "$want" "$TMP/sai-probe.txt" || fail "Saitama $code: its three documents are not linked by title: $(grep "^row $code" "$TMP/sai-probe.txt")"
    for f in "$code.pdf" "$code-explanation.pdf" "$code-worksheet.pdf"; do
        grep -qx "[0-9a-f]\{64\}  sheets/$f" "$S/SHA256SUMS" || fail "Saitama: SHA256SUMS lacks sheets/$f"
        cmp -s "$S/sheets/$f" "$TMP/sai/sheets/$f" || fail "Saitama: public/sheets/$f is not the document written"
    done
done
grep '^link ' "$TMP/sai-probe.txt" | cut -c6- | while read -r url; do
    f=$(/usr/bin/python3 -c 'import sys, urllib.parse; print(urllib.parse.unquote(sys.argv[1][7:]))' "$url")
    case "$url" in "file://$S/"*) [ -f "$f" ] || echo "FAIL: Saitama: a link does not resolve: $url" ;;
                   *) echo "FAIL: Saitama: a link leaves the set: $url" ;; esac
done > "$TMP/sai-links.fail"
[ -s "$TMP/sai-links.fail" ] && { cat "$TMP/sai-links.fail"; failures=$((failures + 1)); }
grep -qF '<th scope="col">事業名・公表資料</th>' "$S/index.html" || fail "Saitama: the name column is not headed 事業名・公表資料"
/usr/bin/python3 - "$S" <<'PY' || fail "Saitama: documents.csv does not list each project's three documents"
import csv, os, sys
d = sys.argv[1]
rows = list(csv.reader(open(os.path.join(d, "documents.csv"), encoding="utf-8-sig")))
assert rows[0] == ["全国地方公共団体コード", "地方公共団体名", "事業コード", "文書名", "ファイル"], rows[0]
want = [["111007", "さいたま市", c, t, "sheets/" + c + f + ".pdf"] for c in ("8101", "8203", "8305")
        for t, f in (("事業評価シート", ""), ("事業の説明シート", "-explanation"), ("意見出し用ワークシート", "-worksheet"))]
assert rows[1:] == want, rows[1:]
for r in rows[1:]:
    assert os.path.isfile(os.path.join(d, r[4])), r
defs = [r[:2] for r in csv.reader(open(os.path.join(d, "definitions.csv"), encoding="utf-8-sig"))]
assert ["documents.csv", "文書名"] in defs and ["documents.csv", "ファイル"] in defs, defs
PY
# the Nemuro set: one document each, its row in documents.csv titled as the form is
grep -qxF "012238,根室市,13035,事務事業評価（事前評価）シート,sheets/13035.pdf" <(tail -n +2 "$P/documents.csv") \
    || fail "Nemuro: documents.csv lacks 13035's sheet: $(grep 13035 "$P/documents.csv")"
[ "$(tail -n +2 "$P/documents.csv" | wc -l)" -eq 14 ] || fail "Nemuro: documents.csv should have 14 rows"

# ---- the open data: BOM, the code in every row, numbers as numbers ----
for f in projects costs indicators judgements documents definitions; do
    [ "$(head -c 3 "$P/$f.csv" | od -An -tx1 | tr -d ' ')" = "efbbbf" ] || fail "$f.csv has no BOM"
done
for f in projects costs indicators judgements documents; do
    awk -F, 'NR > 1 && $1 != "012238" { bad = 1 } END { exit bad }' "$P/$f.csv" || fail "$f.csv: a row without 012238"
done
grep -q '△' "$P"/*.csv && fail "a △ in the open data"
/usr/bin/python3 - "$P" <<'PY' || fail "the open data breaks the 統一ルール"
import csv, re, sys, os
d = sys.argv[1]
for name in ("projects", "costs", "indicators", "judgements", "documents"):
    rows = list(csv.reader(open(os.path.join(d, name + ".csv"), encoding="utf-8-sig")))
    head = rows[0]
    for r in rows[1:]:
        assert len(r) == len(head), (name, r)
        for h, v in zip(head, r):
            assert v == v.strip(), (name, h, v)                 # no padding
            if h.endswith("(円)") or h.endswith("(西暦)"):
                assert v == "" or re.fullmatch(r"-?\d+", v), (name, h, v)
            assert not re.search("[\u2460-\u24ff\u2160-\u217f\u3200-\u33ff]", v), (name, h, v)
PY

# ---- a formula-looking cell is inert in every CSV ----
mkdir -p "$TMP/evil"
cp "$SRC"/input/*.csv "$SRC/input/hyoka.conf" "$TMP/evil/"
iconv -f cp932 -t utf-8 "$SRC/input/projects.csv" \
    | sed "2s/関係人口拡大促進事業/=2+5+cmd|' \/C calc'!A0/; 2s/地域創生室/@SUM(1+1)/" \
    | iconv -f utf-8 -t cp932 > "$TMP/evil/projects.csv"
printf '=cmd|x,1\n' > "$TMP/evil/=cmd.csv"    # its name lands in validation.csv
"$HYOKA" build "$TMP/evil" -o "$TMP/evil-out" -q 2>/dev/null || fail "build with formula-looking cells"
"$HYOKA" normalize "$TMP/evil" -o "$TMP/evil-norm" -q 2>/dev/null || fail "normalize with formula-looking cells"
/usr/bin/python3 - "$TMP/evil-out" "$TMP/evil-norm" <<'PY' || fail "a formula-looking cell is live"
import csv, glob, re, sys
files = sorted(glob.glob(sys.argv[1] + "/**/*.csv", recursive=True) + glob.glob(sys.argv[2] + "/*.csv"))
seen = 0
for f in files:
    for row in csv.reader(open(f, encoding="utf-8-sig")):
        for v in row:
            if "cmd" in v or "@SUM" in v:
                seen += 1
            if v[:1] in ("=", "+", "@", "\t", "\r") or (v[:1] == "-" and v != "-" and not re.fullmatch(r"-\d+(\.\d+)?", v)):
                sys.exit(f"{f}: live cell {v!r}")
assert seen >= 6, seen                      # the cells were there, as text
assert any(f.endswith("public/projects.csv") for f in files) and any(f.endswith("validation.csv") for f in files)
PY
grep -qF ",\"'=2+5+cmd|' /C calc'!A0\"," "$TMP/evil-out/public/projects.csv" || fail "the cell is not written behind an apostrophe"

[ $failures -eq 0 ] && echo "public_set: all passed"
exit $((failures > 0))
