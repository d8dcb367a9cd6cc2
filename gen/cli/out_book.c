/*
 * out_book.c - the `book` output: OUT/book.pdf (the profile's book_file), the
 * annual evaluation report of every sheet with a cover, contents, summary and
 * the KPI report (gen/book/annual.h). The data supports it when it has at
 * least one project with a sheet.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book/annual.h"
#include "cli/outputs.h"
#include "template/layout.h"
#include "template/template.h"
#include "util/fsutil.h"
#include "util/i18n.h"

/* a fixed name: a profile's own book_file is written, but not cleaned up as an entry */
static const char *const book_entries[] = {"book.pdf", NULL};

static int book_supported(const hy_outctx *c)
{
    const hy_dataset *ds = c->run->dataset;
    for (size_t i = 0; i < ds->nprojects; i = dataset_next(ds, i))
        if (!ds->projects[i].kpi_only)
            return 1;
    return 0;
}

/* Loads a template and its fonts (into the shared set: the book runs after
 * the sheets, when no thread reads it). */
static int load(hy_outctx *c, const char *path, hy_template **tpl, hy_err *err)
{
    int rc = template_load(path, bind_check, (void *)c->voc, tpl, err);
    return rc == HY_OK ? layout_load_fonts(*tpl, c->fonts, err) : rc;
}

static int book_write(hy_outctx *c, hy_err *err)
{
    const hy_profile *pf = c->run->profile;
    char *path = fs_join(c->dir, pf->book_file);
    char *sheet_path = c->opts->template_path ? strdup(c->opts->template_path)
                                              : fs_join(pf->dir, pf->sheet_template);
    char *kpi_path = pf->kpi_report_template ? fs_join(pf->dir, pf->kpi_report_template) : NULL;
    hy_template *sheet = NULL, *kpi = NULL;
    size_t nfurther = pf->nsheet_templates > 1 ? pf->nsheet_templates - 1 : 0;
    hy_template **further = calloc(nfurther ? nfurther : 1, sizeof *further);
    int rc = path && sheet_path && further && (kpi_path || !pf->kpi_report_template)
                 ? load(c, sheet_path, &sheet, err)
                 : err_set(err, HY_EIO, _("out of memory"));
    if (rc == HY_OK && kpi_path && c->rollup->all.score.kpis)
        rc = load(c, kpi_path, &kpi, err);
    /* the further documents, as the sheets output renders them (out_sheets.c) */
    for (size_t k = 0; rc == HY_OK && k < nfurther; k++) {
        char *p = fs_join(pf->dir, pf->sheet_templates[k + 1]);
        rc = p ? load(c, p, &further[k], err) : err_set(err, HY_EIO, _("out of memory"));
        free(p);
    }
    if (rc == HY_OK) {
        hy_annual a = {
            .dataset = c->run->dataset,
            .profile = pf,
            .rollup = c->rollup,
            .budget = c->run->budget,
            .sheet = sheet,
            .further = (const hy_template *const *)further,
            .nfurther = nfurther,
            .kpi_report = kpi,
            .fonts = c->fonts,
            .comparison = c->run->comparison,
            .fiscal_year = c->fiscal_year,
            .epoch = c->epoch,
            .path = path,
        };
        hy_annual_stats st = {0, 0, 0};
        rc = annual_write(&a, c->run->diags, &st, err);
        c->run->book_pages = rc == HY_OK ? st.pages : 0;
    }
    for (size_t k = 0; further && k < nfurther; k++)
        template_free(further[k]);
    free(further);
    template_free(kpi);
    template_free(sheet);
    free(kpi_path);
    free(sheet_path);
    free(path);
    return rc;
}

const hy_output_def hy_output_book = {
    .name = "book",
    .entries = book_entries,
    .supported = book_supported,
    .write = book_write,
};
