#include "cli/shard.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "publish/sums.h"
#include "util/arena.h"
#include "util/fsutil.h"
#include "util/i18n.h"
#include "util/vec.h"

#define SHARD_CONF "shard.conf"
#define SHARD_DIAGS "shard-diags.tsv"
#define SHARD_FORMAT "hyoka-shard 1"
#define SHARD_MAX 100000u
/* a part's files are ours, but read with a bound all the same */
#define SHARD_MAX_FILE ((size_t)1 << 30)

const char *const shard_part_entries[] = {SHARD_CONF, SHARD_DIAGS, NULL};

int shard_parse(const char *spec, unsigned *k, unsigned *n)
{
    char *end;
    errno = 0;
    /* digits only: strtoul would take a sign or leading blanks too */
    if (*spec < '0' || *spec > '9')
        return -1;
    unsigned long a = strtoul(spec, &end, 10);
    if (*end != '/' || errno)
        return -1;
    const char *s = end + 1;
    if (*s < '0' || *s > '9')
        return -1;
    unsigned long b = strtoul(s, &end, 10);
    if (*end || errno || a < 1 || b < 1 || a > b || b > SHARD_MAX)
        return -1;
    *k = (unsigned)a;
    *n = (unsigned)b;
    return 0;
}

uint64_t shard_hash(const char *s)
{
    uint64_t h = 14695981039346656037ULL;           /* FNV-1a offset basis */
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        h ^= *p;
        h *= 1099511628211ULL;                       /* FNV prime */
    }
    return h;
}

unsigned shard_of(const char *code, unsigned n)
{
    return (unsigned)(shard_hash(code) % n) + 1;
}

void shard_keep(const hy_dataset *ds, unsigned k, unsigned n, const char **names)
{
    for (size_t i = 0; i < ds->nprojects; i = dataset_next(ds, i))
        if (names[i] && shard_of(ds->projects[i].code, n) != k)
            names[i] = NULL;
}

/* ---- escaped fields ----------------------------------------------------------- */

/* One field of a line: TAB, newline, CR and backslash escaped; NULL as \N. */
static void put_field(FILE *fp, const char *s)
{
    if (!s) {
        fputs("\\N", fp);
        return;
    }
    for (; *s; s++) {
        switch (*s) {
        case '\\': fputs("\\\\", fp); break;
        case '\t': fputs("\\t", fp); break;
        case '\n': fputs("\\n", fp); break;
        case '\r': fputs("\\r", fp); break;
        default: fputc(*s, fp);
        }
    }
}

/* Undoes put_field on s[0..len) into the arena; *bad set when malformed. */
static const char *get_field(hy_arena *a, const char *s, size_t len, int *bad)
{
    if (len == 2 && s[0] == '\\' && s[1] == 'N')
        return NULL;
    char *out = arena_alloc(a, len + 1), *o = out;
    if (!out) {
        *bad = 1;
        return "";
    }
    for (size_t i = 0; i < len; i++) {
        if (s[i] != '\\') {
            *o++ = s[i];
            continue;
        }
        char c = ++i < len ? s[i] : 0;
        *o++ = c == '\\' ? '\\' : c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : 0;
        if (!o[-1])
            *bad = 1;
    }
    *o = 0;
    return out;
}

/* ---- a shard's log ------------------------------------------------------------- */

struct hy_shard_log {
    FILE *fp;                   /* open_memstream on text/len */
    char *text;
    size_t len;
    size_t doc;
};

hy_shard_log *shard_log_new(void)
{
    hy_shard_log *log = calloc(1, sizeof *log);
    if (log && !(log->fp = open_memstream(&log->text, &log->len))) {
        free(log);
        return NULL;
    }
    return log;
}

void shard_log_free(hy_shard_log *log)
{
    if (!log)
        return;
    fclose(log->fp);
    free(log->text);
    free(log);
}

