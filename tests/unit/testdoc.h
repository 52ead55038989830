/*  testdoc: builds "Parsed document"s (proto/PROTOCOL.md) from plain
    text for the unit tests of the stages after the parser, so they do
    not depend on the real parser (ICU, language models, stemmers).

    A deliberately simple model of the parser's output: paragraphs are
    separated by blank lines; a paragraph without final punctuation is
    a heading; sentences end at ". ", "! " or "? "; words are runs of
    ASCII letters and digits, case-folded; the stem drops one final "s"
    ("banks" -> "bank"); numbers and a handful of function words are
    stopwords; ',', ';' and ':' become -1 phrase boundaries; a lone '-'
    between two words joins them (a compound, "high-tech").

    Tests build and inspect documents in an expanded form, easier to
    write and to change: "vocab" as an array of {"stem", "form",
    "stop": true, "lowercase": true} and "sentences" as an array of {"start", "len",
    "para", "heading": true, "tokens", "joined"}, tokens as arrays of ids
    with -1 for "-", joined (absent when empty) as an array of the
    indexes of the tokens joined to the word before them.
    testdoc_encode turns it into the lists of the wire, and
    testdoc_decode turns a stage's output back, checking the lists.   */
#ifndef SUMQ_TESTDOC_H
#define SUMQ_TESTDOC_H
#include "../../lib/fieldlist.h"
#include <ctype.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static inline bool
testdoc_is_stop (const char *word)
{
    static const char *const stopwords [] = {
        "a", "an", "and", "at", "by", "for", "he", "in", "is", "it", "of",
        "on", "she", "that", "the", "this", "to", "was", "with", NULL
    };
    if (isdigit ((unsigned char) *word))
        return true;
    for (const char *const *stop = stopwords; *stop; stop++)
        if (strcmp (*stop, word) == 0)
            return true;
    return false;
}

//  The vocabulary id of the word at text[start, start+len), adding it.
static inline json_int_t
testdoc_word_id (json_t *vocab, const char *text, size_t len)
{
    char form [64] = "", stem [64];
    for (size_t index = 0; index < len && index < sizeof form - 1; index++)
        form [index] = (char) tolower ((unsigned char) text [index]);
    form [len < sizeof form? len: sizeof form - 1] = '\0';
    strcpy (stem, form);
    size_t stem_len = strlen (stem);
    if (stem_len > 3 && stem [stem_len - 1] == 's')
        stem [stem_len - 1] = '\0';
    for (size_t id = 0; id < json_array_size (vocab); id++)
        if (strcmp (json_string_value (json_object_get (json_array_get (vocab, id), "stem")), stem) == 0)
            return (json_int_t) id;
    json_t *entry = json_pack ("{s:s, s:s}", "stem", stem, "form", form);
    if (testdoc_is_stop (form))
        json_object_set_new (entry, "stop", json_true ());
    json_array_append_new (vocab, entry);
    return (json_int_t) json_array_size (vocab) - 1;
}

//  One sentence text[start, end): its tokens, appended to the array.
static inline json_t *
testdoc_sentence (json_t *vocab, const char *text, size_t start, size_t end, size_t para, bool heading)
{
    json_t *tokens = json_array (), *joined = json_array ();
    size_t previous_end = SIZE_MAX;     //  of the word before, when one is
    for (size_t at = start; at < end; ) {
        if (isalnum ((unsigned char) text [at])) {
            size_t word_end = at;
            while (word_end < end && isalnum ((unsigned char) text [word_end]))
                word_end++;
            if (previous_end != SIZE_MAX && at == previous_end + 1 && text [previous_end] == '-')
                json_array_append_new (joined, json_integer ((json_int_t) json_array_size (tokens)));
            json_array_append_new (tokens, json_integer (testdoc_word_id (vocab, text + at, word_end - at)));
            at = previous_end = word_end;
        }
        else {
            if (strchr (",;:", text [at]) && json_array_size (tokens) > 0)
                json_array_append_new (tokens, json_integer (-1));
            at++;
        }
    }
    json_t *sentence = json_pack ("{s:I, s:I, s:I, s:o}", "start", (json_int_t) start,
                                  "len", (json_int_t) (end - start), "para", (json_int_t) para,
                                  "tokens", tokens);
    if (heading)
        json_object_set_new (sentence, "heading", json_true ());
    if (json_array_size (joined))
        json_object_set_new (sentence, "joined", joined);
    else
        json_decref (joined);
    return sentence;
}

