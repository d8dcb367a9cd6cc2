#include "draw/fontset.h"

#include <errno.h>
#include <hb-subset.h>
#include <hb-ot.h>
#include <hb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/fsutil.h"
#include "util/utf8.h"
#include "util/vec.h"
#include "util/i18n.h"

#define BMP_SIZE 0x10000u

typedef struct fontset_font {
    char *name;
    char *path;
    hb_blob_t *blob;      /* the whole file, mapped; kept for subsetting */
    hb_face_t *face;
    hb_face_t *prepared;  /* face preprocessed for subsetting, or NULL */
    unsigned upem;
    int ascent, descent;  /* 1/1000 em, descent positive below the baseline */
    /* Advance widths of the whole BMP in 1/1000 em, and which code points the
     * font maps to a real glyph. 136 KB per font buys every layout an array
     * lookup instead of a cmap search. */
    uint16_t *advance;
    uint8_t *present;     /* bit set, BMP_SIZE bits */
} fontset_font;

struct hy_fontset {
    fontset_font *fonts;
    size_t count, cap;
    /* Subsets from a prepared face are made one at a time. HarfBuzz 6.0.0
     * (Debian 12) keeps a cache of sanitized tables in the preprocessed face
     * and means to lock it, but the lock is a temporary that ends at once
     * (hb-subset-plan.hh, source_table(): `hb_lock_t (...)`, fixed in 7.2.0):
     * two threads filling it at the same time corrupt it (seen: a crash, and
     * ThreadSanitizer's report). A subset holds the lock ~0.06 ms of a
     * sheet's ~1.2 ms. Unprepared faces need no lock: each subset then
     * caches in its own plan. */
    pthread_mutex_t subset_lock;
};

hy_fontset *fontset_new(void)
{
    hy_fontset *fs = calloc(1, sizeof(hy_fontset));
    if (fs && pthread_mutex_init(&fs->subset_lock, NULL) != 0) {
        free(fs);
        return NULL;
    }
    return fs;
}

static void font_release(fontset_font *f)
{
    hb_face_destroy(f->prepared);
    hb_face_destroy(f->face);
    hb_blob_destroy(f->blob);
    free(f->advance);
    free(f->present);
    free(f->name);
    free(f->path);
    memset(f, 0, sizeof *f);
}

void fontset_free(hy_fontset *fs)
{
    if (!fs)
        return;
    for (size_t i = 0; i < fs->count; i++)
        font_release(&fs->fonts[i]);
    free(fs->fonts);
    pthread_mutex_destroy(&fs->subset_lock);
    free(fs);
}

/* Finds a bare font file name in a colon-separated list of folders; returns a
 * malloc'ed path, or NULL (with *oom set when that was the reason). */
static char *search_font(const char *file, const char *dirs, int *oom)
{
    *oom = 0;
    const char *p = dirs;
    while (*p) {
        const char *colon = strchr(p, ':');
        size_t n = colon ? (size_t)(colon - p) : strlen(p);
        if (n > 0) {
            char *dir = strndup(p, n);
            char *path = dir ? fs_join(dir, file) : NULL;
            free(dir);
            if (!path) {
                *oom = 1;
                return NULL;
            }
            struct stat st;
            if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
                return path;
            free(path);
        }
        if (!colon)
            break;
        p = colon + 1;
    }
    return NULL;
}

static unsigned be16(const char *p)
{
    return ((unsigned)(unsigned char)p[0] << 8) | (unsigned char)p[1];
}

/* Reads what libharu reads from the same font, computed the way libharu 2.3.0
 * computes it (hpdf_fontdef_tt.c: hhea ascender/descender and every advance
 * are scaled by `value * 1000 / units_per_em` in integers, truncating), so
 * that hyoka's layout measures exactly what the PDF will contain. */
