/* tests for util/diag: identical problems grouped on the terminal, every one
 * kept for validation.csv */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "util/diag.h"

static void test_grouped_problems(void)
{
    hy_diags *d = diags_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    for (uint32_t row = 12; row <= 410; row += 2) {
        hy_loc loc = {"city.xlsx", "事業一覧", row, 3};
        diag_error(d, &loc, "事業費 is blank: a cost row needs its 事業費 (write 0 for none)");
        if (row == 14) {
            hy_loc other = {"city.xlsx", "事業一覧", row, 5};
            diag_error(d, &other, "一般財源: expected an amount of money, got \"x\"");
        }
    }
    hy_loc once = {"city.xlsx", "事業一覧", 500, 3};
    diag_warn(d, &once, "事業費 is blank: a cost row needs its 事業費 (write 0 for none)");
    CU_ASSERT_EQUAL(d->count, 200 + 1 + 1);

    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    diags_print(d, fp);
    fclose(fp);
    CU_ASSERT_STRING_EQUAL(text,
        "city.xlsx[事業一覧]!C12: error: 事業費 is blank: a cost row needs its 事業費 (write 0 for none)\n"
        "    (the same problem 200 times: first C12, last C410; every one is in validation.csv)\n"
        "city.xlsx[事業一覧]!E14: error: 一般財源: expected an amount of money, got \"x\"\n"
        "city.xlsx[事業一覧]!C500: warning: 事業費 is blank: a cost row needs its 事業費 (write 0 for none)\n");
    free(text);

    /* validation.csv keeps every one */
    text = NULL;
    fp = open_memstream(&text, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    CU_ASSERT_EQUAL(diags_write_csv(d, fp), 0);
    fclose(fp);
    size_t lines = 0;
    for (const char *p = text; *p; p++)
        lines += *p == '\n';
    CU_ASSERT_EQUAL(lines, 1 + 202);
    free(text);
    diags_free(d);
}

int main(void)
{
    static const hy_test tests[] = {
        {"identical problems grouped, every one kept", test_grouped_problems},
        {NULL, NULL},
    };
    return test_main("diag", tests);
}
