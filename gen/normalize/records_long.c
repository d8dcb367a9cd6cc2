/*
 * records_long.c - tables of one record per row: projects, cost lines,
 * indicators, KPI rows, each joined to its project by its code.
 */

#include "normalize/records_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalize/choice.h"
#include "normalize/headers.h"
#include "normalize/value.h"
#include "util/vec.h"
#include "util/i18n.h"

static void rc_not_image(rowctx *rc, const column *c, const char *name)
{
    rec_row_error(rc, c->col, _("%s: %s: expected a PNG or JPEG picture"), c->header, name);
}

/* A picture named in the data (columns.conf `key:file`): found relative to the
 * table's own file, and it must be a PNG or JPEG; the field then holds its path. */
static void read_file_field(rowctx *rc, const column *c, hy_field *f)
{
    const char *table_file = rc->t->file ? rc->t->file : "";
    const char *slash = strrchr(table_file, '/');
    char *path = f->value[0] == '/' || !slash
                 ? arena_strdup(rc->b->ds->arena, f->value)
                 : arena_printf(rc->b->ds->arena, "%.*s/%s", (int)(slash - table_file), table_file,
                                f->value);
    if (!path) {
        rc->b->oom = 1;
        return;
    }
    unsigned char magic[4] = {0};
    FILE *fp = fopen(path, "rb");
    size_t got = fp ? fread(magic, 1, sizeof magic, fp) : 0;
    if (fp)
        fclose(fp);
    if (!fp)
        rec_row_error(rc, c->col, _("%s: %s: no such file (looked for %s)"), c->header, f->value, path);
    else if (!(got == 4 && !memcmp(magic, "\x89PNG", 4)) && !(got >= 2 && magic[0] == 0xFF &&
                                                             magic[1] == 0xD8))
        rc_not_image(rc, c, f->value);
    else
        f->value = path;
}

/* 部課名 in one cell (市民生活部市民環境課): split after the 部 or 局 when what
 * follows ends as a 課, 室 or 係 does; a name ending in 部 or 局 is the 部, one
 * ending in 課 the 課. Anything else is kept whole under its key. A 部 or 課
 * column of the row wins over the split. */
static void split_division(builder *b, project_build *pb, const char *s, hy_loc loc)
{
    size_t n = strlen(s);
    static const char *const UNITS[] = {"課", "室", "係"};
    int ends_unit = 0;
    for (size_t i = 0; i < 3; i++)
        ends_unit |= n > 3 && !strcmp(s + n - 3, UNITS[i]);
    const char *cut = NULL;
    for (const char *p = s; ends_unit && *p && !cut; p++)
        if ((!strncmp(p, "部", 3) || !strncmp(p, "局", 3)) && p > s && p + 3 < s + n)
            cut = p + 3;
    hy_buf *dept = &b->scratch2;
    buf_reset(dept);
    if (cut && buf_append(dept, s, (size_t)(cut - s)) == 0) {
        if (!pb->p.department)
            pb->p.department = rec_keep(b, buf_str(dept));
        if (!pb->p.section)
            pb->p.section = rec_keep(b, cut);
    } else if (n > 3 && (!strcmp(s + n - 3, "部") || !strcmp(s + n - 3, "局"))) {
        if (!pb->p.department)
            pb->p.department = rec_keep(b, s);
    } else if (ends_unit) {
        if (!pb->p.section)
            pb->p.section = rec_keep(b, s);
    } else {
        rec_add_field(b, pb, "division", s, loc);
    }
}

/* The cell of the column whose folded header is `folded`, or NULL. */
static const char *cell_under(rowctx *rc, const char *folded, hy_buf *tmp)
{
    for (size_t i = 0; i < rc->t->ncols; i++) {
        const column *c = &rc->t->cols[i];
        if (c->key || !c->header || value_fold_key(c->header, tmp) != 0 ||
            strcmp(buf_str(tmp), folded))
            continue;
        const char *raw = row_text(rc->row, c->col);
        return raw && *raw ? raw : NULL;
    }
    return NULL;
}

