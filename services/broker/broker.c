#include "broker.h"
#include "latency.h"
#include "store.h"
#include "sumq_proto.h"
#include "sumq_members.h"
#include "log.h"
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define S_ROUTING_ID_MAX    255     //  bytes in a ZeroMQ routing id
#define S_KEY_MAX           (2 * S_ROUTING_ID_MAX + 1)
#define S_LABEL_MAX         40      //  bytes of a bad frame quoted in a log line
//  JSON escaping can make a document's text six times longer (\u00XX);
//  the slack covers the request's other fields.
#define S_ESCAPE_FACTOR     6
#define S_BODY_SLACK        (64 * 1024)
//  A parsed document is larger than its text: frames between stages may
//  be this many times the text limit (SUMQ_MAX_FRAME at the default).
#define S_STAGE_GROWTH      (SUMQ_MAX_FRAME / SUMQ_DEFAULT_MAX_DOC)
//  Messages handled per wake-up before timers are looked at again.
#define S_BATCH             256
//  A client gets one RESULT per accepted job; the send queue to it must
//  hold them all (plus rejections) so a slow reader loses nothing.
#define S_SNDHWM_MARGIN     1000
//  Per-peer inbound queue: a client that floods SUBMITs is slowed down by
//  TCP back-pressure instead of growing the broker's memory.
#define S_RCVHWM            1000
//  How often the store forgets answers older than --keep.
#define S_PRUNE_INTERVAL_MS (60 * 1000)
//  How long DISCONNECTs may take to leave at shutdown.
#define S_LINGER_MS         200
//  The span over which a service's throughput is measured.
#define S_RATE_SPAN_US      (10 * 1000 * 1000)
#define S_RATE_MIN_SPAN_US  (1000 * 1000)

typedef struct _job_t job_t;
typedef struct _worker_t worker_t;

typedef struct {
    const char *name;
    zlistx_t *queue;            //  waiting jobs, next first
    //  Workers with room for another job, longest waiting first.
    zlistx_t *ready;
    size_t workers;
    uint64_t done;              //  jobs this stage completed
    uint64_t failed;            //  jobs that ended in an error at this stage
    sumq_latency_t *latency;    //  recent jobs' time at a worker: p50, p99, rate
} service_t;

struct _job_t {
    char id [24];               //  our id, in decimal: the JOB frame
    char *key;                  //  the client's job id as a string: jobs' key
    //  Routing ids of the clients to send the RESULT to: the one that
    //  submitted it, others that sent it again or WAIT for it; none for
    //  an ENQUEUEd or recovered job, whose answer only the store keeps.
    zlistx_t *waiters;
    zframe_t *client_job;       //  the client's job id, echoed in RESULT
    zframe_t *body;             //  input of the current stage
    //  The members frame that goes with body (JOBT/REPLYT,
    //  sumq_members.h), or NULL: body is whole.
    zframe_t *members;
    int stage;                  //  index into sumq_services and services
    int attempts;               //  workers lost while running this job
    int64_t deadline;
    void *jobs_handle;          //  in self->jobs
    void *queue_handle;         //  in its service's queue while waiting
    worker_t *worker;           //  the worker running it, if any
    int64_t dispatched_us;      //  when its current worker got it
};

//  A job a worker holds: sent, and not replied to yet. The id stays when
//  the job times out (job is NULL then), so its late reply is known.
typedef struct {
    char id [24];
    job_t *job;
} held_t;

struct _worker_t {
    char key [S_KEY_MAX];       //  routing id in hex: hash key, log name
    zframe_t *routing_id;
    service_t *service;
    //  In the order they were sent, which is the order the worker runs
    //  them in: the first is the one in progress.
    held_t held [SUMQ_CREDIT_MAX];
    int holding;                //  entries of held in use
    int credit;                 //  how many jobs it takes at once (READY)
    bool members_frames;        //  takes JOBT: long members in a frame of their own
    void *ready_handle;         //  in service->ready while holding < credit
    int64_t expiry;             //  dead if silent until then
    int64_t last_seen;          //  when it last sent anything
    uint64_t jobs;              //  jobs it completed (ok or error REPLY)
    char address [64];          //  as ZeroMQ tells it (the IP on tcp://), for stats
};

struct _sumq_broker_t {
    sumq_broker_config_t config;
    zsock_t *router;
    sumq_curve_t *curve;        //  NULL: plain connections
    char *endpoint;             //  bound last, wildcard port resolved
    size_t max_body;            //  bytes in a SUBMIT body frame
    zhashx_t *workers;          //  worker key -> worker_t
    zhashx_t *client_jobs;      //  client job id -> job_t: one job per id
    sumq_store_t *store;        //  NULL: jobs are kept in memory only
    int64_t keep_ms;            //  how long the store keeps answers
    int64_t next_prune;
    //  With a store, answers wait here for the commit that makes what
    //  they acknowledge durable: one commit per batch of messages.
    zlistx_t *outbox;
    char instance [20];         //  new at each start: clients see restarts
    //  Accepted, unfinished jobs, oldest first. Every job gets the same
    //  timeout, so this is also deadline order: expiry looks at the head.
    zlistx_t *jobs;
    service_t services [SUMQ_SERVICE_COUNT];
    uint64_t last_job;          //  our job ids count up from 1
    uint64_t jobs_done;
    uint64_t jobs_failed;
    int64_t started;
    int64_t now;                //  monotonic ms, refreshed per message
    sumq_metrics_t *metrics;    //  NULL: no HTTP metrics
};


void
sumq_broker_config_defaults (sumq_broker_config_t *config)
{
    config->heartbeat_ms = SUMQ_HEARTBEAT_MS;
    config->liveness = SUMQ_LIVENESS;
    config->job_timeout_ms = SUMQ_BROKER_JOB_TIMEOUT_MS;
    config->max_attempts = SUMQ_BROKER_MAX_ATTEMPTS;
    config->max_queue = SUMQ_BROKER_MAX_QUEUE;
    config->max_doc = SUMQ_DEFAULT_MAX_DOC;
}

static void
s_job_free (job_t *job)
{
    zlistx_destroy (&job->waiters);
    zframe_destroy (&job->client_job);
    zframe_destroy (&job->body);
    zframe_destroy (&job->members);
    free (job->key);
    free (job);
}

static void
s_worker_free (worker_t *worker)
{
    zframe_destroy (&worker->routing_id);
    free (worker);
}

//  Keys are owned by the jobs and workers they index, so the hash
//  neither copies nor frees them.
static zhashx_t *
s_index_new (void)
{
    zhashx_t *index = zhashx_new ();
    if (index) {
        zhashx_set_key_duplicator (index, NULL);
        zhashx_set_key_destructor (index, NULL);
    }
    return index;
}

