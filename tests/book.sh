#!/bin/bash
# The annual book (OUT/book.pdf) on the sample data set, read back as a reader
# and a PDF viewer would: its bookmarks (qpdf --json) hold every project under
# its section and lead to the page showing that project; the table of contents
# prints the page numbers those pages carry (page labels) and links to them;
# one Japanese font for the whole book (pdffonts); the same bytes on every run.
#   usage: book.sh PATH/TO/hyoka
set -u
HYOKA=${1:?usage: book.sh HYOKA}
SRC=${HYOKA_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hyoka-book.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1719792000    # 2024-07-01 00:00 UTC
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

"$HYOKA" build "$SRC/input" -o "$TMP/out" 2>"$TMP/build.err" || { cat "$TMP/build.err"; exit 1; }
BOOK="$TMP/out/book.pdf"
[ -s "$BOOK" ] || { echo "FAIL: no book.pdf"; exit 1; }
grep -qF "hyoka: $TMP/out/book.pdf: the annual book, 32 pages" "$TMP/build.err" ||
    fail "book line: $(grep book "$TMP/build.err")"
"$HYOKA" normalize "$SRC/input" -o "$TMP/norm" -q || fail "normalize"

# ---- one font, embedded as a subset, for every page ----
pdffonts "$BOOK" | tail -n +3 > "$TMP/fonts"
[ "$(wc -l < "$TMP/fonts")" -eq 1 ] || fail "expected one font, pdffonts says: $(cat "$TMP/fonts")"
grep -qE '^[A-Z]{6}\+IPAexGothic +CID TrueType +Identity-H +yes +yes +yes' "$TMP/fonts" ||
    fail "the font is not an embedded IPAexGothic subset with ToUnicode: $(cat "$TMP/fonts")"
qpdf --check "$BOOK" > "$TMP/check" 2>&1 || fail "qpdf --check: $(cat "$TMP/check")"

# ---- bookmarks, page labels, contents and links, read back ----
qpdf --json --json-key=outlines --json-key=pagelabels "$BOOK" > "$TMP/book.json" ||
    fail "qpdf --json"
npages=$(pdfinfo "$BOOK" | awk '/^Pages:/ {print $2}')
for ((p = 1; p <= npages; p++)); do
    pdftotext -layout -f $p -l $p "$BOOK" "$TMP/page-$p.txt"
done
/usr/bin/python3 - "$TMP" "$BOOK" <<'EOF' || fail "the book read back (above)"
import csv, json, os, re, sys
import pikepdf

tmp, book = sys.argv[1], sys.argv[2]
bad = []
def check(ok, what):
    if not ok:
        bad.append(what)
def page(n):   # 1-based physical page's text
    return open(f"{tmp}/page-{n}.txt", encoding="utf-8").read()

with open(f"{tmp}/norm/projects.csv", encoding="utf-8-sig") as f:
    # those with a sheet (a project known from the KPI sheet only has none)
    projects = [p for p in csv.DictReader(f)
                if os.path.exists(f"{tmp}/out/sheets/{p['事業コード']}.pdf")]
doc = json.load(open(f"{tmp}/book.json"))

labels = doc["pagelabels"]
check([(l["index"], l["label"]["/S"], l["label"].get("/St")) for l in labels] ==
      [(0, "/r", 1), (2, "/D", 1)], f"page labels {labels}")
front = labels[-1]["index"]          # pages before page 1

out = doc["outlines"]
top = [o["title"] for o in out]
measures = []
for p in projects:
    if p["施策"] not in measures:
        measures.append(p["施策"])
check(top[:4] == ["表紙", "目次", "集計", "施策KPIの進捗状況"], f"first bookmarks {top[:4]}")
check(sorted(top[4:]) == sorted(measures), f"sections {top[4:]} != 施策 {measures}")
check("集計" in page(out[2]["destpageposfrom1"]), "集計 bookmark")
check("施策KPIの進捗状況" in page(out[3]["destpageposfrom1"]), "KPI report bookmark")
byname = {o["title"]: o for o in out}
seen = 0
for p in projects:
    sec = byname.get(p["施策"])
    if not sec:
        continue
    check(p["施策"] in page(sec["destpageposfrom1"]), f"section page of {p['施策']}")
    kids = [k for k in sec["kids"] if k["title"] == f"{p['事業コード']}　{p['事業名']}"]
    check(len(kids) == 1, f"project {p['事業コード']} under {p['施策']}: {[k['title'] for k in sec['kids']]}")
    if kids:
        seen += 1
        text = page(kids[0]["destpageposfrom1"])
        check(p["事業コード"] in text and p["事業名"] in text,
              f"bookmark of {p['事業コード']} leads to page {kids[0]['destpageposfrom1']}")
        check("令和6年度 事務事業評価報告書" in text and p["施策"] in text,
              f"running header on {p['事業コード']}'s page")
        num = kids[0]["destpageposfrom1"] - front
        check(re.search(rf"(?m)^\s*{num}\s*$", text) is not None,
              f"{p['事業コード']}: footer page number {num}")
check(seen == len(projects) == 14, f"{seen} of {len(projects)} projects bookmarked")

# the contents: every line's number is the label of the page it names
toc = []
for n in range(2, front + 1):
    for line in page(n).splitlines():
        m = re.match(r"^\s*(\S.*?)\s{2,}(\d+)\s*$", line)
        if m:
            toc.append((m.group(1).strip(), int(m.group(2)), n))
check(len(toc) == 2 + len(measures) + len(projects), f"{len(toc)} contents lines")
for title, num, _ in toc:
    text = page(front + num)
    m = re.match(r"^(\d+)\s+(.*)$", title)
    key = m.group(1) if m else title
    check(key in text, f"contents: {title} on page {num}, which shows no {key}")

# the contents' links go where its numbers say, in order
pdf = pikepdf.open(book)
index = {p.objgen: i for i, p in enumerate(pdf.pages)}
links = []
for n in range(1, front):
    annots = sorted(pdf.pages[n].get("/Annots", []), key=lambda a: -float(a.Rect[3]))
    links += [index[a.Dest[0].objgen] - front + 1 for a in annots]
check(links == [num for _, num, _ in toc], f"links {links} != contents {[n for _, n, _ in toc]}")
for b in bad:
    print("  " + b)
sys.exit(1 if bad else 0)
EOF

# ---- the summary: totals as the roll-ups give them ----
# the 事業 counted are those with a sheet in the book (14): the 3 programs known from the
# KPI sheet only belong to the KPI report, and are not 事業 of 集計 (nor a （記載なし） row)
grep -qE '^ *合計 +14 +936,111 +1,074,089' "$TMP/page-3.txt" ||
    fail "summary: policy total 14 事業, 936,111 / 1,074,089: $(grep 合計 "$TMP/page-3.txt" | head -1)"
[ "$(grep -cE '^ *合計 +14 +936,111 +1,074,089' "$TMP/page-3.txt")" -eq 2 ] ||
    fail "summary: the 部 table's total is not 14 事業 either"
grep -qE '^ *水産経済部 +4 +40,256 +54,780' "$TMP/page-3.txt" ||
    fail "summary: 水産経済部 has 4 projects with a sheet: $(grep 水産経済部 "$TMP/page-3.txt")"
grep -q '（記載なし）' "$TMP/page-3.txt" && fail "summary: a row of KPI-only programs"
grep -qE '^ *未選択 +0$' "$TMP/page-3.txt" || fail "summary: 未選択 counts KPI-only programs: $(grep 未選択 "$TMP/page-3.txt")"
[ "$(grep -cE '^ *合計 +14$' "$TMP/page-3.txt")" -eq 2 ] ||
    fail "summary: 今後の方向性 and 評価結果 do not total 14: $(grep -E '^ *合計 +[0-9]+$' "$TMP/page-3.txt" | tr -s ' ')"
grep -qE '^ *計画どおり着手が適当 +12' "$TMP/page-3.txt" || fail "summary: 今後の方向性 count"
grep -qE '^ *全体 +81.39 ' "$TMP/page-3.txt" || fail "summary: KPI mean 81.39"
grep -qE '^ *計画どおり実施 +12$' "$TMP/page-3.txt" || fail "summary: 12 projects 計画どおり実施 (総合政策部の判定)"
grep -qE '^ *見直しの上実施 +2$' "$TMP/page-3.txt" || fail "summary: 2 projects 見直しの上実施"
grep -qE '^ *ii *$' "$TMP/page-2.txt" || fail "the contents' page number ii"
grep -qF '令和6年4月1日' "$TMP/page-1.txt" && fail "cover date: SOURCE_DATE_EPOCH is 1 July"
grep -qF '令和6年7月1日' "$TMP/page-1.txt" || fail "cover date: $(cat "$TMP/page-1.txt")"

# ---- same data, same bytes, whatever the number of threads ----
"$HYOKA" build "$SRC/input" -o "$TMP/again" -j 1 -q 2>/dev/null || fail "second build"
cmp -s "$BOOK" "$TMP/again/book.pdf" || fail "two runs give different books"

# ---- the profile's title, file name and sections: 部, then 課 ----
cp -r "$SRC/templates" "$TMP/tpl"
# top-level keys go before the first [section]
sed -i '/^city = /a book_title = 事務事業評価 年次報告\nbook_file = hyokasho.pdf\nbook_sections = department' \
    "$TMP/tpl/nemuro/profile.conf"
"$HYOKA" build "$SRC/input" -o "$TMP/dept" --templates "$TMP/tpl" -q --outputs book 2>"$TMP/dept.err" ||
    fail "department book: $(cat "$TMP/dept.err")"
[ "$(ls "$TMP/dept")" = "hyokasho.pdf" ] || fail "book_file: $(ls "$TMP/dept")"
pdfinfo "$TMP/dept/hyokasho.pdf" 2>/dev/null | grep -qx 'Title: *令和6年度 事務事業評価 年次報告' ||
    fail "book_title: $(pdfinfo "$TMP/dept/hyokasho.pdf" | grep Title)"
qpdf --json --json-key=outlines "$TMP/dept/hyokasho.pdf" > "$TMP/dept.json" || fail "qpdf --json (department)"
/usr/bin/python3 - "$TMP/dept.json" "$TMP/norm/projects.csv" "$TMP/out/sheets" <<'EOF2' || fail "department sections (above)"
import csv, json, os, sys
out = json.load(open(sys.argv[1]))["outlines"]
with open(sys.argv[2], encoding="utf-8-sig") as f:
    projects = [p for p in csv.DictReader(f)
                if os.path.exists(f"{sys.argv[3]}/{p['事業コード']}.pdf")]
want = {}
for p in projects:
    want.setdefault(p["部"], {}).setdefault(p["課"], []).append(f"{p['事業コード']}　{p['事業名']}")
# projects come in report order (the KPI sheet's, then the input's): compare as sets
got = {o["title"]: {k["title"]: sorted(g["title"] for g in k["kids"]) for k in o["kids"]}
       for o in out[4:]}
want = {d: {s: sorted(v) for s, v in subs.items()} for d, subs in want.items()}
if got != want or [o["title"] for o in out[:4]] != ["表紙", "目次", "集計", "施策KPIの進捗状況"]:
    print("  got", got)
    print("  want", want)
    sys.exit(1)
EOF2

# ---- the book's sheets are the sheets: same words, with last year beside (--previous) ----
FIX="$SRC/tests/fixtures/budget"
"$HYOKA" build "$FIX/cur" -o "$TMP/bud" --templates "$FIX/templates" --previous "$FIX/prev" -q \
    2>/dev/null || fail "build --previous"
qpdf --json --json-key=outlines "$TMP/bud/book.pdf" > "$TMP/bud.json" || fail "qpdf --json (budget)"
/usr/bin/python3 - "$TMP/bud" <<'EOF2' || fail "the book's sheets differ from the sheets (above)"
import collections, json, subprocess, sys
d = sys.argv[1]
def words(pdf, page=None):
    opt = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", *opt, pdf, "-"], capture_output=True, text=True,
                          check=True).stdout.split()
out = json.load(open(f"{d}.json"))["outlines"]
front = next(o for o in out if o["title"] == "集計")["destpageposfrom1"] - 1
bad, n = [], 0
for sec in out[3:]:
    for sub in sec["kids"]:
        for k in sub["kids"]:
            code = k["title"].split("\u3000")[0]
            pos = k["destpageposfrom1"]
            sheet = collections.Counter(words(f"{d}/sheets/{code}.pdf"))
            book = collections.Counter(words(f"{d}/book.pdf", pos))
            running = collections.Counter(["令和6年度", "事務事業評価報告書", sec["title"], "／",
                                           sub["title"], str(pos - front)])
            if book - running != sheet:
                bad.append((code, (book - running) - sheet, sheet - (book - running)))
            n += 1
print(f"  {n} sheets compared" if not bad else f"  differ: {bad[:3]}")
sys.exit(1 if bad or n < 20 or "前年度比較" not in " ".join(words(f"{d}/sheets/B001.pdf")) else 0)
EOF2

[ $failures -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "book: all passed"
