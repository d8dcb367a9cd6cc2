/* libFuzzer harness: the value normalizers (normalize/value.c, era.c,
 * choice.c): numbers, amounts, era years, dates, header years, key folding,
 * blanks and choices, each on the same cell text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzzutil.h"
#include "normalize/choice.h"
#include "normalize/value.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const options[] = {"高い", "普通", "低い", "拡充", "現状維持",
                                          "縮小・統合", "廃止・休止", "Ａ", "B", "○"};
    const size_t noptions = sizeof options / sizeof *options;
    char *text = fuzz_strndup(data, size);
    char why[256];
    hy_num num;
    hy_unit unit;
    hy_buf unit_text = HY_BUF_INIT, rest = HY_BUF_INIT, out = HY_BUF_INIT;
    hy_amount amount;
    int year, chosen;
    hy_date date;
    uint64_t mask;
    value_number(text, &num, &unit, &unit_text, why, sizeof why);
    value_amount(text, 1000, &amount, why, sizeof why);
    value_amount(text, 1, &amount, why, sizeof why);
    value_fiscal_year(text, &year, why, sizeof why);
    if (value_date(text, &date, why, sizeof why) == HY_VALUE_OK)
        (void)date_fiscal_year(date);
    value_header_year(text, &year, &rest);
    value_trim(text, &out);
    value_fold_key(text, &out);
    value_is_none(text);
    choice_parse(text, options, noptions, &chosen, why, sizeof why);
    choice_parse_multi(text, options, noptions, &mask, why, sizeof why);
    buf_free(&unit_text);
    buf_free(&rest);
    buf_free(&out);
    free(text);
    return 0;
}