sumq_broker_t *
sumq_broker_new (const sumq_broker_config_t *config, sumq_error_t *err)
{
    if (config->heartbeat_ms < 1 || config->liveness < 1 || config->job_timeout_ms < 1
    ||  config->max_attempts < 1 || config->max_queue < 1 || config->max_queue > SUMQ_BROKER_MAX_QUEUE_LIMIT
    ||  config->max_doc < 1 || config->max_doc > SUMQ_BROKER_MAX_DOC_LIMIT) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "broker settings out of range");
        return NULL;
    }
    sumq_broker_t *self = calloc (1, sizeof *self);
    if (!self) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "out of memory");
        return NULL;
    }
    self->config = *config;
    self->max_body = S_ESCAPE_FACTOR * config->max_doc + S_BODY_SLACK;
    self->router = zsock_new (ZMQ_ROUTER);
    self->workers = s_index_new ();
    self->client_jobs = s_index_new ();
    self->jobs = zlistx_new ();
    self->outbox = zlistx_new ();
    if (self->outbox)
        zlistx_set_destructor (self->outbox, (zlistx_destructor_fn *) zmsg_destroy);
    //  A UUID's random bits (czmq reads the system's random source), so a
    //  restarted broker differs from its predecessor: randof () would
    //  give every new process the same sequence.
    zuuid_t *uuid = zuuid_new ();
    if (uuid)
        snprintf (self->instance, sizeof self->instance, "%.16s", zuuid_str (uuid));
    zuuid_destroy (&uuid);
    bool built = self->router && self->workers && self->client_jobs && self->jobs && self->outbox;
    for (int index = 0; index < SUMQ_SERVICE_COUNT; index++) {
        service_t *service = &self->services [index];
        service->name = sumq_services [index];
        service->queue = zlistx_new ();
        service->ready = zlistx_new ();
        service->latency = sumq_latency_new (SUMQ_LATENCY_WINDOW);
        built = built && service->queue && service->ready && service->latency;
    }
    if (!built) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "cannot create the broker's socket or tables");
        sumq_broker_destroy (&self);
        return NULL;
    }
    //  A send to a peer that is gone, or whose queue is full, fails at
    //  once instead of dropping silently or blocking the whole broker.
    zsock_set_router_mandatory (self->router, 1);
    zsock_set_sndtimeo (self->router, 0);
    //  Lets the run loop drain all waiting messages without polling each.
    zsock_set_rcvtimeo (self->router, 0);
    zsock_set_linger (self->router, S_LINGER_MS);
    zsock_set_sndhwm (self->router, (int) config->max_queue + S_SNDHWM_MARGIN);
    zsock_set_rcvhwm (self->router, S_RCVHWM);
    //  A peer sending a larger frame is disconnected by ZeroMQ before the
    //  frame is buffered. The bound is the stage output of the largest
    //  document, and never below SUMQ_MAX_FRAME, which workers may send
    //  whatever this broker's --max-doc.
    int64_t max_frame = (int64_t) (S_STAGE_GROWTH * config->max_doc);
    if (max_frame < SUMQ_MAX_FRAME)
        max_frame = SUMQ_MAX_FRAME;
    zmq_setsockopt (zsock_resolve (self->router), ZMQ_MAXMSGSIZE, &max_frame, sizeof max_frame);
    self->started = zclock_mono ();
    self->now = self->started;
    return self;
}

void
sumq_broker_destroy (sumq_broker_t **self_p)
{
    if (*self_p) {
        sumq_broker_t *self = *self_p;
        if (self->jobs)
            for (job_t *job = zlistx_first (self->jobs); job; job = zlistx_next (self->jobs))
                s_job_free (job);
        if (self->workers)
            for (worker_t *worker = zhashx_first (self->workers); worker;
                 worker = zhashx_next (self->workers))
                s_worker_free (worker);
        for (int index = 0; index < SUMQ_SERVICE_COUNT; index++) {
            zlistx_destroy (&self->services [index].queue);
            zlistx_destroy (&self->services [index].ready);
            sumq_latency_destroy (&self->services [index].latency);
        }
        zlistx_destroy (&self->jobs);
        zlistx_destroy (&self->outbox);
        zhashx_destroy (&self->client_jobs);
        zhashx_destroy (&self->workers);
        zsock_destroy (&self->router);
        free (self->endpoint);
        free (self);
        *self_p = NULL;
    }
}

void
sumq_broker_set_curve (sumq_broker_t *self, sumq_curve_t *curve)
{
    self->curve = curve;
    sumq_curve_apply (curve, self->router);
}

void
sumq_broker_set_metrics (sumq_broker_t *self, sumq_metrics_t *metrics)
{
    self->metrics = metrics;
}

int
sumq_broker_bind (sumq_broker_t *self, const char *endpoint, sumq_error_t *err)
{
    if (!self->curve && !sumq_curve_endpoint_local (endpoint))
        sumq_log_warn ("%s is reachable from other hosts, without CURVE: anyone who can "
                       "connect may submit documents or register as a worker", endpoint);
    if (zsock_bind (self->router, "%s", endpoint) == -1) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "cannot bind %s: %s",
                        endpoint, zmq_strerror (zmq_errno ()));
        return -1;
    }
    free (self->endpoint);
    self->endpoint = zsock_last_endpoint (self->router);
    return 0;
}

const char *
sumq_broker_endpoint (sumq_broker_t *self)
{
    return self->endpoint;
}


//  --------------------------------------------------------------------------
//  Frames as text for keys and log lines

//  A routing id in hex: the key of a peer, and its name in log lines.
static void
s_hex (zframe_t *frame, char *hex, size_t room)
{
    static const char digits [] = "0123456789abcdef";
    const byte *data = zframe_data (frame);
    size_t size = zframe_size (frame);
    if (size > (room - 1) / 2)
        size = (room - 1) / 2;
    for (size_t pos = 0; pos < size; pos++) {
        hex [2 * pos] = digits [data [pos] >> 4];
        hex [2 * pos + 1] = digits [data [pos] & 15];
    }
    hex [2 * size] = 0;
}

//  The start of a frame that may hold anything, safe to put in a log line.
static const char *
s_label (zframe_t *frame, char *label, size_t room)
{
    return sumq_printable (zframe_data (frame), zframe_size (frame), label, room);
}

static bool
s_job_id_valid (zframe_t *frame)
{
    return sumq_job_id_valid ((const char *) zframe_data (frame), zframe_size (frame));
}

//  For "%.*s" with a job id frame, which has been checked to be printable.
#define S_JOB_ARGS(frame) (int) zframe_size (frame), (const char *) zframe_data (frame)


//  --------------------------------------------------------------------------
//  Sending

//  Starts a message to a peer: [routing id, protocol, command], more to
//  follow when more is true. Returns the socket to send the rest on, or
//  NULL when the peer is gone or its queue is full (nothing was sent).
static void *
s_send_head (sumq_broker_t *self, zframe_t *peer, const char *protocol, const char *command, bool more)
{
    if (sumq_log_verbose ()) {
        char hex [S_KEY_MAX];
        s_hex (peer, hex, sizeof hex);
        sumq_log_debug ("to %s: %s %s", hex, protocol, command);
    }
    void *handle = zsock_resolve (self->router);
    if (zframe_send (&peer, handle, ZFRAME_MORE | ZFRAME_REUSE) != 0)
        return NULL;
    //  Past the routing id, ZeroMQ accepts the rest of the message.
    zmq_send (handle, protocol, strlen (protocol), ZMQ_SNDMORE);
    zmq_send (handle, command, strlen (command), more? ZMQ_SNDMORE: 0);
    return handle;
}

