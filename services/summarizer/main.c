/*  sumq-summarizer: the worker of the "summarize" stage (lib/summarizer.h).  */
#include "stage.h"
#include "summarizer.h"

static void *
s_create (void)
{
    return sumq_summarizer_new ();
}

static void
s_destroy (void *state)
{
    sumq_summarizer_t *summarizer = state;
    sumq_summarizer_destroy (&summarizer);
}

static json_t *
s_run (void *state, const json_t *body, sumq_error_t *err)
{
    return sumq_summarizer_run (state, body, err);
}

int
main (int argc, char **argv)
{
    static const sumq_stage_t stage = {
        .program = "sumq-summarizer",
        .service = "summarize",
        .create = s_create,
        .destroy = s_destroy,
        .run = s_run
    };
    return sumq_stage_main (&stage, argc, argv);
}
