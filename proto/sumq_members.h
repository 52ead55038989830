/*  sumq_members: the members frame of JOBT and REPLYT (PROTOCOL.md,
    "Members frames"). Long top-level string members of a body travel
    in it as raw UTF-8 instead of as JSON strings, which every stage
    would otherwise decode and encode again. The frame is a run of
    records, each "NAME LENGTH\n" followed by LENGTH bytes of value:
    NAME is 1 to SUMQ_MEMBER_NAME_MAX characters of a-z, 0-9 and _,
    LENGTH a decimal without leading zeros. An empty frame holds none.

    sumq_members_next checks the framing only; sumq_members_merge, which
    puts a frame back into its body, also checks the number of records,
    that each value is UTF-8 and that its name is free in the body.    */
#ifndef SUMQ_MEMBERS_H
#define SUMQ_MEMBERS_H
#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>
#include "sumq_error.h"

#define SUMQ_MEMBER_NAME_MAX    64
//  Records a frame may hold at most, far more than a stage has long lists.
#define SUMQ_MEMBERS_MAX        32

//  The names of the members of one frame, NUL-terminated.
typedef struct {
    char names [SUMQ_MEMBERS_MAX][SUMQ_MEMBER_NAME_MAX + 1];
    size_t count;
} sumq_member_names_t;

typedef struct {
    const char *name;           //  not NUL-terminated
    size_t name_size;
    const char *value;          //  not NUL-terminated
    size_t size;
} sumq_member_t;

//  The record at *at of frame[0, size): fills member (pointing into the
//  frame), moves *at past it and returns 1; returns 0 at the end of the
//  frame, -1 when the record is malformed.
int sumq_members_next (const void *frame, size_t size, size_t *at, sumq_member_t *member);

//  Bytes the record of a member takes in a frame.
size_t sumq_members_record_size (const char *name, size_t value_size);

//  Writes the record at out, which has sumq_members_record_size bytes;
//  returns the bytes written.
size_t sumq_members_write (char *out, const char *name, const char *value, size_t value_size);

//  Adds every record of frame[0, size) to object as a string member: a
//  body with its members put back. When names is not NULL, it gets their
//  names. 0, or -1 with err: bad_request when the frame is malformed,
//  holds more than SUMQ_MEMBERS_MAX records or names a member object
//  has, invalid_utf8 when a value is not UTF-8 or holds a NUL, internal
//  when memory is out.
int sumq_members_merge (json_t *object, const void *frame, size_t size,
                        sumq_member_names_t *names, sumq_error_t *err);

//  Whether name may be a record's name.
bool sumq_members_name_valid (const char *name, size_t size);

#endif
