/*  check_broker: the broker (services/common/broker.h) against fake
    clients and workers: plain DEALER sockets that speak PROTOCOL.md.

    The broker runs in a zactor on a private ipc endpoint (and a tcp one
    on a free port). Heartbeats are short, so expiry takes well under a
    second; every wait is bounded by S_WAIT_MS.                         */
#include <check.h>
#include "suite_run.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <czmq.h>
#include <jansson.h>
#include <sqlite3.h>
#include "broker.h"
#include "sumq_proto.h"

#define S_WAIT_MS       3000    //  longest wait for any one message
#define S_MAX_FRAMES    8

static char s_dir [64];
static char s_ipc [128];        //  the broker's endpoints
static char s_tcp [128];
static sumq_broker_t *s_broker;
static zactor_t *s_actor;


//  --------------------------------------------------------------------------
//  The broker under test

static sumq_broker_config_t
s_config (void)
{
    sumq_broker_config_t config;
    sumq_broker_config_defaults (&config);
    config.heartbeat_ms = 100;
    config.liveness = 20;               //  2 s: no test waits that long
    config.job_timeout_ms = 5000;
    config.max_queue = 100;
    return config;
}

static void
s_broker_actor (zsock_t *pipe, void *args)
{
    zsock_signal (pipe, 0);
    sumq_broker_run (args, pipe);
}

static void
s_start (sumq_broker_config_t config)
{
    strcpy (s_dir, "/tmp/check_broker.XXXXXX");
    ck_assert_ptr_nonnull (mkdtemp (s_dir));
    snprintf (s_ipc, sizeof s_ipc, "ipc://%s/broker", s_dir);
    sumq_error_t err;
    s_broker = sumq_broker_new (&config, &err);
    ck_assert_ptr_nonnull (s_broker);
    ck_assert_int_eq (sumq_broker_bind (s_broker, s_ipc, &err), 0);
    ck_assert_str_eq (sumq_broker_endpoint (s_broker), s_ipc);
    ck_assert_int_eq (sumq_broker_bind (s_broker, "tcp://127.0.0.1:*", &err), 0);
    snprintf (s_tcp, sizeof s_tcp, "%s", sumq_broker_endpoint (s_broker));
    ck_assert (strncmp (s_tcp, "tcp://127.0.0.1:", 16) == 0 && strchr (s_tcp, '*') == NULL);
    s_actor = zactor_new (s_broker_actor, s_broker);
    ck_assert_ptr_nonnull (s_actor);
}

static void
s_stop (void)
{
    zactor_destroy (&s_actor);
    sumq_broker_destroy (&s_broker);
}

//  A broker with a store (store.h) in the test's folder: the first call
//  makes the folder, later ones restart the broker on the same store and
//  endpoint, as after a crash. Returns how many jobs it recovered.
static sumq_store_t *s_store;
static char s_store_path [sizeof s_dir + 16];

static int
s_start_with_store (void)
{
    sumq_error_t err;
    if (!s_store_path [0]) {
        strcpy (s_dir, "/tmp/check_broker.XXXXXX");
        ck_assert_ptr_nonnull (mkdtemp (s_dir));
        snprintf (s_ipc, sizeof s_ipc, "ipc://%s/broker", s_dir);
        snprintf (s_store_path, sizeof s_store_path, "%s/jobs.db", s_dir);
    }
    s_store = sumq_store_open (s_store_path, &err);
    ck_assert_ptr_nonnull (s_store);
    sumq_broker_config_t config = s_config ();
    s_broker = sumq_broker_new (&config, &err);
    ck_assert_ptr_nonnull (s_broker);
    int recovered = sumq_broker_set_store (s_broker, s_store, 3600 * 1000, &err);
    ck_assert_int_ge (recovered, 0);
    ck_assert_int_eq (sumq_broker_bind (s_broker, s_ipc, &err), 0);
    s_actor = zactor_new (s_broker_actor, s_broker);
    ck_assert_ptr_nonnull (s_actor);
    return recovered;
}

static void
s_stop_with_store (void)
{
    s_stop ();
    sumq_store_destroy (&s_store);
}

static void
s_store_teardown (void)
{
    s_stop_with_store ();
    char command [sizeof s_dir + 16];
    snprintf (command, sizeof command, "rm -rf '%s'", s_dir);
    ck_assert_int_eq (system (command), 0);
    s_store_path [0] = 0;
}

static void
s_teardown (void)
{
    s_stop ();
    char path [sizeof s_dir + 16];
    snprintf (path, sizeof path, "%s/broker", s_dir);
    unlink (path);
    rmdir (s_dir);
}


//  --------------------------------------------------------------------------
//  Fake peers

typedef struct {
    size_t count;               //  frames in the message
    char *frame [S_MAX_FRAMES]; //  the first ones, as strings
} s_msg_t;

static void
s_msg_free (s_msg_t *msg)
{
    for (size_t index = 0; index < S_MAX_FRAMES; index++)
        zstr_free (&msg->frame [index]);
}

static zsock_t *
s_peer (const char *endpoint)
{
    zsock_t *peer = zsock_new_dealer (endpoint);
    ck_assert_ptr_nonnull (peer);
    zsock_set_rcvtimeo (peer, S_WAIT_MS);
    return peer;
}

//  False when nothing came within S_WAIT_MS.
static bool
s_recv (zsock_t *peer, s_msg_t *msg)
{
    memset (msg, 0, sizeof *msg);
    zmsg_t *zmsg = zmsg_recv (peer);
    if (!zmsg)
        return false;
    msg->count = zmsg_size (zmsg);
    for (size_t index = 0; index < S_MAX_FRAMES && zmsg_size (zmsg); index++)
        msg->frame [index] = zmsg_popstr (zmsg);
    zmsg_destroy (&zmsg);
    return true;
}

static zsock_t *
s_worker_new (const char *endpoint, const char *service)
{
    zsock_t *worker = s_peer (endpoint);
    zstr_sendx (worker, "SQW1", "READY", service, NULL);
    return worker;
}

//  The next message to a fake worker that is not a HEARTBEAT; heartbeats
//  are answered meanwhile, so the worker stays alive while it waits.
static bool
s_worker_recv (zsock_t *worker, s_msg_t *msg)
{
    int64_t deadline = zclock_mono () + S_WAIT_MS;
    while (zclock_mono () < deadline && s_recv (worker, msg)) {
        if (msg->count != 2 || strcmp (msg->frame [1], "HEARTBEAT") != 0)
            return true;
        ck_assert_str_eq (msg->frame [0], "SQW1");
        s_msg_free (msg);
        zstr_sendx (worker, "SQW1", "HEARTBEAT", NULL);
    }
    return false;
}

