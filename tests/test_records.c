/* tests for normalize/records and normalize/columns: sheets into records, and
 * every problem reported at its file, row and column */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"
#include "normalize/records.h"
#include "normalize/value.h"
#include "util/buf.h"
#include "testutil.h"

static hy_profile *pf;
static hy_columns *cols;

static void setup(void)
{
    hy_err err;
    if (!pf)
        profile_load(test_src("templates"), "nemuro", &pf, &err);
    if (!cols)
        columns_load(test_src("templates/columns.conf"), &cols, &err);
}

/* Runs records_build on the given books; returns the data set and diagnostics. */
static hy_dataset *build(hy_book **books, size_t n, hy_diags **diags)
{
    setup();
    hy_dataset *ds = dataset_new();
    *diags = diags_new();
    hy_err err;
    CU_ASSERT_EQUAL(records_build(books, n, cols, pf, ds, *diags, &err), HY_OK);
    return ds;
}

/* The formatted diagnostic i: "file:row:col: message". */
static const char *diag_line(const hy_diags *d, size_t i)
{
    static char line[2048];
    char where[512];
    if (i >= d->count)
        return "(none)";
    diag_format_loc(&d->items[i].loc, where, sizeof where);
    snprintf(line, sizeof line, "%s: %s", where, d->items[i].message);
    return line;
}

static void test_header_matching(void)
{
    setup();
    hy_header_match m;
    CU_ASSERT(columns_match(cols, HY_TABLE_PROJECTS, "事務事業名", &m));
    CU_ASSERT_STRING_EQUAL(m.key, "name");
    CU_ASSERT(columns_match(cols, HY_TABLE_PROJECTS, "事業 名", &m));
    CU_ASSERT_STRING_EQUAL(m.key, "name");
    CU_ASSERT(columns_match(cols, HY_TABLE_PROJECTS, "事業ＮＯ．", &m));
    CU_ASSERT_STRING_EQUAL(m.key, "code");
    CU_ASSERT(columns_match(cols, HY_TABLE_COSTS, "北海道", &m));
    CU_ASSERT_STRING_EQUAL(m.key, "prefectural");
    CU_ASSERT(columns_match(cols, HY_TABLE_COSTS, "県支出金", &m));
    CU_ASSERT_STRING_EQUAL(m.key, "prefectural");
    CU_ASSERT(columns_match(cols, HY_TABLE_INDICATORS, "基準値(H26)", &m));
    CU_ASSERT_STRING_EQUAL(m.key, "baseline");
    CU_ASSERT_EQUAL(m.fiscal_year, 2014);
    CU_ASSERT(columns_match(cols, HY_TABLE_INDICATORS, "H27実績値", &m));
    CU_ASSERT_STRING_EQUAL(m.key, "actual");
    CU_ASSERT_EQUAL(m.fiscal_year, 2015);
    CU_ASSERT(columns_match(cols, HY_TABLE_INDICATORS, "目標値（R7）", &m));
    CU_ASSERT_STRING_EQUAL(m.key, "target");
    CU_ASSERT_EQUAL(m.fiscal_year, 2025);
    CU_ASSERT_FALSE(columns_match(cols, HY_TABLE_PROJECTS, "備考", &m));
}

static const char *const PROJECTS[] = {
    "（単位：千円）", NULL, NULL, NULL, NULL, NULL,
    "事業コード", "事務事業名", "評価年度", "部", "市民ニーズ", "市民ニーズの理由",
    "13035", "関係人口拡大促進事業", "令和６年度", "総合政策部", "□かなりのニーズがある ■ニーズはある □ニーズはあまりない", "抽選を行っている。",
    "13036", "別の事業", "R6", "総合政策部", "ニーズが少ない", NULL,
    "13035", "重複した事業", "R6", "総合政策部", "2", NULL,
    NULL, "名前だけ", "R6", NULL, NULL, NULL,
};

static const char *const COSTS[] = {
    "事業コード", "年度", "区分", "事業費", "道支出金", "一般財源", "人員(人工)",
    "13035", "R6", "当初予算", "２２，０００", "0", "22,000", "1.00",
    "13035", "R5", "決算", "abc", "0", "0", "1",
    "99999", "R6", "決算", "100", "0", "100", "0.1",
    "13035", "R4", "決算", "1,000", "300", "600", "0.5",
    "13035", "H31", "決算", "△1,234", NULL, NULL, NULL,
};

static const char *const INDICATORS[] = {
    "事業コード", "指標区分", "指標名", "単位", "目標値(R2)", "計画値(R5)", "目標値(R7)",
    "13035", "活動指標", "交流イベント参加者数", "人", "-", "1,000", "1,000人",
    "13035", "成果指標", NULL, "人", "1", "2", "3",
};

