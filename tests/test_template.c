/* tests for template/template: the form description format and its errors */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalize/columns.h"
#include "template/bind.h"
#include "template/template.h"
#include "testutil.h"
#include "util/buf.h"

static hy_profile *pf;

static hy_bind_vocabulary vocabulary(void)
{
    static const char *const keys[] = {"purpose", "summary", "created"};
    hy_err err;
    if (!pf)
        profile_load(test_src("templates"), "nemuro", &pf, &err);
    return (hy_bind_vocabulary){keys, 3, pf};
}

static void test_parse(void)
{
    const char *text =
        "template demo \"見本\"\n"
        "page A4 landscape\n"
        "margin 5 6 7 8\n"
        "font gothic ipaexg.ttf\n"
        "style default size=8 pad=1\n"
        "style label fill=#e0e0e0 align=center\n"
        "text x=0 y=0 w=100 h=8 size=14 \"題名 {fy|era}\"   # a comment\n"
        "grid gap=2 cols=20,30,40\n"
        "  row h=6\n"
        "    cell style=label rows=2 vertical \"内訳\"\n"
        "    cell span=2 \"{project.purpose}\"\n"
        "  repeat indicators min=2 max=3\n"
        "  row h=5\n"
        "    cell \"{item.name}\"\n"
        "    cell style=label align=right \"{item.target|num|unit}\"\n"
        "  end\n"
        "end\n"
        "newpage\n"
        "footer \"{page} / {pages}\" align=center\n";
    hy_bind_vocabulary voc = vocabulary();
    hy_template *t = NULL;
    hy_err err;
    err_clear(&err);
    CU_ASSERT_EQUAL_FATAL(template_parse("t.tpl", text, bind_check, &voc, &t, &err), HY_OK);
    CU_ASSERT_STRING_EQUAL(t->name, "demo");
    /* A4 landscape: 297 x 210 mm in points */
    CU_ASSERT_DOUBLE_EQUAL(t->page_width, 297 * 72 / 25.4, 0.01);
    CU_ASSERT_DOUBLE_EQUAL(t->page_height, 210 * 72 / 25.4, 0.01);
    CU_ASSERT_DOUBLE_EQUAL(t->margin_left, 8 * 72 / 25.4, 0.01);
    CU_ASSERT_EQUAL(t->nblocks, 3);
    const tpl_block *g = &t->blocks[1];
    CU_ASSERT_EQUAL(g->kind, TPL_BLOCK_GRID);
    CU_ASSERT_EQUAL(g->ncols, 3);
    CU_ASSERT_EQUAL(g->nrows, 2);
    CU_ASSERT_EQUAL(g->nrepeats, 1);
    CU_ASSERT_STRING_EQUAL(g->repeats[0].collection, "indicators");
    CU_ASSERT_EQUAL(g->repeats[0].min_items, 2);
    CU_ASSERT_EQUAL(g->repeats[0].max_items, 3);
    const tpl_cell *c = &g->rows[0].cells[0];
    CU_ASSERT_EQUAL(c->rowspan, 2);
    CU_ASSERT(c->style.vertical);
    CU_ASSERT(c->style.has_fill);
    CU_ASSERT_EQUAL(c->style.fill, 0xE0E0E0);
    CU_ASSERT_EQUAL(c->style.align, TPL_ALIGN_CENTER);
    CU_ASSERT_DOUBLE_EQUAL(c->style.size, 8, 0.001);
    const tpl_cell *t2 = &g->rows[1].cells[1];
    CU_ASSERT_EQUAL(t2->style.align, TPL_ALIGN_RIGHT);  /* later attribute wins over the style */
    CU_ASSERT_EQUAL(t2->content.nsegments, 1);
    CU_ASSERT_STRING_EQUAL(t2->content.segments[0].expr, "item.target|num|unit");
    const tpl_cell *title = &t->blocks[0].text;
    CU_ASSERT_EQUAL(title->content.nsegments, 2);
    CU_ASSERT_STRING_EQUAL(title->content.segments[0].literal, "題名 ");
    CU_ASSERT(t->has_footer);
    CU_ASSERT_EQUAL(t->blocks[2].kind, TPL_BLOCK_NEWPAGE);
    template_free(t);
}

