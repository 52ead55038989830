#include "docview.h"
#include "intern.h"
#include "reserve.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

//  The arrays are kept from one document to the next (reserve.h), so a
//  stage that reads document after document stops allocating.
struct _sumq_docview_t {
    const char *id;
    const char *lang;
    const char *text;
    size_t text_len;
    const json_t *options;
    size_t dropped;
    sumq_docview_sentence_t *sentences;
    size_t nsentences;
    size_t sentences_size;
    int *tokens;                    //  all sentences' tokens, back to back
    size_t tokens_size;
    bool *joined;                   //  per token, as tokens
    size_t joined_size;
    sumq_docview_term_t *terms;
    size_t nterms;
    size_t terms_size;
    char *words;                    //  "stems" and "forms", one C string each
    size_t words_size;
    size_t *term_of;                //  vocabulary id -> term id
    size_t term_of_size;
    size_t vocab_size;
    //  Per vocabulary entry while it is read: stems, then forms...
    const char **fields;
    size_t fields_size;
    size_t *field_sizes;
    size_t field_sizes_size;
    bool *stops;                    //  ...stopword flags
    size_t stops_size;
    bool *lowercase;                //  ...and lowercase flags
    size_t lowercase_size;
    //  Stems are interned in the order they are first seen, so a stem's
    //  id in the table is its term id.
    sumq_intern_t *by_stem;
    double *weights;                //  per term; ranked documents only
    double *weight_buffer;
    size_t weight_buffer_size;
    const json_t *keywords;
    const char *idf;
};

//  A continuation byte cannot start a UTF-8 character; an offset that
//  lands on one would cut a character in half.
static bool
s_char_boundary (const char *text, size_t text_len, size_t offset)
{
    return offset >= text_len || ((unsigned char) text [offset] & 0xC0) != 0x80;
}

//  Reads a non-negative integer member no larger than max.
static int
s_get_count (const json_t *object, const char *key, size_t max, size_t *value)
{
    const json_t *member = json_object_get (object, key);
    if (!json_is_integer (member))
        return -1;
    json_int_t number = json_integer_value (member);
    if (number < 0 || (uintmax_t) number > max)
        return -1;
    *value = (size_t) number;
    return 0;
}

static const char *
s_get_string (const json_t *object, const char *key)
{
    return json_string_value (json_object_get (object, key));
}

//  The lists of "Parsed document": fields separated by single spaces,
//  none empty, "" for no field at all. Fields are a few bytes long
//  (token ids, stems), so plain byte loops do better here than a memchr
//  call per field.
static size_t
s_fields (const char *list, size_t size)
{
    if (size == 0)
        return 0;
    size_t fields = 1;
    for (size_t at = 0; at < size; at++)
        fields += list [at] == ' ';
    return fields;
}

//  Reads a list field by field, without counting it first.
typedef struct {
    const char *at;
    const char *end;
    bool more;                      //  a field is left to read
} s_list_t;

//  A NULL string (a member that is absent) is an empty list.
static s_list_t
s_list (const json_t *string)
{
    const char *at = string? json_string_value (string): "";
    size_t size = json_string_length (string);
    return (s_list_t) { at, at + size, size > 0 };
}

//  The next field: *field gets its start, the return its size (0 for an
//  empty field).
static size_t
s_list_next (s_list_t *self, const char **field)
{
    const char *stop = *field = self->at;
    while (stop < self->end && *stop != ' ')
        stop++;
    self->more = stop < self->end;
    self->at = self->more? stop + 1: stop;
    return (size_t) (stop - *field);
}

//  Reads the next field as a decimal id below limit, in the same pass
//  that finds its end (ids are most fields); the bound is checked digit
//  by digit, so no length of digits can overflow. False for any other
//  field, *dash then telling whether it was "-".
static bool
s_list_next_id (s_list_t *self, size_t limit, size_t *id, bool *dash)
{
    const char *start = self->at, *stop = start;
    size_t value = 0;
    bool digits = true;
    for (; stop < self->end && *stop != ' '; stop++)
        if (digits && (*stop < '0' || *stop > '9'
                   ||  (value = value * 10 + (size_t) (*stop - '0')) >= limit))
            digits = false;
    self->more = stop < self->end;
    self->at = self->more? stop + 1: stop;
    *dash = stop - start == 1 && *start == '-';
    *id = value;
    return digits && stop > start;
}

//  Powers of ten that a double holds exactly.
static const double s_exact_powers [] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

