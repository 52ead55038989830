#include "segment.h"
#include "abbrevs.h"
#include "docabbrevs.h"
#include "reserve.h"
#include "stopwords.h"
#include "textclean.h"
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/udata.h>
#include <unicode/ures.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

//  Headlines are rarely longer; a longer line without final punctuation
//  is a sentence that lost its full stop.
#define S_HEADING_WORDS 20

//  Words that follow a name ("Apple Inc.", "Hank Williams Jr."), unlike
//  titles that precede one ("Dr."), may well end a sentence: in the BBC
//  set, "MCI Inc. Former WorldCom chief ..." runs on but "Hank Williams
//  Jr. He wrote ..." ends. Neither CLDR (German lists "Inc." as never
//  ending a sentence, English does not list it) nor Lingua::Sentence
//  (which lists "Corp." and "Sr." but not "Inc.") draws this line, so it
//  is drawn here, for every language: after one of these, the sentence
//  ends only when the next word is a stopword of the language ("The",
//  "He", "Die"), the frequent sentence starters of Punkt (Kiss and
//  Strunk 2006). Sorted by strcmp.
static const char *const s_name_suffixes [] = {
    "Bros.", "Co.", "Corp.", "Inc.", "Jr.", "Ltd.", "Sr."
};
#define S_NAME_SUFFIXES (sizeof s_name_suffixes / sizeof s_name_suffixes [0])

//  Longer words are never stopwords; their case-folded UTF-16 fits.
#define S_STARTER_UNITS 32
//  A word partly repeated after a hyphen makes one word with it when the
//  part is this long and what goes before it this short (s_repeats).
#define S_REPEATED_LETTERS  4
#define S_PREFIX_LETTERS    4

//  CLDR's sentence-break exceptions of one language, as UTF-8.
typedef struct {
    char *arena;                    //  the entries, each NUL-terminated
    const char **words;             //  one-word entries ("Mr."), sorted
    size_t word_count;
    const char **phrases;           //  entries with a space ("n. Chr.")
    size_t phrase_count;
} s_exceptions_t;

struct _sumq_segment_t {
    char lang [16];
    UBreakIterator *sentence_iter;
    UBreakIterator *word_iter;
    UText *utext;
    //  The text of each iterator when it is ASCII, widened: the iterator
    //  reads it in place until it gets another.
    UChar *sentence_wide;
    size_t sentence_wide_size;
    UChar *word_wide;
    size_t word_wide_size;
    s_exceptions_t exceptions;
    const sumq_abbrev_list_t *abbrevs;      //  of lang, or NULL
    sumq_docabbrevs_t *learnt;              //  of the text, when abbrevs is NULL
    const sumq_stopword_list_t *stopwords;  //  of lang, or NULL
    sumq_sentence_t *sentences;
    size_t sentence_count;
    size_t sentences_size;
    bool flattened;                         //  one line, not German: split run-ons
    sumq_word_t *words;
    size_t word_count;
    size_t words_size;
};

static void
s_exceptions_clear (s_exceptions_t *self)
{
    free (self->arena);
    free (self->words);
    free (self->phrases);
    memset (self, 0, sizeof *self);
}

sumq_segment_t *
sumq_segment_new (void)
{
    sumq_segment_t *self = calloc (1, sizeof *self);
    if (self && !(self->learnt = sumq_docabbrevs_new ())) {
        free (self);
        self = NULL;
    }
    return self;
}

void
sumq_segment_destroy (sumq_segment_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    sumq_segment_t *self = *self_p;
    if (self->sentence_iter)
        ubrk_close (self->sentence_iter);
    if (self->word_iter)
        ubrk_close (self->word_iter);
    utext_close (self->utext);
    free (self->sentence_wide);
    free (self->word_wide);
    s_exceptions_clear (&self->exceptions);
    sumq_docabbrevs_destroy (&self->learnt);
    free (self->sentences);
    free (self->words);
    free (self);
    *self_p = NULL;
}

static int
s_compare_entries (const void *left, const void *right)
{
    return strcmp (*(const char *const *) left, *(const char *const *) right);
}

