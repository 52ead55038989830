/*  cli_output: how the client commands print answers on stdout.

    json: each answer as one JSON line, as the broker sent it. text: a
    result's summary sentences one per line, then "Keywords: a, b";
    {"id","job"} (an accepted job) as its job id; an error as
    "error: CODE: MESSAGE". Errors are logged on stderr too.           */
#ifndef SUMQ_CLI_OUTPUT_H
#define SUMQ_CLI_OUTPUT_H
#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

typedef struct {
    bool json;
    bool many;              //  text: a "==> id <==" header before each answer
    size_t printed;
} cli_output_t;

//  One answer: ok with result text, or an error object.
void cli_output_answer (cli_output_t *self, bool ok, const char *result, size_t size,
                        const json_t *error);

#endif
