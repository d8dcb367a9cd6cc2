#include "model/num.h"

#include <stdio.h>
#include <string.h>

static const int64_t POW10[] = {
    1LL, 10LL, 100LL, 1000LL, 10000LL, 100000LL, 1000000LL, 10000000LL,
    100000000LL, 1000000000LL, 10000000000LL, 100000000000LL, 1000000000000LL,
    10000000000000LL, 100000000000000LL, 1000000000000000LL, 10000000000000000LL,
    100000000000000000LL, 1000000000000000000LL,
};

int64_t num_div_round(__int128 num, __int128 den, hy_rounding rule)
{
    if (den < 0) {
        num = -num;
        den = -den;
    }
    __int128 q = num / den, r = num % den;   /* C truncates toward zero */
    if (r == 0 || rule == HY_ROUND_DOWN)
        return (int64_t)q;
    __int128 twice = (r < 0 ? -r : r) * 2;
    int away = twice > den || (twice == den && (rule == HY_ROUND_HALF_UP || (q & 1)));
    if (away)
        q += num < 0 ? -1 : 1;
    return (int64_t)q;
}

int num_at_scale(hy_num a, uint8_t scale, hy_rounding rule, int64_t *out)
{
    if (scale >= a.scale) {
        unsigned d = (unsigned)(scale - a.scale);
        if (d > 18)
            return -1;
        __int128 v = (__int128)a.mantissa * POW10[d];
        if (v > INT64_MAX || v < INT64_MIN)
            return -1;
        *out = (int64_t)v;
        return 0;
    }
    *out = num_div_round(a.mantissa, POW10[a.scale - scale], rule);
    return 0;
}

int num_cmp(hy_num a, hy_num b)
{
    uint8_t s = a.scale > b.scale ? a.scale : b.scale;
    __int128 x = (__int128)a.mantissa * POW10[s - a.scale];
    __int128 y = (__int128)b.mantissa * POW10[s - b.scale];
    return (x > y) - (x < y);
}

int num_same(hy_num a, hy_num b)
{
    if (!a.known || !b.known)
        return a.known == b.known;
    return num_cmp(a, b) == 0;
}

int num_mul(hy_num a, hy_num b, hy_num *out)
{
    __int128 m = (__int128)a.mantissa * b.mantissa;
    unsigned s = (unsigned)a.scale + b.scale;
    while (s > HY_NUM_MAX_SCALE && m % 10 == 0) {
        m /= 10;
        s--;
    }
    if (s > HY_NUM_MAX_SCALE || m > INT64_MAX || m < INT64_MIN)
        return -1;
    *out = num_of((int64_t)m, (uint8_t)s);
    return 0;
}

/* Writes |v| with grouping into out; v is already at the printed scale. */
static size_t format_scaled(int64_t v, int decimals, int group, char *out, size_t size)
{
    char digits[32], tmp[64];
    unsigned long long mag = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    int nd = snprintf(digits, sizeof digits, "%llu", mag);
    /* pad so there is at least one digit before the point */
    char padded[48];
    int pad = decimals + 1 - nd;
    if (pad < 0)
        pad = 0;
    memset(padded, '0', (size_t)pad);
    memcpy(padded + pad, digits, (size_t)nd + 1);
    nd += pad;
    int int_digits = nd - decimals;
    size_t n = 0;
    if (v < 0)
        tmp[n++] = '-';
    for (int i = 0; i < int_digits; i++) {
        if (group && i > 0 && (int_digits - i) % 3 == 0)
            tmp[n++] = ',';
        tmp[n++] = padded[i];
    }
    if (decimals > 0) {
        tmp[n++] = '.';
        memcpy(tmp + n, padded + int_digits, (size_t)decimals);
        n += (size_t)decimals;
    }
    tmp[n] = '\0';
    if (size)
        snprintf(out, size, "%s", tmp);
    return n;
}

size_t num_format(hy_num a, int decimals, int group, hy_rounding rule, char *out, size_t size)
{
    if (!a.known) {
        if (size)
            out[0] = '\0';
        return 0;
    }
    if (decimals < 0)
        decimals = a.scale;
    if (decimals > 18)
        decimals = 18;
    int64_t v;
    if (num_at_scale(a, (uint8_t)decimals, rule, &v) != 0) {
        if (size)
            snprintf(out, size, "#OVERFLOW");
        return 9;
    }
    return format_scaled(v, decimals, group, out, size);
}

size_t amount_format(hy_amount a, int64_t unit, hy_rounding rule, char *out, size_t size)
{
    if (!a.known) {
        if (size)
            out[0] = '\0';
        return 0;
    }
    if (unit < 1)
        unit = 1;
    return format_scaled(num_div_round(a.yen, unit, rule), 0, 1, out, size);
}

int num_add(hy_num a, hy_num b, hy_num *out)
{
    if (!a.known || !b.known)
        return -1;
    uint8_t scale = a.scale > b.scale ? a.scale : b.scale;
    int64_t x, y;
    if (num_at_scale(a, scale, HY_ROUND_HALF_UP, &x) != 0 ||
        num_at_scale(b, scale, HY_ROUND_HALF_UP, &y) != 0 || __builtin_add_overflow(x, y, &x))
        return -1;
    *out = num_of(x, scale);
    return 0;
}
