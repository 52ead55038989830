/*  pipeline: the three stages run in-process, in order, on the same JSON
    the workers exchange. `sumq summarize --local` uses it, which is what
    makes its results identical to the message queue's.                 */
#ifndef SUMQ_PIPELINE_H
#define SUMQ_PIPELINE_H
#include <jansson.h>
#include "sumq_error.h"

typedef struct _sumq_pipeline_t sumq_pipeline_t;

//  Loads the default models (models.h), then idf_path over them when it
//  is not NULL. NULL with err on failure.
sumq_pipeline_t *sumq_pipeline_new (const char *idf_path, sumq_error_t *err);
void sumq_pipeline_destroy (sumq_pipeline_t **self_p);

//  Request body in, result object out (new reference), or NULL with err.
json_t *sumq_pipeline_run (sumq_pipeline_t *self, const json_t *request, sumq_error_t *err);

#endif
