/* tests for cli/render: sheets on several threads give what one thread gives,
 * warnings and failures in project order, the side job alongside */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/pipeline.h"
#include "cli/render.h"
#include "template/layout.h"
#include "testutil.h"
#include "util/fsutil.h"

static hy_run *run;
static hy_template *tpl;
static hy_fontset *fonts;

/* The side job: one warning, then the status it was told to return. */
typedef struct side {
    int rc;
    int calls;
} side;

static int side_job(void *ctx, hy_diags *diags, hy_err *err)
{
    side *s = ctx;
    s->calls++;
    diag_warn(diags, NULL, "the side job ran");
    return s->rc == HY_OK ? HY_OK : err_set(err, s->rc, "the side job failed");
}

static hy_render setup(char **paths, unsigned jobs, side *s)
{
    hy_render r = {
        .tpl = tpl,
        .fonts = fonts,
        .profile = run->profile,
        .dataset = run->dataset,
        .paths = paths,
        .epoch = 1719792000,
        .jobs = jobs,
        .side = side_job,
        .side_ctx = s,
    };
    return r;
}

/* Paths dir/<i>.pdf for every project, NULL where skip says so. */
static char **make_paths(const char *dir, const int *skip)
{
    size_t n = run->dataset->nprojects;
    char **paths = calloc(n, sizeof *paths);
    for (size_t i = 0; i < n; i++) {
        if (skip && skip[i])
            continue;
        char name[32];
        snprintf(name, sizeof name, "%zu.pdf", i);
        paths[i] = fs_join(dir, name);
    }
    return paths;
}

static void free_paths(char **paths)
{
    for (size_t i = 0; i < run->dataset->nprojects; i++)
        free(paths[i]);
    free(paths);
}

/* All diagnostics as one string, one message per line. */
static char *messages(const hy_diags *d)
{
    size_t len = 1;
    for (size_t i = 0; i < d->count; i++)
        len += strlen(d->items[i].message) + 1;
    char *s = calloc(1, len);
    for (size_t i = 0; i < d->count; i++) {
        strcat(s, d->items[i].message);
        strcat(s, "\n");
    }
    return s;
}

static int exists(const char *path)
{
    struct stat st;
    return path && stat(path, &st) == 0;
}

/* Projects 2, 5 and 9 have a name the font cannot print (𠮷), so their
 * sheets warn; every fourth project gets no sheet. Any number of threads
 * gives the same warnings in the same order, the side job's last, and the
 * same files. */
static void test_same_as_one_thread(void)
{
    size_t n = run->dataset->nprojects;
    CU_ASSERT_FATAL(n >= 10);
    const char *saved[3];
    const size_t odd[3] = {2, 5, 9};
    for (int k = 0; k < 3; k++) {
        saved[k] = run->dataset->projects[odd[k]].name;
        run->dataset->projects[odd[k]].name = "\xF0\xA0\xAE\xB7野家事業";
    }
    int skip[64] = {0};
    size_t expect_written = 0;
    for (size_t i = 0; i < n; i++) {
        skip[i] = i % 4 == 3;
        expect_written += !skip[i];
    }
    char *first = NULL;
    for (unsigned jobs = 1; jobs <= 4; jobs++) {
        char *dir = test_tmpdir("render");
        char **paths = make_paths(dir, skip);
        side s = {HY_OK, 0};
        hy_render r = setup(paths, jobs, &s);
        hy_diags *diags = diags_new();
        hy_err err;
        size_t written = 99;
        CU_ASSERT_EQUAL(render_all(&r, diags, &written, &err), HY_OK);
        CU_ASSERT_EQUAL(written, expect_written);
        CU_ASSERT_EQUAL(s.calls, 1);
        for (size_t i = 0; i < n; i++)
            CU_ASSERT_EQUAL(exists(paths[i]), !skip[i]);
        /* three sheets warn (one per missing glyph), then the side job */
        CU_ASSERT_EQUAL(diags->warnings, 4);
        CU_ASSERT_STRING_EQUAL(diags->items[diags->count - 1].message, "the side job ran");
        char *msgs = messages(diags);
        if (!first)
            first = msgs;
        else {
            CU_ASSERT_STRING_EQUAL(msgs, first);
            free(msgs);
        }
        diags_free(diags);
        free_paths(paths);
        free(dir);
    }
    /* in project order: the codes of 2, 5 and 9 appear in that order */
    const char *at = first;
    for (int k = 0; k < 3; k++) {
        at = at ? strstr(at, run->dataset->projects[odd[k]].code) : NULL;
        CU_ASSERT_PTR_NOT_NULL(at);
    }
    free(first);
    for (int k = 0; k < 3; k++)
        run->dataset->projects[odd[k]].name = saved[k];
}