//  Expects a JOB with this body; returns the broker's job id (to free).
static char *
s_expect_job (zsock_t *worker, const char *body)
{
    s_msg_t msg;
    ck_assert_msg (s_worker_recv (worker, &msg), "no JOB came");
    ck_assert_uint_eq (msg.count, 4);
    ck_assert_str_eq (msg.frame [0], "SQW1");
    ck_assert_str_eq (msg.frame [1], "JOB");
    ck_assert_str_eq (msg.frame [3], body);
    char *job = msg.frame [2];
    msg.frame [2] = NULL;
    s_msg_free (&msg);
    return job;
}

static void
s_expect_disconnect (zsock_t *worker)
{
    s_msg_t msg;
    ck_assert_msg (s_worker_recv (worker, &msg), "no DISCONNECT came");
    ck_assert_uint_eq (msg.count, 2);
    ck_assert_str_eq (msg.frame [0], "SQW1");
    ck_assert_str_eq (msg.frame [1], "DISCONNECT");
    s_msg_free (&msg);
}

static void
s_reply (zsock_t *worker, const char *job, const char *status, const char *body)
{
    zstr_sendx (worker, "SQW1", "REPLY", job, status, body, NULL);
}

static void
s_submit (zsock_t *client, const char *job, const char *body)
{
    zstr_sendx (client, "SQC1", "SUBMIT", job, body, NULL);
}

//  Expects a RESULT for job; returns its body (to free).
static char *
s_expect_result (zsock_t *client, const char *job, const char *status)
{
    s_msg_t msg;
    ck_assert_msg (s_recv (client, &msg), "no RESULT for %s came", job);
    ck_assert_uint_eq (msg.count, 5);
    ck_assert_str_eq (msg.frame [0], "SQC1");
    ck_assert_str_eq (msg.frame [1], "RESULT");
    ck_assert_str_eq (msg.frame [2], job);
    ck_assert_str_eq (msg.frame [3], status);
    char *body = msg.frame [4];
    msg.frame [4] = NULL;
    s_msg_free (&msg);
    return body;
}

//  Expects an error RESULT for job with this code; returns its message.
static void
s_expect_error (zsock_t *client, const char *job, const char *code, const char *message_part)
{
    char *text = s_expect_result (client, job, "error");
    json_t *body = json_loads (text, 0, NULL);
    ck_assert_msg (body != NULL, "error body is not JSON: %s", text);
    ck_assert_int_eq (json_integer_value (json_object_get (body, "version")), 1);
    json_t *error = json_object_get (body, "error");
    ck_assert_str_eq (json_string_value (json_object_get (error, "code")), code);
    const char *message = json_string_value (json_object_get (error, "message"));
    ck_assert_ptr_nonnull (message);
    ck_assert_msg (strstr (message, message_part), "'%s' not in '%s'", message_part, message);
    json_decref (body);
    free (text);
}

static json_t *
s_status (zsock_t *observer)
{
    zstr_sendx (observer, "SQC1", "STATUS", NULL);
    s_msg_t msg;
    ck_assert_msg (s_recv (observer, &msg), "no STATUS came");
    ck_assert_uint_eq (msg.count, 3);
    ck_assert_str_eq (msg.frame [0], "SQC1");
    ck_assert_str_eq (msg.frame [1], "STATUS");
    json_t *status = json_loads (msg.frame [2], 0, NULL);
    ck_assert_ptr_nonnull (status);
    s_msg_free (&msg);
    return status;
}

//  A number of the status: services.<service>.<field>, or <field> at the
//  top when service is NULL.
static json_int_t
s_status_value (json_t *status, const char *service, const char *field)
{
    json_t *node = service?
        json_object_get (json_object_get (json_object_get (status, "services"), service), field):
        json_object_get (status, field);
    ck_assert_msg (json_is_integer (node), "status has no %s.%s", service? service: "", field);
    return json_integer_value (node);
}

//  One number of a fresh STATUS, as s_status_value reads it.
static json_int_t
s_status_now (zsock_t *observer, const char *service, const char *field)
{
    json_t *status = s_status (observer);
    json_int_t value = s_status_value (status, service, field);
    json_decref (status);
    return value;
}

//  Polls STATUS until the value is reached: the way to know the broker
//  has handled messages sent on other connections.
static void
s_wait_status (zsock_t *observer, const char *service, const char *field, json_int_t value)
{
    int64_t deadline = zclock_mono () + S_WAIT_MS;
    json_int_t seen;
    do {
        seen = s_status_now (observer, service, field);
        if (seen == value)
            return;
        zclock_sleep (5);       //  paces the polling; nothing relies on it
    } while (zclock_mono () < deadline);
    ck_abort_msg ("status %s.%s is %lld, not %lld", service? service: "", field,
                  (long long) seen, (long long) value);
}

//  Sends a client command with a job frame and expects the one-frame
//  answer (ACCEPTED, PENDING, UNKNOWN) for it.
static void
s_expect_answer (zsock_t *client, const char *command, const char *job, const char *answer)
{
    zstr_sendx (client, "SQC1", command, job, NULL);
    s_msg_t msg;
    ck_assert_msg (s_recv (client, &msg), "no answer to %s %s", command, job);
    ck_assert_uint_eq (msg.count, 3);
    ck_assert_str_eq (msg.frame [1], answer);
    ck_assert_str_eq (msg.frame [2], job);
    s_msg_free (&msg);
}

//  Takes one job through the three stages with the given workers.
static void
s_run_job (zsock_t **workers, const char *body, const char *result)
{
    for (int stage = 0; stage < SUMQ_SERVICE_COUNT; stage++) {
        char *job = s_expect_job (workers [stage], stage? "mid": body);
        s_reply (workers [stage], job, "ok", stage + 1 < SUMQ_SERVICE_COUNT? "mid": result);
        free (job);
    }
}

static void
s_workers_new (zsock_t **workers)
{
    for (int stage = 0; stage < SUMQ_SERVICE_COUNT; stage++)
        workers [stage] = s_worker_new (s_ipc, sumq_services [stage]);
}

static void
s_workers_destroy (zsock_t **workers)
{
    for (int stage = 0; stage < SUMQ_SERVICE_COUNT; stage++)
        zsock_destroy (&workers [stage]);
}


//  --------------------------------------------------------------------------
//  Routing

