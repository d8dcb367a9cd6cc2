#include "cli/pipeline.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/outputs.h"
#include "cli/render.h"
#include "cli/shard.h"
#include "cli/sheetname.h"
#include "compute/costs.h"
#include "compute/indicators.h"
#include "compute/rollup.h"
#include "compute/score.h"
#include "ingest/ingest.h"
#include "normalize/discover.h"
#include "normalize/records.h"
#include "draw/drawing.h"
#include "draw/fontset.h"
#include "profile/inputconf.h"
#include "publish/opendata.h"
#include "pdf/pdfwrite.h"
#include "template/bind.h"
#include "template/layout.h"
#include "template/template.h"
#include "util/csvout.h"
#include "util/fsutil.h"
#include "util/pool.h"
#include "util/vec.h"
#include "xlsx/summary.h"
#include "util/i18n.h"

/* ---- input files ------------------------------------------------------------ */

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A folder hyoka published as open data (OUT/public/: its definitions.csv, the
 * 項目定義, beside the tables) is read as those tables only: the summary
 * workbook and the rest published beside them repeat the same projects. */
static void keep_open_data(char **list, size_t *n)
{
    int published = 0;
    for (size_t i = 0; i < *n && !published; i++)
        published = !strcmp(fs_basename(list[i]), "definitions.csv");
    if (!published)
        return;
    size_t kept = 0;
    for (size_t i = 0; i < *n; i++) {
        const char *base = fs_basename(list[i]);
        /* definitions.csv describes the columns and documents.csv lists the
         * published PDFs: neither is a table of the data */
        int table = strcmp(base, "definitions.csv") && strcmp(base, "documents.csv");
        size_t k = 0;
        while (table && opendata_files[k] && strcmp(opendata_files[k], base))
            k++;
        if (table && opendata_files[k])
            list[kept++] = list[i];
        else
            free(list[i]);
    }
    *n = kept;
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
            return err_set(err, HY_EIO, _("out of memory"));
        }
        *files = one;
        *nfiles = 1;
        return HY_OK;
    }
    DIR *d = opendir(input);
    if (!d)
        return err_set(err, HY_EIO, _("%s: cannot read the folder: %s"), input, strerror(errno));
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
            rc = err_set(err, HY_EIO, _("out of memory"));
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
    keep_open_data(list, &n);
    if (n > 1)
        qsort(list, n, sizeof *list, by_name);
    *files = list;
    *nfiles = n;
    return HY_OK;
}

/* ---- last year and next year ------------------------------------------------ */

/* Last year's data, read like any input with this year's profile (its own
 * hyoka.conf may be gone: an open-data folder has none). Its problems are this
 * run's warnings: what was published a year ago cannot be fixed now, and the
 * comparison is made from what could be read. */
static int load_previous(hy_run *run, const hy_run_opts *opts, const char *folder, hy_err *err)
{
    hy_run_opts prev = *opts;
    prev.input = folder;
    prev.previous = "";          /* one year back, not a chain of them */
    prev.profile_id = run->profile->id;
    int rc = pipeline_load(&prev, &run->previous, err);
    if (rc != HY_OK)
        return rc;
    const hy_diags *pd = run->previous->diags;
    for (size_t i = 0; i < pd->count; i++)
        diag_warn(run->diags, &pd->items[i].loc, _("last year's data: %s"), pd->items[i].message);
    const hy_run *pr = run->previous;
    return compare_build(run->dataset, run->fiscal_year, pr->dataset, pr->fiscal_year,
                         run->profile, pr->profile, &run->comparison, run->diags, err);
}

/* The evaluation year, last year beside it (--previous) and next year's
 * requests against this year's verdicts. */
static int link_years(hy_run *run, const hy_run_opts *opts, hy_err *err)
{
    run->fiscal_year = rollup_eval_year(run->dataset, run->profile);
    int rc = budget_link_build(run->dataset, run->profile, run->fiscal_year, &run->budget,
                               run->diags, err);
    if (rc != HY_OK || (opts->previous && !*opts->previous))
        return rc;
    if (opts->previous)
        return load_previous(run, opts, opts->previous, err);
    if (!run->conf->previous)
        return HY_OK;
    /* hyoka.conf's folder is relative to the input folder, as a city keeps
     * its years side by side */
    char *folder = run->conf->previous[0] == '/' ? strdup(run->conf->previous)
                                                 : fs_join(opts->input, run->conf->previous);
    rc = folder ? load_previous(run, opts, folder, err) : err_set(err, HY_EIO, _("out of memory"));
    free(folder);
    return rc;
}

/* ---- load ------------------------------------------------------------------- */

