/*  check_curve: CURVE keys, the allow-list and roles (lib/curve.h).  */
#include <check.h>
#include "suite_run.h"
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "curve.h"

static char s_dir [64];
static char s_path [256];

//  A path in this test's folder (one at a time: the buffer is reused).
static const char *
s_file (const char *name)
{
    snprintf (s_path, sizeof s_path, "%s/%s", s_dir, name);
    return s_path;
}

static void
s_setup (void)
{
    snprintf (s_dir, sizeof s_dir, "/tmp/sumq-check-curve-XXXXXX");
    ck_assert_ptr_nonnull (mkdtemp (s_dir));
    //  The tests set what they use; nothing may come from the caller.
    unsetenv (SUMQ_CURVE_ENV_SECRET);
    unsetenv (SUMQ_CURVE_ENV_ALLOW);
    unsetenv (SUMQ_CURVE_ENV_CERT);
    unsetenv (SUMQ_CURVE_ENV_SERVER_KEY);
}

static void
s_teardown (void)
{
    zdir_t *dir = zdir_new (s_dir, NULL);
    zdir_remove (dir, true);
    zdir_destroy (&dir);
}

static void
s_keygen (const char *name, const char *role)
{
    sumq_error_t err;
    ck_assert_int_eq (sumq_curve_keygen (s_file (name), role, &err), 0);
}

START_TEST (test_local_endpoints)
{
    ck_assert (sumq_curve_endpoint_local ("ipc:///tmp/x.ipc"));
    ck_assert (sumq_curve_endpoint_local ("inproc://broker"));
    ck_assert (sumq_curve_endpoint_local ("tcp://127.0.0.1:7400"));
    ck_assert (sumq_curve_endpoint_local ("tcp://127.1.2.3:*"));
    ck_assert (sumq_curve_endpoint_local ("tcp://localhost:7400"));
    ck_assert (sumq_curve_endpoint_local ("tcp://[::1]:7400"));
    ck_assert (sumq_curve_endpoint_local ("tcp://lo:7400"));
    ck_assert (!sumq_curve_endpoint_local ("tcp://*:7400"));
    ck_assert (!sumq_curve_endpoint_local ("tcp://0.0.0.0:7400"));
    ck_assert (!sumq_curve_endpoint_local ("tcp://10.0.0.5:7400"));
    ck_assert (!sumq_curve_endpoint_local ("tcp://eth0:7400"));
    ck_assert (!sumq_curve_endpoint_local ("tcp://127.evil.example:7400"));
    ck_assert (!sumq_curve_endpoint_local ("tcp://[::]:7400"));
    ck_assert (!sumq_curve_endpoint_local ("tcp://"));
    ck_assert (!sumq_curve_endpoint_local ("ws://127.0.0.1:80"));
    ck_assert (!sumq_curve_endpoint_local (""));
}
END_TEST

START_TEST (test_keygen_writes_a_private_pair_once)
{
    s_keygen ("w", SUMQ_CURVE_ROLE_WORKER);
    zcert_t *public = zcert_load (s_file ("w"));
    ck_assert_ptr_nonnull (public);
    ck_assert_str_eq (zcert_meta (public, "role"), "worker");
    struct stat info;
    ck_assert_int_eq (stat (s_file ("w_secret"), &info), 0);
    ck_assert_int_eq (info.st_mode & 077, 0);
    sumq_error_t err;
    ck_assert_int_eq (sumq_curve_keygen (s_file ("w"), SUMQ_CURVE_ROLE_CLIENT, &err), -1);
    ck_assert_ptr_nonnull (strstr (err.message, "not overwritten"));
    //  The pair on disk is still the first one.
    zcert_t *again = zcert_load (s_file ("w"));
    ck_assert_str_eq (zcert_public_txt (again), zcert_public_txt (public));
    zcert_destroy (&again);
    zcert_destroy (&public);
}
END_TEST

START_TEST (test_configure_needs_both_settings)
{
    sumq_curve_t *curve = (sumq_curve_t *) 1;
    sumq_error_t err;
    ck_assert_int_eq (sumq_curve_configure (false, NULL, "", &curve, &err), 0);
    ck_assert_ptr_null (curve);
    ck_assert_int_eq (sumq_curve_configure (true, NULL, NULL, &curve, &err), 0);
    ck_assert_ptr_null (curve);
    s_keygen ("c", SUMQ_CURVE_ROLE_CLIENT);
    setenv (SUMQ_CURVE_ENV_CERT, s_file ("c"), 1);
    ck_assert_int_eq (sumq_curve_configure (false, NULL, NULL, &curve, &err), -1);
    ck_assert_ptr_null (curve);
    ck_assert_ptr_nonnull (strstr (err.message, SUMQ_CURVE_ENV_SERVER_KEY));
    ck_assert_int_eq (sumq_curve_configure (true, s_file ("c"), NULL, &curve, &err), -1);
    ck_assert_ptr_nonnull (strstr (err.message, SUMQ_CURVE_ENV_ALLOW));
}
END_TEST

