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

//  One reply of the broker; the strings belong to the reply.
typedef struct {
    char *job;          //  the job id given to sumq_client_submit
    bool ok;            //  true: body is a result; false: an error body
    char *body;         //  JSON text, NUL-terminated
    size_t size;        //  bytes of body, without the NUL
} sumq_reply_t;

//  The endpoint to use: the given one, else $SUMQ_BROKER, else the default.
const char *sumq_client_endpoint (const char *endpoint);

//  Connects (asynchronously: a missing broker shows as replies not coming).
sumq_client_t *sumq_client_new (const char *endpoint, sumq_error_t *err);
void sumq_client_destroy (sumq_client_t **self_p);

//  Sends one request body (JSON text of schemas/request.json).
//  Returns 0, or -1 with err set (bad job id, socket failure).
int sumq_client_submit (sumq_client_t *self, const char *job,
                        const char *body, size_t size, sumq_error_t *err);

//  Waits up to timeout_ms (-1: forever) for the next reply. Returns 1 and
//  fills reply (release with sumq_reply_clear), 0 on timeout, -1 when
//  interrupted by a signal. Malformed messages are logged and skipped.
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
