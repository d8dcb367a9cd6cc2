#include "ingest/sheet.h"

const char *row_text(const hy_row *row, uint32_t col)
{
    if (col == 0 || col > row->ncells)
        return NULL;
    return row->cells[col - 1].text;
}
