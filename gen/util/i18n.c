#include "util/i18n.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

/* Does a locale name as in LANG (ja_JP.UTF-8, ja) name Japanese? */
static int names_japanese(const char *name)
{
    return name && name[0] == 'j' && name[1] == 'a' && (name[2] == '\0' || name[2] == '_' ||
                                                       name[2] == '.' || name[2] == '@');
}

/* The locale the environment asks for messages, by POSIX precedence. */
static const char *env_messages_locale(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return v;
    }
    return NULL;
}

/* Japanese messages even where the system has no Japanese locale generated:
 * gettext ignores LANGUAGE only under the plain "C" locale, so C.UTF-8 with
 * LANGUAGE=ja selects the catalog just as ja_JP.UTF-8 would. */
static void use_japanese(void)
{
    if (!setlocale(LC_MESSAGES, "ja_JP.UTF-8") && !setlocale(LC_MESSAGES, "ja_JP.utf8"))
        setlocale(LC_MESSAGES, "C.UTF-8");
    setenv("LANGUAGE", "ja", 1);
}

int i18n_init(const char *lang, const char *localedir)
{
    if (lang && !strcmp(lang, "ja")) {
        use_japanese();
    } else if (lang && !strcmp(lang, "en")) {
        /* the C locale: gettext returns every message as written */
        setlocale(LC_MESSAGES, "C");
    } else if (lang) {
        return -1;
    } else if (!setlocale(LC_MESSAGES, "") && names_japanese(env_messages_locale())) {
        /* LANG=ja_JP.UTF-8 on a system that lacks that locale */
        use_japanese();
    }
    if (localedir)
        bindtextdomain(HY_TEXTDOMAIN, localedir);
    /* the catalog's UTF-8 as is, whatever LC_CTYPE (which hyoka leaves at "C") says */
    bind_textdomain_codeset(HY_TEXTDOMAIN, "UTF-8");
    /* and so strerror's text, which glibc takes from its own "libc" catalog */
    bind_textdomain_codeset("libc", "UTF-8");
    return 0;
}