//  A field that is a weight: digits, optionally "." and digits. The
//  grammar is checked here because strtod would also take signs,
//  exponents, "nan" and hexadecimal.
static bool
s_weight (const char *field, size_t size, double *weight)
{
    //  Up to 15 digits make an integer that a double holds exactly; so
    //  does 10^decimals, and one IEEE division of two exact values is
    //  correctly rounded, as strtod is: the same double, for a fraction
    //  of strtod's cost. Weights on the wire have 4 decimals.
    uint64_t digits = 0;
    size_t count = 0, decimals = 0;
    size_t at = 0;
    for (; at < size && field [at] >= '0' && field [at] <= '9'; at++, count++)
        digits = digits * 10 + (uint64_t) (field [at] - '0');
    size_t integer = at;
    if (at < size && field [at] == '.')
        for (at++; at < size && field [at] >= '0' && field [at] <= '9'; at++, count++, decimals++)
            digits = digits * 10 + (uint64_t) (field [at] - '0');
    if (integer == 0 || at != size || field [size - 1] == '.')
        return false;
    if (count <= 15) {
        *weight = (double) digits / s_exact_powers [decimals];
        return true;
    }
    //  The field ends at a space or at the string's NUL: strtod stops there.
    char *end;
    *weight = strtod (field, &end);
    return end == field + size && isfinite (*weight);
}

//  Copies "stems" or "forms" (count fields) into words, each field a C
//  string that fields [] points to and sizes [] measures; fails on a
//  field that is empty or holds white space or NUL, which no word can.
static int
s_split_words (const char *list, size_t size, size_t count, char *words,
               const char **fields, size_t *sizes)
{
    if (count == 0)
        return 0;
    //  Copied whole, then split: only bytes up to ' ' need a second look.
    memcpy (words, list, size);
    words [size] = ' ';
    size_t index = 0, start = 0;
    for (size_t at = 0; at <= size; at++) {
        char c = words [at];
        if ((unsigned char) c > ' ')
            continue;
        if (c == '\0' || (c >= '\t' && c <= '\r'))
            return -1;
        if (c != ' ')
            continue;
        if (at == start)
            return -1;
        words [at] = '\0';
        fields [index] = words + start;
        sizes [index++] = at - start;
        start = at + 1;
    }
    return 0;
}

//  Sets flags [id] for each id below count of a list of them, which
//  must rise; name and what (the list and what its ids are) are for
//  errors. A NULL list is an empty one.
static int
s_read_flags (const json_t *ids, const char *name, const char *what, size_t count, bool *flags,
              sumq_error_t *err)
{
    memset (flags, 0, count * sizeof *flags);
    s_list_t list = s_list (ids);
    size_t previous = 0;
    for (size_t index = 0; list.more; index++) {
        size_t id;
        bool dash;
        if (!s_list_next_id (&list, count, &id, &dash) || (index > 0 && id <= previous)) {
            sumq_error_set (err, SUMQ_E_BAD_REQUEST,
                            "%s field %zu is not a %s above the one before", name, index, what);
            return -1;
        }
        flags [previous = id] = true;
    }
    return 0;
}