//  Sends [routing id, protocol, command, ...] to a peer; picture says what
//  follows: 's' a string, 'f' a frame the caller keeps (it leaves as a
//  reference to the same data, so a body costs no copy and is still there
//  to send again if its worker is lost). Returns -1 when the peer is gone
//  or its queue is full: the broker never waits for one peer.
static int
s_send (sumq_broker_t *self, zframe_t *peer, const char *protocol,
        const char *command, const char *picture, ...)
{
    size_t parts = strlen (picture);
    void *handle = s_send_head (self, peer, protocol, command, parts > 0);
    if (!handle)
        return -1;
    va_list args;
    va_start (args, picture);
    for (size_t part = 0; part < parts; part++) {
        bool more = part + 1 < parts;
        if (picture [part] == 'f') {
            zframe_t *frame = va_arg (args, zframe_t *);
            zframe_send (&frame, handle, ZFRAME_REUSE | (more? ZFRAME_MORE: 0));
        }
        else {
            const char *string = va_arg (args, const char *);
            zmq_send (handle, string, strlen (string), more? ZMQ_SNDMORE: 0);
        }
    }
    va_end (args);
    return 0;
}

//  Answers a client's request with an error RESULT; no job exists for it.
static void
s_reject (sumq_broker_t *self, zframe_t *client, zframe_t *client_job, const sumq_error_t *err)
{
    char hex [S_KEY_MAX];
    s_hex (client, hex, sizeof hex);
    sumq_log_warn ("refused job %.*s of client %s: %s: %s",
                   S_JOB_ARGS (client_job), hex, err->code, err->message);
    char *body = sumq_error_json (NULL, err);
    if (!body || s_send (self, client, SUMQ_PROTO_CLIENT, SUMQ_CMD_RESULT, "fss",
                         client_job, SUMQ_STATUS_ERROR, body) != 0)
        sumq_log_warn ("could not tell client %s that job %.*s was refused",
                       hex, S_JOB_ARGS (client_job));
    free (body);
}


//  --------------------------------------------------------------------------
//  Jobs

//  Unlinks a job from every table and frees it.
static void
s_job_destroy (sumq_broker_t *self, job_t **job_p)
{
    job_t *job = *job_p;
    zlistx_delete (self->jobs, job->jobs_handle);
    zhashx_delete (self->client_jobs, job->key);
    if (job->queue_handle)
        zlistx_delete (self->services [job->stage].queue, job->queue_handle);
    //  A worker still holding it keeps the id: its late reply is dropped.
    if (job->worker)
        for (int index = 0; index < job->worker->holding; index++)
            if (job->worker->held [index].job == job)
                job->worker->held [index].job = NULL;
    s_job_free (job);
    *job_p = NULL;
}

//  Sends a client a reply about a job: command, the job frame, then a
//  status and a body when given. Without a store it goes at once; with
//  one it waits in the outbox for the next commit (s_flush), so that no
//  client is told of a job or an answer a crash could still lose.
static void
s_post (sumq_broker_t *self, zframe_t *client, const char *command, zframe_t *job,
        const char *status, zframe_t *body)
{
    if (!self->store) {
        int rc = status? s_send (self, client, SUMQ_PROTO_CLIENT, command, "fsf", job, status, body)
                       : s_send (self, client, SUMQ_PROTO_CLIENT, command, "f", job);
        if (rc != 0) {
            char hex [S_KEY_MAX];
            s_hex (client, hex, sizeof hex);
            sumq_log_warn ("client %s is gone or not reading: %s of job %.*s dropped",
                           hex, command, S_JOB_ARGS (job));
        }
        return;
    }
    zmsg_t *msg = zmsg_new ();
    zmsg_append (msg, &(zframe_t *) { zframe_dup (client) });
    zmsg_addstr (msg, SUMQ_PROTO_CLIENT);
    zmsg_addstr (msg, command);
    zmsg_append (msg, &(zframe_t *) { zframe_dup (job) });
    if (status) {
        zmsg_addstr (msg, status);
        zmsg_append (msg, &(zframe_t *) { zframe_dup (body) });
    }
    zlistx_add_end (self->outbox, msg);
}

//  Commits what the store holds uncommitted, then sends what waited for
//  it. A failed commit is logged and the replies go all the same: the
//  clients would otherwise wait for answers that exist.
static void
s_flush (sumq_broker_t *self)
{
    if (!self->store)
        return;
    sumq_error_t err;
    if (sumq_store_unflushed (self->store) && sumq_store_flush (self->store, &err) != 0)
        sumq_log_error ("%s", err.message);
    zmsg_t *msg;
    while ((msg = zlistx_detach (self->outbox, NULL)))
        if (zmsg_send (&msg, self->router) != 0) {
            sumq_log_warn ("a client is gone or not reading: a reply was dropped");
            zmsg_destroy (&msg);
        }
}

//  The body with the members of its members frame put back, for a peer
//  that reads whole bodies: a new frame, or NULL when the body is not a
//  JSON object, or the frame is malformed, names a member the body has,
//  or holds a value that is not UTF-8 or has a NUL (a worker broke the
//  protocol). Only workers without members frames need this, and clients
//  when a last stage sent members, so the cost of decoding is rare.
static zframe_t *
s_body_with_members (zframe_t *body, zframe_t *frame)
{
    json_t *whole = json_loadb ((const char *) zframe_data (body), zframe_size (body),
                                JSON_REJECT_DUPLICATES, NULL);
    if (!json_is_object (whole)) {
        json_decref (whole);
        return NULL;
    }
    sumq_error_t err;
    int rc = sumq_members_merge (whole, zframe_data (frame), zframe_size (frame), NULL, &err);
    if (rc)
        sumq_log_warn ("cannot put a members frame back into its body: %s", err.message);
    char *text = rc == 0? json_dumps (whole, SUMQ_JSON_FLAGS): NULL;
    json_decref (whole);
    zframe_t *merged = text? zframe_new (text, strlen (text)): NULL;
    free (text);
    return merged;
}

//  Answers the job to every client waiting for it (the body is the
//  caller's), keeps the answer in the store, and forgets the job.
static void
s_job_end (sumq_broker_t *self, job_t *job, const char *status, zframe_t *body)
{
    bool ok = streq (status, SUMQ_STATUS_OK);
    if (ok)
        self->jobs_done++;
    else {
        self->jobs_failed++;
        self->services [job->stage].failed++;
    }
    sumq_error_t err;
    if (self->store && sumq_store_finish (self->store, job->key, ok, zframe_data (body),
                                          zframe_size (body), &err) != 0)
        sumq_log_error ("the answer of job %s (%s) is not stored: %s", job->id, job->key, err.message);
    for (zframe_t *client = zlistx_first (job->waiters); client; client = zlistx_next (job->waiters))
        s_post (self, client, SUMQ_CMD_RESULT, job->client_job, status, body);
    s_job_destroy (self, &job);
}

//  Ends a job with an error the broker raises itself.
static void
s_job_fail (sumq_broker_t *self, job_t *job, const sumq_error_t *err)
{
    sumq_log_warn ("job %s (%.*s) failed at %s: %s: %s", job->id, S_JOB_ARGS (job->client_job),
                   self->services [job->stage].name, err->code, err->message);
    char *text = sumq_error_json (NULL, err);
    zframe_t *body = text? zframe_new (text, strlen (text)): zframe_new_empty ();
    s_job_end (self, job, SUMQ_STATUS_ERROR, body);
    zframe_destroy (&body);
    free (text);
}


//  --------------------------------------------------------------------------
//  Workers and dispatch

//  Puts a worker with room for another job at the end of the ready list.
static void
s_worker_ready_again (worker_t *worker)
{
    if (!worker->ready_handle && worker->holding < worker->credit)
        worker->ready_handle = zlistx_add_end (worker->service->ready, worker);
}

