#include "sumq_error.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void
sumq_error_set (sumq_error_t *err, const char *code, const char *format, ...)
{
    if (!err)
        return;
    snprintf (err->code, sizeof err->code, "%s", code);
    va_list args;
    va_start (args, format);
    vsnprintf (err->message, sizeof err->message, format, args);
    va_end (args);
}
