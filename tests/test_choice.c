/* tests for normalize/choice: the checkbox rule of spec/domain.md section 3,
 * with the choice sets of seed 000 (section 5) and Saitama's I/II grades */
#include <stdio.h>
#include <string.h>

#include "ingest/ingest.h"
#include "normalize/choice.h"
#include "normalize/discover.h"
#include "normalize/records.h"
#include "util/utf8.h"
#include "testutil.h"

static const char *const needs[] = {"かなりのニーズがある", "ニーズはある", "ニーズはあまりない"};
static const char *const method[] = {"直営（市が直接実施）", "補助（民間等に補助）",
                                     "委託（民間等に委託）", "その他"};
static const char *const method_half[] = {"直営(市が直接実施)", "補助(民間等に補助)",
                                          "委託(民間等に委託)", "その他"};
static const char *const admin[] = {"自治事務", "法定受託事務"};
static const char *const grade[] = {"I", "II"};

#define NEEDS_WHY_LIST "かなりのニーズがある / ニーズはある / ニーズはあまりない"

static void expect_choice(int line, const char *text, const char *const *options, size_t n,
                          hy_value_status want, int index, const char *why_want)
{
    int chosen = 99;
    char why[512] = "stale";
    hy_value_status st = choice_parse(text, options, n, &chosen, why, sizeof why);
    int ok = st == want && chosen == (want == HY_VALUE_OK ? index : -1);
    if (want == HY_VALUE_BAD)
        ok = ok && (why_want ? strcmp(why, why_want) == 0 : why[0] != '\0');
    else
        ok = ok && why[0] == '\0';
    char msg[1024];
    snprintf(msg, sizeof msg, "choice_parse(\"%s\") = %d, chosen %d, why \"%s\"",
             text ? text : "(null)", (int)st, chosen, why);
    CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, (unsigned)line, msg, __FILE__, "", CU_FALSE);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define CHOSEN(text, opts, i) expect_choice(__LINE__, text, opts, N(opts), HY_VALUE_OK, i, NULL)
#define NONE_CHOSEN(text, opts) expect_choice(__LINE__, text, opts, N(opts), HY_VALUE_EMPTY, -1, NULL)
#define REFUSED(text, opts, why) expect_choice(__LINE__, text, opts, N(opts), HY_VALUE_BAD, -1, why)

static void test_option_text(void)
{
    CHOSEN("かなりのニーズがある", needs, 0);
    CHOSEN("ニーズはある", needs, 1);
    CHOSEN("ニーズはあまりない", needs, 2);
    CHOSEN("  ニーズはある\xE3\x80\x80", needs, 1);
    CHOSEN("ニーズ はある", needs, 1);            /* spaces do not count in a key */
    CHOSEN("自治事務", admin, 0);
    CHOSEN("法定受託事務", admin, 1);
    CHOSEN("直営（市が直接実施）", method, 0);
    CHOSEN("直営(市が直接実施)", method, 0);       /* widths of the brackets */
    CHOSEN("その他", method, 3);
    CHOSEN("I", grade, 0);
    CHOSEN("II", grade, 1);
    CHOSEN("ii", grade, 1);
    CHOSEN("Ⅱ", grade, 1);                        /* the Roman numeral character */
    CHOSEN("ＩＩ", grade, 1);
}

static void test_option_number(void)
{
    CHOSEN("1", needs, 0);
    CHOSEN("2", needs, 1);
    CHOSEN("２", needs, 1);
    CHOSEN("②", needs, 1);
    CHOSEN("③", needs, 2);
    CHOSEN(" 3 ", needs, 2);
    CHOSEN("4", method, 3);
    CHOSEN("2", grade, 1);
    REFUSED("4", needs, "expected one of: " NEEDS_WHY_LIST ", got \"4\"");
    REFUSED("0", needs, NULL);
    REFUSED("④", needs, NULL);
    REFUSED("①②", needs, NULL);
    REFUSED("2.0", needs, NULL);
    REFUSED("-1", needs, NULL);
    REFUSED("99999999999999999999", needs, NULL);
}

