#include "template/bind.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compute/compare.h"
#include "compute/measure.h"
#include "compute/rollup.h"
#include "normalize/value.h"
#include "model/format.h"
#include "util/i18n.h"

/* ---- expressions ------------------------------------------------------------
 *
 *   expr      := path ('|' formatter)*
 *   path      := component ('.' component)*
 *   component := name ('@' offset ('..' offset)?)? (':' stage)?
 *   formatter := name (':' argument)?
 *
 * Compiled once, when the template is loaded (bind_check): parsed, its root
 * found in ROOTS, the one table of built-in fields that both the checker and
 * the evaluator go through, and kept in the template's arena beside the text
 * it came from. */

enum { MAX_PARTS = 4, MAX_FORMATTERS = 6, NAME_MAX_BYTES = 160 };

typedef struct component {
    char name[NAME_MAX_BYTES];
    int has_offset, has_range;
    int from, to;
    int stage;                      /* hy_stage, or -1 */
} component;

typedef struct formatter {
    char name[32];
    char arg[NAME_MAX_BYTES];
    int has_arg;
} formatter;

typedef struct expression {
    component parts[MAX_PARTS];
    size_t nparts;
    formatter fmts[MAX_FORMATTERS];
    size_t nfmts;
    int root;                       /* index into ROOTS, set by compile */
} expression;

static const char *const STAGE_NAMES[HY_STAGE_COUNT] = {
    "決算", "当初予算", "決算見込", "補正後予算", "計画", "予算要求",
};

static int parse_int(const char **s, int *out)
{
    char *end;
    long v = strtol(*s, &end, 10);
    if (end == *s || v < -100 || v > 100)
        return -1;
    *out = (int)v;
    *s = end;
    return 0;
}

static int parse_component(const char *s, size_t len, component *c, char *why, size_t wsize)
{
    memset(c, 0, sizeof *c);
    c->stage = -1;
    size_t n = 0;
    while (n < len && s[n] != '@' && s[n] != ':')
        n++;
    if (n == 0 || n >= sizeof c->name) {
        snprintf(why, wsize, _("an empty or over-long name in the path"));
        return -1;
    }
    memcpy(c->name, s, n);
    c->name[n] = '\0';
    char rest[NAME_MAX_BYTES];
    if (len - n >= sizeof rest) {
        snprintf(why, wsize, _("path component too long"));
        return -1;
    }
    memcpy(rest, s + n, len - n);
    rest[len - n] = '\0';
    const char *r = rest;
    if (*r == '@') {
        r++;
        if (parse_int(&r, &c->from) != 0) {
            snprintf(why, wsize, _("%s@: expected a year offset such as @0 or @-4"), c->name);
            return -1;
        }
        c->has_offset = 1;
        c->to = c->from;
        if (r[0] == '.' && r[1] == '.') {
            r += 2;
            if (parse_int(&r, &c->to) != 0 || c->to < c->from) {
                snprintf(why, wsize, _("%s@%d..: expected a range such as @-4..0"), c->name, c->from);
                return -1;
            }
            c->has_range = 1;
        }
    }
    if (*r == ':') {
        r++;
        for (int k = 0; k < HY_STAGE_COUNT; k++)
            if (!strcmp(r, STAGE_NAMES[k])) {
                c->stage = k;
                r += strlen(r);
                break;
            }
        if (c->stage < 0) {
            snprintf(why, wsize, _("%s:%s: expected a stage (決算, 当初予算, 決算見込, 補正後予算, 計画)"),
                     c->name, r);
            return -1;
        }
    }
    if (*r) {
        snprintf(why, wsize, _("unexpected \"%s\" after %s"), r, c->name);
        return -1;
    }
    return 0;
}

static int parse_expression(const char *src, expression *e, char *why, size_t wsize)
{
    memset(e, 0, sizeof *e);
    const char *bar = strchr(src, '|');
    size_t plen = bar ? (size_t)(bar - src) : strlen(src);
    /* path: split on '.', but a range's ".." belongs to its component */
    size_t start = 0;
    for (size_t i = 0; i <= plen; i++) {
        int split = i == plen || (src[i] == '.' && !(i + 1 < plen && src[i + 1] == '.') &&
                                  !(i > 0 && src[i - 1] == '.'));
        if (!split)
            continue;
        if (e->nparts == MAX_PARTS) {
            snprintf(why, wsize, _("a path has at most %d parts"), MAX_PARTS);
            return -1;
        }
        if (parse_component(src + start, i - start, &e->parts[e->nparts++], why, wsize) != 0)
            return -1;
        start = i + 1;
    }
    while (bar) {
        const char *f = bar + 1;
        bar = strchr(f, '|');
        size_t flen = bar ? (size_t)(bar - f) : strlen(f);
        if (e->nfmts == MAX_FORMATTERS) {
            snprintf(why, wsize, _("at most %d formatters"), MAX_FORMATTERS);
            return -1;
        }
        formatter *fm = &e->fmts[e->nfmts++];
        const char *colon = memchr(f, ':', flen);
        size_t nlen = colon ? (size_t)(colon - f) : flen;
        if (nlen == 0 || nlen >= sizeof fm->name) {
            snprintf(why, wsize, _("an empty formatter after |"));
            return -1;
        }
        memcpy(fm->name, f, nlen);
        fm->name[nlen] = '\0';
        if (colon) {
            size_t alen = flen - nlen - 1;
            if (alen >= sizeof fm->arg) {
                snprintf(why, wsize, _("|%s: argument too long"), fm->name);
                return -1;
            }
            memcpy(fm->arg, colon + 1, alen);
            fm->arg[alen] = '\0';
            fm->has_arg = 1;
        }
    }
    return 0;
}

/* ---- what exists ------------------------------------------------------------ */

static const char *const COST_MEMBERS[] = {
    "total", "national", "prefectural", "national_prefectural", "bonds", "furusato_fund",
    "other", "general", "specific", "staff", "part_time_staff", "staff_total", "staff_cost", "total_cost",
    "tax_allocation_pct", "national_share", "prefectural_share", "national_prefectural_share",
    "bonds_share",
    "furusato_fund_share", "other_share", "general_share", "specific_share",
    "fy", "stage", NULL,
};

static const char *const INDICATOR_MEMBERS[] = {
    "kind", "name", "unit", "trend", "baseline", "baseline_year", "target", "target_year",
    "target_note", "achievement", "achieved", "pre_score", "score", "score_source", "excluded",
    "actual", "plan", "yearly_target", "estimate", "index", "grade", "revision",
    "own_baseline_year", "entered_pre_score", "entered_score", "pre_score_mark", "score_mark",
    "score_note", "previous", "change", NULL,
};

/* Last year beside this year (previous.X, compute/compare.h): last year's
 * figures, and this year's change from them. */
static const char *const PREVIOUS_MEMBERS[] = {
    "fy", "name", "status", "total", "total_cost", "staff", "direction", "total_change",
    "cost_change", "staff_change", "total_rate", "cost_rate", "renamed_from", NULL,
};

/* What a project has several of: rows a repeat or blocks a section draw once
 * per item, and what count.NAME counts. choices are the profile's judgement
 * items; fields the project's columns that no columns file names (kept under
 * their header as written). */
static const char *const PROJECT_COLLECTIONS[] = {
    "indicators", "kpis", "costs", "choices", "fields", NULL,
};

static const char *const PROJECT_BUILTINS[] = {
    "code", "name", "department", "section", "fiscal_year", "is_new", "maintenance_total", NULL,
};

/* The KPI score roll-up of the whole report (report.X) or of a program
 * (program.X); see compute/rollup.h. */
static const char *const SCORE_MEMBERS[] = {
    "average", "coverage", "kpis", "kpis_counted", "projects", "projects_counted",
    "kpis_at_threshold", "projects_at_threshold", NULL,
};

/* ... and what only the report as a whole has: the score rule's parameters. */
static const char *const REPORT_MEMBERS[] = {
    "threshold", "clamp_min", "clamp_max", "eval_year", "base_year", "target_year", "elapsed",
    "city", "plan", NULL,
};

/* A measure sheet's 施策 (measure.X, compute/measure.h): its name and code, what
 * the grouping is called, its project counts and sums this year and last. */
static const char *const MEASURE_MEMBERS[] = {
    "name", "code", "by", "projects", "new", "ended", "outcomes", "total", "total_cost",
    "last_total", "last_total_cost", "cost_change", "cost_rate", "verdicts", NULL,
};

/* A project row of a measure sheet (`repeat projects`, item.X). */
static const char *const MEASURE_ROW_MEMBERS[] = {
    "code", "name", "department", "section", "status", "direction", "verdict", "total",
    "total_cost", "last_total", "last_total_cost", "cost_change", "cost_rate", "index", NULL,
};

/* A verdict of a measure sheet's distribution (`repeat verdicts`, item.X). */
static const char *const MEASURE_TALLY_MEMBERS[] = {
    "label", "count", "share", "total_cost", NULL,
};

/* The collections a measure sheet repeats over. */
static const char *const MEASURE_COLLECTIONS[] = {"projects", "verdicts", "outcomes", NULL};

static const char *const PROFILE_MEMBERS[] = {
    "city", "prefectural_label", "staff_unit_cost", "part_time_unit_cost",
    "display_unit_label", NULL,
};

static const char *const FORMATTERS[] = {
    "money", "yen", "kyen", "num", "int", "pct", "unit", "era", "era_short", "western",
    "year", "boxes", "circles", "chosen", "number", "roman", "default", "bracket",
    "prefix", "suffix", "mark", "option", "circle", "box", "circled", "list", "date",
    "written", NULL,
};

/* Checks a formatter's argument where it has a fixed meaning; returns 1 when
 * fine, else 0 with why. noptions is the choice set's size when the path is a
 * choice (0 otherwise). */
