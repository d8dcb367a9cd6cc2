/*
 * model.h - the records of one evaluation data set (spec/domain.md, section 2).
 *
 * This is the contract between the stages: normalize fills the input members
 * from the departments' spreadsheets, compute fills the members marked
 * "derived", and the renderers only read. Every string and array lives in the
 * data set's arena and is freed with it; nothing here is freed on its own.
 *
 * Years are western fiscal years (2024 = 令和6年度, April to March).
 */
#ifndef HY_MODEL_H
#define HY_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "model/num.h"
#include "util/arena.h"
#include "util/diag.h"

/* The budget stage a cost line belongs to (区分). */
typedef enum hy_stage {
    HY_STAGE_SETTLED,            /* 決算 */
    HY_STAGE_INITIAL_BUDGET,     /* 当初予算 */
    HY_STAGE_SETTLEMENT_ESTIMATE,/* 決算見込 */
    HY_STAGE_REVISED_BUDGET,     /* 補正後予算 */
    HY_STAGE_PLAN,               /* 計画 */
    HY_STAGE_REQUEST,            /* 予算要求: next year's request, before the budget is set */
    HY_STAGE_COUNT
} hy_stage;

/* Funding sources of 事業費. Everything but GENERAL is 特定財源 (earmarked). */
typedef enum hy_source {
    HY_SRC_NATIONAL,       /* 国庫支出金 */
    HY_SRC_PREFECTURAL,    /* 都道府県支出金 (道/県/都/府支出金) */
    HY_SRC_BONDS,          /* 地方債 */
    HY_SRC_FURUSATO_FUND,  /* ふるさと関連基金 (Nemuro) */
    HY_SRC_OTHER,          /* その他特定財源 */
    HY_SRC_GENERAL,        /* 一般財源 */
    HY_SRC_COUNT
} hy_source;

/* One row of the costs table: a project's money in one fiscal year and stage. */
typedef struct hy_cost {
    int fiscal_year;
    hy_stage stage;
    hy_amount total;                 /* 事業費 */
    hy_amount source[HY_SRC_COUNT];  /* 財源内訳 */
    hy_num staff;                    /* 正職員 人工 (person-years) */
    hy_num part_time_staff;          /* 会計年度任用職員 人工 */
    hy_num tax_allocation_pct;       /* 交付税措置 (%): a rate, never summed as money */
    hy_num staff_headcount;          /* 正規職員従事人数: people, not 人工 */
    hy_num staff_hours;              /* 延べ業務時間 */
    hy_amount given_staff_cost;      /* 人件費 / 職員費 as the city typed it */
    hy_amount given_total_cost;      /* トータルコスト / 総事業費 as the city typed it */
    uint32_t given_staff_col;        /* the columns those two were read from (messages) */
    uint32_t given_total_col;
    hy_loc loc;
    /* derived */
    hy_amount staff_cost;            /* 職員費 = 人工 x unit cost */
    hy_amount total_cost;            /* 総事業費 = 事業費 + 職員費 */
    uint8_t general_derived;         /* 一般財源 was computed because it was not given */
} hy_cost;

/* Which way an indicator should move. */
typedef enum hy_trend {
    HY_TREND_INCREASE,   /* 増加: achieved when actual >= target */
    HY_TREND_DECREASE,   /* 減少: achieved when actual <= target */
    HY_TREND_MAINTAIN,   /* 維持 */
} hy_trend;

typedef enum hy_value_kind {
    HY_VALUE_ACTUAL,     /* 実績値 */
    HY_VALUE_PLAN,       /* 計画値 */
    HY_VALUE_TARGET,     /* 目標値 of an intermediate year */
    HY_VALUE_ESTIMATE,   /* 見込 */
} hy_value_kind;

/* One yearly value of an indicator. */
typedef struct hy_value {
    int fiscal_year;
    hy_value_kind kind;
    hy_num value;        /* null when the cell was blank, ―, 未集計, ... */
    const char *text;    /* the cell as typed (trimmed), NULL when blank */
    hy_loc loc;
    const char *year_label; /* the year as the column header writes it (H27), or NULL */
} hy_value;

