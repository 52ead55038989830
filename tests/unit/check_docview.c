/*  check_docview: one view read document after document, the weights
    as strtod reads them, the ranking added to a parsed view, and the
    columns of "sentences". (Other malformed documents are the ranker's
    and summarizer's suites.)                                           */
#include <check.h>
#include "suite_run.h"
#include <stdlib.h>
#include <string.h>
#include "docview.h"

static sumq_docview_t *s_doc;

static void
s_setup (void)
{
    s_doc = sumq_docview_new ();
    ck_assert_ptr_nonnull (s_doc);
}

static void
s_teardown (void)
{
    sumq_docview_destroy (&s_doc);
    ck_assert_ptr_null (s_doc);
}

//  A ranked document of text "Alpha beta. Gamma." whose vocabulary has
//  the stems and weights given ("alpha beta gamma" and three weights).
static json_t *
s_ranked (const char *stems, const char *weights)
{
    json_t *doc = json_pack ("{s:i, s:s, s:s, s:s, s:{s:s, s:s, s:s, s:s, s:s, s:s},"
                             " s:s, s:s, s:s, s:s, s:[], s:s}",
                             "version", 1, "id", "d", "lang", "en", "text", "Alpha beta. Gamma.",
                             "sentences", "start", "0 12", "len", "11 6", "para", "0 0", "heading", "",
                                          "ntokens", "2 1", "tokens", "0 1 2",
                             "stems", stems, "forms", "alpha beta gamma", "stop", "1",
                             "weights", weights, "keywords", "idf", "sentence");
    ck_assert_ptr_nonnull (doc);
    return doc;
}

//  Weights of up to 15 digits are converted without strtod (docview.c):
//  every one must still be the double strtod makes of it.
START_TEST (test_weights_are_strtod_values)
{
    const char *fields [] = {
        "0", "0.0", "1", "0.1", "0.3", "2.675", "1.0005", "123456.7891", "0.000000000000001",
        "999999999999999", "99999999999999.9", "0.1234567890123456789", "1234567890123456.5",
        "9007199254740993", "3.14159265358979323846", "00000000000000001.5"
    };
    for (size_t index = 0; index < sizeof fields / sizeof fields [0]; index++) {
        char weights [128];
        snprintf (weights, sizeof weights, "%s 0.5 0.25", fields [index]);
        json_t *ranked = s_ranked ("alpha beta gamma", weights);
        sumq_error_t err;
        ck_assert_int_eq (sumq_docview_read (s_doc, ranked, SUMQ_DOCVIEW_RANKED, &err), 0);
        double expect = strtod (fields [index], NULL);
        ck_assert_msg (memcmp (&sumq_docview_weights (s_doc) [0], &expect, sizeof expect) == 0,
                       "weight \"%s\" is not strtod's", fields [index]);
        json_decref (ranked);
    }
}
END_TEST

//  A term takes the weight of its first vocabulary entry.
START_TEST (test_duplicate_stem_takes_first_weight)
{
    json_t *ranked = s_ranked ("alpha beta alpha", "0.5 0.25 0.75");
    sumq_error_t err;
    ck_assert_int_eq (sumq_docview_read (s_doc, ranked, SUMQ_DOCVIEW_RANKED, &err), 0);
    ck_assert_uint_eq (sumq_docview_terms (s_doc), 2);
    ck_assert_uint_eq (sumq_docview_term_of (s_doc, 2), 0);
    ck_assert (sumq_docview_weights (s_doc) [0] == 0.5);
    ck_assert (sumq_docview_weights (s_doc) [1] == 0.25);
    json_decref (ranked);
}
END_TEST

