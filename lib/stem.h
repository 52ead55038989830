/*  stem: the terms a word is counted as.

    fold: Unicode default case folding, and the typographic apostrophe
    (U+2019) made ASCII, since Snowball only strips "'s": "Vietnam’s"
    and "vietnam's" are the same word.

    stem: Snowball (libstemmer) in the document's language; libstemmer
    2.2 takes ISO 639-1 codes. A language without a Snowball stemmer
    keeps the folded word as its stem. Stemmers are created on first use
    and kept: a parser sees the same few languages over and over. So are
    the stems of the last several thousand words, across documents.     */
#ifndef SUMQ_STEM_H
#define SUMQ_STEM_H
#include <stdbool.h>
#include <stddef.h>

typedef struct _sumq_stem_t sumq_stem_t;

sumq_stem_t *sumq_stem_new (void);
void sumq_stem_destroy (sumq_stem_t **self_p);

//  The folded form of size bytes of UTF-8, NUL-terminated, valid until
//  the next fold; *folded_size gets its length. NULL when out of memory.
const char *sumq_stem_fold (sumq_stem_t *self, const char *word, size_t size, size_t *folded_size);

//  The same word lower-cased instead (root locale, with the same
//  apostrophe), valid until the next fold or lower: what a keyword
//  shows, since folding makes German "straße" "strasse" and Greek final
//  "ς" a "σ", which a reader does not write. NULL when out of memory.
const char *sumq_stem_lower (sumq_stem_t *self, const char *word, size_t size, size_t *lower_size);

//  The stem of a folded word in lang, valid until the next call; the
//  word itself when lang has no stemmer. NULL when out of memory.
const char *sumq_stem_word (sumq_stem_t *self, const char *lang, const char *word, size_t size,
                            size_t *stem_size);

//  True when lang has a Snowball stemmer.
bool sumq_stem_supported (sumq_stem_t *self, const char *lang);

#endif