static void expect(const char *text, const char *message)
{
    hy_bind_vocabulary voc = vocabulary();
    hy_template *t = NULL;
    hy_err err;
    err_clear(&err);
    int rc = template_parse("bad.tpl", text, bind_check, &voc, &t, &err);
    CU_ASSERT_EQUAL(rc, HY_EUSAGE);
    CU_ASSERT_PTR_NULL(t);
    CU_ASSERT_STRING_EQUAL(err.msg, message);
    if (strcmp(err.msg, message))
        fprintf(stderr, "\n  got      %s\n  expected %s\n", err.msg, message);
}

#define HEAD "font gothic ipaexg.ttf\n"

static void test_errors_name_file_and_line(void)
{
    expect(HEAD "grid cols=10,10\n  row h=5\n    cell \"{project.purpse}\"\n    cell \"\"\nend\n",
           "bad.tpl:4: {project.purpse}: project.purpse: no such project column (columns are "
           "declared in templates/columns.conf or the profile's aliases file)");
    expect(HEAD "text w=10 h=5 \"{fy|eraa}\"\n",
           "bad.tpl:2: {fy|eraa}: unknown formatter |eraa (expected one of: money, yen, kyen, num, "
           "int, pct, unit, era, era_short, western, year, boxes, circles, chosen, number, roman, "
           "default, bracket, prefix, suffix, mark, option, circle, box, circled, list, date, "
           "written)");
    expect(HEAD "grid cols=10,10 optional=3\n  row h=5\n    cell \"x\"\n    cell \"y\"\nend\n",
           "bad.tpl:2: optional=: the grid has 2 columns");
    expect(HEAD "grid cols=10,10 optional=1\n  row h=5\n    cell \"x\"\n    cell \"y\"\nend\n",
           "bad.tpl:2: optional=: the first column takes the width of those left out, so it "
           "cannot be left out itself");
    expect(HEAD "grid cols=10,10 optional=2x\n  row h=5\n    cell \"x\"\n    cell \"y\"\nend\n",
           "bad.tpl:2: optional=2x: expected column numbers from 1 separated by commas, e.g. "
           "optional=3,4");
    expect(HEAD "text w=10 h=5 \"{choice.存在しない}\"\n",
           "bad.tpl:2: {choice.存在しない}: choice.存在しない: the profile has no [choice 存在しない]");
    expect(HEAD "text w=10 h=5 \"{cost.total}\"\n",
           "bad.tpl:2: {cost.total}: cost needs a year: cost@0 is the evaluation year, cost@-1 the one before");
    expect(HEAD "grid cols=10,10\n  row h=5\n    cell span=3 \"x\"\nend\n",
           "bad.tpl:4: cell: does not fit the grid's 2 columns (it starts at column 1 and spans 3)");
    expect(HEAD "grid cols=10,10\n  row h=5\n    cell \"x\"\nend\n",
           "bad.tpl:3: row: its cells cover 1 of the grid's 2 columns");
    expect(HEAD "grid cols=10\n  row h=5\n    cell colour=#ff0000 \"x\"\nend\n",
           "bad.tpl:4: cell: unknown attribute \"colour\" (expected a \"string\", span, rows, label, "
           "alt or a style attribute)");
    expect(HEAD "grid cols=10\n  row h=5\n    cell role=Heading \"x\"\nend\n",
           "bad.tpl:4: role=Heading: expected H1 to H6, P, TH, TD, Figure, Caption, Span, "
           "Artifact or auto");
    expect(HEAD "grid cols=10\n  row h=5\n    cell role=TR \"x\"\nend\n",
           "bad.tpl:4: role=TR: the layout makes TR elements itself; a box can be H1 to H6, "
           "P, TH, TD, Figure, Caption, Span or Artifact");
    expect(HEAD "text w=10 h=10 role=Figure \"x\"\n",
           "bad.tpl:2: text: role=Figure needs alt=\"...\": what the figure shows, in words "
           "(PDF/UA)");
    expect(HEAD "grid cols=10\n  row h=5\n    cell fill=red \"x\"\nend\n",
           "bad.tpl:4: fill=red: expected a colour as #rrggbb");
    expect(HEAD "grid cols=10\n  row h=5\n    cell \"x\"\n",
           "bad.tpl:4: the file ends inside a grid: an `end` is missing");
    expect(HEAD "text w=10 h=5 \"{item.name}\"\n",
           "bad.tpl:2: {item.name}: item is only meaningful inside a repeat");
    expect(HEAD "page A5\n", "bad.tpl:2: page: \"A5\" is not A4, A3, B4, B5, WIDTHxHEIGHT (mm), "
           "portrait or landscape");
    expect(HEAD "boxes\n", "bad.tpl:2: unknown statement \"boxes\" (expected template, page, margin, "
           "font, style, header, footer, text, grid, row, cell, repeat, section, end, newpage or include)");
    expect(HEAD "text w=10 h=5 \"abc\n", "bad.tpl:2: unterminated string (a \" is missing)");
    expect("text w=10 h=5 \"x\"\n", "bad.tpl:1: no font declared: add e.g. `font gothic ipaexg.ttf`");
    expect(HEAD "section people\n", "bad.tpl:2: section people: unknown collection (expected "
           "programs, projects, indicators, kpis, costs, choices or fields)");
    expect(HEAD "section projects\n  text w=10 h=5 \"{project.name}\"\n",
           "bad.tpl:3: the file ends inside a section: an `end` is missing");
    expect(HEAD "section projects\nend\n", "bad.tpl:3: section projects: has no blocks");
    expect(HEAD "grid cols=10 header=2\n  row h=5\n    cell \"x\"\nend\n",
           "bad.tpl:5: grid: header=2 leaves no rows below the header");
    expect(HEAD "text w=10 h=auto vertical \"x\"\n", "bad.tpl:2: text: h=auto is for horizontal text");
    expect(HEAD "grid cols=10,10\n  row h=5\n    cell rows=2 \"x\"\n    cell \"y\"\n"
           "  repeat indicators\n  row h=5\n    cell \"{item.name}\"\n  row h=5\n    cell \"z\"\n    cell \"w\"\n  end\nend\n",
           "bad.tpl:4: cell: rows=2 covers only part of the repeat below it; cover all of its rows or none");
    /* what the multi-select, date and filter features add */
    expect(HEAD "text w=10 h=5 \"{choice.市民ニーズ|circle:4}\"\n",
           "bad.tpl:2: {choice.市民ニーズ|circle:4}: |circle:4: choice.市民ニーズ|circle:4 has 3 options");
    expect(HEAD "text w=10 h=5 \"{choice.市民ニーズ|option}\"\n",
           "bad.tpl:2: {choice.市民ニーズ|option}: |option needs the option's number from 1, e.g. |option:3");
    expect(HEAD "text w=10 h=5 \"{choice.市民ニーズ|list:kanji}\"\n",
           "bad.tpl:2: {choice.市民ニーズ|list:kanji}: |list:kanji: expected |list, |list:circled, "
           "|list:roman or |list:number");
    expect(HEAD "text w=10 h=5 \"{project.created|date:meiji}\"\n",
           "bad.tpl:2: {project.created|date:meiji}: |date:meiji: expected |date (令和元年7月24日), "
           "|date:short (R1.7.24) or |date:western (2019年7月24日)");
    expect(HEAD "text w=10 h=5 \"{cost@0.staff|num:x}\"\n",
           "bad.tpl:2: {cost@0.staff|num:x}: |num:x: expected decimals (|num:2) or |num:trim");
    expect(HEAD "grid cols=10\n  repeat costs kind=決算\n",
           "bad.tpl:3: repeat costs: kind= picks indicators by their 指標区分; costs have none");
    expect(HEAD "grid cols=10\n  repeat indicators kind=\n",
           "bad.tpl:3: repeat indicators: kind= needs a 指標区分, e.g. kind=施策のアウトカム");
    expect(HEAD "grid cols=10\n  repeat indicators sort=name\n",
           "bad.tpl:3: repeat: unknown attribute \"sort\" (expected min=N, max=N or kind=KIND)");
    expect(HEAD "section projects kind=x\n",
           "bad.tpl:2: section projects: kind= picks indicators by their 指標区分; projects have none");
    /* an attribute with no name hung the parser (fuzz: tests/fuzz/corpus/template/hang_empty_key) */
    expect(HEAD "text w=19 =0h9 size=14 \"x\"\n",
           "bad.tpl:2: \"=0h9\": an attribute needs its name before the =, e.g. w=40");
    expect(HEAD "text w=19 \"x\"=y\n",
           "bad.tpl:2: \"=y\": an attribute needs its name before the =, e.g. w=40");
}

