#include <stdio.h>
#include <string.h>

#include "model/format.h"
#include "xlsx/sheets.h"

const char *sheets_direction_of(const hy_project *p, const hy_profile *pf)
{
    if (!pf->direction_item)
        return NULL;
    const hy_choice *c = project_choice(p, pf->direction_item);
    const hy_choice_set *cs = profile_choice_set(pf, pf->direction_item);
    if (!c || !cs || c->chosen < 0 || (size_t)c->chosen >= cs->noptions)
        return NULL;
    return cs->options[c->chosen];
}

int projects_sheet_write(const xw_book *b, lxw_worksheet *ws, hy_diags *warnings)
{
    const hy_profile *pf = b->profile;
    char h_cost[96], h_total[96];
    snprintf(h_cost, sizeof h_cost, "事業費（%s）", pf->display_unit_label);
    snprintf(h_total, sizeof h_total, "総事業費（%s）", pf->display_unit_label);
    const char *headers[] = {
        "事業コード", "事業名", "政策", "施策", "プログラム", "部", "課", "評価区分", "評価年度",
        "事業費の年度・区分", h_cost, h_total, "指標数", "今後の方向性", "達成度", "評価シート",
    };
    enum { NCOLS = sizeof headers / sizeof headers[0] };
    xw_sheet s;
    xw_begin(&s, ws, &b->formats, pf, warnings, headers, NCOLS);
    for (size_t i = 0; i < b->ds->nprojects; i = dataset_next(b->ds, i)) {
        const hy_project *p = &b->ds->projects[i];
        const hy_loc *loc = &p->loc;
        if (p->kpi_only)   /* known only from the KPI sheet: never evaluated */
            continue;
        xw_next_row(&s);
        xw_text(&s, 0, p->code, loc);
        xw_text(&s, 1, p->name, loc);
        xw_text(&s, 2, project_field(p, "policy"), loc);
        xw_text(&s, 3, project_field(p, "measure"), loc);
        xw_text(&s, 4, project_field(p, "program"), loc);
        xw_text(&s, 5, p->department, loc);
        xw_text(&s, 6, p->section, loc);
        xw_text(&s, 7, project_field(p, "kind"), loc);
        if (p->fiscal_year) {
            char fy[64];
            format_fiscal_year(p->fiscal_year, pf->era, 1, fy, sizeof fy);
            xw_text(&s, 8, fy, loc);
        }
        /* the figures it was evaluated on, labelled with their year and stage
         * (R6 決算 for a data set evaluated in R7 whose costs end there) */
        const hy_cost *c = project_evaluated_cost(p);
        if (c) {
            char fy[64], label[96];
            format_fiscal_year(c->fiscal_year, pf->era, 1, fy, sizeof fy);
            snprintf(label, sizeof label, "%s %s", fy, stage_label(c->stage));
            xw_text(&s, 9, label, loc);
            xw_amount(&s, 10, c->total);
            xw_amount(&s, 11, c->total_cost);
        }
        xw_int(&s, 12, (long long)p->nindicators);
        xw_text(&s, 13, sheets_direction_of(p, pf), loc);
        xw_text(&s, 14, project_field(p, "grade"), loc);
        const char *file = b->opts->sheet_files ? b->opts->sheet_files[i] : NULL;
        if (file) {
            const char *slash = strrchr(file, '/');
            xw_file_link(&s, 15, file, slash ? slash + 1 : file);
        }
    }
    xw_end(&s, "事業一覧", b->opts->fiscal_year);
    return s.failed ? -1 : 0;
}
