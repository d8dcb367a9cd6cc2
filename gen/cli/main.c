/*
 * main.c - the hyoka command: options in, stages called, exit status out.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cli/init.h"
#include "cli/outputs.h"
#include "cli/pipeline.h"
#include "cli/shard.h"
#include "compute/rollup.h"
#include "normalize/export.h"
#include "util/datadir.h"
#include "util/fsutil.h"
#include "util/i18n.h"
#include "template/template.h"   /* template_find, for --template NAME */

/* --help, one entry per paragraph or option, so that a new option needs only its own
 * translation; printed in order (the entry with %s names the templates folder). */
static const char *const USAGE[] = {
    N_("usage: hyoka build INPUT -o OUT [options]\n"
       "       hyoka check INPUT [options]\n"
       "       hyoka normalize INPUT -o DIR [options]\n"
       "       hyoka merge PART... -o OUT\n"
       "       hyoka init INPUT -o DIR [options]\n"
       "       hyoka --help | --version\n"),
    N_("\n"
       "Reads a city's evaluation data (a folder of .csv, .xlsx and .xls files, or one\n"
       "file), checks it, computes the derived figures and writes the evaluation sheets.\n"),
    N_("\n"
       "commands:\n"),
    N_("  build INPUT -o OUT    read, validate, compute and render: OUT/sheets/<code>.pdf\n"
       "                        (one sheet per project), OUT/kpi-report.pdf (when the data\n"
       "                        has strategy KPIs), OUT/book.pdf (the annual report of\n"
       "                        them all), OUT/summary.xlsx, OUT/validation.csv\n"),
    N_("  check INPUT           read, validate and compute; print every problem found\n"),
    N_("  merge PART... -o OUT  combine the parts `build --shard` wrote into OUT, the same\n"
       "                        bytes as one `build` (reads INPUT again, as the parts name it)\n"),
    N_("  normalize INPUT -o DIR\n"
       "                        read and validate; write what was understood as UTF-8 CSV:\n"
       "                        DIR/projects.csv, costs.csv, indicators.csv, choices.csv,\n"
       "                        validation.csv\n"),
    N_("  init INPUT -o DIR     draft a city profile from INPUT's own files into DIR:\n"
       "                        profile.conf, columns.conf, sheet.tpl (the standard form);\n"
       "                        an existing file is never overwritten\n"),
    N_("\n"
       "options:\n"),
    N_("  -o, --output DIR      output folder (build, normalize)\n"),
    N_("  -p, --profile NAME    city profile, a folder under the templates folder\n"
       "                        (default: `profile = NAME` in INPUT/hyoka.conf)\n"),
    N_("  -t, --template NAME   sheet template to use instead of the profile's: a path, or\n"
       "                        a name (templates/NAME/sheet.tpl, or NAME[.tpl] in the\n"
       "                        profile's folder)\n"),
    N_("      --templates DIR   folder of profiles and templates (default: $HYOKA_HOME/templates,\n"
       "                        else %s)\n"),
    N_("      --encoding ENC    encoding of CSV input: utf-8 or cp932 (default: detected per file)\n"),
    N_("      --outputs LIST    build only these outputs, comma-separated: sheets,\n"
       "                        kpi-report, book, workbook, public, validation (default:\n"
       "                        every one the data supports)\n"),
    N_("      --previous PREV   last year's data (its published open data, `normalize` tables\n"
       "                        or input folder), compared with this year on the sheets\n"
       "                        and in the workbook\n"),
    N_("      --only CODE[,CODE...]\n"
       "                        build: render just these projects' sheets, nothing else\n"),
    N_("      --shard K/N       build: render the sheets of shard K of N only (projects split\n"
       "                        by a hash of their code) and what `hyoka merge` needs\n"),
    N_("  -j, --jobs N          render sheets on N threads (default: one more than the\n"
       "                        processors; the output is the same whatever N is)\n"),
    N_("  -q, --quiet           print problems only (and no progress line)\n"),
    N_("  -k, --keep-going      build: render every project without errors even when others\n"
       "                        have some, list those left out, and exit 1\n"),
    N_("      --lang LANG       language of the messages: ja or en (default: the locale's,\n"
       "                        LANG=ja_JP.UTF-8 gives Japanese)\n"),
    N_("  -h, --help            show this help\n"),
    N_("  -V, --version         show the version\n"),
    N_("\n"
       "Problems are printed as file[sheet]!C12: severity: message (the cell as Excel names it).\n"
       "exit status: 0 done; 1 the data has errors (nothing rendered; with -k, the projects\n"
       "without errors are); 2 bad usage, profile or template; 3 a file could not be read or\n"
       "written.\n"
       "environment: SOURCE_DATE_EPOCH sets the creation date written into the outputs\n"
       "(default: 1 April of the evaluation fiscal year, so that the same input gives the\n"
       "same bytes).\n"),
};