/* Cities split the creation date over 作成年 (the era year alone: 7), 作成月 and
 * 作成日: a day with year and month columns beside it is read as their date
 * (令和7年6月30日, the era being the current one). Anything else is as typed. */
static const char *creation_date(rowctx *rc, const char *day)
{
    size_t n = strspn(day, "0123456789");
    if (!n || n > 2 || day[n])
        return day;
    hy_buf tmp = HY_BUF_INIT;
    const char *y = cell_under(rc, "作成年", &tmp);
    const char *m = cell_under(rc, "作成月", &tmp);
    buf_free(&tmp);
    if (!y || !m)
        return day;
    char text[128];
    int bare = strspn(y, "0123456789") == strlen(y);
    snprintf(text, sizeof text, "%s%s年%s月%s日", bare ? "令和" : "", y, m, day);
    return rec_keep(rc->b, text);
}

/* A date or year column (columns.conf `key:date`, `key:year`) is read here, so
 * that `check` reports 平成22年13月40日 at its cell and templates print the
 * date normalize read rather than parse the text again. */
static void read_typed_field(rowctx *rc, const column *c, hy_field *f)
{
    hy_column_type type = columns_type(rc->b->columns, rc->t->kind, c->key);
    char why[512];
    if (type == HY_COLUMN_DATE) {
        hy_date d;
        if (value_date(f->value, &d, why, sizeof why) != HY_VALUE_OK) {
            rec_row_error(rc, c->col, "%s: %s", c->header, why);
            return;
        }
        f->year = d.year;
        f->month = d.month;
        f->day = d.day;
        f->fiscal_year = date_fiscal_year(d);
    } else if (type == HY_COLUMN_FILE) {
        read_file_field(rc, c, f);
    } else if (type == HY_COLUMN_YEAR) {
        int fy;
        if (value_fiscal_year(f->value, &fy, why, sizeof why) != HY_VALUE_OK) {
            rec_row_error(rc, c->col, "%s: %s", c->header, why);
            return;
        }
        f->fiscal_year = fy;
    }
}

