/*
 * ingest_bench.c - how fast and how lean ingest_file is on large inputs.
 *
 *   hyoka_ingest_bench FILE...            reads each file, prints rows, cells, time
 *   hyoka_ingest_bench --make-xlsx OUT N  writes an N-row, 15-column workbook with
 *                                         libxlsxwriter (shared strings, as Excel
 *                                         writes), for scripts/bench-ingest
 *
 * Peak memory is measured from outside (/usr/bin/time -v), one file per process.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "ingest/ingest.h"

static const char *const departments[] = {"総務部", "企画部", "市民部", "福祉部", "建設部"};

static int make_xlsx(const char *path, long rows)
{
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "評価結果");
    static const char *const head[15] = {
        "事業コード", "事業名", "部", "課", "施策", "目的", "方向性", "事業費", "国庫支出金",
        "都道府県支出金", "地方債", "その他", "一般財源", "正職員人工", "評価年度"};
    for (int c = 0; c < 15; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], NULL);
    char buf[128];
    for (long r = 1; r <= rows; r++) {
        lxw_row_t row = (lxw_row_t)r;
        snprintf(buf, sizeof buf, "%06ld", r);
        worksheet_write_string(ws, row, 0, buf, NULL);
        snprintf(buf, sizeof buf, "①髙﨑地区子育て支援事業 第%ld号", r);
        worksheet_write_string(ws, row, 1, buf, NULL);
        worksheet_write_string(ws, row, 2, departments[r % 5], NULL);
        snprintf(buf, sizeof buf, "%s第%ld課", departments[r % 5], r % 7 + 1);
        worksheet_write_string(ws, row, 3, buf, NULL);
        snprintf(buf, sizeof buf, "施策%ld", r % 40 + 1);
        worksheet_write_string(ws, row, 4, buf, NULL);
        worksheet_write_string(ws, row, 5, "市民の安全・安心な暮らしを支える", NULL);
        worksheet_write_string(ws, row, 6, r % 3 ? "現状維持" : "拡充", NULL);
        double total = (double)(r % 997) * 1000 + 22000;
        worksheet_write_number(ws, row, 7, total, NULL);
        worksheet_write_number(ws, row, 8, total / 4, NULL);
        worksheet_write_number(ws, row, 9, total / 8, NULL);
        worksheet_write_number(ws, row, 10, 0, NULL);
        worksheet_write_number(ws, row, 11, 1234.5, NULL);
        worksheet_write_number(ws, row, 12, total - total / 4 - total / 8 - 1234.5, NULL);
        worksheet_write_number(ws, row, 13, (double)(r % 30) / 10, NULL);
        worksheet_write_number(ws, row, 14, 2024, NULL);
    }
    return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "--make-xlsx") == 0)
        return make_xlsx(argv[2], atol(argv[3]));
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE... | --make-xlsx OUT ROWS\n", argv[0]);
        return 2;
    }
    int status = 0;
    for (int i = 1; i < argc; i++) {
        hy_ingest_opts opts;
        ingest_default_opts(&opts);
        hy_diags *diags = diags_new();
        hy_err err;
        err_clear(&err);
        hy_book *book = NULL;
        double t0 = now();
        int rc = ingest_file(argv[i], &opts, &book, diags, &err);
        double secs = now() - t0;
        size_t rows = 0, cells = 0;
        for (size_t s = 0; book && s < book->nsheets; s++) {
            rows += book->sheets[s].nrows;
            for (size_t r = 0; r < book->sheets[s].nrows; r++)
                cells += book->sheets[s].rows[r].ncells;
        }
        printf("%s: status %d, %zu rows, %zu cells, %zu diagnostics, %.3f s, %.0f rows/s, "
               "arena %.1f MB\n", argv[i], rc, rows, cells, diags->count, secs,
               secs > 0 ? (double)rows / secs : 0.0,
               book ? (double)arena_used(book->arena) / 1e6 : 0.0);
        if (rc != HY_OK) {
            fprintf(stderr, "%s\n", err.msg);
            diags_print(diags, stderr);
            status = 1;
        }
        book_free(book);
        diags_free(diags);
    }
    return status;
}
