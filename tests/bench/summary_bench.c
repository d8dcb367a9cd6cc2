/* summary_bench - time and memory of writing the summary workbook alone.
 *   usage: hyoka_summary_bench INPUT_DIR OUT.xlsx [PROFILE]
 * Loads the data set (not timed), then writes the workbook and prints the
 * seconds it took and how much the peak resident size grew while writing, so
 * the workbook's own cost is separated from the data set's. */
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>

#include "cli/pipeline.h"
#include "xlsx/summary.h"

static long peak_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: hyoka_summary_bench INPUT_DIR OUT.xlsx [PROFILE]\n");
        return 2;
    }
    hy_run_opts o = {.input = argv[1], .templates_dir = HYOKA_TEMPLATES_DIR,
                     .profile_id = argc > 3 ? argv[3] : NULL, .epoch = 1719792000};
    hy_run *run = NULL;
    hy_err err;
    if (pipeline_load(&o, &run, &err) != HY_OK || run->diags->errors) {
        fprintf(stderr, "load failed: %s (%zu errors)\n", err.msg, run ? run->diags->errors : 0);
        pipeline_free(run);
        return 1;
    }
    long before = peak_kb();
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    hy_summary_opts so = {.epoch = 1719792000, .fiscal_year = 2024};
    int rc = summary_write(run->dataset, run->profile, &so, argv[2], run->diags, &err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("%zu projects: workbook written in %.3f s; peak RSS %ld KB before, %ld KB after "
           "(+%ld KB while writing)\n", run->dataset->nprojects, s, before, peak_kb(),
           peak_kb() - before);
    pipeline_free(run);
    if (rc != HY_OK)
        fprintf(stderr, "%s\n", err.msg);
    return rc;
}
