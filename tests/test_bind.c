/* tests for template/bind and model/format: what field expressions print */
#include <string.h>

#include "template/bind.h"
#include "model/format.h"
#include "testutil.h"

static hy_profile *pf;
static hy_project project;
static hy_cost costs[2];
static hy_indicator ind;
static hy_value values[2];
static hy_choice choices[1];
static hy_field fields[3];

static void setup(void)
{
    hy_err err;
    profile_load(test_src("templates"), "nemuro", &pf, &err);
    memset(costs, 0, sizeof costs);
    costs[0].fiscal_year = 2023;
    costs[0].stage = HY_STAGE_SETTLED;
    costs[0].total = amount_of(20000000);
    costs[0].source[HY_SRC_GENERAL] = amount_of(20000000);
    costs[0].staff = num_of(50, 2);
    costs[0].staff_cost = amount_of(3631000);
    costs[0].total_cost = amount_of(23631000);
    costs[1].fiscal_year = 2024;
    costs[1].stage = HY_STAGE_INITIAL_BUDGET;
    costs[1].total = amount_of(22000000);
    costs[1].source[HY_SRC_NATIONAL] = amount_of(5500000);
    costs[1].source[HY_SRC_GENERAL] = amount_of(16500000);
    costs[1].staff = num_of(100, 2);
    costs[1].part_time_staff = num_of(5, 1);
    costs[1].staff_cost = amount_of(7262000);
    costs[1].total_cost = amount_of(29262000);
    values[0] = (hy_value){2023, HY_VALUE_PLAN, num_of(1000, 0), "1,000", {0}, NULL};
    values[1] = (hy_value){2020, HY_VALUE_TARGET, num_null(), "-", {0}, NULL};
    memset(&ind, 0, sizeof ind);
    ind.name = "交流イベント参加者数";
    ind.unit = "人";
    ind.target = num_of(1000, 0);
    ind.target_year = 2025;
    ind.values = values;
    ind.nvalues = 2;
    ind.achieved = -1;
    choices[0] = (hy_choice){"市民ニーズ", 1, 1ULL << 1, "抽選を行っている。", {0}};
    fields[0] = (hy_field){"purpose", "目的の文章", {0}, 0, 0, 0, 0};
    fields[1] = (hy_field){"created", "令和元年7月24日（水）", {0}, 0, 0, 0, 0};
    fields[2] = (hy_field){"start_year", "1972", {0}, 0, 0, 0, 0};
    ind.grade = "B+";
    ind.revision = "平成30年度目標指標上方修正";
    project = (hy_project){.code = "13035", .name = "関係人口拡大促進事業", .fiscal_year = 2024,
                           .department = "総合政策部", .section = "地域創生室",
                           .fields = fields, .nfields = 3, .choices = choices, .nchoices = 1,
                           .costs = costs, .ncosts = 2, .indicators = &ind, .nindicators = 1};
}

static const char *eval(const char *expr, const char *collection)
{
    static hy_buf out;
    hy_bind b = {.project = &project, .profile = pf, .fiscal_year = 2024,
                 .collection = collection, .index = 0, .page = 1, .pages = 2};
    buf_reset(&out);
    buf_append(&out, "", 0);
    CU_ASSERT_EQUAL(bind_eval(&b, expr, &out), 0);
    return buf_str(&out);
}

#define EXPECT(expr, coll, want) CU_ASSERT_STRING_EQUAL(eval(expr, coll), want)

static void test_years(void)
{
    EXPECT("fy", NULL, "令和6年度");
    EXPECT("fy|era_short", NULL, "R6");
    EXPECT("fy@-4|era_short", NULL, "R2");
    EXPECT("fy@-5|era", NULL, "令和元年度");
    EXPECT("fy@-6|era", NULL, "平成30年度");
    EXPECT("fy@1|western", NULL, "2025年度");
    EXPECT("fy|year", NULL, "2024");
    char s[32];
    format_fiscal_year(2019, HY_ERA_SHORT, 1, s, sizeof s);
    CU_ASSERT_STRING_EQUAL(s, "R元");
    format_fiscal_year(1972, HY_ERA_LONG, 1, s, sizeof s);
    CU_ASSERT_STRING_EQUAL(s, "昭和47年度");
    format_fiscal_year(1989, HY_ERA_LONG, 0, s, sizeof s);
    CU_ASSERT_STRING_EQUAL(s, "平成元");
}