static void test_marked_list(void)
{
    CHOSEN("□かなりのニーズがある ■ニーズはある □ニーズはあまりない", needs, 1);
    CHOSEN("■かなりのニーズがある\xE3\x80\x80□ニーズはある\xE3\x80\x80□ニーズはあまりない", needs, 0);
    CHOSEN("□かなりのニーズがある\n□ニーズはある\n■ニーズはあまりない", needs, 2);
    CHOSEN("□ かなりのニーズがある ■ ニーズはある □ ニーズはあまりない", needs, 1);
    CHOSEN("☐かなりのニーズがある ☑ニーズはある ☐ニーズはあまりない", needs, 1);
    CHOSEN("○かなりのニーズがある ●ニーズはある ○ニーズはあまりない", needs, 1);
    CHOSEN("■ニーズはある", needs, 1);
    CHOSEN("■ニーズはある □ニーズはあまりない", needs, 1);
    CHOSEN("■自治事務 □法定受託事務", admin, 0);
    CHOSEN("■直営（市が直接実施） □補助（民間等に補助） □委託（民間等に委託） □その他", method, 0);
    CHOSEN("□直営 ■補助 □委託 □その他", method, 1);   /* short forms in a list */

    REFUSED("□かなりのニーズがある □ニーズはある □ニーズはあまりない", needs,
            "mark exactly one of: " NEEDS_WHY_LIST " with ■, got "
            "\"□かなりのニーズがある □ニーズはある □ニーズはあまりない\"");
    REFUSED("■かなりのニーズがある ■ニーズはある □ニーズはあまりない", needs,
            "mark exactly one of: " NEEDS_WHY_LIST " with ■, got "
            "\"■かなりのニーズがある ■ニーズはある □ニーズはあまりない\"");
    REFUSED("□かなりのニーズがある ■ニーズはあります □ニーズはあまりない", needs,
            "expected one of: " NEEDS_WHY_LIST ", got "
            "\"□かなりのニーズがある ■ニーズはあります □ニーズはあまりない\"");
    REFUSED("ア ■ニーズはある", needs, NULL);   /* text before the first mark */
    REFUSED("■ □ニーズはある", needs, NULL);    /* a mark with nothing after it */
    REFUSED("■", needs, NULL);
}

static void test_short_form(void)
{
    CHOSEN("直営", method, 0);
    CHOSEN("補助", method, 1);
    CHOSEN("委託", method, 2);
    CHOSEN(" 直 営 ", method, 0);
    CHOSEN("直営", method_half, 0);
    CHOSEN("委託", method_half, 2);
    REFUSED("直営（委託）", method, NULL);
    REFUSED("直", method, NULL);

    /* a short form two options share names neither */
    static const char *const twins[] = {"その他（国）", "その他（県）"};
    REFUSED("その他", twins, "expected one of: その他（国） / その他（県）, got \"その他\"");
    CHOSEN("その他（県）", twins, 1);
}

/* Cities number their options in the cell: the number or mark before the
 * text is dropped, the text still has to be an option. */
static void test_numbered_option(void)
{
    static const char *const direction[] = {"現状維持", "改革改善（縮小・統合含む）",
                                            "終了・廃止・休止"};
    CHOSEN("１　現状維持", direction, 0);
    CHOSEN("２　改革改善（縮小・統合含む）", direction, 1);
    CHOSEN("3 終了・廃止・休止", direction, 2);
    CHOSEN("1:現状維持", direction, 0);
    CHOSEN("2. 改革改善（縮小・統合含む）", direction, 1);
    CHOSEN("①現状維持", direction, 0);
    CHOSEN("(3)終了・廃止・休止", direction, 2);
    CHOSEN("（２）改革改善", direction, 1);       /* and then the short form */
    CHOSEN("Ａ　ニーズはある", needs, 1);
    CHOSEN("B: かなりのニーズがある", needs, 0);
    REFUSED("１　拡大", direction, "expected one of: 現状維持 / 改革改善（縮小・統合含む） / "
            "終了・廃止・休止, got \"１　拡大\"");
    REFUSED("1現状", direction, NULL);             /* no separator: not a numbering */
}

