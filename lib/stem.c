#include "stem.h"
#include "intern.h"
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
//  Words whose stems are remembered, of all languages together: about
//  1 MiB, and enough for the common words of several languages. A full
//  cache starts again empty: cheaper than tracking which word is old.
#define S_MAX_REMEMBERED 16384

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
    //  Snowball costs far more than a table lookup, and most words of a
    //  document were already in earlier ones: "lang NUL word" -> stem,
    //  across documents.
    sumq_intern_t *remembered;      //  keys, numbered in the order added
    sumq_intern_t *stems;
    int *stem_of;                   //  key id -> id in stems
    size_t stem_of_size;
    char *key;
    size_t key_size;
};

sumq_stem_t *
sumq_stem_new (void)
{
    sumq_stem_t *self = calloc (1, sizeof *self);
    if (self) {
        self->remembered = sumq_intern_new ();
        self->stems = sumq_intern_new ();
        if (!self->remembered || !self->stems)
            sumq_stem_destroy (&self);
    }
    return self;
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
    sumq_intern_destroy (&self->remembered);
    sumq_intern_destroy (&self->stems);
    free (self->stem_of);
    free (self->key);
    free (self);
    *self_p = NULL;
}

//  The general case: through UTF-16, where ICU folds, or lower-cases
//  when lower is true.
static const char *
s_fold_unicode (sumq_stem_t *self, const char *word, size_t size, bool lower, size_t *folded_size)
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
    //  Full folding may lengthen a word ("ß" becomes "ss"), and so may
    //  lower-casing ("İ"): ICU says by how much when the buffer is short.
    int32_t folded_length = 0;
    for (int attempt = 0; attempt < 2; attempt++) {
        status = U_ZERO_ERROR;
        folded_length = lower? u_strToLower (self->wide_folded, (int32_t) self->wide_folded_size,
                                             self->wide, length, "", &status)
                             : u_strFoldCase (self->wide_folded, (int32_t) self->wide_folded_size,
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

//  Folded, or lower-cased when lower is true. ASCII folds and lower-
//  cases alike, to ASCII: no need to go through ICU. Lower-cased in the
//  same pass that looks for other characters.
static const char *
s_case (sumq_stem_t *self, const char *word, size_t size, bool lower, size_t *cased_size)
{
    if (sumq_reserve (&self->folded, &self->folded_size, size + 1, 1))
        return NULL;
    for (size_t index = 0; index < size; index++) {
        char c = word [index];
        if ((unsigned char) c >= 0x80)
            return s_fold_unicode (self, word, size, lower, cased_size);
        self->folded [index] = c >= 'A' && c <= 'Z'? (char) (c + 'a' - 'A'): c;
    }
    self->folded [size] = '\0';
    *cased_size = size;
    return self->folded;
}

const char *
sumq_stem_fold (sumq_stem_t *self, const char *word, size_t size, size_t *folded_size)
{
    return s_case (self, word, size, false, folded_size);
}

const char *
sumq_stem_lower (sumq_stem_t *self, const char *word, size_t size, size_t *lower_size)
{
    return s_case (self, word, size, true, lower_size);
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

//  The stem from Snowball, through the cache of words already stemmed.
static const char *
s_stem_remembered (sumq_stem_t *self, struct sb_stemmer *stemmer, const char *lang,
                   const char *word, size_t size, size_t *stem_size)
{
    size_t lang_size = strlen (lang) + 1;
    if (sumq_reserve (&self->key, &self->key_size, lang_size + size, 1))
        return NULL;
    memcpy (self->key, lang, lang_size);
    memcpy (self->key + lang_size, word, size);
    if (sumq_intern_size (self->remembered) >= S_MAX_REMEMBERED) {
        sumq_intern_reset (self->remembered);
        sumq_intern_reset (self->stems);
    }
    bool added;
    int key = sumq_intern_add (self->remembered, self->key, lang_size + size, &added);
    if (key < 0)
        return NULL;
    if (!added)
        return sumq_intern_str (self->stems, self->stem_of [key], stem_size);
    const sb_symbol *stem = sb_stemmer_stem (stemmer, (const sb_symbol *) word, (int) size);
    int stem_id = stem? sumq_intern_add (self->stems, (const char *) stem,
                                         (size_t) sb_stemmer_length (stemmer), NULL): -1;
    if (stem_id < 0
    ||  sumq_reserve (&self->stem_of, &self->stem_of_size, (size_t) key + 1, sizeof *self->stem_of)) {
        //  The key has no stem: forget everything rather than keep it.
        sumq_intern_reset (self->remembered);
        sumq_intern_reset (self->stems);
        return NULL;
    }
    self->stem_of [key] = stem_id;
    return sumq_intern_str (self->stems, stem_id, stem_size);
}

const char *
sumq_stem_word (sumq_stem_t *self, const char *lang, const char *word, size_t size, size_t *stem_size)
{
    struct sb_stemmer *stemmer = s_stemmer (self, lang);
    if (!stemmer || size > INT32_MAX) {
        *stem_size = size;
        return word;
    }
    return s_stem_remembered (self, stemmer, lang, word, size, stem_size);
}

bool
sumq_stem_supported (sumq_stem_t *self, const char *lang)
{
    return s_stemmer (self, lang) != NULL;
}
