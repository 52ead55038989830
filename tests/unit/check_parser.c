/*  check_parser: request in, "Parsed document" (proto/PROTOCOL.md) out.

    The documents are written for these tests. The last test also runs
    the sample documents of ../shared/samples (or $SUMQ_SAMPLES) when
    they are there: real web copies with their boilerplate.            */
#include <check.h>
#include "suite_run.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "parser.h"
#include "sumq_proto.h"
#include "testdoc.h"

static sumq_parser_t *s_parser;

static void
s_setup (void)
{
    s_parser = sumq_parser_new ();
    ck_assert_ptr_nonnull (s_parser);
}

static void
s_teardown (void)
{
    sumq_parser_destroy (&s_parser);
    ck_assert_ptr_null (s_parser);
    sumq_parser_destroy (&s_parser);
}

//  A request for text; options (may be NULL) is taken over.
static json_t *
s_request (const char *text, json_t *options)
{
    json_t *request = json_pack ("{s:i, s:s, s:s}", "version", 1, "id", "doc-1", "text", text);
    ck_assert_ptr_nonnull (request);
    if (options)
        json_object_set_new (request, "options", options);
    return request;
}

//  "sentences" on the wire: an object of the six lists, and "joined"
//  when a word is, and nothing else.
static void
s_check_columns (const json_t *parsed)
{
    const json_t *sentences = json_object_get (parsed, "sentences");
    ck_assert (json_is_object (sentences));
    const json_t *joined = json_object_get (sentences, "joined");
    ck_assert (!joined || (json_is_string (joined) && json_string_length (joined) > 0));
    ck_assert_uint_eq (json_object_size (sentences), joined? 7: 6);
    const char *members [] = { "start", "len", "para", "heading", "ntokens", "tokens" };
    for (size_t index = 0; index < sizeof members / sizeof *members; index++)
        ck_assert_msg (json_is_string (json_object_get (sentences, members [index])),
                       "\"sentences\".%s is not a string", members [index]);
}

//  Parses and takes the request over; fails the test on error. The
//  document comes back as the wire carries it, its lists checked.
static json_t *
s_parse_wire (json_t *request)
{
    sumq_error_t err = { "", "" };
    json_t *parsed = sumq_parser_run (s_parser, request, &err);
    ck_assert_msg (parsed != NULL, "%s: %s", err.code, err.message);
    s_check_columns (parsed);
    json_decref (request);
    return parsed;
}

//  The same, in testdoc's expanded form.
static json_t *
s_parse (json_t *request)
{
    json_t *parsed = s_parse_wire (request);
    ck_assert_int_eq (testdoc_decode (parsed), 0);
    return parsed;
}

//  Parses, expecting an error with code; takes the request over.
static void
s_expect_error (json_t *request, const char *code, const char *in_message)
{
    sumq_error_t err = { "", "" };
    json_t *parsed = sumq_parser_run (s_parser, request, &err);
    ck_assert_ptr_null (parsed);
    ck_assert_str_eq (err.code, code);
    if (in_message)
        ck_assert_msg (strstr (err.message, in_message), "\"%s\" not in \"%s\"", in_message, err.message);
    json_decref (request);
}

static const char *
s_text (const json_t *parsed)
{
    return json_string_value (json_object_get (parsed, "text"));
}

//  The text of sentence index.
static const char *
s_sentence_text (const json_t *parsed, size_t index)
{
    static char piece [4096];
    const json_t *sentence = json_array_get (json_object_get (parsed, "sentences"), index);
    size_t start = (size_t) json_integer_value (json_object_get (sentence, "start"));
    size_t len = (size_t) json_integer_value (json_object_get (sentence, "len"));
    ck_assert_uint_lt (len, sizeof piece);
    memcpy (piece, s_text (parsed) + start, len);
    piece [len] = '\0';
    return piece;
}

//  The vocabulary entry whose form is form, or NULL.
static const json_t *
s_entry (const json_t *parsed, const char *form)
{
    const json_t *vocab = json_object_get (parsed, "vocab");
    for (size_t index = 0; index < json_array_size (vocab); index++) {
        const json_t *entry = json_array_get (vocab, index);
        if (strcmp (json_string_value (json_object_get (entry, "form")), form) == 0)
            return entry;
    }
    return NULL;
}

static bool
s_is_stop (const json_t *parsed, const char *form)
{
    const json_t *entry = s_entry (parsed, form);
    ck_assert_msg (entry != NULL, "no vocabulary entry \"%s\"", form);
    return json_object_get (entry, "stop") == json_true ();
}

static bool
s_is_space (char c)
{
    return c == ' ' || c == '\n';
}

