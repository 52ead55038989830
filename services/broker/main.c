/*  sumq-broker: the broker program. Options in s_usage; see broker.h.  */
#include "broker.h"
#include "options.h"
#include "sumq_proto.h"
#include "log.h"
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#define S_PROGRAM       "sumq-broker"
#define S_MAX_MS        (24 * 3600 * 1000)
#define S_MAX_COUNT     1000
#define S_KEEP_HOURS    24          //  answers kept in the store by default
#define S_MAX_KEEP_HOURS (24 * 365)

static void
s_usage (void)
{
    printf ("Usage: %s [OPTION]...\n"
            "Routes documents from sumq clients through parse, rank and summarize workers.\n"
            "\n"
            "  --bind EP          endpoint to bind; repeat for several (default %s)\n"
            "  --heartbeat MS     heartbeat interval in ms (default %d)\n"
            "  --liveness N       heartbeats a worker may miss before it counts as dead (default %d)\n"
            "  --job-timeout MS   deadline of a job from its acceptance, in ms (default %d)\n"
            "  --max-attempts N   workers a job may lose before it fails with worker_failed (default %d)\n"
            "  --max-queue N      unfinished jobs held at most; beyond, requests get busy (default %d)\n"
            "  --max-doc BYTES    document size limit; bigger requests get too_large (default %d)\n"
            "  --curve-secret FILE  our CURVE certificate, role broker (default $%s)\n"
            "  --curve-allow DIR  the public certificates of the clients and workers\n"
            "                     let in (default $%s); with both, CURVE is on\n"
            "  --store PATH       keep accepted jobs and answers in this SQLite file, so a\n"
            "                     restarted broker finishes them (default: none, in memory)\n"
            "  --keep HOURS       how long the store keeps answers (default %d)\n"
            "  --metrics HOST:PORT  serve Prometheus metrics on http://HOST:PORT/metrics\n"
            "                     (e.g. 127.0.0.1:9100; port 0 picks one, logged)\n"
            "  --log-json         log one JSON object per line (also SUMQ_LOG_FORMAT=json)\n"
            "  -v, --verbose      log every message\n"
            "  -h, --help         show this help and exit\n"
            "  -V, --version      show the version and exit\n"
            "\n"
            "Exit status: 0 after SIGINT/SIGTERM, 1 on a runtime failure, 2 on a usage error.\n",
            S_PROGRAM, SUMQ_DEFAULT_ENDPOINT, SUMQ_HEARTBEAT_MS, SUMQ_LIVENESS,
            SUMQ_BROKER_JOB_TIMEOUT_MS, SUMQ_BROKER_MAX_ATTEMPTS, SUMQ_BROKER_MAX_QUEUE,
            SUMQ_DEFAULT_MAX_DOC, SUMQ_CURVE_ENV_SECRET, SUMQ_CURVE_ENV_ALLOW, S_KEEP_HOURS);
}

enum { S_BIND = 256, S_HEARTBEAT, S_LIVENESS, S_JOB_TIMEOUT, S_MAX_ATTEMPTS,
       S_MAX_QUEUE, S_MAX_DOC, S_CURVE_SECRET, S_CURVE_ALLOW, S_METRICS, S_LOG_JSON,
       S_STORE, S_KEEP };

//  Settings of the program itself, beside the broker's config.
typedef struct {
    const char *metrics;        //  --metrics HOST:PORT, or NULL
    bool log_json;
    const char *store;          //  --store PATH, or NULL
    long keep_hours;
} s_extra_t;

