/*
 * out_workbook.c - the `workbook` output: OUT/summary.xlsx, written in two
 * steps: its tables beside the sheets (they only read the data set), its
 * 検証結果 sheet after every other output, when every warning is known.
 */
#include <stdlib.h>

#include "cli/outputs.h"
#include "util/fsutil.h"
#include "xlsx/summary.h"
#include "util/i18n.h"

static const char *const workbook_entries[] = {"summary.xlsx", NULL};

/* The open workbook between beside and write. */
typedef struct workbook_state {
    hy_summary_opts opts;
    hy_summary *summary;
} workbook_state;

static workbook_state **slot(hy_outctx *c)
{
    return (workbook_state **)&c->state[outputs_index(&hy_output_workbook)];
}

static int workbook_beside(hy_outctx *c, hy_diags *diags, hy_err *err)
{
    workbook_state *w = calloc(1, sizeof *w);
    char *path = fs_join(c->dir, "summary.xlsx");
    *slot(c) = w;
    int rc = HY_OK;
    if (!w || !path) {
        rc = err_set(err, HY_EIO, _("out of memory"));
    } else {
        w->opts = (hy_summary_opts){
            .epoch = c->epoch,
            .fiscal_year = c->fiscal_year,
            .sheet_files = (const char *const *)c->sheet_files,
            .comparison = c->run->comparison,
            .budget = c->run->budget,
            .rollup = c->rollup,
        };
        rc = summary_open(c->run->dataset, c->run->profile, &w->opts, path, &w->summary, err);
        if (rc == HY_OK)
            rc = summary_write_tables(w->summary, diags, err);
    }
    free(path);
    return rc;
}

static int workbook_write(hy_outctx *c, hy_err *err)
{
    workbook_state *w = *slot(c);
    if (!w || !w->summary)
        return err_set(err, HY_EIO, _("summary.xlsx: its tables were not written"));
    int rc = summary_write_validation(w->summary, c->run->diags, err);
    int closed = summary_close(w->summary, rc == HY_OK ? err : NULL);
    w->summary = NULL;
    free(w);
    *slot(c) = NULL;
    return rc == HY_OK ? closed : rc;
}

static void workbook_abort(hy_outctx *c)
{
    workbook_state *w = *slot(c);
    if (w)
        summary_abort(w->summary);   /* a failed run leaves no workbook */
    free(w);
    *slot(c) = NULL;
}

const hy_output_def hy_output_workbook = {
    .name = "workbook",
    .entries = workbook_entries,
    .beside = workbook_beside,
    .write = workbook_write,
    .abort = workbook_abort,
};
