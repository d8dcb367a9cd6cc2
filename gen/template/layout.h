/*
 * layout.h - filling a template with one project's data and laying it out
 * onto pages: the decisions of where every rule, box and line of text goes,
 * recorded in a hy_drawing for the PDF writer.
 *
 * Text that does not fit its box first shrinks (down to the cell's minimum
 * size); what still does not fit continues on a continuation page that repeats
 * the sheet's title and the project, with a note in the box that it continues.
 * Nothing is cut off silently. Characters the font cannot draw are replaced by
 * 〓 and reported, never left blank.
 */
#ifndef HY_LAYOUT_H
#define HY_LAYOUT_H

#include "draw/drawing.h"
#include "draw/fontset.h"
#include "template/bind.h"
#include "template/template.h"
#include "util/diag.h"
#include "util/err.h"

/* Lays out one project's sheet. fonts must hold every font the template
 * declares, under the same names. Warnings (text continued on another page, a
 * missing glyph) go to warnings. Returns HY_OK, or HY_EIO when out of memory. */
int layout_sheet(const hy_template *tpl, const hy_fontset *fonts, const hy_bind *bind,
                 hy_drawing *out, hy_diags *warnings, hy_err *err);

/* Loads every font a template declares into a font set (once per run). */
int layout_load_fonts(const hy_template *tpl, hy_fontset *fonts, hy_err *err);

#endif
