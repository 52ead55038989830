/*  reserve: growable arrays for buffers kept from one document to the
    next. They double when short and never shrink, so a long-lived
    parser stops allocating once it has seen its largest document.     */
#ifndef SUMQ_RESERVE_H
#define SUMQ_RESERVE_H
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

//  Makes the array at array_p (the address of any T *, with room for
//  *capacity items of item_size bytes) hold at least count items,
//  keeping its contents. Returns 0, or -1 leaving it as it was.
static inline int
sumq_reserve (void *array_p, size_t *capacity, size_t count, size_t item_size)
{
    if (count <= *capacity)
        return 0;
    size_t new_capacity = *capacity? *capacity: 64;
    while (new_capacity < count) {
        if (new_capacity > SIZE_MAX / 2 / item_size)
            return -1;
        new_capacity *= 2;
    }
    //  The pointer is copied, not cast: T * and void * are different
    //  types to the compiler's aliasing rules.
    void *array;
    memcpy (&array, array_p, sizeof array);
    void *grown = realloc (array, new_capacity * item_size);
    if (!grown)
        return -1;
    memcpy (array_p, &grown, sizeof grown);
    *capacity = new_capacity;
    return 0;
}

#endif
