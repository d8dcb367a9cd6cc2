/*
 * plain.h - text as the government's machine-readable data rules want it
 * (総務省「機械判読可能なデータの表記方法の統一ルール」): no 機種依存文字.
 * Circled and parenthesised numbers become (1), (2) ...; the other 機種依存文字
 * go through Unicode NFKC, which turns ㈱ into (株), Ⅲ into III, ㎡ into m2,
 * full-width letters and digits into ASCII and half-width kana into full
 * width. Full-width brackets and spaces, ordinary Japanese text, stay.
 */
#ifndef HY_PLAIN_H
#define HY_PLAIN_H

/* The plain form of s (UTF-8), malloc'ed; NULL when out of memory. Line ends
 * become LF. NULL in gives "". */
char *plain_text(const char *s);

#endif