void shard_log_doc(hy_shard_log *log, size_t doc)
{
    log->doc = doc;
}

void shard_log_sheet(void *ctx, size_t project, const hy_diags *diags)
{
    hy_shard_log *log = ctx;
    for (size_t i = 0; i < diags->count; i++) {
        const hy_diag *g = &diags->items[i];
        fprintf(log->fp, "%zu\t%zu\t%c\t", log->doc, project, g->severity == DIAG_ERROR ? 'E' : 'W');
        put_field(log->fp, g->loc.file);
        fputc('\t', log->fp);
        put_field(log->fp, g->loc.sheet);
        fprintf(log->fp, "\t%" PRIu32 "\t%" PRIu32 "\t", g->loc.row, g->loc.col);
        put_field(log->fp, g->message);
        fputc('\n', log->fp);
    }
}

/* ---- the input's sums ------------------------------------------------------------- */

typedef struct input_sum {
    char *name;                 /* relative to the input folder */
    char hex[65];
} input_sum;

static int by_sum_name(const void *a, const void *b)
{
    return strcmp(((const input_sum *)a)->name, ((const input_sum *)b)->name);
}

static void sums_free(input_sum *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(s[i].name);
    free(s);
}

/* The SHA-256 of every regular file of the input folder (hidden ones left
 * out), sorted by name; of the file itself when the input is one. */
static int input_sums(const char *input, input_sum **out, size_t *nout, hy_err *err)
{
    input_sum *s = NULL;
    size_t n = 0, cap = 0;
    int rc = HY_OK;
    if (!fs_is_dir(input)) {
        input_sum *one = vec_push(&s, &n, &cap, sizeof *s);
        if (!one || !(one->name = strdup(fs_basename(input))))
            rc = err_set(err, HY_EIO, _("out of memory"));
        else
            rc = sums_file(input, one->hex, err);
    } else {
        DIR *d = opendir(input);
        struct dirent *e;
        if (!d)
            rc = err_set(err, HY_EIO, _("%s: cannot read the folder: %s"), input, strerror(errno));
        while (d && rc == HY_OK && (e = readdir(d)) != NULL) {
            char *path = e->d_name[0] == '.' ? NULL : fs_join(input, e->d_name);
            struct stat st;
            if (path && lstat(path, &st) == 0 && S_ISREG(st.st_mode)) {
                input_sum *one = vec_push(&s, &n, &cap, sizeof *s);
                if (!one || !(one->name = strdup(e->d_name)))
                    rc = err_set(err, HY_EIO, _("out of memory"));
                else
                    rc = sums_file(path, one->hex, err);
            }
            free(path);
        }
        if (d)
            closedir(d);
    }
    if (rc != HY_OK) {
        sums_free(s, n);
        return rc;
    }
    if (n > 1)
        qsort(s, n, sizeof *s, by_sum_name);
    *out = s;
    *nout = n;
    return HY_OK;
}

/* ---- writing a part ------------------------------------------------------------ */

/* `key = value`, left out for NULL. A value with a line break cannot be one. */
static int put_conf(FILE *fp, const char *key, const char *value, hy_err *err)
{
    if (!value)
        return HY_OK;
    if (strpbrk(value, "\r\n"))
        return err_set(err, HY_EUSAGE, _("--shard: %s cannot hold a line break"), key);
    fprintf(fp, "%s = %s\n", key, value);
    return HY_OK;
}

