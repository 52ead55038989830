#include "docview.h"
#include "intern.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct _sumq_docview_t {
    const char *id;
    const char *lang;
    const char *text;
    size_t text_len;
    const json_t *options;
    size_t dropped;
    sumq_docview_sentence_t *sentences;
    size_t nsentences;
    int *tokens;                    //  all sentences' tokens, back to back
    sumq_docview_term_t *terms;
    size_t nterms;
    size_t *term_of;                //  vocabulary id -> term id
    size_t vocab_size;
    double *weights;                //  per term; ranked documents only
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

//  An optional boolean member: absent is false, anything else must be
//  a boolean.
static int
s_get_flag (const json_t *object, const char *key, bool *value)
{
    const json_t *member = json_object_get (object, key);
    if (member && !json_is_boolean (member))
        return -1;
    *value = json_is_true (member);
    return 0;
}

static int
s_read_vocab (sumq_docview_t *self, const json_t *vocab, sumq_error_t *err)
{
    self->vocab_size = json_array_size (vocab);
    self->term_of = calloc (self->vocab_size + 1, sizeof *self->term_of);
    self->terms = calloc (self->vocab_size + 1, sizeof *self->terms);
    //  Stems are interned in the order they are first seen, so a stem's
    //  id in the table is its term id.
    sumq_intern_t *by_stem = sumq_intern_new ();
    if (!self->term_of || !self->terms || !by_stem) {
        sumq_intern_destroy (&by_stem);
        sumq_error_set (err, SUMQ_E_INTERNAL, "out of memory reading the vocabulary");
        return -1;
    }
    int rc = 0;
    for (size_t id = 0; id < self->vocab_size && rc == 0; id++) {
        const json_t *entry = json_array_get (vocab, id);
        const char *stem = s_get_string (entry, "stem");
        const char *form = s_get_string (entry, "form");
        bool stop;
        if (!json_is_object (entry) || !stem || !form || *stem == '\0'
        ||  s_get_flag (entry, "stop", &stop)) {
            sumq_error_set (err, SUMQ_E_BAD_REQUEST,
                            "vocab[%zu] needs a non-empty string \"stem\", a string \"form\""
                            " and an optional boolean \"stop\"", id);
            rc = -1;
            break;
        }
        bool added;
        int term = sumq_intern_add (by_stem, stem, strlen (stem), &added);
        if (term < 0) {
            sumq_error_set (err, SUMQ_E_INTERNAL, "out of memory reading the vocabulary");
            rc = -1;
            break;
        }
        if (added)
            self->terms [self->nterms++] = (sumq_docview_term_t) { stem, form, stop };
        self->term_of [id] = (size_t) term;
    }
    sumq_intern_destroy (&by_stem);
    return rc;
}

static int
s_read_sentences (sumq_docview_t *self, const json_t *sentences, sumq_error_t *err)
{
    self->nsentences = json_array_size (sentences);
    size_t total = 0;
    for (size_t index = 0; index < self->nsentences; index++)
        total += json_array_size (json_object_get (json_array_get (sentences, index), "tokens"));
    self->sentences = calloc (self->nsentences + 1, sizeof *self->sentences);
    self->tokens = calloc (total + 1, sizeof *self->tokens);
    if (!self->sentences || !self->tokens) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "out of memory reading the sentences");
        return -1;
    }
    int *next = self->tokens;
    for (size_t index = 0; index < self->nsentences; index++) {
        const json_t *entry = json_array_get (sentences, index);
        sumq_docview_sentence_t *sentence = &self->sentences [index];
        const json_t *tokens = json_object_get (entry, "tokens");
        if (!json_is_object (entry) || !json_is_array (tokens)
        ||  s_get_count (entry, "start", self->text_len, &sentence->start)
        ||  s_get_count (entry, "len", self->text_len - sentence->start, &sentence->len)
        ||  s_get_count (entry, "para", SIZE_MAX, &sentence->para)
        ||  s_get_flag (entry, "heading", &sentence->heading)) {
            sumq_error_set (err, SUMQ_E_BAD_REQUEST,
                            "sentences[%zu] needs integer \"start\", \"len\" and \"para\" within the"
                            " text, an array \"tokens\" and an optional boolean \"heading\"", index);
            return -1;
        }
        if (!s_char_boundary (self->text, self->text_len, sentence->start)
        ||  !s_char_boundary (self->text, self->text_len, sentence->start + sentence->len)) {
            sumq_error_set (err, SUMQ_E_BAD_REQUEST,
                            "sentences[%zu] does not start and end on character boundaries", index);
            return -1;
        }
        sentence->tokens = next;
        sentence->ntokens = json_array_size (tokens);
        for (size_t position = 0; position < sentence->ntokens; position++) {
            const json_t *token = json_array_get (tokens, position);
            json_int_t id = json_integer_value (token);
            if (!json_is_integer (token) || id < -1 || id >= (json_int_t) self->vocab_size) {
                sumq_error_set (err, SUMQ_E_BAD_REQUEST,
                                "sentences[%zu].tokens[%zu] is not -1 or a vocabulary id", index, position);
                return -1;
            }
            if (id >= 0) {
                *next++ = (int) self->term_of [id];
                sentence->words++;
            }
            else
                *next++ = -1;
        }
    }
    return 0;
}

