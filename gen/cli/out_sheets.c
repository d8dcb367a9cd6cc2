/*
 * out_sheets.c - the `sheets` output: one PDF evaluation sheet per evaluated
 * project in OUT/sheets/, rendered on opts->jobs threads (render.h), with the
 * other outputs' side work (the workbook's tables) on a thread beside them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/outputs.h"
#include "template/layout.h"
#include "template/template.h"
#include "util/fsutil.h"
#include "util/pool.h"

/* From how many sheets on the fonts are prepared for subsetting. */
#define PREPARE_FONTS_FROM 256

static const char *const sheets_entries[] = {"sheets", NULL};

/* Every project's sheet path under c->dir; NULL where it gets none. */
static char **sheet_paths(const hy_outctx *c)
{
    size_t n = c->run->dataset->nprojects;
    char **paths = calloc(n ? n : 1, sizeof *paths);
    for (size_t i = 0; paths && i < n; i++)
        if (c->sheet_files[i] && !(paths[i] = fs_join(c->dir, c->sheet_files[i]))) {
            for (size_t j = 0; j < i; j++)
                free(paths[j]);
            free(paths);
            return NULL;
        }
    return paths;
}

static int sheets_write(hy_outctx *c, hy_err *err)
{
    const hy_run *run = c->run;
    const hy_run_opts *opts = c->opts;
    const hy_profile *pf = run->profile;
    size_t n = run->dataset->nprojects;
    char *dir = fs_join(c->dir, "sheets");
    char *tpl_path = opts->template_path ? strdup(opts->template_path)
                                         : fs_join(pf->dir, pf->sheet_template);
    char **paths = sheet_paths(c);
    hy_template *tpl = NULL;
    int rc = HY_OK;
    if (!dir || !tpl_path || !paths) {
        rc = err_set(err, HY_EIO, "out of memory");
        goto done;
    }
    if ((rc = template_load(tpl_path, bind_check, (void *)c->voc, &tpl, err)) != HY_OK ||
        (rc = layout_load_fonts(tpl, c->fonts, err)) != HY_OK ||
        (rc = fs_mkdirs(dir, err)) != HY_OK)
        goto done;
    /* ~35 ms once per font against ~0.14 ms saved per sheet: a big run only
     * (the sheets are the same bytes either way). */
    if (n >= PREPARE_FONTS_FROM && (rc = fontset_prepare(c->fonts, err)) != HY_OK)
        goto done;
    hy_render r = {
        .tpl = tpl,
        .fonts = c->fonts,
        .profile = pf,
        .dataset = run->dataset,
        .comparison = run->comparison,
        .paths = paths,
        .epoch = c->epoch,
        /* One thread more than processors: writing a sheet waits on the file
         * system now and then (ext4 inode allocation, the journal), and the
         * spare thread keeps the processors busy meanwhile. Measured on 2
         * cores, 1,000 sheets, 8 runs each: -j 2 0.70-1.30 s (mean 0.78),
         * -j 3 0.70-0.74 s (mean 0.72). */
        .jobs = opts->jobs ? opts->jobs : pool_cpus() + 1,
        .progress = opts->progress,
        .side = c->side,
        .side_ctx = c->side_ctx,
    };
    rc = render_all(&r, run->diags, &c->run->sheets_written, err);
done:
    for (size_t i = 0; paths && i < n; i++)
        free(paths[i]);
    free(paths);
    template_free(tpl);
    free(tpl_path);
    free(dir);
    return rc;
}

const hy_output_def hy_output_sheets = {
    .name = "sheets",
    .entries = sheets_entries,
    .hosts_beside = 1,
    .write = sheets_write,
};
