#include "normalize/discover.h"

#include <stdlib.h>
#include <string.h>

#include "normalize/choice.h"
#include "normalize/value.h"
#include "util/buf.h"
#include "util/vec.h"

/* A categorical column (no numbers, no marks) is taken as a judgement item
 * only when its values are few, short and repeated: otherwise it is text. */
enum { MAX_OPTIONS = 64, CATEGORY_MAX_DISTINCT = 10, CATEGORY_MAX_BYTES = 60 };

/* ---- one cell -------------------------------------------------------------- */

static int is_digit_at(const unsigned char *s, int *d)
{
    if (s[0] >= '0' && s[0] <= '9') {
        *d = s[0] - '0';
        return 1;
    }
    if (s[0] == 0xEF && s[1] == 0xBC && s[2] >= 0x90 && s[2] <= 0x99) {   /* ０-９ */
        *d = s[2] - 0x90;
        return 3;
    }
    return 0;
}

/* Skips the separators between a number and its text. */
static const char *skip_separators(const char *s)
{
    static const char *const SEP[] = {" ", "\t", "　", ".", "．", ":", "：", "、", ")", "）",
                                      "-", NULL};
    for (int again = 1; again;) {
        again = 0;
        for (size_t i = 0; SEP[i]; i++) {
            size_t n = strlen(SEP[i]);
            if (!strncmp(s, SEP[i], n)) {
                s += n;
                again = 1;
            }
        }
    }
    return s;
}

int discover_numbered(const char *text, int *number, const char **rest)
{
    const unsigned char *s = (const unsigned char *)text;
    int n = 0, digits = 0, d, len, paren = 0;
    if (s[0] == 0xE2 && s[1] == 0x91 && s[2] >= 0xA0 && s[2] <= 0xB3) {   /* ①-⑳ */
        n = s[2] - 0xA0 + 1;
        s += 3;
    } else {
        if (*s == '(') {
            paren = 1;
            s++;
        } else if (!strncmp((const char *)s, "（", 3)) {
            paren = 1;
            s += 3;
        }
        while (digits < 3 && (len = is_digit_at(s, &d)) > 0) {
            n = n * 10 + d;
            digits++;
            s += len;
        }
        /* a number needs a separator after it: 10人以上 is text, not option 10 */
        const char *after = skip_separators((const char *)s);
        if (!digits || digits > 2 || after == (const char *)s)
            return 0;
        if (paren && s[0] != ')' && strncmp((const char *)s, "）", 3))
            return 0;
    }
    const char *r = skip_separators((const char *)s);
    if (!*r || n < 1)
        return 0;
    *number = n;
    *rest = r;
    return 1;
}

/* ---- one column ------------------------------------------------------------ */

typedef struct seen_option {
    const char *text;        /* in the arena */
    int number;              /* its number, or 0 */
} seen_option;

typedef struct column_scan {
    seen_option opts[MAX_OPTIONS];
    size_t nopts;
    size_t values;           /* cells with a value */
    int numbered, listed, plain, multiple, broken;
} column_scan;

/* Adds an option seen in a cell (once); marks the scan broken when the same
 * number is given two texts or there are too many options. */
static int add_option(column_scan *cs, hy_arena *a, const char *text, size_t len, int number)
{
    while (len && (text[len - 1] == ' ' || text[len - 1] == '\n'))
        len--;
    if (len >= 3 && !strncmp(text + len - 3, "　", 3))
        len -= 3;
    if (!len)
        return 0;
    for (size_t i = 0; i < cs->nopts; i++) {
        int same_text = strlen(cs->opts[i].text) == len && !strncmp(cs->opts[i].text, text, len);
        int same_number = number && cs->opts[i].number == number;
        if (number && same_text != same_number)
            cs->broken = 1;   /* one number, two texts (or the reverse): not a set */
        if (same_text)
            return 0;
    }
    if (cs->nopts == MAX_OPTIONS) {
        cs->broken = 1;
        return 0;
    }
    char *t = arena_strndup(a, text, len);
    if (!t)
        return -1;
    cs->opts[cs->nopts++] = (seen_option){t, number};
    return 0;
}

