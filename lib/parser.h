/*  parser: stage 1 of the pipeline (service "parse").

    Turns a request body {"version","id","text","options"} into a parsed
    document (proto/PROTOCOL.md, "Parsed document"): cleaned text,
    boilerplate dropped, language identified, sentences as byte offsets,
    tokens as ids into one per-document vocabulary of stems.

    One parser holds the expensive, reusable state (ICU break iterators,
    language models, stemmers); it is not thread-safe: one per thread.  */
#ifndef SUMQ_PARSER_H
#define SUMQ_PARSER_H
#include <jansson.h>
#include "sumq_error.h"

typedef struct _sumq_parser_t sumq_parser_t;

//  NULL (and a log line) when a resource cannot be loaded.
sumq_parser_t *sumq_parser_new (void);
void sumq_parser_destroy (sumq_parser_t **self_p);

//  Returns a new parsed document, or NULL with err set (bad_request,
//  unsupported_version, invalid_utf8, empty_document, too_large).
json_t *sumq_parser_run (sumq_parser_t *self, const json_t *request, sumq_error_t *err);

#endif
