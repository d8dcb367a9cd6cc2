#include "cli/outputs.h"
#include "util/i18n.h"

#ifdef __GLIBC__
#include <malloc.h>   /* malloc_trim */
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Table order is write order: the sheets first (the workbook's tables are
 * written beside them), the KPI report after them (it adds fonts to the shared
 * set, which no thread may read then), the book after it (the same, and it
 * holds the KPI report), the 施策 sheets after the workbook (they add fonts too),
 * the public set after every document it links, the
 * validation list last, when every warning of the run is known. */
const hy_output_def *const hy_outputs[] = {
    &hy_output_sheets,
    &hy_output_kpi_report,
    &hy_output_book,
    &hy_output_workbook,
    &hy_output_measures,
    &hy_output_public,
    &hy_output_validation,
    NULL,
};

char *outputs_document_file(const char *main, const char *tpl_file)
{
    size_t len = strlen(main) - 4, stem = strlen(tpl_file) - 4;   /* without .pdf, .tpl */
    char *rel = malloc(len + stem + 6);
    if (rel)
        snprintf(rel, len + stem + 6, "%.*s-%.*s.pdf", (int)len, main, (int)stem, tpl_file);
    return rel;
}

size_t outputs_count(void)
{
    size_t n = 0;
    while (hy_outputs[n])
        n++;
    return n;
}

int outputs_index(const hy_output_def *def)
{
    for (size_t i = 0; hy_outputs[i]; i++)
        if (hy_outputs[i] == def)
            return (int)i;
    return -1;
}

int outputs_parse(const char *list, int *selected, size_t n, hy_err *err)
{
    for (size_t i = 0; i < n; i++)
        selected[i] = 0;
    const char *s = list;
    for (;;) {
        size_t len = strcspn(s, ",");
        size_t i = 0;
        while (i < n && (strlen(hy_outputs[i]->name) != len ||
                         strncmp(hy_outputs[i]->name, s, len) != 0))
            i++;
        if (i == n) {
            char known[256] = "";
            for (size_t k = 0; k < n; k++)
                snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s",
                         k ? ", " : "", hy_outputs[k]->name);
            return err_set(err, HY_EUSAGE, _("--outputs %s: unknown output \"%.*s\" (expected "
                           "a comma-separated list of: %s)"), list, (int)len, s, known);
        }
        selected[i] = 1;
        if (!s[len])
            break;
        s += len + 1;
    }
    return HY_OK;
}

/* Each output frees what it made, but glibc keeps freed pages inside its
 * heap: closing the workbook alone frees ~10 MB in small pieces
 * (libxlsxwriter's relationships of the sheets' links), and every output
 * after it would run that much bigger. */
void outputs_give_back_memory(void)
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}
