/*  docabbrevs: the abbreviations a document shows by its own usage.

    For a language with no abbreviation list of its own (Vietnamese and
    Indonesian have none in Lingua::Sentence or CLDR), the document is
    the evidence, as in the type-based stage of Punkt (Kiss and Strunk
    2006): a word that is always followed by a full stop is an
    abbreviation, a word seen both with and without one is not. One
    document gives few counts, so the test is strict: a capitalised word
    of 2 to 4 letters, used at least twice, each time with a full stop
    right after it, and never without. Vietnamese news writes "TP. Hồ Chí
    Minh" and "TP. HCM" (thành phố, city) that way; Indonesian news "St.
    Petersburg". The price: a short capitalised word that ends sentences
    twice and is used nowhere else ("Điều 168 BLHS." twice) is taken for
    one too, and those sentences run on.                              */
#ifndef SUMQ_DOCABBREVS_H
#define SUMQ_DOCABBREVS_H
#include <stdbool.h>
#include <stddef.h>

typedef struct _sumq_docabbrevs_t sumq_docabbrevs_t;

sumq_docabbrevs_t *sumq_docabbrevs_new (void);
void sumq_docabbrevs_destroy (sumq_docabbrevs_t **self_p);

//  Learns the abbreviations of size bytes of valid UTF-8 text,
//  forgetting those of the previous text. The entries point into text:
//  the object answers for it only while it is unchanged. Returns 0, or
//  -1 when out of memory (then it knows none).
int sumq_docabbrevs_learn (sumq_docabbrevs_t *self, const char *text, size_t size);

//  True when word [0, size), its full stop included ("TP."), is one.
bool sumq_docabbrevs_contains (const sumq_docabbrevs_t *self, const char *word, size_t size);

//  How many were learnt.
size_t sumq_docabbrevs_count (const sumq_docabbrevs_t *self);

#endif
