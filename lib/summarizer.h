/*  summarizer: stage 3 of the pipeline (service "summarize").

    Scores the sentences of a ranked document and selects the summary,
    returned in document order, with the length the options ask for
    (sentences / ratio / words). Its output is the result the client gets:
    {"version","id","lang","summary":[{index,text,score}],"keywords",...}. */
#ifndef SUMQ_SUMMARIZER_H
#define SUMQ_SUMMARIZER_H
#include <jansson.h>
#include "sumq_error.h"

typedef struct _sumq_summarizer_t sumq_summarizer_t;

sumq_summarizer_t *sumq_summarizer_new (void);
void sumq_summarizer_destroy (sumq_summarizer_t **self_p);

//  Returns a new result object, or NULL with err set.
json_t *sumq_summarizer_run (sumq_summarizer_t *self, const json_t *ranked, sumq_error_t *err);

#endif
