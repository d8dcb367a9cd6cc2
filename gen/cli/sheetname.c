#include "cli/sheetname.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/utf8.h"

/* Names Windows reserves for devices, with or without an extension. */
static const char *const RESERVED[] = {
    "CON", "PRN", "AUX", "NUL",
    "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
    "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
};

static int sheetname_ascii_ok(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_';
}

void sheetname_base(const char *code, hy_sheetname_style style, char *out, size_t size)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *s = (const unsigned char *)code;
    size_t n = 0, len = strlen(code);
    size_t room = size - 5;   /* for a reserved name's _ and the terminator */
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = s[i] < 0x80 ? 1 : utf8_decode(code + i, len - i, &cp);
        if (sheetname_ascii_ok(s[i])) {
            if (n + 1 > room)
                break;
            out[n++] = (char)s[i];
        } else if (k > 1 && style == SHEETNAME_UTF8 && cp >= 0xA0 && cp != 0xFEFF
                   && !(cp >= 0x2000 && cp <= 0x206F)) {
            /* kept as written; not general punctuation (spaces of every width,
             * zero-width and bidi controls) nor the invisible U+FEFF */
            if (n + k > room)
                break;
            memcpy(out + n, code + i, k);
            n += k;
        } else if (style == SHEETNAME_ASCII && k != 1) {
            k = k ? k : 1;
            if (n + 3 * k > room)
                break;
            for (size_t b = 0; b < k; b++) {
                out[n++] = '%';
                out[n++] = hex[s[i + b] >> 4];
                out[n++] = hex[s[i + b] & 15];
            }
        } else {
            k = k ? k : 1;
            if (n + 1 > room)
                break;
            out[n++] = '_';
        }
        i += k;
    }
    if (n == 0)
        out[n++] = '_';
    out[n] = '\0';
    for (size_t r = 0; r < sizeof RESERVED / sizeof *RESERVED; r++)
        if (strcasecmp(out, RESERVED[r]) == 0) {
            out[n++] = '_';
            out[n] = '\0';
            break;
        }
}

/* ---- unique names: a hash table of the case-folded names given out ---- */

typedef struct sheetname_slot {
    char *folded;         /* NULL: empty */
    unsigned next;        /* for a base name: the ~N to try next */
} sheetname_slot;

typedef struct sheetname_set {
    sheetname_slot *slots;
    size_t mask;
} sheetname_set;

static uint64_t sheetname_hash(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* The slot of folded: the one holding it, or the empty one it would go in. */
static sheetname_slot *sheetname_find(sheetname_set *set, const char *folded)
{
    size_t i = (size_t)sheetname_hash(folded) & set->mask;
    while (set->slots[i].folded && strcmp(set->slots[i].folded, folded) != 0)
        i = (i + 1) & set->mask;
    return &set->slots[i];
}

/* name with ASCII letters in lower case, malloc'ed. */
static char *sheetname_fold(const char *name)
{
    char *f = strdup(name);
    for (char *p = f; p && *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return f;
}

/* Claims name if free; returns its slot, NULL when taken, and sets *nomem. */
static sheetname_slot *sheetname_claim(sheetname_set *set, const char *name, int *nomem)
{
    char *f = sheetname_fold(name);
    if (!f) {
        *nomem = 1;
        return NULL;
    }
    sheetname_slot *slot = sheetname_find(set, f);
    if (slot->folded) {
        free(f);
        return NULL;
    }
    slot->folded = f;
    slot->next = 2;
    return slot;
}

/* The unique file name for one base. Returns it malloc'ed, or NULL. */
static char *sheetname_unique(sheetname_set *set, const char *base)
{
    char name[300];
    int nomem = 0;
    snprintf(name, sizeof name, "%s.pdf", base);
    if (sheetname_claim(set, name, &nomem))
        return strdup(name);
    if (nomem)
        return NULL;
    /* taken: go on from the suffix this base reached last time, so that n
     * equal codes cost n tries in all, not n squared */
    char *f = sheetname_fold(name);
    if (!f)
        return NULL;
    sheetname_slot *first = sheetname_find(set, f);
    free(f);
    for (unsigned k = first->next;; k++) {
        snprintf(name, sizeof name, "%s~%u.pdf", base, k);
        if (sheetname_claim(set, name, &nomem)) {
            first->next = k + 1;   /* slots never move: first is still valid */
            return strdup(name);
        }
        if (nomem)
            return NULL;
    }
}

void sheetname_free(char **names, size_t n)
{
    if (!names)
        return;
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

char **sheetname_assign(const char *const *codes, size_t n, hy_sheetname_style style)
{
    size_t cap = 16;
    while (cap < 2 * n + 2)
        cap *= 2;
    sheetname_set set = {calloc(cap, sizeof *set.slots), cap - 1};
    char **names = calloc(n ? n : 1, sizeof *names);
    int ok = set.slots && names;
    for (size_t i = 0; ok && i < n; i++) {
        if (!codes[i])
            continue;
        char base[200];   /* with ~N.pdf well within a file name's 255 bytes */
        sheetname_base(codes[i], style, base, sizeof base);
        ok = (names[i] = sheetname_unique(&set, base)) != NULL;
    }
    for (size_t i = 0; set.slots && i < cap; i++)
        free(set.slots[i].folded);
    free(set.slots);
    if (!ok) {
        sheetname_free(names, n);
        return NULL;
    }
    return names;
}
