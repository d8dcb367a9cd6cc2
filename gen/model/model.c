#include "model/model.h"

#include <stdlib.h>
#include <string.h>

hy_dataset *dataset_new(void)
{
    hy_dataset *ds = calloc(1, sizeof *ds);
    if (!ds)
        return NULL;
    ds->arena = arena_new_spill();
    if (!ds->arena) {
        free(ds);
        return NULL;
    }
    return ds;
}

void dataset_free(hy_dataset *ds)
{
    if (!ds)
        return;
    arena_free(ds->arena);
    free(ds);
}

size_t dataset_next(const hy_dataset *ds, size_t i)
{
    arena_step(ds->arena);
    return i + 1;
}

const hy_project *dataset_find(const hy_dataset *ds, const char *code)
{
    for (size_t i = 0; i < ds->nprojects; i = dataset_next(ds, i))
        if (strcmp(ds->projects[i].code, code) == 0)
            return &ds->projects[i];
    return NULL;
}

const char *project_field(const hy_project *p, const char *key)
{
    for (size_t i = 0; i < p->nfields; i++)
        if (strcmp(p->fields[i].key, key) == 0)
            return p->fields[i].value;
    return NULL;
}

const hy_cost *project_cost(const hy_project *p, int fiscal_year, hy_stage stage)
{
    for (size_t i = 0; i < p->ncosts; i++)
        if (p->costs[i].fiscal_year == fiscal_year && p->costs[i].stage == stage)
            return &p->costs[i];
    return NULL;
}

const hy_cost *project_cost_of_year(const hy_project *p, int fiscal_year)
{
    /* The figure a reader expects for a year is the most final one known. */
    static const hy_stage finality[] = {
        HY_STAGE_SETTLED, HY_STAGE_SETTLEMENT_ESTIMATE, HY_STAGE_REVISED_BUDGET,
        HY_STAGE_INITIAL_BUDGET, HY_STAGE_REQUEST, HY_STAGE_PLAN,
    };
    for (size_t k = 0; k < sizeof finality / sizeof finality[0]; k++) {
        const hy_cost *c = project_cost(p, fiscal_year, finality[k]);
        if (c)
            return c;
    }
    return NULL;
}

const hy_cost *project_evaluated_cost(const hy_project *p)
{
    int latest = 0;   /* the latest year with a line, up to the evaluation year */
    for (size_t i = 0; i < p->ncosts; i++) {
        int y = p->costs[i].fiscal_year;
        if ((!p->fiscal_year || y <= p->fiscal_year) && y > latest)
            latest = y;
    }
    return latest ? project_cost_of_year(p, latest) : NULL;
}

const hy_choice *project_choice(const hy_project *p, const char *item)
{
    for (size_t i = 0; i < p->nchoices; i++)
        if (strcmp(p->choices[i].item, item) == 0)
            return &p->choices[i];
    return NULL;
}

const hy_value *indicator_value(const hy_indicator *ind, int fiscal_year, hy_value_kind kind)
{
    for (size_t i = 0; i < ind->nvalues; i++)
        if (ind->values[i].fiscal_year == fiscal_year && ind->values[i].kind == kind)
            return &ind->values[i];
    return NULL;
}

const char *stage_label(hy_stage stage)
{
    switch (stage) {
    case HY_STAGE_SETTLED: return "決算";
    case HY_STAGE_INITIAL_BUDGET: return "当初予算";
    case HY_STAGE_SETTLEMENT_ESTIMATE: return "決算見込";
    case HY_STAGE_REVISED_BUDGET: return "補正後予算";
    case HY_STAGE_PLAN: return "計画";
    case HY_STAGE_REQUEST: return "予算要求";
    default: return "";
    }
}

const char *source_label(hy_source source)
{
    switch (source) {
    case HY_SRC_NATIONAL: return "国庫支出金";
    case HY_SRC_PREFECTURAL: return "都道府県支出金";
    case HY_SRC_BONDS: return "地方債";
    case HY_SRC_FURUSATO_FUND: return "ふるさと関連基金";
    case HY_SRC_OTHER: return "その他";
    case HY_SRC_GENERAL: return "一般財源";
    default: return "";
    }
}

const char *trend_label(hy_trend trend)
{
    switch (trend) {
    case HY_TREND_INCREASE: return "増加";
    case HY_TREND_DECREASE: return "減少";
    case HY_TREND_MAINTAIN: return "維持";
    default: return "";
    }
}
