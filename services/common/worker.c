#include "worker.h"
#include "sumq_proto.h"
#include "sumq_members.h"
#include "log.h"
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define S_REPORT_MS     10000   //  how often the jobs count is logged (debug)
#define S_LINGER_MS     100     //  time a final DISCONNECT gets to leave
#define S_LABEL_MAX     64      //  bytes of a job or document id in a log line
//  How long answers may wait for the rest of their batch: long enough to
//  share a message under load, short next to a job's time at a worker.
#define S_HOLD_US       2000

struct _sumq_worker_t {
    char *endpoint;
    char *service;
    sumq_worker_handler_fn *handler;
    void *state;
    int heartbeat_ms;
    int liveness;
    zactor_t *engine;           //  the handler's thread
    zsock_t *socket;            //  to the broker; NULL while reconnecting
    sumq_curve_t *curve;        //  keys for each new socket, or NULL: plain
    zpoller_t *poller;          //  while running
    bool last_stage;            //  its outputs go to clients
    int credit;                 //  jobs we take at once
    int held;                   //  jobs with the engine, not yet answered
    int64_t broker_expiry;      //  the broker is gone if silent until then
    int64_t last_sent;          //  a heartbeat is due an interval later
    bool welcomed;              //  the broker has talked on this connection
    int64_t reconnect_at;
    int reconnect_ms;           //  the next wait before reconnecting
    int reconnect_min_ms;
    int reconnect_max_ms;
    uint64_t done;
    uint64_t failed;
    uint64_t reported;          //  done + failed when last logged
    int64_t next_report;
};

//  A frame from the network as log text.
static const char *
s_label (zframe_t *frame, char (*label) [S_LABEL_MAX])
{
    return sumq_printable (zframe_data (frame), zframe_size (frame), *label, sizeof *label);
}


//  --------------------------------------------------------------------------
//  The engine: the handler's thread. It takes [job, body]... on its pipe
//  and returns [job, status, body]... for them; it only reads the
//  worker's fixed settings.

//  String members this long or longer leave a worker in the members frame.
#define S_MEMBER_MIN    128

static bool
s_names_have (const sumq_member_names_t *self, const char *name)
{
    for (size_t index = 0; index < self->count; index++)
        if (streq (self->names [index], name))
            return true;
    return false;
}

//  The output as JSON text. When the output is the input object with
//  members added (every input member is still there, the same value),
//  as a rank stage's is, and input still says what body says (reusable),
//  the input's own text is reused with the new members spliced in before
//  its closing brace: encoding a large document again for a few new
//  fields would cost more than the stage's work. The members in taken
//  came in the members frame, not in the text: one that the output keeps
//  counts as added. NULL when out of memory.
static char *
s_encode (const json_t *input, json_t *output, zframe_t *body, bool reusable, const sumq_member_names_t *taken)
{
    const char *text = (const char *) zframe_data (body);
    size_t size = zframe_size (body);
    while (size && (text [size - 1] == ' ' || text [size - 1] == '\n'
                ||  text [size - 1] == '\r' || text [size - 1] == '\t'))
        size--;
    bool extends = reusable && json_is_object (input) && json_is_object (output)
                && size && text [size - 1] == '}';
    const char *key;
    json_t *value;
    size_t in_text = 0;
    json_object_foreach ((json_t *) input, key, value)
        if (!s_names_have (taken, key)) {
            in_text++;
            if (extends && json_object_get (output, key) != value)
                extends = false;
        }
    if (!extends)
        return json_dumps (output, SUMQ_JSON_FLAGS);
    json_t *added = json_object ();
    json_object_foreach (output, key, value)
        if (added && (!json_object_get (input, key) || s_names_have (taken, key))
        &&  json_object_set (added, key, value) != 0)
            json_decref (added), added = NULL;
    char *added_text = added? json_dumps (added, SUMQ_JSON_FLAGS): NULL;
    json_decref (added);
    if (!added_text)
        return NULL;
    //  added_text is "{...}": its inside goes after the input's last member.
    size_t inside = strlen (added_text) - 2;
    char *spliced = inside? malloc (size + inside + 2): NULL;
    if (spliced) {
        memcpy (spliced, text, size - 1);
        size_t at = size - 1;
        if (in_text)
            spliced [at++] = ',';
        memcpy (spliced + at, added_text + 1, inside);
        at += inside;
        spliced [at++] = '}';
        spliced [at] = '\0';
    }
    free (added_text);
    //  Nothing added: the input is the output, as it came.
    return inside? spliced: strndup (text, size);
}

