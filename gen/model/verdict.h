/*
 * verdict.h - what a project's 今後の方向性 means for next year's money.
 *
 * Cities word their directions differently (拡充 / 拡大, 現状維持 / 継続, 改革改善
 * （縮小・統合含む）, 終了・廃止・休止, Nemuro's 着手を延期する), but a budget office
 * reads every one of them as one of six verdicts (spec section 10), and the
 * budget link (compute/budget.h) checks next year's request against that.
 * A profile may say outright what each option means (`verdicts =` in its
 * [choice] section); otherwise the option's own words decide.
 */
#ifndef HY_VERDICT_H
#define HY_VERDICT_H

typedef enum hy_verdict {
    HY_VERDICT_UNKNOWN,   /* no direction chosen, or words that say none of these */
    HY_VERDICT_EXPAND,    /* 拡充 */
    HY_VERDICT_KEEP,      /* 現状維持 */
    HY_VERDICT_IMPROVE,   /* 改善 */
    HY_VERDICT_REDUCE,    /* 縮小 */
    HY_VERDICT_MERGE,     /* 統合 */
    HY_VERDICT_ABOLISH,   /* 休止・廃止 */
    HY_VERDICT_COUNT
} hy_verdict;

/* The verdict a direction's words state: 廃止/休止/終了/延期 before 縮小 before
 * 統合 before 拡充/拡大 before 改善/改革/見直し before 現状維持/継続, read in the
 * text before any parenthesis first (改革改善（縮小・統合含む） is 改善), then in
 * the whole. NULL or no such word gives HY_VERDICT_UNKNOWN. */
hy_verdict verdict_of_text(const char *direction);

/* The verdict's name as reports print it: 拡充, 現状維持, ... 休止・廃止, 未判定. */
const char *verdict_label(hy_verdict v);

#endif
