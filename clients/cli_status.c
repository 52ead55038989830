/*  sumq status: what the broker says of its services, workers and queues. */
#include "cli.h"
#include "sumq_client.h"
#include "sumq_proto.h"
#include <czmq.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#define S_CMD "status"

static void
s_usage (FILE *out)
{
    fprintf (out,
        "Usage: sumq status [OPTIONS]\n"
        "\n"
        "Prints the broker's services with their workers, queued jobs and counts.\n"
        "\n"
        "  -b, --broker EP      broker endpoint (default $SUMQ_BROKER, else %s)\n"
        "  -t, --timeout SECS   how long to wait for the broker's answer (default 5)\n"
        "      --wait SECS      retry until every service has a worker, up to SECS\n"
        "  -f, --format FORMAT  text or json (default text)\n"
        "  -h, --help           this help\n"
        "\n"
        "Exit codes: 0 the broker answered (with --wait: and every service has a\n"
        "worker); 2 usage error; 3 no answer (with --wait: not ready in time).\n",
        SUMQ_DEFAULT_ENDPOINT);
}

static bool
s_all_services_served (const json_t *status)
{
    json_t *services = json_object_get (status, "services");
    for (int i = 0; i < SUMQ_SERVICE_COUNT; i++) {
        json_t *service = json_object_get (services, sumq_services [i]);
        if (json_integer_value (json_object_get (service, "workers")) < 1)
            return false;
    }
    return true;
}

static void
s_print_text (const json_t *status)
{
    printf ("uptime %.1f s, %lld jobs in flight\n",
            json_integer_value (json_object_get (status, "uptime_ms")) / 1000.0,
            (long long) json_integer_value (json_object_get (status, "jobs_in_flight")));
    printf ("%-10s %8s %6s %8s %10s %8s\n", "service", "workers", "idle", "queued", "done", "failed");
    const char *name;
    json_t *service;
    json_object_foreach (json_object_get (status, "services"), name, service) {
        printf ("%-10s %8lld %6lld %8lld %10lld %8lld\n", name,
                (long long) json_integer_value (json_object_get (service, "workers")),
                (long long) json_integer_value (json_object_get (service, "idle")),
                (long long) json_integer_value (json_object_get (service, "queued")),
                (long long) json_integer_value (json_object_get (service, "done")),
                (long long) json_integer_value (json_object_get (service, "failed")));
    }
}

int
cli_status (int argc, char **argv)
{
    static const struct option longopts [] = {
        { "broker", required_argument, 0, 'b' }, { "timeout", required_argument, 0, 't' },
        { "wait", required_argument, 0, 'W' }, { "format", required_argument, 0, 'f' },
        { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 }
    };
    const char *broker = NULL, *format = "text";
    int timeout_ms = 5000, wait_ms = 0, opt;
    optind = 1;
    while ((opt = getopt_long (argc, argv, "b:t:f:h", longopts, NULL)) != -1) {
        switch (opt) {
            case 'b': broker = optarg; break;
            case 't':
                if (!cli_parse_seconds (S_CMD, "timeout", optarg, &timeout_ms))
                    return SUMQ_EXIT_USAGE;
                break;
            case 'W':
                if (!cli_parse_seconds (S_CMD, "wait", optarg, &wait_ms))
                    return SUMQ_EXIT_USAGE;
                break;
            case 'f': format = optarg; break;
            case 'h': s_usage (stdout); return SUMQ_EXIT_OK;
            default: fprintf (stderr, "Try 'sumq status --help'.\n"); return SUMQ_EXIT_USAGE;
        }
    }
    if (optind < argc || (strcmp (format, "text") && strcmp (format, "json"))) {
        fprintf (stderr, "sumq status: takes no arguments; --format is text or json\n");
        return SUMQ_EXIT_USAGE;
    }
    sumq_error_t err;
    sumq_client_t *client = sumq_client_new (broker, &err);
    if (!client) {
        fprintf (stderr, "sumq status: %s\n", err.message);
        return SUMQ_EXIT_UNAVAILABLE;
    }
    int64_t give_up = zclock_mono () + wait_ms;
    json_t *status = NULL;
    bool ready = false;
    while (true) {
        int64_t left = give_up - zclock_mono ();
        int ask_ms = wait_ms && left < timeout_ms? (int) (left > 100? left: 100): timeout_ms;
        status = sumq_client_status (client, ask_ms, &err);
        ready = status && (!wait_ms || s_all_services_served (status));
        if (ready || !wait_ms || zclock_mono () >= give_up || zsys_interrupted)
            break;
        json_decref (status);
        status = NULL;
        //  Workers register within a heartbeat of starting; asking more
        //  often than this only adds load.
        zclock_sleep (100);
    }
    sumq_client_destroy (&client);
    if (status) {
        if (!strcmp (format, "json")) {
            char *text = json_dumps (status, SUMQ_JSON_FLAGS);
            printf ("%s\n", text);
            free (text);
        }
        else
            s_print_text (status);
    }
    else
        fprintf (stderr, "sumq status: %s\n", err.message);
    if (status && !ready)
        fprintf (stderr, "sumq status: not every service has a worker after %.1f s\n", wait_ms / 1000.0);
    json_decref (status);
    return ready? SUMQ_EXIT_OK: SUMQ_EXIT_UNAVAILABLE;
}
