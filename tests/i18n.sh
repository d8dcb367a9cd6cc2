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
expect_line "$TMP/usage.en" 'hyoka: unknown command "frobnicate" (expected build, check or normalize)' "--lang en over LANG=ja_JP.UTF-8"
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

[ $failures -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "i18n: all checks passed"
