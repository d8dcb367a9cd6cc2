/*
 * records_longform.c - tables in long form, one figure or judgement per row, as
 * hyoka publishes them (open data's judgements.csv and indicators.csv, `hyoka
 * normalize`'s choices.csv and indicators.csv), so that last year's published
 * tables read back as last year's data (--previous):
 *   judgements  事業コード, 評価項目, 選択, 理由;
 *   indicators  事業コード, 指標区分, 指標名, 単位, 年度, 値の種類, 値: the rows of one
 *               indicator (same project, 指標区分 and 指標名) make one indicator.
 */
#include <stdlib.h>
#include <string.h>

#include "normalize/choice.h"
#include "normalize/records_int.h"
#include "util/buf.h"
#include "util/i18n.h"

/* The profile's choice set an item names (its item or one of its columns), or NULL. */
static const hy_choice_set *set_of(const hy_profile *pf, const char *item)
{
    for (size_t i = 0; i < pf->nchoice_sets; i++) {
        const hy_choice_set *cs = &pf->choice_sets[i];
        if (!strcmp(cs->item, item))
            return cs;
        for (size_t k = 0; k < cs->ncolumns; k++)
            if (!strcmp(cs->columns[k], item))
                return cs;
    }
    return NULL;
}

/* The cells of the row this reader uses, kept (the scratch buffer is reused). */
typedef struct cells {
    const char *code, *item, *option, *number, *reason;
    uint32_t code_col, item_col, option_col, number_col;
} cells;

static void read_cells(builder *b, rowctx *rc, cells *x)
{
    memset(x, 0, sizeof *x);
    for (size_t i = 0; i < rc->t->ncols; i++) {
        const column *c = &rc->t->cols[i];
        if (!c->key)
            continue;
        const char *s = rec_cell(b, rc->row, c->col);
        s = s ? rec_keep(b, s) : NULL;
        if (!strcmp(c->key, "code")) { x->code = s; x->code_col = c->col; }
        else if (!strcmp(c->key, "item")) { x->item = s; x->item_col = c->col; }
        else if (!strcmp(c->key, "option")) { x->option = s; x->option_col = c->col; }
        else if (!strcmp(c->key, "number")) { x->number = s; x->number_col = c->col; }
        else if (!strcmp(c->key, "reason")) x->reason = s;
    }
}

/* An item the profile has no set for: the project's column of that name, as a
 * projects table would give it (a second, different value is a warning). */
static void keep_as_field(builder *b, rowctx *rc, project_build *pb, const char *key,
                          const char *value, uint32_t col)
{
    if (!value)
        return;
    for (size_t i = 0; i < pb->nfields; i++)
        if (!strcmp(pb->fields[i].key, key)) {
            if (strcmp(pb->fields[i].value, value))
                rec_row_warning(rc, col, _("%s of %s is \"%s\" here but \"%s\" in the projects "
                                "table; the projects table's is used"), key, pb->p.code, value,
                                pb->fields[i].value);
            return;
        }
    if (rec_add_field(b, pb, key, value, rec_cell_loc(rc->t, rc->row, col)) != 0)
        b->oom = 1;
}

/* The option cell (or the number cell) read with the item's set. */
static void read_choice(builder *b, rowctx *rc, const cells *x, const hy_choice_set *cs,
                        project_build *pb)
{
    hy_choice *ch = rec_choice_slot(b, pb, cs);
    if (!ch)
        return;
    const char *text = x->option ? x->option : x->number;
    uint32_t col = x->option ? x->option_col : x->number_col;
    char why[1024];
    ch->loc = rec_cell_loc(rc->t, rc->row, col);
    ch->reason = x->reason;
    if (cs->multiple) {
        /* open data joins several chosen options with | */
        hy_buf t = HY_BUF_INIT;
        for (const char *p = text ? text : ""; *p; p++)
            if (*p == '|' ? buf_puts(&t, "、") : buf_putc(&t, *p))
                b->oom = 1;
        uint64_t mask = 0;
        if (choice_parse_multi(text ? buf_str(&t) : NULL, cs->options, cs->noptions, &mask, why,
                               sizeof why) == HY_VALUE_BAD)
            rec_row_error(rc, col, "%s: %s", cs->item, why);
        buf_free(&t);
        ch->chosen_mask = mask;
        ch->chosen = -1;
        for (int i = 0; i < 64 && ch->chosen < 0; i++)
            if ((mask >> i) & 1)
                ch->chosen = i;
        return;
    }
    int chosen = -1;
    if (choice_parse(text, cs->options, cs->noptions, &chosen, why, sizeof why) == HY_VALUE_BAD)
        rec_row_error(rc, col, "%s: %s", cs->item, why);
    ch->chosen = chosen;
    ch->chosen_mask = chosen >= 0 ? 1ULL << chosen : 0;
}

void rec_read_choices_row(builder *b, rowctx *rc)
{
    cells x;
    read_cells(b, rc, &x);
    if (!x.code)
        rec_row_error(rc, x.code_col, _("事業コード is blank: a judgement row must name its project"));
    if (!x.item)
        rec_row_error(rc, x.item_col, _("評価項目 is blank: a judgement row must name its item"));
    project_build *pb = rc->bad ? NULL : rec_find_project(b, x.code);
    if (!rc->bad && !pb)
        rec_no_project(rc, x.code_col, x.code);
    if (rc->bad)
        return;
    const hy_choice_set *cs = set_of(b->profile, x.item);
    if (cs) {
        read_choice(b, rc, &x, cs, pb);
        return;
    }
    keep_as_field(b, rc, pb, x.item, x.option ? x.option : x.number,
                  x.option ? x.option_col : x.number_col);
    if (x.reason) {
        char *key = malloc(strlen(x.item) + sizeof "の理由");
        if (!key) {
            b->oom = 1;
            return;
        }
        strcpy(key, x.item);
        strcat(key, "の理由");
        keep_as_field(b, rc, pb, rec_keep(b, key), x.reason, x.item_col);
        free(key);
    }
}

