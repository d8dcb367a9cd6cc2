#include "xlsx/xw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/format.h"
#include "util/utf8.h"
#include "util/i18n.h"

/* Excel refuses longer cells; libxlsxwriter would drop the cell silently. */
enum { EXCEL_MAX_CELL_CHARS = 32767 };

/* Columns never get narrower or wider than this, whatever they hold. */
static const double MIN_WIDTH = 6, MAX_WIDTH = 60;

void xw_formats_init(xw_formats *f, lxw_workbook *wb)
{
    f->header = workbook_add_format(wb);
    format_set_bold(f->header);
    format_set_bg_color(f->header, 0xDDEBF7);
    format_set_border(f->header, LXW_BORDER_THIN);
    format_set_text_wrap(f->header);
    format_set_align(f->header, LXW_ALIGN_CENTER);
    format_set_align(f->header, LXW_ALIGN_VERTICAL_CENTER);
    f->money = workbook_add_format(wb);
    format_set_num_format(f->money, "#,##0");
    f->count = workbook_add_format(wb);
    format_set_num_format(f->count, "#,##0");
    static const char *const DEC[4] = {"#,##0", "#,##0.0", "#,##0.00", "#,##0.000"};
    for (int i = 0; i < 4; i++) {
        f->decimal[i] = workbook_add_format(wb);
        format_set_num_format(f->decimal[i], DEC[i]);
    }
    f->staff = workbook_add_format(wb);
    format_set_num_format(f->staff, "0.00");
    f->rate = workbook_add_format(wb);
    format_set_num_format(f->rate, "0.0%");
    f->score = workbook_add_format(wb);
    format_set_num_format(f->score, "0.00");
    f->link = workbook_add_format(wb);
    format_set_underline(f->link, LXW_UNDERLINE_SINGLE);
    format_set_font_color(f->link, LXW_COLOR_BLUE);
    f->wrap = workbook_add_format(wb);
    format_set_text_wrap(f->wrap);
    format_set_align(f->wrap, LXW_ALIGN_VERTICAL_TOP);
    f->bad = workbook_add_format(wb);
    format_set_bg_color(f->bad, 0xFFC7CE);
    format_set_font_color(f->bad, 0x9C0006);
}