/* Reads the project part of a projects or KPI row into a fresh project. */
void rec_read_project_columns(rowctx *rc, project_build *pb)
{
    builder *b = rc->b;
    const table *t = rc->t;
    for (size_t i = 0; i < t->ncols; i++) {
        const column *c = &t->cols[i];
        if (c->cost || c->ind_part)
            continue;   /* the cost or indicator part of a wide row */
        hy_loc loc = rec_cell_loc(t, rc->row, c->col);
        if (c->choice) {
            const char *s = rec_cell(b, rc->row, c->col);
            hy_choice *ch = rec_choice_slot(b, pb, c->choice);
            if (!ch)
                return;
            if (c->reason) {
                ch->reason = s ? rec_keep(b, s) : NULL;
                continue;
            }
            int chosen = -1;
            char why[1024];
            if (c->choice->multiple) {
                rec_read_multiple_choice(rc, c, s, ch);
                ch->loc = loc;
                continue;
            }
            hy_value_status st = choice_parse(s, c->choice->options, c->choice->noptions, &chosen,
                                              why, sizeof why);
            if (st == HY_VALUE_BAD)
                rec_row_error(rc, c->col, "%s: %s", c->header, why);
            ch->chosen = chosen;
            ch->chosen_mask = chosen >= 0 ? 1ULL << chosen : 0;
            ch->loc = loc;
            continue;
        }
        const char *key = c->key;
        if (t->kind == HY_TABLE_KPI && key &&
            (!strcmp(key, "indicator") || !strcmp(key, "unit") || !strcmp(key, "baseline") ||
             !strcmp(key, "actual") || !strcmp(key, "target") || !strcmp(key, "pre_score") ||
             !strcmp(key, "score") || !strcmp(key, "target_note") || !strcmp(key, "plan") ||
             !strcmp(key, "baseline_year") || !strcmp(key, "target_year") ||
             !strcmp(key, "revision")))
            continue;   /* the indicator's part of a KPI row */
        const char *s = rec_cell(b, rc->row, c->col);
        if (key && !strcmp(key, "code")) {
            pb->p.code = s ? rec_keep(b, s) : NULL;
        } else if (key && !strcmp(key, "name")) {
            pb->p.name = s ? rec_keep(b, s) : NULL;
        } else if (key && !strcmp(key, "department")) {
            pb->p.department = s ? rec_keep(b, s) : NULL;
        } else if (key && !strcmp(key, "section")) {
            pb->p.section = s ? rec_keep(b, s) : NULL;
        } else if (key && !strcmp(key, "division") && s) {
            split_division(b, pb, s, loc);
        } else if (key && !strcmp(key, "fiscal_year")) {
            pb->p.fiscal_year = rec_read_year(rc, c);
        } else if (key && !strcmp(key, "is_new")) {
            pb->p.is_new = (uint8_t)rec_truthy(s);
        } else if (key && s && (!strcmp(key, "maintenance_facility_cost") ||
                                !strcmp(key, "maintenance_staff_cost"))) {
            /* money, read as the table's amounts are, for 合計／年; printed as typed */
            hy_amount a = rec_read_amount(rc, c);
            if (key[12] == 'f')
                pb->p.upkeep_facility = a;
            else
                pb->p.upkeep_staff = a;
            rec_add_field(b, pb, key, s, loc);
        } else if (s) {
            /* 作成日 as the day of 作成年 / 作成月 columns beside it: one date */
            if (key && !strcmp(key, "created"))
                s = creation_date(rc, s);
            /* A column hyoka does not know is kept under its header. */
            if (rec_add_field(b, pb, key ? key : c->header, s, loc) == 0 && key)
                read_typed_field(rc, c, &pb->fields[pb->nfields - 1]);
        }
    }
}

void rec_finish_project(builder *b, rowctx *rc, project_build *pb)
{
    const table *t = rc->t;
    uint32_t code_col = 0, name_col = 0;
    for (size_t i = 0; i < t->ncols; i++) {
        if (t->cols[i].key && !strcmp(t->cols[i].key, "code"))
            code_col = t->cols[i].col;
        if (t->cols[i].key && !strcmp(t->cols[i].key, "name"))
            name_col = t->cols[i].col;
    }
    if (!pb->p.code)
        rec_row_error(rc, code_col, _("事業コード is blank: every project needs a code"));
    if (!pb->p.name)
        rec_row_error(rc, name_col, _("事業名 is blank: every project needs a name"));
    if (!pb->p.fiscal_year)
        pb->p.fiscal_year = b->profile->fiscal_year;
    /* A KPI sheet states its years in its headers instead (spec section 6). */
    if (!pb->p.fiscal_year && !rc->bad && t->kind == HY_TABLE_PROJECTS)
        rec_row_error(rc, 0, _("no 評価年度: give the evaluation year in a 評価年度 column or set "
                  "fiscal_year in the profile"));
    pb->p.loc = rec_cell_loc(t, rc->row, 0);
}

void rec_read_projects_row(builder *b, rowctx *rc)
{
    project_build pb;
    memset(&pb, 0, sizeof pb);
    rec_read_project_columns(rc, &pb);
    rec_finish_project(b, rc, &pb);
    rec_check_unique(b, rc, &pb);
    if (rc->bad)
        return;
    rec_add_project(b, &pb);
}

