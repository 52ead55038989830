/*  sumq result / sumq wait: the answers of jobs handed in with sumq
    submit, by job id, from a broker that stores them (--store).       */
#include "cli.h"
#include "cli_output.h"
#include "batch.h"
#include "sumq_client.h"
#include "sumq_proto.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_DEFAULT_TIMEOUT_MS 30000

typedef struct {
    char **jobs;
    int count;
    int next;
    cli_output_t output;
} s_jobs_t;

static void
s_usage (FILE *out, bool wait)
{
    fprintf (out,
        "Usage: sumq %s [OPTIONS] JOB...\n"
        "\n"
        "%s\n"
        "Answers come in the order of the JOB arguments: a result, or\n"
        "{\"id\": JOB, \"error\": {...}} with code %s\"unknown_job\" (the broker\n"
        "has no such job: wrong id, or its answer was pruned) or the job's own error.\n"
        "\n"
        "  -b, --broker EP       broker endpoint (default $SUMQ_BROKER, else %s)\n"
        "  -t, --timeout SECS    give up when the broker sends nothing for SECS (default %d)\n"
        "  -f, --format FORMAT   json (default: one JSON object per line) or text\n"
        "  -h, --help            this help\n"
        "\n"
        "Exit codes: 0 every job answered with a result; 1 some job failed, is unknown%s;\n"
        "2 usage error; 3 no broker answered within the timeout, or interrupted.\n",
        wait? "wait": "result",
        wait? "Waits until each job is done and prints its answer; a job the broker\n"
               "restarts under keeps being waited for."
            : "Prints the answer of each job that is done, without waiting.",
        wait? "": "\"pending\" (not done yet), ",
        SUMQ_DEFAULT_ENDPOINT, S_DEFAULT_TIMEOUT_MS / 1000,
        wait? "": " or pending");
}

static int
s_next_job (void *source, sumq_batch_item_t *item)
{
    s_jobs_t *self = source;
    if (self->next >= self->count)
        return 0;
    const char *job = self->jobs [self->next++];
    item->id = strdup (job);
    if (sumq_job_id_valid (job, strlen (job)))
        item->job = strdup (job);
    else
        item->error = sumq_batch_error (job, SUMQ_E_BAD_REQUEST, "not a job id");
    return 1;
}

static void
s_sink (void *sink, size_t seq, bool ok, const char *result, size_t size, const json_t *error)
{
    s_jobs_t *self = sink;
    cli_output_answer (&self->output, ok, result, size, error);
}

static int
s_main (int argc, char **argv, bool wait)
{
    static const struct option longopts [] = {
        { "broker", required_argument, 0, 'b' }, { "timeout", required_argument, 0, 't' },
        { "format", required_argument, 0, 'f' }, { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 }
    };
    const char *cmd = wait? "wait": "result";
    const char *broker = NULL, *format = "json";
    int timeout_ms = S_DEFAULT_TIMEOUT_MS, opt;
    optind = 1;
    while ((opt = getopt_long (argc, argv, "b:t:f:h", longopts, NULL)) != -1) {
        switch (opt) {
            case 'b': broker = optarg; break;
            case 't':
                if (!cli_parse_seconds (cmd, "timeout", optarg, &timeout_ms))
                    return SUMQ_EXIT_USAGE;
                break;
            case 'f': format = optarg; break;
            case 'h': s_usage (stdout, wait); return SUMQ_EXIT_OK;
            default: fprintf (stderr, "Try 'sumq %s --help'.\n", cmd); return SUMQ_EXIT_USAGE;
        }
    }
    if (optind >= argc || (strcmp (format, "json") && strcmp (format, "text"))) {
        fprintf (stderr, "sumq %s: give one or more JOB ids; --format is json or text\n", cmd);
        return SUMQ_EXIT_USAGE;
    }
    s_jobs_t self = { .jobs = argv + optind, .count = argc - optind };
    self.output.json = !strcmp (format, "json");
    self.output.many = self.count > 1;
    sumq_error_t err;
    sumq_client_t *client = sumq_client_new (broker, &err);
    if (!client) {
        fprintf (stderr, "sumq %s: %s\n", cmd, err.message);
        return SUMQ_EXIT_UNAVAILABLE;
    }
    sumq_batch_config_t config = { .command = wait? SUMQ_CMD_WAIT: SUMQ_CMD_FETCH,
                                   .window = 256, .timeout_ms = timeout_ms };
    sumq_batch_report_t report;
    sumq_batch_run (client, &config, s_next_job, &self, s_sink, NULL, &self, &report);
    sumq_client_destroy (&client);
    fflush (stdout);
    if (report.broker_lost)
        fprintf (stderr, "sumq %s: no answer from the broker at %s within %.1f s\n", cmd,
                 sumq_client_endpoint (broker), timeout_ms / 1000.0);
    return report.broker_lost || report.interrupted? SUMQ_EXIT_UNAVAILABLE
         : report.failed? SUMQ_EXIT_FAILED: SUMQ_EXIT_OK;
}

int
cli_result (int argc, char **argv)
{
    return s_main (argc, argv, false);
}

int
cli_wait (int argc, char **argv)
{
    return s_main (argc, argv, true);
}
