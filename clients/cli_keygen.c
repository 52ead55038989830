/*  sumq keygen: a CURVE key pair for a broker, worker or client.  */
#include "cli.h"
#include "curve.h"
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#define S_CMD "keygen"

static void
s_usage (FILE *out)
{
    fprintf (out,
        "Usage: sumq keygen [OPTIONS] NAME\n"
        "\n"
        "Writes a new CURVE certificate: NAME holds the public key (copy it into\n"
        "the broker's --curve-allow directory, or give the broker's to its peers),\n"
        "NAME_secret both keys (keep it private; it is created mode 0600).\n"
        "Existing files are never overwritten.\n"
        "\n"
        "  -r, --role ROLE   client, worker or broker (default client): what the\n"
        "                    broker lets the holder do\n"
        "  -h, --help        this help\n"
        "\n"
        "Exit codes: 0 written; 2 usage error; 3 the files could not be written.\n");
}

int
cli_keygen (int argc, char **argv)
{
    static const struct option longopts [] = {
        { "role", required_argument, 0, 'r' }, { "help", no_argument, 0, 'h' },
        { 0, 0, 0, 0 }
    };
    const char *role = SUMQ_CURVE_ROLE_CLIENT;
    int opt;
    optind = 1;
    while ((opt = getopt_long (argc, argv, "r:h", longopts, NULL)) != -1) {
        switch (opt) {
            case 'r': role = optarg; break;
            case 'h': s_usage (stdout); return SUMQ_EXIT_OK;
            default: s_usage (stderr); return SUMQ_EXIT_USAGE;
        }
    }
    if (strcmp (role, SUMQ_CURVE_ROLE_CLIENT) && strcmp (role, SUMQ_CURVE_ROLE_WORKER)
    &&  strcmp (role, SUMQ_CURVE_ROLE_BROKER)) {
        fprintf (stderr, "sumq %s: --role takes client, worker or broker, not '%s'\n", S_CMD, role);
        return SUMQ_EXIT_USAGE;
    }
    if (optind + 1 != argc) {
        fprintf (stderr, "sumq %s: give exactly one NAME (try sumq %s --help)\n", S_CMD, S_CMD);
        return SUMQ_EXIT_USAGE;
    }
    sumq_error_t err;
    if (sumq_curve_keygen (argv [optind], role, &err) != 0) {
        fprintf (stderr, "sumq %s: %s\n", S_CMD, err.message);
        return SUMQ_EXIT_UNAVAILABLE;
    }
    fprintf (stderr, "sumq %s: wrote %s and %s_secret (role %s)\n",
             S_CMD, argv [optind], argv [optind], role);
    return SUMQ_EXIT_OK;
}
