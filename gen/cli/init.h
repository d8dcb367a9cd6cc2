/*
 * init.h - `hyoka init INPUT -o DIR`: a city profile drafted from the city's
 * own files, so that adopting hyoka starts from what the data already says
 * instead of from the documentation.
 *
 * DIR gets profile.conf (the judgement items found in the data with their
 * options in numbered order, the units and staff-cost evidence found, repeated
 * column blocks), columns.conf (every header matched, under the key it means;
 * the headers not placed, commented, with the nearest keys) and sheet.tpl and
 * kpi-report.tpl copied from the standard form. A file that exists is never
 * overwritten, so a second run changes nothing; building with the draft gives
 * the same sheets as building with the standard form.
 */
#ifndef HY_INIT_H
#define HY_INIT_H

#include <stdio.h>

#include "cli/pipeline.h"
#include "util/err.h"

/* Drafts the profile of opts->input into dir, saying on report what was
 * written and what was kept. opts->profile_id must be NULL (the data is read
 * with the standard form). Returns HY_OK, HY_EDATA when the data could not be
 * read into records (nothing written), HY_EUSAGE or HY_EIO with err set. */
int init_profile(const hy_run_opts *opts, const char *dir, FILE *report, hy_err *err);

#endif
