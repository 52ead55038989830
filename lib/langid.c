#include "langid.h"
#include "intern.h"
#include "log.h"
#include "stopwords.h"
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fingerprint.h>
#include <constants.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

//  The candidates: ISO 639-1 code and textcat profile. Norwegian has two
//  written standards and two profiles; Chinese two scripts.
static const struct {
    const char *code;
    const char *profile;
} s_languages [] = {
    //  The languages with a stopword list
    { "da", "da" }, { "de", "de" }, { "en", "en" }, { "es", "es" },
    { "fi", "fi" }, { "fr", "fr" }, { "hu", "hu" }, { "id", "id" },
    { "it", "it" }, { "nl", "nl" }, { "no", "nb" }, { "no", "nn" },
    { "pt", "pt" }, { "ro", "ro" }, { "ru", "ru" }, { "sv", "sv" },
    //  Vietnamese, then languages no Latin-script text is mistaken for
    { "vi", "vi" }, { "ar", "ar" }, { "el", "el" }, { "he", "he" },
    { "hi", "hi" }, { "ja", "ja" }, { "ko", "ko" }, { "th", "th" },
    { "uk", "uk" }, { "zh", "zh-Hans" }, { "zh", "zh-Hant" },
    //  Common Latin-script languages that would otherwise pass for one of
    //  the above (Polish for Romanian, Turkish for Spanish)
    { "cs", "cs" }, { "pl", "pl" }, { "tr", "tr" }
};
#define S_LANGUAGES (sizeof s_languages / sizeof s_languages [0])

//  Stopword lists a word can be on: bits of a mask.
#define S_MAX_LISTS 32
//  No stopword is longer; longer words are not looked up.
#define S_MAX_STOPWORD 64
//  Below this many letters n-gram statistics are noise: only stopwords
//  can tell the language, if they agree.
#define S_MIN_LETTERS 20
//  A best score this close to that of a profile sharing nothing with the
//  text means no profile matches: the text is in none of the languages.
#define S_UNRELATED 0.95
//  Sister languages score this close on a paragraph, more distant ones
//  do not; textcat's own threshold, 3%, is too narrow to let stopwords
//  tell Bokmål from Danish.
#define S_SISTERS 1.10
//  A stopword list that covers at least this share of a text's words,
//  S_CLEAR_LEAD times as many as any other list and S_CLEAR_HITS words
//  in all, names the language without n-grams: prose is about half
//  function words, and textcat, far more costly, agrees on every
//  article and paragraph of the BBC set and on the test texts. Fewer
//  hits are chance: "Parmalat to return to stockmarket" is not English
//  to textcat. One-letter words are not counted: initials are not
//  French "j'" and "l'" ("J Robinson; M Cueto, J Noon, ...").
#define S_CLEAR_SHARE 0.25
#define S_CLEAR_LEAD 3
#define S_CLEAR_HITS 12
#define S_CLEAR_SHORTEST 2

struct _sumq_langid_t {
    void *profiles [S_LANGUAGES];
    //  A profile without n-grams: what a text scores against a language
    //  it shares nothing with.
    void *empty;
    //  Every list's stopwords, each with a mask of the lists (by index
    //  in sumq_stopword_lists) it is on: one lookup a word instead of a
    //  binary search in every list.
    sumq_intern_t *stopwords;
    uint32_t *lists_of;
    char buffer [SUMQ_LANGID_MAX_BYTES + 1];
};

//  Builds the table of stopwords; -1 when out of memory.
static int
s_index_stopwords (sumq_langid_t *self)
{
    self->stopwords = sumq_intern_new ();
    size_t total = 0;
    for (size_t list = 0; list < sumq_stopword_list_count; list++)
        total += sumq_stopword_lists [list].count;
    self->lists_of = calloc (total + 1, sizeof *self->lists_of);
    if (!self->stopwords || !self->lists_of || sumq_stopword_list_count > S_MAX_LISTS)
        return -1;
    for (size_t list = 0; list < sumq_stopword_list_count; list++)
        for (size_t index = 0; index < sumq_stopword_lists [list].count; index++) {
            const char *word = sumq_stopword_lists [list].words [index];
            int id = sumq_intern_add (self->stopwords, word, strlen (word), NULL);
            if (id < 0)
                return -1;
            self->lists_of [id] |= (uint32_t) 1 << list;
        }
    return 0;
}

