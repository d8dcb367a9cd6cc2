/*
 * choice.h - reading a checkbox cell: which of a template's options was chosen
 * (spec/domain.md section 3, "Checkbox fields").
 *
 * Departments fill a judgement item in whatever way their copy of the form
 * invites: the option's text, its number, the printed list with one box
 * blacked out, or the short form of a long option. All of these mean one
 * option; anything else is reported with the options that would have been
 * understood.
 */
#ifndef HY_CHOICE_H
#define HY_CHOICE_H

#include <stddef.h>
#include <stdint.h>

#include "normalize/value.h"

/* Reads which of options[0..noptions) the cell chose; *chosen is its index
 * (0-based), or -1 unless OK. The cell may hold, compared through
 * value_fold_key (so spaces, widths and case do not matter):
 *   - the option's text: ニーズはある;
 *   - its number from 1: 2, ２ or ②;
 *   - a marked list, exactly one option marked chosen (■ ☑ ☒ ● ◉) and the rest
 *     unchosen (□ ☐ ○ ◯): □かなりのニーズがある ■ニーズはある □ニーズはあまりない;
 *     every listed option must be one of options;
 *   - the short form of an option, the text before its parenthesis: 直営 for
 *     直営（市が直接実施）, unless two options share it.
 *   - any of these after the city's own numbering, which is dropped: １　現状維持,
 *     1:, 1., ①, (1), Ａ　 (a number or letter needs a separator or a space).
 * A blank cell or a no-value mark (value_is_none) that is not itself an
 * option is EMPTY. Otherwise BAD, with a why such as `expected one of:
 * かなりのニーズがある / ニーズはある / ニーズはあまりない, got "..."`. */
hy_value_status choice_parse(const char *text, const char *const *options, size_t noptions,
                             int *chosen, char *why, size_t why_size);

/* Reads which options a multi-select cell chose (a choice set the profile
 * marks `multiple = yes`: Asahikawa's 行財政改革の視点, several marked ○ at
 * once); *mask gets bit i for option i, and is 0 unless OK. The cell may hold:
 *   - one option, in any form choice_parse reads;
 *   - the chosen options' circled numbers: ③⑦, ③、⑦ or ③ ⑦;
 *   - the form's numbered list with a mark after each chosen option:
 *     ① デジタル化・DX ② アウトソーシング ③ 業務の効率化 ○ ④ ... (○ ◯ 〇 ● ◎ ■ ✓ ✔ ☑);
 *     a listed entry's text must be the option of its number. A list with
 *     every option and no mark chose nothing (EMPTY); a list without marks of
 *     only some options chose those;
 *   - a marked list with ■ before each chosen option and □ before the others,
 *     any number of them marked;
 *   - options (texts, numbers or short forms) separated by 、 , ， ; ； / ／ or
 *     line breaks, or else by spaces: 業務の効率化、職員能力・組織力の向上 or 3,7.
 * A blank cell or a no-value mark is EMPTY; anything else BAD with a why. */
hy_value_status choice_parse_multi(const char *text, const char *const *options, size_t noptions,
                                   uint64_t *mask, char *why, size_t why_size);

#endif