/* Two sheets cannot be written: whichever thread fails first, the failure
 * reported is the earlier project's, and the side job still runs. */
static void test_first_failure_in_project_order(void)
{
    for (int round = 0; round < 8; round++) {
        char *dir = test_tmpdir("render");
        char **paths = make_paths(dir, NULL);
        free(paths[3]);
        free(paths[8]);
        paths[3] = fs_join(dir, "missing/3.pdf");
        paths[8] = fs_join(dir, "missing/8.pdf");
        side s = {HY_OK, 0};
        hy_render r = setup(paths, 1 + round % 4, &s);
        hy_diags *diags = diags_new();
        hy_err err;
        CU_ASSERT_EQUAL(render_all(&r, diags, NULL, &err), HY_EIO);
        /* (the file is made under a temporary name first) */
        CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "missing/.3.pdf."));
        CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "cannot create: No such file or directory"));
        CU_ASSERT_EQUAL(s.calls, 1);
        /* sheets before the failed one are there */
        for (size_t i = 0; i < 3; i++)
            CU_ASSERT(exists(paths[i]));
        diags_free(diags);
        free_paths(paths);
        free(dir);
    }
}

/* The side job's failure is the run's when every sheet was written. */
static void test_side_failure(void)
{
    char *dir = test_tmpdir("render");
    char **paths = make_paths(dir, NULL);
    side s = {HY_EIO, 0};
    hy_render r = setup(paths, 2, &s);
    hy_diags *diags = diags_new();
    hy_err err;
    size_t written = 0;
    CU_ASSERT_EQUAL(render_all(&r, diags, &written, &err), HY_EIO);
    CU_ASSERT_STRING_EQUAL(err.msg, "the side job failed");
    CU_ASSERT_EQUAL(written, run->dataset->nprojects);
    CU_ASSERT_EQUAL(diags->warnings, 1);
    diags_free(diags);
    free_paths(paths);
    free(dir);
}

int main(void)
{
    char input[4096], templates[4096];
    snprintf(input, sizeof input, "%s", test_src("input"));
    snprintf(templates, sizeof templates, "%s", test_src("templates"));
    hy_run_opts opts = {.input = input, .templates_dir = templates, .epoch = -1};
    hy_err err;
    if (pipeline_load(&opts, &run, &err) != HY_OK || run->diags->errors) {
        fprintf(stderr, "cannot load input/: %s\n", err.msg);
        return 1;
    }
    fonts = fontset_new();
    if (template_load(test_src("templates/nemuro/sheet.tpl"), NULL, NULL, &tpl, &err) != HY_OK ||
        layout_load_fonts(tpl, fonts, &err) != HY_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    static const hy_test tests[] = {
        {"any number of threads gives one thread's files and warnings", test_same_as_one_thread},
        {"the failure reported is the first in project order", test_first_failure_in_project_order},
        {"the side job's failure", test_side_failure},
        {NULL, NULL},
    };
    int rc = test_main("render", tests);
    template_free(tpl);
    fontset_free(fonts);
    pipeline_free(run);
    return rc;
}
