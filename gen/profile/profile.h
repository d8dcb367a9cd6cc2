/*
 * profile.h - a city's profile: everything that differs between cities, kept
 * as data (templates/<city>/profile.conf) so that adopting hyoka means writing
 * a profile and a template, not changing C.
 *
 * The file is `key = value` lines with `[section]` headers; `#` starts a
 * comment. templates/README.md documents every key.
 */
#ifndef HY_PROFILE_H
#define HY_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "model/format.h"
#include "model/model.h"
#include "model/num.h"
#include "util/arena.h"
#include "util/err.h"

/* A judgement item's options (評価の視点), verbatim as the city's form prints them. */
typedef struct hy_choice_set {
    const char *item;        /* the name departments use as the column header: 市民ニーズ */
    const char *label;       /* as the form prints it: ア．市民ニーズ */
    const char **options;
    size_t noptions;
    const char **columns;    /* other headers departments use for it: 今後の方向性 | 方針 */
    size_t ncolumns;
    const char **verdicts;   /* `verdicts = 拡充 | 現状維持 | 縮小`: what each option means
                                for the budget (compute/verdict.h), parallel to options;
                                NULL: read from the options' own words */
    size_t nverdicts;
    int multiple;            /* `multiple = yes`: several options may be chosen at once
                                (Asahikawa's ○ marks); read with choice_parse_multi */
} hy_choice_set;

/* How a cost line's 職員費 is found. */
typedef enum hy_staff_model {
    HY_STAFF_PERSON_YEARS,   /* 人工 x staff_unit_cost (the default) */
    HY_STAFF_HOURS,          /* 延べ業務時間 x hourly_rate */
    HY_STAFF_GIVEN,          /* the city's own 人件費 amount */
} hy_staff_model;

typedef struct hy_profile {
    hy_arena *arena;
    const char *id;                 /* the profile's folder name: nemuro */
    const char *dir;                /* templates/nemuro */
    const char *path;               /* templates/nemuro/profile.conf */
    const char *city;               /* 根室市 */
    const char *sheet_template;     /* the evaluation sheet's template, a file in dir */
    const char **sheet_templates;   /* `sheets = sheet.tpl explanation.tpl ...`: every
                                       per-project document in order, the first being
                                       sheet_template; NULL when the profile names one */
    size_t nsheet_templates;
    const char *kpi_report_template;/* the KPI progress report's template, a file in dir;
                                       NULL: the city publishes no KPI report */
    const char *aliases;            /* the city's extra header aliases, a file in dir, or NULL */
    const char *prefectural_label;  /* 道支出金, 県支出金 ... */
    int64_t staff_unit_cost;        /* yen per 人工 of regular staff (Nemuro: 7,262,000) */
    int64_t part_time_unit_cost;    /* yen per 人工 of 会計年度任用職員 */
    hy_trend indicator_direction;   /* an indicator's direction when neither its data nor
                                       its target against its baseline says (増加) */
    hy_staff_model staff_model;     /* how 職員費 is found (staff_cost = ...) */
    int64_t hourly_rate;            /* yen per hour of 延べ業務時間 (staff_cost = hours) */
    int staff_cost_shown_city;      /* staff_cost_shown = city: print the city's own 人件費
                                       where it gives one, not hyoka's */
    int64_t input_unit;             /* yen per unit of an amount typed without a unit */
    int64_t display_unit;           /* yen per printed unit (1000 for 千円) */
    const char *display_unit_label; /* 千円 */
    hy_rounding rounding;           /* how amounts are rounded for printing */
    hy_era_style era;
    int ascii_file_names;           /* `file_names = ascii`: sheet files named in ASCII,
                                       the code's other bytes percent-encoded */
    int fiscal_year;                /* evaluation year when the data gives none; 0: from data */
    int years_shown;                /* fiscal years in the cost table, ending with the evaluation year */
    /* KPI progress score (spec section 6); years 0 = taken from the headers */
    int score_eval_year, score_base_year, score_target_year;
    int score_clamp_min, score_clamp_max;   /* whole points: -100, 100 */
    int score_threshold;                    /* "at or above" count: 80 */
    const char *lg_code;            /* 全国地方公共団体コード, 6 digits, check digit verified
                                       (012238); NULL when the profile gives none */
    const char *direction_item;     /* the choice item that is the project's 今後の方向性 */
    int staff_cost_unknown;         /* `staff_unit_cost = none`: 職員費 is not computed */
    int choices_from_data;          /* `choices = data`: the judgement items are the ones the
                                       data set has (normalize/discover.h), added at load */
    int share_decimals;             /* decimals of a 割合 printed without a formatter: 1 */
    int share_whole_short;          /* `share_whole = short`: a whole share above zero
                                       prints without them (Saitama's 100%, beside 0.0%) */
    hy_choice_set *choice_sets;
    size_t nchoice_sets;
    /* the annual book (gen/book/) */
    const char *book_title;         /* 事務事業評価報告書; printed after the fiscal year */
    const char *book_file;          /* its file name in OUT: book.pdf */
    int book_sections;              /* what its sections are: a hy_rollup_by value, policy
                                       (政策, then 施策 within), department (部, then 課)
                                       or program */
} hy_profile;

/* Loads templates_dir/id/profile.conf. Returns HY_OK, or HY_EUSAGE with err
 * naming the file and line of the first problem, or HY_EIO. */
int profile_load(const char *templates_dir, const char *id, hy_profile **out, hy_err *err);

/* Parses profile text (path and dir are used for messages and relative files). */
int profile_parse(const char *path, const char *dir, const char *id, const char *text,
                  hy_profile **out, hy_err *err);

/* Checks a 全国地方公共団体コード: 0 when it is 6 digits with the right check
 * digit (JIS X 0402), 1 when the check digit is wrong (*right says which it
 * should be), -1 when it is not 6 digits. */
int profile_lg_code_check(const char *code, int *right);

/* Frees a profile; NULL is allowed. */
void profile_free(hy_profile *profile);

/* Appends a choice set found elsewhere than profile.conf (discover.h: the
 * items of a data set read with `choices = data`). The set's strings must
 * outlive the profile. Returns 0, or -1 when out of memory. */
int profile_add_choice_set(hy_profile *pf, const hy_choice_set *cs);

/* The choice set for an item name, or NULL. */
const hy_choice_set *profile_choice_set(const hy_profile *profile, const char *item);

#endif
