/*  sumq stats: the broker's status in full, once or refreshed: per
    service its workers, queue, counts, throughput and latency; per
    worker its jobs and when the broker last heard from it.

    Same STATUS request as `sumq status` (the body has every field);
    this is the operator's view, that one the scripts' (--wait).       */
#include "cli.h"
#include "sumq_client.h"
#include "sumq_proto.h"
#include <czmq.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define S_CMD               "stats"
#define S_WATCH_DEFAULT_MS  2000
//  How often a watch wakes up to notice Ctrl-C between refreshes.
#define S_NAP_MS            100

static void
s_usage (FILE *out)
{
    fprintf (out,
        "Usage: sumq stats [OPTIONS]\n"
        "\n"
        "Shows, per service, the workers connected, queued jobs, jobs done and failed,\n"
        "throughput (jobs/s over the last 10 s) and latency p50/p99 at a worker (over\n"
        "the last 1024 jobs); then per worker its address, jobs and last heartbeat.\n"
        "\n"
        "  -b, --broker EP      broker endpoint (default $SUMQ_BROKER, else %s)\n"
        "  -t, --timeout SECS   how long to wait for each answer (default 5)\n"
        "  -w, --watch [SECS]   refresh every SECS (default 2) until Ctrl-C\n"
        "  -n, --count N        with --watch, stop after N refreshes\n"
        "  -f, --format FORMAT  text or json (one status body per line)\n"
        "  -h, --help           this help\n"
        "\n"
        "Exit codes: 0 the broker answered every time; 2 usage error; 3 no answer\n"
        "(or interrupted before the first one).\n",
        SUMQ_DEFAULT_ENDPOINT);
}

static long long
s_int (const json_t *object, const char *key)
{
    return (long long) json_integer_value (json_object_get (object, key));
}

static double
s_real (const json_t *object, const char *key)
{
    return json_number_value (json_object_get (object, key));
}

static int
s_stage (const json_t *worker)
{
    const char *service = json_string_value (json_object_get (worker, "service"));
    for (int i = 0; service && i < SUMQ_SERVICE_COUNT; i++)
        if (!strcmp (service, sumq_services [i]))
            return i;
    return SUMQ_SERVICE_COUNT;
}

//  Workers by stage (in pipeline order), then by id: the broker lists
//  them in no particular order.
static int
s_worker_order (const void *a, const void *b)
{
    const json_t *x = *(const json_t *const *) a, *y = *(const json_t *const *) b;
    int by_stage = s_stage (x) - s_stage (y);
    if (by_stage)
        return by_stage;
    const char *x_id = json_string_value (json_object_get (x, "id"));
    const char *y_id = json_string_value (json_object_get (y, "id"));
    return strcmp (x_id? x_id: "", y_id? y_id: "");
}

static void
s_print_text (const json_t *status)
{
    printf ("broker up %.1f s; jobs: %lld in flight, %lld done, %lld failed\n\n",
            s_int (status, "uptime_ms") / 1000.0, s_int (status, "jobs_in_flight"),
            s_int (status, "jobs_done"), s_int (status, "jobs_failed"));
    printf ("%-10s %7s %5s %7s %9s %7s %9s %9s %9s\n", "service", "workers", "idle",
            "queued", "done", "failed", "jobs/s", "p50 ms", "p99 ms");
    const char *name;
    json_t *service;
    json_object_foreach (json_object_get (status, "services"), name, service) {
        json_t *latency = json_object_get (service, "latency_ms");
        printf ("%-10s %7lld %5lld %7lld %9lld %7lld %9.1f %9.2f %9.2f\n", name,
                s_int (service, "workers"), s_int (service, "idle"), s_int (service, "queued"),
                s_int (service, "done"), s_int (service, "failed"), s_real (service, "throughput"),
                s_real (latency, "p50"), s_real (latency, "p99"));
    }
    json_t *workers = json_object_get (status, "workers");
    size_t count = json_array_size (workers);
    json_t **sorted = count? calloc (count, sizeof *sorted): NULL;
    if (!sorted)
        return;
    for (size_t index = 0; index < count; index++)
        sorted [index] = json_array_get (workers, index);
    qsort (sorted, count, sizeof *sorted, s_worker_order);
    printf ("\n%-12s %-10s %-24s %-5s %9s %s\n", "worker", "service", "address", "busy",
            "jobs", "last heartbeat");
    for (size_t index = 0; index < count; index++) {
        const json_t *worker = sorted [index];
        const char *address = json_string_value (json_object_get (worker, "address"));
        printf ("%-12s %-10s %-24s %-5s %9lld %.1f s ago\n",
                json_string_value (json_object_get (worker, "id")),
                json_string_value (json_object_get (worker, "service")),
                address && *address? address: "-",
                json_is_true (json_object_get (worker, "busy"))? "yes": "no",
                s_int (worker, "jobs"), s_int (worker, "last_heartbeat_ms") / 1000.0);
    }
    free (sorted);
}

