/*
 * outdir.h - publishing into an output folder safely. A build locks OUT, writes
 * everything into a staging folder beside it and, only when all of it is
 * complete, swaps the staging folder in (one rename), so that a failed or
 * killed run leaves the previous publication whole and a second run at the
 * same time stops at once instead of mixing its files in.
 *
 * Beside OUT (in the folder that holds it) live, for OUT named `out`:
 *   .out.hyoka-lock         the lock (flock), held for the whole run
 *   .out.hyoka-new.PID      a build in progress (it holds a .hyoka-staging mark)
 *   .out.hyoka-old.PID      the previous publication, just swapped out
 * What a killed run leaves of these is cleaned by the next one: an unfinished
 * build is removed, and from a swapped-out publication whatever the new one
 * does not replace (files hyoka does not own, outputs not built) is moved back.
 * Nothing here follows a symbolic link: a link is removed or moved as a link.
 */
#ifndef HY_OUTDIR_H
#define HY_OUTDIR_H

#include <stddef.h>

#include "util/err.h"

typedef struct hy_outdir {
    char *out;          /* OUT as given, without trailing slashes */
    char *parent;       /* the folder holding OUT */
    char *name;         /* OUT's last part */
    char *staging;      /* the staging folder, once outdir_stage made it */
    int lock_fd;        /* -1 when not locked */
    int quiet;          /* say nothing about what was cleaned or removed */
} hy_outdir;

/* Locks OUT for this run (creating the folder holding it if missing). When
 * another run holds the lock it fails at once with HY_EIO and a message naming
 * OUT and that run's process. Then cleans what killed runs left (see above).
 * On failure *o is freed and unlocked. */
int outdir_open(hy_outdir *o, const char *out, int quiet, hy_err *err);

/* Creates a fresh, empty staging folder (o->staging) to build into. */
int outdir_stage(hy_outdir *o, hy_err *err);

/* Swaps the complete staging folder in as OUT. Of the previous publication,
 * the entries named in owned (the outputs this run built, NULL-ended) are
 * replaced, or removed when this run did not write them; every other entry
 * is carried over. */
int outdir_commit(hy_outdir *o, const char *const *owned, hy_err *err);

/* Removes the staging folder (after a failure); OUT is left as it was. */
void outdir_abort(hy_outdir *o);

/* Unlocks and frees; the structure may be reused with outdir_open. */
void outdir_close(hy_outdir *o);

/* Removes path and, for a folder, everything in it, never following a
 * symbolic link (a link is removed, not what it points to). Returns 0 or -1. */
int outdir_remove_tree(const char *path);

#endif
