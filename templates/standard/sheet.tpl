# 標準様式 事務事業評価シート — the standard form (templates/README.md, "The standard form").
# A4 portrait. Every section is drawn only when the project has something for it, so
# one form fits any city's data: 基本情報, 目的・概要 (or 手段・対象・意図・結果),
# 事業費 by year and funding source, 指標, the judgement items the data set has with
# their options as ■/□, 意見, and every other column under its own header.
# Lengths in mm, sizes in pt.

template standard "事務事業評価シート"
page A4 portrait
margin 12 10 12 10
font gothic ipaexg.ttf

style default font=gothic size=8.5 min=6 leading=1.3 pad=1 line=0.5
style label fill=#e8ecf2 align=center size=8 role=TH
style head fill=#e8ecf2 align=center size=7.5 min=5.5 pad=0.6 role=TH
style section fill=#3b5a80 color=#ffffff size=9.5 pad=1.2 role=H2
style num align=right
style small size=7.5

header align=right valign=bottom size=7 color=#595959 "{profile.city}"
footer align=center valign=top size=7.5 "{project.code}　{project.name}　　{page} / {pages}"

text w=190 h=9 size=15 align=center role=H1 "事務事業評価シート"
text w=190 h=5 size=9 align=center when=fy "（{fy|era}）"

# ---- 基本情報
grid gap=3 cols=190
  row h=6.5
    cell style=section "基本情報"
end
grid gap=1 cols=28,40,28,94
  row h=auto
    cell style=label "事業コード"
    cell align=center "{project.code}"
    cell style=label "事業名"
    cell label=事業名 size=10 "{project.name}"
end
grid when=project.department,project.section cols=28,67,28,67
  row h=auto
    cell style=label "部"
    cell label=部 "{project.department}"
    cell style=label "課"
    cell label=課 "{project.section}"
end
grid when=project.policy cols=28,162
  row h=auto
    cell style=label "政策"
    cell label=政策 "{project.policy}"
end
grid when=project.measure cols=28,162
  row h=auto
    cell style=label "施策"
    cell label=施策 "{project.measure}"
end
grid when=project.basic_project cols=28,162
  row h=auto
    cell style=label "基本事業"
    cell label=基本事業 "{project.basic_project}"
end
grid when=project.program cols=28,162
  row h=auto
    cell style=label "プロジェクト"
    cell label=プロジェクト "{project.program}"
end
grid when=project.policy_goal cols=28,162
  row h=auto
    cell style=label "施策目標"
    cell label=施策目標 "{project.policy_goal}"
end
grid when=project.policy_relation cols=28,162
  row h=auto
    cell style=label size=7 "施策体系との関連"
    cell label=施策体系との関連 "{project.policy_relation}"
end
grid when=project.plan_number,project.category,project.kind cols=28,35,28,35,28,36
  row h=auto
    cell style=label "計画番号"
    cell "{project.plan_number}"
    cell style=label "事業区分"
    cell "{project.category}"
    cell style=label "評価区分"
    cell "{project.kind}"
end
grid when=project.legal_basis cols=28,162
  row h=auto
    cell style=label "根拠法令"
    cell label=根拠法令 "{project.legal_basis}"
end
grid when=project.plans cols=28,162
  row h=auto
    cell style=label "関連する計画"
    cell label=関連する計画 "{project.plans}"
end
grid when=project.start_year,project.end_year cols=28,67,28,67
  row h=auto
    cell style=label "開始年度"
    cell "{project.start_year}"
    cell style=label "終了年度"
    cell "{project.end_year}"
end
grid when=project.period cols=28,162
  row h=auto
    cell style=label "事業期間"
    cell "{project.period}"
end
grid when=project.created,project.is_new cols=28,67,28,67
  row h=auto
    cell style=label "作成日"
    cell "{project.created}"
    cell style=label "新規"
    cell "{project.is_new}"
end

# ---- 目的・概要 (or 手段・対象・意図・結果)
grid gap=3 when=project.purpose,project.summary,project.means,project.target_group,project.intent,project.outcome,project.effect,project.results,project.analysis,project.improvement cols=190
  row h=6.5
    cell style=section "事業の目的・概要"
end
grid gap=1 when=project.purpose cols=28,162
  row h=auto
    cell style=label "目的"
    cell label=目的 valign=top "{project.purpose}"
end
grid when=project.summary cols=28,162
  row h=auto
    cell style=label "概要"
    cell label=概要 valign=top "{project.summary}"
end
grid when=project.target_group cols=28,162
  row h=auto
    cell style=label "対象"
    cell label=対象 valign=top "{project.target_group}"
end
grid when=project.means cols=28,162
  row h=auto
    cell style=label "手段"
    cell label=手段 valign=top "{project.means}"
