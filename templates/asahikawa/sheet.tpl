# 旭川市 事務事業評価シート — seed 002 (shared/seeds/002_6ac0e934aef1adc7.txt)
# A4 landscape, two pages as the city publishes it:
#   1  the main table, 開始時期 … 参考になる事例, 1次評価 (行財政改革の視点 ①..⑧ with ○,
#      課題, 改善・対策の方向性, 見込まれる効果), 外部評価 and 2次評価;
#   2  (参考) 位置づけ: the main table again, then the project's place in the 総合計画
#      (施策のアウトカム with 達成率, 基本政策のアウトカム with 進捗), the 総合戦略 and
#      the 市長公約, in three bands side by side.
# Lengths in mm, sizes in pt; the format is documented in templates/README.md.

template asahikawa "事務事業評価シート"
page A4 landscape
margin 9 8 8 8
font gothic ipaexg.ttf

style default font=gothic size=7 min=4.5 leading=1.2 pad=0.8 line=0.4
style head fill=#e2e2e2 align=center size=6.5 min=4.5 pad=0.5 role=TH
style label fill=#e2e2e2 align=center size=6.5 min=4.5 pad=0.5 role=TH
style band fill=#c5d3e6 align=left size=7.5 role=H2
style note border=no size=6.5 pad=0.3
style num align=right size=6.5
style stage align=center size=6.5
style longtext valign=top size=6.5 min=4.5

header role=H1 size=7 align=right "旭川市　事務事業評価シート（{fy|era}）　{project.code}　{project.name}"
footer size=7 align=center "{page} / {pages}"

# ---- page 1 ------------------------------------------------------------------
include "main_table.tpl"

grid gap=2 cols=26,45,80,65,65
  row h=5
    cell style=head "開始時期"
    cell style=head "実施根拠"
    cell style=head "関連する計画等"
    cell style=head "行政・民間の類似事業・サービス"
    cell style=head "改善・課題解決の参考になる事例"
  row h=16
    cell align=center label=開始時期 "{project.start_year}"
    cell style=longtext label=実施根拠 "{project.legal_basis}"
    cell style=longtext label=関連する計画等 "{project.plans}"
    cell style=longtext label=行政・民間の類似事業・サービス "{project.similar_services}"
    cell style=longtext label=改善・課題解決の参考になる事例 "{project.reference_cases}"
end

# 1次評価: the eight viewpoints down the left, ○ after those chosen
grid gap=2 cols=44,10,75,76,76
  row h=5
    cell style=band span=5 "1次評価（所管部局）"
  row h=5
    cell style=head span=2 "行財政改革の視点"
    cell style=head "課題"
    cell style=head "改善・対策の方向性"
    cell style=head "見込まれる効果"
  row h=6
    cell "① {choice.行財政改革の視点|option:1}"
    cell align=center "{choice.行財政改革の視点|circle:1}"
    cell rows=8 style=longtext size=7 label=課題 "{project.issues}"
    cell rows=8 style=longtext size=7 label=改善・対策の方向性 "{project.improvement_direction}"
    cell rows=8 style=longtext size=7 label=見込まれる効果 "{project.expected_effect}"
  row h=6
    cell "② {choice.行財政改革の視点|option:2}"
    cell align=center "{choice.行財政改革の視点|circle:2}"
  row h=6
    cell "③ {choice.行財政改革の視点|option:3}"
    cell align=center "{choice.行財政改革の視点|circle:3}"
  row h=6
    cell "④ {choice.行財政改革の視点|option:4}"
    cell align=center "{choice.行財政改革の視点|circle:4}"
  row h=6
    cell "⑤ {choice.行財政改革の視点|option:5}"
    cell align=center "{choice.行財政改革の視点|circle:5}"
  row h=6
    cell "⑥ {choice.行財政改革の視点|option:6}"
    cell align=center "{choice.行財政改革の視点|circle:6}"
  row h=6
    cell "⑦ {choice.行財政改革の視点|option:7}"
    cell align=center "{choice.行財政改革の視点|circle:7}"
  row h=6
    cell "⑧ {choice.行財政改革の視点|option:8}"
    cell align=center "{choice.行財政改革の視点|circle:8}"
end

grid gap=2 cols=140.5,140.5
  row h=5
    cell style=band "外部評価（行財政改革推進委員会）"
    cell style=band "2次評価（行政評価検討会議）"
  row h=40
    cell style=longtext size=7 label=外部評価 "{project.external_opinion}"
    cell style=longtext size=7 label=2次評価 "{project.secondary_opinion}"
end

# ---- page 2: (参考) 位置づけ ----------------------------------------------------
newpage
text w=281 h=6 size=9 valign=middle "（参考）事務事業の「総合計画」「まち・ひと・しごと創生総合戦略」「公約」上の位置づけ"
include "main_table.tpl"

# Three bands side by side below the table (x, y from the content area's top
# left). The table above is 50 mm tall with its fixed rows, under the 6 mm title,
# so the bands start at y=59. Each indicator table has room for 5 rows (max=:
# more are an error of the project, never squeezed in or cut off).

# -- 目指す都市像の実現に向けて (総合計画)
grid x=0 y=59 cols=24,100
  row h=5
    cell style=band span=2 "目指す都市像の実現に向けて"
  row h=4
    cell style=note span=2 "（事業のアウトカムが総合計画の施策推進に貢献）"
  row h=9
    cell style=label "展開施策"
    cell label=展開施策 "{project.measure}\n{project.measure_parent|prefix:（施策「|suffix:」の一部）}"
  row h=10
    cell style=label "（事業の目的）"
    cell style=longtext label=事業の目的 "{project.purpose}"
