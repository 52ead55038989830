#include "quotes.h"
#include <stdint.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

typedef enum {
    S_NO_MARK,
    S_OPENING,                      //  opens a quotation when outside one
    S_EITHER                        //  opens one only before a letter or digit
} s_mark_t;

static s_mark_t
s_mark (UChar32 c)
{
    switch (c) {
        case 0x00AB: case 0x201C: case 0x201E: case 0x201F:     //  « “ „ ‟
        case 0x300C: case 0x300E:                               //  「 『
            return S_OPENING;
        case 0x0022: case 0x00BB: case 0x201D: case 0xFF02:     //  " » ” ＂
        case 0x300D: case 0x300F:                               //  」 』
            return S_EITHER;
        default:
            return S_NO_MARK;
    }
}

//  Sentence-ending punctuation of any script (ICU's Sentence_Terminal:
//  . ! ? 。 ！ ？), an ellipsis (…) or a comma (, 、 ，): what ends an
//  utterance before its closing mark.
static bool
s_ends_utterance (UChar32 c)
{
    return u_hasBinaryProperty (c, UCHAR_S_TERM) || c == 0x2026
        || c == ',' || c == 0x3001 || c == 0xFF0C;
}

double
sumq_quotes_share (const char *text, size_t start, size_t len, bool *open)
{
    const uint8_t *bytes = (const uint8_t *) text + start;
    int32_t size = len > INT32_MAX? INT32_MAX: (int32_t) len;
    size_t quoted = 0, narrated = 0;    //  letters and digits inside, outside
    UChar32 previous = ' ';
    for (int32_t at = 0; at < size; ) {
        UChar32 c;
        U8_NEXT (bytes, at, size, c);
        s_mark_t mark = c < 0? S_NO_MARK: s_mark (c);
        if (mark == S_NO_MARK) {
            if (c >= 0 && u_isalnum (c)) {
                if (*open)
                    quoted++;
                else
                    narrated++;
            }
            previous = c;
            continue;
        }
        if (*open)
            *open = false;
        else
        if (mark == S_OPENING)
            *open = true;
        else {
            //  NUL-terminated from here on: the sentence may end with the mark
            UChar32 next;
            int32_t ahead = at;
            U8_NEXT (bytes, ahead, -1, next);
            if (next > 0 && u_isalnum (next))
                *open = true;
            else
            if (s_ends_utterance (previous)) {
                quoted += narrated;
                narrated = 0;
            }
        }
        previous = c;
    }
    return quoted + narrated? (double) quoted / (double) (quoted + narrated): 0;
}