double xw_text_width(const char *text)
{
    double widest = 0, line = 0;
    size_t n = strlen(text);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = utf8_decode(text + i, n - i, &cp);
        if (!k) {
            k = 1;
            cp = '?';
        }
        i += k;
        if (cp == '\n') {
            line = 0;
            continue;
        }
        /* East Asian wide and full-width forms take two columns; half-width
         * katakana and ASCII one. */
        int wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                   (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                   (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                   (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x2460 && cp <= 0x24FF) ||
                   (cp >= 0x25A0 && cp <= 0x25FF) || cp >= 0x20000;
        line += wide ? 2.1 : 1.1;
        if (line > widest)
            widest = line;
    }
    return widest;
}

static void grow(xw_sheet *s, lxw_col_t col, double w)
{
    if (col < XW_MAX_COLS && w > s->width[col])
        s->width[col] = w;
}

void xw_begin(xw_sheet *s, lxw_worksheet *ws, const xw_formats *f, const hy_profile *profile,
              hy_diags *warnings, const char *const *headers, lxw_col_t ncols)
{
    memset(s, 0, sizeof *s);
    s->ws = ws;
    s->f = f;
    s->profile = profile;
    s->warnings = warnings;
    s->ncols = ncols < XW_MAX_COLS ? ncols : XW_MAX_COLS;
    s->failed = ws == NULL;
    s->max_links = LXW_MAX_NUMBER_URLS;
    /* two lines: headers wrap rather than widen their columns */
    if (ws && worksheet_set_row(ws, 0, 30, NULL) != LXW_NO_ERROR)
        s->failed = 1;
    for (lxw_col_t c = 0; c < s->ncols && ws; c++) {
        if (worksheet_write_string(ws, 0, c, headers[c], f->header) != LXW_NO_ERROR)
            s->failed = 1;
        /* headers wrap, so they ask for less width than their length */
        grow(s, c, xw_text_width(headers[c]) * 0.6 + 2);
    }
    s->row = 0;
}

void xw_next_row(xw_sheet *s)
{
    s->row++;
}

void xw_text(xw_sheet *s, lxw_col_t col, const char *text, const hy_loc *loc)
{
    if (s->failed || !text || !*text)
        return;
    size_t chars = 0, cut = 0;
    for (const char *p = text; *p; p++)
        if (((unsigned char)*p & 0xC0) != 0x80 && ++chars == EXCEL_MAX_CELL_CHARS + 1)
            cut = (size_t)(p - text);
    lxw_error e;
    lxw_format *fmt = strchr(text, '\n') ? s->f->wrap : NULL;
    if (cut) {
        char *t = strndup(text, cut);
        if (!t) {
            s->failed = 1;
            return;
        }
        e = worksheet_write_string(s->ws, s->row, col, t, fmt);
        free(t);
        if (s->warnings)
            diag_warn(s->warnings, loc, _("a text of %zu characters is longer than an Excel cell holds "
                      "(%d); summary.xlsx has its first %d"), chars, EXCEL_MAX_CELL_CHARS,
                      EXCEL_MAX_CELL_CHARS);
    } else {
        e = worksheet_write_string(s->ws, s->row, col, text, fmt);
    }
    if (e != LXW_NO_ERROR)
        s->failed = 1;
    grow(s, col, xw_text_width(text) + 1);
}

static void number(xw_sheet *s, lxw_col_t col, double v, lxw_format *fmt, double width)
{
    if (s->failed)
        return;
    if (worksheet_write_number(s->ws, s->row, col, v, fmt) != LXW_NO_ERROR)
        s->failed = 1;
    grow(s, col, width);
}

void xw_amount(xw_sheet *s, lxw_col_t col, hy_amount a)
{
    if (!a.known)
        return;   /* no value stays a blank cell, never 0 */
    int64_t v = num_div_round(a.yen, s->profile->display_unit, s->profile->rounding);
    char text[48];
    amount_format(a, s->profile->display_unit, s->profile->rounding, text, sizeof text);
    number(s, col, (double)v, s->f->money, (double)strlen(text) * 1.1 + 2);
}

void xw_num(xw_sheet *s, lxw_col_t col, hy_num n, lxw_format *fmt)
{
    if (!n.known)
        return;
    char text[48];
    num_format(n, -1, 1, HY_ROUND_HALF_UP, text, sizeof text);
    /* the typed digits, through strtod: the nearest double, as Excel stores it */
    char plain[48];
    num_format(n, -1, 0, HY_ROUND_HALF_UP, plain, sizeof plain);
    if (!fmt)
        fmt = s->f->decimal[n.scale < 4 ? n.scale : 3];
    number(s, col, strtod(plain, NULL), fmt, (double)strlen(text) * 1.1 + 2);
}

void xw_percent(xw_sheet *s, lxw_col_t col, hy_num percent)
{
    if (!percent.known)
        return;
    char plain[48];
    num_format(percent, -1, 0, HY_ROUND_HALF_UP, plain, sizeof plain);
    number(s, col, strtod(plain, NULL) / 100.0, s->f->rate, 8);
}

void xw_int(xw_sheet *s, lxw_col_t col, long long v)
{
    char text[32];
    int n = snprintf(text, sizeof text, "%lld", v);
    number(s, col, (double)v, s->f->count, n * 1.1 + 2);
}

void xw_file_link(xw_sheet *s, lxw_col_t col, const char *relative_path, const char *shown)
{
    if (s->failed)
        return;
    /* Excel's limit, which libxlsxwriter enforces by failing the write, or
     * the caller's: past it the sheet still shows which file, without the link */
    size_t max = s->max_links < LXW_MAX_NUMBER_URLS ? s->max_links : LXW_MAX_NUMBER_URLS;
    if (s->links >= max) {
        if (s->links++ == max && s->warnings && max == LXW_MAX_NUMBER_URLS)
            diag_warn(s->warnings, NULL, _("summary.xlsx: a worksheet holds at most %d links "
                      "(Excel's limit); from row %u on the sheets' file names are shown "
                      "without a link"), LXW_MAX_NUMBER_URLS, (unsigned)s->row + 1);
        else if (s->links == max + 1 && s->warnings)
            diag_warn(s->warnings, NULL, _("summary.xlsx: the sheets' file names are links for "
                      "the first %zu projects (the workbook library holds every link in memory "
                      "until the end); from row %u on they are shown without a link"),
                      max, (unsigned)s->row + 1);
        xw_text(s, col, shown, NULL);
        return;
    }
    s->links++;
    char url[1024];
    snprintf(url, sizeof url, "external:%s", relative_path);
    if (worksheet_write_url_opt(s->ws, s->row, col, url, s->f->link, shown, relative_path) !=
        LXW_NO_ERROR)
        s->failed = 1;
    grow(s, col, xw_text_width(shown) + 2);
}

/* '&' starts a code in Excel's page header; a literal one is written twice. */
static void header_escape(const char *in, char *out, size_t size)
{
    size_t n = 0;
    for (; *in && n + 2 < size; in++) {
        if (*in == '&')
            out[n++] = '&';
        out[n++] = *in;
    }
    out[n] = '\0';
}

void xw_filter(xw_sheet *s)
{
    if (!s->ws || s->filtered)
        return;
    s->filtered = 1;
    if (worksheet_autofilter(s->ws, 0, 0, s->row, s->ncols - 1) != LXW_NO_ERROR)
        s->failed = 1;
}

void xw_end(xw_sheet *s, const char *title, int fiscal_year)
{
    if (!s->ws)
        return;
    lxw_worksheet *ws = s->ws;
    worksheet_freeze_panes(ws, 1, 0);
    xw_filter(s);
    for (lxw_col_t c = 0; c < s->ncols; c++) {
        double w = s->width[c] < MIN_WIDTH ? MIN_WIDTH : s->width[c] > MAX_WIDTH ? MAX_WIDTH
                                                                                  : s->width[c];
        worksheet_set_column(ws, c, c, w, NULL);
    }
    /* For the briefing: A4 landscape, one page wide, headers on every page. */
    worksheet_set_paper(ws, 9);
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_repeat_rows(ws, 0, 0);
    char city[256], t[256], fy[64], header[768];
    header_escape(s->profile->city, city, sizeof city);
    header_escape(title, t, sizeof t);
    fy[0] = '\0';
    if (fiscal_year)
        format_fiscal_year(fiscal_year, s->profile->era, 1, fy, sizeof fy);
    snprintf(header, sizeof header, "&L%s　%s&R%s", city, t, fy);
    worksheet_set_header(ws, header);
    worksheet_set_footer(ws, "&C&P / &N");
}
