# さいたま市 PDCA 事業評価シート — seed 003 (shared/seeds/003_59c86908ab249800.txt,
# from line 187: 【高品質経営プログラム①】平成30年度 事業評価シート).
# A4 portrait, two pages: 基本情報, 施策情報, Plan, 事業費 and Do on the first;
# Check (外部要因の変化, 前年度Action, 項目別評価 ①..⑦) and Action on the second
# (a project with many indicators takes a third).
# Lengths in mm, sizes in pt; the format is documented in templates/README.md.

template saitama "事業評価シート"
page A4 portrait
margin 13 10 10 10
font gothic ipaexg.ttf

style default font=gothic size=7.5 min=5 leading=1.25 pad=0.9 line=0.4
style band fill=#bfcfe3 size=8.5 align=left
style label fill=#e6e6e6 align=center size=7 min=5 pad=0.6
style head fill=#e6e6e6 align=center size=6.5 min=5 pad=0.5
style num align=right
style mid align=center
style longtext valign=top
style grade align=center size=14 min=8

header size=11 align=left "【{project.program}】{fy|era} 事業評価シート"
footer size=6.5 align=right "{project.committee|suffix:　}{project.meeting_date|date|suffix:　　}{page} / {pages}"

# ---- 基本情報 ---------------------------------------------------------------------
grid cols=34,14,20,14,20,20,20,14,14,20
  row h=5.5
    cell style=band span=10 "基本情報"
  row h=7
    cell style=label "事業コード・事業名"
    cell style=label "総振"
    cell style=mid "{project.code}"
    cell span=7 size=9 label=事業名 "{project.name}"
  row h=6
    cell style=label "関連計画コード"
    cell style=label "倍増"
    cell style=mid "{project.baizo_code}"
    cell style=label "成長"
    cell style=mid "{project.growth_code}"
    cell style=label "総合戦略"
    cell style=mid "{project.strategy_code}"
    cell style=mid "{project.other_plan_code}"
    cell style=label "再掲"
    cell style=mid "{project.repost}"
end

# ---- 施策情報 ---------------------------------------------------------------------
grid gap=2 cols=34,52,26,26,26,26
  row h=5.5
    cell style=band span=6 "施策情報"
  row h=6
    cell style=label "分野・節"
    cell span=2 "{project.field_section}"
    cell span=3 "{project.field_section_2}"
  row h=9
    cell style=label "目指す方向性"
    cell span=5 style=longtext label=目指す方向性 "{project.policy_direction}"
  row h=5
    cell style=label rows=2 "成果指標"
    cell style=head span=2 "指標項目"
    cell style=head "{fy@-5|era}"
    cell style=head "{fy|era}"
    cell style=head "{fy@2|era}(目標)"
  row h=6
    cell span=2 label=成果指標 "{project.policy_indicator}"
    cell style=num "{project.policy_indicator_base}"
    cell style=num "{project.policy_indicator_actual}"
    cell style=num "{project.policy_indicator_target}"
  row h=6
    cell style=label rows=2 "施策展開"
    cell span=2 label=施策展開 "{project.policy_development}"
    cell span=3 "{project.policy_development_2}"
  row h=6
    cell span=2 "{project.policy_development_3}"
    cell span=3 "{project.policy_development_4}"
end

# ---- Plan(計画) -------------------------------------------------------------------
grid gap=2 cols=34,52,26,26,26,26
  row h=5.5
    cell style=band span=6 "Plan（計画）"
  row h=6
    cell style=label rows=2 size=6.5 "事業課\n（左上欄：とりまとめ課）"
    cell span=2 "{project.section}"
    cell span=3 "{project.section_2}"
  row h=6
    cell span=2 "{project.section_3}"
    cell span=3 "{project.section_4}"
  row h=7
    cell style=label "事業の対象"
    cell span=5 label=事業の対象 "{project.target_group}"
  row h=14
    cell style=label "事業の目的"
    cell span=5 style=longtext label=事業の目的 "{project.purpose}"
  row h=12
    cell style=label "事業の内容"
    cell span=5 style=longtext label=事業の内容 "{project.summary}"
  row h=14
    cell style=label size=6.5 "{fy|era}の取組内容\n（計画時点）"
    cell span=5 style=longtext label=取組内容 "{project.plan_actions}"
end