end
grid gap=1 cols=44,9,12,11,11,14,23
  row h=4.5
    cell style=head rows=2 size=6 "施策のアウトカム\n（評価指標≒事業の中間アウトカム）"
    cell style=head rows=2 "単位"
    cell style=head rows=2 "基準値"
    cell style=head span=2 "実績"
    cell style=head rows=2 "達成率"
    cell style=head "目標値"
  row h=4
    cell style=head "{fy@-1|era_short}"
    cell style=head "{fy|era_short}"
    cell style=head "{fy@2|era_short}"
  repeat indicators kind=施策のアウトカム min=2 max=5
  row h=6
    cell size=6.5 pad=0.4 label=施策のアウトカム "{item.name}"
    cell align=center "{item.unit}"
    cell style=num "{item.baseline|num}"
    cell style=num "{item.actual@-1|num}"
    cell style=num "{item.actual@0|num}"
    cell style=num "{item.achievement|pct:1}"
    cell style=num "{item.target|num}"
  end
end
text gap=1 w=124 h=4 style=note "（施策のアウトカムは将来ビジョン推進に貢献）"
grid cols=24,100
  row h=6
    cell style=label rows=2 "将来ビジョン\n（基本政策）"
    cell label=将来ビジョン size=8 "{project.vision}"
  row h=10
    cell style=longtext label=将来ビジョンの姿 "{project.vision_text}"
end
# the SDGs line is the data's: its area (広域連携) and goals; absent when it has none
grid cols=24,100 when=project.sdgs
  row h=7
    cell style=label size=5.5 min=4.5 "※{project.sdgs_area|suffix:の}取組に関連するSDGs1-17の目標"
    cell label=SDGs "{project.sdgs}"
end
grid gap=1 cols=44,9,12,11,11,14,23
  row h=4.5
    cell style=head rows=2 size=6 "基本政策のアウトカム\n（成果指標≒事業の最終アウトカム）"
    cell style=head rows=2 "単位"
    cell style=head rows=2 "基準値"
    cell style=head span=2 "実績"
    cell style=head rows=2 "進捗"
    cell style=head "目標値"
  row h=4
    cell style=head "{fy@-1|era_short}"
    cell style=head "{fy|era_short}"
    cell style=head "{fy@2|era_short}"
  repeat indicators kind=基本政策のアウトカム min=2 max=5
  row h=6
    cell size=6.5 pad=0.4 label=基本政策のアウトカム "{item.name}"
    cell align=center "{item.unit}"
    cell style=num "{item.baseline|num}"
    cell style=num "{item.actual@-1|num}"
    cell style=num "{item.actual@0|num}"
    cell align=center "{item.achieved}"
    cell style=num "{item.target|num}"
  end
end

# -- 人口減少の抑制に向けて (まち・ひと・しごと創生総合戦略)
grid x=127 y=59 cols=24,77
  row h=5
    cell style=band span=2 "人口減少の抑制に向けて"
  row h=4
    cell style=note span=2 "（事業のアウトカムが総合戦略の施策推進に貢献）"
  row h=14
    cell style=label size=5.5 "施策\n（まち・ひと・しごと創生\n総合戦略の施策≒人口減少\n抑制の観点の事業の目的）"
    cell style=longtext label=総合戦略の施策 "{project.strategy_measure}"
end
grid x=127 gap=1 cols=35,8,11,10,10,12,15
  row h=4.5
    cell style=head rows=2 size=5.5 "施策のアウトカム\n（総合戦略のKPI≒\n事業の中間アウトカム）"
    cell style=head rows=2 "単位"
    cell style=head rows=2 "基準値"
    cell style=head span=2 "実績"
    cell style=head rows=2 "達成率"
    cell style=head "目標値"
  row h=4
    cell style=head "{fy@-2|era_short}"
    cell style=head "{fy@-1|era_short}"
    cell style=head "{fy@3|era_short}"
  repeat indicators kind=総合戦略のKPI min=2 max=5
  row h=6
    cell size=6.5 pad=0.4 label=総合戦略のKPI "{item.name}"
    cell align=center "{item.unit}"
    cell style=num "{item.baseline|num}"
    cell style=num "{item.actual@-2|num}"
    cell style=num "{item.actual@-1|num}"
    cell style=num "{item.achievement|pct:1}"
    cell style=num "{item.target|num}"
  end
end
text x=127 gap=1 w=101 h=4 style=note "（施策のアウトカムが将来ビジョン推進に貢献）"
grid x=127 cols=24,77
  row h=12
    cell style=label size=6 "将来ビジョン\n（総合戦略の\n基本目標）"
    cell style=longtext label=総合戦略の基本目標 "{project.strategy_vision}"
end
grid x=127 gap=1 cols=86,15
  row h=8
    cell style=head size=6 "総合戦略のアウトカム\n（総合戦略数値目標≒事業の最終アウトカム）"
    cell style=head "目標値\n{fy@3|era_short}"
  repeat indicators kind=総合戦略数値目標 min=1 max=4
  row h=6
    cell size=6.5 label=総合戦略数値目標 "{item.name}"
    cell style=num "{item.target|num|unit}"
  end
end

# -- 公約実現に向けて
grid x=231 y=59 cols=50
  row h=5
    cell style=band "公約実現に向けて"
  row h=5
    cell style=head "市長公約"
  row h=16
    cell style=longtext size=7 label=市長公約 "{project.pledge}"
end
