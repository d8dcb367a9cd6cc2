/*
 * datadir.h - where hyoka's own data (templates, the message catalog) lies.
 *
 * An installed hyoka finds its data beside itself, <bindir>/../share/..., so a
 * package unpacked anywhere (dpkg -x into a scratch root, a relocated prefix)
 * works without HYOKA_HOME; a program run from its build folder falls back to
 * the source and build trees; the install prefix compiled in comes last.
 */
#ifndef HY_DATADIR_H
#define HY_DATADIR_H

/* The first folder that holds `probe` (a relative path, "" for the folder
 * itself): `rel` taken from the folder the running program is in, then each
 * NULL-terminated entry of `fallbacks`. Returns a malloc'ed path, or NULL
 * when none does (or out of memory). */
char *datadir_find(const char *rel, const char *probe, const char *const *fallbacks);

#endif
