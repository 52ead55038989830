/*  testdoc: builds "Parsed document"s (proto/PROTOCOL.md) from plain
    text for the unit tests of the stages after the parser, so they do
    not depend on the real parser (ICU, language models, stemmers).

    A deliberately simple model of the parser's output: paragraphs are
    separated by blank lines; a paragraph without final punctuation is
    a heading; sentences end at ". ", "! " or "? "; words are runs of
    ASCII letters and digits, case-folded; the stem drops one final "s"
    ("banks" -> "bank"); numbers and a handful of function words are
    stopwords; ',', ';' and ':' become -1 phrase boundaries.          */
#ifndef SUMQ_TESTDOC_H
#define SUMQ_TESTDOC_H
#include <ctype.h>
#include <jansson.h>
#include <stdbool.h>
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
    json_t *tokens = json_array ();
    for (size_t at = start; at < end; ) {
        if (isalnum ((unsigned char) text [at])) {
            size_t word_end = at;
            while (word_end < end && isalnum ((unsigned char) text [word_end]))
                word_end++;
            json_array_append_new (tokens, json_integer (testdoc_word_id (vocab, text + at, word_end - at)));
            at = word_end;
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
    return sentence;
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
    return doc;
}

#endif
