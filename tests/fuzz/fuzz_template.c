/* libFuzzer harness: the template parser (template/template.c) and, for a
 * template that parses, its layout (template/layout.c, bind.c, textbreak.c)
 * with the sample data set's first project and with the whole data set, the
 * two ways sheets and reports are bound. The data set and fonts are loaded
 * once, in LLVMFuzzerInitialize. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/pipeline.h"
#include "fuzzutil.h"
#include "pdf/drawing.h"
#include "template/layout.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static hy_run *run;
static hy_fontset *fonts;
static const char **keys;
static hy_bind_vocabulary voc;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static char input[4096], templates[4096];
    snprintf(input, sizeof input, "%s/input", HYOKA_SOURCE_DIR);
    snprintf(templates, sizeof templates, "%s/templates", HYOKA_SOURCE_DIR);
    hy_run_opts opts = {.input = input, .templates_dir = templates, .epoch = -1, .quiet = 1};
    hy_err err;
    fonts = fontset_new();
    if (!fonts || pipeline_load(&opts, &run, &err) != HY_OK ||
        fontset_add(fonts, "gothic", "ipaexg.ttf", NULL, &err) != HY_OK ||
        fontset_add(fonts, "mincho", "ipaexm.ttf", NULL, &err) != HY_OK) {
        fprintf(stderr, "fuzz_template: cannot load the sample: %s\n", err.msg);
        abort();
    }
    size_t a = columns_keys(run->columns, HY_TABLE_PROJECTS, NULL, 0);
    size_t b = columns_keys(run->columns, HY_TABLE_KPI, NULL, 0);
    keys = malloc((a + b + 1) * sizeof *keys);
    if (!keys)
        abort();
    columns_keys(run->columns, HY_TABLE_PROJECTS, keys, a);
    columns_keys(run->columns, HY_TABLE_KPI, keys + a, b);
    voc = (hy_bind_vocabulary){keys, a + b, run->profile};
    return 0;
}

static void fuzz_lay(const hy_template *tpl, const hy_bind *b)
{
    hy_drawing *d = drawing_new();
    hy_diags *warn = diags_new();
    hy_err err;
    if (!d || !warn)
        abort();
    layout_sheet(tpl, fonts, b, d, warn, &err);
    diags_free(warn);
    drawing_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_strndup(data, size);
    hy_template *tpl = NULL;
    hy_err err;
    err_clear(&err);
    if (template_parse("fuzz.tpl", text, bind_check, &voc, &tpl, &err) == HY_OK && tpl) {
        const hy_dataset *ds = run->dataset;
        if (ds->nprojects) {
            hy_bind b = {.project = &ds->projects[0], .profile = run->profile,
                         .fiscal_year = ds->projects[0].fiscal_year};
            fuzz_lay(tpl, &b);
        }
        hy_bind r = {.dataset = ds, .profile = run->profile, .fiscal_year = 2016};
        fuzz_lay(tpl, &r);
    }
    template_free(tpl);
    free(text);
    return 0;
}
