#include "profile/profile.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
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

static int top_key(reader *r, const char *k, char *v)
{
    hy_profile *pf = r->pf;
    hy_arena *a = pf->arena;
    if (!strcmp(k, "city")) pf->city = arena_strdup(a, v);
    else if (!strcmp(k, "sheet")) pf->sheet_template = arena_strdup(a, v);
    else if (!strcmp(k, "sheets")) return sheet_list(r, v);
    else if (!strcmp(k, "kpi_report")) pf->kpi_report_template = arena_strdup(a, v);
    else if (!strcmp(k, "aliases")) pf->aliases = arena_strdup(a, v);
    else if (!strcmp(k, "prefectural_label")) pf->prefectural_label = arena_strdup(a, v);
    else if (!strcmp(k, "staff_unit_cost") && !strcmp(v, "none")) pf->staff_cost_unknown = 1;
    else if (!strcmp(k, "staff_unit_cost")) return money(r, k, v, &pf->staff_unit_cost);
    else if (!strcmp(k, "choices")) {
        if (!strcmp(v, "data")) pf->choices_from_data = 1;
        else if (!strcmp(v, "profile")) pf->choices_from_data = 0;
        else return fail(r, _("choices = %s: expected profile (the [choice] sections) or data "
                         "(the judgement items the data set has)"), v);
    }
    else if (!strcmp(k, "part_time_unit_cost")) return money(r, k, v, &pf->part_time_unit_cost);
    else if (!strcmp(k, "hourly_rate")) return money(r, k, v, &pf->hourly_rate);
    else if (!strcmp(k, "indicator_direction")) {
        if (!strcmp(v, "増加")) pf->indicator_direction = HY_TREND_INCREASE;
        else if (!strcmp(v, "減少")) pf->indicator_direction = HY_TREND_DECREASE;
        else if (!strcmp(v, "維持")) pf->indicator_direction = HY_TREND_MAINTAIN;
        else return fail(r, _("indicator_direction = %s: expected 増加 (higher is better), 減少 "
                         "(lower is better) or 維持 (keep)"), v);
    }
    else if (!strcmp(k, "staff_cost")) {
        if (!strcmp(v, "person_years") || !strcmp(v, "人工")) pf->staff_model = HY_STAFF_PERSON_YEARS;
        else if (!strcmp(v, "hours")) pf->staff_model = HY_STAFF_HOURS;
        else if (!strcmp(v, "given")) pf->staff_model = HY_STAFF_GIVEN;
        else return fail(r, _("staff_cost = %s: expected person_years (人工 x staff_unit_cost), "
                         "hours (延べ業務時間 x hourly_rate) or given (the city's own 人件費)"), v);
    } else if (!strcmp(k, "staff_cost_shown")) {
        if (!strcmp(v, "hyoka")) pf->staff_cost_shown_city = 0;
        else if (!strcmp(v, "city")) pf->staff_cost_shown_city = 1;
        else return fail(r, _("staff_cost_shown = %s: expected hyoka or city"), v);
    }
    else if (!strcmp(k, "input_unit")) return unit(r, k, v, &pf->input_unit, NULL);
    else if (!strcmp(k, "display_unit"))
        return unit(r, k, v, &pf->display_unit, &pf->display_unit_label);
    else if (!strcmp(k, "rounding")) {
        if (!strcmp(v, "half_up")) pf->rounding = HY_ROUND_HALF_UP;
        else if (!strcmp(v, "down")) pf->rounding = HY_ROUND_DOWN;
        else if (!strcmp(v, "half_even")) pf->rounding = HY_ROUND_HALF_EVEN;
        else return fail(r, _("rounding = %s: expected half_up, down or half_even"), v);
    } else if (!strcmp(k, "era")) {
        if (!strcmp(v, "long")) pf->era = HY_ERA_LONG;
        else if (!strcmp(v, "short")) pf->era = HY_ERA_SHORT;
        else if (!strcmp(v, "western")) pf->era = HY_ERA_WESTERN;
        else return fail(r, _("era = %s: expected long (令和6年度), short (R6) or western (2024年度)"), v);
    } else if (!strcmp(k, "file_names")) {
        if (!strcmp(v, "utf8")) pf->ascii_file_names = 0;
        else if (!strcmp(v, "ascii")) pf->ascii_file_names = 1;
        else return fail(r, _("file_names = %s: expected utf8 (根室01.pdf) or ascii "
                         "(%%E6%%A0%%B9%%E5%%AE%%A401.pdf)"), v);
    } else if (!strcmp(k, "fiscal_year")) return year(r, k, v, &pf->fiscal_year);
    else if (!strcmp(k, "years_shown")) return integer(r, k, v, 1, 10, &pf->years_shown);
    else if (!strcmp(k, "direction")) pf->direction_item = arena_strdup(a, v);
    else if (!strcmp(k, "share_decimals")) return integer(r, k, v, 0, 4, &pf->share_decimals);
    else if (!strcmp(k, "share_whole")) {
        if (!strcmp(v, "short")) pf->share_whole_short = 1;
        else if (!strcmp(v, "full")) pf->share_whole_short = 0;
        else return fail(r, _("share_whole = %s: expected short (100%%) or full (100.0%%)"), v);
    }
    else if (!strcmp(k, "book_title")) pf->book_title = arena_strdup(a, v);
    else if (!strcmp(k, "book_file")) {
        /* a plain file name in OUT, never a path out of it */
        size_t n = strlen(v);
        if (n < 5 || n > 200 || strcmp(v + n - 4, ".pdf") || strchr(v, '/') || v[0] == '.')
            return fail(r, _("book_file = %s: expected a file name ending in .pdf, without /"), v);
        pf->book_file = arena_strdup(a, v);
    } else if (!strcmp(k, "book_sections")) {
        /* values of hy_rollup_by (compute/rollup.h), which profile may not include */
        if (!strcmp(v, "department")) pf->book_sections = 0;
        else if (!strcmp(v, "policy")) pf->book_sections = 2;
        else if (!strcmp(v, "program")) pf->book_sections = 3;
        else return fail(r, _("book_sections = %s: expected policy, department or program"), v);
    } else if (!strcmp(k, "lg_code"))
        return lg_code(r, k, v, &pf->lg_code);
    else
        return fail(r, _("unknown key \"%s\" (expected city, sheet, sheets, kpi_report, aliases, "
                    "prefectural_label, staff_unit_cost, part_time_unit_cost, staff_cost, hourly_rate, "
                    "staff_cost_shown, indicator_direction, input_unit, "
                    "display_unit, rounding, era, file_names, fiscal_year, years_shown, "
                    "direction, share_decimals, share_whole, book_title, book_file, "
                    "book_sections, lg_code or choices)"), k);
    return HY_OK;
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