//  Forgets a worker. The jobs it held go back to the front of its queue,
//  in their order. The first was in progress: when lost says the worker
//  died, it counts against that job, and a job with max_attempts such
//  losses fails, so one poison document cannot take the whole fleet
//  down. The others were only waiting at the worker and are not charged.
//  Callers dispatch afterwards.
static void
s_worker_remove (sumq_broker_t *self, worker_t *worker, bool lost, const char *why)
{
    service_t *service = worker->service;
    if (worker->ready_handle)
        zlistx_delete (service->ready, worker->ready_handle);
    zhashx_delete (self->workers, worker->key);
    service->workers--;
    sumq_log_event (SUMQ_LOG_INFO, "worker_left", (const char *[]) {
                        "worker", worker->key, "service", service->name, "reason", why,
                        "address", worker->address, NULL },
                    "worker %s left %s (%s); %zu %s workers left",
                    worker->key, service->name, why, service->workers, service->name);
    for (int index = worker->holding - 1; index >= 0; index--) {
        job_t *job = worker->held [index].job;
        if (!job)
            continue;
        job->worker = NULL;
        if (lost && index == 0)
            job->attempts++;
        if (job->attempts >= self->config.max_attempts) {
            sumq_error_t err;
            sumq_error_set (&err, SUMQ_E_WORKER_FAILED, "%d %s workers were lost while running this job",
                            job->attempts, service->name);
            s_job_fail (self, job, &err);
        }
        else {
            job->queue_handle = zlistx_add_start (service->queue, job);
            sumq_log_warn ("job %s (%.*s) requeued at the front of %s (workers lost with it: "
                           "%d; it fails at %d)", job->id, S_JOB_ARGS (job->client_job),
                           service->name, job->attempts, self->config.max_attempts);
        }
    }
    s_worker_free (worker);
}

//  Sends a worker up to count jobs from the head of its service's queue
//  in one JOB message: one per worker with credit 1, several at once
//  when it gave more, so that under load one message and one wake-up
//  carry many jobs. Returns -1 when the worker is unreachable: it is
//  removed then, and the jobs, which never left the queue, are not
//  charged for it.
static int
s_worker_send_jobs (sumq_broker_t *self, worker_t *worker, size_t count)
{
    service_t *service = worker->service;
    size_t room = (size_t) (worker->credit - worker->holding);
    if (count > room)
        count = room;
    if (count > zlistx_size (service->queue))
        count = zlistx_size (service->queue);
    if (count == 0)
        return 0;
    const char *command = worker->members_frames? SUMQ_CMD_JOB_MEMBERS: SUMQ_CMD_JOB;
    void *handle = s_send_head (self, worker->routing_id, SUMQ_PROTO_WORKER, command, true);
    if (!handle) {
        s_worker_remove (self, worker, false, "unreachable");
        return -1;
    }
    int64_t now_us = zclock_usecs ();
    for (size_t sent = 0; sent < count; sent++) {
        job_t *job = zlistx_detach (service->queue, NULL);
        job->queue_handle = NULL;
        int more = sent + 1 < count? ZFRAME_MORE: 0;
        zmq_send (handle, job->id, strlen (job->id), ZMQ_SNDMORE);
        //  References to the body and members, not copies: they are
        //  still there to send again if this worker is lost.
        zframe_t *body = job->body;
        zframe_t *members = job->members;
        if (worker->members_frames) {
            zframe_send (&body, handle, ZFRAME_REUSE | ZFRAME_MORE);
            if (members)
                zframe_send (&members, handle, ZFRAME_REUSE | more);
            else
                zmq_send (handle, "", 0, more? ZMQ_SNDMORE: 0);
        }
        else
        if (!members)
            zframe_send (&body, handle, ZFRAME_REUSE | more);
        else {
            //  A worker without members frames reads whole bodies. Members
            //  that do not fit their body give this worker an empty one,
            //  which it answers with bad_request.
            zframe_t *whole = s_body_with_members (body, members);
            if (!whole)
                whole = zframe_new_empty ();
            zframe_send (&whole, handle, more);
        }
        held_t *held = &worker->held [worker->holding++];
        memcpy (held->id, job->id, sizeof held->id);
        held->job = job;
        job->worker = worker;
        job->dispatched_us = now_us;
    }
    if (sumq_log_verbose ())
        sumq_log_debug ("%zu jobs in the %s to %s", count, command, worker->key);
    return 0;
}

//  Hands waiting jobs to workers with room for them: the queue is shared
//  out evenly over the ready workers, longest waiting first, each batch
//  in one message. Called once per batch of incoming messages, so jobs
//  that arrived together leave together.
static void
s_dispatch (sumq_broker_t *self, service_t *service)
{
    while (zlistx_size (service->ready) && zlistx_size (service->queue)) {
        size_t workers = zlistx_size (service->ready);
        size_t share = (zlistx_size (service->queue) + workers - 1) / workers;
        for (size_t turn = 0; turn < workers && zlistx_size (service->queue); turn++) {
            worker_t *worker = zlistx_detach (service->ready, NULL);
            worker->ready_handle = NULL;
            if (s_worker_send_jobs (self, worker, share) == 0)
                s_worker_ready_again (worker);
        }
    }
}

static void
s_dispatch_all (sumq_broker_t *self)
{
    for (int index = 0; index < SUMQ_SERVICE_COUNT; index++)
        s_dispatch (self, &self->services [index]);
}

//  A worker that breaks the protocol is told to reconnect and forgotten;
//  the job it was running counts as lost with it, in case the job is
//  what breaks it.
static void
s_worker_violation (sumq_broker_t *self, worker_t *worker, const char *what)
{
    sumq_log_warn ("worker %s (%s) broke the protocol: %s", worker->key, worker->service->name, what);
    s_send (self, worker->routing_id, SUMQ_PROTO_WORKER, SUMQ_CMD_DISCONNECT, "");
    s_worker_remove (self, worker, true, "protocol error");
}

static int
s_service_index (zframe_t *name)
{
    for (int index = 0; index < SUMQ_SERVICE_COUNT; index++)
        if (zframe_streq (name, sumq_services [index]))
            return index;
    return -1;
}

//  The credit frame of a READY: 1 to SUMQ_CREDIT_MAX in decimal, else 0.
static int
s_credit (zframe_t *frame)
{
    size_t size = zframe_size (frame);
    const byte *data = zframe_data (frame);
    int credit = 0;
    for (size_t at = 0; at < size && credit <= SUMQ_CREDIT_MAX; at++) {
        if (data [at] < '0' || data [at] > '9')
            return 0;
        credit = 10 * credit + (data [at] - '0');
    }
    return credit <= SUMQ_CREDIT_MAX? credit: 0;
}

//  Whether word is one of the space-separated words of frame.
static bool
s_has_word (zframe_t *frame, const char *word)
{
    const char *data = (const char *) zframe_data (frame);
    size_t size = zframe_size (frame);
    size_t length = strlen (word);
    for (size_t start = 0; start < size;) {
        size_t end = start;
        while (end < size && data [end] != ' ')
            end++;
        if (end - start == length && memcmp (data + start, word, length) == 0)
            return true;
        start = end + 1;
    }
    return false;
}

