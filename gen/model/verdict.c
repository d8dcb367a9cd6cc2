#include "model/verdict.h"

#include <stddef.h>
#include <string.h>

/* Words that state a verdict, strongest first: a direction that names both
 * 廃止 and 縮小 is read as 廃止, since abolishing is what must not be missed. */
static const struct {
    const char *word;
    hy_verdict verdict;
} VERDICT_WORDS[] = {
    {"廃止", HY_VERDICT_ABOLISH}, {"休止", HY_VERDICT_ABOLISH}, {"終了", HY_VERDICT_ABOLISH},
    {"延期", HY_VERDICT_ABOLISH}, {"縮小", HY_VERDICT_REDUCE},  {"統合", HY_VERDICT_MERGE},
    {"拡充", HY_VERDICT_EXPAND},  {"拡大", HY_VERDICT_EXPAND},  {"改善", HY_VERDICT_IMPROVE},
    {"改革", HY_VERDICT_IMPROVE}, {"見直", HY_VERDICT_IMPROVE}, {"再検討", HY_VERDICT_IMPROVE},
    {"現状維持", HY_VERDICT_KEEP}, {"継続", HY_VERDICT_KEEP},   {"維持", HY_VERDICT_KEEP},
    {"計画どおり", HY_VERDICT_KEEP},
};

/* The verdict of the first n bytes of s, or HY_VERDICT_UNKNOWN. */
static hy_verdict verdict_in(const char *s, size_t n)
{
    for (size_t w = 0; w < sizeof VERDICT_WORDS / sizeof VERDICT_WORDS[0]; w++) {
        size_t wl = strlen(VERDICT_WORDS[w].word);
        for (size_t i = 0; i + wl <= n; i++)
            if (!memcmp(s + i, VERDICT_WORDS[w].word, wl))
                return VERDICT_WORDS[w].verdict;
    }
    return HY_VERDICT_UNKNOWN;
}

hy_verdict verdict_of_text(const char *direction)
{
    if (!direction)
        return HY_VERDICT_UNKNOWN;
    size_t n = strlen(direction);
    const char *paren = strstr(direction, "（");
    const char *ascii = strchr(direction, '(');
    if (!paren || (ascii && ascii < paren))
        paren = ascii;
    hy_verdict v = paren ? verdict_in(direction, (size_t)(paren - direction)) : HY_VERDICT_UNKNOWN;
    return v != HY_VERDICT_UNKNOWN ? v : verdict_in(direction, n);
}

const char *verdict_label(hy_verdict v)
{
    switch (v) {
    case HY_VERDICT_EXPAND: return "拡充";
    case HY_VERDICT_KEEP: return "現状維持";
    case HY_VERDICT_IMPROVE: return "改善";
    case HY_VERDICT_REDUCE: return "縮小";
    case HY_VERDICT_MERGE: return "統合";
    case HY_VERDICT_ABOLISH: return "休止・廃止";
    default: return "未判定";
    }
}