static void test_blank_and_bad(void)
{
    NONE_CHOSEN("", needs);
    NONE_CHOSEN(NULL, needs);
    NONE_CHOSEN("　", needs);
    NONE_CHOSEN("―", needs);
    NONE_CHOSEN("—", grade);       /* Saitama: not applicable */
    static const char *const with_dash[] = {"—", "該当"};
    CHOSEN("—", with_dash, 0);      /* unless the mark is itself an option */

    REFUSED("abc", needs, "expected one of: " NEEDS_WHY_LIST ", got \"abc\"");
    REFUSED("ニーズがある", needs, "expected one of: " NEEDS_WHY_LIST ", got \"ニーズがある\"");
    REFUSED("III", grade, "expected one of: I / II, got \"III\"");
    REFUSED("\xff", needs, "expected one of: " NEEDS_WHY_LIST ", got \"\xEF\xBF\xBD\"");

    int chosen = 5;
    CU_ASSERT_EQUAL(choice_parse("abc", needs, N(needs), &chosen, NULL, 0), HY_VALUE_BAD);
    CU_ASSERT_EQUAL(chosen, -1);
    char small[8];
    CU_ASSERT_EQUAL(choice_parse("abc", needs, N(needs), &chosen, small, sizeof small),
                    HY_VALUE_BAD);
    CU_ASSERT_STRING_EQUAL(small, "expecte");

    /* a long list is cut at a character boundary, never mid-kanji */
    static const char *const many[] = {
        "市が実施すべきである", "市の実施について検討の余地あり", "市以外で実施可能である",
        "本事業の有効性が高い", "本事業の有効性がある", "既存事業と大きな差はない",
        "計画どおり着手が適当", "再検討し実施する", "着手を延期する"};
    char cut[100];
    CU_ASSERT_EQUAL(choice_parse("x", many, N(many), &chosen, cut, sizeof cut), HY_VALUE_BAD);
    CU_ASSERT_STRING_EQUAL(cut, "expected one of: 市が実施すべきである / 市の実施について検討の余地あり / ");
    CU_ASSERT(utf8_valid(cut, strlen(cut), NULL));
}

/* ---- several options: Asahikawa's 行財政改革の視点 (seed 002) ---- */

static const char *const reform[] = {
    "デジタル化・DX", "アウトソーシング", "業務の効率化", "収入・財源の確保",
    "事業費の抑制", "連携・協働の推進", "職員能力・組織力の向上", "その他"};
#define REFORM_WHY_LIST "デジタル化・DX / アウトソーシング / 業務の効率化 / 収入・財源の確保 / " \
    "事業費の抑制 / 連携・協働の推進 / 職員能力・組織力の向上 / その他"
/* bits of options 3 and 7 (from 1) */
#define B3_7 ((1ULL << 2) | (1ULL << 6))

static void expect_multi(int line, const char *text, const char *const *options, size_t n,
                         hy_value_status want, uint64_t mask_want, const char *why_want)
{
    uint64_t mask = 99;
    char why[512] = "stale";
    hy_value_status st = choice_parse_multi(text, options, n, &mask, why, sizeof why);
    int ok = st == want && mask == (want == HY_VALUE_OK ? mask_want : 0);
    if (want == HY_VALUE_BAD)
        ok = ok && (why_want ? strcmp(why, why_want) == 0 : why[0] != '\0');
    else
        ok = ok && why[0] == '\0';
    char msg[1024];
    snprintf(msg, sizeof msg, "choice_parse_multi(\"%s\") = %d, mask %#llx, why \"%s\"",
             text ? text : "(null)", (int)st, (unsigned long long)mask, why);
    CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, (unsigned)line, msg, __FILE__, "", CU_FALSE);
}

#define MULTI(text, opts, mask) expect_multi(__LINE__, text, opts, N(opts), HY_VALUE_OK, mask, NULL)
#define MULTI_NONE(text, opts) expect_multi(__LINE__, text, opts, N(opts), HY_VALUE_EMPTY, 0, NULL)
#define MULTI_BAD(text, opts, why) expect_multi(__LINE__, text, opts, N(opts), HY_VALUE_BAD, 0, why)

/* A city's own numbering before the text: the text decides, not the number,
 * since a data set's options need not be numbered from their positions. */