//  Over both transports at once: client and rank worker on tcp, the
//  others on ipc.
START_TEST (test_pipeline_carries_each_stage_output)
{
    s_start (s_config ());
    zsock_t *parse = s_worker_new (s_ipc, "parse");
    zsock_t *rank = s_worker_new (s_tcp, "rank");
    zsock_t *summarize = s_worker_new (s_ipc, "summarize");
    zsock_t *client = s_peer (s_tcp);

    s_submit (client, "c-1", "{\"text\":\"doc\"}");
    char *job = s_expect_job (parse, "{\"text\":\"doc\"}");
    s_reply (parse, job, "ok", "parsed");
    char *job2 = s_expect_job (rank, "parsed");
    ck_assert_str_eq (job2, job);           //  one broker id for the whole job
    s_reply (rank, job, "ok", "ranked");
    free (job2);
    job2 = s_expect_job (summarize, "ranked");
    s_reply (summarize, job, "ok", "{\"summary\":[]}");
    char *body = s_expect_result (client, "c-1", "ok");
    ck_assert_str_eq (body, "{\"summary\":[]}");

    //  Every worker is ready again: a second job goes through the same way.
    s_submit (client, "c-2", "second");
    free (job);
    job = s_expect_job (parse, "second");
    ck_assert_str_ne (job, job2);
    s_reply (parse, job, "ok", "p2");
    free (job2);
    job2 = s_expect_job (rank, "p2");
    s_reply (rank, job, "ok", "r2");
    free (job2);
    job2 = s_expect_job (summarize, "r2");
    s_reply (summarize, job, "ok", "s2");
    free (body);
    body = s_expect_result (client, "c-2", "ok");
    ck_assert_str_eq (body, "s2");

    json_t *status = s_status (client);
    for (int index = 0; index < SUMQ_SERVICE_COUNT; index++) {
        ck_assert_int_eq (s_status_value (status, sumq_services [index], "done"), 2);
        ck_assert_int_eq (s_status_value (status, sumq_services [index], "workers"), 1);
        ck_assert_int_eq (s_status_value (status, sumq_services [index], "idle"), 1);
        ck_assert_int_eq (s_status_value (status, sumq_services [index], "queued"), 0);
        ck_assert_int_eq (s_status_value (status, sumq_services [index], "failed"), 0);
    }
    ck_assert_int_eq (s_status_value (status, NULL, "jobs_in_flight"), 0);
    ck_assert_int_eq (s_status_value (status, NULL, "version"), 1);
    ck_assert_int_ge (s_status_value (status, NULL, "uptime_ms"), 0);
    json_decref (status);
    free (body);
    free (job);
    free (job2);
    zsock_destroy (&client);
    zsock_destroy (&parse);
    zsock_destroy (&rank);
    zsock_destroy (&summarize);
}
END_TEST

START_TEST (test_error_reply_reaches_client)
{
    s_start (s_config ());
    zsock_t *parse = s_worker_new (s_ipc, "parse");
    zsock_t *client = s_peer (s_ipc);
    s_submit (client, "e-1", "{}");
    char *job = s_expect_job (parse, "{}");
    const char *error = "{\"version\":1,\"id\":\"d\",\"error\":{\"code\":\"empty_document\",\"message\":\"m\"}}";
    s_reply (parse, job, "error", error);
    char *body = s_expect_result (client, "e-1", "error");
    ck_assert_str_eq (body, error);         //  forwarded unchanged
    json_t *status = s_status (client);
    ck_assert_int_eq (s_status_value (status, "parse", "failed"), 1);
    ck_assert_int_eq (s_status_value (status, "parse", "done"), 0);
    ck_assert_int_eq (s_status_value (status, "rank", "queued"), 0);
    ck_assert_int_eq (s_status_value (status, NULL, "jobs_in_flight"), 0);
    json_decref (status);
    free (body);
    free (job);
    zsock_destroy (&client);
    zsock_destroy (&parse);
}
END_TEST

//  Jobs go to the worker that has been idle longest.
START_TEST (test_workers_share_jobs_lru)
{
    s_start (s_config ());
    zsock_t *observer = s_peer (s_ipc);
    zsock_t *first = s_worker_new (s_ipc, "parse");
    s_wait_status (observer, "parse", "idle", 1);
    zsock_t *second = s_worker_new (s_ipc, "parse");
    s_wait_status (observer, "parse", "idle", 2);

    zsock_t *client = s_peer (s_ipc);
    s_submit (client, "a", "A");
    s_submit (client, "b", "B");
    char *job_a = s_expect_job (first, "A");
    char *job_b = s_expect_job (second, "B");

    //  The second finishes first, so it becomes the longest idle.
    s_reply (second, job_b, "ok", "b");
    s_wait_status (observer, "parse", "idle", 1);
    s_reply (first, job_a, "ok", "a");
    s_wait_status (observer, "parse", "idle", 2);
    s_submit (client, "c", "C");
    char *job_c = s_expect_job (second, "C");
    s_submit (client, "d", "D");
    char *job_d = s_expect_job (first, "D");

    s_wait_status (observer, "rank", "queued", 2);
    free (job_a);
    free (job_b);
    free (job_c);
    free (job_d);
    zsock_destroy (&client);
    zsock_destroy (&first);
    zsock_destroy (&second);
    zsock_destroy (&observer);
}
END_TEST

//  The backlog is worked off when workers come later (dispatch on READY).
START_TEST (test_backlog_drains_on_ready)
{
    s_start (s_config ());
    zsock_t *client = s_peer (s_ipc);
    char job [8];
    for (int index = 0; index < 5; index++) {
        snprintf (job, sizeof job, "q%d", index);
        s_submit (client, job, job);
    }
    s_wait_status (client, "parse", "queued", 5);
    zsock_t *worker = s_worker_new (s_ipc, "parse");
    for (int index = 0; index < 5; index++) {
        snprintf (job, sizeof job, "q%d", index);
        char *id = s_expect_job (worker, job);      //  in order of arrival
        s_reply (worker, id, "ok", job);
        free (id);
    }
    s_wait_status (client, "rank", "queued", 5);
    zsock_destroy (&worker);
    zsock_destroy (&client);
}
END_TEST