/* Reads a marked list, ■ before each chosen option and □ before the others. */
static int scan_list(column_scan *cs, hy_arena *a, const char *s)
{
    int marked = 0;
    while (*s) {
        const char *mark = strstr(s, "■"), *box = strstr(s, "□");
        const char *at = !mark ? box : !box ? mark : mark < box ? mark : box;
        if (!at)
            break;
        marked += at == mark;
        const char *text = at + 3;
        const char *m2 = strstr(text, "■"), *b2 = strstr(text, "□");
        const char *end = !m2 ? b2 : !b2 ? m2 : m2 < b2 ? m2 : b2;
        size_t len = end ? (size_t)(end - text) : strlen(text);
        while (len && (*text == ' ' || !strncmp(text, "　", 3 <= len ? 3 : len))) {
            size_t k = *text == ' ' ? 1 : 3;
            text += k;
            len -= k;
        }
        if (add_option(cs, a, text, len, 0) != 0)
            return -1;
        s = text + len;
    }
    cs->multiple |= marked > 1;
    return 0;
}

static int scan_cell(column_scan *cs, hy_arena *a, const char *v)
{
    int number;
    const char *rest;
    cs->values++;
    if (strstr(v, "■") && strstr(v, "□")) {
        cs->listed = 1;
        return scan_list(cs, a, v);
    }
    if (discover_numbered(v, &number, &rest)) {
        cs->numbered = 1;
        return add_option(cs, a, rest, strlen(rest), number);
    }
    cs->plain = 1;
    if (strlen(v) > CATEGORY_MAX_BYTES || strchr(v, '\n'))
        cs->broken = 1;
    return add_option(cs, a, v, strlen(v), 0);
}

/* Does the scanned column read as a judgement item? One way of writing it
 * throughout: numbered, or marked lists, or a few short repeated values. */
static int is_choice(const column_scan *cs)
{
    if (cs->broken || cs->nopts < 2 || cs->numbered + cs->listed + cs->plain != 1)
        return 0;
    if (cs->plain)
        return cs->nopts <= CATEGORY_MAX_DISTINCT && cs->values >= 2 * cs->nopts;
    return 1;
}

static int by_number(const void *x, const void *y)
{
    const seen_option *a = x, *b = y;
    return (a->number > b->number) - (a->number < b->number);
}

/* ---- the data set ---------------------------------------------------------- */

static int known_key(const hy_columns *cols, const char *key)
{
    size_t n = columns_keys(cols, HY_TABLE_PROJECTS, NULL, 0);
    const char **keys = malloc((n ? n : 1) * sizeof *keys);
    int known = 0;
    if (keys) {
        columns_keys(cols, HY_TABLE_PROJECTS, keys, n);
        for (size_t i = 0; i < n && !known; i++)
            known = !strcmp(keys[i], key);
        free(keys);
    }
    return known;
}

/* Every key of the projects' fields, once, in the order they first appear. */
static const char **field_keys(const hy_dataset *ds, size_t *n)
{
    const char **keys = NULL;
    size_t cap = 0;
    *n = 0;
    for (size_t p = 0; p < ds->nprojects; p = dataset_next(ds, p))
        for (size_t f = 0; f < ds->projects[p].nfields; f++) {
            const char *k = ds->projects[p].fields[f].key;
            int have = 0;
            for (size_t i = 0; i < *n && !have; i++)
                have = !strcmp(keys[i], k);
            const char **slot = have ? NULL : vec_push(&keys, n, &cap, sizeof *keys);
            if (!have && !slot) {
                free(keys);
                return NULL;
            }
            if (slot)
                *slot = k;
        }
    return keys ? keys : calloc(1, sizeof *keys);
}

static const char *const REASON_FORMS[] = {"の理由", "（理由）", "(理由)", "理由", NULL};

/* The reason column of an item: ITEMの理由, ITEM（理由）, ITEM(理由), ITEM理由. */
static const char *reason_key(const char **keys, size_t n, const char *item)
{
    size_t il = strlen(item);
    for (size_t i = 0; i < n; i++)
        for (size_t f = 0; REASON_FORMS[f]; f++)
            if (!strncmp(keys[i], item, il) && !strcmp(keys[i] + il, REASON_FORMS[f]))
                return keys[i];
    return NULL;
}