static void test_numbered_text(void)
{
    static const char *const dir[] = {"拡充", "縮小"};   /* 1 and 3 of the city's list */
    CHOSEN("１　拡充", dir, 0);
    CHOSEN("３　縮小", dir, 1);
    CHOSEN("3:縮小", dir, 1);
    CHOSEN("③縮小", dir, 1);
    CHOSEN("(3) 縮小", dir, 1);
    expect_choice(__LINE__, "３　廃止", dir, N(dir), HY_VALUE_BAD, -1, NULL);
    int n;
    const char *rest;
    CU_ASSERT(discover_numbered("２　現状維持", &n, &rest) && n == 2 && !strcmp(rest, "現状維持"));
    CU_ASSERT_FALSE(discover_numbered("10人以上", &n, &rest));
    CU_ASSERT_FALSE(discover_numbered("2024年度", &n, &rest));
    CU_ASSERT_FALSE(discover_numbered("３", &n, &rest));
}

static void test_several_options(void)
{
    /* the seed's own cell: the printed list with ○ after the chosen ones */
    MULTI("① デジタル化・DX ② アウトソーシング ③ 業務の効率化 ○ ④ 収入・財源の確保 ⑤ 事業費の抑制 "
          "⑥ 連携・協働の推進 ⑦ 職員能力・組織力の向上 ○ ⑧ その他", reform, B3_7);
    MULTI("①デジタル化・DX\n②アウトソーシング\n③業務の効率化○\n④収入・財源の確保\n⑤事業費の抑制\n"
          "⑥連携・協働の推進\n⑦職員能力・組織力の向上◯\n⑧その他", reform, B3_7);
    MULTI("③ 業務の効率化 ○ ⑦ 職員能力・組織力の向上 ○", reform, B3_7);
    MULTI("③○⑦○", reform, B3_7);
    /* numbers alone */
    MULTI("③⑦", reform, B3_7);
    MULTI("③、⑦", reform, B3_7);
    MULTI(" ③ ⑦ ", reform, B3_7);
    MULTI("⑦③", reform, B3_7);
    MULTI("3,7", reform, B3_7);
    MULTI("３、７", reform, B3_7);
    /* texts, short or in full, with any of the separators */
    MULTI("業務の効率化、職員能力・組織力の向上", reform, B3_7);
    MULTI("業務の効率化\n職員能力・組織力の向上", reform, B3_7);
    MULTI("業務の効率化 / 職員能力・組織力の向上", reform, B3_7);
    MULTI("業務の効率化　職員能力・組織力の向上", reform, B3_7);     /* spaces when nothing else */
    MULTI("■業務の効率化 □その他 ■職員能力・組織力の向上", reform, B3_7);
    /* one option, as a single choice reads it */
    MULTI("業務の効率化", reform, 1ULL << 2);
    MULTI("⑧", reform, 1ULL << 7);
    MULTI("□デジタル化・DX ■アウトソーシング", reform, 1ULL << 1);
    MULTI("①②③④⑤⑥⑦⑧", reform, 0xFF);                             /* every one chosen */

    MULTI_NONE("", reform);
    MULTI_NONE(NULL, reform);
    MULTI_NONE("―", reform);
    /* the form's list copied with nothing marked chose nothing */
    MULTI_NONE("① デジタル化・DX ② アウトソーシング ③ 業務の効率化 ④ 収入・財源の確保 "
               "⑤ 事業費の抑制 ⑥ 連携・協働の推進 ⑦ 職員能力・組織力の向上 ⑧ その他", reform);

    MULTI_BAD("③⑨", reform, "expected one or more of: " REFORM_WHY_LIST
              " (several separated by 、, or numbers such as ③⑦), got \"③⑨\"");
    MULTI_BAD("③ 業務の改善 ○", reform, NULL);          /* ③ is not 業務の改善 */
    MULTI_BAD("② 業務の効率化 ○", reform, NULL);        /* nor is ② 業務の効率化 */
    MULTI_BAD("業務の効率化、DX推進", reform, NULL);
    MULTI_BAD("■業務の効率化 ■未定", reform, NULL);
    MULTI_BAD("重点 ③⑦", reform, NULL);
    uint64_t mask = 7;
    CU_ASSERT_EQUAL(choice_parse_multi("x", reform, N(reform), &mask, NULL, 0), HY_VALUE_BAD);
    CU_ASSERT_EQUAL(mask, 0);
}

