/*
 * pdfwrite.h - painting a drawing into a PDF file with libharu.
 *
 * Each font a drawing uses is embedded as a subset holding exactly the
 * characters the drawing contains, so a sheet stays small, looks the same on
 * every citizen's machine, and its text can be searched and copied. The file is
 * written under a temporary name and renamed into place only when complete.
 * Same drawing, same bytes: nothing time-dependent is written except the
 * drawing's own epoch.
 */
#ifndef HY_PDFWRITE_H
#define HY_PDFWRITE_H

#include "draw/drawing.h"
#include "draw/fontset.h"
#include "util/err.h"

/* Writes the drawing to path. Returns HY_OK, or HY_EIO / HY_EUSAGE with err set
 * (no file is left at path, nor a temporary one, on failure). */
int pdf_write(const hy_drawing *drawing, const hy_fontset *fonts, const char *path, hy_err *err);

#endif
