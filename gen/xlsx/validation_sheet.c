#include <stdio.h>

#include "xlsx/sheets.h"

int validation_sheet_write(const xw_book *b, lxw_worksheet *ws, const hy_diags *all)
{
    const char *headers[] = {"区分", "ファイル", "シート", "行", "列", "内容"};
    enum { NCOLS = sizeof headers / sizeof headers[0] };
    xw_sheet s;
    /* warnings about this sheet itself have nowhere to go: it is the last */
    xw_begin(&s, ws, &b->formats, b->profile, NULL, headers, NCOLS);
    for (size_t i = 0; all && i < all->count; i++) {
        const hy_diag *g = &all->items[i];
        xw_next_row(&s);
        xw_text(&s, 0, g->severity == DIAG_ERROR ? "エラー" : "警告", NULL);
        xw_text(&s, 1, diag_file_name(all, &g->loc), NULL);
        xw_text(&s, 2, g->loc.sheet, NULL);
        if (g->loc.row)
            xw_int(&s, 3, g->loc.row);
        if (g->loc.col)
            xw_int(&s, 4, g->loc.col);
        xw_text(&s, 5, g->message, NULL);
    }
    xw_end(&s, "検証結果", b->opts->fiscal_year);
    return s.failed ? -1 : 0;
}