//  Every promise of PROTOCOL.md, "Parsed document".
static void
s_check_shape (const json_t *parsed)
{
    ck_assert (json_is_object (parsed));
    const char *key;
    const json_t *value;
    json_object_foreach ((json_t *) parsed, key, value) {
        const char *known [] = { "version", "id", "lang", "options", "text", "sentences", "vocab", "dropped" };
        bool found = false;
        for (size_t index = 0; index < sizeof known / sizeof known [0]; index++)
            found = found || strcmp (key, known [index]) == 0;
        ck_assert_msg (found, "unexpected key \"%s\"", key);
    }
    ck_assert (json_is_integer (json_object_get (parsed, "version")));
    ck_assert_int_eq (json_integer_value (json_object_get (parsed, "version")), 1);
    ck_assert (json_is_string (json_object_get (parsed, "id")));
    ck_assert (json_is_string (json_object_get (parsed, "lang")));
    ck_assert_uint_ge (json_string_length (json_object_get (parsed, "lang")), 2);
    ck_assert (json_is_integer (json_object_get (parsed, "dropped")));
    ck_assert_int_ge (json_integer_value (json_object_get (parsed, "dropped")), 0);
    const json_t *options = json_object_get (parsed, "options");
    ck_assert (!options || json_is_object (options));

    const json_t *text = json_object_get (parsed, "text");
    ck_assert (json_is_string (text));
    size_t text_len = json_string_length (text);
    const json_t *vocab = json_object_get (parsed, "vocab");
    ck_assert (json_is_array (vocab));
    size_t vocab_size = json_array_size (vocab);
    const json_t *sentences = json_object_get (parsed, "sentences");
    ck_assert (json_is_array (sentences));
    ck_assert_uint_gt (json_array_size (sentences), 0);

    size_t previous_end = 0, previous_para = 0;
    json_int_t next_new_id = 0;
    for (size_t index = 0; index < json_array_size (sentences); index++) {
        const json_t *sentence = json_array_get (sentences, index);
        json_object_foreach ((json_t *) sentence, key, value)
            ck_assert_msg (strcmp (key, "start") == 0 || strcmp (key, "len") == 0 || strcmp (key, "para") == 0
                        || strcmp (key, "heading") == 0 || strcmp (key, "tokens") == 0
                        || strcmp (key, "joined") == 0,
                           "unexpected sentence key \"%s\"", key);
        const json_t *heading = json_object_get (sentence, "heading");
        ck_assert (!heading || heading == json_true ());
        ck_assert (json_is_integer (json_object_get (sentence, "start")));
        ck_assert (json_is_integer (json_object_get (sentence, "len")));
        ck_assert (json_is_integer (json_object_get (sentence, "para")));
        size_t start = (size_t) json_integer_value (json_object_get (sentence, "start"));
        size_t len = (size_t) json_integer_value (json_object_get (sentence, "len"));
        size_t para = (size_t) json_integer_value (json_object_get (sentence, "para"));
        ck_assert_uint_ge (len, 1);
        ck_assert_uint_ge (start, previous_end);
        ck_assert_uint_le (start + len, text_len);
        ck_assert (!s_is_space (json_string_value (text) [start]));
        ck_assert (!s_is_space (json_string_value (text) [start + len - 1]));
        ck_assert_uint_ge (para, previous_para);
        previous_end = start + len;
        previous_para = para;

        const json_t *tokens = json_object_get (sentence, "tokens");
        ck_assert (json_is_array (tokens));
        size_t count = json_array_size (tokens);
        ck_assert_uint_gt (count, 0);
        for (size_t at = 0; at < count; at++) {
            const json_t *token = json_array_get (tokens, at);
            ck_assert (json_is_integer (token));
            json_int_t id = json_integer_value (token);
            ck_assert_int_ge (id, -1);
            ck_assert_int_lt (id, (json_int_t) vocab_size);
            if (id == -1) {
                ck_assert_msg (at > 0 && at + 1 < count, "-1 at an end of sentence %zu", index);
                ck_assert_int_ne (json_integer_value (json_array_get (tokens, at + 1)), -1);
            }
            //  Vocabulary ids are given in order of first occurrence.
            ck_assert_int_le (id, next_new_id);
            if (id == next_new_id)
                next_new_id++;
        }
    }
    ck_assert_int_eq (next_new_id, (json_int_t) vocab_size);
    for (size_t index = 0; index < vocab_size; index++) {
        const json_t *entry = json_array_get (vocab, index);
        ck_assert (json_is_string (json_object_get (entry, "stem")));
        ck_assert (json_is_string (json_object_get (entry, "form")));
        ck_assert_uint_gt (json_string_length (json_object_get (entry, "stem")), 0);
        ck_assert_uint_gt (json_string_length (json_object_get (entry, "form")), 0);
        const json_t *stop = json_object_get (entry, "stop");
        ck_assert (!stop || stop == json_true ());
        const json_t *lowercase = json_object_get (entry, "lowercase");
        ck_assert (!lowercase || (lowercase == json_true () && !stop));
        for (size_t other = 0; other < index; other++)
            ck_assert_str_ne (json_string_value (json_object_get (entry, "stem")),
                              json_string_value (json_object_get (json_array_get (vocab, other), "stem")));
    }
}

#define ARTICLE \
    "Tram Plan Approved\r\n\r\n" \
    "The regional council approved a plan on Monday to expand the tram network, which opened in 1998.\r\n" \
    "By Staff / Oct 3, 2025\r\n\r\n" \
    "Officials said the first new line would open in three years. Critics disagreed.\r\n" \
    "By Staff / Oct 3, 2025\r\n\r\n" \
    "The mayor at the depot. Photo: AFP\r\n" \
    "By Staff / Oct 3, 2025\r\n"

