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
            "  -v, --verbose      log every message\n"
            "  -h, --help         show this help and exit\n"
            "  -V, --version      show the version and exit\n"
            "\n"
            "Exit status: 0 after SIGINT/SIGTERM, 1 on a runtime failure, 2 on a usage error.\n",
            S_PROGRAM, SUMQ_DEFAULT_ENDPOINT, SUMQ_HEARTBEAT_MS, SUMQ_LIVENESS,
            SUMQ_BROKER_JOB_TIMEOUT_MS, SUMQ_BROKER_MAX_ATTEMPTS, SUMQ_BROKER_MAX_QUEUE,
            SUMQ_DEFAULT_MAX_DOC);
}

enum { S_BIND = 256, S_HEARTBEAT, S_LIVENESS, S_JOB_TIMEOUT, S_MAX_ATTEMPTS,
       S_MAX_QUEUE, S_MAX_DOC };

//  Reads the command line into config and binds; returns -1 to go on,
//  else the exit status.
static int
s_parse (int argc, char **argv, sumq_broker_config_t *config,
         const char **binds, size_t *bind_count, bool *verbose)
{
    static const struct option options [] = {
        { "bind",         required_argument, NULL, S_BIND },
        { "heartbeat",    required_argument, NULL, S_HEARTBEAT },
        { "liveness",     required_argument, NULL, S_LIVENESS },
        { "job-timeout",  required_argument, NULL, S_JOB_TIMEOUT },
        { "max-attempts", required_argument, NULL, S_MAX_ATTEMPTS },
        { "max-queue",    required_argument, NULL, S_MAX_QUEUE },
        { "max-doc",      required_argument, NULL, S_MAX_DOC },
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
    int status = s_parse (argc, argv, &config, binds, &bind_count, &verbose);
    if (status >= 0) {
        free (binds);
        return status;
    }
    sumq_log_init (S_PROGRAM, verbose);
    sumq_error_t err;
    sumq_broker_t *broker = sumq_broker_new (&config, &err);
    status = broker? SUMQ_EXIT_OK: SUMQ_EXIT_FAILURE;
    if (!broker)
        sumq_log_error ("%s", err.message);
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
    free (binds);
    return status;
}
