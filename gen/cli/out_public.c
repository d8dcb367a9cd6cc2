/*
 * out_public.c - the `public` output: OUT/public/, the set a city posts on its
 * website: index.html (publish/index.h), the open data (publish/opendata.h),
 * every sheet and the other documents this run wrote (the book when there is
 * one, the KPI report, the workbook), and SHA256SUMS over all of it. Files are
 * hard links to the ones beside public/ where the file system allows (a copy
 * where not), so the set costs no second copy of the sheets. Written after
 * every document it links, so a link never points at a file not there.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/outputs.h"
#include "publish/index.h"
#include "publish/opendata.h"
#include "publish/sums.h"
#include "util/fsutil.h"
#include "util/i18n.h"

static const char *const public_entries[] = {"public", NULL};

static int public_supported(const hy_outctx *c)
{
    return c->run->profile->lg_code != NULL;   /* the open data needs it in every row */
}

/* from into to: a hard link, else a copy. */
static int place(const char *from, const char *to, hy_err *err)
{
    if (link(from, to) == 0)
        return HY_OK;
    char *data;
    size_t len;
    int rc = fs_read_file(from, (size_t)1 << 31, &data, &len, err);
    if (rc != HY_OK)
        return rc;
    hy_output out;
    rc = fs_output_open(&out, to, err);
    if (rc == HY_OK) {
        fwrite(data, 1, len, out.fp);
        rc = fs_output_commit(&out, err);
    }
    free(data);
    return rc;
}

/* dir/rel into pub/rel when it exists; its size into *bytes. 0: not there. */
static int place_doc(const char *dir, const char *pub, const char *rel, long long *bytes,
                     hy_err *err)
{
    char *from = fs_join(dir, rel), *to = fs_join(pub, rel);
    struct stat st;
    int rc = !from || !to ? err_set(err, HY_EIO, _("out of memory")) : HY_OK;
    int there = rc == HY_OK && lstat(from, &st) == 0 && S_ISREG(st.st_mode);
    if (there) {
        *bytes = st.st_size;
        rc = place(from, to, err);
    }
    free(from);
    free(to);
    return rc != HY_OK ? -1 : there;
}

/* The sheets into pub/sheets/, with their sizes. */
static int place_sheets(hy_outctx *c, const char *pub, long long *bytes, hy_err *err)
{
    const hy_dataset *ds = c->run->dataset;
    char *dir = fs_join(pub, "sheets");
    int rc = dir ? fs_mkdirs(dir, err) : err_set(err, HY_EIO, _("out of memory"));
    for (size_t i = 0; rc == HY_OK && i < ds->nprojects; i++) {
        if (!c->sheet_files[i])
            continue;
        int r = place_doc(c->dir, pub, c->sheet_files[i], &bytes[i], err);
        if (r == 0)
            rc = err_set(err, HY_EUSAGE, _("the public set links every sheet, and %s was not "
                         "written: build the sheets too (--outputs sheets,public)"),
                         c->sheet_files[i]);
        else if (r < 0)
            rc = HY_EIO;
    }
    free(dir);
    return rc;
}

static int public_write(hy_outctx *c, hy_err *err)
{
    static const struct { const char *file, *label; } DOCS[] = {
        {"book.pdf", "事務事業評価報告書"},
        {"kpi-report.pdf", "総合戦略 施策KPIの進捗状況"},
        {"summary.xlsx", "集計表（事業一覧・事業費・指標）"},
    };
    static const char *const DATA_LABELS[] = {
        "事業一覧", "事業費（年度・財源別）", "指標（年度別）", "評価の視点（判定）",
        "項目定義（各ファイルの列の説明）",
    };
    const hy_run *run = c->run;
    const hy_profile *pf = run->profile;
    size_t n = run->dataset->nprojects;
    char *pub = fs_join(c->dir, "public");
    char *page = pub ? fs_join(pub, "index.html") : NULL;
    long long *bytes = calloc(n ? n : 1, sizeof *bytes);
    hy_index_link docs[sizeof DOCS / sizeof DOCS[0]], data[sizeof DATA_LABELS / sizeof DATA_LABELS[0]];
    size_t ndocs = 0, ndata = 0;
    int rc = pub && page && bytes ? fs_mkdirs(pub, err) : err_set(err, HY_EIO, _("out of memory"));
    if (rc == HY_OK)
        rc = place_sheets(c, pub, bytes, err);
    for (size_t i = 0; rc == HY_OK && i < sizeof DOCS / sizeof DOCS[0]; i++) {
        /* the book goes by the profile's name and title */
        int book = !strcmp(DOCS[i].file, "book.pdf");
        const char *file = book && pf->book_file ? pf->book_file : DOCS[i].file;
        const char *label = book && pf->book_title ? pf->book_title : DOCS[i].label;
        long long sz = 0;
        int r = place_doc(c->dir, pub, file, &sz, err);
        if (r < 0)
            rc = HY_EIO;
        else if (r > 0)
            docs[ndocs++] = (hy_index_link){file, label, sz};
    }
    if (rc == HY_OK)
        rc = opendata_write(run->dataset, run->profile, (const char *const *)c->sheet_files, pub,
                            err);
    for (size_t i = 0; rc == HY_OK && opendata_files[i] && i < sizeof data / sizeof data[0]; i++) {
        char *f = fs_join(pub, opendata_files[i]);
        struct stat st;
        if (!f || stat(f, &st) != 0)
            rc = err_set(err, HY_EIO, "%s: %s", f ? f : pub, f ? strerror(errno) : _("out of memory"));
        else
            data[ndata++] = (hy_index_link){opendata_files[i], DATA_LABELS[i], st.st_size};
        free(f);
    }
    if (rc == HY_OK) {
        hy_index ix = {
            .ds = run->dataset,
            .profile = run->profile,
            .fiscal_year = c->fiscal_year,
            .sheet_files = (const char *const *)c->sheet_files,
            .sheet_bytes = bytes,
            .documents = docs,
            .ndocuments = ndocs,
            .data = data,
            .ndata = ndata,
        };
        rc = index_write(&ix, page, err);
    }
    if (rc == HY_OK)
        rc = sums_write(pub, err);
    free(bytes);
    free(page);
    free(pub);
    return rc;
}

const hy_output_def hy_output_public = {
    .name = "public",
    .entries = public_entries,
    .supported = public_supported,
    .write = public_write,
};