static int
s_read_ranking (sumq_docview_t *self, const json_t *doc, sumq_error_t *err)
{
    const json_t *weights = json_object_get (doc, "weights");
    self->keywords = json_object_get (doc, "keywords");
    self->idf = s_get_string (doc, "idf");
    if (!json_is_array (weights) || json_array_size (weights) != self->vocab_size
    ||  !json_is_array (self->keywords) || !self->idf) {
        sumq_error_set (err, SUMQ_E_BAD_REQUEST,
                        "a ranked document needs \"weights\" (one per vocab entry),"
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
    self->weights = calloc (self->nterms + 1, sizeof *self->weights);
    bool *seen = calloc (self->nterms + 1, sizeof *seen);
    int rc = 0;
    if (!self->weights || !seen) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "out of memory reading the weights");
        rc = -1;
    }
    for (size_t id = 0; id < self->vocab_size && rc == 0; id++) {
        const json_t *weight = json_array_get (weights, id);
        double value = json_number_value (weight);
        if (!json_is_number (weight) || !isfinite (value) || value < 0) {
            sumq_error_set (err, SUMQ_E_BAD_REQUEST, "weights[%zu] is not a non-negative number", id);
            rc = -1;
        }
        else
        if (!seen [self->term_of [id]]) {
            seen [self->term_of [id]] = true;
            self->weights [self->term_of [id]] = value;
        }
    }
    free (seen);
    return rc;
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
    const json_t *vocab = json_object_get (doc, "vocab");
    self->id = s_get_string (doc, "id");
    self->lang = s_get_string (doc, "lang");
    self->text = json_string_value (text);
    self->text_len = json_string_length (text);
    self->options = json_object_get (doc, "options");
    if (!self->id || !self->lang || !self->text || !json_is_array (sentences) || !json_is_array (vocab)) {
        sumq_error_set (err, SUMQ_E_BAD_REQUEST,
                        "a parsed document needs strings \"id\", \"lang\", \"text\""
                        " and arrays \"sentences\", \"vocab\"");
        return -1;
    }
    if (self->options && !json_is_object (self->options)) {
        sumq_error_set (err, SUMQ_E_BAD_REQUEST, "\"options\" is not an object");
        return -1;
    }
    if (json_object_get (doc, "dropped")
    &&  s_get_count (doc, "dropped", SIZE_MAX, &self->dropped)) {
        sumq_error_set (err, SUMQ_E_BAD_REQUEST, "\"dropped\" is not a non-negative integer");
        return -1;
    }
    if (s_read_vocab (self, vocab, err) || s_read_sentences (self, sentences, err))
        return -1;
    return kind == SUMQ_DOCVIEW_RANKED? s_read_ranking (self, doc, err): 0;
}

sumq_docview_t *
sumq_docview_new (const json_t *doc, sumq_docview_kind_t kind, sumq_error_t *err)
{
    sumq_docview_t *self = calloc (1, sizeof *self);
    if (!self) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "out of memory");
        return NULL;
    }
    if (s_read (self, doc, kind, err))
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
        free (self->terms);
        free (self->term_of);
        free (self->weights);
        free (self);
        *self_p = NULL;
    }
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

json_t *
sumq_docview_score_json (double score)
{
    return json_real (round (score * 10000) / 10000);
}
