#include "curve.h"
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define S_ZAP_DOMAIN        "sumq"
#define S_KEY_BYTES         32      //  a CURVE key
#define S_KEY_TEXT          40      //  the same in Z85 characters
//  An unauthenticated peer may hold a connection this long before
//  ZeroMQ drops it (libzmq's default is 30 s).
#define S_HANDSHAKE_MS      10000
#define S_ROLE_KEY          "role"

struct _sumq_curve_t {
    zcert_t *cert;              //  our own keys
    char server_key [S_KEY_TEXT + 1];   //  a peer's: the broker's public key
    zactor_t *auth;             //  a server's: the ZAP handler
};

//  A zcert without its secret half has an all-zero secret key: it can
//  identify a peer but not be one.
static bool
s_has_secret (zcert_t *cert)
{
    const byte *secret = zcert_secret_key (cert);
    for (int pos = 0; pos < S_KEY_BYTES; pos++)
        if (secret [pos])
            return true;
    return false;
}

static zcert_t *
s_load_own (const char *cert_path, sumq_error_t *err)
{
    zcert_t *cert = zcert_load (cert_path);
    if (!cert)
        sumq_error_set (err, SUMQ_E_INTERNAL, "cannot read the certificate %s", cert_path);
    else
    if (!s_has_secret (cert)) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "the certificate %s (or %s_secret) has no secret key",
                        cert_path, cert_path);
        zcert_destroy (&cert);
    }
    return cert;
}

static bool
s_z85_key (const char *text)
{
    uint8_t key [S_KEY_BYTES];
    return strlen (text) == S_KEY_TEXT && zmq_z85_decode (key, text) != NULL;
}

sumq_curve_t *
sumq_curve_new_server (const char *cert_path, const char *allow_dir, sumq_error_t *err)
{
    if (!zsys_has_curve ()) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "this libzmq has no CURVE support");
        return NULL;
    }
    struct stat info;
    if (stat (allow_dir, &info) != 0 || !S_ISDIR (info.st_mode)) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "the allow-list %s is not a directory", allow_dir);
        return NULL;
    }
    sumq_curve_t *self = calloc (1, sizeof *self);
    if (!self) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "out of memory");
        return NULL;
    }
    self->cert = s_load_own (cert_path, err);
    if (self->cert) {
        self->auth = zactor_new (zauth, NULL);
        if (!self->auth)
            sumq_error_set (err, SUMQ_E_INTERNAL, "cannot start the authenticator");
    }
    if (!self->auth) {
        sumq_curve_destroy (&self);
        return NULL;
    }
    //  Every zauth command must be waited for, or the first connections
    //  may be checked before the allow-list is loaded.
    zstr_sendx (self->auth, "CURVE", allow_dir, NULL);
    zsock_wait (self->auth);
    return self;
}

sumq_curve_t *
sumq_curve_new_peer (const char *cert_path, const char *server_key, sumq_error_t *err)
{
    if (!zsys_has_curve ()) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "this libzmq has no CURVE support");
        return NULL;
    }
    sumq_curve_t *self = calloc (1, sizeof *self);
    if (!self) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "out of memory");
        return NULL;
    }
    if (s_z85_key (server_key))
        snprintf (self->server_key, sizeof self->server_key, "%s", server_key);
    else {
        zcert_t *server = zcert_load (server_key);
        if (server)
            snprintf (self->server_key, sizeof self->server_key, "%s", zcert_public_txt (server));
        else
            sumq_error_set (err, SUMQ_E_INTERNAL, "the broker key '%.60s' is neither 40 Z85 "
                            "characters nor a readable certificate", server_key);
        zcert_destroy (&server);
    }
    if (*self->server_key)
        self->cert = s_load_own (cert_path, err);
    if (!self->cert)
        sumq_curve_destroy (&self);
    return self;
}

static const char *
s_setting (const char *given, const char *variable)
{
    if (given && *given)
        return given;
    const char *env = getenv (variable);
    return env && *env? env: NULL;
}