//  Reads the "exceptions/SentenceBreak" list of ICU's break iterator
//  data for lang; a language without one gets an empty list.
static int
s_exceptions_load (s_exceptions_t *self, const char *lang)
{
    s_exceptions_clear (self);
    UErrorCode status = U_ZERO_ERROR;
    UResourceBundle *bundle = ures_openDirect (U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "brkitr", lang, &status);
    UResourceBundle *exceptions = ures_getByKey (bundle, "exceptions", NULL, &status);
    UResourceBundle *list = ures_getByKey (exceptions, "SentenceBreak", NULL, &status);
    int32_t count = U_SUCCESS (status)? ures_getSize (list): 0;
    int rc = 0;
    if (count > 0) {
        //  Offsets first: the arena moves while it grows.
        size_t *offsets = calloc ((size_t) count, sizeof *offsets);
        size_t arena_size = 0, used = 0;
        int32_t loaded = 0;
        rc = offsets? 0: -1;
        for (int32_t index = 0; index < count && rc == 0; index++) {
            int32_t length;
            UErrorCode item_status = U_ZERO_ERROR;
            const UChar *entry = ures_getStringByIndex (list, index, &length, &item_status);
            if (U_FAILURE (item_status) || length <= 0)
                continue;
            //  A UTF-16 unit never takes more than 3 UTF-8 bytes.
            if (sumq_reserve (&self->arena, &arena_size, used + (size_t) length * 3 + 1, 1)) {
                rc = -1;
                break;
            }
            int32_t written;
            u_strToUTF8 (self->arena + used, (int32_t) (arena_size - used), &written,
                         entry, length, &item_status);
            if (U_FAILURE (item_status))
                continue;
            self->arena [used + (size_t) written] = '\0';
            offsets [loaded++] = used;
            used += (size_t) written + 1;
        }
        if (rc == 0) {
            self->words = calloc ((size_t) loaded + 1, sizeof *self->words);
            self->phrases = calloc ((size_t) loaded + 1, sizeof *self->phrases);
            rc = self->words && self->phrases? 0: -1;
        }
        for (int32_t index = 0; index < loaded && rc == 0; index++) {
            const char *entry = self->arena + offsets [index];
            if (strchr (entry, ' '))
                self->phrases [self->phrase_count++] = entry;
            else
                self->words [self->word_count++] = entry;
        }
        if (rc == 0)
            qsort (self->words, self->word_count, sizeof *self->words, s_compare_entries);
        free (offsets);
    }
    ures_close (list);
    ures_close (exceptions);
    ures_close (bundle);
    if (rc)
        s_exceptions_clear (self);
    return rc;
}

int
sumq_segment_set_lang (sumq_segment_t *self, const char *lang, sumq_error_t *err)
{
    if (self->sentence_iter && strcmp (self->lang, lang) == 0)
        return 0;
    //  Without "@ss=standard": the exceptions are applied here (see header).
    UErrorCode status = U_ZERO_ERROR;
    UBreakIterator *sentence_iter = ubrk_open (UBRK_SENTENCE, lang, NULL, 0, &status);
    UBreakIterator *word_iter = ubrk_open (UBRK_WORD, lang, NULL, 0, &status);
    if (U_FAILURE (status)) {
        if (sentence_iter)
            ubrk_close (sentence_iter);
        if (word_iter)
            ubrk_close (word_iter);
        sumq_error_set (err, SUMQ_E_INTERNAL, "segment: cannot open ICU break iterators for \"%s\" (%s)",
                        lang, u_errorName (status));
        return -1;
    }
    if (self->sentence_iter)
        ubrk_close (self->sentence_iter);
    if (self->word_iter)
        ubrk_close (self->word_iter);
    self->sentence_iter = sentence_iter;
    self->word_iter = word_iter;
    snprintf (self->lang, sizeof self->lang, "%s", lang);
    self->abbrevs = sumq_abbrevs_for (lang);
    self->stopwords = sumq_stopwords_for (lang);
    if (s_exceptions_load (&self->exceptions, lang)) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "segment: out of memory");
        self->lang [0] = '\0';
        return -1;
    }
    return 0;
}

