/*  sumq-ranker: the worker of the "rank" stage (lib/ranker.h).  */
#include "stage.h"
#include "ranker.h"

static void *
s_create (void)
{
    return sumq_ranker_new ();
}

static void
s_destroy (void *state)
{
    sumq_ranker_t *ranker = state;
    sumq_ranker_destroy (&ranker);
}

static json_t *
s_run (void *state, const json_t *body, sumq_error_t *err)
{
    return sumq_ranker_run (state, body, err);
}

static int
s_load_model (void *state, const char *path, sumq_error_t *err)
{
    return sumq_ranker_load_idf (state, path, err);
}

int
main (int argc, char **argv)
{
    static const sumq_stage_t stage = {
        .program = "sumq-ranker",
        .service = "rank",
        .create = s_create,
        .destroy = s_destroy,
        .run = s_run,
        .load_model = s_load_model
    };
    return sumq_stage_main (&stage, argc, argv);
}
