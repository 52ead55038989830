/*  metrics: the broker's counters in the Prometheus text format, served
    over HTTP (GET /metrics) by libmicrohttpd.

    libmicrohttpd answers requests in a thread of its own, while the
    broker's state belongs to the broker's loop. So the loop renders the
    whole page from its status body once per tick (sumq_metrics_publish)
    and the HTTP thread only ever copies that finished text, under a
    mutex: a scrape never sees the broker's tables, nor a half-written
    page. GET /healthz answers "ok" while the broker runs (for container
    health checks); anything else is 404, any method but GET/HEAD 405. */
#ifndef SUMQ_METRICS_H
#define SUMQ_METRICS_H
#include <jansson.h>
#include "sumq_error.h"

typedef struct _sumq_metrics_t sumq_metrics_t;

//  Listens on address, "HOST:PORT" ("127.0.0.1:9100", "[::1]:9100",
//  "0.0.0.0:9100"; port 0 picks a free one). NULL with err when the
//  address is invalid or cannot be bound.
sumq_metrics_t *sumq_metrics_new (const char *address, sumq_error_t *err);
void sumq_metrics_destroy (sumq_metrics_t **self_p);

//  The port listened on (the one chosen, for port 0).
int sumq_metrics_port (sumq_metrics_t *self);

//  Replaces the page served with the rendering of status (a status body,
//  schemas/status.json). Keeps the last page when rendering fails.
void sumq_metrics_publish (sumq_metrics_t *self, const json_t *status);

//  The Prometheus text of a status body; the caller frees it. Fields the
//  body lacks are left out. NULL when out of memory.
char *sumq_metrics_render (const json_t *status);

#endif
