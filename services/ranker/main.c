/*  sumq-ranker: the worker of the "rank" stage (lib/ranker.h).  */
#include "stage.h"
#include "log.h"
#include "models.h"
#include "ranker.h"

//  A ranker with the default models (models.h), as `sumq summarize
//  --local` has them; --idf models are loaded over them.
static void *
s_create (void)
{
    sumq_ranker_t *ranker = sumq_ranker_new ();
    sumq_error_t err;
    int loaded = ranker? sumq_models_load_default (ranker, &err): 0;
    if (loaded < 0) {
        sumq_log_error ("%s", err.message);
        sumq_ranker_destroy (&ranker);
    }
    else
    if (loaded > 0)
        sumq_log_info ("loaded %d default IDF model%s", loaded, loaded > 1? "s": "");
    return ranker;
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
