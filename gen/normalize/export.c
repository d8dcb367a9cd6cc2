#include "normalize/export.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/format.h"
#include "util/buf.h"
#include "util/csvout.h"
#include "util/fsutil.h"
#include "util/i18n.h"

/*
 * How figures are written. A workbook keeps numbers, not the digits its cells
 * show (1.00 arrives as 1), so the tables write every figure in a form that
 * depends on its value alone: money in whole yen and in the printed unit,
 * other numbers in their shortest exact decimal (2.0 -> 2), and 人工 with at
 * least the two decimals the forms print (1.00). The cell as typed is written
 * only where it holds no value (―, 未集計): text is text in every format.
 */

/* One output row: its fields, and room for the numbers formatted into it. */
typedef struct row_out {
    const char **field;
    char (*text)[64];
    size_t n, cap;
    int overflow;
} row_out;

static int row_init(row_out *r, size_t cap)
{
    r->field = calloc(cap ? cap : 1, sizeof *r->field);
    r->text = calloc(cap ? cap : 1, sizeof *r->text);
    r->n = 0;
    r->cap = cap;
    r->overflow = 0;
    return r->field && r->text ? 0 : -1;
}

static void row_release(row_out *r)
{
    free(r->field);
    free(r->text);
}

static void put(row_out *r, const char *s)
{
    if (r->n == r->cap) {
        r->overflow = 1;
        return;
    }
    r->field[r->n++] = s ? s : "";
}

