#include "publish/opendata.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/format.h"
#include "publish/plain.h"
#include "util/csvout.h"
#include "util/fsutil.h"
#include "util/i18n.h"

/* A column: its header (the unit in it), and what definitions.csv says. */
typedef struct od_col {
    const char *name;
    const char *type;     /* 文字列, 整数, 数値 */
    const char *unit;     /* "" for none */
    const char *meaning;
} od_col;

#define LG_COLS \
    {"全国地方公共団体コード", "文字列", "", "総務省の全国地方公共団体コード（6桁、検査数字付き）"}, \
    {"地方公共団体名", "文字列", "", "事業を評価した地方公共団体"}
#define PROJECT_COL {"事業コード", "文字列", "", "地方公共団体が事務事業に付けたコード"}
#define YEAR_COLS(what) \
    {what "(西暦)", "整数", "年度", what "の西暦年（4月始まりの会計年度）"}, \
    {what "(和暦)", "文字列", "", what "の和暦表記"}

static const od_col PROJECTS[] = {
    LG_COLS, YEAR_COLS("評価年度"), PROJECT_COL,
    {"事業名", "文字列", "", "事務事業の名称"},
    {"部", "文字列", "", "担当部"},
    {"課", "文字列", "", "担当課"},
    {"政策", "文字列", "", "事業が属する政策"},
    {"施策", "文字列", "", "事業が属する施策"},
    {"新規", "文字列", "", "新規事業は「新規」、それ以外は空欄"},
    {"今後の方向性", "文字列", "", "評価で選ばれた今後の方向性"},
    {"評価結果", "文字列", "", "二次評価の結果（なければ達成度）"},
    {"直近決算年度(西暦)", "整数", "年度", "事業費・トータルコストの決算年度"},
    {"直近決算事業費(円)", "整数", "円", "直近決算年度の事業費"},
    {"直近決算トータルコスト(円)", "整数", "円", "直近決算年度の事業費と職員費の合計"},
    {"評価シート", "文字列", "", "この事業の評価シート（PDF）の、このファイルからの相対パス"},
};

static const od_col COSTS[] = {
    LG_COLS, PROJECT_COL, YEAR_COLS("年度"),
    {"区分", "文字列", "", "決算、決算見込、補正後予算、当初予算、計画のいずれか"},
    {"事業費(円)", "整数", "円", "事業費の合計"},
    {"国庫支出金(円)", "整数", "円", "財源のうち国庫支出金"},
    {"都道府県支出金(円)", "整数", "円", "財源のうち都道府県支出金"},
    {"地方債(円)", "整数", "円", "財源のうち地方債"},
    {"基金(円)", "整数", "円", "財源のうちふるさと関連基金"},
    {"その他特定財源(円)", "整数", "円", "財源のうちその他の特定財源"},
    {"一般財源(円)", "整数", "円", "財源のうち一般財源"},
    {"正職員(人工)", "数値", "人工", "従事した正職員の人工（1人が1年従事して1.00）"},
    {"会計年度任用職員(人工)", "数値", "人工", "従事した会計年度任用職員の人工"},
    {"職員費(円)", "整数", "円", "人工に職員1人あたりの単価を掛けた人件費"},
    {"トータルコスト(円)", "整数", "円", "事業費と職員費の合計"},
};

static const od_col INDICATORS[] = {
    LG_COLS, PROJECT_COL,
    {"指標区分", "文字列", "", "活動指標、成果指標、施策KPIのいずれか"},
    {"指標名", "文字列", "", "指標の名称"},
    {"単位", "文字列", "", "値の単位（件、人、%など）"},
    {"目指す方向", "文字列", "", "増加、減少、維持のいずれか"},
    YEAR_COLS("年度"),
    {"値の種類", "文字列", "", "基準値、実績値、計画値、目標値、見込値のいずれか"},
    {"値", "数値", "単位列のとおり", "指標の値（値のない年度は空欄）"},
    {"値の注記", "文字列", "", "値が数でないときの記載（未集計など）"},
};

static const od_col JUDGEMENTS[] = {
    LG_COLS, PROJECT_COL,
    {"評価項目", "文字列", "", "評価の視点（市民ニーズなど）"},
    {"選択", "文字列", "", "選ばれた選択肢（複数のときは「|」区切り）"},
    {"理由", "文字列", "", "選択の理由"},
};

static const od_col DOCUMENTS[] = {
    LG_COLS, PROJECT_COL,
    {"文書名", "文字列", "", "公表する文書の表題（事業評価シート、事業の説明シートなど）"},
    {"ファイル", "文字列", "", "その文書（PDF）の、このファイルからの相対パス"},
};

