#include "ingest/xls.h"

#include <errno.h>
#include <freexl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "ingest/cellfmt.h"
#include "ingest/sheetbuild.h"

typedef struct xls_reader {
    const char *path;
    const void *handle;
    const hy_ingest_limits *limits;
    hy_book *book;
    hy_diags *diags;
    const char *sheet;      /* name of the sheet being read, in the diagnostics' arena */
} xls_reader;

static void xls_error(xls_reader *r, uint32_t row, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void xls_error(xls_reader *r, uint32_t row, uint32_t col, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    hy_loc loc = {r->path, r->sheet, row, col};
    diag_error(r->diags, &loc, "%s", msg);
}

/* FreeXL's error codes in words, for the codes a damaged or unusual file gives. */
static const char *xls_strerror(int code)
{
    switch (code) {
    case FREEXL_INSUFFICIENT_MEMORY: return "out of memory";
    case FREEXL_INVALID_CFBF_HEADER:
    case FREEXL_CFBF_INVALID_SIGNATURE:
    case FREEXL_CFBF_INVALID_SECTOR_SIZE: return "the OLE container header is damaged";
    case FREEXL_CFBF_READ_ERROR:
    case FREEXL_CFBF_SEEK_ERROR: return "the file is cut short or damaged";
    case FREEXL_CFBF_EMPTY_FAT_CHAIN:
    case FREEXL_CFBF_ILLEGAL_FAT_ENTRY:
    case FREEXL_CFBF_ILLEGAL_MINI_FAT_ENTRY:
    case FREEXL_INVALID_MINI_STREAM: return "the OLE container is damaged";
    case FREEXL_BIFF_INVALID_BOF:
    case FREEXL_BIFF_WORKBOOK_NOT_FOUND: return "no Excel workbook stream in the file";
    case FREEXL_BIFF_INVALID_SST:
    case FREEXL_BIFF_ILLEGAL_SST_INDEX: return "the shared string table is damaged";
    case FREEXL_INVALID_CHARACTER: return "text that is not valid in the workbook's code page";
    case FREEXL_UNSUPPORTED_CHARSET: return "the workbook's code page is not supported";
    case FREEXL_CRAFTED_FILE: return "the file is severely damaged (possibly crafted)";
    default: return "FreeXL could not read it";
    }
}

/* Why a file with an .xls name is no BIFF workbook, judged by its first bytes;
 * NULL when it starts like one. */
static const char *xls_not_biff(const char *path)
{
    unsigned char sig[8] = {0};
    FILE *fp = fopen(path, "rb");
    size_t n = fp ? fread(sig, 1, sizeof sig, fp) : 0;
    if (fp)
        fclose(fp);
    if (n == 8 && memcmp(sig, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        return NULL;
    if (n == 0)
        return "the file is empty";
    if (n >= 4 && memcmp(sig, "PK\x03\x04", 4) == 0)
        return "it is an .xlsx workbook (a zip file) with an .xls name; rename it to .xlsx";
    if (n >= 1 && sig[0] == '<')
        return "it is an HTML or XML file with an .xls name; open it in Excel and save it "
               "as .xlsx";
    return "it does not start with the signature of an Excel 97-2003 file";
}

/* One cell as FreeXL gives it. Returns 0, or -1 when out of memory. */
static int xls_cell(xls_reader *r, hy_sheetbuild *sb, uint32_t row, uint32_t col,
                    const FreeXL_CellValue *v, int *broken)
{
    char num[CELLFMT_NUMBER_MAX];
    const char *text;
    size_t len;
    switch (v->type) {
    case FREEXL_CELL_INT:
        len = (size_t)snprintf(num, sizeof num, "%d", v->value.int_value);
        return sheetbuild_cell(sb, col, HY_CELL_NUMBER, num, len);
    case FREEXL_CELL_DOUBLE:
        len = cellfmt_number(v->value.double_value, num);
        if (len == 0) {
            xls_error(r, row, col, "number cell holds an infinity or NaN");
            *broken = 1;
            return 0;
        }
        return sheetbuild_cell(sb, col, HY_CELL_NUMBER, num, len);
    case FREEXL_CELL_DATE:
    case FREEXL_CELL_DATETIME:
        /* "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS": the date, as from an .xlsx. */
        text = v->value.text_value;
        return sheetbuild_cell(sb, col, HY_CELL_DATE, text, strnlen(text, 10));
    case FREEXL_CELL_TIME:
        text = v->value.text_value;
        return sheetbuild_cell(sb, col, HY_CELL_TEXT, text, strlen(text));
    case FREEXL_CELL_TEXT:
    case FREEXL_CELL_SST_TEXT:
        text = v->value.text_value;
        len = strlen(text);
        if (len > r->limits->max_cell_bytes) {
            xls_error(r, row, col, "cell is %zu bytes long, more than the limit of %zu bytes; "
                      "it was cut short", len, r->limits->max_cell_bytes);
            *broken = 1;
            len = r->limits->max_cell_bytes;
            while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
                len--;
        }
        return sheetbuild_cell(sb, col, HY_CELL_TEXT, text, len);
    default:
        return 0;
    }
}

/* Reads the selected worksheet. Returns 0; 1 when a limit says to read no further
 * sheet; -1 when out of memory. */
static int xls_read_sheet(xls_reader *r, hy_sheet *sheet)
{
    unsigned int rows = 0;
    unsigned short cols = 0;
    int rc = freexl_worksheet_dimensions(r->handle, &rows, &cols);
    if (rc != FREEXL_OK) {
        xls_error(r, 0, 0, "the sheet's size cannot be read: %s", xls_strerror(rc));
        return 0;
    }
    const hy_ingest_limits *lim = r->limits;
    hy_sheetbuild sb;
    sheetbuild_init(&sb, r->book->arena);
    int status = 0;
    for (unsigned int i = 0; i < rows && status == 0; i++) {
        uint32_t row = i + 1;
        int broken = 0;
        for (unsigned short j = 0; j < cols; j++) {
            uint32_t col = (uint32_t)j + 1;
            FreeXL_CellValue v;
            rc = freexl_get_cell_value(r->handle, i, j, &v);
            if (rc != FREEXL_OK) {
                xls_error(r, row, col, "the cell cannot be read: %s", xls_strerror(rc));
                broken = 1;
                continue;
            }
            if (v.type == FREEXL_CELL_NULL)
                continue;
            if (row > lim->max_rows || col > lim->max_cols) {
                if (row > lim->max_rows)
                    xls_error(r, row, 0, "more than %zu rows; the rest of the file was not "
                              "read", lim->max_rows);
                else
                    xls_error(r, row, col, "more than %zu columns; the rest of the file was "
                              "not read", lim->max_cols);
                status = 1;
                broken = row <= lim->max_rows;
                break;
            }
            if (xls_cell(r, &sb, row, col, &v, &broken) != 0) {
                status = -1;
                break;
            }
        }
        if (status == 1 && !broken)
            sb.ncells = 0;   /* the row past the limit is not kept */
        if (status >= 0 && sheetbuild_end_row(&sb, row, broken) != 0)
            status = -1;
    }
    if (status >= 0 && sheetbuild_finish(&sb, sheet) != 0)
        status = -1;
    sheetbuild_free(&sb);
    return status;
}

static int xls_read(xls_reader *r, hy_err *err)
{
    unsigned int info = 0;
    if (freexl_get_info(r->handle, FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK
        && info == FREEXL_BIFF_OBFUSCATED) {
        xls_error(r, 0, 0, "the workbook is password-protected; save a copy without the "
                  "password");
        return HY_EDATA;
    }
    unsigned int count = 0;
    int rc = freexl_get_info(r->handle, FREEXL_BIFF_SHEET_COUNT, &count);
    if (rc != FREEXL_OK || count == 0) {
        xls_error(r, 0, 0, "not a readable .xls workbook: it has no worksheets");
        return HY_EDATA;
    }
    hy_book *book = r->book;
    book->sheets = arena_calloc(book->arena, count * sizeof *book->sheets);
    if (!book->sheets)
        return err_set(err, HY_EIO, "%s: out of memory", r->path);
    for (unsigned int i = 0; i < count && i <= USHRT_MAX; i++) {
        const char *name = NULL;
        if (freexl_get_worksheet_name(r->handle, (unsigned short)i, &name) != FREEXL_OK || !name)
            name = "";
        hy_sheet *sheet = &book->sheets[book->nsheets++];
        sheet->file = book->file;
        sheet->name = arena_strdup(book->arena, name);
        r->sheet = arena_strdup(r->diags->arena, name);
        if (!sheet->name || !r->sheet)
            return err_set(err, HY_EIO, "%s: out of memory", r->path);
        rc = freexl_select_active_worksheet(r->handle, (unsigned short)i);
        if (rc != FREEXL_OK) {
            xls_error(r, 0, 0, "the sheet cannot be read: %s", xls_strerror(rc));
            continue;
        }
        int st = xls_read_sheet(r, sheet);
        if (st < 0)
            return err_set(err, HY_EIO, "%s: out of memory reading sheet %s", r->path, name);
        if (st > 0)
            break;
    }
    r->sheet = NULL;
    return HY_OK;
}

int xls_read_file(const char *path, const hy_ingest_opts *opts, hy_book *book,
                  hy_diags *diags, hy_err *err)
{
    xls_reader r = {path, NULL, &opts->limits, book, diags, NULL};
    struct stat st;
    if (stat(path, &st) != 0)
        return err_set(err, HY_EIO, "%s: cannot open: %s", path, strerror(errno));
    /* FreeXL reads the whole workbook into memory at once: check its size first. */
    if ((uintmax_t)st.st_size > opts->limits.max_file_bytes) {
        xls_error(&r, 0, 0, "the file is %jd bytes, more than the limit of %zu bytes; it was "
                  "not read", (intmax_t)st.st_size, opts->limits.max_file_bytes);
        return HY_EDATA;
    }
    const char *why = xls_not_biff(path);
    if (why) {
        xls_error(&r, 0, 0, "not an .xls workbook: %s", why);
        return HY_EDATA;
    }
    int rc = freexl_open(path, &r.handle);
    if (rc != FREEXL_OK) {
        if (r.handle)
            freexl_close(r.handle);
        if (rc == FREEXL_INSUFFICIENT_MEMORY)
            return err_set(err, HY_EIO, "%s: out of memory", path);
        if (rc == FREEXL_FILE_NOT_FOUND)
            return err_set(err, HY_EIO, "%s: cannot open", path);
        xls_error(&r, 0, 0, "not a readable .xls workbook: %s", xls_strerror(rc));
        return HY_EDATA;
    }
    rc = xls_read(&r, err);
    freexl_close(r.handle);
    return rc;
}