static int check_formatter_arg(const formatter *f, size_t noptions, const char *path, char *why,
                               size_t wsize)
{
    const char *n = f->name, *a = f->arg;
    if (!strcmp(n, "option") || !strcmp(n, "circle") || !strcmp(n, "box")) {
        char *end;
        long k = f->has_arg ? strtol(a, &end, 10) : 0;
        if (!f->has_arg || *end || k < 1 || k > 64) {
            snprintf(why, wsize, _("|%s needs the option's number from 1, e.g. |%s:3"), n, n);
            return 0;
        }
        if (noptions && (size_t)k > noptions) {
            snprintf(why, wsize, _("|%s:%ld: %s has %zu options"), n, k, path, noptions);
            return 0;
        }
    } else if (!strcmp(n, "list")) {
        if (f->has_arg && strcmp(a, "circled") && strcmp(a, "roman") && strcmp(a, "number")) {
            snprintf(why, wsize, _("|list:%s: expected |list, |list:circled, |list:roman or |list:number"), a);
            return 0;
        }
    } else if (!strcmp(n, "date")) {
        if (f->has_arg && strcmp(a, "era") && strcmp(a, "short") && strcmp(a, "western")) {
            snprintf(why, wsize, _("|date:%s: expected |date (令和元年7月24日), |date:short (R1.7.24) "
                     "or |date:western (2019年7月24日)"), a);
            return 0;
        }
    } else if (!strcmp(n, "num")) {
        char *end;
        if (f->has_arg && strcmp(a, "trim") && (strtol(a, &end, 10) < 0 || *end || end == a)) {
            snprintf(why, wsize, _("|num:%s: expected decimals (|num:2) or |num:trim"), a);
            return 0;
        }
    }
    return 1;
}

static int in_list(const char *const *list, const char *name)
{
    for (; *list; list++)
        if (!strcmp(*list, name))
            return 1;
    return 0;
}

static void list_names(const char *const *list, char *out, size_t size)
{
    size_t n = 0;
    out[0] = '\0';
    for (; *list && n < size; list++)
        n += (size_t)snprintf(out + n, size - n, "%s%s", n ? ", " : "", *list);
}

/* ---- the built-in fields: one table for the checker and the evaluator ------ */

typedef struct value value;
typedef struct root_def root_def;

/* A field root: its name, the collection an `item` root stands in (NULL: any
 * place), whether it has a value only with a project bound, how its parts are
 * checked when the template loads, and how its value is found on a sheet. */
struct root_def {
    const char *name;
    const char *inside;
    int project;
    int (*check)(const root_def *r, const expression *e, const hy_bind_vocabulary *voc,
                 char *why, size_t wsize);
    value (*get)(const hy_bind *b, const expression *e);
};

/* A member from a list, as the second part of the path (root.MEMBER). */
static int check_member(const char *root, const expression *e, const char *const *list,
                        const char *const *list2, char *why, size_t wsize)
{
    if (e->nparts == 2 && (in_list(list, e->parts[1].name) ||
                           (list2 && in_list(list2, e->parts[1].name))))
        return 1;
    char names[1024];
    list_names(list, names, sizeof names);
    if (list2) {
        size_t n = strlen(names);
        snprintf(names + n, sizeof names - n, ", ");
        list_names(list2, names + n + 2, sizeof names - n - 2);
    }
    snprintf(why, wsize, _("%s: expected a member: %s"), root, names);
    return 0;
}

static int check_bare(const root_def *r, const expression *e, const hy_bind_vocabulary *voc,
                      char *why, size_t wsize)
{
    (void)voc;
    if (e->nparts == 1)
        return 1;
    snprintf(why, wsize, !strcmp(r->name, "fy") ? _("fy takes no members; write fy or fy@-1")
                                                : _("%s takes no members"), r->name);
    return 0;
}

static int check_project(const root_def *r, const expression *e, const hy_bind_vocabulary *voc,
                         char *why, size_t wsize)
{
    (void)r;
    if (e->nparts != 2) {
        snprintf(why, wsize, _("write project.KEY, e.g. project.name"));
        return 0;
    }
    const char *key = e->parts[1].name;
    int known = !voc || in_list(PROJECT_BUILTINS, key);
    for (size_t i = 0; !known && i < voc->nproject_keys; i++)
        known = !strcmp(voc->project_keys[i], key);
    if (!known)
        snprintf(why, wsize, _("project.%s: no such project column (columns are declared in "
                 "templates/columns.conf or the profile's aliases file)"), key);
    return known;
}

static int check_cost(const root_def *r, const expression *e, const hy_bind_vocabulary *voc,
                      char *why, size_t wsize)
{
    (void)voc;
    if (!strcmp(r->name, "cost") && !e->parts[0].has_offset) {
        snprintf(why, wsize, _("cost needs a year: cost@0 is the evaluation year, cost@-1 the one before"));
        return 0;
    }
    return check_member(r->name, e, COST_MEMBERS, NULL, why, wsize);
}

static int check_indicator(const root_def *r, const expression *e, const hy_bind_vocabulary *voc,
                           char *why, size_t wsize)
{
    (void)voc;
    return check_member(r->name, e, INDICATOR_MEMBERS, NULL, why, wsize);
}

static int check_choice(const root_def *r, const expression *e, const hy_bind_vocabulary *voc,
                        char *why, size_t wsize)
{
    (void)r;
    if (e->nparts < 2 || e->nparts > 3 ||
        (e->nparts == 3 && strcmp(e->parts[2].name, "reason") && strcmp(e->parts[2].name, "label"))) {
        snprintf(why, wsize, _("write choice.ITEM, choice.ITEM.reason or choice.ITEM.label"));
        return 0;
    }
    if (voc && voc->profile && !profile_choice_set(voc->profile, e->parts[1].name)) {
        snprintf(why, wsize, _("choice.%s: the profile has no [choice %s]"), e->parts[1].name,
                 e->parts[1].name);
        return 0;
    }
    return 1;
}

static int check_choice_item(const root_def *r, const expression *e, const hy_bind_vocabulary *voc,
                             char *why, size_t wsize)
{
    (void)r;
    (void)voc;
    if (e->nparts == 1 || (e->nparts == 2 && (!strcmp(e->parts[1].name, "label") ||
                                              !strcmp(e->parts[1].name, "reason"))))
        return 1;
    snprintf(why, wsize, _("inside choices write item (the options), item.label or item.reason"));
    return 0;
}

static int check_field_item(const root_def *r, const expression *e, const hy_bind_vocabulary *voc,
                            char *why, size_t wsize)
{
    (void)r;
    (void)voc;
    if (e->nparts == 2 && (!strcmp(e->parts[1].name, "label") || !strcmp(e->parts[1].name, "value")))
        return 1;
    snprintf(why, wsize, _("inside fields write item.label or item.value"));
    return 0;
}

static int check_program_item(const root_def *r, const expression *e,
                              const hy_bind_vocabulary *voc, char *why, size_t wsize)
{
    (void)r;
    (void)e;
    (void)voc;
    snprintf(why, wsize, _("inside a repeat over programs, write program.MEMBER"));
    return 0;
}

static int check_previous(const root_def *r, const expression *e, const hy_bind_vocabulary *voc,
                          char *why, size_t wsize)
{
    (void)voc;
    return check_member(r->name, e, PREVIOUS_MEMBERS, NULL, why, wsize);
}

static int check_count(const root_def *r, const expression *e, const hy_bind_vocabulary *voc,
                       char *why, size_t wsize)
{
    (void)voc;
    return check_member(r->name, e, PROJECT_COLLECTIONS, NULL, why, wsize);
}

static int check_profile(const root_def *r, const expression *e, const hy_bind_vocabulary *voc,
                         char *why, size_t wsize)
{
    (void)voc;
    return check_member(r->name, e, PROFILE_MEMBERS, NULL, why, wsize);
}

static int check_program(const root_def *r, const expression *e, const hy_bind_vocabulary *voc,
                         char *why, size_t wsize)
{
    (void)voc;
    static const char *const NAME[] = {"name", NULL};
    return check_member(r->name, e, NAME, SCORE_MEMBERS, why, wsize);
}

static int check_report(const root_def *r, const expression *e, const hy_bind_vocabulary *voc,
                        char *why, size_t wsize)
{
    (void)voc;
    return check_member(r->name, e, SCORE_MEMBERS, REPORT_MEMBERS, why, wsize);
}

static int check_measure(const root_def *r, const expression *e, const hy_bind_vocabulary *voc,
                         char *why, size_t wsize)
{
    (void)voc;
    const char *const *list = !strcmp(r->name, "measure") ? MEASURE_MEMBERS
                            : !strcmp(r->inside, "projects") ? MEASURE_ROW_MEMBERS
                                                            : MEASURE_TALLY_MEMBERS;
    return check_member(r->name, e, list, NULL, why, wsize);
}

static value get_fy(const hy_bind *b, const expression *e);
static value get_measure(const hy_bind *b, const expression *e);
static value get_measure_row(const hy_bind *b, const expression *e);
static value get_measure_tally(const hy_bind *b, const expression *e);
static value get_outcome(const hy_bind *b, const expression *e);
static value get_page(const hy_bind *b, const expression *e);
static value get_profile(const hy_bind *b, const expression *e);
static value get_report(const hy_bind *b, const expression *e);
static value get_previous(const hy_bind *b, const expression *e);
static value get_program(const hy_bind *b, const expression *e);
static value get_count(const hy_bind *b, const expression *e);
static value get_project(const hy_bind *b, const expression *e);
static value get_choice(const hy_bind *b, const expression *e);
static value get_cost(const hy_bind *b, const expression *e);
static value get_choice_item(const hy_bind *b, const expression *e);
static value get_field_item(const hy_bind *b, const expression *e);
static value get_cost_item(const hy_bind *b, const expression *e);
static value get_indicator_item(const hy_bind *b, const expression *e);
static value get_nothing(const hy_bind *b, const expression *e);