#define NCOLS(t) (sizeof t / sizeof t[0])
#define MAXCOLS 24

const char *const opendata_files[] = {"projects.csv", "costs.csv", "indicators.csv",
                                      "judgements.csv", "documents.csv", "definitions.csv",
                                      NULL};

/* One table being written: its file and the row being filled. */
typedef struct od_table {
    hy_output out;
    const od_col *cols;
    size_t ncols;
    char *cell[MAXCOLS];
    size_t n;
    int oom;
    const hy_profile *pf;
} od_table;

static int table_open(od_table *t, const char *dir, const char *name, const od_col *cols,
                      size_t ncols, const hy_profile *pf, hy_err *err)
{
    memset(t, 0, sizeof *t);
    t->cols = cols;
    t->ncols = ncols;
    t->pf = pf;
    char *path = fs_join(dir, name);
    int rc = path ? fs_output_open(&t->out, path, err) : err_set(err, HY_EIO, _("out of memory"));
    free(path);
    if (rc != HY_OK)
        return rc;
    csvout_bom(t->out.fp);
    const char *head[MAXCOLS];
    for (size_t i = 0; i < ncols; i++)
        head[i] = cols[i].name;
    csvout_row(t->out.fp, head, ncols);
    return HY_OK;
}

/* Adds a text cell, in its plain form (no 機種依存文字); NULL is blank. */
static void text(od_table *t, const char *s)
{
    char *c = s ? plain_text(s) : strdup("");
    t->oom |= !c;
    if (t->n < MAXCOLS)
        t->cell[t->n++] = c;
    else
        free(c);
}

static void fmt_cell(od_table *t, const char *fmt, long long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, fmt, v);
    text(t, buf);
}

static void yen(od_table *t, hy_amount a)
{
    if (a.known)
        fmt_cell(t, "%lld", (long long)a.yen);
    else
        text(t, NULL);
}

static void number(od_table *t, hy_num n)
{
    char buf[64] = "";
    if (n.known)
        num_format(n, -1, 0, HY_ROUND_HALF_UP, buf, sizeof buf);
    text(t, buf);
}

/* The western and 和暦 year, two cells; 0 gives two blanks. */
static void year(od_table *t, int y)
{
    char era[64] = "";
    if (y) {
        fmt_cell(t, "%lld", y);
        format_fiscal_year(y, HY_ERA_LONG, 1, era, sizeof era);
        text(t, era);
    } else {
        text(t, NULL);
        text(t, NULL);
    }
}

static void lg(od_table *t)
{
    text(t, t->pf->lg_code);
    text(t, t->pf->city);
}

/* Writes the row filled so far (which must have every column) and empties it. */
static void row_end(od_table *t)
{
    if (t->n == t->ncols && !t->oom)
        csvout_row(t->out.fp, (const char *const *)t->cell, t->n);
    else
        t->oom = 1;
    for (size_t i = 0; i < t->n; i++)
        free(t->cell[i]);
    t->n = 0;
}

static int table_close(od_table *t, int rc, hy_err *err)
{
    if (rc == HY_OK && t->oom)
        rc = err_set(err, HY_EIO, _("%s: out of memory (or a row of the wrong width)"), t->out.path);
    if (rc != HY_OK) {
        fs_output_abort(&t->out);
        return rc;
    }
    return fs_output_commit(&t->out, err);
}

const hy_cost *opendata_latest_settled(const hy_project *p)
{
    const hy_cost *best = NULL;
    for (size_t i = 0; i < p->ncosts; i++)
        if (p->costs[i].stage == HY_STAGE_SETTLED &&
            (!best || p->costs[i].fiscal_year > best->fiscal_year))
            best = &p->costs[i];
    return best;
}

const char *opendata_result(const hy_project *p)
{
    const char *v = project_field(p, "secondary_verdict");
    return v && *v ? v : project_field(p, "grade");
}

const char *opendata_direction(const hy_project *p, const hy_profile *pf)
{
    const hy_choice *c = pf->direction_item ? project_choice(p, pf->direction_item) : NULL;
    const hy_choice_set *cs = pf->direction_item ? profile_choice_set(pf, pf->direction_item) : NULL;
    if (!c || !cs || c->chosen < 0 || (size_t)c->chosen >= cs->noptions)
        return NULL;
    return cs->options[c->chosen];
}

