/*  check_metrics: the Prometheus page rendered from a status body, and
    the HTTP endpoint that serves it (real sockets on 127.0.0.1).      */
#include <check.h>
#include "suite_run.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include "metrics.h"

#define S_REPLY_MAX     65536
#define S_TIMEOUT_S     5

static const char *s_status_text =
    "{\"version\":1,\"uptime_ms\":1500,\"jobs_in_flight\":2,\"jobs_done\":7,\"jobs_failed\":1,"
    "\"services\":{\"parse\":{\"workers\":2,\"idle\":1,\"queued\":3,\"done\":8,\"failed\":1,"
    "\"throughput\":4.5,\"latency_ms\":{\"p50\":1.5,\"p99\":12.0}}},"
    "\"workers\":[{\"id\":\"00ab\",\"service\":\"parse\",\"address\":\"10.9.8.7\","
    "\"busy\":true,\"jobs\":5,\"last_heartbeat_ms\":250}]}";

static json_t *
s_status (void)
{
    json_t *status = json_loads (s_status_text, 0, NULL);
    ck_assert_ptr_nonnull (status);
    return status;
}

START_TEST (test_render_every_family)
{
    json_t *status = s_status ();
    char *page = sumq_metrics_render (status);
    ck_assert_ptr_nonnull (page);
    const char *expected [] = {
        "# TYPE sumq_uptime_seconds gauge\nsumq_uptime_seconds 1.5\n",
        "sumq_jobs_in_flight 2\n",
        "sumq_jobs_total{result=\"done\"} 7\n",
        "sumq_jobs_total{result=\"failed\"} 1\n",
        "sumq_service_workers{service=\"parse\"} 2\n",
        "sumq_service_idle_workers{service=\"parse\"} 1\n",
        "sumq_service_queued_jobs{service=\"parse\"} 3\n",
        "sumq_service_jobs_total{service=\"parse\",result=\"done\"} 8\n",
        "sumq_service_jobs_total{service=\"parse\",result=\"failed\"} 1\n",
        "sumq_service_throughput_jobs_per_second{service=\"parse\"} 4.5\n",
        "sumq_service_latency_seconds{service=\"parse\",quantile=\"0.5\"} 0.0015\n",
        "sumq_service_latency_seconds{service=\"parse\",quantile=\"0.99\"} 0.012\n",
        "sumq_worker_jobs_total{service=\"parse\",worker=\"00ab\",address=\"10.9.8.7\"} 5\n",
        "sumq_worker_last_heartbeat_seconds{service=\"parse\",worker=\"00ab\",address=\"10.9.8.7\"} 0.25\n",
    };
    for (size_t i = 0; i < sizeof expected / sizeof expected [0]; i++)
        ck_assert_msg (strstr (page, expected [i]), "missing: %s\nin:\n%s", expected [i], page);
    //  Each family is declared exactly once.
    const char *first = strstr (page, "# TYPE sumq_service_latency_seconds");
    ck_assert_ptr_nonnull (first);
    ck_assert_ptr_null (strstr (first + 1, "# TYPE sumq_service_latency_seconds"));
    free (page);
    json_decref (status);
}
END_TEST

START_TEST (test_render_escapes_labels_and_skips_missing)
{
    json_t *status = json_pack ("{s:{s:{s:i}}}", "services", "pa\"r\\se\n", "workers", 1);
    char *page = sumq_metrics_render (status);
    ck_assert_ptr_nonnull (page);
    ck_assert_ptr_nonnull (strstr (page, "sumq_service_workers{service=\"pa\\\"r\\\\se\\n\"} 1\n"));
    //  No uptime, no counts: those lines are left out, not made up.
    ck_assert_ptr_null (strstr (page, "sumq_uptime_seconds "));
    ck_assert_ptr_null (strstr (page, "sumq_service_queued_jobs{"));
    free (page);
    json_decref (status);
}
END_TEST

//  One HTTP/1.0 request; returns the whole answer (headers and body).
static char *
s_http (int port, const char *method, const char *path)
{
    int fd = socket (AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ge (fd, 0);
    struct timeval timeout = { S_TIMEOUT_S, 0 };
    setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons ((uint16_t) port) };
    inet_pton (AF_INET, "127.0.0.1", &address.sin_addr);
    ck_assert_int_eq (connect (fd, (struct sockaddr *) &address, sizeof address), 0);
    char request [256];
    int length = snprintf (request, sizeof request, "%s %s HTTP/1.0\r\nHost: localhost\r\n\r\n",
                           method, path);
    ck_assert_int_eq (write (fd, request, (size_t) length), length);
    char *reply = calloc (1, S_REPLY_MAX);
    ck_assert_ptr_nonnull (reply);
    size_t size = 0;
    ssize_t got;
    while (size < S_REPLY_MAX - 1 && (got = read (fd, reply + size, S_REPLY_MAX - 1 - size)) > 0)
        size += (size_t) got;
    close (fd);
    return reply;
}