static int font_measure(fontset_font *f, hy_err *err)
{
    f->upem = hb_face_get_upem(f->face);
    hb_blob_t *glyf = hb_face_reference_table(f->face, HB_TAG('g', 'l', 'y', 'f'));
    unsigned glyf_len = hb_blob_get_length(glyf);
    hb_blob_destroy(glyf);
    if (glyf_len == 0 || f->upem == 0)
        return err_set(err, HY_EUSAGE,
                       _("%s: not a TrueType-outline font (libharu embeds only those)"), f->path);

    hb_blob_t *os2 = hb_face_reference_table(f->face, HB_TAG('O', 'S', '/', '2'));
    unsigned os2_len;
    const char *os2_data = hb_blob_get_data(os2, &os2_len);
    unsigned fs_type = os2_len >= 10 ? be16(os2_data + 8) : 0;
    hb_blob_destroy(os2);
    /* Restricted-licence and bitmap-only embedding: libharu would refuse the
     * font in every document, so say so once, here. */
    if (os2_len < 10 || (fs_type & 0x0302))
        return err_set(err, HY_EUSAGE, _("%s: the font's licence flags do not allow embedding"),
                       f->path);

    hb_blob_t *hhea = hb_face_reference_table(f->face, HB_TAG('h', 'h', 'e', 'a'));
    unsigned hhea_len;
    const char *hhea_data = hb_blob_get_data(hhea, &hhea_len);
    if (hhea_len < 8) {
        hb_blob_destroy(hhea);
        return err_set(err, HY_EUSAGE, _("%s: the font has no hhea table"), f->path);
    }
    int asc = (int16_t)be16(hhea_data + 4), desc = (int16_t)be16(hhea_data + 6);
    hb_blob_destroy(hhea);
    f->ascent = (int)((int32_t)asc * 1000 / (int32_t)f->upem);
    f->descent = -(int)((int32_t)desc * 1000 / (int32_t)f->upem);

    f->advance = calloc(BMP_SIZE, sizeof *f->advance);
    f->present = calloc(BMP_SIZE / 8, 1);
    hb_font_t *font = hb_font_create(f->face);
    if (!f->advance || !f->present || font == hb_font_get_empty()) {
        hb_font_destroy(font);
        return err_set(err, HY_EIO, _("%s: out of memory"), f->path);
    }
    /* Font units, unscaled, so the truncation below is libharu's and not a
     * second rounding on top of HarfBuzz's. */
    hb_font_set_scale(font, (int)f->upem, (int)f->upem);
    for (uint32_t cp = 0; cp < BMP_SIZE; cp++) {
        hb_codepoint_t gid;
        if (!hb_font_get_nominal_glyph(font, cp, &gid) || gid == 0)
            continue;
        hb_position_t adv = hb_font_get_glyph_h_advance(font, gid);
        f->advance[cp] = (uint16_t)((unsigned)adv * 1000u / f->upem);
        f->present[cp >> 3] |= (uint8_t)(1u << (cp & 7));
    }
    hb_font_destroy(font);
    return HY_OK;
}

int fontset_add(hy_fontset *fs, const char *name, const char *file,
                const char *search_dirs, hy_err *err)
{
    if (fontset_find(fs, name) >= 0)
        return err_set(err, HY_EUSAGE, _("font \"%s\" is defined twice"), name);
    fontset_font f = {0};
    int rc;
    f.name = strdup(name);
    if (strchr(file, '/')) {
        f.path = strdup(file);
    } else {
        int oom;
        const char *dirs = search_dirs ? search_dirs : HYOKA_FONT_DIRS;
        f.path = search_font(file, dirs, &oom);
        if (!f.path && !oom) {
            free(f.name);
            return err_set(err, HY_EUSAGE, _("font file %s for \"%s\" not found in %s"),
                           file, name, dirs);
        }
    }
    if (!f.name || !f.path) {
        rc = err_set(err, HY_EIO, _("%s: out of memory"), file);
        goto fail;
    }
    errno = 0;
    f.blob = hb_blob_create_from_file_or_fail(f.path);
    if (!f.blob) {
        rc = err_set(err, HY_EIO, _("%s: cannot read the font file%s%s"), f.path,
                     errno ? ": " : "", errno ? strerror(errno) : "");
        goto fail;
    }
    f.face = hb_face_create(f.blob, 0);
    if (hb_face_get_glyph_count(f.face) == 0) {
        rc = err_set(err, HY_EUSAGE, _("%s: not a font file"), f.path);
        goto fail;
    }
    /* Immutable from here on: HarfBuzz objects are safe to share between
     * threads once nothing modifies them. */
    hb_face_make_immutable(f.face);
    rc = font_measure(&f, err);
    if (rc != HY_OK)
        goto fail;
    fontset_font *slot = vec_push(&fs->fonts, &fs->count, &fs->cap, sizeof *slot);
    if (!slot) {
        rc = err_set(err, HY_EIO, _("%s: out of memory"), file);
        goto fail;
    }
    *slot = f;
    return HY_OK;

fail:
    font_release(&f);
    return rc;
}

