/*
 * render.h - every project's sheet, rendered on as many threads as asked, and
 * the summary workbook written meanwhile on a thread of its own.
 *
 * The output does not depend on the number of threads: each sheet is a pure
 * function of its project (same bytes whichever thread makes it), and the
 * warnings and the failure a run reports are taken in project order, as one
 * thread would meet them. Everything the threads share is read-only while they
 * run: the data set, profile, template and font set (see fontset.h); each
 * sheet has its own drawing, libharu document and HarfBuzz subset. All input
 * has been read before the first thread starts (the .xls reader forks), and
 * nothing may change the font set until render_all returns.
 */
#ifndef HY_RENDER_H
#define HY_RENDER_H

#include <stdio.h>

#include "compute/compare.h"
#include "model/model.h"
#include "draw/fontset.h"
#include "profile/profile.h"
#include "template/template.h"
#include "util/diag.h"
#include "util/err.h"

/* What runs on a thread of its own while the sheets render (the workbook):
 * returns a status, its warnings into diags. */
typedef int (*hy_render_side)(void *ctx, hy_diags *diags, hy_err *err);

/* Told each rendered sheet's warnings, on the main thread in project order,
 * before they join the run's (a shard logs them for `hyoka merge`). */
typedef void (*hy_render_each)(void *ctx, size_t project, const hy_diags *diags);

typedef struct hy_render {
    const hy_template *tpl;
    const hy_fontset *fonts;     /* every font the template declares, loaded */
    const hy_profile *profile;
    const hy_dataset *dataset;
    const hy_comparison *comparison; /* last year beside this one, or NULL */
    char *const *paths;          /* the file of each project's sheet, in data set order;
                                    NULL for a project that gets none */
    const char *const *project_keys; /* the keys columns files name (hy_bind) */
    size_t nproject_keys;
    long long epoch;             /* creation date written into the outputs; -1: none */
    unsigned jobs;               /* threads rendering sheets; 0 means 1 */
    FILE *progress;              /* a terminal for a progress line, or NULL */
    hy_render_side side;         /* NULL for none */
    void *side_ctx;
    hy_render_each each;         /* NULL for none */
    void *each_ctx;
} hy_render;

/* Renders every sheet, and runs the side job alongside. Warnings are appended
 * to diags: the sheets' in project order, then the side job's. *written (if
 * not NULL) counts the sheets written. Returns HY_OK, or the first failure in
 * project order (else the side job's) with err set; sheets after a failed one
 * may or may not have been written. Takes a pointer a project from the data
 * set's arena: call it while no other thread walks the data set. */
int render_all(const hy_render *r, hy_diags *diags, size_t *written, hy_err *err);

/* Renders one project's sheet to path; warnings go to diags. */
int render_sheet(const hy_render *r, const hy_project *p, const char *path, hy_diags *diags,
                 hy_err *err);

#endif
