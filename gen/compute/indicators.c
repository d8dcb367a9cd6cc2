#include "compute/indicators.h"

static const int64_t POW10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000,
                                100000000, 1000000000};

/* a and b as integers at one common scale, so that their ratio is exact. */
static void common_scale(hy_num a, hy_num b, __int128 *x, __int128 *y)
{
    uint8_t s = a.scale > b.scale ? a.scale : b.scale;
    *x = (__int128)a.mantissa * POW10[s - a.scale];
    *y = (__int128)b.mantissa * POW10[s - b.scale];
}

hy_num indicators_rate(hy_num actual, hy_num target, hy_trend trend)
{
    if (!actual.known || !target.known || actual.scale > 9 || target.scale > 9)
        return num_null();
    __int128 a, t;
    common_scale(actual, target, &a, &t);
    __int128 num = trend == HY_TREND_DECREASE ? t : a;
    __int128 den = trend == HY_TREND_DECREASE ? a : t;
    if (den == 0)
        return num_null();
    /* percent at one decimal = ratio x 1000, rounded once */
    __int128 q = num * 1000 / den;
    if (q > INT64_MAX / 2 || q < INT64_MIN / 2)
        return num_null();
    return num_of(num_div_round(num * 1000, den, HY_ROUND_HALF_UP), 1);
}

int indicators_reached(hy_num actual, hy_num target, hy_trend trend)
{
    if (!actual.known || !target.known)
        return -1;
    int c = num_cmp(actual, target);
    return trend == HY_TREND_DECREASE ? c <= 0 : c >= 0;
}

hy_trend indicators_trend(const hy_indicator *ind)
{
    if (!ind->trend_given && ind->trend == HY_TREND_INCREASE && ind->baseline.known &&
        ind->target.known &&
        num_cmp(ind->target, ind->baseline) < 0)
        return HY_TREND_DECREASE;
    return ind->trend;
}

const hy_value *indicators_actual(const hy_indicator *ind, int eval_year)
{
    const hy_value *best = NULL;
    for (size_t i = 0; i < ind->nvalues; i++) {
        const hy_value *v = &ind->values[i];
        if (v->kind != HY_VALUE_ACTUAL || !v->value.known)
            continue;
        if (eval_year && v->fiscal_year > eval_year)
            continue;
        if (!best || v->fiscal_year > best->fiscal_year)
            best = v;
    }
    return best;
}

void indicators_compute(hy_dataset *ds, int report_year)
{
    for (size_t i = 0; i < ds->nprojects; i = dataset_next(ds, i)) {
        hy_project *p = &ds->projects[i];
        int year = p->fiscal_year ? p->fiscal_year : report_year;
        for (size_t k = 0; k < p->nindicators; k++) {
            hy_indicator *ind = &p->indicators[k];
            const hy_value *a = indicators_actual(ind, year);
            hy_trend trend = indicators_trend(ind);
            ind->achievement = a ? indicators_rate(a->value, ind->target, trend) : num_null();
            ind->achieved = (int8_t)(a ? indicators_reached(a->value, ind->target, trend) : -1);
        }
    }
}