START_TEST (test_parsed_document)
{
    json_t *options = json_pack ("{s:i, s:i, s:{s:b}}", "sentences", 2, "keywords", 5, "extra", "kept", 1);
    json_t *expected_options = json_deep_copy (options);
    json_t *parsed = s_parse (s_request (ARTICLE, options));
    s_check_shape (parsed);
    ck_assert_str_eq (json_string_value (json_object_get (parsed, "id")), "doc-1");
    ck_assert_str_eq (json_string_value (json_object_get (parsed, "lang")), "en");
    ck_assert (json_equal (json_object_get (parsed, "options"), expected_options));
    json_decref (expected_options);
    ck_assert_int_eq (json_integer_value (json_object_get (parsed, "dropped")), 4);
    ck_assert_str_eq (s_text (parsed),
                      "Tram Plan Approved\n\n"
                      "The regional council approved a plan on Monday to expand the tram network, which opened in 1998.\n\n"
                      "Officials said the first new line would open in three years. Critics disagreed.");

    const json_t *sentences = json_object_get (parsed, "sentences");
    ck_assert_uint_eq (json_array_size (sentences), 4);
    ck_assert_str_eq (s_sentence_text (parsed, 0), "Tram Plan Approved");
    ck_assert_str_eq (s_sentence_text (parsed, 2), "Officials said the first new line would open in three years.");
    ck_assert_str_eq (s_sentence_text (parsed, 3), "Critics disagreed.");
    ck_assert (json_object_get (json_array_get (sentences, 0), "heading") == json_true ());
    ck_assert_ptr_null (json_object_get (json_array_get (sentences, 1), "heading"));
    int paras [] = { 0, 1, 2, 2 };
    for (size_t index = 0; index < 4; index++)
        ck_assert_int_eq (json_integer_value (json_object_get (json_array_get (sentences, index), "para")),
                          paras [index]);
    //  "Tram Plan Approved": ids 0 1 2; "approved" is a second form of 2.
    const json_t *tokens = json_object_get (json_array_get (sentences, 0), "tokens");
    ck_assert_uint_eq (json_array_size (tokens), 3);
    ck_assert_int_eq (json_integer_value (json_array_get (tokens, 2)), 2);
    //  "... tram network, which ...": one -1 at the comma.
    tokens = json_object_get (json_array_get (sentences, 1), "tokens");
    const json_t *vocab = json_object_get (parsed, "vocab");
    bool seen_boundary = false;
    for (size_t at = 0; at < json_array_size (tokens); at++) {
        json_int_t id = json_integer_value (json_array_get (tokens, at));
        if (id == -1) {
            ck_assert (!seen_boundary);
            seen_boundary = true;
            json_int_t before = json_integer_value (json_array_get (tokens, at - 1));
            ck_assert_str_eq (json_string_value (json_object_get (json_array_get (vocab, before), "form")), "network");
        }
    }
    ck_assert (seen_boundary);
    ck_assert (s_is_stop (parsed, "the"));
    ck_assert (s_is_stop (parsed, "which"));
    ck_assert (s_is_stop (parsed, "1998"));
    ck_assert (!s_is_stop (parsed, "council"));
    ck_assert_ptr_null (s_entry (parsed, "afp"));
    ck_assert_ptr_null (s_entry (parsed, "staff"));
    json_decref (parsed);
}
END_TEST

//  The columns of "sentences", as the wire carries them: a decimal per
//  sentence, the heading indexes, and every sentence's tokens back to
//  back, as many for each as its ntokens.
START_TEST (test_sentence_columns)
{
    json_t *parsed = s_parse_wire (s_request ("Title Here\n\nOne two, three. Four five.\n\nSix\n\nSeven eight.",
                                              NULL));
    const json_t *sentences = json_object_get (parsed, "sentences");
    ck_assert_str_eq (json_string_value (json_object_get (sentences, "start")), "0 12 28 40 45");
    ck_assert_str_eq (json_string_value (json_object_get (sentences, "len")), "10 15 10 3 12");
    ck_assert_str_eq (json_string_value (json_object_get (sentences, "para")), "0 1 1 2 3");
    ck_assert_str_eq (json_string_value (json_object_get (sentences, "heading")), "0 3");
    ck_assert_str_eq (json_string_value (json_object_get (sentences, "ntokens")), "2 4 2 1 2");
    ck_assert_str_eq (json_string_value (json_object_get (sentences, "tokens")), "0 1 2 3 - 4 5 6 7 8 9");
    json_decref (parsed);
}
END_TEST

//  "joined" lists the fields of "tokens" that a lone hyphen joins to the
//  word before, counted across sentences; a spaced dash joins nothing.
START_TEST (test_joined_columns)
{
    json_t *parsed = s_parse_wire (s_request ("Self-driving cars use high-tech radar. Radar, well-made - and cheap.",
                                              NULL));
    const json_t *sentences = json_object_get (parsed, "sentences");
    ck_assert_str_eq (json_string_value (json_object_get (sentences, "tokens")), "0 1 2 3 4 5 6 6 - 7 8 - 9 10");
    ck_assert_str_eq (json_string_value (json_object_get (sentences, "joined")), "1 5 10");
    json_decref (parsed);
    //  none joined: no member
    parsed = s_parse (s_request ("Cars use radar - and sonar.", NULL));
    const json_t *sentence = json_array_get (json_object_get (parsed, "sentences"), 0);
    ck_assert_ptr_null (json_object_get (sentence, "joined"));
    json_decref (parsed);
}
END_TEST

//  A reduplicated word (segment.h) is one token, stemmed by the word it
//  repeats: the plural counts for its noun. It is a stopword when listed
//  whole or when the word it repeats is one.
START_TEST (test_reduplicated_words)
{
    json_t *options = json_pack ("{s:s}", "lang", "id");
    json_t *parsed = s_parse (s_request ("Negara-negara itu mendukung negara kecil. Masing-masing "
                                         "negara mendukung lagi-lagi.", options));
    const json_t *negara = s_entry (parsed, "negara");
    ck_assert_ptr_nonnull (negara);
    ck_assert_ptr_null (s_entry (parsed, "negara-negara"));
    ck_assert (!s_is_stop (parsed, "negara"));
    ck_assert (s_is_stop (parsed, "masing-masing"));
    ck_assert (s_is_stop (parsed, "lagi-lagi"));
    //  "Negara-negara itu mendukung negara kecil.": one token a word
    const json_t *tokens = json_object_get (json_array_get (json_object_get (parsed, "sentences"), 0), "tokens");
    ck_assert_uint_eq (json_array_size (tokens), 5);
    ck_assert_int_eq (json_integer_value (json_array_get (tokens, 0)),
                      json_integer_value (json_array_get (tokens, 3)));
    json_decref (parsed);
}
END_TEST

