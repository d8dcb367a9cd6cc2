#!/bin/bash
# Every PDF hyoka writes is tagged PDF/UA-1 and PDF/A-2u: ../shared/tools/pdfcheck (the
# machine-checkable rules of both) passes on every sheet of every city's sample and on
# the KPI report, and fails on an untagged sheet as hyoka wrote them before (kept as a
# fixture). The structure tree is read back (tests/support/pdfstruct.py): the Nemuro
# sheet reads title, section 1's labels and values, ..., section 7, in that order; every
# header cell has its data and a /Scope, and no heading skips a level, in every file.
#   usage: pdfua.sh PATH/TO/hyoka
set -u
HYOKA=${1:?usage: pdfua.sh HYOKA}
SRC=${HYOKA_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
PDFCHECK="$SRC/../shared/tools/pdfcheck"
PY=/usr/bin/python3
STRUCT="$SRC/tests/support/pdfstruct.py"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hyoka-pdfua.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1719792000
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# the checker and what it needs are part of the test environment (scripts/install-deps)
[ -f "$PDFCHECK" ] || { echo "FAIL: no pdfcheck at $PDFCHECK (shared/ beside the clone)"; exit 1; }
$PY -c 'import pikepdf, fontTools' 2>/dev/null ||
    { echo "FAIL: pdfcheck needs python3-pikepdf and python3-fonttools (scripts/install-deps)"; exit 1; }

# ---- every kind of PDF, every city's sample ----
"$HYOKA" build "$SRC/input" -o "$TMP/out" -q || fail "build input exited $?"
for conf in "$SRC"/input/*/hyoka.conf; do
    city=$(basename "$(dirname "$conf")")
    "$HYOKA" build "$SRC/input/$city" -o "$TMP/out/$city" -q || fail "build input/$city exited $?"
done
# the standard form (templates/standard), for a city with no profile of its own
"$HYOKA" build "$SRC/input" -o "$TMP/out/standard" -q --profile standard ||
    fail "build input --profile standard exited $?"
[ -s "$TMP/out/standard/sheets/13035.pdf" ] || fail "no standard-form sheet"
# book.pdf (every sample's) is checked, and its structure read back, by book_pdfua.sh
find "$TMP/out" -name '*.pdf' ! -name book.pdf | sort > "$TMP/pdfs"
[ -s "$TMP/out/kpi-report.pdf" ] || fail "no kpi-report.pdf"
for city in asahikawa saitama; do
    ls "$TMP/out/$city/sheets/"*.pdf >/dev/null 2>&1 || fail "no $city sheets"
done
n=$(wc -l < "$TMP/pdfs")
[ "$n" -ge 36 ] || fail "expected at least 36 PDFs (14 + 3 + 3 sheets, the KPI report, the standard form's), got $n"
$PY "$PDFCHECK" $(cat "$TMP/pdfs") > "$TMP/check.out" 2>&1
rc=$?
[ $rc -eq 0 ] || { fail "pdfcheck exited $rc"; grep -v ' files, ' "$TMP/check.out" | head -20; }
grep -qx "$n files, 0 failed" "$TMP/check.out" || fail "pdfcheck: $(tail -1 "$TMP/check.out")"
while read -r f; do
    qpdf --check "$f" > "$TMP/qpdf.out" 2>&1 || fail "qpdf --check $f: $(tail -2 "$TMP/qpdf.out")"
    pdftotext "$f" - 2>"$TMP/pt.err" >/dev/null
    [ -s "$TMP/pt.err" ] && fail "pdftotext $f: $(head -1 "$TMP/pt.err")"
    $PY "$STRUCT" check "$f" >> "$TMP/struct.out" || true
done < "$TMP/pdfs"
[ -s "$TMP/struct.out" ] && { fail "table and heading structure:"; head -20 "$TMP/struct.out"; }

# ---- the checker fails on untagged output: today's sheet before tagging ----
untagged="$SRC/tests/fixtures/pdfua/untagged-sheet.pdf"
$PY "$PDFCHECK" "$untagged" > "$TMP/untagged.out" 2>&1
rc=$?
[ $rc -eq 1 ] || fail "pdfcheck on the untagged fixture exited $rc, expected 1"
for rule in UA1-7.1-struct UA1-01-005 UA1-6.2 UA1-06-001 A2U-6.6.2.1 A2U-6.1.3 A2U-6.2.4.3; do
    grep -q ": $rule: " "$TMP/untagged.out" || fail "untagged fixture: pdfcheck did not report $rule"
done

# ---- reading order of the Nemuro sheet (seed 000) ----
$PY "$STRUCT" tree "$TMP/out/sheets/13035.pdf" > "$TMP/13035.tree" || fail "pdfstruct tree failed"
# the text of the elements, one per line, in reading order
cut -s -f2 "$TMP/13035.tree" > "$TMP/13035.order"
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
in_order "$TMP/13035.order" "Nemuro reading order" \
    "事務事業評価（事前評価）シート【令和6年度】" "事業番号" "7-07" "事務事業名" "関係人口拡大促進事業" \
    "１　施策体系" "施策区分" "計画的で持続可能な財政運営" "施策目標" \
    "将来にわたり健全で安定した財政運営を推進するまち" \
    "２　事務事業の目的" "目　的" "都心部(東京都新宿区)" "実施方法" "■直営（市が直接実施）" \
    "３　事務事業の概要" "年　度" "概　　要" "総事業費" "29,262" "交流イベント参加者数" "1,000人" \
    "４　事務事業の現状と課題" "成　果" "５　事務事業の効果について" "根室市の関係人口の増加" \
    "６　評価の視点" "ニーズはある" "７　今後の事業の進め方" "【計画どおり実施】"
# the structure around them: the title is the document's H1, each section a Sect led by its H2
grep -qx "  H1	事務事業評価（事前評価）シート【令和6年度】" "$TMP/13035.tree" || fail "title is not the H1"
[ "$(grep -c '^  Sect$' "$TMP/13035.tree")" -eq 7 ] || fail "expected 7 sections, got $(grep -c '^  Sect$' "$TMP/13035.tree")"
grep -qx "    H2	７　今後の事業の進め方" "$TMP/13035.tree" || fail "section 7's heading is not an H2 in its Sect"
grep -qx "        TH Scope=Row	施策区分" "$TMP/13035.tree" || fail "施策区分 is not a row header"
grep -A1 -x "        TH Scope=Row	施策区分" "$TMP/13035.tree" | grep -qx "        TD	計画的で持続可能な財政運営" ||
    fail "施策区分's value is not the TD beside it"
grep -qx "            LI ActualText=選択：ニーズはある" "$TMP/13035.tree" || fail "the chosen 市民ニーズ is not stated in words"
grep -q "Artifact\|（次ページに続く）" "$TMP/13035.order" && fail "an artifact was read as content"

# ---- the other cities and the KPI report: title first, sections in order ----
f="$TMP/out/saitama/sheets/8101.pdf"   # the 事業評価シート (not its explanation or worksheet)
$PY "$STRUCT" tree "$f" | cut -s -f2 > "$TMP/saitama.order"
in_order "$TMP/saitama.order" "Saitama reading order" "事業評価シート" "基本情報" "施策情報" \
    "Plan（計画）" "Do（結果）" "Check（評価）" "Action（改善）"
f=$(ls "$TMP/out/asahikawa/sheets/"*.pdf | head -1)
$PY "$STRUCT" tree "$f" > "$TMP/asahikawa.tree"
cut -s -f2 "$TMP/asahikawa.tree" > "$TMP/asahikawa.order"
in_order "$TMP/asahikawa.order" "Asahikawa reading order" "旭川市　事務事業評価シート" "開始時期" \
    "1次評価（所管部局）" "行財政改革の視点"
[ "$(grep -c '	旭川市　事務事業評価シート' "$TMP/asahikawa.tree")" -eq 1 ] ||
    fail "Asahikawa's running header is read more than once"
$PY "$STRUCT" tree "$TMP/out/kpi-report.pdf" > "$TMP/kpi.tree"
cut -s -f2 "$TMP/kpi.tree" > "$TMP/kpi.order"
in_order "$TMP/kpi.order" "KPI report reading order" "施策KPIの進捗状況" "１　プロジェクト別の進捗状況" \
    "プロジェクト" "平均スコア" "全　体" "２　プロジェクト別・事業別の施策KPIの状況" "施策KPI" "スコア"
grep -q "^      H3	" "$TMP/kpi.tree" || fail "KPI report: no program heading (H3) inside section 2"
grep -q "^        H4	" "$TMP/kpi.tree" || fail "KPI report: no project heading (H4) inside its program"
grep -q "－ 1 －" "$TMP/kpi.order" && fail "KPI report: the page footer was read as content"

# ---- a template's role= and alt=: a Figure read as its description ----
cat > "$TMP/figure.tpl" <<'TPL'
template figure "図のテスト"
page A4 portrait
font gothic ipaexg.ttf
text w=190 h=10 size=14 role=H1 "{project.name}"
text gap=2 w=60 h=30 role=Figure alt="事業費の推移：{project.code}" "■■■□"
text gap=2 w=190 h=6 role=Artifact "（印刷用の注記）"
TPL
"$HYOKA" build "$SRC/input" -o "$TMP/fig" -q --template "$TMP/figure.tpl" || fail "build with figure.tpl exited $?"
$PY "$PDFCHECK" "$TMP/fig/sheets/13035.pdf" > "$TMP/fig.out" 2>&1 || { fail "pdfcheck on the figure sheet"; head -5 "$TMP/fig.out"; }
$PY "$STRUCT" tree "$TMP/fig/sheets/13035.pdf" > "$TMP/fig.tree"
grep -qx "  Figure Alt=事業費の推移：13035	■■■□" "$TMP/fig.tree" || fail "the Figure has not its alt= text"
grep -q "印刷用の注記" "$TMP/fig.tree" && fail "a role=Artifact box was read"

[ $failures -eq 0 ] && echo "pdfua: all passed" || echo "pdfua: $failures failure(s)"
[ $failures -eq 0 ]
