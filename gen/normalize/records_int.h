/*
 * records_int.h - what the files of records_*.c share (private to normalize/):
 * the records being built, the tables recognised, the row being read.
 */
#ifndef HY_RECORDS_INT_H
#define HY_RECORDS_INT_H

#include <stdint.h>

#include "normalize/records.h"
#include "util/buf.h"

/* Records are gathered in malloc'ed arrays (util/vec.h) while the sheets are
 * read (a project's costs may come from a file read after its indicators) and
 * copied into the data set's arena at the end, sorted. */

typedef struct ind_build {
    hy_indicator ind;
    hy_value *values;
    size_t nvalues, vcap;
} ind_build;

typedef struct project_build {
    hy_project p;
    hy_field *fields;
    size_t nfields, fcap;
    hy_choice *choices;
    size_t nchoices, ccap;
    hy_cost *costs;
    size_t ncosts, costcap;
    ind_build *inds;
    size_t ninds, icap;
} project_build;

/* One column of a recognised table. */
typedef struct column {
    uint32_t col;                 /* 1-based */
    const char *header;           /* as written, trimmed; under a group `人工 (R3年度) 正職員` */
    const char *key;              /* canonical key, NULL when unknown */
    int year;                     /* year written in the header or its group, or 0 */
    const char *year_label;       /* that year as the header writes it (H31), or NULL */
    int stage;                    /* budget stage written in its group (R2決算), or -1 */
    const hy_choice_set *choice;  /* a judgement item column */
    int reason;                   /* the reason column of that item */
    int cost;                     /* a costs column of a sheet that also lists projects */
    int block;                    /* which repeated column block it stands in, or -1 */
    int ind_part;                 /* IND_NAME / IND_UNIT / IND_VALUE of an indicator named
                                     by a letter (ア：名称, ア：単位, ⑤活動指標 ア), or 0 */
    uint32_t ind_letter;          /* that letter */
    const char *ind_kind;         /* 活動指標, 対象指標, 成果指標 when the header says */
} column;

enum { IND_NAME = 1, IND_UNIT, IND_VALUE };

/* The most column blocks a sheet may repeat (one per fiscal year). */
enum { MAX_BLOCKS = 32 };

typedef struct table {
    const hy_book *book;
    const hy_sheet *sheet;
    const char *file;             /* the book's file and sheet name, kept in the data set's */
    const char *sheet_name;       /* arena: locations outlive the books they came from */
    hy_table_kind kind;
    int wide;                     /* projects with their costs on the same rows (seed 002) */
    size_t header_index;          /* index of the header's first row in sheet->rows */
    size_t data_index;            /* index of the first row after the header */
    column *cols;
    size_t ncols;
    size_t run_first, run_len;    /* the money columns side by side (cols[run_first..]), if 3+ */
    int run_full;                 /* some row fills every one of them */
    int64_t unit_yen;             /* amounts typed without a unit are in this unit */
    hy_table_stats *stats;
    size_t nblocks;               /* column blocks repeated once per year (0: none) */
    int block_year[MAX_BLOCKS];   /* each block's fiscal year */
    int block_stage[MAX_BLOCKS];  /* its stage, or -1: 決算 before the evaluation year,
                                     当初予算 from it on */
    size_t nlines, shift_like;    /* cost lines read, and those with 一般財源 0 and
                                     その他 = 事業費 (rec_check_shifted) */
    size_t subyen;                /* amounts rounded to the yen, and the first one */
    hy_loc subyen_loc;
    char subyen_text[64];
} table;