START_TEST (test_vocabulary_forms)
{
    //  One entry per stem; its form is the most frequent surface form,
    //  the first one seen on a tie.
    json_t *parsed = s_parse (s_request ("Banks lend money. The bank lends, and banks borrow. "
                                         "Running is fun. We run daily.", NULL));
    s_check_shape (parsed);
    const json_t *vocab = json_object_get (parsed, "vocab");
    const json_t *bank = s_entry (parsed, "banks");
    ck_assert_ptr_nonnull (bank);
    ck_assert_str_eq (json_string_value (json_object_get (bank, "stem")), "bank");
    ck_assert_ptr_null (s_entry (parsed, "bank"));
    const json_t *run = s_entry (parsed, "running");
    ck_assert_ptr_nonnull (run);
    ck_assert_str_eq (json_string_value (json_object_get (run, "stem")), "run");
    ck_assert_ptr_null (s_entry (parsed, "run"));
    ck_assert_str_eq (json_string_value (json_object_get (json_array_get (vocab, 0), "form")), "banks");
    //  "The bank lends, and banks borrow.": the(stop) bank lend -1 and bank borrow
    const json_t *tokens = json_object_get (json_array_get (json_object_get (parsed, "sentences"), 1), "tokens");
    ck_assert_uint_eq (json_array_size (tokens), 7);
    ck_assert_int_eq (json_integer_value (json_array_get (tokens, 1)), 0);
    ck_assert_int_eq (json_integer_value (json_array_get (tokens, 3)), -1);
    ck_assert_int_eq (json_integer_value (json_array_get (tokens, 5)), 0);
    ck_assert (s_is_stop (parsed, "and"));
    json_decref (parsed);

    //  English forms drop the possessive: a keyword names Obama, not
    //  "obama's".
    parsed = s_parse (s_request ("Obama's plan worked well. Obama's team met O'Neill's staff. "
                                 "The plan of Obama is new.", json_pack ("{s:s}", "lang", "en")));
    ck_assert_ptr_nonnull (s_entry (parsed, "obama"));
    ck_assert_ptr_null (s_entry (parsed, "obama's"));
    ck_assert_ptr_nonnull (s_entry (parsed, "o'neill"));
    json_decref (parsed);

    //  An initialism gets back the full stop the segmentation gave to
    //  the sentence; numbers and names with a stop inside stay as they are.
    parsed = s_parse (s_request ("Tariffs hit the U.S. and the E.U. on Monday. The U.S. answered at "
                                 "9 a.m. with Ph.D. economists. Version 3.5 of Node.js shipped.", NULL));
    const char *forms [] = { "u.s.", "e.u.", "a.m.", "ph.d.", "3.5", "node.js" };
    for (size_t index = 0; index < sizeof forms / sizeof *forms; index++)
        ck_assert_msg (s_entry (parsed, forms [index]), "no form \"%s\"", forms [index]);
    ck_assert_ptr_null (s_entry (parsed, "u.s"));
    ck_assert_ptr_null (s_entry (parsed, "3.5."));
    json_decref (parsed);

    //  An elided stopword is a word of its own: "l'achat" is "achat",
    //  "jusqu'à" the stopword "à"; "aujourd'hui", whose "aujourd" is no
    //  stopword, stays whole. English contractions keep their apostrophe.
    parsed = s_parse (s_request ("L'achat des trains est approuvé. L’achat coûte cher jusqu'à aujourd'hui.",
                                 json_pack ("{s:s}", "lang", "fr")));
    ck_assert_ptr_nonnull (s_entry (parsed, "achat"));
    ck_assert_ptr_null (s_entry (parsed, "l'achat"));
    ck_assert_ptr_null (s_entry (parsed, "jusqu'à"));
    ck_assert (s_is_stop (parsed, "à"));
    ck_assert_ptr_nonnull (s_entry (parsed, "aujourd'hui"));
    json_decref (parsed);
    parsed = s_parse (s_request ("Dell'anno scorso resta l'anno migliore.", json_pack ("{s:s}", "lang", "it")));
    ck_assert_ptr_nonnull (s_entry (parsed, "anno"));
    ck_assert_ptr_null (s_entry (parsed, "dell'anno"));
    json_decref (parsed);
    parsed = s_parse (s_request ("That'll do, and it would've worked.", json_pack ("{s:s}", "lang", "en")));
    ck_assert_ptr_nonnull (s_entry (parsed, "that'll"));
    ck_assert_ptr_null (s_entry (parsed, "ll"));
    json_decref (parsed);

    //  A form is shown lower-cased as first written, not folded: one
    //  entry for "Straße" and "Strasse", shown "straße".
    parsed = s_parse (s_request ("Die Straße ist lang. Die Straße ist neu. Die Strasse endet am Fluss.",
                                 json_pack ("{s:s}", "lang", "de")));
    ck_assert_ptr_nonnull (s_entry (parsed, "straße"));
    ck_assert_ptr_null (s_entry (parsed, "strasse"));
    ck_assert_ptr_nonnull (s_entry (parsed, "fluss"));
    json_decref (parsed);
}
END_TEST

