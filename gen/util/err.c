#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>

int err_set(hy_err *err, int status, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->status = status;
    }
    return status;
}

void err_clear(hy_err *err)
{
    if (err) {
        err->status = HY_OK;
        err->msg[0] = '\0';
    }
}
