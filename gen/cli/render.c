#include "cli/render.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "draw/drawing.h"
#include "pdf/pdfwrite.h"
#include "template/bind.h"
#include "template/layout.h"
#include "util/arena.h"
#include "util/pool.h"
#include "util/i18n.h"

/* How often the progress line is redrawn, and how long a run must have lasted
 * before it appears at all: a run that ends in a blink needs none. */
#define PROGRESS_EVERY_MS 100
#define PROGRESS_AFTER_MS 300

int render_sheet(const hy_render *r, const hy_project *p, const char *path, hy_diags *diags,
                 hy_err *err)
{
    hy_drawing *d = drawing_new();
    if (!d)
        return err_set(err, HY_EIO, _("%s: out of memory"), path);
    /* the sheet's title and the project: what a viewer's title bar and a
     * screen reader announce (DisplayDocTitle) */
    const char *form = r->tpl->title && *r->tpl->title && !strchr(r->tpl->title, '{')
                           ? r->tpl->title : NULL;
    d->title = form ? arena_printf(d->arena, "%s %s %s", p->code, p->name, form)
                    : arena_printf(d->arena, "%s %s", p->code, p->name);
    d->author = r->profile->city;
    d->subject = "事務事業評価";
    d->epoch = r->epoch;
    hy_bind b = {.project = p, .profile = r->profile, .fiscal_year = p->fiscal_year,
                 .project_keys = r->project_keys, .nproject_keys = r->nproject_keys,
                 .previous = r->comparison ? compare_of(r->comparison, p) : NULL};
    int rc = d->title ? layout_sheet(r->tpl, r->fonts, &b, d, diags, err)
                      : err_set(err, HY_EIO, _("%s: out of memory"), path);
    if (rc == HY_OK)
        rc = pdf_write(d, r->fonts, path, err);
    drawing_free(d);
    return rc;
}

/* ---- one sheet per task --------------------------------------------------- */

/* What a task leaves for the main thread: made by the worker, consumed (and
 * freed) by the main thread once every earlier sheet has been consumed. */
typedef struct sheet_result {
    int rc;
    hy_err err;
    hy_diags *diags;
} sheet_result;

typedef struct render_ctx {
    const hy_render *r;
    sheet_result **results;     /* one slot per project; each written by one task */
} render_ctx;

static void sheet_task(void *arg, size_t i, unsigned worker)
{
    render_ctx *c = arg;
    sheet_result *res = calloc(1, sizeof *res);
    if (res) {
        err_clear(&res->err);
        res->diags = diags_new();
        if (!res->diags)
            res->rc = err_set(&res->err, HY_EIO, _("out of memory"));
        else if (c->r->paths[i])
            res->rc = render_sheet(c->r, &c->r->dataset->projects[i], c->r->paths[i],
                                   res->diags, &res->err);
    }
    /* A sheet maps some 300 KB of the data set in: looking after each one,
     * rather than every ARENA_STEP_CHECK steps of the main thread's walk,
     * keeps what the threads let in between looks to one sheet's each. A
     * look costs 2 microseconds, a sheet 2 milliseconds. */
    if (arena_swelled(c->r->dataset->arena))
        arena_release(c->r->dataset->arena);
    /* NULL tells the main thread memory ran out */
    c->results[i] = res;
}

/* ---- the side job (the workbook), on its own thread ---------------------------- */

typedef struct side_job {
    const hy_render *r;
    int rc;
    hy_err err;
    hy_diags *diags;
} side_job;

static void *side_thread(void *arg)
{
    side_job *s = arg;
    s->rc = s->r->side(s->r->side_ctx, s->diags, &s->err);
    return NULL;
}

/* ---- progress --------------------------------------------------------------- */

typedef struct progress {
    FILE *fp;
    struct timespec start;
    long long last_ms;          /* when the line was last drawn; -1: not shown */
} progress;

static long long elapsed_ms(const progress *pg)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)(now.tv_sec - pg->start.tv_sec) * 1000 +
           (now.tv_nsec - pg->start.tv_nsec) / 1000000;
}

/* One line, redrawn in place (\r, then erase to its end): nothing else is
 * printed while sheets render, and the line is erased before anything is. */