static int write_projects(const hy_dataset *ds, const hy_profile *pf, const hy_pubdocs *docs,
                          const char *dir, hy_err *err)
{
    od_table t;
    int rc = table_open(&t, dir, "projects.csv", PROJECTS, NCOLS(PROJECTS), pf, err);
    if (rc != HY_OK)
        return rc;
    for (size_t i = 0; i < ds->nprojects; i = dataset_next(ds, i)) {
        const hy_project *p = &ds->projects[i];
        if (p->kpi_only)
            continue;
        const hy_cost *c = opendata_latest_settled(p);
        lg(&t);
        year(&t, p->fiscal_year);
        text(&t, p->code);
        text(&t, p->name);
        text(&t, p->department);
        text(&t, p->section);
        text(&t, project_field(p, "policy"));
        text(&t, project_field(p, "measure"));
        text(&t, p->is_new ? "新規" : NULL);
        text(&t, opendata_direction(p, pf));
        text(&t, opendata_result(p));
        if (c)
            fmt_cell(&t, "%lld", c->fiscal_year);
        else
            text(&t, NULL);
        yen(&t, c ? c->total : (hy_amount){0, 0});
        yen(&t, c ? c->total_cost : (hy_amount){0, 0});
        text(&t, docs ? docs->files[i * docs->n] : NULL);
        row_end(&t);
    }
    return table_close(&t, rc, err);
}

static int write_costs(const hy_dataset *ds, const hy_profile *pf, const char *dir, hy_err *err)
{
    od_table t;
    int rc = table_open(&t, dir, "costs.csv", COSTS, NCOLS(COSTS), pf, err);
    if (rc != HY_OK)
        return rc;
    for (size_t i = 0; i < ds->nprojects; i = dataset_next(ds, i)) {
        const hy_project *p = &ds->projects[i];
        for (size_t k = 0; k < p->ncosts && !p->kpi_only; k++) {
            const hy_cost *c = &p->costs[k];
            lg(&t);
            text(&t, p->code);
            year(&t, c->fiscal_year);
            text(&t, stage_label(c->stage));
            yen(&t, c->total);
            for (int s = 0; s < HY_SRC_COUNT; s++)
                yen(&t, c->source[s]);
            number(&t, c->staff);
            number(&t, c->part_time_staff);
            yen(&t, c->staff_cost);
            yen(&t, c->total_cost);
            row_end(&t);
        }
    }
    return table_close(&t, rc, err);
}

static const char *kind_label(hy_value_kind k)
{
    switch (k) {
    case HY_VALUE_ACTUAL: return "実績値";
    case HY_VALUE_PLAN: return "計画値";
    case HY_VALUE_TARGET: return "目標値";
    default: return "見込値";
    }
}

/* One figure of an indicator: the columns after 目指す方向. */
static void figure(od_table *t, const hy_project *p, const hy_indicator *ind, int y,
                   const char *kind, hy_num v, const char *typed)
{
    lg(t);
    text(t, p->code);
    text(t, ind->kind);
    text(t, ind->name);
    text(t, ind->unit);
    text(t, trend_label(ind->trend));
    year(t, y);
    text(t, kind);
    number(t, v);
    text(t, !v.known ? typed : NULL);
    row_end(t);
}

static int write_indicators(const hy_dataset *ds, const hy_profile *pf, const char *dir,
                            hy_err *err)
{
    od_table t;
    int rc = table_open(&t, dir, "indicators.csv", INDICATORS, NCOLS(INDICATORS), pf, err);
    if (rc != HY_OK)
        return rc;
    for (size_t i = 0; i < ds->nprojects; i = dataset_next(ds, i)) {
        const hy_project *p = &ds->projects[i];
        for (size_t k = 0; k < p->nindicators; k++) {
            const hy_indicator *ind = &p->indicators[k];
            if (ind->baseline.known || ind->baseline_text)
                figure(&t, p, ind, ind->baseline_year, "基準値", ind->baseline, ind->baseline_text);
            for (size_t v = 0; v < ind->nvalues; v++) {
                const hy_value *x = &ind->values[v];
                figure(&t, p, ind, x->fiscal_year, kind_label(x->kind), x->value, x->text);
            }
            if (ind->target.known || ind->target_text)
                figure(&t, p, ind, ind->target_year, "目標値", ind->target, ind->target_text);
        }
    }
    return table_close(&t, rc, err);
}

