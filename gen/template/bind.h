/*
 * bind.h - what a template's {field} expressions mean: the bridge from a
 * form's cells to a project's records.
 *
 * An expression is a path and formatters: `{cost@-4.total|money}` is the 事業費
 * of four fiscal years before the evaluation year in the city's printed unit;
 * `{choice.市民ニーズ|boxes}` the item's options with ■ on the chosen one;
 * `{item.actual@0|num|unit}` inside `repeat indicators` an indicator's actual
 * of the evaluation year with its unit. templates/README.md lists every root,
 * member and formatter. Expressions are checked when the template is loaded, so
 * a misspelt field is a template error with its line, never a blank cell.
 */
#ifndef HY_BIND_H
#define HY_BIND_H

#include <stddef.h>

#include "model/model.h"
#include "profile/profile.h"
#include "template/template.h"
#include "util/buf.h"

struct hy_rollup;
struct hy_compare_row;
struct hy_measure;

/* What an expression is evaluated against. A per-project sheet binds one
 * project; a report over the data set (the KPI report) binds the data set, and
 * its sections bind a program, then each project of it, in turn.
 *
 * A report that also binds the data set's roll-ups (rollup, see
 * compute/rollup.h) is the KPI report: report.* and program.* print averages
 * and coverage, programs and projects are those with strategy KPIs in the KPI
 * sheet's order, and years (fy, @ offsets) count from the report's evaluation
 * year rather than each project's 評価年度. */
typedef struct hy_bind {
    const hy_dataset *dataset; /* for reports and sections over programs/projects; may be NULL */
    const struct hy_rollup *rollup; /* the KPI report's roll-ups; NULL on a sheet */
    const char *program;       /* the program (プロジェクト) a section is on, or NULL */
    const hy_project *project;
    const hy_profile *profile;
    int fiscal_year;           /* the evaluation year that @ offsets count from */
    const char *collection;    /* the repeat being drawn, or NULL */
    size_t index;              /* the item of that collection */
    size_t ordinal;            /* its 1-based position among the items drawn (a repeat
                                  may filter them: kind=); 0 means index + 1 */
    size_t item_slot;          /* indicators, kpis: the item's place in
                                  project->indicators plus 1, when the caller knows it
                                  (bind_item_slots), so that finding it costs nothing;
                                  0: found by counting, linear in the indicators */
    int page, pages;           /* for headers and footers; 0 when unknown */
    const char *const *project_keys; /* the keys columns files name: a project field under */
    size_t nproject_keys;      /* any other key is one of its `fields` (a header as written) */
    const char *city;          /* the data owner's name for the city (hyoka.conf `city`),
                                  for report.city; NULL: the profile's */
    const char *title;         /* the data owner's title (hyoka.conf `title`): the plan a
                                  report is on, report.plan; NULL: none */
    const struct hy_compare_row *previous; /* the project beside last year (--previous,
                                  compute/compare.h) for previous.* and item.previous;
                                  NULL: no last year, those print nothing */
    const struct hy_measure *measure; /* the 施策 a measure sheet is on (compute/measure.h)
                                  for measure.* and its repeats projects, verdicts and
                                  outcomes; NULL elsewhere */
    const char *measure_by;    /* what the grouping is called (施策, 部), for measure.by */
    int with_previous;         /* a measure sheet has last year's data (--previous) */
} hy_bind;

/* The project text fields a template may name as project.KEY, and the
 * collections and choice items it may use; built from the column table and the
 * profile, and given to bind_check as its context. */
typedef struct hy_bind_vocabulary {
    const char *const *project_keys;
    size_t nproject_keys;
    const hy_profile *profile;
} hy_bind_vocabulary;

/* Checks and compiles an expression (a tpl_expr_check; ctx is a const
 * hy_bind_vocabulary *): parsed, its root found in the one table of built-in
 * fields the evaluator uses too, kept in arena as *code for bind_content (both
 * may be NULL: check only). With collection "#collection" or "#section" it
 * checks a repeat's or section's collection name instead. */
int bind_check(void *ctx, const char *expr, const char *collection, hy_arena *arena,
               const void **code, char *why, size_t why_size);

/* Appends the text of an expression to out. Data that is missing appends
 * nothing (or the `default:` formatter's text). Returns 0, or -1 when out of memory. */
int bind_eval(const hy_bind *b, const char *expr, hy_buf *out);

/* Appends the text of a whole content string (literals, and expressions as
 * compiled when the template was loaded, else compiled here). */
int bind_content(const hy_bind *b, const tpl_content *content, hy_buf *out);

/* Does an expression have a value (for `when=`)? Empty text, null numbers and
 * a count of 0 do not. `a,b` (no formatters) has one when a or b has. */
int bind_has_value(const hy_bind *b, const char *expr);

/* The number of items of a collection: on a measure sheet, the 施策's projects
 * (the ended ones last), verdicts given and outcome indicators; programs and
 * projects of the data set (projects of the bound program, if one is bound), indicators (all but the
 * strategy KPIs), kpis (the strategy KPIs: 施策KPI rows and scored ones),
 * costs, choices (the profile's judgement items) and fields (columns no
 * columns file names) of the bound project. */
size_t bind_count(const hy_bind *b, const char *collection);

/* Does item i of a collection pass a repeat's or section's filter? kind is an
 * indicator's 指標区分 (施策のアウトカム); NULL lets every item pass. */
int bind_item_is(const hy_bind *b, const char *collection, size_t i, const char *kind);

/* As bind_item_is for the item at slot (as bind_item_slots gives it), in
 * constant time: a repeat of 2,000 indicators asks this 2,000 times. */
int bind_slot_is(const hy_bind *b, size_t slot, const char *kind);

/* For a collection of indicators or kpis: the item_slot of each of its items,
 * in one pass, into slots (room for n). Returns how many were written; 0 for
 * other collections. */
size_t bind_item_slots(const hy_bind *b, const char *collection, size_t *slots, size_t n);

/* The bind for item i of a collection, for the blocks of a section: a program,
 * a project, or an indicator / KPI / cost line as `item`. Returns 0, or -1 when
 * there is no such item. */
int bind_enter(const hy_bind *outer, const char *collection, size_t i, hy_bind *inner);

/* The program (プロジェクト) a project belongs to: its `program` field, or "". */
const char *bind_program_of(const hy_project *p);

#endif