/* Every built-in field root. An `item` row is chosen by the collection the
 * expression stands in; the first row of a name without `inside` serves
 * everywhere else. */
static const root_def ROOTS[] = {
    {"fy", NULL, 0, check_bare, get_fy},
    {"page", NULL, 0, check_bare, get_page},
    {"pages", NULL, 0, check_bare, get_page},
    {"profile", NULL, 0, check_profile, get_profile},
    {"report", NULL, 0, check_report, get_report},
    {"previous", NULL, 0, check_previous, get_previous},
    {"program", NULL, 0, check_program, get_program},
    {"count", NULL, 1, check_count, get_count},
    {"project", NULL, 1, check_project, get_project},
    {"choice", NULL, 1, check_choice, get_choice},
    {"cost", NULL, 1, check_cost, get_cost},
    {"item", "choices", 1, check_choice_item, get_choice_item},
    {"item", "fields", 1, check_field_item, get_field_item},
    {"item", "costs", 1, check_cost, get_cost_item},
    {"item", "indicators", 1, check_indicator, get_indicator_item},
    {"item", "kpis", 1, check_indicator, get_indicator_item},
    {"item", "programs", 0, check_program_item, get_nothing},
    {"measure", NULL, 0, check_measure, get_measure},
    {"item", "projects", 0, check_measure, get_measure_row},
    {"item", "verdicts", 0, check_measure, get_measure_tally},
    {"item", "outcomes", 0, check_indicator, get_outcome},
};
enum { NROOTS = sizeof ROOTS / sizeof ROOTS[0] };

/* The row of ROOTS for a root name standing in a collection (NULL: none). */
static int find_root(const char *name, const char *collection)
{
    for (int i = 0; i < NROOTS; i++)
        if (!strcmp(ROOTS[i].name, name) &&
            (!ROOTS[i].inside || (collection && !strcmp(ROOTS[i].inside, collection))))
            return i;
    return -1;
}

/* Parses and checks an expression standing in a collection; voc NULL checks
 * the shape only (project keys and choice items are not known). */
static int compile(const char *src, const char *collection, const hy_bind_vocabulary *voc,
                   expression *e, char *why, size_t wsize)
{
    if (parse_expression(src, e, why, wsize) != 0)
        return 0;
    const char *r = e->parts[0].name;
    e->root = find_root(r, collection);
    if (e->root < 0 && !strcmp(r, "item")) {
        snprintf(why, wsize, _("item is only meaningful inside a repeat"));
        return 0;
    }
    if (e->root < 0) {
        snprintf(why, wsize, _("unknown field \"%s\" (expected project, fy, cost, item, choice, "
                 "count, profile, program, report, previous, measure, page or pages)"), r);
        return 0;
    }
    const root_def *def = &ROOTS[e->root];
    if (!def->check(def, e, voc, why, wsize))
        return 0;
    size_t noptions = 0;
    if (!strcmp(r, "choice") && e->nparts == 2 && voc && voc->profile)
        noptions = profile_choice_set(voc->profile, e->parts[1].name)->noptions;
    char names[1024];
    for (size_t i = 0; i < e->nfmts; i++) {
        if (!in_list(FORMATTERS, e->fmts[i].name)) {
            list_names(FORMATTERS, names, sizeof names);
            snprintf(why, wsize, _("unknown formatter |%s (expected one of: %s)"), e->fmts[i].name, names);
            return 0;
        }
        if (!check_formatter_arg(&e->fmts[i], noptions, src, why, wsize))
            return 0;
    }
    return 1;
}

int bind_check(void *ctx, const char *src, const char *collection, hy_arena *arena,
               const void **code, char *why, size_t wsize)
{
    const hy_bind_vocabulary *voc = ctx;
    if (collection && !strcmp(collection, "#collection")) {
        if (in_list(PROJECT_COLLECTIONS, src) || !strcmp(src, "programs") ||
            in_list(MEASURE_COLLECTIONS, src))
            return 1;
        snprintf(why, wsize, _("unknown collection (expected indicators, kpis, costs, choices, "
                 "fields, programs, or on a measure sheet projects, verdicts or outcomes)"));
        return 0;
    }
    if (collection && !strcmp(collection, "#section")) {
        if (in_list(PROJECT_COLLECTIONS, src) || !strcmp(src, "programs") ||
            !strcmp(src, "projects"))
            return 1;
        snprintf(why, wsize, _("unknown collection (expected programs, projects, indicators, kpis, "
                 "costs, choices or fields)"));
        return 0;
    }
    expression *e = arena && code ? arena_alloc(arena, sizeof *e) : malloc(sizeof *e);
    if (!e) {
        snprintf(why, wsize, _("out of memory"));
        return 0;
    }
    int ok = compile(src, collection, voc, e, why, wsize);
    if (arena && code)
        *code = ok ? e : NULL;
    else
        free(e);
    return ok;
}

/* ---- values ----------------------------------------------------------------- */

typedef enum { V_NONE, V_TEXT, V_NUM, V_AMOUNT, V_YEAR, V_CHOICE, V_FLAG } vkind;

struct value {
    vkind kind;
    const char *text;
    hy_num num;
    hy_amount amount;
    int year;
    const hy_choice *choice;
    const hy_choice_set *set;
    const char *unit;          /* an indicator's unit, for |unit */
    int percent;               /* num is a percentage (shares, 達成率) */
    int owned;                 /* the text is composed here, in own (text is set after copying) */
    char own[160];
    const hy_field *field;     /* the project field the text is, when a date or year column:
                                  normalize has read it (columns.conf key:date, key:year) */
    int ratio;                 /* num is the percentage ratio_num / ratio_den: printed at any */
    __int128 ratio_num;        /* number of decimals, it is rounded once, from the integers */
    __int128 ratio_den;
};

static value none(void)
{
    value v;
    memset(&v, 0, sizeof v);
    return v;
}

static hy_amount cost_amount(const hy_cost *c, const char *m)
{
    static const char *const SRC[HY_SRC_COUNT] = {
        "national", "prefectural", "bonds", "furusato_fund", "other", "general",
    };
    if (!strcmp(m, "total")) return c->total;
    if (!strcmp(m, "staff_cost")) return c->staff_cost;
    if (!strcmp(m, "total_cost")) return c->total_cost;
    if (!strcmp(m, "national_prefectural")) {
        /* 国・県支出金 (Saitama prints the two as one row) */
        const hy_amount *n = &c->source[HY_SRC_NATIONAL], *p = &c->source[HY_SRC_PREFECTURAL];
        if (!n->known && !p->known)
            return amount_null();
        return amount_of((n->known ? n->yen : 0) + (p->known ? p->yen : 0));
    }
    if (!strcmp(m, "specific")) {
        hy_amount sum = amount_of(0);
        int any = 0;
        for (int s = 0; s < HY_SRC_COUNT; s++)
            if (s != HY_SRC_GENERAL && c->source[s].known) {
                sum.yen += c->source[s].yen;
                any = 1;
            }
        return any ? sum : amount_null();
    }
    for (int s = 0; s < HY_SRC_COUNT; s++)
        if (!strcmp(m, SRC[s]))
            return c->source[s];
    return amount_null();
}

static hy_num cost_number(const hy_cost *c, const char *m)
{
    if (!strcmp(m, "staff")) return c->staff;
    if (!strcmp(m, "part_time_staff")) return c->part_time_staff;
    if (!strcmp(m, "tax_allocation_pct")) return c->tax_allocation_pct;
    if (!strcmp(m, "staff_total")) {
        if (!c->staff.known && !c->part_time_staff.known)
            return num_null();
        hy_num a = c->staff.known ? c->staff : num_of(0, 0);
        hy_num b = c->part_time_staff.known ? c->part_time_staff : num_of(0, 0);
        uint8_t s = a.scale > b.scale ? a.scale : b.scale;
        int64_t x, y;
        if (num_at_scale(a, s, HY_ROUND_HALF_UP, &x) || num_at_scale(b, s, HY_ROUND_HALF_UP, &y))
            return num_null();
        return num_of(x + y, s);
    }
    return num_null();
}

/* A member of a set of cost lines (one line, or the sum over a range of years). */
static value cost_member(const hy_cost *const *lines, size_t n, const char *m, const hy_profile *pf)
{
    value v = none();
    if (!n)
        return v;
    if (!strcmp(m, "fy")) {
        v.kind = V_YEAR;
        v.year = lines[0]->fiscal_year;
        return v;
    }
    if (!strcmp(m, "stage")) {
        v.kind = V_TEXT;
        v.text = stage_label(lines[0]->stage);
        return v;
    }
    size_t mlen = strlen(m);
    if (mlen > 6 && !strcmp(m + mlen - 6, "_share")) {
        /* 割合 = source / 事業費, one decimal (Saitama); 0/0 prints 0.0%. */
        char src[32];
        snprintf(src, sizeof src, "%.*s", (int)(mlen - 6), m);
        __int128 part = 0, total = 0;
        int any = 0;
        for (size_t i = 0; i < n; i++) {
            hy_amount a = cost_amount(lines[i], src);
            if (a.known) {
                part += a.yen;
                any = 1;
            }
            if (lines[i]->total.known)
                total += lines[i]->total.yen;
        }
        if (!any)
            return v;
        v.kind = V_NUM;
        v.percent = 1;
        v.num = num_of(total ? num_div_round(part * 1000, total, HY_ROUND_HALF_UP) : 0, 1);
        v.ratio = 1;
        v.ratio_num = part;
        v.ratio_den = total;
        return v;
    }
    if (!strcmp(m, "staff") || !strcmp(m, "part_time_staff") || !strcmp(m, "staff_total") ||
        !strcmp(m, "tax_allocation_pct")) {
        int64_t sum = 0;
        uint8_t scale = 2;
        int any = 0;
        for (size_t i = 0; i < n; i++) {
            hy_num x = cost_number(lines[i], m);
            int64_t at;
            if (x.known && num_at_scale(x, scale, HY_ROUND_HALF_UP, &at) == 0) {
                sum += at;
                any = 1;
            }
        }
        if (any) {
            v.kind = V_NUM;
            v.num = num_of(sum, scale);
            v.percent = !strcmp(m, "tax_allocation_pct");
        }
        return v;
    }
    int64_t sum = 0;
    int any = 0;
    for (size_t i = 0; i < n; i++) {
        hy_amount a = cost_amount(lines[i], m);
        if (a.known) {
            sum += a.yen;
            any = 1;
        }
    }
    if (any) {
        v.kind = V_AMOUNT;
        v.amount = amount_of(sum);
    }
    (void)pf;
    return v;
}

