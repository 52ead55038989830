/*  check_batch: the C client API (clients/sumq_client.h) and the batch
    runner (clients/batch.h) against a fake broker: a ROUTER in a zactor
    that answers SUBMITs the way each test asks (echo, reverse order,
    busy first, silence, errors without an id).                         */
#include <check.h>
#include "suite_run.h"
#include <stdlib.h>
#include <string.h>
#include <czmq.h>
#include <jansson.h>
#include "batch.h"
#include "sumq_client.h"
#include "sumq_proto.h"

#define S_WAIT_MS   3000

typedef enum { S_ECHO, S_REVERSE, S_BUSY_FIRST, S_SILENT, S_ERROR_NO_ID, S_RESTART } s_mode_t;

typedef struct {
    s_mode_t mode;
    int reverse_after;          //  S_REVERSE: answer when this many are held
    int max_outstanding;        //  most SUBMITs seen but not answered at once
    int statuses;               //  STATUS requests answered
    int submits;                //  SUBMITs received
} s_script_t;

static char s_endpoint [64];
static s_script_t s_script;
static zactor_t *s_broker;

static void
s_answer (zsock_t *router, zframe_t **peer_p, const char *job, const char *status, const char *body)
{
    zmsg_t *reply = zmsg_new ();
    zmsg_append (reply, peer_p);
    zmsg_addstr (reply, SUMQ_PROTO_CLIENT);
    zmsg_addstr (reply, "RESULT");
    zmsg_addstr (reply, job);
    zmsg_addstr (reply, status);
    zmsg_addstr (reply, body);
    zmsg_send (&reply, router);
}

//  The fake broker. Results echo the request body's "id" so tests can
//  check which answer went to which document.
static void
s_broker_actor (zsock_t *pipe, void *args)
{
    s_script_t *script = args;
    zsock_t *router = zsock_new_router (s_endpoint);
    zpoller_t *poller = zpoller_new (pipe, router, NULL);
    zsock_signal (pipe, 0);
    zlist_t *held = zlist_new ();       //  S_REVERSE: messages not answered yet
    zhash_t *seen = zhash_new ();       //  S_BUSY_FIRST: jobs already refused once
    int outstanding = 0;
    while (true) {
        void *which = zpoller_wait (poller, -1);
        if (which != router)
            break;
        zmsg_t *msg = zmsg_recv (router);
        zframe_t *peer = zmsg_pop (msg);
        char *proto = zmsg_popstr (msg);
        char *command = zmsg_popstr (msg);
        if (streq (command, "STATUS")) {
            //  S_RESTART: every status names a new instance, as if the
            //  broker had restarted since the last one.
            script->statuses++;
            zmsg_t *reply = zmsg_new ();
            zmsg_append (reply, &peer);
            zmsg_addstr (reply, SUMQ_PROTO_CLIENT);
            zmsg_addstr (reply, "STATUS");
            zmsg_addstrf (reply, "{\"version\":1,\"uptime_ms\":5,\"instance\":\"i%d\"}",
                          script->mode == S_RESTART? script->statuses: 1);
            zmsg_send (&reply, router);
        }
        else {
            char *job = zmsg_popstr (msg);
            char *body = zmsg_popstr (msg);
            json_t *request = json_loads (body, 0, NULL);
            char result [256];
            snprintf (result, sizeof result, "{\"version\":1,\"id\":\"%s\"}",
                      json_string_value (json_object_get (request, "id")));
            json_decref (request);
            outstanding++;
            script->submits++;
            if (outstanding > script->max_outstanding)
                script->max_outstanding = outstanding;
            if (script->mode == S_ECHO || (script->mode == S_RESTART && script->statuses >= 2)
            ||  (script->mode == S_BUSY_FIRST && zhash_lookup (seen, job))) {
                s_answer (router, &peer, job, "ok", result);
                outstanding--;
            }
            else
            if (script->mode == S_BUSY_FIRST) {
                zhash_insert (seen, job, "x");
                s_answer (router, &peer, job, "error",
                          "{\"version\":1,\"error\":{\"code\":\"busy\",\"message\":\"full\"}}");
                outstanding--;
            }
            else
            if (script->mode == S_ERROR_NO_ID) {
                s_answer (router, &peer, job, "error",
                          "{\"version\":1,\"error\":{\"code\":\"timeout\",\"message\":\"late\"}}");
                outstanding--;
            }
            else
            if (script->mode == S_REVERSE) {
                zmsg_t *keep = zmsg_new ();
                zmsg_append (keep, &peer);
                zmsg_addstr (keep, job);
                zmsg_addstr (keep, result);
                zlist_push (held, keep);
                if ((int) zlist_size (held) == script->reverse_after)
                    //  zlist_push puts the newest first: answer newest to oldest.
                    while ((keep = zlist_pop (held))) {
                        zframe_t *who = zmsg_pop (keep);
                        char *held_job = zmsg_popstr (keep);
                        char *held_result = zmsg_popstr (keep);
                        s_answer (router, &who, held_job, "ok", held_result);
                        outstanding--;
                        zstr_free (&held_job);
                        zstr_free (&held_result);
                        zmsg_destroy (&keep);
                    }
            }
            zstr_free (&job);
            zstr_free (&body);
        }
        zframe_destroy (&peer);
        zstr_free (&proto);
        zstr_free (&command);
        zmsg_destroy (&msg);
    }
    zmsg_t *keep;
    while ((keep = zlist_pop (held)))
        zmsg_destroy (&keep);
    zlist_destroy (&held);
    zhash_destroy (&seen);
    zpoller_destroy (&poller);
    zsock_destroy (&router);
}

