#!/bin/bash
# The KPI progress report of another city's data (tests/fixtures/kpi-other: 帯広市 on the
# shared template), asserted line by line as a reader sees it: the city's own plan and
# years as its headers write them (H26, H28, H31, never R元), a per-row base year (H23),
# figures with the precision they were entered with, the empty year columns left out, the
# 事業番号 and ★ on each project, [目標値] once per KPI, the revision note, 《現状分析》 per
# project, and the city's entered score that differs from the rule, marked, with both
# figures in the note and in the warning.
#   usage: kpi_report.sh PATH/TO/hyoka
set -u
HYOKA=${1:?usage: kpi_report.sh HYOKA}
SRC=${HYOKA_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hyoka-kpi.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1719792000
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

"$HYOKA" build "$SRC/tests/fixtures/kpi-other" -o "$TMP/out" 2>"$TMP/build.err"
rc=$?
[ $rc -eq 0 ] || { fail "build exited $rc"; cat "$TMP/build.err"; }
report="$TMP/out/kpi-report.pdf"
[ -s "$report" ] || { fail "no kpi-report.pdf"; echo "$failures failure(s)"; exit 1; }

# the page text, one printed line a line, runs of spaces as one
pdftotext -layout "$report" - | sed 's/  */ /g; s/^ //; s/ $//' | grep -v '^$' > "$TMP/report.txt"

# Every expected line, in this order (other lines may stand between them).
expected=(
  "帯広市 施策KPIの進捗状況（H28実績）"
  "施策KPIの進捗状況（H28実績）"
  "帯広市まち・ひと・しごと創生総合戦略"
  "まちの元気プロジェクト 100.00 （集計対象 1事業[2KPI]／全 2事業[3KPI]） 2KPI 1事業"
  "子育て応援プロジェクト 39.40 （集計対象 1事業[2KPI]／全 1事業[2KPI]） 1KPI 0事業"
  "全 体 69.70 （集計対象 2事業[4KPI]／全 3事業[5KPI]） 3KPI 1事業"
  "※ スコアは、基準値（H26）から目標値（H31）までの計画期間のうち、評価年度（H28）までに経過した割合（40.0%）に対して、KPIがどれだけ目標に近づいたかを表す。進捗率 p ＝（実績値－基準値）÷（目標値－基準値）と"
  "まちの元気プロジェクト 平均スコア 100.00 （集計対象 1事業[2KPI]／全 2事業[3KPI]）"
  "No.7 商店街活性化事業 ＜産業港湾部（商業労政課）＞"
  "空き店舗への出店を支援する事業"
  "基準値 H27 H28 補正前 目標値"
  "施策KPI スコア 備考"
  "（H26） 実績値 実績値 スコア （H31）"
  "新規出店数 10件 12件 16件 100.00 100.00 25件"
  "75.85%"
  "商店街の満足度 97% 98% 229.30 100.00 100%"
  "（H23）"
  "［目標値］新規出店数：+3件/年"
  "［目標値］商店街の満足度：市民アンケートで全員の満足を目指す"
  "《現状分析》出店は計画どおり進んでいる。"
  "No.8 ★観光案内強化事業 ＜産業港湾部（観光振興室）＞"
  "案内所利用者数 0人 ― ― ― ― 5,000人 集計対象外：新規事業（★）"
  "［目標値］案内所利用者数：H29新規事業"
  "《現状分析》案内所はH29に開設する。"
  "No.31 子育て相談事業 ＜こども未来部（子育て支援課）＞"
  "相談待ち件数 1,199件 1,000件 836件 245.93 100.00 830件"
  "※所管課の入力値（算定値：補正前"
  "一時保育の待機児童数 213人 215人 220人 ※21.21 ※21.21 180人 -21.21／スコア-21.21）"
  "［目標値］相談待ち件数：待ち件数を830件まで減らす"
  "※H29.3改訂で目標値見直し950件→830件"
  "［目標値］一時保育の待機児童数：待機児童を180人まで減らす"
  "《現状分析》相談員の増員で待ち件数が減っている。"
)
at=0
for line in "${expected[@]}"; do
    n=$(tail -n +"$((at + 1))" "$TMP/report.txt" | grep -nxF -- "$line" | head -1 | cut -d: -f1)
    if [ -z "$n" ]; then
        fail "line not found (after line $at): $line"
    else
        at=$((at + n))
    fi
done

# what must not be there: Nemuro's words, a year re-written in another era, invented digits,
# a year column with nothing in it, a note or analysis printed twice
for text in 根室 R元 R7 令和 97.00% 98.00% H25 "基準値 H25" "基準値 H26"; do
    grep -qF -- "$text" "$TMP/report.txt" && fail "the report prints \"$text\""
done
[ "$(grep -cF '［目標値］相談待ち件数' "$TMP/report.txt")" -eq 1 ] || fail "a [目標値] note is printed more than once"
[ "$(grep -cF '《現状分析》相談員の増員' "$TMP/report.txt")" -eq 1 ] || fail "《現状分析》 is printed per KPI, not per project"
[ "$(grep -cE '^施策KPI スコア 備考$' "$TMP/report.txt")" -eq 3 ] || fail "expected 3 KPI tables"

# the document's title is the plan's; the warning names the city's figure and the rule's
pdfinfo "$report" | grep -qE '^Title: +帯広市まち・ひと・しごと創生総合戦略 施策KPIの進捗状況$' \
    || fail "the PDF title is not the plan's: $(pdfinfo "$report" | grep Title)"
grep -qF "kpi.csv:6: warning: project 31, KPI 一時保育の待機児童数: the given スコア 21.21 differs from the computed -21.21; the report prints the given 21.21 marked ※" "$TMP/build.err" \
    || fail "no warning naming both scores: $(cat "$TMP/build.err")"

# without title or city in hyoka.conf, the profile's city names the report and no plan line
mkdir -p "$TMP/plain"
cp "$SRC/tests/fixtures/kpi-other/kpi.csv" "$TMP/plain/"
echo "profile = nemuro" > "$TMP/plain/hyoka.conf"
"$HYOKA" build "$TMP/plain" -o "$TMP/out2" -q 2>/dev/null || fail "build without city/title failed"
pdftotext -layout -l 1 "$TMP/out2/kpi-report.pdf" - | sed 's/  */ /g; s/^ //; s/ $//' | grep -v '^$' > "$TMP/plain.txt"
head -3 "$TMP/plain.txt" | grep -qxF "根室市 施策KPIの進捗状況（H28実績）" || fail "the profile's city is not the fallback"
grep -qF "まち・ひと・しごと創生総合戦略" "$TMP/plain.txt" && fail "a plan printed that hyoka.conf does not name"

[ $failures -eq 0 ] && echo "kpi_report: all checks passed"
[ $failures -eq 0 ]