static void test_costs(void)
{
    EXPECT("cost@0.total|money", NULL, "22,000");
    EXPECT("cost@0.total|yen", NULL, "22,000,000");
    EXPECT("cost@0.staff_cost", NULL, "7,262");
    EXPECT("cost@0.total_cost|money", NULL, "29,262");
    EXPECT("cost@0.staff|num:2", NULL, "1.00");
    EXPECT("cost@0.staff_total|num:2", NULL, "1.50");
    EXPECT("cost@-1..0.total|money", NULL, "42,000");      /* the 総事業費 column: a sum */
    EXPECT("cost@-1..0.total_cost|money", NULL, "52,893");
    EXPECT("cost@-4..0.staff|num:2", NULL, "1.50");
    EXPECT("cost@-2.total|money", NULL, "");              /* no line that year: blank, not 0 */
    EXPECT("cost@-2.total|money|default:-", NULL, "-");
    EXPECT("cost@0.prefectural|money", NULL, "");          /* not given: blank */
    EXPECT("cost@0.national_share", NULL, "25.0%");
    EXPECT("cost@0.general_share|pct:1", NULL, "75.0%");
    EXPECT("cost@0.national_prefectural|yen", NULL, "5,500,000");   /* 国・県支出金 */
    EXPECT("cost@0.national_prefectural_share", NULL, "25.0%");
    EXPECT("cost@-1.national_prefectural|yen", NULL, "");           /* neither given */
    EXPECT("cost@0:決算.total", NULL, "");                 /* 2024 has only 当初予算 */
    EXPECT("cost@-1:決算.total", NULL, "20,000");
    EXPECT("profile.staff_unit_cost|money", NULL, "7,262");
}

static void test_project_and_choices(void)
{
    EXPECT("project.name", NULL, "関係人口拡大促進事業");
    EXPECT("project.section|bracket", NULL, "【地域創生室】");
    EXPECT("project.purpose", NULL, "目的の文章");
    EXPECT("project.nothing_here|default:-", NULL, "-");
    EXPECT("choice.市民ニーズ|boxes", NULL, "□かなりのニーズがある　　■ニーズはある　　□ニーズはあまりない");
    EXPECT("choice.市民ニーズ", NULL, "ニーズはある");
    EXPECT("choice.市民ニーズ|number", NULL, "2");
    EXPECT("choice.市民ニーズ.reason", NULL, "抽選を行っている。");
    EXPECT("choice.市民ニーズ.label", NULL, "ア．市民ニーズ");
    /* an item with nothing chosen still shows all its options, unchecked */
    EXPECT("choice.事業の緊急性|boxes", NULL, "□緊急性が高い　　□緊急性はある　　□緊急性はない");
    EXPECT("page", NULL, "1");
    EXPECT("pages", NULL, "2");
}

static void test_indicator_items(void)
{
    EXPECT("item.name", "indicators", "交流イベント参加者数");
    EXPECT("item.target|num|unit", "indicators", "1,000人");
    EXPECT("item.plan@-1|num|unit", "indicators", "1,000人");
    EXPECT("item.yearly_target@-4|num|unit|default:-", "indicators", "-");
    EXPECT("item.target_year|era_short", "indicators", "R7");
    EXPECT("item.achieved|default:-", "indicators", "-");
    EXPECT("item.total|money", "costs", "20,000");   /* item of the costs collection */
    EXPECT("item.fy|era_short", "costs", "R5");
    EXPECT("item.stage", "costs", "決算");
}

static void test_choice_options_one_by_one(void)
{
    /* one option of the set by its number: its text, ○ when chosen, ■/□ */
    EXPECT("choice.市民ニーズ|option:3", NULL, "ニーズはあまりない");
    EXPECT("choice.市民ニーズ|circle:2", NULL, "○");
    EXPECT("choice.市民ニーズ|circle:1", NULL, "");
    EXPECT("choice.市民ニーズ|circle:1|default:－", NULL, "－");
    EXPECT("choice.市民ニーズ|box:2", NULL, "■");
    EXPECT("choice.市民ニーズ|box:3", NULL, "□");
    EXPECT("choice.市民ニーズ|circled", NULL, "②");
    EXPECT("choice.市民ニーズ|list", NULL, "かなりのニーズがある\nニーズはある\nニーズはあまりない");
    EXPECT("choice.市民ニーズ|list:circled", NULL, "①かなりのニーズがある\n②ニーズはある\n③ニーズはあまりない");
    EXPECT("choice.市民ニーズ|list:roman", NULL, "I かなりのニーズがある\nII ニーズはある\nIII ニーズはあまりない");
    /* several chosen (a multi-select item): ③⑦ in Asahikawa's, ④⑦ in Saitama's style */
    hy_choice saved = choices[0];
    choices[0].chosen = 0;
    choices[0].chosen_mask = (1ULL << 0) | (1ULL << 2);
    EXPECT("choice.市民ニーズ|circled", NULL, "①③");
    EXPECT("choice.市民ニーズ|number", NULL, "1、3");
    EXPECT("choice.市民ニーズ", NULL, "かなりのニーズがある、ニーズはあまりない");
    EXPECT("choice.市民ニーズ|circle:3", NULL, "○");
    EXPECT("choice.市民ニーズ|circle:2", NULL, "");
    EXPECT("choice.市民ニーズ|circles", NULL, "かなりのニーズがある ○　ニーズはある　ニーズはあまりない ○");
    choices[0] = saved;
    /* nothing chosen: Saitama's — for not applicable */
    EXPECT("choice.事業の緊急性|roman|default:—", NULL, "—");
    EXPECT("choice.事業の緊急性|circled", NULL, "");
}

