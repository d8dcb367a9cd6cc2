# さいたま市 事業の説明シート — seed 003 (shared/seeds/003_59c86908ab249800.txt, line 116:
# 資料4・5 "1 事業の説明シート"), the committee material in front of each 事業評価シート:
# 1 事業概要（背景・目的・事業費）, 2 事業イメージ (the PNG or JPEG the data names), 3 具体的な事業内容, 4 事業の結果,
# 5 内部評価（施策への有効性・貢献度等）, 6 今後の方向性. Written as OUT/sheets/<code>-explanation.pdf
# (profile.conf `sheets =`). A4 portrait; lengths in mm, sizes in pt.

template saitama_explanation "事業の説明シート"
page A4 portrait
margin 13 10 10 10
font gothic ipaexg.ttf

style default font=gothic size=8.5 min=6 leading=1.35 pad=1 line=0.4
style band fill=#bfcfe3 size=9.5 align=left pad=1.2
style label fill=#e6e6e6 align=center size=8 min=6 pad=0.6
style sub size=8.5 border=no pad=0.5
style body border=no pad=0.5 valign=top
style grade align=center size=14 min=8

header size=11 align=left "【{project.program}】{fy|era} 事業の説明シート"
footer size=6.5 align=right "{project.committee|suffix:　}{project.meeting_date|date|suffix:　　}{page} / {pages}"

grid cols=22,140,14,14
  row h=9
    cell style=label "事業"
    cell size=10 label=事業名 "{project.name}"
    cell style=label "達成度"
    cell style=grade "{project.grade|default:―}"
  row h=auto
    cell span=4 label=事業の目的 "{project.purpose}"
end
grid cols=22,168
  row h=5.5
    cell style=label "目標指標"
    cell style=label align=left "（目標値・実績値は事業評価シートのとおり）"
  repeat indicators
  row h=auto
    cell align=center "{item.index|circled}"
    cell "{item.name}"
  end
end

text gap=4 w=190 h=6 style=band border=yes "1　事業概要（背景・目的・事業費）"
text gap=1.5 w=190 h=5 style=sub "〔背景〕"
text w=186 x=4 h=auto style=body "{project.background|default:―}"
text gap=1.5 w=190 h=5 style=sub "〔目的〕"
text w=186 x=4 h=auto style=body "{project.purpose|default:―}"
text gap=1.5 w=190 h=5 style=sub "〔事業費〕"
text w=186 x=4 h=auto style=body "{project.cost_note|default:―}"

text gap=4 w=190 h=6 style=band border=yes "2　事業イメージ"
image gap=1.5 w=190 h=62 align=center valign=middle color=#808080 label=事業イメージ "{project.image|default:（事業イメージなし）}"

text gap=4 w=190 h=6 style=band border=yes "3　具体的な事業内容"
text gap=1.5 w=186 x=4 h=auto style=body "{project.concrete_actions|default:―}"

text gap=4 w=190 h=6 style=band border=yes "4　事業の結果"
text gap=1.5 w=186 x=4 h=auto style=body "{project.results_text|default:―}"

text gap=4 w=190 h=6 style=band border=yes "5　内部評価（施策への有効性・貢献度等）"
text gap=1.5 w=190 h=5 style=sub "〔施策への有効性・貢献度〕"
text w=186 x=4 h=auto style=body "{project.effectiveness|default:―}"
text gap=1.5 w=190 h=5 style=sub "〔事業の執行過程で判明した課題〕"
text w=186 x=4 h=auto style=body "{project.issues_found|default:―}"

text gap=4 w=190 h=6 style=band border=yes "6　今後の方向性"
text gap=1.5 w=186 x=4 h=auto style=body "{project.future_direction|default:―}"
