/*  curve: CURVE encryption and authentication of sumq connections
    (proto/PROTOCOL.md, "Security"), on libzmq CURVE and czmq zcert/zauth.

    A certificate is a czmq cert pair: NAME (public key and metadata) and
    NAME_secret (both keys). Its "role" metadata says what its holder may
    be: "client", "worker" or "broker". The broker loads its own cert and
    an allow-list directory of client and worker public certs; it reads
    a peer's role from the allow-list copy, never from the peer, so a
    client key cannot register as a worker.

    A server object runs a zauth actor, which serves the whole process
    (one ZAP handler per ZeroMQ context): make at most one at a time.  */
#ifndef SUMQ_CURVE_H
#define SUMQ_CURVE_H
#include <stdbool.h>
#include <czmq.h>
#include "sumq_error.h"

#define SUMQ_CURVE_ROLE_CLIENT  "client"
#define SUMQ_CURVE_ROLE_WORKER  "worker"
#define SUMQ_CURVE_ROLE_BROKER  "broker"

//  The environment variables that hold the settings when no option does.
#define SUMQ_CURVE_ENV_SECRET       "SUMQ_CURVE_SECRET"     //  broker: its cert
#define SUMQ_CURVE_ENV_ALLOW        "SUMQ_CURVE_ALLOW"      //  broker: allow-list dir
#define SUMQ_CURVE_ENV_CERT         "SUMQ_CURVE_CERT"       //  client, worker: own cert
#define SUMQ_CURVE_ENV_SERVER_KEY   "SUMQ_CURVE_SERVER_KEY" //  client, worker: broker key

typedef struct _sumq_curve_t sumq_curve_t;

//  The broker's side: its cert file (NAME or NAME_secret) and the
//  directory of allowed public certs. NULL with err when a file cannot be
//  read, the cert has no secret key, or libzmq has no CURVE.
sumq_curve_t *sumq_curve_new_server (const char *cert_path, const char *allow_dir,
                                     sumq_error_t *err);

//  A client's or worker's side: its own cert file and the broker's public
//  key, as 40 Z85 characters or the path of the broker's public cert.
sumq_curve_t *sumq_curve_new_peer (const char *cert_path, const char *server_key,
                                   sumq_error_t *err);

//  The settings of a program: each argument that is NULL or empty falls
//  back to its environment variable. Returns 0 and sets *curve_p to NULL
//  when neither setting is given anywhere (plain connections), 0 with a
//  new object when both are, and -1 with err when only one is or they
//  cannot be loaded. For the broker, server is true.
int sumq_curve_configure (bool server, const char *cert_path, const char *key_or_dir,
                          sumq_curve_t **curve_p, sumq_error_t *err);

void sumq_curve_destroy (sumq_curve_t **self_p);

//  Sets the keys on a socket, before it binds or connects.
void sumq_curve_apply (sumq_curve_t *self, zsock_t *socket);

//  The role of the peer that sent a frame, from its allow-list cert; NULL
//  on a connection without CURVE or a cert without a role.
const char *sumq_curve_role (zframe_t *frame);

//  True for endpoints only this host can reach (ipc://, inproc://, tcp://
//  on a loopback address), where plain connections are acceptable.
bool sumq_curve_endpoint_local (const char *endpoint);

//  Writes a new cert pair, path (public) and path_secret (readable by the
//  owner only), with the given role. Returns 0, or -1 with err.
int sumq_curve_keygen (const char *path, const char *role, sumq_error_t *err);

#endif