//  The same view reads a larger document, a smaller one, a broken one
//  (then shows nothing) and a parsed one (then has no ranking), each as
//  a new view would.
START_TEST (test_view_is_reused)
{
    sumq_error_t err;
    json_t *ranked = s_ranked ("alpha beta gamma", "0.5 0.25 0.125");
    ck_assert_int_eq (sumq_docview_read (s_doc, ranked, SUMQ_DOCVIEW_RANKED, &err), 0);
    ck_assert_uint_eq (sumq_docview_sentences (s_doc), 2);
    ck_assert_uint_eq (sumq_docview_sentence (s_doc, 0)->words, 2);
    ck_assert_str_eq (sumq_docview_idf (s_doc), "sentence");

    json_t *broken = s_ranked ("alpha beta gamma", "0.5 x 0.125");
    ck_assert_int_eq (sumq_docview_read (s_doc, broken, SUMQ_DOCVIEW_RANKED, &err), -1);
    ck_assert_str_eq (err.code, "bad_request");
    ck_assert_uint_eq (sumq_docview_sentences (s_doc), 0);
    ck_assert_uint_eq (sumq_docview_terms (s_doc), 0);
    ck_assert_ptr_null (sumq_docview_weights (s_doc));

    json_t *parsed = json_pack ("{s:i, s:s, s:s, s:s, s:{s:s, s:s, s:s, s:s, s:s, s:s}, s:s, s:s, s:s}",
                                "version", 1, "id", "e", "lang", "en", "text", "Delta.",
                                "sentences", "start", "0", "len", "5", "para", "0", "heading", "",
                                             "ntokens", "1", "tokens", "0",
                                "stems", "delta", "forms", "delta", "stop", "");
    ck_assert_int_eq (sumq_docview_read (s_doc, parsed, SUMQ_DOCVIEW_PARSED, &err), 0);
    ck_assert_str_eq (sumq_docview_id (s_doc), "e");
    ck_assert_uint_eq (sumq_docview_sentences (s_doc), 1);
    ck_assert_uint_eq (sumq_docview_sentence (s_doc, 0)->words, 1);
    ck_assert_uint_eq (sumq_docview_terms (s_doc), 1);
    ck_assert (!sumq_docview_term (s_doc, 0)->stop);
    ck_assert_ptr_null (sumq_docview_weights (s_doc));
    ck_assert_ptr_null (sumq_docview_keywords (s_doc));
    json_decref (parsed);
    json_decref (broken);
    json_decref (ranked);
}
END_TEST

//  A parsed view plus its ranking shows what the ranked document read
//  whole shows.
START_TEST (test_ranking_added_to_parsed_view)
{
    json_t *ranked = s_ranked ("alpha beta gamma", "0.5 0.25 0.125");
    sumq_error_t err;
    ck_assert_int_eq (sumq_docview_read (s_doc, ranked, SUMQ_DOCVIEW_PARSED, &err), 0);
    ck_assert_ptr_null (sumq_docview_weights (s_doc));
    ck_assert_int_eq (sumq_docview_read_ranking (s_doc, ranked, &err), 0);
    ck_assert (sumq_docview_weights (s_doc) [2] == 0.125);
    ck_assert_str_eq (sumq_docview_idf (s_doc), "sentence");
    ck_assert_uint_eq (sumq_docview_sentences (s_doc), 2);
    ck_assert (sumq_docview_term (s_doc, 1)->stop);
    json_object_set_new (ranked, "weights", json_string ("0.5 0.25"));
    ck_assert_int_eq (sumq_docview_read_ranking (s_doc, ranked, &err), -1);
    ck_assert_uint_eq (sumq_docview_sentences (s_doc), 0);
    json_decref (ranked);
}
END_TEST

