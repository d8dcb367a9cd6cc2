#include "template/template.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw/drawing.h"
#include "util/buf.h"
#include "util/fsutil.h"
#include "util/i18n.h"

/* Lengths in templates are millimetres, because forms are designed on paper. */
#define MM(v) ((float)(v) * 72.0f / 25.4f)

enum { TPL_MAX_TOKENS = 64, TPL_MAX_NESTING = 8, TPL_MAX_INCLUDES = 4 };

typedef struct token {
    const char *key;    /* for key=value; NULL for a bare word or string */
    const char *value;  /* the word, the string, or the value */
    int quoted;         /* value was a quoted string */
} token;

typedef struct named_style {
    const char *name;
    tpl_style style;
    /* which attributes the named style sets, so merging applies only those */
    uint32_t set;
} named_style;

typedef struct parser {
    hy_template *tpl;
    const char *path;
    int line;
    hy_err *err;
    tpl_expr_check check;
    void *check_ctx;
    named_style *styles;
    size_t nstyles, styles_cap;
    tpl_block *grid;                 /* the grid being read, or NULL */
    size_t blocks_cap, rows_cap, cells_cap, repeats_cap;
    tpl_repeat *repeat;              /* the open repeat, or NULL */
    size_t sections[TPL_MAX_NESTING];/* open sections, as block indices */
    size_t nsections;
    int includes;                    /* how deep in `include` files we are */
} parser;

/* Bits of named_style.set */
enum {
    SET_FONT = 1 << 0, SET_SIZE = 1 << 1, SET_MIN = 1 << 2, SET_LEADING = 1 << 3,
    SET_PAD = 1 << 4, SET_ALIGN = 1 << 5, SET_VALIGN = 1 << 6, SET_COLOR = 1 << 7,
    SET_FILL = 1 << 8, SET_BORDER = 1 << 9, SET_VERTICAL = 1 << 10, SET_OVERFLOW = 1 << 11,
    SET_LINE = 1 << 12, SET_ROLE = 1 << 13,
};

