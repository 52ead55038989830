#include "metrics.h"
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

//  A scraper that stalls cannot hold connections for long, nor many.
#define S_CONNECTION_TIMEOUT_S  10
#define S_CONNECTION_LIMIT      32
#define S_CONTENT_TYPE          "text/plain; version=0.0.4; charset=utf-8"

struct _sumq_metrics_t {
    struct MHD_Daemon *daemon;
    pthread_mutex_t lock;       //  guards page: the loop writes, HTTP reads
    char *page;
    int port;
};


//  --------------------------------------------------------------------------
//  Rendering

//  A label value with \, " and newlines escaped, as the format asks.
static void
s_label (FILE *out, const char *value)
{
    for (const char *c = value; *c; c++)
        if (*c == '\\' || *c == '"')
            fprintf (out, "\\%c", *c);
        else
        if (*c == '\n')
            fputs ("\\n", out);
        else
            fputc (*c, out);
}

static void
s_family (FILE *out, const char *name, const char *type, const char *help)
{
    fprintf (out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

//  One sample per service of the number at key in the service's object;
//  services without it are skipped.
static void
s_per_service (FILE *out, const json_t *services, const char *name, const char *type,
               const char *help, const char *key)
{
    s_family (out, name, type, help);
    const char *service_name;
    json_t *service;
    json_object_foreach ((json_t *) services, service_name, service) {
        json_t *value = json_object_get (service, key);
        if (!json_is_number (value))
            continue;
        fputs (name, out);
        fputs ("{service=\"", out);
        s_label (out, service_name);
        fprintf (out, "\"} %.15g\n", json_number_value (value));
    }
}

static void
s_per_worker (FILE *out, const json_t *workers, const char *name, const char *type,
              const char *help, const char *key, double scale)
{
    s_family (out, name, type, help);
    size_t index;
    json_t *worker;
    json_array_foreach (workers, index, worker) {
        json_t *value = json_object_get (worker, key);
        const char *id = json_string_value (json_object_get (worker, "id"));
        const char *service = json_string_value (json_object_get (worker, "service"));
        const char *address = json_string_value (json_object_get (worker, "address"));
        if (!json_is_number (value) || !id || !service)
            continue;
        fprintf (out, "%s{service=\"", name);
        s_label (out, service);
        fputs ("\",worker=\"", out);
        s_label (out, id);
        fputs ("\",address=\"", out);
        s_label (out, address? address: "");
        fprintf (out, "\"} %.15g\n", json_number_value (value) * scale);
    }
}

char *
sumq_metrics_render (const json_t *status)
{
    char *page = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&page, &size);
    if (!out)
        return NULL;
    json_t *value;
    if ((value = json_object_get (status, "uptime_ms"))) {
        s_family (out, "sumq_uptime_seconds", "gauge", "Time since the broker started.");
        fprintf (out, "sumq_uptime_seconds %.15g\n", json_number_value (value) / 1000);
    }
    if ((value = json_object_get (status, "jobs_in_flight"))) {
        s_family (out, "sumq_jobs_in_flight", "gauge", "Jobs accepted and not answered yet.");
        fprintf (out, "sumq_jobs_in_flight %.15g\n", json_number_value (value));
    }
    json_t *done = json_object_get (status, "jobs_done");
    json_t *failed = json_object_get (status, "jobs_failed");
    if (done && failed) {
        s_family (out, "sumq_jobs_total", "counter", "Jobs answered, by result.");
        fprintf (out, "sumq_jobs_total{result=\"done\"} %.15g\n", json_number_value (done));
        fprintf (out, "sumq_jobs_total{result=\"failed\"} %.15g\n", json_number_value (failed));
    }
    json_t *services = json_object_get (status, "services");
    if (json_is_object (services)) {
        s_per_service (out, services, "sumq_service_workers", "gauge",
                       "Workers registered for the service.", "workers");
        s_per_service (out, services, "sumq_service_idle_workers", "gauge",
                       "Registered workers without a job.", "idle");
        s_per_service (out, services, "sumq_service_queued_jobs", "gauge",
                       "Jobs waiting for a worker of the service.", "queued");
        s_family (out, "sumq_service_jobs_total", "counter",
                  "Jobs that left the stage, by result.");
        const char *name;
        json_t *service;
        json_object_foreach (services, name, service)
            for (int ok = 1; ok >= 0; ok--) {
                json_t *count = json_object_get (service, ok? "done": "failed");
                if (!json_is_number (count))
                    continue;
                fputs ("sumq_service_jobs_total{service=\"", out);
                s_label (out, name);
                fprintf (out, "\",result=\"%s\"} %.15g\n", ok? "done": "failed",
                         json_number_value (count));
            }
        s_per_service (out, services, "sumq_service_throughput_jobs_per_second", "gauge",
                       "Jobs the stage completed per second, recently.", "throughput");
        //  Quantiles over a window of recent jobs: a gauge, since they are
        //  not a Prometheus summary (no _sum or _count over all time).
        s_family (out, "sumq_service_latency_seconds", "gauge",
                  "Time a worker of the stage took per job, over its recent jobs.");
        json_object_foreach (services, name, service)
            for (int which = 0; which < 2; which++) {
                json_t *ms = json_object_get (json_object_get (service, "latency_ms"),
                                              which? "p99": "p50");
                if (!json_is_number (ms))
                    continue;
                fputs ("sumq_service_latency_seconds{service=\"", out);
                s_label (out, name);
                fprintf (out, "\",quantile=\"%s\"} %.15g\n", which? "0.99": "0.5",
                         json_number_value (ms) / 1000);
            }
    }
    json_t *workers = json_object_get (status, "workers");
    if (json_is_array (workers)) {
        s_per_worker (out, workers, "sumq_worker_jobs_total", "counter",
                      "Jobs the worker completed.", "jobs", 1);
        s_per_worker (out, workers, "sumq_worker_last_heartbeat_seconds", "gauge",
                      "Time since the broker last heard from the worker.", "last_heartbeat_ms", 0.001);
    }
    if (fclose (out) != 0) {
        free (page);
        return NULL;
    }
    return page;
}


//  --------------------------------------------------------------------------
//  Serving

static enum MHD_Result
s_answer (struct MHD_Connection *connection, unsigned int code, char *text, bool owned)
{
    size_t size = text? strlen (text): 0;
    struct MHD_Response *response = MHD_create_response_from_buffer (
        size, text? text: (char *) "", owned && text? MHD_RESPMEM_MUST_FREE: MHD_RESPMEM_PERSISTENT);
    if (!response) {
        if (owned)
            free (text);
        return MHD_NO;
    }
    MHD_add_response_header (response, MHD_HTTP_HEADER_CONTENT_TYPE, S_CONTENT_TYPE);
    enum MHD_Result result = MHD_queue_response (connection, code, response);
    MHD_destroy_response (response);
    return result;
}

//  Runs in libmicrohttpd's thread: touches nothing but the page, locked.
static enum MHD_Result
s_request (void *cls, struct MHD_Connection *connection, const char *url,
           const char *method, const char *version, const char *upload_data,
           size_t *upload_data_size, void **request_state)
{
    sumq_metrics_t *self = cls;
    if (strcmp (method, MHD_HTTP_METHOD_GET) && strcmp (method, MHD_HTTP_METHOD_HEAD))
        return s_answer (connection, MHD_HTTP_METHOD_NOT_ALLOWED, "GET only\n", false);
    if (!strcmp (url, "/healthz"))
        return s_answer (connection, MHD_HTTP_OK, "ok\n", false);
    if (strcmp (url, "/metrics"))
        return s_answer (connection, MHD_HTTP_NOT_FOUND, "not found; try /metrics\n", false);
    pthread_mutex_lock (&self->lock);
    char *page = strdup (self->page? self->page: "");
    pthread_mutex_unlock (&self->lock);
    if (!page)
        return MHD_NO;
    return s_answer (connection, MHD_HTTP_OK, page, true);
}

//  Splits "HOST:PORT" or "[V6]:PORT" and resolves it, numerically only:
//  a metrics address is configuration, not something to look up in DNS.
static struct addrinfo *
s_resolve (const char *address, sumq_error_t *err)
{
    char host [256];
    const char *colon = strrchr (address, ':');
    size_t length = colon? (size_t) (colon - address): 0;
    if (length >= 2 && address [0] == '[' && address [length - 1] == ']') {
        address++;
        length -= 2;
    }
    char *end = NULL;
    long port = colon? strtol (colon + 1, &end, 10): -1;
    if (!colon || length == 0 || length >= sizeof host || end == colon + 1 || *end
    ||  port < 0 || port > 65535) {
        sumq_error_set (err, SUMQ_E_BAD_REQUEST,
                        "metrics address '%s' is not HOST:PORT (e.g. 127.0.0.1:9100)", address);
        return NULL;
    }
    memcpy (host, address, length);
    host [length] = 0;
    struct addrinfo hints = { .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV,
                              .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
    struct addrinfo *found = NULL;
    int rc = getaddrinfo (host, colon + 1, &hints, &found);
    if (rc != 0) {
        sumq_error_set (err, SUMQ_E_BAD_REQUEST, "metrics address '%s': %s", host, gai_strerror (rc));
        return NULL;
    }
    return found;
}

sumq_metrics_t *
sumq_metrics_new (const char *address, sumq_error_t *err)
{
    struct addrinfo *found = s_resolve (address, err);
    if (!found)
        return NULL;
    sumq_metrics_t *self = calloc (1, sizeof *self);
    if (!self) {
        freeaddrinfo (found);
        sumq_error_set (err, SUMQ_E_INTERNAL, "out of memory");
        return NULL;
    }
    pthread_mutex_init (&self->lock, NULL);
    unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG
                       | (found->ai_family == AF_INET6? MHD_USE_IPv6: 0);
    self->daemon = MHD_start_daemon (flags, 0, NULL, NULL, s_request, self,
                                     MHD_OPTION_SOCK_ADDR, found->ai_addr,
                                     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int) S_CONNECTION_TIMEOUT_S,
                                     MHD_OPTION_CONNECTION_LIMIT, (unsigned int) S_CONNECTION_LIMIT,
                                     MHD_OPTION_END);
    freeaddrinfo (found);
    if (!self->daemon) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "cannot serve metrics on %s (in use?)", address);
        sumq_metrics_destroy (&self);
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info (self->daemon, MHD_DAEMON_INFO_BIND_PORT);
    self->port = info? (int) info->port: 0;
    return self;
}

void
sumq_metrics_destroy (sumq_metrics_t **self_p)
{
    if (*self_p) {
        sumq_metrics_t *self = *self_p;
        //  Joins the HTTP thread first: nothing reads the page after this.
        if (self->daemon)
            MHD_stop_daemon (self->daemon);
        pthread_mutex_destroy (&self->lock);
        free (self->page);
        free (self);
        *self_p = NULL;
    }
}

int
sumq_metrics_port (sumq_metrics_t *self)
{
    return self->port;
}

void
sumq_metrics_publish (sumq_metrics_t *self, const json_t *status)
{
    char *page = sumq_metrics_render (status);
    if (!page)
        return;
    pthread_mutex_lock (&self->lock);
    char *old = self->page;
    self->page = page;
    pthread_mutex_unlock (&self->lock);
    free (old);
}
