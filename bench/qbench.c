/*  qbench: the benchmark's own clients and workers (bench/README.md).

    qbench echo EP SERVICE
        A worker of SERVICE that returns each job's body unchanged: the
        real worker loop (services/common/worker.h) around no analysis,
        so a broker fed by them shows what routing alone costs.
    qbench flood EP JOBS WINDOW
        Submits JOBS trivial requests with WINDOW of them in flight and
        prints {"jobs", "seconds", "failed"}.
    qbench latency EP JSONL COUNT WARMUP
        Sends documents of a --jsonl file one at a time (the next only
        after the answer to the last), WARMUP unmeasured ones first, and
        prints the round trips of COUNT more: {"count", "failed", "p50_us",
        "p90_us", "p99_us", "max_us"}.

    Both clients speak through the C client API (clients/sumq_client.h),
    as any program built on sumq would.                                  */
#include "sumq_client.h"
#include "sumq_proto.h"
#include "worker.h"
#include "log.h"
#include <czmq.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  Long enough for any document of the corpus on a loaded machine; a
//  broker that says nothing for this long is gone.
#define S_REPLY_TIMEOUT_MS  30000

//  The smallest body a parse worker would accept: routing, not analysis.
static const char s_trivial_body [] = "{\"version\":1,\"id\":\"echo\",\"text\":\"x\"}";

static int
s_usage (void)
{
    fprintf (stderr,
        "usage: qbench echo EP SERVICE\n"
        "       qbench flood EP JOBS WINDOW\n"
        "       qbench latency EP JSONL COUNT WARMUP\n");
    return 2;
}


//  --------------------------------------------------------------------------
//  Echo worker

//  The loop encodes what we return and releases it after; handing back
//  the body itself (one more reference) is the cheapest valid answer.
static json_t *
s_echo (void *state, const json_t *body, sumq_error_t *err)
{
    return json_incref ((json_t *) body);
}

static int
s_run_echo (const char *endpoint, const char *service)
{
    sumq_log_init ("qbench-echo", false);
    sumq_error_t err;
    sumq_worker_t *worker = sumq_worker_new (endpoint, service, s_echo, NULL,
                                             SUMQ_HEARTBEAT_MS, SUMQ_LIVENESS, &err);
    if (!worker) {
        fprintf (stderr, "qbench: %s\n", err.message);
        return 1;
    }
    int rc = sumq_worker_run (worker, NULL);
    sumq_worker_destroy (&worker);
    return rc == 0? 0: 1;
}


//  --------------------------------------------------------------------------
//  Clients

//  Job ids are "<prefix><seq>": a broker answers a job id it has seen
//  before from its store, without running it, so each run's must be new.
static char s_prefix [80];

static sumq_client_t *
s_client (const char *endpoint)
{
    sumq_log_init ("qbench", false);
    sumq_client_job_prefix (s_prefix, sizeof s_prefix);
    sumq_error_t err;
    sumq_client_t *client = sumq_client_new (endpoint, &err);
    if (!client)
        fprintf (stderr, "qbench: %s\n", err.message);
    return client;
}

//  Submits request `seq`; 0 or -1.
static int
s_submit (sumq_client_t *client, size_t seq, const char *body, size_t size)
{
    char job [SUMQ_MAX_JOB_ID + 1];
    snprintf (job, sizeof job, "%s%zu", s_prefix, seq);
    sumq_error_t err;
    if (sumq_client_submit (client, job, body, size, &err) == 0)
        return 0;
    fprintf (stderr, "qbench: %s\n", err.message);
    return -1;
}

//  Waits for one answer; returns 1 for a result, 0 for an error body,
//  -1 when none came (the broker is gone, or a signal).
static int
s_answer (sumq_client_t *client)
{
    sumq_reply_t reply;
    int rc = sumq_client_recv (client, S_REPLY_TIMEOUT_MS, &reply);
    if (rc == 0)
        fprintf (stderr, "qbench: no answer from the broker within %d ms\n", S_REPLY_TIMEOUT_MS);
    if (rc != 1)
        return -1;
    int ok = reply.ok? 1: 0;
    sumq_reply_clear (&reply);
    return ok;
}

