/*  sentvec: the sentences of a ranked document as sparse term vectors,
    and the similarities every summarizer algorithm is built from.

    A sentence's vector has, for each distinct content (non-stop) term t
    it contains k times, the component (1 + ln k) * w(t), where w is the
    ranker's TF-IDF weight: the ranker has already decided how much each
    word matters to the document, and the summarizer does not second-
    guess it. Stopwords and zero-weight terms are left out.            */
#ifndef SUMQ_SENTVEC_H
#define SUMQ_SENTVEC_H
#include <stddef.h>
#include "docview.h"

typedef struct _sumq_sentvec_t sumq_sentvec_t;

//  What two sentences share (see sumq_sentvec_related).
typedef struct {
    size_t sentence;
    size_t shared;                  //  distinct terms in both
    double dot;                     //  dot product of the two vectors
} sumq_sentvec_link_t;

//  doc must be a ranked view and outlive the vectors. NULL when out of
//  memory.
sumq_sentvec_t *sumq_sentvec_new (sumq_docview_t *doc);
void sumq_sentvec_destroy (sumq_sentvec_t **self_p);

//  Distinct content terms of sentence i.
size_t sumq_sentvec_terms (sumq_sentvec_t *self, size_t i);
//  Content words of sentence i, repeats included.
size_t sumq_sentvec_words (sumq_sentvec_t *self, size_t i);
double sumq_sentvec_norm (sumq_sentvec_t *self, size_t i);

//  Cosine of sentences i and j; 0 when either has no content terms.
double sumq_sentvec_cosine (sumq_sentvec_t *self, size_t i, size_t j);

//  Dense vectors are indexed by term id (sumq_docview_terms entries),
//  for profiles such as a document's centroid.

//  Adds sentence i's vector, times factor, to dense.
void sumq_sentvec_add_to (sumq_sentvec_t *self, size_t i, double factor, double *dense);

//  The Euclidean norm of dense.
double sumq_sentvec_dense_norm (sumq_sentvec_t *self, const double *dense);

//  Dot product of sentence i with dense.
double sumq_sentvec_dot_dense (sumq_sentvec_t *self, size_t i, const double *dense);

//  Cosine of sentence i with dense minus sentence i, for a dense sum
//  that includes sentence i: how close the sentence is to all the
//  others, computed without building a sum for each sentence.
double sumq_sentvec_cosine_others (sumq_sentvec_t *self, size_t i, const double *dense, double dense_norm);

//  Every other sentence sharing at least one term with sentence i, in no
//  particular order. Returns how many; *links points into storage owned
//  by self and valid until the next call. The cost is the total length
//  of the posting lists of i's terms, not the number of sentences.
size_t sumq_sentvec_related (sumq_sentvec_t *self, size_t i, const sumq_sentvec_link_t **links);

#endif