/* `choices = data`: the judgement items are the ones the data set has. */
static int apply_found_choices(hy_run *run, hy_err *err)
{
    hy_found_choice *found;
    size_t nfound;
    if (discover_choices(run->dataset, run->columns, run->profile->arena, &found, &nfound) != 0 ||
        discover_apply(run->dataset, run->profile, found, nfound, run->diags) != 0)
        return err_set(err, HY_EIO, _("out of memory reading the judgement items"));
    return HY_OK;
}

/* A data set without projects is an error, not an empty publication: one typo
 * in a header makes the projects table unrecognised (a warning), and building
 * on would publish nothing in place of every sheet. */
static void require_projects(hy_run *run, const char *input)
{
    const hy_dataset *ds = run->dataset;
    size_t tables = 0, projects = 0, unknown = 0;
    for (size_t i = 0; i < ds->nprojects; i = dataset_next(ds, i))
        projects += !ds->projects[i].kpi_only;
    if (projects)
        return;
    /* A strategy's KPI sheet alone is a data set too (its publication is the KPI
     * report), unless some table was not recognised: that may be the projects
     * table with a typo in a header. */
    for (size_t i = 0; i < ds->ntables; i++)
        unknown += !strcmp(ds->tables[i].kind, "unknown");
    if (ds->nprojects && !unknown)
        return;
    for (size_t i = 0; i < ds->ntables; i++)   /* projects, or projects+costs (wide) */
        tables += !strncmp(ds->tables[i].kind, "projects", 8);
    hy_loc loc = {input, NULL, 0, 0};
    if (!tables)
        diag_error(run->diags, &loc, _("no projects table was recognised, so there is nothing to "
                   "evaluate (a table needs the headers of templates/columns.conf's [projects], "
                   "such as 事業コード and 事業名; see the warnings about tables above)"));
    else
        diag_error(run->diags, &loc, _("the projects table has no project that was accepted, so "
                   "there is nothing to evaluate"));
}

int pipeline_load(const hy_run_opts *opts, hy_run **out, hy_err *err)
{
    hy_run *run = calloc(1, sizeof *run);
    *out = run;
    if (!run)
        return err_set(err, HY_EIO, _("out of memory"));
    run->diags = diags_new();
    run->dataset = dataset_new();
    if (!run->diags || !run->dataset)
        return err_set(err, HY_EIO, _("out of memory"));

    /* The input first: a missing folder is an I/O error, whatever the profile. */
    char **files;
    size_t nfiles;
    int rc = list_inputs(opts->input, &files, &nfiles, err);
    if (rc != HY_OK)
        return rc;

    /* the tables written from the diagnostics name files relative to INPUT */
    if (fs_is_dir(opts->input)) {
        run->diags->root = opts->input;
    } else {
        const char *base = fs_basename(opts->input);
        run->diags->root = base > opts->input
            ? arena_printf(run->diags->arena, "%.*s", (int)(base - opts->input - 1), opts->input)
            : NULL;
    }

    rc = inputconf_read(opts->input, &run->conf, err);
    const char *profile_id = opts->profile_id;
    if (rc == HY_OK && !profile_id)
        profile_id = run->conf->profile;
    if (rc == HY_OK && !profile_id) {
        /* a city with no profile yet gets the standard form */
        profile_id = PIPELINE_STANDARD_PROFILE;
        run->standard_form = 1;
    }
    if (rc == HY_OK)
        rc = profile_load(opts->templates_dir, profile_id, &run->profile, err);
    if (rc == HY_OK && !*run->profile->city && run->conf->city)
        run->profile->city = arena_strdup(run->profile->arena, run->conf->city);
    if (rc == HY_OK) {
        char *columns_path = fs_join(opts->templates_dir, "columns.conf");
        rc = columns_path ? columns_load(columns_path, &run->columns, err)
                          : err_set(err, HY_EIO, _("out of memory"));
        free(columns_path);
    }
    if (rc == HY_OK && run->profile->aliases) {
        char *city = fs_join(run->profile->dir, run->profile->aliases);
        rc = city ? columns_add_file(run->columns, city, err) : err_set(err, HY_EIO, _("out of memory"));
        free(city);
    }

    run->nfiles = nfiles;
    if (rc == HY_OK && nfiles == 0) {
        hy_loc loc = {opts->input, NULL, 0, 0};
        diag_error(run->diags, &loc, _("no input files (.csv, .xlsx, .xls) in this folder"));
    }
    hy_ingest_opts iopts;
    ingest_default_opts(&iopts);
    iopts.encoding = opts->encoding;
    hy_book **books = calloc(nfiles ? nfiles : 1, sizeof *books);
    size_t nbooks = 0;
    if (!books && rc == HY_OK)
        rc = err_set(err, HY_EIO, _("out of memory"));
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
        rc = records_build_consume(books, nbooks, run->columns, run->profile, &ropts,
                                   run->dataset, run->diags, err);
    }
    if (rc == HY_OK && run->profile->choices_from_data)
        rc = apply_found_choices(run, err);
    if (rc == HY_OK && nfiles)
        require_projects(run, opts->input);
    if (rc == HY_OK) {
        compute_costs(run->dataset, run->profile, run->diags);
        /* one set of years for the KPI report; 達成率 of a project without a
         * 評価年度 (a KPI-only one) is judged in its evaluation year */
        hy_score_years years;
        score_years(run->dataset, run->profile, &years);
        indicators_compute(run->dataset, years.eval);
        if (score_all(run->dataset, run->profile, &years, run->diags) != 0)
            rc = err_set(err, HY_EIO, _("out of memory scoring the KPIs"));
    }
    for (size_t i = 0; i < nbooks; i++)
        book_free(books[i]);
    free(books);
    for (size_t i = 0; i < nfiles; i++)
        free(files[i]);
    free(files);
    if (rc == HY_OK)
        rc = link_years(run, opts, err);
    return rc;
}