int fontset_prepare(hy_fontset *fs, hy_err *err)
{
    for (size_t i = 0; i < fs->count; i++) {
        fontset_font *f = &fs->fonts[i];
        if (f->prepared)
            continue;
        /* HarfBuzz decodes the tables a subset reads (cmap, glyf, hmtx...)
         * once into a face of its own, instead of in every subset: measured
         * on a sheet's ~500 characters of IPAex Gothic, 0.20 ms -> 0.06 ms
         * per subset, for 35 ms and ~20 MB once. Same subset bytes. */
        hb_face_t *prepared = hb_subset_preprocess(f->face);
        if (!prepared || prepared == hb_face_get_empty()) {
            hb_face_destroy(prepared);
            return err_set(err, HY_EIO, _("%s: out of memory preparing the font"), f->path);
        }
        hb_face_make_immutable(prepared);
        f->prepared = prepared;
    }
    return HY_OK;
}

int fontset_find(const hy_fontset *fs, const char *name)
{
    for (size_t i = 0; i < fs->count; i++)
        if (strcmp(fs->fonts[i].name, name) == 0)
            return (int)i;
    return -1;
}

const char *fontset_path(const hy_fontset *fs, int font)
{
    return fs->fonts[font].path;
}

unsigned fontset_advance(const hy_fontset *fs, int font, uint32_t cp)
{
    return cp < BMP_SIZE ? fs->fonts[font].advance[cp] : 0;
}

int fontset_has_glyph(const hy_fontset *fs, int font, uint32_t cp)
{
    return cp < BMP_SIZE && (fs->fonts[font].present[cp >> 3] >> (cp & 7) & 1);
}

int fontset_ascent(const hy_fontset *fs, int font)
{
    return fs->fonts[font].ascent;
}

int fontset_descent(const hy_fontset *fs, int font)
{
    return fs->fonts[font].descent;
}

float fontset_text_width(const hy_fontset *fs, int font, float size, const char *utf8)
{
    /* Summed in integers and scaled once, as libharu sums its widths: the same
     * text always measures the same, whatever it is split into. */
    unsigned long long units = 0;
    size_t n = strlen(utf8);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = utf8_decode(utf8 + i, n - i, &cp);
        if (len == 0) {
            i++;
            continue;
        }
        units += fontset_advance(fs, font, cp);
        i += len;
    }
    return (float)((double)units * size / 1000.0);
}

