/*  fuzz_broker: arbitrary messages into a live broker. The broker's frame
    handling is its run loop, so the harness runs a broker in an actor on
    an inproc endpoint and talks to it like any peer would.

    Input: messages one after the other; each is one byte of frame count
    (mod 8), then per frame one byte of length and that many bytes, cut
    short where the input ends. Every input comes from a new DEALER (a new
    peer); after its messages, a STATUS must be answered within a bound,
    else the broker is hung and the harness aborts.                     */
#include "broker.h"
#include "sumq_proto.h"
#include "log.h"
#include <stdint.h>
#include <stdlib.h>

#define S_ENDPOINT      "inproc://fuzz-broker"
#define S_MAX_FRAMES    8
#define S_ANSWER_MS     2000

static zactor_t *s_actor;

static void
s_broker_actor (zsock_t *pipe, void *args)
{
    sumq_broker_t *broker = args;
    zsock_signal (pipe, 0);
    sumq_broker_run (broker, pipe);
    sumq_broker_destroy (&broker);
}

static void
s_stop (void)
{
    zactor_destroy (&s_actor);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
    sumq_log_init ("fuzz_broker", false);
    sumq_broker_config_t config;
    sumq_broker_config_defaults (&config);
    //  Short timers and a small queue, so that state from earlier inputs
    //  is exercised and expires instead of piling up.
    config.heartbeat_ms = 50;
    config.job_timeout_ms = 200;
    config.max_queue = 50;
    config.max_doc = 1000;
    sumq_error_t err;
    sumq_broker_t *broker = sumq_broker_new (&config, &err);
    if (!broker || sumq_broker_bind (broker, S_ENDPOINT, &err) != 0)
        return -1;
    s_actor = zactor_new (s_broker_actor, broker);
    //  Registered after czmq's own exit handler, so it runs before it:
    //  czmq aborts at exit while an actor still runs.
    atexit (s_stop);
    return s_actor? 0: -1;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    zsock_t *peer = zsock_new_dealer (S_ENDPOINT);
    if (!peer)
        abort ();
    zsock_set_linger (peer, 0);
    size_t pos = 0;
    while (pos < size) {
        int frames = data [pos++] % S_MAX_FRAMES;
        zmsg_t *msg = zmsg_new ();
        for (int frame = 0; frame < frames && pos < size; frame++) {
            size_t length = data [pos++];
            if (length > size - pos)
                length = size - pos;
            zmsg_addmem (msg, data + pos, length);
            pos += length;
        }
        //  ZeroMQ sends no empty message: a zero-frame one is skipped.
        if (zmsg_size (msg))
            zmsg_send (&msg, peer);
        zmsg_destroy (&msg);
    }
    zstr_sendx (peer, SUMQ_PROTO_CLIENT, SUMQ_CMD_STATUS, NULL);
    zpoller_t *poller = zpoller_new (peer, NULL);
    int64_t deadline = zclock_mono () + S_ANSWER_MS;
    bool answered = false;
    while (!answered && zclock_mono () < deadline) {
        if (!zpoller_wait (poller, (int) (deadline - zclock_mono ())))
            continue;
        //  RESULTs, JOBs and DISCONNECTs may come first.
        zmsg_t *reply = zmsg_recv (peer);
        zframe_t *protocol = reply? zmsg_first (reply): NULL;
        zframe_t *command = protocol? zmsg_next (reply): NULL;
        answered = command && zframe_streq (protocol, SUMQ_PROTO_CLIENT)
                && zframe_streq (command, SUMQ_CMD_STATUS);
        zmsg_destroy (&reply);
    }
    zpoller_destroy (&poller);
    zsock_destroy (&peer);
    if (!answered)
        abort ();
    return 0;
}
