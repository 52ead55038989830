/*  log: one line per event on stderr, structured so machines can read it.

    Two formats, chosen per process:
      text (default)  ts=2026-01-02T03:04:05.678Z prog=sumq-broker pid=42
                      level=info msg="worker 1a2b joined parse" event=...
      json            {"ts":"...","prog":"sumq-broker","pid":42,
                       "level":"info","msg":"...","event":"..."}
    Every program calls sumq_log_init once; --verbose enables debug, and
    SUMQ_LOG_FORMAT=json in the environment (inherited by the workers
    that `sumq up` starts) or sumq_log_set_format selects JSON. Values are
    escaped, so a line never splits, whatever a message holds.           */
#ifndef SUMQ_LOG_H
#define SUMQ_LOG_H
#include <stdbool.h>

typedef enum { SUMQ_LOG_DEBUG, SUMQ_LOG_INFO, SUMQ_LOG_WARN, SUMQ_LOG_ERROR } sumq_log_level_t;
typedef enum { SUMQ_LOG_TEXT, SUMQ_LOG_JSON } sumq_log_format_t;

void sumq_log_init (const char *ident, bool verbose);
void sumq_log_set_format (sumq_log_format_t format);
bool sumq_log_verbose (void);
void sumq_log_debug (const char *format, ...) __attribute__ ((format (printf, 1, 2)));
void sumq_log_info (const char *format, ...) __attribute__ ((format (printf, 1, 2)));
void sumq_log_warn (const char *format, ...) __attribute__ ((format (printf, 1, 2)));
void sumq_log_error (const char *format, ...) __attribute__ ((format (printf, 1, 2)));

//  An event with fields a machine can filter on, besides the message:
//  event names what happened ("worker_joined"), fields is a NULL-ended
//  list of key, value strings ((const char *[]) {"service", "parse", NULL}),
//  or NULL.
void sumq_log_event (sumq_log_level_t level, const char *event, const char *const *fields,
                     const char *format, ...) __attribute__ ((format (printf, 4, 5)));

//  Writes one formatted line (with its newline) into buffer, as the
//  functions above print it; returns its length, cut to room - 1. For
//  the tests, which check the format without capturing stderr.
int sumq_log_format (char *buffer, int room, sumq_log_level_t level, const char *event,
                     const char *const *fields, const char *message);

#endif
