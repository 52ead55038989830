/*  models: the default corpus models, found where the programs are.

    Every program that ranks (sumq-ranker, `sumq summarize --local`)
    loads the same folder of IDF models (idf.h) when it starts, so a
    document gets the same keywords in-process and through the broker.
    The folder is $SUMQ_MODEL_DIR when that is set and not empty, else
    models/ beside the folder of the running program (bin/../models in
    the source tree, /opt/sumq/bin/../models when installed as a tree).
    Every "*.idf" file in it is loaded, in name order; a later model of
    the same language replaces an earlier one, and so does a model
    given with --idf after them.                                      */
#ifndef SUMQ_MODELS_H
#define SUMQ_MODELS_H
#include "ranker.h"
#include "sumq_error.h"

#define SUMQ_MODELS_ENV     "SUMQ_MODEL_DIR"
#define SUMQ_MODELS_SUFFIX  ".idf"

//  The default folder as a new string (free it), or NULL when neither
//  the variable nor the running program's path can be had.
char *sumq_models_dir (void);

//  Loads every model of dir into ranker. A folder that does not exist
//  holds no models (returns 0); a model that cannot be read is an error
//  (-1 with err naming the file): a worker that silently lacked a model
//  would answer differently from its peers. Returns how many it loaded.
int sumq_models_load (sumq_ranker_t *ranker, const char *dir, sumq_error_t *err);

//  sumq_models_load on sumq_models_dir ().
int sumq_models_load_default (sumq_ranker_t *ranker, sumq_error_t *err);

#endif