# 事業費 in 円 with 割合 of each 財源 (0/0 prints 0.0%)
grid cols=34,26,40,25,40,25 keep=yes
  row h=9
    cell style=label span=2 size=6.5 "{fy|era}事業費\n（単位：円）"
    cell style=head "当初予算額(円)\n【前年度繰越額を含む】"
    cell style=head "割合"
    cell style=head "決算額(円)\n【翌年度繰越額を除く】"
    cell style=head "割合"
  row h=5.5
    cell style=label rows=4 "財源内訳"
    cell style=label "一般財源"
    cell style=num "{cost@0:当初予算.general|yen}"
    cell style=num "{cost@0:当初予算.general_share}"
    cell style=num "{cost@0:決算.general|yen}"
    cell style=num "{cost@0:決算.general_share}"
  row h=5.5
    cell style=label "国・県支出金"
    cell style=num "{cost@0:当初予算.national_prefectural|yen}"
    cell style=num "{cost@0:当初予算.national_prefectural_share}"
    cell style=num "{cost@0:決算.national_prefectural|yen}"
    cell style=num "{cost@0:決算.national_prefectural_share}"
  row h=5.5
    cell style=label "地方債"
    cell style=num "{cost@0:当初予算.bonds|yen}"
    cell style=num "{cost@0:当初予算.bonds_share}"
    cell style=num "{cost@0:決算.bonds|yen}"
    cell style=num "{cost@0:決算.bonds_share}"
  row h=5.5
    cell style=label size=6.5 "その他特定財源"
    cell style=num "{cost@0:当初予算.other|yen}"
    cell style=num "{cost@0:当初予算.other_share}"
    cell style=num "{cost@0:決算.other|yen}"
    cell style=num "{cost@0:決算.other_share}"
  row h=6
    cell style=label span=2 "事業に関連する民間資金"
    cell span=4 label=事業に関連する民間資金 "{project.private_funds}"
end

# ---- Do(結果) ---------------------------------------------------------------------
grid gap=2 cols=34,156 keep=yes
  row h=5.5
    cell style=band span=2 "Do（結果）"
  row h=5
    cell style=label "事業の達成度"
    cell style=head "{fy|era}の取組実績（未達成の取組含む）"
  row h=26
    cell style=grade label=事業の達成度 "{project.grade}"
    cell style=longtext label=取組実績 "{project.actions_done}"
end
# one group of three rows (目標 / 実績 / 改定情報) per indicator; `/` where a
# year does not apply is printed as the department typed it
grid cols=34,16,14,31,31,32,32 header=1
  row h=8
    cell style=label size=6.5 "事業としての目標指標"
    cell style=head "達成度"
    cell style=head "分類"
    cell style=head "{fy@-1|era}\n(参考)"
    cell style=head "{fy|era}\n(評価年度)"
    cell style=head "{fy@1|era}"
    cell style=head "{fy@2|era}"
  repeat indicators min=1
  row h=6
    cell rows=3 style=longtext size=7 label=目標指標 "{item.index|circled}{item.name}"
    cell rows=3 style=grade size=11 "{item.grade}"
    cell style=head "目標"
    cell style=num "{item.yearly_target@-1|num|unit}"
    cell style=num "{item.yearly_target@0|num|unit}"
    cell style=num "{item.yearly_target@1|num|unit}"
    cell style=num "{item.yearly_target@2|num|unit}"
  row h=6
    cell style=head "実績"
    cell style=num "{item.actual@-1|num|unit}"
    cell style=num "{item.actual@0|num|unit}"
    cell style=num "{item.actual@1|num|unit}"
    cell style=num "{item.actual@2|num|unit}"
  row h=6
    cell style=head "改定情報"
    cell span=4 size=7 label=改定情報 "{item.revision}"
  end
end

# ---- Check(評価) ------------------------------------------------------------------
# keep=yes: each part moves whole to the next page when the rest of this one is
# too short for it, so Check starts page 2 on the seed's sheets.
grid gap=2 cols=34,24,132 keep=yes
  row h=5.5
    cell style=band span=3 "Check（評価）"
  row h=11
    cell style=label rows=2 size=6.5 "事業を取り巻く\n外部要因の変化"
    cell style=label "定量的変化"
    cell style=longtext label=定量的変化 "{project.quantitative_change}"
  row h=11
    cell style=label "定性的変化"
    cell style=longtext label=定性的変化 "{project.qualitative_change}"
  row h=18
    cell style=label rows=2 size=6.5 "前年度に計画した\nAction（改善）に\n対する取組結果"
    cell style=label "計画内容"
    cell style=longtext label=計画内容 "{project.prev_action_plan}"
  row h=22
    cell style=label "取組結果"
    cell style=longtext label=取組結果 "{project.prev_action_result}"
