/*
 * out_validation.c - the `validation` output: OUT/validation.csv, every
 * problem of the run, written last, when every warning is known.
 */
#include "cli/outputs.h"

static const char *const validation_entries[] = {"validation.csv", NULL};

static int validation_write(hy_outctx *c, hy_err *err)
{
    return pipeline_write_validation(c->run, c->dir, err);
}

const hy_output_def hy_output_validation = {
    .name = "validation",
    .entries = validation_entries,
    .write = validation_write,
};