/* A year as the data set's headers write it (H27 of H27実績値), or NULL: the
 * first label found for that year among its indicators, for `|written`. */
static const char *year_label_in(const hy_dataset *ds, int year)
{
    for (size_t i = 0; ds && i < ds->nprojects; i = dataset_next(ds, i))
        for (size_t k = 0; k < ds->projects[i].nindicators; k++) {
            const hy_indicator *ind = &ds->projects[i].indicators[k];
            if (ind->baseline_year == year && ind->baseline_year_label)
                return ind->baseline_year_label;
            if (ind->target_year == year && ind->target_year_label)
                return ind->target_year_label;
            for (size_t j = 0; j < ind->nvalues; j++)
                if (ind->values[j].fiscal_year == year && ind->values[j].year_label)
                    return ind->values[j].year_label;
        }
    return NULL;
}

/* The figure the city entered for a score where it differs from the computed
 * one (seed 001 prints the city's figure, marked), else the score itself. */
static hy_num entered_or(hy_num given, hy_num score, const hy_indicator *ind)
{
    if (ind->score_source == HY_SCORE_COMPUTED && given.known) {
        int64_t g;
        if (num_at_scale(given, 2, HY_ROUND_HALF_UP, &g) == 0 && num_cmp(num_of(g, 2), score))
            return num_of(g, 2);
    }
    return score;
}

static int score_differs(const hy_indicator *ind)
{
    return num_cmp(entered_or(ind->given_pre_score, ind->pre_score, ind), ind->pre_score) ||
           num_cmp(entered_or(ind->given_score, ind->score, ind), ind->score);
}

/* The score members a report adds: the city's entered figures, their mark and
 * the note that gives the computed ones. */
static value entered_member(const hy_indicator *ind, const char *m)
{
    value v = none();
    if (ind->score_source == HY_SCORE_NONE)
        return v;
    if (!strcmp(m, "entered_pre_score") || !strcmp(m, "entered_score")) {
        v.kind = V_NUM;
        v.num = m[8] == 'p' ? entered_or(ind->given_pre_score, ind->pre_score, ind)
                            : entered_or(ind->given_score, ind->score, ind);
    } else if (score_differs(ind)) {
        v.kind = V_TEXT;
        if (!strcmp(m, "pre_score_mark") || !strcmp(m, "score_mark")) {
            int pre = m[0] == 'p';
            hy_num shown = pre ? entered_or(ind->given_pre_score, ind->pre_score, ind)
                               : entered_or(ind->given_score, ind->score, ind);
            v.text = num_cmp(shown, pre ? ind->pre_score : ind->score) ? "※" : NULL;
            if (!v.text)
                v.kind = V_NONE;
        } else {
            char pre[48], sc[48];
            num_format(ind->pre_score, 2, 0, HY_ROUND_HALF_UP, pre, sizeof pre);
            num_format(ind->score, 2, 0, HY_ROUND_HALF_UP, sc, sizeof sc);
            v.owned = 1;
            snprintf(v.own, sizeof v.own, "※所管課の入力値（算定値：補正前%s／スコア%s）", pre, sc);
        }
    }
    return v;
}

/* ordinal: the indicator's 1-based position among those drawn (item.index);
 * report_base: the KPI report's base year, 0 on a sheet. */
static value indicator_member(const hy_indicator *ind, const component *mc, int fy, size_t ordinal,
                              int report_base)
{
    value v = none();
    const char *m = mc->name;
    v.unit = ind->unit;
    if (!strcmp(m, "kind")) { v.kind = V_TEXT; v.text = ind->kind; }
    else if (!strcmp(m, "name")) { v.kind = V_TEXT; v.text = ind->name; }
    else if (!strcmp(m, "unit")) { v.kind = V_TEXT; v.text = ind->unit; v.unit = NULL; }
    else if (!strcmp(m, "trend")) { v.kind = V_TEXT; v.text = trend_label(ind->trend); }
    else if (!strcmp(m, "target_note")) { v.kind = V_TEXT; v.text = ind->target_note; }
    else if (!strcmp(m, "index")) { v.kind = V_NUM; v.num = num_of((int64_t)ordinal, 0); }
    else if (!strcmp(m, "grade")) { v.kind = V_TEXT; v.text = ind->grade; }
    else if (!strcmp(m, "revision")) { v.kind = V_TEXT; v.text = ind->revision; }
    else if (!strcmp(m, "baseline")) {
        v.kind = ind->baseline.known ? V_NUM : V_TEXT;
        v.num = ind->baseline;
        v.text = ind->baseline_text;
    } else if (!strcmp(m, "target")) {
        v.kind = ind->target.known ? V_NUM : V_TEXT;
        v.num = ind->target;
        v.text = ind->target_text;
    } else if (!strcmp(m, "baseline_year")) {
        if (ind->baseline_year) {
            v.kind = V_YEAR;
            v.year = ind->baseline_year;
            v.text = ind->baseline_year_label;
        }
    } else if (!strcmp(m, "own_baseline_year")) {
        /* printed only where the KPI's base year is not the report's (H23 under H26) */
        if (ind->baseline_year && ind->baseline_year != report_base) {
            v.kind = V_YEAR;
            v.year = ind->baseline_year;
            v.text = ind->baseline_year_label;
        }
    } else if (!strcmp(m, "target_year")) {
        if (ind->target_year) {
            v.kind = V_YEAR;
            v.year = ind->target_year;
            v.text = ind->target_year_label;
        }
    } else if (!strncmp(m, "entered_", 8) || !strcmp(m, "pre_score_mark") ||
               !strcmp(m, "score_mark") || !strcmp(m, "score_note")) {
        v = entered_member(ind, m);
    } else if (!strcmp(m, "achievement")) {
        if (ind->achievement.known) { v.kind = V_NUM; v.num = ind->achievement; v.percent = 1; }
    } else if (!strcmp(m, "achieved")) {
        if (ind->achieved >= 0) { v.kind = V_TEXT; v.text = ind->achieved ? "達成" : "未達成"; }
    } else if (!strcmp(m, "pre_score")) {
        if (ind->score_source != HY_SCORE_NONE) { v.kind = V_NUM; v.num = ind->pre_score; }
    } else if (!strcmp(m, "score")) {
        if (ind->score_source != HY_SCORE_NONE) { v.kind = V_NUM; v.num = ind->score; }
    } else if (!strcmp(m, "score_source")) {
        /* a computed score is the rule; only one taken from the input is marked */
        if (ind->score_source == HY_SCORE_GIVEN) { v.kind = V_TEXT; v.text = "入力値"; }
    } else if (!strcmp(m, "excluded")) {
        v.kind = V_TEXT;
        v.text = ind->excluded_reason;
    } else {
        hy_value_kind k = !strcmp(m, "actual") ? HY_VALUE_ACTUAL
                        : !strcmp(m, "plan") ? HY_VALUE_PLAN
                        : !strcmp(m, "estimate") ? HY_VALUE_ESTIMATE : HY_VALUE_TARGET;
        int year = fy + (mc->has_offset ? mc->from : 0);
        const hy_value *yv = indicator_value(ind, year, k);
        if (yv) {
            v.kind = yv->value.known ? V_NUM : V_TEXT;
            v.num = yv->value;
            v.text = yv->text;
        } else if (k == HY_VALUE_TARGET && year == ind->target_year) {
            /* the target of the target year is the indicator's target itself */
            v.kind = ind->target.known ? V_NUM : V_TEXT;
            v.num = ind->target;
            v.text = ind->target_text;
        }
    }
    if (v.kind == V_TEXT && !v.owned && (!v.text || !*v.text))
        v.kind = V_NONE;
    return v;
}

/* The i-th indicator of a collection: indicators leaves the strategy KPIs
 * out (a sheet's 活動指標 table is not where a 施策KPI belongs), kpis has only them. */
static const hy_indicator *indicator_at(const hy_project *p, const char *collection, size_t i)
{
    int kpis = !strcmp(collection, "kpis");
    for (size_t k = 0, seen = 0; k < p->nindicators; k++)
        if (score_is_kpi(&p->indicators[k]) == kpis && seen++ == i)
            return &p->indicators[k];
    return NULL;
}

static size_t indicator_count(const hy_project *p, const char *collection)
{
    int kpis = !strcmp(collection, "kpis");
    size_t n = 0;
    for (size_t k = 0; k < p->nindicators; k++)
        n += score_is_kpi(&p->indicators[k]) == kpis;
    return n;
}

/* A member of a KPI score roll-up (SCORE_MEMBERS). */
static value score_member(const hy_score_sum *s, const char *m)
{
    value v = none();
    size_t count;
    if (!strcmp(m, "average")) {
        if (s->average.known) {
            v.kind = V_NUM;
            v.num = s->average;
        }
        return v;
    }
    if (!strcmp(m, "coverage")) {
        v.kind = V_TEXT;
        v.owned = 1;
        rollup_coverage(s, v.own, sizeof v.own);
        return v;
    }
    if (!strcmp(m, "kpis")) count = s->kpis;
    else if (!strcmp(m, "kpis_counted")) count = s->kpis_counted;
    else if (!strcmp(m, "projects")) count = s->projects;
    else if (!strcmp(m, "projects_counted")) count = s->projects_counted;
    else if (!strcmp(m, "kpis_at_threshold")) count = s->kpis_at_threshold;
    else if (!strcmp(m, "projects_at_threshold")) count = s->projects_at_threshold;
    else return v;
    v.kind = V_NUM;
    v.num = num_of((int64_t)count, 0);
    return v;
}

