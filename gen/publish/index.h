/*
 * index.h - the disclosure page (public/index.html): one static page with no
 * server and no external resource, lang="ja": the title, a summary, and a
 * table of every evaluated project (code, name, 部・課, 政策・施策, the latest
 * 決算 事業費 and トータルコスト, 今後の方向性, the evaluation result), each
 * linked to its PDF with its size (to each of its PDFs, by title, when the
 * profile publishes several), plus links to the other documents and the open
 * data. A few lines of inline script add a filter box; without script
 * the whole table is there. It reads on a phone (the table scrolls sideways).
 */
#ifndef HY_INDEX_H
#define HY_INDEX_H

#include "model/model.h"
#include "profile/profile.h"
#include "publish/opendata.h"
#include "util/err.h"

/* A file the page links to, with what it is. */
typedef struct hy_index_link {
    const char *href;          /* relative to the page */
    const char *label;         /* 事務事業評価報告書 (PDF) ... */
    long long bytes;           /* its size, shown beside the link */
} hy_index_link;

typedef struct hy_index {
    const hy_dataset *ds;
    const hy_profile *profile;
    int fiscal_year;                  /* the evaluation year */
    const hy_pubdocs *docs;           /* each project's PDFs, relative to the page */
    const hy_index_link *documents;   /* the book, the KPI report, the workbook */
    size_t ndocuments;
    const hy_index_link *data;        /* the open data files */
    size_t ndata;
} hy_index;

/* Writes the page to path (renamed into place when complete). Returns HY_OK
 * or HY_EIO with err naming the file. */
int index_write(const hy_index *ix, const char *path, hy_err *err);

/* A file size as the page shows it: 48KB (kilobytes rounded up), 1.2MB. */
void index_size(long long bytes, char *out, size_t size);

#endif
