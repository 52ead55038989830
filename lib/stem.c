#include "stem.h"
#include "reserve.h"
#include <libstemmer.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>

//  Languages kept at once; a stream of documents has a handful.
#define S_CACHE_SIZE 16

typedef struct {
    char lang [16];                 //  "" for a free slot
    struct sb_stemmer *stemmer;     //  NULL: no stemmer for lang
} s_slot_t;

struct _sumq_stem_t {
    s_slot_t cache [S_CACHE_SIZE];
    size_t next_evicted;
    UChar *wide;                    //  the word in UTF-16
    size_t wide_size;
    UChar *wide_folded;
    size_t wide_folded_size;
    char *folded;                   //  the result of fold
    size_t folded_size;
};

sumq_stem_t *
sumq_stem_new (void)
{
    return calloc (1, sizeof (sumq_stem_t));
}

void
sumq_stem_destroy (sumq_stem_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    sumq_stem_t *self = *self_p;
    for (size_t slot = 0; slot < S_CACHE_SIZE; slot++)
        if (self->cache [slot].stemmer)
            sb_stemmer_delete (self->cache [slot].stemmer);
    free (self->wide);
    free (self->wide_folded);
    free (self->folded);
    free (self);
    *self_p = NULL;
}

//  The general case: through UTF-16, where ICU folds.
static const char *
s_fold_unicode (sumq_stem_t *self, const char *word, size_t size, size_t *folded_size)
{
    if (size > INT32_MAX / 3
    ||  sumq_reserve (&self->wide, &self->wide_size, size + 1, sizeof (UChar)))
        return NULL;
    UErrorCode status = U_ZERO_ERROR;
    int32_t length;
    u_strFromUTF8 (self->wide, (int32_t) self->wide_size, &length, word, (int32_t) size, &status);
    if (U_FAILURE (status))
        return NULL;
    for (int32_t index = 0; index < length; index++)
        if (self->wide [index] == 0x2019)
            self->wide [index] = '\'';
    //  Full folding may lengthen a word ("ß" becomes "ss"): ICU says by
    //  how much when the buffer is short.
    int32_t folded_length = 0;
    for (int attempt = 0; attempt < 2; attempt++) {
        status = U_ZERO_ERROR;
        folded_length = u_strFoldCase (self->wide_folded, (int32_t) self->wide_folded_size,
                                       self->wide, length, U_FOLD_CASE_DEFAULT, &status);
        if (status != U_BUFFER_OVERFLOW_ERROR)
            break;
        if (sumq_reserve (&self->wide_folded, &self->wide_folded_size,
                          (size_t) folded_length + 1, sizeof (UChar)))
            return NULL;
    }
    if (U_FAILURE (status)
    ||  sumq_reserve (&self->folded, &self->folded_size, (size_t) folded_length * 3 + 1, 1))
        return NULL;
    int32_t written;
    u_strToUTF8 (self->folded, (int32_t) self->folded_size, &written,
                 self->wide_folded, folded_length, &status);
    if (U_FAILURE (status))
        return NULL;
    self->folded [written] = '\0';
    *folded_size = (size_t) written;
    return self->folded;
}

const char *
sumq_stem_fold (sumq_stem_t *self, const char *word, size_t size, size_t *folded_size)
{
    //  ASCII folds to ASCII by lower-casing: no need to go through ICU.
    size_t index = 0;
    while (index < size && (unsigned char) word [index] < 0x80)
        index++;
    if (index < size)
        return s_fold_unicode (self, word, size, folded_size);
    if (sumq_reserve (&self->folded, &self->folded_size, size + 1, 1))
        return NULL;
    for (index = 0; index < size; index++) {
        char c = word [index];
        self->folded [index] = c >= 'A' && c <= 'Z'? (char) (c + 'a' - 'A'): c;
    }
    self->folded [size] = '\0';
    *folded_size = size;
    return self->folded;
}

//  The cached stemmer of lang, created on first use (NULL when lang has
//  none, which is cached too).
static struct sb_stemmer *
s_stemmer (sumq_stem_t *self, const char *lang)
{
    if (strlen (lang) >= sizeof self->cache [0].lang)
        return NULL;                //  no language code is that long
    for (size_t slot = 0; slot < S_CACHE_SIZE && self->cache [slot].lang [0]; slot++)
        if (strcmp (self->cache [slot].lang, lang) == 0)
            return self->cache [slot].stemmer;
    size_t slot = 0;
    while (slot < S_CACHE_SIZE && self->cache [slot].lang [0])
        slot++;
    if (slot == S_CACHE_SIZE) {
        //  Full: a stream with this many languages loses little by
        //  recreating one.
        slot = self->next_evicted;
        self->next_evicted = (self->next_evicted + 1) % S_CACHE_SIZE;
        if (self->cache [slot].stemmer)
            sb_stemmer_delete (self->cache [slot].stemmer);
    }
    snprintf (self->cache [slot].lang, sizeof self->cache [slot].lang, "%s", lang);
    self->cache [slot].stemmer = sb_stemmer_new (lang, "UTF_8");
    return self->cache [slot].stemmer;
}

const char *
sumq_stem_word (sumq_stem_t *self, const char *lang, const char *word, size_t size, size_t *stem_size)
{
    struct sb_stemmer *stemmer = s_stemmer (self, lang);
    if (!stemmer || size > INT32_MAX) {
        *stem_size = size;
        return word;
    }
    const sb_symbol *stem = sb_stemmer_stem (stemmer, (const sb_symbol *) word, (int) size);
    if (!stem)
        return NULL;
    *stem_size = (size_t) sb_stemmer_length (stemmer);
    return (const char *) stem;
}

bool
sumq_stem_supported (sumq_stem_t *self, const char *lang)
{
    return s_stemmer (self, lang) != NULL;
}
