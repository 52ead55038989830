/*  sumq_client: the C client API of sumq (proto/PROTOCOL.md, section 2).

    One DEALER connection to a broker. Submit requests with ids you
    choose, receive replies as they come, in any order. Not thread-safe:
    one client per thread. The CLI is built on it; so can any C program. */
#ifndef SUMQ_CLIENT_H
#define SUMQ_CLIENT_H
#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>
#include "sumq_error.h"

typedef struct _sumq_client_t sumq_client_t;

typedef enum {
    SUMQ_REPLY_RESULT,  //  the job's answer: body is a result or an error body
    SUMQ_REPLY_ACCEPTED,//  an ENQUEUEd job is stored; no body
    SUMQ_REPLY_PENDING, //  FETCH: the job is not done yet; no body
    SUMQ_REPLY_UNKNOWN, //  FETCH or WAIT: the broker has no such job; no body
    SUMQ_REPLY_STATUS   //  body is a status body; no job
} sumq_reply_kind_t;

//  One reply of the broker; the strings belong to the reply.
typedef struct {
    sumq_reply_kind_t kind;
    char *job;          //  the job id the request named ("" for STATUS)
    bool ok;            //  RESULT: true for a result, false for an error body
    char *body;         //  JSON text, NUL-terminated ("" when none)
    size_t size;        //  bytes of body, without the NUL
} sumq_reply_t;

//  The endpoint to use: the given one, else $SUMQ_BROKER, else the default.
const char *sumq_client_endpoint (const char *endpoint);

//  Connects (asynchronously: a missing broker shows as replies not coming).
//  With SUMQ_CURVE_CERT and SUMQ_CURVE_SERVER_KEY set, over CURVE (lib/
//  curve.h); NULL with err when those keys cannot be loaded.
sumq_client_t *sumq_client_new (const char *endpoint, sumq_error_t *err);
void sumq_client_destroy (sumq_client_t **self_p);

//  Sends one request body (JSON text of schemas/request.json) to be run
//  and answered with a RESULT. Returns 0, or -1 with err set (bad job
//  id, socket failure). Job ids name jobs across clients and broker
//  restarts: make them unique (see sumq_client_job_prefix).
int sumq_client_submit (sumq_client_t *self, const char *job,
                        const char *body, size_t size, sumq_error_t *err);

//  Sends a job-level command: ENQUEUE (with a request body: store it,
//  answer ACCEPTED, keep the result), FETCH (the result if done, else
//  PENDING or UNKNOWN), WAIT (the result when done); body NULL but for
//  ENQUEUE. Also STATUS with job NULL: its answer comes through
//  sumq_client_recv. 0, or -1 with err.
int sumq_client_send (sumq_client_t *self, const char *command, const char *job,
                      const char *body, size_t size, sumq_error_t *err);

//  A prefix for job ids that no other client is likely to use:
//  "<host>-<pid>-<random>-"; the caller appends its own counter.
void sumq_client_job_prefix (char *prefix, size_t size);

//  Waits up to timeout_ms (-1: forever) for the next reply of any kind.
//  Returns 1 and fills reply (release with sumq_reply_clear), 0 on
//  timeout, -1 when interrupted by a signal. Malformed messages are
//  logged and skipped.
int sumq_client_recv (sumq_client_t *self, int timeout_ms, sumq_reply_t *reply);
void sumq_reply_clear (sumq_reply_t *reply);

//  Asks the broker for its status body (schemas/status.json). NULL with
//  err (broker_unavailable) when no answer came within timeout_ms.
//  Replies to jobs that arrive meanwhile are dropped: call it only
//  when no jobs are in flight.
json_t *sumq_client_status (sumq_client_t *self, int timeout_ms, sumq_error_t *err);

//  Builds the JSON text of a request body; text must be valid UTF-8 of
//  `size` bytes (else NULL with invalid_utf8). options may be NULL.
char *sumq_request_encode (const char *id, const char *text, size_t size,
                           const json_t *options, sumq_error_t *err);

#endif
