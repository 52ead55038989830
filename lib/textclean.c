#include "textclean.h"
#include "intern.h"
#include "log.h"
#include "reserve.h"
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

//  Thresholds of the boilerplate rules (words are whitespace-separated).
#define S_REPEATS           3   //  a line seen this often is page furniture
#define S_URL_OTHER_WORDS   3   //  "Source:", "Read more at" beside a URL
#define S_CAPTION_WORDS     30  //  captions are a sentence or two at most
#define S_BODY_WORDS        6   //  running text: a terminated line this long
#define S_FOREIGN_LETTERS   3   //  a name or two may bring one or two letters
#define S_LINK_WORDS        12  //  teaser titles of "related" lists run this long
#define S_TAIL_WORDS        5   //  "Share", "Tags", "No data" closing the text
#define S_LINE_SCRIPTS      4
#define S_SELECTOR_BYTES    64  //  a CSS selector before its "{"
#define S_DATELINE_WORDS    6   //  "Magelang, Jawa Tengah (ANTARA News) -"
#define S_DATELINE_BYTES    64

typedef struct {
    size_t offset;                  //  into work
    size_t size;                    //  bytes
    size_t words;
    size_t letters;
    size_t url_words;
    int id;                         //  in line_ids: equal lines, equal ids
    int script;                     //  script class of most of its letters
    bool blank;
    bool terminated;
    bool body;                      //  running text
    bool code;                      //  script code, all of it (s_cut_code)
    bool dropped;
} s_line_t;

struct _sumq_textclean_t {
    const UNormalizer2 *nfc;
    UChar *utf16;                   //  the input, decoded
    size_t utf16_size;              //  capacity, in UChars
    UChar *normal;                  //  its NFC form, when it was not NFC
    size_t normal_size;
    char *normal_utf8;              //  the same, as UTF-8
    size_t normal_utf8_size;
    char *work;                     //  the lines, each followed by '\n'; then the result
    size_t work_size;
    size_t text_size;               //  of the result
    s_line_t *lines;
    size_t line_count;
    size_t lines_size;
    size_t dropped;
    sumq_intern_t *line_ids;
    unsigned *id_counts;            //  occurrences, by line id
    size_t id_counts_size;
    size_t *script_letters;         //  letters of the document, by script class
    int script_limit;
    char *folded;                   //  one line, case-folded
    size_t folded_size;
    //  Non-ASCII BMP letters (case-folded) of the running text; a bitmap
    //  because a line's letters are tested one by one.
    uint32_t body_letters [0x10000 / 32];
};

sumq_textclean_t *
sumq_textclean_new (void)
{
    sumq_textclean_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    UErrorCode status = U_ZERO_ERROR;
    self->nfc = unorm2_getNFCInstance (&status);
    self->script_limit = u_getIntPropertyMaxValue (UCHAR_SCRIPT) + 1;
    self->script_letters = calloc ((size_t) self->script_limit, sizeof *self->script_letters);
    self->line_ids = sumq_intern_new ();
    if (U_FAILURE (status) || !self->script_letters || !self->line_ids) {
        sumq_log_error ("textclean: cannot initialize (%s)", u_errorName (status));
        sumq_textclean_destroy (&self);
    }
    return self;
}

void
sumq_textclean_destroy (sumq_textclean_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    sumq_textclean_t *self = *self_p;
    free (self->utf16);
    free (self->normal);
    free (self->normal_utf8);
    free (self->work);
    free (self->lines);
    sumq_intern_destroy (&self->line_ids);
    free (self->id_counts);
    free (self->script_letters);
    free (self->folded);
    free (self);
    *self_p = NULL;
}

bool
sumq_textclean_utf8_valid (const char *text, size_t size)
{
    const unsigned char *bytes = (const unsigned char *) text;
    size_t index = 0;
    while (index < size) {
        //  Most text is ASCII: take it eight bytes at a time while no byte
        //  has its high bit set or is zero.
        while (size - index >= 8) {
            uint64_t chunk;
            memcpy (&chunk, bytes + index, 8);
            if ((chunk & 0x8080808080808080ull)
            ||  ((chunk - 0x0101010101010101ull) & ~chunk & 0x8080808080808080ull))
                break;
            index += 8;
        }
        if (index == size)
            break;
        unsigned char lead = bytes [index];
        if (lead < 0x80) {
            if (lead == 0)
                return false;
            index++;
            continue;
        }
        //  The second byte's range rules out overlongs (E0, F0),
        //  surrogates (ED) and code points past U+10FFFF (F4).
        size_t trail;
        unsigned char low = 0x80, high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF)
            trail = 1;
        else
        if (lead >= 0xE0 && lead <= 0xEF) {
            trail = 2;
            if (lead == 0xE0)
                low = 0xA0;
            else
            if (lead == 0xED)
                high = 0x9F;
        }
        else
        if (lead >= 0xF0 && lead <= 0xF4) {
            trail = 3;
            if (lead == 0xF0)
                low = 0x90;
            else
            if (lead == 0xF4)
                high = 0x8F;
        }
        else
            return false;
        if (size - index - 1 < trail)
            return false;
        if (bytes [index + 1] < low || bytes [index + 1] > high)
            return false;
        for (size_t next = 2; next <= trail; next++)
            if ((bytes [index + next] & 0xC0) != 0x80)
                return false;
        index += trail + 1;
    }
    return true;
}