//  A worker with credit gets the backlog in batches of its credit, in
//  order, and may answer a batch in one REPLY.
START_TEST (test_credit_batches_jobs)
{
    s_start (s_config ());
    zsock_t *client = s_peer (s_ipc);
    char job [8];
    for (int index = 0; index < 5; index++) {
        snprintf (job, sizeof job, "c%d", index);
        s_submit (client, job, job);
    }
    s_wait_status (client, "parse", "queued", 5);
    zsock_t *worker = s_peer (s_ipc);
    zstr_sendx (worker, "SQW1", "READY", "parse", "3", NULL);
    s_msg_t msg;
    ck_assert (s_worker_recv (worker, &msg));
    ck_assert_uint_eq (msg.count, 2 + 3 * 2);
    ck_assert_str_eq (msg.frame [1], "JOB");
    ck_assert_str_eq (msg.frame [3], "c0");
    ck_assert_str_eq (msg.frame [5], "c1");
    ck_assert_str_eq (msg.frame [7], "c2");
    json_t *status = s_status (client);
    ck_assert_int_eq (s_status_value (status, "parse", "queued"), 2);
    ck_assert_int_eq (s_status_value (status, "parse", "idle"), 0);
    json_t *entry = json_array_get (json_object_get (status, "workers"), 0);
    ck_assert_int_eq (json_integer_value (json_object_get (entry, "held")), 3);
    ck_assert_int_eq (json_integer_value (json_object_get (entry, "credit")), 3);
    json_decref (status);
    //  Answers in another order than the jobs', two in one message.
    zstr_sendx (worker, "SQW1", "REPLY", msg.frame [4], "ok", "p1",
                                         msg.frame [2], "ok", "p0", NULL);
    s_msg_t rest;
    ck_assert (s_worker_recv (worker, &rest));
    ck_assert_uint_eq (rest.count, 2 + 2 * 2);
    ck_assert_str_eq (rest.frame [3], "c3");
    ck_assert_str_eq (rest.frame [5], "c4");
    s_wait_status (client, "rank", "queued", 2);
    s_msg_free (&rest);
    s_msg_free (&msg);
    zsock_destroy (&worker);
    zsock_destroy (&client);
}
END_TEST

//  Jobs are shared out evenly over workers with room, not all to the first.
START_TEST (test_credit_shares_jobs_evenly)
{
    s_start (s_config ());
    zsock_t *client = s_peer (s_ipc);
    zsock_t *workers [2];
    for (int index = 0; index < 2; index++) {
        workers [index] = s_peer (s_ipc);
        zstr_sendx (workers [index], "SQW1", "READY", "parse", "8", NULL);
    }
    s_wait_status (client, "parse", "idle", 2);
    //  One message of four submissions is one batch for the broker.
    zstr_sendx (client, "SQC1", "SUBMIT", "e0", "d", NULL);
    zstr_sendx (client, "SQC1", "SUBMIT", "e1", "d", NULL);
    zstr_sendx (client, "SQC1", "SUBMIT", "e2", "d", NULL);
    zstr_sendx (client, "SQC1", "SUBMIT", "e3", "d", NULL);
    size_t jobs [2] = { 0, 0 };
    int64_t deadline = zclock_mono () + S_WAIT_MS;
    while (jobs [0] + jobs [1] < 4 && zclock_mono () < deadline)
        for (int index = 0; index < 2; index++) {
            zmsg_t *msg = zmsg_recv_nowait (workers [index]);
            if (msg && zmsg_first (msg) && zframe_streq (zmsg_next (msg), "JOB"))
                jobs [index] += (zmsg_size (msg) - 2) / 2;
            zmsg_destroy (&msg);
        }
    ck_assert_uint_eq (jobs [0] + jobs [1], 4);
    //  Each got some: however the submissions were batched, no worker
    //  took a share while the other had room and nothing.
    ck_assert_uint_ge (jobs [0], 1);
    ck_assert_uint_ge (jobs [1], 1);
    zsock_destroy (&workers [0]);
    zsock_destroy (&workers [1]);
    zsock_destroy (&client);
}
END_TEST

//  Members frames: a worker that takes them gets JOBT (the members, or an
//  empty frame, after each body); one that does not gets the members put
//  back into the body; a client always gets whole bodies.
START_TEST (test_members_frames_between_stages)
{
    s_start (s_config ());
    zsock_t *client = s_peer (s_ipc);
    zsock_t *parse = s_peer (s_ipc);
    zstr_sendx (parse, "SQW1", "READY", "parse", "2", "members", NULL);
    zsock_t *rank = s_worker_new (s_ipc, "rank");
    zsock_t *summarize = s_peer (s_ipc);
    zstr_sendx (summarize, "SQW1", "READY", "summarize", "1", "members", NULL);
    s_submit (client, "x-1", "{\"id\":\"d\",\"text\":\"T\"}");

    s_msg_t msg;
    ck_assert (s_worker_recv (parse, &msg));
    ck_assert_uint_eq (msg.count, 5);
    ck_assert_str_eq (msg.frame [1], "JOBT");
    ck_assert_str_eq (msg.frame [3], "{\"id\":\"d\",\"text\":\"T\"}");
    ck_assert_str_eq (msg.frame [4], "");
    zstr_sendx (parse, "SQW1", "REPLYT", msg.frame [2], "ok", " { \"id\":\"d\" } ",
                "text 15\na \"quoted\"\ntextstems 3\na b", NULL);
    s_msg_free (&msg);

    //  The rank worker predates text frames.
    char *job = s_expect_job (rank, "{\"id\":\"d\",\"text\":\"a \\\"quoted\\\"\\ntext\",\"stems\":\"a b\"}");
    s_reply (rank, job, "ok", "{}");
    free (job);

    //  Its whole body goes on with an empty text frame; the summarize
    //  worker answers with a text frame, which the client gets put back.
    ck_assert (s_worker_recv (summarize, &msg));
    ck_assert_uint_eq (msg.count, 5);
    ck_assert_str_eq (msg.frame [1], "JOBT");
    ck_assert_str_eq (msg.frame [3], "{}");
    ck_assert_str_eq (msg.frame [4], "");
    zstr_sendx (summarize, "SQW1", "REPLYT", msg.frame [2], "ok", "{}", "text 1\nR", NULL);
    s_msg_free (&msg);
    char *body = s_expect_result (client, "x-1", "ok");
    ck_assert_str_eq (body, "{\"text\":\"R\"}");
    free (body);

    //  A READY with a feature the broker does not know is refused.
    //  Members the broker cannot put back fail the job, for its client: a
    //  frame that is not one, a member the body has too, a NUL.
    struct { const char *body; const char *members; size_t size; } bad [] = {
        { "{}", "text 9\nR", 8 }, { "{\"id\":\"d\"}", "id 1\nd", 6 },
        { "{}", "text 3\na\0b", 10 } };
    for (size_t index = 0; index < sizeof bad / sizeof *bad; index++) {
        char id [8];
        snprintf (id, sizeof id, "x-b%zu", index);
        s_submit (client, id, "{}");
        ck_assert (s_worker_recv (parse, &msg));
        zstr_sendx (parse, "SQW1", "REPLYT", msg.frame [2], "ok", "{}", "", NULL);
        s_msg_free (&msg);
        job = s_expect_job (rank, "{}");
        s_reply (rank, job, "ok", "{}");
        free (job);
        ck_assert (s_worker_recv (summarize, &msg));
        zmsg_t *reply = zmsg_new ();
        zmsg_addstr (reply, "SQW1");
        zmsg_addstr (reply, "REPLYT");
        zmsg_addstr (reply, msg.frame [2]);
        zmsg_addstr (reply, "ok");
        zmsg_addstr (reply, bad [index].body);
        zmsg_addmem (reply, bad [index].members, bad [index].size);
        zmsg_send (&reply, summarize);
        s_msg_free (&msg);
        s_expect_error (client, id, "internal", "members frame");
    }

    //  Features the broker does not know are ignored: this worker gets
    //  plain JOBs; one that lists "members" among others gets JOBT.
    zstr_sendx (parse, "SQW1", "DISCONNECT", NULL);
    s_wait_status (client, "parse", "workers", 0);
    zsock_destroy (&parse);
    zsock_t *odd = s_peer (s_ipc);
    zstr_sendx (odd, "SQW1", "READY", "parse", "1", "telepathy", NULL);
    s_submit (client, "x-3", "{}");
    job = s_expect_job (odd, "{}");
    free (job);
    zstr_sendx (odd, "SQW1", "DISCONNECT", NULL);
    s_wait_status (client, "parse", "workers", 0);
    zsock_destroy (&odd);
    zsock_t *newer = s_peer (s_ipc);
    zstr_sendx (newer, "SQW1", "READY", "parse", "1", "telepathy members", NULL);
    s_submit (client, "x-4", "{}");
    ck_assert (s_worker_recv (newer, &msg));
    ck_assert_str_eq (msg.frame [1], "JOBT");
    s_msg_free (&msg);
    zsock_destroy (&newer);
    zsock_destroy (&summarize);
    zsock_destroy (&rank);
    zsock_destroy (&client);
}
END_TEST

