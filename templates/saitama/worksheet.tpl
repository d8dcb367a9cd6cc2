# さいたま市 意見出し用ワークシート — seed 003 (shared/seeds/003_59c86908ab249800.txt, line 236:
# 資料4・5 "3 意見出し用ワークシート"): the committee member's sheet, the project on one
# A4 landscape page: its 施策 and 事業, key figures, the profile by ① 現状認識 ② 目的・対象・
# 目標指標の設定 ③ 取組 ④ 施策への有効性・貢献度, and empty 問題点 / 解決策 boxes to write in.
# Written as OUT/sheets/<code>-worksheet.pdf (profile.conf `sheets =`). Lengths in mm, sizes in pt.

template saitama_worksheet "意見出し用ワークシート"
page A4 landscape
margin 12 10 10 10
font gothic ipaexg.ttf

style default font=gothic size=7.5 min=5.5 leading=1.3 pad=1 line=0.4
style label fill=#e6e6e6 align=center size=8 min=6 pad=0.6
style head fill=#bfcfe3 align=center size=8 min=6
style num align=right
style hint align=center size=7 color=#404040

header size=11 align=left "【{project.program}】{fy|era} 意見出し用ワークシート"
footer size=6.5 align=right "{project.committee|suffix:　}{project.meeting_date|date|suffix:　　}{page} / {pages}"

grid cols=30,247
  row h=6.5
    cell style=label "施策"
    cell "{project.measure}"
  row h=auto
    cell style=label "目指す方向性"
    cell "{project.policy_direction}"
  row h=7
    cell style=label "事業"
    cell size=10 label=事業名 "{project.name}"
end

# the key figures: grade, money, and each target indicator's target and actual
grid gap=2 cols=30,22,40,58,127
  row h=6
    cell style=label "達成度"
    cell align=center size=11 "{project.grade|default:―}"
    cell style=label "{fy|era} 決算額"
    cell style=num "{cost@0:決算.total|yen|suffix:円|default:―}"
    cell style=label align=left "（当初予算額 {cost@0:当初予算.total|yen|suffix:円|default:―}）"
end
grid gap=1 cols=30,127,40,40,40
  row h=6
    cell style=label "目標指標"
    cell style=head "指標"
    cell style=head "{fy|era} 目標"
    cell style=head "{fy|era} 実績"
    cell style=head "達成度"
  repeat indicators
  row h=auto
    cell align=center "{item.index|circled}"
    cell "{item.name}"
    cell style=num "{item.yearly_target@0|num|unit|default:―}"
    cell style=num "{item.actual@0|num|unit|default:―}"
    cell align=center "{item.grade|default:―}"
  end
end

grid gap=2 cols=25,63,63,63,63
  row h=7
    cell style=label ""
    cell style=head "① 現状認識"
    cell style=head "② 目的・対象・目標指標の設定"
    cell style=head "③ 取組"
    cell style=head "④ 施策への有効性・貢献度"
  row h=auto
    cell style=label "事業の\nプロフィール"
    cell valign=top label=現状認識 "〔背景〕\n{project.background}"
    cell valign=top label=目的 "〔目的〕\n{project.purpose}"
    cell valign=top label=取組 "〔具体的な事業内容〕\n{project.concrete_actions}\n〔事業の結果〕\n{project.results_text}"
    cell valign=top label=施策への有効性・貢献度 "〔施策への有効性・貢献度〕\n{project.effectiveness}"
  row h=8
    cell style=label "（観点）→"
    cell style=hint "（現状分析、ニーズ把握）"
    cell style=hint "（事業の方向づけ）"
    cell style=hint "（取組内容、PR、連携・協働、効率化、その他の工夫）"
    cell style=hint "―"
  row h=30
    cell style=label "問題点"
    cell ""
    cell ""
    cell ""
    cell ""
  row h=30
    cell style=label "解決策"
    cell ""
    cell ""
    cell ""
    cell ""
end