//  Points the iterator at text [start, start + size); *wide is its own
//  buffer for ASCII text.
static int
s_set_text (sumq_segment_t *self, UBreakIterator *iter, UChar **wide, size_t *wide_size,
            const char *text, size_t size, sumq_error_t *err)
{
    if (size > INT32_MAX) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "segment: a line of %zu bytes is too long", size);
        return -1;
    }
    //  ICU reads UTF-16 in place but UTF-8 through a small buffer that it
    //  refills every few dozen characters. ASCII widens to UTF-16 with
    //  the same offsets, so most text is handed over that way.
    if (sumq_reserve (wide, wide_size, size + 1, sizeof (UChar))) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "segment: out of memory");
        return -1;
    }
    size_t widened = 0;
    while (widened < size && (unsigned char) text [widened] < 0x80) {
        (*wide) [widened] = (UChar) text [widened];
        widened++;
    }
    UErrorCode status = U_ZERO_ERROR;
    if (widened == size)
        ubrk_setText (iter, *wide, (int32_t) size, &status);
    else {
        //  Reusing the UText saves an allocation; the iterator keeps its
        //  own shallow clone.
        self->utext = utext_openUTF8 (self->utext, text, (int64_t) size, &status);
        ubrk_setUText (iter, self->utext, &status);
    }
    if (U_FAILURE (status)) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "segment: ICU cannot take the text (%s)", u_errorName (status));
        return -1;
    }
    return 0;
}

static bool
s_is_opener (UChar32 c)
{
    if (c == '"' || c == '\'')
        return true;
    int8_t type = u_charType (c);
    return type == U_START_PUNCTUATION || type == U_INITIAL_PUNCTUATION;
}

static bool
s_is_letter (UChar32 c)
{
    return u_isalpha (c);
}

//  Where the run of characters from at in line [0, size) that keep
//  accepts ends.
static size_t
s_run_end (const char *line, size_t size, size_t at, bool (*keep) (UChar32))
{
    while (at < size) {
        size_t next = at;
        UChar32 c;
        U8_NEXT_UNSAFE (line, next, c);
        if (!keep (c))
            break;
        at = next;
    }
    return at;
}

//  True when the first word at line [at, size), opening quotes and
//  brackets aside, is a stopword: it then starts a sentence more often
//  than it goes on with a name.
static bool
s_starts_with_stopword (const sumq_segment_t *self, const char *line, size_t size, size_t at)
{
    at = s_run_end (line, size, at, s_is_opener);
    size_t end = s_run_end (line, size, at, s_is_letter);
    if (end == at || !self->stopwords)
        return false;
    //  A UTF-16 unit never takes more than 3 UTF-8 bytes: the NUL fits.
    UChar word [S_STARTER_UNITS], folded [S_STARTER_UNITS];
    char folded_utf8 [S_STARTER_UNITS * 3 + 1];
    int32_t length;
    UErrorCode status = U_ZERO_ERROR;
    u_strFromUTF8 (word, S_STARTER_UNITS, &length, line + at, (int32_t) (end - at), &status);
    length = u_strFoldCase (folded, S_STARTER_UNITS, word, length, U_FOLD_CASE_DEFAULT, &status);
    u_strToUTF8 (folded_utf8, sizeof folded_utf8, NULL, folded, length, &status);
    //  Overflow: too long for a stopword.
    return U_SUCCESS (status) && sumq_stopwords_contains (self->stopwords, folded_utf8);
}

//  True when text [0, size) has two letters or more and only capitals.
static bool
s_in_capitals (const char *text, size_t size)
{
    size_t index = 0, letters = 0;
    while (index < size) {
        UChar32 c;
        U8_NEXT_UNSAFE (text, index, c);
        if (!u_isupper (c))
            return false;
        letters++;
    }
    return letters > 1;
}

//  True when the word at line [at, size) begins with two capitals.
static bool
s_starts_in_capitals (const char *line, size_t size, size_t at)
{
    for (int letter = 0; letter < 2; letter++) {
        if (at >= size)
            return false;
        UChar32 c;
        U8_NEXT_UNSAFE (line, at, c);
        if (!u_isupper (c))
            return false;
    }
    return true;
}