static void
s_worker_ready (sumq_broker_t *self, zframe_t **peer_p, const char *key, zmsg_t *msg)
{
    size_t args = zmsg_size (msg);
    int index = args >= 1 && args <= 3? s_service_index (zmsg_first (msg)): -1;
    //  Workers that predate credit send no credit frame: one job at a time.
    int credit = args >= 2? s_credit (zmsg_next (msg)): 1;
    //  Features are words the worker can take, space-separated; the broker
    //  uses those it knows (members frames, so far) and ignores the rest,
    //  so a newer worker still works with an older broker.
    bool members_frames = args == 3 && s_has_word (zmsg_next (msg), SUMQ_FEATURE_MEMBERS);
    if (index < 0 || credit == 0) {
        char label [S_LABEL_MAX];
        if (args < 1 || args > 3)
            sumq_log_warn ("refused READY from worker %s: %zu frames instead of 3 to 5",
                           key, args + 2);
        else
        if (index < 0)
            sumq_log_warn ("refused READY from worker %s: unknown service '%s'",
                           key, s_label (zmsg_first (msg), label, sizeof label));
        else {
            zmsg_first (msg);
            sumq_log_warn ("refused READY from worker %s: credit '%s' is not 1 to %d",
                           key, s_label (zmsg_next (msg), label, sizeof label), SUMQ_CREDIT_MAX);
        }
        s_send (self, *peer_p, SUMQ_PROTO_WORKER, SUMQ_CMD_DISCONNECT, "");
        return;
    }
    //  Out of memory, the worker is ignored: its heartbeats get DISCONNECT
    //  and it tries again.
    worker_t *worker = calloc (1, sizeof *worker);
    if (!worker)
        return;
    snprintf (worker->key, sizeof worker->key, "%s", key);
    worker->routing_id = *peer_p;
    *peer_p = NULL;
    worker->service = &self->services [index];
    worker->credit = credit;
    worker->members_frames = members_frames;
    worker->expiry = self->now + (int64_t) self->config.liveness * self->config.heartbeat_ms;
    worker->last_seen = self->now;
    //  ZeroMQ tells the peer's IP on tcp://; it is what places a worker
    //  on a host in the stats. On ipc:// it names the local process.
    const char *address = zframe_meta (zmsg_first (msg), "Peer-Address");
    snprintf (worker->address, sizeof worker->address, "%s", address? address: "");
    zhashx_insert (self->workers, worker->key, worker);
    worker->service->workers++;
    sumq_log_event (SUMQ_LOG_INFO, "worker_joined", (const char *[]) {
                        "worker", worker->key, "service", worker->service->name,
                        "address", worker->address, NULL },
                    "worker %s joined %s (credit %d); %zu %s workers", worker->key,
                    worker->service->name, credit, worker->service->workers, worker->service->name);
    s_worker_ready_again (worker);
}

//  One answer of a REPLY; the job has left the worker's held list.
//  members is its members frame (REPLYT), or NULL. Takes the body and the
//  members when the job goes on to the next stage.
static void
s_job_answered (sumq_broker_t *self, worker_t *worker, job_t *job, bool ok,
                zframe_t **body_p, zframe_t **members_p)
{
    service_t *service = worker->service;
    job->worker = NULL;
    worker->jobs++;
    int64_t now_us = zclock_usecs ();
    sumq_latency_add (service->latency, now_us, now_us - job->dispatched_us);
    if (!ok) {
        sumq_log_warn ("job %s (%.*s) failed at %s: the worker replied with an error",
                       job->id, S_JOB_ARGS (job->client_job), service->name);
        s_job_end (self, job, SUMQ_STATUS_ERROR, *body_p);
        return;
    }
    service->done++;
    bool has_members = members_p && *members_p && zframe_size (*members_p);
    if (job->stage + 1 < SUMQ_SERVICE_COUNT) {
        //  The stage's output is the next stage's input.
        zframe_destroy (&job->body);
        zframe_destroy (&job->members);
        job->body = *body_p;
        *body_p = NULL;
        if (has_members) {
            job->members = *members_p;
            *members_p = NULL;
        }
        job->stage++;
        job->queue_handle = zlistx_add_end (self->services [job->stage].queue, job);
    }
    else
    if (!has_members)
        s_job_end (self, job, SUMQ_STATUS_OK, *body_p);
    else {
        //  Clients get whole bodies.
        zframe_t *whole = s_body_with_members (*body_p, *members_p);
        if (whole)
            s_job_end (self, job, SUMQ_STATUS_OK, whole);
        else {
            sumq_error_t err;
            sumq_error_set (&err, SUMQ_E_INTERNAL, "the %s worker sent a members frame that does "
                            "not fit its body", service->name);
            s_job_fail (self, job, &err);
        }
        zframe_destroy (&whole);
    }
}

//  A REPLY: one or more [job, status, body] answers, each for a job the
//  worker holds; a REPLYT (with_members): [job, status, body, members].
//  The run loop dispatches afterwards.
static void
s_worker_reply (sumq_broker_t *self, worker_t *worker, zmsg_t *msg, bool with_members)
{
    const char *violation = NULL;
    size_t frames = with_members? 4: 3;
    while (zmsg_size (msg) >= frames && !violation) {
        zframe_t *reply_job = zmsg_pop (msg);
        zframe_t *status = zmsg_pop (msg);
        zframe_t *body = zmsg_pop (msg);
        zframe_t *members = with_members? zmsg_pop (msg): NULL;
        bool ok = zframe_streq (status, SUMQ_STATUS_OK);
        int index = 0;
        while (index < worker->holding && !zframe_streq (reply_job, worker->held [index].id))
            index++;
        if (!ok && !zframe_streq (status, SUMQ_STATUS_ERROR))
            violation = "REPLY status is neither ok nor error";
        else
        if (index == worker->holding)
            violation = "REPLY for a job it does not hold";
        else {
            job_t *job = worker->held [index].job;
            worker->holding--;
            memmove (&worker->held [index], &worker->held [index + 1],
                     (size_t) (worker->holding - index) * sizeof worker->held [0]);
            if (job)
                s_job_answered (self, worker, job, ok, &body, &members);
            else {
                char label [S_LABEL_MAX];
                sumq_log_debug ("dropped the reply of worker %s for job %s: it expired",
                                worker->key, s_label (reply_job, label, sizeof label));
            }
        }
        zframe_destroy (&reply_job);
        zframe_destroy (&status);
        zframe_destroy (&body);
        zframe_destroy (&members);
    }
    if (violation)
        s_worker_violation (self, worker, violation);
    else
        s_worker_ready_again (worker);
}

static void
s_worker_message (sumq_broker_t *self, zframe_t **peer_p, zmsg_t *msg)
{
    char key [S_KEY_MAX];
    s_hex (*peer_p, key, sizeof key);
    worker_t *worker = zhashx_lookup (self->workers, key);
    if (worker) {
        worker->expiry = self->now + (int64_t) self->config.liveness * self->config.heartbeat_ms;
        worker->last_seen = self->now;
    }
    zframe_t *command = zmsg_pop (msg);
    size_t args = zmsg_size (msg);
    char label [S_LABEL_MAX] = "";
    if (command)
        s_label (command, label, sizeof label);

    if (!worker) {
        if (command && zframe_streq (command, SUMQ_CMD_READY))
            s_worker_ready (self, peer_p, key, msg);
        else
        if (!command || !zframe_streq (command, SUMQ_CMD_DISCONNECT)) {
            //  After a broker restart, workers of the old one land here:
            //  DISCONNECT makes them register again.
            sumq_log_info ("told unknown worker %s to register (it sent '%s')", key, label);
            s_send (self, *peer_p, SUMQ_PROTO_WORKER, SUMQ_CMD_DISCONNECT, "");
        }
    }
    else
    if (command && zframe_streq (command, SUMQ_CMD_HEARTBEAT) && args == 0)
        ;   //  Its expiry is refreshed already, like for any message.
    else
    if (command && zframe_streq (command, SUMQ_CMD_REPLY) && args > 0 && args % 3 == 0)
        s_worker_reply (self, worker, msg, false);
    else
    if (command && zframe_streq (command, SUMQ_CMD_REPLY_MEMBERS) && args > 0 && args % 4 == 0)
        s_worker_reply (self, worker, msg, true);
    else
    if (command && zframe_streq (command, SUMQ_CMD_DISCONNECT) && args == 0) {
        //  A worker that stops cleanly is not the job's fault.
        s_worker_remove (self, worker, false, "disconnected");
    }
    else {
        char what [S_LABEL_MAX + 48];
        snprintf (what, sizeof what, "'%s' with %zu frames after it", label, args);
        s_worker_violation (self, worker, what);
    }
    zframe_destroy (&command);
}


