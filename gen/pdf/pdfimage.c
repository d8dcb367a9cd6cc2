#include "pdf/pdfimage.h"

#include <png.h>
#include <stdlib.h>
#include <string.h>

#include "util/fsutil.h"
#include "util/i18n.h"

/* An image the size of a sheet's slot is ~1 MB of pixels; a file above this
 * is not an illustration. */
#define MAX_FILE (64u << 20)

/* The frame header of a JPEG: its size and number of components. */
static int jpeg_frame(const unsigned char *p, size_t n, hy_pdfimage *im)
{
    size_t i = 2;
    while (i + 4 <= n) {
        if (p[i] != 0xFF)
            return -1;
        unsigned m = p[i + 1];
        if (m == 0xFF) {   /* fill byte */
            i++;
            continue;
        }
        size_t len = (size_t)p[i + 2] << 8 | p[i + 3];
        /* SOF0..SOF15 but DHT (C4), JPG (C8), DAC (CC) */
        if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
            if (i + 10 > n)
                return -1;
            im->height = (unsigned)p[i + 5] << 8 | p[i + 6];
            im->width = (unsigned)p[i + 7] << 8 | p[i + 8];
            int comps = p[i + 9];
            im->colorspace = comps == 1 ? "DeviceGray" : comps == 3 ? "DeviceRGB" : NULL;
            return im->colorspace && im->width && im->height && p[i + 4] == 8 ? 0 : -1;
        }
        i += 2 + len;
    }
    return -1;
}

static int load_png(const char *file, hy_pdfimage *im, hy_err *err)
{
    png_image png;
    memset(&png, 0, sizeof png);
    png.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&png, file))
        return err_set(err, HY_EUSAGE, _("%s: not a PNG image hyoka can read (%s)"), file,
                       png.message);
    int alpha = (png.format & PNG_FORMAT_FLAG_ALPHA) != 0;
    png.format = alpha ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB;
    size_t px = (size_t)png.width * png.height, bpp = alpha ? 4 : 3;
    unsigned char *buf = px && px < (MAX_FILE / 4) ? malloc(px * bpp) : NULL;
    if (!buf) {
        png_image_free(&png);
        return err_set(err, HY_EUSAGE, _("%s: a PNG of %u x %u pixels is too large or empty"),
                       file, png.width, png.height);
    }
    /* transparent pixels are composed over white where no soft mask is made */
    png_color background = {255, 255, 255};
    if (!png_image_finish_read(&png, &background, buf, 0, NULL)) {
        free(buf);
        return err_set(err, HY_EUSAGE, _("%s: cannot decode the PNG image (%s)"), file,
                       png.message);
    }
    im->width = png.width;
    im->height = png.height;
    im->colorspace = "DeviceRGB";
    im->len = px * 3;
    if (alpha) {
        /* split RGBA into the colour samples and the mask */
        im->alpha = malloc(px);
        if (!im->alpha) {
            free(buf);
            return err_set(err, HY_EIO, _("%s: out of memory"), file);
        }
        for (size_t i = 0; i < px; i++) {
            memmove(buf + 3 * i, buf + 4 * i, 3);
            im->alpha[i] = buf[4 * i + 3];
        }
    }
    im->data = buf;
    return HY_OK;
}

int pdfimage_load(const char *file, hy_pdfimage *im, hy_err *err)
{
    memset(im, 0, sizeof *im);
    char *bytes = NULL;
    size_t n = 0;
    int rc = fs_read_file(file, MAX_FILE, &bytes, &n, err);
    if (rc != HY_OK)
        return rc;
    const unsigned char *p = (const unsigned char *)bytes;
    if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0) {
        free(bytes);
        return load_png(file, im, err);
    }
    if (n >= 4 && p[0] == 0xFF && p[1] == 0xD8) {
        if (jpeg_frame(p, n, im) != 0) {
            free(bytes);
            return err_set(err, HY_EUSAGE, _("%s: not a baseline 8-bit grey or RGB JPEG"), file);
        }
        im->jpeg = 1;
        im->data = (unsigned char *)bytes;
        im->len = n;
        return HY_OK;
    }
    free(bytes);
    return err_set(err, HY_EUSAGE, _("%s: not a PNG or JPEG image"), file);
}

void pdfimage_free(hy_pdfimage *im)
{
    free(im->data);
    free(im->alpha);
    im->data = im->alpha = NULL;
}
