/*
 * out_public.c - the `public` output: OUT/public/, the set a city posts on its
 * website: index.html (publish/index.h), the open data (publish/opendata.h),
 * every sheet (and each further per-project document of the profile's
 * `sheets =` list) and the other documents this run wrote (the book when there
 * is one, the KPI report, the workbook), and SHA256SUMS over all of it. Files are
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
#include "template/template.h"
#include "util/fsutil.h"
#include "util/i18n.h"

static const char *const public_entries[] = {"public", NULL};

static int public_supported(const hy_outctx *c)
{
    return c->run->profile->lg_code != NULL;   /* the open data needs it in every row */
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
        rc = fs_link_or_copy(from, to, err);
    }
    free(from);
    free(to);
    return rc != HY_OK ? -1 : there;
}

/* Each project's documents: the profile's `sheets =` list (the one sheet when
 * it names no list), titled as their templates are, at the files out_sheets
 * wrote them to. Column 0 of files is c->sheet_files, borrowed. */
typedef struct pub_docs {
    hy_pubdocs d;
    char **titles;             /* [d.n] */
    char **files;              /* [project * d.n + k] */
    long long *bytes;
} pub_docs;

static void pub_docs_free(pub_docs *p, size_t nprojects)
{
    for (size_t k = 0; p->titles && k < p->d.n; k++)
        free(p->titles[k]);
    for (size_t i = 0; p->files && i < nprojects * p->d.n; i++)
        if (i % p->d.n)
            free(p->files[i]);
    free(p->titles);
    free(p->files);
    free(p->bytes);
}

/* Document k's title: its template's, or the template's file name without
 * .tpl when the title is empty or holds fields (it differs per project). */
static int doc_title(const hy_outctx *c, size_t k, char **title, hy_err *err)
{
    const hy_profile *pf = c->run->profile;
    const char *file = pf->nsheet_templates ? pf->sheet_templates[k] : pf->sheet_template;
    char *path = k == 0 && c->opts->template_path ? strdup(c->opts->template_path)
                                                  : fs_join(pf->dir, file);
    hy_template *tpl = NULL;
    int rc = path ? template_load(path, bind_check, (void *)c->voc, &tpl, err)
                  : err_set(err, HY_EIO, _("out of memory"));
    if (rc == HY_OK) {
        const char *t = tpl->title, *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        *title = t && *t && !strchr(t, '{') ? strdup(t)
                                            : strndup(base, strlen(base) > 4 ? strlen(base) - 4 : 0);
        if (!*title)
            rc = err_set(err, HY_EIO, _("out of memory"));
    }
    template_free(tpl);
    free(path);
    return rc;
}

static int pub_docs_init(const hy_outctx *c, pub_docs *p, hy_err *err)
{
    const hy_profile *pf = c->run->profile;
    size_t n = c->run->dataset->nprojects, kinds = pf->nsheet_templates ? pf->nsheet_templates : 1;
    memset(p, 0, sizeof *p);
    p->d.n = kinds;
    p->titles = calloc(kinds, sizeof *p->titles);
    p->files = calloc(n ? n * kinds : 1, sizeof *p->files);
    p->bytes = calloc(n ? n * kinds : 1, sizeof *p->bytes);
    int rc = p->titles && p->files && p->bytes ? HY_OK : err_set(err, HY_EIO, _("out of memory"));
    for (size_t k = 0; rc == HY_OK && k < kinds; k++)
        rc = doc_title(c, k, &p->titles[k], err);
    for (size_t i = 0; rc == HY_OK && i < n; i++) {
        p->files[i * kinds] = c->sheet_files[i];
        for (size_t k = 1; c->sheet_files[i] && k < kinds && rc == HY_OK; k++)
            if (!(p->files[i * kinds + k] =
                      outputs_document_file(c->sheet_files[i], pf->sheet_templates[k])))
                rc = err_set(err, HY_EIO, _("out of memory"));
    }
    p->d.titles = (const char *const *)p->titles;
    p->d.files = (const char *const *)p->files;
    p->d.bytes = p->bytes;
    return rc;
}

/* Every project's documents into pub/sheets/, with their sizes. */
static int place_sheets(hy_outctx *c, const char *pub, pub_docs *p, hy_err *err)
{
    size_t n = c->run->dataset->nprojects * p->d.n;
    char *dir = fs_join(pub, "sheets");
    int rc = dir ? fs_mkdirs(dir, err) : err_set(err, HY_EIO, _("out of memory"));
    for (size_t i = 0; rc == HY_OK && i < n; i++) {
        if (!p->files[i])
            continue;
        int r = place_doc(c->dir, pub, p->files[i], &p->bytes[i], err);
        if (r == 0)
            rc = err_set(err, HY_EUSAGE, _("the public set links every sheet, and %s was not "
                         "written: build the sheets too (--outputs sheets,public)"),
                         p->files[i]);
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
        "公表文書（事業ごとのPDF）", "項目定義（各ファイルの列の説明）",
    };
    const hy_run *run = c->run;
    const hy_profile *pf = run->profile;
    size_t n = run->dataset->nprojects;
    char *pub = fs_join(c->dir, "public");
    char *page = pub ? fs_join(pub, "index.html") : NULL;
    pub_docs pd;
    hy_index_link docs[sizeof DOCS / sizeof DOCS[0]], data[sizeof DATA_LABELS / sizeof DATA_LABELS[0]];
    size_t ndocs = 0, ndata = 0;
    int rc = pub_docs_init(c, &pd, err);
    if (rc == HY_OK)
        rc = pub && page ? fs_mkdirs(pub, err) : err_set(err, HY_EIO, _("out of memory"));
    if (rc == HY_OK)
        rc = place_sheets(c, pub, &pd, err);
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
        rc = opendata_write(run->dataset, run->profile, &pd.d, pub, err);
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
            .docs = &pd.d,
            .documents = docs,
            .ndocuments = ndocs,
            .data = data,
            .ndata = ndata,
        };
        rc = index_write(&ix, page, err);
    }
    if (rc == HY_OK)
        rc = sums_write(pub, err);
    pub_docs_free(&pd, n);
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
