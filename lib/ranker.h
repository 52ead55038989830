/*  ranker: stage 2 of the pipeline (service "rank").

    Scores the terms of a parsed document by TF-IDF and adds "weights"
    (one per vocabulary entry), "keywords" and "idf" (which document
    frequencies were used) to it. With no corpus model for the document's
    language it falls back to sentence-level IDF and says so in "idf".

    Term weight, for each non-stop term t (stopwords weigh 0):
        w(t) = (1 + ln tf(t)) * (ln ((N + 1) / (df(t) + 1)) + 1)
    tf counts t in all sentences; N and df come from the idf model of the
    document's language (see idf.h) or, without one, from the document
    itself with each sentence counted as a document.

    Keywords are runs of 1-3 words within a sentence, crossing no
    punctuation and with no stopword at either end. A phrase p whose
    content (non-stop) words are t1..tk and which occurs n(p) times
    scores
        score(p) = mean w(ti)                      for one word
        score(p) = mean w(ti) * (1 + ln n(p))      for two or three words
    A word's own frequency is already in its weight; a phrase gets the
    same sublinear boost for recurring as a unit, so "bank of england"
    seen three times beats "bank" and "england", while a pairing seen
    once ranks below its stronger word. Phrases are taken best first
    (ties: first seen first), skipping any that shares a content stem
    with one already taken; options.keywords (0-100, default 10) of
    them are returned, each shown as its words' "form"s joined by
    spaces.  */
#ifndef SUMQ_RANKER_H
#define SUMQ_RANKER_H
#include <jansson.h>
#include "sumq_error.h"

typedef struct _sumq_ranker_t sumq_ranker_t;

sumq_ranker_t *sumq_ranker_new (void);
void sumq_ranker_destroy (sumq_ranker_t **self_p);

//  Loads a document-frequency model (see idf.h); returns 0 or -1 with err.
int sumq_ranker_load_idf (sumq_ranker_t *self, const char *path, sumq_error_t *err);

//  Returns a new ranked document, or NULL with err set.
json_t *sumq_ranker_run (sumq_ranker_t *self, const json_t *parsed, sumq_error_t *err);

#endif