//  A parsed document of text "Head\n\nAlpha beta. Gamma." (vocabulary
//  head alpha beta gamma) with the columns of "sentences" given.
static json_t *
s_parsed (const char *start, const char *len, const char *para, const char *heading,
          const char *ntokens, const char *tokens)
{
    json_t *doc = json_pack ("{s:i, s:s, s:s, s:s, s:{s:s, s:s, s:s, s:s, s:s, s:s}, s:s, s:s, s:s}",
                             "version", 1, "id", "d", "lang", "en", "text", "Head\n\nAlpha beta. Gamma.",
                             "sentences", "start", start, "len", len, "para", para, "heading", heading,
                                          "ntokens", ntokens, "tokens", tokens,
                             "stems", "head alpha beta gamma", "forms", "head alpha beta gamma", "stop", "");
    ck_assert_ptr_nonnull (doc);
    return doc;
}

//  The columns are read back into the sentences they describe; a
//  sentence may have no tokens.
START_TEST (test_sentence_columns)
{
    json_t *parsed = s_parsed ("0 6 18", "4 11 0", "0 1 1", "0", "1 4 0", "0 1 2 - 3");
    sumq_error_t err;
    ck_assert_int_eq (sumq_docview_read (s_doc, parsed, SUMQ_DOCVIEW_PARSED, &err), 0);
    ck_assert_uint_eq (sumq_docview_sentences (s_doc), 3);
    const sumq_docview_sentence_t *head = sumq_docview_sentence (s_doc, 0);
    ck_assert (head->heading);
    ck_assert_uint_eq (head->ntokens, 1);
    ck_assert_int_eq (head->tokens [0], 0);
    const sumq_docview_sentence_t *body = sumq_docview_sentence (s_doc, 1);
    ck_assert (!body->heading);
    ck_assert_uint_eq (body->start, 6);
    ck_assert_uint_eq (body->len, 11);
    ck_assert_uint_eq (body->para, 1);
    ck_assert_uint_eq (body->ntokens, 4);
    ck_assert_uint_eq (body->words, 3);
    ck_assert_int_eq (body->tokens [0], 1);
    ck_assert_int_eq (body->tokens [1], 2);
    ck_assert_int_eq (body->tokens [2], -1);
    ck_assert_int_eq (body->tokens [3], 3);
    ck_assert_uint_eq (sumq_docview_sentence (s_doc, 2)->ntokens, 0);
    ck_assert (!sumq_docview_sentence (s_doc, 2)->heading);
    json_decref (parsed);

    //  An empty document: all lists ""
    parsed = s_parsed ("", "", "", "", "", "");
    ck_assert_int_eq (sumq_docview_read (s_doc, parsed, SUMQ_DOCVIEW_PARSED, &err), 0);
    ck_assert_uint_eq (sumq_docview_sentences (s_doc), 0);
    json_decref (parsed);
}
END_TEST