static void test_tables_and_errors(void)
{
    hy_book *books[3] = {
        test_book("in/projects.csv", PROJECTS, 6, 6),
        test_book("in/costs.csv", COSTS, 6, 7),
        test_book("in/indicators.csv", INDICATORS, 3, 7),
    };
    hy_diags *d;
    /* costs listed before projects on purpose: order of files must not matter */
    hy_book *order[3] = {books[1], books[2], books[0]};
    hy_dataset *ds = build(order, 3, &d);

    /* the accepted project and what it holds */
    CU_ASSERT_EQUAL_FATAL(ds->nprojects, 1);
    const hy_project *p = dataset_find(ds, "13035");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_STRING_EQUAL(p->name, "関係人口拡大促進事業");
    CU_ASSERT_EQUAL(p->fiscal_year, 2024);
    const hy_choice *c = project_choice(p, "市民ニーズ");
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(c->chosen, 1);
    CU_ASSERT_STRING_EQUAL(c->reason, "抽選を行っている。");
    CU_ASSERT_EQUAL(p->ncosts, 2);   /* R6 and H31; the other three rows are rejected */
    const hy_cost *r6 = project_cost(p, 2024, HY_STAGE_INITIAL_BUDGET);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r6);
    CU_ASSERT_EQUAL(r6->total.yen, 22000000);        /* ２２，０００ in 千円 */
    CU_ASSERT_EQUAL(r6->staff.mantissa, 100);
    CU_ASSERT_EQUAL(r6->staff.scale, 2);
    const hy_cost *h31 = project_cost(p, 2019, HY_STAGE_SETTLED);
    CU_ASSERT_PTR_NOT_NULL_FATAL(h31);
    CU_ASSERT_EQUAL(h31->total.yen, -1234000);       /* △ is negative */
    CU_ASSERT_FALSE(h31->source[HY_SRC_GENERAL].known);  /* blank is not zero */
    CU_ASSERT_FALSE(h31->staff.known);
    CU_ASSERT_EQUAL_FATAL(p->nindicators, 1);
    const hy_indicator *ind = &p->indicators[0];
    CU_ASSERT_STRING_EQUAL(ind->name, "交流イベント参加者数");
    CU_ASSERT_EQUAL(ind->target_year, 2025);
    CU_ASSERT_EQUAL(ind->target.mantissa, 1000);
    const hy_value *plan = indicator_value(ind, 2023, HY_VALUE_PLAN);
    CU_ASSERT_PTR_NOT_NULL_FATAL(plan);
    CU_ASSERT_EQUAL(plan->value.mantissa, 1000);
    const hy_value *t2 = indicator_value(ind, 2020, HY_VALUE_TARGET);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t2);
    CU_ASSERT_FALSE(t2->value.known);                 /* "-" is no value */

    /* every problem, in order, at its file, row and column */
    const char *expected[] = {
        "in/projects.csv!E4: 市民ニーズ: expected one of: かなりのニーズがある / ニーズはある / ニーズはあまりない, got \"ニーズが少ない\"",
        "in/projects.csv!A5: project code 13035 appears twice (first at in/projects.csv:3); codes must be unique",
        "in/projects.csv!A6: 事業コード is blank: every project needs a code",
        "in/costs.csv!D3: 事業費: expected an amount of money such as 22,000, 7,262千円 or 54,886,770円, got \"abc\"",
        "in/costs.csv!A4: 事業コード 99999: no project has this code (the projects table does not list it)",
        "in/costs.csv!D5: funding sources add up to 900, but 事業費 is 1,000",
        "in/indicators.csv!C3: 指標名 is blank: every indicator needs a name",
    };
    size_t n = sizeof expected / sizeof expected[0];
    CU_ASSERT_EQUAL(d->errors, n);
    for (size_t i = 0; i < n; i++) {
        CU_ASSERT_STRING_EQUAL(diag_line(d, i), expected[i]);
        if (strcmp(diag_line(d, i), expected[i]))
            fprintf(stderr, "\n  got      %s\n  expected %s\n", diag_line(d, i), expected[i]);
    }

    /* rows read / accepted / rejected per table: nothing silently dropped */
    CU_ASSERT_EQUAL_FATAL(ds->ntables, 3);
    const hy_table_stats *t = &ds->tables[0];
    CU_ASSERT_STRING_EQUAL(t->kind, "projects");
    CU_ASSERT_EQUAL(t->rows_read, 4);
    CU_ASSERT_EQUAL(t->rows_accepted, 1);
    CU_ASSERT_EQUAL(t->rows_rejected, 3);
    t = &ds->tables[1];
    CU_ASSERT_STRING_EQUAL(t->kind, "costs");
    CU_ASSERT_EQUAL(t->rows_read, 5);
    CU_ASSERT_EQUAL(t->rows_accepted, 2);
    CU_ASSERT_EQUAL(t->rows_rejected, 3);
    t = &ds->tables[2];
    CU_ASSERT_STRING_EQUAL(t->kind, "indicators");
    CU_ASSERT_EQUAL(t->rows_accepted + t->rows_rejected, t->rows_read);

    dataset_free(ds);
    diags_free(d);
    for (int i = 0; i < 3; i++)
        book_free(books[i]);
}

/* A rejected project's own cost rows are rejected with it, not each reported
 * again as naming no project; a row naming a project nobody wrote still is. */
static void test_rejected_project_lines(void)
{
    static const char *const P[] = {
        "事業コード", "事業名", "評価年度", "市民ニーズ",
        "A1", "甲", "R6", "ニーズはある",
        "B2", "乙", "R6", "ニーズが少ない",
    };
    static const char *const C[] = {
        "事業コード", "年度", "事業費",
        "B2", "R5", "100",
        "B2", "R6", "200",
        "C3", "R6", "300",
        "A1", "R6", "400",
    };
    hy_book *books[2] = {test_book("in/p.csv", P, 3, 4), test_book("in/c.csv", C, 5, 3)};
    hy_diags *d;
    hy_dataset *ds = build(books, 2, &d);
    CU_ASSERT_EQUAL(d->errors, 2);
    CU_ASSERT_STRING_EQUAL(diag_line(d, 0), "in/p.csv!D3: 市民ニーズ: expected one of: "
                           "かなりのニーズがある / ニーズはある / ニーズはあまりない, got \"ニーズが少ない\"");
    CU_ASSERT_STRING_EQUAL(diag_line(d, 1), "in/c.csv!A4: 事業コード C3: no project has this "
                           "code (the projects table does not list it)");
    CU_ASSERT_EQUAL_FATAL(ds->nleft_out, 1);
    CU_ASSERT_STRING_EQUAL(ds->left_out[0].code, "B2");
    CU_ASSERT_EQUAL(ds->left_out[0].loc.row, 3);
    CU_ASSERT_EQUAL_FATAL(ds->ntables, 2);
    CU_ASSERT_EQUAL(ds->tables[1].rows_rejected, 3);   /* rejected all the same */
    CU_ASSERT_EQUAL(ds->tables[1].rows_accepted, 1);
    dataset_free(ds);
    diags_free(d);
    book_free(books[0]);
    book_free(books[1]);
}