//  --------------------------------------------------------------------------
//  Failures

START_TEST (test_silent_worker_job_reruns)
{
    sumq_broker_config_t config = s_config ();
    config.heartbeat_ms = 50;
    config.liveness = 6;
    s_start (config);
    zsock_t *observer = s_peer (s_ipc);
    zsock_t *silent = s_worker_new (s_ipc, "parse");
    zsock_t *client = s_peer (s_ipc);
    s_submit (client, "s-1", "doc");
    char *job = s_expect_job (silent, "doc");
    //  From here on it answers nothing.
    zsock_t *healthy = s_worker_new (s_ipc, "parse");
    char *again = s_expect_job (healthy, "doc");
    ck_assert_str_eq (again, job);
    json_t *status = s_status (observer);
    ck_assert_int_eq (s_status_value (status, "parse", "workers"), 1);
    ck_assert_int_eq (s_status_value (status, "parse", "idle"), 0);
    json_decref (status);
    s_reply (healthy, job, "ok", "parsed");
    s_wait_status (observer, "rank", "queued", 1);
    free (job);
    free (again);
    zsock_destroy (&client);
    zsock_destroy (&silent);
    zsock_destroy (&healthy);
    zsock_destroy (&observer);
}
END_TEST

START_TEST (test_poison_job_fails_after_max_attempts)
{
    sumq_broker_config_t config = s_config ();
    config.heartbeat_ms = 50;
    config.liveness = 6;
    config.max_attempts = 2;
    s_start (config);
    zsock_t *client = s_peer (s_ipc);
    s_submit (client, "p-1", "poison");
    zsock_t *victims [2];
    for (int index = 0; index < 2; index++) {
        victims [index] = s_worker_new (s_ipc, "parse");
        free (s_expect_job (victims [index], "poison"));
        //  ...and it dies on it: never heard from again.
    }
    s_expect_error (client, "p-1", "worker_failed", "2 parse workers were lost");
    json_t *status = s_status (client);
    ck_assert_int_eq (s_status_value (status, "parse", "failed"), 1);
    ck_assert_int_eq (s_status_value (status, "parse", "workers"), 0);
    ck_assert_int_eq (s_status_value (status, NULL, "jobs_in_flight"), 0);
    json_decref (status);
    zsock_destroy (&victims [0]);
    zsock_destroy (&victims [1]);
    zsock_destroy (&client);
}
END_TEST

//  A worker that leaves cleanly mid-job gives it back without a charge:
//  with max_attempts 1, a lost worker would fail the job.
START_TEST (test_disconnect_requeues_without_charge)
{
    sumq_broker_config_t config = s_config ();
    config.max_attempts = 1;
    s_start (config);
    zsock_t *client = s_peer (s_ipc);
    zsock_t *leaving = s_worker_new (s_ipc, "parse");
    s_submit (client, "l-1", "doc");
    char *job = s_expect_job (leaving, "doc");
    zstr_sendx (leaving, "SQW1", "DISCONNECT", NULL);
    zsock_t *staying = s_worker_new (s_ipc, "parse");
    char *again = s_expect_job (staying, "doc");
    ck_assert_str_eq (again, job);
    s_wait_status (client, "parse", "workers", 1);
    free (job);
    free (again);
    zsock_destroy (&staying);
    zsock_destroy (&leaving);
    zsock_destroy (&client);
}
END_TEST

//  A worker lost with several jobs: only the one in progress (the first
//  it was sent) is charged; the others go back to the queue, in order.
START_TEST (test_lost_worker_charges_only_running_job)
{
    sumq_broker_config_t config = s_config ();
    config.max_attempts = 1;
    s_start (config);
    zsock_t *client = s_peer (s_ipc);
    zsock_t *victim = s_peer (s_ipc);
    zstr_sendx (victim, "SQW1", "READY", "parse", "2", NULL);
    s_wait_status (client, "parse", "idle", 1);
    s_submit (client, "v-1", "first");
    s_submit (client, "v-2", "second");
    s_wait_status (client, "parse", "idle", 0);
    s_wait_status (client, "parse", "queued", 0);
    //  A protocol violation: forgotten as lost, as if it had crashed.
    zstr_sendx (victim, "SQW1", "REPLY", "no-such-job", "ok", "x", NULL);
    s_expect_error (client, "v-1", "worker_failed", "1 parse workers were lost");
    zsock_t *staying = s_worker_new (s_ipc, "parse");
    char *job = s_expect_job (staying, "second");
    free (job);
    zsock_destroy (&staying);
    zsock_destroy (&victim);
    zsock_destroy (&client);
}
END_TEST