//  Turns "vocab" and "sentences" of the expanded form into the lists of
//  the wire, in place.
static inline void
testdoc_encode (json_t *doc)
{
    sumq_fieldlist_t stems = { 0 }, forms = { 0 }, stop = { 0 }, lowercase = { 0 }, tokens = { 0 };
    sumq_fieldlist_t starts = { 0 }, lens = { 0 }, paras = { 0 }, headings = { 0 }, ntokens = { 0 };
    sumq_fieldlist_t joined = { 0 };
    size_t fields = 0;                  //  of tokens, before the sentence
    const json_t *vocab = json_object_get (doc, "vocab");
    for (size_t id = 0; id < json_array_size (vocab); id++) {
        const json_t *entry = json_array_get (vocab, id);
        const json_t *stem = json_object_get (entry, "stem"), *form = json_object_get (entry, "form");
        sumq_fieldlist_add (&stems, json_string_value (stem), json_string_length (stem));
        sumq_fieldlist_add (&forms, json_string_value (form), json_string_length (form));
        if (json_is_true (json_object_get (entry, "stop")))
            sumq_fieldlist_add_id (&stop, id);
        if (json_is_true (json_object_get (entry, "lowercase")))
            sumq_fieldlist_add_id (&lowercase, id);
    }
    json_object_set_new (doc, "stems", sumq_fieldlist_json (&stems));
    json_object_set_new (doc, "forms", sumq_fieldlist_json (&forms));
    json_object_set_new (doc, "stop", sumq_fieldlist_json (&stop));
    if (lowercase.size)
        json_object_set_new (doc, "lowercase", sumq_fieldlist_json (&lowercase));
    json_object_del (doc, "vocab");
    const json_t *sentences = json_object_get (doc, "sentences");
    for (size_t index = 0; index < json_array_size (sentences); index++) {
        const json_t *sentence = json_array_get (sentences, index);
        const json_t *ids = json_object_get (sentence, "tokens");
        sumq_fieldlist_add_id (&starts, (size_t) json_integer_value (json_object_get (sentence, "start")));
        sumq_fieldlist_add_id (&lens, (size_t) json_integer_value (json_object_get (sentence, "len")));
        sumq_fieldlist_add_id (&paras, (size_t) json_integer_value (json_object_get (sentence, "para")));
        if (json_is_true (json_object_get (sentence, "heading")))
            sumq_fieldlist_add_id (&headings, index);
        sumq_fieldlist_add_id (&ntokens, json_array_size (ids));
        for (size_t at = 0; at < json_array_size (ids); at++) {
            json_int_t id = json_integer_value (json_array_get (ids, at));
            if (id < 0)
                sumq_fieldlist_add (&tokens, "-", 1);
            else
                sumq_fieldlist_add_id (&tokens, (size_t) id);
        }
        const json_t *joins = json_object_get (sentence, "joined");
        for (size_t at = 0; at < json_array_size (joins); at++)
            sumq_fieldlist_add_id (&joined, fields + (size_t) json_integer_value (json_array_get (joins, at)));
        fields += json_array_size (ids);
    }
    json_object_set_new (doc, "sentences",
                         json_pack ("{s:o, s:o, s:o, s:o, s:o, s:o}",
                                    "start", sumq_fieldlist_json (&starts), "len", sumq_fieldlist_json (&lens),
                                    "para", sumq_fieldlist_json (&paras),
                                    "heading", sumq_fieldlist_json (&headings),
                                    "ntokens", sumq_fieldlist_json (&ntokens),
                                    "tokens", sumq_fieldlist_json (&tokens)));
    if (joined.size)
        json_object_set_new (json_object_get (doc, "sentences"), "joined", sumq_fieldlist_json (&joined));
    sumq_fieldlist_free (&joined);
    sumq_fieldlist_free (&stems);
    sumq_fieldlist_free (&forms);
    sumq_fieldlist_free (&stop);
    sumq_fieldlist_free (&lowercase);
    sumq_fieldlist_free (&tokens);
    sumq_fieldlist_free (&starts);
    sumq_fieldlist_free (&lens);
    sumq_fieldlist_free (&paras);
    sumq_fieldlist_free (&headings);
    sumq_fieldlist_free (&ntokens);
}

//  The fields of a wire list as an array of strings; NULL when member
//  is not a string or a field is empty.
static inline json_t *
testdoc_fields (const json_t *member)
{
    const char *list = json_string_value (member);
    if (!list)
        return NULL;
    json_t *fields = json_array ();
    const char *end = list + json_string_length (member);
    for (const char *at = list; *list && at <= end; ) {
        const char *space = memchr (at, ' ', (size_t) (end - at));
        const char *stop = space? space: end;
        if (stop == at) {
            json_decref (fields);
            return NULL;
        }
        json_array_append_new (fields, json_stringn (at, (size_t) (stop - at)));
        at = stop + 1;
    }
    return fields;
}