static void test_unknown_columns_kept(void)
{
    static const char *const T[] = {
        "事業コード", "事業名", "評価年度", "備考欄",
        "A1", "名前", "R6", "メモです",
    };
    hy_book *b = test_book("p.csv", T, 2, 4);
    hy_diags *d;
    hy_dataset *ds = build(&b, 1, &d);
    CU_ASSERT_EQUAL(d->errors, 0);
    CU_ASSERT_EQUAL_FATAL(ds->ntables, 1);
    CU_ASSERT_EQUAL(ds->tables[0].nunknown_columns, 1);
    CU_ASSERT_STRING_EQUAL(ds->tables[0].unknown_columns[0], "備考欄");
    CU_ASSERT_EQUAL_FATAL(ds->nprojects, 1);
    CU_ASSERT_STRING_EQUAL(project_field(&ds->projects[0], "備考欄"), "メモです");
    dataset_free(ds);
    diags_free(d);
    book_free(b);
}

static void test_unrecognised_sheet_is_reported(void)
{
    static const char *const T[] = {"a", "b", "1", "2"};
    hy_book *b = test_book("x.csv", T, 2, 2);
    hy_diags *d;
    hy_dataset *ds = build(&b, 1, &d);
    CU_ASSERT_EQUAL(d->warnings, 1);
    CU_ASSERT(test_contains(diag_line(d, 0), "x.csv: no table recognised"));
    dataset_free(ds);
    diags_free(d);
    book_free(b);
}


/* ---- two-row headers and the wide shape (seed 002) ---------------------- */

/* Asahikawa as far as seed 002 needs: amounts in 千円, the sheet is R3's. */
static const char ASAHIKAWA[] =
    "city = 旭川市\n"
    "prefectural_label = 北海道\n"
    "staff_unit_cost = 7,000千円\n"
    "part_time_unit_cost = 3,000千円\n"
    "input_unit = 千円\n"
    "display_unit = 千円\n"
    "fiscal_year = R3\n";

static hy_profile *asahikawa(void)
{
    hy_profile *p = NULL;
    hy_err err;
    CU_ASSERT_EQUAL(profile_parse("asahikawa/profile.conf", "asahikawa", "asahikawa", ASAHIKAWA,
                                  &p, &err), HY_OK);
    return p;
}

static hy_book *read_fixture(const char *rel, hy_diags *d)
{
    hy_ingest_opts opts;
    ingest_default_opts(&opts);
    hy_err err;
    hy_book *b = NULL;
    CU_ASSERT_EQUAL(ingest_file(test_src(rel), &opts, &b, d, &err), HY_OK);
    return b;
}

static void expect_diags(const hy_diags *d, const char *const *expected, size_t n)
{
    CU_ASSERT_EQUAL(d->count, n);
    for (size_t i = 0; i < n || i < d->count; i++) {
        const char *want = i < n ? expected[i] : "(none)";
        CU_ASSERT_STRING_EQUAL(diag_line(d, i), want);
        if (strcmp(diag_line(d, i), want))
            fprintf(stderr, "\n  got      %s\n  expected %s\n", diag_line(d, i), want);
    }
}

static void expect_line(const hy_project *p, int year, hy_stage stage, int64_t total_k,
                        int64_t general_k)
{
    const hy_cost *c = project_cost(p, year, stage);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT(c->total.known);
    CU_ASSERT_EQUAL(c->total.yen, total_k * 1000);
    CU_ASSERT(c->source[HY_SRC_GENERAL].known);
    CU_ASSERT_EQUAL(c->source[HY_SRC_GENERAL].yen, general_k * 1000);
    CU_ASSERT_FALSE(c->general_derived);
    /* the seed's zeros are zeros, not blanks */
    for (int s = HY_SRC_NATIONAL; s <= HY_SRC_OTHER; s++) {
        if (s == HY_SRC_FURUSATO_FUND) {
            CU_ASSERT_FALSE(c->source[s].known);   /* Asahikawa has no such column */
            continue;
        }
        CU_ASSERT(c->source[s].known);
        CU_ASSERT_EQUAL(c->source[s].yen, 0);
    }
    /* 交付税措置(%) is a rate beside the money, never in it */
    CU_ASSERT(c->tax_allocation_pct.known);
    CU_ASSERT_EQUAL(c->tax_allocation_pct.mantissa, 0);
}

