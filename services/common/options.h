/*  options: command-line helpers shared by the sumq programs (the broker
    and the three workers): their exit codes and number arguments.     */
#ifndef SUMQ_OPTIONS_H
#define SUMQ_OPTIONS_H

#define SUMQ_EXIT_OK        0   //  clean shutdown, --help, --version
#define SUMQ_EXIT_FAILURE   1   //  a runtime failure (cannot bind, ...)
#define SUMQ_EXIT_USAGE     2   //  bad command line

//  Parses the argument of --option as a decimal integer in [min, max].
//  Returns 0, or prints why not to stderr and returns -1.
int sumq_option_long (const char *program, const char *option, const char *text,
                      long min, long max, long *value);

//  Prints "program: message" and a pointer to --help on stderr; returns
//  SUMQ_EXIT_USAGE, for `return sumq_option_usage (...)`.
int sumq_option_usage (const char *program, const char *format, ...)
    __attribute__ ((format (printf, 2, 3)));

//  Only the pointer to --help, after getopt has said what was wrong.
int sumq_option_hint (const char *program);

#endif
