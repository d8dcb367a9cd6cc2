#include "ingest/xls.h"

#include <errno.h>
#include <freexl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ingest/cellfmt.h"
#include "ingest/sheetbuild.h"

/*
 * FreeXL 1.0.6 reads the whole workbook in freexl_open, and on some damaged
 * files it crashes there (a segmentation fault on a file with a few bytes
 * changed, measured). One such file in a department's folder must not end the
 * run, so FreeXL runs in a child process that sends the cells to the parent
 * through a pipe; the parent builds the book and reports a crash as a problem
 * with that file. The child's memory (and FreeXL's leaks on bad files) go with it.
 *
 * FreeXL also loops on some crafted files: a 1.5 KB workbook whose DIFAT chain
 * points back at itself makes it read and grow its FAT for ever (23 GB until
 * the OOM killer, measured). So the child has limits on address space
 * (max_child_bytes beyond what it already maps: the parent's mappings, and
 * the sanitizers' shadow in a test build, are inherited), on wall-clock time
 * (an alarm: max_child_seconds plus 1 s per MB of file, since FreeXL's honest
 * work grows with the file) and on processor time, and the parent says which
 * one ended it.
 */

/* What the child sends: a header, then len bytes. */
typedef enum xls_msg_kind {
    XLS_MSG_SHEETS = 1,   /* a: how many sheets follow */
    XLS_MSG_SHEET,        /* the next sheet starts; payload: its name */
    XLS_MSG_CELL,         /* type: hy_cell_type, a: row, b: column; payload: text */
    XLS_MSG_ROW,          /* the row ends; a: row, b: broken */
    XLS_MSG_ERROR,        /* a problem at row a, column b of the current sheet; payload */
    XLS_MSG_UNREADABLE,   /* the file cannot be read at all; payload: why */
    XLS_MSG_NOMEM,        /* the child ran out of memory */
    XLS_MSG_DONE,         /* everything was sent */
} xls_msg_kind;

typedef struct xls_msg {
    uint32_t kind, type, a, b, len;
} xls_msg;

/* The child's side: FreeXL's handle and the pipe. */
typedef struct xls_child {
    const void *handle;
    const hy_ingest_limits *limits;
    FILE *out;
} xls_child;

static void xls_send(xls_child *c, xls_msg_kind kind, uint32_t type, uint32_t a, uint32_t b,
                     const char *text, size_t len)
{
    xls_msg m = {(uint32_t)kind, type, a, b, (uint32_t)len};
    fwrite(&m, sizeof m, 1, c->out);
    if (len)
        fwrite(text, 1, len, c->out);
}

