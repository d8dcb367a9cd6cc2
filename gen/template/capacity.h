/*
 * capacity.h - does a project's data fit the form? A repeat with `max=N` is a
 * form's fixed block of N lines that never continues on another page (the
 * Asahikawa sheet's five 施策のアウトカム rows); more items than that would be
 * lost from the published sheet, so they are an error of the project, found
 * before anything is rendered, like any other data error.
 */
#ifndef HY_CAPACITY_H
#define HY_CAPACITY_H

#include <stddef.h>

#include "template/bind.h"
#include "template/template.h"
#include "util/diag.h"

/* Checks every `max=` repeat of tpl that would be drawn for b (blocks whose
 * `when=` holds, sections entered item by item, as the layout does) and
 * records an error in diags for each one the data outgrows, at the bound
 * project's row, naming the collection, the counts and the template line.
 * Returns how many were found, or (size_t)-1 when out of memory. */
size_t capacity_check(const hy_template *tpl, const hy_bind *b, hy_diags *diags);

/* The items of rp's collection that pass its kind= filter, for b: what a
 * repeat draws before max= and min= apply. (size_t)-1 when out of memory. */
size_t capacity_items(const hy_bind *b, const tpl_repeat *rp);

#endif