int discover_is_item_column(const char *header, const char *item)
{
    return !strcmp(header, item) || reason_key(&header, 1, item) != NULL;
}

/* Where the column of key stands: its first cell's location (file, sheet, column). */
static const hy_loc *column_loc(const hy_dataset *ds, const char *key)
{
    for (size_t p = 0; p < ds->nprojects; p = dataset_next(ds, p))
        for (size_t f = 0; f < ds->projects[p].nfields; f++)
            if (!strcmp(ds->projects[p].fields[f].key, key))
                return &ds->projects[p].fields[f].loc;
    return NULL;
}

/* Is loc in a sheet that also holds the projects' costs (a wide sheet, one
 * row per project with its year blocks)? */
static int in_wide_sheet(const hy_dataset *ds, const hy_loc *loc)
{
    for (size_t p = 0; p < ds->nprojects; p = dataset_next(ds, p))
        for (size_t c = 0; c < ds->projects[p].ncosts; c++) {
            const hy_loc *l = &ds->projects[p].costs[c].loc;
            if (l->file && loc->file && !strcmp(l->file, loc->file) &&
                !strcmp(l->sheet ? l->sheet : "", loc->sheet ? loc->sheet : ""))
                return 1;
        }
    return 0;
}

/* Wide sheets give an item's reason the long question the form asks as its
 * header (`① 政策体系との整合性`, then `政策体系に結びついているか。…その理由`):
 * there, with no ITEMの理由 column, the column right after the item's is its
 * reason when it is not an item itself. A projects table of its own keeps its
 * columns apart (施策コード after 今後の方向性 is no reason). */
static const char *adjacent_reason(const hy_dataset *ds, const char **keys, size_t n,
                                   const char *item, const hy_found_choice *list, size_t nlist)
{
    const hy_loc *at = column_loc(ds, item);
    if (!at || !in_wide_sheet(ds, at))
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const hy_loc *l = column_loc(ds, keys[i]);
        if (!l || l->col != at->col + 1 || strcmp(l->file ? l->file : "", at->file ? at->file : "") ||
            strcmp(l->sheet ? l->sheet : "", at->sheet ? at->sheet : ""))
            continue;
        for (size_t j = 0; j < nlist; j++)
            if (!strcmp(list[j].item, keys[i]) || (list[j].reason && !strcmp(list[j].reason, keys[i])))
                return NULL;
        return keys[i];
    }
    return NULL;
}

static int scan_column(const hy_dataset *ds, const char *key, hy_arena *a, column_scan *cs)
{
    memset(cs, 0, sizeof *cs);
    for (size_t p = 0; p < ds->nprojects; p = dataset_next(ds, p)) {
        const char *v = project_field(&ds->projects[p], key);
        if (v && *v && !value_is_none(v) && scan_cell(cs, a, v) != 0)
            return -1;
    }
    return 0;
}

int discover_choices(const hy_dataset *ds, const hy_columns *cols, hy_arena *a,
                     hy_found_choice **found, size_t *nfound)
{
    size_t nkeys, cap = 0;
    const char **keys = field_keys(ds, &nkeys);
    *found = NULL;
    *nfound = 0;
    if (!keys)
        return -1;
    column_scan *cs = malloc(sizeof *cs);
    int rc = cs ? 0 : -1;
    hy_found_choice *list = NULL;
    size_t n = 0;
    for (size_t k = 0; k < nkeys && rc == 0; k++) {
        if (known_key(cols, keys[k]) || (rc = scan_column(ds, keys[k], a, cs)) != 0 ||
            !is_choice(cs))
            continue;
        if (cs->numbered)
            qsort(cs->opts, cs->nopts, sizeof cs->opts[0], by_number);
        hy_found_choice *fc = vec_push(&list, &n, &cap, sizeof *fc);
        const char **opts = arena_alloc(a, cs->nopts * sizeof *opts);
        if (!fc || !opts) {
            rc = -1;
            break;
        }
        for (size_t i = 0; i < cs->nopts; i++)
            opts[i] = cs->opts[i].text;
        *fc = (hy_found_choice){keys[k], reason_key(keys, nkeys, keys[k]), opts, cs->nopts,
                                cs->multiple, cs->numbered};
    }
    /* a column that is another's reason is never an item itself */
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            if (list[j].reason && !strcmp(list[j].reason, list[i].item))
                list[j].reason = NULL;
    for (size_t i = 0; i < n; i++)
        if (!list[i].reason)
            list[i].reason = adjacent_reason(ds, keys, nkeys, list[i].item, list, n);
    free(cs);
    free(keys);
    if (rc != 0) {
        free(list);
        return -1;
    }
    hy_found_choice *copy = arena_alloc(a, (n ? n : 1) * sizeof *copy);
    if (!copy) {
        free(list);
        return -1;
    }
    if (n)
        memcpy(copy, list, n * sizeof *copy);
    free(list);
    *found = copy;
    *nfound = n;
    return 0;
}

