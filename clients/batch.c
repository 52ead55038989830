#include "batch.h"
#include "sumq_error.h"
#include "sumq_proto.h"
#include "log.h"
#include <czmq.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

//  The pause before a document answered "busy" goes out again: 50 ms,
//  doubling up to 1 s, as the Python and Node clients wait (README,
//  "Integrating").
#define S_BUSY_BACKOFF_MIN_MS   50
#define S_BUSY_BACKOFF_MAX_MS   1000
//  With jobs out and the broker quiet this long, ask for its status: a
//  new broker instance (a restart) has lost the jobs it had in memory.
#define S_PING_MS               1000

//  One document between being read and being handed to the sink.
typedef struct {
    char *id;
    char *job;              //  given by the source, or NULL: prefix + seq
    char *body;             //  kept until answered: a busy answer resends it
    size_t size;
    char *result;           //  answer: result text, or
    size_t result_size;
    json_t *error;          //  answer: error object
    bool done;
    bool in_flight;
    int64_t retry_at;       //  when a busy document goes out again
    int backoff_ms;
} s_slot_t;

typedef struct {
    sumq_client_t *client;
    const char *command;
    s_slot_t *slots;        //  ring of `window` slots, indexed by seq
    size_t window;
    size_t base;            //  oldest document not yet given to the sink
    size_t next;            //  seq of the next document read
    size_t in_flight;
    char prefix [80];       //  job ids are "<prefix><seq>"
    char instance [64];     //  the broker's, from its last status
    int64_t last_ping;
} s_batch_t;

json_t *
sumq_batch_error (const char *id, const char *code, const char *message)
{
    return json_pack ("{s:s?, s:{s:s, s:s}}", "id", id, "error",
                      "code", code, "message", message);
}

static s_slot_t *
s_slot (s_batch_t *self, size_t seq)
{
    return &self->slots [seq % self->window];
}

static void
s_slot_fail (s_slot_t *slot, const char *code, const char *message)
{
    slot->error = sumq_batch_error (slot->id, code, message);
    slot->done = true;
}

//  The job id of a slot, in buffer (at least SUMQ_MAX_JOB_ID + 1 bytes).
static const char *
s_job_id (s_batch_t *self, size_t seq, char *buffer, size_t size)
{
    s_slot_t *slot = s_slot (self, seq);
    if (slot->job)
        return slot->job;
    snprintf (buffer, size, "%s%zu", self->prefix, seq);
    return buffer;
}

static int
s_transmit (s_batch_t *self, size_t seq, sumq_error_t *err)
{
    char buffer [SUMQ_MAX_JOB_ID + 1];
    s_slot_t *slot = s_slot (self, seq);
    return sumq_client_send (self->client, self->command, s_job_id (self, seq, buffer, sizeof buffer),
                             slot->body, slot->size, err);
}

static void
s_send (s_batch_t *self, size_t seq)
{
    s_slot_t *slot = s_slot (self, seq);
    sumq_error_t err;
    if (s_transmit (self, seq, &err) == 0) {
        slot->in_flight = true;
        slot->retry_at = 0;
        self->in_flight++;
    }
    else
        s_slot_fail (slot, err.code, err.message);
}

//  The error body of a broker or worker, made to carry the document's id
//  (the broker never reads bodies, so its own errors come without one).
static json_t *
s_error_from_body (const char *id, const char *body)
{
    json_t *error = json_loads (body, 0, NULL);
    json_t *inner = error? json_object_get (error, "error"): NULL;
    if (!json_is_object (inner)
    ||  !json_is_string (json_object_get (inner, "code"))) {
        json_decref (error);
        return sumq_batch_error (id, SUMQ_E_INTERNAL, "the broker sent an unreadable error");
    }
    if (!json_is_string (json_object_get (error, "id")))
        json_object_set_new (error, "id", json_string (id));
    return error;
}

static void
s_ping (s_batch_t *self)
{
    self->last_ping = zclock_mono ();
    sumq_client_send (self->client, SUMQ_CMD_STATUS, NULL, NULL, 0, NULL);
}

//  Sends every unanswered job again, under the same id: the broker
//  answers each id once, so a job it still has is not run twice.
static void
s_resend_in_flight (s_batch_t *self)
{
    for (size_t seq = self->base; seq < self->next; seq++)
        if (s_slot (self, seq)->in_flight)
            s_transmit (self, seq, NULL);
}