static void progress_show(progress *pg, size_t done, size_t total)
{
    if (!pg->fp)
        return;
    long long ms = elapsed_ms(pg);
    if (ms < PROGRESS_AFTER_MS || (pg->last_ms >= 0 && ms - pg->last_ms < PROGRESS_EVERY_MS))
        return;
    pg->last_ms = ms;
    /* back to the start of the line, the text, then clear what a longer one left */
    fputc('\r', pg->fp);
    fprintf(pg->fp, _("hyoka: %zu/%zu sheets, %.0f sheets/s"), done, total,
            (double)done * 1000.0 / (double)ms);
    fputs("\033[K", pg->fp);
    fflush(pg->fp);
}

static void progress_clear(progress *pg)
{
    if (pg->fp && pg->last_ms >= 0) {
        fputs("\r\033[K", pg->fp);
        fflush(pg->fp);
    }
}

/* ---- all of it ---------------------------------------------------------------- */

/* Takes sheet i's result: its warnings into diags, its failure into *rc.
 * Returns 0 to go on, -1 after a failure. */
static int consume(render_ctx *c, size_t i, hy_diags *diags, size_t *written, int *rc,
                   hy_err *err)
{
    sheet_result *res = c->results[i];
    c->results[i] = NULL;
    if (!res) {
        *rc = err_set(err, HY_EIO, _("%s: out of memory"), c->r->paths[i]);
        return -1;
    }
    if (res->diags && res->rc == HY_OK && c->r->paths[i] && c->r->each)
        c->r->each(c->r->each_ctx, i, res->diags);
    if (res->diags)
        diags_merge(diags, res->diags);
    if (res->rc != HY_OK) {
        *rc = res->rc;
        *err = res->err;
    } else if (c->r->paths[i]) {
        (*written)++;
    }
    diags_free(res->diags);
    free(res);
    return *rc == HY_OK ? 0 : -1;
}

int render_all(const hy_render *r, hy_diags *diags, size_t *written, hy_err *err)
{
    size_t n = r->dataset->nprojects, nwritten = 0;
    /* the result slots in the data set's arena, paged out with it (100,000
     * pointers on the heap were 0.8 MB); allocated before any thread walks
     * the data set and releases its pages */
    render_ctx c = {r, arena_calloc(r->dataset->arena, (n ? n : 1) * sizeof *c.results)};
    if (!c.results)
        return err_set(err, HY_EIO, _("out of memory"));
    progress pg = {r->progress, {0, 0}, -1};
    clock_gettime(CLOCK_MONOTONIC, &pg.start);

    /* The side job first, so that it runs while the sheets render. */
    side_job side = {r, HY_OK, {0, ""}, NULL};
    pthread_t side_id;
    int side_started = 0;
    if (r->side) {
        if (!(side.diags = diags_new()))
            return err_set(err, HY_EIO, _("out of memory"));
        side_started = pthread_create(&side_id, NULL, side_thread, &side) == 0;
    }

    int rc = HY_OK;
    unsigned jobs = r->jobs ? r->jobs : 1;
    if (jobs > n)
        jobs = n ? (unsigned)n : 1;
    hy_pool *pool = NULL;
    if (n > 0 && pool_start(jobs, n, sheet_task, &c, &pool) != 0)
        rc = err_set(err, HY_EIO, _("cannot start a thread to render sheets"));
    size_t seen = 0;
    while (pool && rc == HY_OK && seen < n) {
        size_t done = pool_wait(pool, seen, pg.fp ? PROGRESS_EVERY_MS : 0);
        /* dataset_next hands the data set's pages back as the sheets go by
         * (the threads touching them meanwhile map them in again) */
        for (; seen < done && rc == HY_OK; seen = dataset_next(r->dataset, seen))
            if (consume(&c, seen, diags, &nwritten, &rc, err) != 0)
                pool_stop(pool);
        progress_show(&pg, seen, n);
    }
    if (pool) {
        pool_stop(pool);   /* a no-op unless a sheet failed */
        pool_finish(pool);
    }
    progress_clear(&pg);
    /* Results of sheets after a failed one are dropped unread, as a single
     * thread would never have made them. */
    for (size_t i = 0; i < n; i++) {
        if (c.results[i]) {
            diags_free(c.results[i]->diags);
            free(c.results[i]);
        }
    }

    if (r->side) {
        if (side_started)
            pthread_join(side_id, NULL);
        else
            side_thread(&side);   /* no thread to spare: run it here, now */
        diags_merge(diags, side.diags);
        diags_free(side.diags);
        if (rc == HY_OK && side.rc != HY_OK) {
            rc = side.rc;
            *err = side.err;
        }
    }
    if (written)
        *written = nwritten;
    return rc;
}
