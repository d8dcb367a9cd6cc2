/*
 * tplcheck.c - `hyoka check` lays out what `hyoka build` would render, so a
 * template that loads but cannot be drawn (a field the data lacks, a font that
 * is missing, a box off the page) fails check instead of build.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/outputs.h"
#include "cli/pipeline.h"
#include "compute/measure.h"
#include "compute/rollup.h"
#include "pdf/drawing.h"
#include "pdf/fontset.h"
#include "template/bind.h"
#include "template/capacity.h"
#include "template/layout.h"
#include "template/template.h"
#include "util/fsutil.h"
#include "util/i18n.h"

/* Loads a template and its fonts; *tpl is NULL on failure. */
static int load(const char *path, const hy_bind_vocabulary *voc, hy_fontset *fonts,
                hy_template **tpl, hy_err *err)
{
    int rc = template_load(path, bind_check, (void *)voc, tpl, err);
    if (rc == HY_OK)
        rc = layout_load_fonts(*tpl, fonts, err);
    return rc;
}

/* Lays out one drawing with b bound, and throws it away. */
static int lay_out(const hy_template *tpl, hy_fontset *fonts, const hy_bind *b, hy_diags *diags,
                   hy_err *err)
{
    hy_drawing *d = drawing_new();
    int rc = d ? layout_sheet(tpl, fonts, b, d, diags, err) : err_set(err, HY_EIO, _("out of memory"));
    drawing_free(d);
    return rc;
}

static int check_sheets(hy_run *run, const char *path, const hy_bind_vocabulary *voc,
                        hy_fontset *fonts, hy_err *err)
{
    hy_template *tpl = NULL;
    int rc = load(path, voc, fonts, &tpl, err);
    const hy_dataset *ds = run->dataset;
    for (size_t i = 0; rc == HY_OK && i < ds->nprojects; i = dataset_next(ds, i)) {
        const hy_project *p = &ds->projects[i];
        if (p->kpi_only)   /* in the KPI report only: no sheet */
            continue;
        hy_bind b = {.project = p, .profile = run->profile, .fiscal_year = p->fiscal_year,
                     .project_keys = voc->project_keys, .nproject_keys = voc->nproject_keys};
        rc = lay_out(tpl, fonts, &b, run->diags, err);
    }
    template_free(tpl);
    return rc;
}

static int check_report(hy_run *run, const char *path, const hy_bind_vocabulary *voc,
                        hy_fontset *fonts, hy_err *err)
{
    hy_template *tpl = NULL;
    hy_rollup *ru = NULL;
    int rc = load(path, voc, fonts, &tpl, err);
    if (rc == HY_OK)
        rc = rollup_build(run->dataset, run->profile, &ru, err);
    if (rc == HY_OK) {
        hy_bind b = {.dataset = run->dataset, .rollup = ru, .profile = run->profile,
                     .fiscal_year = ru->years.eval};
        rc = lay_out(tpl, fonts, &b, run->diags, err);
    }
    rollup_free(ru);
    template_free(tpl);
    return rc;
}

/* Every 施策 sheet (OUT/measures/), laid out as build would. */
static int check_measures(hy_run *run, const char *path, const hy_bind_vocabulary *voc,
                          hy_fontset *fonts, hy_err *err)
{
    hy_template *tpl = NULL;
    hy_rollup *ru = NULL;
    hy_measure_set *set = NULL;
    int rc = load(path, voc, fonts, &tpl, err);
    if (rc == HY_OK)
        rc = rollup_build(run->dataset, run->profile, &ru, err);
    if (rc == HY_OK)
        rc = measure_build(run->dataset, ru, run->comparison, run->profile, run->fiscal_year,
                           &set, err);
    for (size_t i = 0; rc == HY_OK && i < set->n; i++) {
        hy_bind b = {.dataset = run->dataset, .profile = run->profile,
                     .fiscal_year = run->fiscal_year, .measure = &set->measures[i],
                     .measure_by = measure_by_label(set), .with_previous = set->with_previous};
        rc = lay_out(tpl, fonts, &b, run->diags, err);
    }
    measure_free(set);
    rollup_free(ru);
    template_free(tpl);
    return rc;
}

