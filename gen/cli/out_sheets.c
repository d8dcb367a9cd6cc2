/*
 * out_sheets.c - the `sheets` output: one PDF evaluation sheet per evaluated
 * project in OUT/sheets/, rendered on opts->jobs threads (render.h), with the
 * other outputs' side work (the workbook's tables) on a thread beside them.
 * A profile naming several per-project documents (`sheets = sheet.tpl
 * explanation.tpl worksheet.tpl`) gets each further one as
 * OUT/sheets/<code>-<name>.pdf, in the list's order.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/outputs.h"
#include "cli/shard.h"
#include "template/layout.h"
#include "template/template.h"
#include "util/fsutil.h"
#include "util/pool.h"
#include "util/i18n.h"

/* From how many sheets on the fonts are prepared for subsetting. */
#define PREPARE_FONTS_FROM 256

static const char *const sheets_entries[] = {"sheets", NULL};

/* The path of rel under c->dir, kept in the data set's arena: 100,000 paths
 * malloc'ed one by one were 10 MB held for the whole run. NULL when out of
 * memory. */
static char *sheet_path(const hy_outctx *c, const char *rel)
{
    char *path = fs_join(c->dir, rel);
    char *kept = path ? arena_strdup(c->run->dataset->arena, path) : NULL;
    free(path);
    return kept;
}

/* An array of n paths in the data set's arena, as the paths are (100,000
 * pointers on the heap were 0.8 MB a document); NULL when out of memory.
 * Only while no thread walks the data set: a walk releases its pages. */
static char **path_array(const hy_outctx *c, size_t n)
{
    return arena_calloc(c->run->dataset->arena, (n ? n : 1) * sizeof(char *));
}

/* Every project's sheet path under c->dir; NULL where it gets none. */
static char **sheet_paths(const hy_outctx *c)
{
    const hy_dataset *ds = c->run->dataset;
    size_t n = ds->nprojects;
    char **paths = path_array(c, n);
    for (size_t i = 0; paths && i < n; i = dataset_next(ds, i))
        if (c->sheet_files[i] && !(paths[i] = sheet_path(c, c->sheet_files[i])))
            return NULL;
    return paths;
}

/* Document `doc`'s sheets (0: the sheet, 1..: the further documents): drawn,
 * with each one's warnings logged for merge by a shard, or taken from the
 * parts by `hyoka merge`. */
static int draw_doc(hy_outctx *c, const hy_render *r, size_t doc, hy_err *err)
{
    hy_run *run = c->run;
    if (c->opts->merge)
        return shard_import(c->opts->merge, run->dataset, doc, c->dir, r->paths, r->side,
                            r->side_ctx, run->diags, &run->sheets_written, err);
    hy_render each = *r;
    if (c->shard_log) {
        shard_log_doc(c->shard_log, doc);
        each.each = shard_log_sheet;
        each.each_ctx = c->shard_log;
    }
    return render_all(&each, run->diags, &run->sheets_written, err);
}

/* The further documents of a profile's `sheets =` list (explanation.tpl ...):
 * each project's OUT/sheets/<code>-<name>.pdf beside its sheet, rendered like
 * the sheets, one document after another in the list's order. */
static int further_documents(hy_outctx *c, const hy_render *base, hy_err *err)
{
    const hy_profile *pf = c->run->profile;
    size_t n = c->run->dataset->nprojects;
    int rc = HY_OK;
    for (size_t k = 1; k < pf->nsheet_templates && rc == HY_OK; k++) {
        const char *file = pf->sheet_templates[k];
        char *tpl_path = fs_join(pf->dir, file);
        char **paths = path_array(c, n);
        hy_template *tpl = NULL;
        if (!tpl_path || !paths)
            rc = err_set(err, HY_EIO, _("out of memory"));
        for (size_t i = 0; rc == HY_OK && i < n; i++) {
            const char *main = c->sheet_files[i];      /* sheets/<code>.pdf */
            if (!main)
                continue;
            char *rel = outputs_document_file(main, file);
            if (!rel || !(paths[i] = sheet_path(c, rel)))
                rc = err_set(err, HY_EIO, _("out of memory"));
            free(rel);
        }
        if (rc == HY_OK &&
            (rc = template_load(tpl_path, bind_check, (void *)c->voc, &tpl, err)) == HY_OK &&
            (rc = layout_load_fonts(tpl, c->fonts, err)) == HY_OK) {
            hy_render r = *base;
            r.tpl = tpl;
            r.paths = paths;
            r.side = NULL;                              /* the workbook is written once */
            r.side_ctx = NULL;
            rc = draw_doc(c, &r, k, err);
        }
        template_free(tpl);
        free(tpl_path);
    }
    return rc;
}

/* `--only`: the sheets of the other projects stay published. OUT/sheets is
 * replaced whole when the staging folder is swapped in, so the previous
 * publication's sheets are linked into the staging folder first (same file
 * system: beside OUT); the ones rendered now replace their links. */
static int carry_over_sheets(const hy_outctx *c, const char *dir, hy_err *err)
{
    char *old = fs_join(c->opts->outdir ? c->opts->outdir->out : c->opts->out_dir, "sheets");
    if (!old)
        return err_set(err, HY_EIO, _("out of memory"));
    DIR *d = opendir(old);
    int rc = HY_OK;
    struct dirent *e;
    while (d && rc == HY_OK && (e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".pdf") != 0)
            continue;
        char *from = fs_join(old, e->d_name), *to = fs_join(dir, e->d_name);
        if (!from || !to)
            rc = err_set(err, HY_EIO, _("out of memory"));
        else if (link(from, to) != 0 && errno != EEXIST)
            rc = err_set(err, HY_EIO, _("%s: cannot keep it beside the sheets --only renders: %s"),
                         from, strerror(errno));
        free(from);
        free(to);
    }
    if (d)
        closedir(d);
    free(old);
    return rc;
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
        rc = err_set(err, HY_EIO, _("out of memory"));
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
        .project_keys = c->voc->project_keys,
        .nproject_keys = c->voc->nproject_keys,
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
    if (opts->only && (rc = carry_over_sheets(c, dir, err)) != HY_OK)
        goto done;
    rc = draw_doc(c, &r, 0, err);
    if (rc == HY_OK)
        rc = further_documents(c, &r, err);
done:
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