//  Reads the command line into config and binds; returns -1 to go on,
//  else the exit status.
static int
s_parse (int argc, char **argv, sumq_broker_config_t *config,
         const char **binds, size_t *bind_count, bool *verbose, const char **curve_args,
         s_extra_t *extra)
{
    static const struct option options [] = {
        { "bind",         required_argument, NULL, S_BIND },
        { "heartbeat",    required_argument, NULL, S_HEARTBEAT },
        { "liveness",     required_argument, NULL, S_LIVENESS },
        { "job-timeout",  required_argument, NULL, S_JOB_TIMEOUT },
        { "max-attempts", required_argument, NULL, S_MAX_ATTEMPTS },
        { "max-queue",    required_argument, NULL, S_MAX_QUEUE },
        { "max-doc",      required_argument, NULL, S_MAX_DOC },
        { "curve-secret", required_argument, NULL, S_CURVE_SECRET },
        { "curve-allow",  required_argument, NULL, S_CURVE_ALLOW },
        { "metrics",      required_argument, NULL, S_METRICS },
        { "log-json",     no_argument,       NULL, S_LOG_JSON },
        { "store",        required_argument, NULL, S_STORE },
        { "keep",         required_argument, NULL, S_KEEP },
        { "verbose",      no_argument,       NULL, 'v' },
        { "help",         no_argument,       NULL, 'h' },
        { "version",      no_argument,       NULL, 'V' },
        { NULL, 0, NULL, 0 }
    };
    int option;
    int index;
    while ((option = getopt_long (argc, argv, "vhV", options, &index)) != -1) {
        long value = 0;
        const char *name = option >= S_BIND? options [index].name: NULL;
        int rc = 0;
        char flag [32];
        if (name)
            snprintf (flag, sizeof flag, "--%s", name);
        switch (option) {
            case S_BIND:
                binds [(*bind_count)++] = optarg;
                break;
            case S_HEARTBEAT:
                rc = sumq_option_long (S_PROGRAM, flag, optarg, 1, S_MAX_MS, &value);
                config->heartbeat_ms = (int) value;
                break;
            case S_LIVENESS:
                rc = sumq_option_long (S_PROGRAM, flag, optarg, 1, S_MAX_COUNT, &value);
                config->liveness = (int) value;
                break;
            case S_JOB_TIMEOUT:
                rc = sumq_option_long (S_PROGRAM, flag, optarg, 1, INT_MAX, &value);
                config->job_timeout_ms = (int) value;
                break;
            case S_MAX_ATTEMPTS:
                rc = sumq_option_long (S_PROGRAM, flag, optarg, 1, S_MAX_COUNT, &value);
                config->max_attempts = (int) value;
                break;
            case S_MAX_QUEUE:
                rc = sumq_option_long (S_PROGRAM, flag, optarg, 1, SUMQ_BROKER_MAX_QUEUE_LIMIT, &value);
                config->max_queue = (size_t) value;
                break;
            case S_MAX_DOC:
                rc = sumq_option_long (S_PROGRAM, flag, optarg, 1, SUMQ_BROKER_MAX_DOC_LIMIT, &value);
                config->max_doc = (size_t) value;
                break;
            case S_CURVE_SECRET:
                curve_args [0] = optarg;
                break;
            case S_CURVE_ALLOW:
                curve_args [1] = optarg;
                break;
            case S_METRICS:
                extra->metrics = optarg;
                break;
            case S_LOG_JSON:
                extra->log_json = true;
                break;
            case S_STORE:
                extra->store = optarg;
                break;
            case S_KEEP:
                rc = sumq_option_long (S_PROGRAM, flag, optarg, 1, S_MAX_KEEP_HOURS, &extra->keep_hours);
                break;
            case 'v':
                *verbose = true;
                break;
            case 'h':
                s_usage ();
                return SUMQ_EXIT_OK;
            case 'V':
                printf ("%s %s\n", S_PROGRAM, SUMQ_VERSION);
                return SUMQ_EXIT_OK;
            default:
                return sumq_option_hint (S_PROGRAM);
        }
        if (rc != 0)
            return sumq_option_hint (S_PROGRAM);
    }
    if (optind < argc)
        return sumq_option_usage (S_PROGRAM, "unexpected argument '%s'", argv [optind]);
    if (*bind_count == 0)
        binds [(*bind_count)++] = SUMQ_DEFAULT_ENDPOINT;
    return -1;
}