static value report_member(const hy_bind *b, const hy_rollup *r, const hy_profile *pf,
                           const char *m)
{
    value v = none();
    const hy_score_years *y = &r->years;
    if (!strcmp(m, "threshold") || !strcmp(m, "clamp_min") || !strcmp(m, "clamp_max")) {
        v.kind = V_NUM;
        v.num = num_of(!strcmp(m, "threshold") ? r->threshold
                       : !strcmp(m, "clamp_min") ? pf->score_clamp_min : pf->score_clamp_max, 0);
    } else if (!strcmp(m, "eval_year") || !strcmp(m, "base_year") || !strcmp(m, "target_year")) {
        v.year = m[0] == 'e' ? y->eval : m[0] == 'b' ? y->base : y->target;
        v.kind = v.year ? V_YEAR : V_NONE;
    } else if (!strcmp(m, "city") || !strcmp(m, "plan")) {
        /* the data owner's words (hyoka.conf) over the profile's */
        v.text = m[0] == 'c' ? (b->city ? b->city : pf->city) : b->title;
        v.kind = v.text && *v.text ? V_TEXT : V_NONE;
    } else if (!strcmp(m, "elapsed")) {
        if (y->elapsed_den) {
            v.kind = V_NUM;
            v.percent = 1;
            v.num = num_of(num_div_round((__int128)y->elapsed_num * 1000, y->elapsed_den,
                                         HY_ROUND_HALF_UP), 1);
        }
    } else {
        v = score_member(&r->all.score, m);
    }
    return v;
}

static value amount_value(hy_amount a)
{
    value v = none();
    if (a.known) {
        v.kind = V_AMOUNT;
        v.amount = a;
    }
    return v;
}

static value num_value(hy_num n, int percent)
{
    value v = none();
    if (n.known) {
        v.kind = V_NUM;
        v.num = n;
        v.percent = percent;
    }
    return v;
}

/* previous.X: last year's figures of the project and this year's change. */
static value previous_member(const hy_compare_row *r, const char *m)
{
    value v = none();
    if (!r || !r->previous)
        return !strcmp(m, "status") && r ? (value){.kind = V_TEXT, .text = "新規"} : v;
    if (!strcmp(m, "fy")) { v.kind = V_YEAR; v.year = r->last.fiscal_year; return v; }
    if (!strcmp(m, "name")) { v.kind = V_TEXT; v.text = r->previous->name; return v; }
    if (!strcmp(m, "renamed_from")) {
        v.kind = r->renamed ? V_TEXT : V_NONE;
        v.text = r->renamed ? r->previous->name : NULL;
        return v;
    }
    if (!strcmp(m, "status")) { v.kind = V_TEXT; v.text = "継続"; return v; }
    if (!strcmp(m, "direction")) {
        v.kind = r->last.direction ? V_TEXT : V_NONE;
        v.text = r->last.direction;
        return v;
    }
    if (!strcmp(m, "total")) return amount_value(r->last.total);
    if (!strcmp(m, "total_cost")) return amount_value(r->last.total_cost);
    if (!strcmp(m, "total_change")) return amount_value(r->total_change);
    if (!strcmp(m, "cost_change")) return amount_value(r->cost_change);
    if (!strcmp(m, "staff")) return num_value(r->last.staff, 0);
    if (!strcmp(m, "staff_change")) return num_value(r->staff_change, 0);
    if (!strcmp(m, "total_rate")) return num_value(r->total_rate, 1);
    if (!strcmp(m, "cost_rate")) return num_value(r->cost_rate, 1);
    return v;
}

/* item.previous and item.change: an indicator's actual as published last year
 * (of last year's evaluation year), and this year's actual less it. */
static value indicator_previous(const hy_bind *b, const hy_indicator *ind, const char *m)
{
    const hy_indicator *last = compare_previous_indicator(b->previous, ind);
    if (!last)
        return none();
    hy_num before = compare_indicator_actual(last, b->previous->last.fiscal_year);
    value v = num_value(before, 0);
    v.unit = ind->unit;
    if (!strcmp(m, "previous"))
        return v;
    hy_num now = compare_indicator_actual(ind, b->fiscal_year), change;
    if (!before.known || !now.known)
        return none();
    before.mantissa = -before.mantissa;
    if (num_add(now, before, &change) != 0)
        return none();
    v = num_value(change, 0);
    v.unit = ind->unit;
    return v;
}

/* A judgement item of the bound project: its options with the chosen marked
 * (member NULL), its label or its reason. */
static value choice_value(const hy_bind *b, const hy_choice_set *set, const char *member)
{
    value v = none();
    if (!set)
        return v;
    const hy_choice *c = project_choice(b->project, set->item);
    if (member && !strcmp(member, "label")) {
        v.kind = V_TEXT;
        v.text = set->label;
    } else if (member) {
        if (c && c->reason && *c->reason) {
            v.kind = V_TEXT;
            v.text = c->reason;
        }
    } else {
        /* A choice with nothing chosen still prints its options (all □). */
        v.kind = V_CHOICE;
        v.set = set;
        v.choice = c;
    }
    return v;
}

/* Is a project field one that no columns file names (kept under its header)? */
static int is_other_field(const hy_bind *b, const hy_field *f)
{
    if (in_list(PROJECT_BUILTINS, f->key))
        return 0;
    for (size_t i = 0; i < b->nproject_keys; i++)
        if (!strcmp(b->project_keys[i], f->key))
            return 0;
    return 1;
}

/* The i-th of the bound project's other fields (the `fields` collection). */
static const hy_field *other_field(const hy_bind *b, size_t i)
{
    const hy_project *p = b->project;
    for (size_t k = 0, seen = 0; p && k < p->nfields; k++)
        if (is_other_field(b, &p->fields[k]) && seen++ == i)
            return &p->fields[k];
    return NULL;
}

static value get_fy(const hy_bind *b, const expression *e)
{
    value v = none();
    v.kind = V_YEAR;
    v.year = b->fiscal_year + (e->parts[0].has_offset ? e->parts[0].from : 0);
    return v;
}

static value get_page(const hy_bind *b, const expression *e)
{
    value v = none();
    int n = e->parts[0].name[4] ? b->pages : b->page;
    if (n > 0) {
        v.kind = V_NUM;
        v.num = num_of(n, 0);
    }
    return v;
}

static value get_profile(const hy_bind *b, const expression *e)
{
    value v = none();
    const hy_profile *pf = b->profile;
    const char *m = e->parts[1].name;
    if (!strcmp(m, "city")) { v.kind = V_TEXT; v.text = pf->city; }
    else if (!strcmp(m, "prefectural_label")) { v.kind = V_TEXT; v.text = pf->prefectural_label; }
    else if (!strcmp(m, "display_unit_label")) { v.kind = V_TEXT; v.text = pf->display_unit_label; }
    else if (!strcmp(m, "staff_unit_cost")) { v.kind = V_AMOUNT; v.amount = amount_of(pf->staff_unit_cost); }
    else if (!strcmp(m, "part_time_unit_cost")) { v.kind = V_AMOUNT; v.amount = amount_of(pf->part_time_unit_cost); }
    return v;
}

static value get_report(const hy_bind *b, const expression *e)
{
    return b->rollup ? report_member(b, b->rollup, b->profile, e->parts[1].name) : none();
}

static value get_previous(const hy_bind *b, const expression *e)
{
    return previous_member(b->previous, e->parts[1].name);
}

/* The program of a section, or of a row repeated over programs. */
static value get_program(const hy_bind *b, const expression *e)
{
    value v = none();
    const char *name = b->program;
    hy_bind row;
    if (b->collection && !strcmp(b->collection, "programs"))
        name = bind_enter(b, "programs", b->index, &row) == 0 ? row.program : NULL;
    if (!strcmp(e->parts[1].name, "name")) {
        if (name && *name) {
            v.kind = V_TEXT;
            v.text = name;
        }
        return v;
    }
    const hy_group *g = b->rollup ? rollup_find(b->rollup, HY_BY_PROGRAM, name) : NULL;
    return g ? score_member(&g->score, e->parts[1].name) : v;
}

static value get_count(const hy_bind *b, const expression *e)
{
    value v = none();
    v.kind = V_NUM;
    v.num = num_of((int64_t)bind_count(b, e->parts[1].name), 0);
    return v;
}

static value get_project(const hy_bind *b, const expression *e)
{
    value v = none();
    const hy_project *p = b->project;
    const char *m = e->parts[1].name;
    if (!strcmp(m, "fiscal_year")) {
        v.kind = V_YEAR;
        v.year = b->fiscal_year;
        return v;
    }
    if (!strcmp(m, "maintenance_total")) {
        /* 維持管理 合計／年, from compute */
        v.kind = p->upkeep_total.known ? V_AMOUNT : V_NONE;
        v.amount = p->upkeep_total;
        return v;
    }
    v.text = !strcmp(m, "code") ? p->code
           : !strcmp(m, "is_new") ? (p->is_new ? "★" : NULL)
           : !strcmp(m, "name") ? p->name
           : !strcmp(m, "department") ? p->department
           : !strcmp(m, "section") ? p->section : project_field(p, m);
    v.kind = v.text && *v.text ? V_TEXT : V_NONE;
    for (size_t i = 0; i < p->nfields && v.kind == V_TEXT; i++)
        if (!strcmp(p->fields[i].key, m) && p->fields[i].fiscal_year)
            v.field = &p->fields[i];
    return v;
}