//  Columns that break "Parsed document", each refused; the first is
//  the well-formed document they are made from.
static const char *s_columns [][6] = {
    { "0 6 18", "4 11 6", "0 1 1", "0", "1 3 1", "0 1 - 2 3" },
    //  lists of different lengths
    { "0 6 18", "4 11", "0 1 1", "0", "1 3 1", "0 1 - 2 3" },
    { "0 6 18", "4 11 6 1", "0 1 1", "0", "1 3 1", "0 1 - 2 3" },
    { "0 6 18", "4 11 6", "0 1", "0", "1 3 1", "0 1 - 2 3" },
    { "0 6 18", "4 11 6", "0 1 1 1", "0", "1 3 1", "0 1 - 2 3" },
    { "0 6 18", "4 11 6", "0 1 1", "0", "1 3", "0 1 - 2 3" },
    { "0 6 18", "4 11 6", "0 1 1", "0", "1 3 1 0", "0 1 - 2 3" },
    { "0 6", "4 11 6", "0 1 1", "0", "1 3 1", "0 1 - 2 3" },
    //  heading indexes out of range, not increasing, not indexes
    { "0 6 18", "4 11 6", "0 1 1", "3", "1 3 1", "0 1 - 2 3" },
    { "0 6 18", "4 11 6", "0 1 1", "1 0", "1 3 1", "0 1 - 2 3" },
    { "0 6 18", "4 11 6", "0 1 1", "0 0", "1 3 1", "0 1 - 2 3" },
    { "0 6 18", "4 11 6", "0 1 1", "-", "1 3 1", "0 1 - 2 3" },
    { "0 6 18", "4 11 6", "0 1 1", "0 ", "1 3 1", "0 1 - 2 3" },
    { "0 6 18", "4 11 6", "0 1 1", "99999999999999999999999", "1 3 1", "0 1 - 2 3" },
    //  ntokens that do not add up to the fields of tokens
    { "0 6 18", "4 11 6", "0 1 1", "0", "1 3 0", "0 1 - 2 3" },
    { "0 6 18", "4 11 6", "0 1 1", "0", "1 3 2", "0 1 - 2 3" },
    { "0 6 18", "4 11 6", "0 1 1", "0", "1 3 2", "0 1 - 2 3 " },
    { "0 6 18", "4 11 6", "0 1 1", "0", "1 3 99999999999999999999999", "0 1 - 2 3" },
    { "0 6 18", "4 11 6", "0 1 1", "0", "1 3 -", "0 1 - 2 3" },
    //  fields that are not decimals, or are empty
    { "0 6 x", "4 11 6", "0 1 1", "0", "1 3 1", "0 1 - 2 3" },
    { "0 6  18", "4 11 6", "0 1 1", "0", "1 3 1", "0 1 - 2 3" },
    { "0 6 18", "4 11 +6", "0 1 1", "0", "1 3 1", "0 1 - 2 3" },
    { "0 6 18", "4 11 6", "0 1 p", "0", "1 3 1", "0 1 - 2 3" },
    { "0 6 18", "4 11 6", "0 1 99999999999999999999999", "0", "1 3 1", "0 1 - 2 3" },
    //  as before: offsets outside the text or inside a character, ids
    //  out of range
    { "0 6 25", "4 11 0", "0 1 1", "0", "1 3 1", "0 1 - 2 3" },
    { "0 6 18", "4 11 7", "0 1 1", "0", "1 3 1", "0 1 - 2 3" },
    { "0 6 18", "4 11 6", "0 1 1", "0", "1 3 1", "0 1 - 2 4" },
    { "0 6 18", "4 11 6", "0 1 1", "0", "1 3 1", "0 1 -1 2 3" },
};

START_TEST (test_rejects_malformed_sentences)
{
    const char **columns = s_columns [_i];
    json_t *parsed = s_parsed (columns [0], columns [1], columns [2], columns [3], columns [4], columns [5]);
    sumq_error_t err = { "", "" };
    int rc = sumq_docview_read (s_doc, parsed, SUMQ_DOCVIEW_PARSED, &err);
    if (_i == 0)
        ck_assert_int_eq (rc, 0);
    else {
        ck_assert_msg (rc == -1, "case %d was accepted", _i);
        ck_assert_str_eq (err.code, "bad_request");
        ck_assert_uint_eq (sumq_docview_sentences (s_doc), 0);
    }
    json_decref (parsed);
}
END_TEST