int fontset_subset(const hy_fontset *fs, int font, const uint32_t *cps, size_t n,
                   void **data, size_t *len, hy_err *err)
{
    const fontset_font *f = &fs->fonts[font];
    hb_subset_input_t *input = hb_subset_input_create_or_fail();
    if (!input)
        return err_set(err, HY_EIO, _("%s: out of memory subsetting the font"), f->path);
    hb_set_t *unicodes = hb_subset_input_unicode_set(input);
    for (size_t i = 0; i < n; i++)
        hb_set_add(unicodes, cps[i]);
    /* libharu reads the FontDescriptor's CapHeight and XHeight from the
     * glyphs of 'H' and 'x' and writes 0 when they are missing. */
    hb_set_add(unicodes, 'H');
    hb_set_add(unicodes, 'x');
    /* Hinting instructions make the subset bigger and slower to write, and
     * PDF viewers render CJK outlines unhinted anyway. */
    hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_NO_HINTING);
    /* libharu embeds only 13 tables (hpdf_fontdef_tt.c); layout and vertical
     * tables would be subset for nothing, and keeping GSUB would also pull
     * the glyphs its substitutions reach (vertical forms of kana and
     * punctuation) into the subset, which nothing ever draws. */
    hb_set_t *drop = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
    static const hb_tag_t dropped[] = {
        HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
        HB_TAG('B', 'A', 'S', 'E'), HB_TAG('J', 'S', 'T', 'F'), HB_TAG('v', 'h', 'e', 'a'),
        HB_TAG('v', 'm', 't', 'x'), HB_TAG('V', 'O', 'R', 'G'), HB_TAG('k', 'e', 'r', 'n'),
        HB_TAG('g', 'a', 's', 'p'), HB_TAG('h', 'd', 'm', 'x'), HB_TAG('L', 'T', 'S', 'H'),
        HB_TAG('V', 'D', 'M', 'X'), HB_TAG('D', 'S', 'I', 'G'),
    };
    for (size_t i = 0; i < sizeof dropped / sizeof dropped[0]; i++)
        hb_set_add(drop, dropped[i]);
    if (hb_set_allocation_successful(unicodes) == 0 || hb_set_allocation_successful(drop) == 0) {
        hb_subset_input_destroy(input);
        return err_set(err, HY_EIO, _("%s: out of memory subsetting the font"), f->path);
    }

    hb_face_t *sub;
    if (f->prepared) {
        pthread_mutex_lock((pthread_mutex_t *)&fs->subset_lock);
        sub = hb_subset_or_fail(f->prepared, input);
        pthread_mutex_unlock((pthread_mutex_t *)&fs->subset_lock);
    } else {
        sub = hb_subset_or_fail(f->face, input);
    }
    hb_subset_input_destroy(input);
    if (!sub)
        return err_set(err, HY_EIO, _("%s: HarfBuzz could not subset the font"), f->path);
    hb_blob_t *blob = hb_face_reference_blob(sub);
    unsigned blen;
    const char *bytes = hb_blob_get_data(blob, &blen);
    void *copy = blen ? malloc(blen) : NULL;
    if (copy)
        memcpy(copy, bytes, blen);
    hb_blob_destroy(blob);
    hb_face_destroy(sub);
    if (!copy)
        return err_set(err, HY_EIO, _("%s: out of memory subsetting the font"), f->path);
    *data = copy;
    *len = blen;
    return HY_OK;
}

/* The top of a glyph's outline in 1/1000 em, 0 when the font lacks cp. */
static int glyph_top(hb_font_t *font, unsigned upem, uint32_t cp)
{
    hb_codepoint_t gid;
    hb_glyph_extents_t ext;
    if (!hb_font_get_nominal_glyph(font, cp, &gid) || !hb_font_get_glyph_extents(font, gid, &ext))
        return 0;
    return (int)((int32_t)ext.y_bearing * 1000 / (int32_t)upem);
}