static int write_conf(const hy_run_opts *opts, const char *path, hy_err *err)
{
    input_sum *sums = NULL;
    size_t nsums = 0;
    hy_output out;
    int rc = input_sums(opts->input, &sums, &nsums, err);
    if (rc != HY_OK || (rc = fs_output_open(&out, path, err)) != HY_OK) {
        sums_free(sums, nsums);
        return rc;
    }
    fprintf(out.fp, "format = %s\nshard = %u/%u\nepoch = %lld\n", SHARD_FORMAT, opts->shard_k,
            opts->shard_n, opts->epoch);
    const char *keys[] = {"input", "profile", "template", "encoding", "previous", "outputs",
                          "keep-going"};
    const char *values[] = {opts->input, opts->profile_id, opts->template_path, opts->encoding,
                            opts->previous, opts->outputs, opts->keep_going ? "1" : NULL};
    for (size_t i = 0; rc == HY_OK && i < sizeof keys / sizeof keys[0]; i++)
        rc = put_conf(out.fp, keys[i], values[i], err);
    for (size_t i = 0; rc == HY_OK && i < nsums; i++) {
        if (strpbrk(sums[i].name, "\r\n"))
            rc = err_set(err, HY_EUSAGE, _("--shard: %s cannot hold a line break"), sums[i].name);
        else
            fprintf(out.fp, "file = %s %s\n", sums[i].hex, sums[i].name);
    }
    sums_free(sums, nsums);
    if (rc != HY_OK) {
        fs_output_abort(&out);
        return rc;
    }
    return fs_output_commit(&out, err);
}

int shard_write_part(const hy_shard_log *log, const hy_run *run, const hy_run_opts *opts,
                     const char *dir, hy_err *err)
{
    (void)run;
    char *conf = fs_join(dir, SHARD_CONF), *diags = fs_join(dir, SHARD_DIAGS);
    hy_output out;
    int rc = conf && diags ? write_conf(opts, conf, err) : err_set(err, HY_EIO, _("out of memory"));
    if (rc == HY_OK && fflush(log->fp) != 0)
        rc = err_set(err, HY_EIO, _("out of memory"));
    if (rc == HY_OK && (rc = fs_output_open(&out, diags, err)) == HY_OK) {
        fwrite(log->text, 1, log->len, out.fp);
        rc = fs_output_commit(&out, err);
    }
    free(conf);
    free(diags);
    return rc;
}

/* ---- reading the parts ------------------------------------------------------------ */

/* One warning a part's sheet gave. */
typedef struct part_diag {
    size_t doc, project, seq;   /* seq: the order read, to keep a sheet's own order */
    hy_severity severity;
    hy_loc loc;
    const char *message;
} part_diag;

/* The options of a run and its input's sums, as one part's shard.conf has them. */
enum { CONF_INPUT, CONF_PROFILE, CONF_TEMPLATE, CONF_ENCODING, CONF_PREVIOUS, CONF_OUTPUTS,
       CONF_KEEP_GOING, CONF_NKEYS };
static const char *const CONF_KEYS[CONF_NKEYS] = {"input", "profile", "template", "encoding",
                                                  "previous", "outputs", "keep-going"};

typedef struct part_conf {
    unsigned k, n;
    long long epoch;
    const char *values[CONF_NKEYS];
    input_sum *sums;            /* names in the arena, not malloc'ed */
    size_t nsums, capsums;
} part_conf;

struct hy_shard_parts {
    hy_arena *arena;
    unsigned n;
    const char **dirs;          /* by shard, 0-based */
    part_conf conf;             /* shard 1's; every other part's is the same */
    part_diag *diags;           /* sorted by document, project, seq */
    size_t ndiags, capdiags;
};

void shard_parts_free(hy_shard_parts *p)
{
    if (!p)
        return;
    free(p->conf.sums);
    free(p->diags);
    free(p->dirs);
    arena_free(p->arena);
    free(p);
}

/* One `key = value` line of shard.conf into c. Returns 0, or -1 when unknown
 * or malformed. */