static int
s_read_vocab (sumq_docview_t *self, const json_t *stems, const json_t *forms, const json_t *stop,
              const json_t *lowercase, sumq_error_t *err)
{
    size_t stems_size = json_string_length (stems), forms_size = json_string_length (forms);
    self->vocab_size = s_fields (json_string_value (stems), stems_size);
    if (s_fields (json_string_value (forms), forms_size) != self->vocab_size) {
        sumq_error_set (err, SUMQ_E_BAD_REQUEST, "\"stems\" and \"forms\" do not have as many fields");
        return -1;
    }
    //  Stems and forms, then the flags of the vocabulary entries.
    size_t count = self->vocab_size;
    if (sumq_reserve (&self->fields, &self->fields_size, 2 * count + 1, sizeof *self->fields)
    ||  sumq_reserve (&self->field_sizes, &self->field_sizes_size, 2 * count + 1, sizeof *self->field_sizes)
    ||  sumq_reserve (&self->stops, &self->stops_size, count + 1, sizeof *self->stops)
    ||  sumq_reserve (&self->lowercase, &self->lowercase_size, count + 1, sizeof *self->lowercase)
    ||  sumq_reserve (&self->words, &self->words_size, stems_size + forms_size + 2, 1)
    ||  sumq_reserve (&self->term_of, &self->term_of_size, count + 1, sizeof *self->term_of)
    ||  sumq_reserve (&self->terms, &self->terms_size, count + 1, sizeof *self->terms)) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "out of memory reading the vocabulary");
        return -1;
    }
    const char **fields = self->fields;
    size_t *sizes = self->field_sizes;
    sumq_intern_reset (self->by_stem);
    int rc = 0;
    if (s_split_words (json_string_value (stems), stems_size, count, self->words, fields, sizes)
    ||  s_split_words (json_string_value (forms), forms_size, count,
                       self->words + stems_size + 1, fields + count, sizes + count)) {
        sumq_error_set (err, SUMQ_E_BAD_REQUEST,
                        "\"stems\" and \"forms\" need words separated by single spaces");
        rc = -1;
    }
    if (rc == 0)
        rc = s_read_flags (stop, "\"stop\"", "vocabulary id", count, self->stops, err)
          || s_read_flags (lowercase, "\"lowercase\"", "vocabulary id", count, self->lowercase, err)? -1: 0;
    for (size_t id = 0; id < count && rc == 0; id++) {
        bool added;
        int term = sumq_intern_add (self->by_stem, fields [id], sizes [id], &added);
        if (term < 0) {
            sumq_error_set (err, SUMQ_E_INTERNAL, "out of memory reading the vocabulary");
            rc = -1;
            break;
        }
        if (added)
            self->terms [self->nterms++] = (sumq_docview_term_t) {
                fields [id], fields [count + id], self->stops [id], self->lowercase [id] };
        self->term_of [id] = (size_t) term;
    }
    return rc;
}

//  The next field of a column of "sentences", one decimal per sentence,
//  as a value below limit; false when the column has no field left or
//  the field is not one.
static bool
s_column_next (s_list_t *list, size_t limit, size_t *value)
{
    bool dash;
    return list->more && s_list_next_id (list, limit, value, &dash);
}

//  After a column's field for every sentence: it must have no more.
static int
s_column_end (const s_list_t *list, const char *name, sumq_error_t *err)
{
    if (!list->more)
        return 0;
    sumq_error_set (err, SUMQ_E_BAD_REQUEST, "\"sentences\".%s has more fields than \"start\"", name);
    return -1;
}

//  The optional "joined" list of "sentences": indexes of the fields of
//  "tokens" that are words joined to the word before them, in the same
//  sentence, by a hyphen. Absent, no word is.
static int
s_read_joined (sumq_docview_t *self, const json_t *joined, size_t total, sumq_error_t *err)
{
    if (joined && !json_is_string (joined)) {
        sumq_error_set (err, SUMQ_E_BAD_REQUEST, "\"sentences\".joined is not a string");
        return -1;
    }
    if (sumq_reserve (&self->joined, &self->joined_size, total + 1, sizeof *self->joined)) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "out of memory reading the sentences");
        return -1;
    }
    if (s_read_flags (joined, "\"sentences\".joined", "token index", total, self->joined, err))
        return -1;
    for (size_t index = 0; index < self->nsentences; index++) {
        sumq_docview_sentence_t *sentence = &self->sentences [index];
        sentence->joined = self->joined + (sentence->tokens - self->tokens);
        for (size_t token = 0; token < sentence->ntokens; token++)
            if (sentence->joined [token]
            &&  (token == 0 || sentence->tokens [token] < 0 || sentence->tokens [token - 1] < 0)) {
                sumq_error_set (err, SUMQ_E_BAD_REQUEST, "\"sentences\".joined names token %zu,"
                                " which does not follow a word of its sentence",
                                (size_t) (sentence->tokens - self->tokens) + token);
                return -1;
            }
    }
    return 0;
}

