/*
 * costs.h - the derived money of every cost line (spec section 4):
 *   職員費   = 人工 x the city's unit cost (regular and part-time staff apart),
 *   総事業費 = 事業費 + 職員費,
 *   一般財源 = 事業費 - (国 + 都道府県 + 地方債 + ふるさと関連基金 + その他), when not given.
 * All in integer yen; a person-year fraction times a unit cost is exact to the
 * yen and rounded half up only there.
 */
#ifndef HY_COSTS_H
#define HY_COSTS_H

#include "model/model.h"
#include "profile/profile.h"
#include "util/diag.h"

/* Fills staff_cost, total_cost and (when not given) the general revenue of
 * every cost line of every project, and each project's upkeep_total. Earmarked sources larger than 事業費, which
 * would make 一般財源 negative, are an error at the cost row. */
void compute_costs(hy_dataset *ds, const hy_profile *profile, hy_diags *diags);

/* 職員費 of a staff figure at a unit cost in yen: exact, half up to the yen. */
hy_amount staff_cost_of(hy_num person_years, int64_t unit_cost_yen);

#endif