START_TEST (test_deadline_answers_timeout)
{
    sumq_broker_config_t config = s_config ();
    config.job_timeout_ms = 500;
    s_start (config);
    zsock_t *worker = s_worker_new (s_ipc, "parse");
    zsock_t *client = s_peer (s_ipc);
    s_submit (client, "t-1", "slow");
    char *job = s_expect_job (worker, "slow");
    int64_t sent = zclock_mono ();
    s_expect_error (client, "t-1", "timeout", "500 ms");
    ck_assert_int_ge (zclock_mono () - sent, config.job_timeout_ms - config.heartbeat_ms);

    //  The late reply is dropped, and the worker gets the next job.
    s_reply (worker, job, "ok", "late");
    s_submit (client, "t-2", "next");
    char *next = s_expect_job (worker, "next");
    s_reply (worker, next, "ok", "parsed");
    s_wait_status (client, "parse", "done", 1);
    json_t *status = s_status (client);
    ck_assert_int_eq (s_status_value (status, "parse", "failed"), 1);
    ck_assert_int_eq (s_status_value (status, "rank", "queued"), 1);
    json_decref (status);

    //  A job still waiting in a queue times out too.
    s_expect_error (client, "t-2", "timeout", "rank");
    s_wait_status (client, "rank", "queued", 0);
    free (job);
    free (next);
    zsock_destroy (&client);
    zsock_destroy (&worker);
}
END_TEST


//  --------------------------------------------------------------------------
//  Limits and bad input

START_TEST (test_busy_when_queue_full)
{
    sumq_broker_config_t config = s_config ();
    config.max_queue = 2;
    s_start (config);
    zsock_t *client = s_peer (s_ipc);
    s_submit (client, "b-1", "1");
    s_submit (client, "b-2", "2");
    s_submit (client, "b-3", "3");
    s_expect_error (client, "b-3", "busy", "retry");
    json_t *status = s_status (client);
    ck_assert_int_eq (s_status_value (status, NULL, "jobs_in_flight"), 2);
    ck_assert_int_eq (s_status_value (status, "parse", "queued"), 2);
    json_decref (status);
    zsock_destroy (&client);
}
END_TEST

START_TEST (test_too_large_body)
{
    sumq_broker_config_t config = s_config ();
    config.max_doc = 1000;
    s_start (config);
    size_t limit = 6 * 1000 + 64 * 1024;
    char *body = malloc (limit + 2);
    memset (body, 'x', limit + 1);
    body [limit + 1] = 0;
    zsock_t *client = s_peer (s_ipc);
    s_submit (client, "big", body);
    s_expect_error (client, "big", "too_large", "over the broker's limit");
    body [limit] = 0;
    s_submit (client, "fits", body);
    s_wait_status (client, "parse", "queued", 1);
    free (body);
    zsock_destroy (&client);
}
END_TEST

//  A job id names one job: the same id again, from the same client (a
//  retry) or another, waits for that job, which runs once; both clients
//  get its RESULT, the retrying one once.
START_TEST (test_duplicate_job_id)
{
    s_start (s_config ());
    zsock_t *client = s_peer (s_ipc);
    zsock_t *other = s_peer (s_ipc);
    s_submit (client, "dup", "1");
    s_submit (client, "dup", "2");
    s_submit (other, "dup", "3");
    s_wait_status (client, NULL, "jobs_in_flight", 1);
    zsock_t *workers [SUMQ_SERVICE_COUNT];
    for (int stage = 0; stage < SUMQ_SERVICE_COUNT; stage++) {
        workers [stage] = s_worker_new (s_ipc, sumq_services [stage]);
        char *job = s_expect_job (workers [stage], stage? "out": "1");
        s_reply (workers [stage], job, "ok", "out");
        free (job);
    }
    free (s_expect_result (client, "dup", "ok"));
    free (s_expect_result (other, "dup", "ok"));
    //  Nothing more for the client: the next thing it gets is its STATUS.
    s_wait_status (client, "summarize", "done", 1);
    for (int stage = 0; stage < SUMQ_SERVICE_COUNT; stage++)
        zsock_destroy (&workers [stage]);
    zsock_destroy (&other);
    zsock_destroy (&client);
}
END_TEST

//  Bad client messages are answered when they carry a valid job frame,
//  dropped otherwise; replies come in order, so the STATUS sent last
//  shows nothing else was answered.
START_TEST (test_bad_client_frames)
{
    s_start (s_config ());
    zsock_t *client = s_peer (s_ipc);
    zstr_sendx (client, "garbage", NULL);
    zstr_sendx (client, "", "", "", NULL);
    zstr_sendx (client, "SQC1", NULL);
    zstr_sendx (client, "SQC1", "FOO", "j-1", NULL);
    zstr_sendx (client, "SQC1", "SUBMIT", "j-2", NULL);
    zstr_sendx (client, "SQC1", "SUBMIT", "bad\001id", "{}", NULL);
    zstr_sendx (client, "SQC1", "SUBMIT", "", "{}", NULL);
    zstr_sendx (client, "SQC1", "SUBMIT", "j-3", "{}", "extra", NULL);
    zstr_sendx (client, "SQC1", "\xff\xfe", NULL);
    s_expect_error (client, "j-1", "bad_request", "unknown command 'FOO'");
    s_expect_error (client, "j-2", "bad_request", "have 4 frames, not 3");
    s_expect_error (client, "j-3", "bad_request", "have 4 frames, not 5");
    ck_assert_int_eq (s_status_now (client, NULL, "jobs_in_flight"), 0);
    zsock_destroy (&client);
}
END_TEST