/* Every shipped template loads, with bind_check, against its own profile and
 * the column tables (templates/columns.conf plus the profile's aliases file). */
static void test_shipped_templates_load(void)
{
    static const char *const ids[] = {"nemuro", "asahikawa", "saitama", "standard"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        hy_profile *prof = NULL;
        hy_columns *cols = NULL;
        hy_template *t = NULL;
        hy_err err;
        err_clear(&err);
        CU_ASSERT_EQUAL_FATAL(profile_load(test_src("templates"), ids[i], &prof, &err), HY_OK);
        CU_ASSERT_EQUAL_FATAL(columns_load(test_src("templates/columns.conf"), &cols, &err), HY_OK);
        if (prof->aliases) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", prof->dir, prof->aliases);
            CU_ASSERT_EQUAL_FATAL(columns_add_file(cols, path, &err), HY_OK);
        }
        const char *keys[256];
        size_t n = columns_keys(cols, HY_TABLE_PROJECTS, keys, 256);
        hy_bind_vocabulary voc = {keys, n, prof};
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", prof->dir, prof->sheet_template);
        CU_ASSERT_EQUAL(template_load(path, bind_check, &voc, &t, &err), HY_OK);
        if (err.msg[0])
            fprintf(stderr, "\n  %s\n", err.msg);
        CU_ASSERT_PTR_NOT_NULL(t);
        template_free(t);
        columns_free(cols);
        profile_free(prof);
    }
}

