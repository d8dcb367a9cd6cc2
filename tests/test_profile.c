/* tests for profile/profile: a city's settings read from its profile file */
#include <string.h>

#include "profile/inputconf.h"
#include "profile/profile.h"
#include "testutil.h"

static void test_nemuro(void)
{
    hy_profile *pf = NULL;
    hy_err err;
    CU_ASSERT_EQUAL_FATAL(profile_load(test_src("templates"), "nemuro", &pf, &err), HY_OK);
    CU_ASSERT_STRING_EQUAL(pf->city, "根室市");
    CU_ASSERT_EQUAL(pf->staff_unit_cost, 7262000);
    CU_ASSERT_EQUAL(pf->display_unit, 1000);
    CU_ASSERT_STRING_EQUAL(pf->display_unit_label, "千円");
    CU_ASSERT_STRING_EQUAL(pf->prefectural_label, "道支出金");
    CU_ASSERT_EQUAL(pf->score_threshold, 80);
    const hy_choice_set *cs = profile_choice_set(pf, "市民ニーズ");
    CU_ASSERT_PTR_NOT_NULL_FATAL(cs);
    CU_ASSERT_STRING_EQUAL(cs->label, "ア．市民ニーズ");
    CU_ASSERT_EQUAL(cs->noptions, 3);
    CU_ASSERT_STRING_EQUAL(cs->options[1], "ニーズはある");
    cs = profile_choice_set(pf, "方針");
    CU_ASSERT_PTR_NOT_NULL_FATAL(cs);
    CU_ASSERT_EQUAL(cs->ncolumns, 3);
    CU_ASSERT_STRING_EQUAL(cs->columns[1], "今後の方向性");
    CU_ASSERT_STRING_EQUAL(pf->direction_item, "方針");
    profile_free(pf);
}

static void test_asahikawa_and_saitama(void)
{
    hy_profile *pf = NULL;
    hy_err err;
    CU_ASSERT_EQUAL_FATAL(profile_load(test_src("templates"), "asahikawa", &pf, &err), HY_OK);
    CU_ASSERT_STRING_EQUAL(pf->city, "旭川市");
    CU_ASSERT_STRING_EQUAL(pf->aliases, "columns.conf");
    CU_ASSERT_STRING_EQUAL(pf->prefectural_label, "北海道");
    CU_ASSERT_EQUAL(pf->era, HY_ERA_SHORT);
    const hy_choice_set *cs = profile_choice_set(pf, "行財政改革の視点");
    CU_ASSERT_PTR_NOT_NULL_FATAL(cs);
    CU_ASSERT(cs->multiple);
    CU_ASSERT_EQUAL(cs->noptions, 8);
    CU_ASSERT_STRING_EQUAL(cs->options[6], "職員能力・組織力の向上");
    profile_free(pf);

    CU_ASSERT_EQUAL_FATAL(profile_load(test_src("templates"), "saitama", &pf, &err), HY_OK);
    CU_ASSERT_STRING_EQUAL(pf->city, "さいたま市");
    CU_ASSERT_EQUAL(pf->display_unit, 1);
    CU_ASSERT_EQUAL(pf->input_unit, 1);
    CU_ASSERT_EQUAL(pf->nchoice_sets, 8);
    cs = profile_choice_set(pf, "効率性");
    CU_ASSERT_PTR_NOT_NULL_FATAL(cs);
    CU_ASSERT_STRING_EQUAL(cs->label, "③効率性");
    CU_ASSERT_EQUAL(cs->noptions, 2);
    CU_ASSERT_STRING_EQUAL(cs->options[1], "II");
    CU_ASSERT(!cs->multiple);
    cs = profile_choice_set(pf, "改善の方向性");
    CU_ASSERT_PTR_NOT_NULL_FATAL(cs);
    CU_ASSERT(cs->multiple);
    CU_ASSERT_EQUAL(cs->noptions, 7);
    profile_free(pf);
}

static void expect_error(const char *text, const char *message)
{
    hy_profile *pf = NULL;
    hy_err err;
    err_clear(&err);
    CU_ASSERT_EQUAL(profile_parse("p.conf", ".", "x", text, &pf, &err), HY_EUSAGE);
    CU_ASSERT_PTR_NULL(pf);
    CU_ASSERT_STRING_EQUAL(err.msg, message);
}

