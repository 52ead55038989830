/*  graphrank: PageRank over a weighted, directed graph of sentences, the
    core of the TextRank and LexRank summarizers.

    Each node keeps only its max_links heaviest out-links. For news-sized
    documents that is every link; for a document of thousands of
    sentences it bounds memory at nodes * max_links links instead of
    nodes squared, at the cost of ignoring each sentence's weakest
    similarities, which barely move its rank.                           */
#ifndef SUMQ_GRAPHRANK_H
#define SUMQ_GRAPHRANK_H
#include <stddef.h>

typedef struct _sumq_graphrank_t sumq_graphrank_t;

typedef struct {
    size_t node;
    double weight;                  //  > 0
} sumq_graphrank_link_t;

//  NULL when out of memory.
sumq_graphrank_t *sumq_graphrank_new (size_t nodes, size_t max_links);
void sumq_graphrank_destroy (sumq_graphrank_t **self_p);

//  Sets the out-links of node (replacing any it had), keeping the
//  max_links heaviest; links is reordered. 0, or -1 when out of memory.
int sumq_graphrank_set_links (sumq_graphrank_t *self, size_t node,
                              sumq_graphrank_link_t *links, size_t count);

//  Fills scores (one per node, summing to 1) by power iteration with the
//  given damping factor, until the scores move by less than 1e-8 in
//  total or after 200 rounds. A node without out-links spreads its score
//  evenly over all nodes, as in the original PageRank. 0, or -1 when out
//  of memory.
int sumq_graphrank_run (sumq_graphrank_t *self, double damping, double *scores);

#endif
