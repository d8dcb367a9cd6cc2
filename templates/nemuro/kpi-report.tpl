# 施策KPIの進捗状況: a comprehensive strategy's KPI progress report (OUT/kpi-report.pdf)
# The strategy KPI progress report of spec/domain.md section 6 and forms.md ("The strategy
# KPI progress report"): the averages with their coverage per program and overall, then
# each program's projects with their KPI tables, 目標値 notes and 現状分析.
# Bound to the whole data set: report.* and program.* are the roll-ups, sections run over
# the programs and projects that have strategy KPIs, in the KPI sheet's order, and fy is
# the report's evaluation year (fy@-3 .. fy@0: the last four years of actuals).
# Nothing here names a city: report.city and report.plan are the data owner's (hyoka.conf
# `city`, `title`), years print as the data's headers write them (|written: H31 stays H31),
# a year column with no figure in any row is left out (optional=), each KPI shows its own
# base year where it is not the report's, and a score the city entered that differs from
# the computed one is printed, marked ※, with the computed one beside it.
# Lengths in mm, sizes in pt.

template nemuro_kpi "{report.city} 施策KPIの進捗状況"
page A4 landscape
margin 12 10 11 10
font gothic ipaexg.ttf

style default font=gothic size=8 min=6 leading=1.25 pad=0.8 line=0.4
style head fill=#dde4ee align=center size=7.5
style num align=right
style total fill=#fff2cc
style program fill=#305496 color=#ffffff size=10.5 pad=1.5
style project fill=#e9eef6 size=9 pad=1.2
style heading size=10.5 pad=0
style note size=7.5 pad=0.5 leading=1.35

header align=right valign=bottom size=7 color=#595959 "{report.city}　施策KPIの進捗状況（{report.eval_year|written}実績）"
footer align=center valign=top size=8 "－ {page} －"

text w=277 h=10 size=15 align=center "施策KPIの進捗状況（{report.eval_year|written}実績）"
text w=277 h=6 size=10 align=center when=report.plan "{report.plan}"

# ---- 1 the averages: per program, then overall, each with its coverage
text gap=5 w=277 h=6 style=heading "１　プロジェクト別の進捗状況"
grid gap=1 cols=88,24,83,36,46 header=1
  row h=9
    cell style=head "プロジェクト"
    cell style=head "平均スコア"
    cell style=head "集計対象／全体"
    cell style=head "スコア{report.threshold}以上のKPI"
    cell style=head "全KPIがスコア{report.threshold}以上の事業"
  repeat programs
  row h=7
    cell "{program.name}"
    cell style=num size=10 "{program.average|num:2|default:―}"
    cell align=center "（{program.coverage}）"
    cell style=num "{program.kpis_at_threshold}KPI"
    cell style=num "{program.projects_at_threshold}事業"
  end
  row h=8
    cell style=head size=9 "全　体"
    cell style=num,total size=11 "{report.average|num:2|default:―}"
    cell style=total align=center "（{report.coverage}）"
    cell style=num,total "{report.kpis_at_threshold}KPI"
    cell style=num,total "{report.projects_at_threshold}事業"
end
text gap=2 w=277 h=auto style=note "※ スコアは、基準値（{report.base_year|written}）から目標値（{report.target_year|written}）までの計画期間のうち、評価年度（{report.eval_year|written}）までに経過した割合（{report.elapsed|pct:1}）に対して、KPIがどれだけ目標に近づいたかを表す。進捗率 p ＝（実績値－基準値）÷（目標値－基準値）とし、補正前スコア ＝ p ÷ 経過割合 × 100（p が負のときは p × 100）、スコアは補正前スコアを {report.clamp_min}～{report.clamp_max} の範囲に収めた値（小数点以下第3位を四捨五入）。平均スコアは集計対象KPIのスコアの単純平均であり、新規事業（★）のKPI及び評価年度の実績値のないKPIは集計対象外とした。備考欄の「入力値」は、算定式を適用できないため所管課の値を用いたもの。※印のスコアは所管課の入力値であり、算定式による値と異なる（算定値を備考欄に示す。平均は算定値による）。"

# ---- 2 every program, its projects and their KPIs
text gap=5 w=277 h=6 style=heading "２　プロジェクト別・事業別の施策KPIの状況"
section programs gap=5
  grid gap=2 cols=277
    row h=8
      cell style=program "{program.name}　　平均スコア {program.average|num:2|default:―}　（{program.coverage}）"
  end
  section projects gap=4
    grid gap=2 cols=58,26,22,22,22,22,19,17,26,43 header=3 keep=yes optional=3,4,5,6
      row h=6.5
        cell span=10 style=project "{project.code|prefix:No.|suffix:　}{project.is_new}{project.name}　＜{project.department}（{project.section}）＞"
      row h=auto
        cell span=10 "{project.summary}"
      row h=8
        cell style=head "施策KPI"
        cell style=head "基準値\n（{report.base_year|written}）"
        cell style=head "{fy@-3|written}\n実績値"
        cell style=head "{fy@-2|written}\n実績値"
        cell style=head "{fy@-1|written}\n実績値"
        cell style=head "{fy@0|written}\n実績値"
        cell style=head "補正前\nスコア"
        cell style=head "スコア"
        cell style=head "目標値\n（{report.target_year|written}）"
        cell style=head "備考"
      repeat kpis
      row h=auto
        cell "{item.name}"
        cell style=num "{item.baseline|num|unit|default:―}{item.own_baseline_year|written|prefix:\n（|suffix:）}"
        cell style=num "{item.actual@-3|num|unit|default:―}"
        cell style=num "{item.actual@-2|num|unit|default:―}"
        cell style=num "{item.actual@-1|num|unit|default:―}"
        cell style=num "{item.actual@0|num|unit|default:―}"
        cell style=num "{item.pre_score_mark}{item.entered_pre_score|default:―}"
        cell style=num "{item.score_mark}{item.entered_score|default:―}"
        cell style=num "{item.target|num|unit|default:―}"
        cell size=7 "{item.score_source}{item.score_note}{item.excluded|prefix:集計対象外：}"
      end
    end
    section kpis
      text w=277 h=auto style=note when=item.target_note "［目標値］{item.name}：{item.target_note}"
      text w=277 h=auto style=note when=item.revision "※{item.revision}"
    end
    text gap=1 w=277 h=auto style=note when=project.analysis "《現状分析》{project.analysis}"
  end
end
