#!/bin/bash
# Messages in Japanese: the catalog po/ja.po translates every message the
# sources mark (none untranslated, none fuzzy), and a run under --lang ja or
# LANG=ja_JP.UTF-8 prints Japanese for every kind of problem, while --lang en
# (or any other locale) keeps the English text.
#   usage: i18n.sh PATH/TO/hyoka
set -u
HYOKA=${1:?usage: i18n.sh HYOKA}
SRC=${HYOKA_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hyoka-i18n.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1719792000
unset LANGUAGE LC_ALL LC_MESSAGES
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
expect_line() {   # file fixed-string description: some line of file contains the string
    grep -qF -- "$2" "$1" || fail "$3: \"$2\" not in: $(head -c 600 "$1")"
}

# ---- the catalog: complete, no fuzzy entry, every marked message of the sources in it ----
msgfmt --check --statistics -o "$TMP/ja.mo" "$SRC/po/ja.po" 2>"$TMP/stats" || fail "msgfmt --check: $(cat "$TMP/stats")"
grep -qE '^[0-9]+ translated messages\.$' "$TMP/stats" || fail "po/ja.po has untranslated or fuzzy entries: $(cat "$TMP/stats")"
[ -z "$(msgattrib --untranslated --no-obsolete "$SRC/po/ja.po")" ] || fail "po/ja.po has untranslated entries"
[ -z "$(msgattrib --only-fuzzy --no-obsolete "$SRC/po/ja.po")" ] || fail "po/ja.po has fuzzy entries"
"$SRC/scripts/update-po" "$TMP/hyoka.pot" || fail "xgettext over gen/ failed"
msgcmp "$SRC/po/ja.po" "$TMP/hyoka.pot" 2>"$TMP/msgcmp" \
    || fail "messages of the sources missing from po/ja.po (run make pot and translate): $(grep -c 'this message is used but not defined' "$TMP/msgcmp") of them, first: $(head -3 "$TMP/msgcmp")"

# ---- usage, --help, --version ----
"$HYOKA" --lang ja frobnicate 2>"$TMP/usage.ja"; [ $? -eq 2 ] || fail "unknown command should exit 2"
expect_line "$TMP/usage.ja" "hyoka: 「frobnicate」というコマンドはありません" "unknown command in Japanese"
expect_line "$TMP/usage.ja" "詳しくは 'hyoka --help' を実行してください。" "the hint in Japanese"
LANG=ja_JP.UTF-8 "$HYOKA" --lang en frobnicate 2>"$TMP/usage.en"
expect_line "$TMP/usage.en" 'hyoka: unknown command "frobnicate" (expected build, check, normalize or init)' "--lang en over LANG=ja_JP.UTF-8"
"$HYOKA" --lang fr check x 2>"$TMP/lang.err"; [ $? -eq 2 ] || fail "--lang fr should exit 2"
expect_line "$TMP/lang.err" "--lang fr: expected ja or en" "--lang fr"
LANG=ja_JP.UTF-8 "$HYOKA" --help >"$TMP/help.ja"
expect_line "$TMP/help.ja" "使い方: hyoka build 入力 -o 出力先 [オプション]" "--help under LANG=ja_JP.UTF-8"
expect_line "$TMP/help.ja" "--lang LANG       メッセージの言語: ja または en" "--help names --lang"
LANG=C.UTF-8 "$HYOKA" --help >"$TMP/help.en"
expect_line "$TMP/help.en" "usage: hyoka build INPUT -o OUT [options]" "--help under C.UTF-8"
LANG=de_DE.UTF-8 "$HYOKA" --help >"$TMP/help.de"
expect_line "$TMP/help.de" "usage: hyoka build INPUT -o OUT [options]" "--help under a locale without a catalog"

# ---- a file that cannot be read (exit 3), with the system's own words translated too ----
LANG=ja_JP.UTF-8 "$HYOKA" check "$TMP/nothing-here" 2>"$TMP/io.ja"; [ $? -eq 3 ] || fail "a missing input should exit 3"
expect_line "$TMP/io.ja" "hyoka: $TMP/nothing-here: そのようなファイルやディレクトリはありません" "I/O error in Japanese"

# ---- the end-of-run lines ----
"$HYOKA" --lang ja check "$SRC/input" 2>"$TMP/ok.ja"; [ $? -eq 0 ] || fail "check on the sample should pass"
expect_line "$TMP/ok.ja" "hyoka: 17 事業、誤りなし、警告 0 件" "check summary in Japanese"

# ---- problems in the data, each kind in Japanese, on the terminal and in validation.csv ----
bad="$TMP/bad"
mkdir -p "$bad"
cp "$SRC/input/"*.csv "$SRC/input/hyoka.conf" "$bad/"
# an unterminated quote on the last row of the indicators (the CSV reader)
printf '"13035,活動指標,壊れた行,人,1,2,3\r\n' | iconv -f UTF-8 -t CP932 >> "$bad/indicators.csv"
/usr/bin/python3 - "$bad/costs.csv" <<'PY'
import sys
costs = sys.argv[1]
rows = open(costs, "rb").read().split(b"\r\n")
def put(r, c, v):
    cells = rows[r].split(b",")
    cells[c] = v
    rows[r] = b",".join(cells)
put(2, 1, rows[2].split(b",")[1] + b"\x81\x20")   # row 3: a byte that is not CP932
put(4, 3, "未定".encode("cp932"))                    # row 5: 事業費 not an amount
put(6, 0, b"")                                       # row 7: no 事業コード
put(8, 0, b"99999")                                  # row 9: a code no project has
open(costs, "wb").write(b"\r\n".join(rows))
PY
# a second projects table that lists 13035 again
printf '事業コード,事業名,評価年度\r\n13035,重複した事業,R6\r\n' > "$bad/more.csv"
LANG=ja_JP.UTF-8 "$HYOKA" build "$bad" -o "$TMP/badout" 2>"$TMP/bad.ja"; [ $? -eq 1 ] || fail "build on broken data should exit 1"
expect_line "$TMP/bad.ja" "$bad/costs.csv!B3: エラー: CP932 として正しくないバイト 0x81 0x20 があります" "encoding"
expect_line "$TMP/bad.ja" "$bad/indicators.csv!A21: エラー: 引用符（\"）が閉じられていません" "CSV structure"
expect_line "$TMP/bad.ja" "$bad/costs.csv!D5: エラー: 事業費: 金額ではありません（22,000、7,262千円、54,886,770円 のように記入してください）。記入値:「未定」" "not an amount"
expect_line "$TMP/bad.ja" "$bad/costs.csv!A7: エラー: 事業コードがありません。" "no code"
expect_line "$TMP/bad.ja" "$bad/costs.csv!A9: エラー: 事業コード 99999: このコードの事業はありません" "unknown code"
expect_line "$TMP/bad.ja" "$bad/projects.csv!A2: エラー: 事業コード 13035 が重複しています（最初は $bad/more.csv:2）。事業コードは事業ごとに違うものにしてください" "duplicate code"
expect_line "$TMP/bad.ja" "$bad/costs.csv: costs: 66 行を読み込み、62 行を受け付け、4 行を不採用" "table counts"
expect_line "$TMP/bad.ja" "hyoka: データに誤りが 6 件あるため、何も出力しませんでした。" "build's last line"
grep -q '^error,costs.csv,,5,4,"事業費: 金額ではありません' "$TMP/badout/validation.csv" \
    || fail "validation.csv's message column is not Japanese: $(sed -n 2,3p "$TMP/badout/validation.csv")"
"$HYOKA" --lang ja check "$bad" 2>"$TMP/bad.ja2"
cmp -s <(grep -v '^hyoka:' "$TMP/bad.ja") <(grep -v '^hyoka:' "$TMP/bad.ja2") || fail "--lang ja and LANG=ja_JP.UTF-8 differ"
"$HYOKA" check "$bad" 2>"$TMP/bad.en"
expect_line "$TMP/bad.en" "$bad/costs.csv!D5: error: 事業費: expected an amount of money such as 22,000, 7,262千円 or 54,886,770円, got \"未定\"" "English stays English"

# ---- a warning, in the terminal, validation.csv and the workbook's 検証結果 ----
warn="$TMP/warn"
mkdir -p "$warn"
cp "$SRC/input/"*.csv "$SRC/input/hyoka.conf" "$warn/"
printf 'メモ,日付\r\n会議,R6.4.1\r\n' > "$warn/memo.csv"
LANG=ja_JP.UTF-8 "$HYOKA" build "$warn" -o "$TMP/warnout" 2>"$TMP/warn.ja"; [ $? -eq 0 ] || fail "a warning should not stop the build"
expect_line "$TMP/warn.ja" "$warn/memo.csv: 警告: 表が見つかりません。最初の" "warning on the terminal"
expect_line "$TMP/warn.ja" "を $TMP/warnout に書き出しました（警告 1 件）" "build's last line"
grep -q "^warning,memo.csv,,,,表が見つかりません。" "$TMP/warnout/validation.csv" || fail "validation.csv lacks the Japanese warning"
/usr/bin/python3 - "$TMP/warnout/summary.xlsx" >"$TMP/sheet.txt" <<'PY' || fail "reading 検証結果"
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1], read_only=True)["検証結果"]
for row in ws.iter_rows(values_only=True):
    print("|".join("" if v is None else str(v) for v in row))