end

# 事業の項目別評価: the item, its two grades, the grade given (— when none), why
grid gap=2 cols=46,34,12,98 keep=yes
  row h=6
    cell style=label "事業の項目別評価"
    cell style=head span=2 "評価区分"
    cell style=head "評価理由"
  row h=15
    cell style=label align=left valign=top size=6.5 "{choice.成果指標への貢献度.label}\n事業の取組内容がどのように成果指標の向上に寄与しているか"
    cell size=6.5 "I 貢献している\nII 一定程度貢献している"
    cell style=grade size=11 "{choice.成果指標への貢献度|default:―}"
    cell style=longtext size=7 label=成果指標への貢献度の評価理由 "{choice.成果指標への貢献度.reason}"
  row h=15
    cell style=label align=left valign=top size=6.5 "{choice.組織連携・PPP・協働.label}\n(事業を進めるうえで、他課、他団体、市民等と連携しているか)"
    cell size=6.5 "I 連携している\nII 取組が不足している"
    cell style=grade size=11 "{choice.組織連携・PPP・協働|default:―}"
    cell style=longtext size=7 label=組織連携・PPP・協働の評価理由 "{choice.組織連携・PPP・協働.reason}"
  row h=15
    cell style=label align=left valign=top size=6.5 "{choice.効率性.label}\n(事業の費用対効果を高めるための取組を行っているか)"
    cell size=6.5 "I 取組を行っている\nII 取組が不足している"
    cell style=grade size=11 "{choice.効率性|default:―}"
    cell style=longtext size=7 label=効率性の評価理由 "{choice.効率性.reason}"
  row h=15
    cell style=label align=left valign=top size=6.5 "{choice.広報・周知活動等の結果.label}\n(事業を知ってもらうための広報、営業活動等により対象者にアプローチできているか)"
    cell size=6.5 "I アプローチできている\nII アプローチが不足している"
    cell style=grade size=11 "{choice.広報・周知活動等の結果|default:―}"
    cell style=longtext size=7 label=広報・周知活動等の結果の評価理由 "{choice.広報・周知活動等の結果.reason}"
  row h=15
    cell style=label align=left valign=top size=6.5 "{choice.必要性.label}\n(市が事業を実施する必要があるか)"
    cell size=6.5 "I 必要性がある\nII 必要性が薄まっている"
    cell style=grade size=11 "{choice.必要性|default:―}"
    cell style=longtext size=7 label=必要性の評価理由 "{choice.必要性.reason}"
  row h=15
    cell style=label align=left valign=top size=6.5 "{choice.波及効果.label}\n(本事業の効果が目標指標・成果指標以外に及んでいるか)"
    cell size=6.5 "I 波及効果がある\nII 波及効果が弱い"
    cell style=grade size=11 "{choice.波及効果|default:―}"
    cell style=longtext size=7 label=波及効果の評価理由 "{choice.波及効果.reason}"
  row h=15
    cell style=label align=left valign=top size=6.5 "{choice.努力・工夫.label}\n(事業の目的を達成するために、事業の質の向上に向けて努力・工夫を行ったか)"
    cell size=6.5 "I 努力・工夫をした\nII 取組が不足している"
    cell style=grade size=11 "{choice.努力・工夫|default:―}"
    cell style=longtext size=7 label=努力・工夫の評価理由 "{choice.努力・工夫.reason}"
end

# ---- Action(改善) -----------------------------------------------------------------
grid gap=2 cols=34,38,118 keep=yes
  row h=5.5
    cell style=band span=3 "Action（改善）"
  row h=5
    cell style=label rows=4 size=6.5 "改善の方向性と\n改善内容"
    cell style=head "改善の方向性"
    cell style=head "改善内容"
  row h=24
    cell size=6.5 valign=top "{choice.改善の方向性|list:circled}"
    cell style=longtext label=改善内容 "{project.improvement_content}"
  row h=5
    cell style=grade rows=2 size=12 "{choice.改善の方向性|circled}"
    cell style=head "改善理由"
  row h=24
    cell style=longtext label=改善理由 "{project.improvement_reason}"
end
