#include "xlsx/summary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fsutil.h"
#include "xlsx/sheets.h"
#include "util/i18n.h"

/* The tabs, in order. KPI一覧 and the program roll-up exist when the data set
 * has strategy KPIs, the policy roll-up when some project names a policy. */
enum {
    TAB_PROJECTS, TAB_COSTS, TAB_INDICATORS, TAB_KPIS, TAB_BY_PROGRAM, TAB_BY_DEPARTMENT,
    TAB_BY_POLICY, TAB_COMPARE, TAB_BUDGET, TAB_VALIDATION, TAB_COUNT
};
static const char *const TAB_NAMES[TAB_COUNT] = {
    "事業一覧", "事業費", "指標", "KPI一覧", "集計（プロジェクト別）", "集計（部別）",
    "集計（政策別）", "前年度比較", "予算反映", "検証結果",
};

struct hy_summary {
    xw_book book;
    hy_rollup *own_rollup;            /* when opts->rollup is NULL */
    lxw_worksheet *tabs[TAB_COUNT];   /* NULL for a tab this data set does not have */
    hy_output out;
    char title[256];
    int failed;
};

int summary_open(const hy_dataset *ds, const hy_profile *pf, const hy_summary_opts *opts,
                 const char *path, hy_summary **out, hy_err *err)
{
    *out = NULL;
    hy_summary *s = calloc(1, sizeof *s);
    if (!s)
        return err_set(err, HY_EIO, _("%s: out of memory"), path);
    int rc = fs_output_reserve(&s->out, path, err);
    if (rc != HY_OK) {
        free(s);
        return rc;
    }
    /* Constant memory: rows go to disk as they are written, so the workbook
     * of 10,000 projects costs what the one of 10 does. */
    lxw_workbook_options o = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
    s->book.wb = workbook_new_opt(s->out.tmp_path, &o);
    if (!s->book.wb) {
        fs_output_abort(&s->out);
        free(s);
        return err_set(err, HY_EIO, _("%s: cannot create the workbook"), path);
    }
    s->book.ds = ds;
    s->book.profile = pf;
    s->book.opts = opts;
    xw_formats_init(&s->book.formats, s->book.wb);
    snprintf(s->title, sizeof s->title, "%s 事務事業評価 一覧", pf->city);
    lxw_doc_properties props = {
        .title = s->title,
        .author = (char *)pf->city,
        .company = (char *)pf->city,
        /* libxlsxwriter writes "now" for 0: never let it, or no two runs match */
        .created = (time_t)(opts->epoch > 0 ? opts->epoch : 1),
    };
    workbook_set_properties(s->book.wb, &props);
    if (!opts->rollup && rollup_build(ds, pf, &s->own_rollup, err) != HY_OK) {
        summary_abort(s);
        return err->status;
    }
    const hy_rollup *ru = opts->rollup ? opts->rollup : s->own_rollup;
    s->book.rollup = ru;
    int kpis = ru->all.score.kpis > 0, policies = 0;
    for (size_t g = 0; g < ru->ngroups[HY_BY_POLICY]; g++)
        policies |= ru->groups[HY_BY_POLICY][g].name[0] != '\0';
    for (int t = 0; t < TAB_COUNT; t++) {
        if (((t == TAB_KPIS || t == TAB_BY_PROGRAM) && !kpis) || (t == TAB_BY_POLICY && !policies) ||
            (t == TAB_COMPARE && !opts->comparison) ||
            (t == TAB_BUDGET && (!opts->budget || !opts->budget->nrequests)))
            continue;
        if (!(s->tabs[t] = workbook_add_worksheet(s->book.wb, TAB_NAMES[t])))
            s->failed = 1;
    }
    *out = s;
    return HY_OK;
}

int summary_write_tables(hy_summary *s, hy_diags *warnings, hy_err *err)
{
    const xw_book *b = &s->book;
    lxw_worksheet *const *t = s->tabs;
    if (s->failed || projects_sheet_write(b, t[TAB_PROJECTS], warnings) ||
        costs_sheet_write(b, t[TAB_COSTS], warnings) ||
        indicators_sheet_write(b, t[TAB_INDICATORS], warnings) ||
        (t[TAB_KPIS] && kpi_sheet_write(b, t[TAB_KPIS], warnings)) ||
        (t[TAB_BY_PROGRAM] && rollup_sheet_write(b, t[TAB_BY_PROGRAM], HY_BY_PROGRAM, warnings)) ||
        rollup_sheet_write(b, t[TAB_BY_DEPARTMENT], HY_BY_DEPARTMENT, warnings) ||
        (t[TAB_BY_POLICY] && rollup_sheet_write(b, t[TAB_BY_POLICY], HY_BY_POLICY, warnings)) ||
        (t[TAB_COMPARE] && compare_sheet_write(b, t[TAB_COMPARE], warnings)) ||
        (t[TAB_BUDGET] && budget_sheet_write(b, t[TAB_BUDGET], warnings))) {
        s->failed = 1;
        return err_set(err, HY_EIO, _("%s: a cell of the workbook could not be written"), s->out.path);
    }
    return HY_OK;
}

int summary_write_validation(hy_summary *s, const hy_diags *all, hy_err *err)
{
    if (s->failed || validation_sheet_write(&s->book, s->tabs[TAB_VALIDATION], all)) {
        s->failed = 1;
        return err_set(err, HY_EIO, _("%s: a cell of the workbook could not be written"), s->out.path);
    }
    return HY_OK;
}

int summary_close(hy_summary *s, hy_err *err)
{
    lxw_error e = workbook_close(s->book.wb);
    int rc;
    if (s->failed || e != LXW_NO_ERROR) {
        rc = err_set(err, HY_EIO, _("%s: writing the workbook failed: %s"), s->out.path,
                     e != LXW_NO_ERROR ? lxw_strerror(e) : _("a cell could not be written"));
        fs_output_abort(&s->out);
    } else {
        rc = fs_output_commit(&s->out, err);
    }
    rollup_free(s->own_rollup);
    free(s);
    return rc;
}

void summary_abort(hy_summary *s)
{
    if (!s)
        return;
    workbook_close(s->book.wb);
    fs_output_abort(&s->out);
    rollup_free(s->own_rollup);
    free(s);
}

int summary_write(const hy_dataset *ds, const hy_profile *pf, const hy_summary_opts *opts,
                  const char *path, hy_diags *diags, hy_err *err)
{
    hy_summary *s;
    int rc = summary_open(ds, pf, opts, path, &s, err);
    if (rc != HY_OK)
        return rc;
    if ((rc = summary_write_tables(s, diags, err)) != HY_OK ||
        (rc = summary_write_validation(s, diags, err)) != HY_OK) {
        summary_abort(s);
        return rc;
    }
    return summary_close(s, err);
}
