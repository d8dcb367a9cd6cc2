# 旭川市: the sheet's main table, one row per project — 事業コード · 事業名 · 事業の概要 ·
# インプット (four budget stages × 事業費 and its sources, 人工 of the evaluation year)
# · アウトプット · アウトカム. The sheet prints it on both of its pages
# (`include "main_table.tpl"`); 50 mm tall in all.
#
# The four stage rows are fixed, as on the city's form: 前年度決算, 当年度当初予算,
# 当年度決算見込, 翌年度当初予算. A stage the data lacks prints as a blank row
# under its label, never a shifted one.

grid cols=16,22,54,16,13,11,10,11,11,11,12,10,10,36,38
  row h=5
    cell style=head rows=3 "事業コード"
    cell style=head rows=3 "事業名"
    cell style=head rows=3 "事業の概要"
    cell style=head span=10 "インプット（事務事業に必要な行政資源）"
    cell style=head "アウトプット"
    cell style=head "アウトカム"
  row h=4.5
    cell style=head rows=2 ""
    cell style=head rows=2 "事業費\n(千円)"
    cell style=head rows=2 "国"
    cell style=head rows=2 "{profile.prefectural_label}"
    cell style=head rows=2 "市債"
    cell style=head rows=2 size=6 "交付税\n措置(%)"
    cell style=head rows=2 "その他"
    cell style=head rows=2 "一般財源"
    cell style=head span=2 size=6 "人工 ({fy|era_short}年度)"
    cell style=head rows=2 size=6 "{fy|era_short}年度は何をどれだけしたか\n(利用者数・件数等)"
    cell style=head rows=2 size=6 "事業成果を測るKPIがある場合は\nその状況。ない場合は「-」"
  row h=6.5
    cell style=head size=6 "正職員"
    cell style=head size=6 "会計\n年度"
  row h=8.5
    cell rows=4 align=center label=事業コード "{project.code}"
    cell rows=4 align=center label=事業名 "{project.name}"
    cell rows=4 style=longtext label=事業の概要 "{project.summary}"
    cell style=stage "{fy@-1|era_short}決算"
    cell style=num "{cost@-1:決算.total|money}"
    cell style=num "{cost@-1:決算.national|money}"
    cell style=num "{cost@-1:決算.prefectural|money}"
    cell style=num "{cost@-1:決算.bonds|money}"
    cell style=num "{cost@-1:決算.tax_allocation_pct|num:trim}"
    cell style=num "{cost@-1:決算.other|money}"
    cell style=num "{cost@-1:決算.general|money}"
    cell rows=4 style=num align=center "{cost@0.staff|num:trim}"
    cell rows=4 style=num align=center "{cost@0.part_time_staff|num:trim}"
    cell rows=4 style=longtext label=アウトプット "{project.output}"
    cell rows=4 style=longtext label=アウトカム "{project.outcome}"
  row h=8.5
    cell style=stage "{fy|era_short}当初予算"
    cell style=num "{cost@0:当初予算.total|money}"
    cell style=num "{cost@0:当初予算.national|money}"
    cell style=num "{cost@0:当初予算.prefectural|money}"
    cell style=num "{cost@0:当初予算.bonds|money}"
    cell style=num "{cost@0:当初予算.tax_allocation_pct|num:trim}"
    cell style=num "{cost@0:当初予算.other|money}"
    cell style=num "{cost@0:当初予算.general|money}"
  row h=8.5
    cell style=stage "{fy|era_short}決算見込"
    cell style=num "{cost@0:決算見込.total|money}"
    cell style=num "{cost@0:決算見込.national|money}"
    cell style=num "{cost@0:決算見込.prefectural|money}"
    cell style=num "{cost@0:決算見込.bonds|money}"
    cell style=num "{cost@0:決算見込.tax_allocation_pct|num:trim}"
    cell style=num "{cost@0:決算見込.other|money}"
    cell style=num "{cost@0:決算見込.general|money}"
  row h=8.5
    cell style=stage "{fy@1|era_short}当初予算"
    cell style=num "{cost@1:当初予算.total|money}"
    cell style=num "{cost@1:当初予算.national|money}"
    cell style=num "{cost@1:当初予算.prefectural|money}"
    cell style=num "{cost@1:当初予算.bonds|money}"
    cell style=num "{cost@1:当初予算.tax_allocation_pct|num:trim}"
    cell style=num "{cost@1:当初予算.other|money}"
    cell style=num "{cost@1:当初予算.general|money}"
end