static void
s_handle_status (s_batch_t *self, const char *body)
{
    json_t *status = json_loads (body, 0, NULL);
    const char *instance = json_string_value (json_object_get (status, "instance"));
    if (instance) {
        if (*self->instance && strcmp (instance, self->instance) && self->in_flight) {
            sumq_log_warn ("the broker restarted; sending its %zu unanswered jobs again", self->in_flight);
            s_resend_in_flight (self);
        }
        snprintf (self->instance, sizeof self->instance, "%s", instance);
    }
    json_decref (status);
}

//  The slot a reply answers: one in flight whose job id it names. Ids
//  made here carry the slot's seq; ids the source gave are searched for
//  (a window holds few enough for that).
static bool
s_find (s_batch_t *self, const char *job, size_t *seq)
{
    char buffer [SUMQ_MAX_JOB_ID + 1];
    size_t plen = strlen (self->prefix);
    if (strncmp (job, self->prefix, plen) == 0) {
        char *end;
        uintmax_t n = strtoumax (job + plen, &end, 10);
        if (!*end && n >= self->base && n < self->next) {
            *seq = n;
            return s_slot (self, n)->in_flight;
        }
    }
    for (size_t n = self->base; n < self->next; n++)
        if (s_slot (self, n)->in_flight && streq (s_job_id (self, n, buffer, sizeof buffer), job)) {
            *seq = n;
            return true;
        }
    return false;
}

static void
s_handle_reply (s_batch_t *self, sumq_reply_t *reply)
{
    if (reply->kind == SUMQ_REPLY_STATUS) {
        s_handle_status (self, reply->body);
        return;
    }
    size_t seq;
    if (!s_find (self, reply->job, &seq))
        return;             //  not ours, or a stale duplicate
    s_slot_t *slot = s_slot (self, seq);
    slot->in_flight = false;
    self->in_flight--;
    if (reply->kind == SUMQ_REPLY_ACCEPTED) {
        json_t *answer = json_pack ("{s:s, s:s}", "id", slot->id, "job", reply->job);
        slot->result = json_dumps (answer, SUMQ_JSON_FLAGS);
        slot->result_size = slot->result? strlen (slot->result): 0;
        json_decref (answer);
        slot->done = true;
        return;
    }
    if (reply->kind == SUMQ_REPLY_PENDING || reply->kind == SUMQ_REPLY_UNKNOWN) {
        bool pending = reply->kind == SUMQ_REPLY_PENDING;
        s_slot_fail (slot, pending? SUMQ_E_PENDING: SUMQ_E_UNKNOWN_JOB,
                     pending? "the job is not done yet": "the broker has no job of this id");
        return;
    }
    if (reply->ok) {
        slot->result = reply->body;
        slot->result_size = reply->size;
        reply->body = NULL;
        slot->done = true;
        return;
    }
    json_t *error = s_error_from_body (slot->id, reply->body);
    const char *code = json_string_value (json_object_get (json_object_get (error, "error"), "code"));
    if (code && streq (code, SUMQ_E_BUSY)) {
        //  The broker's queue is full: slow down rather than fail.
        json_decref (error);
        slot->backoff_ms = slot->backoff_ms? slot->backoff_ms * 2: S_BUSY_BACKOFF_MIN_MS;
        if (slot->backoff_ms > S_BUSY_BACKOFF_MAX_MS)
            slot->backoff_ms = S_BUSY_BACKOFF_MAX_MS;
        //  Jitter of +-20 %: documents refused together should not all
        //  come back together.
        slot->retry_at = zclock_mono () + slot->backoff_ms * 4 / 5 + randof (slot->backoff_ms * 2 / 5 + 1);
        return;
    }
    slot->error = error;
    slot->done = true;
}

static void
s_slot_clear (s_slot_t *slot)
{
    free (slot->id);
    free (slot->job);
    free (slot->body);
    free (slot->result);
    json_decref (slot->error);
    memset (slot, 0, sizeof *slot);
}