static bool
s_is_closer (UChar32 c)
{
    if (c == '"' || c == '\'')
        return true;
    int8_t type = u_charType (c);
    return type == U_END_PUNCTUATION || type == U_FINAL_PUNCTUATION
        || type == U_INITIAL_PUNCTUATION;
}

//  The last character of a line that is neither white space nor a
//  closing quote or bracket, or U_SENTINEL.
static UChar32
s_final_mark (const char *line, size_t size)
{
    if (size > INT32_MAX)
        return U_SENTINEL;
    int32_t index = (int32_t) size;
    while (index > 0) {
        UChar32 c;
        U8_PREV (line, 0, index, c);
        if (c < 0)
            return U_SENTINEL;
        if (!u_isUWhiteSpace (c) && !s_is_closer (c))
            return c;
    }
    return U_SENTINEL;
}

bool
sumq_textclean_terminated (const char *line, size_t size)
{
    UChar32 c = s_final_mark (line, size);
    //  U+2026 (…) ends many a sentence but is not Terminal_Punctuation.
    return c == 0x2026 || (c >= 0 && u_hasBinaryProperty (c, UCHAR_TERMINAL_PUNCTUATION));
}

//  True when the line ends a sentence: unlike a comma or colon, a full
//  stop means the next line does not continue it.
static bool
s_sentence_ended (const char *line, size_t size)
{
    UChar32 c = s_final_mark (line, size);
    return c == 0x2026 || (c >= 0 && u_hasBinaryProperty (c, UCHAR_S_TERM));
}

static bool
s_is_letter (UChar32 c)
{
    if (c < 0x80)
        return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    return u_isalpha (c);
}

//  Japanese mixes kana with kanji and Korean may mix hangul with hanja,
//  so one script class stands for all of East Asian writing.
static int
s_script_class (UChar32 c)
{
    if (c < 0x80)
        return USCRIPT_LATIN;
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript (c, &status);
    switch (script) {
        case USCRIPT_HIRAGANA:
        case USCRIPT_KATAKANA:
        case USCRIPT_KATAKANA_OR_HIRAGANA:
        case USCRIPT_HANGUL:
        case USCRIPT_BOPOMOFO:
            return USCRIPT_HAN;
        default:
            return script;
    }
}

static bool
s_is_ascii (const char *text, size_t size)
{
    size_t index = 0;
    for (; size - index >= 8; index += 8) {
        uint64_t chunk;
        memcpy (&chunk, text + index, 8);
        if (chunk & 0x8080808080808080ull)
            return false;
    }
    for (; index < size; index++)
        if ((unsigned char) text [index] >= 0x80)
            return false;
    return true;
}

//  The input in NFC, as UTF-8: the input itself when it is NFC already,
//  as most documents are (checking is cheaper than normalizing, and
//  ASCII needs no check at all). *size gets its length.
static const char *
s_normalize (sumq_textclean_t *self, const char *text, size_t *size, sumq_error_t *err)
{
    if (s_is_ascii (text, *size))
        return text;
    if (*size > INT32_MAX / 2) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "textclean: text of %zu bytes is too long", *size);
        return NULL;
    }
    //  One UTF-8 byte never becomes more than one UTF-16 unit.
    if (sumq_reserve (&self->utf16, &self->utf16_size, *size + 1, sizeof (UChar))) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "textclean: out of memory");
        return NULL;
    }
    UErrorCode status = U_ZERO_ERROR;
    int32_t length;
    u_strFromUTF8 (self->utf16, (int32_t) self->utf16_size, &length, text, (int32_t) *size, &status);
    if (U_FAILURE (status)) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "textclean: cannot decode text (%s)", u_errorName (status));
        return NULL;
    }
    if (unorm2_spanQuickCheckYes (self->nfc, self->utf16, length, &status) == length
    &&  U_SUCCESS (status))
        return text;

    int32_t normal_length = 0;
    for (int attempt = 0; attempt < 2; attempt++) {
        status = U_ZERO_ERROR;
        normal_length = unorm2_normalize (self->nfc, self->utf16, length,
                                          self->normal, (int32_t) self->normal_size, &status);
        if (status != U_BUFFER_OVERFLOW_ERROR)
            break;
        if (sumq_reserve (&self->normal, &self->normal_size,
                          (size_t) normal_length + 1, sizeof (UChar))) {
            sumq_error_set (err, SUMQ_E_INTERNAL, "textclean: out of memory");
            return NULL;
        }
    }
    //  A UTF-16 unit never takes more than 3 UTF-8 bytes.
    int32_t written = 0;
    if (U_SUCCESS (status)
    &&  sumq_reserve (&self->normal_utf8, &self->normal_utf8_size, (size_t) normal_length * 3 + 1, 1)) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "textclean: out of memory");
        return NULL;
    }
    if (U_SUCCESS (status))
        u_strToUTF8 (self->normal_utf8, (int32_t) self->normal_utf8_size, &written,
                     self->normal, normal_length, &status);
    if (U_FAILURE (status)) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "textclean: cannot normalize text (%s)", u_errorName (status));
        return NULL;
    }
    *size = (size_t) written;
    return self->normal_utf8;
}

