# 根室市 事務事業評価（事前評価）シート — seed 000 (shared/seeds/000_359c81898432957a.txt)
# One A4 page: sections １ to ７ as on the city's form. Lengths in mm, sizes in pt.
# The format is documented in templates/README.md.

template nemuro "事務事業評価（事前評価）シート"
page A4 portrait
margin 6 8 5 8
font gothic ipaexg.ttf

style default font=gothic size=7.5 min=5.5 leading=1.2 pad=0.8 line=0.5
style label fill=#e7e6e6 align=center size=7 role=TH
style section fill=#d9e1f2 size=8.5 align=left border=no role=H2
style num align=right
style head fill=#e7e6e6 align=center size=7 role=TH
style vlabel fill=#e7e6e6 align=center size=6.5 min=5 pad=0.2 vertical role=TH
style note size=6.5 align=right border=no pad=0.2

text x=0 y=0 w=194 h=7 size=13 align=center valign=middle role=H1 "事務事業評価（事前評価）シート【{fy|era}】"
text x=150 y=0 w=44 h=7 size=7.5 align=right valign=bottom "作成年月　{project.created}"

# ---- header: number, name, code, section, category
grid gap=1 cols=22,18,22,96,36
  row h=5.5
    cell style=label "事業番号"
    cell align=center "{project.plan_number}"
    cell style=label "事務事業名"
    cell label=事務事業名 "{project.name}"
    cell align=center "{project.code}"
end
grid cols=22,60,22,90
  row h=5.5
    cell style=label size=6.5 "主管課（担当名）"
    cell "{project.section|bracket}"
    cell style=label "事業区分"
    cell label=事業区分 "{project.category}"
end

# ---- １ 施策体系
grid gap=1 cols=194
  row h=4
    cell style=section "１　施策体系"
end
grid cols=30,164
  row h=4.5
    cell style=label "施策区分"
    cell label=施策区分 "{project.measure}"
  row h=4.5
    cell style=label "施策目標"
    cell label=施策目標 "{project.policy_goal}"
  row h=4.5
    cell style=label "施策体系との関連"
    cell label=施策体系との関連 "{project.policy_relation}"
end

# ---- ２ 事務事業の目的
grid cols=194
  row h=4
    cell style=section "２　事務事業の目的"
end
grid cols=30,164
  row h=10
    cell style=label "目　的"
    cell label=目的 valign=top "{project.purpose}"
  row h=4.5
    cell style=label "実施方法"
    cell label=実施方法 "{choice.実施方法|boxes}"
  row h=4.5
    cell style=label "事務区分"
    cell label=事務区分 "{choice.事務区分|boxes}"
end

# ---- ３ 事務事業の概要: yearly outline, cost table, maintenance, activity indicators
grid cols=194
  row h=4
    cell style=section "３　事務事業の概要"
end
grid cols=30,164
  row h=4
    cell style=head "年　度"
    cell style=head "概　　要"
  row h=3.3
    cell align=center "{fy@-4|era_short}"
    cell ""
  row h=3.3
    cell align=center "{fy@-3|era_short}"
    cell ""
  row h=3.3
    cell align=center "{fy@-2|era_short}"
    cell ""
  row h=3.3
    cell align=center "{fy@-1|era_short}"
    cell ""
  row h=8
    cell align=center "{fy|era_short}"
    cell label=概要 valign=top "{project.summary}"