//  True when the break at line [at] follows an abbreviation: the whole
//  word (or words) before it, opening quotes and brackets aside, is on
//  CLDR's or Lingua::Sentence's list of the language; or it is a name
//  suffix or an initialism in capitals ("M.D.", listed or not) and no
//  stopword follows; or it is a numeric-only entry ("No.") and a digit
//  follows. No list holds every initialism ("M.D. Anderson" was cut in
//  two), and one may end a sentence too ("Washington, D.C. The first
//  lady"); in lower case they are mostly times, left to the lists, as
//  those end sentences as often as not ("at 7:30 p.m. Jordan was ...").
//  A language Lingua::Sentence has no list of (Vietnamese, Indonesian)
//  gets the abbreviations the document itself shows (docabbrevs.h:
//  "TP." in "TP. Hồ Chí Minh") and the part that every Latin-script
//  list shares: a single capital with its stop is an initial ("T.
//  Hùng", "J. Widodo"), not a sentence end. An entry in
//  capitals ("MS.", "OK.", "DR.") is the spelling of text in capitals and
//  holds only when capitals follow: "DR. SMITH", but "patients with MS.
//  Final approval ..." ends.
static bool
s_is_suppressed (const sumq_segment_t *self, const char *line, size_t size, size_t at)
{
    size_t end = at;
    while (end > 0 && line [end - 1] == ' ')
        end--;
    if (end == 0 || line [end - 1] != '.')
        return false;
    size_t start = end;
    while (start > 0 && line [start - 1] != ' ')
        start--;
    start = s_run_end (line, end, start, s_is_opener);
    const char *word = line + start;
    size_t word_size = end - start;
    if (sumq_abbrevs_contains (s_name_suffixes, S_NAME_SUFFIXES, word, word_size)
    ||  sumq_abbrevs_initialism (word, word_size - 1, true))
        return !s_starts_with_stopword (self, line, size, at);
    if (!self->abbrevs && sumq_docabbrevs_contains (self->learnt, word, word_size))
        return true;
    if (s_in_capitals (word, word_size - 1) && !s_starts_in_capitals (line, size, at))
        return false;
    const s_exceptions_t *exceptions = &self->exceptions;
    if (sumq_abbrevs_contains (exceptions->words, exceptions->word_count, word, word_size))
        return true;
    for (size_t index = 0; index < exceptions->phrase_count; index++) {
        size_t phrase_size = strlen (exceptions->phrases [index]);
        if (phrase_size <= end && memcmp (line + end - phrase_size, exceptions->phrases [index], phrase_size) == 0
        &&  (end == phrase_size || line [end - phrase_size - 1] == ' '))
            return true;
    }
    const sumq_abbrev_list_t *abbrevs = self->abbrevs;
    if (!abbrevs)
        return word_size == 2 && word [0] >= 'A' && word [0] <= 'Z';
    if (sumq_abbrevs_contains (abbrevs->always, abbrevs->always_count, word, word_size))
        return true;
    return line [at] >= '0' && line [at] <= '9'
        && sumq_abbrevs_contains (abbrevs->numeric, abbrevs->numeric_count, word, word_size);
}

//  Narrows [*start, *end) to leave out white space at both ends: ICU
//  leaves the space after a sentence in it.
static void
s_trim (const char *text, size_t *start, size_t *end)
{
    while (*start < *end) {
        size_t next = *start;
        UChar32 c;
        U8_NEXT_UNSAFE (text, next, c);
        if (!u_isUWhiteSpace (c))
            break;
        *start = next;
    }
    while (*end > *start) {
        size_t previous = *end;
        UChar32 c;
        U8_PREV_UNSAFE (text, previous, c);
        if (!u_isUWhiteSpace (c))
            break;
        *end = previous;
    }
}

static int
s_add_sentence (sumq_segment_t *self, const char *text, size_t start, size_t end,
                size_t para)
{
    s_trim (text, &start, &end);
    if (end == start)
        return 0;
    if (sumq_reserve (&self->sentences, &self->sentences_size,
                      self->sentence_count + 1, sizeof (sumq_sentence_t)))
        return -1;
    sumq_sentence_t *sentence = &self->sentences [self->sentence_count++];
    sentence->start = start;
    sentence->size = end - start;
    sentence->para = para;
    sentence->heading = false;
    return 0;
}

