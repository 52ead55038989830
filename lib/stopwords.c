#include "stopwords.h"
#include <stdlib.h>
#include <string.h>

const sumq_stopword_list_t *
sumq_stopwords_for (const char *lang)
{
    if (!lang)
        return NULL;
    for (size_t index = 0; index < sumq_stopword_list_count; index++)
        if (strcmp (sumq_stopword_lists [index].lang, lang) == 0)
            return &sumq_stopword_lists [index];
    return NULL;
}

static int
s_compare (const void *key, const void *item)
{
    return strcmp ((const char *) key, *(const char *const *) item);
}

bool
sumq_stopwords_contains (const sumq_stopword_list_t *list, const char *word)
{
    if (!list || !word)
        return false;
    return bsearch (word, list->words, list->count, sizeof list->words [0], s_compare) != NULL;
}
