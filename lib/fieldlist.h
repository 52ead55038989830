/*  fieldlist: writes the space-separated lists that carry the
    sentences, the vocabulary and the weights in parsed and ranked documents
    (proto/PROTOCOL.md, "Parsed document"). One JSON string per list
    instead of one JSON value per item is what keeps those messages
    cheap to encode and decode at every hop. docview.c reads them.

    The buffer is kept from one list to the next, so a long-lived stage
    stops allocating once it has written its longest list.            */
#ifndef SUMQ_FIELDLIST_H
#define SUMQ_FIELDLIST_H
#include "reserve.h"
#include <jansson.h>

typedef struct {
    char *data;
    size_t size;
    size_t capacity;
} sumq_fieldlist_t;

static inline void
sumq_fieldlist_clear (sumq_fieldlist_t *self)
{
    self->size = 0;
}

static inline void
sumq_fieldlist_free (sumq_fieldlist_t *self)
{
    free (self->data);
    *self = (sumq_fieldlist_t) { 0 };
}

//  Appends a field, after a space unless it is the first. Returns 0, or
//  -1 when out of memory.
static inline int
sumq_fieldlist_add (sumq_fieldlist_t *self, const char *field, size_t size)
{
    if (sumq_reserve (&self->data, &self->capacity, self->size + size + 1, 1))
        return -1;
    if (self->size > 0)
        self->data [self->size++] = ' ';
    memcpy (self->data + self->size, field, size);
    self->size += size;
    return 0;
}

//  Appends bytes to the last field (to the list when it is empty).
//  Returns 0, or -1 when out of memory.
static inline int
sumq_fieldlist_extend (sumq_fieldlist_t *self, const char *bytes, size_t size)
{
    if (sumq_reserve (&self->data, &self->capacity, self->size + size, 1))
        return -1;
    memcpy (self->data + self->size, bytes, size);
    self->size += size;
    return 0;
}

//  Appends a vocabulary id, or any other count or offset, in decimal;
//  printf would cost more than the rest of the parsed document's
//  encoding. The digits are written in place: numbers are most of a
//  parsed document's fields.
static inline int
sumq_fieldlist_add_id (sumq_fieldlist_t *self, size_t id)
{
    size_t digits = 1;
    for (size_t rest = id / 10; rest > 0; rest /= 10)
        digits++;
    if (sumq_reserve (&self->data, &self->capacity, self->size + digits + 1, 1))
        return -1;
    if (self->size > 0)
        self->data [self->size++] = ' ';
    self->size += digits;
    char *end = self->data + self->size;
    do
        *--end = (char) ('0' + id % 10);
    while ((id /= 10) > 0);
    return 0;
}

//  The list as a JSON string. The fields are ASCII or come from checked
//  UTF-8 text, so jansson's UTF-8 check would find nothing.
static inline json_t *
sumq_fieldlist_json (const sumq_fieldlist_t *self)
{
    return json_stringn_nocheck (self->size? self->data: "", self->size);
}

#endif
