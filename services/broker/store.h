/*  store: the broker's durable record of accepted jobs and their answers,
    in an SQLite database in WAL mode (one file plus its -wal and -shm).

    The broker writes through this class only; nothing else opens the
    file. Writes are grouped: accept and finish add to an open
    transaction, and sumq_store_flush commits it, so the broker pays one
    commit per batch of messages, not one per job. A job counts as
    accepted (and may be acknowledged to its client) only after the flush
    that follows its accept.

    What survives a broker crash (SIGKILL, not power loss: the database
    runs with synchronous=NORMAL, which keeps committed transactions
    across a process crash): every flushed accept, with its request body,
    and every flushed answer. Intermediate stage outputs are not kept: a
    job recovered after a restart runs again from its first stage.      */
#ifndef SUMQ_STORE_H
#define SUMQ_STORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "sumq_error.h"

typedef struct _sumq_store_t sumq_store_t;

typedef enum {
    SUMQ_JOB_UNKNOWN,               //  never accepted (or pruned)
    SUMQ_JOB_PENDING,               //  accepted, not answered yet
    SUMQ_JOB_DONE,                  //  answered; the answer is kept
    SUMQ_JOB_UNREADABLE             //  the store could not be read (err says why)
} sumq_job_state_t;

//  Opens (creating if needed) the database at path. NULL with err.
sumq_store_t *sumq_store_open (const char *path, sumq_error_t *err);

//  Commits what is open, then closes.
void sumq_store_destroy (sumq_store_t **self_p);

//  Records an accepted job with its request body. 0, or -1 with err
//  (also when the job id is already recorded: look it up first).
int sumq_store_accept (sumq_store_t *self, const char *job,
                       const void *request, size_t size, sumq_error_t *err);

//  Records a job's answer: ok with a result body, or an error body.
int sumq_store_finish (sumq_store_t *self, const char *job, bool ok,
                       const void *body, size_t size, sumq_error_t *err);

//  Commits the open transaction, if any. 0, or -1 with err.
int sumq_store_flush (sumq_store_t *self, sumq_error_t *err);

//  Writes not yet committed.
size_t sumq_store_unflushed (sumq_store_t *self);

//  The state of a job; for a done job, *ok and a copy of its answer
//  (*body, malloc'd, NUL-terminated; *size without the NUL) when body
//  is not NULL (*body is NULL when memory ran out). Sees flushed and
//  unflushed writes alike. SUMQ_JOB_UNREADABLE, with err set, when
//  SQLite fails to read (a damaged file, a disk error).
sumq_job_state_t sumq_store_lookup (sumq_store_t *self, const char *job,
                                    bool *ok, char **body, size_t *size, sumq_error_t *err);

//  Calls fn for every pending job, oldest first (recovery at start-up).
typedef void (sumq_store_pending_fn) (void *arg, const char *job,
                                      const void *request, size_t size);
int sumq_store_each_pending (sumq_store_t *self, sumq_store_pending_fn *fn, void *arg,
                             sumq_error_t *err);

//  Forgets answered jobs answered more than max_age_ms ago; returns how
//  many, or -1 with err.
int64_t sumq_store_prune (sumq_store_t *self, int64_t max_age_ms, sumq_error_t *err);

#endif
