/*
 * pipeline.h - the stages run in order: ingest every input file, normalize and
 * validate into records, compute, and (for `build`) render the sheets and the
 * summary workbook. The command line only parses options and calls these.
 */
#ifndef HY_PIPELINE_H
#define HY_PIPELINE_H

#include <stdio.h>

#include "compute/budget.h"
#include "compute/compare.h"
#include "model/model.h"
#include "normalize/columns.h"
#include "profile/inputconf.h"
#include "profile/profile.h"
#include "util/diag.h"
#include "util/err.h"
#include "util/outdir.h"

/* The profile of a city that has none yet: the standard form (templates/standard/). */
#define PIPELINE_STANDARD_PROFILE "standard"

typedef struct hy_run_opts {
    const char *input;          /* a folder of input files, or one file */
    const char *out_dir;        /* where build writes; NULL for check */
    const char *templates_dir;  /* templates/ (profiles, templates, columns.conf) */
    const char *profile_id;     /* NULL: from the input folder's hyoka.conf */
    const char *template_path;  /* NULL: the profile's sheet template */
    const char *encoding;       /* NULL: detect per CSV file */
    const char *previous;       /* last year's data folder; NULL: hyoka.conf's `previous`,
                                   if any; "": none */
    long long epoch;            /* creation date written into outputs; -1: none given */
    int quiet;
    unsigned jobs;              /* threads rendering sheets; 0: processors + 1 */
    FILE *progress;             /* a terminal to show build progress on, or NULL */
    int keep_going;             /* -k: render the projects without errors even when
                                   others have some, and exit 1 */
    hy_outdir *outdir;          /* OUT, locked (build); the outputs are staged beside it */
    const char *outputs;        /* --outputs: comma-separated names (outputs.h); NULL:
                                   every output the data supports */
    const char *only;           /* `--only CODE,CODE`: render just these projects' sheets
                                   (no workbook, no KPI report); NULL: every project */
    unsigned shard_k, shard_n;  /* `--shard K/N` (shard.h): this shard's sheets and what
                                   merge needs; 0/0: not a shard */
    const struct hy_shard_parts *merge; /* `hyoka merge`: the sheets come from these parts */
} hy_run_opts;

/* Everything a run has read; owned by the run. */
typedef struct hy_run {
    hy_input_conf *conf;        /* INPUT/hyoka.conf (all NULL when there is none) */
    hy_profile *profile;
    hy_columns *columns;
    hy_dataset *dataset;
    hy_diags *diags;            /* every problem found, in order */
    int fiscal_year;            /* the evaluation year of the data set (0: none known) */
    struct hy_run *previous;    /* last year's run (--previous), or NULL */
    hy_comparison *comparison;  /* this year beside last year, or NULL */
    hy_budget_link *budget;     /* next year's requests against the verdicts */
    size_t nfiles;              /* input files read */
    int standard_form;          /* no profile was named: the standard one is used */
    size_t sheets_written;      /* by pipeline_render: evaluation sheets */
    int kpi_report_written;     /* by pipeline_render: OUT/kpi-report.pdf */
    size_t book_pages;          /* by pipeline_render: pages of the annual book, 0: none */
} hy_run;

/* Reads, normalizes, validates and computes. Returns HY_OK when the run could
 * look at the data (data problems are in run->diags, see diags->errors), or
 * HY_EUSAGE / HY_EIO with err set; *run is set either way unless out of memory. */
int pipeline_load(const hy_run_opts *opts, hy_run **run, hy_err *err);

/* Writes the outputs (outputs.h) opts->outputs selects, by default every one
 * the data supports: OUT/sheets/ (one PDF per evaluated project, on opts->jobs
 * threads, the same bytes whatever their number) with OUT/summary.xlsx written
 * alongside, OUT/kpi-report.pdf when the data has strategy KPIs, and
 * OUT/validation.csv. The roll-ups and evaluation year are computed once and
 * shared. Everything is written into opts->outdir's staging folder, swapped in
 * as OUT only when all of it is complete; on failure OUT is left as it was.
 * With opts->only, just those projects' sheets, the others kept (HY_EUSAGE
 * naming a code no project has). Call only when the data has no errors. */
int pipeline_render(hy_run *run, const hy_run_opts *opts, hy_err *err);

/* The project-field vocabulary templates may name: the projects and KPI
 * tables' canonical keys, malloc'ed (the strings are the columns'); NULL when
 * out of memory. */
const char **pipeline_project_keys(const hy_columns *cols, size_t *n);

/* `check` proves `build`: validates the data against the forms as build does
 * (pipeline_check_forms), loads every template the run would render (the
 * sheet, or opts->template_path, and the profile's KPI report) with their
 * fonts, and lays out every evaluated project's sheet and the report without
 * writing them. Errors and layout warnings go to run->diags. Returns HY_OK, or HY_EUSAGE
 * naming the template file and line, or HY_EIO. */
int pipeline_check_templates(hy_run *run, const hy_run_opts *opts, hy_err *err);

/* Validates the data against the forms build renders per project (the sheet,
 * or opts->template_path, and the profile's further documents): a `max=`
 * repeat the project's items outgrow is an error in run->diags at its row
 * (template/capacity.h), and the project is marked has_errors, so build fails,
 * or with -k leaves it out, instead of publishing it cut short. Returns HY_OK,
 * or HY_EUSAGE naming the template file and line, or HY_EIO. */
int pipeline_check_forms(hy_run *run, const hy_run_opts *opts, hy_err *err);

/* Writes OUT/validation.csv with every diagnostic of the run. */
int pipeline_write_validation(hy_run *run, const char *out_dir, hy_err *err);

/* For build --keep-going: takes the projects with errors (a cost or indicator
 * row of theirs rejected) out of the data set into its left_out list, beside
 * the project rows rejected outright. Returns how many are left out in all,
 * or (size_t)-1 when out of memory. */
size_t pipeline_leave_out(hy_run *run);

/* Prints each project left out, `hyoka: left out: CODE (file[sheet]:row)`. */
void pipeline_print_left_out(const hy_run *run, FILE *fp);

/* Prints, per input table, rows read / accepted / rejected, and unknown columns. */
void pipeline_print_tables(const hy_run *run, FILE *fp);

/* Frees the run; NULL is allowed. */
void pipeline_free(hy_run *run);

#endif