sumq_langid_t *
sumq_langid_new (const char *models_dir)
{
    if (!models_dir)
        models_dir = SUMQ_LANGID_MODELS;
    sumq_langid_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->empty = fp_Init (NULL);
    if (!self->empty || s_index_stopwords (self)) {
        sumq_log_error ("langid: out of memory, or more than %d stopword lists", S_MAX_LISTS);
        sumq_langid_destroy (&self);
        return NULL;
    }
    for (size_t index = 0; index < S_LANGUAGES; index++) {
        char path [1024];
        snprintf (path, sizeof path, "%s/%s.lm", models_dir, s_languages [index].profile);
        self->profiles [index] = fp_Init (s_languages [index].code);
        if (!self->profiles [index]
        ||  fp_Read (self->profiles [index], path, MAXNGRAMS) == 0) {
            sumq_log_error ("langid: cannot read language profile %s", path);
            sumq_langid_destroy (&self);
            return NULL;
        }
    }
    return self;
}

void
sumq_langid_destroy (sumq_langid_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    sumq_langid_t *self = *self_p;
    for (size_t index = 0; index < S_LANGUAGES; index++)
        if (self->profiles [index])
            fp_Done (self->profiles [index]);
    if (self->empty)
        fp_Done (self->empty);
    sumq_intern_destroy (&self->stopwords);
    free (self->lists_of);
    free (self);
    *self_p = NULL;
}

//  How many words of the first size bytes of the buffer, of at least
//  shortest (> 0) letters, each stopword list holds, by index in
//  sumq_stopword_lists; returns how many such words there are.
static size_t
s_count_stopwords (sumq_langid_t *self, size_t size, size_t *hits, size_t shortest)
{
    const char *text = self->buffer;
    char word [S_MAX_STOPWORD + 1];
    size_t length = 0;
    size_t letters = 0;
    bool too_long = false;
    size_t words = 0;
    size_t index = 0;
    while (index <= size) {
        UChar32 c = 0;
        if (index < size)
            U8_NEXT (text, index, size, c);
        else
            index++;
        if (c > 0 && u_isalpha (c)) {
            c = u_foldCase (c, U_FOLD_CASE_DEFAULT);
            letters++;
            if (length + U8_LENGTH (c) <= S_MAX_STOPWORD)
                U8_APPEND_UNSAFE (word, length, c);
            else
                too_long = true;
            continue;
        }
        if (letters < shortest) {
            length = 0;
            letters = 0;
            continue;
        }
        words++;
        int id = too_long? -1: sumq_intern_find (self->stopwords, word, length);
        for (uint32_t lists = id < 0? 0: self->lists_of [id]; lists; lists &= lists - 1)
            hits [__builtin_ctz (lists)]++;
        length = 0;
        letters = 0;
        too_long = false;
    }
    return words;
}

static size_t
s_count_letters (const char *text, size_t size)
{
    size_t letters = 0;
    size_t index = 0;
    while (index < size) {
        UChar32 c;
        U8_NEXT (text, index, size, c);
        letters += c > 0 && u_isalpha (c);
    }
    return letters;
}

//  The code among codes [0, count) whose stopwords cover most words of
//  the buffer's first size bytes; on a tie the earlier code. NULL when
//  no code has a list, or (when unique) if the most is not held by
//  exactly one code.
static const char *
s_vote (sumq_langid_t *self, size_t size, const char *const *codes, size_t count, bool unique)
{
    size_t hits [S_MAX_LISTS] = { 0 };
    s_count_stopwords (self, size, hits, 1);
    const char *winner = NULL;
    size_t most = 0;
    bool tied = false;
    for (size_t slot = 0; slot < count; slot++) {
        const sumq_stopword_list_t *list = sumq_stopwords_for (codes [slot]);
        size_t held = list? hits [list - sumq_stopword_lists]: 0;
        if (held > most) {
            most = held;
            winner = codes [slot];
            tied = false;
        }
        else
        if (held == most && most > 0)
            tied = true;
    }
    return unique && tied? NULL: winner;
}