START_TEST (test_bad_worker_frames)
{
    s_start (s_config ());
    zsock_t *observer = s_peer (s_ipc);
    const char *bad_ready [][3] = {
        { "SQW1", NULL },
        { "SQW1", "READY", NULL },
        { "SQW1", "READY", "nosuch" },
    };
    for (size_t index = 0; index < sizeof bad_ready / sizeof bad_ready [0]; index++) {
        zsock_t *peer = s_peer (s_ipc);
        zmsg_t *msg = zmsg_new ();
        for (size_t frame = 0; frame < 3 && bad_ready [index][frame]; frame++)
            zmsg_addstr (msg, bad_ready [index][frame]);
        zmsg_send (&msg, peer);
        s_expect_disconnect (peer);
        zsock_destroy (&peer);
    }
    //  A registered worker that breaks the protocol is disconnected.
    zsock_t *worker = s_worker_new (s_ipc, "rank");
    s_wait_status (observer, "rank", "workers", 1);
    zstr_sendx (worker, "SQW1", "BOGUS", NULL);
    s_expect_disconnect (worker);
    s_wait_status (observer, "rank", "workers", 0);
    zsock_destroy (&worker);

    //  So is one whose REPLY is malformed; its job is not lost.
    zsock_t *client = s_peer (s_ipc);
    worker = s_worker_new (s_ipc, "parse");
    s_submit (client, "m-1", "doc");
    char *job = s_expect_job (worker, "doc");
    zstr_sendx (worker, "SQW1", "REPLY", job, "ok", NULL);
    s_expect_disconnect (worker);
    s_wait_status (observer, "parse", "queued", 1);
    free (job);
    zsock_destroy (&worker);
    zsock_destroy (&client);
    zsock_destroy (&observer);
}
END_TEST

//  After a broker restart, workers it does not know are told to register.
START_TEST (test_unknown_worker_gets_disconnect)
{
    s_start (s_config ());
    zsock_t *stranger = s_peer (s_ipc);
    zstr_sendx (stranger, "SQW1", "HEARTBEAT", NULL);
    s_expect_disconnect (stranger);
    zstr_sendx (stranger, "SQW1", "REPLY", "7", "ok", "{}", NULL);
    s_expect_disconnect (stranger);
    //  Re-registering works, on the same connection too.
    zstr_sendx (stranger, "SQW1", "READY", "summarize", NULL);
    zsock_t *observer = s_peer (s_ipc);
    s_wait_status (observer, "summarize", "workers", 1);
    //  A READY twice is a protocol error.
    zstr_sendx (stranger, "SQW1", "READY", "summarize", NULL);
    s_expect_disconnect (stranger);
    s_wait_status (observer, "summarize", "workers", 0);
    zsock_destroy (&observer);
    zsock_destroy (&stranger);
}
END_TEST

START_TEST (test_heartbeats_and_shutdown)
{
    s_start (s_config ());
    zsock_t *worker = s_worker_new (s_ipc, "parse");
    s_msg_t msg;
    for (int beat = 0; beat < 2; beat++) {
        ck_assert (s_recv (worker, &msg));
        ck_assert_uint_eq (msg.count, 2);
        ck_assert_str_eq (msg.frame [0], "SQW1");
        ck_assert_str_eq (msg.frame [1], "HEARTBEAT");
        s_msg_free (&msg);
    }
    //  Silent for two intervals, but within its liveness: still known.
    zsock_t *observer = s_peer (s_ipc);
    s_wait_status (observer, "parse", "workers", 1);
    s_stop ();
    s_expect_disconnect (worker);
    zsock_destroy (&observer);
    zsock_destroy (&worker);
}
END_TEST

START_TEST (test_idle_silent_worker_expires)
{
    sumq_broker_config_t config = s_config ();
    config.heartbeat_ms = 50;
    config.liveness = 4;
    s_start (config);
    zsock_t *observer = s_peer (s_ipc);
    zsock_t *worker = s_worker_new (s_ipc, "rank");
    s_wait_status (observer, "rank", "workers", 1);
    s_wait_status (observer, "rank", "workers", 0);
    //  The broker has forgotten it: a sign of life now gets DISCONNECT.
    zstr_sendx (worker, "SQW1", "HEARTBEAT", NULL);
    s_expect_disconnect (worker);
    zsock_destroy (&observer);
    zsock_destroy (&worker);
}
END_TEST

START_TEST (test_config_and_bind_errors)
{
    sumq_broker_config_t config = s_config ();
    config.liveness = 0;
    sumq_error_t err;
    ck_assert_ptr_null (sumq_broker_new (&config, &err));
    config = s_config ();
    sumq_broker_t *broker = sumq_broker_new (&config, &err);
    ck_assert_ptr_nonnull (broker);
    ck_assert_ptr_null (sumq_broker_endpoint (broker));
    ck_assert_int_eq (sumq_broker_bind (broker, "nonsense://x", &err), -1);
    ck_assert_ptr_nonnull (strstr (err.message, "nonsense://x"));
    sumq_broker_destroy (&broker);
    sumq_broker_destroy (&broker);      //  idempotent
    ck_assert_ptr_null (broker);
}
END_TEST

//  --------------------------------------------------------------------------
//  Durable jobs

START_TEST (test_enqueue_fetch_wait)
{
    s_start_with_store ();
    zsock_t *client = s_peer (s_ipc);
    zstr_sendx (client, "SQC1", "ENQUEUE", "e-1", "doc", NULL);
    s_msg_t msg;
    ck_assert (s_recv (client, &msg));
    ck_assert_str_eq (msg.frame [1], "ACCEPTED");
    s_msg_free (&msg);
    s_expect_answer (client, "FETCH", "e-1", "PENDING");
    s_expect_answer (client, "FETCH", "nobody", "UNKNOWN");
    s_expect_answer (client, "WAIT", "nobody", "UNKNOWN");
    zstr_sendx (client, "SQC1", "WAIT", "e-1", NULL);
    zsock_t *workers [SUMQ_SERVICE_COUNT];
    s_workers_new (workers);
    s_run_job (workers, "doc", "{\"r\":1}");
    char *body = s_expect_result (client, "e-1", "ok");
    ck_assert_str_eq (body, "{\"r\":1}");
    free (body);
    //  Done: FETCH, WAIT and SUBMIT of that id answer from the store, and
    //  no worker sees the job again.
    zstr_sendx (client, "SQC1", "FETCH", "e-1", NULL);
    free (s_expect_result (client, "e-1", "ok"));
    zstr_sendx (client, "SQC1", "WAIT", "e-1", NULL);
    free (s_expect_result (client, "e-1", "ok"));
    s_submit (client, "e-1", "doc");
    free (s_expect_result (client, "e-1", "ok"));
    s_wait_status (client, "parse", "done", 1);
    s_workers_destroy (workers);
    zsock_destroy (&client);
}
END_TEST