static void
s_start (s_mode_t mode, int reverse_after)
{
    static int instance = 0;
    snprintf (s_endpoint, sizeof s_endpoint, "inproc://check_batch.%d", ++instance);
    memset (&s_script, 0, sizeof s_script);
    s_script.mode = mode;
    s_script.reverse_after = reverse_after;
    s_broker = zactor_new (s_broker_actor, &s_script);
}

static void
s_teardown (void)
{
    zactor_destroy (&s_broker);
}

//  A source of `count` documents named d0, d1, ...; every `fail_every`th
//  (if non-zero) arrives already failed.
typedef struct {
    int next, count, fail_every;
} s_source_t;

static int
s_source (void *state, sumq_batch_item_t *item)
{
    s_source_t *source = state;
    if (source->next >= source->count)
        return 0;
    char id [32];
    snprintf (id, sizeof id, "d%d", source->next);
    item->id = strdup (id);
    if (source->fail_every && source->next % source->fail_every == 0)
        item->error = sumq_batch_error (id, SUMQ_E_BAD_JSON, "not JSON");
    else {
        item->body = sumq_request_encode (id, "Some text.", 10, NULL, NULL);
        item->size = strlen (item->body);
    }
    source->next++;
    return 1;
}

//  What the sink saw: ids in delivery order and their outcomes.
typedef struct {
    int count;
    char ids [64][32];
    char codes [64][32];
    size_t last_progress_done;
} s_sink_t;

static void
s_sink (void *state, size_t seq, bool ok, const char *result, size_t size, const json_t *error)
{
    s_sink_t *sink = state;
    ck_assert_int_eq ((int) seq, sink->count);
    json_t *doc = ok? json_loadb (result, size, 0, NULL): json_incref ((json_t *) error);
    snprintf (sink->ids [sink->count], 32, "%s", json_string_value (json_object_get (doc, "id")));
    snprintf (sink->codes [sink->count], 32, "%s", ok? "ok":
              json_string_value (json_object_get (json_object_get (doc, "error"), "code")));
    json_decref (doc);
    sink->count++;
}

static void
s_progress (void *state, size_t done, size_t read, bool input_done)
{
    s_sink_t *sink = state;
    ck_assert_uint_le (done, read);
    sink->last_progress_done = done;
}

//  Every answer the sink saw, in order, had this code.
static void
s_assert_codes (const s_sink_t *sink, int count, const char *code)
{
    ck_assert_int_eq (sink->count, count);
    for (int i = 0; i < count; i++)
        ck_assert_str_eq (sink->codes [i], code);
}