static value get_choice(const hy_bind *b, const expression *e)
{
    return choice_value(b, profile_choice_set(b->profile, e->parts[1].name),
                        e->nparts == 3 ? e->parts[2].name : NULL);
}

static value get_cost(const hy_bind *b, const expression *e)
{
    const component *root = &e->parts[0];
    const hy_cost *lines[32];
    size_t n = 0;
    for (int off = root->from; off <= root->to && n < 32; off++) {
        int fy = b->fiscal_year + off;
        const hy_cost *c = root->stage >= 0 ? project_cost(b->project, fy, (hy_stage)root->stage)
                                            : project_cost_of_year(b->project, fy);
        if (c)
            lines[n++] = c;
    }
    return cost_member(lines, n, e->parts[1].name, b->profile);
}

/* The i-th item of the `choices` collection: the profile's judgement items but
 * those of a set printed in a section of its own (`section =`, by name). */
static const hy_choice_set *choice_at(const hy_profile *pf, size_t i)
{
    for (size_t k = 0, seen = 0; pf && k < pf->nchoice_sets; k++)
        if (!pf->choice_sets[k].section && seen++ == i)
            return &pf->choice_sets[k];
    return NULL;
}

static value get_choice_item(const hy_bind *b, const expression *e)
{
    return choice_value(b, choice_at(b->profile, b->index),
                        e->nparts == 2 ? e->parts[1].name : NULL);
}

static value get_field_item(const hy_bind *b, const expression *e)
{
    value v = none();
    const hy_field *f = other_field(b, b->index);
    if (f) {
        v.text = !strcmp(e->parts[1].name, "label") ? f->key : f->value;
        v.kind = *v.text ? V_TEXT : V_NONE;
    }
    return v;
}

static value get_cost_item(const hy_bind *b, const expression *e)
{
    if (b->index >= b->project->ncosts)
        return none();
    const hy_cost *line = &b->project->costs[b->index];
    return cost_member(&line, 1, e->parts[1].name, b->profile);
}

static value get_indicator_item(const hy_bind *b, const expression *e)
{
    const hy_project *p = b->project;
    /* the slot bind_item_slots found for the row: no rescan of the list per cell */
    const hy_indicator *ind = b->item_slot && b->item_slot <= p->nindicators
                                  ? &p->indicators[b->item_slot - 1]
                                  : indicator_at(p, b->collection, b->index);
    const char *m = e->parts[1].name;
    if (ind && (!strcmp(m, "previous") || !strcmp(m, "change")))
        return indicator_previous(b, ind, m);
    return ind ? indicator_member(ind, &e->parts[1], b->fiscal_year,
                                  b->ordinal ? b->ordinal : b->index + 1,
                                  b->rollup ? b->rollup->years.base : 0)
               : none();
}

static value get_nothing(const hy_bind *b, const expression *e)
{
    (void)b;
    (void)e;
    return none();
}

/* ---- the measure sheet (compute/measure.h) ---- */

static value count_value(size_t n)
{
    value v = none();
    v.kind = V_NUM;
    v.num = num_of((int64_t)n, 0);
    return v;
}

static value text_value(const char *t)
{
    value v = none();
    if (t && *t) {
        v.kind = V_TEXT;
        v.text = t;
    }
    return v;
}

/* The distribution of verdicts in words: 拡充 2件、現状維持 3件. */
static value verdict_summary(const hy_measure *m)
{
    value v = none();
    size_t n = 0;
    v.kind = V_TEXT;
    v.owned = 1;
    for (size_t i = 0; i < m->ntallies && n < sizeof v.own; i++)
        n += (size_t)snprintf(v.own + n, sizeof v.own - n, "%s%s %zu件", i ? "、" : "",
                              verdict_label(m->tallies[i].verdict), m->tallies[i].projects);
    return v;
}

static value get_measure(const hy_bind *b, const expression *e)
{
    const hy_measure *m = b->measure;
    const char *k = e->parts[1].name;
    if (!m)
        return none();
    if (!strcmp(k, "name")) return text_value(m->name);
    if (!strcmp(k, "code")) return text_value(m->code);
    if (!strcmp(k, "by")) return text_value(b->measure_by);
    if (!strcmp(k, "projects")) return count_value(m->nprojects);
    if (!strcmp(k, "new")) return b->with_previous ? count_value(m->nnew) : none();
    if (!strcmp(k, "ended")) return b->with_previous ? count_value(m->nended) : none();
    if (!strcmp(k, "outcomes")) return m->noutcomes ? count_value(m->noutcomes) : none();
    if (!strcmp(k, "verdicts")) return verdict_summary(m);
    if (!strcmp(k, "total")) return amount_value(m->total);
    if (!strcmp(k, "total_cost")) return amount_value(m->total_cost);
    if (!strcmp(k, "last_total")) return amount_value(m->last_total);
    if (!strcmp(k, "last_total_cost")) return amount_value(m->last_total_cost);
    if (!strcmp(k, "cost_change")) return amount_value(m->cost_change);
    if (!strcmp(k, "cost_rate")) return num_value(m->cost_rate, 1);
    return none();
}

/* The change of a row's money from last year, and its 増減率. */
static value row_change(const hy_measure_row *r, int rate)
{
    if (!r->total_cost.known || !r->last_total_cost.known)
        return none();
    int64_t d = r->total_cost.yen - r->last_total_cost.yen;
    if (!rate)
        return amount_value(amount_of(d));
    if (!r->last_total_cost.yen)
        return none();
    return num_value(num_of(num_div_round((__int128)d * 1000, r->last_total_cost.yen,
                                          HY_ROUND_HALF_UP), 1), 1);
}

static value get_measure_row(const hy_bind *b, const expression *e)
{
    const hy_measure *m = b->measure;
    const char *k = e->parts[1].name;
    if (!m || b->index >= m->nrows)
        return none();
    const hy_measure_row *r = &m->rows[b->index];
    const hy_project *p = r->project;
    if (!strcmp(k, "code")) return text_value(p->code);
    if (!strcmp(k, "name")) return text_value(p->name);
    if (!strcmp(k, "department")) return text_value(p->department);
    if (!strcmp(k, "section")) return text_value(p->section);
    if (!strcmp(k, "status")) return text_value(r->status);
    if (!strcmp(k, "direction")) return text_value(r->direction);
    if (!strcmp(k, "index")) return count_value(b->index + 1);
    if (!strcmp(k, "verdict"))
        return b->index < m->nprojects ? text_value(verdict_label(r->verdict)) : none();
    if (!strcmp(k, "total")) return amount_value(r->total);
    if (!strcmp(k, "total_cost")) return amount_value(r->total_cost);
    if (!strcmp(k, "last_total")) return amount_value(r->last_total);
    if (!strcmp(k, "last_total_cost")) return amount_value(r->last_total_cost);
    if (!strcmp(k, "cost_change")) return row_change(r, 0);
    if (!strcmp(k, "cost_rate")) return row_change(r, 1);
    return none();
}

static value get_measure_tally(const hy_bind *b, const expression *e)
{
    const hy_measure *m = b->measure;
    const char *k = e->parts[1].name;
    if (!m || b->index >= m->ntallies)
        return none();
    const hy_measure_tally *t = &m->tallies[b->index];
    if (!strcmp(k, "label")) return text_value(verdict_label(t->verdict));
    if (!strcmp(k, "count")) return count_value(t->projects);
    if (!strcmp(k, "total_cost")) return amount_value(t->total_cost);
    if (!strcmp(k, "share") && m->nprojects) {
        /* a share of the 施策's projects this year, rounded once from the integers */
        value v = num_value(num_of(num_div_round((__int128)t->projects * 1000, m->nprojects,
                                                 HY_ROUND_HALF_UP), 1), 1);
        v.ratio = 1;
        v.ratio_num = (__int128)t->projects;
        v.ratio_den = (__int128)m->nprojects;
        return v;
    }
    return none();
}

static value get_outcome(const hy_bind *b, const expression *e)
{
    const hy_measure *m = b->measure;
    if (!m || b->index >= m->noutcomes)
        return none();
    if (!strcmp(e->parts[1].name, "previous") || !strcmp(e->parts[1].name, "change"))
        return none();   /* the outcome's own yearly values say it: actual@-1, actual@0 */
    return indicator_member(m->outcomes[b->index], &e->parts[1], b->fiscal_year,
                            b->ordinal ? b->ordinal : b->index + 1, 0);
}

/* The value of a compiled expression; its root's row says how it is found. A
 * root compiled for another collection than the one bound (a template loaded
 * without a checker) is looked up again. */
static value resolve(const hy_bind *b, const expression *e)
{
    int r = e->root;
    if (r < 0 || r >= NROOTS ||
        (ROOTS[r].inside && (!b->collection || strcmp(ROOTS[r].inside, b->collection))))
        r = find_root(e->parts[0].name, b->collection);
    if (r < 0 || (ROOTS[r].project && !b->project))
        return none();
    return ROOTS[r].get(b, e);
}

/* ---- formatting ------------------------------------------------------------- */

static const char *const ROMAN[] = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"};

/* ① to ⑳ for 1 to 20; other numbers as digits. */
static int put_circled(hy_buf *out, size_t n)
{
    if (n >= 1 && n <= 20) {
        char ch[4] = {(char)0xE2, (char)0x91, (char)(0xA0 + n - 1), 0};   /* U+2460 + n-1 */
        return buf_puts(out, ch);
    }
    return buf_printf(out, "%zu", n);
}

/* The number an option is listed under, in a style: circled ①, roman I, number 1. */
static int put_option_number(hy_buf *out, const char *style, size_t i)
{
    if (!strcmp(style, "circled"))
        return put_circled(out, i + 1);
    if (!strcmp(style, "roman"))
        return buf_puts(out, i < 10 ? ROMAN[i] : "?");
    return buf_printf(out, "%zu", i + 1);
}