end
grid when=project.intent cols=28,162
  row h=auto
    cell style=label "意図"
    cell label=意図 valign=top "{project.intent}"
end
grid when=project.outcome cols=28,162
  row h=auto
    cell style=label "結果"
    cell label=結果 valign=top "{project.outcome}"
end
grid when=project.effect cols=28,162
  row h=auto
    cell style=label "期待される効果"
    cell label=期待される効果 valign=top "{project.effect}"
end
grid when=project.results cols=28,162
  row h=auto
    cell style=label "成果"
    cell label=成果 valign=top "{project.results}"
end
grid when=project.analysis cols=28,162
  row h=auto
    cell style=label "現状と課題"
    cell label=現状と課題 valign=top "{project.analysis}"
end
grid when=project.improvement cols=28,162
  row h=auto
    cell style=label "改善策"
    cell label=改善策 valign=top "{project.improvement}"
end

# ---- 事業費: one row per year and stage, by funding source
grid gap=3 when=count.costs cols=190
  row h=6.5
    cell style=section "事業費・財源内訳　（単位：{profile.display_unit_label}）"
end
grid gap=1 when=count.costs cols=18,15,20,18,18,17,17,19,13,17,18 header=1
  row h=auto
    cell style=head "年度"
    cell style=head "区分"
    cell style=head "事業費"
    cell style=head "国庫支出金"
    cell style=head "{profile.prefectural_label}"
    cell style=head "地方債"
    cell style=head "その他"
    cell style=head "一般財源"
    cell style=head "人工"
    cell style=head "人件費"
    cell style=head "トータルコスト"
  repeat costs
  row h=5
    cell align=center "{item.fy|era_short}"
    cell align=center size=7.5 "{item.stage}"
    cell style=num "{item.total|money}"
    cell style=num "{item.national|money}"
    cell style=num "{item.prefectural|money}"
    cell style=num "{item.bonds|money}"
    cell style=num "{item.other|money}"
    cell style=num "{item.general|money}"
    cell style=num "{item.staff_total|num:trim}"
    cell style=num "{item.staff_cost|money}"
    cell style=num "{item.total_cost|money}"
  end
end

# ---- 指標: the evaluation year and the four before it
grid gap=3 when=count.indicators cols=190
  row h=6.5
    cell style=section "指標"
end
grid gap=1 when=count.indicators cols=38,10,10,16,10,16,16,16,16,16,16,10 header=1
  row h=auto
    cell style=head "指標名"
    cell style=head "単位"
    cell style=head "方向"
    cell style=head "基準値"
    cell style=head ""
    cell style=head "{fy@-4|era_short}"
    cell style=head "{fy@-3|era_short}"
    cell style=head "{fy@-2|era_short}"
    cell style=head "{fy@-1|era_short}"
    cell style=head "{fy|era_short}"
    cell style=head "目標値"
    cell style=head "達成率"
  repeat indicators
  row h=auto
    cell rows=2 size=8 "{item.name}{item.kind|prefix:（|suffix:）}"
    cell rows=2 align=center "{item.unit}"
    cell rows=2 align=center "{item.trend}"
    cell rows=2 style=num "{item.baseline|num}{item.baseline_year|era_short|prefix:（|suffix:）}"
    cell style=head size=7 "目標"
    cell style=num "{item.yearly_target@-4|num}"
    cell style=num "{item.yearly_target@-3|num}"
    cell style=num "{item.yearly_target@-2|num}"
    cell style=num "{item.yearly_target@-1|num}"
    cell style=num "{item.yearly_target@0|num}"
    cell rows=2 style=num "{item.target|num}{item.target_year|era_short|prefix:（|suffix:）}"
    cell rows=2 style=num "{item.achievement}"
  row h=auto
    cell style=head size=7 "実績"
    cell style=num "{item.actual@-4|num}"
    cell style=num "{item.actual@-3|num}"
    cell style=num "{item.actual@-2|num}"
    cell style=num "{item.actual@-1|num}"
    cell style=num "{item.actual@0|num}"
  end
end

# ---- 施策KPI of the project
grid gap=3 when=count.kpis cols=190
  row h=6.5
    cell style=section "施策KPI"
end
grid gap=1 when=count.kpis cols=52,14,22,22,22,22,36 header=1
  row h=auto
    cell style=head "KPI"
    cell style=head "単位"
    cell style=head "基準値"
    cell style=head "{fy|era_short}実績"
    cell style=head "目標値"
    cell style=head "スコア"
    cell style=head "目標値の考え方"
  repeat kpis
  row h=auto
    cell "{item.name}"
    cell align=center "{item.unit}"
    cell style=num "{item.baseline|num}"
    cell style=num "{item.actual@0|num}"
    cell style=num "{item.target|num}"
    cell style=num "{item.score|num:2}"
    cell size=7.5 "{item.target_note}"
  end