static int write_judgements(const hy_dataset *ds, const hy_profile *pf, const char *dir,
                            hy_err *err)
{
    od_table t;
    int rc = table_open(&t, dir, "judgements.csv", JUDGEMENTS, NCOLS(JUDGEMENTS), pf, err);
    if (rc != HY_OK)
        return rc;
    for (size_t i = 0; i < ds->nprojects; i = dataset_next(ds, i)) {
        const hy_project *p = &ds->projects[i];
        for (size_t k = 0; k < p->nchoices && !p->kpi_only; k++) {
            const hy_choice *c = &p->choices[k];
            const hy_choice_set *cs = profile_choice_set(pf, c->item);
            char chosen[2048] = "";
            for (size_t o = 0; cs && o < cs->noptions && o < 64; o++)
                if (c->chosen_mask & (UINT64_C(1) << o))
                    snprintf(chosen + strlen(chosen), sizeof chosen - strlen(chosen), "%s%s",
                             chosen[0] ? "|" : "", cs->options[o]);
            if (!chosen[0] && cs && c->chosen >= 0 && (size_t)c->chosen < cs->noptions)
                snprintf(chosen, sizeof chosen, "%s", cs->options[c->chosen]);
            lg(&t);
            text(&t, p->code);
            text(&t, c->item);
            text(&t, chosen);
            text(&t, c->reason);
            row_end(&t);
        }
    }
    return table_close(&t, rc, err);
}

/* documents.csv: every PDF of every project, in the profile's order. */
static int write_documents(const hy_dataset *ds, const hy_profile *pf, const hy_pubdocs *docs,
                           const char *dir, hy_err *err)
{
    od_table t;
    int rc = table_open(&t, dir, "documents.csv", DOCUMENTS, NCOLS(DOCUMENTS), pf, err);
    if (rc != HY_OK)
        return rc;
    for (size_t i = 0; docs && i < ds->nprojects; i = dataset_next(ds, i)) {
        const hy_project *p = &ds->projects[i];
        for (size_t k = 0; k < docs->n && !p->kpi_only; k++) {
            const char *file = docs->files[i * docs->n + k];
            if (!file)
                continue;
            lg(&t);
            text(&t, p->code);
            text(&t, docs->titles[k]);
            text(&t, file);
            row_end(&t);
        }
    }
    return table_close(&t, rc, err);
}

/* definitions.csv (項目定義): every column of every table. */
static int write_definitions(const hy_profile *pf, const char *dir, hy_err *err)
{
    static const od_col DEF[] = {
        {"ファイル名", "文字列", "", ""}, {"項目名", "文字列", "", ""}, {"型", "文字列", "", ""},
        {"単位", "文字列", "", ""}, {"説明", "文字列", "", ""},
    };
    static const struct { const char *file; const od_col *cols; size_t n; } T[] = {
        {"projects.csv", PROJECTS, NCOLS(PROJECTS)},
        {"costs.csv", COSTS, NCOLS(COSTS)},
        {"indicators.csv", INDICATORS, NCOLS(INDICATORS)},
        {"judgements.csv", JUDGEMENTS, NCOLS(JUDGEMENTS)},
        {"documents.csv", DOCUMENTS, NCOLS(DOCUMENTS)},
    };
    od_table t;
    int rc = table_open(&t, dir, "definitions.csv", DEF, NCOLS(DEF), pf, err);
    if (rc != HY_OK)
        return rc;
    for (size_t i = 0; i < NCOLS(T); i++)
        for (size_t k = 0; k < T[i].n; k++) {
            text(&t, T[i].file);
            text(&t, T[i].cols[k].name);
            text(&t, T[i].cols[k].type);
            text(&t, T[i].cols[k].unit);
            text(&t, T[i].cols[k].meaning);
            row_end(&t);
        }
    return table_close(&t, rc, err);
}

int opendata_write(const hy_dataset *ds, const hy_profile *pf, const hy_pubdocs *docs,
                   const char *dir, hy_err *err)
{
    if (!pf->lg_code)
        return err_set(err, HY_EUSAGE, _("%s: the open data needs the city's 全国地方公共団体コード: "
                       "add `lg_code = NNNNNN` (6 digits with the check digit)"), pf->path);
    int rc = write_projects(ds, pf, docs, dir, err);
    if (rc == HY_OK)
        rc = write_costs(ds, pf, dir, err);
    if (rc == HY_OK)
        rc = write_indicators(ds, pf, dir, err);
    if (rc == HY_OK)
        rc = write_judgements(ds, pf, dir, err);
    if (rc == HY_OK)
        rc = write_documents(ds, pf, docs, dir, err);
    if (rc == HY_OK)
        rc = write_definitions(pf, dir, err);
    return rc;
}
