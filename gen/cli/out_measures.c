/*
 * out_measures.c - the `measures` output: one sheet per 施策 in OUT/measures/
 * (<code>-<name>.pdf), the 施策 roll-up of compute/measure.h laid out from the
 * profile's measure.tpl, or the standard form's when the city has none: its
 * projects with this year's and last year's money and their verdicts, the
 * totals, the distribution of verdicts and the 施策's outcome indicators. The
 * document a city attaches to its 主要な施策の成果を説明する書類.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/outputs.h"
#include "cli/sheetname.h"
#include "compute/measure.h"
#include "pdf/drawing.h"
#include "pdf/pdfwrite.h"
#include "template/layout.h"
#include "template/template.h"
#include "util/fsutil.h"
#include "util/i18n.h"

static const char *const measures_entries[] = {"measures", NULL};

/* The name a 施策 without one goes by on its sheet and in its file name. */
#define UNNAMED "（未設定）"

char *measures_template(const hy_profile *pf, const char *templates_dir, int must_exist)
{
    struct stat st;
    char *own = fs_join(pf->dir, "measure.tpl");
    if (!own || stat(own, &st) == 0)
        return own;
    free(own);
    char *dir = fs_join(templates_dir, "standard");
    char *std = dir ? fs_join(dir, "measure.tpl") : NULL;
    free(dir);
    if (std && must_exist && stat(std, &st) != 0) {
        free(std);
        return NULL;
    }
    return std;
}

/* Supported when the data has evaluated projects and a measure template is
 * found (a templates folder of its own may have no standard form). */
static int measures_supported(const hy_outctx *c)
{
    int any = 0;
    for (size_t i = 0; i < c->run->dataset->nprojects && !any; i = dataset_next(c->run->dataset, i))
        any = !c->run->dataset->projects[i].kpi_only;
    char *path = any ? measures_template(c->run->profile, c->opts->templates_dir, 1) : NULL;
    free(path);
    return path != NULL;
}

/* measures/<code>-<name>.pdf for each 施策, numbered 01, 02 ... in report order
 * where the data gives no 施策コード; unique and safe (cli/sheetname.h), kept
 * in the set's arena. */
static const char **file_names(const hy_measure_set *set, hy_sheetname_style style)
{
    char **bases = calloc(set->n ? set->n : 1, sizeof *bases);
    const char **names = NULL;
    int ok = bases != NULL;
    for (size_t i = 0; ok && i < set->n; i++) {
        const hy_measure *m = &set->measures[i];
        char num[24];
        snprintf(num, sizeof num, "%02zu", i + 1);
        size_t len = strlen(m->code ? m->code : num) + strlen(*m->name ? m->name : UNNAMED) + 2;
        if ((bases[i] = malloc(len)) == NULL)
            ok = 0;
        else
            snprintf(bases[i], len, "%s-%s", m->code ? m->code : num, *m->name ? m->name : UNNAMED);
    }
    if (ok)
        names = sheetname_assign((const char *const *)bases, set->n, style, set->arena);
    for (size_t i = 0; bases && i < set->n; i++)
        free(bases[i]);
    free(bases);
    return names;
}

/* Lays out and writes one 施策's sheet. */
static int write_measure(hy_outctx *c, const hy_template *tpl, const hy_measure_set *set,
                         const hy_measure *m, const char *path, hy_err *err)
{
    const hy_profile *pf = c->run->profile;
    hy_drawing *d = drawing_new();
    if (!d)
        return err_set(err, HY_EIO, _("out of memory"));
    const char *name = *m->name ? m->name : UNNAMED;
    d->title = m->code ? arena_printf(d->arena, "%s %s %s別評価シート", m->code, name,
                                      measure_by_label(set))
                       : arena_printf(d->arena, "%s %s別評価シート", name, measure_by_label(set));
    d->author = c->run->conf && c->run->conf->city ? c->run->conf->city : pf->city;
    d->subject = "施策の成果";
    d->epoch = c->epoch;
    hy_bind b = {.dataset = c->run->dataset, .profile = pf, .fiscal_year = c->fiscal_year,
                 .measure = m, .measure_by = measure_by_label(set),
                 .with_previous = set->with_previous};
    int rc = d->title ? layout_sheet(tpl, c->fonts, &b, d, c->run->diags, err)
                      : err_set(err, HY_EIO, _("out of memory"));
    if (rc == HY_OK)
        rc = pdf_write(d, c->fonts, path, err);
    drawing_free(d);
    return rc;
}

static int measures_write(hy_outctx *c, hy_err *err)
{
    const hy_profile *pf = c->run->profile;
    hy_measure_set *set = NULL;
    hy_template *tpl = NULL;
    const char **names = NULL;
    char *tpl_path = measures_template(pf, c->opts->templates_dir, 0), *dir = fs_join(c->dir, "measures");
    int rc = tpl_path && dir ? HY_OK : err_set(err, HY_EIO, _("out of memory"));
    if (rc == HY_OK)
        rc = measure_build(c->run->dataset, c->rollup, c->run->comparison, pf, c->fiscal_year,
                           &set, err);
    /* the sheets add fonts to the shared set: this runs after the sheets, when no
     * thread reads it */
    if (rc == HY_OK &&
        (rc = template_load(tpl_path, bind_check, (void *)c->voc, &tpl, err)) == HY_OK)
        rc = layout_load_fonts(tpl, c->fonts, err);
    if (rc == HY_OK && !(names = file_names(set, pf->ascii_file_names ? SHEETNAME_ASCII
                                                                      : SHEETNAME_UTF8)))
        rc = err_set(err, HY_EIO, _("out of memory"));
    if (rc == HY_OK)
        rc = fs_mkdirs(dir, err);
    for (size_t i = 0; rc == HY_OK && i < set->n; i++) {
        char *path = fs_join(dir, names[i]);
        rc = path ? write_measure(c, tpl, set, &set->measures[i], path, err)
                  : err_set(err, HY_EIO, _("out of memory"));
        free(path);
        arena_release(set->arena);
        /* a 施策 of thousands of projects is a document of 90 pages, built
         * and freed in the heap: without this, what each left free in it
         * added to the next (13 MB over 23 施策 of 4,000 projects) */
        outputs_give_back_memory();
    }
    template_free(tpl);
    measure_free(set);
    free(dir);
    free(tpl_path);
    return rc;
}

const hy_output_def hy_output_measures = {
    .name = "measures",
    .entries = measures_entries,
    .supported = measures_supported,
    .write = measures_write,
};
