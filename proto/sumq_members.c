#include "sumq_members.h"
#include <stdint.h>
#include <stdio.h>
#include <string.h>

bool
sumq_members_name_valid (const char *name, size_t size)
{
    if (size == 0 || size > SUMQ_MEMBER_NAME_MAX)
        return false;
    for (size_t at = 0; at < size; at++)
        if (!((name [at] >= 'a' && name [at] <= 'z') || (name [at] >= '0' && name [at] <= '9')
        ||    name [at] == '_'))
            return false;
    return true;
}

int
sumq_members_next (const void *frame, size_t size, size_t *at, sumq_member_t *member)
{
    const char *data = frame;
    size_t start = *at;
    if (start >= size)
        return 0;
    size_t space = start;
    while (space < size && data [space] != ' ')
        space++;
    if (space == size || !sumq_members_name_valid (data + start, space - start))
        return -1;
    size_t digits = space + 1;
    size_t end = digits;
    size_t length = 0;
    //  No leading zeros and no overflow: one text, one length.
    while (end < size && data [end] >= '0' && data [end] <= '9') {
        if ((end > digits && data [digits] == '0') || length > (SIZE_MAX - 9) / 10)
            return -1;
        length = 10 * length + (size_t) (data [end] - '0');
        end++;
    }
    if (end == digits || end == size || data [end] != '\n' || length > size - end - 1)
        return -1;
    member->name = data + start;
    member->name_size = space - start;
    member->value = data + end + 1;
    member->size = length;
    *at = end + 1 + length;
    return 1;
}

size_t
sumq_members_record_size (const char *name, size_t value_size)
{
    char digits [24];
    return strlen (name) + 1 + (size_t) snprintf (digits, sizeof digits, "%zu", value_size) + 1 + value_size;
}

size_t
sumq_members_write (char *out, const char *name, const char *value, size_t value_size)
{
    char head [SUMQ_MEMBER_NAME_MAX + 32];
    int head_size = snprintf (head, sizeof head, "%s %zu\n", name, value_size);
    memcpy (out, head, (size_t) head_size);
    memcpy (out + head_size, value, value_size);
    return (size_t) head_size + value_size;
}

int
sumq_members_merge (json_t *object, const void *frame, size_t size,
                    sumq_member_names_t *names, sumq_error_t *err)
{
    //  The broker wants no names: one buffer serves every record then.
    char own [SUMQ_MEMBER_NAME_MAX + 1];
    size_t own_count;
    size_t *count = names? &names->count: &own_count;
    *count = 0;
    size_t at = 0;
    sumq_member_t member;
    int rc;
    while ((rc = sumq_members_next (frame, size, &at, &member)) == 1) {
        if (*count == SUMQ_MEMBERS_MAX) {
            sumq_error_set (err, SUMQ_E_BAD_REQUEST, "more than %d members in the members frame",
                            SUMQ_MEMBERS_MAX);
            return -1;
        }
        char *name = names? names->names [*count]: own;
        (*count)++;
        memcpy (name, member.name, member.name_size);
        name [member.name_size] = '\0';
        json_t *value = NULL;
        if (json_object_get (object, name)) {
            sumq_error_set (err, SUMQ_E_BAD_REQUEST, "member \"%s\" is both in the body and in "
                            "its members frame", name);
            return -1;
        }
        if (memchr (member.value, 0, member.size) || !(value = json_stringn (member.value, member.size))) {
            sumq_error_set (err, SUMQ_E_INVALID_UTF8, "member \"%s\" of the members frame is not "
                            "valid UTF-8 without NUL", name);
            return -1;
        }
        if (json_object_set_new (object, name, value) != 0) {
            sumq_error_set (err, SUMQ_E_INTERNAL, "out of memory");
            return -1;
        }
    }
    if (rc < 0)
        sumq_error_set (err, SUMQ_E_BAD_REQUEST, "the members frame is malformed at byte %zu", at);
    return rc;
}
