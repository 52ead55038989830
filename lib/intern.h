/*  intern: a string table that numbers distinct strings 0, 1, 2, ... in
    the order they were first added.

    The parser counts words, stems and lines of one document at a time;
    reset() forgets the strings but keeps the memory, so a long-lived
    table stops allocating once it has seen its largest document.     */
#ifndef SUMQ_INTERN_H
#define SUMQ_INTERN_H
#include <stdbool.h>
#include <stddef.h>

typedef struct _sumq_intern_t sumq_intern_t;

sumq_intern_t *sumq_intern_new (void);
void sumq_intern_destroy (sumq_intern_t **self_p);

//  Forgets every string; ids start again at 0.
void sumq_intern_reset (sumq_intern_t *self);

//  The id of the len bytes at str (which need not be NUL-terminated,
//  and must not be a string of this table), adding them when new; added
//  (may be NULL) says which. -1 when out of memory.
int sumq_intern_add (sumq_intern_t *self, const char *str, size_t len, bool *added);

//  The id of the len bytes at str, or -1 when the table does not hold
//  them.
int sumq_intern_find (sumq_intern_t *self, const char *str, size_t len);

//  The NUL-terminated string of an id from sumq_intern_add, valid until
//  the next add or reset; len may be NULL.
const char *sumq_intern_str (sumq_intern_t *self, int id, size_t *len);

//  How many distinct strings the table holds.
size_t sumq_intern_size (sumq_intern_t *self);

#endif
