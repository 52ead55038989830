/*  fuzz_text: the parse stage on arbitrary bytes as a document's text.

    The bytes go into the request unchecked (json_stringn_nocheck), as a
    client that skips validation would send them, so the parser's own
    UTF-8, NUL, size and clean-up checks are what is exercised.        */
#include "parser.h"
#include "sumq_proto.h"
#include <stdint.h>
#include <stdlib.h>

static sumq_parser_t *s_parser;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
    s_parser = sumq_parser_new ();
    return s_parser? 0: -1;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    json_t *request = json_pack ("{s:i, s:s, s:o}", "version", SUMQ_BODY_VERSION, "id", "fuzz",
                                 "text", json_stringn_nocheck ((const char *) data, size));
    sumq_error_t err;
    json_t *parsed = request? sumq_parser_run (s_parser, request, &err): NULL;
    //  Whatever the parser makes must also encode, as the worker sends it.
    char *text = parsed? json_dumps (parsed, SUMQ_JSON_FLAGS): NULL;
    if (parsed && !text)
        abort ();
    free (text);
    json_decref (parsed);
    json_decref (request);
    return 0;
}
