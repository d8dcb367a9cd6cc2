#include "ingest/cellfmt.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

size_t cellfmt_number(double x, char *out)
{
    if (!isfinite(x))
        return 0;
    if (x == 0) {
        strcpy(out, "0");
        return 1;
    }
    /* Whole numbers below 10^15 (most cells: yen, counts, years) are exact in a
     * double and need no search for the shortest form. */
    if (fabs(x) < 1e15 && x == (double)(int64_t)x) {
        char digits[24];
        uint64_t v = (uint64_t)(x < 0 ? -x : x);
        size_t nd = 0, n = 0;
        while (v) {
            digits[nd++] = (char)('0' + v % 10);
            v /= 10;
        }
        if (x < 0)
            out[n++] = '-';
        while (nd)
            out[n++] = digits[--nd];
        out[n] = '\0';
        return n;
    }
    /* 15 significant digits, as Excel shows and keeps a number: a sum it
     * stored as 23456.79999999999 is the 23456.8 the clerk sees and typed,
     * and reading more digits than Excel has would turn its residue into
     * sub-yen amounts and false differences. */
    char sci[40];
    snprintf(sci, sizeof sci, "%.14e", x);
    /* sci is "-d.ddde+XX": collect the digits, then place the point ourselves. */
    char digits[24];
    size_t nd = 0;
    const char *s = sci;
    int negative = *s == '-';
    if (negative)
        s++;
    for (; *s && *s != 'e'; s++)
        if (isdigit((unsigned char)*s))
            digits[nd++] = *s;
    int exp10 = *s == 'e' ? atoi(s + 1) : 0;
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    long point = (long)exp10 + 1;   /* digits before the decimal point */
    size_t n = 0;
    if (negative)
        out[n++] = '-';
    if (point <= 0) {
        out[n++] = '0';
        out[n++] = '.';
        for (long i = 0; i < -point; i++)
            out[n++] = '0';
        memcpy(out + n, digits, nd);
        n += nd;
    } else if ((size_t)point >= nd) {
        memcpy(out + n, digits, nd);
        n += nd;
        for (size_t i = nd; i < (size_t)point; i++)
            out[n++] = '0';
    } else {
        memcpy(out + n, digits, (size_t)point);
        n += (size_t)point;
        out[n++] = '.';
        memcpy(out + n, digits + point, nd - (size_t)point);
        n += nd - (size_t)point;
    }
    out[n] = '\0';
    return n;
}

/* The civil date of a day count from 1970-01-01 (proleptic Gregorian; after
 * Howard Hinnant's days_from_civil algorithms). */
static void cellfmt_civil_from_days(int64_t z, int *year, int *month, int *day)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    *year = (int)(y + (m <= 2));
    *month = (int)m;
    *day = (int)d;
}

enum {
    DAYS_1900_01_01 = -25567,    /* days from 1970-01-01 */
    DAYS_1904_01_01 = -24107,
    LAST_SERIAL_1900 = 2958465,  /* 9999-12-31 */
    LAST_SERIAL_1904 = 2957003,
};

int cellfmt_date(double serial, int date1904, char out[11])
{
    if (!isfinite(serial) || serial < 0 || serial > LAST_SERIAL_1900 + 1)
        return -1;
    /* Excel keeps times to the millisecond: 23:59:59.9996 is the next day. */
    int64_t ms = llround(serial * 86400000.0);
    int64_t day = ms / 86400000;
    int y, m, d;
    if (date1904) {
        if (day > LAST_SERIAL_1904)
            return -1;
        cellfmt_civil_from_days(DAYS_1904_01_01 + day, &y, &m, &d);
    } else {
        if (day < 1 || day > LAST_SERIAL_1900)
            return -1;
        if (day == 60) {
            memcpy(out, "1900-02-29", 11);
            return 0;
        }
        /* Day 60 is the 29 February 1900 that never was: later days are one off. */
        cellfmt_civil_from_days(DAYS_1900_01_01 + day - (day > 60 ? 2 : 1), &y, &m, &d);
    }
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
    return 0;
}

int cellfmt_time(double serial, char out[9])
{
    if (!isfinite(serial) || serial < 0 || serial >= 1)
        return -1;
    /* Rounded to the second; 23:59:59.6 wraps to 00:00:00 as Excel shows it. */
    unsigned secs = (unsigned)(lround(serial * 86400.0) % 86400);
    snprintf(out, 9, "%02u:%02u:%02u", (secs / 3600) % 100, secs / 60 % 60, secs % 60);
    return 0;
}

/* Excel's built-in formats that show dates or times. 27-36 and 50-58 are the
 * formats of the Japanese (and other East Asian) editions: era dates
 * ([$-411]ge.m.d), 年月日 dates, and two 時分秒 times. */
static hy_numfmt_kind cellfmt_builtin_kind(int id)
{
    if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 31)
        || (id >= 34 && id <= 36) || (id >= 50 && id <= 58))
        return CELLFMT_DATE;
    if ((id >= 18 && id <= 21) || id == 32 || id == 33 || (id >= 45 && id <= 47))
        return CELLFMT_TIME;
    return CELLFMT_NUMBER;
}

hy_numfmt_kind cellfmt_numfmt_kind(int id, const char *code)
{
    if (!code)
        return cellfmt_builtin_kind(id);
    int date = 0, month_or_minute = 0, hour_or_second = 0;
    for (const char *s = code; *s && *s != ';'; s++) {
        if (*s == '"') {
            const char *q = strchr(s + 1, '"');
            if (!q)
                break;
            s = q;
        } else if (*s == '[') {
            const char *q = strchr(s + 1, ']');
            if (!q)
                break;
            s = q;
        } else if (*s == '\\' || *s == '_' || *s == '*') {
            if (!s[1])
                break;
            s++;    /* the next character is shown as it is */
        } else if (strncasecmp(s, "general", 7) == 0) {
            s += 6;
        } else {
            switch (tolower((unsigned char)*s)) {
            case 'y': case 'd': case 'g':
                date = 1;
                break;
            case 'e':
                if (s[1] != '+' && s[1] != '-')   /* not 0.00E+00 */
                    date = 1;
                break;
            case 'm':
                month_or_minute = 1;
                break;
            case 'h': case 's':
                hour_or_second = 1;
                break;
            default:
                break;
            }
        }
    }
    if (date || (month_or_minute && !hour_or_second))
        return CELLFMT_DATE;
    if (month_or_minute || hour_or_second)
        return CELLFMT_TIME;
    return CELLFMT_NUMBER;
}