//  Text flattened into one line (by a feed or a dataset: CNN/DailyMail
//  is) keeps photo captions and "Scroll down for video" with no full
//  stop, so that one ICU sentence is several glued together: "... the
//  Cleveland zoo) The boy was rescued ...". There, a capitalised
//  stopword right after a word ending in a lower-case letter, a digit or
//  a closing bracket, with no punctuation between, starts a new sentence
//  (the starters of s_starts_with_stopword: "The", "He", "But");
//  mid-sentence, those are written in lower case. Not a word of one
//  letter ("I", the label of "plan A was"), nor an abbreviation ("lives
//  at No. 10"), nor a stopword before a capital ("told The New York
//  Times").
//  Text with line breaks keeps its own punctuation and is left alone.
//  On 100 CNN/DailyMail test stories the default summarizer went from
//  33.55 to 36.24 ROUGE-1 F at reference length and from 35.46 to 37.90
//  at 3 sentences (Lead: 39.02 -> 39.60 and 40.92 -> 40.99); VietNews
//  (flattened too), TeMario and BBC News did not change.
static bool
s_is_runon (const sumq_segment_t *self, const char *line, size_t size, size_t at)
{
    if (at < 2 || at >= size || line [at - 1] != ' ')
        return false;
    size_t before = at - 1;
    UChar32 last, first;
    U8_PREV_UNSAFE (line, before, last);
    size_t next = at;
    U8_NEXT_UNSAFE (line, next, first);
    if (!(u_islower (last) || u_isdigit (last) || last == ')') || !u_isupper (first))
        return false;
    size_t end = s_run_end (line, size, at, s_is_letter);
    if (end == next)
        return false;               //  one letter: "I", or a label ("plan A was")
    if (end < size && line [end] == '.')
        return false;               //  an abbreviation: "at No. 10"
    //  "The boy was rescued" starts a sentence; "told The New York Times"
    //  and "owns The Guardian" name something: a capital follows.
    size_t following = end;
    while (following < size && line [following] == ' ')
        following++;
    if (following == end || following >= size)
        return false;
    UChar32 next_first;
    U8_NEXT_UNSAFE (line, following, next_first);
    if (!u_islower (next_first))
        return false;
    return s_starts_with_stopword (self, line, size, at);
}

//  Paragraphs glued together by a scraper or a converter that dropped
//  the break, not even a space between them: "... pyrénéen.Alors les
//  ...". ICU reads that as one word, as it does "U.S.A" or "Node.js".
//  True at a capital followed by a lower-case letter, right after final
//  punctuation (and closing quotes) that ends a word of two or more
//  letters, all lower-case, standing on its own: not an initialism
//  ("U.S.Army"), nor a name in a domain or a path ("www.example.Com").
static bool
s_is_glued (const char *line, size_t size, size_t at)
{
    //  at must start a character after punctuation: an ASCII letter,
    //  digit or space before it fails most places at once.
    unsigned char last_byte = (unsigned char) line [at - 1];
    if (((unsigned char) line [at] & 0xC0) == 0x80
    ||  (last_byte < 0x80 && (last_byte == ' ' || isalnum (last_byte))))
        return false;
    size_t next = at;
    UChar32 first, second;
    U8_NEXT_UNSAFE (line, next, first);
    if (next >= size || !u_isupper (first))
        return false;
    U8_NEXT_UNSAFE (line, next, second);
    if (!u_islower (second))
        return false;
    size_t before = at;
    UChar32 c = 0;
    while (before > 0) {
        U8_PREV_UNSAFE (line, before, c);
        int8_t type = u_charType (c);
        if (type != U_FINAL_PUNCTUATION && type != U_END_PUNCTUATION && c != '"' && c != '\'')
            break;
    }
    if (c != '.' && c != '!' && c != '?' && c != 0x2026)
        return false;
    size_t letters = 0;
    while (before > 0) {
        size_t previous = before;
        U8_PREV_UNSAFE (line, previous, c);
        if (!u_isalpha (c))
            break;
        if (!u_islower (c))
            return false;
        letters++;
        before = previous;
    }
    if (letters < 2)
        return false;
    if (before == 0)
        return true;
    U8_PREV_UNSAFE (line, before, c);
    return !u_isdigit (c) && c != '.' && c != '/' && c != '@' && c != '_' && c != '-';
}

//  Adds line [from, to) as one sentence, or several if it has run-ons
//  or glued paragraphs.
static int
s_add_runons (sumq_segment_t *self, const char *text, size_t start, size_t size,
              size_t from, size_t to, size_t para)
{
    const char *line = text + start;
    for (size_t at = from + 1; at < to; at++)
        if ((self->flattened && s_is_runon (self, line, size, at)) || s_is_glued (line, size, at)) {
            if (s_add_sentence (self, text, start + from, start + at, para))
                return -1;
            from = at;
        }
    return s_add_sentence (self, text, start + from, start + to, para);
}