void rec_read_costs_row(builder *b, rowctx *rc)
{
    const table *t = rc->t;
    hy_cost cost;
    memset(&cost, 0, sizeof cost);
    cost.stage = HY_STAGE_SETTLED;
    const char *code = NULL;
    uint32_t code_col = 0, total_col = 0, year_col = 0, stage_col = 0;
    int stage_year = 0;
    rec_check_alignment(rc);
    for (size_t i = 0; i < t->ncols && !rc->bad; i++) {
        const column *c = &t->cols[i];
        if (!c->key)
            continue;
        if (!strcmp(c->key, "code")) {
            code = rec_cell(b, rc->row, c->col);
            code = code ? rec_keep(b, code) : NULL;
            code_col = c->col;
        } else if (!strcmp(c->key, "fiscal_year")) {
            cost.fiscal_year = rec_read_year(rc, c);
            year_col = c->col;
        } else if (!strcmp(c->key, "stage")) {
            rec_read_stage(rc, c, &cost, &stage_year);
            stage_col = c->col;
        } else {
            if (!strcmp(c->key, "total")) {
                total_col = c->col;
                if (c->year && !cost.fiscal_year)
                    cost.fiscal_year = c->year;
            }
            rec_read_cost_cell(rc, c, &cost);
        }
    }
    if (rc->bad)
        return;
    rec_settle_stage_year(rc, &cost, stage_year, stage_col, &year_col);
    if (!code)
        rec_row_error(rc, code_col, _("事業コード is blank: a cost row must name its project"));
    if (!cost.fiscal_year)
        rec_row_error(rc, year_col, _("年度 is blank: a cost row needs its fiscal year"));
    rec_check_line(rc, &cost, total_col);
    if (rc->bad)
        return;
    cost.loc = rec_cell_loc(t, rc->row, 0);
    project_build *pb = rec_find_project(b, code);
    if (!pb) {
        rec_no_project(rc, code_col, code);
        return;
    }
    if (rec_duplicate_line(rc, pb, &cost, year_col))
        return;
    hy_cost *slot = vec_push_in(b->work, &pb->costs, &pb->ncosts, &pb->costcap, sizeof *slot, 8);
    if (!slot) {
        b->oom = 1;
        return;
    }
    *slot = cost;
}

static void add_value(builder *b, rowctx *rc, ind_build *ib, const column *c, hy_value_kind kind)
{
    hy_buf unit = HY_BUF_INIT;
    hy_num n = rec_read_number(rc, c, &unit);
    const char *raw = rec_cell(b, rc->row, c->col);
    if (!c->year) {
        rec_row_error(rc, c->col, _("%s: the header names no year (write it as e.g. H27実績値 or "
                  "実績値(R5))"), c->header);
        buf_free(&unit);
        return;
    }
    if (unit.len && !ib->ind.unit)
        ib->ind.unit = rec_keep(b, unit.data);
    buf_free(&unit);
    for (size_t i = 0; i < ib->nvalues; i++)
        if (ib->values[i].fiscal_year == c->year && ib->values[i].kind == kind) {
            rec_row_error(rc, c->col, _("%s: a second column for the same year"), c->header);
            return;
        }
    rec_push_value(b, ib, c->year, c->year_label, kind, n, raw ? rec_keep(b, raw) : NULL,
                   rec_cell_loc(rc->t, rc->row, c->col));
}

