#!/bin/bash
# End to end, per city template: build the Asahikawa and Saitama sample data sets
# and assert that every label and value of the seed's own project appears on its
# sheet (golden tests against shared/seeds/002 and 003); add a city from files
# alone (tests/fixtures/newcity) and render it; --template NAME.
#   usage: e2e_templates.sh PATH/TO/hyoka
set -u
HYOKA=${1:?usage: e2e_templates.sh HYOKA}
SRC=${HYOKA_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hyoka-e2e-tpl.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1719792000
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
expect_contains() {   # haystack-file needle description
    grep -qF -- "$2" "$1" || fail "$3: \"$2\" not found"
}
expect_count() {      # haystack-file needle count description
    local n
    n=$(grep -oF -- "$2" "$1" | wc -l)
    [ "$n" -eq "$3" ] || fail "$4: \"$2\" found $n times, expected $3"
}
pages() { pdfinfo "$1" | awk '/^Pages:/ {print $2}'; }
# -raw keeps each cell's lines together in drawing order; with spaces and line
# breaks removed a wrapped text reads back whole
flat() { pdftotext -raw "$1" - | tr -d ' \n\f'; }

# ==== Asahikawa: seed 002, 12 11 01 広域行政推進事業 =====================================
"$HYOKA" build "$SRC/input/asahikawa" -o "$TMP/asa" 2>"$TMP/asa.err"
rc=$?
[ $rc -eq 0 ] || { fail "asahikawa build exited $rc"; cat "$TMP/asa.err"; }
expect_contains "$TMP/asa.err" "3 sheets, summary.xlsx written to $TMP/asa (0 warnings)" "asahikawa build"
sheet="$TMP/asa/sheets/12_11_01.pdf"
[ "$(pages "$sheet")" = 2 ] || fail "the Asahikawa sheet is not two pages"
flat "$sheet" > "$TMP/asa.flat"
pdftotext -raw "$sheet" "$TMP/asa.raw"
for label in 事業コード 事業名 事業の概要 "インプット（事務事業に必要な行政資源）" "事業費(千円)" 国 北海道 市債 \
    "交付税措置(%)" その他 一般財源 "人工(R3年度)" 正職員 会計年度 アウトプット \
    "R3年度は何をどれだけしたか(利用者数・件数等)" アウトカム "事業成果を測るKPIがある場合はその状況。ない場合は「-」" \
    開始時期 実施根拠 関連する計画等 行政・民間の類似事業・サービス 改善・課題解決の参考になる事例 \
    "1次評価（所管部局）" 行財政改革の視点 課題 改善・対策の方向性 見込まれる効果 \
    "外部評価（行財政改革推進委員会）" "2次評価（行政評価検討会議）" \
    "（参考）事務事業の「総合計画」「まち・ひと・しごと創生総合戦略」「公約」上の位置づけ" \
    目指す都市像の実現に向けて "（事業のアウトカムが総合計画の施策推進に貢献）" 展開施策 "（事業の目的）" \
    "施策のアウトカム（評価指標≒事業の中間アウトカム）" 単位 基準値 実績 達成率 目標値 \
    "（施策のアウトカムは将来ビジョン推進に貢献）" "将来ビジョン（基本政策）" "※広域連携の取組に関連するSDGs1-17の目標" \
    "基本政策のアウトカム（成果指標≒事業の最終アウトカム）" 進捗 人口減少の抑制に向けて \
    "（事業のアウトカムが総合戦略の施策推進に貢献）" "施策（まち・ひと・しごと創生総合戦略の施策≒人口減少抑制の観点の事業の目的）" \
    "施策のアウトカム（総合戦略のKPI≒事業の中間アウトカム）" "（施策のアウトカムが将来ビジョン推進に貢献）" \
    "将来ビジョン（総合戦略の基本目標）" "総合戦略のアウトカム（総合戦略数値目標≒事業の最終アウトカム）" \
    公約実現に向けて 市長公約 "旭川市事務事業評価シート（令和3年度）121101広域行政推進事業" "1/2" "2/2"; do
    expect_contains "$TMP/asa.flat" "$label" "seed 002 label"
done
# the seed's values, whole
for text in 121101広域行政推進事業 \
    "旭川大雪圏域の活性化を図るため、圏域の課題などについて共通認識を深め、近隣自治体と連携した地域一帯の振興に努める。＜R3の主な内容＞・定住自立圏・連携中枢都市圏構想等会議312千円令和4年度は、連携中枢都市圏構想に基づき、各取組を推進する。" \
    "・定住自立圏・連携中枢都市圏構想関係会議30回・上川管内中央部市長・町長会議1回・上川管内中央部副市長・副町長会議1回・首町サミット1回" \
    "上川中部定住自立圏形成協定に基づく取組数R3実績値189R5目標値166" \
    昭和47年度 地方自治法第252条の2 "連携中枢都市圏形成に係る連携協約旭川大雪圏域連携中枢都市圏ビジョン" \
    "・圏域内の活性化を図るため、各町と会議や打合せを行い、課題の認識や情報を共有しながら、継続して取組を推進する必要がある。" \
    "・取組を推進するため、各町と積極的にWEB会議等を実施し、各町との連携を強化する。・各種会議の開催に当たっては、統一的なマニュアルを作成するなど、事業の効率化に努める。" \
    "・各市町担当課同士が協議・意見交換を行う事業担当者によるWEB会議等を実施することで、新たな取組の検討や、既存の取組の深化、市町間の連携強化を図る。・各種会議に対する運営マニュアルを作成することで、資料作成等における事務の効率化が図られ、また担当者が異動した場合や急な会議開催などにも対応が可能となる。" \
    "12-1-1北北海道における自治体との連携の推進（施策「広域自治体ネットワークの強化」の一部）" \
    "北北海道の拠点都市として機能を生かし、地域活性化や住民サービスの向上を図ることはもとより、他地域の活性化にも貢献するため、国や道をはじめ、他自治体との相互の連携や補完に取り組みます。" \
    広域連携によるまちづくり \
    "・他市町村との交流、連携や相互の補完が進み、広域的な共通課題の解決や魅力の向上が図られています。・本市の都市機能等を生かした取組が推進され、北北海道の活性化に貢献しています。" \
    47連携中枢都市圏構想の推進; do
    expect_contains "$TMP/asa.flat" "$text" "seed 002 text"
done
# 行財政改革の視点: ① to ⑧ listed, ○ after ③ and ⑦ only
for v in "①デジタル化・DX" "②アウトソーシング③" "③業務の効率化○④" "④収入・財源の確保⑤" "⑤事業費の抑制⑥" \
    "⑥連携・協働の推進⑦" "⑦職員能力・組織力の向上○⑧" "⑧その他"; do
    expect_contains "$TMP/asa.flat" "$v" "seed 002 行財政改革の視点"
done
expect_count "$TMP/asa.flat" "○" 2 "seed 002 ○ marks"
# インプット: four stages x 7 money columns, on both pages; 人工 1 and 0
for row in "R2決算 115 0 0 0 0 0 115" "R3当初予算 301 0 0 0 0 0 301" "R3決算見込 404 0 0 0 0 0 404" \
    "R4当初予算 210 0 0 0 0 0 210"; do
    [ "$(grep -cxF "$row" "$TMP/asa.raw")" -eq 2 ] || fail "seed 002 インプット row \"$row\" is not printed twice"
done
[ "$(grep -cxF "1 0" "$TMP/asa.raw")" -eq 2 ] || fail "seed 002 人工 正職員 1 / 会計年度 0 is not printed twice"
expect_count "$TMP/asa.flat" "インプット（事務事業に必要な行政資源）" 2 "the main table, on both pages"
# 施策 / 基本政策のアウトカム: 指標 単位 基準値 R2 R3 (達成率|進捗) 目標値. 達成率 and 進捗
# come from compute: when printed they must be the seed's (77.8%, 38.1%, 達成)
grep -qE '会議の開催回数回587(77\.8%)?9' "$TMP/asa.flat" || fail "seed 002 施策のアウトカム row 1"
grep -qE '道北地域予防実務研修受入延べ日数日1269548(38\.1%)?126' "$TMP/asa.flat" || fail "seed 002 施策のアウトカム row 2"
grep -qE '上川中部定住自立圏形成協定に基づく取組数-152161189(達成)?166' "$TMP/asa.flat" || fail "seed 002 基本政策のアウトカム row 1"
grep -qE '北北海道の自治体との連携による取組数-264141(達成)?41' "$TMP/asa.flat" || fail "seed 002 基本政策のアウトカム row 2"
for h in "R2R3R5" "R元R2R6"; do expect_contains "$TMP/asa.flat" "$h" "seed 002 year headers"; done
for f in "$TMP/asa/sheets/"*.pdf; do
    qpdf --check "$f" >/dev/null 2>&1 || fail "qpdf --check failed on $f"
    [ "$(pages "$f")" = 2 ] || fail "$f is not two pages"
done
# the invented project with every source: 国 and 交付税措置 printed, several ○
flat "$TMP/asa/sheets/05_03_02.pdf" > "$TMP/asa2.flat"
expect_contains "$TMP/asa2.flat" "R2決算186,42012,5004,80030,0003041,26097,860" "invented インプット row"
expect_contains "$TMP/asa2.flat" "2.51" "invented 人工 2.5 / 1"
expect_count "$TMP/asa2.flat" "○" 3 "invented ②④⑤"

# ==== Saitama: seed 003, 総振 8101 ===========================================================
"$HYOKA" build "$SRC/input/saitama" -o "$TMP/sai" 2>"$TMP/sai.err"
rc=$?
[ $rc -eq 0 ] || { fail "saitama build exited $rc"; cat "$TMP/sai.err"; }
expect_contains "$TMP/sai.err" "3 sheets, summary.xlsx written to $TMP/sai (0 warnings)" "saitama build"
sheet="$TMP/sai/sheets/8101.pdf"
[ "$(pages "$sheet")" = 2 ] || fail "the Saitama sheet is not two pages"
flat "$sheet" > "$TMP/sai.flat"
for label in "【高品質経営プログラム①】平成30年度事業評価シート" 基本情報 事業コード・事業名 総振 関連計画コード \
    倍増 成長 総合戦略 再掲 施策情報 分野・節 目指す方向性 成果指標 指標項目 平成25年度 平成30年度 \
    "令和2年度(目標)" 施策展開 "Plan（計画）" "事業課（左上欄：とりまとめ課）" 事業の対象 事業の目的 事業の内容 \
    "平成30年度の取組内容（計画時点）" "平成30年度事業費（単位：円）" "当初予算額(円)【前年度繰越額を含む】" 割合 \
    "決算額(円)【翌年度繰越額を除く】" 財源内訳 一般財源 国・県支出金 地方債 その他特定財源 事業に関連する民間資金 \
    "Do（結果）" 事業の達成度 "平成30年度の取組実績（未達成の取組含む）" 事業としての目標指標 達成度 分類 \
    "平成29年度(参考)" "平成30年度(評価年度)" 令和元年度 令和2年度 目標 実績 改定情報 "Check（評価）" \
    事業を取り巻く外部要因の変化 定量的変化 定性的変化 "前年度に計画したAction（改善）に対する取組結果" 計画内容 \
    取組結果 事業の項目別評価 評価区分 評価理由 \
    "①成果指標への貢献度事業の取組内容がどのように成果指標の向上に寄与しているか" "I貢献しているII一定程度貢献している" \
    "②組織連携・PPP・協働(事業を進めるうえで、他課、他団体、市民等と連携しているか)" "I連携しているII取組が不足している" \
    "③効率性(事業の費用対効果を高めるための取組を行っているか)" "I取組を行っているII取組が不足している" \
    "④広報・周知活動等の結果(事業を知ってもらうための広報、営業活動等により対象者にアプローチできているか)" \
    "Iアプローチできている" "IIアプローチが不足している" "⑤必要性(市が事業を実施する必要があるか)" \
    "I必要性があるII必要性が薄まっている" "⑥波及効果(本事業の効果が目標指標・成果指標以外に及んでいるか)" \
    "I波及効果があるII波及効果が弱い" "⑦努力・工夫(事業の目的を達成するために、事業の質の向上に向けて努力・工夫を行ったか)" \
    "I努力・工夫をしたII取組が不足している" "Action（改善）" "改善の方向性と改善内容" 改善の方向性 改善内容 改善理由 \
    "①成果指標への貢献度②組織連携・PPP・協働③効率性④広報・周知活動等の結果⑤必要性⑥波及効果⑦努力・工夫" \
    "令和元年度さいたま市外部評価委員会（第4回）令和元年7月24日1/2" "2/2"; do
    expect_contains "$TMP/sai.flat" "$label" "seed 003 label"
done
for text in "総振8101新たな情報発信媒体を活用した効果的な広報の推進" "倍増1-①-1成長―総合戦略――再掲―" \
    "市民と市の情報共有の充実1章1節1-1" 広報課 \
    "市民によりわかりやすく市政情報を伝え、市政への関心や理解を深めてもらうため、専門家の知見をさらに活用し、既存の情報発信手法の見直しや、新たな情報発信媒体(SNS等)の取り入れを行っていくとともに、ビジュアル化された質の高い効果的な広報を推進します。" \
    "1.情報発信アドバイザーの活用・拡充2.他市調査・研究3.既存の情報発信手法の見直し・新たな情報発信媒体(SNS等)の掘り起こし4.事業所管課への研修による情報発信に対する意識の醸成" \
    "①事業所管課への研修の実施②SNS(フェイスブック・ツイッター・LINE・Instagram等)を活用した情報発信の強化③専門機関と連携した情報発信の調査・研究④新たな専門家の選考" \
    "一般財源2,131,000100%1,728,120100%" "国・県支出金00.0%00.0%" "地方債00.0%00.0%" "その他特定財源00.0%00.0%" \
    "【実績】①広報研修「事業課広報の進め方(基礎編)」2回広報研修「ワークショップ(実践編)」2回区役所向けのSNS等の研修1回保育園の職員を対象としたマチマチの説明会1回②平成30年度末時点の市SNS登録77,475件(フェイスブックのいいね数8,451、ツイッターのフォロワー数61,512、LINEの友だち数3,606、マチマチ登録者数2,676、Instagramのフォロワー数1,230)③目白大学と連携したドローンによる動画実習(3回)、大学との連携事例の把握【未実施】④新たな専門家の選考" \
    "①フェイスブックのいいね数+ツイッターのフォロワー数+LINEの友だち数+新たな媒体の登録者数B" \
    "目標/80,000件90,000件100,000件実績70,910件77,475件//改定情報―" \
    "ICT技術の向上によりSNSなどの情報発信媒体が増加しています。" "市民の情報摂取行動が複雑化・多様化しています。" \
    "①事業所管課への研修回数を増やすなどして、事業所管課の情報発信に関する意識醸成を図ります。②既存の情報発信手法を見直すとともに、新たな情報発信媒体(SNS)を活用した情報発信を強化していきます。" \
    "保育園・幼稚園の園長を対象としたマチマチの説明会2回を開催しました。" \
    "④⑦市SNSの周知拡大を図るため、市報、さいたま暮らし(市情報誌)などの既存の情報発信媒体の活用に加え、出前講座など市民が集まる場でもPRをします。" \
    "④⑦多くの市民に情報を届けるため、SNS等の周知活動の強化を図ります。"; do
    expect_contains "$TMP/sai.flat" "$text" "seed 003 text"
done
# 事業の達成度 B; 項目別評価 I, I, ―, II, I, I, II, each before its reason; 改善の方向性 ④⑦
expect_contains "$TMP/sai.flat" "（未達成の取組含む）B【実績】" "seed 003 事業の達成度"
for g in "一定程度貢献しているI新たなSNS(マチマチ、Instagram)の運用開始や" "II取組が不足しているI広報研修にて" \
    "II取組が不足している――④" "アプローチが不足しているII新たなSNS(マチマチ、Instagram)の運用開始により" \
    "II必要性が薄まっているI市民の行政に対する理解" "II波及効果が弱いI目白大学との包括連携協定" \
    "II取組が不足しているII新たなSNSを活用することで"; do
    expect_contains "$TMP/sai.flat" "$g" "seed 003 項目別評価"
done
expect_contains "$TMP/sai.flat" "⑦努力・工夫④⑦" "seed 003 改善の方向性 ④⑦"
# the second project: B+, the revision, 0/0 as 0.0%, Ⅰ typed as the Roman numeral character
flat "$TMP/sai/sheets/8203.pdf" > "$TMP/sai2.flat"
for text in "企業との連携・協定による公共的サービスの充実" "一般財源00.0%00.0%" "②企業と連携した取組数B+" \
    "目標/180事業180事業180事業実績180事業193事業//改定情報平成30年度目標指標上方修正" \
    "I貢献しているII一定程度貢献しているI新たに2社と" "⑦努力・工夫企業等との連携を強化し、活動を積極的に発信していきます。④改善理由"; do
    expect_contains "$TMP/sai2.flat" "$text" "seed 003 second project"
done
for f in "$TMP/sai/sheets/"*.pdf; do
    qpdf --check "$f" >/dev/null 2>&1 || fail "qpdf --check failed on $f"
done

# ==== a new city from files alone (tests/fixtures/newcity) ====================================
new="$TMP/newcity"
mkdir -p "$new"
cp -r "$SRC/templates" "$new/templates"
"$HYOKA" check "$SRC/tests/fixtures/newcity/input" --templates "$new/templates" 2>"$TMP/nc.err"
[ $? -eq 2 ] || fail "the new city's data should need its profile first"
expect_contains "$TMP/nc.err" 'profile "kushiro": no such profile' "before the city is added"
cp -r "$SRC/tests/fixtures/newcity/templates/kushiro" "$new/templates/"
"$HYOKA" build "$SRC/tests/fixtures/newcity/input" -o "$new/out" --templates "$new/templates" 2>"$TMP/nc.err"
rc=$?
[ $rc -eq 0 ] || { fail "the new city's build exited $rc"; cat "$TMP/nc.err"; }
flat "$new/out/sheets/K-101.pdf" > "$TMP/nc.flat"
for text in "事業仕分けシート（平成22年度）" "事業コードK-101事業名公共施設予約システム運営事業" "所管総務部管財課" \
    "（単位：千円）" "事業費12,40011,98011,50035,880" "①ニーズ（必要性）□高い■ある□低い" "②重複■なし□一部あり□あり" \
    "③基礎自治体として実施すべきか■市□道・国□民間" "④手法□直営■委託□指定管理" "判定【見直し】" \
    "利用の少ない施設の予約枠を見直し、近隣市と共同でシステムを調達することで経費を縮減すべきである。" \
    "実施日平成22年6月17日" "1/1"; do
    expect_contains "$TMP/nc.flat" "$text" "new city sheet"
done
flat "$new/out/sheets/K-102.pdf" > "$TMP/nc2.flat"
expect_contains "$TMP/nc2.flat" "■低い" "new city: a marked list"
expect_contains "$TMP/nc2.flat" "実施日平成22年6月17日" "new city: 2010-06-17 as 和暦"
# --template NAME: a second template in the profile's folder
"$HYOKA" build "$SRC/tests/fixtures/newcity/input" -o "$new/sum" --templates "$new/templates" \
    --template summary -q 2>"$TMP/nc.err" || fail "--template summary failed: $(cat "$TMP/nc.err")"
# (pdftotext gives the ideographic spaces as spaces, which flat removes)
[ "$(flat "$new/sum/sheets/K-102.pdf")" = "K-102市民農園管理事業判定：廃止3,200千円" ] \
    || fail "--template summary: got \"$(flat "$new/sum/sheets/K-102.pdf")\""

# ==== --template NAME on the shipped data ========================================================
"$HYOKA" build "$SRC/input" -o "$TMP/nem1" -q 2>/dev/null
"$HYOKA" build "$SRC/input" -o "$TMP/nem2" -q --template nemuro 2>/dev/null || fail "--template nemuro failed"
cmp -s "$TMP/nem1/sheets/13035.pdf" "$TMP/nem2/sheets/13035.pdf" || fail "--template nemuro differs from the profile's own"
"$HYOKA" build "$SRC/input" -o "$TMP/nem3" --template nosuch 2>"$TMP/t.err"
[ $? -eq 2 ] || fail "--template nosuch should exit 2"
expect_contains "$TMP/t.err" "--template nosuch: no such template (looked for $SRC/templates/nosuch/sheet.tpl" "--template message"
# a template that does not fit the profile is a usage error naming its file and line
"$HYOKA" build "$SRC/input" -o "$TMP/nem4" --template asahikawa 2>"$TMP/t.err"
[ $? -eq 2 ] || fail "--template asahikawa on Nemuro's data should exit 2"
grep -qE "templates/asahikawa/main_table.tpl:[0-9]+: \{project\.output\}: project\.output: no such project column" "$TMP/t.err" \
    || fail "a foreign template's first unknown field is not named: $(cat "$TMP/t.err")"

if [ $failures -gt 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "e2e_templates: all checks passed"