static s_line_t *
s_new_line (sumq_textclean_t *self, size_t offset)
{
    if (sumq_reserve (&self->lines, &self->lines_size, self->line_count + 1, sizeof (s_line_t)))
        return NULL;
    s_line_t *line = &self->lines [self->line_count++];
    memset (line, 0, sizeof *line);
    line->offset = offset;
    return line;
}

static bool
s_is_line_end (UChar32 c)
{
    return c == '\n' || c == '\r' || c == 0x0B || c == 0x0C
        || c == 0x85 || c == 0x2028 || c == 0x2029;
}

//  Invisible characters that would only split or disguise words.
static bool
s_is_invisible (UChar32 c)
{
    return c == 0xFEFF || c == 0x00AD || c == 0x200B || c == 0x2060
        || u_charType (c) == U_CONTROL_CHAR;
}

//  Writes the text (valid UTF-8) into work as trimmed lines with single
//  spaces.
static int
s_split_lines (sumq_textclean_t *self, const char *text, size_t size)
{
    //  No character is written longer than it was read, and a space only
    //  stands for white space that was not written; then '\n' and NUL.
    if (sumq_reserve (&self->work, &self->work_size, size + 2, 1))
        return -1;
    char *work = self->work;
    size_t used = 0;
    self->line_count = 0;
    s_line_t *line = s_new_line (self, 0);
    if (!line)
        return -1;
    bool space = false;
    size_t index = 0;
    while (index < size) {
        UChar32 c = (unsigned char) text [index];
        if (c < 0x80)
            index++;
        else
            U8_NEXT_UNSAFE (text, index, c);
        //  Most characters are printable ASCII, which only the last
        //  branch takes: the tests before it are skipped.
        bool printable = c > ' ' && c < 0x7F;
        if (!printable && s_is_line_end (c)) {
            if (c == '\r' && index < size && text [index] == '\n')
                index++;
            line->size = used - line->offset;
            line->blank = line->size == 0;
            work [used++] = '\n';
            line = s_new_line (self, used);
            if (!line)
                return -1;
            space = false;
        }
        else
        if (!printable && (c == ' ' || c == '\t' || (c >= 0x80 && u_isUWhiteSpace (c))))
            space = used > line->offset;
        else
        if (!printable && (c < 0x20 || c == 0x7F || (c >= 0x80 && s_is_invisible (c))))
            continue;
        else {
            if (space)
                work [used++] = ' ';
            space = false;
            if (c < 0x80)
                work [used++] = (char) c;
            else
                U8_APPEND_UNSAFE (work, used, c);
        }
    }
    line->size = used - line->offset;
    line->blank = line->size == 0;
    work [used] = '\n';
    return 0;
}

static bool
s_starts_lower (const char *line, size_t size)
{
    size_t index = 0;
    UChar32 c;
    U8_NEXT (line, index, size, c);
    return c >= 0 && u_islower (c);
}

//  Joins hard-wrapped lines: a line that does not end its sentence and a
//  next line that starts in lower case are one line. Lines are adjacent
//  in work, so joining turns the '\n' between them into a space.
static void
s_unwrap (sumq_textclean_t *self)
{
    if (self->line_count == 0)
        return;
    size_t kept = 1;
    for (size_t index = 1; index < self->line_count; index++) {
        s_line_t *previous = &self->lines [kept - 1];
        s_line_t *line = &self->lines [index];
        const char *text = self->work + line->offset;
        if (!previous->blank && !line->blank
        &&  s_starts_lower (text, line->size)
        &&  !s_sentence_ended (self->work + previous->offset, previous->size)) {
            self->work [previous->offset + previous->size] = ' ';
            previous->size += 1 + line->size;
        }
        else
            self->lines [kept++] = *line;
    }
    self->line_count = kept;
}

//  Script code (JavaScript, JSON, CSS) that web copies keep from their
//  page is told by how it starts, what its words are made of and how it
//  ends; the tests are on ASCII bytes, which UTF-8 never uses inside
//  other characters.

//  True when c, not NUL, is one of the characters of set.
static bool
s_is_one_of (char c, const char *set)
{
    return c != '\0' && strchr (set, c);
}

static bool
s_is_name_start (char c)
{
    return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_' || c == '$';
}

static bool
s_is_name_char (char c)
{
    return s_is_name_start (c) || (c >= '0' && c <= '9');
}

//  The length of the identifier that text starts with, or 0.
static size_t
s_name (const char *text, size_t size)
{
    size_t length = 0;
    if (size > 0 && s_is_name_start (text [0]))
        while (length < size && s_is_name_char (text [length]))
            length++;
    return length;
}