static int
s_run (int count, int fail_every, int window, int timeout_ms, s_sink_t *sink,
       sumq_batch_report_t *report)
{
    sumq_client_t *client = sumq_client_new (s_endpoint, NULL);
    ck_assert_ptr_nonnull (client);
    s_source_t source = { .count = count, .fail_every = fail_every };
    sumq_batch_config_t config = { .window = window, .timeout_ms = timeout_ms };
    memset (sink, 0, sizeof *sink);
    int rc = sumq_batch_run (client, &config, s_source, &source, s_sink, s_progress, sink, report);
    sumq_client_destroy (&client);
    return rc;
}

START_TEST (test_answers_come_in_input_order)
{
    s_start (S_REVERSE, 8);
    s_sink_t sink;
    sumq_batch_report_t report;
    ck_assert_int_eq (s_run (16, 0, 8, S_WAIT_MS, &sink, &report), 0);
    ck_assert_int_eq (sink.count, 16);
    for (int i = 0; i < 16; i++) {
        char id [32];
        snprintf (id, sizeof id, "d%d", i);
        ck_assert_str_eq (sink.ids [i], id);
        ck_assert_str_eq (sink.codes [i], "ok");
    }
    ck_assert_uint_eq (report.documents, 16);
    ck_assert_uint_eq (report.failed, 0);
    ck_assert_uint_eq (sink.last_progress_done, 16);
}
END_TEST

START_TEST (test_window_bounds_jobs_in_flight)
{
    s_start (S_REVERSE, 4);
    s_sink_t sink;
    sumq_batch_report_t report;
    ck_assert_int_eq (s_run (20, 0, 4, S_WAIT_MS, &sink, &report), 0);
    ck_assert_int_eq (sink.count, 20);
    //  The fake broker only answers once it holds 4: with a window of 4
    //  the batch completes, and never has more than 4 out.
    ck_assert_int_eq (s_script.max_outstanding, 4);
}
END_TEST

START_TEST (test_busy_is_retried_not_failed)
{
    s_start (S_BUSY_FIRST, 0);
    s_sink_t sink;
    sumq_batch_report_t report;
    ck_assert_int_eq (s_run (10, 0, 4, S_WAIT_MS, &sink, &report), 0);
    s_assert_codes (&sink, 10, "ok");
    ck_assert_uint_eq (report.failed, 0);
}
END_TEST

START_TEST (test_failed_inputs_keep_their_place)
{
    s_start (S_ECHO, 0);
    s_sink_t sink;
    sumq_batch_report_t report;
    ck_assert_int_eq (s_run (9, 3, 4, S_WAIT_MS, &sink, &report), 0);
    ck_assert_int_eq (sink.count, 9);
    for (int i = 0; i < 9; i++)
        ck_assert_str_eq (sink.codes [i], i % 3 == 0? "bad_json": "ok");
    ck_assert_uint_eq (report.failed, 3);
}
END_TEST

START_TEST (test_broker_errors_get_the_document_id)
{
    s_start (S_ERROR_NO_ID, 0);
    s_sink_t sink;
    sumq_batch_report_t report;
    ck_assert_int_eq (s_run (3, 0, 2, S_WAIT_MS, &sink, &report), 0);
    ck_assert_str_eq (sink.ids [1], "d1");
    ck_assert_str_eq (sink.codes [1], "timeout");
    ck_assert_uint_eq (report.failed, 3);
}
END_TEST

START_TEST (test_silent_broker_ends_the_batch)
{
    s_start (S_SILENT, 0);
    s_sink_t sink;
    sumq_batch_report_t report;
    int64_t started = zclock_mono ();
    ck_assert_int_eq (s_run (10, 0, 4, 300, &sink, &report), -1);
    ck_assert (report.broker_lost);
    ck_assert_int_lt (zclock_mono () - started, S_WAIT_MS);
    //  The four documents read were each answered; the rest was not read.
    s_assert_codes (&sink, 4, SUMQ_E_UNAVAILABLE);
}
END_TEST

