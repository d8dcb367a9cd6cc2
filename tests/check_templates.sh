#!/bin/bash
# `hyoka check` proves `hyoka build` (issue 10): every template the profile
# names, the sheet and the KPI report, is loaded and laid out by check, and
# each kind of broken template fails check (and build) with template-file:line:
# and exit status 2: a grid wider than its page, a block that leaves the page,
# an unknown field, an unknown attribute, a bad include, an attribute with no
# name before its = (`=x`, `"a"=x`).
#   usage: check_templates.sh PATH/TO/hyoka
set -u
HYOKA=${1:?usage: check_templates.sh HYOKA}
SRC=${HYOKA_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hyoka-check-tpl.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1719792000
IN="$SRC/tests/fixtures/anycity/plain"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

cp -r "$SRC/templates" "$TMP/templates"
P="$TMP/templates/broken"
mkdir "$P"
cp "$SRC/templates/standard/profile.conf" "$P/"
HEAD='template t "T"
page A4 portrait
margin 10
font gothic ipaexg.ttf'

# expect FILE LINE MESSAGE: check and build both stop at the template, exit 2
expect() {
    local file=$1 line=$2 msg=$3 what=$4 build=${5:-build}
    timeout 20 "$HYOKA" check "$IN" --templates "$TMP/templates" --profile broken -q 2>"$TMP/err"
    local rc=$?
    [ $rc -eq 2 ] || fail "$what: check exited $rc, expected 2"
    grep -qF -- "hyoka: $P/$file:$line: $msg" "$TMP/err" ||
        fail "$what: check said: $(tail -1 "$TMP/err") (expected $file:$line: $msg)"
    [ "$build" = build ] || return 0
    timeout 20 "$HYOKA" build "$IN" -o "$TMP/out" --templates "$TMP/templates" --profile broken -q 2>"$TMP/err"
    rc=$?
    [ $rc -eq 2 ] || fail "$what: build exited $rc, expected 2"
}
sheet() { printf '%s\n%s\n' "$HEAD" "$1" > "$P/sheet.tpl"; }
cp "$SRC/templates/standard/kpi-report.tpl" "$P/"

sheet 'grid cols=100,95
  row h=5
    cell "a"
    cell "b"
end'
expect sheet.tpl 5 "grid: 195.0 mm wide at x=0.0, but the page has 190.0 mm between its margins" "a grid wider than its page"
sheet 'text x=120 w=80 h=5 "a"'
expect sheet.tpl 5 "text: 80.0 mm wide at x=120.0, but the page has 190.0 mm between its margins" "a text box past the right margin"
sheet 'text y=270 w=100 h=20 "a"'
expect sheet.tpl 5 "text: 20.0 mm high at y=270.0 leaves the page" "a text box below the page"
sheet 'grid y=260 cols=190
  row h=10
    cell "a"
  row h=10
    cell "b"
end'
expect sheet.tpl 5 "grid: 20.0 mm high at y=260.0 leaves the page" "a grid below the page"
sheet 'text w=100 h=5 "{project.nope}"'
expect sheet.tpl 5 "{project.nope}: project.nope: no such project column" "an unknown field"
sheet 'text w=100 h=5 colour=red "a"'
expect sheet.tpl 5 'text: unknown attribute "colour"' "an unknown attribute"
sheet 'include "parts/none.tpl"'
expect sheet.tpl 5 'include "parts/none.tpl":' "a bad include"
sheet 'text w=100 h=5 =x "a"'
expect sheet.tpl 5 '"=x": an attribute needs its name before the =' "=x"
sheet 'text w=100 h=5 "a"=b'
expect sheet.tpl 5 '"=b": an attribute needs its name before the =' '"a"=b'
# a broken part of an included file is named by that file and its line
printf 'text w=10 h=5 "ok"\ngrid cols=191\n  row h=5\n    cell "x"\nend\n' > "$P/part.tpl"
sheet 'include "part.tpl"'
expect part.tpl 2 "grid: 191.0 mm wide" "a broken included file"

# the KPI report is checked too, whether or not this data set has KPIs (build
# renders it only for data with KPIs: check fails first, for any data)
cp "$SRC/templates/standard/sheet.tpl" "$P/sheet.tpl"
printf '%s\ntext w=100 h=5 "{report.averag}"\n' "$(cat "$SRC/templates/standard/kpi-report.tpl")" > "$P/kpi-report.tpl"
line=$(wc -l < "$P/kpi-report.tpl")
expect kpi-report.tpl "$line" "{report.averag}: report: expected a member" "an unknown field in the KPI report" check-only

# and a good profile passes
cp "$SRC/templates/standard/kpi-report.tpl" "$P/"
timeout 20 "$HYOKA" check "$IN" --templates "$TMP/templates" --profile broken 2>"$TMP/err" ||
    { fail "check of a good template failed"; cat "$TMP/err"; }
grep -qF "hyoka: 4 projects, no errors, 0 warnings" "$TMP/err" || fail "check: $(tail -1 "$TMP/err")"

if [ $failures -gt 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "check_templates: all checks passed"