static void test_errors(void)
{
    expect_error("city = 甲市\nstaff_unit_cost = abc\n",
                 "p.conf:2: staff_unit_cost = abc: expected an amount such as 7,262千円 or 7262000円");
    expect_error("staff_unit_cost = 7,262千円\ncolour = red\n",
                 "p.conf:2: unknown key \"colour\" (expected one of: city, sheet, sheets, kpi_report, "
                 "aliases, prefectural_label, staff_unit_cost, part_time_unit_cost, staff_cost, "
                 "hourly_rate, staff_cost_shown, indicator_direction, input_unit, display_unit, "
                 "rounding, era, file_names, fiscal_year, years_shown, direction, share_decimals, "
                 "share_whole, book_title, book_file, book_sections, lg_code, choices)");
    expect_error("staff_unit_cost = 1円\nfile_names = latin1\n",
                 "p.conf:2: file_names = latin1: expected utf8 (根室01.pdf) or ascii "
                 "(%E6%A0%B9%E5%AE%A401.pdf)");
    expect_error("book_file = ../x.pdf\n",
                 "p.conf:1: book_file = ../x.pdf: expected a file name ending in .pdf, without /");
    expect_error("book_sections = 課\n",
                 "p.conf:1: book_sections = 課: expected policy, department or program");
    expect_error("staff_unit_cost = 1円\nlg_code = 012239\n",
                 "p.conf:2: lg_code = 012239: the check digit is wrong (the code of 01223 ends in 8)");
    expect_error("staff_unit_cost = 1円\nlg_code = 01223\n",
                 "p.conf:2: lg_code = 01223: expected the 6 digits of the 全国地方公共団体コード "
                 "(012238 for 根室市)");
    expect_error("staff_unit_cost = 1円\n[choice X]\noptions = only one\n",
                 "p.conf:3: options: give at least two options separated by |");
    expect_error("staff_unit_cost = 1円\nsheets = sheet.tpl ../x.tpl\n",
                 "p.conf:2: sheets: \"../x.tpl\" is not a template file of this folder (NAME.tpl)");
    expect_error("staff_unit_cost = 1円\nsheets = sheet.tpl sheet.tpl\n",
                 "p.conf:2: sheets: sheet.tpl is named twice");
    expect_error("staff_unit_cost = 1円\nera = heisei\n",
                 "p.conf:2: era = heisei: expected long (令和6年度), short (R6) or western (2024年度)");
    expect_error("city = x\n", "p.conf: staff_unit_cost is not set (yen per 人工, e.g. 7,262千円, or none)");
    expect_error("staff_unit_cost = 1円\n[choice X]\noptions = a | b\nmultiple = 2\n",
                 "p.conf:4: multiple = 2: expected yes or no");
    expect_error("staff_unit_cost = 1円\n[choice X]\noptions = a | b\nlabels = c\n",
                 "p.conf:4: [choice X]: unknown key \"labels\" (expected label, options, columns, "
                 "verdicts or multiple)");
    expect_error("staff_unit_cost = 1円\n[choice X]\noptions = a | b\nverdicts = 拡充\n",
                 "p.conf: [choice X] has 2 options but 1 verdicts (give one per option, in the "
                 "same order)");
    expect_error("staff_unit_cost = 1円\n[choice X]\noptions = a | b\nverdicts = 拡充 | 様子見\n",
                 "p.conf: [choice X] verdict \"様子見\": expected 拡充, 現状維持, 改善, 縮小, 統合 or 廃止");
    expect_error("staff_unit_cost = 1円\n[colours]\n",
                 "p.conf:2: unknown section [colours] (expected [city], [score] or [choice ITEM])");
}

/* 全国地方公共団体コード check digits (JIS X 0402), against published codes */
static void test_lg_code(void)
{
    int right = -1;
    CU_ASSERT_EQUAL(profile_lg_code_check("012238", &right), 0);   /* 根室市 */
    CU_ASSERT_EQUAL(profile_lg_code_check("012041", &right), 0);   /* 旭川市 */
    CU_ASSERT_EQUAL(profile_lg_code_check("111007", &right), 0);   /* さいたま市 */
    CU_ASSERT_EQUAL(profile_lg_code_check("131016", &right), 0);   /* 千代田区 */
    CU_ASSERT_EQUAL(profile_lg_code_check("011070", &right), 0);   /* remainder 1: check 0 */
    CU_ASSERT_EQUAL(profile_lg_code_check("011002", &right), 0);   /* sum under 11 */
    CU_ASSERT_EQUAL(profile_lg_code_check("011071", &right), 1);
    CU_ASSERT_EQUAL(right, 0);
    CU_ASSERT_EQUAL(profile_lg_code_check("01223X", &right), -1);
    CU_ASSERT_EQUAL(profile_lg_code_check("0122380", &right), -1);
    hy_profile *pf = NULL;
    hy_err err;
    CU_ASSERT_EQUAL_FATAL(profile_load(test_src("templates"), "nemuro", &pf, &err), HY_OK);
    CU_ASSERT_STRING_EQUAL(pf->lg_code, "012238");
    profile_free(pf);
}