START_TEST (test_swedish)
{
    json_t *parsed = s_parse (s_request (
        "Spårvägen byggs ut i norr\n\n"
        "Regeringen presenterade på måndagen en plan för att bygga ut spårvägen i de norra stadsdelarna. "
        "Enligt tjänstemännen ska den första nya linjen öppna om tre år och bära fyrtiotusen resenärer om dagen. "
        "Kritikerna menar att budgeten inte tar hänsyn till de stigande kostnaderna för stål och att det saknas förare.",
        NULL));
    s_check_shape (parsed);
    ck_assert_str_eq (json_string_value (json_object_get (parsed, "lang")), "sv");
    ck_assert (s_is_stop (parsed, "och"));
    ck_assert (s_is_stop (parsed, "att"));
    ck_assert (s_is_stop (parsed, "för"));
    //  Not on Snowball's list; a form of "skulle", which is
    ck_assert (s_is_stop (parsed, "ska"));
    ck_assert (!s_is_stop (parsed, "spårvägen"));
    ck_assert (!s_is_stop (parsed, "regeringen"));
    //  Swedish stems: "spårvägen" counts as "spårväg".
    ck_assert_str_eq (json_string_value (json_object_get (s_entry (parsed, "spårvägen"), "stem")), "spårväg");
    json_decref (parsed);
}
END_TEST

//  One stem, one decision: "les" and "le" share a stem, and the term is
//  a stopword whichever of its forms is on the list and whichever is the
//  commoner.
START_TEST (test_stopword_stems)
{
    json_t *parsed = s_parse (s_request (
        "Les trains régionaux arrivent. Les voyageurs attendent les nouvelles rames depuis des années. "
        "Le conseil régional a voté le budget.", json_pack ("{s:s}", "lang", "fr")));
    ck_assert_ptr_null (s_entry (parsed, "le"));        //  merged into "les"
    ck_assert (s_is_stop (parsed, "les"));
    //  "a" (has) is not on the French list; one letter is no topic
    ck_assert (s_is_stop (parsed, "a"));
    ck_assert (!s_is_stop (parsed, "trains"));
    ck_assert (!s_is_stop (parsed, "rames"));
    json_decref (parsed);
}
END_TEST

START_TEST (test_lang_option)
{
    const char *text = "The council approved the plan. The mayor said the work starts soon.";
    json_t *parsed = s_parse (s_request (text, json_pack ("{s:s}", "lang", "sv")));
    s_check_shape (parsed);
    ck_assert_str_eq (json_string_value (json_object_get (parsed, "lang")), "sv");
    ck_assert (!s_is_stop (parsed, "the"));
    json_decref (parsed);

    parsed = s_parse (s_request (text, json_pack ("{s:s}", "lang", "EN-us")));
    ck_assert_str_eq (json_string_value (json_object_get (parsed, "lang")), "en");
    ck_assert (s_is_stop (parsed, "the"));
    //  Options go through as they came.
    ck_assert_str_eq (json_string_value (json_object_get (json_object_get (parsed, "options"), "lang")), "EN-us");
    json_decref (parsed);
}
END_TEST

START_TEST (test_stopwords_without_list)
{
    //  Vietnamese has no list: "là" is in more than half of 8 sentences,
    //  "ở" has one letter; "phở" is a content word.
    json_t *parsed = s_parse (s_request (
        "Hà Nội là thủ đô của Việt Nam. Đây là một thành phố cổ. Mùa thu là mùa đẹp nhất ở đây. "
        "Phở là món ăn nổi tiếng. Hồ Gươm là nơi nhiều người đi dạo. Giao thông ở Hà Nội rất đông. "
        "Nhiều du khách đến thăm phố cổ. Người dân rất thân thiện.", json_pack ("{s:s}", "lang", "vi")));
    s_check_shape (parsed);
    ck_assert_uint_eq (json_array_size (json_object_get (parsed, "sentences")), 8);
    ck_assert (s_is_stop (parsed, "là"));
    ck_assert (s_is_stop (parsed, "ở"));
    ck_assert (!s_is_stop (parsed, "phở"));
    ck_assert (!s_is_stop (parsed, "hà"));
    //  No stemmer: the stem is the folded word.
    ck_assert_str_eq (json_string_value (json_object_get (s_entry (parsed, "người"), "stem")), "người");
    json_decref (parsed);
}
END_TEST

//  An abbreviation the text shows (docabbrevs.h) is a stopword: "TP." of
//  "TP. Hồ Chí Minh" names no topic, and a keyword "tp hồ" cut the name.
START_TEST (test_abbreviations_the_text_shows_are_stop)
{
    json_t *parsed = s_parse (s_request (
        "Ông Hùng sống tại TP. Hồ Chí Minh từ năm 2010. Công ty của ông ở TP. HCM có hơn 200 nhân viên. "
        "Mỗi ngày ông đi làm bằng xe buýt.", json_pack ("{s:s}", "lang", "vi")));
    s_check_shape (parsed);
    ck_assert_uint_eq (json_array_size (json_object_get (parsed, "sentences")), 3);
    ck_assert (s_is_stop (parsed, "tp"));
    ck_assert (!s_is_stop (parsed, "hcm"));
    json_decref (parsed);
}
END_TEST

static bool
s_is_lowercase (const json_t *parsed, const char *form)
{
    const json_t *entry = s_entry (parsed, form);
    ck_assert_msg (entry != NULL, "no vocabulary entry \"%s\"", form);
    return json_object_get (entry, "lowercase") == json_true ();
}

