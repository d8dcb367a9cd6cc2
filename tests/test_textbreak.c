/* tests for template/textbreak: Japanese line breaking with kinsoku, measured
 * with IPAex Gothic's real advances (kanji and kana 1000/1000 em; at 10 pt a
 * line of width 80 holds 8 of them). */
#include <stdlib.h>
#include <string.h>

#include "draw/fontset.h"
#include "template/textbreak.h"
#include "util/utf8.h"
#include "testutil.h"

static hy_fontset *fonts;
static int gothic = -1;

/* Breaks text at 10 pt and joins the lines with '|', e.g. "あいうえ|お。". */
static char *breaks(const char *text, float width)
{
    static char joined[4096];
    hy_textlines lines = {0};
    if (textbreak(text, width, fonts, gothic, 10.0f, &lines) != 0) {
        textlines_free(&lines);
        return strcpy(joined, "(error)");
    }
    size_t n = 0;
    for (size_t i = 0; i < lines.count; i++) {
        if (i)
            joined[n++] = '|';
        memcpy(joined + n, text + lines.lines[i].start, lines.lines[i].len);
        n += lines.lines[i].len;
    }
    joined[n] = '\0';
    textlines_free(&lines);
    return joined;
}

static void load_font(void)
{
    if (fonts)
        return;
    hy_err err = {0};
    fonts = fontset_new();
    CU_ASSERT_EQUAL_FATAL(fontset_add(fonts, "gothic", "ipaexg.ttf", NULL, &err), HY_OK);
    gothic = fontset_find(fonts, "gothic");
}

static void test_long_sentence(void)
{
    load_font();
    const char *text = "本事業は、地域おこし協力隊のサポートにより、移住・定住の促進を図るもので"
                       "ある。令和６年度は２２件の相談があった。";
    /* 8 characters per line. "ー" may not start line 3, so "ポ" moves down
     * with it and line 2 has 7; likewise "。" pulls "た" off line 7. */
    CU_ASSERT_STRING_EQUAL(breaks(text, 80.0f),
                           "本事業は、地域お|こし協力隊のサ|ポートにより、移|住・定住の促進を|"
                           "図るものである。|令和６年度は２２|件の相談があっ|た。");

    hy_textlines lines = {0};
    CU_ASSERT_EQUAL_FATAL(textbreak(text, 80.0f, fonts, gothic, 10.0f, &lines), 0);
    CU_ASSERT_EQUAL_FATAL(lines.count, 8);
    CU_ASSERT_EQUAL(lines.lines[0].width, 80.0f);
    CU_ASSERT_EQUAL(lines.lines[1].width, 70.0f);
    CU_ASSERT_EQUAL(lines.lines[7].width, 20.0f);
    for (size_t i = 0; i < lines.count; i++) {
        char piece[256];
        memcpy(piece, text + lines.lines[i].start, lines.lines[i].len);
        piece[lines.lines[i].len] = '\0';
        CU_ASSERT(lines.lines[i].width <= 80.0f);
        /* the width reported is what the font set measures for that text */
        CU_ASSERT_EQUAL(lines.lines[i].width, fontset_text_width(fonts, gothic, 10.0f, piece));
    }
    /* appending to the same list keeps the earlier lines */
    CU_ASSERT_EQUAL(textbreak("追加", 80.0f, fonts, gothic, 10.0f, &lines), 0);
    CU_ASSERT_EQUAL(lines.count, 9);
    CU_ASSERT_EQUAL(lines.lines[8].start, 0);
    CU_ASSERT_EQUAL(lines.lines[8].len, strlen("追加"));
    textlines_free(&lines);
    CU_ASSERT_PTR_NULL(lines.lines);
    CU_ASSERT_EQUAL(lines.count, 0);
}

static void test_closing_punctuation_moves_down(void)
{
    load_font();
    /* "あいうえお" fills 50 pt exactly; "。" may not start a line, so "お" goes too. */
    CU_ASSERT_STRING_EQUAL(breaks("あいうえお。", 50.0f), "あいうえ|お。");
    /* two in a row: "」" may not start line 2 and "っ" may not either, so
     * the break goes before "た", which takes "」。" along */
    CU_ASSERT_STRING_EQUAL(breaks("と言った」。以上", 40.0f), "と言っ|た」。以|上");
    /* small kana and the half-width long vowel mark */
    CU_ASSERT_STRING_EQUAL(breaks("あいうえっ", 40.0f), "あいう|えっ");
    CU_ASSERT_STRING_EQUAL(breaks("ｶﾀｶﾅｰ", 20.0f), "ｶﾀｶ|ﾅｰ");
}