static void test_unit_cost_changes_nothing_else(void)
{
    hy_profile *pf = NULL;
    hy_err err;
    CU_ASSERT_EQUAL_FATAL(profile_parse("p.conf", ".", "x",
                                        "staff_unit_cost = 8,000千円\npart_time_unit_cost = 2,500千円\n"
                                        "fiscal_year = 令和6年度\n[score]\nthreshold = 70\n",
                                        &pf, &err), HY_OK);
    CU_ASSERT_EQUAL(pf->staff_unit_cost, 8000000);
    CU_ASSERT_EQUAL(pf->part_time_unit_cost, 2500000);
    CU_ASSERT_EQUAL(pf->fiscal_year, 2024);
    CU_ASSERT_EQUAL(pf->score_threshold, 70);
    profile_free(pf);
}

static void test_no_path_outside_templates(void)
{
    hy_profile *pf = NULL;
    hy_err err;
    CU_ASSERT_EQUAL(profile_load(test_src("templates"), "../input", &pf, &err), HY_EUSAGE);
    CU_ASSERT_PTR_NULL(pf);
    CU_ASSERT(test_contains(err.msg, "a profile is a folder name"));
}

static void test_input_conf(void)
{
    hy_input_conf *conf = NULL;
    hy_err err;
    CU_ASSERT_EQUAL_FATAL(inputconf_parse("in/hyoka.conf",
                                          "# 令和7年度\nprofile = nemuro\ncity = 甲 市  \n"
                                          "block_years = R2 R3 R4 R5 R6 R7 # 決算 x5\n",
                                          &conf, &err), HY_OK);
    CU_ASSERT_STRING_EQUAL(conf->path, "in/hyoka.conf");
    CU_ASSERT_STRING_EQUAL(conf->profile, "nemuro");
    CU_ASSERT_STRING_EQUAL(conf->city, "甲 市");
    CU_ASSERT_STRING_EQUAL(conf->block_years, "R2 R3 R4 R5 R6 R7");
    CU_ASSERT_PTR_NULL(conf->title);
    inputconf_free(conf);

    CU_ASSERT_EQUAL(inputconf_parse("in/hyoka.conf", "profile = a\nprofle = b\n", &conf, &err),
                    HY_EUSAGE);
    CU_ASSERT_PTR_NULL(conf);
    CU_ASSERT_STRING_EQUAL(err.msg, "in/hyoka.conf:2: unknown key \"profle\" (expected one of: "
                                    "profile, city, title, block_years, previous)");
    CU_ASSERT_EQUAL(inputconf_parse("c", "city = a\ncity = b\n", &conf, &err), HY_EUSAGE);
    CU_ASSERT_STRING_EQUAL(err.msg, "c:2: \"city\" is given twice");
    CU_ASSERT_EQUAL(inputconf_parse("c", "title =\n", &conf, &err), HY_EUSAGE);
    CU_ASSERT_STRING_EQUAL(err.msg, "c:1: expected `key = value`");

    /* a folder without hyoka.conf: every member NULL */
    CU_ASSERT_EQUAL_FATAL(inputconf_read(test_src("templates"), &conf, &err), HY_OK);
    CU_ASSERT_PTR_NULL(conf->path);
    CU_ASSERT_PTR_NULL(conf->profile);
    inputconf_free(conf);
}

int main(void)
{
    static const hy_test tests[] = {
        {"the Nemuro profile", test_nemuro},
        {"the Asahikawa and Saitama profiles", test_asahikawa_and_saitama},
        {"errors name file and line", test_errors},
        {"全国地方公共団体コード and its check digit", test_lg_code},
        {"unit costs and threshold come from the file", test_unit_cost_changes_nothing_else},
        {"a profile name cannot be a path", test_no_path_outside_templates},
        {"INPUT/hyoka.conf: keys from one table, errors with file and line", test_input_conf},
        {NULL, NULL},
    };
    return test_main("profile", tests);
}