/* ---- applying -------------------------------------------------------------- */

/* Reads one cell of a found item into a judgement; an unreadable cell is an
 * error at its cell. */
static void read_cell(const hy_found_choice *fc, const hy_field *f, hy_choice *ch,
                      hy_diags *diags)
{
    char why[512];
    const char *text = f->value;
    int number;
    const char *rest;
    if (fc->numbered && discover_numbered(text, &number, &rest))
        text = rest;
    hy_value_status st;
    if (fc->multiple) {
        st = choice_parse_multi(text, fc->options, fc->noptions, &ch->chosen_mask, why, sizeof why);
    } else {
        st = choice_parse(text, fc->options, fc->noptions, &ch->chosen, why, sizeof why);
    }
    ch->loc = f->loc;
    if (st == HY_VALUE_BAD)
        diag_error(diags, &f->loc, "%s: %s", fc->item, why);
}

/* Moves one project's cells of the found items to its judgements. */
static int apply_project(hy_dataset *ds, hy_project *p, const hy_found_choice *found,
                         size_t nfound, hy_diags *diags)
{
    hy_choice *ch = arena_calloc(ds->arena, (p->nchoices + nfound) * sizeof *ch);
    hy_field *keep = arena_alloc(ds->arena, (p->nfields ? p->nfields : 1) * sizeof *keep);
    if (!ch || !keep)
        return -1;
    if (p->nchoices)
        memcpy(ch, p->choices, p->nchoices * sizeof *ch);
    size_t nch = p->nchoices, nkeep = 0;
    for (size_t i = 0; i < nfound; i++)
        ch[nch++] = (hy_choice){.item = found[i].item, .chosen = -1, .loc = p->loc};
    for (size_t f = 0; f < p->nfields; f++) {
        const hy_field *fd = &p->fields[f];
        int used = 0;
        for (size_t i = 0; i < nfound && !used; i++) {
            hy_choice *c = &ch[p->nchoices + i];
            if (!strcmp(fd->key, found[i].item)) {
                read_cell(&found[i], fd, c, diags);
                used = 1;
            } else if (found[i].reason && !strcmp(fd->key, found[i].reason)) {
                c->reason = fd->value;
                used = 1;
            }
        }
        if (!used)
            keep[nkeep++] = *fd;
    }
    p->choices = ch;
    p->nchoices = nch;
    p->fields = keep;
    p->nfields = nkeep;
    return 0;
}

int discover_apply(hy_dataset *ds, hy_profile *pf, const hy_found_choice *found, size_t nfound,
                   hy_diags *diags)
{
    for (size_t i = 0; i < nfound; i++) {
        hy_choice_set cs = {.item = found[i].item, .label = found[i].item,
                            .options = found[i].options, .noptions = found[i].noptions,
                            .multiple = found[i].multiple};
        if (profile_add_choice_set(pf, &cs) != 0)
            return -1;
        if (!pf->direction_item && (strstr(cs.item, "方向性") || strstr(cs.item, "方針")))
            pf->direction_item = profile_choice_set(pf, cs.item)->item;
    }
    for (size_t p = 0; nfound && p < ds->nprojects; p = dataset_next(ds, p))
        if (apply_project(ds, &ds->projects[p], found, nfound, diags) != 0)
            return -1;
    return 0;
}