int
main (int argc, char **argv)
{
    sumq_broker_config_t config;
    sumq_broker_config_defaults (&config);
    //  Every --bind takes two arguments, so argc bounds their number.
    const char **binds = calloc ((size_t) argc + 1, sizeof *binds);
    if (!binds)
        return SUMQ_EXIT_FAILURE;
    size_t bind_count = 0;
    bool verbose = false;
    const char *curve_args [2] = { NULL, NULL };    //  --curve-secret, --curve-allow
    s_extra_t extra = { .keep_hours = S_KEEP_HOURS };
    int status = s_parse (argc, argv, &config, binds, &bind_count, &verbose, curve_args, &extra);
    if (status >= 0) {
        free (binds);
        return status;
    }
    sumq_log_init (S_PROGRAM, verbose);
    if (extra.log_json)
        sumq_log_set_format (SUMQ_LOG_JSON);
    sumq_error_t err;
    sumq_broker_t *broker = sumq_broker_new (&config, &err);
    status = broker? SUMQ_EXIT_OK: SUMQ_EXIT_FAILURE;
    if (!broker)
        sumq_log_error ("%s", err.message);
    sumq_curve_t *curve = NULL;
    if (broker && sumq_curve_configure (true, curve_args [0], curve_args [1], &curve, &err) != 0) {
        sumq_log_error ("%s", err.message);
        status = SUMQ_EXIT_FAILURE;
    }
    if (curve) {
        sumq_broker_set_curve (broker, curve);
        sumq_log_info ("CURVE on: only clients and workers of the allow-list get in");
    }
    sumq_metrics_t *metrics = NULL;
    if (broker && status == SUMQ_EXIT_OK && extra.metrics) {
        metrics = sumq_metrics_new (extra.metrics, &err);
        if (metrics) {
            sumq_broker_set_metrics (broker, metrics);
            char port [16];
            snprintf (port, sizeof port, "%d", sumq_metrics_port (metrics));
            sumq_log_event (SUMQ_LOG_INFO, "metrics_listening",
                            (const char *[]) { "address", extra.metrics, "port", port, NULL },
                            "metrics on %s (port %s), path /metrics", extra.metrics, port);
        }
        else {
            sumq_log_error ("%s", err.message);
            status = SUMQ_EXIT_FAILURE;
        }
    }
    sumq_store_t *store = NULL;
    if (broker && status == SUMQ_EXIT_OK && extra.store) {
        store = sumq_store_open (extra.store, &err);
        if (!store || sumq_broker_set_store (broker, store, extra.keep_hours * 3600 * 1000, &err) < 0) {
            sumq_log_error ("%s", err.message);
            status = SUMQ_EXIT_FAILURE;
        }
        else
            sumq_log_info ("jobs and answers are kept in %s for %ld hours", extra.store, extra.keep_hours);
    }
    for (size_t index = 0; broker && index < bind_count && status == SUMQ_EXIT_OK; index++)
        if (sumq_broker_bind (broker, binds [index], &err) == 0)
            sumq_log_info ("listening on %s", sumq_broker_endpoint (broker));
        else {
            sumq_log_error ("%s", err.message);
            status = SUMQ_EXIT_FAILURE;
        }
    if (status == SUMQ_EXIT_OK) {
        sumq_log_info ("started %s %s: heartbeat %d ms, liveness %d, job timeout %d ms, "
                       "max attempts %d, max queue %zu, max doc %zu bytes",
                       S_PROGRAM, SUMQ_VERSION, config.heartbeat_ms, config.liveness,
                       config.job_timeout_ms, config.max_attempts, config.max_queue,
                       config.max_doc);
        if (sumq_broker_run (broker, NULL) != 0)
            status = SUMQ_EXIT_FAILURE;
    }
    sumq_broker_destroy (&broker);
    sumq_store_destroy (&store);
    sumq_metrics_destroy (&metrics);
    sumq_curve_destroy (&curve);
    free (binds);
    return status;
}
