#include "latency.h"
#include <stdlib.h>
#include <string.h>

typedef struct {
    int64_t end;                //  when the job finished (monotonic us)
    int64_t latency;            //  how long it took (us)
} s_sample_t;

struct _sumq_latency_t {
    s_sample_t *samples;        //  ring: next is where the next one goes
    int64_t *scratch;           //  sorted copy for percentiles, preallocated
    size_t capacity;
    size_t count;
    size_t next;
};

sumq_latency_t *
sumq_latency_new (size_t capacity)
{
    if (capacity == 0)
        return NULL;
    sumq_latency_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->capacity = capacity;
    self->samples = calloc (capacity, sizeof *self->samples);
    self->scratch = calloc (capacity, sizeof *self->scratch);
    if (!self->samples || !self->scratch)
        sumq_latency_destroy (&self);
    return self;
}

void
sumq_latency_destroy (sumq_latency_t **self_p)
{
    if (*self_p) {
        free ((*self_p)->samples);
        free ((*self_p)->scratch);
        free (*self_p);
        *self_p = NULL;
    }
}

void
sumq_latency_add (sumq_latency_t *self, int64_t now_us, int64_t latency_us)
{
    self->samples [self->next] = (s_sample_t) { now_us, latency_us < 0? 0: latency_us };
    self->next = (self->next + 1) % self->capacity;
    if (self->count < self->capacity)
        self->count++;
}

size_t
sumq_latency_count (sumq_latency_t *self)
{
    return self->count;
}

static int
s_compare (const void *a, const void *b)
{
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return (x > y) - (x < y);
}

int64_t
sumq_latency_quantile (sumq_latency_t *self, double q)
{
    if (self->count == 0)
        return 0;
    for (size_t index = 0; index < self->count; index++)
        self->scratch [index] = self->samples [index].latency;
    qsort (self->scratch, self->count, sizeof *self->scratch, s_compare);
    if (q < 0)
        q = 0;
    if (q > 1)
        q = 1;
    //  Nearest rank: the smallest sample with at least q of them at or below.
    size_t rank = (size_t) (q * (double) self->count + 0.999999);
    if (rank < 1)
        rank = 1;
    return self->scratch [rank - 1];
}

double
sumq_latency_rate (sumq_latency_t *self, int64_t now_us, int64_t span_us)
{
    if (self->count == 0 || span_us <= 0)
        return 0;
    size_t recent = 0;
    for (size_t index = 0; index < self->count; index++)
        if (self->samples [index].end > now_us - span_us)
            recent++;
    if (recent == self->capacity) {
        //  The oldest sample is where the next one will go.
        int64_t oldest = self->samples [self->next].end;
        if (now_us > oldest)
            span_us = now_us - oldest;
    }
    return (double) recent * 1e6 / (double) span_us;
}