/* Every evaluated project against one per-project document's max= repeats. */
static int check_form(hy_run *run, const char *path, const hy_bind_vocabulary *voc, hy_err *err)
{
    hy_template *tpl = NULL;
    int rc = template_load(path, bind_check, (void *)voc, &tpl, err);
    hy_dataset *ds = run->dataset;
    for (size_t i = 0; rc == HY_OK && i < ds->nprojects; i = dataset_next(ds, i)) {
        hy_project *p = &ds->projects[i];
        if (p->kpi_only)   /* no sheet */
            continue;
        /* bound as render.c binds a sheet; last year is left out, as it
         * changes no repeat's count */
        hy_bind b = {.project = p, .profile = run->profile, .fiscal_year = p->fiscal_year,
                     .project_keys = voc->project_keys, .nproject_keys = voc->nproject_keys};
        size_t over = capacity_check(tpl, &b, run->diags);
        if (over == (size_t)-1)
            rc = err_set(err, HY_EIO, _("out of memory"));
        else if (over)
            p->has_errors = 1;
    }
    template_free(tpl);
    return rc;
}

int pipeline_check_forms(hy_run *run, const hy_run_opts *opts, hy_err *err)
{
    const hy_profile *pf = run->profile;
    size_t nkeys = 0, ndocs = pf->nsheet_templates ? pf->nsheet_templates : 1;
    const char **keys = pipeline_project_keys(run->columns, &nkeys);
    int rc = keys ? HY_OK : err_set(err, HY_EIO, _("out of memory"));
    hy_bind_vocabulary voc = {keys, nkeys, pf};
    /* the documents as out_sheets.c renders them: --template replaces the first */
    for (size_t k = 0; k < ndocs && rc == HY_OK; k++) {
        const char *file = pf->nsheet_templates ? pf->sheet_templates[k] : pf->sheet_template;
        char *path = k == 0 && opts->template_path ? strdup(opts->template_path)
                                                   : fs_join(pf->dir, file);
        rc = path ? check_form(run, path, &voc, err) : err_set(err, HY_EIO, _("out of memory"));
        free(path);
    }
    free(keys);
    return rc;
}

int pipeline_check_templates(hy_run *run, const hy_run_opts *opts, hy_err *err)
{
    const hy_profile *pf = run->profile;
    size_t nkeys = 0;
    const char **keys = pipeline_project_keys(run->columns, &nkeys);
    hy_fontset *fonts = fontset_new();
    char *sheet = opts->template_path ? strdup(opts->template_path)
                                      : fs_join(pf->dir, pf->sheet_template);
    char *report = pf->kpi_report_template ? fs_join(pf->dir, pf->kpi_report_template) : NULL;
    int rc = HY_OK;
    if (!keys || !fonts || !sheet || (pf->kpi_report_template && !report))
        rc = err_set(err, HY_EIO, _("out of memory"));
    hy_bind_vocabulary voc = {keys, nkeys, pf};
    if (rc == HY_OK)
        rc = pipeline_check_forms(run, opts, err);
    if (rc == HY_OK)
        rc = check_sheets(run, sheet, &voc, fonts, err);
    if (rc == HY_OK && report)
        rc = check_report(run, report, &voc, fonts, err);
    /* the 施策 sheets, when a template is found (build writes them by default then) */
    char *measures = measures_template(pf, opts->templates_dir, 1);
    if (rc == HY_OK && measures)
        rc = check_measures(run, measures, &voc, fonts, err);
    free(measures);
    free(report);
    free(sheet);
    fontset_free(fonts);
    free(keys);
    return rc;
}