/* ---- render ----------------------------------------------------------------- */

/* The project-field vocabulary templates may name: the projects and KPI
 * tables' canonical keys. */
const char **pipeline_project_keys(const hy_columns *cols, size_t *n)
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

/* The file name of every project's sheet, in data-set order (sheetname.h);
 * NULL for a KPI-only project, which gets none. The array, the names and the
 * codes they are made from are all in the data set's spill arena: 100,000
 * names on the heap were 7 MB held for the whole run. NULL when out of
 * memory. */
static const char **sheet_names(const hy_dataset *ds, const hy_profile *pf)
{
    const char **codes = arena_calloc(ds->arena, (ds->nprojects ? ds->nprojects : 1) * sizeof *codes);
    if (!codes)
        return NULL;
    for (size_t i = 0; i < ds->nprojects; i = dataset_next(ds, i))
        codes[i] = ds->projects[i].kpi_only ? NULL : ds->projects[i].code;
    return sheetname_assign(codes, ds->nprojects,
                            pf->ascii_file_names ? SHEETNAME_ASCII : SHEETNAME_UTF8, ds->arena);
}

/* Room for the entries of OUT the outputs own (outputs.h), with the NULL. */
#define HY_MAX_OWNED 64

/* The beside work of every selected output, as the sheets' side job (or run
 * on its own when no sheets are drawn). */
typedef struct beside_job {
    hy_outctx *c;
    const int *run_it;
} beside_job;

static int run_besides(void *ctx, hy_diags *diags, hy_err *err)
{
    beside_job *b = ctx;
    int rc = HY_OK;
    for (size_t i = 0; hy_outputs[i] && rc == HY_OK; i++)
        if (b->run_it[i] && hy_outputs[i]->beside)
            rc = hy_outputs[i]->beside(b->c, diags, err);
    return rc;
}

/* Which outputs a run writes: those named by --outputs, else every one the
 * data supports. An output named but not supported is a warning. */
static int select_outputs(hy_outctx *c, int *run_it, const char **owned, size_t n,
                          hy_err *err)
{
    int rc = HY_OK;
    if (c->opts->only)   /* just those projects' sheets */
        for (size_t i = 0; i < n; i++)
            run_it[i] = hy_outputs[i] == &hy_output_sheets;
    else if (c->opts->outputs)
        rc = outputs_parse(c->opts->outputs, run_it, n, err);
    else
        for (size_t i = 0; i < n; i++)
            run_it[i] = 1;
    for (size_t i = 0; c->opts->shard_n && i < n; i++)   /* a shard: its sheets alone */
        run_it[i] &= hy_outputs[i] == &hy_output_sheets;
    /* what OUT gets from this run: the entries of every selected output, written
     * or (when the data no longer supports it) removed */
    size_t k = 0;
    for (size_t i = 0; i < n && rc == HY_OK; i++)
        for (size_t e = 0; run_it[i] && hy_outputs[i]->entries[e]; e++)
            if (k + 1 < HY_MAX_OWNED)
                owned[k++] = hy_outputs[i]->entries[e];
            else
                rc = err_set(err, HY_EIO, _("the outputs own more than %d entries"), HY_MAX_OWNED - 1);
    for (size_t e = 0; c->opts->shard_n && shard_part_entries[e] && rc == HY_OK; e++)
        if (k + 1 < HY_MAX_OWNED)
            owned[k++] = shard_part_entries[e];
    owned[k] = NULL;
    for (size_t i = 0; i < n && rc == HY_OK; i++) {
        const hy_output_def *o = hy_outputs[i];
        if (!run_it[i] || !o->supported || o->supported(c))
            continue;
        run_it[i] = 0;
        if (c->opts->outputs) {
            hy_loc loc = {c->opts->input, NULL, 0, 0};
            diag_warn(c->run->diags, &loc, _("--outputs %s: the data does not support it, so it "
                      "is not written"), o->name);
        }
    }
    return rc;
}