//  --------------------------------------------------------------------------
//  Clients

//  Adds a client to those a job's RESULT goes to, once.
static void
s_job_add_waiter (job_t *job, zframe_t *client)
{
    for (zframe_t *waiter = zlistx_first (job->waiters); waiter; waiter = zlistx_next (job->waiters))
        if (zframe_eq (waiter, client))
            return;
    zlistx_add_end (job->waiters, zframe_dup (client));
}

//  Makes a job of an accepted request, queued for the first stage:
//  job_id and body are copied; client, when not NULL, waits for it.
//  NULL when out of memory.
static job_t *
s_job_new (sumq_broker_t *self, zframe_t *client, const char *job_id, const void *body, size_t size)
{
    job_t *job = calloc (1, sizeof *job);
    if (!job)
        return NULL;
    job->key = strdup (job_id);
    job->waiters = zlistx_new ();
    job->client_job = zframe_new (job_id, strlen (job_id));
    job->body = zframe_new (body, size);
    if (!job->key || !job->waiters || !job->client_job || !job->body) {
        s_job_free (job);
        return NULL;
    }
    zlistx_set_destructor (job->waiters, (zlistx_destructor_fn *) zframe_destroy);
    if (client)
        s_job_add_waiter (job, client);
    snprintf (job->id, sizeof job->id, "%" PRIu64, ++self->last_job);
    job->deadline = self->now + self->config.job_timeout_ms;
    job->jobs_handle = zlistx_add_end (self->jobs, job);
    zhashx_insert (self->client_jobs, job->key, job);
    job->queue_handle = zlistx_add_end (self->services [0].queue, job);
    return job;
}

//  Copies the job id frame into key as a string; false (logged) when it
//  is not a valid job id.
static bool
s_job_key (zframe_t *client, zframe_t *client_job, const char *command, char *key)
{
    if (s_job_id_valid (client_job)) {
        memcpy (key, zframe_data (client_job), zframe_size (client_job));
        key [zframe_size (client_job)] = 0;
        return true;
    }
    char hex [S_KEY_MAX];
    s_hex (client, hex, sizeof hex);
    sumq_log_warn ("dropped %s of client %s: invalid job id of %zu bytes",
                   command, hex, zframe_size (client_job));
    return false;
}

//  Answers a client from the store where it can: a job that is done
//  gets its stored answer (or, acknowledge_only, ACCEPTED), and a store
//  that cannot be read an internal error, which the client may retry,
//  rather than an answer the store may contradict later (UNKNOWN, or a
//  second run of a job it holds). False for a job the store has not
//  finished (unknown or pending): the caller goes on.
static bool
s_answer_from_store (sumq_broker_t *self, zframe_t *client, zframe_t *client_job, const char *key,
                     bool acknowledge_only)
{
    bool ok;
    char *stored = NULL;
    size_t size = 0;
    sumq_error_t err;
    sumq_job_state_t state = sumq_store_lookup (self->store, key, &ok,
                                                acknowledge_only? NULL: &stored, &size, &err);
    if (state == SUMQ_JOB_UNREADABLE) {
        s_reject (self, client, client_job, &err);
        return true;
    }
    if (state != SUMQ_JOB_DONE)
        return false;
    if (acknowledge_only) {
        s_post (self, client, SUMQ_CMD_ACCEPTED, client_job, NULL, NULL);
        return true;
    }
    if (!stored) {
        //  Out of memory copying it: say so rather than send garbage.
        sumq_error_set (&err, SUMQ_E_INTERNAL, "the broker is out of memory");
        s_reject (self, client, client_job, &err);
        return true;
    }
    zframe_t *answer = zframe_new (stored, size);
    s_post (self, client, SUMQ_CMD_RESULT, client_job, ok? SUMQ_STATUS_OK: SUMQ_STATUS_ERROR, answer);
    zframe_destroy (&answer);
    free (stored);
    return true;
}

//  SUBMIT (enqueue false) and ENQUEUE. A job id the broker has already
//  is never run again: SUBMIT waits for that job's answer (or gets the
//  stored one), ENQUEUE is acknowledged. That is what makes a client's
//  retry under the same id safe.
static void
s_client_submit (sumq_broker_t *self, zframe_t *client, zmsg_t *msg, bool enqueue)
{
    zframe_t *client_job = zmsg_first (msg);
    zframe_t *body = zmsg_next (msg);
    char key [SUMQ_MAX_JOB_ID + 1];
    if (!s_job_key (client, client_job, enqueue? SUMQ_CMD_ENQUEUE: SUMQ_CMD_SUBMIT, key))
        return;
    sumq_error_t err;
    job_t *job = zhashx_lookup (self->client_jobs, key);
    if (enqueue && !self->store)
        sumq_error_set (&err, SUMQ_E_BAD_REQUEST,
                        "this broker keeps no results: start it with --store to use ENQUEUE");
    else
    if (job) {
        if (!enqueue)
            s_job_add_waiter (job, client);
        else
            s_post (self, client, SUMQ_CMD_ACCEPTED, client_job, NULL, NULL);
        return;
    }
    else
    if (self->store && s_answer_from_store (self, client, client_job, key, enqueue))
        return;
    else
    if (zframe_size (body) > self->max_body)
        sumq_error_set (&err, SUMQ_E_TOO_LARGE,
                        "request body of %zu bytes is over the broker's limit of %zu bytes",
                        zframe_size (body), self->max_body);
    else
    if (zlistx_size (self->jobs) >= self->config.max_queue)
        sumq_error_set (&err, SUMQ_E_BUSY,
                        "the broker holds %zu unfinished jobs, its limit; retry in a second or two",
                        zlistx_size (self->jobs));
    else
    if (!(job = s_job_new (self, enqueue? NULL: client, key, zframe_data (body), zframe_size (body))))
        sumq_error_set (&err, SUMQ_E_INTERNAL, "the broker is out of memory");
    else
    //  Recorded only once it exists: a job stored but never made would
    //  stay pending in the store and refuse its own retries.
    if (self->store && sumq_store_accept (self->store, key, zframe_data (body),
                                          zframe_size (body), &err) != 0) {
        sumq_log_error ("%s", err.message);
        s_job_destroy (self, &job);
    }

    if (job) {
        if (sumq_log_verbose ()) {
            char hex [S_KEY_MAX];
            s_hex (client, hex, sizeof hex);
            sumq_log_debug ("job %s is %s of client %s", job->id, key, hex);
        }
        if (enqueue)
            s_post (self, client, SUMQ_CMD_ACCEPTED, client_job, NULL, NULL);
    }
    else
        s_reject (self, client, client_job, &err);
}