START_TEST (test_serves_the_published_page)
{
    sumq_error_t err;
    sumq_metrics_t *metrics = sumq_metrics_new ("127.0.0.1:0", &err);
    ck_assert_ptr_nonnull (metrics);
    int port = sumq_metrics_port (metrics);
    ck_assert_int_gt (port, 0);

    //  Before anything is published the page is empty, not an error.
    char *reply = s_http (port, "GET", "/metrics");
    ck_assert_ptr_nonnull (strstr (reply, " 200 "));
    ck_assert_ptr_null (strstr (reply, "sumq_"));
    free (reply);

    json_t *status = s_status ();
    sumq_metrics_publish (metrics, status);
    reply = s_http (port, "GET", "/metrics");
    ck_assert_msg (strncmp (reply, "HTTP/1.", 7) == 0 && strstr (reply, " 200 "), "%s", reply);
    ck_assert_ptr_nonnull (strstr (reply, "text/plain; version=0.0.4"));
    ck_assert_ptr_nonnull (strstr (reply, "sumq_service_queued_jobs{service=\"parse\"} 3\n"));
    free (reply);

    reply = s_http (port, "GET", "/healthz");
    ck_assert_ptr_nonnull (strstr (reply, " 200 "));
    ck_assert_ptr_nonnull (strstr (reply, "\r\n\r\nok\n"));
    free (reply);
    reply = s_http (port, "GET", "/nothing");
    ck_assert_ptr_nonnull (strstr (reply, " 404 "));
    free (reply);
    reply = s_http (port, "DELETE", "/metrics");
    ck_assert_ptr_nonnull (strstr (reply, " 405 "));
    free (reply);

    //  A second server on the same port is refused with a message.
    char address [32];
    snprintf (address, sizeof address, "127.0.0.1:%d", port);
    sumq_metrics_t *other = sumq_metrics_new (address, &err);
    ck_assert_ptr_null (other);
    ck_assert_ptr_nonnull (strstr (err.message, "cannot serve"));

    json_decref (status);
    sumq_metrics_destroy (&metrics);
    ck_assert_ptr_null (metrics);
}
END_TEST

START_TEST (test_bad_addresses)
{
    const char *bad [] = { "", "9100", "127.0.0.1", "127.0.0.1:", "127.0.0.1:http",
                           "127.0.0.1:70000", "localhost:9100", "[::1:9100", ":9100" };
    for (size_t i = 0; i < sizeof bad / sizeof bad [0]; i++) {
        sumq_error_t err;
        ck_assert_msg (sumq_metrics_new (bad [i], &err) == NULL, "accepted '%s'", bad [i]);
        ck_assert_str_eq (err.code, "bad_request");
    }
    sumq_error_t err;
    sumq_metrics_t *metrics = sumq_metrics_new ("[::1]:0", &err);
    //  A host without IPv6 cannot bind ::1; that is not this test's point.
    if (metrics)
        ck_assert_int_gt (sumq_metrics_port (metrics), 0);
    sumq_metrics_destroy (&metrics);
}
END_TEST

typedef struct {
    int port;
    int requests;
    int complete;       //  pages that ended with the last family
} s_scraper_t;

static void *
s_scrape (void *args)
{
    s_scraper_t *scraper = args;
    for (int i = 0; i < scraper->requests; i++) {
        char *reply = s_http (scraper->port, "GET", "/metrics");
        char *body = strstr (reply, "\r\n\r\n");
        if (body && (body [4] == 0 || strstr (body, "sumq_worker_last_heartbeat_seconds{")))
            scraper->complete++;
        free (reply);
    }
    return NULL;
}

START_TEST (test_scrapes_while_publishing)
{
    //  The HTTP thread reads while this thread replaces the page: every
    //  page scraped is whole (AddressSanitizer would see a torn one).
    sumq_error_t err;
    sumq_metrics_t *metrics = sumq_metrics_new ("127.0.0.1:0", &err);
    ck_assert_ptr_nonnull (metrics);
    s_scraper_t scraper = { sumq_metrics_port (metrics), 50, 0 };
    pthread_t thread;
    ck_assert_int_eq (pthread_create (&thread, NULL, s_scrape, &scraper), 0);
    json_t *status = s_status ();
    for (int i = 0; i < 2000; i++) {
        json_object_set_new (status, "uptime_ms", json_integer (i));
        sumq_metrics_publish (metrics, status);
    }
    pthread_join (thread, NULL);
    ck_assert_int_eq (scraper.complete, scraper.requests);
    json_decref (status);
    sumq_metrics_destroy (&metrics);
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *suite = suite_create ("metrics");
    TCase *render = tcase_create ("render");
    tcase_add_test (render, test_render_every_family);
    tcase_add_test (render, test_render_escapes_labels_and_skips_missing);
    suite_add_tcase (suite, render);
    TCase *http = tcase_create ("http");
    tcase_add_test (http, test_serves_the_published_page);
    tcase_add_test (http, test_bad_addresses);
    tcase_add_test (http, test_scrapes_while_publishing);
    suite_add_tcase (suite, http);
    return suite;
}

int
main (void)
{
    return suite_run (s_suite ());
}
