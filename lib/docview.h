/*  docview: a checked, read-only view of a parsed or ranked document.

    The rank and summarize stages, and the idf model builder, receive
    documents over the network from workers written in any language, so
    every structural promise of proto/PROTOCOL.md ("Parsed document",
    "Ranked document") is verified once, here, before any arithmetic is
    done on offsets or token ids. After sumq_docview_read (or
    sumq_docview_read_ranking) succeeds, callers may index sentences,
    tokens and terms without further checks.

    Tokens are exposed as *term* ids: one term per distinct stem. The
    protocol promises one vocabulary entry per stem, but a worker that
    breaks that promise would otherwise split one word's counts in two.  */
#ifndef SUMQ_DOCVIEW_H
#define SUMQ_DOCVIEW_H
#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>
#include "sumq_error.h"

typedef struct _sumq_docview_t sumq_docview_t;

typedef enum {
    SUMQ_DOCVIEW_PARSED,            //  "Parsed document"
    SUMQ_DOCVIEW_RANKED             //  parsed + "weights", "keywords", "idf"
} sumq_docview_kind_t;

typedef struct {
    size_t start;                   //  byte offset into the text
    size_t len;                     //  byte length
    size_t para;                    //  paragraph number
    bool heading;
    const int *tokens;              //  term ids, -1 for a phrase boundary
    const bool *joined;             //  per token: a word joined to the one
                                    //  before it by a hyphen ("high-tech")
    size_t ntokens;
    size_t words;                   //  tokens that are words (not -1)
} sumq_docview_sentence_t;

//  Stems and forms are words: never empty, never holding white space.
typedef struct {
    const char *stem;
    const char *form;               //  of the term's first vocabulary entry
    bool stop;
    bool lowercase;                 //  no noun: may not end a keyword (parser.c)
} sumq_docview_term_t;

//  An empty view, to read documents into one after the other: it keeps
//  its memory from one to the next. NULL when out of memory.
sumq_docview_t *sumq_docview_new (void);
void sumq_docview_destroy (sumq_docview_t **self_p);

//  Checks the document and makes the view show it, until the next read;
//  the view borrows strings from doc, which must outlive that. Returns
//  0, or -1 with err (bad_request, or unsupported_version when "version"
//  is not 1, or internal) when doc breaks the protocol; the view is
//  then empty.
int sumq_docview_read (sumq_docview_t *self, const json_t *doc, sumq_docview_kind_t kind, sumq_error_t *err);

//  When the view shows a parsed document and ranked is what the ranker
//  made of it (the same members plus "weights", "keywords" and "idf",
//  ranker.c): makes the view show ranked, as reading it whole would,
//  without reading the parsed part again. Returns as sumq_docview_read.
int sumq_docview_read_ranking (sumq_docview_t *self, const json_t *ranked, sumq_error_t *err);

const char *sumq_docview_id (sumq_docview_t *self);
const char *sumq_docview_lang (sumq_docview_t *self);
const char *sumq_docview_text (sumq_docview_t *self);
//  The request options the parser passed along; NULL when there are none.
const json_t *sumq_docview_options (sumq_docview_t *self);
//  Boilerplate lines the parser dropped (0 when not given).
size_t sumq_docview_dropped (sumq_docview_t *self);

size_t sumq_docview_sentences (sumq_docview_t *self);
const sumq_docview_sentence_t *sumq_docview_sentence (sumq_docview_t *self, size_t index);

//  Terms are numbered 0 .. terms-1.
size_t sumq_docview_terms (sumq_docview_t *self);
const sumq_docview_term_t *sumq_docview_term (sumq_docview_t *self, size_t term);

//  Vocabulary entries (what "weights" is indexed by) and their terms.
size_t sumq_docview_vocab_size (sumq_docview_t *self);
size_t sumq_docview_term_of (sumq_docview_t *self, size_t vocab_id);

//  Ranked documents only (NULL otherwise): one weight per term, the
//  "keywords" array and the "idf" label.
const double *sumq_docview_weights (sumq_docview_t *self);
const json_t *sumq_docview_keywords (sumq_docview_t *self);
const char *sumq_docview_idf (sumq_docview_t *self);

//  A score as the stages put it on the wire: rounded to 4 decimals,
//  which is all a reader can use and keeps messages short.
double sumq_docview_score (double score);
//  The same, as a JSON number.
json_t *sumq_docview_score_json (double score);

#endif