static void print_usage(const char *templates_dir)
{
    for (size_t i = 0; i < sizeof USAGE / sizeof USAGE[0]; i++)
        printf(_(USAGE[i]), templates_dir);   /* only one entry has a %s */
}

/* fmt is translated by the caller (so that xgettext sees every message). */
static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "hyoka: ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    fputs(_("Try 'hyoka --help'.\n"), stderr);
    return HY_EUSAGE;
}

/* The value of --lang, looked for before any other option is parsed so that
 * even a message about the options is in the language asked for. */
static const char *lang_option(int argc, char **argv)
{
    const char *lang = NULL;
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (!strcmp(argv[i], "--lang") && i + 1 < argc)
            lang = argv[++i];
        else if (!strncmp(argv[i], "--lang=", 7))
            lang = argv[i] + 7;
    }
    return lang;
}

/* The message catalog: beside the program when installed, else the build tree's. */
static char *find_localedir(void)
{
    static const char *const fallbacks[] = {HYOKA_BUILD_LOCALEDIR, HYOKA_INSTALL_LOCALEDIR, NULL};
    return datadir_find(HYOKA_BIN_TO_DATA "/locale", "ja/LC_MESSAGES/" HY_TEXTDOMAIN ".mo",
                        fallbacks);
}

/* The templates folder when neither --templates nor HYOKA_HOME names one: the
 * installed share/hyoka/templates beside the program, else the source tree's
 * (a program run from its build folder), else the install prefix compiled in. */
static char *find_templates(void)
{
    static const char *const fallbacks[] = {HYOKA_TEMPLATES_DIR, HYOKA_INSTALL_TEMPLATES_DIR,
                                            NULL};
    char *dir = datadir_find(HYOKA_BIN_TO_DATA "/hyoka/templates", "columns.conf", fallbacks);
    return dir ? dir : strdup(HYOKA_INSTALL_TEMPLATES_DIR);
}

/* SOURCE_DATE_EPOCH (reproducible-builds.org): a decimal count of seconds. */
static int source_date_epoch(long long *epoch)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    *epoch = -1;
    if (!s || !*s)
        return 0;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (*end || errno || v < 0 || v > 253402300799LL)
        return -1;
    *epoch = v;
    return 0;
}

/* 1 April of a fiscal year, 00:00 JST, as seconds since 1970. */
static long long fiscal_year_start(int fiscal_year)
{
    int y = fiscal_year - 1970;
    long long days = 365LL * y + (y + 1) / 4;   /* leap days 1972..; valid 1970-2099 */
    static const int before_april = 31 + 28 + 31;
    int leap = fiscal_year % 4 == 0;
    days += before_april + leap;
    return days * 86400 - 9 * 3600;
}

/* "3 warnings" in the language of the messages, for the end-of-run lines. */
static const char *warnings_text(char *buf, size_t size, size_t warnings)
{
    snprintf(buf, size, P_("%zu warning", "%zu warnings", warnings), warnings);
    return buf;
}

