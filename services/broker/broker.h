/*  broker: the sumq broker (proto/PROTOCOL.md, sections 2, 3 and 5).

    One ROUTER socket, bound to any number of endpoints, serves clients
    (SQC1) and workers (SQW1). Each accepted document becomes a job that
    the broker carries through the parse, rank and summarize services,
    handing each stage's output to the next, and whose final body (or
    error) goes back to the client. Per service it keeps a FIFO of waiting
    jobs and an LRU queue of idle workers; it tracks the job each worker
    holds, expires silent workers and re-runs their jobs, and answers a
    job that misses its deadline with "timeout". It never parses a body.

    The run loop works in the main thread of bin/sumq-broker (stopped by
    SIGINT/SIGTERM) and in a zactor (stopped by $TERM on its pipe). The
    class lives beside its program in services/broker and is built into
    libsumq-services.a, which the unit tests link with.                 */
#ifndef SUMQ_BROKER_H
#define SUMQ_BROKER_H
#include <czmq.h>
#include "sumq_error.h"
#include "curve.h"
#include "metrics.h"
#include "store.h"

#define SUMQ_BROKER_JOB_TIMEOUT_MS  60000
#define SUMQ_BROKER_MAX_ATTEMPTS    3
#define SUMQ_BROKER_MAX_QUEUE       10000
#define SUMQ_BROKER_MAX_QUEUE_LIMIT 10000000
#define SUMQ_BROKER_MAX_DOC_LIMIT   (1024 * 1024 * 1024)

typedef struct {
    int heartbeat_ms;       //  heartbeat interval; also the timer tick
    int liveness;           //  intervals a worker may stay silent
    int job_timeout_ms;     //  deadline of a job, from its acceptance
    int max_attempts;       //  workers a job may lose before it fails
    size_t max_queue;       //  jobs accepted and unfinished, in total
    size_t max_doc;         //  bytes of document text (bounds SUBMIT bodies)
} sumq_broker_config_t;

typedef struct _sumq_broker_t sumq_broker_t;

//  Fills config with the defaults (SUMQ_HEARTBEAT_MS, SUMQ_LIVENESS, ...).
void sumq_broker_config_defaults (sumq_broker_config_t *config);

//  NULL with err when a setting is out of range or no socket can be made.
sumq_broker_t *sumq_broker_new (const sumq_broker_config_t *config, sumq_error_t *err);
void sumq_broker_destroy (sumq_broker_t **self_p);

//  Serves over CURVE with these keys (lib/curve.h), which the caller keeps
//  until the broker is destroyed. Call before the first bind. With CURVE,
//  SQC1 messages are taken only from peers whose allow-listed cert has
//  the role "client", SQW1 only from "worker" ones; others are dropped.
void sumq_broker_set_curve (sumq_broker_t *self, sumq_curve_t *curve);

//  Keeps accepted jobs and answers in store (store.h), which the caller
//  keeps until the broker is destroyed, and forgets answers older than
//  keep_ms. Jobs the store had accepted and not answered are queued
//  again at once. Returns how many, or -1 with err. Call before run.
//  Without a store, ENQUEUE, FETCH and WAIT are refused.
int sumq_broker_set_store (sumq_broker_t *self, sumq_store_t *store, int64_t keep_ms, sumq_error_t *err);

//  Publishes the status to metrics once per heartbeat tick (metrics.h);
//  the caller keeps metrics until the broker is destroyed. NULL: none.
void sumq_broker_set_metrics (sumq_broker_t *self, sumq_metrics_t *metrics);

//  Binds one more endpoint; returns 0, or -1 with err naming the endpoint.
//  Without CURVE, an endpoint other hosts can reach gets a warning.
int sumq_broker_bind (sumq_broker_t *self, const char *endpoint, sumq_error_t *err);

//  The endpoint bound last, with a wildcard port resolved
//  ("tcp://127.0.0.1:*" gives "tcp://127.0.0.1:41234"); NULL before.
const char *sumq_broker_endpoint (sumq_broker_t *self);

//  Serves until SIGINT/SIGTERM or, if pipe is not NULL, until "$TERM"
//  arrives on it; then sends DISCONNECT to every worker and logs a
//  summary. Returns 0, or -1 when polling fails.
int sumq_broker_run (sumq_broker_t *self, zsock_t *pipe);

#endif