static int conf_line(hy_arena *a, const char *line, size_t len, part_conf *c, int *format_ok)
{
    const char *eq = NULL;
    for (size_t i = 0; !eq && i + 3 <= len; i++)
        if (!memcmp(line + i, " = ", 3))
            eq = line + i;
    if (!eq)
        return -1;
    size_t klen = (size_t)(eq - line);
    const char *v = eq + 3;
    char *value = arena_strndup(a, v, len - klen - 3);
    if (!value)
        return -1;
    if (klen == 6 && !strncmp(line, "format", 6)) {
        *format_ok = !strcmp(value, SHARD_FORMAT);
    } else if (klen == 5 && !strncmp(line, "shard", 5)) {
        return shard_parse(value, &c->k, &c->n);
    } else if (klen == 5 && !strncmp(line, "epoch", 5)) {
        char *end;
        errno = 0;
        c->epoch = strtoll(value, &end, 10);
        return *end || errno || end == value ? -1 : 0;
    } else if (klen == 4 && !strncmp(line, "file", 4)) {
        input_sum *s = vec_push(&c->sums, &c->nsums, &c->capsums, sizeof *s);
        if (!s || strlen(value) < 66 || value[64] != ' ')
            return -1;
        memcpy(s->hex, value, 64);
        s->hex[64] = 0;
        s->name = value + 65;
    } else {
        size_t i = 0;
        while (i < CONF_NKEYS && (strlen(CONF_KEYS[i]) != klen || strncmp(CONF_KEYS[i], line, klen)))
            i++;
        if (i == CONF_NKEYS)
            return -1;
        c->values[i] = value;
    }
    return 0;
}

static int read_conf(hy_arena *a, const char *dir, part_conf *c, hy_err *err)
{
    char *path = fs_join(dir, SHARD_CONF), *data = NULL;
    size_t len = 0;
    int rc = path ? fs_read_file(path, SHARD_MAX_FILE, &data, &len, err)
                  : err_set(err, HY_EIO, _("out of memory"));
    int format_ok = 0;
    memset(c, 0, sizeof *c);
    for (size_t at = 0, line = 1; rc == HY_OK && at < len; line++) {
        const char *nl = memchr(data + at, '\n', len - at);
        size_t l = nl ? (size_t)(nl - (data + at)) : len - at;
        if (conf_line(a, data + at, l, c, &format_ok) != 0)
            rc = err_set(err, HY_EUSAGE, _("%s:%zu: not a line of a shard's %s"), path, line,
                         SHARD_CONF);
        at += l + 1;
    }
    if (rc == HY_OK && (!format_ok || !c->n || !c->values[CONF_INPUT]))
        rc = err_set(err, HY_EUSAGE, _("%s: not written by this version of `hyoka build --shard`"),
                     path);
    free(data);
    free(path);
    return rc;
}

/* Is b the same run as a (all but the shard)? NULL, or what differs. */
static const char *conf_differs(const part_conf *a, const part_conf *b)
{
    if (a->n != b->n)
        return "shard";
    if (a->epoch != b->epoch)
        return "epoch";
    for (size_t i = 0; i < CONF_NKEYS; i++)
        if ((!a->values[i]) != (!b->values[i]) ||
            (a->values[i] && strcmp(a->values[i], b->values[i])))
            return CONF_KEYS[i];
    if (a->nsums != b->nsums)
        return "file";
    for (size_t i = 0; i < a->nsums; i++)
        if (strcmp(a->sums[i].name, b->sums[i].name) || strcmp(a->sums[i].hex, b->sums[i].hex))
            return "file";
    return NULL;
}