/* `hyoka merge PART...`: the options of the shards' run, from their parts,
 * with the input checked against what they read. SOURCE_DATE_EPOCH, when
 * set, must be the shards' own. */
static int merge_setup(hy_run_opts *opts, char *const *dirs, size_t n, hy_shard_parts **parts)
{
    hy_err err;
    err_clear(&err);
    long long epoch = opts->epoch;
    int rc = shard_parts_read(dirs, n, parts, &err);
    if (rc == HY_OK)
        rc = shard_parts_apply(*parts, opts, &err);
    if (rc == HY_OK && epoch >= 0 && epoch != opts->epoch)
        rc = err_set(&err, HY_EUSAGE, _("merge: SOURCE_DATE_EPOCH is %lld, the shards had %lld"),
                     epoch, opts->epoch);
    if (rc != HY_OK)
        fprintf(stderr, "hyoka: %s\n", err.msg);
    opts->merge = *parts;
    return rc;
}

static int hyoka_main(int argc, char **argv, const char *default_templates,
                      const char *localedir)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"profile", required_argument, NULL, 'p'},
        {"template", required_argument, NULL, 't'},
        {"templates", required_argument, NULL, 'T'},
        {"encoding", required_argument, NULL, 'E'},
        {"previous", required_argument, NULL, 'P'},
        {"jobs", required_argument, NULL, 'j'},
        {"outputs", required_argument, NULL, 'O'},
        {"only", required_argument, NULL, 'Y'},
        {"shard", required_argument, NULL, 'S'},
        {"quiet", no_argument, NULL, 'q'},
        {"keep-going", no_argument, NULL, 'k'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {"lang", required_argument, NULL, 'L'},
        {NULL, 0, NULL, 0},
    };
    hy_run_opts opts = {0};
    char *home_templates = NULL, *template_path = NULL;
    char nwarn[64];
    int opt;
    while ((opt = getopt_long(argc, argv, "o:p:t:j:qkhV", longopts, NULL)) != -1) {
        switch (opt) {
        case 'o': opts.out_dir = optarg; break;
        case 'p': opts.profile_id = optarg; break;
        case 't': opts.template_path = optarg; break;
        case 'P': opts.previous = optarg; break;
        case 'T': opts.templates_dir = optarg; break;
        case 'E':
            if (strcasecmp(optarg, "utf-8") && strcasecmp(optarg, "utf8") &&
                strcasecmp(optarg, "cp932") && strcasecmp(optarg, "sjis") &&
                strcasecmp(optarg, "shift_jis") && strcasecmp(optarg, "windows-31j"))
                return usage_error(_("--encoding %s: expected utf-8 or cp932"), optarg);
            opts.encoding = optarg;
            break;
        case 'j': {
            char *end;
            errno = 0;
            long n = strtol(optarg, &end, 10);
            if (end == optarg || *end || errno || n < 1 || n > 1024)
                return usage_error(_("--jobs %s: expected a number of threads from 1 to 1024"),
                                   optarg);
            opts.jobs = (unsigned)n;
            break;
        }
        case 'O': {
            int sel[16];
            hy_err e;
            err_set(&e, HY_EUSAGE, _("--outputs: too many outputs"));
            if (outputs_count() > sizeof sel / sizeof sel[0] ||
                outputs_parse(optarg, sel, outputs_count(), &e) != HY_OK)
                return usage_error("%s", e.msg);
            opts.outputs = optarg;
            break;
        }
        case 'Y':
            if (!*optarg || optarg[0] == ',' || strstr(optarg, ",,") ||
                optarg[strlen(optarg) - 1] == ',')
                return usage_error(_("--only %s: expected project codes separated by commas"),
                                   optarg);
            opts.only = optarg;
            break;
        case 'S':
            if (shard_parse(optarg, &opts.shard_k, &opts.shard_n) != 0)
                return usage_error(_("--shard %s: expected K/N, shard K of N (1 <= K <= N)"),
                                   optarg);
            break;
        case 'q': opts.quiet = 1; break;
        case 'k': opts.keep_going = 1; break;
        case 'L': break;   /* read by lang_option */
        case 'h': print_usage(default_templates ? default_templates : "?"); return HY_OK;
        case 'V':
            printf("hyoka %s\n", HYOKA_VERSION);
            printf(_("templates: %s\nmessages: %s\n"), default_templates ? default_templates : "",
                   localedir ? localedir : "");
            return HY_OK;
        default: fputs(_("Try 'hyoka --help'.\n"), stderr); return HY_EUSAGE;
        }
    }
    if (optind >= argc)
        return usage_error("%s", _("no command given (build, check, normalize or init)"));
    const char *command = argv[optind++];
    int merge = !strcmp(command, "merge");
    int build = merge || !strcmp(command, "build");
    int normalize = !strcmp(command, "normalize");
    int init = !strcmp(command, "init");
    if (!build && !normalize && !init && strcmp(command, "check") != 0)
        return usage_error(_("unknown command \"%s\" (expected build, check, normalize or init)"),
                           command);
    if (optind >= argc)
        return usage_error(merge ? _("%s: give the parts the shards wrote")
                                 : _("%s: give the input folder"), command);
    char *const *part_dirs = argv + optind;
    size_t nparts = merge ? (size_t)(argc - optind) : 0;
    opts.input = merge ? NULL : argv[optind++];
    if (merge && (opts.profile_id || opts.template_path || opts.encoding || opts.previous ||
                  opts.outputs || opts.only || opts.shard_n || opts.keep_going))
        return usage_error("%s", _("merge: the run's options come from the parts; give only "
                                   "the parts, -o OUT and -j, -q, --templates, --lang"));
    if (optind < argc && !merge)
        return usage_error(_("unexpected argument \"%s\""), argv[optind]);
    if (opts.only && !build)
        return usage_error(_("%s: --only is an option of build"), command);
    if (opts.shard_n && (!build || opts.only))
        return usage_error(_("%s: --shard is an option of build, without --only"), command);
    if (opts.only && opts.outputs)
        return usage_error("%s", _("--only renders sheets alone; it does not go with --outputs"));
    if (init && (opts.profile_id || opts.template_path))
        return usage_error("%s", _("init: drafts a profile from the data; --profile and "
                                   "--template do not apply"));
    if ((build || normalize || init) && !opts.out_dir)
        return usage_error(_("%s: give the output folder with -o OUT"), command);
    /* normalize writes CSV files: inside INPUT they would be read back as
     * input by the next run, a second copy of every project */
    if (normalize && fs_is_dir(opts.input) && fs_is_within(opts.out_dir, opts.input)) {
        fprintf(stderr, _("hyoka: normalize: the output folder %s is inside the input folder %s; "
                          "its tables would be read as input next time: write them elsewhere\n"),
                opts.out_dir, opts.input);
        return HY_EUSAGE;
    }
    if (!opts.templates_dir) {
        const char *home = getenv("HYOKA_HOME");
        if (home && *home) {
            home_templates = fs_join(home, "templates");
            opts.templates_dir = home_templates;
        } else {
            opts.templates_dir = default_templates;
        }
    }
    if (source_date_epoch(&opts.epoch) != 0)
        return usage_error(_("SOURCE_DATE_EPOCH=%s: expected seconds since 1970"),
                           getenv("SOURCE_DATE_EPOCH"));
    hy_shard_parts *parts = NULL;
    if (merge) {
        int mrc = merge_setup(&opts, part_dirs, nparts, &parts);
        if (mrc != HY_OK) {
            shard_parts_free(parts);
            free(home_templates);
            return mrc;
        }
    }

    /* A progress line only where someone watches it: on a terminal, not in
     * a log file or a CI job's output. */
    if (!opts.quiet && isatty(STDERR_FILENO))
        opts.progress = stderr;

    hy_err err;
    err_clear(&err);
    if (init) {
        int rc = init_profile(&opts, opts.out_dir, stderr, &err);
        if (rc != HY_OK)
            fprintf(stderr, "hyoka: %s\n", err.msg);
        free(home_templates);
        return rc;
    }
    hy_run *run = NULL;
    hy_outdir outdir = {.lock_fd = -1};
    int rc = HY_OK;
    /* a build holds OUT from the start: a second run stops before reading */
    if (build && (rc = outdir_open(&outdir, opts.out_dir, opts.quiet, &err)) != HY_OK) {
        fprintf(stderr, "hyoka: %s\n", err.msg);
        shard_parts_free(parts);
        return rc;
    }
    opts.outdir = &outdir;
    rc = pipeline_load(&opts, &run, &err);
    if (run && run->standard_form && !opts.quiet)
        fprintf(stderr, _("hyoka: %s names no city profile: using the standard form "
                          "(`hyoka init %s -o DIR` drafts one)\n"), opts.input, opts.input);
    if (run && run->diags)
        diags_print(run->diags, stderr);
    if (rc == HY_OK && opts.template_path) {
        rc = template_find(opts.templates_dir, run->profile->dir, opts.template_path,
                           &template_path, &err);
        opts.template_path = template_path;
    }
    if (rc == HY_OK && !opts.quiet)
        pipeline_print_tables(run, stderr);
    if (rc == HY_OK && build) {
        int year = rollup_eval_year(run->dataset, run->profile);
        if (opts.epoch < 0 && year)
            opts.epoch = fiscal_year_start(year);
        size_t shown = run->diags->count;
        /* a project the form cannot hold is an error of its data, found
         * before anything is rendered, so -k leaves it out like any other */
        rc = pipeline_check_forms(run, &opts, &err);
        size_t errors_before = run->diags->errors;
        size_t left_out = 0;
        if (rc == HY_OK && errors_before && opts.keep_going) {
            left_out = pipeline_leave_out(run);
            if (left_out == (size_t)-1)
                rc = err_set(&err, HY_EIO, _("out of memory"));
        }
        if (rc == HY_OK && (errors_before == 0 || opts.keep_going))
            rc = pipeline_render(run, &opts, &err);
        /* warnings found while rendering (text continued, a missing glyph) */
        diags_print_from(run->diags, shown, stderr);
        /* a rendered run writes validation.csv as one of its outputs */
        if (rc == HY_OK && errors_before && opts.keep_going) {
            pipeline_print_left_out(run, stderr);
            fprintf(stderr, P_("hyoka: %zu error in the data; projects left out: %zu, sheets "
                               "written: %zu to %s; every problem is in %s/validation.csv\n",
                               "hyoka: %zu errors in the data; projects left out: %zu, sheets "
                               "written: %zu to %s; every problem is in %s/validation.csv\n",
                               errors_before),
                    errors_before, left_out, run->sheets_written, opts.out_dir, opts.out_dir);
            rc = HY_EDATA;
        } else if ((rc == HY_OK && errors_before) || rc == HY_EDATA) {
            int v = pipeline_write_validation(run, opts.out_dir, &err);
            if (rc == HY_OK)
                rc = v;
        }
        if (rc == HY_OK && errors_before) {
            fprintf(stderr, P_("hyoka: %zu error in the data: nothing was rendered; every "
                               "problem is listed above and in %s/validation.csv\n",
                               "hyoka: %zu errors in the data: nothing was rendered; every "
                               "problem is listed above and in %s/validation.csv\n",
                               errors_before), errors_before, opts.out_dir);
            rc = HY_EDATA;
        } else if (rc == HY_OK && !opts.quiet && (opts.only || opts.shard_n)) {
            size_t n = run->sheets_written;
            fprintf(stderr, P_("hyoka: %zu sheet written to %s/sheets (%s)\n",
                               "hyoka: %zu sheets written to %s/sheets (%s)\n", n), n,
                    opts.out_dir, warnings_text(nwarn, sizeof nwarn, run->diags->warnings));
        } else if (rc == HY_OK && !opts.quiet) {
            size_t n = run->sheets_written;
            const char *fmt = run->kpi_report_written
                ? P_("hyoka: %zu sheet, kpi-report.pdf and summary.xlsx written to %s (%s)\n",
                     "hyoka: %zu sheets, kpi-report.pdf and summary.xlsx written to %s (%s)\n", n)
                : P_("hyoka: %zu sheet, summary.xlsx written to %s (%s)\n",
                     "hyoka: %zu sheets, summary.xlsx written to %s (%s)\n", n);
            fprintf(stderr, fmt, n, opts.out_dir,
                    warnings_text(nwarn, sizeof nwarn, run->diags->warnings));
            if (run->book_pages)
                fprintf(stderr, _("hyoka: %s/%s: the annual book, %zu pages\n"), opts.out_dir,
                        run->profile->book_file, run->book_pages);
        }
    } else if (rc == HY_OK && normalize) {
        /* what was understood is written even when some rows were not: the
         * tables hold the accepted rows, validation.csv says what became of the rest */
        rc = export_tables(run->dataset, run->profile, run->columns, opts.out_dir, &err);
        if (rc == HY_OK)
            rc = pipeline_write_validation(run, opts.out_dir, &err);
        if (rc == HY_OK && run->diags->errors) {
            fprintf(stderr, P_("hyoka: %zu error in the data: the tables in %s hold the rows "
                               "that were accepted; every problem is listed above and in "
                               "%s/validation.csv\n",
                               "hyoka: %zu errors in the data: the tables in %s hold the rows "
                               "that were accepted; every problem is listed above and in "
                               "%s/validation.csv\n", run->diags->errors),
                    run->diags->errors, opts.out_dir, opts.out_dir);
            rc = HY_EDATA;
        } else if (rc == HY_OK && !opts.quiet) {
            fprintf(stderr, P_("hyoka: %zu project written to %s/projects.csv, costs.csv, "
                               "indicators.csv, choices.csv (%s)\n",
                               "hyoka: %zu projects written to %s/projects.csv, costs.csv, "
                               "indicators.csv, choices.csv (%s)\n", run->dataset->nprojects),
                    run->dataset->nprojects, opts.out_dir,
                    warnings_text(nwarn, sizeof nwarn, run->diags->warnings));
        }
    } else if (rc == HY_OK) {
        /* check proves build: the templates are loaded and laid out too */
        size_t shown = run->diags->count;
        rc = pipeline_check_templates(run, &opts, &err);
        diags_print_from(run->diags, shown, stderr);
        if (rc != HY_OK) {
            /* the template's own error, printed below */
        } else if (run->diags->errors) {
            rc = HY_EDATA;
            fprintf(stderr, P_("hyoka: %zu error, %s\n", "hyoka: %zu errors, %s\n",
                               run->diags->errors), run->diags->errors,
                    warnings_text(nwarn, sizeof nwarn, run->diags->warnings));
        } else if (!opts.quiet) {
            fprintf(stderr, P_("hyoka: %zu project, no errors, %s\n",
                               "hyoka: %zu projects, no errors, %s\n", run->dataset->nprojects),
                    run->dataset->nprojects,
                    warnings_text(nwarn, sizeof nwarn, run->diags->warnings));
        }
    }
    if (rc != HY_OK && rc != HY_EDATA)
        fprintf(stderr, "hyoka: %s\n", err.msg);
    pipeline_free(run);
    shard_parts_free(parts);
    outdir_close(&outdir);
    free(home_templates);
    free(template_path);
    return rc;
}

int main(int argc, char **argv)
{
    char *localedir = find_localedir();
    const char *lang = lang_option(argc, argv);
    int lang_ok = i18n_init(lang, localedir ? localedir : HYOKA_INSTALL_LOCALEDIR) == 0;
    char *templates = find_templates();
    int rc = lang_ok ? hyoka_main(argc, argv, templates, localedir)
                     : usage_error(_("--lang %s: expected ja or en"), lang);
    free(templates);
    free(localedir);
    return rc;
}