//  German capitalises its nouns: a word it writes only in lower case
//  inside sentences is no noun. A capital at a sentence's start proves
//  nothing either way; a text that ignores the convention marks nothing.
START_TEST (test_german_lowercase_words)
{
    const char *text = "Die Stadt baut neue Radwege f\u00fcr Radfahrer. "
                       "Geplant sind zwanzig Kilometer bis zum kommenden Jahr. "
                       "Radwege sind in der Stadt beliebt, und die neue Br\u00fccke wird doppelt so breit.";
    json_t *parsed = s_parse (s_request (text, json_pack ("{s:s}", "lang", "de")));
    s_check_shape (parsed);
    ck_assert (s_is_lowercase (parsed, "baut"));
    ck_assert (s_is_lowercase (parsed, "neue"));
    ck_assert (s_is_lowercase (parsed, "doppelt"));
    ck_assert (!s_is_lowercase (parsed, "geplant"));    //  seen only at a sentence's start
    ck_assert (!s_is_lowercase (parsed, "stadt"));
    ck_assert (!s_is_lowercase (parsed, "radwege"));    //  capital at a start, and inside
    ck_assert (!s_is_lowercase (parsed, "kilometer"));
    ck_assert (!s_is_lowercase (parsed, "die"));        //  a stopword is stop, not lowercase
    json_decref (parsed);

    //  all in lower case: no convention to read
    parsed = s_parse (s_request ("die stadt baut neue radwege. geplant sind zwanzig kilometer.",
                                 json_pack ("{s:s}", "lang", "de")));
    ck_assert (!s_is_lowercase (parsed, "baut"));
    ck_assert (!s_is_lowercase (parsed, "stadt"));
    json_decref (parsed);

    //  English capitalises no nouns
    parsed = s_parse (s_request ("The city builds new cycle lanes. Planned are twenty kilometres.",
                                 json_pack ("{s:s}", "lang", "en")));
    ck_assert (!s_is_lowercase (parsed, "builds"));
    json_decref (parsed);
}
END_TEST

//  options.format "html": the article text of the page is what is parsed.
START_TEST (test_html_format)
{
    const char *page = "<html><head><script>var x = 'SCRIPT';</script></head><body>"
                       "<nav>Home | News | Sport</nav><h1>Ferry news</h1>"
                       "<p>The electric ferry crossed the harbour to the caf&eacute; district.</p>"
                       "<p>It needs no diesel &amp; no fuel stops.</p><footer>Copyright</footer></body></html>";
    json_t *parsed = s_parse (s_request (page, json_pack ("{s:s}", "format", "html")));
    s_check_shape (parsed);
    ck_assert_str_eq (s_text (parsed), "Ferry news\n\nThe electric ferry crossed the harbour to the "
                                       "caf\u00e9 district.\n\nIt needs no diesel & no fuel stops.");
    ck_assert_str_eq (json_string_value (json_object_get (parsed, "lang")), "en");
    ck_assert (json_object_get (json_array_get (json_object_get (parsed, "sentences"), 0), "heading")
               == json_true ());
    ck_assert_ptr_null (s_entry (parsed, "script"));
    json_decref (parsed);
    //  "text" is the default: the markup is words like any other
    parsed = s_parse (s_request (page, json_pack ("{s:s}", "format", "text")));
    ck_assert_ptr_nonnull (strstr (s_text (parsed), "<nav>"));
    json_decref (parsed);
    //  a page without text is an empty document
    s_expect_error (s_request ("<script>only()</script>", json_pack ("{s:s}", "format", "html")),
                    SUMQ_E_EMPTY, NULL);
    s_expect_error (s_request ("", json_pack ("{s:s}", "format", "html")), SUMQ_E_EMPTY, NULL);
}
END_TEST

START_TEST (test_request_errors)
{
    s_expect_error (json_string ("text"), SUMQ_E_BAD_REQUEST, NULL);
    s_expect_error (json_pack ("{s:s, s:s}", "id", "x", "text", "Hello."), SUMQ_E_BAD_REQUEST, "version");
    s_expect_error (json_pack ("{s:i, s:s, s:s}", "version", 2, "id", "x", "text", "Hello."),
                    SUMQ_E_UNSUPPORTED, NULL);
    s_expect_error (json_pack ("{s:i, s:s, s:s}", "version", 0, "id", "x", "text", "Hello."),
                    SUMQ_E_UNSUPPORTED, NULL);
    s_expect_error (json_pack ("{s:s, s:s, s:s}", "version", "1", "id", "x", "text", "Hello."),
                    SUMQ_E_BAD_REQUEST, "version");
    s_expect_error (json_pack ("{s:f, s:s, s:s}", "version", 1.0, "id", "x", "text", "Hello."),
                    SUMQ_E_BAD_REQUEST, "version");
    s_expect_error (json_pack ("{s:i, s:s}", "version", 1, "text", "Hello."), SUMQ_E_BAD_REQUEST, "id");
    s_expect_error (json_pack ("{s:i, s:i, s:s}", "version", 1, "id", 7, "text", "Hello."), SUMQ_E_BAD_REQUEST, "id");
    s_expect_error (json_pack ("{s:i, s:s}", "version", 1, "id", "x"), SUMQ_E_BAD_REQUEST, "text");
    s_expect_error (json_pack ("{s:i, s:s, s:n}", "version", 1, "id", "x", "text"), SUMQ_E_BAD_REQUEST, "text");
    char long_id [SUMQ_MAX_DOC_ID + 2];
    memset (long_id, 'i', sizeof long_id - 1);
    long_id [sizeof long_id - 1] = 0;
    s_expect_error (json_pack ("{s:i, s:s, s:s}", "version", 1, "id", long_id, "text", "Hello."),
                    SUMQ_E_BAD_REQUEST, "id is");
    long_id [SUMQ_MAX_DOC_ID] = 0;      //  at the limit: accepted
    json_t *request = json_pack ("{s:i, s:s, s:s}", "version", 1, "id", long_id, "text", "Hello there.");
    sumq_error_t err;
    json_t *parsed = sumq_parser_run (s_parser, request, &err);
    ck_assert_msg (parsed != NULL, "%s", err.message);
    json_decref (parsed);
    json_decref (request);
}
END_TEST