static size_t
s_skip_space (const char *text, size_t size, size_t at)
{
    while (at < size && text [at] == ' ')
        at++;
    return at;
}

//  True when text at "at" is "=" and not "==" or "=>".
static bool
s_is_assignment (const char *text, size_t size, size_t at)
{
    return at < size && text [at] == '='
        && (at + 1 == size || (text [at + 1] != '=' && text [at + 1] != '>'));
}

//  True when text at "at" opens an object or a CSS block: "{" and a
//  quoted key, a key and ":" ("{idDM:", "{ font-size:"), or "}".
static bool
s_opens_object (const char *text, size_t size, size_t at)
{
    if (at >= size || text [at] != '{')
        return false;
    at = s_skip_space (text, size, at + 1);
    if (at < size && (text [at] == '"' || text [at] == '\'' || text [at] == '}'))
        return true;
    size_t key = at;
    while (at < size && (s_is_name_char (text [at]) || text [at] == '-'))
        at++;
    at = s_skip_space (text, size, at);
    return at > key && at < size && text [at] == ':';
}

//  True when text starts as code does and a sentence does not: an
//  object ('{"@context":', '[{"@type":'), a function ("function(",
//  "(function", "!function"), a declaration ("var x ="), an assignment
//  to or a call of a dotted name ("window.dataLayer =",
//  "googletag.cmd.push(", "$("), or a CSS rule (".ad { display:").
//  Names without a dot are not enough: "E = mc2", "f(x) = x".
static bool
s_starts_code (const char *text, size_t size)
{
    size_t at = text [0] == '['? s_skip_space (text, size, 1): 0;
    if (s_opens_object (text, size, at))
        return true;
    at = text [0] == '(' || text [0] == '!'? 1: 0;
    size_t length = s_name (text + at, size - at);
    if (length == 8 && memcmp (text + at, "function", 8) == 0) {
        at = s_skip_space (text, size, at + length);
        at = s_skip_space (text, size, at + s_name (text + at, size - at));
        return at < size && text [at] == '(';
    }
    at = 0;
    length = s_name (text, size);
    if ((length == 3 && (memcmp (text, "var", 3) == 0 || memcmp (text, "let", 3) == 0))
    ||  (length == 5 && memcmp (text, "const", 5) == 0)) {
        at = s_skip_space (text, size, length);
        if (at == length)
            return false;
        at += s_name (text + at, size - at);
        return s_is_assignment (text, size, s_skip_space (text, size, at));
    }
    bool dotted = false;
    while (length > 0) {
        at += length;
        if (at + 1 >= size || text [at] != '.')
            break;
        length = s_name (text + at + 1, size - at - 1);
        if (length > 0) {
            at++;
            dotted = true;
        }
    }
    if (dotted || (at == 1 && text [0] == '$')) {
        at = s_skip_space (text, size, at);
        if (s_is_assignment (text, size, at) || (at < size && text [at] == '('))
            return true;
    }
    //  A selector ("div.ad p") is a tag name, class, id or at-rule and
    //  what may follow them, short of a brace.
    if (!s_is_one_of (text [0], ".#@*") && !(text [0] >= 'a' && text [0] <= 'z'))
        return false;
    for (at = 0; at < size && at < S_SELECTOR_BYTES; at++) {
        char c = text [at];
        if (c == '{')
            return s_opens_object (text, size, at);
        if (!s_is_name_char (c) && !s_is_one_of (c, "-.#@*:>+~,[]=\"() "))
            return false;
    }
    return false;
}

//  True when a word has a character of code ("{idDM:", '"x3oe2gx",',
//  "[];") or a dot before a name ("window.dataLayer", ".ad"). Prose
//  has some ("said:", '"yes"', "U.S."), but not in most of its words.
static bool
s_is_code_word (const char *word, size_t size)
{
    for (size_t at = 0; at < size; at++) {
        if (s_is_one_of (word [at], "{}[]()<>;=|&\":"))
            return true;
        if (word [at] == '.' && at + 1 < size && s_is_name_start (word [at + 1]))
            return true;
    }
    return false;
}

//  True when text ends as a sentence does: with final punctuation, or
//  with it and a closing quote or parenthesis ('"Yes."', "(see below.)").
//  Unlike sumq_textclean_terminated it does not look through braces:
//  code may end with a string that ends a sentence ('"Tram plan."}').
static bool
s_ends_as_sentence (const char *text, size_t size)
{
    int32_t index = (int32_t) size;
    UChar32 c;
    U8_PREV_UNSAFE (text, index, c);
    if (index > 0 && (c == '"' || c == '\'' || c == ')'
                   || u_charType (c) == U_FINAL_PUNCTUATION || u_charType (c) == U_INITIAL_PUNCTUATION))
        U8_PREV_UNSAFE (text, index, c);
    return c == 0x2026 || u_hasBinaryProperty (c, UCHAR_S_TERM);
}

