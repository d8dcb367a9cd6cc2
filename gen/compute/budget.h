/*
 * budget.h - 予算反映: next year's budget requests checked against this year's
 * verdicts (seed 004, spec section 10).
 *
 * Evaluation changes nothing unless its verdicts reach the budget. For every
 * evaluated project this puts side by side its verdict (今後の方向性, read as one
 * of the six of model/verdict.h), this year's budget, next year's request and
 * the change, and flags a request that moves against its verdict:
 *   縮小 or 廃止 with a larger request, 拡充 with a smaller one, 廃止 with any.
 * Totals by verdict answer Kushiro's two questions in yen: how much 廃止・縮小
 * released, and how much went to 拡充.
 *
 * A request is a cost line of the next fiscal year at stage 予算要求 (or, when
 * there is none, 当初予算: the budget already set for it), or a 予算要求額 column
 * of the projects table (project field budget_request); both given and
 * different is a warning naming both. This year's budget is the evaluation
 * year's 当初予算, else its most final figure.
 */
#ifndef HY_BUDGET_H
#define HY_BUDGET_H

#include <stddef.h>

#include "model/model.h"
#include "model/verdict.h"
#include "profile/profile.h"
#include "util/diag.h"
#include "util/err.h"

/* How a request moves against its verdict; a row may carry several. */
enum {
    HY_BUDGET_UP_AGAINST_CUT = 1,      /* 縮小 or 廃止, and the request is larger */
    HY_BUDGET_DOWN_AGAINST_EXPAND = 2, /* 拡充, and the request is smaller */
    HY_BUDGET_REQUEST_AFTER_ABOLISH = 4/* 廃止, and money is still requested */
};

typedef struct hy_budget_row {
    const hy_project *project;
    const char *direction;     /* the chosen direction as the city words it, or NULL */
    hy_verdict verdict;
    hy_amount budget;          /* this year's budget */
    hy_amount request;         /* next year's request */
    hy_amount change;          /* request - budget; null unless both are known */
    unsigned flags;            /* HY_BUDGET_* */
    hy_loc request_loc;        /* the cell the request came from */
} hy_budget_row;

/* One verdict's projects summed up; sums cover the rows where the figure is known. */
typedef struct hy_verdict_total {
    size_t projects;
    size_t flagged;
    hy_amount budget, request, change;
} hy_verdict_total;

typedef struct hy_budget_link {
    hy_arena *arena;                  /* owns the rows */
    const hy_dataset *dataset;        /* the rows' projects' (walks step with dataset_next) */
    int fiscal_year;                  /* the evaluation year; requests are for the next */
    hy_budget_row *rows;              /* evaluated projects in input order */
    size_t nrows;
    size_t nrequests;                 /* rows with a request */
    size_t nflagged;                  /* rows with any flag */
    hy_verdict_total totals[HY_VERDICT_COUNT];
    hy_verdict_total all;
    hy_amount released;               /* budget - request over 縮小 and 廃止 (money freed) */
    hy_amount expanded;               /* request - budget over 拡充 (money added) */
} hy_budget_link;

/* Builds the budget link of a computed data set for its evaluation year. Bad
 * request cells are errors, disagreeing requests and flagged rows warnings, in
 * diags. The rows point into ds, which must outlive the link. Returns HY_OK, or
 * HY_EIO when out of memory. */
int budget_link_build(const hy_dataset *ds, const hy_profile *pf, int fiscal_year,
                      hy_budget_link **out, hy_diags *diags, hy_err *err);

/* Frees the link; NULL is allowed. */
void budget_link_free(hy_budget_link *link);

/* The verdict of a project's chosen direction: the profile's `verdicts =` for
 * that option when given, else the option's own words. */
hy_verdict budget_verdict_of(const hy_project *p, const hy_profile *pf, const char **direction);

/* The flags in words, joined by 「・」: 縮小・廃止なのに増額 ... ("" for none).
 * Returns out. */
const char *budget_flag_text(unsigned flags, char *out, size_t size);

#endif