//  Puts the members of a members frame back into the body they were
//  taken from, noting their names in taken. 0, or -1 with err.
static int
s_engine_take_members (json_t *input, zframe_t *frame, sumq_member_names_t *taken, sumq_error_t *err)
{
    if (!json_is_object (input)) {
        sumq_error_set (err, SUMQ_E_BAD_REQUEST, "a members frame must go with a body that is an object");
        return -1;
    }
    return sumq_members_merge (input, zframe_data (frame), zframe_size (frame), taken, err);
}

//  Moves the long string members of output into a new members frame,
//  noting their names in moved. NULL when out of memory.
static zframe_t *
s_engine_give_members (json_t *output, sumq_member_names_t *moved)
{
    size_t total = 0;
    const char *key;
    json_t *value;
    json_object_foreach (output, key, value)
        if (json_is_string (value) && json_string_length (value) >= S_MEMBER_MIN
        &&  moved->count < SUMQ_MEMBERS_MAX && sumq_members_name_valid (key, strlen (key))) {
            strcpy (moved->names [moved->count++], key);
            total += sumq_members_record_size (key, json_string_length (value));
        }
    zframe_t *frame = zframe_new (NULL, total);
    if (!frame)
        return NULL;
    char *out = (char *) zframe_data (frame);
    for (size_t index = 0; index < moved->count; index++) {
        value = json_object_get (output, moved->names [index]);
        out += sumq_members_write (out, moved->names [index],
                                   json_string_value (value), json_string_length (value));
        json_object_del (output, moved->names [index]);
    }
    return frame;
}

//  Runs one job and appends its answer to replies: [job, status, body],
//  and when members_p is not NULL (JOBT) the answer's members frame. The
//  job frame moves there. With members frames, the long lists of a
//  document (its text, stems, forms, weights) cross no JSON encoder or
//  decoder between the stages.
static void
s_engine_job (sumq_worker_t *self, zframe_t **job_p, zframe_t *body, zframe_t **members_p,
              zmsg_t *replies)
{
    sumq_error_t err;
    sumq_error_set (&err, SUMQ_E_INTERNAL, "the %s stage failed without saying why", self->service);
    json_error_t json_error;
    //  Duplicate names are refused: a reused input text (s_encode) must
    //  not carry a value other than the one the stage read.
    json_t *input = json_loadb ((const char *) zframe_data (body), zframe_size (body),
                                JSON_REJECT_DUPLICATES, &json_error);
    sumq_member_names_t taken = { .count = 0 };
    bool readable = input != NULL;
    if (!input)
        sumq_error_set (&err, SUMQ_E_BAD_REQUEST, "the job body is not JSON: %s", json_error.text);
    else
    if (members_p && zframe_size (*members_p))
        readable = s_engine_take_members (input, *members_p, &taken, &err) == 0;
    json_t *output = readable? self->handler (self->state, input, &err): NULL;
    zframe_t *members_out = NULL;
    bool reusable = true;
    //  The last stage's output goes to clients, which read whole bodies:
    //  moving its members out would only make the broker put them back.
    if (members_p && json_is_object (output) && !self->last_stage) {
        sumq_member_names_t moved = { .count = 0 };
        members_out = s_engine_give_members (output, &moved);
        //  An output that is the input itself may have lost members that
        //  were in the body's text: then the text says more than input.
        for (size_t index = 0; index < moved.count && output == input; index++)
            reusable = reusable && s_names_have (&taken, moved.names [index]);
    }
    char *encoded = output && (members_out || !members_p || self->last_stage)?
                    s_encode (input, output, body, reusable, &taken): NULL;
    if (output && !encoded)
        sumq_error_set (&err, SUMQ_E_INTERNAL, "cannot encode the output of the %s stage", self->service);
    const char *status = encoded? SUMQ_STATUS_OK: SUMQ_STATUS_ERROR;
    if (!encoded) {
        const char *id = json_string_value (json_object_get (input, "id"));
        char job_label [S_LABEL_MAX];
        char id_label [S_LABEL_MAX];
        sumq_log_warn ("job %s (document %s): %s: %s",
                       s_label (*job_p, &job_label),
                       id? sumq_printable (id, strlen (id), id_label, sizeof id_label): "without an id",
                       err.code, err.message);
        encoded = sumq_error_json (id, &err);
        zframe_destroy (&members_out);
    }
    zmsg_append (replies, job_p);
    zmsg_addstr (replies, status);
    //  Only when out of memory is there no text: an empty error body
    //  still ends the job at once instead of at its deadline.
    zmsg_addmem (replies, encoded, encoded? strlen (encoded): 0);
    if (members_p) {
        if (!members_out)
            members_out = zframe_new_empty ();
        zmsg_append (replies, &members_out);
    }
    free (encoded);
    json_decref (output);
    json_decref (input);
}