//  Sleeps ms, waking up to notice an interrupt; false when interrupted.
static bool
s_nap (int ms)
{
    int64_t until = zclock_mono () + ms;
    while (!zsys_interrupted && zclock_mono () < until)
        zclock_sleep (S_NAP_MS);
    return !zsys_interrupted;
}

int
cli_stats (int argc, char **argv)
{
    static const struct option longopts [] = {
        { "broker", required_argument, 0, 'b' }, { "timeout", required_argument, 0, 't' },
        { "watch", optional_argument, 0, 'w' }, { "count", required_argument, 0, 'n' },
        { "format", required_argument, 0, 'f' }, { "help", no_argument, 0, 'h' },
        { 0, 0, 0, 0 }
    };
    const char *broker = NULL, *format = "text";
    int timeout_ms = 5000, watch_ms = 0, opt;
    long count = 0;
    optind = 1;
    while ((opt = getopt_long (argc, argv, "b:t:w::n:f:h", longopts, NULL)) != -1) {
        switch (opt) {
            case 'b': broker = optarg; break;
            case 't':
                if (!cli_parse_seconds (S_CMD, "timeout", optarg, &timeout_ms))
                    return SUMQ_EXIT_USAGE;
                break;
            case 'w':
                //  getopt only takes an optional value glued on (--watch=2);
                //  "--watch 2" is what people type, so take that too.
                if (!optarg && optind < argc && argv [optind][0] >= '0' && argv [optind][0] <= '9')
                    optarg = argv [optind++];
                watch_ms = S_WATCH_DEFAULT_MS;
                if (optarg && !cli_parse_seconds (S_CMD, "watch", optarg, &watch_ms))
                    return SUMQ_EXIT_USAGE;
                break;
            case 'n':
                if (!cli_parse_int (S_CMD, "count", optarg, 1, 1000000000, &count))
                    return SUMQ_EXIT_USAGE;
                break;
            case 'f': format = optarg; break;
            case 'h': s_usage (stdout); return SUMQ_EXIT_OK;
            default: fprintf (stderr, "Try 'sumq stats --help'.\n"); return SUMQ_EXIT_USAGE;
        }
    }
    bool json = !strcmp (format, "json");
    if (optind < argc || (!json && strcmp (format, "text"))) {
        fprintf (stderr, "sumq stats: takes no arguments; --format is text or json\n");
        return SUMQ_EXIT_USAGE;
    }
    if (!watch_ms)
        count = 1;
    sumq_error_t err;
    sumq_client_t *client = sumq_client_new (broker, &err);
    if (!client) {
        fprintf (stderr, "sumq stats: %s\n", err.message);
        return SUMQ_EXIT_UNAVAILABLE;
    }
    //  Redrawing in place only makes sense on a screen; piped, each
    //  refresh follows the last.
    bool redraw = !json && isatty (STDOUT_FILENO);
    int status_code = SUMQ_EXIT_OK;
    for (long shown = 0; !count || shown < count; shown++) {
        if (shown && !s_nap (watch_ms))
            break;
        json_t *status = sumq_client_status (client, timeout_ms, &err);
        if (!status) {
            fprintf (stderr, "sumq stats: %s\n", err.message);
            status_code = SUMQ_EXIT_UNAVAILABLE;
            break;
        }
        if (json) {
            char *text = json_dumps (status, SUMQ_JSON_FLAGS);
            printf ("%s\n", text? text: "");
            free (text);
        }
        else {
            if (redraw)
                printf ("\033[H\033[2J");
            else
            if (shown)
                printf ("\n");
            s_print_text (status);
        }
        fflush (stdout);
        json_decref (status);
    }
    sumq_client_destroy (&client);
    return status_code;
}