end

# ---- 前年度比較: only when the run has last year's data (--previous, hyoka.conf previous =)
grid gap=3 when=previous.status cols=190
  row h=6.5
    cell style=section "前年度比較　（{previous.status}事業、単位：{profile.display_unit_label}）"
end
grid gap=1 when=previous.fy cols=52,32,32,32,42 header=1
  row h=auto
    cell style=head ""
    cell style=head "前年度（{previous.fy|era_short}）"
    cell style=head "本年度（{fy|era_short}）"
    cell style=head "増減"
    cell style=head "増減率"
  row h=5
    cell style=label align=left "事業費"
    cell style=num "{previous.total|money}"
    cell style=num "{cost@0.total|money}"
    cell style=num "{previous.total_change|money}"
    cell style=num "{previous.total_rate}"
  row h=5
    cell style=label align=left "トータルコスト"
    cell style=num "{previous.total_cost|money}"
    cell style=num "{cost@0.total_cost|money}"
    cell style=num "{previous.cost_change|money}"
    cell style=num "{previous.cost_rate}"
  row h=5
    cell style=label align=left "人工"
    cell style=num "{previous.staff|num:trim}"
    cell style=num "{cost@0.staff_total|num:trim}"
    cell style=num "{previous.staff_change|num:trim}"
    cell style=num ""
  repeat indicators
  row h=auto
    cell style=label align=left size=8 "{item.name}"
    cell style=num "{item.previous|num|unit}"
    cell style=num "{item.actual@0|num|unit}"
    cell style=num "{item.change|num|unit}"
    cell style=num ""
  end
  row h=5
    cell style=label align=left "今後の方向性"
    cell span=4 "前年度：{previous.direction|default:―}{previous.renamed_from|prefix:　（前年度の事業名：|suffix:）}"
end

# ---- 事業の仕分け: Kushiro's four screening axes (profile.conf), where the data has them
grid gap=3 when=choice.ニーズ,choice.重複,choice.市が実施すべきか,choice.実施手法 cols=190
  row h=6.5
    cell style=section "事業の仕分け"
end
grid gap=1 when=choice.ニーズ,choice.重複,choice.市が実施すべきか,choice.実施手法 cols=40,150
  row h=auto
    cell style=label align=left "{choice.ニーズ.label}"
    cell "{choice.ニーズ|boxes}{choice.ニーズ.reason|prefix:\n（理由）}"
  row h=auto
    cell style=label align=left "{choice.重複.label}"
    cell "{choice.重複|boxes}{choice.重複.reason|prefix:\n（理由）}"
  row h=auto
    cell style=label align=left "{choice.市が実施すべきか.label}"
    cell "{choice.市が実施すべきか|boxes}{choice.市が実施すべきか.reason|prefix:\n（理由）}"
  row h=auto
    cell style=label align=left "{choice.実施手法.label}"
    cell "{choice.実施手法|boxes}{choice.実施手法.reason|prefix:\n（理由）}"
end

# ---- 評価: every judgement item of the data set, its options as ■/□, and the reason
grid gap=3 when=count.choices cols=190
  row h=6.5
    cell style=section "評価・今後の方向性"
end
grid gap=1 when=count.choices cols=40,150
  repeat choices
  row h=auto
    cell style=label align=left "{item.label}"
    cell "{item|boxes}{item.reason|prefix:\n（理由）}"
  end
end

# ---- 意見
grid gap=3 when=project.opinion,project.secondary_verdict,project.secondary_opinion,project.external_opinion cols=190
  row h=6.5
    cell style=section "意見"
end
grid gap=1 when=project.opinion cols=40,150
  row h=auto
    cell style=label "所管部局の意見"
    cell label=所管部局の意見 valign=top "{project.opinion}"
end
grid when=project.secondary_verdict cols=40,150
  row h=auto
    cell style=label "二次評価の判定"
    cell "{project.secondary_verdict}"
end
grid when=project.secondary_opinion cols=40,150
  row h=auto
    cell style=label "二次評価の意見"
    cell label=二次評価の意見 valign=top "{project.secondary_opinion}"
end
grid when=project.external_opinion cols=40,150
  row h=auto
    cell style=label "外部評価の意見"
    cell label=外部評価の意見 valign=top "{project.external_opinion}"
end

# ---- every other column of the project, under its own header
grid gap=3 when=count.fields cols=190
  row h=6.5
    cell style=section "その他の記載事項"
end
grid gap=1 when=count.fields cols=40,150
  repeat fields
  row h=auto
    cell style=label align=left size=7.5 "{item.label}"
    cell valign=top "{item.value}"
  end
end
