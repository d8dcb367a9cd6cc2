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

/* ---- unique names: a hash table of the names given out ---- */

/* One slot: which name holds it, compared without regard to ASCII case.
 * 12 bytes a slot and no string of its own: the names are the arena's, so
 * 100,000 of them leave nothing on the heap behind them. */
typedef struct sheetname_slot {
    uint32_t who;         /* 1 + the index of the name in names; 0: empty */
    uint32_t hash;        /* of the case-folded name, to skip most compares */
    uint32_t next;        /* for a base name: the ~N to try next */
} sheetname_slot;

typedef struct sheetname_set {
    sheetname_slot *slots;
    size_t mask;
    const char **names;   /* the names given out so far, by code */
    hy_arena *arena;      /* where they are kept */
} sheetname_set;

static unsigned char sheetname_lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* FNV-1a of the name with ASCII letters in lower case. */
static uint32_t sheetname_hash(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ sheetname_lower((unsigned char)*s)) * 1099511628211u;
    return (uint32_t)(h ^ (h >> 32));
}

/* Are a and b the same name but for ASCII case? (Not strcasecmp: the locale
 * must not fold other bytes.) */
static int sheetname_same(const char *a, const char *b)
{
    for (; *a && sheetname_lower((unsigned char)*a) == sheetname_lower((unsigned char)*b); a++, b++)
        ;
    return *a == *b;
}

/* The slot of name: the one holding it, or the empty one it would go in. */
static sheetname_slot *sheetname_find(const sheetname_set *set, const char *name, uint32_t hash)
{
    size_t i = hash & set->mask;
    while (set->slots[i].who &&
           (set->slots[i].hash != hash || !sheetname_same(set->names[set->slots[i].who - 1], name)))
        i = (i + 1) & set->mask;
    return &set->slots[i];
}

/* Gives name to code i if it is free: copies it into the arena. Returns 1
 * when given, 0 when taken, -1 when out of memory. */
static int sheetname_claim(sheetname_set *set, size_t i, const char *name)
{
    uint32_t hash = sheetname_hash(name);
    sheetname_slot *slot = sheetname_find(set, name, hash);
    if (slot->who)
        return 0;
    if (!(set->names[i] = arena_strdup(set->arena, name)))
        return -1;
    *slot = (sheetname_slot){(uint32_t)i + 1, hash, 2};
    return 1;
}

/* Gives code i the unique file name of its base. Returns 0, or -1 when out
 * of memory. */
static int sheetname_unique(sheetname_set *set, size_t i, const char *base)
{
    char name[300];
    snprintf(name, sizeof name, "%s.pdf", base);
    int got = sheetname_claim(set, i, name);
    if (got)
        return got > 0 ? 0 : -1;
    /* taken: go on from the suffix this base reached last time, so that n
     * equal codes cost n tries in all, not n squared */
    sheetname_slot *first = sheetname_find(set, name, sheetname_hash(name));
    for (uint32_t k = first->next;; k++) {
        snprintf(name, sizeof name, "%s~%u.pdf", base, k);
        if ((got = sheetname_claim(set, i, name)) != 0) {
            first->next = k + 1;   /* slots never move: first is still valid */
            return got > 0 ? 0 : -1;
        }
    }
}

const char **sheetname_assign(const char *const *codes, size_t n, hy_sheetname_style style,
                              hy_arena *arena)
{
    if (n >= UINT32_MAX)
        return NULL;
    size_t cap = 16;
    while (cap < 2 * n + 2)
        cap *= 2;
    sheetname_set set = {calloc(cap, sizeof *set.slots), cap - 1,
                         arena_calloc(arena, (n ? n : 1) * sizeof *set.names), arena};
    int ok = set.slots && set.names;
    for (size_t i = 0; ok && i < n; i++) {
        if (!codes[i])
            continue;
        char base[200];   /* with ~N.pdf well within a file name's 255 bytes */
        sheetname_base(codes[i], style, base, sizeof base);
        ok = sheetname_unique(&set, i, base) == 0;
    }
    free(set.slots);
    return ok ? set.names : NULL;
}