//  The length of the word at text [at]: lines are trimmed, and their
//  words are separated by one space.
static size_t
s_word_length (const char *text, size_t size, size_t at)
{
    const char *end = memchr (text + at, ' ', size - at);
    return end? (size_t) (end - text) - at: size - at;
}

//  Finds script code that runs to the end of a line: from its start or
//  after running text (S_BODY_WORDS words or more, ending a sentence),
//  as flattened web copies glue it ('... est immonde". window.pvp_7c =
//  new Pvp(...'). The code starts as s_starts_code says, more than half
//  of its words are code words, it has a brace or ends with ";", and it
//  does not end as a sentence. Prose that names code ("call
//  window.open() to ...", "E = mc2;") fails one of these, and so does
//  code followed by prose on the same line, which is left whole.
//  *start gets the byte where the code starts.
static bool
s_find_code (const char *text, size_t size, size_t *start)
{
    if (size == 0 || size > INT32_MAX || s_ends_as_sentence (text, size))
        return false;
    bool statement = text [size - 1] == ';';
    const char *open = memrchr (text, '{', size);
    const char *close = memrchr (text, '}', size);
    //  Code starting at or after braces_end has no brace.
    size_t braces_end = 0;
    if (open)
        braces_end = (size_t) (open - text) + 1;
    if (close && (size_t) (close - text) + 1 > braces_end)
        braces_end = (size_t) (close - text) + 1;
    if (!statement && braces_end == 0)
        return false;
    size_t words = 0, code_words = 0;
    for (size_t at = 0; at < size; at++) {
        size_t length = s_word_length (text, size, at);
        words++;
        code_words += s_is_code_word (text + at, length);
        at += length;
    }
    size_t before = 0, code_before = 0;
    for (size_t at = 0; at < size; at++) {
        if ((statement || at < braces_end)
        &&  (code_words - code_before) * 2 > words - before
        &&  (at == 0 || (before >= S_BODY_WORDS && s_sentence_ended (text, at - 1)))
        &&  s_starts_code (text + at, size - at)) {
            *start = at;
            return true;
        }
        size_t length = s_word_length (text, size, at);
        before++;
        code_before += s_is_code_word (text + at, length);
        at += length;
    }
    return false;
}

//  Counts text [0, size), a whole line or a part of one, as dropped,
//  and logs it with why.
static void
s_count_dropped (sumq_textclean_t *self, const char *reason, bool whole, const char *text, size_t size)
{
    self->dropped++;
    if (sumq_log_verbose ())
        sumq_log_debug ("textclean: dropped %s%s \"%.*s\"", reason, whole? " line": "",
                        (int) (size < 80? size: 80), text);
}

//  Marks the lines that are code, to be dropped with the other junk, and
//  cuts code glued to running text off the end of its line (the space
//  before it becomes the line's end), so that it is never measured as
//  part of the text.
static void
s_cut_code (sumq_textclean_t *self)
{
    for (size_t index = 0; index < self->line_count; index++) {
        s_line_t *line = &self->lines [index];
        size_t start;
        if (line->blank || !s_find_code (self->work + line->offset, line->size, &start))
            continue;
        if (start == 0)
            line->code = true;
        else {
            s_count_dropped (self, "code", false, self->work + line->offset + start, line->size - start);
            line->size = start - 1;
            self->work [line->offset + line->size] = '\n';
        }
    }
}

//  True when the bytes at text (size of them left on the line) start
//  "www.", in any case: the start of a word that is a URL.
static bool
s_starts_www (const char *text, size_t size)
{
    return size >= 4 && (text [0] | 0x20) == 'w' && (text [1] | 0x20) == 'w'
        && (text [2] | 0x20) == 'w' && text [3] == '.';
}

//  Counts the words, URLs and letters of a line, adds its letters to
//  the document's script counts, and finds the script of most of them.
//  A word is a URL when it starts "www." or holds "://": both are seen
//  on the way through its characters, not searched for afterwards.
static void
s_measure_line (sumq_textclean_t *self, s_line_t *line)
{
    const char *text = self->work + line->offset;
    //  A line uses few scripts: the first S_LINE_SCRIPTS are counted.
    int scripts [S_LINE_SCRIPTS] = { 0 };
    size_t counts [S_LINE_SCRIPTS] = { 0 };
    size_t script_count = 0;
    bool in_word = false, url = false;
    size_t offset = 0;
    while (offset <= line->size) {
        if (offset == line->size || text [offset] == ' ') {
            line->url_words += in_word && url;
            in_word = false;
            offset++;
            continue;
        }
        if (!in_word) {
            in_word = true;
            url = s_starts_www (text + offset, line->size - offset);
            line->words++;
        }
        UChar32 c = (unsigned char) text [offset];
        if (c < 0x80)
            offset++;
        else
            U8_NEXT_UNSAFE (text, offset, c);
        if (c == ':' && line->size - offset >= 2 && text [offset] == '/' && text [offset + 1] == '/')
            url = true;
        if (!s_is_letter (c))
            continue;
        line->letters++;
        int script = s_script_class (c);
        if (script == USCRIPT_COMMON || script == USCRIPT_INHERITED || script < 0)
            continue;
        size_t slot = 0;
        while (slot < script_count && scripts [slot] != script)
            slot++;
        if (slot == script_count && script_count < S_LINE_SCRIPTS)
            scripts [script_count++] = script;
        if (slot < script_count)
            counts [slot]++;
    }
    line->script = USCRIPT_COMMON;
    size_t most = 0;
    for (size_t slot = 0; slot < script_count; slot++) {
        if (scripts [slot] < self->script_limit)
            self->script_letters [scripts [slot]] += counts [slot];
        if (counts [slot] > most) {
            most = counts [slot];
            line->script = scripts [slot];
        }
    }
    line->terminated = sumq_textclean_terminated (text, line->size);
    line->body = line->terminated && line->words >= S_BODY_WORDS && !line->code;
}