//  A field that is a decimal id below limit, or -1.
static inline json_int_t
testdoc_id (const json_t *field, size_t limit)
{
    const char *text = json_string_value (field);
    if (strspn (text, "0123456789") != strlen (text))
        return -1;
    unsigned long long id = strtoull (text, NULL, 10);
    return id < limit? (json_int_t) id: -1;
}

//  Turns the columns of "sentences" back into an array of objects, in
//  place; -1 when they break the grammar of proto/PROTOCOL.md.
static inline int
testdoc_decode_sentences (json_t *doc, size_t vocab_size)
{
    const json_t *columns = json_object_get (doc, "sentences");
    json_t *starts = testdoc_fields (json_object_get (columns, "start"));
    json_t *lens = testdoc_fields (json_object_get (columns, "len"));
    json_t *paras = testdoc_fields (json_object_get (columns, "para"));
    json_t *headings = testdoc_fields (json_object_get (columns, "heading"));
    json_t *ntokens = testdoc_fields (json_object_get (columns, "ntokens"));
    json_t *tokens = testdoc_fields (json_object_get (columns, "tokens"));
    size_t count = json_array_size (starts), token = 0;
    int rc = starts && lens && paras && headings && ntokens && tokens
          && json_array_size (lens) == count && json_array_size (paras) == count
          && json_array_size (ntokens) == count? 0: -1;
    json_t *sentences = json_array ();
    for (size_t index = 0; rc == 0 && index < count; index++) {
        json_int_t start = testdoc_id (json_array_get (starts, index), SIZE_MAX);
        json_int_t len = testdoc_id (json_array_get (lens, index), SIZE_MAX);
        json_int_t para = testdoc_id (json_array_get (paras, index), SIZE_MAX);
        json_int_t fields = testdoc_id (json_array_get (ntokens, index), SIZE_MAX);
        json_t *ids = json_array ();
        for (json_int_t at = 0; at < fields && token < json_array_size (tokens); at++, token++) {
            const json_t *field = json_array_get (tokens, token);
            json_int_t id = strcmp (json_string_value (field), "-")? testdoc_id (field, vocab_size): -1;
            if (id < 0 && strcmp (json_string_value (field), "-"))
                rc = -1;
            json_array_append_new (ids, json_integer (id));
        }
        if (start < 0 || len < 0 || para < 0 || fields < 0 || (json_int_t) json_array_size (ids) != fields)
            rc = -1;
        json_array_append_new (sentences, json_pack ("{s:I, s:I, s:I, s:o}", "start", start, "len", len,
                                                     "para", para, "tokens", ids));
    }
    if (token != json_array_size (tokens))
        rc = -1;
    json_int_t previous = -1;
    for (size_t index = 0; rc == 0 && index < json_array_size (headings); index++) {
        json_int_t heading = testdoc_id (json_array_get (headings, index), count);
        if (heading <= previous)
            rc = -1;
        else
            json_object_set_new (json_array_get (sentences, (size_t) heading), "heading", json_true ());
        previous = heading;
    }
    //  "joined", rising field indexes, back to each sentence's own
    const json_t *joined_member = json_object_get (columns, "joined");
    json_t *joined = joined_member? testdoc_fields (joined_member): json_array ();
    size_t next = 0, first = 0;         //  joined field; first token of the sentence
    previous = -1;
    for (size_t index = 0; rc == 0 && joined && index < json_array_size (sentences); index++) {
        json_t *sentence = json_array_get (sentences, index);
        size_t size = json_array_size (json_object_get (sentence, "tokens"));
        json_t *joins = json_array ();
        for (; next < json_array_size (joined); next++) {
            json_int_t field = testdoc_id (json_array_get (joined, next), token);
            if (field <= previous)
                rc = -1;
            if (field <= previous || (size_t) field >= first + size)
                break;
            json_array_append_new (joins, json_integer (field - (json_int_t) first));
            previous = field;
        }
        if (json_array_size (joins))
            json_object_set_new (sentence, "joined", joins);
        else
            json_decref (joins);
        first += size;
    }
    if (!joined || next != json_array_size (joined))
        rc = -1;
    json_decref (joined);
    json_decref (starts);
    json_decref (lens);
    json_decref (paras);
    json_decref (headings);
    json_decref (ntokens);
    json_decref (tokens);
    json_object_set_new (doc, "sentences", sentences);
    return rc;
}

