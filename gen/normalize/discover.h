/*
 * discover.h - judgement items (評価の視点, 今後の方向性) found in the data itself,
 * for a city that has no profile yet.
 *
 * A city's profile lists its judgement items and their options. A city that
 * has none still has them in its files: a projects column whose cells are
 * numbered options (`１　現状維持`, `３　終了・廃止`), marked lists (■拡充 □現状維持
 * □縮小) or a few short values repeated across projects. Such a column becomes
 * a choice set whose options are the ones the data set uses, in their numbered
 * order (else in the order they first appear), and a column named after it
 * (`方向性の理由`, `方向性（理由）`) its reason. The standard form and `hyoka init`
 * both start from what is found here, so a drafted profile reads the data the
 * way the standard form did.
 */
#ifndef HY_DISCOVER_H
#define HY_DISCOVER_H

#include <stddef.h>

#include "model/model.h"
#include "normalize/columns.h"
#include "profile/profile.h"
#include "util/arena.h"
#include "util/diag.h"

/* A projects column read as a judgement item. */
typedef struct hy_found_choice {
    const char *item;        /* the column's header as written */
    const char *reason;      /* the header of its reason column, or NULL */
    const char **options;    /* numbered order, else first-seen; numbers and marks dropped */
    size_t noptions;
    int multiple;            /* some cell marks several options (■ twice) */
    int numbered;            /* the cells number their options (`２　縮小`) */
} hy_found_choice;

/* Looks at every project field that no columns file names (cols, projects
 * table) and returns those that are judgement items, in column order, in
 * arena. Returns 0, or -1 when out of memory. */
int discover_choices(const hy_dataset *ds, const hy_columns *cols, hy_arena *arena,
                     hy_found_choice **found, size_t *nfound);

/* Makes each found item a choice set of pf (`[choice ITEM]`) and moves the
 * projects' cells of it (and of its reason column) from their fields to their
 * judgements. A cell that does not read as one of the options is an error in
 * diags naming its cell. The first item whose header says 方向性 or 方針
 * becomes pf's direction item when it has none. Returns 0, or -1 when out of
 * memory. */
int discover_apply(hy_dataset *ds, hy_profile *pf, const hy_found_choice *found, size_t nfound,
                   hy_diags *diags);

/* Is header the column of item, or of its reason (ITEMの理由, ITEM（理由）, ITEM(理由),
 * ITEM理由)? */
int discover_is_item_column(const char *header, const char *item);

/* Splits a numbered option: `２　縮小`, `2:縮小`, `②縮小`, `(2) 縮小` give *number 2
 * and *rest at 縮小. Returns 1 when text is numbered, else 0. */
int discover_numbered(const char *text, int *number, const char **rest);

#endif