//  FETCH (wait false) and WAIT: the answer of a job by its id.
static void
s_client_lookup (sumq_broker_t *self, zframe_t *client, zmsg_t *msg, bool wait)
{
    zframe_t *client_job = zmsg_first (msg);
    char key [SUMQ_MAX_JOB_ID + 1];
    if (!s_job_key (client, client_job, wait? SUMQ_CMD_WAIT: SUMQ_CMD_FETCH, key))
        return;
    if (!self->store) {
        sumq_error_t err;
        sumq_error_set (&err, SUMQ_E_BAD_REQUEST,
                        "this broker keeps no results: start it with --store to use %s",
                        wait? SUMQ_CMD_WAIT: SUMQ_CMD_FETCH);
        s_reject (self, client, client_job, &err);
        return;
    }
    job_t *job = zhashx_lookup (self->client_jobs, key);
    if (job) {
        if (wait)
            s_job_add_waiter (job, client);
        else
            s_post (self, client, SUMQ_CMD_PENDING, client_job, NULL, NULL);
    }
    else
    if (!s_answer_from_store (self, client, client_job, key, false))
        s_post (self, client, SUMQ_CMD_UNKNOWN, client_job, NULL, NULL);
}

//  Recovery: a job the store had accepted and not answered runs again
//  from its first stage; the clients that wait for it ask again.
static void
s_recover_job (void *arg, const char *job_id, const void *request, size_t size)
{
    sumq_broker_t *self = arg;
    if (!s_job_new (self, NULL, job_id, request, size))
        sumq_log_error ("out of memory recovering job %s", job_id);
}

int
sumq_broker_set_store (sumq_broker_t *self, sumq_store_t *store, int64_t keep_ms, sumq_error_t *err)
{
    self->store = store;
    self->keep_ms = keep_ms;
    self->next_prune = self->now;
    size_t before = zlistx_size (self->jobs);
    if (sumq_store_each_pending (store, s_recover_job, self, err) != 0)
        return -1;
    size_t recovered = zlistx_size (self->jobs) - before;
    if (recovered)
        sumq_log_info ("recovered %zu accepted, unanswered jobs from the store", recovered);
    return (int) recovered;
}

//  Reals in bodies carry at most four decimals (PROTOCOL.md, "How
//  bodies are encoded").
static double
s_round4 (double value)
{
    return round (value * 10000) / 10000;
}

//  The status body (schemas/status.json): what STATUS answers and what
//  the metrics page is rendered from.
static json_t *
s_status (sumq_broker_t *self)
{
    int64_t now_us = zclock_usecs ();
    //  A broker up for less than the span has not been idle before it.
    int64_t span_us = (self->now - self->started) * 1000;
    span_us = span_us < S_RATE_MIN_SPAN_US? S_RATE_MIN_SPAN_US:
              span_us > S_RATE_SPAN_US? S_RATE_SPAN_US: span_us;
    size_t idle [SUMQ_SERVICE_COUNT] = { 0 };
    for (worker_t *worker = zhashx_first (self->workers); worker; worker = zhashx_next (self->workers))
        if (worker->holding == 0)
            idle [worker->service - self->services]++;
    json_t *services = json_object ();
    for (int index = 0; index < SUMQ_SERVICE_COUNT && services; index++) {
        service_t *service = &self->services [index];
        json_object_set_new (services, service->name, json_pack (
            "{s:I, s:I, s:I, s:I, s:I, s:f, s:{s:f, s:f}}",
            "workers", (json_int_t) service->workers,
            "idle", (json_int_t) idle [index],
            "queued", (json_int_t) zlistx_size (service->queue),
            "done", (json_int_t) service->done,
            "failed", (json_int_t) service->failed,
            "throughput", s_round4 (sumq_latency_rate (service->latency, now_us, span_us)),
            "latency_ms",
                "p50", s_round4 (sumq_latency_quantile (service->latency, 0.5) / 1000.0),
                "p99", s_round4 (sumq_latency_quantile (service->latency, 0.99) / 1000.0)));
    }
    json_t *workers = json_array ();
    for (worker_t *worker = zhashx_first (self->workers); worker && workers;
         worker = zhashx_next (self->workers))
        json_array_append_new (workers, json_pack (
            "{s:s, s:s, s:s, s:b, s:i, s:i, s:I, s:I}",
            "id", worker->key,
            "service", worker->service->name,
            "address", worker->address,
            "busy", worker->holding > 0,
            "held", worker->holding,
            "credit", worker->credit,
            "jobs", (json_int_t) worker->jobs,
            "last_heartbeat_ms", (json_int_t) (self->now - worker->last_seen)));
    return json_pack ("{s:i, s:s, s:b, s:I, s:o*, s:I, s:I, s:I, s:o*}",
        "version", SUMQ_BODY_VERSION,
        "instance", self->instance,
        "store", self->store != NULL,
        "uptime_ms", (json_int_t) (self->now - self->started),
        "services", services,
        "jobs_in_flight", (json_int_t) zlistx_size (self->jobs),
        "jobs_done", (json_int_t) self->jobs_done,
        "jobs_failed", (json_int_t) self->jobs_failed,
        "workers", workers);
}

static void
s_client_status (sumq_broker_t *self, zframe_t *client)
{
    json_t *status = s_status (self);
    char *text = status? json_dumps (status, SUMQ_JSON_FLAGS): NULL;
    if (!text || s_send (self, client, SUMQ_PROTO_CLIENT, SUMQ_CMD_STATUS, "s", text) != 0) {
        char hex [S_KEY_MAX];
        s_hex (client, hex, sizeof hex);
        sumq_log_warn ("could not send the status to client %s", hex);
    }
    free (text);
    json_decref (status);
}

//  Answers what cannot be read as a request with an error RESULT if it
//  carries a valid job frame, else drops it.
static void
s_client_malformed (sumq_broker_t *self, zframe_t *client, zframe_t *command, zmsg_t *msg)
{
    char what [S_LABEL_MAX + 48];
    size_t frames = zmsg_size (msg) + 2;
    if (!command)
        snprintf (what, sizeof what, "no command frame");
    else
    if (zframe_streq (command, SUMQ_CMD_SUBMIT) || zframe_streq (command, SUMQ_CMD_ENQUEUE))
        snprintf (what, sizeof what, "SUBMIT and ENQUEUE have 4 frames, not %zu", frames);
    else
    if (zframe_streq (command, SUMQ_CMD_FETCH) || zframe_streq (command, SUMQ_CMD_WAIT))
        snprintf (what, sizeof what, "FETCH and WAIT have 3 frames, not %zu", frames);
    else
    if (zframe_streq (command, SUMQ_CMD_STATUS))
        snprintf (what, sizeof what, "STATUS has 2 frames, not %zu", frames);
    else {
        char label [S_LABEL_MAX];
        snprintf (what, sizeof what, "unknown command '%s'", s_label (command, label, sizeof label));
    }
    zframe_t *job = zmsg_first (msg);
    if (job && s_job_id_valid (job)) {
        sumq_error_t err;
        sumq_error_set (&err, SUMQ_E_BAD_REQUEST, "malformed request: %s", what);
        s_reject (self, client, job, &err);
    }
    else {
        char hex [S_KEY_MAX];
        s_hex (client, hex, sizeof hex);
        sumq_log_warn ("dropped a message of client %s without a valid job frame: %s", hex, what);
    }
}