static void test_opening_bracket_moves_down(void)
{
    load_font();
    /* "（" would be the 5th character of line 1 and may not end it */
    CU_ASSERT_STRING_EQUAL(breaks("あいうえ（かき）", 50.0f), "あいうえ|（かき）");
    CU_ASSERT_STRING_EQUAL(breaks("事業名「関係人口」", 40.0f), "事業名|「関係人|口」");
}

static void test_number_not_split(void)
{
    load_font();
    /* 1,234,567 = 7 x 629 + 2 x 264 = 4931/1000 em: at 80 pt it cannot follow
     * 予算額は (40 pt) on line 1, so it moves down whole. */
    CU_ASSERT_STRING_EQUAL(breaks("予算額は1,234,567円です", 80.0f),
                           "予算額は|1,234,567円です");
    hy_textlines lines = {0};
    CU_ASSERT_EQUAL(textbreak("予算額は1,234,567円です", 80.0f, fonts, gothic, 10.0f, &lines), 0);
    CU_ASSERT_EQUAL_FATAL(lines.count, 2);
    CU_ASSERT_DOUBLE_EQUAL(lines.lines[1].width, 79.31, 1e-4);
    textlines_free(&lines);
    CU_ASSERT_STRING_EQUAL(breaks("達成率は22.5%で前年度7-07比", 70.0f), "達成率は|22.5%で前年|度7-07比");
}

static void test_word_not_split(void)
{
    load_font();
    /* "Evaluation" is 48.76 pt; " s" would still fit in 60, "sh" not. The
     * space at the break is swallowed. */
    CU_ASSERT_STRING_EQUAL(breaks("Evaluation sheet", 60.0f), "Evaluation|sheet");
    CU_ASSERT_STRING_EQUAL(breaks("Evaluation   sheet", 60.0f), "Evaluation|sheet");
    /* the ideographic space is swallowed at a wrap as well */
    CU_ASSERT_STRING_EQUAL(breaks("あいう　えお", 30.0f), "あいう|えお");
    /* trailing spaces that do not fit make no empty line */
    CU_ASSERT_STRING_EQUAL(breaks("あいう   ", 30.0f), "あいう");
}

static void test_explicit_newlines(void)
{
    load_font();
    CU_ASSERT_STRING_EQUAL(breaks("一行目\n\n三行目\n", 100.0f), "一行目||三行目");
    CU_ASSERT_STRING_EQUAL(breaks("a\r\nb\rc", 100.0f), "a|b|c");
    /* a paragraph's leading indent is kept; only a wrap swallows spaces */
    CU_ASSERT_STRING_EQUAL(breaks("　字下げ\n　次の段落", 100.0f), "　字下げ|　次の段落");
    hy_textlines lines = {0};
    CU_ASSERT_EQUAL(textbreak("\n", 100.0f, fonts, gothic, 10.0f, &lines), 0);
    CU_ASSERT_EQUAL_FATAL(lines.count, 1);
    CU_ASSERT_EQUAL(lines.lines[0].len, 0);
    CU_ASSERT_EQUAL(lines.lines[0].width, 0.0f);
    textlines_free(&lines);
}

static void test_overlong_ascii_run(void)
{
    load_font();
    /* "example.jp/" is 55.90 pt and "h" makes 61.96: with no break allowed
     * inside the run it is cut where 60 pt runs out. */
    CU_ASSERT_STRING_EQUAL(breaks("参照先：example.jp/hyoka-report", 60.0f),
                           "参照先：|example.jp/|hyoka-repor|t");
    /* a single character wider than the line gets a line of its own */
    CU_ASSERT_STRING_EQUAL(breaks("漢字", 5.0f), "漢|字");
}

