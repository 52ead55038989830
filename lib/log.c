#include "log.h"
#include <stdarg.h>
#include <stdio.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

//  Process-wide by nature: there is one stderr per process.
static const char *s_ident = "sumq";
static bool s_verbose = false;

void
sumq_log_init (const char *ident, bool verbose)
{
    s_ident = ident;
    s_verbose = verbose;
}

bool
sumq_log_verbose (void)
{
    return s_verbose;
}

static void
s_log (const char *level, const char *format, va_list args)
{
    struct timeval now;
    gettimeofday (&now, NULL);
    struct tm tm;
    localtime_r (&now.tv_sec, &tm);
    char stamp [32];
    strftime (stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
    char line [1024];
    vsnprintf (line, sizeof line, format, args);
    //  One fprintf per line so lines of concurrent processes do not interleave.
    fprintf (stderr, "%s.%03ld %s[%d] %s %s\n", stamp, (long) now.tv_usec / 1000,
             s_ident, (int) getpid (), level, line);
}

#define S_LOG_FN(name, level, enabled) \
    void name (const char *format, ...) \
    { \
        if (!(enabled)) \
            return; \
        va_list args; \
        va_start (args, format); \
        s_log (level, format, args); \
        va_end (args); \
    }

S_LOG_FN (sumq_log_debug, "DEBUG", s_verbose)
S_LOG_FN (sumq_log_info,  "INFO",  true)
S_LOG_FN (sumq_log_warn,  "WARN",  true)
S_LOG_FN (sumq_log_error, "ERROR", true)