typedef struct builder {
    const hy_columns *columns;
    const hy_profile *profile;
    hy_dataset *ds;
    hy_diags *diags;
    hy_err *err;
    hy_arena *work;               /* a spill arena for the arrays below and the projects'
                                     growing arrays, freed when the data set is stored;
                                     beside the data set's, one release budget */
    project_build *projects;
    size_t nprojects, pcap;
    size_t *code_slots;           /* open addressing: index + 1 into projects, 0 empty */
    size_t code_cap;              /* a power of two, at least twice nprojects */
    hy_table_stats *stats;
    size_t nstats, scap;
    int have_projects_table;
    int oom;
    hy_buf scratch, scratch2, cand;
    hy_left_out *left_out;        /* project rows rejected */
    size_t nleft_out, lcap;
    const hy_records_opts *opts;  /* never NULL */
    int block_years[MAX_BLOCKS];  /* opts->block_years parsed; nblock_years -1 when bad */
    int block_stages[MAX_BLOCKS];
    int nblock_years;
} builder;

typedef struct rowctx {
    builder *b;
    table *t;
    const hy_row *row;
    int bad;                      /* the row had an error: reject it */
} rowctx;

/* The member of a cost line a column key names: an amount or a number. */
typedef struct cost_member {
    hy_amount *amount;
    hy_num *num;
} cost_member;

/* ---- the wide shape: projects with their cost lines (seed 002) -------------
 * One project per block of rows. The block's first row names the project and
 * may hold its first cost line (R2決算 115 0 0 ...); the rows below it, whose
 * project columns are blank (or repeat its code), hold its other lines. A
 * cost column whose header carries a year and a stage (R2決算 over 事業費)
 * makes a line of that year and stage on every row; one whose header carries
 * a year only (人工 (R3年度) over 正職員) belongs to the block's lines of that
 * year, whichever row of the block it is written on. */

enum { NO_PROJECT = -1 };

/* A value written on one row of a block for the lines of another year. */
typedef struct pending {
    const column *c;
    uint32_t row;
    hy_cost value;               /* only the member c->key names is set */
} pending;

typedef struct block {
    long project;                /* index in builder.projects, or NO_PROJECT */
    uint32_t head_row;           /* the row that named the project */
    int rejected;                /* that row was rejected */
    int lost_lines;              /* a later row of the block was rejected */
    size_t cost_start;           /* the project's lines read in this block start here */
    pending *pend;
    size_t npend, pcap;
} block;

/* ---- records_build.c: the records being built ---- */

/* Copies s into the data set's arena (NULL stays NULL); marks b->oom on failure. */
char *rec_keep(builder *b, const char *s);

/* The location of a cell of a table's row (col 0: the row as a whole). */
hy_loc rec_cell_loc(const table *t, const hy_row *row, uint32_t col);

/* The trimmed text of a cell in the builder's scratch buffer, or NULL if blank;
 * valid until the next call. */
const char *rec_cell(builder *b, const hy_row *row, uint32_t col);

/* The project already read with this code, or NULL (a hash lookup: codes
 * are looked up once per cost and indicator row). */
project_build *rec_find_project(builder *b, const char *code);

/* Appends a project (taking over pb's arrays) and indexes its code. Returns
 * it, or NULL when out of memory (pb's arrays are then freed). */
project_build *rec_add_project(builder *b, project_build *pb);

/* A budget stage as a cell or a header names it: 決算, 当初予算, 決算見込 ...
 * Returns 1 and sets *out, or 0. */
int rec_parse_stage(const char *s, hy_stage *out);

/* A stage with the year written in front of it (R2決算, 令和3年度決算見込);
 * *year is 0 when the cell names a stage alone. Returns 0 when it is neither. */
int rec_parse_year_stage(builder *b, const char *s, hy_stage *stage, int *year);

/* Reports an error at a cell (col 0: the row) of the row being read and
 * rejects the row. */
