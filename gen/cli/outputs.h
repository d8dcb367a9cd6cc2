/*
 * outputs.h - what `hyoka build` writes, as a table: each output (the sheets,
 * the KPI report, the workbook, the validation list ...) is a module of its own
 * with a name, the entries of OUT it owns, whether the data supports it, and
 * how it is written. The pipeline computes what they share once (the roll-ups,
 * the evaluation year, the fonts, every sheet's file name) and runs the
 * selected outputs in table order, so adding an output is adding a row.
 */
#ifndef HY_OUTPUTS_H
#define HY_OUTPUTS_H

#include <stddef.h>

#include "cli/pipeline.h"
#include "cli/render.h"
#include "compute/rollup.h"
#include "pdf/fontset.h"
#include "template/bind.h"

/* What every output of one run shares; filled by the pipeline, read by the
 * outputs (each keeps its own state in its slot of state[]). */
typedef struct hy_outctx {
    hy_run *run;                  /* the data set, profile, diagnostics and counters */
    const hy_run_opts *opts;
    const char *dir;              /* the folder the outputs are written into */
    const hy_rollup *rollup;      /* computed once per run */
    int fiscal_year;              /* the data set's evaluation year (rollup_eval_year) */
    long long epoch;              /* creation date written into the outputs */
    hy_fontset *fonts;            /* shared, so a font is loaded and prepared once */
    const hy_bind_vocabulary *voc;/* the field names templates may use */
    char **sheet_files;           /* per project: sheets/<name>.pdf relative to dir, or
                                     NULL for one without a sheet (settled up front,
                                     so no name depends on the order sheets finish) */
    hy_render_side side;          /* work to run beside the sheets (set by the pipeline) */
    void *side_ctx;
    struct hy_shard_log *shard_log; /* --shard: the sheets' warnings, for merge; or NULL */
    void *state[8];               /* per output, by its index in the table */
} hy_outctx;

/* One output. Every function may be NULL. */
typedef struct hy_output_def {
    const char *name;             /* as --outputs names it */
    const char *const *entries;   /* the files and folders of OUT it owns, NULL-ended:
                                     replaced (or removed) when it is selected */
    int hosts_beside;             /* runs every output's beside work on its threads
                                     (the sheets); else the pipeline runs it first */
    /* Does the data support this output (the default selection)? */
    int (*supported)(const hy_outctx *c);
    /* Work that may run on a thread of its own while the sheets render: it
     * only reads what the threads share. Warnings into diags. */
    int (*beside)(hy_outctx *c, hy_diags *diags, hy_err *err);
    /* Writes the output into c->dir, after every earlier output in the table. */
    int (*write)(hy_outctx *c, hy_err *err);
    /* Abandons what beside or write left half-done after a failure. */
    void (*abort)(hy_outctx *c);
} hy_output_def;

/* The outputs in the order they are written, NULL-ended. */
extern const hy_output_def *const hy_outputs[];

/* The outputs, one per module (out_<name>.c). */
extern const hy_output_def hy_output_sheets;
extern const hy_output_def hy_output_kpi_report;
extern const hy_output_def hy_output_measures;
extern const hy_output_def hy_output_book;
extern const hy_output_def hy_output_workbook;
extern const hy_output_def hy_output_public;
extern const hy_output_def hy_output_validation;

/* The 施策 sheet's template: the profile's measure.tpl, else templates_dir's
 * standard one (a city adopts the sheet by writing the file). malloc'ed; NULL
 * when out of memory or, with must_exist, when there is neither. */
char *measures_template(const hy_profile *pf, const char *templates_dir, int must_exist);

/* Where a project's further document goes (a `sheets =` entry after the
 * first, tpl_file such as explanation.tpl): beside its sheet main
 * (sheets/<code>.pdf), sheets/<code>-explanation.pdf. malloc'd; NULL: out of
 * memory. */
char *outputs_document_file(const char *main, const char *tpl_file);

/* The number of outputs in the table. */
size_t outputs_count(void);

/* Hands the heap's free pages back to the system (glibc's malloc_trim; a
 * no-op elsewhere): after each output, and between documents that each
 * build and free megabytes (the 施策 sheets). */
void outputs_give_back_memory(void);

/* Parses a comma-separated list of output names (`sheets,workbook`) into
 * selected[] (one flag per table row). Returns HY_OK, or HY_EUSAGE naming the
 * unknown name and the known ones. */
int outputs_parse(const char *list, int *selected, size_t n, hy_err *err);

/* The index of an output in the table, or -1. */
int outputs_index(const hy_output_def *def);

#endif
