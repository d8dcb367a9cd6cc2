#!/bin/bash
# End to end, a city hyoka has never seen (issue 10): folders holding only a
# city's data, no hyoka.conf and no profile, build with the standard form. Every
# project gets its sheet and every value of its rows (projects, costs,
# indicators) appears on it, read back with pdftotext; judgement items print
# the options the data set uses, in their numbered order, as ■/□.
#   usage: e2e_anycity.sh PATH/TO/hyoka
set -u
HYOKA=${1:?usage: e2e_anycity.sh HYOKA}
SRC=${HYOKA_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hyoka-e2e-anycity.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1719792000
PY=/usr/bin/python3
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
expect_contains() {   # haystack-file needle description
    grep -qF -- "$2" "$1" || fail "$3: \"$2\" not found"
}
# -raw keeps each cell's lines together; with spaces and line breaks removed a
# wrapped text reads back whole
flat() { pdftotext -raw "$1" - | tr -d ' \n\f' | sed 's/　//g'; }

# Every value of every row of every table of a data folder must appear on the
# sheet of the row's project (column 1 is the code in each of these fixtures).
# Amounts print with thousands separators and numbered options without their
# number; both are compared as the sheet writes them.
values_on_sheets() {   # input-dir out-dir
    $PY - "$1" "$2" <<'PYEOF'
import csv, glob, io, os, re, subprocess, sys
src, out = sys.argv[1], sys.argv[2]
def rows(path):
    raw = open(path, 'rb').read()
    for enc in ('utf-8', 'cp932'):
        try:
            return list(csv.reader(io.StringIO(raw.decode(enc))))
        except UnicodeDecodeError:
            pass
    raise SystemExit(path + ': not UTF-8 or CP932')
def flat(s):
    return re.sub(r'[\s\u3000,]', '', s)
NUMBERED = re.compile(r'^(?:[0-9０-９]{1,2}[\s\u3000.．:：、)）]+|[①-⑳])')
sheets = {}
bad = 0
checked = 0
for path in sorted(glob.glob(os.path.join(src, '*.csv'))):
    table = rows(path)
    header = table[0]
    for row in table[1:]:
        code = row[0]
        pdf = os.path.join(out, 'sheets', re.sub(r'[^A-Za-z0-9_-]', '_', code) + '.pdf')
        if code not in sheets:
            if not os.path.exists(pdf):
                print('FAIL: project %s has no sheet %s' % (code, pdf)); bad += 1; sheets[code] = ''
                continue
            sheets[code] = flat(subprocess.run(['pdftotext', '-raw', pdf, '-'], capture_output=True,
                                               text=True, check=True).stdout)
        for col, value in zip(header, row):
            v = flat(NUMBERED.sub('', value.strip()))
            if not v:
                continue
            checked += 1
            if v not in sheets[code]:
                print('FAIL: %s: project %s, %s = "%s" is not on its sheet' % (os.path.basename(path), code, col, value))
                bad += 1
print('checked %d values' % checked)
sys.exit(1 if bad or checked < 100 else 0)
PYEOF
}

for city in plain city2; do
    in="$SRC/tests/fixtures/anycity/$city"
    [ ! -e "$in/hyoka.conf" ] || fail "$city: the fixture must have no hyoka.conf"
    "$HYOKA" build "$in" -o "$TMP/$city" 2>"$TMP/$city.err"
    rc=$?
    [ $rc -eq 0 ] || { fail "$city: build exited $rc"; cat "$TMP/$city.err"; }
    expect_contains "$TMP/$city.err" "hyoka: $in names no city profile: using the standard form" "$city: says so"
    [ "$(grep -c 'standard form' "$TMP/$city.err")" = 1 ] || fail "$city: the standard form is announced more than once"
    expect_contains "$TMP/$city.err" "4 sheets, summary.xlsx written to $TMP/$city (0 warnings)" "$city build"
    values_on_sheets "$in" "$TMP/$city" || fail "$city: values missing from the sheets"
done

# the options each data set uses, in their numbered order, the chosen one ■
flat "$TMP/plain/sheets/A-103.pdf" > "$TMP/a103"
expect_contains "$TMP/a103" "□拡充□現状維持■縮小" "plain A-103 今後の方向性 (numbered １ ２ ３)"
expect_contains "$TMP/a103" "□高い□普通■低い" "plain A-103 必要性 (a ■/□ list)"
expect_contains "$TMP/a103" "□適正■改善の余地あり" "plain A-103 効率性 (numbered 1 2)"
expect_contains "$TMP/a103" "（理由）区画数を見直す。" "plain A-103 the reason of 今後の方向性"
expect_contains "$TMP/a103" "評価・今後の方向性" "plain A-103 section heading"
flat "$TMP/city2/sheets/0453.pdf" > "$TMP/c0453"
expect_contains "$TMP/c0453" "□継続□改善■廃止" "city2 0453 今後の方針 (①②③)"
expect_contains "$TMP/c0453" "□妥当□概ね妥当■見直しが必要" "city2 0453 妥当性"
# sections with no data are left out: 0453 has no 根拠法令, no opinions
flat "$TMP/city2/sheets/0454.pdf" > "$TMP/c0454"
if grep -qF "外部評価の意見" "$TMP/c0454"; then fail "city2 0454: an empty 意見 row is drawn"; fi
if grep -qF "その他の記載事項" "$TMP/c0454"; then fail "city2 0454: an empty その他 section is drawn"; fi
flat "$TMP/city2/sheets/0451.pdf" > "$TMP/c0451"
expect_contains "$TMP/c0451" "外部評価の意見利用者負担の見直しを検討すること。" "city2 0451 外部評価"
if grep -qF "事業の目的・概要" "$TMP/c0454" && ! grep -qF "防火衣とヘルメットを更新する。" "$TMP/c0454"; then
    fail "city2 0454: 手段 missing"
fi

# ---- hyoka init: a drafted profile renders the same sheets; a second run changes nothing
for city in plain city2; do
    in="$SRC/tests/fixtures/anycity/$city"
    cp -r "$SRC/templates" "$TMP/tpl-$city"
    "$HYOKA" init "$in" -o "$TMP/tpl-$city/drafted" 2>"$TMP/init-$city.err"
    rc=$?
    [ $rc -eq 0 ] || { fail "$city: init exited $rc"; cat "$TMP/init-$city.err"; }
    for f in profile.conf columns.conf sheet.tpl kpi-report.tpl; do
        expect_contains "$TMP/init-$city.err" "hyoka: wrote $TMP/tpl-$city/drafted/$f" "$city: init writes $f"
    done
    cmp -s "$SRC/templates/standard/sheet.tpl" "$TMP/tpl-$city/drafted/sheet.tpl" ||
        fail "$city: the drafted sheet.tpl is not the standard form"
    "$HYOKA" build "$in" -o "$TMP/own-$city" -q --templates "$TMP/tpl-$city" --profile drafted \
        2>"$TMP/own-$city.err" || { fail "$city: build with the drafted profile failed"; cat "$TMP/own-$city.err"; }
    n=0
    for f in "$TMP/$city"/sheets/*.pdf; do
        n=$((n + 1))
        cmp -s "$f" "$TMP/own-$city/sheets/$(basename "$f")" ||
            fail "$city: $(basename "$f") differs between the standard form and the drafted profile"
    done
    [ $n -eq 4 ] || fail "$city: $n sheets compared"
    (cd "$TMP/tpl-$city/drafted" && md5sum * > "$TMP/sums-$city")
    "$HYOKA" init "$in" -o "$TMP/tpl-$city/drafted" 2>"$TMP/init2-$city.err" || fail "$city: second init failed"
    [ "$(grep -c '^hyoka: kept ' "$TMP/init2-$city.err")" = 4 ] || fail "$city: second init did not keep the 4 files"
    if grep -q '^hyoka: wrote' "$TMP/init2-$city.err"; then fail "$city: second init wrote a file"; fi
    (cd "$TMP/tpl-$city/drafted" && md5sum -c --quiet "$TMP/sums-$city") || fail "$city: second init changed a file"
done
p="$TMP/tpl-plain/drafted/profile.conf"
expect_contains "$p" "options = 拡充 | 現状維持 | 縮小" "plain: 今後の方向性 in numbered order"
expect_contains "$p" "options = 高い | 普通 | 低い" "plain: 必要性 from its ■/□ lists"
expect_contains "$p" "direction = 今後の方向性" "plain: the direction item"
expect_contains "$p" "# 職員費: the data gives 人工 (人工)" "plain: the staff-cost evidence"
expect_contains "$TMP/tpl-plain/drafted/columns.conf" "prefectural = 県支出金" "plain: a matched header"
expect_contains "$TMP/tpl-plain/drafted/columns.conf" "#   [projects] 備考" "plain: a header not placed"
expect_contains "$TMP/tpl-city2/drafted/profile.conf" "options = 継続 | 改善 | 廃止" "city2: ①②③ in order"
expect_contains "$TMP/tpl-city2/drafted/columns.conf" "code = 事務事業コード" "city2: its own code header"
expect_contains "$TMP/tpl-city2/drafted/columns.conf" "actual = 実績" "city2: 実績(R5) without its year"
expect_contains "$TMP/tpl-city2/drafted/profile.conf" "the header 事業費計（千円） gives its unit （千円）" "city2: the unit in a header"
expect_contains "$TMP/tpl-city2/drafted/columns.conf" "total = 事業費計" "city2: 事業費計 without its unit"

# init drafts from the files even when hyoka.conf names another city's profile
cp -r "$SRC/tests/fixtures/anycity/plain" "$TMP/named"
printf 'profile = nemuro\ncity = 架空市\n' > "$TMP/named/hyoka.conf"
"$HYOKA" init "$TMP/named" -o "$TMP/named-draft" 2>"$TMP/named.err" || { fail "init with a hyoka.conf failed"; cat "$TMP/named.err"; }
expect_contains "$TMP/named-draft/profile.conf" "[choice 今後の方向性]" "init reads with the standard form"
expect_contains "$TMP/named-draft/profile.conf" "city = 架空市" "init takes the city from hyoka.conf"

# ---- --only: just those sheets, nothing else --------------------------------
"$HYOKA" build "$SRC/tests/fixtures/anycity/plain" -o "$TMP/only" --only A-103,A-101 2>"$TMP/only.err"
rc=$?
[ $rc -eq 0 ] || { fail "--only exited $rc"; cat "$TMP/only.err"; }
expect_contains "$TMP/only.err" "hyoka: 2 sheets written to $TMP/only/sheets (0 warnings)" "--only"
[ "$(cd "$TMP/only" && find . -type f | sort | tr '\n' ' ')" = "./sheets/A-101.pdf ./sheets/A-103.pdf " ] ||
    fail "--only wrote more than the two sheets: $(cd "$TMP/only" && find . -type f | tr '\n' ' ')"
cmp -s "$TMP/only/sheets/A-103.pdf" "$TMP/plain/sheets/A-103.pdf" || fail "--only: A-103 differs from the full build's"
# a full build's other outputs are left as they are
cp -r "$TMP/plain" "$TMP/again"
"$HYOKA" build "$SRC/tests/fixtures/anycity/plain" -o "$TMP/again" --only A-102 -q 2>"$TMP/again.err" ||
    fail "--only into a built folder failed"
[ -e "$TMP/again/sheets/A-104.pdf" ] && [ -e "$TMP/again/summary.xlsx" ] ||
    fail "--only removed the other sheets or the workbook"
"$HYOKA" build "$SRC/tests/fixtures/anycity/plain" -o "$TMP/none" --only A-101,Z-9 2>"$TMP/none.err"
rc=$?
[ $rc -eq 2 ] || fail "--only with an unknown code exited $rc, expected 2"
expect_contains "$TMP/none.err" "hyoka: --only Z-9: no project in the data has this code" "--only Z-9"
[ ! -e "$TMP/none/sheets/A-101.pdf" ] || fail "--only with an unknown code rendered A-101"

if [ $failures -gt 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "all anycity checks passed"
