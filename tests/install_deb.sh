#!/bin/bash
# Installed like any Debian tool: `cmake --install` lays out bin/, share/hyoka/,
# share/locale/ and the manual page; cpack builds a .deb whose Depends names the
# Debian package of every library hyoka links against; unpacked with dpkg -x
# into a scratch root, the program finds its own templates and messages there
# (no HYOKA_HOME, not the source tree) and builds the sample data set.
#   usage: install_deb.sh PATH/TO/hyoka
set -u
HYOKA=${1:?usage: install_deb.sh HYOKA}
SRC=${HYOKA_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
BIN=${HYOKA_BINARY_DIR:-$(dirname "$HYOKA")}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hyoka-deb.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1719792000
unset HYOKA_HOME LANGUAGE LC_ALL LC_MESSAGES
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
for tool in cpack dpkg dpkg-deb readelf; do
    command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done

# ---- cmake --install into a prefix ----
cmake --install "$BIN" --prefix "$TMP/inst" >"$TMP/install.log" 2>&1 || fail "cmake --install: $(tail -3 "$TMP/install.log")"
for f in bin/hyoka share/hyoka/templates/columns.conf share/hyoka/templates/nemuro/sheet.tpl \
         share/locale/ja/LC_MESSAGES/hyoka.mo share/man/man1/hyoka.1.gz; do
    [ -f "$TMP/inst/$f" ] || fail "cmake --install did not install $f"
done
"$TMP/inst/bin/hyoka" --version >"$TMP/inst.version"
grep -qxF "templates: $TMP/inst/share/hyoka/templates" "$TMP/inst.version" \
    || fail "the installed hyoka does not use its own templates: $(cat "$TMP/inst.version")"
grep -qxF "messages: $TMP/inst/share/locale" "$TMP/inst.version" \
    || fail "the installed hyoka does not use its own catalog: $(cat "$TMP/inst.version")"
zcat "$TMP/inst/share/man/man1/hyoka.1.gz" | grep -q '^\.TH HYOKA 1 ' || fail "hyoka.1.gz is not the manual page"

# ---- the Debian package ----
(cd "$BIN" && cpack -G DEB -B "$TMP/pkg") >"$TMP/cpack.log" 2>&1 || fail "cpack: $(tail -5 "$TMP/cpack.log")"
deb=$(ls "$TMP"/pkg/hyoka_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { fail "no .deb in $TMP/pkg"; echo "$failures failure(s)"; exit 1; }
depends=$(dpkg-deb -f "$deb" Depends)
# every shared library the program needs comes from a Debian package the .deb depends on
for lib in $(readelf -d "$HYOKA" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
    path=$(ldd "$HYOKA" | awk -v l="$lib" '$1 == l { print $3 }')
    [ -n "$path" ] || { fail "ldd does not resolve $lib"; continue; }
    pkg=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -1 | cut -d: -f1)
    [ -n "$pkg" ] || pkg=$(dpkg -S "$path" 2>/dev/null | head -1 | cut -d: -f1)
    [ -n "$pkg" ] || { fail "no Debian package owns $path"; continue; }
    echo "$depends" | tr ',' '\n' | grep -qE "^ *$pkg( |$)" || fail "Depends lacks $pkg (for $lib): $depends"
done
echo "$depends" | grep -q "fonts-ipaexfont-gothic" || fail "Depends lacks the font the templates name: $depends"
dpkg-deb -c "$deb" | grep -q ' \./usr/share/man/man1/hyoka\.1\.gz$' || fail "the package lacks the manual page"

# ---- unpacked into a scratch root, run from there ----
dpkg -x "$deb" "$TMP/root" || fail "dpkg -x"
root_hyoka="$TMP/root/usr/bin/hyoka"
"$root_hyoka" --version >"$TMP/root.version"
grep -qxF "templates: $TMP/root/usr/share/hyoka/templates" "$TMP/root.version" \
    || fail "the unpacked hyoka does not use its own templates: $(cat "$TMP/root.version")"
grep -qxF "messages: $TMP/root/usr/share/locale" "$TMP/root.version" \
    || fail "the unpacked hyoka does not use its own catalog: $(cat "$TMP/root.version")"
(cd "$TMP" && "$root_hyoka" build "$SRC/input" -o "$TMP/out" 2>"$TMP/build.err")
rc=$?
[ $rc -eq 0 ] || fail "hyoka build from the package exited $rc: $(tail -3 "$TMP/build.err")"
grep -qF "hyoka: 14 sheets, kpi-report.pdf and summary.xlsx written to $TMP/out (0 warnings)" "$TMP/build.err" \
    || fail "summary line: $(tail -1 "$TMP/build.err")"
[ "$(ls "$TMP/out/sheets" | grep -c '\.pdf$')" -eq 14 ] || fail "expected 14 sheets"
pdftotext -layout "$TMP/out/sheets/13035.pdf" - | grep -qE '^ *総事業費 +29,262 +29,262 *$' \
    || fail "13035's sheet from the package lacks 総事業費 29,262"
# the same bytes as the program in the build tree
"$HYOKA" build "$SRC/input" -o "$TMP/out2" 2>/dev/null
cmp -s "$TMP/out/sheets/13035.pdf" "$TMP/out2/sheets/13035.pdf" || fail "the packaged hyoka renders other bytes"
(cd "$TMP" && "$root_hyoka" --lang ja check "$TMP/nothing" 2>"$TMP/ja.err")
grep -qF "hyoka: $TMP/nothing: そのようなファイルやディレクトリはありません" "$TMP/ja.err" \
    || fail "the packaged catalog: $(cat "$TMP/ja.err")"

[ $failures -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "install_deb: all checks passed"