static bool
s_has_alnum (const char *text, size_t size)
{
    size_t index = 0;
    while (index < size) {
        UChar32 c;
        U8_NEXT_UNSAFE (text, index, c);
        if (u_isalnum (c))
            return true;
    }
    return false;
}

static size_t
s_count_words (const char *line, size_t size)
{
    size_t words = 1;
    for (size_t index = 0; index < size; index++)
        words += line [index] == ' ';
    return words;
}

//  The sentences of one line, all in paragraph para.
static int
s_split_line (sumq_segment_t *self, const char *text, size_t start, size_t size,
              size_t para, bool *heading, sumq_error_t *err)
{
    const char *line = text + start;
    if (s_set_text (self, self->sentence_iter, &self->sentence_wide, &self->sentence_wide_size,
                    line, size, err))
        return -1;
    size_t first = self->sentence_count;
    size_t from = 0;
    int32_t at = ubrk_first (self->sentence_iter);
    while ((at = ubrk_next (self->sentence_iter)) != UBRK_DONE) {
        if ((size_t) at < size && s_is_suppressed (self, line, size, (size_t) at))
            continue;
        //  Punctuation debris ("century./." cut after "century.") stays
        //  with the sentence before it.
        if (self->sentence_count > first && !s_has_alnum (line + from, (size_t) at - from)) {
            sumq_sentence_t *last = &self->sentences [self->sentence_count - 1];
            size_t last_start = last->start, end = start + (size_t) at;
            s_trim (text, &last_start, &end);
            last->size = end - last->start;
        }
        else
        if (s_add_runons (self, text, start, size, from, (size_t) at, para))
            goto nomem;
        from = (size_t) at;
    }
    *heading = self->sentence_count == first + 1
            && !sumq_textclean_terminated (line, size)
            && s_count_words (line, size) <= S_HEADING_WORDS;
    if (*heading)
        self->sentences [first].heading = true;
    return 0;
nomem:
    sumq_error_set (err, SUMQ_E_INTERNAL, "segment: out of memory");
    return -1;
}

ssize_t
sumq_segment_sentences (sumq_segment_t *self, const char *text, size_t size,
                        const sumq_sentence_t **sentences, sumq_error_t *err)
{
    if (!self->sentence_iter && sumq_segment_set_lang (self, "", err))
        return -1;
    self->sentence_count = 0;
    //  German writes its formal pronouns in capitals mid-sentence
    //  ("bitten Sie um Geduld"): a capital stopword says nothing there.
    self->flattened = memchr (text, '\n', size) == NULL && strcmp (self->lang, "de") != 0;
    bool by_blank_lines = memmem (text, size, "\n\n", 2) != NULL;
    if (!self->abbrevs && sumq_docabbrevs_learn (self->learnt, text, size)) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "segment: out of memory");
        return -1;
    }
    size_t para = 0;
    bool new_para = true;
    size_t start = 0;
    while (start <= size) {
        const char *newline = memchr (text + start, '\n', size - start);
        size_t end = newline? (size_t) (newline - text): size;
        if (end == start)
            new_para = true;
        else {
            size_t first = self->sentence_count;
            bool opens = new_para || !by_blank_lines;
            size_t line_para = opens? para: para - 1;
            bool heading;
            if (s_split_line (self, text, start, end - start, line_para, &heading, err))
                return -1;
            if (self->sentence_count > first) {
                //  Whether the line is a heading, which never shares a
                //  paragraph, is known only once ICU has cut it.
                if (heading && !opens) {
                    self->sentences [first].para = para;
                    opens = true;
                }
                if (opens)
                    para++;
                new_para = heading;
            }
        }
        start = end + 1;
    }
    *sentences = self->sentences;
    return (ssize_t) self->sentence_count;
}

//  True when the gap between two words is a lone hyphen (or another
//  dash), which joins them into a compound: "high-tech", "Heung-min".
static bool
s_is_hyphen (const char *gap, size_t size)
{
    size_t index = 0;
    UChar32 c;
    U8_NEXT_UNSAFE (gap, index, c);
    return index == size && u_charType (c) == U_DASH_PUNCTUATION;
}