/* One line of shard-diags.tsv into p->diags. Returns 0, or -1 when malformed. */
static int diag_line(hy_shard_parts *p, const char *line, size_t len)
{
    const char *f[8];
    size_t flen[8], nf = 0;
    for (size_t at = 0; nf < 8;) {
        const char *tab = memchr(line + at, '\t', len - at);
        size_t l = tab ? (size_t)(tab - (line + at)) : len - at;
        f[nf] = line + at;
        flen[nf++] = l;
        if (!tab)
            break;
        at += l + 1;
    }
    if (nf != 8 || flen[2] != 1 || (f[2][0] != 'E' && f[2][0] != 'W'))
        return -1;
    part_diag *d = vec_push(&p->diags, &p->ndiags, &p->capdiags, sizeof *d);
    if (!d)
        return -1;
    char *end;
    unsigned long long num[4];
    const size_t at[4] = {0, 1, 5, 6};
    for (size_t i = 0; i < 4; i++) {
        num[i] = strtoull(f[at[i]], &end, 10);
        if (end != f[at[i]] + flen[at[i]] || end == f[at[i]] || (i >= 2 && num[i] > UINT32_MAX))
            return -1;
    }
    int bad = 0;
    *d = (part_diag){
        .doc = (size_t)num[0], .project = (size_t)num[1], .seq = p->ndiags - 1,
        .severity = f[2][0] == 'E' ? DIAG_ERROR : DIAG_WARNING,
        .loc = {get_field(p->arena, f[3], flen[3], &bad), get_field(p->arena, f[4], flen[4], &bad),
                (uint32_t)num[2], (uint32_t)num[3]},
        .message = get_field(p->arena, f[7], flen[7], &bad),
    };
    return bad || !d->message ? -1 : 0;
}

static int read_diags(hy_shard_parts *p, const char *dir, hy_err *err)
{
    char *path = fs_join(dir, SHARD_DIAGS), *data = NULL;
    size_t len = 0;
    int rc = path ? fs_read_file(path, SHARD_MAX_FILE, &data, &len, err)
                  : err_set(err, HY_EIO, _("out of memory"));
    for (size_t at = 0, line = 1; rc == HY_OK && at < len; line++) {
        const char *nl = memchr(data + at, '\n', len - at);
        size_t l = nl ? (size_t)(nl - (data + at)) : len - at;
        if (diag_line(p, data + at, l) != 0)
            rc = err_set(err, HY_EUSAGE, _("%s:%zu: not a line of a shard's %s"), path, line,
                         SHARD_DIAGS);
        at += l + 1;
    }
    free(data);
    free(path);
    return rc;
}