static int emit_choice(const value *v, const formatter *how, hy_buf *out)
{
    const hy_choice_set *set = v->set;
    const char *style = how ? how->name : "chosen";
    uint64_t mask = v->choice ? v->choice->chosen_mask : 0;
    if (v->choice && v->choice->chosen >= 0)
        mask |= 1ULL << v->choice->chosen;
    int rc = 0;
    if (!strcmp(style, "option") || !strcmp(style, "circle") || !strcmp(style, "box")) {
        /* one option of the set, by its number from 1 (checked at load) */
        size_t i = (size_t)atoi(how->arg) - 1;
        if (i >= set->noptions)
            return 0;
        int chosen = i < 64 && ((mask >> i) & 1);
        if (!strcmp(style, "option"))
            return buf_puts(out, set->options[i]);
        if (!strcmp(style, "circle"))
            return chosen ? buf_puts(out, "○") : 0;
        return buf_puts(out, chosen ? "■" : "□");
    }
    if (!strcmp(style, "list")) {
        /* every option, one per line, under its number when a style is given */
        for (size_t i = 0; i < set->noptions; i++) {
            if (i)
                rc |= buf_putc(out, '\n');
            if (how->has_arg) {
                rc |= put_option_number(out, how->arg, i);
                if (strcmp(how->arg, "circled"))
                    rc |= buf_putc(out, ' ');
            }
            rc |= buf_puts(out, set->options[i]);
        }
    } else if (!strcmp(style, "boxes")) {
        for (size_t i = 0; i < set->noptions; i++) {
            if (i)
                rc |= buf_puts(out, "　　");
            rc |= buf_puts(out, (mask >> i) & 1 ? "■" : "□");
            rc |= buf_puts(out, set->options[i]);
        }
    } else if (!strcmp(style, "circles")) {
        for (size_t i = 0; i < set->noptions; i++) {
            if (i)
                rc |= buf_puts(out, "　");
            rc |= buf_puts(out, set->options[i]);
            if ((mask >> i) & 1)
                rc |= buf_puts(out, " ○");
        }
    } else if (!strcmp(style, "circled")) {
        /* the chosen options' numbers run together, as Saitama writes ④⑦ */
        for (size_t i = 0; i < set->noptions && i < 64; i++)
            if ((mask >> i) & 1)
                rc |= put_circled(out, i + 1);
    } else {
        int first = 1;
        for (size_t i = 0; i < set->noptions; i++) {
            if (!((mask >> i) & 1))
                continue;
            if (!first)
                rc |= buf_puts(out, "、");
            first = 0;
            if (!strcmp(style, "number"))
                rc |= buf_printf(out, "%zu", i + 1);
            else if (!strcmp(style, "roman"))
                rc |= buf_puts(out, i < 10 ? ROMAN[i] : "?");
            else
                rc |= buf_puts(out, set->options[i]);
        }
    }
    return rc;
}

static int decimals_arg(const formatter *f, int fallback)
{
    if (!f->has_arg)
        return fallback;
    int d = atoi(f->arg);
    return d < 0 ? 0 : d > 6 ? 6 : d;
}

/* Removes trailing zeros after a decimal point, and the point if nothing is
 * left after it: 1.00 -> 1, 0.50 -> 0.5 (`|num:trim`, for 人工). */
static void trim_zeros(char *s)
{
    char *dot = strchr(s, '.');
    if (!dot)
        return;
    char *e = s + strlen(s);
    while (e > dot + 1 && e[-1] == '0')
        *--e = '\0';
    if (e == dot + 1)
        *dot = '\0';
}

/* A text field read as a year or a date, for the year and date formatters:
 * {project.start_year|era} prints 昭和47年度 whether 1972 or S47 was typed. A
 * text that is neither prints as typed. */
static value text_as_year(const value *v, const char *how)
{
    value y = *v;
    int fy;
    if (!strcmp(how, "date"))
        return y;
    if (v->field) {                 /* read by normalize */
        y.kind = V_YEAR;
        y.year = v->field->fiscal_year;
        return y;
    }
    if (value_fiscal_year(v->text, &fy, NULL, 0) == HY_VALUE_OK) {
        y.kind = V_YEAR;
        y.year = fy;
    }
    return y;
}

/* The value's text with the first formatter that renders it (or the default
 * rendering of its kind); the other formatters then decorate the text. */
static int render(const hy_bind *b, const value *v0, const expression *e, hy_buf *out)
{
    const hy_profile *pf = b->profile;
    char tmp[128];
    const formatter *how = NULL;
    static const char *const RENDERERS[] = {
        "money", "yen", "kyen", "num", "int", "pct", "era", "era_short", "western", "year",
        "boxes", "circles", "chosen", "number", "roman", "mark", "option", "circle", "box",
        "circled", "list", "date", "written", NULL,
    };
    static const char *const YEAR_RENDERERS[] = {"era", "era_short", "western", "year",
                                                 "written", NULL};
    for (size_t i = 0; i < e->nfmts && !how; i++)
        if (in_list(RENDERERS, e->fmts[i].name))
            how = &e->fmts[i];
    const char *h = how ? how->name : "";
    value vt;
    const value *v = v0;
    if (v->kind == V_TEXT && v->text && in_list(YEAR_RENDERERS, h)) {
        vt = text_as_year(v, h);
        v = &vt;
    }
    switch (v->kind) {
    case V_NONE:
        if (!strcmp(h, "mark"))
            return buf_puts(out, "□");
        return 0;
    case V_TEXT:
        if (!strcmp(h, "mark"))
            return buf_puts(out, v->text && *v->text ? "■" : "□");
        if (!strcmp(h, "date") && v->text) {
            hy_date d = {0, 0, 0};
            if (v->field && v->field->year) {   /* a date column, read by normalize */
                d.year = v->field->year;
                d.month = v->field->month;
                d.day = v->field->day;
            }
            if (d.year || value_date(v->text, &d, NULL, 0) == HY_VALUE_OK) {
                hy_era_style st = !how->has_arg || !strcmp(how->arg, "era") ? HY_ERA_LONG
                                : !strcmp(how->arg, "short") ? HY_ERA_SHORT : HY_ERA_WESTERN;
                format_date(d.year, d.month, d.day, st, tmp, sizeof tmp);
                return buf_puts(out, tmp);
            }
        }
        return buf_puts(out, v->text ? v->text : "");
    case V_FLAG:
        return buf_puts(out, "■");
    case V_CHOICE:
        return emit_choice(v, how, out);
    case V_YEAR: {
        const char *label = v->text ? v->text : year_label_in(b->dataset, v->year);
        if (!strcmp(h, "written") && label)
            return buf_puts(out, label);
        hy_era_style st = !strcmp(h, "era") ? HY_ERA_LONG
                        : !strcmp(h, "era_short") || !strcmp(h, "written") ? HY_ERA_SHORT
                        : !strcmp(h, "western") ? HY_ERA_WESTERN : pf->era;
        if (!strcmp(h, "year"))
            snprintf(tmp, sizeof tmp, "%d", v->year);
        else
            format_fiscal_year(v->year, st, st != HY_ERA_SHORT, tmp, sizeof tmp);
        return buf_puts(out, tmp);
    }
    case V_AMOUNT: {
        int64_t unit = !strcmp(h, "yen") ? 1 : !strcmp(h, "kyen") ? 1000 : pf->display_unit;
        amount_format(v->amount, unit, pf->rounding, tmp, sizeof tmp);
        return buf_puts(out, tmp);
    }
    case V_NUM: {
        if (!strcmp(h, "circled") && v->num.known && v->num.scale == 0 && v->num.mantissa >= 1 &&
            v->num.mantissa <= 20)
            return put_circled(out, (size_t)v->num.mantissa);
        int trim = !strcmp(h, "num") && how->has_arg && !strcmp(how->arg, "trim");
        int dec = !strcmp(h, "int") ? 0 : !strcmp(h, "pct") ? decimals_arg(how, 1)
                : !strcmp(h, "num") && !trim ? decimals_arg(how, -1) : v->percent && !trim ? 1 : -1;
        hy_num n = v->num;
        if (v->ratio) {
            /* a share at the printed decimals straight from its integers: 33.33%,
             * never 33.3% padded to 33.30%; without a formatter, as the profile says
             * (Saitama: 100% whole, 0.0% and 33.3% otherwise) */
            static const int64_t SCALE[] = {100, 1000, 10000, 100000, 1000000, 10000000, 100000000};
            if (dec < 0 || !how) {
                dec = pf->share_decimals;
                if (pf->share_whole_short && v->ratio_den && v->ratio_num &&
                    (v->ratio_num * 100) % v->ratio_den == 0)
                    dec = 0;
            }
            n = num_of(v->ratio_den ? num_div_round(v->ratio_num * SCALE[dec], v->ratio_den,
                                                    HY_ROUND_HALF_UP)
                                    : 0, (uint8_t)dec);
        }
        num_format(n, dec, 1, HY_ROUND_HALF_UP, tmp, sizeof tmp);
        if (trim)
            trim_zeros(tmp);
        int rc = buf_puts(out, tmp);
        if (!strcmp(h, "pct") || (v->percent && !how))
            rc |= buf_puts(out, "%");
        return rc;
    }
    }
    return 0;
}