//  Sets flag in the vocabulary entries a list of rising ids names; -1
//  when it names none or does not rise.
static inline int
testdoc_decode_flags (json_t *vocab, const json_t *ids, const char *flag)
{
    json_int_t previous = -1;
    for (size_t index = 0; index < json_array_size (ids); index++) {
        json_int_t id = testdoc_id (json_array_get (ids, index), json_array_size (vocab));
        if (id <= previous)
            return -1;
        json_object_set_new (json_array_get (vocab, (size_t) id), flag, json_true ());
        previous = id;
    }
    return 0;
}

//  Turns a stage's output back into the expanded form, in place, with
//  "weights" as an array of numbers; -1 when a list breaks the grammar
//  of proto/PROTOCOL.md.
static inline int
testdoc_decode (json_t *doc)
{
    json_t *stems = testdoc_fields (json_object_get (doc, "stems"));
    json_t *forms = testdoc_fields (json_object_get (doc, "forms"));
    json_t *stop = testdoc_fields (json_object_get (doc, "stop"));
    int rc = stems && forms && stop && json_array_size (stems) == json_array_size (forms)? 0: -1;
    size_t size = json_array_size (stems);
    json_t *vocab = json_array ();
    for (size_t id = 0; rc == 0 && id < size; id++) {
        const char *stem = json_string_value (json_array_get (stems, id));
        const char *form = json_string_value (json_array_get (forms, id));
        if (strpbrk (stem, " \t\n\v\f\r") || strpbrk (form, " \t\n\v\f\r"))
            rc = -1;
        json_array_append_new (vocab, json_pack ("{s:s, s:s}", "stem", stem, "form", form));
    }
    rc = rc? rc: testdoc_decode_flags (vocab, stop, "stop");
    if (rc == 0 && json_object_get (doc, "lowercase")) {
        json_t *lowercase = testdoc_fields (json_object_get (doc, "lowercase"));
        rc = lowercase? testdoc_decode_flags (vocab, lowercase, "lowercase"): -1;
        json_decref (lowercase);
    }
    json_decref (stems);
    json_decref (forms);
    json_decref (stop);
    json_object_set_new (doc, "vocab", vocab);
    json_object_del (doc, "stems");
    json_object_del (doc, "forms");
    json_object_del (doc, "stop");
    json_object_del (doc, "lowercase");
    rc = rc? rc: testdoc_decode_sentences (doc, size);
    if (rc == 0 && json_object_get (doc, "weights")) {
        json_t *fields = testdoc_fields (json_object_get (doc, "weights"));
        json_t *weights = json_array ();
        for (size_t id = 0; rc == 0 && fields && id < json_array_size (fields); id++) {
            const char *text = json_string_value (json_array_get (fields, id));
            char *end;
            double weight = strtod (text, &end);
            if (*end || strspn (text, "0123456789.") != strlen (text))
                rc = -1;
            json_array_append_new (weights, json_real (weight));
        }
        rc = fields && json_array_size (fields) == size? rc: -1;
        json_decref (fields);
        json_object_set_new (doc, "weights", weights);
    }
    return rc;
}

//  A parsed document of the given text; options may be NULL (stolen).
static inline json_t *
testdoc_parsed (const char *id, const char *text, json_t *options)
{
    json_t *sentences = json_array ();
    json_t *vocab = json_array ();
    size_t length = strlen (text), para = 0;
    for (size_t start = 0; start < length; para++) {
        const char *gap = strstr (text + start, "\n\n");
        size_t end = gap? (size_t) (gap - text): length;
        bool heading = end > start && !strchr (".!?", text [end - 1]);
        size_t sentence_start = start;
        for (size_t at = start; at < end; at++) {
            bool stop = strchr (".!?", text [at]) && (at + 1 == end || text [at + 1] == ' ');
            if (stop || at + 1 == end) {
                json_array_append_new (sentences,
                    testdoc_sentence (vocab, text, sentence_start, at + 1, para, heading));
                sentence_start = at + 2;
                at++;
            }
        }
        start = gap? end + 2: length;
    }
    json_t *doc = json_pack ("{s:i, s:s, s:s, s:s, s:o, s:o, s:i}", "version", 1, "id", id,
                             "lang", "en", "text", text, "sentences", sentences, "vocab", vocab,
                             "dropped", 0);
    json_object_set_new (doc, "options", options? options: json_object ());
    testdoc_encode (doc);
    return doc;
}

#endif
