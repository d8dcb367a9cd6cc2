/* tests for template/capacity: a max= repeat the data outgrows is an error at
 * the project's row with the counts and the template line; what fits, a repeat
 * without max= and a block not drawn (when=) are not */
#include <string.h>

#include "template/capacity.h"
#include "testutil.h"

/* A project P1 at projects.csv row 4 with na indicators of kind A and nb of
 * kind B, and its purpose given or not. */
static hy_dataset *data(size_t na, size_t nb, int purpose)
{
    hy_dataset *ds = dataset_new();
    ds->projects = arena_calloc(ds->arena, sizeof *ds->projects);
    ds->nprojects = 1;
    hy_project *p = &ds->projects[0];
    p->code = "P1";
    p->name = "事業1";
    p->fiscal_year = 2024;
    p->loc = (hy_loc){"projects.csv", NULL, 4, 0};
    p->fields = arena_calloc(ds->arena, sizeof *p->fields);
    p->fields[0] = (hy_field){"purpose", purpose ? "目的" : "", {0}, 0, 0, 0, 0};
    p->nfields = 1;
    p->nindicators = na + nb;
    p->indicators = arena_calloc(ds->arena, (na + nb ? na + nb : 1) * sizeof *p->indicators);
    for (size_t j = 0; j < na + nb; j++) {
        p->indicators[j].name = arena_printf(ds->arena, "指標%zu", j + 1);
        p->indicators[j].kind = j < na ? "A" : "B";
        p->indicators[j].achieved = -1;
    }
    return ds;
}

static const char TPL[] =
    "font gothic ipaexg.ttf\n"
    "grid cols=40,150\n"                     /* line 2 */
    "  repeat indicators kind=A max=3\n"     /* line 3 */
    "  row h=6\n"
    "    cell \"{item.name}\"\n"
    "    cell \"\"\n"
    "  end\n"
    "end\n"
    "grid cols=40,150 when=project.purpose\n"
    "  repeat indicators max=4\n"            /* line 10: all of them, when there is a purpose */
    "  row h=6\n"
    "    cell \"{item.name}\"\n"
    "    cell \"\"\n"
    "  end\n"
    "end\n"
    "grid cols=40,150\n"
    "  repeat indicators kind=B\n"           /* no max=: the grid grows */
    "  row h=6\n"
    "    cell \"{item.name}\"\n"
    "    cell \"\"\n"
    "  end\n"
    "end\n";

/* Checks TPL against a project; returns what capacity_check returned and
 * leaves the diagnostics in *out. */
static size_t check(size_t na, size_t nb, int purpose, hy_diags **out)
{
    hy_template *t = NULL;
    hy_err err;
    CU_ASSERT_EQUAL_FATAL(template_parse("cap.tpl", TPL, NULL, NULL, &t, &err), HY_OK);
    hy_dataset *ds = data(na, nb, purpose);
    hy_bind b = {.project = &ds->projects[0], .fiscal_year = 2024};
    *out = diags_new();
    size_t n = capacity_check(t, &b, *out);
    /* the messages outlive the data set: they are copies in the diags' arena,
     * the location's file name a literal */
    dataset_free(ds);
    template_free(t);
    return n;
}

static void test_outgrown_kind_is_an_error(void)
{
    hy_diags *d;
    CU_ASSERT_EQUAL(check(5, 0, 0, &d), 1);
    CU_ASSERT_EQUAL(d->errors, 1);
    CU_ASSERT_EQUAL(d->warnings, 0);
    CU_ASSERT_STRING_EQUAL(d->items[0].message,
                           "project P1: 5 A indicators, but the form has room for 3 and no "
                           "continuation page for them: 2 would be lost (cap.tpl:3)");
    CU_ASSERT_STRING_EQUAL(d->items[0].loc.file, "projects.csv");
    CU_ASSERT_EQUAL(d->items[0].loc.row, 4);
    diags_free(d);
}

static void test_what_fits_is_no_error(void)
{
    hy_diags *d;
    /* 3 of kind A fill the first grid exactly; 4 in all fill the second; the
     * third grid takes any number of B */
    CU_ASSERT_EQUAL(check(3, 1, 1, &d), 0);
    CU_ASSERT_EQUAL(d->count, 0);
    diags_free(d);
    CU_ASSERT_EQUAL(check(0, 40, 0, &d), 0);
    CU_ASSERT_EQUAL(d->count, 0);
    diags_free(d);
}

static void test_every_overflow_counted_and_when_respected(void)
{
    hy_diags *d;
    /* 3 A and 2 B: the A grid fits, the when= grid holds 4 of 5 */
    CU_ASSERT_EQUAL(check(3, 2, 1, &d), 1);
    CU_ASSERT_EQUAL_FATAL(d->count, 1);
    CU_ASSERT_STRING_EQUAL(d->items[0].message,
                           "project P1: 5 indicators, but the form has room for 4 and no "
                           "continuation page for them: 1 would be lost (cap.tpl:10)");
    diags_free(d);
    /* without a purpose that grid is not drawn, so nothing of it is lost */
    CU_ASSERT_EQUAL(check(3, 2, 0, &d), 0);
    diags_free(d);
    /* both at once */
    CU_ASSERT_EQUAL(check(6, 0, 1, &d), 2);
    CU_ASSERT_EQUAL(d->errors, 2);
    diags_free(d);
}

static void test_counts_items_as_the_repeat_draws_them(void)
{
    hy_template *t = NULL;
    hy_err err;
    CU_ASSERT_EQUAL_FATAL(template_parse("cap.tpl", TPL, NULL, NULL, &t, &err), HY_OK);
    hy_dataset *ds = data(7, 2, 1);
    hy_bind b = {.project = &ds->projects[0], .fiscal_year = 2024};
    CU_ASSERT_EQUAL(capacity_items(&b, &t->blocks[0].repeats[0]), 7);   /* kind=A */
    CU_ASSERT_EQUAL(capacity_items(&b, &t->blocks[1].repeats[0]), 9);   /* all */
    CU_ASSERT_EQUAL(capacity_items(&b, &t->blocks[2].repeats[0]), 2);   /* kind=B */
    dataset_free(ds);
    template_free(t);
}

int main(void)
{
    static const hy_test tests[] = {
        {"more items than max= is an error at the project's row", test_outgrown_kind_is_an_error},
        {"exactly max= items, or no max=, is no error", test_what_fits_is_no_error},
        {"every outgrown repeat is counted; a block not drawn is not", test_every_overflow_counted_and_when_respected},
        {"items counted with the kind= filter", test_counts_items_as_the_repeat_draws_them},
        {NULL, NULL},
    };
    return test_main("capacity", tests);
}
