#include "publish/plain.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "util/buf.h"

/* The number a circled or parenthesised digit stands for, or 0. */
static int enclosed_number(utf8proc_int32_t cp)
{
    if (cp >= 0x2460 && cp <= 0x2473) return cp - 0x2460 + 1;   /* ①..⑳ */
    if (cp >= 0x2474 && cp <= 0x2487) return cp - 0x2474 + 1;   /* ⑴..⒇ */
    if (cp >= 0x2488 && cp <= 0x249B) return cp - 0x2488 + 1;   /* ⒈..⒛ */
    if (cp >= 0x24F5 && cp <= 0x24FE) return cp - 0x24F5 + 1;   /* ⓵..⓾ */
    if (cp >= 0x2776 && cp <= 0x277F) return cp - 0x2776 + 1;   /* ❶..❿ */
    if (cp >= 0x2780 && cp <= 0x2789) return cp - 0x2780 + 1;   /* ➀..➉ */
    if (cp >= 0x278A && cp <= 0x2793) return cp - 0x278A + 1;   /* ➊..➓ */
    if (cp >= 0x3251 && cp <= 0x325F) return cp - 0x3251 + 21;  /* ㉑..㉟ */
    if (cp >= 0x32B1 && cp <= 0x32BF) return cp - 0x32B1 + 36;  /* ㊱..㊿ */
    return 0;
}

/* A 機種依存文字 (outside JIS X 0208, or a full-width letter or digit the rules
 * want in ASCII) that NFKC turns into plain characters: Roman numerals, ㈱,
 * ㍻, ㎡, №, ℡, full-width A-Z and 0-9, half-width kana. Full-width brackets
 * and spaces are ordinary Japanese text and stay. */
static int compat(utf8proc_int32_t cp)
{
    return (cp >= 0x2150 && cp <= 0x218F) || (cp >= 0x2460 && cp <= 0x24FF) ||
           (cp >= 0x2776 && cp <= 0x2793) || (cp >= 0x3200 && cp <= 0x33FF) ||
           cp == 0x2116 || cp == 0x2121 || (cp >= 0xFF10 && cp <= 0xFF19) ||
           (cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A) ||
           (cp >= 0xFF61 && cp <= 0xFF9F);
}

/* Appends a run of compat characters in NFKC (ｶﾞ composes to ガ). */
static int flush(hy_buf *b, hy_buf *run)
{
    if (!run->len)
        return 0;
    utf8proc_uint8_t *nfkc = utf8proc_NFKC((const utf8proc_uint8_t *)buf_str(run));
    int bad = buf_puts(b, nfkc ? (const char *)nfkc : buf_str(run)) != 0;
    free(nfkc);
    buf_reset(run);
    return bad;
}

char *plain_text(const char *s)
{
    if (!s)
        s = "";
    hy_buf b = HY_BUF_INIT, run = HY_BUF_INIT;
    int bad = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(s);
    while (left > 0 && !bad) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n <= 0) {                  /* not UTF-8: kept byte for byte */
            bad = flush(&b, &run) || buf_append(&b, p, 1) != 0;
            p++, left--;
            continue;
        }
        int num = enclosed_number(cp);
        if (num)
            bad = flush(&b, &run) || buf_printf(&b, "(%d)", num) != 0;
        else if (compat(cp))
            bad = buf_append(&run, p, (size_t)n) != 0;
        else if (cp == '\r')          /* CR LF and a lone CR: LF */
            bad = flush(&b, &run) || ((left > 1 && p[1] == '\n') ? 0 : buf_putc(&b, '\n') != 0);
        else
            bad = flush(&b, &run) || buf_append(&b, p, (size_t)n) != 0;
        p += n;
        left -= n;
    }
    bad = bad || flush(&b, &run);
    char *out = bad ? NULL : buf_detach(&b);
    buf_free(&b);
    buf_free(&run);
    return out;
}