//  A character boundary: "é" is two bytes, and no sentence may start or
//  end between them; a "sentences" that is not an object of lists.
START_TEST (test_rejects_sentences_of_the_wrong_shape)
{
    sumq_error_t err;
    json_t *parsed = s_parsed ("0", "3", "0", "", "1", "0");
    json_object_set_new (parsed, "text", json_string ("Caf\xc3\xa9."));
    ck_assert_int_eq (sumq_docview_read (s_doc, parsed, SUMQ_DOCVIEW_PARSED, &err), 0);
    json_object_set_new (json_object_get (parsed, "sentences"), "len", json_string ("4"));
    ck_assert_int_eq (sumq_docview_read (s_doc, parsed, SUMQ_DOCVIEW_PARSED, &err), -1);
    json_object_set_new (json_object_get (parsed, "sentences"), "len", json_string ("1"));
    json_object_set_new (json_object_get (parsed, "sentences"), "start", json_string ("4"));
    ck_assert_int_eq (sumq_docview_read (s_doc, parsed, SUMQ_DOCVIEW_PARSED, &err), -1);
    json_decref (parsed);

    const char *members [] = { "start", "len", "para", "heading", "ntokens", "tokens" };
    for (size_t index = 0; index < sizeof members / sizeof *members; index++) {
        parsed = s_parsed ("0", "4", "0", "", "1", "0");
        json_object_del (json_object_get (parsed, "sentences"), members [index]);
        ck_assert_int_eq (sumq_docview_read (s_doc, parsed, SUMQ_DOCVIEW_PARSED, &err), -1);
        ck_assert_str_eq (err.code, "bad_request");
        json_object_set_new (json_object_get (parsed, "sentences"), members [index], json_integer (0));
        ck_assert_int_eq (sumq_docview_read (s_doc, parsed, SUMQ_DOCVIEW_PARSED, &err), -1);
        json_decref (parsed);
    }
    parsed = s_parsed ("", "", "", "", "", "");
    json_object_set_new (parsed, "sentences", json_array ());
    ck_assert_int_eq (sumq_docview_read (s_doc, parsed, SUMQ_DOCVIEW_PARSED, &err), -1);
    ck_assert_str_eq (err.code, "bad_request");
    json_decref (parsed);
}
END_TEST

//  "lowercase", optional, flags terms as "stop" does, with its checks;
//  a view read after one with flags has none left over.
START_TEST (test_lowercase_flags)
{
    sumq_error_t err = { "", "" };
    json_t *ranked = s_ranked ("alpha beta gamma", "0.5 0.25 0.125");
    ck_assert_int_eq (sumq_docview_read (s_doc, ranked, SUMQ_DOCVIEW_RANKED, &err), 0);
    for (size_t term = 0; term < 3; term++)
        ck_assert (!sumq_docview_term (s_doc, term)->lowercase);
    json_object_set_new (ranked, "lowercase", json_string ("0 2"));
    ck_assert_int_eq (sumq_docview_read (s_doc, ranked, SUMQ_DOCVIEW_RANKED, &err), 0);
    ck_assert (sumq_docview_term (s_doc, 0)->lowercase);
    ck_assert (!sumq_docview_term (s_doc, 1)->lowercase);
    ck_assert (sumq_docview_term (s_doc, 1)->stop);
    ck_assert (sumq_docview_term (s_doc, 2)->lowercase);

    const char *bad [] = { "2 0", "3", "x", "0 0" };
    for (size_t index = 0; index < sizeof bad / sizeof *bad; index++) {
        json_object_set_new (ranked, "lowercase", json_string (bad [index]));
        ck_assert_msg (sumq_docview_read (s_doc, ranked, SUMQ_DOCVIEW_RANKED, &err) == -1,
                       "\"%s\" was accepted", bad [index]);
        ck_assert_str_eq (err.code, "bad_request");
        ck_assert_ptr_nonnull (strstr (err.message, "lowercase"));
    }
    json_object_set_new (ranked, "lowercase", json_integer (1));
    ck_assert_int_eq (sumq_docview_read (s_doc, ranked, SUMQ_DOCVIEW_RANKED, &err), -1);
    json_object_del (ranked, "lowercase");
    ck_assert_int_eq (sumq_docview_read (s_doc, ranked, SUMQ_DOCVIEW_RANKED, &err), 0);
    ck_assert (!sumq_docview_term (s_doc, 0)->lowercase);
    json_decref (ranked);
}
END_TEST