//  "sentences" is columnar: one list per member, read in one pass each,
//  instead of one JSON object per sentence, which cost a hashtable and
//  a copy of every key per sentence to decode.
static int
s_read_sentences (sumq_docview_t *self, const json_t *sentences, sumq_error_t *err)
{
    const json_t *starts = json_object_get (sentences, "start");
    const json_t *lens = json_object_get (sentences, "len");
    const json_t *paras = json_object_get (sentences, "para");
    const json_t *headings = json_object_get (sentences, "heading");
    const json_t *ntokens = json_object_get (sentences, "ntokens");
    const json_t *tokens = json_object_get (sentences, "tokens");
    if (!json_is_string (starts) || !json_is_string (lens) || !json_is_string (paras)
    ||  !json_is_string (headings) || !json_is_string (ntokens) || !json_is_string (tokens)) {
        sumq_error_set (err, SUMQ_E_BAD_REQUEST, "\"sentences\" needs strings \"start\", \"len\","
                        " \"para\", \"heading\", \"ntokens\" and \"tokens\"");
        return -1;
    }
    //  A list of size bytes has at most (size + 1) / 2 fields that are
    //  not empty, and an empty field stops the reading: a bound that
    //  spares counting a list before reading it.
    size_t most_sentences = (json_string_length (starts) + 1) / 2;
    size_t most_tokens = (json_string_length (tokens) + 1) / 2;
    if (sumq_reserve (&self->sentences, &self->sentences_size, most_sentences + 1, sizeof *self->sentences)) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "out of memory reading the sentences");
        return -1;
    }
    //  "start" says how many sentences there are; every other column
    //  must have as many fields.
    size_t count = 0;
    s_list_t list = s_list (starts);
    while (list.more) {
        sumq_docview_sentence_t *sentence = &self->sentences [count];
        if (!s_column_next (&list, self->text_len + 1, &sentence->start)
        ||  !s_char_boundary (self->text, self->text_len, sentence->start)) {
            sumq_error_set (err, SUMQ_E_BAD_REQUEST,
                            "\"sentences\".start field %zu is not a character boundary of the text", count);
            return -1;
        }
        sentence->heading = false;
        count++;
    }
    self->nsentences = count;
    list = s_list (lens);
    for (size_t index = 0; index < count; index++) {
        sumq_docview_sentence_t *sentence = &self->sentences [index];
        if (!s_column_next (&list, self->text_len - sentence->start + 1, &sentence->len)
        ||  !s_char_boundary (self->text, self->text_len, sentence->start + sentence->len)) {
            sumq_error_set (err, SUMQ_E_BAD_REQUEST, "\"sentences\".len field %zu is missing or does"
                            " not end the sentence on a character boundary of the text", index);
            return -1;
        }
    }
    if (s_column_end (&list, "len", err))
        return -1;
    //  Every paragraph holds a byte of the text, so its number is below
    //  the text's length; the bound also keeps the digits from overflowing.
    list = s_list (paras);
    for (size_t index = 0; index < count; index++)
        if (!s_column_next (&list, self->text_len + 1, &self->sentences [index].para)) {
            sumq_error_set (err, SUMQ_E_BAD_REQUEST,
                            "\"sentences\".para field %zu is missing or not a paragraph number", index);
            return -1;
        }
    if (s_column_end (&list, "para", err))
        return -1;
    //  Each ntokens field is at most what tokens can hold, so the sum of
    //  count of them cannot overflow before it is found too large.
    size_t total = 0;
    list = s_list (ntokens);
    for (size_t index = 0; index < count; index++) {
        if (!s_column_next (&list, most_tokens + 1, &self->sentences [index].ntokens)
        ||  (total += self->sentences [index].ntokens) > most_tokens) {
            sumq_error_set (err, SUMQ_E_BAD_REQUEST, "\"sentences\".ntokens field %zu is missing,"
                            " not a count or more than \"tokens\" holds", index);
            return -1;
        }
    }
    if (s_column_end (&list, "ntokens", err))
        return -1;
    list = s_list (headings);
    size_t previous = 0;
    for (size_t index = 0; list.more; index++) {
        size_t heading;
        if (!s_column_next (&list, count, &heading) || (index > 0 && heading <= previous)) {
            sumq_error_set (err, SUMQ_E_BAD_REQUEST,
                            "\"sentences\".heading field %zu is not a sentence index above the one before", index);
            return -1;
        }
        self->sentences [previous = heading].heading = true;
    }
    if (sumq_reserve (&self->tokens, &self->tokens_size, total + 1, sizeof *self->tokens)) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "out of memory reading the sentences");
        return -1;
    }
    int *next = self->tokens;
    list = s_list (tokens);
    for (size_t index = 0, position = 0; index < count; index++) {
        sumq_docview_sentence_t *sentence = &self->sentences [index];
        sentence->tokens = next;
        sentence->words = 0;
        for (size_t field = 0; field < sentence->ntokens; field++, position++) {
            size_t id;
            bool dash;
            if (!list.more) {
                sumq_error_set (err, SUMQ_E_BAD_REQUEST, "\"sentences\".ntokens add up to more"
                                " than the %zu fields of \"tokens\"", position);
                return -1;
            }
            if (s_list_next_id (&list, self->vocab_size, &id, &dash)) {
                *next++ = (int) self->term_of [id];
                sentence->words++;
            }
            else
            if (dash)
                *next++ = -1;
            else {
                sumq_error_set (err, SUMQ_E_BAD_REQUEST,
                                "\"sentences\".tokens field %zu is not \"-\" or a vocabulary id", position);
                return -1;
            }
        }
    }
    if (list.more) {
        sumq_error_set (err, SUMQ_E_BAD_REQUEST,
                        "\"sentences\".tokens has more fields than \"ntokens\" add up to");
        return -1;
    }
    return s_read_joined (self, json_object_get (sentences, "joined"), total, err);
}