static void
s_client_message (sumq_broker_t *self, zframe_t **peer_p, zmsg_t *msg)
{
    zframe_t *command = zmsg_pop (msg);
    size_t args = zmsg_size (msg);
    if (command && zframe_streq (command, SUMQ_CMD_SUBMIT) && args == 2)
        s_client_submit (self, *peer_p, msg, false);
    else
    if (command && zframe_streq (command, SUMQ_CMD_ENQUEUE) && args == 2)
        s_client_submit (self, *peer_p, msg, true);
    else
    if (command && (zframe_streq (command, SUMQ_CMD_FETCH) || zframe_streq (command, SUMQ_CMD_WAIT))
    &&  args == 1)
        s_client_lookup (self, *peer_p, msg, zframe_streq (command, SUMQ_CMD_WAIT));
    else
    if (command && zframe_streq (command, SUMQ_CMD_STATUS) && args == 0)
        s_client_status (self, *peer_p);
    else
        s_client_malformed (self, *peer_p, command, msg);
    zframe_destroy (&command);
}


//  --------------------------------------------------------------------------
//  The run loop

//  With CURVE, what a peer may say depends on the role of its cert: a
//  client key cannot register as a worker, nor a worker key submit.
static bool
s_role_allowed (zframe_t *protocol)
{
    const char *role = sumq_curve_role (protocol);
    if (!role)
        return false;
    if (zframe_streq (protocol, SUMQ_PROTO_CLIENT))
        return streq (role, SUMQ_CURVE_ROLE_CLIENT);
    if (zframe_streq (protocol, SUMQ_PROTO_WORKER))
        return streq (role, SUMQ_CURVE_ROLE_WORKER);
    return true;
}

static void
s_message (sumq_broker_t *self, zmsg_t *msg)
{
    zframe_t *peer = zmsg_pop (msg);
    zframe_t *protocol = zmsg_pop (msg);
    if (!peer)
        return;
    char hex [S_KEY_MAX];
    char label [S_LABEL_MAX] = "";
    if (protocol)
        s_label (protocol, label, sizeof label);
    if (sumq_log_verbose ()) {
        char command [S_LABEL_MAX] = "";
        if (zmsg_first (msg))
            s_label (zmsg_first (msg), command, sizeof command);
        s_hex (peer, hex, sizeof hex);
        sumq_log_debug ("from %s: %s %s (%zu frames)", hex, label, command, zmsg_size (msg) + 1);
    }
    if (self->curve && protocol && !s_role_allowed (protocol)) {
        s_hex (peer, hex, sizeof hex);
        sumq_log_warn ("dropped a '%s' message of peer %s: its certificate's role is '%s'",
                       label, hex, sumq_curve_role (protocol)? sumq_curve_role (protocol): "");
    }
    else
    if (protocol && zframe_streq (protocol, SUMQ_PROTO_CLIENT))
        s_client_message (self, &peer, msg);
    else
    if (protocol && zframe_streq (protocol, SUMQ_PROTO_WORKER))
        s_worker_message (self, &peer, msg);
    else {
        s_hex (peer, hex, sizeof hex);
        sumq_log_warn ("dropped a message of peer %s with unknown protocol '%s'", hex, label);
    }
    zframe_destroy (&protocol);
    zframe_destroy (&peer);
}

//  Timer work, once per heartbeat interval: deadlines, heartbeats, expiry.
static void
s_tick (sumq_broker_t *self)
{
    job_t *job;
    while ((job = zlistx_head (self->jobs)) && job->deadline <= self->now) {
        sumq_error_t err;
        sumq_error_set (&err, SUMQ_E_TIMEOUT, "no result within %d ms (the job was at %s)",
                        self->config.job_timeout_ms, self->services [job->stage].name);
        s_job_fail (self, job, &err);
    }

    //  Removal waits until the scan is over: the table must not change
    //  under its iterator.
    zlistx_t *lost = zlistx_new ();
    for (worker_t *worker = zhashx_first (self->workers); worker && lost;
         worker = zhashx_next (self->workers))
        if (self->now >= worker->expiry
        ||  s_send (self, worker->routing_id, SUMQ_PROTO_WORKER, SUMQ_CMD_HEARTBEAT, "") != 0)
            zlistx_add_end (lost, worker);
    worker_t *worker;
    while (lost && (worker = zlistx_detach (lost, NULL)))
        s_worker_remove (self, worker, true,
                         self->now >= worker->expiry? "expired": "unreachable");
    zlistx_destroy (&lost);
    //  Only now: a job requeued above must not go to a worker that the
    //  same scan found dead.
    s_dispatch_all (self);
    if (self->store && self->now >= self->next_prune) {
        sumq_error_t err;
        int64_t pruned = sumq_store_prune (self->store, self->keep_ms, &err);
        if (pruned < 0)
            sumq_log_error ("%s", err.message);
        else
        if (pruned > 0)
            sumq_log_info ("forgot %" PRId64 " answers older than %" PRId64 " s", pruned, self->keep_ms / 1000);
        self->next_prune = self->now + S_PRUNE_INTERVAL_MS;
    }
    if (self->metrics) {
        json_t *status = s_status (self);
        if (status)
            sumq_metrics_publish (self->metrics, status);
        json_decref (status);
    }
}

static void
s_shutdown (sumq_broker_t *self)
{
    for (worker_t *worker = zhashx_first (self->workers); worker;
         worker = zhashx_next (self->workers))
        s_send (self, worker->routing_id, SUMQ_PROTO_WORKER, SUMQ_CMD_DISCONNECT, "");
    sumq_log_info ("stopping: %" PRIu64 " jobs done, %" PRIu64 " failed, %zu unfinished; "
                   "%zu workers told to disconnect", self->jobs_done, self->jobs_failed,
                   zlistx_size (self->jobs), zhashx_size (self->workers));
}

int
sumq_broker_run (sumq_broker_t *self, zsock_t *pipe)
{
    zpoller_t *poller = zpoller_new (self->router, pipe, NULL);
    if (!poller)
        return -1;
    int rc = 0;
    bool stop = false;
    int64_t next_tick = zclock_mono () + self->config.heartbeat_ms;
    //  The poll never waits longer than one interval, and a signal ends it
    //  at once, so SIGINT/SIGTERM are noticed within one heartbeat.
    while (!stop && !zsys_interrupted) {
        self->now = zclock_mono ();
        int64_t wait = next_tick > self->now? next_tick - self->now: 0;
        void *which = zpoller_wait (poller, (int) wait);
        self->now = zclock_mono ();
        if (which == self->router) {
            for (int count = 0; count < S_BATCH; count++) {
                zmsg_t *msg = zmsg_recv (self->router);
                if (!msg)
                    break;
                self->now = zclock_mono ();
                s_message (self, msg);
                zmsg_destroy (&msg);
            }
            //  Once per batch: jobs that came in together leave together.
            s_dispatch_all (self);
        }
        else
        if (which && which == pipe) {
            //  "$TERM", the only command an actor gets.
            zmsg_t *command = zmsg_recv (pipe);
            zmsg_destroy (&command);
            stop = true;
        }
        else
        if (zpoller_terminated (poller)) {
            if (!zsys_interrupted) {
                sumq_log_error ("polling failed: %s", zmq_strerror (zmq_errno ()));
                rc = -1;
            }
            break;
        }
        if (self->now >= next_tick) {
            s_tick (self);
            next_tick = self->now + self->config.heartbeat_ms;
        }
        s_flush (self);
    }
    s_shutdown (self);
    zpoller_destroy (&poller);
    return rc;
}
