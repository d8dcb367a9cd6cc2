#!/bin/bash
# More than one document per project (profile.conf `sheets = sheet.tpl explanation.tpl
# worksheet.tpl`): the Saitama sample gives each project its 事業評価シート, 事業の説明シート
# and 意見出し用ワークシート (seed 003's committee material), each its own PDF, each tested
# from its text; the explanation sheet draws the picture the data names (PNG or JPEG).
#   usage: documents.sh PATH/TO/hyoka
set -u
HYOKA=${1:?usage: documents.sh HYOKA}
SRC=${HYOKA_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hyoka-docs.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1719792000
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
flat() { pdftotext -raw "$1" - | tr -d ' \n\f'; }
lines() { pdftotext -layout "$1" - | tr -d '\f' | sed 's/  */ /g; s/^ //; s/ $//'; }

"$HYOKA" build "$SRC/input/saitama" -o "$TMP/out" 2>"$TMP/build.err" || fail "build: $(cat "$TMP/build.err")"
for code in 8101 8203 8305; do
    for doc in "" -explanation -worksheet; do
        f="$TMP/out/sheets/$code$doc.pdf"
        [ -s "$f" ] || fail "no $code$doc.pdf"
        qpdf --check "$f" >/dev/null 2>&1 || fail "qpdf --check failed on $code$doc.pdf"
    done
done
[ "$(ls "$TMP/out/sheets" | wc -l)" -eq 9 ] || fail "expected 9 documents: $(ls "$TMP/out/sheets")"
pdfinfo "$TMP/out/sheets/8101-explanation.pdf" | grep -qE '^Title: +8101 ' || fail "explanation sheet title"

# ---- 事業の説明シート of 8101: the six sections in order, each with its data ----
flat "$TMP/out/sheets/8101-explanation.pdf" > "$TMP/ex.flat"
grep -qF "【高品質経営プログラム①】平成30年度事業の説明シート" "$TMP/ex.flat" || fail "8101 explanation: no header"
expected=("事業新たな情報発信媒体を活用した効果的な広報の推進達成度B"
  "目標指標" "①フェイスブックのいいね数+ツイッターのフォロワー数+LINEの友だち数+新たな媒体の登録者数"
  "1事業概要（背景・目的・事業費）" "〔背景〕" "○ICT技術の進歩やスマートフォンの普及により" "多様な手段で、必要な行政情報を、わかりやすく発信することが求められている。"
  "〔目的〕" "〔事業費〕" "○研修講師・アドバイザー報酬1,712（千円）、会場使用料17（千円）"
  "2事業イメージ" "3具体的な事業内容" "①広報の専門家による事業所管課への「市民に伝わる」等をテーマにした研修・相談の実施"
  "4事業の結果" "①庁内研修5回（事業所管課延べ341人参加）"
  "5内部評価（施策への有効性・貢献度等）" "〔施策への有効性・貢献度〕" "〔事業の執行過程で判明した課題〕"
  "○SNSの特性である即時発信機能、拡散機能、交流機能を活用する仕組みづくりと取組"
  "6今後の方向性" "○SNS等を活用した市民・大学等との協働の取組の実施")
rest=$(cat "$TMP/ex.flat")
for t in "${expected[@]}"; do
    case "$rest" in
        *"$t"*) rest=${rest#*"$t"} ;;
        *) fail "8101 explanation: \"$t\" not found (in order)" ;;
    esac
done

# ---- 意見出し用ワークシート of 8203: key figures, the profile by viewpoint, empty boxes ----
lines "$TMP/out/sheets/8203-worksheet.pdf" > "$TMP/ws.txt"
flat "$TMP/out/sheets/8203-worksheet.pdf" > "$TMP/ws.flat"
for t in "【高品質経営プログラム②】平成30年度意見出し用ワークシート" "施策市民と行政の絆による市政運営" \
    "事業企業との連携・協定による公共的サービスの充実" "①現状認識" "②目的・対象・目標指標の設定" "③取組" \
    "④施策への有効性・貢献度" "事業のプロフィール" "〔背景〕" "〔具体的な事業内容〕" "〔事業の結果〕" \
    "○企業等と連携した取組数：193件" "（観点）→（現状分析、ニーズ把握）（事業の方向づけ）（取組内容、PR、連携・協働、効率化、その他の工夫）―" \
    "問題点" "解決策"; do
    grep -qF -- "$t" "$TMP/ws.flat" || fail "8203 worksheet: \"$t\" not found"