START_TEST (test_option_errors)
{
    const char *text = "The council approved the plan.";
    s_expect_error (s_request (text, json_string ("fast")), SUMQ_E_BAD_REQUEST, "options");
    s_expect_error (s_request (text, json_pack ("{s:s}", "sentences", "x")), SUMQ_E_BAD_REQUEST, "options.sentences");
    s_expect_error (s_request (text, json_pack ("{s:i}", "sentences", 0)), SUMQ_E_BAD_REQUEST, "options.sentences");
    s_expect_error (s_request (text, json_pack ("{s:f}", "sentences", 3.0)), SUMQ_E_BAD_REQUEST, "options.sentences");
    s_expect_error (s_request (text, json_pack ("{s:f}", "ratio", 0.0)), SUMQ_E_BAD_REQUEST, "options.ratio");
    s_expect_error (s_request (text, json_pack ("{s:f}", "ratio", 1.5)), SUMQ_E_BAD_REQUEST, "options.ratio");
    s_expect_error (s_request (text, json_pack ("{s:s}", "ratio", "half")), SUMQ_E_BAD_REQUEST, "options.ratio");
    s_expect_error (s_request (text, json_pack ("{s:i}", "words", 0)), SUMQ_E_BAD_REQUEST, "options.words");
    s_expect_error (s_request (text, json_pack ("{s:b}", "words", 1)), SUMQ_E_BAD_REQUEST, "options.words");
    s_expect_error (s_request (text, json_pack ("{s:i}", "keywords", 101)), SUMQ_E_BAD_REQUEST, "options.keywords");
    s_expect_error (s_request (text, json_pack ("{s:i}", "keywords", -1)), SUMQ_E_BAD_REQUEST, "options.keywords");
    s_expect_error (s_request (text, json_pack ("{s:n}", "keywords")), SUMQ_E_BAD_REQUEST, "options.keywords");
    s_expect_error (s_request (text, json_pack ("{s:i, s:f}", "sentences", 2, "ratio", 0.5)),
                    SUMQ_E_BAD_REQUEST, "at most one");
    s_expect_error (s_request (text, json_pack ("{s:f, s:i}", "ratio", 0.5, "words", 50)),
                    SUMQ_E_BAD_REQUEST, "at most one");
    s_expect_error (s_request (text, json_pack ("{s:i}", "lang", 5)), SUMQ_E_BAD_REQUEST, "options.lang");
    s_expect_error (s_request (text, json_pack ("{s:s}", "lang", "e")), SUMQ_E_BAD_REQUEST, "options.lang");
    s_expect_error (s_request (text, json_pack ("{s:s}", "lang", "english")), SUMQ_E_BAD_REQUEST, "options.lang");
    s_expect_error (s_request (text, json_pack ("{s:s}", "lang", "e1")), SUMQ_E_BAD_REQUEST, "options.lang");
    s_expect_error (s_request (text, json_pack ("{s:s}", "format", "pdf")), SUMQ_E_BAD_REQUEST, "options.format");
    s_expect_error (s_request (text, json_pack ("{s:b}", "format", 1)), SUMQ_E_BAD_REQUEST, "options.format");

    //  The edges are fine; unknown keys are ignored.
    json_t *parsed = s_parse (s_request (text, json_pack ("{s:f, s:i, s:s}", "ratio", 1.0, "keywords", 0,
                                                          "colour", "blue")));
    json_decref (parsed);
    parsed = s_parse (s_request (text, json_pack ("{s:i, s:i}", "ratio", 1, "keywords", 100)));
    json_decref (parsed);
}
END_TEST

START_TEST (test_empty_documents)
{
    const char *texts [] = { "", "   \n\t ", ";;;", "2025\n---\n05/10/2025", "\u200B\uFEFF" };
    for (size_t index = 0; index < sizeof texts / sizeof texts [0]; index++)
        s_expect_error (s_request (texts [index], NULL), SUMQ_E_EMPTY, NULL);
}
END_TEST

START_TEST (test_size_limit)
{
    //  At the limit: accepted (and empty, being spaces); one byte over: refused.
    char *text = malloc (SUMQ_DEFAULT_MAX_DOC + 2);
    memset (text, ' ', SUMQ_DEFAULT_MAX_DOC + 1);
    text [SUMQ_DEFAULT_MAX_DOC + 1] = '\0';
    json_t *request = s_request ("", NULL);
    json_object_set_new (request, "text", json_stringn (text, SUMQ_DEFAULT_MAX_DOC + 1));
    s_expect_error (request, SUMQ_E_TOO_LARGE, NULL);
    request = s_request ("", NULL);
    json_object_set_new (request, "text", json_stringn (text, SUMQ_DEFAULT_MAX_DOC));
    s_expect_error (request, SUMQ_E_EMPTY, NULL);
    free (text);
}
END_TEST

START_TEST (test_invalid_utf8)
{
    json_t *request = s_request ("", NULL);
    json_object_set_new (request, "text", json_stringn_nocheck ("Caf\xC3( au lait.", 14));
    s_expect_error (request, SUMQ_E_INVALID_UTF8, NULL);
    request = s_request ("", NULL);
    json_object_set_new (request, "text", json_stringn_nocheck ("Surrogate \xED\xA0\x80 here.", 18));
    s_expect_error (request, SUMQ_E_INVALID_UTF8, NULL);
    //  "\u0000" is valid JSON, but no text holds NUL.
    request = s_request ("", NULL);
    json_object_set_new (request, "text", json_stringn ("Hello\0world.", 12));
    s_expect_error (request, SUMQ_E_INVALID_UTF8, NULL);
    request = s_request ("The plan.", NULL);
    json_object_set_new (request, "id", json_stringn_nocheck ("\xFF", 1));
    s_expect_error (request, SUMQ_E_BAD_REQUEST, "id");
}
END_TEST

