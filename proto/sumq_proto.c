#include "sumq_proto.h"
#include <stdlib.h>
#include <string.h>

const char *const sumq_services [SUMQ_SERVICE_COUNT] = {
    "parse", "rank", "summarize"
};

int
sumq_service_index (const char *service)
{
    if (!service)
        return -1;
    for (int index = 0; index < SUMQ_SERVICE_COUNT; index++)
        if (strcmp (service, sumq_services [index]) == 0)
            return index;
    return -1;
}

bool
sumq_job_id_valid (const char *job, size_t len)
{
    if (!job || len == 0 || len > SUMQ_MAX_JOB_ID)
        return false;
    //  Printable ASCII only: job ids go into log lines and error messages
    //  as they are, so they must not carry control bytes or broken UTF-8.
    for (size_t pos = 0; pos < len; pos++)
        if ((unsigned char) job [pos] < 0x20 || (unsigned char) job [pos] > 0x7e)
            return false;
    return true;
}

const char *
sumq_printable (const void *data, size_t size, char *out, size_t room)
{
    const unsigned char *bytes = data;
    size_t shown = size <= room - 1? size: room - 4;
    for (size_t pos = 0; pos < shown; pos++)
        out [pos] = bytes [pos] >= 0x20 && bytes [pos] < 0x7f? (char) bytes [pos]: '?';
    strcpy (out + shown, shown < size? "...": "");
    return out;
}

//  A JSON string of text. Messages are cut to a fixed size by
//  sumq_error_set, which can split a UTF-8 sequence: rather than lose the
//  whole error body, such text is sent with its non-ASCII bytes as '?'.
static json_t *
s_json_text (const char *text)
{
    json_t *string = json_string (text);
    if (string)
        return string;
    char *ascii = strdup (text);
    if (!ascii)
        return NULL;
    for (char *pos = ascii; *pos; pos++)
        if ((unsigned char) *pos >= 0x80)
            *pos = '?';
    string = json_string (ascii);
    free (ascii);
    return string;
}

json_t *
sumq_error_body (const char *id, const sumq_error_t *err)
{
    json_t *error = json_pack ("{s:o*, s:o*}",
                               "code", s_json_text (err->code),
                               "message", s_json_text (err->message));
    if (!error || json_object_size (error) != 2) {
        json_decref (error);
        return NULL;
    }
    json_t *body = json_pack ("{s:i}", "version", SUMQ_BODY_VERSION);
    //  An id that is not valid UTF-8 is left out: it is optional, the
    //  error is not.
    if (body && id)
        json_object_set_new (body, "id", json_string (id));
    if (!body || json_object_set_new (body, "error", error) != 0) {
        json_decref (body);
        return NULL;
    }
    return body;
}

char *
sumq_error_json (const char *id, const sumq_error_t *err)
{
    json_t *body = sumq_error_body (id, err);
    char *text = body? json_dumps (body, SUMQ_JSON_FLAGS): NULL;
    json_decref (body);
    return text;
}