/* records: an item the profile marks `multiple = yes` keeps every chosen option */
static void test_multiple_item_in_records(void)
{
    static const char PROFILE[] =
        "staff_unit_cost = 1円\nfiscal_year = R3\n"
        "[choice 行財政改革の視点]\n"
        "options = デジタル化・DX | アウトソーシング | 業務の効率化 | 収入・財源の確保 | "
        "事業費の抑制 | 連携・協働の推進 | 職員能力・組織力の向上 | その他\n"
        "multiple = yes\n"
        "[choice 市民ニーズ]\noptions = かなりのニーズがある | ニーズはある | ニーズはあまりない\n";
    static const char *const cells[] = {
        "事業コード", "事業名", "行財政改革の視点", "市民ニーズ",
        "A1", "一", "① デジタル化・DX ② アウトソーシング ③ 業務の効率化 ○ ④ 収入・財源の確保 "
                  "⑤ 事業費の抑制 ⑥ 連携・協働の推進 ⑦ 職員能力・組織力の向上 ○ ⑧ その他", "2",
        "A2", "二", "⑤", "1",
        "A3", "三", "", "",
        "A4", "四", "③⑨", "③⑦",
    };
    hy_profile *pf = NULL;
    hy_columns *cols = NULL;
    hy_err err;
    CU_ASSERT_EQUAL_FATAL(profile_parse("p.conf", ".", "x", PROFILE, &pf, &err), HY_OK);
    CU_ASSERT_EQUAL_FATAL(columns_load(test_src("templates/columns.conf"), &cols, &err), HY_OK);
    hy_book *book = test_book("p.csv", cells, 5, 4);
    hy_dataset *ds = dataset_new();
    hy_diags *diags = diags_new();
    CU_ASSERT_EQUAL(records_build(&book, 1, cols, pf, ds, diags, &err), HY_OK);
    CU_ASSERT_EQUAL_FATAL(ds->nprojects, 3);
    const hy_choice *c = project_choice(&ds->projects[0], "行財政改革の視点");
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(c->chosen_mask, B3_7);
    CU_ASSERT_EQUAL(c->chosen, 2);                   /* the first chosen */
    c = project_choice(&ds->projects[1], "行財政改革の視点");
    CU_ASSERT_EQUAL(c->chosen_mask, 1ULL << 4);
    CU_ASSERT_EQUAL(c->chosen, 4);
    c = project_choice(&ds->projects[2], "行財政改革の視点");
    CU_ASSERT_EQUAL(c->chosen_mask, 0);
    CU_ASSERT_EQUAL(c->chosen, -1);
    /* a single-choice item still takes one option only */
    CU_ASSERT_EQUAL(project_choice(&ds->projects[0], "市民ニーズ")->chosen, 1);
    /* A4: ⑨ is no option, and ③⑦ is two answers to a one-answer item */
    CU_ASSERT_EQUAL_FATAL(diags->errors, 2);
    CU_ASSERT(test_contains(diags->items[0].message, "行財政改革の視点: expected one or more of: "));
    CU_ASSERT(test_contains(diags->items[1].message, "市民ニーズ: expected one of: "));
    CU_ASSERT_EQUAL(diags->items[0].loc.row, 5);
    CU_ASSERT_EQUAL(diags->items[0].loc.col, 3);
    dataset_free(ds);
    diags_free(diags);
    book_free(book);
    columns_free(cols);
    profile_free(pf);
}

int main(void)
{
    static const hy_test tests[] = {
        {"the option's text", test_option_text},
        {"the option's number", test_option_number},
        {"a marked list", test_marked_list},
        {"the short form before the parenthesis", test_short_form},
        {"the city's numbering before an option", test_numbered_option},
        {"blank, none and not an option", test_blank_and_bad},
        {"a city's number before the option's text", test_numbered_text},
        {"several options of a multi-select item", test_several_options},
        {"a multi-select item read from a projects sheet", test_multiple_item_in_records},
        {NULL, NULL},
    };
    return test_main("choice", tests);
}