static int
s_read_ranking (sumq_docview_t *self, const json_t *doc, sumq_error_t *err)
{
    const json_t *weights = json_object_get (doc, "weights");
    self->keywords = json_object_get (doc, "keywords");
    self->idf = s_get_string (doc, "idf");
    if (!json_is_string (weights)
    ||  s_fields (json_string_value (weights), json_string_length (weights)) != self->vocab_size
    ||  !json_is_array (self->keywords) || !self->idf) {
        sumq_error_set (err, SUMQ_E_BAD_REQUEST,
                        "a ranked document needs a string \"weights\" (one field per vocabulary entry),"
                        " an array \"keywords\" and a string \"idf\"");
        return -1;
    }
    for (size_t index = 0; index < json_array_size (self->keywords); index++) {
        const json_t *keyword = json_array_get (self->keywords, index);
        if (!s_get_string (keyword, "term") || !json_is_number (json_object_get (keyword, "score"))) {
            sumq_error_set (err, SUMQ_E_BAD_REQUEST,
                            "keywords[%zu] needs a string \"term\" and a number \"score\"", index);
            return -1;
        }
    }
    if (sumq_reserve (&self->weight_buffer, &self->weight_buffer_size,
                      self->nterms + 1, sizeof *self->weight_buffer)) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "out of memory reading the weights");
        return -1;
    }
    //  A term takes the weight of its first vocabulary entry. Terms are
    //  numbered in the order their stems first appear, so that entry is
    //  the one whose term is the next not weighted yet.
    size_t weighted = 0;
    s_list_t list = s_list (weights);
    for (size_t id = 0; id < self->vocab_size; id++) {
        const char *field;
        size_t size = s_list_next (&list, &field);
        double value;
        if (!s_weight (field, size, &value)) {
            sumq_error_set (err, SUMQ_E_BAD_REQUEST, "\"weights\" field %zu is not a non-negative number", id);
            return -1;
        }
        if (self->term_of [id] == weighted)
            self->weight_buffer [weighted++] = value;
    }
    self->weights = self->weight_buffer;
    return 0;
}

static int
s_read (sumq_docview_t *self, const json_t *doc, sumq_docview_kind_t kind, sumq_error_t *err)
{
    if (!json_is_object (doc)) {
        sumq_error_set (err, SUMQ_E_BAD_REQUEST, "the document is not a JSON object");
        return -1;
    }
    const json_t *version = json_object_get (doc, "version");
    if (!json_is_integer (version)) {
        sumq_error_set (err, SUMQ_E_BAD_REQUEST, "\"version\" is missing or not an integer");
        return -1;
    }
    if (json_integer_value (version) != 1) {
        sumq_error_set (err, SUMQ_E_UNSUPPORTED, "\"version\" %" JSON_INTEGER_FORMAT " is not 1",
                        json_integer_value (version));
        return -1;
    }
    const json_t *text = json_object_get (doc, "text");
    const json_t *sentences = json_object_get (doc, "sentences");
    const json_t *stems = json_object_get (doc, "stems");
    const json_t *forms = json_object_get (doc, "forms");
    const json_t *stop = json_object_get (doc, "stop");
    const json_t *lowercase = json_object_get (doc, "lowercase");
    self->id = s_get_string (doc, "id");
    self->lang = s_get_string (doc, "lang");
    self->text = json_string_value (text);
    self->text_len = json_string_length (text);
    self->options = json_object_get (doc, "options");
    if (!self->id || !self->lang || !self->text || !json_is_object (sentences)
    ||  !json_is_string (stems) || !json_is_string (forms) || !json_is_string (stop)) {
        sumq_error_set (err, SUMQ_E_BAD_REQUEST,
                        "a parsed document needs strings \"id\", \"lang\", \"text\","
                        " \"stems\", \"forms\", \"stop\" and an object \"sentences\"");
        return -1;
    }
    if (lowercase && !json_is_string (lowercase)) {
        sumq_error_set (err, SUMQ_E_BAD_REQUEST, "\"lowercase\" is not a string");
        return -1;
    }
    if (self->options && !json_is_object (self->options)) {
        sumq_error_set (err, SUMQ_E_BAD_REQUEST, "\"options\" is not an object");
        return -1;
    }
    self->dropped = 0;
    if (json_object_get (doc, "dropped")
    &&  s_get_count (doc, "dropped", SIZE_MAX, &self->dropped)) {
        sumq_error_set (err, SUMQ_E_BAD_REQUEST, "\"dropped\" is not a non-negative integer");
        return -1;
    }
    if (s_read_vocab (self, stems, forms, stop, lowercase, err) || s_read_sentences (self, sentences, err))
        return -1;
    return kind == SUMQ_DOCVIEW_RANKED? s_read_ranking (self, doc, err): 0;
}