static int
s_run_flood (const char *endpoint, size_t jobs, size_t window)
{
    sumq_client_t *client = s_client (endpoint);
    if (!client)
        return 1;
    size_t sent = 0, answered = 0, failed = 0;
    int rc = 0;
    int64_t start = zclock_usecs ();
    while (answered < jobs && rc == 0) {
        while (sent < jobs && sent - answered < window && rc == 0)
            rc = s_submit (client, sent++, s_trivial_body, sizeof s_trivial_body - 1);
        int ok = rc == 0? s_answer (client): -1;
        if (ok < 0)
            rc = -1;
        else {
            answered++;
            failed += ok? 0: 1;
        }
    }
    double seconds = (zclock_usecs () - start) / 1e6;
    printf ("{\"jobs\": %zu, \"seconds\": %.6f, \"failed\": %zu}\n", answered, seconds, failed);
    sumq_client_destroy (&client);
    return rc == 0? 0: 1;
}

//  The request bodies of a --jsonl file's documents ({"id", "text"}).
static zlist_t *
s_load_requests (const char *path)
{
    FILE *file = fopen (path, "r");
    if (!file) {
        fprintf (stderr, "qbench: cannot read %s\n", path);
        return NULL;
    }
    zlist_t *requests = zlist_new ();
    zlist_autofree (requests);
    char *line = NULL;
    size_t room = 0;
    while (getline (&line, &room, file) > 0) {
        json_t *doc = json_loads (line, 0, NULL);
        const char *id = json_string_value (json_object_get (doc, "id"));
        const char *text = json_string_value (json_object_get (doc, "text"));
        sumq_error_t err;
        char *body = id && text?
            sumq_request_encode (id, text, json_string_length (json_object_get (doc, "text")),
                                 NULL, &err): NULL;
        if (body)
            zlist_append (requests, body);
        free (body);
        json_decref (doc);
    }
    free (line);
    fclose (file);
    if (zlist_size (requests) == 0) {
        fprintf (stderr, "qbench: no documents in %s\n", path);
        zlist_destroy (&requests);
    }
    return requests;
}

static int
s_compare_us (const void *a, const void *b)
{
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return (x > y) - (x < y);
}

//  Nearest rank: the smallest sample with at least `share` of them at or
//  under it.
static int64_t
s_percentile (const int64_t *sorted, size_t count, double share)
{
    size_t rank = (size_t) (share * count + 0.999999);
    return sorted [rank > 0? rank - 1: 0];
}

static int
s_run_latency (const char *endpoint, const char *path, size_t count, size_t warmup)
{
    zlist_t *requests = s_load_requests (path);
    sumq_client_t *client = requests? s_client (endpoint): NULL;
    int64_t *round_trips = calloc (count, sizeof (int64_t));
    if (!client || !round_trips) {
        zlist_destroy (&requests);
        free (round_trips);
        return 1;
    }
    size_t measured = 0, failed = 0;
    const char *body = zlist_first (requests);
    for (size_t seq = 0; seq < warmup + count; seq++) {
        int64_t start = zclock_usecs ();
        int ok = s_submit (client, seq, body, strlen (body)) == 0? s_answer (client): -1;
        if (ok < 0)
            break;
        if (seq >= warmup) {
            round_trips [measured++] = zclock_usecs () - start;
            failed += ok? 0: 1;
        }
        body = zlist_next (requests);
        if (!body)
            body = zlist_first (requests);
    }
    if (measured > 0) {
        qsort (round_trips, measured, sizeof (int64_t), s_compare_us);
        printf ("{\"count\": %zu, \"failed\": %zu, \"p50_us\": %" PRId64 ", \"p90_us\": %" PRId64
                ", \"p99_us\": %" PRId64 ", \"max_us\": %" PRId64 "}\n",
                measured, failed, s_percentile (round_trips, measured, 0.50),
                s_percentile (round_trips, measured, 0.90),
                s_percentile (round_trips, measured, 0.99), round_trips [measured - 1]);
    }
    sumq_client_destroy (&client);
    zlist_destroy (&requests);
    free (round_trips);
    return measured == count? 0: 1;
}


//  --------------------------------------------------------------------------

//  A positive count from the command line, or 0.
static size_t
s_count (const char *text)
{
    char *end;
    long long value = strtoll (text, &end, 10);
    return *end || value < 0? 0: (size_t) value;
}

int
main (int argc, char **argv)
{
    if (argc == 4 && streq (argv [1], "echo"))
        return s_run_echo (argv [2], argv [3]);
    if (argc == 5 && streq (argv [1], "flood") && s_count (argv [3]) && s_count (argv [4]))
        return s_run_flood (argv [2], s_count (argv [3]), s_count (argv [4]));
    if (argc == 6 && streq (argv [1], "latency") && s_count (argv [4]))
        return s_run_latency (argv [2], argv [3], s_count (argv [4]), s_count (argv [5]));
    return s_usage ();
}