//  Measures every line, and counts how often each occurs.
static int
s_measure (sumq_textclean_t *self)
{
    sumq_intern_reset (self->line_ids);
    memset (self->script_letters, 0, (size_t) self->script_limit * sizeof *self->script_letters);
    for (size_t index = 0; index < self->line_count; index++) {
        s_line_t *line = &self->lines [index];
        if (line->blank)
            continue;
        bool added;
        line->id = sumq_intern_add (self->line_ids, self->work + line->offset, line->size, &added);
        if (line->id < 0
        ||  sumq_reserve (&self->id_counts, &self->id_counts_size,
                          sumq_intern_size (self->line_ids), sizeof (unsigned)))
            return -1;
        if (added)
            self->id_counts [line->id] = 0;
        self->id_counts [line->id]++;
        s_measure_line (self, line);
    }
    return 0;
}

static UChar32
s_fold (UChar32 c)
{
    return u_foldCase (c, U_FOLD_CASE_DEFAULT);
}

//  Records the non-ASCII letters of the running text; true when there
//  is running text at all.
static bool
s_learn_body (sumq_textclean_t *self)
{
    memset (self->body_letters, 0, sizeof self->body_letters);
    bool any = false;
    for (size_t index = 0; index < self->line_count; index++) {
        const s_line_t *line = &self->lines [index];
        if (!line->body)
            continue;
        any = true;
        const char *text = self->work + line->offset;
        size_t offset = 0;
        while (offset < line->size) {
            //  ASCII is never recorded: passed over a byte at a time.
            if ((unsigned char) text [offset] < 0x80) {
                offset++;
                continue;
            }
            UChar32 c;
            U8_NEXT_UNSAFE (text, offset, c);
            if (!u_isalpha (c))
                continue;
            c = s_fold (c);
            if (c <= 0xFFFF)
                self->body_letters [c >> 5] |= 1u << (c & 31);
        }
    }
    return any;
}

//  True when the line uses S_FOREIGN_LETTERS distinct letters that the
//  running text never does.
static bool
s_has_foreign_letters (sumq_textclean_t *self, const s_line_t *line)
{
    UChar32 found [S_FOREIGN_LETTERS];
    size_t found_count = 0;
    const char *text = self->work + line->offset;
    size_t offset = 0;
    while (offset < line->size) {
        UChar32 c;
        U8_NEXT_UNSAFE (text, offset, c);
        if (c < 0x80 || !u_isalpha (c))
            continue;
        c = s_fold (c);
        if (c > 0xFFFF || (self->body_letters [c >> 5] & (1u << (c & 31))))
            continue;
        size_t slot = 0;
        while (slot < found_count && found [slot] != c)
            slot++;
        if (slot == found_count) {
            found [found_count++] = c;
            if (found_count == S_FOREIGN_LETTERS)
                return true;
        }
    }
    return false;
}

//  Caption and credit markers, case-folded; each must start a word.
static const char *const s_caption_markers [] = {
    "photo:", "photos:", "(photo", "foto:", "fotos:", "(foto", "ảnh:", "(ảnh",
    "image:", "images:", "bild:", "credit:", "credits:", "getty images"
};

static bool
s_is_caption (sumq_textclean_t *self, const s_line_t *line)
{
    if (line->words > S_CAPTION_WORDS)
        return false;
    //  Simple case folding can grow a character by one byte at most.
    if (sumq_reserve (&self->folded, &self->folded_size, line->size * 2 + 1, 1))
        return false;
    const char *text = self->work + line->offset;
    size_t size = 0;
    size_t offset = 0;
    while (offset < line->size) {
        UChar32 c;
        U8_NEXT_UNSAFE (text, offset, c);
        c = s_fold (c);
        U8_APPEND_UNSAFE (self->folded, size, c);
    }
    self->folded [size] = '\0';
    for (size_t index = 0; index < sizeof s_caption_markers / sizeof s_caption_markers [0]; index++) {
        const char *marker = s_caption_markers [index];
        const char *hit = self->folded;
        while ((hit = strstr (hit, marker))) {
            size_t before = (size_t) (hit - self->folded);
            UChar32 previous = 0;
            if (before > 0)
                U8_PREV_UNSAFE (self->folded, before, previous);
            if (!s_is_letter (previous) && !u_isdigit (previous))
                return true;
            hit++;
        }
    }
    return false;
}

