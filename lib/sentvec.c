#include "sentvec.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    size_t index;                   //  a term id in a vector, a sentence in a posting
    double value;
} s_entry_t;

typedef struct {
    s_entry_t *entries;             //  sorted by term id
    size_t count;
    size_t words;
    double norm;
} s_vector_t;

struct _sumq_sentvec_t {
    size_t nsentences;
    size_t nterms;
    s_vector_t *vectors;
    s_entry_t *entries;             //  all vectors' entries, back to back
    s_entry_t **postings;           //  per term: the sentences containing it
    size_t *posting_size;
    s_entry_t *posting_entries;
    //  scratch for sumq_sentvec_related
    double *dot;
    size_t *shared;
    sumq_sentvec_link_t *links;
};

static int
s_compare_ints (const void *a, const void *b)
{
    int left = *(const int *) a, right = *(const int *) b;
    return (left > right) - (left < right);
}

//  A sentence has a score of content words: insertion sort beats the
//  calls of qsort's comparisons there, and qsort keeps long ones from
//  costing n^2. Equal ints are alike, so either order is the same.
#define S_INSERTION_SORT_MAX 32

static void
s_sort_ints (int *ints, size_t count)
{
    if (count > S_INSERTION_SORT_MAX) {
        qsort (ints, count, sizeof *ints, s_compare_ints);
        return;
    }
    for (size_t next = 1; next < count; next++) {
        int value = ints [next];
        size_t at = next;
        for (; at > 0 && ints [at - 1] > value; at--)
            ints [at] = ints [at - 1];
        ints [at] = value;
    }
}

//  Turns the sentence's content words into its sorted (term, value)
//  entries; scratch has room for all its tokens.
static void
s_build_vector (s_vector_t *vector, const sumq_docview_sentence_t *sentence,
                sumq_docview_t *doc, const double *weights, int *scratch)
{
    size_t words = 0;
    for (size_t position = 0; position < sentence->ntokens; position++) {
        int term = sentence->tokens [position];
        if (term >= 0 && !sumq_docview_term (doc, term)->stop && weights [term] > 0)
            scratch [words++] = term;
    }
    s_sort_ints (scratch, words);
    vector->words = words;
    double squares = 0;
    for (size_t start = 0, end; start < words; start = end) {
        for (end = start + 1; end < words && scratch [end] == scratch [start]; end++)
            ;
        double value = (1 + log ((double) (end - start))) * weights [scratch [start]];
        vector->entries [vector->count++] = (s_entry_t) { (size_t) scratch [start], value };
        squares += value * value;
    }
    vector->norm = sqrt (squares);
}

static int
s_build_postings (sumq_sentvec_t *self, size_t nterms, size_t nentries)
{
    self->postings = calloc (nterms + 1, sizeof *self->postings);
    self->posting_size = calloc (nterms + 1, sizeof *self->posting_size);
    self->posting_entries = calloc (nentries + 1, sizeof *self->posting_entries);
    if (!self->postings || !self->posting_size || !self->posting_entries)
        return -1;
    for (size_t index = 0; index < nentries; index++)
        self->posting_size [self->entries [index].index]++;
    s_entry_t *next = self->posting_entries;
    for (size_t term = 0; term < nterms; term++) {
        self->postings [term] = next;
        next += self->posting_size [term];
        self->posting_size [term] = 0;
    }
    for (size_t sentence = 0; sentence < self->nsentences; sentence++) {
        const s_vector_t *vector = &self->vectors [sentence];
        for (size_t entry = 0; entry < vector->count; entry++) {
            size_t term = vector->entries [entry].index;
            self->postings [term][self->posting_size [term]++] =
                (s_entry_t) { sentence, vector->entries [entry].value };
        }
    }
    return 0;
}

static int
s_build (sumq_sentvec_t *self, sumq_docview_t *doc)
{
    self->nsentences = sumq_docview_sentences (doc);
    self->nterms = sumq_docview_terms (doc);
    size_t ntokens = 0, longest = 0;
    for (size_t index = 0; index < self->nsentences; index++) {
        size_t count = sumq_docview_sentence (doc, index)->ntokens;
        ntokens += count;
        longest = count > longest? count: longest;
    }
    self->vectors = calloc (self->nsentences + 1, sizeof *self->vectors);
    self->entries = calloc (ntokens + 1, sizeof *self->entries);
    self->dot = calloc (self->nsentences + 1, sizeof *self->dot);
    self->shared = calloc (self->nsentences + 1, sizeof *self->shared);
    self->links = calloc (self->nsentences + 1, sizeof *self->links);
    int *scratch = calloc (longest + 1, sizeof *scratch);
    int rc = self->vectors && self->entries && self->dot && self->shared && self->links && scratch? 0: -1;
    size_t nentries = 0;
    for (size_t index = 0; rc == 0 && index < self->nsentences; index++) {
        s_vector_t *vector = &self->vectors [index];
        vector->entries = self->entries + nentries;
        s_build_vector (vector, sumq_docview_sentence (doc, index), doc, sumq_docview_weights (doc), scratch);
        nentries += vector->count;
    }
    free (scratch);
    return rc? rc: s_build_postings (self, self->nterms, nentries);
}