static int fail(parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(parser *p, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return err_set(p->err, HY_EUSAGE, "%s:%d: %s", p->path, p->line, msg);
}

/* Grows an array that lives in the arena (old contents are copied; the arena
 * frees the old copy with everything else). Templates are small, so the waste
 * is a few kilobytes and no array needs its own free. */
static void *grow(hy_arena *a, void *items, size_t count, size_t *cap, size_t size)
{
    if (count < *cap)
        return items;
    size_t ncap = *cap ? *cap * 2 : 8;
    void *p = arena_alloc(a, ncap * size);
    if (!p)
        return NULL;
    if (count)
        memcpy(p, items, count * size);
    *cap = ncap;
    return p;
}

/* ---- tokens ---------------------------------------------------------------- */

/* Reads a quoted string starting at *s (on the opening quote) into out.
 * Escapes: \" \\ \n. Returns 0, or -1 for an unterminated string. */
static int read_quoted(const char **s, hy_buf *out)
{
    const char *c = *s + 1;
    buf_reset(out);
    buf_append(out, "", 0);
    for (; *c && *c != '"'; c++) {
        if (*c == '\\' && c[1]) {
            c++;
            buf_putc(out, *c == 'n' ? '\n' : *c);
        } else {
            buf_putc(out, *c);
        }
    }
    if (*c != '"')
        return -1;
    *s = c + 1;
    return 0;
}

/* Splits a line into tokens; comments start with # outside strings. */
static int tokenize(parser *p, const char *line, token *toks, size_t *ntoks)
{
    hy_buf b = HY_BUF_INIT;
    size_t n = 0;
    const char *s = line;
    int rc = 0;
    for (;;) {
        while (*s == ' ' || *s == '\t' || *s == '\r')
            s++;
        if (!*s || *s == '#')
            break;
        if (n == TPL_MAX_TOKENS) {
            rc = fail(p, _("too many words on one line (at most %d)"), TPL_MAX_TOKENS);
            break;
        }
        token *t = &toks[n];
        memset(t, 0, sizeof *t);
        if (*s == '"') {
            if (read_quoted(&s, &b) != 0) {
                rc = fail(p, _("unterminated string (a \" is missing)"));
                break;
            }
            t->value = arena_strdup(p->tpl->arena, buf_str(&b));
            t->quoted = 1;
        } else {
            const char *start = s;
            while (*s && *s != ' ' && *s != '\t' && *s != '=' && *s != '#' && *s != '\r')
                s++;
            if (*s == '=' && s == start) {
                /* `=x`, or `"a"=x`: a value with no attribute to give it to */
                rc = fail(p, _("\"%.*s\": an attribute needs its name before the =, e.g. w=40"),
                          (int)strcspn(s, " \t\r"), s);
                break;
            }
            if (*s == '=') {
                t->key = arena_strndup(p->tpl->arena, start, (size_t)(s - start));
                s++;
                if (*s == '"') {
                    if (read_quoted(&s, &b) != 0) {
                        rc = fail(p, _("unterminated string (a \" is missing)"));
                        break;
                    }
                    t->value = arena_strdup(p->tpl->arena, buf_str(&b));
                    t->quoted = 1;
                } else {
                    const char *vs = s;
                    while (*s && *s != ' ' && *s != '\t' && *s != '\r')
                        s++;
                    t->value = arena_strndup(p->tpl->arena, vs, (size_t)(s - vs));
                }
            } else {
                t->value = arena_strndup(p->tpl->arena, start, (size_t)(s - start));
            }
        }
        if (!t->value) {
            rc = err_set(p->err, HY_EIO, _("%s: out of memory"), p->path);
            break;
        }
        n++;
    }
    buf_free(&b);
    *ntoks = n;
    return rc;
}

/* ---- values ---------------------------------------------------------------- */

static int parse_float(parser *p, const token *t, float min, float max, float *out)
{
    char *end;
    errno = 0;
    double v = strtod(t->value, &end);
    if (end == t->value || *end || errno || v < min || v > max)
        return fail(p, _("%s=%s: expected a number from %g to %g"), t->key ? t->key : "value",
                    t->value, (double)min, (double)max);
    *out = (float)v;
    return HY_OK;
}

static int parse_uint(parser *p, const token *t, unsigned max, unsigned *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(t->value, &end, 10);
    if (end == t->value || *end || errno || v > max || t->value[0] == '-')
        return fail(p, _("%s=%s: expected a whole number from 0 to %u"), t->key, t->value, max);
    *out = (unsigned)v;
    return HY_OK;
}

static int parse_color(parser *p, const token *t, uint32_t *out)
{
    const char *v = t->value;
    if (v[0] == '#' && strlen(v) == 7) {
        char *end;
        unsigned long c = strtoul(v + 1, &end, 16);
        if (!*end) {
            *out = (uint32_t)c;
            return HY_OK;
        }
    }
    return fail(p, _("%s=%s: expected a colour as #rrggbb"), t->key, v);
}

static int parse_bool(parser *p, const token *t, uint8_t *out)
{
    if (!strcmp(t->value, "yes") || !strcmp(t->value, "true") || !strcmp(t->value, "on")) {
        *out = 1;
        return HY_OK;
    }
    if (!strcmp(t->value, "no") || !strcmp(t->value, "false") || !strcmp(t->value, "off")) {
        *out = 0;
        return HY_OK;
    }
    return fail(p, _("%s=%s: expected yes or no"), t->key, t->value);
}

static int find_font(parser *p, const char *name)
{
    for (size_t i = 0; i < p->tpl->nfonts; i++)
        if (!strcmp(p->tpl->fonts[i].name, name))
            return (int)i;
    return -1;
}

static const named_style *find_style(parser *p, const char *name, size_t len)
{
    for (size_t i = 0; i < p->nstyles; i++)
        if (strlen(p->styles[i].name) == len && !strncmp(p->styles[i].name, name, len))
            return &p->styles[i];
    return NULL;
}

/* Applies the attributes a named style sets onto st. */
static void merge_style(tpl_style *st, const named_style *ns)
{
    const tpl_style *s = &ns->style;
    if (ns->set & SET_FONT) st->font = s->font;
    if (ns->set & SET_SIZE) st->size = s->size;
    if (ns->set & SET_MIN) st->min_size = s->min_size;
    if (ns->set & SET_LEADING) st->leading = s->leading;
    if (ns->set & SET_PAD) st->pad = s->pad;
    if (ns->set & SET_ALIGN) st->align = s->align;
    if (ns->set & SET_VALIGN) st->valign = s->valign;
    if (ns->set & SET_COLOR) st->color = s->color;
    if (ns->set & SET_FILL) { st->fill = s->fill; st->has_fill = s->has_fill; }
    if (ns->set & SET_BORDER) st->border = s->border;
    if (ns->set & SET_VERTICAL) st->vertical = s->vertical;
    if (ns->set & SET_OVERFLOW) st->overflow = s->overflow;
    if (ns->set & SET_LINE) st->line_width = s->line_width;
    if (ns->set & SET_ROLE) st->role = s->role;
}

/* Applies one style attribute; returns 1 when t was a style attribute (rc says
 * whether it was valid), 0 when t is something else. */
static int style_attr(parser *p, const token *t, tpl_style *st, uint32_t *set, int *rc)
{
    const char *k = t->key;
    *rc = HY_OK;
    if (!k) {
        if (!t->quoted && !strcmp(t->value, "vertical")) {
            st->vertical = 1;
            *set |= SET_VERTICAL;
            return 1;
        }
        return 0;
    }
    if (!strcmp(k, "font")) {
        int f = find_font(p, t->value);
        if (f < 0)
            *rc = fail(p, _("font=%s: no such font (declare it first with `font %s FILE`)"),
                       t->value, t->value);
        st->font = f < 0 ? 0 : f;
        *set |= SET_FONT;
    } else if (!strcmp(k, "size")) {
        *rc = parse_float(p, t, 2, 72, &st->size);
        *set |= SET_SIZE;
    } else if (!strcmp(k, "min")) {
        *rc = parse_float(p, t, 2, 72, &st->min_size);
        *set |= SET_MIN;
    } else if (!strcmp(k, "leading")) {
        *rc = parse_float(p, t, 0.8f, 3, &st->leading);
        *set |= SET_LEADING;
    } else if (!strcmp(k, "pad")) {
        float mm;
        *rc = parse_float(p, t, 0, 20, &mm);
        st->pad = MM(mm);
        *set |= SET_PAD;
    } else if (!strcmp(k, "align")) {
        if (!strcmp(t->value, "left")) st->align = TPL_ALIGN_LEFT;
        else if (!strcmp(t->value, "center")) st->align = TPL_ALIGN_CENTER;
        else if (!strcmp(t->value, "right")) st->align = TPL_ALIGN_RIGHT;
        else *rc = fail(p, _("align=%s: expected left, center or right"), t->value);
        *set |= SET_ALIGN;
    } else if (!strcmp(k, "valign")) {
        if (!strcmp(t->value, "top")) st->valign = TPL_VALIGN_TOP;
        else if (!strcmp(t->value, "middle")) st->valign = TPL_VALIGN_MIDDLE;
        else if (!strcmp(t->value, "bottom")) st->valign = TPL_VALIGN_BOTTOM;
        else *rc = fail(p, _("valign=%s: expected top, middle or bottom"), t->value);
        *set |= SET_VALIGN;
    } else if (!strcmp(k, "color")) {
        *rc = parse_color(p, t, &st->color);
        *set |= SET_COLOR;
    } else if (!strcmp(k, "fill")) {
        if (!strcmp(t->value, "none")) {
            st->has_fill = 0;
        } else {
            *rc = parse_color(p, t, &st->fill);
            st->has_fill = 1;
        }
        *set |= SET_FILL;
    } else if (!strcmp(k, "border")) {
        *rc = parse_bool(p, t, &st->border);
        *set |= SET_BORDER;
    } else if (!strcmp(k, "vertical")) {
        *rc = parse_bool(p, t, &st->vertical);
        *set |= SET_VERTICAL;
    } else if (!strcmp(k, "overflow")) {
        if (!strcmp(t->value, "shrink")) st->overflow = TPL_OVERFLOW_SHRINK;
        else if (!strcmp(t->value, "continue")) st->overflow = TPL_OVERFLOW_CONTINUE;
        else *rc = fail(p, _("overflow=%s: expected shrink or continue"), t->value);
        *set |= SET_OVERFLOW;
    } else if (!strcmp(k, "line")) {
        *rc = parse_float(p, t, 0, 10, &st->line_width);
        *set |= SET_LINE;
    } else if (!strcmp(k, "role")) {
        int r = !strcmp(t->value, "Artifact") ? TPL_ROLE_ARTIFACT
                : !strcmp(t->value, "auto") ? TPL_ROLE_AUTO : drawing_role_parse(t->value);
        if (r == -1 && strcmp(t->value, "auto"))
            *rc = fail(p, _("role=%s: expected H1 to H6, P, TH, TD, Figure, Caption, Span, "
                         "Artifact or auto"), t->value);
        /* structure that the layout builds itself is not for a template to name */
        else if (r == HY_ROLE_DOCUMENT || r == HY_ROLE_PART || r == HY_ROLE_SECT ||
                 r == HY_ROLE_DIV || r == HY_ROLE_TABLE || r == HY_ROLE_TR || r == HY_ROLE_L ||
                 r == HY_ROLE_LI || r == HY_ROLE_LBODY)
            *rc = fail(p, _("role=%s: the layout makes %s elements itself; a box can be H1 to H6, "
                         "P, TH, TD, Figure, Caption, Span or Artifact"), t->value, t->value);
        st->role = (int8_t)r;
        *set |= SET_ROLE;
    } else if (!strcmp(k, "style")) {
        /* style=a,b: named styles applied left to right */
        const char *v = t->value;
        while (*v) {
            const char *comma = strchr(v, ',');
            size_t len = comma ? (size_t)(comma - v) : strlen(v);
            const named_style *ns = find_style(p, v, len);
            if (!ns) {
                *rc = fail(p, _("style=%.*s: no such style (declare it first with `style %.*s ...`)"),
                           (int)len, v, (int)len, v);
                return 1;
            }
            merge_style(st, ns);
            *set |= ns->set;
            v += len;
            if (*v == ',')
                v++;
        }
    } else {
        return 0;
    }
    return 1;
}

/* ---- content --------------------------------------------------------------- */

/* The collection `item` refers to here: the open repeat's, else that of the
 * innermost open section over indicators, kpis or costs. */
static const char *item_collection(const parser *p)
{
    if (p->repeat)
        return p->repeat->collection;
    for (size_t i = p->nsections; i > 0; i--) {
        const char *c = p->tpl->blocks[p->sections[i - 1]].collection;
        if (!strcmp(c, "indicators") || !strcmp(c, "kpis") || !strcmp(c, "costs") ||
            !strcmp(c, "choices") || !strcmp(c, "fields"))
            return c;
    }
    return NULL;
}

/* Splits "text {expr} text" into segments and checks each expression. */
static int parse_content(parser *p, const char *src, tpl_content *c)
{
    hy_arena *a = p->tpl->arena;
    size_t cap = 0;
    memset(c, 0, sizeof *c);
    c->source = src;
    hy_buf lit = HY_BUF_INIT;
    const char *s = src;
    int rc = HY_OK;
    while (rc == HY_OK) {
        if (*s == '{' && s[1] == '{') {
            buf_putc(&lit, '{');
            s += 2;
            continue;
        }
        if (*s == '}' && s[1] == '}') {
            buf_putc(&lit, '}');
            s += 2;
            continue;
        }
        if (*s && *s != '{') {
            buf_putc(&lit, *s++);
            continue;
        }
        if (lit.len) {
            c->segments = grow(a, c->segments, c->nsegments, &cap, sizeof *c->segments);
            if (!c->segments)
                goto oom;
            c->segments[c->nsegments++] = (tpl_segment){arena_strdup(a, buf_str(&lit)), NULL, NULL};
            buf_reset(&lit);
        }
        if (!*s)
            break;
        const char *close = strchr(s, '}');
        if (!close) {
            rc = fail(p, _("\"%s\": a { is not closed by }"), src);
            break;
        }
        const char *expr = arena_strndup(a, s + 1, (size_t)(close - s - 1));
        const void *code = NULL;
        if (!expr)
            goto oom;
        if (p->check) {
            char why[512];
            if (!p->check(p->check_ctx, expr, item_collection(p), a, &code, why, sizeof why))
                rc = fail(p, "{%s}: %s", expr, why);
        }
        c->segments = grow(a, c->segments, c->nsegments, &cap, sizeof *c->segments);
        if (!c->segments)
            goto oom;
        c->segments[c->nsegments++] = (tpl_segment){NULL, expr, code};
        s = close + 1;
    }
    buf_free(&lit);
    return rc;
oom:
    buf_free(&lit);
    return err_set(p->err, HY_EIO, _("%s: out of memory"), p->path);
}

/* ---- statements ------------------------------------------------------------ */

static int unknown_attr(parser *p, const char *stmt, const token *t, const char *expected)
{
    if (t->key)
        return fail(p, _("%s: unknown attribute \"%s\" (expected %s)"), stmt, t->key, expected);
    return fail(p, _("%s: unexpected \"%s\" (expected %s)"), stmt, t->value, expected);
}

static int stmt_page(parser *p, token *t, size_t n)
{
    hy_template *tpl = p->tpl;
    float w = 0, h = 0;
    int landscape = 0;
    for (size_t i = 1; i < n; i++) {
        const char *v = t[i].value;
        if (t[i].key)
            return unknown_attr(p, "page", &t[i], _("a paper size and an orientation"));
        if (!strcmp(v, "A4")) { w = 210; h = 297; }
        else if (!strcmp(v, "A3")) { w = 297; h = 420; }
        else if (!strcmp(v, "B4")) { w = 257; h = 364; }
        else if (!strcmp(v, "B5")) { w = 182; h = 257; }
        else if (!strcmp(v, "portrait")) landscape = 0;
        else if (!strcmp(v, "landscape")) landscape = 1;
        else if (sscanf(v, "%fx%f", &w, &h) == 2 && w > 50 && h > 50 && w < 1200 && h < 1200) ;
        else
            return fail(p, _("page: \"%s\" is not A4, A3, B4, B5, WIDTHxHEIGHT (mm), portrait or landscape"), v);
    }
    if (w == 0)
        return fail(p, _("page: give a paper size, e.g. `page A4 portrait`"));
    if (landscape && w < h) {
        float tmp = w;
        w = h;
        h = tmp;
    }
    tpl->page_width = MM(w);
    tpl->page_height = MM(h);
    return HY_OK;
}

static int stmt_margin(parser *p, token *t, size_t n)
{
    float v[4];
    if (n != 2 && n != 5)
        return fail(p, _("margin: give one length or four (top right bottom left), in mm"));
    for (size_t i = 1; i < n; i++) {
        if (t[i].key)
            return unknown_attr(p, "margin", &t[i], _("lengths in mm"));
        if (parse_float(p, &t[i], 0, 100, &v[i - 1]) != HY_OK)
            return p->err->status;
    }
    if (n == 2)
        v[1] = v[2] = v[3] = v[0];
    p->tpl->margin_top = MM(v[0]);
    p->tpl->margin_right = MM(v[1]);
    p->tpl->margin_bottom = MM(v[2]);
    p->tpl->margin_left = MM(v[3]);
    return HY_OK;
}

static int stmt_font(parser *p, token *t, size_t n)
{
    hy_template *tpl = p->tpl;
    if (n != 3 || t[1].key || t[2].key)
        return fail(p, _("font: expected `font NAME FILE`, e.g. `font gothic ipaexg.ttf`"));
    if (find_font(p, t[1].value) >= 0)
        return fail(p, _("font %s: declared twice"), t[1].value);
    if (tpl->nfonts == sizeof tpl->fonts / sizeof tpl->fonts[0])
        return fail(p, _("font %s: at most %zu fonts"), t[1].value,
                    sizeof tpl->fonts / sizeof tpl->fonts[0]);
    tpl->fonts[tpl->nfonts].name = t[1].value;
    tpl->fonts[tpl->nfonts].file = t[2].value;
    tpl->nfonts++;
    return HY_OK;
}

static int stmt_style(parser *p, token *t, size_t n)
{
    if (n < 2 || t[1].key || t[1].quoted)
        return fail(p, _("style: expected `style NAME attribute=value ...`"));
    const char *name = t[1].value;
    named_style ns = {name, p->tpl->base, 0};
    int is_default = !strcmp(name, "default");
    for (size_t i = 2; i < n; i++) {
        int rc;
        if (!style_attr(p, &t[i], &ns.style, &ns.set, &rc))
            return unknown_attr(p, "style", &t[i],
                                _("font, size, min, leading, pad, align, valign, color, fill, "
                                  "border, vertical, overflow, line, role or style"));
        if (rc != HY_OK)
            return rc;
    }
    if (is_default) {
        p->tpl->base = ns.style;
        return HY_OK;
    }
    if (find_style(p, name, strlen(name)))
        return fail(p, _("style %s: declared twice"), name);
    p->styles = grow(p->tpl->arena, p->styles, p->nstyles, &p->styles_cap, sizeof *p->styles);
    if (!p->styles)
        return err_set(p->err, HY_EIO, _("%s: out of memory"), p->path);
    p->styles[p->nstyles++] = ns;
    return HY_OK;
}

/* Is word one of the space-separated words of list? An empty word (a bare
 * `=value` in a template) is none: strstr would find it everywhere and never
 * move on (found by fuzzing: the parser hung). */
static int word_in(const char *list, const char *word)
{
    size_t n = strlen(word);
    if (n == 0)
        return 0;
    for (const char *s = list; (s = strstr(s, word)) != NULL; s += n)
        if ((s == list || s[-1] == ' ') && (s[n] == ' ' || s[n] == '\0'))
            return 1;
    return 0;
}

/* Reads a cell-like statement: style attributes, span/rows/label, one string. */
static int read_cell(parser *p, const char *stmt, token *t, size_t n, size_t first,
                     tpl_cell *cell, const char *extra_keys)
{
    memset(cell, 0, sizeof *cell);
    cell->line = p->line;
    cell->style = p->tpl->base;
    cell->colspan = cell->rowspan = 1;
    const char *content = NULL;
    uint32_t set = 0;
    for (size_t i = first; i < n; i++) {
        int rc;
        if (style_attr(p, &t[i], &cell->style, &set, &rc)) {
            if (rc != HY_OK)
                return rc;
            continue;
        }
        if (!t[i].key && t[i].quoted) {
            if (content)
                return fail(p, _("%s: more than one string; join them into one"), stmt);
            content = t[i].value;
        } else if (t[i].key && !strcmp(t[i].key, "span")) {
            unsigned v;
            if (parse_uint(p, &t[i], 64, &v) != HY_OK)
                return p->err->status;
            if (v < 1)
                return fail(p, _("span=0: a cell spans at least one column"));
            cell->colspan = (uint16_t)v;
        } else if (t[i].key && !strcmp(t[i].key, "rows")) {
            unsigned v;
            if (parse_uint(p, &t[i], 256, &v) != HY_OK)
                return p->err->status;
            if (v < 1)
                return fail(p, _("rows=0: a cell spans at least one row"));
            cell->rowspan = (uint16_t)v;
        } else if (t[i].key && !strcmp(t[i].key, "label")) {
            cell->label = t[i].value;
        } else if (t[i].key && !strcmp(t[i].key, "alt")) {
            if (parse_content(p, t[i].value, &cell->alt) != HY_OK)
                return p->err->status;
        } else if (t[i].key && extra_keys && word_in(extra_keys, t[i].key)) {
            continue;   /* the caller reads these */
        } else {
            return unknown_attr(p, stmt, &t[i],
                                _("a \"string\", span, rows, label, alt or a style attribute"));
        }
    }
    if (cell->style.min_size <= 0 || cell->style.min_size > cell->style.size)
        cell->style.min_size = cell->style.size;
    if (cell->style.role == HY_ROLE_FIGURE && cell->alt.nsegments == 0)
        return fail(p, _("%s: role=Figure needs alt=\"...\": what the figure shows, in words "
                      "(PDF/UA)"), stmt);
    return parse_content(p, content ? content : "", &cell->content);
}

static tpl_block *new_block(parser *p, tpl_block_kind kind)
{
    hy_template *tpl = p->tpl;
    tpl->blocks = grow(tpl->arena, tpl->blocks, tpl->nblocks, &p->blocks_cap, sizeof *tpl->blocks);
    if (!tpl->blocks)
        return NULL;
    tpl_block *b = &tpl->blocks[tpl->nblocks++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->line = p->line;
    b->y_follows = 1;
    return b;
}

/* x=, y=, gap=, when= shared by text and grid blocks. */
static int block_position(parser *p, tpl_block *b, const token *t, int *used)
{
    *used = 1;
    if (!t->key) {
        *used = 0;
        return HY_OK;
    }
    if (!strcmp(t->key, "x")) {
        float v;
        if (parse_float(p, t, 0, 1200, &v) != HY_OK)
            return p->err->status;
        b->x = MM(v);
    } else if (!strcmp(t->key, "y")) {
        float v;
        if (parse_float(p, t, 0, 1200, &v) != HY_OK)
            return p->err->status;
        b->y = MM(v);
        b->y_follows = 0;
    } else if (!strcmp(t->key, "gap")) {
        float v;
        if (parse_float(p, t, 0, 200, &v) != HY_OK)
            return p->err->status;
        b->gap = MM(v);
    } else if (!strcmp(t->key, "when")) {
        b->when = t->value;
        /* inside a section over kpis, when=item.target_note is meaningful;
         * when=a,b (any of the fields) checks each */
        const char *s = t->value;
        while (p->check && s) {
            const char *comma = strchr(t->value, '|') ? NULL : strchr(s, ',');
            char one[512], why[512];
            snprintf(one, sizeof one, "%.*s", comma ? (int)(comma - s) : (int)strlen(s), s);
            if (!p->check(p->check_ctx, one, item_collection(p), NULL, NULL, why, sizeof why))
                return fail(p, "when=%s: %s", t->value, why);
            s = comma ? comma + 1 : NULL;
        }
    } else {
        *used = 0;
    }
    return HY_OK;
}

/* Does a block's box stay on the page? Its x (and y, when given) are mm from
 * the content area's top left; a box past the content area's right or bottom
 * edge would be drawn into the margin or off the paper. */
static int check_extent(parser *p, const char *stmt, const tpl_block *b, float w, float h)
{
    const float e = MM(0.05f);
    float cw = template_content_width(p->tpl), ch = template_content_height(p->tpl);
    if (b->x + w > cw + e)
        return fail(p, _("%s: %.1f mm wide at x=%.1f, but the page has %.1f mm between its "
                    "margins"), stmt, (double)(w / MM(1)), (double)(b->x / MM(1)),
                    (double)(cw / MM(1)));
    if (!b->y_follows && b->y + h > ch + e)
        return fail(p, _("%s: %.1f mm high at y=%.1f leaves the page (%.1f mm between its "
                    "margins)"), stmt, (double)(h / MM(1)), (double)(b->y / MM(1)),
                    (double)(ch / MM(1)));
    return HY_OK;
}

static int stmt_text(parser *p, token *t, size_t n)
{
    tpl_block *b = new_block(p, TPL_BLOCK_TEXT);
    if (!b)
        return err_set(p->err, HY_EIO, _("%s: out of memory"), p->path);
    /* read position and size first, then the cell part with them skipped */
    for (size_t i = 1; i < n; i++) {
        int used;
        if (block_position(p, b, &t[i], &used) != HY_OK)
            return p->err->status;
        if (!used && t[i].key && !strcmp(t[i].key, "h") && !strcmp(t[i].value, "auto")) {
            b->auto_height = 1;
            b->h = 0.01f;
        } else if (!used && t[i].key && (!strcmp(t[i].key, "w") || !strcmp(t[i].key, "h"))) {
            float v;
            if (parse_float(p, &t[i], 1, 1200, &v) != HY_OK)
                return p->err->status;
            *(t[i].key[0] == 'w' ? &b->w : &b->h) = MM(v);
        }
    }
    int rc = read_cell(p, "text", t, n, 1, &b->text, _("x y w h gap when"));
    if (rc != HY_OK)
        return rc;
    b->text.style.border = 0;
    if (b->w <= 0 || b->h <= 0)
        return fail(p, _("text: give its box as w= and h= (mm, or h=auto)"));
    if (b->auto_height && b->text.style.vertical)
        return fail(p, _("text: h=auto is for horizontal text"));
    return check_extent(p, "text", b, b->w, b->h);
}

/* `image w= h= "{project.image}"`: a framed box holding the picture the data
 * names (a text box's attributes; the text is what shows when there is none). */
static int stmt_image(parser *p, token *t, size_t n)
{
    int rc = stmt_text(p, t, n);
    if (rc != HY_OK)
        return rc;
    tpl_block *b = &p->tpl->blocks[p->tpl->nblocks - 1];
    if (b->auto_height)
        return fail(p, _("image: give its box a height in mm (h=auto is for text)"));
    b->image = 1;
    return HY_OK;
}

static int stmt_grid(parser *p, token *t, size_t n)
{
    tpl_block *b = new_block(p, TPL_BLOCK_GRID);
    if (!b)
        return err_set(p->err, HY_EIO, _("%s: out of memory"), p->path);
    for (size_t i = 1; i < n; i++) {
        int used;
        if (block_position(p, b, &t[i], &used) != HY_OK)
            return p->err->status;
        if (used)
            continue;
        if (t[i].key && !strcmp(t[i].key, "cols")) {
            size_t cap = 0;
            const char *v = t[i].value;
            while (*v) {
                char *end;
                double w = strtod(v, &end);
                if (end == v || w <= 0 || w > 1200 || (*end && *end != ','))
                    return fail(p, _("cols=%s: expected column widths in mm separated by commas"),
                                t[i].value);
                b->cols = grow(p->tpl->arena, b->cols, b->ncols, &cap, sizeof *b->cols);
                if (!b->cols)
                    return err_set(p->err, HY_EIO, _("%s: out of memory"), p->path);
                b->cols[b->ncols++] = MM(w);
                v = *end ? end + 1 : end;
            }
        } else if (t[i].key && !strcmp(t[i].key, "header")) {
            unsigned v;
            if (parse_uint(p, &t[i], 20, &v) != HY_OK)
                return p->err->status;
            b->header_rows = v;
        } else if (t[i].key && !strcmp(t[i].key, "keep")) {
            uint8_t v;
            if (parse_bool(p, &t[i], &v) != HY_OK)
                return p->err->status;
            b->keep = v;
        } else if (t[i].key && !strcmp(t[i].key, "optional")) {
            const char *v = t[i].value;
            while (*v) {
                char *end;
                long c = strtol(v, &end, 10);
                if (end == v || c < 1 || c > 64 || (*end && *end != ','))
                    return fail(p, _("optional=%s: expected column numbers from 1 separated by "
                                "commas, e.g. optional=3,4"), t[i].value);
                b->optional_cols |= 1ULL << (c - 1);
                v = *end ? end + 1 : end;
            }
        } else {
            return unknown_attr(p, "grid", &t[i], _("x, y, gap, when, cols, header, keep or "
                                "optional"));
        }
    }
    if (b->ncols == 0)
        return fail(p, _("grid: give its column widths, e.g. cols=20,40,40 (mm)"));
    if (b->ncols > 64 || (b->ncols < 64 && b->optional_cols >> b->ncols))
        if (b->optional_cols)
            return fail(p, _("optional=: the grid has %zu columns"), b->ncols);
    if (b->optional_cols & 1)
        return fail(p, _("optional=: the first column takes the width of those left out, so it "
                    "cannot be left out itself"));
    float w = 0;
    for (size_t i = 0; i < b->ncols; i++)
        w += b->cols[i];
    if (check_extent(p, "grid", b, w, 0) != HY_OK)
        return p->err->status;
    p->grid = b;
    p->rows_cap = p->repeats_cap = 0;
    return HY_OK;
}

static int stmt_row(parser *p, token *t, size_t n)
{
    tpl_block *g = p->grid;
    if (!g)
        return fail(p, _("row: only inside a grid ... end"));
    g->rows = grow(p->tpl->arena, g->rows, g->nrows, &p->rows_cap, sizeof *g->rows);
    if (!g->rows)
        return err_set(p->err, HY_EIO, _("%s: out of memory"), p->path);
    tpl_row *r = &g->rows[g->nrows++];
    memset(r, 0, sizeof *r);
    r->line = p->line;
    p->cells_cap = 0;
    for (size_t i = 1; i < n; i++) {
        if (t[i].key && !strcmp(t[i].key, "h") && !strcmp(t[i].value, "auto")) {
            r->auto_height = 1;
            r->height = 0.01f;
        } else if ((t[i].key && !strcmp(t[i].key, "h")) || (!t[i].key && !t[i].quoted && i == 1)) {
            float v;
            if (parse_float(p, &t[i], 1, 1000, &v) != HY_OK)
                return p->err->status;
            r->height = MM(v);
        } else {
            return unknown_attr(p, "row", &t[i], "h=HEIGHT (mm)");
        }
    }
    if (r->height <= 0)
        return fail(p, _("row: give its height, e.g. `row h=6` (mm) or `row h=auto`"));
    return HY_OK;
}

static int stmt_cell(parser *p, token *t, size_t n)
{
    tpl_block *g = p->grid;
    if (!g || g->nrows == 0)
        return fail(p, _("cell: only inside a grid, after a row"));
    tpl_row *r = &g->rows[g->nrows - 1];
    r->cells = grow(p->tpl->arena, r->cells, r->ncells, &p->cells_cap, sizeof *r->cells);
    if (!r->cells)
        return err_set(p->err, HY_EIO, _("%s: out of memory"), p->path);
    tpl_cell *c = &r->cells[r->ncells];
    int rc = read_cell(p, "cell", t, n, 1, c, NULL);
    if (rc != HY_OK)
        return rc;
    r->ncells++;
    return HY_OK;
}

/* kind=KIND of a repeat or section: only indicators have a kind (指標区分). */
static int read_item_kind(parser *p, const char *stmt, const char *collection, const token *t,
                          const char **out)
{
    if (strcmp(collection, "indicators"))
        return fail(p, _("%s %s: kind= picks indicators by their 指標区分; %s have none"), stmt,
                    collection, collection);
    if (!*t->value)
        return fail(p, _("%s %s: kind= needs a 指標区分, e.g. kind=施策のアウトカム"), stmt, collection);
    *out = t->value;
    return HY_OK;
}

static int stmt_repeat(parser *p, token *t, size_t n)
{
    tpl_block *g = p->grid;
    if (!g)
        return fail(p, _("repeat: only inside a grid ... end"));
    if (p->repeat)
        return fail(p, _("repeat: repeats do not nest; close the open one with end"));
    if (n < 2 || t[1].key)
        return fail(p, _("repeat: expected `repeat COLLECTION [min=N] [max=N]`"));
    if (p->check) {
        char why[512];
        if (!p->check(p->check_ctx, t[1].value, "#collection", NULL, NULL, why, sizeof why))
            return fail(p, "repeat %s: %s", t[1].value, why);
    }
    g->repeats = grow(p->tpl->arena, g->repeats, g->nrepeats, &p->repeats_cap, sizeof *g->repeats);
    if (!g->repeats)
        return err_set(p->err, HY_EIO, _("%s: out of memory"), p->path);
    tpl_repeat *rp = &g->repeats[g->nrepeats++];
    memset(rp, 0, sizeof *rp);
    rp->line = p->line;
    rp->collection = t[1].value;
    rp->first_row = g->nrows;
    for (size_t i = 2; i < n; i++) {
        unsigned v;
        if (t[i].key && !strcmp(t[i].key, "min")) {
            if (parse_uint(p, &t[i], 1000, &v) != HY_OK)
                return p->err->status;
            rp->min_items = v;
        } else if (t[i].key && !strcmp(t[i].key, "max")) {
            if (parse_uint(p, &t[i], 1000, &v) != HY_OK)
                return p->err->status;
            rp->max_items = v;
        } else if (t[i].key && !strcmp(t[i].key, "kind")) {
            if (read_item_kind(p, "repeat", rp->collection, &t[i], &rp->item_kind) != HY_OK)
                return p->err->status;
        } else {
            return unknown_attr(p, "repeat", &t[i], _("min=N, max=N or kind=KIND"));
        }
    }
    if (rp->max_items && rp->min_items > rp->max_items)
        return fail(p, _("repeat: min=%zu is more than max=%zu"), rp->min_items, rp->max_items);
    p->repeat = rp;
    return HY_OK;
}

/* Checks a finished grid: every row's cells fill exactly its columns, taking
 * the rows spanned from above into account. */
static int check_grid(parser *p, tpl_block *g)
{
    size_t ncols = g->ncols;
    /* remaining row span per column */
    unsigned *busy = calloc(ncols, sizeof *busy);
    if (!busy)
        return err_set(p->err, HY_EIO, _("%s: out of memory"), p->path);
    int rc = HY_OK;
    for (size_t ri = 0; ri < g->nrows && rc == HY_OK; ri++) {
        tpl_row *r = &g->rows[ri];
        size_t col = 0;
        p->line = r->line;
        for (size_t ci = 0; ci < r->ncells; ci++) {
            tpl_cell *c = &r->cells[ci];
            while (col < ncols && busy[col])
                col++;
            if (col + c->colspan > ncols) {
                p->line = c->line;
                rc = fail(p, _("cell: does not fit the grid's %zu columns (it starts at column %zu "
                          "and spans %u)"), ncols, col + 1, c->colspan);
                break;
            }
            for (size_t k = col; k < col + c->colspan; k++) {
                if (busy[k]) {
                    p->line = c->line;
                    rc = fail(p, _("cell: overlaps a cell spanning rows from above"));
                    break;
                }
                busy[k] = c->rowspan;
            }
            if (rc != HY_OK)
                break;
            if (ri + c->rowspan > g->nrows) {
                p->line = c->line;
                rc = fail(p, _("cell: rows=%u goes past the grid's last row"), c->rowspan);
                break;
            }
            col += c->colspan;
        }
        if (rc != HY_OK)
            break;
        for (size_t k = 0; k < ncols; k++)
            if (!busy[k]) {
                rc = fail(p, _("row: its cells cover %zu of the grid's %zu columns"), k, ncols);
                break;
            }
        for (size_t k = 0; k < ncols; k++)
            if (busy[k])
                busy[k]--;
    }
    /* a span from above that enters a repeated group must cover all of it, since
     * the group's rows multiply with the data */
    for (size_t ri = 0; ri < g->nrows && rc == HY_OK; ri++)
        for (size_t ci = 0; ci < g->rows[ri].ncells && rc == HY_OK; ci++) {
            size_t end = ri + g->rows[ri].cells[ci].rowspan;
            for (size_t k = 0; k < g->nrepeats; k++) {
                tpl_repeat *rp = &g->repeats[k];
                if (ri < rp->first_row && end > rp->first_row && end < rp->first_row + rp->nrows) {
                    p->line = g->rows[ri].cells[ci].line;
                    rc = fail(p, _("cell: rows=%u covers only part of the repeat below it; cover "
                              "all of its rows or none"), g->rows[ri].cells[ci].rowspan);
                    break;
                }
            }
        }
    /* a cell in a repeated group may not span rows outside the group */
    for (size_t i = 0; i < g->nrepeats && rc == HY_OK; i++) {
        tpl_repeat *rp = &g->repeats[i];
        for (size_t ri = rp->first_row; ri < rp->first_row + rp->nrows && rc == HY_OK; ri++)
            for (size_t ci = 0; ci < g->rows[ri].ncells; ci++)
                if (ri + g->rows[ri].cells[ci].rowspan > rp->first_row + rp->nrows) {
                    p->line = g->rows[ri].cells[ci].line;
                    rc = fail(p, _("cell: spans rows past the end of its repeat"));
                    break;
                }
    }
    free(busy);
    return rc;
}

static int stmt_end(parser *p, size_t n)
{
    if (n != 1)
        return fail(p, _("end: takes nothing after it"));
    if (p->repeat) {
        tpl_repeat *rp = p->repeat;
        rp->nrows = p->grid->nrows - rp->first_row;
        if (rp->nrows == 0)
            return fail(p, _("repeat %s: has no rows"), rp->collection);
        p->repeat = NULL;
        return HY_OK;
    }
    if (p->grid) {
        tpl_block *g = p->grid;
        p->grid = NULL;
        if (g->nrows == 0)
            return fail(p, _("grid: has no rows"));
        if (g->header_rows >= g->nrows)
            return fail(p, _("grid: header=%zu leaves no rows below the header"), g->header_rows);
        for (size_t k = 0; k < g->nrepeats; k++)
            if (g->repeats[k].first_row < g->header_rows)
                return fail(p, _("grid: header=%zu includes repeated rows"), g->header_rows);
        int line = p->line;
        int rc = check_grid(p, g);
        p->line = line;
        float h = 0;   /* its fixed rows at least, placed at an explicit y= */
        for (size_t r = 0; r < g->nrows; r++)
            h += g->rows[r].height;
        p->line = g->line;
        if (rc == HY_OK)
            rc = check_extent(p, "grid", g, 0, h);
        p->line = line;
        return rc;
    }
    if (p->nsections) {
        size_t open = p->sections[--p->nsections];
        if (open + 1 == p->tpl->nblocks)
            return fail(p, _("section %s: has no blocks"), p->tpl->blocks[open].collection);
        tpl_block *end = new_block(p, TPL_BLOCK_SECTION_END);
        if (!end)
            return err_set(p->err, HY_EIO, _("%s: out of memory"), p->path);
        p->tpl->blocks[open].end = p->tpl->nblocks - 1;
        return HY_OK;
    }
    return fail(p, _("end: nothing to end"));
}

static int stmt_section(parser *p, token *t, size_t n)
{
    if (n < 2 || t[1].key || t[1].quoted)
        return fail(p, _("section: expected "
                         "`section COLLECTION [gap=MM] [when=FIELD] [kind=KIND]`"));
    if (p->nsections == TPL_MAX_NESTING)
        return fail(p, _("section: at most %d sections inside each other"), TPL_MAX_NESTING);
    if (p->check) {
        char why[512];
        if (!p->check(p->check_ctx, t[1].value, "#section", NULL, NULL, why, sizeof why))
            return fail(p, "section %s: %s", t[1].value, why);
    }
    tpl_block *b = new_block(p, TPL_BLOCK_SECTION);
    if (!b)
        return err_set(p->err, HY_EIO, _("%s: out of memory"), p->path);
    b->collection = t[1].value;
    for (size_t i = 2; i < n; i++) {
        int used;
        if (t[i].key && !strcmp(t[i].key, "kind")) {
            if (read_item_kind(p, "section", b->collection, &t[i], &b->item_kind) != HY_OK)
                return p->err->status;
            continue;
        }
        if (block_position(p, b, &t[i], &used) != HY_OK)
            return p->err->status;
        if (!used || (t[i].key && (!strcmp(t[i].key, "x") || !strcmp(t[i].key, "y"))))
            return unknown_attr(p, "section", &t[i], _("gap, when or kind"));
    }
    p->sections[p->nsections++] = p->tpl->nblocks - 1;
    return HY_OK;
}

static int stmt_header_footer(parser *p, token *t, size_t n, int footer)
{
    tpl_cell *c = footer ? &p->tpl->footer : &p->tpl->header;
    int rc = read_cell(p, footer ? "footer" : "header", t, n, 1, c, NULL);
    if (rc != HY_OK)
        return rc;
    c->style.border = 0;
    if (footer)
        p->tpl->has_footer = 1;
    else
        p->tpl->has_header = 1;
    return HY_OK;
}

static int parse_lines(parser *p, const char *text);

/* include "FILE": the statements of another file, as if written here; FILE is
 * relative to the including file's folder. Errors name the included file. */
static int stmt_include(parser *p, token *t, size_t n)
{
    if (n != 2 || t[1].key || !t[1].quoted)
        return fail(p, _("include: expected `include \"FILE\"`"));
    if (p->includes == TPL_MAX_INCLUDES)
        return fail(p, _("include \"%s\": includes nest more than %d deep (does a file include "
                    "itself?)"), t[1].value, TPL_MAX_INCLUDES);
    hy_buf path = HY_BUF_INIT;
    const char *slash = strrchr(p->path, '/');
    int rc = t[1].value[0] == '/' || !slash
                 ? buf_puts(&path, t[1].value)
                 : buf_printf(&path, "%.*s/%s", (int)(slash - p->path), p->path, t[1].value);
    char *text = NULL;
    size_t len;
    hy_err io;
    const char *inc = rc == 0 ? arena_strdup(p->tpl->arena, buf_str(&path)) : NULL;
    buf_free(&path);
    if (!inc)
        return err_set(p->err, HY_EIO, _("%s: out of memory"), p->path);
    if (fs_read_file(inc, 4 * 1024 * 1024, &text, &len, &io) != HY_OK)
        return fail(p, "include \"%s\": %s", t[1].value, io.msg);
    if (memchr(text, '\0', len)) {
        free(text);
        return fail(p, _("include \"%s\": not a text file"), t[1].value);
    }
    const char *outer_path = p->path;
    int outer_line = p->line;
    p->path = inc;
    p->line = 0;
    p->includes++;
    rc = parse_lines(p, text);
    p->includes--;
    if (rc == HY_OK) {
        p->path = outer_path;
        p->line = outer_line;
    }
    free(text);
    return rc;
}

static int statement(parser *p, token *t, size_t n)
{
    const char *kw = t[0].value;
    if (t[0].key || t[0].quoted)
        return fail(p, _("a line starts with a statement word such as grid, row or cell"));
    int in_grid = p->grid != NULL;
    if (in_grid && strcmp(kw, "row") && strcmp(kw, "cell") && strcmp(kw, "repeat") && strcmp(kw, "end"))
        return fail(p, _("%s: not allowed inside a grid (only row, cell, repeat and end; "
                    "is an `end` missing?)"), kw);
    if (!strcmp(kw, "template")) {
        if (n < 2 || n > 3 || t[1].key)
            return fail(p, _("template: expected `template NAME \"TITLE\"`"));
        p->tpl->name = t[1].value;
        if (n == 3) {
            tpl_content c;
            int rc = parse_content(p, t[2].value, &c);
            if (rc != HY_OK)
                return rc;
            p->tpl->title = t[2].value;
        }
        return HY_OK;
    }
    if (!strcmp(kw, "page")) return stmt_page(p, t, n);
    if (!strcmp(kw, "margin")) return stmt_margin(p, t, n);
    if (!strcmp(kw, "font")) return stmt_font(p, t, n);
    if (!strcmp(kw, "style")) return stmt_style(p, t, n);
    if (!strcmp(kw, "header")) return stmt_header_footer(p, t, n, 0);
    if (!strcmp(kw, "footer")) return stmt_header_footer(p, t, n, 1);
    if (!strcmp(kw, "text")) return stmt_text(p, t, n);
    if (!strcmp(kw, "image")) return stmt_image(p, t, n);
    if (!strcmp(kw, "grid")) return stmt_grid(p, t, n);
    if (!strcmp(kw, "row")) return stmt_row(p, t, n);
    if (!strcmp(kw, "cell")) return stmt_cell(p, t, n);
    if (!strcmp(kw, "repeat")) return stmt_repeat(p, t, n);
    if (!strcmp(kw, "section")) return stmt_section(p, t, n);
    if (!strcmp(kw, "end")) return stmt_end(p, n);
    if (!strcmp(kw, "include")) return stmt_include(p, t, n);
    if (!strcmp(kw, "newpage")) {
        if (n != 1)
            return fail(p, _("newpage: takes nothing after it"));
        return new_block(p, TPL_BLOCK_NEWPAGE) ? HY_OK
                                               : err_set(p->err, HY_EIO, _("%s: out of memory"), p->path);
    }
    return fail(p, _("unknown statement \"%s\" (expected template, page, margin, font, style, "
                "header, footer, text, grid, row, cell, repeat, section, end, newpage or include)"), kw);
}

/* Reads the statements of text, one per line, counting lines in p->line. */
static int parse_lines(parser *p, const char *text)
{
    token toks[TPL_MAX_TOKENS];
    int rc = HY_OK;
    const char *s = text;
    hy_buf line = HY_BUF_INIT;
    while (*s && rc == HY_OK) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        p->line++;
        buf_reset(&line);
        if (buf_append(&line, s, len) != 0) {
            rc = err_set(p->err, HY_EIO, _("%s: out of memory"), p->path);
            break;
        }
        s += len + (nl ? 1 : 0);
        size_t n;
        rc = tokenize(p, buf_str(&line), toks, &n);
        if (rc == HY_OK && n > 0)
            rc = statement(p, toks, n);
    }
    buf_free(&line);
    return rc;
}

int template_parse(const char *path, const char *text, tpl_expr_check check, void *check_ctx,
                   hy_template **out, hy_err *err)
{
    *out = NULL;
    hy_template *tpl = calloc(1, sizeof *tpl);
    hy_arena *arena = arena_new();
    if (!tpl || !arena) {
        free(tpl);
        arena_free(arena);
        return err_set(err, HY_EIO, _("%s: out of memory"), path);
    }
    tpl->arena = arena;
    tpl->path = arena_strdup(arena, path);
    tpl->name = "";
    /* defaults: an A4 portrait form with 10 mm margins, 9 pt text in ruled cells */
    tpl->page_width = MM(210);
    tpl->page_height = MM(297);
    tpl->margin_top = tpl->margin_right = tpl->margin_bottom = tpl->margin_left = MM(10);
    tpl->base = (tpl_style){
        .font = 0, .size = 9, .min_size = 9, .leading = 1.3f, .pad = MM(1),
        .align = TPL_ALIGN_LEFT, .valign = TPL_VALIGN_MIDDLE, .color = 0x000000,
        .border = 1, .overflow = TPL_OVERFLOW_SHRINK, .line_width = 0.5f,
        .role = TPL_ROLE_AUTO,
    };

    parser p = {.tpl = tpl, .path = tpl->path, .err = err, .check = check, .check_ctx = check_ctx};
    int rc = parse_lines(&p, text);
    if (rc == HY_OK && (p.grid || p.repeat || p.nsections))
        rc = fail(&p, _("the file ends inside a %s: an `end` is missing"),
                  p.repeat ? "repeat" : p.grid ? "grid" : "section");
    if (rc == HY_OK && tpl->nfonts == 0)
        rc = fail(&p, _("no font declared: add e.g. `font gothic ipaexg.ttf`"));
    if (rc == HY_OK && tpl->nblocks == 0)
        rc = fail(&p, _("the template draws nothing: add a text or grid block"));
    if (rc != HY_OK) {
        template_free(tpl);
        return rc;
    }
    *out = tpl;
    return HY_OK;
}

int template_load(const char *path, tpl_expr_check check, void *check_ctx, hy_template **out,
                  hy_err *err)
{
    char *text;
    size_t len;
    *out = NULL;
    int rc = fs_read_file(path, 4 * 1024 * 1024, &text, &len, err);
    if (rc != HY_OK)
        return rc;
    if (memchr(text, '\0', len)) {
        free(text);
        return err_set(err, HY_EUSAGE, _("%s: not a text file"), path);
    }
    rc = template_parse(path, text, check, check_ctx, out, err);
    free(text);
    return rc;
}

void template_free(hy_template *tpl)
{
    if (!tpl)
        return;
    arena_free(tpl->arena);
    free(tpl);
}

float template_content_width(const hy_template *tpl)
{
    return tpl->page_width - tpl->margin_left - tpl->margin_right;
}

float template_content_height(const hy_template *tpl)
{
    return tpl->page_height - tpl->margin_top - tpl->margin_bottom;
}

int template_find(const char *templates_dir, const char *profile_dir, const char *name,
                  char **path, hy_err *err)
{
    *path = NULL;
    if (strchr(name, '/')) {
        *path = strdup(name);
        return *path ? HY_OK : err_set(err, HY_EIO, _("out of memory"));
    }
    if (!*name || !strcmp(name, ".") || !strcmp(name, ".."))
        return err_set(err, HY_EUSAGE, _("--template \"%s\": give a template's name or path"), name);
    char *dir = fs_join(templates_dir, name);
    char *cands[3] = {
        dir ? fs_join(dir, "sheet.tpl") : NULL,
        profile_dir ? fs_join(profile_dir, name) : NULL,
        NULL,
    };
    hy_buf tpl = HY_BUF_INIT;
    if (profile_dir && buf_printf(&tpl, "%s/%s.tpl", profile_dir, name) == 0)
        cands[2] = strdup(buf_str(&tpl));
    buf_free(&tpl);
    free(dir);
    int rc = HY_OK;
    if (!cands[0] || (profile_dir && (!cands[1] || !cands[2]))) {
        rc = err_set(err, HY_EIO, _("out of memory"));
    } else {
        for (size_t i = 0; i < 3 && !*path; i++) {
            FILE *fp = cands[i] ? fopen(cands[i], "r") : NULL;
            if (fp && !fs_is_dir(cands[i])) {
                *path = cands[i];
                cands[i] = NULL;
            }
            if (fp)
                fclose(fp);
        }
        if (!*path && profile_dir)
            rc = err_set(err, HY_EUSAGE, _("--template %s: no such template (looked for %s, %s "
                         "and %s)"), name, cands[0], cands[1], cands[2]);
        else if (!*path)
            rc = err_set(err, HY_EUSAGE, _("--template %s: no such template (looked for %s)"), name,
                         cands[0]);
    }
    for (size_t i = 0; i < 3; i++)
        free(cands[i]);
    return rc;
}
