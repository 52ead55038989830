/*  batch: many jobs through one broker connection, with a window of
    jobs in flight, answers delivered in input order.

    The caller supplies documents one at a time through a source callback
    (a document may arrive already failed, e.g. a line that is not JSON:
    it keeps its place in the order) and receives one answer per document,
    in order, through a sink callback. "busy" answers are retried with
    backoff. When the broker restarts (its status shows a new instance),
    the jobs it had not answered are sent again under the same ids.

    The command says what each job asks: SUBMIT (run it; the answer is
    the result), ENQUEUE (store it; the answer is {"id","job"} once the
    broker has it), FETCH (the stored result, or a "pending" or
    "unknown_job" error) or WAIT (the stored result when there is one). */
#ifndef SUMQ_BATCH_H
#define SUMQ_BATCH_H
#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>
#include "sumq_client.h"

//  One document from the source: either body (a request's JSON text,
//  malloc'd; the batch takes it) or error (the document failed before
//  it could be sent; the batch takes the reference). id names the
//  document in answers the broker gives without one.
typedef struct {
    char *id;
    char *job;          //  the job id to use (malloc'd), or NULL for a new one
    char *body;
    size_t size;
    json_t *error;
} sumq_batch_item_t;

//  Answers of FETCH and WAIT that are not results.
#define SUMQ_E_PENDING      "pending"       //  the job is not done yet
#define SUMQ_E_UNKNOWN_JOB  "unknown_job"   //  the broker has no such job

//  Returns 1 with *item filled, 0 at the end of input, -1 on a read error.
typedef int (sumq_batch_source_fn) (void *source, sumq_batch_item_t *item);

//  One answer, in input order: ok true with a result body's JSON text, or
//  false with an error object that always has "id" and "error".
typedef void (sumq_batch_sink_fn) (void *sink, size_t seq, bool ok,
                                   const char *result, size_t size, const json_t *error);

//  Called after every answer, for progress displays.
typedef void (sumq_batch_progress_fn) (void *sink, size_t done, size_t read, bool input_done);

typedef struct {
    const char *command;    //  SUMQ_CMD_SUBMIT (when NULL), _ENQUEUE, _FETCH, _WAIT
    int window;             //  documents in flight or waiting for order
    int timeout_ms;         //  longest wait for any answer from the broker
} sumq_batch_config_t;

typedef struct {
    size_t documents;
    size_t failed;
    bool broker_lost;       //  the broker stopped answering (timeout)
    bool interrupted;       //  a signal stopped the batch
    bool input_error;
} sumq_batch_report_t;

//  Runs the whole batch. Returns 0 when every document was answered
//  (some possibly with errors), -1 when it stopped early (see report).
int sumq_batch_run (sumq_client_t *client, const sumq_batch_config_t *config,
                    sumq_batch_source_fn *source_fn, void *source,
                    sumq_batch_sink_fn *sink_fn, sumq_batch_progress_fn *progress_fn,
                    void *sink, sumq_batch_report_t *report);

//  The error object {"id": id, "error": {"code", "message"}}.
json_t *sumq_batch_error (const char *id, const char *code, const char *message);

#endif
