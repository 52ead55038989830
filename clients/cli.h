/*  cli: the subcommands of the `sumq` program and what they share.

    Exit codes (the same for every subcommand, documented in --help):   */
#ifndef SUMQ_CLI_H
#define SUMQ_CLI_H
#include <stdbool.h>

#define SUMQ_EXIT_OK            0   //  everything done
#define SUMQ_EXIT_FAILED        1   //  done, but some document failed (see its error)
#define SUMQ_EXIT_USAGE         2   //  bad command line
#define SUMQ_EXIT_UNAVAILABLE   3   //  no broker answered / interrupted / cannot start

int cli_summarize (int argc, char **argv);
int cli_submit (int argc, char **argv);
int cli_result (int argc, char **argv);
int cli_wait (int argc, char **argv);
int cli_up (int argc, char **argv);
int cli_status (int argc, char **argv);
int cli_idf (int argc, char **argv);
int cli_stats (int argc, char **argv);
int cli_keygen (int argc, char **argv);

//  Option value parsers: print "sumq CMD: --NAME ..." and return false
//  when the value is not what the option takes.
bool cli_parse_int (const char *cmd, const char *name, const char *value,
                    long min, long max, long *out);
bool cli_parse_double (const char *cmd, const char *name, const char *value,
                       double min, double max, double *out);

//  Timeout options are in seconds (decimals allowed), returned in ms.
bool cli_parse_seconds (const char *cmd, const char *name, const char *value, int *out_ms);

#endif
