#include "cli/pipeline.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/render.h"
#include "compute/costs.h"
#include "compute/indicators.h"
#include "compute/rollup.h"
#include "compute/score.h"
#include "ingest/ingest.h"
#include "normalize/records.h"
#include "profile/inputconf.h"
#include "pdf/drawing.h"
#include "pdf/fontset.h"
#include "pdf/pdfwrite.h"
#include "template/bind.h"
#include "template/layout.h"
#include "template/template.h"
#include "util/csvout.h"
#include "util/fsutil.h"
#include "util/pool.h"
#include "util/vec.h"
#include "xlsx/summary.h"

/* ---- input files ------------------------------------------------------------ */

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The input files of a folder, sorted by name so every run reads them in the
 * same order; Excel's lock files (~$book.xlsx) and hidden files are skipped. */
static int list_inputs(const char *input, char ***files, size_t *nfiles, hy_err *err)
{
    *files = NULL;
    *nfiles = 0;
    if (!fs_is_dir(input)) {
        struct stat st;
        if (stat(input, &st) != 0)
            return err_set(err, HY_EIO, "%s: %s", input, strerror(errno));
        char **one = malloc(sizeof *one);
        if (!one || !(one[0] = strdup(input))) {
            free(one);
            return err_set(err, HY_EIO, "out of memory");
        }
        *files = one;
        *nfiles = 1;
        return HY_OK;
    }
    DIR *d = opendir(input);
    if (!d)
        return err_set(err, HY_EIO, "%s: cannot read the folder: %s", input, strerror(errno));
    char **list = NULL;
    size_t n = 0, cap = 0;
    int rc = HY_OK;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *name = e->d_name;
        if (name[0] == '.' || !strncmp(name, "~$", 2) || !ingest_is_input(name))
            continue;
        char **slot = vec_push(&list, &n, &cap, sizeof *slot);
        if (!slot || !(*slot = fs_join(input, name))) {
            rc = err_set(err, HY_EIO, "out of memory");
            break;
        }
    }
    closedir(d);
    if (rc != HY_OK) {
        for (size_t i = 0; i < n; i++)
            free(list[i]);
        free(list);
        return rc;
    }
    if (n > 1)
        qsort(list, n, sizeof *list, by_name);
    *files = list;
    *nfiles = n;
    return HY_OK;
}

/* ---- load ------------------------------------------------------------------- */

int pipeline_load(const hy_run_opts *opts, hy_run **out, hy_err *err)
{
    hy_run *run = calloc(1, sizeof *run);
    *out = run;
    if (!run)
        return err_set(err, HY_EIO, "out of memory");
    run->diags = diags_new();
    run->dataset = dataset_new();
    if (!run->diags || !run->dataset)
        return err_set(err, HY_EIO, "out of memory");

    /* The input first: a missing folder is an I/O error, whatever the profile. */
    char **files;
    size_t nfiles;
    int rc = list_inputs(opts->input, &files, &nfiles, err);
    if (rc != HY_OK)
        return rc;

    rc = inputconf_read(opts->input, &run->conf, err);
    const char *profile_id = opts->profile_id;
    if (rc == HY_OK && !profile_id)
        profile_id = run->conf->profile;
    if (rc == HY_OK && !profile_id)
        rc = err_set(err, HY_EUSAGE, "%s: which city? give --profile NAME or put "
                     "`profile = NAME` in %s/hyoka.conf", opts->input, opts->input);
    if (rc == HY_OK)
        rc = profile_load(opts->templates_dir, profile_id, &run->profile, err);
    if (rc == HY_OK) {
        char *columns_path = fs_join(opts->templates_dir, "columns.conf");
        rc = columns_path ? columns_load(columns_path, &run->columns, err)
                          : err_set(err, HY_EIO, "out of memory");
        free(columns_path);
    }
    if (rc == HY_OK && run->profile->aliases) {
        char *city = fs_join(run->profile->dir, run->profile->aliases);
        rc = city ? columns_add_file(run->columns, city, err) : err_set(err, HY_EIO, "out of memory");
        free(city);
    }

    run->nfiles = nfiles;
    if (rc == HY_OK && nfiles == 0) {
        hy_loc loc = {opts->input, NULL, 0, 0};
        diag_error(run->diags, &loc, "no input files (.csv, .xlsx, .xls) in this folder");
    }
    hy_ingest_opts iopts;
    ingest_default_opts(&iopts);
    iopts.encoding = opts->encoding;
    hy_book **books = calloc(nfiles ? nfiles : 1, sizeof *books);
    size_t nbooks = 0;
    if (!books && rc == HY_OK)
        rc = err_set(err, HY_EIO, "out of memory");
    for (size_t i = 0; i < nfiles && rc == HY_OK; i++) {
        hy_book *book = NULL;
        int r = ingest_file(files[i], &iopts, &book, run->diags, err);
        if (r == HY_EIO || r == HY_EUSAGE)
            rc = r;
        else if (book)
            books[nbooks++] = book;
    }
    if (rc == HY_OK) {
        hy_records_opts ropts = {run->conf->block_years, run->conf->path};
        rc = records_build_with(books, nbooks, run->columns, run->profile, &ropts, run->dataset,
                                run->diags, err);
    }
    if (rc == HY_OK) {
        compute_costs(run->dataset, run->profile, run->diags);
        /* one set of years for the KPI report; 達成率 of a project without a
         * 評価年度 (a KPI-only one) is judged in its evaluation year */
        hy_score_years years;
        score_years(run->dataset, run->profile, &years);
        indicators_compute(run->dataset, years.eval);
        if (score_all(run->dataset, run->profile, &years, run->diags) != 0)
            rc = err_set(err, HY_EIO, "out of memory scoring the KPIs");
    }
    for (size_t i = 0; i < nbooks; i++)
        book_free(books[i]);
    free(books);
    for (size_t i = 0; i < nfiles; i++)
        free(files[i]);
    free(files);
    return rc;
}

