#include "profile/profile.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/verdict.h"
#include "normalize/value.h"
#include "util/buf.h"
#include "util/fsutil.h"
#include "util/i18n.h"

typedef struct reader {
    hy_profile *pf;
    const char *path;
    int line;
    hy_err *err;
    size_t sets_cap;
} reader;

static int fail(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(reader *r, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return err_set(r->err, HY_EUSAGE, "%s:%d: %s", r->path, r->line, msg);
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

static int money(reader *r, const char *key, const char *v, int64_t *out)
{
    hy_amount a;
    char why[256];
    /* A bare number in a profile is yen: the file says 千円 when it means it. */
    if (value_amount(v, 1, &a, why, sizeof why) != HY_VALUE_OK || a.yen < 0)
        return fail(r, _("%s = %s: expected an amount such as 7,262千円 or 7262000円"), key, v);
    *out = a.yen;
    return HY_OK;
}

static int unit(reader *r, const char *key, const char *v, int64_t *out, const char **label)
{
    static const struct { const char *name; int64_t yen; } units[] = {
        {"円", 1}, {"千円", 1000}, {"万円", 10000}, {"百万円", 1000000},
    };
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (!strcmp(v, units[i].name)) {
            *out = units[i].yen;
            if (label)
                *label = units[i].name;
            return HY_OK;
        }
    return fail(r, _("%s = %s: expected 円, 千円, 万円 or 百万円"), key, v);
}

static int integer(reader *r, const char *key, const char *v, int min, int max, int *out)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (end == v || *end || errno || n < min || n > max)
        return fail(r, _("%s = %s: expected a whole number from %d to %d"), key, v, min, max);
    *out = (int)n;
    return HY_OK;
}

static int year(reader *r, const char *key, const char *v, int *out)
{
    char why[256];
    if (value_fiscal_year(v, out, why, sizeof why) != HY_VALUE_OK)
        return fail(r, "%s = %s: %s", key, v, why);
    return HY_OK;
}

/* "a | b | c" into an array of trimmed strings. */
static int split_list(reader *r, const char *key, char *v, const char ***out, size_t *nout)
{
    size_t n = 1;
    for (const char *s = v; *s; s++)
        n += *s == '|';
    const char **items = arena_alloc(r->pf->arena, n * sizeof *items);
    if (!items)
        return err_set(r->err, HY_EIO, _("%s: out of memory"), r->path);
    size_t count = 0;
    char *save = NULL;
    for (char *tok = strtok_r(v, "|", &save); tok; tok = strtok_r(NULL, "|", &save)) {
        char *t = trim(tok);
        if (!*t)
            return fail(r, _("%s: an empty entry between two |"), key);
        if (!(items[count++] = arena_strdup(r->pf->arena, t)))
            return err_set(r->err, HY_EIO, _("%s: out of memory"), r->path);
    }
    *out = items;
    *nout = count;
    return HY_OK;
}

static int options(reader *r, char *v, hy_choice_set *cs)
{
    int rc = split_list(r, "options", v, &cs->options, &cs->noptions);
    if (rc == HY_OK && cs->noptions < 2)
        return fail(r, _("options: give at least two options separated by |"));
    if (rc == HY_OK && cs->noptions > 64)
        return fail(r, _("options: at most 64 options"));
    return rc;
}

/* `sheets = sheet.tpl explanation.tpl worksheet.tpl`: several documents per
 * project, written in this order (the first is the evaluation sheet). */
static int sheet_list(reader *r, char *v)
{
    hy_profile *pf = r->pf;
    size_t n = 0, cap = 0;
    const char **list = NULL;
    char *save = NULL;
    for (char *t = strtok_r(v, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
        size_t len = strlen(t);
        if (len < 5 || strcmp(t + len - 4, ".tpl") || strchr(t, '/'))
            return fail(r, _("sheets: \"%s\" is not a template file of this folder (NAME.tpl)"), t);
        for (size_t i = 0; i < n; i++)
            if (!strcmp(list[i], t))
                return fail(r, _("sheets: %s is named twice"), t);
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 4;
            const char **grown = arena_alloc(pf->arena, ncap * sizeof *grown);
            if (!grown)
                return err_set(r->err, HY_EIO, _("%s: out of memory"), r->path);
            if (n)
                memcpy(grown, list, n * sizeof *grown);
            list = grown;
            cap = ncap;
        }
        if (!(list[n++] = arena_strdup(pf->arena, t)))
            return err_set(r->err, HY_EIO, _("%s: out of memory"), r->path);
    }
    if (!n)
        return fail(r, _("sheets: name the per-project templates, e.g. sheets = sheet.tpl worksheet.tpl"));
    pf->sheet_templates = list;
    pf->nsheet_templates = n;
    pf->sheet_template = list[0];
    return HY_OK;
}

int profile_lg_code_check(const char *code, int *right)
{
    if (strlen(code) != 6 || strspn(code, "0123456789") != 6)
        return -1;
    /* JIS X 0402: weights 6 5 4 3 2 over the first five digits; the check
     * digit is 11 minus the sum's remainder by 11, its last digit (so
     * remainder 0 gives 1, remainder 1 gives 0) */
    int sum = 0;
    for (int i = 0; i < 5; i++)
        sum += (code[i] - '0') * (6 - i);
    *right = (11 - sum % 11) % 10;
    return code[5] - '0' == *right ? 0 : 1;
}

static int lg_code(reader *r, const char *k, const char *v, const char **out)
{
    int right = 0;
    int c = profile_lg_code_check(v, &right);
    if (c < 0)
        return fail(r, _("%s = %s: expected the 6 digits of the 全国地方公共団体コード "
                    "(012238 for 根室市)"), k, v);
    if (c > 0)
        return fail(r, _("%s = %s: the check digit is wrong (the code of %.5s ends in %d)"), k, v,
                    v, right);
    *out = arena_strdup(r->pf->arena, v);
    return *out ? HY_OK : err_set(r->err, HY_EIO, _("%s: out of memory"), r->path);
}

/* ---- the top-level keys: one table, read by one function ---- */

/* A word a key accepts and the value it stands for. */
typedef struct word_value {
    const char *word;
    int value;
} word_value;

typedef enum key_kind {
    KEY_TEXT,    /* kept as written (const char *) */
    KEY_MONEY,   /* an amount in yen (int64_t) */
    KEY_UNIT,    /* 円, 千円, 百万円 (int64_t, and its label when label_at is set) */
    KEY_YEAR,    /* a fiscal year (int) */
    KEY_INT,     /* an integer from min to max (int) */
    KEY_WORD,    /* one of `words` (an int or an enum of int's size) */
    KEY_OWN,     /* read by its own function */
} key_kind;

typedef struct top_key_def {
    const char *key;
    key_kind kind;
    size_t at;          /* offsetof the field in hy_profile */
    size_t label_at;    /* KEY_UNIT: offsetof the label, 0 for none */
    int min, max;       /* KEY_INT */
    const word_value *words;   /* KEY_WORD, ended by a NULL word */
    const char *bad_word;      /* KEY_WORD: the message for any other word (msgid, one %s) */
    int (*own)(reader *r, const char *k, char *v);   /* KEY_OWN */
} top_key_def;

/* Enums are written through the table as int: they must be int's size. */
_Static_assert(sizeof(hy_rounding) == sizeof(int), "hy_rounding stored as int");
_Static_assert(sizeof(hy_era_style) == sizeof(int), "hy_era_style stored as int");
_Static_assert(sizeof(hy_trend) == sizeof(int), "hy_trend stored as int");
_Static_assert(sizeof(hy_staff_model) == sizeof(int), "hy_staff_model stored as int");

static const word_value CHOICES[] = {{"data", 1}, {"profile", 0}, {NULL, 0}};
static const word_value DIRECTIONS[] = {
    {"増加", HY_TREND_INCREASE}, {"減少", HY_TREND_DECREASE}, {"維持", HY_TREND_MAINTAIN}, {NULL, 0}};
static const word_value STAFF_MODELS[] = {{"person_years", HY_STAFF_PERSON_YEARS},
                                          {"人工", HY_STAFF_PERSON_YEARS},
                                          {"hours", HY_STAFF_HOURS},
                                          {"given", HY_STAFF_GIVEN},
                                          {NULL, 0}};
static const word_value STAFF_SHOWN[] = {{"hyoka", 0}, {"city", 1}, {NULL, 0}};
static const word_value ROUNDINGS[] = {{"half_up", HY_ROUND_HALF_UP},
                                       {"down", HY_ROUND_DOWN},
                                       {"half_even", HY_ROUND_HALF_EVEN},
                                       {NULL, 0}};
static const word_value ERAS[] = {
    {"long", HY_ERA_LONG}, {"short", HY_ERA_SHORT}, {"western", HY_ERA_WESTERN}, {NULL, 0}};
static const word_value FILE_NAMES[] = {{"utf8", 0}, {"ascii", 1}, {NULL, 0}};
static const word_value SHARE_WHOLE[] = {{"short", 1}, {"full", 0}, {NULL, 0}};
/* values of hy_rollup_by (compute/rollup.h), which profile may not include */
static const word_value BOOK_SECTIONS[] = {
    {"department", 0}, {"policy", 2}, {"program", 3}, {NULL, 0}};

static int sheets_key(reader *r, const char *k, char *v)
{
    (void)k;
    return sheet_list(r, v);
}

/* `none`: no unit cost is known, and 職員費 stays blank rather than invented. */
static int staff_unit_cost_key(reader *r, const char *k, char *v)
{
    if (!strcmp(v, "none")) {
        r->pf->staff_cost_unknown = 1;
        return HY_OK;
    }
    return money(r, k, v, &r->pf->staff_unit_cost);
}

/* a plain file name in OUT, never a path out of it */
static int book_file_key(reader *r, const char *k, char *v)
{
    (void)k;
    size_t n = strlen(v);
    if (n < 5 || n > 200 || strcmp(v + n - 4, ".pdf") || strchr(v, '/') || v[0] == '.')
        return fail(r, _("book_file = %s: expected a file name ending in .pdf, without /"), v);
    r->pf->book_file = arena_strdup(r->pf->arena, v);
    return r->pf->book_file ? HY_OK : err_set(r->err, HY_EIO, _("%s: out of memory"), r->path);
}

static int lg_code_key(reader *r, const char *k, char *v)
{
    return lg_code(r, k, v, &r->pf->lg_code);
}

#define AT(field) offsetof(hy_profile, field)
#define TEXT(k, field) {k, KEY_TEXT, AT(field), 0, 0, 0, NULL, NULL, NULL}
#define MONEY(k, field) {k, KEY_MONEY, AT(field), 0, 0, 0, NULL, NULL, NULL}
#define WORD(k, field, words, msg) {k, KEY_WORD, AT(field), 0, 0, 0, words, msg, NULL}
#define INT(k, field, lo, hi) {k, KEY_INT, AT(field), 0, lo, hi, NULL, NULL, NULL}
#define OWN(k, fn) {k, KEY_OWN, 0, 0, 0, 0, NULL, NULL, fn}

/* Every top-level key of profile.conf, in the order the "expected" list names them. */
static const top_key_def TOP_KEYS[] = {
    TEXT("city", city),
    TEXT("sheet", sheet_template),
    OWN("sheets", sheets_key),
    TEXT("kpi_report", kpi_report_template),
    TEXT("aliases", aliases),
    TEXT("prefectural_label", prefectural_label),
    OWN("staff_unit_cost", staff_unit_cost_key),
    MONEY("part_time_unit_cost", part_time_unit_cost),
    WORD("staff_cost", staff_model, STAFF_MODELS,
         N_("staff_cost = %s: expected person_years (人工 x staff_unit_cost), "
            "hours (延べ業務時間 x hourly_rate) or given (the city's own 人件費)")),
    MONEY("hourly_rate", hourly_rate),
    WORD("staff_cost_shown", staff_cost_shown_city, STAFF_SHOWN,
         N_("staff_cost_shown = %s: expected hyoka or city")),
    WORD("indicator_direction", indicator_direction, DIRECTIONS,
         N_("indicator_direction = %s: expected 増加 (higher is better), 減少 "
            "(lower is better) or 維持 (keep)")),
    {"input_unit", KEY_UNIT, AT(input_unit), 0, 0, 0, NULL, NULL, NULL},
    {"display_unit", KEY_UNIT, AT(display_unit), AT(display_unit_label), 0, 0, NULL, NULL, NULL},
    WORD("rounding", rounding, ROUNDINGS, N_("rounding = %s: expected half_up, down or half_even")),
    WORD("era", era, ERAS, N_("era = %s: expected long (令和6年度), short (R6) or western (2024年度)")),
    WORD("file_names", ascii_file_names, FILE_NAMES,
         N_("file_names = %s: expected utf8 (根室01.pdf) or ascii (%%E6%%A0%%B9%%E5%%AE%%A401.pdf)")),
    {"fiscal_year", KEY_YEAR, AT(fiscal_year), 0, 0, 0, NULL, NULL, NULL},
    INT("years_shown", years_shown, 1, 10),
    TEXT("direction", direction_item),
    INT("share_decimals", share_decimals, 0, 4),
    WORD("share_whole", share_whole_short, SHARE_WHOLE,
         N_("share_whole = %s: expected short (100%%) or full (100.0%%)")),
    TEXT("book_title", book_title),
    OWN("book_file", book_file_key),
    WORD("book_sections", book_sections, BOOK_SECTIONS,
         N_("book_sections = %s: expected policy, department or program")),
    OWN("lg_code", lg_code_key),
    WORD("choices", choices_from_data, CHOICES,
         N_("choices = %s: expected profile (the [choice] sections) or data "
            "(the judgement items the data set has)")),
};

static int word_key(reader *r, const top_key_def *d, const char *v, int *out)
{
    for (const word_value *w = d->words; w->word; w++)
        if (!strcmp(v, w->word)) {
            *out = w->value;
            return HY_OK;
        }
    return fail(r, _(d->bad_word), v);
}

static int unknown_top_key(reader *r, const char *k)
{
    hy_buf keys = HY_BUF_INIT;
    for (size_t i = 0; i < sizeof TOP_KEYS / sizeof TOP_KEYS[0]; i++)
        if (buf_printf(&keys, "%s%s", i ? ", " : "", TOP_KEYS[i].key) != 0)
            break;
    int rc = fail(r, _("unknown key \"%s\" (expected one of: %s)"), k, buf_str(&keys));
    buf_free(&keys);
    return rc;
}

static int top_key(reader *r, const char *k, char *v)
{
    const top_key_def *d = NULL;
    for (size_t i = 0; i < sizeof TOP_KEYS / sizeof TOP_KEYS[0] && !d; i++)
        if (!strcmp(k, TOP_KEYS[i].key))
            d = &TOP_KEYS[i];
    if (!d)
        return unknown_top_key(r, k);
    char *field = (char *)r->pf + d->at;
    switch (d->kind) {
    case KEY_TEXT:
        *(const char **)field = arena_strdup(r->pf->arena, v);
        return *(const char **)field ? HY_OK
                                     : err_set(r->err, HY_EIO, _("%s: out of memory"), r->path);
    case KEY_MONEY:
        return money(r, k, v, (int64_t *)field);
    case KEY_UNIT:
        return unit(r, k, v, (int64_t *)field,
                    d->label_at ? (const char **)((char *)r->pf + d->label_at) : NULL);
    case KEY_YEAR:
        return year(r, k, v, (int *)field);
    case KEY_INT:
        return integer(r, k, v, d->min, d->max, (int *)field);
    case KEY_WORD:
        return word_key(r, d, v, (int *)field);
    case KEY_OWN:
        break;
    }
    return d->own(r, k, v);
}

static int score_key(reader *r, const char *k, const char *v)
{
    hy_profile *pf = r->pf;
    if (!strcmp(k, "evaluation_year")) return year(r, k, v, &pf->score_eval_year);
    if (!strcmp(k, "baseline_year")) return year(r, k, v, &pf->score_base_year);
    if (!strcmp(k, "target_year")) return year(r, k, v, &pf->score_target_year);
    if (!strcmp(k, "threshold")) return integer(r, k, v, -1000, 1000, &pf->score_threshold);
    if (!strcmp(k, "clamp_min")) return integer(r, k, v, -100000, 0, &pf->score_clamp_min);
    if (!strcmp(k, "clamp_max")) return integer(r, k, v, 0, 100000, &pf->score_clamp_max);
    return fail(r, _("[score]: unknown key \"%s\" (expected evaluation_year, baseline_year, "
                "target_year, threshold, clamp_min or clamp_max)"), k);
}

/* `verdicts =` gives one verdict per option, each one a budget office knows. */
static int check_verdicts(const char *path, const hy_choice_set *cs, hy_err *err)
{
    if (!cs->verdicts)
        return HY_OK;
    if (cs->nverdicts != cs->noptions)
        return err_set(err, HY_EUSAGE, _("%s: [choice %s] has %zu options but %zu verdicts "
                       "(give one per option, in the same order)"), path, cs->item, cs->noptions,
                       cs->nverdicts);
    for (size_t i = 0; i < cs->nverdicts; i++)
        if (verdict_of_text(cs->verdicts[i]) == HY_VERDICT_UNKNOWN)
            return err_set(err, HY_EUSAGE, _("%s: [choice %s] verdict \"%s\": expected 拡充, "
                           "現状維持, 改善, 縮小, 統合 or 廃止"), path, cs->item, cs->verdicts[i]);
    return HY_OK;
}

static int choice_key(reader *r, hy_choice_set *cs, const char *k, char *v)
{
    if (!strcmp(k, "label")) {
        cs->label = arena_strdup(r->pf->arena, v);
        return HY_OK;
    }
    if (!strcmp(k, "options"))
        return options(r, v, cs);
    if (!strcmp(k, "columns"))
        return split_list(r, "columns", v, &cs->columns, &cs->ncolumns);
    if (!strcmp(k, "verdicts"))
        return split_list(r, "verdicts", v, &cs->verdicts, &cs->nverdicts);
    if (!strcmp(k, "multiple")) {
        if (!strcmp(v, "yes"))
            cs->multiple = 1;
        else if (!strcmp(v, "no"))
            cs->multiple = 0;
        else
            return fail(r, _("multiple = %s: expected yes or no"), v);
        return HY_OK;
    }
    return fail(r, _("[choice %s]: unknown key \"%s\" (expected label, options, columns, "
                "verdicts or multiple)"), cs->item, k);
}

static int section(reader *r, char *name, hy_choice_set **choice)
{
    hy_profile *pf = r->pf;
    *choice = NULL;
    if (!strcmp(name, "score") || !strcmp(name, "city"))
        return HY_OK;
    if (!strncmp(name, "choice ", 7)) {
        char *item = trim(name + 7);
        if (!*item)
            return fail(r, _("[choice]: name the item, e.g. [choice 市民ニーズ]"));
        if (profile_choice_set(pf, item))
            return fail(r, _("[choice %s]: declared twice"), item);
        if (pf->nchoice_sets == r->sets_cap) {
            size_t cap = r->sets_cap ? r->sets_cap * 2 : 16;
            hy_choice_set *sets = arena_alloc(pf->arena, cap * sizeof *sets);
            if (!sets)
                return err_set(r->err, HY_EIO, _("%s: out of memory"), r->path);
            if (pf->nchoice_sets)
                memcpy(sets, pf->choice_sets, pf->nchoice_sets * sizeof *sets);
            pf->choice_sets = sets;
            r->sets_cap = cap;
        }
        hy_choice_set *cs = &pf->choice_sets[pf->nchoice_sets++];
        memset(cs, 0, sizeof *cs);
        cs->item = arena_strdup(pf->arena, item);
        *choice = cs;
        return HY_OK;
    }
    return fail(r, _("unknown section [%s] (expected [city], [score] or [choice ITEM])"), name);
}

int profile_parse(const char *path, const char *dir, const char *id, const char *text,
                  hy_profile **out, hy_err *err)
{
    *out = NULL;
    hy_profile *pf = calloc(1, sizeof *pf);
    hy_arena *a = arena_new();
    if (!pf || !a) {
        free(pf);
        arena_free(a);
        return err_set(err, HY_EIO, _("%s: out of memory"), path);
    }
    pf->arena = a;
    pf->path = arena_strdup(a, path);
    pf->dir = arena_strdup(a, dir);
    pf->id = arena_strdup(a, id);
    pf->city = "";
    pf->sheet_template = "sheet.tpl";
    pf->prefectural_label = "都道府県支出金";
    pf->input_unit = 1000;
    pf->display_unit = 1000;
    pf->display_unit_label = "千円";
    pf->rounding = HY_ROUND_HALF_UP;
    pf->era = HY_ERA_LONG;
    pf->years_shown = 5;
    pf->share_decimals = 1;
    pf->score_clamp_min = -100;
    pf->score_clamp_max = 100;
    pf->score_threshold = 80;
    pf->book_title = "事務事業評価報告書";
    pf->book_file = "book.pdf";
    pf->book_sections = 2;   /* HY_BY_POLICY */

    reader r = {.pf = pf, .path = pf->path, .err = err};
    int rc = HY_OK;
    enum { TOP, SCORE, CHOICE } where = TOP;
    hy_choice_set *choice = NULL;
    hy_buf line = HY_BUF_INIT;
    const char *s = text;
    while (*s && rc == HY_OK) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        r.line++;
        buf_reset(&line);
        if (buf_append(&line, s, len) != 0) {
            rc = err_set(err, HY_EIO, _("%s: out of memory"), path);
            break;
        }
        s += len + (nl ? 1 : 0);
        char *l = line.data;
        char *hash = strchr(l, '#');
        if (hash)
            *hash = '\0';
        l = trim(l);
        if (!*l)
            continue;
        if (*l == '[') {
            char *close = strchr(l, ']');
            if (!close || close[1]) {
                rc = fail(&r, _("a section header is written [name]"));
                break;
            }
            *close = '\0';
            char *name = trim(l + 1);
            rc = section(&r, name, &choice);
            where = choice ? CHOICE : !strcmp(name, "score") ? SCORE : TOP;
            continue;
        }
        char *eq = strchr(l, '=');
        if (!eq) {
            rc = fail(&r, _("expected `key = value`"));
            break;
        }
        *eq = '\0';
        char *k = trim(l), *v = trim(eq + 1);
        if (!*v) {
            rc = fail(&r, _("%s: has no value"), k);
            break;
        }
        if (where == TOP)
            rc = top_key(&r, k, v);
        else if (where == SCORE)
            rc = score_key(&r, k, v);
        else
            rc = choice_key(&r, choice, k, v);
    }
    buf_free(&line);
    for (size_t i = 0; rc == HY_OK && i < pf->nchoice_sets; i++) {
        hy_choice_set *cs = &pf->choice_sets[i];
        if (!cs->noptions) {
            r.line = 0;
            rc = err_set(err, HY_EUSAGE, _("%s: [choice %s] has no options"), path, cs->item);
        }
        if (!cs->label)
            cs->label = cs->item;
        if (rc == HY_OK)
            rc = check_verdicts(path, cs, err);
    }
    if (rc == HY_OK && pf->staff_model == HY_STAFF_HOURS && pf->hourly_rate == 0)
        rc = err_set(err, HY_EUSAGE, _("%s: staff_cost = hours needs hourly_rate (yen per hour of "
                     "延べ業務時間, e.g. 4千円)"), path);
    if (rc == HY_OK && pf->staff_unit_cost == 0 && !pf->staff_cost_unknown &&
        pf->staff_model == HY_STAFF_PERSON_YEARS)
        rc = err_set(err, HY_EUSAGE, _("%s: staff_unit_cost is not set (yen per 人工, e.g. 7,262千円, or none)"),
                     path);
    if (rc == HY_OK && pf->direction_item && !profile_choice_set(pf, pf->direction_item))
        rc = err_set(err, HY_EUSAGE, _("%s: direction = %s names no [choice %s]"), path,
                     pf->direction_item, pf->direction_item);
    if (rc == HY_OK && pf->part_time_unit_cost == 0)
        pf->part_time_unit_cost = pf->staff_unit_cost;
    if (rc != HY_OK) {
        profile_free(pf);
        return rc;
    }
    *out = pf;
    return HY_OK;
}