/* Reads the indicator part of an indicators or KPI row. */
static void read_indicator_columns(rowctx *rc, ind_build *ib)
{
    builder *b = rc->b;
    const table *t = rc->t;
    hy_indicator *ind = &ib->ind;
    int is_kpi = t->kind == HY_TABLE_KPI;
    ind->trend = HY_TREND_INCREASE;
    ind->achieved = -1;
    for (size_t i = 0; i < t->ncols; i++) {
        const column *c = &t->cols[i];
        if (!c->key)
            continue;
        const char *k = c->key;
        const char *s = rec_cell(b, rc->row, c->col);
        hy_buf unit = HY_BUF_INIT;
        if ((!is_kpi && !strcmp(k, "name")) || (is_kpi && !strcmp(k, "indicator"))) {
            ind->name = s ? rec_keep(b, s) : NULL;
        } else if (!strcmp(k, "kind") && !is_kpi) {
            ind->kind = s ? rec_keep(b, s) : NULL;
        } else if (!strcmp(k, "unit")) {
            if (s)
                ind->unit = rec_keep(b, s);
        } else if (!strcmp(k, "trend")) {
            ind->trend_given = s != NULL;
            if (s && !rec_parse_trend(s, &ind->trend))
                rec_row_error(rc, c->col, _("%s: expected 増加, 減少 or 維持, got \"%s\""), c->header, s);
        } else if (!strcmp(k, "baseline")) {
            ind->baseline = rec_read_number(rc, c, &unit);
            s = rec_cell(b, rc->row, c->col);   /* read_number reused the scratch buffer */
            ind->baseline_text = s ? rec_keep(b, s) : NULL;
            if (c->year && !ind->baseline_year_label) {
                /* a 基準年度 column of the row wins over the header's year */
                ind->baseline_year = c->year;
                ind->baseline_year_label = c->year_label;
            }
        } else if (!strcmp(k, "baseline_year")) {
            int y = rec_read_year(rc, c);
            if (y) {
                ind->baseline_year = y;
                ind->baseline_year_label = rec_keep(b, s);
            }
        } else if (!strcmp(k, "target")) {
            /* Several 目標値 columns (目標値(R2), 目標値(R7)): the latest year is the
             * indicator's target, the others are targets of their years. */
            if (c->year && ind->target_year && c->year != ind->target_year) {
                if (c->year < ind->target_year) {
                    add_value(b, rc, ib, c, HY_VALUE_TARGET);
                } else {
                    rec_push_value(b, ib, ind->target_year, ind->target_year_label,
                                   HY_VALUE_TARGET, ind->target, ind->target_text,
                                   rec_cell_loc(t, rc->row, 0));
                    ind->target = rec_read_number(rc, c, &unit);
                    s = rec_cell(b, rc->row, c->col);
                    ind->target_text = s ? rec_keep(b, s) : NULL;
                    ind->target_year = c->year;
                    ind->target_year_label = c->year_label;
                }
            } else {
                ind->target = rec_read_number(rc, c, &unit);
                s = rec_cell(b, rc->row, c->col);
                ind->target_text = s ? rec_keep(b, s) : NULL;
                if (c->year) {
                    ind->target_year = c->year;
                    ind->target_year_label = c->year_label;
                }
            }
        } else if (!strcmp(k, "target_year")) {
            ind->target_year = rec_read_year(rc, c);
            ind->target_year_label = ind->target_year ? rec_keep(b, s) : NULL;
        } else if (!strcmp(k, "target_note")) {
            ind->target_note = s ? rec_keep(b, s) : NULL;
        } else if (!strcmp(k, "grade")) {
            ind->grade = s ? rec_keep(b, s) : NULL;
        } else if (!strcmp(k, "revision")) {
            ind->revision = s ? rec_keep(b, s) : NULL;
        } else if (!strcmp(k, "pre_score")) {
            ind->given_pre_score = rec_read_number(rc, c, NULL);
        } else if (!strcmp(k, "score")) {
            ind->given_score = rec_read_number(rc, c, NULL);
        } else if (!strcmp(k, "actual")) {
            add_value(b, rc, ib, c, HY_VALUE_ACTUAL);
        } else if (!strcmp(k, "plan")) {
            add_value(b, rc, ib, c, HY_VALUE_PLAN);
        } else if (!strcmp(k, "estimate")) {
            add_value(b, rc, ib, c, HY_VALUE_ESTIMATE);
        } else if (!strcmp(k, "yearly_target")) {
            add_value(b, rc, ib, c, HY_VALUE_TARGET);
        }
        if (unit.len && !ind->unit)
            ind->unit = rec_keep(b, unit.data);
        buf_free(&unit);
    }
    if (is_kpi && !ind->kind)
        ind->kind = "施策KPI";
    ind->loc = rec_cell_loc(t, rc->row, 0);
}