/* Writes the selected outputs in table order; on failure every output
 * abandons what it left half-done. */
static int write_outputs(hy_outctx *c, const int *run_it, size_t n, hy_err *err)
{
    beside_job bj = {c, run_it};
    int hosted = 0;
    for (size_t i = 0; i < n; i++)
        hosted |= run_it[i] && hy_outputs[i]->hosts_beside;
    c->side = run_besides;
    c->side_ctx = &bj;
    int rc = hosted ? HY_OK : run_besides(&bj, c->run->diags, err);
    for (size_t i = 0; i < n && rc == HY_OK; i++)
        if (run_it[i] && hy_outputs[i]->write) {
            rc = hy_outputs[i]->write(c, err);
            outputs_give_back_memory();
        }
    if (rc != HY_OK)
        for (size_t i = 0; i < n; i++)
            if (run_it[i] && hy_outputs[i]->abort)
                hy_outputs[i]->abort(c);
    return rc;
}

/* `--only CODE,CODE`: keeps the sheet names of the projects listed (the
 * others' become NULL), so only their sheets are drawn. A code no evaluated project
 * has is a usage error naming it. */
static int keep_only(const hy_dataset *ds, const char *only, const char **names, hy_err *err)
{
    char *list = strdup(only), *save = NULL;
    if (!list)
        return err_set(err, HY_EIO, _("out of memory"));
    unsigned char *keep = calloc(ds->nprojects ? ds->nprojects : 1, 1);
    int rc = keep ? HY_OK : err_set(err, HY_EIO, _("out of memory"));
    for (char *code = strtok_r(list, ",", &save); code && rc == HY_OK;
         code = strtok_r(NULL, ",", &save)) {
        int found = 0;
        for (size_t i = 0; i < ds->nprojects; i = dataset_next(ds, i))
            if (names[i] && !strcmp(ds->projects[i].code, code))
                found = keep[i] = 1;
        if (!found)
            rc = err_set(err, HY_EUSAGE, _("--only %s: no project in the data has this code"), code);
    }
    for (size_t i = 0; rc == HY_OK && i < ds->nprojects; i = dataset_next(ds, i))
        if (!keep[i]) {
            names[i] = NULL;
        }
    free(keep);
    free(list);
    return rc;
}

int pipeline_render(hy_run *run, const hy_run_opts *opts, hy_err *err)
{
    const hy_dataset *ds = run->dataset;
    size_t n = outputs_count(), nkeys = 0;
    const char **keys = pipeline_project_keys(run->columns, &nkeys);
    hy_fontset *fonts = fontset_new();
    const char **names = sheet_names(ds, run->profile);
    /* each sheet's path relative to OUT: the workbook and the public page link
     * it; in the data set's arena, as the names are */
    char **files = arena_calloc(ds->arena, (ds->nprojects ? ds->nprojects : 1) * sizeof *files);
    int run_it[sizeof ((hy_outctx *)0)->state / sizeof (void *)] = {0};
    const char *owned[HY_MAX_OWNED];
    hy_rollup *ru = NULL;
    hy_shard_log *log = NULL;
    int rc = HY_OK;
    if (n > sizeof run_it / sizeof run_it[0]) {
        rc = err_set(err, HY_EIO, _("%zu outputs, room for %zu"), n, sizeof run_it / sizeof run_it[0]);
        goto done;
    }
    if (!keys || !fonts || !names || !files) {
        rc = err_set(err, HY_EIO, _("out of memory"));
        goto done;
    }
    if (opts->only && (rc = keep_only(ds, opts->only, names, err)) != HY_OK)
        goto done;
    if (opts->shard_n)
        shard_keep(ds, opts->shard_k, opts->shard_n, names);
    for (size_t i = 0; i < ds->nprojects; i = dataset_next(ds, i))
        if (names[i] && !(files[i] = arena_printf(ds->arena, "sheets/%s", names[i]))) {
            rc = err_set(err, HY_EIO, _("out of memory"));
            goto done;
        }
    if ((rc = rollup_build(ds, run->profile, &ru, err)) != HY_OK)
        goto done;
    hy_bind_vocabulary voc = {keys, nkeys, run->profile};
    if ((rc = outdir_stage(opts->outdir, err)) != HY_OK)
        goto done;
    hy_outctx c = {
        .run = run,
        .opts = opts,
        .dir = opts->outdir->staging,
        .rollup = ru,
        .fiscal_year = ru->fiscal_year,
        .epoch = opts->epoch,
        .fonts = fonts,
        .voc = &voc,
        .sheet_files = files,
    };
    if (opts->shard_n && !(log = c.shard_log = shard_log_new())) {
        rc = err_set(err, HY_EIO, _("out of memory"));
        goto done;
    }
    if ((rc = select_outputs(&c, run_it, owned, n, err)) == HY_OK &&
        (rc = write_outputs(&c, run_it, n, err)) == HY_OK &&
        (!log || (rc = shard_write_part(log, run, opts, c.dir, err)) == HY_OK))
        rc = outdir_commit(opts->outdir, owned, err);
done:
    if (rc != HY_OK)
        outdir_abort(opts->outdir);
    rollup_free(ru);
    shard_log_free(log);
    fontset_free(fonts);
    free(keys);
    return rc;
}