static void xls_send_error(xls_child *c, xls_msg_kind kind, uint32_t row, uint32_t col,
                           const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void xls_send_error(xls_child *c, xls_msg_kind kind, uint32_t row, uint32_t col,
                           const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    xls_send(c, kind, 0, row, col, msg, strlen(msg));
}

/* FreeXL's error codes in words, for the codes a damaged or unusual file gives. */
static const char *xls_strerror(int code)
{
    switch (code) {
    case FREEXL_INSUFFICIENT_MEMORY: return "out of memory";
    case FREEXL_INVALID_CFBF_HEADER:
    case FREEXL_CFBF_INVALID_SIGNATURE:
    case FREEXL_CFBF_INVALID_SECTOR_SIZE: return "the OLE container header is damaged";
    case FREEXL_CFBF_READ_ERROR:
    case FREEXL_CFBF_SEEK_ERROR: return "the file is cut short or damaged";
    case FREEXL_CFBF_EMPTY_FAT_CHAIN:
    case FREEXL_CFBF_ILLEGAL_FAT_ENTRY:
    case FREEXL_CFBF_ILLEGAL_MINI_FAT_ENTRY:
    case FREEXL_INVALID_MINI_STREAM: return "the OLE container is damaged";
    case FREEXL_BIFF_INVALID_BOF:
    case FREEXL_BIFF_WORKBOOK_NOT_FOUND: return "no Excel workbook stream in the file";
    case FREEXL_BIFF_INVALID_SST:
    case FREEXL_BIFF_ILLEGAL_SST_INDEX: return "the shared string table is damaged";
    case FREEXL_INVALID_CHARACTER: return "text that is not valid in the workbook's code page";
    case FREEXL_UNSUPPORTED_CHARSET: return "the workbook's code page is not supported";
    case FREEXL_CRAFTED_FILE: return "the file is severely damaged (possibly crafted)";
    default: return "FreeXL could not read it";
    }
}

/* Sends one cell as FreeXL gives it; *broken is set when it had a problem. */
static void xls_child_cell(xls_child *c, uint32_t row, uint32_t col, const FreeXL_CellValue *v,
                           int *broken)
{
    char num[CELLFMT_NUMBER_MAX];
    const char *text;
    size_t len;
    switch (v->type) {
    case FREEXL_CELL_INT:
        len = (size_t)snprintf(num, sizeof num, "%d", v->value.int_value);
        xls_send(c, XLS_MSG_CELL, HY_CELL_NUMBER, row, col, num, len);
        break;
    case FREEXL_CELL_DOUBLE:
        len = cellfmt_number(v->value.double_value, num);
        if (len == 0) {
            xls_send_error(c, XLS_MSG_ERROR, row, col, "number cell holds an infinity or NaN");
            *broken = 1;
            break;
        }
        xls_send(c, XLS_MSG_CELL, HY_CELL_NUMBER, row, col, num, len);
        break;
    case FREEXL_CELL_DATE:
    case FREEXL_CELL_DATETIME:
        /* "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS": the date, as from an .xlsx. */
        text = v->value.text_value;
        xls_send(c, XLS_MSG_CELL, HY_CELL_DATE, row, col, text, strnlen(text, 10));
        break;
    case FREEXL_CELL_TIME:
        text = v->value.text_value;
        xls_send(c, XLS_MSG_CELL, HY_CELL_TEXT, row, col, text, strlen(text));
        break;
    case FREEXL_CELL_TEXT:
    case FREEXL_CELL_SST_TEXT:
        text = v->value.text_value;
        len = strlen(text);
        if (len > c->limits->max_cell_bytes) {
            xls_send_error(c, XLS_MSG_ERROR, row, col, "cell is %zu bytes long, more than the "
                           "limit of %zu bytes; it was cut short", len,
                           c->limits->max_cell_bytes);
            *broken = 1;
            len = c->limits->max_cell_bytes;
            while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
                len--;
        }
        xls_send(c, XLS_MSG_CELL, HY_CELL_TEXT, row, col, text, len);
        break;
    default:
        break;
    }
}

/* Sends the selected worksheet. Returns 0, or 1 when a limit says to read no
 * further. */
static int xls_child_sheet(xls_child *c)
{
    unsigned int rows = 0;
    unsigned short cols = 0;
    int rc = freexl_worksheet_dimensions(c->handle, &rows, &cols);
    if (rc != FREEXL_OK) {
        xls_send_error(c, XLS_MSG_ERROR, 0, 0, "the sheet's size cannot be read: %s",
                       xls_strerror(rc));
        return 0;
    }
    const hy_ingest_limits *lim = c->limits;
    for (unsigned int i = 0; i < rows; i++) {
        uint32_t row = i + 1;
        int broken = 0;
        for (unsigned short j = 0; j < cols; j++) {
            uint32_t col = (uint32_t)j + 1;
            FreeXL_CellValue v;
            rc = freexl_get_cell_value(c->handle, i, j, &v);
            if (rc != FREEXL_OK) {
                xls_send_error(c, XLS_MSG_ERROR, row, col, "the cell cannot be read: %s",
                               xls_strerror(rc));
                broken = 1;
                continue;
            }
            if (v.type == FREEXL_CELL_NULL)
                continue;
            if (row > lim->max_rows) {
                xls_send_error(c, XLS_MSG_ERROR, row, 0, "more than %zu rows; the rest of the "
                               "file was not read", lim->max_rows);
                return 1;
            }
            if (col > lim->max_cols) {
                xls_send_error(c, XLS_MSG_ERROR, row, col, "more than %zu columns; the rest of "
                               "the file was not read", lim->max_cols);
                xls_send(c, XLS_MSG_ROW, 0, row, 1, NULL, 0);
                return 1;
            }
            xls_child_cell(c, row, col, &v, &broken);
        }
        xls_send(c, XLS_MSG_ROW, 0, row, (uint32_t)broken, NULL, 0);
    }
    return 0;
}

static void xls_child_book(xls_child *c, const char *path)
{
    int rc = freexl_open(path, &c->handle);
    if (rc != FREEXL_OK) {
        if (rc == FREEXL_INSUFFICIENT_MEMORY)
            xls_send(c, XLS_MSG_NOMEM, 0, 0, 0, NULL, 0);
        else
            xls_send_error(c, XLS_MSG_UNREADABLE, 0, 0, "not a readable .xls workbook: %s",
                           xls_strerror(rc));
        return;
    }
    unsigned int info = 0;
    if (freexl_get_info(c->handle, FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK
        && info == FREEXL_BIFF_OBFUSCATED) {
        xls_send_error(c, XLS_MSG_UNREADABLE, 0, 0, "the workbook is password-protected; save "
                       "a copy without the password");
        return;
    }
    unsigned int count = 0;
    rc = freexl_get_info(c->handle, FREEXL_BIFF_SHEET_COUNT, &count);
    if (rc != FREEXL_OK || count == 0 || count > USHRT_MAX) {
        xls_send_error(c, XLS_MSG_UNREADABLE, 0, 0, "not a readable .xls workbook: it has no "
                       "worksheets");
        return;
    }
    xls_send(c, XLS_MSG_SHEETS, 0, count, 0, NULL, 0);
    for (unsigned int i = 0; i < count; i++) {
        const char *name = NULL;
        if (freexl_get_worksheet_name(c->handle, (unsigned short)i, &name) != FREEXL_OK || !name)
            name = "";
        xls_send(c, XLS_MSG_SHEET, 0, 0, 0, name, strlen(name));
        rc = freexl_select_active_worksheet(c->handle, (unsigned short)i);
        if (rc != FREEXL_OK)
            xls_send_error(c, XLS_MSG_ERROR, 0, 0, "the sheet cannot be read: %s",
                           xls_strerror(rc));
        else if (xls_child_sheet(c) != 0)
            break;
    }
}

/* Bytes of address space this process maps now (0 when unknown). */
static size_t xls_mapped_bytes(void)
{
    unsigned long pages = 0;
    FILE *fp = fopen("/proc/self/statm", "r");
    if (fp) {
        if (fscanf(fp, "%lu", &pages) != 1)
            pages = 0;
        fclose(fp);
    }
    long psz = sysconf(_SC_PAGESIZE);
    return (size_t)pages * (size_t)(psz > 0 ? psz : 4096);
}

/* The child's limits: no core file; address space, processor and wall-clock
 * time as described at the top. SIGALRM is reset to its default, which ends
 * the process, whatever handler the parent had installed. */
static void xls_child_limits(const hy_ingest_limits *limits, unsigned seconds)
{
    struct rlimit core = {0, 0}, cpu = {seconds + 1, seconds + 1};
    setrlimit(RLIMIT_CORE, &core);
    setrlimit(RLIMIT_CPU, &cpu);
    if (limits->max_child_bytes) {
        rlim_t as = (rlim_t)xls_mapped_bytes() + (rlim_t)limits->max_child_bytes;
        struct rlimit mem = {as, as};
        setrlimit(RLIMIT_AS, &mem);
    }
    signal(SIGALRM, SIG_DFL);
    alarm(seconds);
}

/* The child: reads the workbook, sends it down fd, and exits without returning
 * (and without running the parent's exit handlers or flushing its buffers). */
static void xls_child_main(const char *path, const hy_ingest_limits *limits, unsigned seconds,
                           int fd)
{
    xls_child_limits(limits, seconds);
    xls_child c = {NULL, limits, fdopen(fd, "wb")};
    if (!c.out)
        _exit(2);
    setvbuf(c.out, NULL, _IOFBF, 1 << 16);
    xls_child_book(&c, path);
    xls_send(&c, XLS_MSG_DONE, 0, 0, 0, NULL, 0);
    _exit(fflush(c.out) == 0 ? 0 : 2);
}

/* ---- the parent ---- */

typedef struct xls_parent {
    const char *path;
    const hy_ingest_limits *limits;
    hy_book *book;
    hy_diags *diags;
    FILE *in;
    char *payload;            /* the current message's bytes, NUL-terminated */
    size_t payload_cap;
    uint32_t nsheets_expected;
    hy_sheet *sheet;          /* being filled */
    const char *sheet_name;   /* its name, in the diagnostics' arena */
    hy_sheetbuild sb;
} xls_parent;

static void xls_error(xls_parent *p, uint32_t row, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void xls_error(xls_parent *p, uint32_t row, uint32_t col, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    hy_loc loc = {p->path, p->sheet_name, row, col};
    diag_error(p->diags, &loc, "%s", msg);
}

/* Reads the next message. Returns 0, or -1 at the end of the stream or on a
 * message no child of ours would send. */
static int xls_receive(xls_parent *p, xls_msg *m)
{
    if (fread(m, sizeof *m, 1, p->in) != 1)
        return -1;
    size_t max = p->limits->max_cell_bytes > 4096 ? p->limits->max_cell_bytes : 4096;
    if (m->len > max)
        return -1;
    if (m->len + 1 > p->payload_cap) {
        char *b = realloc(p->payload, m->len + 1);
        if (!b)
            return -1;
        p->payload = b;
        p->payload_cap = m->len + 1;
    }
    if (m->len && fread(p->payload, 1, m->len, p->in) != m->len)
        return -1;
    p->payload[m->len] = '\0';
    return 0;
}

/* Moves the sheet being filled into the book. Returns 0, or -1 when out of memory. */
static int xls_finish_sheet(xls_parent *p)
{
    if (!p->sheet)
        return 0;
    int rc = sheetbuild_finish(&p->sb, p->sheet);
    sheetbuild_free(&p->sb);
    p->sheet = NULL;
    return rc;
}

typedef enum xls_outcome {
    XLS_DONE, XLS_UNREADABLE, XLS_NOMEM, XLS_CHILD_NOMEM, XLS_BROKEN,
} xls_outcome;

/* Builds the book from the child's messages. */
static xls_outcome xls_collect(xls_parent *p)
{
    hy_book *book = p->book;
    xls_msg m;
    while (xls_receive(p, &m) == 0) {
        switch (m.kind) {
        case XLS_MSG_SHEETS:
            if (book->sheets || m.a == 0 || m.a > USHRT_MAX)
                return XLS_BROKEN;
            book->sheets = arena_calloc(book->arena, m.a * sizeof *book->sheets);
            if (!book->sheets)
                return XLS_NOMEM;
            p->nsheets_expected = m.a;
            break;
        case XLS_MSG_SHEET:
            if (book->nsheets >= p->nsheets_expected)
                return XLS_BROKEN;
            if (xls_finish_sheet(p) != 0)
                return XLS_NOMEM;
            p->sheet = &book->sheets[book->nsheets++];
            p->sheet->file = book->file;
            p->sheet->name = arena_strdup(book->arena, p->payload);
            p->sheet_name = arena_strdup(p->diags->arena, p->payload);
            if (!p->sheet->name || !p->sheet_name)
                return XLS_NOMEM;
            sheetbuild_init(&p->sb, book->arena);
            break;
        case XLS_MSG_CELL:
            if (!p->sheet || m.b == 0 || m.b > p->limits->max_cols || m.type > HY_CELL_ERROR)
                return XLS_BROKEN;
            if (sheetbuild_cell(&p->sb, m.b, (hy_cell_type)m.type, p->payload, m.len) != 0)
                return XLS_NOMEM;
            break;
        case XLS_MSG_ROW:
            if (!p->sheet)
                return XLS_BROKEN;
            if (sheetbuild_end_row(&p->sb, m.a, (int)m.b) != 0)
                return XLS_NOMEM;
            break;
        case XLS_MSG_ERROR:
            xls_error(p, m.a, m.b, "%s", p->payload);
            break;
        case XLS_MSG_UNREADABLE:
            p->sheet_name = NULL;
            xls_error(p, 0, 0, "%s", p->payload);
            return XLS_UNREADABLE;
        case XLS_MSG_NOMEM:
            return XLS_CHILD_NOMEM;   /* FreeXL reached the child's memory limit */
        case XLS_MSG_DONE:
            return xls_finish_sheet(p) == 0 ? XLS_DONE : XLS_NOMEM;
        default:
            return XLS_BROKEN;
        }
    }
    return XLS_BROKEN;
}

/* Says in one line why the child ended without sending the whole workbook. */
static void xls_report_stop(xls_parent *p, xls_outcome outcome, int status, unsigned seconds)
{
    int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    if (outcome == XLS_CHILD_NOMEM)
        xls_error(p, 0, 0, "not a readable .xls workbook: reading it took more than the "
                  "reader's memory limit of %zu MB; the file is damaged or was crafted",
                  p->limits->max_child_bytes >> 20);
    else if (sig == SIGALRM)
        xls_error(p, 0, 0, "not a readable .xls workbook: reading it took longer than the "
                  "reader's time limit of %u s; the file is damaged or was crafted", seconds);
    else if (sig == SIGXCPU || sig == SIGKILL)
        xls_error(p, 0, 0, "not a readable .xls workbook: reading it took more than the "
                  "reader's limit of %u s of processor time; the file is damaged or was "
                  "crafted", seconds + 1);
    else
        xls_error(p, 0, 0, "not a readable .xls workbook: the reader stopped abnormally on "
                  "it (%s %d); the file is damaged or was crafted",
                  sig ? "signal" : "exit status", sig ? sig : WEXITSTATUS(status));
}

/* Why a file with an .xls name is no BIFF workbook, judged by its first bytes;
 * NULL when it starts like one. */
static const char *xls_not_biff(const char *path)
{
    unsigned char sig[8] = {0};
    FILE *fp = fopen(path, "rb");
    size_t n = fp ? fread(sig, 1, sizeof sig, fp) : 0;
    if (fp)
        fclose(fp);
    if (n == 8 && memcmp(sig, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        return NULL;
    if (n == 0)
        return "the file is empty";
    if (n >= 4 && memcmp(sig, "PK\x03\x04", 4) == 0)
        return "it is an .xlsx workbook (a zip file) with an .xls name; rename it to .xlsx";
    if (n >= 1 && sig[0] == '<')
        return "it is an HTML or XML file with an .xls name; open it in Excel and save it "
               "as .xlsx";
    return "it does not start with the signature of an Excel 97-2003 file";
}

int xls_read_file(const char *path, const hy_ingest_opts *opts, hy_book *book,
                  hy_diags *diags, hy_err *err)
{
    xls_parent p = {.path = path, .limits = &opts->limits, .book = book, .diags = diags};
    struct stat st;
    if (stat(path, &st) != 0)
        return err_set(err, HY_EIO, "%s: cannot open: %s", path, strerror(errno));
    /* FreeXL reads the whole workbook into memory at once: check its size first. */
    if ((uintmax_t)st.st_size > opts->limits.max_file_bytes) {
        xls_error(&p, 0, 0, "the file is %jd bytes, more than the limit of %zu bytes; it was "
                  "not read", (intmax_t)st.st_size, opts->limits.max_file_bytes);
        return HY_EDATA;
    }
    const char *why = xls_not_biff(path);
    if (why) {
        xls_error(&p, 0, 0, "not an .xls workbook: %s", why);
        return HY_EDATA;
    }

    int fds[2];
    if (pipe(fds) != 0)
        return err_set(err, HY_EIO, "%s: cannot start the .xls reader: %s", path,
                       strerror(errno));
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(fds[0]);
        close(fds[1]);
        return err_set(err, HY_EIO, "%s: cannot start the .xls reader: %s", path, strerror(e));
    }
    unsigned seconds = opts->limits.max_child_seconds + (unsigned)(st.st_size >> 20);
    if (pid == 0) {
        close(fds[0]);
        xls_child_main(path, &opts->limits, seconds, fds[1]);
    }
    close(fds[1]);
    p.in = fdopen(fds[0], "rb");
    xls_outcome outcome = p.in ? xls_collect(&p) : XLS_NOMEM;
    if (p.in)
        fclose(p.in);   /* a child still writing gets SIGPIPE and ends */
    else
        close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    sheetbuild_free(&p.sb);
    free(p.payload);
    p.sheet_name = NULL;

    switch (outcome) {
    case XLS_DONE:
        return HY_OK;
    case XLS_UNREADABLE:
        return HY_EDATA;
    case XLS_NOMEM:
        return err_set(err, HY_EIO, "%s: out of memory reading the workbook", path);
    default:
        xls_report_stop(&p, outcome, status, seconds);
        return HY_EDATA;
    }
}