//  Punctuation in a gap between two words that is no lone hyphen
//  (s_is_hyphen) marks a phrase boundary, except full stops: inside a
//  sentence, those end abbreviations ("the U.S. Department").
static bool
s_is_boundary (const char *gap, size_t size)
{
    UChar32 c;
    for (size_t index = 0; index < size; ) {
        U8_NEXT_UNSAFE (gap, index, c);
        if (c != '.' && u_ispunct (c))
            return true;
    }
    return false;
}

//  True when the word [word, word + size) repeats the end of the word
//  [before, before + before_size), case aside: the whole of it ("anak",
//  "negara"), or, after a prefix of at most S_PREFIX_LETTERS letters, a
//  part of S_REPEATED_LETTERS or more ("bermain-main", "terburu-buru",
//  but not "command-and").
static bool
s_repeats (const char *before, size_t before_size, const char *word, size_t size)
{
    int32_t at = (int32_t) before_size, word_at = (int32_t) size;
    size_t letters = 0;
    while (word_at > 0) {
        if (at == 0)
            return false;
        UChar32 c, word_c;
        U8_PREV_UNSAFE (before, at, c);
        U8_PREV_UNSAFE (word, word_at, word_c);
        if (u_foldCase (c, U_FOLD_CASE_DEFAULT) != u_foldCase (word_c, U_FOLD_CASE_DEFAULT))
            return false;
        letters++;
    }
    if (at == 0)
        return true;
    size_t prefix = 0;
    while (at > 0 && prefix <= S_PREFIX_LETTERS) {
        U8_BACK_1_UNSAFE (before, at);
        prefix++;
    }
    return letters >= S_REPEATED_LETTERS && prefix <= S_PREFIX_LETTERS;
}

//  Appends the word span [from, to) of text [start, ...); *previous_end
//  is where the word before it ended, and becomes where this one does.
//  A word joined by a hyphen to a word it repeats (s_repeats) extends
//  that word instead (segment.h). As two words, keywords showed each
//  half by its stem's form: "bermain-bermain" for "bermain-main", and
//  "undang" (to invite) for "undang-undang" (law).
static int
s_add_word (sumq_segment_t *self, const char *span, size_t start, size_t from, size_t to,
            bool number, size_t *previous_end)
{
    const char *gap = span + *previous_end;
    size_t gap_size = self->word_count > 0 && from > *previous_end? from - *previous_end: 0;
    bool joined = gap_size > 0 && s_is_hyphen (gap, gap_size);
    sumq_word_t *previous = self->word_count > 0? &self->words [self->word_count - 1]: NULL;
    if (joined && !number && !previous->number
    &&  s_repeats (span + (previous->start - start), previous->size, span + from, to - from)) {
        previous->size = start + to - previous->start;
        previous->repeated = true;
        *previous_end = to;
        return 0;
    }
    if (sumq_reserve (&self->words, &self->words_size, self->word_count + 1, sizeof (sumq_word_t)))
        return -1;
    sumq_word_t *word = &self->words [self->word_count];
    word->start = start + from;
    word->size = to - from;
    word->number = number;
    word->abbreviation = false;
    word->joined = joined;
    word->repeated = false;
    word->boundary = gap_size > 0 && !joined && s_is_boundary (gap, gap_size);
    self->word_count++;
    *previous_end = to;
    return 0;
}

//  ICU's word rules, on text made only of ASCII letters, digits, spaces
//  and the punctuation below, come down to this: a word is a run of
//  letters and digits that goes on across one "." or "'" between two
//  letters, or one ".", "'", "," or ";" between two digits; it is a
//  number when it ends in a digit. Finding that by hand costs a fraction
//  of ICU's state machine. Left to ICU, with everything not ASCII and
//  the controls: ':' (joins letters in Finnish and Swedish), '_' (joins
//  anything) and '@' (a letter to ICU). tests/unit/check_segment.c
//  compares both ways in every language langid knows.
typedef enum { S_OTHER, S_LETTER, S_DIGIT, S_UNSAFE } s_ascii_class_t;