int pipeline_write_validation(hy_run *run, const char *out_dir, hy_err *err)
{
    char *path = fs_join(out_dir, "validation.csv");
    if (!path)
        return err_set(err, HY_EIO, _("out of memory"));
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

size_t pipeline_leave_out(hy_run *run)
{
    hy_dataset *ds = run->dataset;
    size_t kept = 0, dropped = 0;
    for (size_t i = 0; i < ds->nprojects; i = dataset_next(ds, i))
        dropped += ds->projects[i].has_errors;
    hy_left_out *all = dropped ? arena_alloc(ds->arena, (ds->nleft_out + dropped) * sizeof *all)
                               : NULL;
    if (dropped && !all)
        return (size_t)-1;
    if (all && ds->nleft_out)
        memcpy(all, ds->left_out, ds->nleft_out * sizeof *all);
    size_t n = ds->nleft_out;
    for (size_t i = 0; i < ds->nprojects; i = dataset_next(ds, i)) {
        const hy_project *p = &ds->projects[i];
        if (p->has_errors)
            all[n++] = (hy_left_out){p->code, p->loc};
        else
            ds->projects[kept++] = *p;
    }
    ds->nprojects = kept;
    if (all) {
        ds->left_out = all;
        ds->nleft_out = n;
    }
    return ds->nleft_out;
}

void pipeline_print_left_out(const hy_run *run, FILE *fp)
{
    const hy_dataset *ds = run->dataset;
    char where[1024];
    for (size_t i = 0; i < ds->nleft_out; i++) {
        const hy_left_out *lo = &ds->left_out[i];
        diag_format_loc(&lo->loc, where, sizeof where);
        fprintf(fp, _("hyoka: left out: %s (%s)\n"), lo->code ? lo->code : "no code", where);
    }
}

void pipeline_print_tables(const hy_run *run, FILE *fp)
{
    const hy_dataset *ds = run->dataset;
    for (size_t i = 0; i < ds->ntables; i++) {
        const hy_table_stats *t = &ds->tables[i];
        char where[1024];
        hy_loc loc = {t->file, t->sheet, 0, 0};
        diag_format_loc(&loc, where, sizeof where);
        /* file names and headers come from the city's files: no raw control characters */
        diag_put_visible(fp, where);
        fprintf(fp, _(": %s: %zu rows read, %zu accepted, %zu rejected\n"), t->kind,
                t->rows_read, t->rows_accepted, t->rows_rejected);
        if (t->nunknown_columns) {
            diag_put_visible(fp, where);
            fprintf(fp, P_(": kept %zu column hyoka does not know:",
                           ": kept %zu columns hyoka does not know:", t->nunknown_columns),
                    t->nunknown_columns);
            for (size_t k = 0; k < t->nunknown_columns; k++) {
                fputs(k ? ", " : " ", fp);
                diag_put_visible(fp, t->unknown_columns[k]);
            }
            fputc('\n', fp);
        }
    }
}

void pipeline_free(hy_run *run)
{
    if (!run)
        return;
    inputconf_free(run->conf);
    compare_free(run->comparison);
    budget_link_free(run->budget);
    pipeline_free(run->previous);
    profile_free(run->profile);
    columns_free(run->columns);
    dataset_free(run->dataset);
    diags_free(run->diags);
    free(run);
}