done
grep -qE '^達成度 B 平成30年度 決算額 0円' "$TMP/ws.txt" || fail "8203 worksheet: key figures line: $(grep 達成度 "$TMP/ws.txt" | head -1)"
grep -qE '^② 企業と連携した取組数 .*B\+$' "$TMP/ws.txt" || fail "8203 worksheet: indicator ② with its grade B+: $(grep 取組数 "$TMP/ws.txt")"
# the boxes to write in are empty: nothing between 問題点, 解決策 and the footer
sed -n '/^問題点$/,$p' "$TMP/ws.txt" | grep -vE '^(問題点|解決策|)$' | grep -vq '外部評価委員会' \
    && fail "8203 worksheet: the 問題点/解決策 boxes are not empty"

# ---- the 事業イメージ: the data's PNG (8101) and JPEG (8203) drawn; none for 8305 ----
pdfimages -list "$TMP/out/sheets/8101-explanation.pdf" | grep -qE '^ +1 +0 +image +800 +420 +rgb +3 +8 +image ' \
    || fail "8101 explanation: the PNG is not on page 1: $(pdfimages -list "$TMP/out/sheets/8101-explanation.pdf")"
pdfimages -list "$TMP/out/sheets/8203-explanation.pdf" | grep -qE '^ +1 +0 +image +800 +420 +rgb +3 +8 +jpeg ' \
    || fail "8203 explanation: the JPEG is not on page 1: $(pdfimages -list "$TMP/out/sheets/8203-explanation.pdf")"
[ "$(pdfimages -list "$TMP/out/sheets/8305-explanation.pdf" | wc -l)" -eq 2 ] || fail "8305 has no image, yet one is drawn"
flat "$TMP/out/sheets/8305-explanation.pdf" | grep -qF "2事業イメージ（事業イメージなし）" || fail "8305: no （事業イメージなし）"
# the picture's pixels come back as drawn (pdfimages extracts the PNG's)
pdfimages -png -f 1 -l 1 "$TMP/out/sheets/8101-explanation.pdf" "$TMP/img" && \
    /usr/bin/python3 - "$TMP/img-000.png" "$SRC/input/saitama/images/8101.png" <<'PY' || fail "8101: the drawn picture differs from the data's"
import sys
from PIL import Image
a, b = Image.open(sys.argv[1]).convert("RGB"), Image.open(sys.argv[2]).convert("RGB")
assert a.size == b.size and a.tobytes() == b.tobytes()
PY
# same input, same bytes, pictures included
"$HYOKA" build "$SRC/input/saitama" -o "$TMP/again" -q 2>/dev/null
for f in 8101-explanation.pdf 8203-explanation.pdf 8101-worksheet.pdf; do
    cmp -s "$TMP/out/sheets/$f" "$TMP/again/sheets/$f" || fail "$f differs between two runs"
done

# ---- a picture the data names must exist and be a PNG or JPEG: check says so at its cell ----
cp -r "$SRC/input/saitama" "$TMP/bad"
echo "not a picture" > "$TMP/bad/images/8203.jpg"
rm "$TMP/bad/images/8101.png"
"$HYOKA" check "$TMP/bad" >"$TMP/bad.out" 2>&1
[ $? -eq 1 ] || fail "check with bad pictures should exit 1"
grep -qF "事業イメージ: images/8101.png: no such file (looked for $TMP/bad/images/8101.png)" "$TMP/bad.out" \
    || fail "no error for the missing picture: $(grep -i 事業イメージ "$TMP/bad.out")"
grep -qF "事業イメージ: images/8203.jpg: expected a PNG or JPEG picture" "$TMP/bad.out" \
    || fail "no error for the file that is no picture: $(grep -i 事業イメージ "$TMP/bad.out")"

[ $failures -eq 0 ] && echo "documents: all checks passed"
[ $failures -eq 0 ]
