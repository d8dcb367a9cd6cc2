# 標準様式 施策別評価シート — one sheet per 施策 (or per 部 when the data names no 施策):
# the document a city attaches to its 主要な施策の成果を説明する書類 (地方自治法第233条第5項).
# Its projects with 事業費 and トータルコスト this year and, with last year's data
# (--previous), last year's and the change; the totals; how many projects got each
# verdict (今後の方向性); the 施策's own outcome indicators (指標区分 施策のアウトカム).
# A city replaces it with templates/<city>/measure.tpl (templates/README.md).
# Lengths in mm, sizes in pt.

template measure "施策別評価シート"
page A4 portrait
margin 12 10 12 10
font gothic ipaexg.ttf

style default font=gothic size=8.5 min=6 leading=1.3 pad=1 line=0.5
style label fill=#e8ecf2 align=center size=8 role=TH
style head fill=#e8ecf2 align=center size=7.5 min=5.5 pad=0.6 role=TH
style section fill=#3b5a80 color=#ffffff size=9.5 pad=1.2 role=H2
style num align=right

header align=right valign=bottom size=7 color=#595959 "{profile.city}"
footer align=center valign=top size=7.5 "{measure.code|suffix:　}{measure.name}　　{page} / {pages}"

text w=190 h=9 size=15 align=center role=H1 "{measure.by}別評価シート"
text w=190 h=5 size=9 align=center when=fy "（{fy|era}）"

# ---- 基本情報
grid gap=3 cols=190
  row h=6.5
    cell style=section "基本情報"
end
grid gap=1 cols=28,40,28,94
  row h=auto
    cell style=label "{measure.by}コード"
    cell align=center "{measure.code|default:―}"
    cell style=label "{measure.by}名"
    cell size=10 "{measure.name|default:（未設定）}"
  row h=auto
    cell style=label "対象事業"
    cell span=3 "{measure.projects}事業{measure.new|prefix:（うち新規 |suffix:事業）}{measure.ended|prefix:　前年度で終了 |suffix:事業}"
end

# ---- 構成事業: every project, the ended ones last
grid gap=3 cols=190
  row h=6.5
    cell style=section "構成事業（単位：{profile.display_unit_label}）"
end
grid gap=1 cols=60,11,19,19,19,19,18,25 optional=2,3,5,7 header=2
  row h=5
    cell style=head "事業"
    cell style=head "区分"
    cell style=head span=2 "事業費"
    cell style=head span=3 "トータルコスト"
    cell style=head "今後の"
  row h=5
    cell style=head "（コード・名称）"
    cell style=head ""
    cell style=head "前年度"
    cell style=head "本年度"
    cell style=head "前年度"
    cell style=head "本年度"
    cell style=head "増減"
    cell style=head "方向性"
  repeat projects
  row h=auto
    cell label=事業 "{item.code}　{item.name}"
    cell align=center "{item.status}"
    cell style=num "{item.last_total|money}"
    cell style=num "{item.total|money}"
    cell style=num "{item.last_total_cost|money}"
    cell style=num "{item.total_cost|money}"
    cell style=num "{item.cost_change|money}"
    cell align=center "{item.verdict}"
  end
  row h=5
    cell style=label span=2 "合計"
    cell style=num "{measure.last_total|money}"
    cell style=num "{measure.total|money}"
    cell style=num "{measure.last_total_cost|money}"
    cell style=num "{measure.total_cost|money}"
    cell style=num "{measure.cost_change|money}"
    cell style=num "{measure.cost_rate|prefix:増減率 }"
end

# ---- 今後の方向性の内訳
grid gap=3 cols=190
  row h=6.5
    cell style=section "今後の方向性の内訳（{measure.verdicts}）"
end
grid gap=1 cols=60,40,40,50 header=1
  row h=auto
    cell style=head "今後の方向性"
    cell style=head "事業数"
    cell style=head "割合"
    cell style=head "トータルコスト（{profile.display_unit_label}）"
  repeat verdicts
  row h=5
    cell align=center "{item.label}"
    cell style=num "{item.count}事業"
    cell style=num "{item.share|pct}"
    cell style=num "{item.total_cost|money}"
  end
end

# ---- 施策のアウトカム: the 施策's own outcome indicators, where the data has them
grid gap=3 when=measure.outcomes cols=190
  row h=6.5
    cell style=section "{measure.by}のアウトカム"
end
grid gap=1 when=measure.outcomes cols=62,14,22,22,22,22,26 optional=3,4,6,7 header=1
  row h=auto
    cell style=head "指標名"
    cell style=head "単位"
    cell style=head "基準値"
    cell style=head "実績 {fy@-1|era_short}"
    cell style=head "実績 {fy|era_short}"
    cell style=head "目標値"
    cell style=head "達成率"
  repeat outcomes
  row h=auto
    cell label=指標名 "{item.name}"
    cell align=center "{item.unit}"
    cell style=num "{item.baseline|num}"
    cell style=num "{item.actual@-1|num}"
    cell style=num "{item.actual@0|num}"
    cell style=num "{item.target|num}{item.target_year|era_short|prefix:（|suffix:）}"
    cell style=num "{item.achievement}"
  end
end