/* The records of seed 002's project, whichever file they came from. */
static void check_seed002(const char *rel, const char *where)
{
    hy_profile *as = asahikawa();
    setup();
    hy_diags *d = diags_new();
    hy_book *b = read_fixture(rel, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    hy_dataset *ds = dataset_new();
    hy_err err;
    CU_ASSERT_EQUAL(records_build(&b, 1, cols, as, ds, d, &err), HY_OK);
    CU_ASSERT_EQUAL(d->count, 0);
    if (d->count)
        fprintf(stderr, "\n  %s: %s\n", rel, diag_line(d, 0));

    CU_ASSERT_EQUAL_FATAL(ds->ntables, 1);
    CU_ASSERT_STRING_EQUAL(ds->tables[0].kind, "projects+costs");
    CU_ASSERT_EQUAL(ds->tables[0].rows_read, 6);
    CU_ASSERT_EQUAL(ds->tables[0].rows_accepted, 6);
    CU_ASSERT_EQUAL(ds->tables[0].nunknown_columns, 2);

    CU_ASSERT_EQUAL_FATAL(ds->nprojects, 2);
    const hy_project *p = dataset_find(ds, "12 11 01");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_STRING_EQUAL(p->name, "広域行政推進事業");
    CU_ASSERT_EQUAL(p->fiscal_year, 2021);
    CU_ASSERT_STRING_EQUAL(project_field(p, "start_year"), "昭和47年度");
    CU_ASSERT_STRING_EQUAL(project_field(p, "legal_basis"), "地方自治法第252条の2");
    CU_ASSERT(test_contains(project_field(p, "summary"), "<R3の主な内容>\n・定住自立圏"));
    CU_ASSERT_STRING_EQUAL(project_field(p, "アウトカム (事業成果を測るKPIがある場合はその状況。"
                                            "ない場合は「-」)"),
                           "上川中部定住自立圏形成協定に基づく取組数 R3実績値 189 R5目標値 166");

    CU_ASSERT_EQUAL_FATAL(p->ncosts, 4);
    expect_line(p, 2020, HY_STAGE_SETTLED, 115, 115);
    expect_line(p, 2021, HY_STAGE_INITIAL_BUDGET, 301, 301);
    expect_line(p, 2021, HY_STAGE_SETTLEMENT_ESTIMATE, 404, 404);
    expect_line(p, 2022, HY_STAGE_INITIAL_BUDGET, 210, 210);
    CU_ASSERT_EQUAL(p->costs[0].loc.row, 4);
    CU_ASSERT_EQUAL(p->costs[3].loc.row, 7);
    CU_ASSERT_STRING_EQUAL(p->costs[3].loc.file, where);

    /* 人工 (R3年度) is written on the R2決算 row but is R3's: 正職員 1, 会計年度 0 on
     * both R3 lines, nothing (not zero) on the others */
    for (int i = 0; i < 4; i++) {
        const hy_cost *c = &p->costs[i];
        if (c->fiscal_year == 2021) {
            CU_ASSERT(c->staff.known);
            CU_ASSERT_EQUAL(c->staff.mantissa, 1);
            CU_ASSERT_EQUAL(c->staff.scale, 0);
            CU_ASSERT(c->part_time_staff.known);
            CU_ASSERT_EQUAL(c->part_time_staff.mantissa, 0);
        } else {
            CU_ASSERT_FALSE(c->staff.known);
            CU_ASSERT_FALSE(c->part_time_staff.known);
        }
    }

    /* the invented second block: a blank 国 is no value, 市債 0 is zero */
    const hy_project *q = dataset_find(ds, "12 11 02");
    CU_ASSERT_PTR_NOT_NULL_FATAL(q);
    CU_ASSERT_EQUAL_FATAL(q->ncosts, 2);
    const hy_cost *r2 = project_cost(q, 2020, HY_STAGE_SETTLED);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r2);
    CU_ASSERT_FALSE(r2->source[HY_SRC_NATIONAL].known);
    CU_ASSERT(r2->source[HY_SRC_BONDS].known);
    CU_ASSERT_EQUAL(r2->source[HY_SRC_BONDS].yen, 0);
    CU_ASSERT_EQUAL(r2->source[HY_SRC_PREFECTURAL].yen, 20000);
    CU_ASSERT_FALSE(r2->staff.known);
    const hy_cost *r3 = project_cost(q, 2021, HY_STAGE_INITIAL_BUDGET);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r3);
    CU_ASSERT_EQUAL(r3->staff.mantissa, 5);
    CU_ASSERT_EQUAL(r3->staff.scale, 1);
    CU_ASSERT_EQUAL(r3->part_time_staff.mantissa, 25);
    CU_ASSERT_EQUAL(r3->part_time_staff.scale, 2);

    dataset_free(ds);
    diags_free(d);
    book_free(b);
    profile_free(as);
}

static void test_seed002_csv(void)
{
    check_seed002("tests/fixtures/normalize/seed002.csv", test_src("tests/fixtures/normalize/seed002.csv"));
}

static void test_seed002_xlsx(void)
{
    check_seed002("tests/fixtures/normalize/seed002.xlsx", test_src("tests/fixtures/normalize/seed002.xlsx"));
}

/* The seed's second copy: rows of 6 numbers under 7 columns are reported, not
 * read by position (which would put 一般財源 under その他). */
