/*  latency: a bounded window of a service's recent job latencies.

    The broker keeps one per service and adds a sample each time a stage
    finishes a job. Only the last `capacity` samples are kept (a ring), so
    memory stays fixed however long the broker runs and the percentiles
    follow the recent load, not the whole history. From the samples it
    gives latency percentiles and the rate of jobs over a recent span.
    Times are in microseconds. Not thread-safe: the broker's loop is its only user.               */
#ifndef SUMQ_LATENCY_H
#define SUMQ_LATENCY_H
#include <stddef.h>
#include <stdint.h>

#define SUMQ_LATENCY_WINDOW     1024    //  samples a service keeps

typedef struct _sumq_latency_t sumq_latency_t;

//  NULL when out of memory or capacity is 0.
sumq_latency_t *sumq_latency_new (size_t capacity);
void sumq_latency_destroy (sumq_latency_t **self_p);

//  One job finished at now_us (monotonic microseconds) after latency_us.
void sumq_latency_add (sumq_latency_t *self, int64_t now_us, int64_t latency_us);

//  Samples held, at most capacity.
size_t sumq_latency_count (sumq_latency_t *self);

//  The latency (us) that the fraction q (0..1) of the samples do not
//  exceed (nearest rank); 0 without samples.
int64_t sumq_latency_quantile (sumq_latency_t *self, double q);

//  Jobs per second over the span_us before now_us. When the window is
//  full of samples younger than that, over the window's own span instead,
//  so a fast stage does not read as capped at capacity / span.
double sumq_latency_rate (sumq_latency_t *self, int64_t now_us, int64_t span_us);

#endif