static void test_kind_filters(void)
{
    const char *text =
        HEAD
        "grid cols=50\n"
        "  repeat indicators kind=施策のアウトカム min=2\n"
        "  row h=5\n"
        "    cell \"{item.name}\"\n"
        "  end\n"
        "end\n"
        "section indicators kind=\"基本政策のアウトカム\" gap=1\n"
        "  text w=50 h=5 \"{item.index|circled}{item.name}\"\n"
        "end\n";
    hy_bind_vocabulary voc = vocabulary();
    hy_template *t = NULL;
    hy_err err;
    err_clear(&err);
    CU_ASSERT_EQUAL_FATAL(template_parse("k.tpl", text, bind_check, &voc, &t, &err), HY_OK);
    CU_ASSERT_STRING_EQUAL(t->blocks[0].repeats[0].item_kind, "施策のアウトカム");
    CU_ASSERT_EQUAL(t->blocks[0].repeats[0].min_items, 2);
    CU_ASSERT_STRING_EQUAL(t->blocks[1].item_kind, "基本政策のアウトカム");
    template_free(t);
}

static void test_sections_and_auto_heights(void)
{
    const char *text =
        HEAD
        "section programs\n"
        "  text w=100 h=8 \"{program.name}\"\n"
        "  section projects gap=3\n"
        "    grid cols=50,50 header=1 keep=yes\n"
        "      row h=5\n"
        "        cell \"a\"\n"
        "        cell \"b\"\n"
        "      repeat indicators\n"
        "      row h=auto\n"
        "        cell \"{item.name}\"\n"
        "        cell \"{item.target}\"\n"
        "      end\n"
        "    end\n"
        "    section indicators\n"
        "      text w=100 h=auto \"{item.target_note}\"\n"
        "    end\n"
        "  end\n"
        "end\n";
    hy_bind_vocabulary voc = vocabulary();
    hy_template *t = NULL;
    hy_err err;
    err_clear(&err);
    CU_ASSERT_EQUAL_FATAL(template_parse("s.tpl", text, bind_check, &voc, &t, &err), HY_OK);
    CU_ASSERT_EQUAL(t->nblocks, 9);
    CU_ASSERT_EQUAL(t->blocks[0].kind, TPL_BLOCK_SECTION);
    CU_ASSERT_STRING_EQUAL(t->blocks[0].collection, "programs");
    CU_ASSERT_EQUAL(t->blocks[0].end, 8);
    CU_ASSERT_EQUAL(t->blocks[2].kind, TPL_BLOCK_SECTION);
    CU_ASSERT_EQUAL(t->blocks[2].end, 7);
    CU_ASSERT_DOUBLE_EQUAL(t->blocks[2].gap, 3 * 72 / 25.4, 0.01);
    CU_ASSERT_EQUAL(t->blocks[3].header_rows, 1);
    CU_ASSERT(t->blocks[3].keep);
    CU_ASSERT(t->blocks[3].rows[1].auto_height);
    CU_ASSERT(t->blocks[5].auto_height);      /* the text inside `section indicators` */
    template_free(t);
}

