#include "sumq_client.h"
#include "curve.h"
#include "sumq_proto.h"
#include "log.h"
#include <czmq.h>
#include <stdlib.h>
#include <string.h>

struct _sumq_client_t {
    zsock_t *socket;
    char *endpoint;
};

const char *
sumq_client_endpoint (const char *endpoint)
{
    if (endpoint && *endpoint)
        return endpoint;
    const char *env = getenv ("SUMQ_BROKER");
    return env && *env? env: SUMQ_DEFAULT_ENDPOINT;
}

sumq_client_t *
sumq_client_new (const char *endpoint, sumq_error_t *err)
{
    endpoint = sumq_client_endpoint (endpoint);
    sumq_client_t *self = calloc (1, sizeof *self);
    if (!self) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "out of memory");
        return NULL;
    }
    self->endpoint = strdup (endpoint);
    self->socket = zsock_new (ZMQ_DEALER);
    if (!self->socket || !self->endpoint) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "cannot create a ZeroMQ socket");
        sumq_client_destroy (&self);
        return NULL;
    }
    //  The batch window, not ZeroMQ's queues, bounds what is in flight;
    //  unlimited HWMs keep a full window from blocking a send.
    zsock_set_sndhwm (self->socket, 0);
    zsock_set_rcvhwm (self->socket, 0);
    zsock_set_linger (self->socket, 0);
    zsock_set_maxmsgsize (self->socket, SUMQ_MAX_FRAME);
    //  Keys come from the environment (SUMQ_CURVE_CERT and
    //  SUMQ_CURVE_SERVER_KEY), like the endpoint; the socket keeps a copy.
    sumq_curve_t *curve;
    if (sumq_curve_configure (false, NULL, NULL, &curve, err) != 0) {
        sumq_client_destroy (&self);
        return NULL;
    }
    if (curve)
        sumq_curve_apply (curve, self->socket);
    sumq_curve_destroy (&curve);
    if (zsock_connect (self->socket, "%s", endpoint) != 0) {
        sumq_error_set (err, SUMQ_E_UNAVAILABLE, "invalid broker endpoint '%s'", endpoint);
        sumq_client_destroy (&self);
        return NULL;
    }
    return self;
}

void
sumq_client_destroy (sumq_client_t **self_p)
{
    if (*self_p) {
        sumq_client_t *self = *self_p;
        zsock_destroy (&self->socket);
        free (self->endpoint);
        free (self);
        *self_p = NULL;
    }
}

int
sumq_client_submit (sumq_client_t *self, const char *job,
                    const char *body, size_t size, sumq_error_t *err)
{
    return sumq_client_send (self, SUMQ_CMD_SUBMIT, job, body, size, err);
}

int
sumq_client_send (sumq_client_t *self, const char *command, const char *job,
                  const char *body, size_t size, sumq_error_t *err)
{
    if (job && !sumq_job_id_valid (job, strlen (job))) {
        sumq_error_set (err, SUMQ_E_BAD_REQUEST, "invalid job id");
        return -1;
    }
    zmsg_t *msg = zmsg_new ();
    zmsg_addstr (msg, SUMQ_PROTO_CLIENT);
    zmsg_addstr (msg, command);
    if (job)
        zmsg_addstr (msg, job);
    if (body)
        zmsg_addmem (msg, body, size);
    if (zmsg_send (&msg, self->socket) != 0) {
        zmsg_destroy (&msg);
        sumq_error_set (err, SUMQ_E_UNAVAILABLE, "cannot send to %s: %s",
                        self->endpoint, zmq_strerror (zmq_errno ()));
        return -1;
    }
    return 0;
}

void
sumq_client_job_prefix (char *prefix, size_t size)
{
    char host [64] = "host";
    gethostname (host, sizeof host - 1);
    host [sizeof host - 1] = 0;
    //  Job ids are printable ASCII without spaces; host names usually are.
    for (char *c = host; *c; c++)
        if (*c <= ' ' || *c > '~')
            *c = '_';
    //  Random bits from a UUID: a later process with the same pid must
    //  not reuse ids a broker's store still answers for.
    zuuid_t *uuid = zuuid_new ();
    snprintf (prefix, size, "%.40s-%d-%.12s-", host, (int) getpid (), uuid? zuuid_str (uuid): "0");
    zuuid_destroy (&uuid);
}

static char *
s_frame_strdup (zframe_t *frame, size_t *size)
{
    size_t n = zframe_size (frame);
    char *s = malloc (n + 1);
    if (s) {
        memcpy (s, zframe_data (frame), n);
        s [n] = 0;
        if (size)
            *size = n;
    }
    return s;
}

//  Waits for one well-formed message; returns it (commands past the
//  protocol frame), NULL on timeout or interrupt (*interrupted set).
static zmsg_t *
s_recv_message (sumq_client_t *self, int timeout_ms, bool *interrupted)
{
    int64_t deadline = timeout_ms < 0? -1: zclock_mono () + timeout_ms;
    *interrupted = false;
    while (true) {
        int wait = -1;
        if (deadline >= 0) {
            wait = (int) (deadline - zclock_mono ());
            if (wait < 0)
                wait = 0;
        }
        zmq_pollitem_t item = { zsock_resolve (self->socket), 0, ZMQ_POLLIN, 0 };
        int rc = zmq_poll (&item, 1, wait);
        if (rc < 0) {
            *interrupted = true;
            return NULL;
        }
        if (rc == 0)
            return NULL;
        zmsg_t *msg = zmsg_recv (self->socket);
        if (!msg) {
            *interrupted = true;
            return NULL;
        }
        char *proto = zmsg_popstr (msg);
        bool ours = proto && streq (proto, SUMQ_PROTO_CLIENT);
        free (proto);
        if (ours)
            return msg;
        sumq_log_warn ("dropped a message from %s that is not %s", self->endpoint, SUMQ_PROTO_CLIENT);
        zmsg_destroy (&msg);
    }
}

