/*
 * num.h - exact decimal numbers and integer yen.
 *
 * A published evaluation is checked by hand against the department's own
 * spreadsheet, so hyoka never lets binary floating point near a figure: a value
 * is kept as the digits the department typed (mantissa and decimal places),
 * money as whole yen, and rates are computed from those integers and rounded
 * once, at the end, by the rule the output states.
 *
 * "No value" (a blank cell, ―, 未集計) is not zero: both types carry `known`.
 */
#ifndef HY_NUM_H
#define HY_NUM_H

#include <stddef.h>
#include <stdint.h>

/* A decimal: value = mantissa / 10^scale. 1.00 is {100, 2}; scale is what was
 * typed, so 1.00 and 1 compare equal but print as typed when asked to. */
typedef struct hy_num {
    int64_t mantissa;
    uint8_t scale;    /* decimal places, 0..HY_NUM_MAX_SCALE */
    uint8_t known;    /* 0: no value (null), which is not zero */
} hy_num;

/* An amount of money in whole yen. */
typedef struct hy_amount {
    int64_t yen;
    uint8_t known;    /* 0: no value */
} hy_amount;

#define HY_NUM_MAX_SCALE 15

/* How a quotient is rounded to the last printed digit. */
typedef enum hy_rounding {
    HY_ROUND_HALF_UP,   /* half away from zero, as Excel's ROUND: 2.5 -> 3, -2.5 -> -3 */
    HY_ROUND_DOWN,      /* toward zero (切り捨て) */
    HY_ROUND_HALF_EVEN, /* banker's rounding */
} hy_rounding;

static inline hy_num num_null(void) { return (hy_num){0, 0, 0}; }
static inline hy_num num_of(int64_t mantissa, uint8_t scale) { return (hy_num){mantissa, scale, 1}; }
static inline hy_amount amount_null(void) { return (hy_amount){0, 0}; }
static inline hy_amount amount_of(int64_t yen) { return (hy_amount){yen, 1}; }

/* Divides num by den (den != 0) rounding to an integer by rule. Exact for every
 * int64 operand pair: the remainder decides, no floating point. */
int64_t num_div_round(__int128 num, __int128 den, hy_rounding rule);

/* The value of a at `scale` decimal places, rounded by rule when scale is smaller
 * than a's. Returns 0 and stores it in *out, or -1 on overflow. */
int num_at_scale(hy_num a, uint8_t scale, hy_rounding rule, int64_t *out);

/* Compares two known numbers by value: <0, 0, >0. */
int num_cmp(hy_num a, hy_num b);

/* Are a and b both null, or both known and equal in value? */
int num_same(hy_num a, hy_num b);

/* a + b exactly, at the larger of the two scales; -1 on overflow or when either
 * is null. */
int num_add(hy_num a, hy_num b, hy_num *out);

/* a * b exactly (scales add); -1 on overflow. */
int num_mul(hy_num a, hy_num b, hy_num *out);

/* Formats a known number with `decimals` places (rounded by rule) and, when group
 * is set, a comma every three digits: (1234567, 0) -> "1,234,567". A null
 * number gives "". decimals < 0 prints the scale the number was typed with.
 * Returns the length written (always NUL-terminated when size > 0). */
size_t num_format(hy_num a, int decimals, int group, hy_rounding rule, char *out, size_t size);

/* Formats yen in units of `unit` yen (1000 for 千円), rounded by rule, grouped
 * with commas: (22,000,000 yen, 1000) -> "22,000". Null gives "". */
size_t amount_format(hy_amount a, int64_t unit, hy_rounding rule, char *out, size_t size);

#endif