static void test_nemuro_template_loads(void)
{
    /* the shipped template must load against the shipped columns and profile */
    hy_bind_vocabulary voc = vocabulary();
    static const char *const keys[] = {
        "plan_number", "created", "category", "measure", "policy_goal", "policy_relation",
        "purpose", "summary", "maintenance_body", "maintenance_method", "maintenance_facility_cost",
        "maintenance_staff_cost", "results", "improvement", "effect", "secondary_verdict",
        "secondary_opinion", "section_view",
    };
    voc.project_keys = keys;
    voc.nproject_keys = sizeof keys / sizeof keys[0];
    hy_template *t = NULL;
    hy_err err;
    err_clear(&err);
    CU_ASSERT_EQUAL(template_load(test_src("templates/nemuro/sheet.tpl"), bind_check, &voc, &t, &err), HY_OK);
    if (err.msg[0])
        fprintf(stderr, "\n  %s\n", err.msg);
    CU_ASSERT_PTR_NOT_NULL(t);
    template_free(t);
}

/* dir/name in a fresh static buffer of four, for building expected paths */
static const char *path_of(const char *dir, const char *name)
{
    static hy_buf bufs[4];
    static int next;
    hy_buf *b = &bufs[next++ % 4];
    buf_reset(b);
    buf_printf(b, "%s/%s", dir, name);
    return buf_str(b);
}

static void test_include(void)
{
    char *tmp = test_tmpdir("template_include");
    char main_path[1024], part[1024], bad[1024], loop[1024];
    snprintf(main_path, sizeof main_path, "%s", path_of(tmp, "main.tpl"));
    snprintf(part, sizeof part, "%s", path_of(tmp, "parts/table.tpl"));
    snprintf(bad, sizeof bad, "%s", path_of(tmp, "parts/bad.tpl"));
    snprintf(loop, sizeof loop, "%s", path_of(tmp, "loop.tpl"));
    hy_buf cmd = HY_BUF_INIT;
    buf_printf(&cmd, "mkdir -p %s/parts", tmp);
    CU_ASSERT_EQUAL_FATAL(test_sh(buf_str(&cmd), NULL), 0);
    static const char PART[] = "# a table shared by two pages\n"
                               "grid cols=20,30\n  row h=5\n    cell \"事業名\"\n    cell \"{project.name}\"\nend\n";
    static const char BAD[] = "grid cols=20\n  row h=5\n    cell \"{project.nme}\"\nend\n";
    test_write(part, PART, strlen(PART));
    test_write(bad, BAD, strlen(BAD));
    test_write(loop, "include \"loop.tpl\"\n", 19);
    hy_bind_vocabulary voc = vocabulary();
    hy_template *t = NULL;
    hy_err err;
    const char *text = HEAD "include \"parts/table.tpl\"\nnewpage\ninclude \"parts/table.tpl\"\n";
    CU_ASSERT_EQUAL_FATAL(template_parse(main_path, text, bind_check, &voc, &t, &err), HY_OK);
    CU_ASSERT_EQUAL(t->nblocks, 3);
    CU_ASSERT_EQUAL(t->blocks[0].kind, TPL_BLOCK_GRID);
    CU_ASSERT_EQUAL(t->blocks[2].kind, TPL_BLOCK_GRID);
    CU_ASSERT_STRING_EQUAL(t->blocks[2].rows[0].cells[1].content.segments[0].expr, "project.name");
    template_free(t);
    /* an error inside an included file names that file and its line */
    CU_ASSERT_EQUAL(template_parse(main_path, HEAD "include \"parts/bad.tpl\"\n", bind_check, &voc,
                                   &t, &err), HY_EUSAGE);
    buf_reset(&cmd);
    buf_printf(&cmd, "%s:3: {project.nme}: project.nme: no such project column (columns are "
               "declared in templates/columns.conf or the profile's aliases file)", bad);
    CU_ASSERT_STRING_EQUAL(err.msg, buf_str(&cmd));
    CU_ASSERT_EQUAL(template_parse(main_path, HEAD "include \"nothere.tpl\"\n", bind_check, &voc,
                                   &t, &err), HY_EUSAGE);
    CU_ASSERT(test_contains(err.msg, "main.tpl:2: include \"nothere.tpl\": "));
    CU_ASSERT_EQUAL(template_parse(main_path, HEAD "include \"loop.tpl\"\n", bind_check, &voc,
                                   &t, &err), HY_EUSAGE);
    buf_reset(&cmd);
    buf_printf(&cmd, "%s:1: include \"loop.tpl\": includes nest more than 4 deep (does a file "
               "include itself?)", loop);
    CU_ASSERT_STRING_EQUAL(err.msg, buf_str(&cmd));
    buf_free(&cmd);
    free(tmp);
}

