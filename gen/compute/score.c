#include "compute/score.h"

#include <stdlib.h>
#include <string.h>

#include "model/format.h"
#include "util/i18n.h"

static const int64_t POW10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000,
                                100000000, 1000000000};

/* A score is printed to two decimals; anything past this many hundredths is a
 * data error (a target a hair from its baseline), not a figure to publish. */
#define SCORE_LIMIT ((__int128)100000000000000LL)

int score_is_kpi(const hy_indicator *ind)
{
    return (ind->kind && !strcmp(ind->kind, "施策KPI")) || ind->given_pre_score.known ||
           ind->given_score.known;
}

int score_counted(const hy_indicator *ind)
{
    return score_is_kpi(ind) && ind->score_source != HY_SCORE_NONE && !ind->excluded_reason;
}

/* ---- the years ---------------------------------------------------------------- */

typedef struct tally {
    int year[64];
    size_t count[64];
    size_t n;
} tally;

static void tally_add(tally *t, int year)
{
    if (!year)
        return;
    for (size_t i = 0; i < t->n; i++)
        if (t->year[i] == year) {
            t->count[i]++;
            return;
        }
    if (t->n < 64) {
        t->year[t->n] = year;
        t->count[t->n++] = 1;
    }
}

/* The most common year, the earlier of equals; 0 when none. */
static int tally_mode(const tally *t)
{
    int best = 0;
    size_t best_count = 0;
    for (size_t i = 0; i < t->n; i++)
        if (t->count[i] > best_count || (t->count[i] == best_count && t->year[i] < best)) {
            best = t->year[i];
            best_count = t->count[i];
        }
    return best;
}

static int64_t gcd(int64_t a, int64_t b)
{
    while (b) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a < 0 ? -a : a;
}

void score_years(const hy_dataset *ds, const hy_profile *pf, hy_score_years *y)
{
    tally base = {{0}, {0}, 0}, target = {{0}, {0}, 0};
    int eval = 0;
    for (size_t i = 0; i < ds->nprojects; i = dataset_next(ds, i)) {
        const hy_project *p = &ds->projects[i];
        for (size_t k = 0; k < p->nindicators; k++) {
            const hy_indicator *ind = &p->indicators[k];
            if (!score_is_kpi(ind))
                continue;
            tally_add(&base, ind->baseline_year);
            tally_add(&target, ind->target_year);
            for (size_t v = 0; v < ind->nvalues; v++)
                if (ind->values[v].kind == HY_VALUE_ACTUAL && ind->values[v].value.known &&
                    ind->values[v].fiscal_year > eval)
                    eval = ind->values[v].fiscal_year;
        }
    }
    y->eval = pf->score_eval_year ? pf->score_eval_year : eval;
    y->base = pf->score_base_year ? pf->score_base_year : tally_mode(&base);
    y->target = pf->score_target_year ? pf->score_target_year : tally_mode(&target);
    y->elapsed_num = 0;
    y->elapsed_den = 0;
    if (y->eval && y->base && y->target && y->target != y->base) {
        int64_t num = y->eval - y->base, den = y->target - y->base;
        if (den < 0) {
            num = -num;
            den = -den;
        }
        if (num > 0) {
            int64_t g = gcd(num, den);
            y->elapsed_num = num / g;
            y->elapsed_den = den / g;
        }
    }
}

/* ---- one KPI ------------------------------------------------------------------- */

/* num / den in hundredths, half away from zero; -1 when too large to print. */
static int hundredths(__int128 num, __int128 den, int64_t *out)
{
    __int128 q = num / den;
    if (q > SCORE_LIMIT || q < -SCORE_LIMIT)
        return -1;
    *out = num_div_round(num, den, HY_ROUND_HALF_UP);
    return 0;
}

hy_score_status score_kpi(hy_num b, hy_num a, hy_num t, const hy_score_years *y, int clamp_min,
                          int clamp_max, hy_num *pre, hy_num *score)
{
    *pre = num_null();
    *score = num_null();
    if (!b.known)
        return HY_SCORE_NO_BASELINE;
    if (!t.known)
        return HY_SCORE_NO_TARGET;
    if (y->elapsed_den == 0)     /* the report's years, not this KPI, are at fault */
        return HY_SCORE_NO_ELAPSED;
    if (!a.known)
        return HY_SCORE_NO_ACTUAL;
    if (a.scale > 9 || b.scale > 9 || t.scale > 9)
        return HY_SCORE_OUT_OF_RANGE;
    /* the three at one scale, so that differences and ratios are exact */
    uint8_t s = a.scale;
    if (b.scale > s) s = b.scale;
    if (t.scale > s) s = t.scale;
    __int128 B = (__int128)b.mantissa * POW10[s - b.scale];
    __int128 A = (__int128)a.mantissa * POW10[s - a.scale];
    __int128 T = (__int128)t.mantissa * POW10[s - t.scale];
    if (T == B)
        return HY_SCORE_FLAT;
    __int128 pn = A - B, pd = T - B;          /* p = pn / pd */
    int ahead = pn == 0 || ((pn > 0) == (pd > 0));
    /* hundredths of p / e x 100 = pn x den_e x 10^4 / (pd x num_e); behind: pn x 10^4 / pd */
    __int128 num = ahead ? pn * y->elapsed_den * 10000 : pn * 10000;
    __int128 den = ahead ? pd * y->elapsed_num : pd;
    int64_t h;
    if (hundredths(num, den, &h) != 0)
        return HY_SCORE_OUT_OF_RANGE;
    *pre = num_of(h, 2);
    /* the bounds are whole points, so clamping the rounded value equals
     * rounding the clamped one: still one rounding */
    int64_t lo = (int64_t)clamp_min * 100, hi = (int64_t)clamp_max * 100;
    *score = num_of(h < lo ? lo : h > hi ? hi : h, 2);
    return HY_SCORE_OK;
}