//  Runs the jobs of a JOB or JOBT message in order and answers them in a
//  REPLY or REPLYT. The answers leave together while the jobs are short;
//  before a much larger one, what is done goes at once.
static void
s_engine_batch (sumq_worker_t *self, zsock_t *pipe, zmsg_t *jobs, bool with_members)
{
    size_t frames = with_members? 3: 2;
    size_t answer_frames = with_members? 4: 3;
    zmsg_t *replies = NULL;
    int64_t first_done = 0;
    while (zmsg_size (jobs) >= frames) {
        zframe_t *job = zmsg_pop (jobs);
        zframe_t *body = zmsg_pop (jobs);
        zframe_t *members = with_members? zmsg_pop (jobs): NULL;
        if (!replies) {
            replies = zmsg_new ();
            zmsg_addstr (replies, with_members? SUMQ_CMD_REPLY_MEMBERS: SUMQ_CMD_REPLY);
        }
        int64_t started = zclock_usecs ();
        size_t size = zframe_size (body) + (members? zframe_size (members): 0);
        s_engine_job (self, &job, body, with_members? &members: NULL, replies);
        zframe_destroy (&body);
        zframe_destroy (&members);
        int64_t now = zclock_usecs ();
        if (zmsg_size (replies) == 1 + answer_frames)
            first_done = now;
        //  The answers wait for the next job only if it should end within
        //  S_HOLD_US of the first answer, taking time in proportion to
        //  its size, as the analysis does.
        zmsg_first (jobs);
        zframe_t *next_body = zmsg_next (jobs);
        zframe_t *next_members = with_members? zmsg_next (jobs): NULL;
        size_t next_size = next_body? zframe_size (next_body) + (next_members? zframe_size (next_members): 0): 0;
        if (!next_body
        ||  now - first_done + (double) (now - started) * (double) next_size
                                                         / (double) (size? size: 1) > S_HOLD_US)
            zmsg_send (&replies, pipe);
    }
}

static void
s_engine (zsock_t *pipe, void *args)
{
    sumq_worker_t *self = args;
    zsock_signal (pipe, 0);
    while (true) {
        //  [JOB or JOBT, jobs...]; "$TERM" ends it.
        zmsg_t *msg = zmsg_recv (pipe);
        char *command = msg? zmsg_popstr (msg): NULL;
        bool jobs = command && (streq (command, SUMQ_CMD_JOB) || streq (command, SUMQ_CMD_JOB_MEMBERS));
        if (jobs)
            s_engine_batch (self, pipe, msg, streq (command, SUMQ_CMD_JOB_MEMBERS));
        zstr_free (&command);
        zmsg_destroy (&msg);
        if (!jobs)
            break;
    }
}


//  --------------------------------------------------------------------------
//  Construction