//  Hands finished documents at the head of the order to the sink.
static void
s_flush (s_batch_t *self, sumq_batch_sink_fn *sink_fn, sumq_batch_progress_fn *progress_fn,
         void *sink, bool input_done, sumq_batch_report_t *report)
{
    while (self->base < self->next && s_slot (self, self->base)->done) {
        s_slot_t *slot = s_slot (self, self->base);
        sink_fn (sink, self->base, slot->error == NULL, slot->result, slot->result_size, slot->error);
        report->documents++;
        if (slot->error)
            report->failed++;
        s_slot_clear (slot);
        self->base++;
        if (progress_fn)
            progress_fn (sink, self->base, self->next, input_done);
    }
}

//  Resends busy documents that are due; returns ms until the next one is.
static int
s_resend_due (s_batch_t *self, int cap_ms)
{
    int64_t now = zclock_mono ();
    int wait = cap_ms;
    for (size_t seq = self->base; seq < self->next; seq++) {
        s_slot_t *slot = s_slot (self, seq);
        if (slot->done || slot->in_flight || !slot->retry_at)
            continue;
        if (slot->retry_at <= now)
            s_send (self, seq);
        else
        if (slot->retry_at - now < wait)
            wait = (int) (slot->retry_at - now);
    }
    return wait;
}

int
sumq_batch_run (sumq_client_t *client, const sumq_batch_config_t *config,
                sumq_batch_source_fn *source_fn, void *source,
                sumq_batch_sink_fn *sink_fn, sumq_batch_progress_fn *progress_fn,
                void *sink, sumq_batch_report_t *report)
{
    memset (report, 0, sizeof *report);
    s_batch_t self = { .client = client, .window = config->window > 0? config->window: 1,
                       .command = config->command? config->command: SUMQ_CMD_SUBMIT };
    self.slots = calloc (self.window, sizeof (s_slot_t));
    if (!self.slots)
        return -1;
    sumq_client_job_prefix (self.prefix, sizeof self.prefix);
    //  Learn the broker's instance before it can restart under us.
    s_ping (&self);
    bool input_done = false;
    int64_t last_answer = zclock_mono ();
    while (true) {
        while (!input_done && self.next - self.base < self.window) {
            sumq_batch_item_t item = { 0 };
            int rc = source_fn (source, &item);
            if (rc <= 0) {
                input_done = true;
                report->input_error = rc < 0;
                break;
            }
            if (self.in_flight == 0)
                last_answer = zclock_mono ();
            s_slot_t *slot = s_slot (&self, self.next);
            slot->id = item.id;
            slot->job = item.job;
            slot->body = item.body;
            slot->size = item.size;
            slot->error = item.error;
            slot->done = item.error != NULL;
            if (!slot->done)
                s_send (&self, self.next);
            self.next++;
        }
        s_flush (&self, sink_fn, progress_fn, sink, input_done, report);
        if (input_done && self.base == self.next)
            break;
        int wait = s_resend_due (&self, config->timeout_ms);
        if (self.in_flight == 0 && wait == config->timeout_ms)
            continue;       //  nothing out: the next round reads or flushes
        if (self.in_flight > 0) {
            int64_t now = zclock_mono ();
            if (now - last_answer >= S_PING_MS && now - self.last_ping >= S_PING_MS)
                s_ping (&self);
            if (wait > S_PING_MS)
                wait = S_PING_MS;
        }
        sumq_reply_t reply;
        int rc = sumq_client_recv (client, wait, &reply);
        if (rc < 0) {
            report->interrupted = true;
            break;
        }
        if (rc > 0) {
            last_answer = zclock_mono ();
            s_handle_reply (&self, &reply);
            sumq_reply_clear (&reply);
        }
        else
        if (self.in_flight > 0 && zclock_mono () - last_answer >= config->timeout_ms) {
            report->broker_lost = true;
            break;
        }
    }
    if (report->broker_lost || report->interrupted) {
        //  Every document read gets its answer, even when the answer is that
        //  there was none; the rest of the input is not read.
        for (size_t seq = self.base; seq < self.next; seq++) {
            s_slot_t *slot = s_slot (&self, seq);
            if (!slot->done)
                s_slot_fail (slot, report->interrupted? SUMQ_E_INTERNAL: SUMQ_E_UNAVAILABLE,
                             report->interrupted? "interrupted before the answer came"
                                                : "no answer from the broker within the timeout");
        }
        s_flush (&self, sink_fn, progress_fn, sink, true, report);
    }
    free (self.slots);
    return report->broker_lost || report->interrupted || report->input_error? -1: 0;
}
