/*
 * err.h - a failure as a value: a status (which is also the process exit code
 * hyoka uses for it) and a message saying what failed, on what.
 *
 * Data problems in a city's spreadsheets are not errors of this kind: they are
 * collected as diagnostics (diag.h), all of them, and the run goes on. hy_err is
 * for what stops a stage: a file that cannot be read, a broken template, memory.
 */
#ifndef HY_ERR_H
#define HY_ERR_H

/* Exit statuses of the hyoka command; a stage returns one of these. */
enum hy_status {
    HY_OK = 0,
    HY_EDATA = 1,   /* the input data has errors (listed as diagnostics) */
    HY_EUSAGE = 2,  /* bad command line, profile or template */
    HY_EIO = 3,     /* a file could not be read or written; out of memory */
};

typedef struct hy_err {
    int status;       /* enum hy_status; HY_OK when nothing went wrong */
    char msg[1024];   /* what went wrong, starting with the file it concerns */
} hy_err;

/* Records a failure in err (which may be NULL) and returns status, so that a
 * caller can write `return err_set(err, HY_EIO, "%s: %s", path, strerror(errno));`. */
int err_set(hy_err *err, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Clears err to HY_OK with an empty message. */
void err_clear(hy_err *err);

#endif