sumq_worker_t *
sumq_worker_new (const char *endpoint, const char *service,
                 sumq_worker_handler_fn *handler, void *state,
                 int heartbeat_ms, int liveness, sumq_error_t *err)
{
    if (!endpoint || sumq_service_index (service) < 0 || !handler
    ||  heartbeat_ms < 1 || liveness < 1) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "worker settings out of range");
        return NULL;
    }
    sumq_worker_t *self = calloc (1, sizeof *self);
    if (!self) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "out of memory");
        return NULL;
    }
    self->endpoint = strdup (endpoint);
    self->service = strdup (service);
    self->handler = handler;
    self->state = state;
    self->heartbeat_ms = heartbeat_ms;
    self->liveness = liveness;
    self->reconnect_min_ms = SUMQ_RECONNECT_MIN_MS;
    self->credit = SUMQ_CREDIT_DEFAULT;
    self->last_stage = sumq_service_index (service) == SUMQ_SERVICE_COUNT - 1;
    self->reconnect_max_ms = SUMQ_RECONNECT_MAX_MS;
    if (self->endpoint && self->service)
        self->engine = zactor_new (s_engine, self);
    if (!self->engine) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "cannot start the %s worker's thread", service);
        sumq_worker_destroy (&self);
    }
    return self;
}

void
sumq_worker_set_reconnect (sumq_worker_t *self, int min_ms, int max_ms)
{
    self->reconnect_min_ms = min_ms > 0? min_ms: 1;
    self->reconnect_max_ms = max_ms > self->reconnect_min_ms? max_ms: self->reconnect_min_ms;
}

void
sumq_worker_set_credit (sumq_worker_t *self, int credit)
{
    self->credit = credit < 1? 1: credit > SUMQ_CREDIT_MAX? SUMQ_CREDIT_MAX: credit;
}

void
sumq_worker_set_curve (sumq_worker_t *self, sumq_curve_t *curve)
{
    self->curve = curve;
}

void
sumq_worker_destroy (sumq_worker_t **self_p)
{
    if (*self_p) {
        sumq_worker_t *self = *self_p;
        zactor_destroy (&self->engine);
        zsock_destroy (&self->socket);
        free (self->endpoint);
        free (self->service);
        free (self);
        *self_p = NULL;
    }
}


//  --------------------------------------------------------------------------
//  The connection to the broker

//  Never blocks: with no broker to take it, a message is dropped, and
//  heartbeat expiry notices the broker is gone.
static void
s_send (sumq_worker_t *self, zmsg_t **msg_p)
{
    if (zmsg_send (msg_p, self->socket) != 0)
        sumq_log_debug ("could not send to %s: %s", self->endpoint, zmq_strerror (zmq_errno ()));
    zmsg_destroy (msg_p);
    self->last_sent = zclock_mono ();
}

static void
s_send_command (sumq_worker_t *self, const char *command, const char *argument)
{
    zmsg_t *msg = zmsg_new ();
    zmsg_addstr (msg, SUMQ_PROTO_WORKER);
    zmsg_addstr (msg, command);
    if (argument)
        zmsg_addstr (msg, argument);
    s_send (self, &msg);
}

static int
s_connect (sumq_worker_t *self, int64_t now)
{
    self->socket = zsock_new (ZMQ_DEALER);
    if (!self->socket) {
        sumq_log_error ("cannot create a socket");
        return -1;
    }
    zsock_set_sndtimeo (self->socket, 0);
    zsock_set_linger (self->socket, S_LINGER_MS);
    if (self->curve)
        sumq_curve_apply (self->curve, self->socket);
    if (zsock_connect (self->socket, "%s", self->endpoint) != 0) {
        sumq_log_error ("cannot connect to %s: %s", self->endpoint, zmq_strerror (zmq_errno ()));
        zsock_destroy (&self->socket);
        return -1;
    }
    zpoller_add (self->poller, self->socket);
    self->welcomed = false;
    self->broker_expiry = now + (int64_t) self->liveness * self->heartbeat_ms;
    char credit [16];
    snprintf (credit, sizeof credit, "%d", self->credit);
    zmsg_t *ready = zmsg_new ();
    zmsg_addstr (ready, SUMQ_PROTO_WORKER);
    zmsg_addstr (ready, SUMQ_CMD_READY);
    zmsg_addstr (ready, self->service);
    zmsg_addstr (ready, credit);
    zmsg_addstr (ready, SUMQ_FEATURE_MEMBERS);
    s_send (self, &ready);
    sumq_log_info ("connected to %s as a %s worker", self->endpoint, self->service);
    return 0;
}