static void
s_drop (sumq_textclean_t *self, s_line_t *line, const char *reason)
{
    line->dropped = true;
    s_count_dropped (self, reason, true, self->work + line->offset, line->size);
}

static void
s_drop_junk (sumq_textclean_t *self)
{
    bool has_body = s_learn_body (self);
    int document_script = USCRIPT_COMMON;
    size_t most = 0;
    for (int script = 0; script < self->script_limit; script++)
        if (self->script_letters [script] > most) {
            most = self->script_letters [script];
            document_script = script;
        }
    for (size_t index = 0; index < self->line_count; index++) {
        s_line_t *line = &self->lines [index];
        if (line->blank)
            continue;
        if (self->id_counts [line->id] >= S_REPEATS)
            s_drop (self, line, "repeated");
        else
        if (line->letters == 0)
            s_drop (self, line, "letterless");
        else
        if (line->code)
            s_drop (self, line, "code");
        else
        if (line->url_words > 0 && line->words - line->url_words <= S_URL_OTHER_WORDS)
            s_drop (self, line, "URL");
        else
        if (s_is_caption (self, line))
            s_drop (self, line, "caption");
        else
        if (!line->body && line->words <= S_LINK_WORDS
        &&  ((line->script != USCRIPT_COMMON && line->script != document_script)
          || (has_body && s_has_foreign_letters (self, line))))
            s_drop (self, line, "foreign");
    }
}

static bool
s_is_link (const s_line_t *line)
{
    return !line->terminated && line->words <= S_LINK_WORDS;
}

//  Drops the short labels ending block [first, last), unless the block
//  has nothing else.
static void
s_drop_labels (sumq_textclean_t *self, size_t first, size_t last)
{
    size_t cut = last;
    while (cut > first) {
        const s_line_t *line = &self->lines [cut - 1];
        if (!line->dropped && !(s_is_link (line) && line->words <= S_TAIL_WORDS))
            break;
        cut--;
    }
    if (cut > first)
        for (size_t index = cut; index < last; index++)
            if (!self->lines [index].dropped)
                s_drop (self, &self->lines [index], "trailing label");
}

//  Drops the navigation that follows the last block of running text.
static void
s_drop_tail (sumq_textclean_t *self)
{
    //  The last block with lines left, in case no block is running text.
    size_t last_first = 0, last_last = 0;
    size_t end = self->line_count;
    while (true) {
        size_t last = end;
        while (last > 0 && self->lines [last - 1].blank)
            last--;
        if (last == 0)
            break;
        size_t first = last;
        size_t lines = 0, links = 0;
        while (first > 0 && !self->lines [first - 1].blank) {
            const s_line_t *line = &self->lines [--first];
            if (!line->dropped) {
                lines++;
                links += s_is_link (line);
            }
        }
        if (lines > 0 && last_last == 0) {
            last_first = first;
            last_last = last;
        }
        if (lines > 0 && links * 2 <= lines) {
            //  [first, last) is the last block of running text.
            for (size_t index = last; index < self->line_count; index++)
                if (!self->lines [index].blank && !self->lines [index].dropped)
                    s_drop (self, &self->lines [index], "navigation");
            s_drop_labels (self, first, last);
            return;
        }
        end = first;
    }
    //  No block is mostly running text: only labels ending the last block
    //  can be told from the rest.
    s_drop_labels (self, last_first, last_last);
}

//  ---------------------------------------------------------------------
//  Datelines. News agencies and sites open an article's first paragraph
//  with where it was filed and who filed it, set off by a dash:
//  "Jakarta, CNN Indonesia -- ", "BRASÍLIA - ", "WASHINGTON (Reuters) -",
//  "Suara.com - ". That is a source line run into the lede: summaries
//  written by people leave it out, and a summary that opens with it
//  wastes words on it. Some copies put it on a line of its own.

//  The length of the dash that text starts with: "-", "--", or an en,
//  em or horizontal-bar dash; 0 when there is none.
static size_t
s_dash (const char *text, size_t size)
{
    if (size >= 2 && text [0] == '-' && text [1] == '-')
        return 2;
    if (size >= 1 && text [0] == '-')
        return 1;
    if (size >= 3 && (unsigned char) text [0] == 0xE2 && (unsigned char) text [1] == 0x80
    &&  (unsigned char) text [2] >= 0x93 && (unsigned char) text [2] <= 0x95)
        return 3;
    return 0;
}