int fontset_subset_info(const void *data, size_t len, const uint32_t *cps, size_t n,
                        uint16_t *gids, hy_subset_info *info, const char *path, hy_err *err)
{
    hb_blob_t *blob = hb_blob_create_or_fail(data, (unsigned)len, HB_MEMORY_MODE_READONLY, NULL,
                                             NULL);
    hb_face_t *face = blob ? hb_face_create(blob, 0) : NULL;
    hb_font_t *font = face ? hb_font_create(face) : NULL;
    unsigned upem = face ? hb_face_get_upem(face) : 0;
    hb_blob_t *head = face ? hb_face_reference_table(face, HB_TAG('h', 'e', 'a', 'd')) : NULL;
    unsigned head_len = 0;
    const char *h = head ? hb_blob_get_data(head, &head_len) : NULL;
    int rc = HY_OK;
    if (!font || font == hb_font_get_empty() || upem == 0 || head_len < 44) {
        rc = err_set(err, HY_EIO, _("%s: HarfBuzz cannot read back the font subset"), path);
    } else {
        hb_font_set_scale(font, (int)upem, (int)upem);
        for (size_t i = 0; i < n; i++) {
            hb_codepoint_t gid = 0;
            gids[i] = hb_font_get_nominal_glyph(font, cps[i], &gid) ? (uint16_t)gid : 0;
        }
        memset(info, 0, sizeof *info);
        unsigned name_len = sizeof info->ps_name;
        if (hb_ot_name_get_utf8(face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID,
                                &name_len, info->ps_name) == 0)
            snprintf(info->ps_name, sizeof info->ps_name, "Font");
        for (int k = 0; k < 4; k++)
            info->bbox[k] = (int)((int32_t)(int16_t)be16(h + 36 + 2 * k) * 1000 / (int32_t)upem);
        info->cap_height = glyph_top(font, upem, 'H');
        info->x_height = glyph_top(font, upem, 'x');
    }
    hb_blob_destroy(head);
    hb_font_destroy(font);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    return rc;
}

int fontset_info(const hy_fontset *fs, int font, hy_font_info *info, hy_err *err)
{
    const fontset_font *f = &fs->fonts[font];
    memset(info, 0, sizeof *info);
    unsigned len = sizeof info->psname - 1;
    hb_ot_name_get_utf8(f->face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &len,
                        info->psname);
    /* a PDF name: printable ASCII without delimiters, else a neutral one */
    int ok = info->psname[0] != '\0';
    for (char *c = info->psname; *c && ok; c++)
        ok = *c > 0x20 && *c < 0x7F && !strchr("()<>[]{}/%#", *c);
    if (!ok)
        snprintf(info->psname, sizeof info->psname, "HyokaFont%d", font);
    hb_blob_t *head = hb_face_reference_table(f->face, HB_TAG('h', 'e', 'a', 'd'));
    unsigned head_len;
    const char *h = hb_blob_get_data(head, &head_len);
    if (head_len < 54) {
        hb_blob_destroy(head);
        return err_set(err, HY_EIO, _("%s: the font has no head table"), f->path);
    }
    for (int i = 0; i < 4; i++) {
        int v = (int16_t)be16(h + 36 + 2 * i);
        info->bbox[i] = (int)((long)v * 1000 / (long)f->upem);
    }
    hb_blob_destroy(head);
    info->ascent = f->ascent;
    info->descent = -f->descent;
    hb_font_t *hf = hb_font_create(f->face);
    hb_codepoint_t gid;
    hb_glyph_extents_t ext;
    hb_font_set_scale(hf, 1000, 1000);
    info->cap_height = info->ascent;
    if (hb_font_get_nominal_glyph(hf, 'H', &gid) && hb_font_get_glyph_extents(hf, gid, &ext))
        info->cap_height = ext.y_bearing;
    hb_font_destroy(hf);
    return HY_OK;
}

int fontset_subset_glyphs(const void *data, size_t len, const uint32_t *cps, size_t n,
                          uint16_t *gids, hy_err *err)
{
    hb_blob_t *blob = hb_blob_create_or_fail(data, (unsigned)len, HB_MEMORY_MODE_READONLY, NULL,
                                             NULL);
    if (!blob)
        return err_set(err, HY_EIO, _("out of memory reading a font subset"));
    hb_face_t *face = hb_face_create(blob, 0);
    hb_font_t *font = hb_font_create(face);
    for (size_t i = 0; i < n; i++) {
        hb_codepoint_t gid = 0;
        gids[i] = hb_font_get_nominal_glyph(font, cps[i], &gid) && gid <= 0xFFFF
                      ? (uint16_t)gid : 0;
    }
    hb_font_destroy(font);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    return HY_OK;
}