static void put_fmt(row_out *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put_fmt(row_out *r, const char *fmt, ...)
{
    if (r->n == r->cap) {
        r->overflow = 1;
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->text[r->n], sizeof r->text[r->n], fmt, ap);
    va_end(ap);
    r->field[r->n] = r->text[r->n];
    r->n++;
}

/* A fiscal year, western and as the city prints it: 2024, 令和6年度. */
static void put_year(row_out *r, int year)
{
    if (!year) {
        put(r, "");
        put(r, "");
        return;
    }
    put_fmt(r, "%d", year);
    if (r->n == r->cap) {
        r->overflow = 1;
        return;
    }
    format_fiscal_year(year, HY_ERA_LONG, 1, r->text[r->n], sizeof r->text[r->n]);
    r->field[r->n] = r->text[r->n];
    r->n++;
}

/* Money: whole yen, then in the printed unit rounded as printed. */
static void put_money(row_out *r, hy_amount a, const hy_profile *pf, int with_unit)
{
    if (!a.known) {
        put(r, "");
        if (with_unit)
            put(r, "");
        return;
    }
    put_fmt(r, "%lld", (long long)a.yen);
    if (with_unit)
        put_fmt(r, "%lld", (long long)num_div_round(a.yen, pf->display_unit, pf->rounding));
}

/* A number with at least min_decimals places (exactly: never fewer than it has). */
static void put_num(row_out *r, hy_num n, int min_decimals)
{
    if (!n.known) {
        put(r, "");
        return;
    }
    if (r->n == r->cap) {
        r->overflow = 1;
        return;
    }
    char *out = r->text[r->n];
    num_format(n, -1, 0, HY_ROUND_HALF_UP, out, sizeof r->text[r->n]);
    char *dot = strchr(out, '.');
    if (dot) {   /* the shortest exact form: 2.50 -> 2.5, 2.0 -> 2 */
        char *end = out + strlen(out);
        while (end > dot + 1 && end[-1] == '0')
            *--end = '\0';
        if (end == dot + 1)
            *dot = '\0';
    }
    int have = (dot = strchr(out, '.')) ? (int)strlen(dot + 1) : 0;
    if (have < min_decimals)
        num_format(n, min_decimals, 0, HY_ROUND_HALF_UP, out, sizeof r->text[r->n]);
    r->field[r->n] = out;
    r->n++;
}

/* ---- files ---------------------------------------------------------------- */

typedef struct table_out {
    hy_output out;
    int open;
} table_out;

static int open_table(table_out *t, const char *dir, const char *name, hy_err *err)
{
    t->open = 0;
    char *path = fs_join(dir, name);
    if (!path)
        return err_set(err, HY_EIO, _("out of memory"));
    int rc = fs_output_open(&t->out, path, err);
    free(path);
    t->open = rc == HY_OK;
    if (t->open)
        csvout_bom(t->out.fp);
    return rc;
}

static int close_table(table_out *t, int rc, hy_err *err)
{
    if (!t->open)
        return rc;
    t->open = 0;
    if (rc != HY_OK) {
        fs_output_abort(&t->out);
        return rc;
    }
    return fs_output_commit(&t->out, err);
}

static int emit(table_out *t, row_out *r, hy_err *err)
{
    if (r->overflow)
        return err_set(err, HY_EIO, _("%s: a row has more columns than its header"), t->out.path);
    csvout_row(t->out.fp, r->field, r->n);
    r->n = 0;
    return HY_OK;
}

/* ---- projects.csv ------------------------------------------------------------- */

/* The other columns of the projects, in the order they were first met. */
static const char **field_keys(const hy_dataset *ds, size_t *n)
{
    size_t cap = 0;
    for (size_t i = 0; i < ds->nprojects; i = dataset_next(ds, i))
        cap += ds->projects[i].nfields;
    const char **keys = malloc((cap ? cap : 1) * sizeof *keys);
    if (!keys)
        return NULL;
    *n = 0;
    for (size_t i = 0; i < ds->nprojects; i = dataset_next(ds, i))
        for (size_t f = 0; f < ds->projects[i].nfields; f++) {
            const char *k = ds->projects[i].fields[f].key;
            size_t j = 0;
            while (j < *n && strcmp(keys[j], k) != 0)
                j++;
            if (j == *n)
                keys[(*n)++] = k;
        }
    return keys;
}

static const char *field_label(const hy_columns *cols, const char *key)
{
    const char *l = columns_label(cols, HY_TABLE_PROJECTS, key);
    if (!l)
        l = columns_label(cols, HY_TABLE_KPI, key);
    return l ? l : key;   /* a column hyoka does not know is keyed by its header */
}

static int write_projects(const hy_dataset *ds, const hy_columns *cols, const char *dir,
                          hy_err *err)
{
    static const char *const FIXED[] = {
        "事業コード", "事業名", "評価年度", "評価年度（和暦）", "部", "課", "新規",
    };
    enum { NFIXED = sizeof FIXED / sizeof FIXED[0] };
    size_t nkeys = 0;
    const char **keys = field_keys(ds, &nkeys);
    row_out r = {0};
    if (!keys || row_init(&r, NFIXED + nkeys) != 0) {
        free(keys);
        row_release(&r);
        return err_set(err, HY_EIO, _("out of memory"));
    }
    table_out t;
    int rc = open_table(&t, dir, "projects.csv", err);
    for (size_t i = 0; i < NFIXED && rc == HY_OK; i++)
        put(&r, FIXED[i]);
    for (size_t k = 0; k < nkeys && rc == HY_OK; k++)
        put(&r, field_label(cols, keys[k]));
    if (rc == HY_OK)
        rc = emit(&t, &r, err);
    for (size_t i = 0; i < ds->nprojects && rc == HY_OK; i = dataset_next(ds, i)) {
        const hy_project *p = &ds->projects[i];
        put(&r, p->code);
        put(&r, p->name);
        put_year(&r, p->fiscal_year);
        put(&r, p->department);
        put(&r, p->section);
        put(&r, p->is_new ? "★" : "");
        for (size_t k = 0; k < nkeys; k++)
            put(&r, project_field(p, keys[k]));
        rc = emit(&t, &r, err);
    }
    rc = close_table(&t, rc, err);
    row_release(&r);
    free(keys);
    return rc;
}

/* ---- costs.csv ----------------------------------------------------------------- */

static int write_costs(const hy_dataset *ds, const hy_profile *pf, const char *dir, hy_err *err)
{
    /* with a printed unit of 円 the second column of each amount would repeat the first */
    int with_unit = pf->display_unit != 1;
    const char *unit = pf->display_unit_label ? pf->display_unit_label : "千円";
    row_out r = {0};
    if (row_init(&r, 64) != 0) {
        row_release(&r);
        return err_set(err, HY_EIO, _("out of memory"));
    }
    table_out t;
    int rc = open_table(&t, dir, "costs.csv", err);
    if (rc == HY_OK) {
        put(&r, "事業コード");
        put(&r, "年度");
        put(&r, "年度（和暦）");
        put(&r, "区分");
        const char *money[HY_SRC_COUNT + 1];
        money[0] = "事業費";
        for (int s = 0; s < HY_SRC_COUNT; s++)
            money[s + 1] = s == HY_SRC_OTHER ? "その他特定財源" : source_label((hy_source)s);
        for (int m = 0; m <= HY_SRC_COUNT; m++) {
            put_fmt(&r, "%s（円）", money[m]);
            if (with_unit)
                put_fmt(&r, "%s（%s）", money[m], unit);
        }
        put(&r, "一般財源の由来");
        put(&r, "正職員人工");
        put(&r, "会計年度任用職員人工");
        put(&r, "交付税措置（%）");
        put(&r, "職員費（円）");
        if (with_unit)
            put_fmt(&r, "職員費（%s）", unit);
        put(&r, "総事業費（円）");
        if (with_unit)
            put_fmt(&r, "総事業費（%s）", unit);
        put(&r, "正規職員数");
        put(&r, "延べ業務時間");
        put(&r, "人件費（入力）（円）");
        if (with_unit)
            put_fmt(&r, "人件費（入力）（%s）", unit);
        put(&r, "トータルコスト（入力）（円）");
        if (with_unit)
            put_fmt(&r, "トータルコスト（入力）（%s）", unit);
        rc = emit(&t, &r, err);
    }
    for (size_t i = 0; i < ds->nprojects && rc == HY_OK; i = dataset_next(ds, i)) {
        const hy_project *p = &ds->projects[i];
        for (size_t k = 0; k < p->ncosts && rc == HY_OK; k++) {
            const hy_cost *c = &p->costs[k];
            put(&r, p->code);
            put_year(&r, c->fiscal_year);
            put(&r, stage_label(c->stage));
            put_money(&r, c->total, pf, with_unit);
            for (int s = 0; s < HY_SRC_COUNT; s++)
                put_money(&r, c->source[s], pf, with_unit);
            put(&r, !c->source[HY_SRC_GENERAL].known ? "" : c->general_derived ? "算出" : "入力");
            put_num(&r, c->staff, 2);
            put_num(&r, c->part_time_staff, 2);
            put_num(&r, c->tax_allocation_pct, 0);
            put_money(&r, c->staff_cost, pf, with_unit);
            put_money(&r, c->total_cost, pf, with_unit);
            put_num(&r, c->staff_headcount, 0);
            put_num(&r, c->staff_hours, 0);
            put_money(&r, c->given_staff_cost, pf, with_unit);
            put_money(&r, c->given_total_cost, pf, with_unit);
            rc = emit(&t, &r, err);
        }
    }
    rc = close_table(&t, rc, err);
    row_release(&r);
    return rc;
}

/* ---- indicators.csv ---------------------------------------------------------------- */

static const char *value_kind_label(hy_value_kind kind)
{
    switch (kind) {
    case HY_VALUE_ACTUAL: return "実績値";
    case HY_VALUE_PLAN: return "計画値";
    case HY_VALUE_TARGET: return "目標値";
    case HY_VALUE_ESTIMATE: return "見込値";
    }
    return "";
}

/* One figure of an indicator: the indicator's columns, then the figure's. */
static int emit_figure(table_out *t, row_out *r, const hy_project *p, size_t index,
                       const hy_indicator *ind, const char *item, int year, hy_num value,
                       const char *typed, hy_err *err)
{
    put(r, p->code);
    put_fmt(r, "%zu", index + 1);
    put(r, ind->kind);
    put(r, ind->name);
    put(r, ind->unit);
    put(r, trend_label(ind->trend));
    put(r, item);
    put_year(r, year);
    put_num(r, value, 0);
    put(r, value.known ? "" : typed);
    put(r, ind->target_note);
    return emit(t, r, err);
}

static int write_indicators(const hy_dataset *ds, const char *dir, hy_err *err)
{
    static const char *const HEADER[] = {
        "事業コード", "指標番号", "指標区分", "指標名", "単位", "方向", "項目", "年度", "年度（和暦）",
        "値", "値なしの表記", "目標値の考え方",
    };
    enum { NCOLS = sizeof HEADER / sizeof HEADER[0] };
    row_out r;
    if (row_init(&r, NCOLS) != 0) {
        row_release(&r);
        return err_set(err, HY_EIO, _("out of memory"));
    }
    table_out t;
    int rc = open_table(&t, dir, "indicators.csv", err);
    for (size_t i = 0; i < NCOLS && rc == HY_OK; i++)
        put(&r, HEADER[i]);
    if (rc == HY_OK)
        rc = emit(&t, &r, err);
    for (size_t i = 0; i < ds->nprojects && rc == HY_OK; i = dataset_next(ds, i)) {
        const hy_project *p = &ds->projects[i];
        for (size_t k = 0; k < p->nindicators && rc == HY_OK; k++) {
            const hy_indicator *ind = &p->indicators[k];
            if (ind->baseline.known || ind->baseline_text || ind->baseline_year)
                rc = emit_figure(&t, &r, p, k, ind, "基準値", ind->baseline_year, ind->baseline,
                                 ind->baseline_text, err);
            for (size_t v = 0; v < ind->nvalues && rc == HY_OK; v++) {
                const hy_value *yv = &ind->values[v];
                rc = emit_figure(&t, &r, p, k, ind, value_kind_label(yv->kind), yv->fiscal_year,
                                 yv->value, yv->text, err);
            }
            if (rc == HY_OK && (ind->target.known || ind->target_text || ind->target_year))
                rc = emit_figure(&t, &r, p, k, ind, "目標値", ind->target_year, ind->target,
                                 ind->target_text, err);
            if (rc == HY_OK && ind->given_pre_score.known)
                rc = emit_figure(&t, &r, p, k, ind, "補正前スコア（入力）", 0, ind->given_pre_score,
                                 NULL, err);
            if (rc == HY_OK && ind->given_score.known)
                rc = emit_figure(&t, &r, p, k, ind, "スコア（入力）", 0, ind->given_score, NULL, err);
        }
    }
    rc = close_table(&t, rc, err);
    row_release(&r);
    return rc;
}

/* ---- choices.csv -------------------------------------------------------------------- */

static int write_choices(const hy_dataset *ds, const hy_profile *pf, const char *dir, hy_err *err)
{
    row_out r;
    hy_buf chosen = HY_BUF_INIT, numbers = HY_BUF_INIT;
    if (row_init(&r, 5) != 0) {
        row_release(&r);
        return err_set(err, HY_EIO, _("out of memory"));
    }
    table_out t;
    int rc = open_table(&t, dir, "choices.csv", err);
    if (rc == HY_OK) {
        put(&r, "事業コード");
        put(&r, "項目");
        put(&r, "選択肢");
        put(&r, "選択番号");
        put(&r, "理由");
        rc = emit(&t, &r, err);
    }
    for (size_t i = 0; i < ds->nprojects && rc == HY_OK; i = dataset_next(ds, i)) {
        const hy_project *p = &ds->projects[i];
        for (size_t k = 0; k < p->nchoices && rc == HY_OK; k++) {
            const hy_choice *c = &p->choices[k];
            const hy_choice_set *cs = profile_choice_set(pf, c->item);
            uint64_t mask = c->chosen_mask;
            if (!mask && c->chosen >= 0 && c->chosen < 64)
                mask = 1ULL << c->chosen;
            buf_reset(&chosen);
            buf_reset(&numbers);
            int bad = 0;
            /* several options where the form allows it (Asahikawa's ○ marks) */
            for (size_t o = 0; cs && o < cs->noptions && o < 64; o++) {
                if (!(mask & (1ULL << o)))
                    continue;
                bad |= chosen.len && buf_puts(&chosen, " / ");
                bad |= numbers.len && buf_puts(&numbers, " ");
                bad |= buf_puts(&chosen, cs->options[o]);
                bad |= buf_printf(&numbers, "%zu", o + 1);
            }
            if (bad) {
                rc = err_set(err, HY_EIO, _("out of memory"));
                break;
            }
            put(&r, p->code);
            put(&r, c->item);
            put(&r, buf_str(&chosen));
            put(&r, buf_str(&numbers));
            put(&r, c->reason);
            rc = emit(&t, &r, err);
        }
    }
    rc = close_table(&t, rc, err);
    row_release(&r);
    buf_free(&chosen);
    buf_free(&numbers);
    return rc;
}

int export_tables(const hy_dataset *ds, const hy_profile *profile, const hy_columns *cols,
                  const char *dir, hy_err *err)
{
    int rc = fs_mkdirs(dir, err);
    if (rc == HY_OK)
        rc = write_projects(ds, cols, dir, err);
    if (rc == HY_OK)
        rc = write_costs(ds, profile, dir, err);
    if (rc == HY_OK)
        rc = write_indicators(ds, dir, err);
    if (rc == HY_OK)
        rc = write_choices(ds, profile, dir, err);
    return rc;
}