/* Does the text, broken at 10 pt into lines of width, cut a half-width run? */
static int cuts(const char *text, float width)
{
    hy_textlines lines = {0};
    CU_ASSERT_EQUAL(textbreak(text, width, fonts, gothic, 10.0f, &lines), 0);
    int r = textbreak_cuts_run(text, &lines);
    textlines_free(&lines);
    return r;
}

static void test_cut_runs_are_reported(void)
{
    load_font();
    /* 12,500 is 5 x 629 + 264 = 34.09 pt */
    CU_ASSERT_EQUAL(cuts("12,500", 30.0f), 1);                 /* 12,50 | 0 */
    CU_ASSERT_EQUAL(cuts("12,500", 35.0f), 0);
    CU_ASSERT_EQUAL(cuts("参照先：example.jp/hyoka-report", 60.0f), 1);
    CU_ASSERT_EQUAL(cuts("予算額は1,234,567円です", 80.0f), 0);  /* moved down whole */
    CU_ASSERT_EQUAL(cuts("Evaluation sheet", 60.0f), 0);       /* broken at the space */
    CU_ASSERT_EQUAL(cuts("123\n456", 10.0f), 1);               /* 12|3 on the first line */
    CU_ASSERT_EQUAL(cuts("12\n34", 20.0f), 0);                 /* a line feed is no cut */
    CU_ASSERT_EQUAL(cuts("漢字", 5.0f), 0);                     /* no half-width run */
}

static void test_empty_and_invalid(void)
{
    load_font();
    hy_textlines lines = {0};
    CU_ASSERT_EQUAL(textbreak("", 100.0f, fonts, gothic, 10.0f, &lines), 0);
    CU_ASSERT_EQUAL(lines.count, 0);
    CU_ASSERT_EQUAL(textbreak("ab\xff", 100.0f, fonts, gothic, 10.0f, &lines), -1);
    CU_ASSERT_EQUAL(lines.count, 0);
    textlines_free(&lines);
}

static void test_kinsoku_sets(void)
{
    /* every character the rules name, as UTF-8 */
    const char *no_start = "、。，．,.）)」』】〕］｝〉》！？!?ー・：；‐゠–〜～ヽヾゝゞ々"
                           "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
                           "ㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿｧｨｩｪｫｯｬｭｮ’”";
    const char *no_end = "（(「『【〔［｛〈《‘“";
    size_t checked = 0;
    for (const char *s = no_start; *s;) {
        uint32_t cp;
        size_t len = utf8_decode(s, strlen(s), &cp);
        CU_ASSERT_FATAL(len > 0);
        if (textbreak_may_start_line(cp))
            CU_FAIL("a character that may not start a line was allowed to");
        CU_ASSERT(textbreak_may_end_line(cp));
        s += len;
        checked++;
    }
    CU_ASSERT_EQUAL(checked, 85);
    for (const char *s = no_end; *s;) {
        uint32_t cp;
        size_t len = utf8_decode(s, strlen(s), &cp);
        CU_ASSERT_FALSE(textbreak_may_end_line(cp));
        CU_ASSERT(textbreak_may_start_line(cp));
        s += len;
    }
    CU_ASSERT(textbreak_may_start_line(0x3042));  /* あ */
    CU_ASSERT(textbreak_may_start_line(0x4E8B));  /* 事 */
    CU_ASSERT(textbreak_may_start_line('1'));
    CU_ASSERT(textbreak_may_end_line(0x3002));    /* 。 */
    CU_ASSERT(textbreak_may_end_line(')'));
}

int main(void)
{
    static const hy_test tests[] = {
        {"long sentence", test_long_sentence},
        {"closing punctuation moves down", test_closing_punctuation_moves_down},
        {"opening bracket moves down", test_opening_bracket_moves_down},
        {"number not split", test_number_not_split},
        {"word not split", test_word_not_split},
        {"explicit newlines", test_explicit_newlines},
        {"over-long ASCII run", test_overlong_ascii_run},
        {"a cut in a half-width run is reported", test_cut_runs_are_reported},
        {"empty and invalid", test_empty_and_invalid},
        {"kinsoku sets", test_kinsoku_sets},
        {NULL, NULL},
    };
    int rc = test_main("textbreak", tests);
    fontset_free(fonts);
    return rc;
}