PY
grep -q "^警告|memo.csv|||.*|表が見つかりません。最初の" "$TMP/sheet.txt" || fail "検証結果 lacks the Japanese warning: $(cat "$TMP/sheet.txt")"

# ---- a bad profile (exit 2) ----
"$HYOKA" --lang ja check "$SRC/input" --profile nosuchcity 2>"$TMP/profile.ja"; [ $? -eq 2 ] || fail "an unknown profile should exit 2"
expect_line "$TMP/profile.ja" "hyoka: 設定「nosuchcity」: そのような設定はありません" "unknown profile"

# ---- a broken template (exit 2) ----
printf 'template x "t"\nfont gothic ipaexg.ttf\ntext x=10 y=10 w=20 h=5 frob=1 "{project.name}"\n' > "$TMP/bad.tpl"
"$HYOKA" --lang ja -q build "$SRC/input" -o "$TMP/tplout" -t "$TMP/bad.tpl" 2>"$TMP/tpl.ja"; [ $? -eq 2 ] || fail "a broken template should exit 2"
expect_line "$TMP/tpl.ja" "hyoka: $TMP/bad.tpl:3: text: 「frob」という属性はありません" "template error"
# messages a merge had left unmarked: a role the layout makes itself, a statement's form
printf 'template x "t"\nfont gothic ipaexg.ttf\ntext w=20 h=5 role=Table "a"\n' > "$TMP/role.tpl"
"$HYOKA" --lang ja -q build "$SRC/input" -o "$TMP/tplout" -t "$TMP/role.tpl" 2>"$TMP/role.ja"
expect_line "$TMP/role.ja" "role=Table: Table 要素はレイアウトが自動で作ります。" "role= error"
printf 'template\nfont gothic ipaexg.ttf\n' > "$TMP/head.tpl"
"$HYOKA" --lang ja -q build "$SRC/input" -o "$TMP/tplout" -t "$TMP/head.tpl" 2>"$TMP/head.ja"
expect_line "$TMP/head.ja" "template: \`template 名前 \"表題\"\` の形で書いてください" "template statement error"

[ $failures -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "i18n: all checks passed"