//  True when a word can be part of a dateline: a place or an agency
//  ("JAKARTA", "Jawa", "Reuters)," ...), that is a word that starts with
//  a capital, or a site name ("detik.com", "JUARA.net"), or anything in
//  brackets ("(dpa)").
static bool
s_is_dateline_word (const char *word, size_t size, bool bracketed)
{
    if (bracketed)
        return true;
    size_t at = 0;
    UChar32 c;
    U8_NEXT (word, at, size, c);
    if (c >= 0 && u_isupper (c))
        return true;
    const char *dot = memchr (word, '.', size);
    if (!dot || dot == word || (size_t) (dot - word) + 2 >= size)
        return false;
    at = (size_t) (dot - word) + 1;
    U8_NEXT (word, at, size, c);
    return c >= 0 && u_isalpha (c);
}

//  True when the text that follows a dateline starts as a sentence
//  does: with a capital, a digit or an opening quote.
static bool
s_starts_sentence (const char *text, size_t size)
{
    size_t at = 0;
    UChar32 c;
    U8_NEXT (text, at, size, c);
    return c >= 0 && (u_isupper (c) || u_isdigit (c)
        || u_charType (c) == U_INITIAL_PUNCTUATION || u_charType (c) == U_START_PUNCTUATION
        || c == '"' || c == '\'');
}

//  The length of the dateline that a line starts with, the dash and the
//  spaces after it included: at most S_DATELINE_WORDS dateline words,
//  then a dash with a space on at least one side of it, then either
//  nothing or the start of a sentence. 0 when the line has none. Words
//  are split at spaces, so a dash with no space on either side stays
//  inside its word ("Jean-Pierre") and is no separator.
static size_t
s_dateline (const char *text, size_t size)
{
    size_t at = 0, words = 0;
    int depth = 0;
    while (at < size && at <= S_DATELINE_BYTES) {
        size_t length = s_word_length (text, size, at);
        size_t dash = words > 0? s_dash (text + at, length): 0;
        if (dash > 0 && dash < length && isdigit ((unsigned char) text [at + dash]))
            dash = 0;               //  a minus sign: "Jakarta -5 derajat"
        if (dash == 0) {
            //  a word, maybe with the dash glued to its end ("TURKI–")
            size_t end = length;
            while (end > 0 && text [at + end - 1] == '-')
                end--;
            if (end >= 3 && s_dash (text + at + end - 3, 3) == 3)
                end -= 3;
            dash = length - end;
            if (end == 0 || ++words > S_DATELINE_WORDS
            ||  !s_is_dateline_word (text + at, end, depth > 0 || text [at] == '('))
                return 0;
            for (size_t index = 0; index < end; index++)
                depth += (text [at + index] == '(') - (text [at + index] == ')');
            at += end;
        }
        if (dash > 0) {
            if (depth != 0)
                return 0;
            at += dash;
            at = s_skip_space (text, size, at);
            return at == size || s_starts_sentence (text + at, size - at)? at: 0;
        }
        at = s_skip_space (text, size, at);
    }
    return 0;
}

//  Cuts the dateline off the first line of running text, and drops the
//  lines before it that are a dateline and nothing else.
static void
s_drop_dateline (sumq_textclean_t *self)
{
    for (size_t index = 0; index < self->line_count; index++) {
        s_line_t *line = &self->lines [index];
        if (line->blank || line->dropped)
            continue;
        const char *text = self->work + line->offset;
        size_t length = s_dateline (text, line->size);
        if (length == line->size)
            s_drop (self, line, "dateline");
        else
        if (length > 0 && line->body) {
            s_count_dropped (self, "dateline", false, text, length);
            line->offset += length;
            line->size -= length;
        }
        if (line->body)
            return;
    }
}

//  Writes the kept lines over work: one '\n' between lines, two where
//  the input had blank lines. Output never overtakes input, as a blank
//  line took a byte of work too.
static void
s_assemble (sumq_textclean_t *self)
{
    size_t used = 0;
    bool blank = false;
    for (size_t index = 0; index < self->line_count; index++) {
        const s_line_t *line = &self->lines [index];
        if (line->blank)
            blank = true;
        if (line->blank || line->dropped)
            continue;
        if (used > 0) {
            self->work [used++] = '\n';
            if (blank)
                self->work [used++] = '\n';
        }
        memmove (self->work + used, self->work + line->offset, line->size);
        used += line->size;
        blank = false;
    }
    self->work [used] = '\0';
    self->text_size = used;
}

int
sumq_textclean_run (sumq_textclean_t *self, const char *text, size_t size, sumq_error_t *err)
{
    self->dropped = 0;
    self->text_size = 0;
    text = s_normalize (self, text, &size, err);
    if (!text)
        return -1;
    if (s_split_lines (self, text, size)) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "textclean: out of memory");
        return -1;
    }
    s_unwrap (self);
    s_cut_code (self);
    if (s_measure (self)) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "textclean: out of memory");
        return -1;
    }
    s_drop_junk (self);
    s_drop_tail (self);
    s_drop_dateline (self);
    s_assemble (self);
    return 0;
}

const char *
sumq_textclean_text (sumq_textclean_t *self, size_t *size)
{
    if (size)
        *size = self->text_size;
    return self->work? self->work: "";
}

size_t
sumq_textclean_dropped (sumq_textclean_t *self)
{
    return self->dropped;
}