/* Where a score shown for an indicator came from. */
typedef enum hy_score_source {
    HY_SCORE_NONE,       /* not scored; see excluded_reason */
    HY_SCORE_COMPUTED,   /* from baseline, actual and target (spec section 6) */
    HY_SCORE_GIVEN,      /* taken from the input because the formula is undefined */
} hy_score_source;

/* One indicator (指標) of a project. */
typedef struct hy_indicator {
    const char *kind;            /* 活動指標 / 成果指標 / 施策KPI */
    const char *name;            /* 指標名 */
    const char *unit;            /* 単位: 件, 人, %, ... */
    hy_trend trend;              /* from its 方向 column, else target against baseline,
                                    else the profile's indicator_direction */
    uint8_t trend_given;         /* the data said it (a 方向 column) */
    int baseline_year;           /* 0 when unknown */
    const char *baseline_year_label; /* that year as the data writes it (H23), or NULL */
    hy_num baseline;
    const char *baseline_text;
    int target_year;
    const char *target_year_label;   /* as written: a target labelled H31 stays H31 */
    hy_num target;
    const char *target_text;
    hy_value *values;            /* sorted by fiscal year, then kind */
    size_t nvalues;
    const char *target_note;     /* 目標値の考え方 */
    hy_num given_pre_score;      /* 補正前スコア as printed in the input, if any */
    hy_num given_score;          /* スコア as printed in the input, if any */
    const char *grade;           /* 達成度 as given (Saitama: A, B+, ...), or NULL */
    const char *revision;        /* 改定情報: how the target was revised, or NULL */
    hy_loc loc;
    /* derived */
    hy_num achievement;          /* 達成率 in percent, one decimal (77.8) */
    int8_t achieved;             /* 進捗: 1 達成, 0 未達成, -1 not decidable */
    hy_num pre_score;            /* 補正前スコア, two decimals */
    hy_num score;                /* スコア (clamped), two decimals */
    hy_score_source score_source;
    const char *excluded_reason; /* why the indicator is not in the roll-ups, or NULL */
} hy_indicator;

/* A text column of a project row, by its canonical key (`purpose`) or, for a
 * column hyoka does not know, by its header as written (`施策体系との関連`). */
typedef struct hy_field {
    const char *key;
    const char *value;           /* trimmed, inner line breaks kept; never NULL */
    hy_loc loc;
    /* a date or year column's value as normalize read it (columns.conf `key:date`,
     * `key:year`); 0 for a text column */
    int year, month, day;        /* a date: 2019, 7, 24 (month, day 0 when not written) */
    int fiscal_year;             /* the fiscal year it falls in, or the year column's */
} hy_field;

/* A judgement item (評価の視点): which option of the profile's choice set was
 * chosen, and why. */
typedef struct hy_choice {
    const char *item;            /* the choice set's item name, e.g. 市民ニーズ */
    int chosen;                  /* index into the set's options; -1 when blank */
    uint64_t chosen_mask;        /* bit i set when option i is chosen (several may be,
                                    where the form allows it: Asahikawa's ○ marks) */
    const char *reason;          /* NULL when none was given */
    hy_loc loc;
} hy_choice;

/* One project (事務事業) with everything recorded about it. */
typedef struct hy_project {
    const char *code;            /* 事業コード: the key other tables refer to */
    const char *name;            /* 事業名 */
    int fiscal_year;             /* 評価年度, 0 when the data set leaves it to the profile */
    const char *department;      /* 部 */
    const char *section;         /* 課 */
    uint8_t is_new;              /* ★: new this year, left out of KPI roll-ups */
    uint8_t kpi_only;            /* known only from a KPI sheet, not the projects table:
                                    it is in the KPI report but gets no evaluation sheet */
    uint8_t has_errors;          /* a cost or indicator row of it was rejected: what is
                                    known of it is incomplete (build -k leaves it out) */
    hy_field *fields;
    size_t nfields;
    hy_choice *choices;
    size_t nchoices;
    hy_cost *costs;              /* sorted by fiscal year, then stage */
    size_t ncosts;
    hy_indicator *indicators;    /* in input order */
    size_t nindicators;
    hy_amount upkeep_facility;   /* 維持管理 施設維持費 a year, when given (also kept as the
                                    text field maintenance_facility_cost) */
    hy_amount upkeep_staff;      /* 維持管理 概算人件費 a year (maintenance_staff_cost) */
    hy_loc loc;
    /* derived */
    hy_amount upkeep_total;      /* 維持管理 合計／年 = 施設維持費 + 概算人件費 */
} hy_project;

