/*
 * shard.h - `hyoka build --shard K/N` and `hyoka merge`: one publication
 * rendered on N machines.
 *
 * Every shard reads and validates the whole input (so every error, duplicate
 * codes across shards included, stops every shard), renders the sheets of its
 * own projects only, and writes beside them what merge needs: shard.conf (the
 * options of the run, the shard, and the SHA-256 of every input file) and
 * shard-diags.tsv (the warnings each sheet gave, by project). `hyoka merge`
 * reads the input again (checked against those sums), copies the sheets from
 * the parts, takes their warnings in project order, and writes every other
 * output as one `hyoka build` would: the same bytes.
 *
 * A project belongs to shard (FNV-1a 64 of its code's UTF-8 bytes) mod N + 1:
 * it depends on the code alone, not on -j, the locale or the order of input.
 */
#ifndef HY_SHARD_H
#define HY_SHARD_H

#include <stddef.h>
#include <stdint.h>

#include "cli/pipeline.h"
#include "cli/render.h"
#include "model/model.h"
#include "util/diag.h"
#include "util/err.h"

/* The entries of OUT a shard writes beside its sheets, NULL-ended. */
extern const char *const shard_part_entries[];

/* Parses "K/N" (1 <= K <= N <= 100000). Returns 0, or -1 when malformed. */
int shard_parse(const char *spec, unsigned *k, unsigned *n);

/* FNV-1a, 64 bits, over the bytes of s: the documented, stable split. */
uint64_t shard_hash(const char *s);

/* The shard (1..n) a project code belongs to. */
unsigned shard_of(const char *code, unsigned n);

/* Sets to NULL the sheet name of every project outside shard k of n (the
 * names are the data set's), so only this shard's sheets are drawn. */
void shard_keep(const hy_dataset *ds, unsigned k, unsigned n, const char **names);

/* ---- a shard: what its sheets said ------------------------------------------ */

typedef struct hy_shard_log hy_shard_log;

/* An empty log; NULL when out of memory. */
hy_shard_log *shard_log_new(void);

/* Frees the log; NULL is allowed. */
void shard_log_free(hy_shard_log *log);

/* The document (0: the sheet, 1.. the profile's further ones) sheets are
 * rendered for now; the warnings logged next belong to it. */
void shard_log_doc(hy_shard_log *log, size_t doc);

/* A hy_render_each: logs project `project`'s warnings (ctx is the log). */
void shard_log_sheet(void *ctx, size_t project, const hy_diags *diags);

/* Writes dir/shard.conf and dir/shard-diags.tsv for this run and shard. */
int shard_write_part(const hy_shard_log *log, const hy_run *run, const hy_run_opts *opts,
                     const char *dir, hy_err *err);

/* ---- merge ------------------------------------------------------------------ */

typedef struct hy_shard_parts hy_shard_parts;

/* Reads the parts (folders a shard wrote): every one of the same run, each
 * shard 1..N exactly once. HY_EUSAGE naming the part otherwise. */
int shard_parts_read(char *const *dirs, size_t n, hy_shard_parts **parts, hy_err *err);

/* Frees the parts; NULL is allowed. */
void shard_parts_free(hy_shard_parts *parts);

/* Sets the options of the shards' run into opts (the strings stay the
 * parts'), and checks that every input file has the bytes the shards read. */
int shard_parts_apply(const hy_shard_parts *parts, hy_run_opts *opts, hy_err *err);

/* In place of render_all for document `doc`: links (or copies) every sheet of
 * paths (under dir) from the part that rendered it, adds its warnings to
 * diags in project order, then runs the side job as render_all does.
 * *written counts the sheets. */
int shard_import(const hy_shard_parts *parts, const hy_dataset *ds, size_t doc, const char *dir,
                 char *const *paths, hy_render_side side, void *side_ctx, hy_diags *diags,
                 size_t *written, hy_err *err);

#endif