int
sumq_curve_configure (bool server, const char *cert_path, const char *key_or_dir,
                      sumq_curve_t **curve_p, sumq_error_t *err)
{
    const char *cert_variable = server? SUMQ_CURVE_ENV_SECRET: SUMQ_CURVE_ENV_CERT;
    const char *other_variable = server? SUMQ_CURVE_ENV_ALLOW: SUMQ_CURVE_ENV_SERVER_KEY;
    cert_path = s_setting (cert_path, cert_variable);
    key_or_dir = s_setting (key_or_dir, other_variable);
    *curve_p = NULL;
    if (!cert_path && !key_or_dir)
        return 0;
    if (!cert_path || !key_or_dir) {
        //  Half a configuration must not fall back to plain connections.
        sumq_error_set (err, SUMQ_E_INTERNAL, "CURVE needs both %s and %s (or their options)",
                        cert_variable, other_variable);
        return -1;
    }
    *curve_p = server? sumq_curve_new_server (cert_path, key_or_dir, err)
                     : sumq_curve_new_peer (cert_path, key_or_dir, err);
    return *curve_p? 0: -1;
}

void
sumq_curve_destroy (sumq_curve_t **self_p)
{
    if (*self_p) {
        sumq_curve_t *self = *self_p;
        zactor_destroy (&self->auth);
        zcert_destroy (&self->cert);
        free (self);
        *self_p = NULL;
    }
}

void
sumq_curve_apply (sumq_curve_t *self, zsock_t *socket)
{
    zcert_apply (self->cert, socket);
    if (self->auth) {
        zsock_set_curve_server (socket, 1);
        //  Without a domain, libzmq 4.3 may skip ZAP for the socket.
        zsock_set_zap_domain (socket, S_ZAP_DOMAIN);
        zsock_set_handshake_ivl (socket, S_HANDSHAKE_MS);
    }
    else
        zsock_set_curve_serverkey (socket, self->server_key);
}

const char *
sumq_curve_role (zframe_t *frame)
{
    return frame? zframe_meta (frame, S_ROLE_KEY): NULL;
}

bool
sumq_curve_endpoint_local (const char *endpoint)
{
    if (!strncmp (endpoint, "ipc://", 6) || !strncmp (endpoint, "inproc://", 9))
        return true;
    if (strncmp (endpoint, "tcp://", 6))
        return false;
    const char *host = endpoint + 6;
    const char *colon = strrchr (host, ':');
    size_t size = colon? (size_t) (colon - host): strlen (host);
    //  A wildcard ("*", "0.0.0.0") or any named interface but lo reaches
    //  other hosts.
    //  127.0.0.0/8 is loopback, but a name may start with "127." too.
    bool numeric = size > 4 && !strncmp (host, "127.", 4)
                && strspn (host, "0123456789.") == size;
    return numeric
        || (size == 9 && !strncasecmp (host, "localhost", 9))
        || (size == 5 && !strncmp (host, "[::1]", 5))
        || (size == 2 && !strncmp (host, "lo", 2));
}

int
sumq_curve_keygen (const char *path, const char *role, sumq_error_t *err)
{
    char secret_path [PATH_MAX];
    if (snprintf (secret_path, sizeof secret_path, "%s_secret", path) >= (int) sizeof secret_path) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "the path %.100s... is too long", path);
        return -1;
    }
    //  Overwriting a key pair would lock out whoever holds the old one.
    if (zsys_file_exists (path) || zsys_file_exists (secret_path)) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "%s or %s exists already; not overwritten",
                        path, secret_path);
        return -1;
    }
    zcert_t *cert = zcert_new ();
    if (!cert) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "cannot make a key pair");
        return -1;
    }
    zcert_set_meta (cert, S_ROLE_KEY, "%s", role);
    //  The secret file is created private, not narrowed afterwards.
    mode_t mask = umask (077);
    int rc = zcert_save_secret (cert, secret_path);
    umask (mask);
    if (rc == 0)
        rc = zcert_save_public (cert, path);
    if (rc != 0)
        sumq_error_set (err, SUMQ_E_INTERNAL, "cannot write %s and %s", path, secret_path);
    zcert_destroy (&cert);
    return rc == 0? 0: -1;
}
