#include "cli_output.h"
#include "sumq_proto.h"
#include "log.h"
#include <stdio.h>
#include <stdlib.h>

static void
s_header (cli_output_t *self, const json_t *answer)
{
    if (self->many)
        printf ("%s==> %s <==\n", self->printed? "\n": "",
                json_string_value (json_object_get (answer, "id")));
}

static void
s_print_result (cli_output_t *self, const json_t *result)
{
    const char *job = json_string_value (json_object_get (result, "job"));
    if (job && !json_object_get (result, "summary")) {
        printf ("%s\n", job);
        return;
    }
    s_header (self, result);
    size_t i;
    json_t *entry;
    json_array_foreach (json_object_get (result, "summary"), i, entry)
        printf ("%s\n", json_string_value (json_object_get (entry, "text")));
    json_t *keywords = json_object_get (result, "keywords");
    if (json_array_size (keywords) > 0) {
        printf ("Keywords:");
        json_array_foreach (keywords, i, entry)
            printf ("%s %s", i? ",": "", json_string_value (json_object_get (entry, "term")));
        printf ("\n");
    }
}

void
cli_output_answer (cli_output_t *self, bool ok, const char *result, size_t size,
                   const json_t *error)
{
    if (!ok) {
        char *line = json_dumps (error, SUMQ_JSON_FLAGS);
        if (self->json)
            printf ("%s\n", line);
        else {
            const json_t *inner = json_object_get (error, "error");
            s_header (self, error);
            printf ("error: %s: %s\n", json_string_value (json_object_get (inner, "code")),
                    json_string_value (json_object_get (inner, "message")));
        }
        //  Also on stderr: with output going to a file the user still sees it.
        sumq_log_warn ("document failed: %s", line);
        free (line);
    }
    else
    if (self->json)
        printf ("%.*s\n", (int) size, result);
    else {
        json_t *parsed = json_loadb (result, size, 0, NULL);
        s_print_result (self, parsed);
        json_decref (parsed);
    }
    self->printed++;
}