int profile_load(const char *templates_dir, const char *id, hy_profile **out, hy_err *err)
{
    *out = NULL;
    /* A profile id names a folder under templates/: never a path, so that a
     * name taken from an input folder cannot point outside templates/. */
    if (!*id || strchr(id, '/') || !strcmp(id, ".") || !strcmp(id, ".."))
        return err_set(err, HY_EUSAGE, _("profile \"%s\": a profile is a folder name under %s"),
                       id, templates_dir);
    char *dir = fs_join(templates_dir, id);
    char *path = dir ? fs_join(dir, "profile.conf") : NULL;
    if (!path) {
        free(dir);
        return err_set(err, HY_EIO, _("out of memory"));
    }
    char *text;
    size_t len;
    int rc = fs_read_file(path, 1024 * 1024, &text, &len, err);
    if (rc == HY_OK) {
        rc = profile_parse(path, dir, id, text, out, err);
        free(text);
    } else if (!fs_is_dir(dir)) {
        rc = err_set(err, HY_EUSAGE, _("profile \"%s\": no such profile (no folder %s)"), id, dir);
    }
    free(path);
    free(dir);
    return rc;
}

void profile_free(hy_profile *pf)
{
    if (!pf)
        return;
    arena_free(pf->arena);
    free(pf);
}

const hy_choice_set *profile_choice_set(const hy_profile *pf, const char *item)
{
    for (size_t i = 0; i < pf->nchoice_sets; i++)
        if (!strcmp(pf->choice_sets[i].item, item))
            return &pf->choice_sets[i];
    return NULL;
}

int profile_add_choice_set(hy_profile *pf, const hy_choice_set *cs)
{
    hy_choice_set *sets = arena_alloc(pf->arena, (pf->nchoice_sets + 1) * sizeof *sets);
    if (!sets)
        return -1;
    if (pf->nchoice_sets)
        memcpy(sets, pf->choice_sets, pf->nchoice_sets * sizeof *sets);
    sets[pf->nchoice_sets] = *cs;
    pf->choice_sets = sets;
    pf->nchoice_sets++;
    return 0;
}