static int by_doc_project(const void *a, const void *b)
{
    const part_diag *x = a, *y = b;
    if (x->doc != y->doc)
        return x->doc < y->doc ? -1 : 1;
    if (x->project != y->project)
        return x->project < y->project ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

int shard_parts_read(char *const *dirs, size_t n, hy_shard_parts **out, hy_err *err)
{
    hy_shard_parts *p = calloc(1, sizeof *p);
    *out = p;
    if (!p || !(p->arena = arena_new()))
        return err_set(err, HY_EIO, _("out of memory"));
    int rc = HY_OK;
    for (size_t i = 0; i < n && rc == HY_OK; i++) {
        part_conf c;
        rc = read_conf(p->arena, dirs[i], &c, err);
        if (rc == HY_OK && !p->dirs) {
            p->n = c.n;
            p->conf = c;
            c.sums = NULL;
            if (!(p->dirs = calloc(c.n, sizeof *p->dirs)))
                rc = err_set(err, HY_EIO, _("out of memory"));
        } else if (rc == HY_OK && conf_differs(&p->conf, &c)) {
            rc = err_set(err, HY_EUSAGE, _("merge: %s is not of the same run as %s (its %s "
                         "differs)"), dirs[i], dirs[0], conf_differs(&p->conf, &c));
        }
        if (rc == HY_OK && p->dirs[c.k - 1])
            rc = err_set(err, HY_EUSAGE, _("merge: %s and %s are both shard %u/%u"),
                         p->dirs[c.k - 1], dirs[i], c.k, c.n);
        if (rc == HY_OK) {
            p->dirs[c.k - 1] = dirs[i];
            rc = read_diags(p, dirs[i], err);
        }
        free(c.sums);
    }
    for (unsigned k = 0; rc == HY_OK && k < p->n; k++)
        if (!p->dirs[k])
            rc = err_set(err, HY_EUSAGE, _("merge: shard %u/%u is missing (give every part "
                         "the shards wrote)"), k + 1, p->n);
    if (rc == HY_OK && p->ndiags > 1)
        qsort(p->diags, p->ndiags, sizeof *p->diags, by_doc_project);
    return rc;
}

int shard_parts_apply(const hy_shard_parts *p, hy_run_opts *opts, hy_err *err)
{
    const part_conf *c = &p->conf;
    opts->input = c->values[CONF_INPUT];
    opts->profile_id = c->values[CONF_PROFILE];
    opts->template_path = c->values[CONF_TEMPLATE];
    opts->encoding = c->values[CONF_ENCODING];
    opts->previous = c->values[CONF_PREVIOUS];
    opts->outputs = c->values[CONF_OUTPUTS];
    opts->keep_going = c->values[CONF_KEEP_GOING] != NULL;
    opts->epoch = c->epoch;
    input_sum *now = NULL;
    size_t nnow = 0;
    int rc = input_sums(opts->input, &now, &nnow, err);
    for (size_t i = 0, j = 0; rc == HY_OK && (i < c->nsums || j < nnow);) {
        int order = i == c->nsums ? 1 : j == nnow ? -1 : strcmp(c->sums[i].name, now[j].name);
        if (order < 0)
            rc = err_set(err, HY_EUSAGE, _("merge: %s/%s is gone since the shards read it"),
                         opts->input, c->sums[i].name);
        else if (order > 0)
            rc = err_set(err, HY_EUSAGE, _("merge: %s/%s is new since the shards read the input"),
                         opts->input, now[j].name);
        else if (strcmp(c->sums[i].hex, now[j].hex))
            rc = err_set(err, HY_EUSAGE, _("merge: %s/%s has changed since the shards read it "
                         "(SHA-256 %s, then %s)"), opts->input, now[j].name, now[j].hex,
                         c->sums[i].hex);
        i += order <= 0;
        j += order >= 0;
    }
    sums_free(now, nnow);
    return rc;
}

/* ---- merge: the sheets and their warnings ----------------------------------------- */

int shard_import(const hy_shard_parts *p, const hy_dataset *ds, size_t doc, const char *dir,
                 char *const *paths, hy_render_side side, void *side_ctx, hy_diags *diags,
                 size_t *written, hy_err *err)
{
    size_t skip = strlen(dir) + 1, at = 0, nwritten = 0;
    while (at < p->ndiags && p->diags[at].doc < doc)
        at++;
    int rc = HY_OK;
    for (size_t i = 0; i < ds->nprojects && rc == HY_OK; i = dataset_next(ds, i)) {
        if (!paths[i])
            continue;
        const char *part = p->dirs[shard_of(ds->projects[i].code, p->n) - 1];
        char *from = fs_join(part, paths[i] + skip);
        struct stat st;
        if (!from)
            rc = err_set(err, HY_EIO, _("out of memory"));
        else if (lstat(from, &st) != 0 || !S_ISREG(st.st_mode))
            rc = err_set(err, HY_EUSAGE, _("merge: %s: the shard did not write this sheet"), from);
        else if ((rc = fs_link_or_copy(from, paths[i], err)) == HY_OK)
            nwritten++;
        free(from);
        while (at < p->ndiags && p->diags[at].doc == doc && p->diags[at].project < i)
            at++;
        for (; at < p->ndiags && p->diags[at].doc == doc && p->diags[at].project == i; at++) {
            const part_diag *g = &p->diags[at];
            diag_add(diags, g->severity, &g->loc, "%s", g->message);
        }
    }
    /* the side job's warnings after the sheets', as render_all orders them */
    if (rc == HY_OK && side) {
        hy_diags *sd = diags_new();
        rc = sd ? side(side_ctx, sd, err) : err_set(err, HY_EIO, _("out of memory"));
        if (sd)
            diags_merge(diags, sd);
        diags_free(sd);
    }
    if (written)
        *written = nwritten;
    return rc;
}
