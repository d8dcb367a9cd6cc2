/*
 * i18n.h - hyoka's messages in the reader's language, through GNU gettext.
 *
 * Every message a person reads (diagnostics, errors, --help, the validation
 * table) is written in English in the source, marked with _() where it is
 * used, and looked up in the "hyoka" catalog (po/ja.po, built by msgfmt into
 * <localedir>/ja/LC_MESSAGES/hyoka.mo). Without a catalog, or in an English
 * locale, the English text is used as is. Only LC_MESSAGES is switched: numbers
 * and character classes stay those of the C locale, so no figure is ever read
 * or printed with a locale's decimal comma.
 */
#ifndef HY_I18N_H
#define HY_I18N_H

#include <libintl.h>

/* The catalog name: <localedir>/<lang>/LC_MESSAGES/hyoka.mo. */
#define HY_TEXTDOMAIN "hyoka"

/* A message translated now (in the language chosen by i18n_init). */
#define _(msgid) dgettext(HY_TEXTDOMAIN, msgid)
/* A message only marked for the catalog, translated where it is used with _(). */
#define N_(msgid) (msgid)
/* Singular or plural by n (English has two forms, Japanese one). */
#define P_(msgid, plural, n) dngettext(HY_TEXTDOMAIN, msgid, plural, (unsigned long)(n))

/* Chooses the language of the messages: lang "ja" or "en", or NULL for the
 * locale's (LC_ALL, LC_MESSAGES, LANG, LANGUAGE as usual), and binds the catalog
 * under localedir. Call once from main before any message is made. Returns 0,
 * or -1 when lang is neither "ja" nor "en". */
int i18n_init(const char *lang, const char *localedir);

#endif