static void
s_close (sumq_worker_t *self)
{
    if (self->socket) {
        zpoller_remove (self->poller, self->socket);
        zsock_destroy (&self->socket);
    }
}

//  Drops the connection and schedules the next one, on a new socket
//  rather than by ZeroMQ's own reconnect, so that the broker sees a new
//  peer that registers with READY. Unless at_once, the wait doubles each
//  time until a broker talks to us again.
static void
s_lose_broker (sumq_worker_t *self, int64_t now, bool at_once, const char *why)
{
    int wait = at_once? 0: self->reconnect_ms;
    sumq_log_warn ("%s; reconnecting to %s in %d ms%s", why, self->endpoint, wait,
                   self->held? ", once the jobs in progress are over": "");
    s_close (self);
    self->reconnect_at = now + wait;
    if (!at_once)
        self->reconnect_ms = self->reconnect_ms > self->reconnect_max_ms / 2?
                             self->reconnect_max_ms: 2 * self->reconnect_ms;
}

//  The broker talks to us: the connection works.
static void
s_welcome (sumq_worker_t *self)
{
    self->welcomed = true;
    self->reconnect_ms = self->reconnect_min_ms;
}

static void
s_broker_message (sumq_worker_t *self)
{
    zmsg_t *msg = zmsg_recv (self->socket);
    if (!msg)
        return;
    int64_t now = zclock_mono ();
    self->broker_expiry = now + (int64_t) self->liveness * self->heartbeat_ms;
    zframe_t *protocol = zmsg_pop (msg);
    zframe_t *command = zmsg_pop (msg);
    char label [S_LABEL_MAX];
    if (!command || !zframe_streq (protocol, SUMQ_PROTO_WORKER))
        sumq_log_warn ("dropped a message from %s that is not %s", self->endpoint, SUMQ_PROTO_WORKER);
    else
    if (zframe_streq (command, SUMQ_CMD_HEARTBEAT))
        s_welcome (self);
    else
    if ((zframe_streq (command, SUMQ_CMD_JOB) && zmsg_size (msg) >= 2 && zmsg_size (msg) % 2 == 0)
    ||  (zframe_streq (command, SUMQ_CMD_JOB_MEMBERS) && zmsg_size (msg) >= 3 && zmsg_size (msg) % 3 == 0)) {
        s_welcome (self);
        int jobs = (int) zmsg_size (msg) / (zframe_streq (command, SUMQ_CMD_JOB)? 2: 3);
        //  The broker never sends more than the credit; if it did, the
        //  extra jobs reach their deadline there.
        if (self->held + jobs > self->credit)
            sumq_log_warn ("dropped %d jobs from job %s on: %d held already, credit %d",
                           jobs, s_label (zmsg_first (msg), &label), self->held, self->credit);
        else
        if (zmsg_prepend (msg, &command) == 0 && zmsg_send (&msg, self->engine) == 0)
            self->held += jobs;
        else
            sumq_log_error ("cannot hand jobs to the %s thread", self->service);
    }
    else
    if (zframe_streq (command, SUMQ_CMD_DISCONNECT))
        s_lose_broker (self, now, self->welcomed, "the broker asked us to register again");
    else
        sumq_log_warn ("dropped command '%s' with %zu frames from %s",
                       s_label (command, &label),
                       zmsg_size (msg), self->endpoint);
    zframe_destroy (&protocol);
    zframe_destroy (&command);
    zmsg_destroy (&msg);
}