sumq_sentvec_t *
sumq_sentvec_new (sumq_docview_t *doc)
{
    sumq_sentvec_t *self = calloc (1, sizeof *self);
    if (self && s_build (self, doc))
        sumq_sentvec_destroy (&self);
    return self;
}

void
sumq_sentvec_destroy (sumq_sentvec_t **self_p)
{
    if (*self_p) {
        sumq_sentvec_t *self = *self_p;
        free (self->vectors);
        free (self->entries);
        free (self->postings);
        free (self->posting_size);
        free (self->posting_entries);
        free (self->dot);
        free (self->shared);
        free (self->links);
        free (self);
        *self_p = NULL;
    }
}

size_t
sumq_sentvec_terms (sumq_sentvec_t *self, size_t i)
{
    return self->vectors [i].count;
}

size_t
sumq_sentvec_words (sumq_sentvec_t *self, size_t i)
{
    return self->vectors [i].words;
}

double
sumq_sentvec_norm (sumq_sentvec_t *self, size_t i)
{
    return self->vectors [i].norm;
}

double
sumq_sentvec_cosine (sumq_sentvec_t *self, size_t i, size_t j)
{
    const s_vector_t *a = &self->vectors [i], *b = &self->vectors [j];
    if (a->norm == 0 || b->norm == 0)
        return 0;
    double dot = 0;
    for (size_t x = 0, y = 0; x < a->count && y < b->count; )
        if (a->entries [x].index < b->entries [y].index)
            x++;
        else
        if (a->entries [x].index > b->entries [y].index)
            y++;
        else
            dot += a->entries [x++].value * b->entries [y++].value;
    return dot / (a->norm * b->norm);
}

double
sumq_sentvec_dense_norm (sumq_sentvec_t *self, const double *dense)
{
    double squares = 0;
    for (size_t term = 0; term < self->nterms; term++)
        squares += dense [term] * dense [term];
    return sqrt (squares);
}

//  With s the sentence and d the sum: (d - s).s = d.s - |s|^2 and
//  |d - s|^2 = |d|^2 - 2 d.s + |s|^2. When s is (nearly) all of d, that
//  difference is rounding noise, and there are no others to compare to.
double
sumq_sentvec_cosine_others (sumq_sentvec_t *self, size_t i, const double *dense, double dense_norm)
{
    double norm = self->vectors [i].norm;
    double with_sum = sumq_sentvec_dot_dense (self, i, dense);
    double others_squared = dense_norm * dense_norm - 2 * with_sum + norm * norm;
    if (norm == 0 || others_squared <= 1e-12 * dense_norm * dense_norm)
        return 0;
    return fmax (with_sum - norm * norm, 0) / (norm * sqrt (others_squared));
}

double
sumq_sentvec_dot_dense (sumq_sentvec_t *self, size_t i, const double *dense)
{
    const s_vector_t *vector = &self->vectors [i];
    double dot = 0;
    for (size_t entry = 0; entry < vector->count; entry++)
        dot += vector->entries [entry].value * dense [vector->entries [entry].index];
    return dot;
}

void
sumq_sentvec_add_to (sumq_sentvec_t *self, size_t i, double factor, double *dense)
{
    const s_vector_t *vector = &self->vectors [i];
    for (size_t entry = 0; entry < vector->count; entry++)
        dense [vector->entries [entry].index] += factor * vector->entries [entry].value;
}

size_t
sumq_sentvec_related (sumq_sentvec_t *self, size_t i, const sumq_sentvec_link_t **links)
{
    const s_vector_t *vector = &self->vectors [i];
    size_t count = 0;
    for (size_t entry = 0; entry < vector->count; entry++) {
        size_t term = vector->entries [entry].index;
        for (size_t hit = 0; hit < self->posting_size [term]; hit++) {
            size_t other = self->postings [term][hit].index;
            if (other == i)
                continue;
            if (self->shared [other]++ == 0)
                self->links [count++].sentence = other;
            self->dot [other] += vector->entries [entry].value * self->postings [term][hit].value;
        }
    }
    //  hand the sums over and clear the accumulators for the next call
    for (size_t link = 0; link < count; link++) {
        size_t other = self->links [link].sentence;
        self->links [link].shared = self->shared [other];
        self->links [link].dot = self->dot [other];
        self->shared [other] = 0;
        self->dot [other] = 0;
    }
    *links = self->links;
    return count;
}