/* ---- render ----------------------------------------------------------------- */

void pipeline_sheet_name(const char *code, char *out, size_t size)
{
    size_t n = 0;
    for (const char *s = code; *s && n + 1 < size; s++) {
        char c = *s;
        int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '_';
        out[n++] = ok ? c : '_';
    }
    if (n == 0 && size > 1)
        out[n++] = '_';
    out[n] = '\0';
}

/* From how many sheets on the fonts are prepared for subsetting. */
#define PREPARE_FONTS_FROM 256

/* The project-field vocabulary templates may name: the projects and KPI
 * tables' canonical keys. */
static const char **project_keys(const hy_columns *cols, size_t *n)
{
    size_t a = columns_keys(cols, HY_TABLE_PROJECTS, NULL, 0);
    size_t b = columns_keys(cols, HY_TABLE_KPI, NULL, 0);
    const char **keys = malloc((a + b + 1) * sizeof *keys);
    if (!keys)
        return NULL;
    columns_keys(cols, HY_TABLE_PROJECTS, keys, a);
    columns_keys(cols, HY_TABLE_KPI, keys + a, b);
    *n = a + b;
    return keys;
}

/* Removes sheets of an earlier run whose project is gone, so out/ never
 * publishes a project the data no longer has. */
static void remove_stale(const char *dir, char **made, size_t nmade, int quiet)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".pdf") != 0)
            continue;
        int keep = 0;
        for (size_t i = 0; i < nmade && !keep; i++)
            keep = made[i] && !strcmp(made[i], e->d_name);
        if (keep)
            continue;
        char *path = fs_join(dir, e->d_name);
        if (path && unlink(path) == 0 && !quiet)
            fprintf(stderr, "hyoka: removed %s (its project is no longer in the data)\n", path);
        free(path);
    }
    closedir(d);
}

/* The file name of every project's sheet, in data-set order: its code made
 * safe (pipeline_sheet_name), with ~2, ~3 ... when two codes become the same
 * name. malloc'ed, as is the array; NULL when out of memory. */
static char **sheet_names(const hy_dataset *ds)
{
    char **names = calloc(ds->nprojects ? ds->nprojects : 1, sizeof *names);
    for (size_t i = 0; names && i < ds->nprojects; i++) {
        if (ds->projects[i].kpi_only)   /* in the KPI report only: never evaluated */
            continue;
        char base[256], name[300];
        pipeline_sheet_name(ds->projects[i].code, base, sizeof base);
        snprintf(name, sizeof name, "%s.pdf", base);
        for (int k = 2; k < 100000; k++) {
            int taken = 0;
            for (size_t j = 0; j < i && !taken; j++)
                taken = names[j] && !strcmp(names[j], name);
            if (!taken)
                break;
            snprintf(name, sizeof name, "%s~%d.pdf", base, k);
        }
        if (!(names[i] = strdup(name))) {
            for (size_t j = 0; j < i; j++)
                free(names[j]);
            free(names);
            return NULL;
        }
    }
    return names;
}

/* OUT/kpi-report.pdf: the strategy KPI progress report, laid out from the
 * profile's kpi_report template over the whole data set and its roll-ups.
 * Written when the data has strategy KPIs and the profile names the template;
 * a report of an earlier run is removed when the data no longer has any. */
