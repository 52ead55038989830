#include "options.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

int
sumq_option_long (const char *program, const char *option, const char *text,
                  long min, long max, long *value)
{
    char *end;
    errno = 0;
    long number = strtol (text, &end, 10);
    if (errno || end == text || *end || number < min || number > max) {
        fprintf (stderr, "%s: %s wants an integer from %ld to %ld, not '%s'\n",
                 program, option, min, max, text);
        return -1;
    }
    *value = number;
    return 0;
}

int
sumq_option_hint (const char *program)
{
    fprintf (stderr, "Try '%s --help' for more information.\n", program);
    return SUMQ_EXIT_USAGE;
}

int
sumq_option_usage (const char *program, const char *format, ...)
{
    va_list args;
    va_start (args, format);
    fprintf (stderr, "%s: ", program);
    vfprintf (stderr, format, args);
    fputc ('\n', stderr);
    va_end (args);
    return sumq_option_hint (program);
}