end
text w=194 h=3.5 style=note "（単位：{profile.display_unit_label}）"
grid cols=8,42,24,24,24,24,24,24
  row h=3.7
    cell style=head span=2 ""
    cell style=head "{fy@-4|era_short}"
    cell style=head "{fy@-3|era_short}"
    cell style=head "{fy@-2|era_short}"
    cell style=head "{fy@-1|era_short}"
    cell style=head "{fy|era_short}"
    cell style=head "総事業費"
  row h=3.7
    cell style=label span=2 align=left "事業費"
    cell style=num "{cost@-4.total|money}"
    cell style=num "{cost@-3.total|money}"
    cell style=num "{cost@-2.total|money}"
    cell style=num "{cost@-1.total|money}"
    cell style=num "{cost@0.total|money}"
    cell style=num "{cost@-4..0.total|money}"
  row h=3.7
    cell style=vlabel rows=6 "内訳"
    cell style=label align=left "国庫支出金"
    cell style=num "{cost@-4.national|money}"
    cell style=num "{cost@-3.national|money}"
    cell style=num "{cost@-2.national|money}"
    cell style=num "{cost@-1.national|money}"
    cell style=num "{cost@0.national|money}"
    cell style=num "{cost@-4..0.national|money}"
  row h=3.7
    cell style=label align=left "{profile.prefectural_label}"
    cell style=num "{cost@-4.prefectural|money}"
    cell style=num "{cost@-3.prefectural|money}"
    cell style=num "{cost@-2.prefectural|money}"
    cell style=num "{cost@-1.prefectural|money}"
    cell style=num "{cost@0.prefectural|money}"
    cell style=num "{cost@-4..0.prefectural|money}"
  row h=3.7
    cell style=label align=left "地方債"
    cell style=num "{cost@-4.bonds|money}"
    cell style=num "{cost@-3.bonds|money}"
    cell style=num "{cost@-2.bonds|money}"
    cell style=num "{cost@-1.bonds|money}"
    cell style=num "{cost@0.bonds|money}"
    cell style=num "{cost@-4..0.bonds|money}"
  row h=3.7
    cell style=label align=left "ふるさと関連基金"
    cell style=num "{cost@-4.furusato_fund|money}"
    cell style=num "{cost@-3.furusato_fund|money}"
    cell style=num "{cost@-2.furusato_fund|money}"
    cell style=num "{cost@-1.furusato_fund|money}"
    cell style=num "{cost@0.furusato_fund|money}"
    cell style=num "{cost@-4..0.furusato_fund|money}"
  row h=3.7
    cell style=label align=left "その他"
    cell style=num "{cost@-4.other|money}"
    cell style=num "{cost@-3.other|money}"
    cell style=num "{cost@-2.other|money}"
    cell style=num "{cost@-1.other|money}"
    cell style=num "{cost@0.other|money}"
    cell style=num "{cost@-4..0.other|money}"
  row h=3.7
    cell style=label align=left "一般財源"
    cell style=num "{cost@-4.general|money}"
    cell style=num "{cost@-3.general|money}"
    cell style=num "{cost@-2.general|money}"
    cell style=num "{cost@-1.general|money}"
    cell style=num "{cost@0.general|money}"
    cell style=num "{cost@-4..0.general|money}"
  row h=3.7
    cell style=label span=2 align=left "人員(人工）"
    cell style=num "{cost@-4.staff_total|num:2}"
    cell style=num "{cost@-3.staff_total|num:2}"
    cell style=num "{cost@-2.staff_total|num:2}"
    cell style=num "{cost@-1.staff_total|num:2}"
    cell style=num "{cost@0.staff_total|num:2}"
    cell style=num "{cost@-4..0.staff_total|num:2}"
  row h=3.7
    cell style=label span=2 align=left size=6.5 "職員費（人員×{profile.staff_unit_cost|money}{profile.display_unit_label}）"
    cell style=num "{cost@-4.staff_cost|money}"
    cell style=num "{cost@-3.staff_cost|money}"
    cell style=num "{cost@-2.staff_cost|money}"
    cell style=num "{cost@-1.staff_cost|money}"
    cell style=num "{cost@0.staff_cost|money}"
    cell style=num "{cost@-4..0.staff_cost|money}"
  row h=3.7
    cell style=label span=2 align=left "総事業費"
    cell style=num "{cost@-4.total_cost|money}"
    cell style=num "{cost@-3.total_cost|money}"
    cell style=num "{cost@-2.total_cost|money}"
    cell style=num "{cost@-1.total_cost|money}"
    cell style=num "{cost@0.total_cost|money}"
    cell style=num "{cost@-4..0.total_cost|money}"
end
grid cols=8,20,22,30,22,30,22,40
  row h=4.5
    cell style=vlabel rows=2 "維持管理"
    cell style=label span=2 "管理主体"
    cell label=管理主体 "{project.maintenance_body}"
    cell style=label "運営方法"
    cell label=運営方法 span=3 "{project.maintenance_method}"
  row h=4.5
    cell style=label size=6.5 "維持管理費"
    cell style=label "施設維持費"
    cell style=num "{project.maintenance_facility_cost}"
    cell style=label "概算人件費"
    cell style=num "{project.maintenance_staff_cost}"
    cell style=label "合計／年"
    cell style=num "{project.maintenance_total|money}"