/* Appends the text of a compiled expression, formatted and decorated. */
static int eval_expr(const hy_bind *b, const expression *ep, hy_buf *out)
{
    const expression *e = ep;
    value v = resolve(b, ep);
    if (v.owned)
        v.text = v.own;
    size_t start = out->len;
    if (render(b, &v, ep, out) != 0)
        return -1;
    int empty = out->len == start;
    int rc = 0;
    for (size_t i = 0; i < e->nfmts; i++) {
        const formatter *f = &e->fmts[i];
        if (!strcmp(f->name, "unit") && !empty && v.unit && *v.unit && v.kind == V_NUM) {
            rc |= buf_puts(out, v.unit);
        } else if (!strcmp(f->name, "default") && empty) {
            rc |= buf_puts(out, f->arg);
            empty = f->arg[0] == '\0';
        } else if (!strcmp(f->name, "bracket") && !empty) {
            hy_buf t = HY_BUF_INIT;
            rc |= buf_puts(&t, "【");
            rc |= buf_append(&t, out->data + start, out->len - start);
            rc |= buf_puts(&t, "】");
            out->len = start;
            rc |= buf_append(out, t.data, t.len);
            buf_free(&t);
        } else if (!strcmp(f->name, "prefix") && !empty) {
            hy_buf t = HY_BUF_INIT;
            rc |= buf_puts(&t, f->arg);
            rc |= buf_append(&t, out->data + start, out->len - start);
            out->len = start;
            rc |= buf_append(out, t.data, t.len);
            buf_free(&t);
        } else if (!strcmp(f->name, "suffix") && !empty) {
            rc |= buf_puts(out, f->arg);
        }
    }
    return rc ? -1 : 0;
}

int bind_eval(const hy_bind *b, const char *src, hy_buf *out)
{
    expression *e = malloc(sizeof *e);
    char why[256];
    int rc = 0;
    if (!e)
        return -1;
    /* rejected when the template was loaded: nothing to print */
    if (compile(src, b->collection, NULL, e, why, sizeof why))
        rc = eval_expr(b, e, out);
    free(e);
    return rc;
}

int bind_content(const hy_bind *b, const tpl_content *c, hy_buf *out)
{
    for (size_t i = 0; i < c->nsegments; i++) {
        const tpl_segment *s = &c->segments[i];
        int rc = s->literal ? buf_puts(out, s->literal)
               : s->code ? eval_expr(b, s->code, out) : bind_eval(b, s->expr, out);
        if (rc)
            return -1;
    }
    if (!out->data)
        return buf_append(out, "", 0);
    return 0;
}

int bind_has_value(const hy_bind *b, const char *src)
{
    /* `when=a,b`: the block is drawn when any of the fields has a value */
    const char *comma = strchr(src, ',');
    if (comma && !strchr(src, '|')) {
        char first[NAME_MAX_BYTES * 2];
        snprintf(first, sizeof first, "%.*s", (int)(comma - src), src);
        return bind_has_value(b, first) || bind_has_value(b, comma + 1);
    }
    expression *e = malloc(sizeof *e);
    char why[256];
    if (!e || !compile(src, b->collection, NULL, e, why, sizeof why)) {
        free(e);
        return 0;
    }
    value v = resolve(b, e);
    int count = !strcmp(e->parts[0].name, "count");
    free(e);
    if (v.owned)
        v.text = v.own;
    switch (v.kind) {
    case V_NONE: return 0;
    case V_TEXT: return v.text && *v.text;
    case V_NUM: return v.num.known && (!count || v.num.mantissa);
    case V_AMOUNT: return v.amount.known;
    case V_CHOICE: return v.choice && (v.choice->chosen >= 0 || v.choice->chosen_mask);
    default: return 1;
    }
}

const char *bind_program_of(const hy_project *p)
{
    const char *s = project_field(p, "program");
    return s ? s : "";
}

/* Is the i-th project the first of its program in the data set? Programs are
 * listed in the order their first project appears. */
static int first_of_program(const hy_dataset *ds, size_t i)
{
    const char *prog = bind_program_of(&ds->projects[i]);
    for (size_t k = 0; k < i; k++)
        if (!strcmp(bind_program_of(&ds->projects[k]), prog))
            return 0;
    return 1;
}

static int in_program(const hy_bind *b, const hy_project *p)
{
    return !b->program || !strcmp(bind_program_of(p), b->program);
}

/* The programs of the KPI report: those with KPIs, in the KPI sheet's order. */
static const hy_group *report_program(const hy_rollup *r, size_t i)
{
    for (size_t g = 0, seen = 0; g < r->ngroups[HY_BY_PROGRAM]; g++)
        if (r->groups[HY_BY_PROGRAM][g].score.kpis && seen++ == i)
            return &r->groups[HY_BY_PROGRAM][g];
    return NULL;
}

/* The projects of the KPI report (of the bound program, if one is): those
 * with KPIs, in the KPI sheet's order. i = (size_t)-1 counts them instead. */
static const hy_project *report_project(const hy_bind *b, size_t i, size_t *count)
{
    const hy_rollup *r = b->rollup;
    const hy_group *g = b->program ? rollup_find(r, HY_BY_PROGRAM, b->program) : &r->all;
    size_t seen = 0;
    for (size_t k = 0; g && k < g->nprojects; k = dataset_next(g->dataset, k))
        if (rollup_has_kpis(g->projects[k]) && seen++ == i)
            return g->projects[k];
    if (count)
        *count = seen;
    return NULL;
}

size_t bind_count(const hy_bind *b, const char *collection)
{
    if (b->measure && !strcmp(collection, "projects"))
        return b->measure->nrows;
    if (!strcmp(collection, "verdicts"))
        return b->measure ? b->measure->ntallies : 0;
    if (!strcmp(collection, "outcomes"))
        return b->measure ? b->measure->noutcomes : 0;
    if (b->rollup && !strcmp(collection, "programs")) {
        size_t n = 0;
        while (report_program(b->rollup, n))
            n++;
        return n;
    }
    if (b->rollup && !strcmp(collection, "projects")) {
        size_t n = 0;
        report_project(b, (size_t)-1, &n);
        return n;
    }
    if (!strcmp(collection, "programs")) {
        size_t n = 0;
        for (size_t i = 0; b->dataset && i < b->dataset->nprojects; i = dataset_next(b->dataset, i))
            n += first_of_program(b->dataset, i);
        return n;
    }
    if (!strcmp(collection, "projects")) {
        size_t n = 0;
        for (size_t i = 0; b->dataset && i < b->dataset->nprojects; i = dataset_next(b->dataset, i))
            n += in_program(b, &b->dataset->projects[i]);
        return n;
    }
    if (!b->project)
        return 0;
    if (!strcmp(collection, "indicators") || !strcmp(collection, "kpis"))
        return indicator_count(b->project, collection);
    if (!strcmp(collection, "costs"))
        return b->project->ncosts;
    if (!strcmp(collection, "choices")) {
        size_t n = 0;
        while (choice_at(b->profile, n))
            n++;
        return n;
    }
    if (!strcmp(collection, "fields")) {
        size_t n = 0;
        while (other_field(b, n))
            n++;
        return n;
    }
    return 0;
}

int bind_item_is(const hy_bind *b, const char *collection, size_t i, const char *kind)
{
    if (!kind)
        return 1;
    if ((strcmp(collection, "indicators") && strcmp(collection, "kpis")) || !b->project)
        return 0;
    /* i counts within the collection, as bind_count and bind_enter do */
    const hy_indicator *ind = indicator_at(b->project, collection, i);
    return ind && ind->kind && !strcmp(ind->kind, kind);
}

int bind_slot_is(const hy_bind *b, size_t slot, const char *kind)
{
    if (!kind)
        return 1;
    if (!b->project || slot == 0 || slot > b->project->nindicators)
        return 0;
    const hy_indicator *ind = &b->project->indicators[slot - 1];
    return ind->kind && !strcmp(ind->kind, kind);
}

size_t bind_item_slots(const hy_bind *b, const char *collection, size_t *slots, size_t n)
{
    const hy_project *p = b->project;
    if (!p || (strcmp(collection, "indicators") && strcmp(collection, "kpis")))
        return 0;
    int kpis = !strcmp(collection, "kpis");
    size_t k = 0;
    for (size_t i = 0; i < p->nindicators && k < n; i++)
        if (score_is_kpi(&p->indicators[i]) == kpis)
            slots[k++] = i + 1;
    return k;
}

int bind_enter(const hy_bind *outer, const char *collection, size_t i, hy_bind *inner)
{
    *inner = *outer;
    inner->item_slot = 0;   /* the outer repeat's item is not the inner one's */
    const hy_dataset *ds = outer->dataset;
    if (outer->rollup && !strcmp(collection, "programs")) {
        const hy_group *g = report_program(outer->rollup, i);
        if (!g)
            return -1;
        inner->program = g->name;
        inner->collection = NULL;
        return 0;
    }
    if (outer->rollup && !strcmp(collection, "projects")) {
        /* the report's years stay: fy counts from its evaluation year */
        inner->project = report_project(outer, i, NULL);
        inner->collection = NULL;
        return inner->project ? 0 : -1;
    }
    if (!strcmp(collection, "programs")) {
        for (size_t k = 0, seen = 0; ds && k < ds->nprojects; k = dataset_next(ds, k))
            if (first_of_program(ds, k) && seen++ == i) {
                inner->program = bind_program_of(&ds->projects[k]);
                return 0;
            }
        return -1;
    }
    if (!strcmp(collection, "projects")) {
        for (size_t k = 0, seen = 0; ds && k < ds->nprojects; k = dataset_next(ds, k))
            if (in_program(outer, &ds->projects[k]) && seen++ == i) {
                inner->project = &ds->projects[k];
                if (inner->project->fiscal_year)
                    inner->fiscal_year = inner->project->fiscal_year;
                inner->collection = NULL;
                return 0;
            }
        return -1;
    }
    if (i >= bind_count(outer, collection))
        return -1;
    for (size_t k = 0; PROJECT_COLLECTIONS[k]; k++)
        if (!strcmp(collection, PROJECT_COLLECTIONS[k]))
            inner->collection = PROJECT_COLLECTIONS[k];   /* static: outlives the template */
    inner->index = i;
    inner->ordinal = 0;
    return 0;
}