//  The language whose stopword list clearly wins (see S_CLEAR_SHARE), or
//  NULL when none does.
static const char *
s_clear_winner (sumq_langid_t *self, size_t size)
{
    size_t hits [S_MAX_LISTS] = { 0 };
    size_t words = s_count_stopwords (self, size, hits, S_CLEAR_SHORTEST);
    size_t best = 0;
    size_t second = 0;
    for (size_t slot = 1; slot < sumq_stopword_list_count; slot++)
        if (hits [slot] > hits [best]) {
            second = hits [best];
            best = slot;
        }
        else
        if (hits [slot] > second)
            second = hits [slot];
    if (hits [best] < S_CLEAR_HITS || hits [best] < words * S_CLEAR_SHARE
    ||  hits [best] < second * S_CLEAR_LEAD)
        return NULL;
    return sumq_stopword_lists [best].lang;
}

//  Scores the text against every profile: codes and scores of each
//  language, best first. Returns how many languages, 0 if none matched.
static size_t
s_rank (sumq_langid_t *self, size_t size, const char **codes, int *scores)
{
    void *unknown = fp_Init (NULL);
    if (!unknown)
        return 0;
    fp_SetProperty (unknown, TCPROP_UTF8AWARE, TC_TRUE);
    size_t count = 0;
    if (fp_Create (unknown, self->buffer, (uint4) size, MAXNGRAMS)) {
        for (size_t index = 0; index < S_LANGUAGES; index++) {
            const char *code = s_languages [index].code;
            //  textcat stops scoring a profile once it is out of the
            //  running; out of the running is past the sisters' margin.
            int cutoff = count > 0 && scores [0] < INT_MAX / 2? (int) (scores [0] * S_SISTERS): INT_MAX;
            int score = fp_Compare (self->profiles [index], unknown, cutoff);
            size_t slot = 0;
            while (slot < count && strcmp (codes [slot], code))
                slot++;
            if (slot < count && score >= scores [slot])
                continue;           //  the other profile of the language did better
            if (slot == count)
                count++;
            //  Insertion into the ranking, best first.
            while (slot > 0 && score < scores [slot - 1]) {
                codes [slot] = codes [slot - 1];
                scores [slot] = scores [slot - 1];
                slot--;
            }
            codes [slot] = code;
            scores [slot] = score;
        }
        if (count > 0 && scores [0] >= fp_Compare (self->empty, unknown, INT_MAX) * S_UNRELATED)
            count = 0;
    }
    fp_Done (unknown);
    return count;
}

const char *
sumq_langid_detect (sumq_langid_t *self, const char *text, size_t size)
{
    //  Cut at a character boundary, and NUL-terminate: textcat reads
    //  until the NUL, not just size bytes, while it skips spaces.
    if (size > SUMQ_LANGID_MAX_BYTES) {
        size = SUMQ_LANGID_MAX_BYTES;
        while (size > 0 && U8_IS_TRAIL (text [size]))
            size--;
    }
    memcpy (self->buffer, text, size);
    self->buffer [size] = '\0';

    size_t letters = s_count_letters (self->buffer, size);
    if (letters == 0)
        return SUMQ_LANGID_UNDETERMINED;
    if (letters < S_MIN_LETTERS) {
        const char *codes [S_MAX_LISTS];          //  s_index_stopwords checked the count
        for (size_t index = 0; index < sumq_stopword_list_count; index++)
            codes [index] = sumq_stopword_lists [index].lang;
        const char *winner = s_vote (self, size, codes, sumq_stopword_list_count, true);
        return winner? winner: SUMQ_LANGID_UNDETERMINED;
    }
    const char *clear = s_clear_winner (self, size);
    if (clear)
        return clear;
    const char *codes [S_LANGUAGES];
    int scores [S_LANGUAGES];
    size_t count = s_rank (self, size, codes, scores);
    if (count == 0)
        return SUMQ_LANGID_UNDETERMINED;
    size_t near = 1;
    while (near < count && scores [near] <= scores [0] * S_SISTERS)
        near++;
    for (size_t slot = 0; slot < near; slot++)
        if (!sumq_stopwords_for (codes [slot]))
            return codes [0];
    const char *winner = near > 1? s_vote (self, size, codes, near, false): NULL;
    return winner? winner: codes [0];
}
