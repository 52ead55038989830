#include "log.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

//  Longest message kept, and longest line written (message, fields and
//  escapes); anything longer is cut, never split over two lines.
#define S_MESSAGE_MAX   1024
#define S_LINE_MAX      4096

//  Process-wide by nature: there is one stderr per process.
static const char *s_ident = "sumq";
static bool s_verbose = false;
static sumq_log_format_t s_format = SUMQ_LOG_TEXT;

static const char *s_level_names [] = { "debug", "info", "warn", "error" };

void
sumq_log_init (const char *ident, bool verbose)
{
    s_ident = ident;
    s_verbose = verbose;
    const char *format = getenv ("SUMQ_LOG_FORMAT");
    s_format = format && !strcmp (format, "json")? SUMQ_LOG_JSON: SUMQ_LOG_TEXT;
}

void
sumq_log_set_format (sumq_log_format_t format)
{
    s_format = format;
}

bool
sumq_log_verbose (void)
{
    return s_verbose;
}


//  --------------------------------------------------------------------------
//  Building one line

typedef struct {
    char *data;
    int room;
    int size;                   //  bytes written, without the NUL
} s_line_t;

static void
s_put (s_line_t *line, const char *text, size_t size)
{
    //  One byte stays free for the newline that ends every line.
    int free_bytes = line->room - 2 - line->size;
    if (free_bytes <= 0)
        return;
    if (size > (size_t) free_bytes)
        size = (size_t) free_bytes;
    memcpy (line->data + line->size, text, size);
    line->size += (int) size;
    line->data [line->size] = 0;
}

static void
s_puts (s_line_t *line, const char *text)
{
    s_put (line, text, strlen (text));
}

//  value in double quotes with backslash escapes: a JSON string (json),
//  or a logfmt one. A line break is \n in both; other control bytes are
//  \u00XX in JSON and \xXX in logfmt. Other bytes pass as they are:
//  messages quote untrusted input only through sumq_printable, which
//  keeps them ASCII.
static void
s_put_quoted (s_line_t *line, const char *value, bool json)
{
    s_puts (line, "\"");
    for (const char *c = value; *c; c++) {
        char escape [8];
        if (*c == '"' || *c == '\\')
            snprintf (escape, sizeof escape, "\\%c", *c);
        else
        if (*c == '\n')
            snprintf (escape, sizeof escape, "\\n");
        else
        if ((unsigned char) *c < 0x20)
            snprintf (escape, sizeof escape, json? "\\u%04x": "\\x%02x", (unsigned char) *c);
        else {
            s_put (line, c, 1);
            continue;
        }
        s_puts (line, escape);
    }
    s_puts (line, "\"");
}

//  A logfmt value: bare when it is one plain word, else quoted, so
//  splitting on spaces outside quotes finds the pairs.
static void
s_put_text (s_line_t *line, const char *value)
{
    bool bare = *value != 0;
    for (const char *c = value; *c && bare; c++)
        bare = (unsigned char) *c > ' ' && *c != '"' && *c != '=' && *c != '\\';
    if (bare)
        s_puts (line, value);
    else
        s_put_quoted (line, value, false);
}

//  number says value is a decimal integer, written bare in JSON.
static void
s_put_field (s_line_t *line, const char *key, const char *value, bool first, bool number)
{
    if (s_format == SUMQ_LOG_JSON) {
        s_puts (line, first? "{": ",");
        s_put_quoted (line, key, true);
        s_puts (line, ":");
        if (number)
            s_puts (line, value);
        else
            s_put_quoted (line, value, true);
    }
    else {
        if (!first)
            s_puts (line, " ");
        s_puts (line, key);
        s_puts (line, "=");
        s_put_text (line, value);
    }
}

int
sumq_log_format (char *buffer, int room, sumq_log_level_t level, const char *event,
                 const char *const *fields, const char *message)
{
    s_line_t line = { buffer, room, 0 };
    if (room < 2) {
        if (room == 1)
            *buffer = 0;
        return 0;
    }
    *buffer = 0;
    struct timeval now;
    gettimeofday (&now, NULL);
    struct tm tm;
    gmtime_r (&now.tv_sec, &tm);
    char stamp [40];
    size_t length = strftime (stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf (stamp + length, sizeof stamp - length, ".%03ldZ", (long) now.tv_usec / 1000);
    char pid [16];
    snprintf (pid, sizeof pid, "%d", (int) getpid ());

    s_put_field (&line, "ts", stamp, true, false);
    s_put_field (&line, "prog", s_ident, false, false);
    s_put_field (&line, "pid", pid, false, true);
    s_put_field (&line, "level", s_level_names [level], false, false);
    s_put_field (&line, "msg", message, false, false);
    if (event)
        s_put_field (&line, "event", event, false, false);
    for (const char *const *field = fields; field && field [0] && field [1]; field += 2)
        s_put_field (&line, field [0], field [1], false, false);
    if (s_format == SUMQ_LOG_JSON) {
        //  A cut line must still close its object: make room for "}".
        if (line.size > room - 3)
            line.size = room - 3;
        line.data [line.size] = 0;
        s_puts (&line, "}");
    }
    //  s_put always left room for this newline.
    line.data [line.size++] = '\n';
    line.data [line.size] = 0;
    return line.size;
}

static void
s_log (sumq_log_level_t level, const char *event, const char *const *fields,
       const char *format, va_list args)
{
    char message [S_MESSAGE_MAX];
    vsnprintf (message, sizeof message, format, args);
    char line [S_LINE_MAX];
    int size = sumq_log_format (line, sizeof line, level, event, fields, message);
    //  One write per line so lines of concurrent processes do not interleave.
    fwrite (line, 1, (size_t) size, stderr);
}

void
sumq_log_event (sumq_log_level_t level, const char *event, const char *const *fields,
                const char *format, ...)
{
    if (level == SUMQ_LOG_DEBUG && !s_verbose)
        return;
    va_list args;
    va_start (args, format);
    s_log (level, event, fields, format, args);
    va_end (args);
}

#define S_LOG_FN(name, level, enabled) \
    void name (const char *format, ...) \
    { \
        if (!(enabled)) \
            return; \
        va_list args; \
        va_start (args, format); \
        s_log (level, NULL, NULL, format, args); \
        va_end (args); \
    }

S_LOG_FN (sumq_log_debug, SUMQ_LOG_DEBUG, s_verbose)
S_LOG_FN (sumq_log_info,  SUMQ_LOG_INFO,  true)
S_LOG_FN (sumq_log_warn,  SUMQ_LOG_WARN,  true)
S_LOG_FN (sumq_log_error, SUMQ_LOG_ERROR, true)