sumq_docview_t *
sumq_docview_new (void)
{
    sumq_docview_t *self = calloc (1, sizeof *self);
    if (self && !(self->by_stem = sumq_intern_new ()))
        sumq_docview_destroy (&self);
    return self;
}

void
sumq_docview_destroy (sumq_docview_t **self_p)
{
    if (*self_p) {
        sumq_docview_t *self = *self_p;
        free (self->sentences);
        free (self->tokens);
        free (self->joined);
        free (self->terms);
        free (self->words);
        free (self->term_of);
        free (self->fields);
        free (self->field_sizes);
        free (self->stops);
        free (self->lowercase);
        sumq_intern_destroy (&self->by_stem);
        free (self->weight_buffer);
        free (self);
        *self_p = NULL;
    }
}

//  An empty view: nothing of the previous document shows through.
static void
s_clear (sumq_docview_t *self)
{
    self->nsentences = 0;
    self->nterms = 0;
    self->vocab_size = 0;
    self->weights = NULL;
    self->keywords = NULL;
    self->idf = NULL;
}

int
sumq_docview_read (sumq_docview_t *self, const json_t *doc, sumq_docview_kind_t kind, sumq_error_t *err)
{
    s_clear (self);
    int rc = s_read (self, doc, kind, err);
    if (rc)
        s_clear (self);
    return rc;
}

int
sumq_docview_read_ranking (sumq_docview_t *self, const json_t *ranked, sumq_error_t *err)
{
    int rc = s_read_ranking (self, ranked, err);
    if (rc)
        s_clear (self);
    return rc;
}

const char *
sumq_docview_id (sumq_docview_t *self)
{
    return self->id;
}

const char *
sumq_docview_lang (sumq_docview_t *self)
{
    return self->lang;
}

const char *
sumq_docview_text (sumq_docview_t *self)
{
    return self->text;
}

const json_t *
sumq_docview_options (sumq_docview_t *self)
{
    return self->options;
}

size_t
sumq_docview_dropped (sumq_docview_t *self)
{
    return self->dropped;
}

size_t
sumq_docview_sentences (sumq_docview_t *self)
{
    return self->nsentences;
}

const sumq_docview_sentence_t *
sumq_docview_sentence (sumq_docview_t *self, size_t index)
{
    return index < self->nsentences? &self->sentences [index]: NULL;
}

size_t
sumq_docview_terms (sumq_docview_t *self)
{
    return self->nterms;
}

const sumq_docview_term_t *
sumq_docview_term (sumq_docview_t *self, size_t term)
{
    return term < self->nterms? &self->terms [term]: NULL;
}

size_t
sumq_docview_vocab_size (sumq_docview_t *self)
{
    return self->vocab_size;
}

size_t
sumq_docview_term_of (sumq_docview_t *self, size_t vocab_id)
{
    return self->term_of [vocab_id];
}

const double *
sumq_docview_weights (sumq_docview_t *self)
{
    return self->weights;
}

const json_t *
sumq_docview_keywords (sumq_docview_t *self)
{
    return self->keywords;
}

const char *
sumq_docview_idf (sumq_docview_t *self)
{
    return self->idf;
}

double
sumq_docview_score (double score)
{
    return round (score * 10000) / 10000;
}

json_t *
sumq_docview_score_json (double score)
{
    return json_real (sumq_docview_score (score));
}