/* What happened to the rows of one input table. */
typedef struct hy_table_stats {
    const char *file;
    const char *sheet;           /* NULL for CSV */
    const char *kind;            /* projects, costs, indicators, kpi, or unknown */
    size_t rows_read;
    size_t rows_accepted;
    size_t rows_rejected;
    const char **unknown_columns;/* headers kept but not understood */
    size_t nunknown_columns;
} hy_table_stats;

/* Everything read from one input folder or workbook. */
/* A project that is not in the data set, or not rendered, because of errors. */
typedef struct hy_left_out {
    const char *code;            /* its 事業コード, NULL when the row had none */
    hy_loc loc;                  /* its row */
} hy_left_out;

typedef struct hy_dataset {
    hy_arena *arena;             /* owns every string and array below */
    hy_project *projects;        /* in input order */
    size_t nprojects;
    hy_left_out *left_out;       /* project rows rejected, in input order */
    size_t nleft_out;
    hy_table_stats *tables;
    size_t ntables;
} hy_dataset;

/* Creates an empty data set with its arena; NULL when out of memory. */
hy_dataset *dataset_new(void);

/* Frees the data set and everything in its arena; NULL is allowed. */
void dataset_free(hy_dataset *ds);

/* The data set lives in a scratch file mapped into memory (arena_new_spill),
 * so that 100,000 projects need no more memory than 1,000: a walk over the
 * projects steps with dataset_next, which hands back the pages walked so far
 * whenever they pass a budget (arena_step). They come back when touched
 * again, so any pointer into the data set stays valid. */

/* i + 1, counting a step of a walk over the data set (arena_step):
 * `for (size_t i = 0; i < ds->nprojects; i = dataset_next(ds, i))`. Safe
 * from several threads at once. */
size_t dataset_next(const hy_dataset *ds, size_t i);

/* The project with this code, or NULL. Linear: data sets are a few thousand
 * projects and this is called per lookup, not per cell. */
const hy_project *dataset_find(const hy_dataset *ds, const char *code);

/* The value of a text field of the project, or NULL when it has none. */
const char *project_field(const hy_project *p, const char *key);

/* The cost line for a fiscal year and stage, or NULL. */
const hy_cost *project_cost(const hy_project *p, int fiscal_year, hy_stage stage);

/* The cost line of a fiscal year at its most final stage (決算 before 決算見込
 * before 補正後予算 before 当初予算 before 計画), or NULL. */
const hy_cost *project_cost_of_year(const hy_project *p, int fiscal_year);

/* The figures a project was evaluated on: its evaluation year's line at its
 * most final stage, else the latest earlier year's (a data set evaluated in R7
 * whose costs end at R6 決算); NULL when it has neither. */
const hy_cost *project_evaluated_cost(const hy_project *p);

/* The project's judgement for a choice-set item, or NULL. */
const hy_choice *project_choice(const hy_project *p, const char *item);

/* The value of an indicator for a year and kind, or NULL. */
const hy_value *indicator_value(const hy_indicator *ind, int fiscal_year, hy_value_kind kind);

/* Japanese labels of the enumerations, as the forms print them. */
const char *stage_label(hy_stage stage);
const char *source_label(hy_source source);  /* prefectural: 都道府県支出金 */
const char *trend_label(hy_trend trend);

#endif