static void test_find_by_name(void)
{
    char *tmp = test_tmpdir("template_find");
    char templates[1024], prof[1024];
    snprintf(templates, sizeof templates, "%s", path_of(tmp, "templates"));
    snprintf(prof, sizeof prof, "%s", path_of(templates, "city"));
    hy_buf cmd = HY_BUF_INIT;
    buf_printf(&cmd, "mkdir -p %s/other %s && touch %s/other/sheet.tpl %s/summary.tpl %s/plain",
               templates, prof, templates, prof, prof);
    CU_ASSERT_EQUAL_FATAL(test_sh(buf_str(&cmd), NULL), 0);
    char *found = NULL;
    hy_err err;
    CU_ASSERT_EQUAL(template_find(templates, prof, "other", &found, &err), HY_OK);
    CU_ASSERT_STRING_EQUAL(found, path_of(templates, "other/sheet.tpl"));  /* another folder's sheet */
    free(found);
    CU_ASSERT_EQUAL(template_find(templates, prof, "summary", &found, &err), HY_OK);
    CU_ASSERT_STRING_EQUAL(found, path_of(prof, "summary.tpl"));   /* in the profile's folder, .tpl added */
    free(found);
    CU_ASSERT_EQUAL(template_find(templates, prof, "plain", &found, &err), HY_OK);
    CU_ASSERT_STRING_EQUAL(found, path_of(prof, "plain"));
    free(found);
    CU_ASSERT_EQUAL(template_find(templates, prof, "./x/y.tpl", &found, &err), HY_OK);
    CU_ASSERT_STRING_EQUAL(found, "./x/y.tpl");     /* a path is used as it is */
    free(found);
    CU_ASSERT_EQUAL(template_find(templates, prof, "nosuch", &found, &err), HY_EUSAGE);
    CU_ASSERT_PTR_NULL(found);
    buf_reset(&cmd);
    buf_printf(&cmd, "--template nosuch: no such template (looked for %s/nosuch/sheet.tpl, "
               "%s/nosuch and %s/nosuch.tpl)", templates, prof, prof);
    CU_ASSERT_STRING_EQUAL(err.msg, buf_str(&cmd));
    CU_ASSERT_EQUAL(template_find(templates, prof, "city", &found, &err), HY_EUSAGE);  /* a folder */
    CU_ASSERT_EQUAL(template_find(templates, prof, "..", &found, &err), HY_EUSAGE);
    buf_free(&cmd);
    free(tmp);
}

int main(void)
{
    static const hy_test tests[] = {
        {"a template with every statement", test_parse},
        {"errors name the file, line and problem", test_errors_name_file_and_line},
        {"sections, table headers and auto heights", test_sections_and_auto_heights},
        {"the Nemuro template loads", test_nemuro_template_loads},
        {"repeats and sections filtered by kind", test_kind_filters},
        {"every shipped template loads against its profile and columns", test_shipped_templates_load},
        {"--template NAME: a folder's sheet or a file of the profile", test_find_by_name},
        {"include: one file's statements in another", test_include},
        {NULL, NULL},
    };
    int rc = test_main("template", tests);
    profile_free(pf);
    return rc;
}
