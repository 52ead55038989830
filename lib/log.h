/*  log: one line per event on stderr, "ts ident[pid] LEVEL message".
    Every program calls sumq_log_init once; --verbose enables debug.    */
#ifndef SUMQ_LOG_H
#define SUMQ_LOG_H
#include <stdbool.h>

void sumq_log_init (const char *ident, bool verbose);
bool sumq_log_verbose (void);
void sumq_log_debug (const char *format, ...) __attribute__ ((format (printf, 1, 2)));
void sumq_log_info (const char *format, ...) __attribute__ ((format (printf, 1, 2)));
void sumq_log_warn (const char *format, ...) __attribute__ ((format (printf, 1, 2)));
void sumq_log_error (const char *format, ...) __attribute__ ((format (printf, 1, 2)));

#endif