//  A table: every character of a sentence is looked up twice.
static const unsigned char s_ascii_classes [256] = {
    [0 ... 0x1F] = S_UNSAFE, [0x7F ... 0xFF] = S_UNSAFE,
    [':'] = S_UNSAFE, ['_'] = S_UNSAFE, ['@'] = S_UNSAFE,
    ['0' ... '9'] = S_DIGIT, ['A' ... 'Z'] = S_LETTER, ['a' ... 'z'] = S_LETTER
};

static s_ascii_class_t
s_ascii_class (unsigned char c)
{
    return (s_ascii_class_t) s_ascii_classes [c];
}

static bool
s_ascii_safe (const char *span, size_t size)
{
    for (size_t at = 0; at < size; at++)
        if (s_ascii_class ((unsigned char) span [at]) == S_UNSAFE)
            return false;
    return true;
}

//  Whether the punctuation mark between two words of these classes
//  joins them into one.
static bool
s_ascii_joins (s_ascii_class_t before, char mark, s_ascii_class_t after)
{
    if (before == S_LETTER && after == S_LETTER)
        return mark == '.' || mark == '\'';
    if (before == S_DIGIT && after == S_DIGIT)
        return mark == '.' || mark == '\'' || mark == ',' || mark == ';';
    return false;
}

//  The words of span, which s_ascii_safe accepted.
static int
s_ascii_words (sumq_segment_t *self, const char *span, size_t start, size_t size)
{
    size_t previous_end = 0;
    size_t at = 0;
    while (at < size) {
        s_ascii_class_t last = s_ascii_class ((unsigned char) span [at]);
        if (last == S_OTHER) {
            at++;
            continue;
        }
        size_t from = at++;
        while (at < size) {
            s_ascii_class_t next = s_ascii_class ((unsigned char) span [at]);
            if (next != S_OTHER)
                at++;
            else
            if (at + 1 < size
            &&  s_ascii_joins (last, span [at], next = s_ascii_class ((unsigned char) span [at + 1])))
                at += 2;
            else
                break;
            last = next;
        }
        if (s_add_word (self, span, start, from, at, last == S_DIGIT, &previous_end))
            return -1;
    }
    return 0;
}

//  The words of span as ICU's word break iterator finds them.
static int
s_icu_words (sumq_segment_t *self, const char *span, size_t start, size_t size, sumq_error_t *err)
{
    if (s_set_text (self, self->word_iter, &self->word_wide, &self->word_wide_size, span, size, err))
        return -1;
    size_t previous_end = 0;
    int32_t from = ubrk_first (self->word_iter);
    int32_t to;
    while ((to = ubrk_next (self->word_iter)) != UBRK_DONE) {
        int32_t status = ubrk_getRuleStatus (self->word_iter);
        if (status >= UBRK_WORD_NUMBER && status < UBRK_WORD_IDEO_LIMIT
        &&  s_add_word (self, span, start, (size_t) from, (size_t) to,
                        status < UBRK_WORD_NUMBER_LIMIT, &previous_end)) {
            sumq_error_set (err, SUMQ_E_INTERNAL, "segment: out of memory");
            return -1;
        }
        from = to;
    }
    return 0;
}

ssize_t
sumq_segment_words (sumq_segment_t *self, const char *text, size_t start, size_t size,
                    const sumq_word_t **words, sumq_error_t *err)
{
    if (!self->word_iter && sumq_segment_set_lang (self, "", err))
        return -1;
    self->word_count = 0;
    const char *span = text + start;
    if (s_ascii_safe (span, size)) {
        if (s_ascii_words (self, span, start, size)) {
            sumq_error_set (err, SUMQ_E_INTERNAL, "segment: out of memory");
            return -1;
        }
    }
    else
    if (s_icu_words (self, span, start, size, err))
        return -1;
    //  Only a text that showed abbreviations has words to flag: most
    //  languages have a list, and most texts without one show none.
    if (!self->abbrevs && sumq_docabbrevs_count (self->learnt) > 0)
        for (size_t index = 0; index < self->word_count; index++) {
            sumq_word_t *word = &self->words [index];
            size_t end = word->start + word->size;
            word->abbreviation = end < start + size && text [end] == '.'
                              && sumq_docabbrevs_contains (self->learnt, text + word->start, word->size + 1);
        }
    *words = self->words;
    return (ssize_t) self->word_count;
}