START_TEST (test_jobs_are_sent_again_after_a_broker_restart)
{
    //  The "first instance" drops every job; after the next status shows a
    //  new instance, the batch sends them again and gets its answers.
    s_start (S_RESTART, 0);
    s_sink_t sink;
    sumq_batch_report_t report;
    ck_assert_int_eq (s_run (5, 0, 8, S_WAIT_MS, &sink, &report), 0);
    s_assert_codes (&sink, 5, "ok");
    ck_assert_int_eq (s_script.submits, 10);
}
END_TEST

START_TEST (test_status_and_its_timeout)
{
    s_start (S_ECHO, 0);
    sumq_client_t *client = sumq_client_new (s_endpoint, NULL);
    sumq_error_t err;
    json_t *status = sumq_client_status (client, S_WAIT_MS, &err);
    ck_assert_ptr_nonnull (status);
    ck_assert_int_eq (json_integer_value (json_object_get (status, "uptime_ms")), 5);
    json_decref (status);
    sumq_client_destroy (&client);
    client = sumq_client_new ("inproc://check_batch.nobody", NULL);
    ck_assert_ptr_null (sumq_client_status (client, 100, &err));
    ck_assert_str_eq (err.code, SUMQ_E_UNAVAILABLE);
    sumq_client_destroy (&client);
}
END_TEST

START_TEST (test_request_encoding)
{
    sumq_error_t err;
    ck_assert_ptr_null (sumq_request_encode ("x", "caf\xe9", 4, NULL, &err));
    ck_assert_str_eq (err.code, SUMQ_E_INVALID_UTF8);
    json_t *options = json_pack ("{s:i}", "sentences", 2);
    char *body = sumq_request_encode ("x", "Hello.", 6, options, &err);
    json_t *request = json_loads (body, 0, NULL);
    ck_assert_int_eq (json_integer_value (json_object_get (request, "version")), SUMQ_BODY_VERSION);
    ck_assert_str_eq (json_string_value (json_object_get (request, "text")), "Hello.");
    ck_assert (json_equal (json_object_get (request, "options"), options));
    json_decref (request);
    json_decref (options);
    free (body);
    sumq_client_t *client = sumq_client_new ("inproc://check_batch.nobody", NULL);
    ck_assert_int_eq (sumq_client_submit (client, "bad\njob", "{}", 2, &err), -1);
    sumq_client_destroy (&client);
}
END_TEST

START_TEST (test_endpoint_default_order)
{
    unsetenv ("SUMQ_BROKER");
    ck_assert_str_eq (sumq_client_endpoint (NULL), SUMQ_DEFAULT_ENDPOINT);
    setenv ("SUMQ_BROKER", "ipc:///tmp/x", 1);
    ck_assert_str_eq (sumq_client_endpoint (NULL), "ipc:///tmp/x");
    ck_assert_str_eq (sumq_client_endpoint ("tcp://h:1"), "tcp://h:1");
    unsetenv ("SUMQ_BROKER");
}
END_TEST

int
main (void)
{
    Suite *suite = suite_create ("batch");
    TCase *tcase = tcase_create ("client and batch");
    tcase_add_checked_fixture (tcase, NULL, s_teardown);
    tcase_add_test (tcase, test_answers_come_in_input_order);
    tcase_add_test (tcase, test_window_bounds_jobs_in_flight);
    tcase_add_test (tcase, test_busy_is_retried_not_failed);
    tcase_add_test (tcase, test_failed_inputs_keep_their_place);
    tcase_add_test (tcase, test_broker_errors_get_the_document_id);
    tcase_add_test (tcase, test_silent_broker_ends_the_batch);
    tcase_add_test (tcase, test_jobs_are_sent_again_after_a_broker_restart);
    tcase_add_test (tcase, test_status_and_its_timeout);
    tcase_add_test (tcase, test_request_encoding);
    tcase_add_test (tcase, test_endpoint_default_order);
    suite_add_tcase (suite, tcase);
    return suite_run (suite);
}