static void test_seed002_shifted(void)
{
    hy_profile *as = asahikawa();
    setup();
    hy_diags *d = diags_new();
    hy_book *b = read_fixture("tests/fixtures/normalize/seed002_shifted.csv", d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    b->file = "seed002_shifted.csv";
    hy_dataset *ds = dataset_new();
    hy_err err;
    CU_ASSERT_EQUAL(records_build(&b, 1, cols, as, ds, d, &err), HY_OK);
    static const char *const expected[] = {
        "seed002_shifted.csv:5: 6 values under 7 money columns (事業費 (千円) to 一般財源): the cells do not line up with the header, a column may have been left out (一般財源 is blank where other rows fill all 7)",
        "seed002_shifted.csv:6: 6 values under 7 money columns (事業費 (千円) to 一般財源): the cells do not line up with the header, a column may have been left out (一般財源 is blank where other rows fill all 7)",
        "seed002_shifted.csv:7: 6 values under 7 money columns (事業費 (千円) to 一般財源): the cells do not line up with the header, a column may have been left out (一般財源 is blank where other rows fill all 7)",
    };
    expect_diags(d, expected, 3);
    CU_ASSERT_EQUAL(d->errors, 3);
    CU_ASSERT_EQUAL_FATAL(ds->ntables, 1);
    CU_ASSERT_EQUAL(ds->tables[0].rows_read, 4);
    CU_ASSERT_EQUAL(ds->tables[0].rows_accepted, 1);
    CU_ASSERT_EQUAL(ds->tables[0].rows_rejected, 3);
    /* only the line that lines up was taken */
    const hy_project *p = dataset_find(ds, "12 11 01");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL(p->ncosts, 1);
    dataset_free(ds);
    diags_free(d);
    book_free(b);
    profile_free(as);
}

/* A header one edit or one word from a known one says what it may be and the
 * columns.conf line that would read it so; a table whose every line has
 * 一般財源 0 and その他 = 事業費 is shifted by a column, and said so once. */
static void test_near_headers_and_shifted_table(void)
{
    static const char *const P[] = {"事業コード", "事業名", "評価年度", "1", "一", "R6"};
    static const char *const C[] = {
        "事業コード", "年度", "事業費", "その他", "一般財源", "一般財原", "事業費 合計額",
        "1", "R4", "100", "100", "0", NULL, NULL,
        "1", "R5", "200", "200", "0", NULL, NULL,
        "1", "R6", "300", "300", "0", NULL, NULL,
    };
    hy_book *books[2] = {test_book("p.csv", P, 2, 3), test_book("c.csv", C, 4, 7)};
    hy_diags *d;
    hy_dataset *ds = build(books, 2, &d);
    static const char *const expected[] = {
        "c.csv!F1: 一般財原: not a header hyoka knows; it may be 一般財源 (general): to read it so, "
        "add the line `general = 一般財原` under [costs] in the profile's columns.conf",
        "c.csv!G1: 事業費 合計額: not a header hyoka knows; it may be 事業費 (total): to read it so, "
        "add the line `total = 事業費 合計額` under [costs] in the profile's columns.conf",
        "c.csv:1: every one of the table's 3 cost lines has 一般財源 0 and その他 equal to 事業費: "
        "the figures look shifted by one column against the header (一般財源's under その他); "
        "check the header lines up with the figures",
    };
    expect_diags(d, expected, 3);
    CU_ASSERT_EQUAL(d->errors, 1);
    dataset_free(ds);
    diags_free(d);
    book_free(books[0]);
    book_free(books[1]);
}

/* An indicator's direction: its 方向 column, else target against baseline,
 * else the profile's default; a figure meant to fall is scored as falling. */
static void test_indicator_direction(void)
{
    static const char *const P[] = {"事業コード", "事業名", "評価年度", "1", "一", "R6"};
    static const char *const I[] = {
        "事業コード", "指標名", "方向", "基準値", "目標値",
        "1", "待機児童数", NULL, "10", "5",
        "1", "利用者数", NULL, "10", "20",
        "1", "満足度", NULL, NULL, "80",
        "1", "事故件数", "増加", "10", "5",
    };
    hy_book *books[2] = {test_book("p.csv", P, 2, 3), test_book("i.csv", I, 5, 5)};
    hy_diags *d;
    hy_dataset *ds = build(books, 2, &d);
    CU_ASSERT_EQUAL(d->count, 0);
    CU_ASSERT_EQUAL_FATAL(ds->nprojects, 1);
    const hy_project *p = &ds->projects[0];
    CU_ASSERT_EQUAL_FATAL(p->nindicators, 4);
    CU_ASSERT_EQUAL(p->indicators[0].trend, HY_TREND_DECREASE);   /* target below baseline */
    CU_ASSERT_EQUAL(p->indicators[1].trend, HY_TREND_INCREASE);
    CU_ASSERT_EQUAL(p->indicators[2].trend, HY_TREND_INCREASE);   /* the profile's default */
    CU_ASSERT_EQUAL(p->indicators[3].trend, HY_TREND_INCREASE);   /* as the data says */
    CU_ASSERT(p->indicators[3].trend_given);
    dataset_free(ds);
    diags_free(d);
    book_free(books[0]);
    book_free(books[1]);
}

/* The same check in a long costs table; and what is not a shifted row. */
static void test_alignment_in_costs_table(void)
{
    static const char *const P[] = {"事業コード", "事業名", "評価年度", "1", "一", "R6"};
    static const char *const C[] = {
        "事業コード", "年度", "区分", "事業費", "国庫支出金", "道支出金", "地方債", "その他", "一般財源",
        "1", "R4", "決算", "100", "0", "0", "0", "0", "100",
        "1", "R5", "決算", "100", "0", "0", "0", "100", NULL,       /* 一般財源 slid left */
        "1", "R6", "当初予算", "100", NULL, "0", NULL, NULL, "100",  /* blanks here and there */
        "1", "R3", "決算", "100", "0", NULL, NULL, NULL, NULL,       /* 国 given, the rest left to derive */
        "1", NULL, "R2決算", "100", "0", "0", "0", "0", "100",      /* year and stage in one cell */
        "1", "R1", "R2当初予算", "100", "0", "0", "0", "0", "100",  /* ... that disagree */
    };
    hy_book *books[2] = {test_book("p.csv", P, 2, 3), test_book("c.csv", C, 7, 9)};
    hy_diags *d;
    hy_dataset *ds = build(books, 2, &d);
    static const char *const expected[] = {
        "c.csv:3: 5 values under 6 money columns (事業費 to 一般財源): the cells do not line up with the header, a column may have been left out (一般財源 is blank where other rows fill all 6)",
        "c.csv!C7: 区分 names 2020年度 but 年度 says 2019年度",
    };
    expect_diags(d, expected, 2);
    CU_ASSERT_EQUAL_FATAL(ds->nprojects, 1);
    const hy_project *p = &ds->projects[0];
    CU_ASSERT_EQUAL(p->ncosts, 4);
    CU_ASSERT_PTR_NOT_NULL(project_cost(p, 2024, HY_STAGE_INITIAL_BUDGET));
    CU_ASSERT_PTR_NOT_NULL(project_cost(p, 2021, HY_STAGE_SETTLED));
    CU_ASSERT_PTR_NOT_NULL(project_cost(p, 2020, HY_STAGE_SETTLED));
    CU_ASSERT_PTR_NULL(project_cost(p, 2023, HY_STAGE_SETTLED));
    dataset_free(ds);
    diags_free(d);
    book_free(books[0]);
    book_free(books[1]);
}

/* A KPI report whose year stands over its parts: H28年度 over 実績値 /
 * 補正前スコア / スコア. The group's year is the parts' year. */
static void test_kpi_two_row_header(void)
{
    static const char *const K[] = {
        "プロジェクト", "事業番号", "事業名", "施策KPI", "単位", "基準値(H26)", "H27実績値", "H28年度", NULL, NULL, "目標値(H31)",
        NULL, NULL, NULL, NULL, NULL, NULL, NULL, "実績値", "補正前スコア", "スコア", NULL,
        "まちの元気プロジェクト", "7", "商店街活性化事業", "新規出店数", "件", "10", "12", "16", "40.00", "40.00", "25",
        "まちの元気プロジェクト", "8", "観光案内強化事業", "案内所利用者数", "人", "0", NULL, "―", NULL, NULL, "5000",
    };
    hy_book *b = test_book("kpi.csv", K, 4, 11);
    hy_diags *d;
    hy_dataset *ds = build(&b, 1, &d);
    CU_ASSERT_EQUAL(d->count, 0);
    CU_ASSERT_EQUAL_FATAL(ds->ntables, 1);
    CU_ASSERT_STRING_EQUAL(ds->tables[0].kind, "kpi");
    CU_ASSERT_EQUAL(ds->tables[0].rows_read, 2);     /* the parts row is header, not data */
    CU_ASSERT_EQUAL(ds->tables[0].nunknown_columns, 0);
    CU_ASSERT_EQUAL_FATAL(ds->nprojects, 2);
    const hy_indicator *ind = &dataset_find(ds, "7")->indicators[0];
    CU_ASSERT_EQUAL(ind->baseline_year, 2014);
    CU_ASSERT_EQUAL(ind->target_year, 2019);
    const hy_value *h27 = indicator_value(ind, 2015, HY_VALUE_ACTUAL);
    const hy_value *h28 = indicator_value(ind, 2016, HY_VALUE_ACTUAL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(h27);
    CU_ASSERT_PTR_NOT_NULL_FATAL(h28);
    CU_ASSERT_EQUAL(h27->value.mantissa, 12);
    CU_ASSERT_EQUAL(h28->value.mantissa, 16);
    CU_ASSERT_EQUAL(ind->given_score.mantissa, 4000);
    CU_ASSERT_EQUAL(ind->given_score.scale, 2);
    /* ― under H28年度 実績値 is no value, kept apart from 0 */
    const hy_indicator *new_one = &dataset_find(ds, "8")->indicators[0];
    h28 = indicator_value(new_one, 2016, HY_VALUE_ACTUAL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(h28);
    CU_ASSERT_FALSE(h28->value.known);
    CU_ASSERT_STRING_EQUAL(h28->text, "―");
    CU_ASSERT(new_one->baseline.known);
    CU_ASSERT_EQUAL(new_one->baseline.mantissa, 0);
    CU_ASSERT_FALSE(new_one->given_score.known);
    dataset_free(ds);
    diags_free(d);
    book_free(b);
}

/* An indicator's figures print with the decimals of its most precise one. */
static void test_indicator_decimals(void)
{
    static const char *const P[] = {"事業コード", "事業名", "評価年度", "41003", "市道舗装補修事業", "R6"};
    static const char *const I[] = {
        "事業コード", "指標名", "単位", "目標値(R2)", "計画値(R5)", "目標値(R7)",
        "41003", "舗装補修延長", "km", "1.5", "1.8", "2",     /* a workbook's 2.0 */
        "41003", "補修路線数", "路線", "3", "4", "5",
    };
    hy_book *books[2] = {test_book("p.csv", P, 2, 3), test_book("i.csv", I, 3, 6)};
    hy_diags *d;
    hy_dataset *ds = build(books, 2, &d);
    CU_ASSERT_EQUAL(d->count, 0);
    const hy_project *p = dataset_find(ds, "41003");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL_FATAL(p->nindicators, 2);
    CU_ASSERT_EQUAL(p->indicators[0].target.mantissa, 20);
    CU_ASSERT_EQUAL(p->indicators[0].target.scale, 1);
    CU_ASSERT_EQUAL(indicator_value(&p->indicators[0], 2020, HY_VALUE_TARGET)->value.mantissa, 15);
    CU_ASSERT_EQUAL(p->indicators[1].target.mantissa, 5);   /* whole numbers stay whole */
    CU_ASSERT_EQUAL(p->indicators[1].target.scale, 0);
    dataset_free(ds);
    diags_free(d);
    book_free(books[0]);
    book_free(books[1]);
}

/* Every kind of problem the issue lists, each with its exact message, all in
 * one run; a workbook's problems are located as file[sheet]:row:column. */
static void test_validation_messages(void)
{
    static const char *const P[] = {
        "事業コード", "事業名", "評価年度", "実施方法",
        "101", "甲事業", "R6", "直営",
        "102", NULL, "R6", NULL,                        /* required: 事業名 */
        "103", "丙事業", "来年度", NULL,                /* a year that cannot be read */
        "104", "丁事業", "R6", "外注",                  /* a choice outside the set */
        "101", "甲事業（再掲）", "R6", NULL,            /* a code twice */
    };
    static const char *const C[] = {
        "事業コード", "年度", "区分", "事業費", "国庫支出金", "一般財源",
        "101", NULL, "決算", "100", "0", "100",            /* required: 年度 */
        "101", "R5", "決算", NULL, "0", NULL,              /* required: 事業費 */
        "101", "R6", "当初予算", "100", "30", "60",        /* sources do not add up */
        "999", "R6", "決算", "100", "0", "100",            /* no such project */
        "101", "R4年度", "決算", "100", "0", "100",
        "101", "令和4年度", "決算", "100", "0", "100",     /* the same line twice */
    };
    static const char *const I[] = {
        "事業コード", "指標名", "目標値(R7)",
        "101", "参加者数", "100",
        "998", "件数", "5",                               /* no such project */
        NULL, "人数", "5",                                /* required: 事業コード */
    };
    hy_book *books[3] = {
        test_book("in/projects.csv", P, 6, 4),
        test_book("in/book.xlsx", C, 7, 6),
        test_book("in/book.xlsx", I, 4, 3),
    };
    books[1]->sheets[0].name = "事業費";
    books[2]->sheets[0].name = "指標";
    hy_diags *d;
    hy_dataset *ds = build(books, 3, &d);
    static const char *const expected[] = {
        "in/projects.csv!B3: 事業名 is blank: every project needs a name",
        "in/projects.csv!C4: 評価年度: expected a year such as 令和6年度, R6 or 2024, got \"来年度\"",
        "in/projects.csv!D5: 実施方法: expected one of: 直営（市が直接実施） / 補助（民間等に補助） / 委託（民間等に委託） / その他, got \"外注\"",
        "in/projects.csv!A6: project code 101 appears twice (first at in/projects.csv:2); codes must be unique",
        "in/book.xlsx[事業費]!B2: 年度 is blank: a cost row needs its fiscal year",
        "in/book.xlsx[事業費]!D3: 事業費 is blank: a cost row needs its 事業費 (write 0 for none)",
        "in/book.xlsx[事業費]!D4: funding sources add up to 90, but 事業費 is 100",
        "in/book.xlsx[事業費]!A5: 事業コード 999: no project has this code (the projects table does not list it)",
        "in/book.xlsx[事業費]!B7: project 101 already has a 決算 row for this fiscal year (at in/book.xlsx[事業費]:6)",
        "in/book.xlsx[指標]!A3: 事業コード 998: no project has this code (the projects table does not list it)",
        "in/book.xlsx[指標]!A4: 事業コード is blank: an indicator row must name its project",
    };
    expect_diags(d, expected, sizeof expected / sizeof expected[0]);
    CU_ASSERT_EQUAL(d->errors, sizeof expected / sizeof expected[0]);
    CU_ASSERT_EQUAL(ds->nprojects, 1);
    dataset_free(ds);
    diags_free(d);
    for (int i = 0; i < 3; i++)
        book_free(books[i]);
}

/* A city teaches hyoka its own header spelling in the file its profile names
 * with `aliases = FILE`. */
static void test_city_aliases(void)
{
    static const char *const P[] = {
        "整理番号", "事務事業の名前", "評価年度", "担当係",
        "A-1", "除雪事業", "R6", "道路維持係",
    };
    static const char *const C[] = {
        "整理番号", "年度", "事業費", "道補助金", "一般財源",
        "A-1", "R6", "1,000", "400", "600",
    };
    hy_book *books[2] = {test_book("p.csv", P, 2, 4), test_book("c.csv", C, 2, 5)};
    setup();
    hy_err err;
    hy_columns *city = NULL;
    CU_ASSERT_EQUAL_FATAL(columns_load(test_src("templates/columns.conf"), &city, &err), HY_OK);

    /* without the city's file the sheets are not understood */
    hy_dataset *ds = dataset_new();
    hy_diags *d = diags_new();
    CU_ASSERT_EQUAL(records_build(books, 2, city, pf, ds, d, &err), HY_OK);
    CU_ASSERT_EQUAL(ds->nprojects, 0);
    CU_ASSERT_EQUAL(d->warnings, 2);
    dataset_free(ds);
    diags_free(d);

    CU_ASSERT_EQUAL_FATAL(columns_add_file(city, test_src("tests/fixtures/normalize/city_aliases.conf"),
                                           &err), HY_OK);
    ds = dataset_new();
    d = diags_new();
    CU_ASSERT_EQUAL(records_build(books, 2, city, pf, ds, d, &err), HY_OK);
    CU_ASSERT_EQUAL(d->count, 0);
    CU_ASSERT_EQUAL_FATAL(ds->nprojects, 1);
    const hy_project *p = &ds->projects[0];
    CU_ASSERT_STRING_EQUAL(p->code, "A-1");
    CU_ASSERT_STRING_EQUAL(p->name, "除雪事業");
    /* a key of the city's own, printed under its label */
    CU_ASSERT_STRING_EQUAL(project_field(p, "unit_section"), "道路維持係");
    CU_ASSERT_STRING_EQUAL(columns_label(city, HY_TABLE_PROJECTS, "unit_section"), "担当係");
    CU_ASSERT_EQUAL_FATAL(p->ncosts, 1);
    CU_ASSERT_EQUAL(p->costs[0].source[HY_SRC_PREFECTURAL].yen, 400000);
    dataset_free(ds);

    /* a header the shared file gives one key and the city's file another means
     * the city's key (a city whose 結果 is its results_text, not outcome) */
    hy_buf folded = {0};
    CU_ASSERT_EQUAL(value_fold_key("結果", &folded), 0);
    const char *key = columns_match_folded(city, HY_TABLE_PROJECTS, buf_str(&folded));
    CU_ASSERT_PTR_NOT_NULL_FATAL(key);
    CU_ASSERT_STRING_EQUAL(key, "outcome");
    char *dir = test_tmpdir("aliases");
    char path[1024];
    snprintf(path, sizeof path, "%s/columns.conf", dir);
    static const char CONF[] = "[projects]\nresults_text = 結果 | 事業の結果\n";
    CU_ASSERT_EQUAL_FATAL(test_write(path, CONF, sizeof CONF - 1), 0);
    CU_ASSERT_EQUAL_FATAL(columns_add_file(city, path, &err), HY_OK);
    key = columns_match_folded(city, HY_TABLE_PROJECTS, buf_str(&folded));
    CU_ASSERT_PTR_NOT_NULL_FATAL(key);
    CU_ASSERT_STRING_EQUAL(key, "results_text");
    free(dir);
    buf_free(&folded);
    diags_free(d);

    /* a broken alias file is named with its line */
    CU_ASSERT_EQUAL(columns_add_file(city, test_src("tests/fixtures/normalize/bad_aliases.conf"), &err),
                    HY_EUSAGE);
    CU_ASSERT(test_contains(err.msg, "bad_aliases.conf:3: expected `key = header | header ...` inside a [table] section"));
    columns_free(city);
    book_free(books[0]);
    book_free(books[1]);
}

/* The wide shape in other forms: year-stage groups over the money columns,
 * one row per project; a 人工 year with no line; stray text on a line. */
static void test_wide_variants(void)
{
    hy_profile *as = asahikawa();
    setup();
    /* R2決算 and R3当初予算 as groups: each row gives two lines */
    static const char *const G[] = {
        "事業コード", "事業名", "事業の概要", "R2決算", NULL, "R3当初予算", NULL,
        NULL, NULL, NULL, "事業費", "一般財源", "事業費", "一般財源",
        "1", "甲事業", "甲の概要", "100", "100", "120", "120",
        "2", "乙事業", "乙の概要", "5", "5", NULL, NULL,
    };
    hy_book *b = test_book("g.csv", G, 4, 7);
    hy_diags *d = diags_new();
    hy_dataset *ds = dataset_new();
    hy_err err;
    CU_ASSERT_EQUAL(records_build(&b, 1, cols, as, ds, d, &err), HY_OK);
    CU_ASSERT_EQUAL(d->count, 0);
    CU_ASSERT_EQUAL_FATAL(ds->nprojects, 2);
    const hy_project *p = dataset_find(ds, "1");
    CU_ASSERT_EQUAL(p->ncosts, 2);
    CU_ASSERT_EQUAL(project_cost(p, 2020, HY_STAGE_SETTLED)->total.yen, 100000);
    CU_ASSERT_EQUAL(project_cost(p, 2021, HY_STAGE_INITIAL_BUDGET)->total.yen, 120000);
    CU_ASSERT_EQUAL(dataset_find(ds, "2")->ncosts, 1);   /* blank group: no line, not a zero one */
    dataset_free(ds);
    diags_free(d);
    book_free(b);

    /* blocks: a line above any project, stray text on a line, 人工 for a
     * year the project has no line of */
    static const char *const W[] = {
        "事業コード", "事業名", "事業の概要", "区分", "事業費", "人工 (R3年度)", NULL, "備考",
        NULL, NULL, NULL, NULL, NULL, "正職員", "会計年度", NULL,
        NULL, NULL, NULL, "R1決算", "10", NULL, NULL, NULL,
        "1", "甲事業", "甲の概要", "R2決算", "100", "1", "0", NULL,
        NULL, NULL, NULL, "R4当初予算", "200", NULL, NULL, "見込み",
        "2", "乙事業", "乙の概要", "R3決算見込", "50", "0.5", NULL, NULL,
    };
    b = test_book("w.csv", W, 6, 8);
    d = diags_new();
    ds = dataset_new();
    CU_ASSERT_EQUAL(records_build(&b, 1, cols, as, ds, d, &err), HY_OK);
    static const char *const expected[] = {
        "w.csv:3: a cost line with no project: no row above it names one",
        "w.csv!H5: 備考: not read: this row continues project 1 (its 事業コード and 事業名 are blank), and a project's columns are read from its first row",
        "w.csv!F4: 人工 (R3年度) 正職員: the header names 2021年度, but the project has no cost line of that year to put it on",
        "w.csv!G4: 人工 (R3年度) 会計年度: the header names 2021年度, but the project has no cost line of that year to put it on",
    };
    expect_diags(d, expected, 4);
    CU_ASSERT_EQUAL(d->errors, 3);
    CU_ASSERT_EQUAL_FATAL(ds->ntables, 1);
    CU_ASSERT_EQUAL(ds->tables[0].rows_read, 4);
    CU_ASSERT_EQUAL(ds->tables[0].rows_accepted, 2);   /* row 4 lost its acceptance */
    CU_ASSERT_EQUAL(ds->tables[0].rows_rejected, 2);
    const hy_project *q = dataset_find(ds, "2");
    CU_ASSERT_PTR_NOT_NULL_FATAL(q);
    CU_ASSERT_EQUAL_FATAL(q->ncosts, 1);
    CU_ASSERT_EQUAL(q->costs[0].staff.mantissa, 5);     /* the row's own year: its own line */
    CU_ASSERT_FALSE(q->costs[0].part_time_staff.known);
    dataset_free(ds);
    diags_free(d);
    book_free(b);
    profile_free(as);
}

int main(void)
{
    static const hy_test tests[] = {
        {"headers match by meaning, with years", test_header_matching},
        {"tables, records and every error located", test_tables_and_errors},
        {"a rejected project's lines are not reported again", test_rejected_project_lines},
        {"near headers hinted, a shifted table reported", test_near_headers_and_shifted_table},
        {"an indicator's direction", test_indicator_direction},
        {"unknown columns are kept and listed", test_unknown_columns_kept},
        {"a sheet with no known table is reported", test_unrecognised_sheet_is_reported},
        {"seed 002 as CSV: three header rows, blocks of rows", test_seed002_csv},
        {"seed 002 as .xlsx with merged cells", test_seed002_xlsx},
        {"seed 002's shifted rows are reported", test_seed002_shifted},
        {"rows that do not line up in a costs table", test_alignment_in_costs_table},
        {"a KPI report's year over its parts", test_kpi_two_row_header},
        {"the wide shape: stage groups, blocks, lines of no year", test_wide_variants},
        {"an indicator's figures share their decimals", test_indicator_decimals},
        {"every validation problem, exactly, in one run", test_validation_messages},
        {"a city's alias file teaches its headers", test_city_aliases},
        {NULL, NULL},
    };
    int rc = test_main("records", tests);
    profile_free(pf);
    columns_free(cols);
    return rc;
}
