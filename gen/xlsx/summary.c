#include "xlsx/summary.h"

#include <string.h>
#include <xlsxwriter.h>

#include "template/format.h"
#include "util/fsutil.h"
#include "xlsx/kpisheet.h"

/* Excel refuses longer cells; libxlsxwriter would skip the cell silently. */
enum { EXCEL_MAX_CELL_CHARS = 32767 };

typedef struct sheet_writer {
    lxw_worksheet *ws;
    const hy_profile *pf;
    hy_diags *warn;
    lxw_format *number;
    int failed;
} sheet_writer;

/* Writes text as a string cell; cut at Excel's limit with a warning rather
 * than letting the cell disappear. */
static void put_text(sheet_writer *w, lxw_row_t r, lxw_col_t c, const char *s, const hy_loc *loc)
{
    if (!s || !*s)
        return;
    size_t chars = 0, cut = 0;
    for (const char *p = s; *p; p++)
        if (((unsigned char)*p & 0xC0) != 0x80 && ++chars == EXCEL_MAX_CELL_CHARS + 1)
            cut = (size_t)(p - s);
    lxw_error e;
    if (cut) {
        char *t = strndup(s, cut);
        if (!t) {
            w->failed = 1;
            return;
        }
        e = worksheet_write_string(w->ws, r, c, t, NULL);
        free(t);
        diag_warn(w->warn, loc, "a text of %zu characters is longer than an Excel cell holds "
                  "(%d); summary.xlsx has its first %d", chars, EXCEL_MAX_CELL_CHARS,
                  EXCEL_MAX_CELL_CHARS);
    } else {
        e = worksheet_write_string(w->ws, r, c, s, NULL);
    }
    if (e != LXW_NO_ERROR)
        w->failed = 1;
}

/* Money is written in the city's printed unit (千円), rounded as printed, so
 * that the workbook and the sheets show the same figures. */
static void put_amount(sheet_writer *w, lxw_row_t r, lxw_col_t c, hy_amount a)
{
    if (!a.known)
        return;
    double v = (double)num_div_round(a.yen, w->pf->display_unit, w->pf->rounding);
    if (worksheet_write_number(w->ws, r, c, v, w->number) != LXW_NO_ERROR)
        w->failed = 1;
}

static const char *direction_of(const hy_project *p, const hy_profile *pf)
{
    if (!pf->direction_item)
        return NULL;
    const hy_choice *c = project_choice(p, pf->direction_item);
    const hy_choice_set *cs = profile_choice_set(pf, pf->direction_item);
    if (!c || !cs || c->chosen < 0 || (size_t)c->chosen >= cs->noptions)
        return NULL;
    return cs->options[c->chosen];
}

int summary_write(const hy_dataset *ds, const hy_profile *pf, long long epoch, const char *path,
                  hy_diags *warnings, hy_err *err)
{
    hy_output out;
    int rc = fs_output_reserve(&out, path, err);
    if (rc != HY_OK)
        return rc;
    lxw_workbook_options opts = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
    lxw_workbook *wb = workbook_new_opt(out.tmp_path, &opts);
    if (!wb) {
        fs_output_abort(&out);
        return err_set(err, HY_EIO, "%s: cannot create the workbook", path);
    }
    lxw_doc_properties props = {0};
    char title[256];
    snprintf(title, sizeof title, "%s 事務事業評価 一覧", pf->city);
    props.title = title;
    props.author = (char *)pf->city;
    props.created = (time_t)epoch;
    workbook_set_properties(wb, &props);

    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    format_set_bg_color(bold, 0xDDEBF7);
    format_set_border(bold, LXW_BORDER_THIN);
    format_set_text_wrap(bold);
    format_set_align(bold, LXW_ALIGN_VERTICAL_CENTER);
    lxw_format *number = workbook_add_format(wb);
    format_set_num_format(number, "#,##0");

    lxw_worksheet *ws = workbook_add_worksheet(wb, "事業一覧");
    sheet_writer w = {ws, pf, warnings, number, ws == NULL};
    char unit[64];
    snprintf(unit, sizeof unit, "（%s）", pf->display_unit_label);
    char h_cost[96], h_total[96];
    snprintf(h_cost, sizeof h_cost, "事業費%s", unit);
    snprintf(h_total, sizeof h_total, "総事業費%s", unit);
    const char *headers[] = {"事業コード", "事業名", "部", "課", "評価年度", h_cost, h_total,
                             "指標数", "今後の方向性"};
    const double widths[] = {12, 40, 18, 20, 12, 16, 16, 8, 22};
    enum { NCOLS = sizeof headers / sizeof headers[0] };
    for (lxw_col_t c = 0; c < NCOLS && ws; c++) {
        worksheet_set_column(ws, c, c, widths[c], NULL);
        if (worksheet_write_string(ws, 0, c, headers[c], bold) != LXW_NO_ERROR)
            w.failed = 1;
    }
    /* projects known only from a KPI sheet were not evaluated: they are on the
     * KPI sheets, not here */
    size_t evaluated = 0;
    for (size_t i = 0; i < ds->nprojects; i++)
        evaluated += !ds->projects[i].kpi_only;
    if (ws) {
        worksheet_freeze_panes(ws, 1, 0);
        worksheet_autofilter(ws, 0, 0, (lxw_row_t)(evaluated ? evaluated : 1), NCOLS - 1);
    }
    lxw_row_t r = 0;
    for (size_t i = 0; i < ds->nprojects && ws; i++) {
        const hy_project *p = &ds->projects[i];
        if (p->kpi_only)
            continue;
        r++;
        char fy[64];
        format_fiscal_year(p->fiscal_year, pf->era, 1, fy, sizeof fy);
        const hy_cost *c = project_cost_of_year(p, p->fiscal_year);
        put_text(&w, r, 0, p->code, &p->loc);
        put_text(&w, r, 1, p->name, &p->loc);
        put_text(&w, r, 2, p->department, &p->loc);
        put_text(&w, r, 3, p->section, &p->loc);
        if (p->fiscal_year)
            put_text(&w, r, 4, fy, &p->loc);
        if (c) {
            put_amount(&w, r, 5, c->total);
            put_amount(&w, r, 6, c->total_cost);
        }
        if (worksheet_write_number(ws, r, 7, (double)p->nindicators, NULL) != LXW_NO_ERROR)
            w.failed = 1;
        put_text(&w, r, 8, direction_of(p, pf), &p->loc);
    }
    hy_err kerr;
    int krc = w.failed ? HY_OK : kpisheet_add(wb, ds, pf, warnings, &kerr);
    lxw_error e = workbook_close(wb);
    if (krc != HY_OK) {
        fs_output_abort(&out);
        return err_set(err, krc, "%s: %s", path, kerr.msg);
    }
    if (w.failed || e != LXW_NO_ERROR) {
        fs_output_abort(&out);
        return err_set(err, HY_EIO, "%s: writing the workbook failed: %s", path,
                       e != LXW_NO_ERROR ? lxw_strerror(e) : "a cell could not be written");
    }
    return fs_output_commit(&out, err);
}