end
grid cols=8,86,33,33,34
  row h=4.5
    cell style=vlabel rows=2 "活動指標"
    cell style=head "指　標　名"
    cell style=head "目標値（{fy@-4|era_short}）"
    cell style=head "計画値（{fy@-1|era_short}）"
    cell style=head "目標値（{fy@1|era_short}）"
  repeat indicators min=1
  row h=4.5
    cell label=指標名 "{item.name}"
    cell style=num "{item.yearly_target@-4|num|unit|default:-}"
    cell style=num "{item.plan@-1|num|unit|default:-}"
    cell style=num "{item.target|num|unit|default:-}"
  end
end

# ---- ４ 事務事業の現状と課題
grid cols=194
  row h=4
    cell style=section "４　事務事業の現状と課題"
end
grid cols=30,164
  row h=9
    cell style=label "成　果"
    cell label=成果 valign=top "{project.results}"
  row h=7
    cell style=label size=6.5 "事務事業改善策\n（継続事業のみ記入）"
    cell label=事務事業改善策 valign=top "{project.improvement}"
end

# ---- ５ 事務事業の効果について
grid cols=194
  row h=4
    cell style=section "５　事務事業の効果について"
end
grid cols=30,164
  row h=6
    cell style=label size=6.5 "取組みに当たって\n期待される効果など"
    cell label=期待される効果 valign=top "{project.effect}"
end

# ---- ６ 評価の視点: six items, each its options with ■ on the chosen one, then the reason
grid cols=194
  row h=4
    cell style=section "６　評価の視点"
end
grid cols=30,164
  row h=3.8
    cell style=label rows=2 align=left "{choice.市民ニーズ.label}"
    cell "{choice.市民ニーズ|boxes}"
  row h=6.2
    cell label=市民ニーズの理由 valign=top size=7 "{choice.市民ニーズ.reason}"
  row h=3.8
    cell style=label rows=2 align=left "{choice.市が実施する必要性.label}"
    cell "{choice.市が実施する必要性|boxes}"
  row h=6.2
    cell label=市が実施する必要性の理由 valign=top size=7 "{choice.市が実施する必要性.reason}"
  row h=3.8
    cell style=label rows=2 align=left "{choice.事業の緊急性.label}"
    cell "{choice.事業の緊急性|boxes}"
  row h=6.2
    cell label=事業の緊急性の理由 valign=top size=7 "{choice.事業の緊急性.reason}"
  row h=3.8
    cell style=label rows=2 align=left "{choice.手段の適切性.label}"
    cell "{choice.手段の適切性|boxes}"
  row h=6.2
    cell label=手段の適切性の理由 valign=top size=7 "{choice.手段の適切性.reason}"
  row h=3.8
    cell style=label rows=2 align=left "{choice.事業の公平性.label}"
    cell "{choice.事業の公平性|boxes}"
  row h=6.2
    cell label=事業の公平性の理由 valign=top size=7 "{choice.事業の公平性.reason}"
  row h=3.8
    cell style=label rows=2 align=left "{choice.事業の有効性.label}"
    cell "{choice.事業の有効性|boxes}"
  row h=6.2
    cell label=事業の有効性の理由 valign=top size=7 "{choice.事業の有効性.reason}"
end

# ---- ７ 今後の事業の進め方
grid cols=194
  row h=4
    cell style=section "７　今後の事業の進め方"
end
# ア is the 主管課's own view of how to proceed, free text: seed 000 prints "ア．" with no
# ■/□ options (イ, a choice item, prints its three), and イ is the department's policy
# "アを踏まえ" — the section writes the sheet, its department decides, 総合政策部 comments.
grid cols=30,164
  row h=6.2
    cell style=label align=left size=6.5 "ア．主管課の考え方"
    cell label=主管課の考え方 valign=top size=7 "{project.section_view}"
  row h=4
    cell style=label rows=2 align=left size=6.5 "イ．アを踏まえ、\n担当部局の方針"
    cell "{choice.方針|boxes}"
  row h=6.2
    cell label=担当部局の方針 valign=top size=7 "{choice.方針.reason}"
  row h=8
    cell style=label size=6.5 "総合政策部で\n付された意見"
    cell label=総合政策部で付された意見 valign=top size=7 "{project.secondary_verdict|bracket}\n{project.secondary_opinion}"
end
