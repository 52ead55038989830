#include "graphrank.h"
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define S_MAX_ROUNDS    200
#define S_TOLERANCE     1e-8

typedef struct {
    sumq_graphrank_link_t *links;
    size_t count;
    double out_weight;              //  sum of the links' weights
} s_node_t;

struct _sumq_graphrank_t {
    s_node_t *nodes;
    size_t nnodes;
    size_t max_links;
};

sumq_graphrank_t *
sumq_graphrank_new (size_t nodes, size_t max_links)
{
    sumq_graphrank_t *self = calloc (1, sizeof *self);
    if (self) {
        self->nnodes = nodes;
        self->max_links = max_links;
        self->nodes = calloc (nodes + 1, sizeof *self->nodes);
        if (!self->nodes)
            sumq_graphrank_destroy (&self);
    }
    return self;
}

void
sumq_graphrank_destroy (sumq_graphrank_t **self_p)
{
    if (*self_p) {
        sumq_graphrank_t *self = *self_p;
        for (size_t node = 0; node < self->nnodes; node++)
            free (self->nodes [node].links);
        free (self->nodes);
        free (self);
        *self_p = NULL;
    }
}

//  Reorders links so that the `keep` heaviest come first (quickselect:
//  linear on average, where sorting every node's links would make large
//  graphs a factor log n slower).
static void
s_keep_heaviest (sumq_graphrank_link_t *links, size_t count, size_t keep)
{
    ptrdiff_t low = 0, high = (ptrdiff_t) count, boundary = (ptrdiff_t) keep;
    while (high - low > 1) {
        double pivot = links [low + (high - low) / 2].weight;
        ptrdiff_t left = low, right = high - 1;
        while (left <= right) {
            while (links [left].weight > pivot)
                left++;
            while (links [right].weight < pivot)
                right--;
            if (left <= right) {
                sumq_graphrank_link_t swap = links [left];
                links [left++] = links [right];
                links [right--] = swap;
            }
        }
        //  now [low, left) >= pivot >= (right, high), and right < left
        if (boundary <= right)
            high = right + 1;
        else
        if (boundary > left)
            low = left;
        else
            break;
    }
}

int
sumq_graphrank_set_links (sumq_graphrank_t *self, size_t node,
                          sumq_graphrank_link_t *links, size_t count)
{
    s_node_t *entry = &self->nodes [node];
    if (count > self->max_links) {
        s_keep_heaviest (links, count, self->max_links);
        count = self->max_links;
    }
    free (entry->links);
    entry->links = malloc ((count + 1) * sizeof *links);
    entry->count = 0;
    entry->out_weight = 0;
    if (!entry->links)
        return -1;
    memcpy (entry->links, links, count * sizeof *links);
    entry->count = count;
    for (size_t link = 0; link < count; link++)
        entry->out_weight += links [link].weight;
    return 0;
}

int
sumq_graphrank_run (sumq_graphrank_t *self, double damping, double *scores)
{
    size_t n = self->nnodes;
    double *next = calloc (n + 1, sizeof *next);
    if (!next)
        return -1;
    for (size_t node = 0; node < n; node++)
        scores [node] = 1.0 / (double) n;
    for (size_t round = 0; round < S_MAX_ROUNDS; round++) {
        double dangling = 0;
        for (size_t node = 0; node < n; node++)
            if (self->nodes [node].out_weight <= 0)
                dangling += scores [node];
        double base = (1 - damping + damping * dangling) / (double) n;
        for (size_t node = 0; node < n; node++)
            next [node] = base;
        for (size_t node = 0; node < n; node++) {
            const s_node_t *entry = &self->nodes [node];
            for (size_t link = 0; link < entry->count; link++)
                next [entry->links [link].node] +=
                    damping * scores [node] * entry->links [link].weight / entry->out_weight;
        }
        double change = 0;
        for (size_t node = 0; node < n; node++) {
            change += fabs (next [node] - scores [node]);
            scores [node] = next [node];
        }
        if (change < S_TOLERANCE)
            break;
    }
    free (next);
    return 0;
}