//  "sentences".joined, optional, flags tokens joined to the word before
//  them: only a word that follows a word of its own sentence; a view read
//  after one with flags has none left over.
START_TEST (test_joined_tokens)
{
    sumq_error_t err = { "", "" };
    json_t *ranked = s_ranked ("alpha beta gamma", "0.5 0.25 0.125");
    json_t *sentences = json_object_get (ranked, "sentences");
    json_object_set_new (sentences, "ntokens", json_string ("3 1"));
    json_object_set_new (sentences, "tokens", json_string ("0 - 1 2"));
    ck_assert_int_eq (sumq_docview_read (s_doc, ranked, SUMQ_DOCVIEW_RANKED, &err), 0);
    ck_assert (!sumq_docview_sentence (s_doc, 0)->joined [2]);
    json_object_set_new (sentences, "ntokens", json_string ("2 1"));
    json_object_set_new (sentences, "tokens", json_string ("0 1 2"));
    json_object_set_new (sentences, "joined", json_string ("1"));
    ck_assert_int_eq (sumq_docview_read (s_doc, ranked, SUMQ_DOCVIEW_RANKED, &err), 0);
    ck_assert (!sumq_docview_sentence (s_doc, 0)->joined [0]);
    ck_assert (sumq_docview_sentence (s_doc, 0)->joined [1]);
    ck_assert (!sumq_docview_sentence (s_doc, 1)->joined [0]);

    //  Not increasing, out of range, not a number, the first word of a
    //  sentence, after a boundary, a boundary itself.
    const char *bad [] = { "1 1", "3", "x", "0", "2" };
    for (size_t index = 0; index < sizeof bad / sizeof *bad; index++) {
        json_object_set_new (sentences, "joined", json_string (bad [index]));
        ck_assert_msg (sumq_docview_read (s_doc, ranked, SUMQ_DOCVIEW_RANKED, &err) == -1,
                       "\"%s\" was accepted", bad [index]);
        ck_assert_str_eq (err.code, "bad_request");
        ck_assert_ptr_nonnull (strstr (err.message, "joined"));
    }
    json_object_set_new (sentences, "ntokens", json_string ("3 1"));
    json_object_set_new (sentences, "tokens", json_string ("0 - 1 2"));
    for (size_t index = 1; index <= 2; index++) {
        char field [4];
        snprintf (field, sizeof field, "%zu", index);
        json_object_set_new (sentences, "joined", json_string (field));
        ck_assert_int_eq (sumq_docview_read (s_doc, ranked, SUMQ_DOCVIEW_RANKED, &err), -1);
        ck_assert_ptr_nonnull (strstr (err.message, "joined"));
    }
    json_object_set_new (sentences, "joined", json_integer (1));
    ck_assert_int_eq (sumq_docview_read (s_doc, ranked, SUMQ_DOCVIEW_RANKED, &err), -1);
    json_object_del (sentences, "joined");
    ck_assert_int_eq (sumq_docview_read (s_doc, ranked, SUMQ_DOCVIEW_RANKED, &err), 0);
    for (size_t token = 0; token < 3; token++)
        ck_assert (!sumq_docview_sentence (s_doc, 0)->joined [token]);
    json_decref (ranked);
}
END_TEST

int
main (void)
{
    Suite *suite = suite_create ("docview");
    TCase *tcase = tcase_create ("docview");
    tcase_add_checked_fixture (tcase, s_setup, s_teardown);
    tcase_add_test (tcase, test_weights_are_strtod_values);
    tcase_add_test (tcase, test_duplicate_stem_takes_first_weight);
    tcase_add_test (tcase, test_view_is_reused);
    tcase_add_test (tcase, test_lowercase_flags);
    tcase_add_test (tcase, test_joined_tokens);
    tcase_add_test (tcase, test_ranking_added_to_parsed_view);
    tcase_add_test (tcase, test_sentence_columns);
    tcase_add_loop_test (tcase, test_rejects_malformed_sentences, 0, sizeof s_columns / sizeof s_columns [0]);
    tcase_add_test (tcase, test_rejects_sentences_of_the_wrong_shape);
    suite_add_tcase (suite, tcase);
    return suite_run (suite);
}