static void test_dates_and_text_years(void)
{
    EXPECT("project.created|date", NULL, "令和元年7月24日");
    EXPECT("project.created|date:short", NULL, "R1.7.24");
    EXPECT("project.created|date:western", NULL, "2019年7月24日");
    EXPECT("project.created", NULL, "令和元年7月24日（水）");     /* as typed without |date */
    EXPECT("project.purpose|date", NULL, "目的の文章");           /* not a date: as typed */
    EXPECT("project.start_year|era", NULL, "昭和47年度");
    EXPECT("project.start_year|era_short", NULL, "S47");
    EXPECT("project.start_year", NULL, "1972");
    char s[64];
    format_date(2019, 4, 30, HY_ERA_LONG, s, sizeof s);
    CU_ASSERT_STRING_EQUAL(s, "平成31年4月30日");                /* 令和 began on 1 May */
    format_date(2019, 5, 1, HY_ERA_LONG, s, sizeof s);
    CU_ASSERT_STRING_EQUAL(s, "令和元年5月1日");
    format_date(2024, 7, 0, HY_ERA_LONG, s, sizeof s);
    CU_ASSERT_STRING_EQUAL(s, "令和6年7月");
    format_date(1989, 1, 7, HY_ERA_SHORT, s, sizeof s);
    CU_ASSERT_STRING_EQUAL(s, "S64.1.7");
    format_date(1900, 1, 1, HY_ERA_LONG, s, sizeof s);
    CU_ASSERT_STRING_EQUAL(s, "1900年1月1日");                   /* before 大正: western */
}

static void test_indicator_texts_and_numbers(void)
{
    EXPECT("item.grade", "indicators", "B+");
    EXPECT("item.revision", "indicators", "平成30年度目標指標上方修正");
    EXPECT("item.index|circled", "indicators", "①");
    /* the yearly target of the target year is the indicator's target */
    EXPECT("item.yearly_target@1|num|unit", "indicators", "1,000人");
    EXPECT("item.yearly_target@0|num|unit|default:/", "indicators", "/");
    /* a repeat filtered by kind numbers its items from 1 among those drawn */
    static hy_buf out;
    hy_bind b = {.project = &project, .profile = pf, .fiscal_year = 2024,
                 .collection = "indicators", .index = 0, .ordinal = 2};
    buf_reset(&out);
    CU_ASSERT_EQUAL(bind_eval(&b, "item.index|circled", &out), 0);
    CU_ASSERT_STRING_EQUAL(buf_str(&out), "②");
    buf_free(&out);
    ind.kind = "施策のアウトカム";
    CU_ASSERT(bind_item_is(&b, "indicators", 0, "施策のアウトカム"));
    CU_ASSERT(!bind_item_is(&b, "indicators", 0, "基本政策のアウトカム"));
    CU_ASSERT(bind_item_is(&b, "indicators", 0, NULL));
    CU_ASSERT(!bind_item_is(&b, "indicators", 1, "施策のアウトカム"));
    ind.kind = NULL;
    /* 人工 as the form prints it: 1, 0.5 */
    EXPECT("cost@-1.staff|num:trim", NULL, "0.5");
    EXPECT("cost@0.staff|num:trim", NULL, "1");
    EXPECT("cost@0.staff|num", NULL, "1.00");
}

int main(void)
{
    setup();
    static const hy_test tests[] = {
        {"years in 和暦 and western", test_years},
        {"cost lines, sums, shares and blanks", test_costs},
        {"project fields and choices", test_project_and_choices},
        {"items of a repeat", test_indicator_items},
        {"a choice's options one by one, and several chosen", test_choice_options_one_by_one},
        {"dates and years typed as text", test_dates_and_text_years},
        {"an indicator's grade, revision, ordinal and targets", test_indicator_texts_and_numbers},
        {NULL, NULL},
    };
    int rc = test_main("bind", tests);
    profile_free(pf);
    return rc;
}
