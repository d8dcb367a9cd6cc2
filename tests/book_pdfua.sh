#!/bin/bash
# The annual book (OUT/book.pdf) is tagged PDF/UA-1 and PDF/A-2u like every sheet:
# ../shared/tools/pdfcheck passes on the book of every sample (input/ and each city's),
# qpdf --check and pdftotext are clean, and the structure tree read back
# (tests/support/pdfstruct.py) reads the book in order: the cover, 目次 (a TOC whose
# items are links), 集計 (tables with header cells, the chart as a Figure with its
# description), the KPI report, then each section with its H1 and each project's sheet
# with the sheet's own structure; running headers and page numbers are not read.
#   usage: book_pdfua.sh PATH/TO/hyoka
set -u
HYOKA=${1:?usage: book_pdfua.sh HYOKA}
SRC=${HYOKA_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
PDFCHECK="$SRC/../shared/tools/pdfcheck"
PY=/usr/bin/python3
STRUCT="$SRC/tests/support/pdfstruct.py"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hyoka-bookua.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1719792000
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

[ -f "$PDFCHECK" ] || { echo "FAIL: no pdfcheck at $PDFCHECK (shared/ beside the clone)"; exit 1; }
$PY -c 'import pikepdf, fontTools' 2>/dev/null ||
    { echo "FAIL: pdfcheck needs python3-pikepdf and python3-fonttools (scripts/install-deps)"; exit 1; }

# ---- every sample's book ----
books=""
for dir in "$SRC/input" "$SRC"/input/*/; do
    [ -f "$dir/hyoka.conf" ] || [ "$dir" = "$SRC/input" ] || continue
    name=$(basename "$dir")
    "$HYOKA" build "$dir" -o "$TMP/$name" -q --outputs book || fail "build $dir exited $?"
    [ -s "$TMP/$name/book.pdf" ] || fail "no book for $dir"
    books="$books $TMP/$name/book.pdf"
done
[ "$(echo $books | wc -w)" -ge 4 ] || fail "expected the books of input/ and 3 cities, got: $books"
$PY "$PDFCHECK" $books > "$TMP/check.out" 2>&1 || { fail "pdfcheck:"; grep -v ' files, ' "$TMP/check.out" | head -20; }
n=$(echo $books | wc -w)
grep -qx "$n files, 0 failed" "$TMP/check.out" || fail "pdfcheck: $(tail -1 "$TMP/check.out")"
for f in $books; do
    qpdf --check "$f" > "$TMP/qpdf.out" 2>&1 || fail "qpdf --check $f: $(tail -2 "$TMP/qpdf.out")"
    pdftotext "$f" - 2>"$TMP/pt.err" >/dev/null
    [ -s "$TMP/pt.err" ] && fail "pdftotext $f: $(head -1 "$TMP/pt.err")"
    $PY "$STRUCT" check "$f" > "$TMP/struct.out" || { fail "table and heading structure of $f:"; head -5 "$TMP/struct.out"; }
done

# ---- the Nemuro book's reading order ----
$PY "$STRUCT" tree "$TMP/input/book.pdf" > "$TMP/book.tree" || fail "pdfstruct tree failed"
# the parts: the Document's children, in order, each with its first heading
awk '/^  Sect$/ {n++} n && /^    H1\t/ && !seen[n]++ {sub(/^    H1\t/, ""); print}' "$TMP/book.tree" > "$TMP/parts"
head -4 "$TMP/parts" > "$TMP/parts.head"
printf '%s\n' "事務事業評価報告書" "目　次" "集計" "施策KPIの進捗状況（R5実績）" > "$TMP/parts.want"
cmp -s "$TMP/parts.head" "$TMP/parts.want" || fail "the book's first parts: $(tr '\n' '|' < "$TMP/parts.head")"
sed -n 5p "$TMP/parts" | grep -qx "水産業の振興" || fail "the first section is not 水産業の振興: $(sed -n 5p "$TMP/parts")"
[ "$(head -1 "$TMP/book.tree")" = "Document" ] || fail "the root is not a Document: $(head -1 "$TMP/book.tree")"
in_order() {   # file description needles... : each needle on a later line than the one before
    local file=$1 what=$2 last=0 line
    shift 2
    for needle in "$@"; do
        line=$(grep -nF -- "$needle" "$file" | cut -d: -f1 | awk -v l="$last" '$1 > l' | head -1)
        if [ -z "$line" ]; then
            fail "$what: \"$needle\" not read after line $last"
            return
        fi
        last=$line
    done
}
in_order "$TMP/book.tree" "book reading order" \
    "    H1	事務事業評価報告書" "    P	根室市" \
    "    H1	目　次" "    TOC" "        Link	集計1" "        Link	31002　漁業後継者育成支援事業8" \
    "    H1	集計" "    H2	施策別の事業費とトータルコスト" "        TH Scope=Column	トータルコスト" \
    "        TH Scope=Row	合計" "        TD	1,074,089" \
    "    Figure Alt=施策KPIのスコア分布の縦棒グラフ。" \
    "    H1	施策KPIの進捗状況（R5実績）" \
    "    H1	水産業の振興" "        LBody	31002　漁業後継者育成支援事業水産振興課" \
    "    Sect" "      H1	事務事業評価（事前評価）シート【令和6年度】" "          TD	31002"
# every project's sheet is a Sect of its section, with the sheet's own title as its H1
[ "$(grep -c '^      H1	事務事業評価（事前評価）シート【令和6年度】$' "$TMP/book.tree")" -eq 14 ] ||
    fail "expected 14 sheets as Sects of their sections, got $(grep -c '^      H1	事務事業評価（事前評価）シート' "$TMP/book.tree")"
# the running header and page numbers are pagination artifacts: never read
grep -q "	令和6年度 事務事業評価報告書" "$TMP/book.tree" && fail "the running header was read as content"
# each contents line's link is a Link element with its annotation (OBJR, /StructParent)
items=$(grep -c '^      TOCI$' "$TMP/book.tree")
[ "$items" -ge 16 ] || fail "expected a TOCI per contents line (2 + sections + 14 projects), got $items"
$PY - "$TMP/input/book.pdf" "$items" <<'PYEOF' || fail "the contents' links are not tagged"
import sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
links = 0
for page in pdf.pages[1:3]:
    for a in page.get("/Annots", []):
        if a.Subtype != "/Link":
            continue
        key = int(a.StructParent)
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        elem = [nums[i + 1] for i in range(0, len(nums), 2) if int(nums[i]) == key][0]
        assert elem.S == "/Link", elem.S
        assert any(isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR" and
                   k.Obj.objgen == a.objgen for k in elem.K), "no OBJR"
        assert str(a.Contents), "no /Contents"
        links += 1
assert links == int(sys.argv[2]), (links, sys.argv[2])
PYEOF

# ---- Saitama: each project's three documents, in the profile's order ----
# (sheets = sheet.tpl explanation.tpl worksheet.tpl): its bookmark leads to the first
# page of its 事業評価シート, followed by its 事業の説明シート (with its image) and its
# 意見出し用ワークシート, before the next project's pages
$PY - "$TMP/saitama/book.pdf" "$SRC/input/saitama/projects.csv" <<'PYEOF' || fail "the Saitama book's documents (above)"
import csv, subprocess, sys
import pikepdf
book, projects = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(projects, encoding="cp932")))
codes = [r["事業コード"] for r in rows]
names = {r["事業コード"]: r["事業名"] for r in rows}
pdf = pikepdf.open(book)
index = {p.objgen: i for i, p in enumerate(pdf.pages)}
starts = {}
with pdf.open_outline() as outline:
    def walk(items):
        for it in items:
            code = it.title.split("　")[0]
            if code in codes:
                starts[code] = index[it.destination[0].objgen]
            walk(it.children)
    walk(outline.root)
bad = []
assert sorted(starts) == sorted(codes), (sorted(starts), codes)
order = sorted(starts, key=starts.get)
for n, code in enumerate(order):
    end = starts[order[n + 1]] if n + 1 < len(order) else len(pdf.pages)
    pages = [subprocess.run(["pdftotext", "-f", str(p + 1), "-l", str(p + 1), book, "-"],
                            capture_output=True, text=True, check=True).stdout
             for p in range(starts[code], end)]
    firsts = []
    for title in ("事業評価シート", "事業の説明シート", "意見出し用ワークシート"):
        hits = [i for i, t in enumerate(pages) if title in t]
        if not hits:
            bad.append(f"{code}: no {title} among its pages")
            continue
        firsts.append(hits[0])
    # each document names its project (its pages up to the next document's)
    for k, f in enumerate(firsts):
        upto = firsts[k + 1] if k + 1 < len(firsts) else len(pages)
        if names[code] not in "".join("".join(pages[f:upto]).split()):
            bad.append(f"{code}: document {k + 1} of its {len(firsts)} does not name {names[code]}")
    if firsts != sorted(firsts) or len(set(firsts)) != len(firsts):
        bad.append(f"{code}: documents at pages {firsts} (from its first), not in order")
    # the explanation sheet's image is drawn on its page
    imgs = subprocess.run(["pdfimages", "-list", "-f", str(starts[code] + firsts[1] + 1), "-l",
                           str(starts[code] + firsts[1] + 1), book], capture_output=True,
                          text=True).stdout.splitlines()[2:] if len(firsts) == 3 else []
    want = 1 if code in ("8101", "8203") else 0
    if len(imgs) != want:
        bad.append(f"{code}: {len(imgs)} images on its 事業の説明シート, expected {want}")
for b in bad:
    print("  " + b)
sys.exit(1 if bad else 0)
PYEOF

[ $failures -eq 0 ] && echo "book_pdfua: all passed" || echo "book_pdfua: $failures failure(s)"
[ $failures -eq 0 ]
