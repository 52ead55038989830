/*  fuzz_stages: arbitrary bytes as the JOB body of each stage, decoded
    the way the worker loop decodes them, then run by the parser, the
    ranker and the summarizer in turn. A body that one stage accepts is
    also handed, with its output, to the next: most inputs reaching the
    ranker and summarizer that way are well-formed but odd.            */
#include "parser.h"
#include "ranker.h"
#include "summarizer.h"
#include "sumq_proto.h"
#include <stdint.h>
#include <stdlib.h>

static sumq_parser_t *s_parser;
static sumq_ranker_t *s_ranker;
static sumq_summarizer_t *s_summarizer;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
    s_parser = sumq_parser_new ();
    s_ranker = sumq_ranker_new ();
    s_summarizer = sumq_summarizer_new ();
    return s_parser && s_ranker && s_summarizer? 0: -1;
}

//  One stage on a body it does not own; its output (or NULL) is returned
//  after a check that it encodes.
static json_t *
s_stage (int stage, const json_t *body)
{
    sumq_error_t err;
    json_t *output = stage == 0? sumq_parser_run (s_parser, body, &err)
                   : stage == 1? sumq_ranker_run (s_ranker, body, &err)
                   : sumq_summarizer_run (s_summarizer, body, &err);
    char *text = output? json_dumps (output, SUMQ_JSON_FLAGS): NULL;
    if (output && !text)
        abort ();
    free (text);
    return output;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    json_t *body = json_loadb ((const char *) data, size, 0, NULL);
    if (!body)
        return 0;
    for (int stage = 0; stage < SUMQ_SERVICE_COUNT; stage++) {
        json_t *output = s_stage (stage, body);
        //  Down the pipeline from this stage, as the broker would carry it.
        for (int next = stage + 1; output && next < SUMQ_SERVICE_COUNT; next++) {
            json_t *further = s_stage (next, output);
            json_decref (output);
            output = further;
        }
        json_decref (output);
    }
    json_decref (body);
    return 0;
}