/* ---- the data set ----------------------------------------------------------------- */

/* A given score at two decimals, as the computed ones are. */
static hy_num at_two(hy_num n)
{
    int64_t v;
    if (!n.known || num_at_scale(n, 2, HY_ROUND_HALF_UP, &v) != 0)
        return num_null();
    return num_of(v, 2);
}

static hy_num clamped(hy_num n, const hy_profile *pf)
{
    if (!n.known)
        return n;
    int64_t lo = (int64_t)pf->score_clamp_min * 100, hi = (int64_t)pf->score_clamp_max * 100;
    return num_of(n.mantissa < lo ? lo : n.mantissa > hi ? hi : n.mantissa, 2);
}

static const char *year_text(int year, char *buf, size_t size)
{
    format_fiscal_year(year, HY_ERA_SHORT, 0, buf, size);
    return buf;
}

/* Why a KPI without a score is not scored, as the report and workbook print it. */
static const char *reason(hy_arena *a, hy_score_status st, const hy_indicator *ind,
                          const hy_score_years *y)
{
    char yb[32];
    switch (st) {
    case HY_SCORE_NO_BASELINE: return "基準値なし";
    case HY_SCORE_NO_TARGET: return "目標値なし";
    case HY_SCORE_FLAT: return "目標値が基準値と同じ（スコア算定不可）";
    case HY_SCORE_OUT_OF_RANGE: return "値の桁が大きすぎる（スコア算定不可）";
    case HY_SCORE_NO_ELAPSED: return "評価・基準・目標年度が定まらない（スコア算定不可）";
    case HY_SCORE_NO_ACTUAL: {
        const hy_value *v = indicator_value(ind, y->eval, HY_VALUE_ACTUAL);
        if (!y->eval)
            return "実績値なし";
        year_text(y->eval, yb, sizeof yb);
        if (v && v->text && *v->text)
            return arena_printf(a, "%s実績値なし（%s）", yb, v->text);
        return arena_printf(a, "%s実績値なし", yb);
    }
    default: return NULL;
    }
}

/* Given and computed both exist: the computed one stands in the roll-ups, the
 * report prints the city's figure marked (as seed 001 does), and the difference
 * is said with both figures. */
static void compare_given(hy_diags *diags, const hy_project *p, const hy_indicator *ind,
                          const char *what, hy_num given, hy_num computed)
{
    hy_num g = at_two(given);
    if (!g.known || num_cmp(g, computed) == 0)
        return;
    char gs[64], cs[64];
    num_format(given, -1, 0, HY_ROUND_HALF_UP, gs, sizeof gs);
    num_format(computed, 2, 0, HY_ROUND_HALF_UP, cs, sizeof cs);
    diag_warn(diags, &ind->loc, _("project %s, KPI %s: the given %s %s differs from the computed "
              "%s; the report prints the given %s marked ※ with the computed one in its note, and the "
              "averages use the computed one"), p->code, ind->name ? ind->name : "", what, gs, cs,
              gs);
}

int score_all(hy_dataset *ds, const hy_profile *pf, const hy_score_years *y, hy_diags *diags)
{
    int warned_years = 0;
    for (size_t i = 0; i < ds->nprojects; i = dataset_next(ds, i)) {
        hy_project *p = &ds->projects[i];
        for (size_t k = 0; k < p->nindicators; k++) {
            hy_indicator *ind = &p->indicators[k];
            ind->pre_score = ind->score = num_null();
            ind->score_source = HY_SCORE_NONE;
            ind->excluded_reason = NULL;
            if (!score_is_kpi(ind))
                continue;
            const hy_value *av = y->eval ? indicator_value(ind, y->eval, HY_VALUE_ACTUAL) : NULL;
            hy_num pre, score, actual = av ? av->value : num_null();
            hy_score_status st = score_kpi(ind->baseline, actual, ind->target, y,
                                           pf->score_clamp_min, pf->score_clamp_max, &pre, &score);
            int given = ind->given_pre_score.known || ind->given_score.known;
            if (st == HY_SCORE_OK) {
                ind->pre_score = pre;
                ind->score = score;
                ind->score_source = HY_SCORE_COMPUTED;
                compare_given(diags, p, ind, "補正前スコア", ind->given_pre_score, pre);
                compare_given(diags, p, ind, "スコア", ind->given_score, score);
            } else if (given) {
                ind->pre_score = at_two(ind->given_pre_score);
                ind->score = clamped(ind->given_score.known ? at_two(ind->given_score)
                                                            : ind->pre_score, pf);
                ind->score_source = HY_SCORE_GIVEN;
            } else {
                ind->excluded_reason = reason(ds->arena, st, ind, y);
                if (!ind->excluded_reason)
                    return -1;
            }
            if (st == HY_SCORE_NO_ELAPSED && !warned_years) {
                char e[32], b[32], t[32];
                diag_warn(diags, &ind->loc, _("KPI scores: the evaluation year (%s), baseline year "
                          "(%s) and target year (%s) give no elapsed share above zero; set them "
                          "in the profile's [score] section"),
                          y->eval ? year_text(y->eval, e, sizeof e) : "?",
                          y->base ? year_text(y->base, b, sizeof b) : "?",
                          y->target ? year_text(y->target, t, sizeof t) : "?");
                warned_years = 1;
            }
            /* a project new this year is reported but not counted (spec section 6) */
            if (p->is_new)
                ind->excluded_reason = "新規事業（★）";
        }
    }
    return 0;
}