static int render_kpi_report(hy_run *run, const hy_run_opts *opts, hy_fontset *fonts,
                             const hy_bind_vocabulary *voc, hy_err *err)
{
    const hy_profile *pf = run->profile;
    char *path = fs_join(opts->out_dir, "kpi-report.pdf");
    hy_rollup *ru = NULL;
    hy_template *tpl = NULL;
    hy_drawing *d = NULL;
    char *tpl_path = NULL;
    int rc = path ? rollup_build(run->dataset, pf, &ru, err)
                  : err_set(err, HY_EIO, "out of memory");
    if (rc != HY_OK)
        goto done;
    if (!ru->all.score.kpis || !pf->kpi_report_template) {
        if (ru->all.score.kpis) {
            hy_loc loc = {pf->path, NULL, 0, 0};
            diag_warn(run->diags, &loc, "the data has %zu strategy KPIs, but the profile names no "
                      "kpi_report template, so no KPI report is written", ru->all.score.kpis);
        }
        if (access(path, F_OK) == 0 && unlink(path) == 0 && !opts->quiet)
            fprintf(stderr, "hyoka: removed %s (the data has no KPI report)\n", path);
        goto done;
    }
    if (!(tpl_path = fs_join(pf->dir, pf->kpi_report_template)) || !(d = drawing_new())) {
        rc = err_set(err, HY_EIO, "out of memory");
        goto done;
    }
    if ((rc = template_load(tpl_path, bind_check, (void *)voc, &tpl, err)) != HY_OK ||
        (rc = layout_load_fonts(tpl, fonts, err)) != HY_OK)
        goto done;
    d->title = arena_printf(d->arena, "%s 施策KPI進捗状況", pf->city);
    d->author = pf->city;
    d->subject = "総合戦略 KPI進捗状況報告";
    d->epoch = opts->epoch;
    hy_bind b = {.dataset = run->dataset, .rollup = ru, .profile = pf,
                 .fiscal_year = ru->years.eval};
    rc = layout_sheet(tpl, fonts, &b, d, run->diags, err);
    if (rc == HY_OK)
        rc = pdf_write(d, fonts, path, err);
    run->kpi_report_written = rc == HY_OK;
done:
    drawing_free(d);
    template_free(tpl);
    rollup_free(ru);
    free(tpl_path);
    free(path);
    return rc;
}

/* summary.xlsx is written in two steps: its tables while the sheets render
 * (render.h's side job), its 検証結果 sheet after, when every warning of the
 * run is known. */
typedef struct workbook_job {
    const hy_run *run;
    const char *path;
    const hy_summary_opts *opts;
    hy_summary *summary;          /* open after the side job, until closed */
} workbook_job;

static int write_workbook_tables(void *ctx, hy_diags *diags, hy_err *err)
{
    workbook_job *w = ctx;
    int rc = summary_open(w->run->dataset, w->run->profile, w->opts, w->path, &w->summary, err);
    if (rc == HY_OK)
        rc = summary_write_tables(w->summary, diags, err);
    return rc;
}