//  Which reply a command names, and how many frames follow it.
static bool
s_reply_kind (const char *command, size_t frames, sumq_reply_kind_t *kind)
{
    static const struct { const char *command; sumq_reply_kind_t kind; size_t frames; } kinds [] = {
        { SUMQ_CMD_RESULT, SUMQ_REPLY_RESULT, 3 }, { SUMQ_CMD_ACCEPTED, SUMQ_REPLY_ACCEPTED, 1 },
        { SUMQ_CMD_PENDING, SUMQ_REPLY_PENDING, 1 }, { SUMQ_CMD_UNKNOWN, SUMQ_REPLY_UNKNOWN, 1 },
        { SUMQ_CMD_STATUS, SUMQ_REPLY_STATUS, 1 },
    };
    for (size_t i = 0; command && i < sizeof kinds / sizeof kinds [0]; i++)
        if (streq (command, kinds [i].command) && frames == kinds [i].frames) {
            *kind = kinds [i].kind;
            return true;
        }
    return false;
}

int
sumq_client_recv (sumq_client_t *self, int timeout_ms, sumq_reply_t *reply)
{
    memset (reply, 0, sizeof *reply);
    int64_t deadline = timeout_ms < 0? -1: zclock_mono () + timeout_ms;
    while (true) {
        int wait = deadline < 0? -1: (int) (deadline - zclock_mono ());
        if (deadline >= 0 && wait < 0)
            return 0;
        bool interrupted;
        zmsg_t *msg = s_recv_message (self, wait, &interrupted);
        if (!msg)
            return interrupted? -1: 0;
        char *command = zmsg_popstr (msg);
        if (s_reply_kind (command, zmsg_size (msg), &reply->kind)) {
            //  STATUS carries a body and no job; the others a job first.
            zframe_t *job = reply->kind == SUMQ_REPLY_STATUS? NULL: zmsg_pop (msg);
            zframe_t *status = reply->kind == SUMQ_REPLY_RESULT? zmsg_pop (msg): NULL;
            zframe_t *body = zmsg_pop (msg);
            reply->job = job? s_frame_strdup (job, NULL): strdup ("");
            reply->ok = status && zframe_streq (status, SUMQ_STATUS_OK);
            reply->body = body? s_frame_strdup (body, &reply->size): strdup ("");
            zframe_destroy (&job);
            zframe_destroy (&status);
            zframe_destroy (&body);
        }
        else
            sumq_log_warn ("dropped a malformed %s message from %s",
                           command? command: "(empty)", self->endpoint);
        free (command);
        zmsg_destroy (&msg);
        if (reply->job && reply->body)
            return 1;
        sumq_reply_clear (reply);
    }
}

void
sumq_reply_clear (sumq_reply_t *reply)
{
    free (reply->job);
    free (reply->body);
    memset (reply, 0, sizeof *reply);
}

json_t *
sumq_client_status (sumq_client_t *self, int timeout_ms, sumq_error_t *err)
{
    if (sumq_client_send (self, SUMQ_CMD_STATUS, NULL, NULL, 0, err) != 0)
        return NULL;
    int64_t deadline = zclock_mono () + timeout_ms;
    int rc;
    sumq_reply_t reply;
    //  Never -1 (which would wait forever) once the deadline has passed.
    while ((rc = sumq_client_recv (self, (int) MAX (0, deadline - zclock_mono ()), &reply)) == 1) {
        json_t *status = reply.kind == SUMQ_REPLY_STATUS? json_loads (reply.body, 0, NULL): NULL;
        sumq_reply_clear (&reply);
        if (status)
            return status;
    }
    sumq_error_set (err, SUMQ_E_UNAVAILABLE, "%s from the broker at %s within %d ms",
                    rc < 0? "interrupted waiting for an answer": "no answer",
                    self->endpoint, timeout_ms);
    return NULL;
}

char *
sumq_request_encode (const char *id, const char *text, size_t size,
                     const json_t *options, sumq_error_t *err)
{
    //  json_stringn checks UTF-8, which is the check we need here.
    json_t *jtext = json_stringn (text, size);
    if (!jtext) {
        sumq_error_set (err, SUMQ_E_INVALID_UTF8, "the document is not valid UTF-8");
        return NULL;
    }
    json_t *request = json_pack ("{s:i, s:s, s:o}", "version", SUMQ_BODY_VERSION,
                                 "id", id, "text", jtext);
    if (request && options)
        json_object_set (request, "options", (json_t *) options);
    char *body = request? json_dumps (request, SUMQ_JSON_FLAGS): NULL;
    json_decref (request);
    if (!body)
        sumq_error_set (err, SUMQ_E_INTERNAL, "cannot encode the request");
    return body;
}
