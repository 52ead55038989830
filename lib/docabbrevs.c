#include "docabbrevs.h"
#include "reserve.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#define S_MIN_LETTERS 2             //  one capital is an initial: segment.c has it
#define S_MAX_LETTERS 4             //  "Capt", "Prof"; longer words are rarely cut
#define S_MIN_USES    2             //  one full stop could be a sentence's

//  One use of a candidate word: where it is, and whether a full stop
//  follows. After learning, the same array holds the abbreviations,
//  one entry each.
typedef struct {
    const char *word;
    size_t size;                    //  in bytes, without the full stop
    bool stop;
} s_use_t;

struct _sumq_docabbrevs_t {
    s_use_t *uses;
    size_t use_count;
    size_t uses_size;
    size_t count;                   //  abbreviations, at the start of uses
};

sumq_docabbrevs_t *
sumq_docabbrevs_new (void)
{
    sumq_docabbrevs_t *self = calloc (1, sizeof *self);
    return self;
}

void
sumq_docabbrevs_destroy (sumq_docabbrevs_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    sumq_docabbrevs_t *self = *self_p;
    free (self->uses);
    free (self);
    *self_p = NULL;
}

static int
s_compare_words (const char *word, size_t size, const s_use_t *use)
{
    int order = memcmp (word, use->word, size < use->size? size: use->size);
    return order? order: (size > use->size) - (size < use->size);
}

static int
s_compare_uses (const void *left, const void *right)
{
    const s_use_t *use = left;
    return s_compare_words (use->word, use->size, right);
}

//  A word is a run of letters. It is a candidate when it has 2 to 4 of
//  them, starts with a capital, and is neither part of a dotted run
//  ("U.S.", "e.g.", "HCM" in "TP.HCM") nor glued to digits. A full stop
//  counts only inside a line: at a line's end, or as an ellipsis, it
//  ends a sentence.
static int
s_collect (sumq_docabbrevs_t *self, const char *text, size_t size)
{
    size_t at = 0;
    UChar32 before = ' ';
    while (at < size) {
        size_t start = at, letters = 0;
        UChar32 c = 0, first = 0;
        while (at < size) {
            size_t next = at;
            U8_NEXT_UNSAFE (text, next, c);
            if (!u_isalpha (c))
                break;
            first = letters++? first: c;
            at = next;
        }
        if (letters == 0) {
            before = c;
            U8_FWD_1_UNSAFE (text, at);
            continue;
        }
        UChar32 after = at < size? c: ' ';
        bool stop = after == '.' && at + 1 < size && text [at + 1] != '.' && text [at + 1] != '\n';
        if (letters >= S_MIN_LETTERS && letters <= S_MAX_LETTERS && u_isupper (first)
        &&  before != '.' && !u_isdigit (before) && !u_isdigit (after)) {
            if (sumq_reserve (&self->uses, &self->uses_size, self->use_count + 1, sizeof *self->uses))
                return -1;
            self->uses [self->use_count++] = (s_use_t) { text + start, at - start, stop };
        }
    }
    return 0;
}

int
sumq_docabbrevs_learn (sumq_docabbrevs_t *self, const char *text, size_t size)
{
    self->use_count = 0;
    self->count = 0;
    if (s_collect (self, text, size))
        return -1;
    if (self->use_count < S_MIN_USES)
        return 0;
    qsort (self->uses, self->use_count, sizeof *self->uses, s_compare_uses);
    for (size_t first = 0, last; first < self->use_count; first = last) {
        bool always = true;
        for (last = first; last < self->use_count && s_compare_uses (&self->uses [first], &self->uses [last]) == 0; last++)
            always = always && self->uses [last].stop;
        if (always && last - first >= S_MIN_USES)
            self->uses [self->count++] = self->uses [first];
    }
    return 0;
}

bool
sumq_docabbrevs_contains (const sumq_docabbrevs_t *self, const char *word, size_t size)
{
    if (size < 2 || word [size - 1] != '.' || self->count == 0)
        return false;
    s_use_t key = { word, size - 1, true };
    return bsearch (&key, self->uses, self->count, sizeof *self->uses, s_compare_uses) != NULL;
}

size_t
sumq_docabbrevs_count (const sumq_docabbrevs_t *self)
{
    return self->count;
}