static void
s_engine_reply (sumq_worker_t *self)
{
    //  [REPLY, job, status, body]... or [REPLYT, job, status, body, members]...
    zmsg_t *reply = zmsg_recv (self->engine);
    if (!reply)
        return;
    int frames = zframe_streq (zmsg_first (reply), SUMQ_CMD_REPLY)? 3: 4;
    int answers = ((int) zmsg_size (reply) - 1) / frames;
    for (int answer = 0; answer < answers; answer++) {
        zmsg_next (reply);                      //  the job
        self->held--;
        if (zframe_streq (zmsg_next (reply), SUMQ_STATUS_OK))
            self->done++;
        else
            self->failed++;
        for (int rest = 2; rest < frames; rest++)
            zmsg_next (reply);                  //  the body, the members
    }
    if (self->socket) {
        zmsg_pushstr (reply, SUMQ_PROTO_WORKER);
        s_send (self, &reply);
    }
    else {
        //  The broker these jobs came from has requeued them or is gone.
        char label [S_LABEL_MAX];
        zmsg_first (reply);
        sumq_log_info ("dropped the results of %d jobs from job %s on: the broker was lost while they ran",
                       answers, s_label (zmsg_next (reply), &label));
        zmsg_destroy (&reply);
    }
}


//  --------------------------------------------------------------------------
//  The run loop

static void
s_report (sumq_worker_t *self, int64_t now)
{
    if (now < self->next_report)
        return;
    if (self->done + self->failed != self->reported) {
        sumq_log_debug ("%" PRIu64 " jobs done, %" PRIu64 " failed", self->done, self->failed);
        self->reported = self->done + self->failed;
    }
    self->next_report = now + S_REPORT_MS;
}

//  Milliseconds until the next timer is due, at most one interval.
static int
s_wait (sumq_worker_t *self, int64_t now)
{
    int64_t until = now + self->heartbeat_ms;
    if (self->socket) {
        if (until > self->last_sent + self->heartbeat_ms)
            until = self->last_sent + self->heartbeat_ms;
        if (until > self->broker_expiry)
            until = self->broker_expiry;
    }
    else
    if (!self->held && until > self->reconnect_at)
        until = self->reconnect_at;
    if (until > self->next_report)
        until = self->next_report;
    return until > now? (int) (until - now): 0;
}

int
sumq_worker_run (sumq_worker_t *self, zsock_t *pipe)
{
    self->poller = zpoller_new (self->engine, pipe, NULL);
    if (!self->poller)
        return -1;
    int rc = 0;
    bool stop = false;
    int64_t now = zclock_mono ();
    self->reconnect_at = now;
    self->reconnect_ms = self->reconnect_min_ms;
    self->next_report = now + S_REPORT_MS;
    while (!stop && !zsys_interrupted) {
        now = zclock_mono ();
        //  Not while a job runs: its result would go to a broker that
        //  never gave it; it is dropped when it comes.
        if (!self->socket && !self->held && now >= self->reconnect_at
        &&  s_connect (self, now) != 0) {
            rc = -1;
            break;
        }
        if (self->socket && now >= self->broker_expiry) {
            char why [64];
            snprintf (why, sizeof why, "the broker has been silent for %d ms",
                      self->liveness * self->heartbeat_ms);
            s_lose_broker (self, now, false, why);
        }
        else
        if (self->socket && now >= self->last_sent + self->heartbeat_ms)
            s_send_command (self, SUMQ_CMD_HEARTBEAT, NULL);
        s_report (self, now);

        void *which = zpoller_wait (self->poller, s_wait (self, now));
        if (which && which == self->socket)
            s_broker_message (self);
        else
        if (which == self->engine)
            s_engine_reply (self);
        else
        if (which && which == pipe) {
            //  "$TERM", the only command an actor gets.
            zmsg_t *command = zmsg_recv (pipe);
            zmsg_destroy (&command);
            stop = true;
        }
        else
        if (zpoller_terminated (self->poller)) {
            if (!zsys_interrupted) {
                sumq_log_error ("polling failed: %s", zmq_strerror (zmq_errno ()));
                rc = -1;
            }
            break;
        }
    }
    if (self->socket)
        s_send_command (self, SUMQ_CMD_DISCONNECT, NULL);
    sumq_log_info ("stopping: %" PRIu64 " jobs done, %" PRIu64 " failed", self->done, self->failed);
    s_close (self);
    zpoller_destroy (&self->poller);
    return rc;
}
