#include "compute/costs.h"
#include "util/i18n.h"

static const int64_t POW10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000,
                                100000000, 1000000000};

hy_amount staff_cost_of(hy_num person_years, int64_t unit_cost_yen)
{
    if (!person_years.known || person_years.scale > 9)
        return amount_null();
    return amount_of(num_div_round((__int128)person_years.mantissa * unit_cost_yen,
                                   POW10[person_years.scale], HY_ROUND_HALF_UP));
}

/* 職員費 as the profile's model finds it (人工, hours or the city's own figure). */
static hy_amount staff_cost(const hy_cost *c, const hy_profile *pf)
{
    if (pf->staff_model == HY_STAFF_GIVEN)
        return c->given_staff_cost;
    if (pf->staff_model == HY_STAFF_HOURS)
        return pf->hourly_rate ? staff_cost_of(c->staff_hours, pf->hourly_rate) : amount_null();
    /* with no unit cost known (`staff_unit_cost = none`) 職員費 stays unknown,
     * never 0: the 人工 print, the money they cost does not */
    hy_amount regular = pf->staff_unit_cost ? staff_cost_of(c->staff, pf->staff_unit_cost)
                                            : amount_null();
    hy_amount part_time = pf->part_time_unit_cost
                              ? staff_cost_of(c->part_time_staff, pf->part_time_unit_cost)
                              : amount_null();
    if (regular.known || part_time.known)
        return amount_of((regular.known ? regular.yen : 0) + (part_time.known ? part_time.yen : 0));
    return amount_null();
}

/* A figure the city typed that differs from hyoka's is reported at its cell
 * with both (the city's figures are evidence, not ignored and not trusted). */
static void cross_check(const hy_cost *c, const hy_project *p, const hy_profile *pf,
                        hy_diags *diags, hy_amount given, hy_amount mine, uint32_t col,
                        const char *what, const char *how)
{
    if (!given.known || !mine.known || given.yen == mine.yen)
        return;
    char g[64], m[64];
    amount_format(given, pf->display_unit, pf->rounding, g, sizeof g);
    amount_format(mine, pf->display_unit, pf->rounding, m, sizeof m);
    hy_loc loc = c->loc;
    loc.col = col;
    diag_warn(diags, &loc, _("project %s, %d: %s is %s%s in the data, but %s gives %s%s"),
              p->code, c->fiscal_year, what, g, pf->display_unit_label, how, m,
              pf->display_unit_label);
}

static void derive(hy_cost *c, const hy_project *p, const hy_profile *pf, hy_diags *diags)
{
    c->staff_cost = staff_cost(c, pf);
    if (pf->staff_model != HY_STAFF_GIVEN)
        cross_check(c, p, pf, diags, c->given_staff_cost, c->staff_cost, c->given_staff_col,
                    "人件費", pf->staff_model == HY_STAFF_HOURS ? "延べ業務時間 x hourly_rate"
                                                                 : "人工 x staff_unit_cost");
    /* no figure of hyoka's, or the profile prints the city's: the city's */
    if (c->given_staff_cost.known && (!c->staff_cost.known || pf->staff_cost_shown_city))
        c->staff_cost = c->given_staff_cost;

    if (c->total.known)
        c->total_cost = amount_of(c->total.yen + (c->staff_cost.known ? c->staff_cost.yen : 0));
    cross_check(c, p, pf, diags, c->given_total_cost, c->total_cost, c->given_total_col,
                "トータルコスト", "事業費 + 職員費");

    if (!c->source[HY_SRC_GENERAL].known && c->total.known) {
        int64_t specific = 0;
        for (int s = 0; s < HY_SRC_COUNT; s++)
            if (s != HY_SRC_GENERAL && c->source[s].known)
                specific += c->source[s].yen;
        if (specific > c->total.yen) {
            char a[64], t[64];
            amount_format(amount_of(specific), pf->display_unit, pf->rounding, a, sizeof a);
            amount_format(c->total, pf->display_unit, pf->rounding, t, sizeof t);
            diag_error(diags, &c->loc,
                       _("project %s: earmarked funding (国, 都道府県, 地方債, 基金, その他) adds up "
                       "to %s%s, more than 事業費 %s%s, so 一般財源 would be negative"),
                       p->code, a, pf->display_unit_label, t, pf->display_unit_label);
            return;
        }
        c->source[HY_SRC_GENERAL] = amount_of(c->total.yen - specific);
        c->general_derived = 1;
    }
}

void compute_costs(hy_dataset *ds, const hy_profile *pf, hy_diags *diags)
{
    for (size_t i = 0; i < ds->nprojects; i = dataset_next(ds, i)) {
        hy_project *p = &ds->projects[i];
        for (size_t k = 0; k < p->ncosts; k++)
            derive(&p->costs[k], p, pf, diags);
        const hy_amount *f = &p->upkeep_facility, *s = &p->upkeep_staff;
        p->upkeep_total = f->known || s->known
                        ? amount_of((f->known ? f->yen : 0) + (s->known ? s->yen : 0))
                        : amount_null();
    }
}
