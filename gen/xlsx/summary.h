/*
 * summary.h - the summary workbook the planning section works in: one row per
 * project with its figures as real numbers, so it can be sorted, filtered,
 * summed and pasted into a council answer.
 */
#ifndef HY_SUMMARY_H
#define HY_SUMMARY_H

#include "model/model.h"
#include "profile/profile.h"
#include "util/diag.h"
#include "util/err.h"

/* Writes path (through a temporary name, renamed when complete). Text from the
 * data is always written as text, never as a formula. epoch is the workbook's
 * creation time (seconds since 1970, UTC): same data and epoch, same bytes.
 * Returns HY_OK, or HY_EIO with err set (and no file left at path). */
int summary_write(const hy_dataset *ds, const hy_profile *profile, long long epoch,
                  const char *path, hy_diags *warnings, hy_err *err);

#endif