START_TEST (test_jobs_survive_a_broker_restart)
{
    s_start_with_store ();
    zsock_t *client = s_peer (s_ipc);
    json_t *status = s_status (client);
    char *first = strdup (json_string_value (json_object_get (status, "instance")));
    ck_assert (json_is_true (json_object_get (status, "store")));
    json_decref (status);
    //  Accepted with no worker to run them, then the broker goes.
    zstr_sendx (client, "SQC1", "ENQUEUE", "r-1", "doc", NULL);
    zstr_sendx (client, "SQC1", "ENQUEUE", "r-2", "doc", NULL);
    s_msg_t msg;
    for (int count = 0; count < 2; count++) {
        ck_assert (s_recv (client, &msg));
        ck_assert_str_eq (msg.frame [1], "ACCEPTED");
        s_msg_free (&msg);
    }
    s_stop_with_store ();
    ck_assert_int_eq (s_start_with_store (), 2);
    status = s_status (client);
    ck_assert_str_ne (json_string_value (json_object_get (status, "instance")), first);
    ck_assert_int_eq (s_status_value (status, NULL, "jobs_in_flight"), 2);
    json_decref (status);
    free (first);
    zstr_sendx (client, "SQC1", "WAIT", "r-2", NULL);
    zsock_t *workers [SUMQ_SERVICE_COUNT];
    s_workers_new (workers);
    s_run_job (workers, "doc", "{\"r\":1}");
    s_run_job (workers, "doc", "{\"r\":2}");
    char *body = s_expect_result (client, "r-2", "ok");
    ck_assert_str_eq (body, "{\"r\":2}");
    free (body);
    s_workers_destroy (workers);
    zsock_destroy (&client);
}
END_TEST

//  A store that can no longer be read answers nothing in its stead: not
//  UNKNOWN for a job it may hold, nor a fresh run of it, but an error
//  the client may retry.
START_TEST (test_an_unreadable_store_is_an_error)
{
    s_start_with_store ();
    zsock_t *client = s_peer (s_ipc);
    s_expect_answer (client, "FETCH", "u-1", "UNKNOWN");
    sqlite3 *db;
    ck_assert_int_eq (sqlite3_open (s_store_path, &db), SQLITE_OK);
    ck_assert_int_eq (sqlite3_exec (db, "DROP TABLE jobs", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close (db);
    zstr_sendx (client, "SQC1", "FETCH", "u-1", NULL);
    s_expect_error (client, "u-1", "internal", "store");
    zstr_sendx (client, "SQC1", "WAIT", "u-1", NULL);
    s_expect_error (client, "u-1", "internal", "store");
    s_submit (client, "u-1", "doc");
    s_expect_error (client, "u-1", "internal", "store");
    zstr_sendx (client, "SQC1", "ENQUEUE", "u-1", "doc", NULL);
    s_expect_error (client, "u-1", "internal", "store");
    //  and no job was made of them
    ck_assert_int_eq (s_status_now (client, NULL, "jobs_in_flight"), 0);
    zsock_destroy (&client);
}
END_TEST

START_TEST (test_no_store_refuses_enqueue)
{
    s_start (s_config ());
    zsock_t *client = s_peer (s_ipc);
    zstr_sendx (client, "SQC1", "ENQUEUE", "n-1", "doc", NULL);
    s_expect_error (client, "n-1", "bad_request", "--store");
    zstr_sendx (client, "SQC1", "FETCH", "n-1", NULL);
    s_expect_error (client, "n-1", "bad_request", "--store");
    json_t *status = s_status (client);
    ck_assert (json_is_false (json_object_get (status, "store")));
    json_decref (status);
    zsock_destroy (&client);
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *suite = suite_create ("broker");
    TCase *routing = tcase_create ("routing");
    tcase_add_checked_fixture (routing, NULL, s_teardown);
    tcase_set_timeout (routing, 10);
    tcase_add_test (routing, test_pipeline_carries_each_stage_output);
    tcase_add_test (routing, test_error_reply_reaches_client);
    tcase_add_test (routing, test_workers_share_jobs_lru);
    tcase_add_test (routing, test_backlog_drains_on_ready);
    tcase_add_test (routing, test_credit_batches_jobs);
    tcase_add_test (routing, test_credit_shares_jobs_evenly);
    tcase_add_test (routing, test_members_frames_between_stages);
    suite_add_tcase (suite, routing);

    TCase *failures = tcase_create ("failures");
    tcase_add_checked_fixture (failures, NULL, s_teardown);
    tcase_set_timeout (failures, 10);
    tcase_add_test (failures, test_silent_worker_job_reruns);
    tcase_add_test (failures, test_poison_job_fails_after_max_attempts);
    tcase_add_test (failures, test_disconnect_requeues_without_charge);
    tcase_add_test (failures, test_lost_worker_charges_only_running_job);
    tcase_add_test (failures, test_deadline_answers_timeout);
    tcase_add_test (failures, test_idle_silent_worker_expires);
    suite_add_tcase (suite, failures);

    TCase *input = tcase_create ("limits and bad input");
    tcase_add_checked_fixture (input, NULL, s_teardown);
    tcase_set_timeout (input, 10);
    tcase_add_test (input, test_busy_when_queue_full);
    tcase_add_test (input, test_too_large_body);
    tcase_add_test (input, test_duplicate_job_id);
    tcase_add_test (input, test_bad_client_frames);
    tcase_add_test (input, test_bad_worker_frames);
    tcase_add_test (input, test_unknown_worker_gets_disconnect);
    suite_add_tcase (suite, input);

    TCase *durable = tcase_create ("durable jobs");
    tcase_add_checked_fixture (durable, NULL, s_store_teardown);
    tcase_set_timeout (durable, 10);
    tcase_add_test (durable, test_enqueue_fetch_wait);
    tcase_add_test (durable, test_jobs_survive_a_broker_restart);
    tcase_add_test (durable, test_an_unreadable_store_is_an_error);
    suite_add_tcase (suite, durable);
    tcase_add_test (input, test_no_store_refuses_enqueue);

    TCase *life = tcase_create ("life cycle");
    tcase_add_checked_fixture (life, NULL, s_teardown);
    tcase_set_timeout (life, 10);
    tcase_add_test (life, test_heartbeats_and_shutdown);
    tcase_add_test (life, test_config_and_bind_errors);
    suite_add_tcase (suite, life);
    return suite;
}

int
main (void)
{
    return suite_run (s_suite ());
}