int pipeline_render(hy_run *run, const hy_run_opts *opts, hy_err *err)
{
    const hy_profile *pf = run->profile;
    const hy_dataset *ds = run->dataset;
    char *sheets_dir = fs_join(opts->out_dir, "sheets");
    char *xlsx = fs_join(opts->out_dir, "summary.xlsx");
    char *tpl_path = opts->template_path ? strdup(opts->template_path)
                                         : fs_join(pf->dir, pf->sheet_template);
    size_t nkeys = 0;
    const char **keys = project_keys(run->columns, &nkeys);
    hy_template *tpl = NULL;
    hy_fontset *fonts = fontset_new();
    char **names = sheet_names(ds);
    /* each sheet's path, and the workbook's link to it, relative to itself */
    char **paths = calloc(ds->nprojects ? ds->nprojects : 1, sizeof *paths);
    char **links = calloc(ds->nprojects ? ds->nprojects : 1, sizeof *links);
    int rc = HY_OK;
    if (!sheets_dir || !xlsx || !tpl_path || !keys || !fonts || !names || !paths || !links) {
        rc = err_set(err, HY_EIO, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < ds->nprojects; i++)
        if (names[i] && (!(links[i] = fs_join("sheets", names[i])) ||
                         !(paths[i] = fs_join(sheets_dir, names[i])))) {
            rc = err_set(err, HY_EIO, "out of memory");
            goto done;
        }
    hy_bind_vocabulary voc = {keys, nkeys, pf};
    if ((rc = template_load(tpl_path, bind_check, &voc, &tpl, err)) != HY_OK ||
        (rc = layout_load_fonts(tpl, fonts, err)) != HY_OK ||
        (rc = fs_mkdirs(sheets_dir, err)) != HY_OK)
        goto done;
    /* ~35 ms once per font against ~0.14 ms saved per sheet: a big run only
     * (the sheets are the same bytes either way). */
    if (ds->nprojects >= PREPARE_FONTS_FROM && (rc = fontset_prepare(fonts, err)) != HY_OK)
        goto done;

    /* Every file name was settled before any sheet is drawn (sheet_names), so
     * which project gets which name never depends on the order sheets finish in. */
    hy_summary_opts so = {
        .epoch = opts->epoch,
        .fiscal_year = ds->nprojects ? ds->projects[0].fiscal_year : pf->fiscal_year,
        .sheet_files = (const char *const *)links,
    };
    workbook_job wb = {run, xlsx, &so, NULL};
    hy_render r = {
        .tpl = tpl,
        .fonts = fonts,
        .profile = pf,
        .dataset = ds,
        .paths = paths,
        .epoch = opts->epoch,
        /* One thread more than processors: writing a sheet waits on the file
         * system now and then (ext4 inode allocation, the journal), and the
         * spare thread keeps the processors busy meanwhile. Measured on 2
         * cores, 1,000 sheets, 8 runs each: -j 2 0.70-1.30 s (mean 0.78),
         * -j 3 0.70-0.74 s (mean 0.72). */
        .jobs = opts->jobs ? opts->jobs : pool_cpus() + 1,
        .progress = opts->progress,
        .side = write_workbook_tables,
        .side_ctx = &wb,
    };
    rc = render_all(&r, run->diags, &run->sheets_written, err);
    /* the report adds fonts to the font set: only once no thread reads it */
    if (rc == HY_OK)
        rc = render_kpi_report(run, opts, fonts, &voc, err);
    if (rc == HY_OK && wb.summary) {
        rc = summary_write_validation(wb.summary, run->diags, err);
        int closed = summary_close(wb.summary, rc == HY_OK ? err : NULL);
        if (rc == HY_OK)
            rc = closed;
        wb.summary = NULL;
    }
    summary_abort(wb.summary);   /* a failed run leaves no workbook */
    if (rc == HY_OK)
        remove_stale(sheets_dir, names, ds->nprojects, opts->quiet);
done:
    for (size_t i = 0; names && i < ds->nprojects; i++)
        free(names[i]);
    for (size_t i = 0; paths && i < ds->nprojects; i++)
        free(paths[i]);
    for (size_t i = 0; links && i < ds->nprojects; i++)
        free(links[i]);
    free(names);
    free(paths);
    free(links);
    template_free(tpl);
    fontset_free(fonts);
    free(keys);
    free(tpl_path);
    free(xlsx);
    free(sheets_dir);
    return rc;
}

int pipeline_write_validation(hy_run *run, const char *out_dir, hy_err *err)
{
    char *path = fs_join(out_dir, "validation.csv");
    if (!path)
        return err_set(err, HY_EIO, "out of memory");
    hy_output out;
    int rc = fs_mkdirs(out_dir, err);
    if (rc == HY_OK)
        rc = fs_output_open(&out, path, err);
    if (rc == HY_OK) {
        csvout_bom(out.fp);
        diags_write_csv(run->diags, out.fp);
        rc = fs_output_commit(&out, err);
    }
    free(path);
    return rc;
}

void pipeline_print_tables(const hy_run *run, FILE *fp)
{
    const hy_dataset *ds = run->dataset;
    for (size_t i = 0; i < ds->ntables; i++) {
        const hy_table_stats *t = &ds->tables[i];
        char where[1024];
        hy_loc loc = {t->file, t->sheet, 0, 0};
        diag_format_loc(&loc, where, sizeof where);
        fprintf(fp, "%s: %s: %zu rows read, %zu accepted, %zu rejected\n", where, t->kind,
                t->rows_read, t->rows_accepted, t->rows_rejected);
        if (t->nunknown_columns) {
            fprintf(fp, "%s: kept %zu column%s hyoka does not know:", where, t->nunknown_columns,
                    t->nunknown_columns == 1 ? "" : "s");
            for (size_t k = 0; k < t->nunknown_columns; k++)
                fprintf(fp, "%s %s", k ? "," : "", t->unknown_columns[k]);
            fputc('\n', fp);
        }
    }
}

void pipeline_free(hy_run *run)
{
    if (!run)
        return;
    inputconf_free(run->conf);
    profile_free(run->profile);
    columns_free(run->columns);
    dataset_free(run->dataset);
    diags_free(run->diags);
    free(run);
}
