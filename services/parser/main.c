/*  sumq-parser: the worker of the "parse" stage (lib/parser.h).  */
#include "stage.h"
#include "parser.h"

static void *
s_create (void)
{
    return sumq_parser_new ();
}

static void
s_destroy (void *state)
{
    sumq_parser_t *parser = state;
    sumq_parser_destroy (&parser);
}

static json_t *
s_run (void *state, const json_t *body, sumq_error_t *err)
{
    return sumq_parser_run (state, body, err);
}

int
main (int argc, char **argv)
{
    static const sumq_stage_t stage = {
        .program = "sumq-parser",
        .service = "parse",
        .create = s_create,
        .destroy = s_destroy,
        .run = s_run
    };
    return sumq_stage_main (&stage, argc, argv);
}