START_TEST (test_parser_reuse)
{
    //  State of one document never leaks into the next.
    const char *english = "The regional council approved a plan to expand the tram network. Work starts in May.";
    const char *swedish = "Regeringen presenterade på måndagen en plan för att bygga ut spårvägen i de norra "
                          "stadsdelarna. Arbetet börjar i maj och pågår i tre år.";
    json_t *first = s_parse (s_request (english, NULL));
    json_t *other = s_parse (s_request (swedish, NULL));
    json_t *again = s_parse (s_request (english, NULL));
    ck_assert (json_equal (first, again));
    ck_assert_str_eq (json_string_value (json_object_get (other, "lang")), "sv");
    ck_assert_ptr_null (s_entry (again, "spårvägen"));
    json_decref (first);
    json_decref (other);
    json_decref (again);
}
END_TEST

static char *
s_read_file (const char *path)
{
    FILE *file = fopen (path, "rb");
    if (!file)
        return NULL;
    fseek (file, 0, SEEK_END);
    long size = ftell (file);
    fseek (file, 0, SEEK_SET);
    char *text = malloc ((size_t) size + 1);
    size_t got = fread (text, 1, (size_t) size, file);
    fclose (file);
    text [got] = '\0';
    return text;
}

//  The text of all sentences, one a line.
static char *
s_all_sentences (const json_t *parsed)
{
    const json_t *sentences = json_object_get (parsed, "sentences");
    char *all = calloc (json_string_length (json_object_get (parsed, "text")) + json_array_size (sentences) + 1, 1);
    for (size_t index = 0; index < json_array_size (sentences); index++) {
        strcat (all, s_sentence_text (parsed, index));
        strcat (all, "\n");
    }
    return all;
}

START_TEST (test_sample_documents)
{
    const char *dir = getenv ("SUMQ_SAMPLES")? getenv ("SUMQ_SAMPLES"): "../shared/samples";
    const struct {
        const char *file;
        const char *lang;
    } samples [] = {
        { "000_a9a24962226063a7.txt", "en" }, { "001_720ff2a633885274.txt", "en" },
        { "002_2295f230d79c3c4b.txt", "en" }, { "003_9001d65b90319ea5.txt", "en" },
        { "004_7e5a3b85da258eff.txt", "sv" }
    };
    //  Boilerplate of the samples (see their README) that must not reach
    //  any sentence.
    const char *junk [] = {
        "By /Oct 21, 2025", "Photo: VNA", "发表回复", "Nền tảng", "Báo Quốc Tế", "Ngoại giao",
        "(Foto: NVCC)", "Källa:", "https://", "Kommentar (0)", "No data", "I samma ämne", "I samma kategori",
        "Av samma författare", "No videos available", "Aktuella händelser", "Politiskt system", "Produkt"
    };
    char path [1024];
    snprintf (path, sizeof path, "%s/%s", dir, samples [0].file);
    char *probe = s_read_file (path);
    if (!probe) {
        printf ("check_parser: %s not found, sample documents skipped (set SUMQ_SAMPLES)\n", dir);
        return;
    }
    free (probe);
    for (size_t index = 0; index < sizeof samples / sizeof samples [0]; index++) {
        snprintf (path, sizeof path, "%s/%s", dir, samples [index].file);
        char *text = s_read_file (path);
        ck_assert_ptr_nonnull (text);
        json_t *parsed = s_parse (s_request (text, NULL));
        free (text);
        s_check_shape (parsed);
        ck_assert_str_eq (json_string_value (json_object_get (parsed, "lang")), samples [index].lang);
        char *all = s_all_sentences (parsed);
        for (size_t at = 0; at < sizeof junk / sizeof junk [0]; at++)
            ck_assert_msg (!strstr (all, junk [at]), "%s: \"%s\" reached the sentences",
                           samples [index].file, junk [at]);
        free (all);
        if (index == 2) {
            ck_assert_str_eq (s_sentence_text (parsed, 0), "The US Wants Vietnam to Be Its New Tech Best Friend");
            ck_assert (json_object_get (json_array_get (json_object_get (parsed, "sentences"), 0), "heading")
                       == json_true ());
        }
        if (index == 4) {
            ck_assert (s_is_stop (parsed, "och"));
            ck_assert (s_is_stop (parsed, "att"));
            ck_assert (!s_is_stop (parsed, "teknikföretag"));
        }
        else
            ck_assert (!s_entry (parsed, "by") || s_is_stop (parsed, "by"));
        json_decref (parsed);
    }
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *suite = suite_create ("parser");
    TCase *documents = tcase_create ("documents");
    tcase_add_checked_fixture (documents, s_setup, s_teardown);
    tcase_add_test (documents, test_parsed_document);
    tcase_add_test (documents, test_sentence_columns);
    tcase_add_test (documents, test_joined_columns);
    tcase_add_test (documents, test_reduplicated_words);
    tcase_add_test (documents, test_vocabulary_forms);
    tcase_add_test (documents, test_swedish);
    tcase_add_test (documents, test_lang_option);
    tcase_add_test (documents, test_stopwords_without_list);
    tcase_add_test (documents, test_abbreviations_the_text_shows_are_stop);
    tcase_add_test (documents, test_german_lowercase_words);
    tcase_add_test (documents, test_parser_reuse);
    tcase_add_test (documents, test_sample_documents);
    tcase_add_test (documents, test_html_format);
    tcase_add_test (documents, test_stopword_stems);
    suite_add_tcase (suite, documents);
    TCase *errors = tcase_create ("errors");
    tcase_add_checked_fixture (errors, s_setup, s_teardown);
    tcase_add_test (errors, test_request_errors);
    tcase_add_test (errors, test_option_errors);
    tcase_add_test (errors, test_empty_documents);
    tcase_add_test (errors, test_size_limit);
    tcase_add_test (errors, test_invalid_utf8);
    suite_add_tcase (suite, errors);
    return suite;
}

int
main (void)
{
    return suite_run (s_suite ());
}