START_TEST (test_bad_keys_are_refused)
{
    s_keygen ("b", SUMQ_CURVE_ROLE_BROKER);
    s_keygen ("c", SUMQ_CURVE_ROLE_CLIENT);
    char broker [256];
    char client [256];
    snprintf (broker, sizeof broker, "%s", s_file ("b"));
    snprintf (client, sizeof client, "%s", s_file ("c"));
    sumq_error_t err;
    //  Not a key and not a file; a key one character short.
    ck_assert_ptr_null (sumq_curve_new_peer (client, "no-such-key", &err));
    ck_assert_ptr_null (sumq_curve_new_peer (client, "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf", &err));
    ck_assert_ptr_null (sumq_curve_new_peer (s_file ("missing"), broker, &err));
    //  A public cert alone cannot be one's own: remove the secret half.
    snprintf (s_path, sizeof s_path, "%s/c_secret", s_dir);
    ck_assert_int_eq (unlink (s_path), 0);
    ck_assert_ptr_null (sumq_curve_new_peer (client, broker, &err));
    ck_assert_ptr_nonnull (strstr (err.message, "no secret key"));
    //  The allow-list must be a directory.
    ck_assert_ptr_null (sumq_curve_new_server (broker, broker, &err));
    ck_assert_ptr_nonnull (strstr (err.message, "not a directory"));
}
END_TEST

//  Whether a peer with these keys gets a message through to the server
//  within wait_ms, and with which role.
static const char *
s_exchange (sumq_curve_t *server, sumq_curve_t *peer, const char *endpoint, int wait_ms,
            char *role, size_t room)
{
    zsock_t *router = zsock_new (ZMQ_ROUTER);
    sumq_curve_apply (server, router);
    ck_assert_int_ge (zsock_bind (router, "%s", endpoint), 0);
    zsock_t *dealer = zsock_new (ZMQ_DEALER);
    if (peer)
        sumq_curve_apply (peer, dealer);
    ck_assert_int_eq (zsock_connect (dealer, "%s", endpoint), 0);
    zstr_send (dealer, "hello");
    zpoller_t *poller = zpoller_new (router, NULL);
    const char *result = NULL;
    if (zpoller_wait (poller, wait_ms) == router) {
        zmsg_t *msg = zmsg_recv (router);
        zframe_t *body = zmsg_last (msg);
        const char *found = sumq_curve_role (body);
        snprintf (role, room, "%s", found? found: "");
        result = role;
        zmsg_destroy (&msg);
    }
    zpoller_destroy (&poller);
    zsock_destroy (&dealer);
    zsock_destroy (&router);
    return result;
}

START_TEST (test_allow_list_and_roles)
{
    char allow [256];
    snprintf (allow, sizeof allow, "%s/allow", s_dir);
    ck_assert_int_eq (zsys_dir_create ("%s", allow), 0);
    s_keygen ("b", SUMQ_CURVE_ROLE_BROKER);
    s_keygen ("allow/w", SUMQ_CURVE_ROLE_WORKER);
    s_keygen ("stranger", SUMQ_CURVE_ROLE_WORKER);
    //  The allow-list holds public certs only.
    snprintf (s_path, sizeof s_path, "%s/allow/w_secret", s_dir);
    char worker [256];
    snprintf (worker, sizeof worker, "%s/worker_secret", s_dir);
    ck_assert_int_eq (rename (s_path, worker), 0);

    sumq_error_t err;
    char broker [256];
    snprintf (broker, sizeof broker, "%s", s_file ("b"));
    sumq_curve_t *server = sumq_curve_new_server (broker, allow, &err);
    ck_assert_ptr_nonnull (server);
    sumq_curve_t *known = sumq_curve_new_peer (worker, broker, &err);
    ck_assert_ptr_nonnull (known);
    sumq_curve_t *stranger = sumq_curve_new_peer (s_file ("stranger"), broker, &err);
    ck_assert_ptr_nonnull (stranger);
    //  The broker's key given as text works as well as its cert file.
    zcert_t *broker_cert = zcert_load (broker);
    sumq_curve_t *by_text = sumq_curve_new_peer (worker, zcert_public_txt (broker_cert), &err);
    ck_assert_ptr_nonnull (by_text);
    zcert_destroy (&broker_cert);

    char endpoint [300];
    snprintf (endpoint, sizeof endpoint, "ipc://%s/curve.ipc", s_dir);
    //  Let in at once (the bound is for slow runs, under valgrind); the
    //  refused would have been let in well within half a second.
    char role [32];
    ck_assert_ptr_nonnull (s_exchange (server, known, endpoint, 5000, role, sizeof role));
    ck_assert_str_eq (role, "worker");
    ck_assert_ptr_nonnull (s_exchange (server, by_text, endpoint, 5000, role, sizeof role));
    ck_assert_str_eq (role, "worker");
    ck_assert_ptr_null (s_exchange (server, stranger, endpoint, 500, role, sizeof role));
    ck_assert_ptr_null (s_exchange (server, NULL, endpoint, 500, role, sizeof role));

    sumq_curve_destroy (&by_text);
    sumq_curve_destroy (&stranger);
    sumq_curve_destroy (&known);
    sumq_curve_destroy (&server);
    ck_assert_ptr_null (server);
    sumq_curve_destroy (&server);
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *suite = suite_create ("curve");
    TCase *pure = tcase_create ("endpoints and files");
    tcase_add_checked_fixture (pure, s_setup, s_teardown);
    tcase_add_test (pure, test_local_endpoints);
    tcase_add_test (pure, test_keygen_writes_a_private_pair_once);
    tcase_add_test (pure, test_configure_needs_both_settings);
    tcase_add_test (pure, test_bad_keys_are_refused);
    suite_add_tcase (suite, pure);
    TCase *wire = tcase_create ("connections");
    tcase_add_checked_fixture (wire, s_setup, s_teardown);
    tcase_set_timeout (wire, 10);
    tcase_add_test (wire, test_allow_list_and_roles);
    suite_add_tcase (suite, wire);
    return suite;
}

int
main (void)
{
    return suite_run (s_suite ());
}