void rec_read_indicators_row(builder *b, rowctx *rc)
{
    const table *t = rc->t;
    ind_build ib;
    memset(&ib, 0, sizeof ib);
    const char *code = NULL;
    uint32_t code_col = 0, name_col = 0;
    for (size_t i = 0; i < t->ncols; i++) {
        if (t->cols[i].key && !strcmp(t->cols[i].key, "code")) {
            code = rec_cell(b, rc->row, t->cols[i].col);
            code = code ? rec_keep(b, code) : NULL;
            code_col = t->cols[i].col;
        }
        if (t->cols[i].key && !strcmp(t->cols[i].key, "name"))
            name_col = t->cols[i].col;
    }
    read_indicator_columns(rc, &ib);
    if (!code)
        rec_row_error(rc, code_col, _("事業コード is blank: an indicator row must name its project"));
    if (!ib.ind.name)
        rec_row_error(rc, name_col, _("指標名 is blank: every indicator needs a name"));
    project_build *pb = rc->bad ? NULL : rec_find_project(b, code);
    if (!rc->bad && !pb)
        rec_no_project(rc, code_col, code);
    if (!rc->bad && rec_is_long_indicators(rc->t))
        rec_read_indicator_figure(b, rc, pb, &ib);
    else if (!rc->bad)
        rec_attach_indicator(b, rc, pb, &ib);
}

/* A KPI row of a project the projects table (or an earlier KPI row) already
 * has: what only the KPI sheet says about the project (its プロジェクト, the
 * 現状分析, the ★ mark) is kept; what both say is taken from the first. */
static void merge_kpi_project(builder *b, project_build *into, const project_build *from)
{
    into->p.is_new |= from->p.is_new;
    if (!into->p.department)
        into->p.department = from->p.department;
    if (!into->p.section)
        into->p.section = from->p.section;
    for (size_t i = 0; i < from->nfields; i++) {
        int have = 0;
        for (size_t k = 0; k < into->nfields && !have; k++)
            have = !strcmp(into->fields[k].key, from->fields[i].key);
        if (!have && rec_add_field(b, into, from->fields[i].key, from->fields[i].value,
                               from->fields[i].loc) != 0)
            return;
    }
}

/* A KPI row: the project's columns (repeated on each of its KPI rows) and one KPI. */
void rec_read_kpi_row(builder *b, rowctx *rc)
{
    project_build pb;
    memset(&pb, 0, sizeof pb);
    rec_read_project_columns(rc, &pb);
    rec_finish_project(b, rc, &pb);
    ind_build ib;
    memset(&ib, 0, sizeof ib);
    read_indicator_columns(rc, &ib);
    if (!ib.ind.name) {
        uint32_t col = 0;
        for (size_t i = 0; i < rc->t->ncols; i++)
            if (rc->t->cols[i].key && !strcmp(rc->t->cols[i].key, "indicator"))
                col = rc->t->cols[i].col;
        rec_row_error(rc, col, _("施策KPI is blank: every KPI row needs the KPI's name"));
    }
    if (rc->bad)
        return;
    project_build *existing = rec_find_project(b, pb.p.code);
    if (existing) {
        if (strcmp(existing->p.name, pb.p.name) != 0)
            rec_row_warning(rc, 0, _("project %s is named \"%s\" here but \"%s\" on an earlier row"),
                        pb.p.code, pb.p.name, existing->p.name);
        merge_kpi_project(b, existing, &pb);
        rec_attach_indicator(b, rc, existing, &ib);
        return;
    }
    project_build *slot = rec_add_project(b, &pb);
    if (!slot)
        return;
    slot->p.kpi_only = 1;
    rec_attach_indicator(b, rc, slot, &ib);
}