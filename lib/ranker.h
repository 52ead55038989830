/*  ranker: stage 2 of the pipeline (service "rank").

    Scores the terms of a parsed document by TF-IDF and adds "weights"
    (one per vocabulary entry), "keywords" and "idf" (which document
    frequencies weighted the keywords) to it.

    Term weight, for each non-stop term t (stopwords weigh 0):
        w(t) = (1 + ln tf(t)) * (ln ((N + 1) / (df(t) + 1)) + 1)
    tf counts t in all sentences. Two sets of weights are computed, for
    two different questions:
    - "weights", what the summarizer scores sentences with, always take
      N and df from the document itself, each sentence counted as a
      document: which sentences say what the rest of this document says
      depends on how words spread over this document. Corpus IDF there
      lowers ROUGE-1 on the BBC set from 81.5 to 77.9 (the summary then
      leans to sentences of words rare in the corpus, not central here).
    - keywords, what the document is about compared with others, take N
      and df from the corpus model of the document's language (idf.h)
      when one is loaded ("idf": "model:<name>"), and then the plain
      tf(t) instead of 1 + ln tf(t): how often a document says a word is
      the best evidence of its topic (F1@10 against human keyphrases on
      500N-KPCrowd news: 16.3 against 15.0). Without a model they are
      the sentence weights above ("idf": "sentence"). With a model, a
      term found in more than half of its documents is no keyword
      material ("said", "will", "year" in news), as a stopword.
    Either keyword weight is then multiplied by where the term is first
    seen, sentence s (0 = the first, the headline when there is one):
        kw(t) = w(t) / ln (e + s)
    News names its subject first; the factor falls from 1 to 1/2 by the
    5th sentence, 1/3 by the 17th.

    Keywords are runs of 1-3 words within a sentence made of content
    words only: no punctuation, stopword or corpus-common word inside
    or at either end ("vietnam och usa" gives "vietnam" and "usa"), and
    none ending in a term the parsed document lists as "lowercase" (a
    German word that is no noun: "neue radwege", not "neue"), nor
    cutting a compound the text writes with a hyphen (sentences.joined
    of the parsed document), when both its sides are content words:
    "high-tech" and "high-tech sensors" are candidates, "high", "tech"
    and "tech sensors" are not, there. A part that is no content word
    cuts nothing: "covid" of "COVID-19". A
    run of two or three words is a candidate only as a unit: seen at
    least twice, each of its words occurring in it at least half of the
    time ("watkins glen", "health care"), and not only ever the start or
    the end of one longer unit ("new york" where the text always says
    "new york city", "hồ chí" of "hồ chí minh"); words that merely meet
    stay words. A candidate scores
        score(word t) = kw(t)
        score(phrase) = max kw(ti) over its words
    a unit phrase being its strongest word named in full, so it ranks
    where that word would and is listed instead of it (on equal scores a
    phrase goes before a word, a shorter phrase before a longer one).
    On 100 articles of 500N-KPCrowd this and the position factor took
    F1@10 against human keyphrases from 16.3 to 19.0 (YAKE reports 17.3):
    the crowd's phrases are mostly single words, and a phrase scored
    above its words (the old mean weight * (1 + ln n(p))) was right 23%
    of the time against 49% for a word. Candidates are taken best first
    (ties: as above, then first seen first), skipping any that shares a
    stem with one already taken; options.keywords (0-100, default 10) of
    them are returned, each shown as its words' "form"s joined by spaces,
    or by a hyphen where the text first wrote them as a compound. On
    100 articles of 500N-KPCrowd, F1@10 18.91 before the compound rule,
    19.01 with it; it is there for what a keyword shows: "us-notenbank"
    no longer gives both "us" and "usa", and a keyword reads
    "self-driving", not "self driving".

    Models are loaded with sumq_ranker_load_idf, one per language (a
    later one replaces an earlier one); models.h loads the default
    folder of them.  */
#ifndef SUMQ_RANKER_H
#define SUMQ_RANKER_H
#include <jansson.h>
#include "docview.h"
#include "sumq_error.h"

typedef struct _sumq_ranker_t sumq_ranker_t;

sumq_ranker_t *sumq_ranker_new (void);
void sumq_ranker_destroy (sumq_ranker_t **self_p);

//  Loads a document-frequency model (see idf.h); returns 0 or -1 with err.
int sumq_ranker_load_idf (sumq_ranker_t *self, const char *path, sumq_error_t *err);

//  Returns a new ranked document, or NULL with err set.
json_t *sumq_ranker_run (sumq_ranker_t *self, const json_t *parsed, sumq_error_t *err);

//  The same, when doc already shows parsed (docview.h): a process that
//  runs the stages in turn (pipeline.h) reads each document once.
json_t *sumq_ranker_run_view (sumq_ranker_t *self, sumq_docview_t *doc, const json_t *parsed,
                              sumq_error_t *err);

#endif