/* ---- indicator figures ---- */

/* The kinds of figure a long indicators table names (値の種類, 項目). */
enum figure_kind { FIG_BASELINE = -1, FIG_TARGET = -2, FIG_PRE_SCORE = -3, FIG_SCORE = -4 };

static int figure_kind_of(const char *s, int *kind)
{
    static const struct { const char *name; int kind; } KINDS[] = {
        {"基準値", FIG_BASELINE}, {"目標値", FIG_TARGET}, {"実績値", HY_VALUE_ACTUAL},
        {"計画値", HY_VALUE_PLAN}, {"見込値", HY_VALUE_ESTIMATE}, {"年度目標値", HY_VALUE_TARGET},
        {"補正前スコア（入力）", FIG_PRE_SCORE}, {"スコア（入力）", FIG_SCORE},
    };
    for (size_t i = 0; s && i < sizeof KINDS / sizeof KINDS[0]; i++)
        if (!strcmp(s, KINDS[i].name)) {
            *kind = KINDS[i].kind;
            return 1;
        }
    return 0;
}

int rec_is_long_indicators(const table *t)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (t->cols[i].key && !strcmp(t->cols[i].key, "value"))
            return 1;
    return 0;
}

/* The project's indicator of the same 指標区分 and 指標名 read from an earlier row, or NULL. */
static ind_build *same_indicator(project_build *pb, const hy_indicator *ind)
{
    for (size_t i = 0; i < pb->ninds; i++) {
        const hy_indicator *q = &pb->inds[i].ind;
        if (q->name && ind->name && !strcmp(q->name, ind->name) &&
            ((!q->kind && !ind->kind) || (q->kind && ind->kind && !strcmp(q->kind, ind->kind))))
            return &pb->inds[i];
    }
    return NULL;
}

/* Puts one figure (its kind, year, value and note) into the indicator. */
static void put_figure(builder *b, rowctx *rc, ind_build *ib, int kind, int year,
                       const char *label, hy_num n, const char *text, const column *vc)
{
    hy_indicator *ind = &ib->ind;
    hy_loc loc = rec_cell_loc(rc->t, rc->row, vc->col);
    switch (kind) {
    case FIG_BASELINE:
        ind->baseline = n;
        ind->baseline_text = text;
        ind->baseline_year = year;
        ind->baseline_year_label = year ? label : NULL;
        return;
    case FIG_TARGET:
        ind->target = n;
        ind->target_text = text;
        ind->target_year = year;
        ind->target_year_label = year ? label : NULL;
        return;
    case FIG_PRE_SCORE: ind->given_pre_score = n; return;
    case FIG_SCORE: ind->given_score = n; return;
    default: break;
    }
    for (size_t i = 0; i < ib->nvalues; i++)
        if (ib->values[i].fiscal_year == year && (int)ib->values[i].kind == kind) {
            rec_row_error(rc, vc->col, _("%s: a second figure of the same kind and year for this "
                          "indicator"), vc->header);
            return;
        }
    if (!year) {
        rec_row_error(rc, vc->col, _("%s: a yearly figure needs its 年度"), vc->header);
        return;
    }
    rec_push_value(b, ib, year, label, (hy_value_kind)kind, n, text, loc);
}

void rec_read_indicator_figure(builder *b, rowctx *rc, project_build *pb, ind_build *ib)
{
    const table *t = rc->t;
    const column *vc = NULL;
    int kind = HY_VALUE_ACTUAL, year = 0;
    const char *label = NULL, *note = NULL;
    for (size_t i = 0; i < t->ncols; i++) {
        const column *c = &t->cols[i];
        if (!c->key)
            continue;
        const char *s = rec_cell(b, rc->row, c->col);
        if (!strcmp(c->key, "value_kind") && s && !figure_kind_of(s, &kind))
            rec_row_error(rc, c->col, _("%s: expected 基準値, 実績値, 計画値, 目標値 or 見込値, got "
                          "\"%s\""), c->header, s);
        else if (!strcmp(c->key, "value_year") && s) {
            label = rec_keep(b, s);
            year = rec_read_year(rc, c);
        } else if (!strcmp(c->key, "value_note") && s)
            note = rec_keep(b, s);
        else if (!strcmp(c->key, "value"))
            vc = c;
    }
    hy_num n = vc ? rec_read_number(rc, vc, NULL) : num_null();
    const char *raw = vc ? rec_cell(b, rc->row, vc->col) : NULL;
    const char *text = raw ? rec_keep(b, raw) : note;
    if (rc->bad)
        return;
    ind_build *into = same_indicator(pb, &ib->ind);
    if (!into) {
        if (rec_attach_indicator(b, rc, pb, ib) != 0)
            return;
        into = &pb->inds[pb->ninds - 1];
    }
    put_figure(b, rc, into, kind, year, label, n, text, vc);
}