void rec_row_error(rowctx *rc, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Reports a warning at a cell of the row being read; the row is kept. */
void rec_row_warning(rowctx *rc, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The cell of column c as a number (blank: unknown); an unreadable one is a
 * row error. A unit written after the number goes to unit_text when given. */
hy_num rec_read_number(rowctx *rc, const column *c, hy_buf *unit_text);

/* The cell of column c as an amount in whole yen, in the table's unit when none
 * is written (blank: unknown); an unreadable one is a row error. */
hy_amount rec_read_amount(rowctx *rc, const column *c);

/* The cell of column c as a fiscal year (0 when blank); a row error when
 * it is not one. */
int rec_read_year(rowctx *rc, const column *c);

/* Whether a cell marks yes (★, ○, 1, 新規, あり ...). */
int rec_truthy(const char *s);

/* Keeps a column hyoka has no member for under its key or header. Returns
 * 0, or -1 when out of memory. */
int rec_add_field(builder *b, project_build *pb, const char *key, const char *value, hy_loc loc);

/* ---- records_longform.c ---- */

/* A row of a judgements table in long form (事業コード, 評価項目, 選択, 理由): the
 * item's choice for the project, read with the profile's choice set; an item
 * the profile has no set for is kept as the project's column of that name (and
 * ITEMの理由), as a projects table would hold it, so `choices = data` finds it. */
void rec_read_choices_row(builder *b, rowctx *rc);

/* Is t an indicators table in long form (a 値 column: one figure per row)? */
int rec_is_long_indicators(const table *t);

/* One row of a long indicators table, its indicator columns read into ib: the
 * figure (値 of its 値の種類 and 年度) goes into the project's indicator of the same
 * 指標区分 and 指標名, ib's own when this is its first row (ib is taken over). */
void rec_read_indicator_figure(builder *b, rowctx *rc, project_build *pb, ind_build *ib);

/* The project's judgement item for cs, added unchosen when it has none;
 * NULL when out of memory. */
hy_choice *rec_choice_slot(builder *b, project_build *pb, const hy_choice_set *cs);

/* A multi-select item (`multiple = yes`): every chosen option in the mask,
 * and the first of them as `chosen`. */
void rec_read_multiple_choice(rowctx *rc, const column *c, const char *s, hy_choice *ch);


/* The member of a cost line a column key names (an amount or a number; both
 * NULL when the key names neither). */
cost_member rec_member_of(hy_cost *cost, const char *key);

/* Reads a money or staff cell of a cost line into its member; returns 1 when
 * the column is one and its cell is not blank. */
int rec_read_cost_cell(rowctx *rc, const column *c, hy_cost *cost);

/* Reads a 区分 cell, which may carry its year (R3当初予算) into *stage_year;
 * anything else is a row error listing the stages. */
void rec_read_stage(rowctx *rc, const column *c, hy_cost *cost, int *stage_year);

/* An indicator's direction as written: 増加, 減少, 維持 and their marks.
 * Returns 1 and sets *out, or 0. */
int rec_parse_trend(const char *s, hy_trend *out);

/* Adds a yearly value to an indicator being built (b->oom when out of memory). */
void rec_push_value(builder *b, ind_build *ib, int year, const char *year_label,
                    hy_value_kind kind, hy_num n, const char *text, hy_loc loc);

/* Gives the indicator to the project, its figures at one number of decimals
 * (a KPI row's keep the decimals they were entered with).
 * Returns 0, or -1 when out of memory (ib's values are then the caller's). */
int rec_attach_indicator(builder *b, rowctx *rc, project_build *pb, ind_build *ib);

/* Copies every project read, its costs and values sorted by year, and the
 * table statistics into the data set's arena. */
void rec_store(builder *b);

/* Writes a column's letters as Excel names it (1 is A, 27 is AA) into out. */
void rec_col_letters(uint32_t col, char out[8]);

/* After a rejected row: a project row's project is left out of the data set
 * (recorded in ds->left_out); a cost or indicator row marks its project as
 * having errors. project is the block's project of a wide table, or -1. */
void rec_note_rejected(builder *b, const table *t, const hy_row *row, long project);

/* A cost or indicator row naming no project read: an error, unless its
 * project's own row was rejected (reported there; the row is rejected with it,
 * not reported again for each of its lines). */
void rec_no_project(rowctx *rc, uint32_t col, const char *code);

/* Warns once for a table whose amounts finer than the yen were rounded: how
 * many, and the first at its cell. */
void rec_report_subyen(builder *b, const table *t);

/* ---- records_check.c: cross-checks of what was read ---- */

/* A project code must be unique in the data set: a second one is a row error
 * naming where the first is. */
void rec_check_unique(builder *b, rowctx *rc, const project_build *pb);

/* Reports a row whose money cells do not line up with the header (a column
 * left out, the rest shifted left); see records_check.c. */
void rec_check_alignment(rowctx *rc);

/* What every cost line must satisfy, wherever it was read: a 事業費, and
 * funding sources that add up to it. */
void rec_check_line(rowctx *rc, const hy_cost *cost, uint32_t total_col);

/* A year written in the 区分 cell gives the line its year, or must agree
 * with the one in the 年度 column. */
void rec_settle_stage_year(rowctx *rc, hy_cost *cost, int stage_year, uint32_t stage_col,
                              uint32_t *year_col);

/* A cost line for a year and stage the project already has is a row error;
 * returns 1 then. */
int rec_duplicate_line(rowctx *rc, const project_build *pb, const hy_cost *cost,
                          uint32_t year_col);

/* A table whose every cost line (3 or more) has 一般財源 0 and その他 equal to
 * 事業費 has its figures shifted by a column against its header: one error at
 * the header, and the run publishes nothing. */
void rec_check_shifted(builder *b, table *t);

/* Does some data row fill every money column of the run? (check_alignment) */
int rec_run_filled_somewhere(builder *b, const table *t);

/* ---- records_long.c: tables of one record per row ---- */

/* Reads the project part of a projects or KPI row into a fresh project. */
void rec_read_project_columns(rowctx *rc, project_build *pb);

/* Checks the project read from a row has a code, a name and (from its row
 * or the profile) an evaluation year, and gives it its location. */
void rec_finish_project(builder *b, rowctx *rc, project_build *pb);

/* A row of a projects table: a project, or row errors. */
void rec_read_projects_row(builder *b, rowctx *rc);

/* A row of a costs table: one cost line of a project already read. */
void rec_read_costs_row(builder *b, rowctx *rc);

/* A row of an indicators table: one indicator of a project already read. */
void rec_read_indicators_row(builder *b, rowctx *rc);

/* A KPI row: the project's columns (repeated on each of its KPI rows) and one KPI. */
void rec_read_kpi_row(builder *b, rowctx *rc);

/* ---- records_wide.c: projects with their cost lines on the same rows ---- */

/* Ends a block of a wide table: values written for another year go onto the
 * block's lines of that year; one with no line to go on is an error at its cell. */
void rec_end_block(builder *b, table *t, block *blk);

/* A row of a wide table: the first row of a project's block, or one of its
 * other lines. */
void rec_read_wide_row(builder *b, rowctx *rc, block *blk);

/* ---- records_blocks.c: one row per project, column blocks repeated per year ---- */

/* Marks col as part of an indicator named by a letter when its header says so:
 * `⑤ 活動指標（…） ア：名称` (IND_NAME), `ア：単位` (IND_UNIT), `⑤活動指標 ア`
 * (IND_VALUE); leaves it as it is otherwise. */
void rec_indicator_header(const char *header, column *col);

/* Decides whether a projects table repeats a block of cost and indicator
 * columns once per year; if so numbers the blocks, takes their years from the
 * headers where written, pairs each judgement item with its reason column and
 * returns 1. Otherwise undoes what rec_indicator_header marked and returns 0. */
int rec_find_blocks(builder *b, table *t);

/* Parses b->opts->block_years into b->block_years; a token that is no fiscal
 * year is an error at hyoka.conf (and nblock_years becomes -1). */
void rec_parse_block_years(builder *b);

/* Gives the blocks without a year in their headers theirs from block_years.
 * Returns 0, after one error naming block_years and the blocks found, when it
 * cannot: then the sheet is not read. */
int rec_block_years(builder *b, table *t);

/* A row of a table with column blocks: the project, a cost line per filled
 * block, its indicators with a value per block. */
void rec_read_blocked_row(builder *b, rowctx *rc);

#endif
