/*
 * opendata.h - the figures of an evaluation as open data, following the
 * government's machine-readable data rules (総務省「機械判読可能なデータの
 * 表記方法の統一ルール」): one CSV per table, one value per cell, numbers as
 * numbers (no 3-digit commas, no 円 or 千円 inside, a minus sign and never
 * △), units in the column headers, the 西暦 fiscal year beside the 和暦, no
 * merged or padded cells, no 機種依存文字 (plain.h), the municipality's
 * 全国地方公共団体コード in every row; UTF-8 with a BOM so that Excel opens it.
 *
 *   projects.csv     one row per evaluated project
 *   costs.csv        one row per cost line: year, stage, each source of funds
 *   indicators.csv   one row per figure of an indicator
 *   judgements.csv   one row per judgement item of a project
 *   documents.csv    one row per published PDF of a project (its sheet, and the
 *                    profile's further documents: 事業の説明シート ...)
 *   definitions.csv  項目定義: every column of the four (name, type, unit, meaning)
 */
#ifndef HY_OPENDATA_H
#define HY_OPENDATA_H

#include "model/model.h"
#include "profile/profile.h"
#include "util/err.h"

/* The files opendata_write writes, in order, NULL-ended. */
extern const char *const opendata_files[];

/* The documents every evaluated project is published with, the same kinds for
 * each: the profile's `sheets =` list, the evaluation sheet first. */
typedef struct hy_pubdocs {
    size_t n;                     /* documents per project (at least 1) */
    const char *const *titles;    /* [n]: 事業評価シート, 事業の説明シート ... */
    const char *const *files;     /* [project * n + k]: the PDF relative to the set, or
                                     NULL (a project without a sheet) */
    const long long *bytes;       /* [project * n + k]: its size; NULL: not known */
} hy_pubdocs;

/* Writes the six files into dir (which must exist), each renamed into place
 * when complete; docs (NULL: none) names each project's PDFs. Returns HY_OK,
 * HY_EUSAGE when the profile has no lg_code, or HY_EIO with err naming the
 * file. */
int opendata_write(const hy_dataset *ds, const hy_profile *profile, const hy_pubdocs *docs,
                   const char *dir, hy_err *err);

/* The latest cost line of a project at the 決算 stage, or NULL. */
const hy_cost *opendata_latest_settled(const hy_project *p);

/* The project's 評価結果: its secondary verdict (総合政策部の判定, 二次評価結果),
 * else its grade (達成度); NULL when it has neither. */
const char *opendata_result(const hy_project *p);

/* The option chosen for the profile's 今後の方向性 item, or NULL. */
const char *opendata_direction(const hy_project *p, const hy_profile *profile);

#endif
