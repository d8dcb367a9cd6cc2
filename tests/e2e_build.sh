#!/bin/bash
# End to end: hyoka build and check on the sample data set and on broken copies of it,
# asserting what a reader of the outputs would see (text on the page, exit statuses,
# messages), not merely that files exist.
#   usage: e2e_build.sh PATH/TO/hyoka
set -u
HYOKA=${1:?usage: e2e_build.sh HYOKA}
SRC=${HYOKA_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hyoka-e2e.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1719792000    # 2024-07-01 00:00 UTC
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
expect_contains() {   # haystack-file needle description
    grep -qF -- "$2" "$1" || fail "$3: \"$2\" not found"
}

# ---- the sample data set builds: one sheet per project, the workbook, no errors ----
"$HYOKA" build "$SRC/input" -o "$TMP/out" 2>"$TMP/build.err"
rc=$?
[ $rc -eq 0 ] || { fail "build exited $rc"; cat "$TMP/build.err"; }
n=$(ls "$TMP/out/sheets/"*.pdf 2>/dev/null | wc -l)
[ "$n" -eq 14 ] || fail "expected 14 sheets, got $n"
[ -s "$TMP/out/summary.xlsx" ] || fail "no summary.xlsx"
[ "$(wc -l < "$TMP/out/validation.csv")" -eq 1 ] || fail "validation.csv should hold only its header"
expect_contains "$TMP/build.err" "input/projects.csv: projects: 14 rows read, 14 accepted, 0 rejected" "table report"
expect_contains "$TMP/build.err" "input/costs.csv: costs: 66 rows read, 66 accepted, 0 rejected" "table report"
expect_contains "$TMP/build.err" "input/kpi.csv: kpi: 16 rows read, 16 accepted, 0 rejected" "table report"
expect_contains "$TMP/build.err" "hyoka: 14 sheets, kpi-report.pdf and summary.xlsx written to $TMP/out (0 warnings)" "summary line"
# the projects known only from the KPI sheet were never evaluated: no sheet for them
for code in 31020 13060 21030; do
    [ -e "$TMP/out/sheets/$code.pdf" ] && fail "KPI-only project $code got an evaluation sheet"
done
ls -a "$TMP/out" "$TMP/out/sheets" | grep -q '\.tmp$' && fail "a temporary file was left in out/"

# ---- the seed 000 sheet: every label, the figures, ■ on the chosen options ----
sheet="$TMP/out/sheets/13035.pdf"
pdftotext -layout "$sheet" "$TMP/13035.txt" 2>"$TMP/pdftotext.err"
[ -s "$TMP/pdftotext.err" ] && fail "pdftotext printed warnings: $(head -2 "$TMP/pdftotext.err")"
# -raw keeps each cell's lines together (in drawing order), so a wrapped text
# reads back whole once the line breaks are removed
pdftotext -raw "$sheet" - | tr -d ' \n' > "$TMP/13035.flat"
for label in "事務事業評価（事前評価）シート【令和6年度】" 作成年月 令和６年7月 事業番号 7-07 事務事業名 \
    関係人口拡大促進事業 13035 "主管課（担当名）" 【地域創生室】 事業区分 ■実施計画 ■重点プロジェクト \
    １施策体系 施策区分 計画的で持続可能な財政運営 施策目標 将来にわたり健全で安定した財政運営を推進するまち \
    施策体系との関連 ２事務事業の目的 目的 実施方法 ■直営（市が直接実施） □補助（民間等に補助） \
    □委託（民間等に委託） □その他 事務区分 ■自治事務 □法定受託事務 ３事務事業の概要 年度 概要 \
    R2 R3 R4 R5 R6 "（単位：千円）" 事業費 内 訳 国庫支出金 道支出金 地方債 ふるさと関連基金 その他 一般財源 \
    "人員(人工）" "職員費（人員×7,262千円）" 総事業費 維 持 管 理 管理主体 運営方法 施設維持費 概算人件費 \
    合計／年 活 動 指 標 指標名 "目標値（R2）" "計画値（R5）" "目標値（R7）" 交流イベント参加者数 1,000人 \
    ４事務事業の現状と課題 成果 事務事業改善策 "（継続事業のみ記入）" ５事務事業の効果について \
    取組みに当たって 期待される効果など 根室市の関係人口の増加 ６評価の視点 ア．市民ニーズ \
    □かなりのニーズがある ■ニーズはある □ニーズはあまりない イ．市が実施する必要性 \
    □市が実施すべきである ■市の実施について検討の余地あり □市以外で実施可能である ウ．事業の緊急性 \
    □緊急性が高い ■緊急性はある □緊急性はない エ．手段の適切性 ■適切である □現状として妥当である \
    □検討の可能性はある オ．事業の公平性 ■公平性は高い □概ね公平である □改善の余地はある \
    カ．事業の有効性 ■本事業の有効性が高い □本事業の有効性がある □既存事業と大きな差はない \
    ７今後の事業の進め方 ア．主管課の考え方 イ．アを踏まえ、担当部局の方針 ■計画どおり着手が適当 □再検討し実施する \
    □着手を延期する 総合政策部で 付された意見 【計画どおり実施】; do
    expect_contains "$TMP/13035.flat" "$label" "seed 000 label"
done
# the figures in their rows: 事業費 22,000 in R6 and the total column, 人員 1.00,
# 職員費 7,262, 総事業費 29,262
grep -E '^ *事業費 +22,000 +22,000 *$' "$TMP/13035.txt" >/dev/null || fail "事業費 row is not 22,000 / 22,000"
grep -E '一般財源 +22,000 +22,000 *$' "$TMP/13035.txt" >/dev/null || fail "一般財源 row is not 22,000 / 22,000"
grep -E '人員\(人工） +1\.00 +1\.00 *$' "$TMP/13035.txt" >/dev/null || fail "人員 row is not 1.00 / 1.00"
grep -E '職員費（人員×7,262千円） +7,262 +7,262 *$' "$TMP/13035.txt" >/dev/null || fail "職員費 row is not 7,262 / 7,262"
grep -E '^ *総事業費 +29,262 +29,262 *$' "$TMP/13035.txt" >/dev/null || fail "総事業費 row is not 29,262 / 29,262"
# texts of the seed, whole (line breaks and spaces removed)
for text in "都心部(東京都新宿区)において根室応援団を招いたクローズのリアルイベントを開催し、食と絶景をコンセプトに根室の魅力を再認識いただき、継続的なつながりを構築することで関係人口の創出・拡大に寄与する。" \
    "関係人口との継続的なつながりを構築する取組みは、国においても推奨しており、まちのファンづくりにおいて直接的な交流は有効性が高い。" \
    "計画どおり事業推進を図り、関係人口の創出・拡大並びに継続的な交流を進められたい。"; do
    expect_contains "$TMP/13035.flat" "$text" "seed 000 text"
done
pdffonts "$sheet" > "$TMP/fonts.txt" 2>&1
grep -E 'IPAexGothic +CID TrueType +Identity-H +yes +yes +yes' "$TMP/fonts.txt" >/dev/null \
    || fail "IPAex Gothic is not embedded as a subset with ToUnicode: $(cat "$TMP/fonts.txt")"
[ "$(pdfinfo "$sheet" | awk '/^Pages:/ {print $2}')" = 1 ] || fail "the seed sheet is not one page"
for f in "$TMP/out/sheets/"*.pdf; do
    qpdf --check "$f" >/dev/null 2>&1 || fail "qpdf --check failed on $f"
done

# ---- long text wraps inside its box (the 目的 of 13052 spans several lines) ----
pdftotext -layout "$TMP/out/sheets/13052.pdf" "$TMP/13052.txt"
lines=$(grep -c -E '(人口減少|担い手|移住希望者|切れ目のない|社会減の縮小に)' "$TMP/13052.txt")
[ "$lines" -ge 3 ] || fail "the long 目的 of 13052 should wrap over several lines, found $lines"
pdftotext -raw "$TMP/out/sheets/13052.pdf" - | tr -d ' \n' | grep -qF "転入者の増加と転出者の抑制を図り、社会減の縮小につなげる。" \
    || fail "the end of 13052's long 目的 is missing"

# ---- the KPI progress report: summary first, then every program's projects and KPIs ----
report="$TMP/out/kpi-report.pdf"
[ -s "$report" ] || fail "no kpi-report.pdf"
qpdf --check "$report" >/dev/null 2>&1 || fail "qpdf --check failed on kpi-report.pdf"
pages=$(pdfinfo "$report" | awk '/^Pages:/ {print $2}')
[ "$pages" -ge 3 ] || fail "kpi-report.pdf has $pages pages, expected the summary and 11 projects over 3 or more"
pdftotext -layout -f 1 -l 1 "$report" "$TMP/report1.txt"
pdftotext -layout "$report" "$TMP/report.txt"
pdftotext -raw "$report" - | tr -d ' \n' > "$TMP/report.flat"
grep -E '全 +体 +81\.39 +（集計対象 9事業\[13KPI\]／全 11事業\[16KPI\]） +9KPI +6事業' "$TMP/report1.txt" >/dev/null \
    || fail "page 1 lacks the overall average with its coverage"
for line in 'ねむろの産業を元気にするプロジェクト +56\.61 +（集計対象 3事業\[4KPI\]／全 4事業\[6KPI\]） +2KPI +1事業' \
    'ねむろへの新しいひとの流れをつくるプロジェクト +100\.00 +（集計対象 2事業\[4KPI\]／全 3事業\[5KPI\]） +4KPI +2事業' \
    '安心して暮らし続けられるまちをつくるプロジェクト +86\.31 +（集計対象 4事業\[5KPI\]／全 4事業\[5KPI\]） +3KPI +3事業'; do
    grep -E "$line" "$TMP/report1.txt" >/dev/null || fail "page 1 lacks the program row /$line/"
done
# KPI rows as a reader checks them: baseline, R2..R5 actuals, 補正前スコア, スコア, target
for line in '寄附件数 +38,410件 +52,117件 +58,306件 +60,894件 +61,922件 +304\.30 +100\.00 +50,000件' \
    '観光入込客数 +486千人 +312千人 +355千人 +441千人 +478千人 +-23\.53 +-23\.53 +520千人' \
    '外国人宿泊者延べ数 +4,210人 +120人 +380人 +2,950人 +未集計 +― +― +6,000人' \
    'ブランド認証品目数 +0品目 +― +― +― +― +― +― +20品目 +集計対象外：新規事業（★）' \
    '除雪不能による市道の通行止め件数 +0件 +0件 +0件 +0件 +0件 +100\.00 +100\.00 +0件 +入力値' \
    '65歳以上の要介護認定率 +19\.8% +19\.9% +19\.7% +19\.6% +19\.5% +56\.25 +56\.25 +19\.0%'; do
    grep -E "$line" "$TMP/report.txt" >/dev/null || fail "the report lacks the KPI row /$line/"
done
for text in "★根室産品ブランド認証事業＜水産経済部（水産振興課）＞" "［目標値］寄附額：寄附件数の目標に1件当たりの平均寄附額を乗じて設定" \
    "《現状分析》特定健康診査の受診率は、個別通知と休日健診の実施により上昇しているが、目標との差は大きい。"; do
    expect_contains "$TMP/report.flat" "$text" "KPI report text"
done
expect_contains "$TMP/report.flat" "集計対象外：R5実績値なし（未集計）" "the reason a KPI is not counted"
# one KPI table per project, each with its header
[ "$(grep -cE '^ *施策KPI +' "$TMP/report.txt")" -eq 11 ] || fail "expected 11 KPI table headers"
[ "$(grep -cE '^ *－ *[0-9]+ *－ *$' "$TMP/report.txt")" -eq "$pages" ] || fail "not every page has its number"
pdffonts "$report" | grep -qE 'IPAexGothic +CID TrueType +Identity-H +yes +yes +yes' \
    || fail "the report's font is not an embedded subset"

# ---- same input, same bytes ----
"$HYOKA" build "$SRC/input" -o "$TMP/again" -q 2>/dev/null
for f in summary.xlsx sheets/13035.pdf sheets/13052.pdf kpi-report.pdf; do
    cmp -s "$TMP/out/$f" "$TMP/again/$f" || fail "$f differs between two runs"
done

# ---- check: a malformed data set is reported at file:row:column, exit 1 ----
bad="$TMP/bad"
mkdir -p "$bad"
cp "$SRC/input/"* "$bad/"
# an unterminated quote on the last row of the indicators
printf '"13035,活動指標,壊れた行,人,1,2,3\r\n' | iconv -f UTF-8 -t CP932 >> "$bad/indicators.csv"
# a byte that is not CP932 inside row 3, column 2 of the costs
/usr/bin/env python3 - "$bad/costs.csv" <<'PY'
import sys
p = sys.argv[1]
rows = open(p, "rb").read().split(b"\r\n")
cells = rows[2].split(b",")
cells[1] = cells[1] + b"\x81\x20"       # 0x81 0x20: a lead byte with no valid trail
rows[2] = b",".join(cells)
# a non-number in 事業費 of row 5
cells = rows[4].split(b",")
cells[3] = "未定".encode("cp932")
rows[4] = b",".join(cells)
open(p, "wb").write(b"\r\n".join(rows))
PY
"$HYOKA" check "$bad" 2>"$TMP/check.err"
rc=$?
[ $rc -eq 1 ] || fail "check on broken data exited $rc, expected 1"
grep -E "^$bad/costs.csv!B3: error: .*invalid CP932 byte" "$TMP/check.err" >/dev/null \
    || fail "bad CP932 byte not reported at costs.csv!B3: $(cat "$TMP/check.err")"
grep -E "^$bad/costs.csv!D5: error: 事業費: expected an amount of money" "$TMP/check.err" >/dev/null \
    || fail "non-number 事業費 not reported at costs.csv:5:4"
grep -E "^$bad/indicators.csv!A21: error: unterminated quoted field" "$TMP/check.err" >/dev/null \
    || fail "unterminated quote not reported at indicators.csv:21:1"

# ---- build on broken data: exit 1, validation.csv, no sheet, nothing half-written ----
"$HYOKA" build "$bad" -o "$TMP/badout" 2>"$TMP/badbuild.err"
rc=$?
[ $rc -eq 1 ] || fail "build on broken data exited $rc, expected 1"
[ -e "$TMP/badout/sheets" ] && [ -n "$(ls -A "$TMP/badout/sheets")" ] && fail "sheets were rendered from broken data"
[ -e "$TMP/badout/summary.xlsx" ] && fail "summary.xlsx was written from broken data"
grep -q "^error,costs.csv,,3,2,invalid CP932 byte" "$TMP/badout/validation.csv" || fail "validation.csv lacks the bad byte"
ls -a "$TMP/badout" | grep -q '\.tmp$' && fail "a temporary file was left behind"

# ---- a failed build leaves an earlier good output untouched ----
cp "$TMP/out/sheets/13035.pdf" "$TMP/13035.before"
"$HYOKA" build "$bad" -o "$TMP/out" 2>/dev/null
cmp -s "$TMP/13035.before" "$TMP/out/sheets/13035.pdf" || fail "a failed build changed an earlier sheet"

# ---- usage errors exit 2, I/O errors 3 ----
"$HYOKA" build "$SRC/input" 2>/dev/null; [ $? -eq 2 ] || fail "build without -o should exit 2"
"$HYOKA" frobnicate 2>/dev/null; [ $? -eq 2 ] || fail "an unknown command should exit 2"
"$HYOKA" check "$SRC/input" --profile nosuchcity 2>"$TMP/p.err"; [ $? -eq 2 ] || fail "an unknown profile should exit 2"
expect_contains "$TMP/p.err" 'profile "nosuchcity": no such profile' "unknown profile message"
"$HYOKA" check "$TMP/does-not-exist" 2>/dev/null; [ $? -eq 3 ] || fail "a missing input should exit 3"
"$HYOKA" --version | grep -qE '^hyoka [0-9]+\.[0-9]+\.[0-9]+$' || fail "--version"
"$HYOKA" --help | grep -q "hyoka build INPUT -o OUT" || fail "--help"

# ---- a project code cannot name a path outside out/ ----
evil="$TMP/evil"
mkdir -p "$evil"
printf '事業コード,事業名,評価年度\r\n../../escape,=HYPERLINK("http://x"),R6\r\n' | iconv -f UTF-8 -t CP932 > "$evil/p.csv"
echo "profile = nemuro" > "$evil/hyoka.conf"
"$HYOKA" build "$evil" -o "$TMP/evilout" -q 2>"$TMP/evil.err" || fail "build of a hostile code failed: $(cat "$TMP/evil.err")"
[ -e "$TMP/escape.pdf" ] || [ -e "$TMP/evilout/escape.pdf" ] && fail "a code escaped out/sheets"
[ -e "$TMP/evilout/sheets/______escape.pdf" ] || fail "the hostile code's sheet is not out/sheets/______escape.pdf: $(ls "$TMP/evilout/sheets")"

if [ $failures -gt 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "e2e_build: all checks passed"
