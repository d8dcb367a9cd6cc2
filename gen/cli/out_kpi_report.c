/*
 * out_kpi_report.c - the `kpi-report` output: OUT/kpi-report.pdf, the strategy
 * KPI progress report laid out from the profile's kpi_report template over the
 * whole data set and its roll-ups. The data supports it when it has strategy
 * KPIs; a profile without the template gets a warning and no report.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/outputs.h"
#include "pdf/drawing.h"
#include "pdf/pdfwrite.h"
#include "template/layout.h"
#include "template/template.h"
#include "util/fsutil.h"

static const char *const kpi_entries[] = {"kpi-report.pdf", NULL};

static int kpi_supported(const hy_outctx *c)
{
    return c->rollup->all.score.kpis > 0;
}

static int kpi_write(hy_outctx *c, hy_err *err)
{
    const hy_profile *pf = c->run->profile;
    if (!pf->kpi_report_template) {
        hy_loc loc = {pf->path, NULL, 0, 0};
        diag_warn(c->run->diags, &loc, "the data has %zu strategy KPIs, but the profile names no "
                  "kpi_report template, so no KPI report is written", c->rollup->all.score.kpis);
        return HY_OK;
    }
    char *path = fs_join(c->dir, "kpi-report.pdf");
    char *tpl_path = fs_join(pf->dir, pf->kpi_report_template);
    hy_drawing *d = drawing_new();
    hy_template *tpl = NULL;
    int rc = HY_OK;
    if (!path || !tpl_path || !d) {
        rc = err_set(err, HY_EIO, "out of memory");
        goto done;
    }
    /* the report adds fonts to the shared set: it runs after the sheets,
     * when no thread reads the set */
    if ((rc = template_load(tpl_path, bind_check, (void *)c->voc, &tpl, err)) != HY_OK ||
        (rc = layout_load_fonts(tpl, c->fonts, err)) != HY_OK)
        goto done;
    /* the data owner's city and plan (hyoka.conf) name the report, not the profile's */
    const hy_input_conf *conf = c->run->conf;
    const char *city = conf && conf->city ? conf->city : pf->city;
    const char *plan = conf ? conf->title : NULL;
    d->title = arena_printf(d->arena, "%s 施策KPIの進捗状況", plan ? plan : city);
    d->author = city;
    d->subject = "総合戦略 KPI進捗状況報告";
    d->epoch = c->epoch;
    hy_bind b = {.dataset = c->run->dataset, .rollup = c->rollup, .profile = pf,
                 .fiscal_year = c->rollup->years.eval, .city = city, .title = plan};
    rc = layout_sheet(tpl, c->fonts, &b, d, c->run->diags, err);
    if (rc == HY_OK)
        rc = pdf_write(d, c->fonts, path, err);
    c->run->kpi_report_written = rc == HY_OK;
done:
    drawing_free(d);
    template_free(tpl);
    free(tpl_path);
    free(path);
    return rc;
}

const hy_output_def hy_output_kpi_report = {
    .name = "kpi-report",
    .entries = kpi_entries,
    .supported = kpi_supported,
    .write = kpi_write,
};
