#include <check.h>
#include "suite_run.h"
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "idf.h"
#include "ranker.h"
#include "testdoc.h"

static sumq_ranker_t *s_ranker;
static char s_dir [] = "/tmp/check_ranker.XXXXXX";

static void
s_setup (void)
{
    s_ranker = sumq_ranker_new ();
    ck_assert_ptr_nonnull (s_ranker);
    strcpy (s_dir, "/tmp/check_ranker.XXXXXX");
    ck_assert_ptr_nonnull (mkdtemp (s_dir));
}

static void
s_teardown (void)
{
    sumq_ranker_destroy (&s_ranker);
    ck_assert_ptr_null (s_ranker);
    ck_assert_int_eq (rmdir (s_dir), 0);
}

//  Ranks a parsed document, taken over; fails the test when the ranker
//  refuses.
static json_t *
s_rank_parsed (json_t *parsed)
{
    sumq_error_t err;
    json_t *ranked = sumq_ranker_run (s_ranker, parsed, &err);
    ck_assert_msg (ranked != NULL, "ranker failed: %s: %s", err.code, err.message);
    json_decref (parsed);
    ck_assert_int_eq (testdoc_decode (ranked), 0);
    return ranked;
}

//  Ranks text (and options, stolen, may be NULL).
static json_t *
s_rank (const char *text, json_t *options)
{
    return s_rank_parsed (testdoc_parsed ("doc", text, options));
}

static double
s_weight_of (const json_t *ranked, const char *stem)
{
    const json_t *vocab = json_object_get (ranked, "vocab");
    for (size_t id = 0; id < json_array_size (vocab); id++)
        if (strcmp (json_string_value (json_object_get (json_array_get (vocab, id), "stem")), stem) == 0)
            return json_number_value (json_array_get (json_object_get (ranked, "weights"), id));
    ck_abort_msg ("no stem \"%s\"", stem);
    return 0;
}

static const char *
s_keyword (const json_t *ranked, size_t index)
{
    const json_t *keyword = json_array_get (json_object_get (ranked, "keywords"), index);
    return keyword? json_string_value (json_object_get (keyword, "term")): NULL;
}

static size_t
s_keyword_count (const json_t *ranked)
{
    return json_array_size (json_object_get (ranked, "keywords"));
}

START_TEST (test_output_is_parsed_plus_ranking)
{
    json_t *parsed = testdoc_parsed ("doc-7", "Title here\n\nThe first sentence. A second one.", NULL);
    json_object_set_new (parsed, "dropped", json_integer (2));
    sumq_error_t err;
    json_t *ranked = sumq_ranker_run (s_ranker, parsed, &err);
    ck_assert_ptr_nonnull (ranked);
    const char *keys [] = { "version", "id", "lang", "options", "text", "sentences", "stems", "forms",
                            "stop", "dropped" };
    for (size_t index = 0; index < sizeof keys / sizeof *keys; index++)
        ck_assert (json_equal (json_object_get (ranked, keys [index]), json_object_get (parsed, keys [index])));
    ck_assert_str_eq (json_string_value (json_object_get (ranked, "idf")), "sentence");
    //  one weight per vocabulary entry, as testdoc_decode checks
    ck_assert_int_eq (testdoc_decode (ranked), 0);
    ck_assert (json_is_array (json_object_get (ranked, "keywords")));
    //  the input is left as it was
    ck_assert_ptr_null (json_object_get (parsed, "weights"));
    ck_assert_ptr_null (json_object_get (parsed, "keywords"));
    json_decref (parsed);
    json_decref (ranked);
}
END_TEST

START_TEST (test_sentence_idf_weights)
{
    //  S = 3 sentences; alpha: tf 3, sf 3; beta: tf 2, sf 2; gamma: tf 1, sf 1
    json_t *ranked = s_rank ("Alpha beta gamma. Alpha beta, the delta. Alpha epsilon.", NULL);
    ck_assert_double_eq_tol (s_weight_of (ranked, "alpha"), (1 + log (3)) * (log (4.0 / 4) + 1), 1e-4);
    ck_assert_double_eq_tol (s_weight_of (ranked, "beta"), (1 + log (2)) * (log (4.0 / 3) + 1), 1e-4);
    ck_assert_double_eq_tol (s_weight_of (ranked, "gamma"), 1 * (log (4.0 / 2) + 1), 1e-4);
    ck_assert_double_eq (s_weight_of (ranked, "the"), 0);
    //  weights go on the wire with 4 decimals
    double weight = s_weight_of (ranked, "beta");
    ck_assert_double_eq_tol (weight * 10000, round (weight * 10000), 1e-6);
    json_decref (ranked);
}
END_TEST

START_TEST (test_duplicate_stems_are_one_term)
{
    json_t *parsed = json_loads ("{\"version\":1,\"id\":\"d\",\"lang\":\"en\",\"text\":\"Bank banks.\","
                                 "\"sentences\":{\"start\":\"0\",\"len\":\"11\",\"para\":\"0\",\"heading\":\"\","
                                 "\"ntokens\":\"2\",\"tokens\":\"0 1\"},"
                                 "\"stems\":\"bank bank\",\"forms\":\"bank banks\",\"stop\":\"\"}", 0, NULL);
    ck_assert_ptr_nonnull (parsed);
    sumq_error_t err;
    json_t *ranked = sumq_ranker_run (s_ranker, parsed, &err);
    ck_assert_ptr_nonnull (ranked);
    ck_assert_int_eq (testdoc_decode (ranked), 0);
    const json_t *weights = json_object_get (ranked, "weights");
    //  tf 2 in 1 of 1 sentences
    ck_assert_double_eq_tol (json_number_value (json_array_get (weights, 0)), 1 + log (2), 1e-4);
    ck_assert_double_eq_tol (json_number_value (json_array_get (weights, 1)), 1 + log (2), 1e-4);
    ck_assert_uint_eq (s_keyword_count (ranked), 1);
    ck_assert_str_eq (s_keyword (ranked, 0), "bank");
    json_decref (parsed);
    json_decref (ranked);
}
END_TEST

//  Loads into s_ranker a model of two documents, saved as name.idf.
static void
s_load_model (const char *lang, const char *name)
{
    char path [sizeof s_dir + 64];
    snprintf (path, sizeof path, "%s/%s.idf", s_dir, name);
    sumq_idf_t *model = sumq_idf_new (lang, name);
    json_t *first = testdoc_parsed ("a", "Alpha beta. Alpha gamma.", NULL);
    json_t *second = testdoc_parsed ("b", "Alpha omega.", NULL);
    json_object_set_new (first, "lang", json_string (lang));
    json_object_set_new (second, "lang", json_string (lang));
    sumq_error_t err;
    ck_assert_int_eq (sumq_idf_add_document (model, first, &err), 0);
    ck_assert_int_eq (sumq_idf_add_document (model, second, &err), 0);
    ck_assert_int_eq (sumq_idf_save (model, path, &err), 0);
    ck_assert_int_eq (sumq_ranker_load_idf (s_ranker, path, &err), 0);
    ck_assert_int_eq (unlink (path), 0);
    sumq_idf_destroy (&model);
    json_decref (first);
    json_decref (second);
}

//  The rank of term among the keywords, SIZE_MAX when it is not one.
static size_t
s_keyword_rank (const json_t *ranked, const char *term)
{
    for (size_t index = 0; index < s_keyword_count (ranked); index++)
        if (!strcmp (s_keyword (ranked, index), term))
            return index;
    return SIZE_MAX;
}

static double
s_keyword_score (const json_t *ranked, size_t index)
{
    const json_t *keyword = json_array_get (json_object_get (ranked, "keywords"), index);
    return json_number_value (json_object_get (keyword, "score"));
}

START_TEST (test_model_idf)
{
    s_load_model ("en", "corpus");
    //  Corpus: N = 2; df alpha 2, beta 1, delta 0. Document: S = 2;
    //  alpha tf 1 sf 1, beta and delta tf 2 sf 2.
    json_t *ranked = s_rank ("Alpha beta delta. Beta delta.", NULL);
    ck_assert_str_eq (json_string_value (json_object_get (ranked, "idf")), "model:corpus");
    //  The weights the summarizer reads stay the document's own.
    ck_assert_double_eq_tol (s_weight_of (ranked, "alpha"), log (3.0 / 2) + 1, 1e-4);
    ck_assert_double_eq_tol (s_weight_of (ranked, "beta"), 1 + log (2), 1e-4);
    ck_assert_double_eq_tol (s_weight_of (ranked, "delta"), 1 + log (2), 1e-4);
    //  Keywords use the corpus and the plain tf: alpha, in more than
    //  half of its documents, is no keyword; "beta delta" (twice, and
    //  its words never apart) is, scoring as its stronger word, delta,
    //  first seen in the first sentence.
    ck_assert_uint_eq (s_keyword_count (ranked), 1);
    ck_assert_str_eq (s_keyword (ranked, 0), "beta delta");
    double delta = 2 * (log (3.0 / 1) + 1);
    ck_assert_double_eq_tol (s_keyword_score (ranked, 0), delta, 1e-3);
    json_decref (ranked);

    //  A word in exactly half of the documents is still a keyword.
    ranked = s_rank ("Beta gamma. Beta.", NULL);
    ck_assert_str_eq (s_keyword (ranked, 0), "beta");
    json_decref (ranked);
}
END_TEST

START_TEST (test_model_per_language)
{
    s_load_model ("de", "german");
    json_t *ranked = s_rank ("Alpha beta delta.", NULL);
    ck_assert_str_eq (json_string_value (json_object_get (ranked, "idf")), "sentence");
    json_decref (ranked);

    s_load_model ("en", "first");
    s_load_model ("en", "second");
    ranked = s_rank ("Alpha beta delta.", NULL);
    ck_assert_str_eq (json_string_value (json_object_get (ranked, "idf")), "model:second");
    json_decref (ranked);

    sumq_error_t err;
    ck_assert_int_eq (sumq_ranker_load_idf (s_ranker, "/nonexistent/x.idf", &err), -1);
    ck_assert_ptr_nonnull (strstr (err.message, "/nonexistent/x.idf"));
}
END_TEST

START_TEST (test_recurring_phrase_beats_its_parts)
{
    json_t *ranked = s_rank ("Interest rates rose. Interest rates worry lenders. "
                             "Lenders fear rates. Markets fell.", NULL);
    ck_assert_str_eq (s_keyword (ranked, 0), "interest rates");
    //  its words are taken: no other keyword may repeat them
    for (size_t index = 1; index < s_keyword_count (ranked); index++) {
        ck_assert_ptr_null (strstr (s_keyword (ranked, index), "interest"));
        ck_assert_ptr_null (strstr (s_keyword (ranked, index), "rate"));
    }
    //  scores are best first
    for (size_t index = 1; index < s_keyword_count (ranked); index++)
        ck_assert_double_ge (s_keyword_score (ranked, index - 1), s_keyword_score (ranked, index));
    json_decref (ranked);
}
END_TEST

//  A stopword inside ends a phrase as punctuation does: "bank of
//  england" is two keywords, however often it recurs.
START_TEST (test_phrases_hold_no_stopword)
{
    json_t *ranked = s_rank ("The Bank of England raised rates. The Bank of England expects inflation. "
                             "Vietnam and Korea signed. Vietnam and Korea agreed.", NULL);
    ck_assert_uint_ge (s_keyword_count (ranked), 4);
    for (size_t index = 0; index < s_keyword_count (ranked); index++) {
        const char *keyword = s_keyword (ranked, index);
        ck_assert_msg (!strstr (keyword, " of ") && !strstr (keyword, " and ")
                       && strncmp (keyword, "the ", 4), "keyword \"%s\" holds a stopword", keyword);
    }
    json_decref (ranked);
}
END_TEST

START_TEST (test_single_pairing_is_no_phrase)
{
    //  "alpha beta" occurs once: no unit, so its words are listed alone
    json_t *ranked = s_rank ("Alpha beta. Alpha gamma. Alpha delta.", NULL);
    ck_assert_uint_eq (s_keyword_count (ranked), 4);
    ck_assert_str_eq (s_keyword (ranked, 0), "alpha");
    ck_assert_str_eq (s_keyword (ranked, 1), "beta");
    ck_assert_str_eq (s_keyword (ranked, 2), "gamma");
    ck_assert_str_eq (s_keyword (ranked, 3), "delta");
    json_decref (ranked);
}
END_TEST

START_TEST (test_phrases_do_not_cross_punctuation)
{
    json_t *ranked = s_rank ("Apples, oranges. Apples, oranges. Apples, oranges.", NULL);
    ck_assert_uint_eq (s_keyword_count (ranked), 2);
    ck_assert_str_eq (s_keyword (ranked, 0), "apples");
    ck_assert_str_eq (s_keyword (ranked, 1), "oranges");
    json_decref (ranked);
}
END_TEST

START_TEST (test_phrases_do_not_end_in_stopwords)
{
    json_t *ranked = s_rank ("Of banks the. Of banks the. Of banks the.", NULL);
    ck_assert_uint_eq (s_keyword_count (ranked), 1);
    ck_assert_str_eq (s_keyword (ranked, 0), "banks");
    json_decref (ranked);
}
END_TEST

START_TEST (test_same_stems_are_one_phrase)
{
    json_t *ranked = s_rank ("Bank rates. Banks rate. Bank rate.", NULL);
    ck_assert_uint_eq (s_keyword_count (ranked), 1);
    ck_assert_str_eq (s_keyword (ranked, 0), "bank rates");
    //  one phrase seen three times, scoring as its stronger word
    ck_assert_double_eq_tol (s_keyword_score (ranked, 0), s_weight_of (ranked, "bank"), 1e-3);
    json_decref (ranked);
}
END_TEST

//  A pairing whose word mostly occurs elsewhere is no unit: "health"
//  and "care" are keywords of their own, not "health care".
START_TEST (test_phrase_is_a_unit_only_when_its_words_keep_to_it)
{
    json_t *ranked = s_rank ("Health care costs. Health care rises. Health is wealth. "
                             "Health matters. Health wins.", NULL);
    for (size_t index = 0; index < s_keyword_count (ranked); index++)
        ck_assert_ptr_null (strchr (s_keyword (ranked, index), ' '));
    ck_assert_uint_ne (s_keyword_rank (ranked, "health"), SIZE_MAX);
    ck_assert_uint_ne (s_keyword_rank (ranked, "care"), SIZE_MAX);
    json_decref (ranked);
    //  ...while two pairings with the words apart once are
    ranked = s_rank ("Health care costs. Health care rises. Health is wealth.", NULL);
    ck_assert_str_eq (s_keyword (ranked, 0), "health care");
    json_decref (ranked);
}
END_TEST

//  A phrase found only inside a longer one is part of that one's name:
//  "new york city", not "new york" and "city".
START_TEST (test_phrase_inside_a_longer_one_is_no_unit)
{
    json_t *ranked = s_rank ("New York City voted. New York City waits. Officials counted.", NULL);
    ck_assert_str_eq (s_keyword (ranked, 0), "new york city");
    ck_assert_uint_eq (s_keyword_rank (ranked, "new york"), SIZE_MAX);
    ck_assert_uint_eq (s_keyword_rank (ranked, "city"), SIZE_MAX);
    json_decref (ranked);
}
END_TEST

//  A hyphenated compound of content words is one name: no keyword cuts
//  it ("tech", "driving cars"), and it is shown with its hyphen. A part
//  that is no content word (a number) cuts nothing: "covid" of "COVID-19".
START_TEST (test_hyphenated_compounds_stay_whole)
{
    json_t *ranked = s_rank ("Self-driving cars use high-tech radar. Self-driving cars need high-tech radar. "
                             "Cars sell. COVID-19 rules apply. COVID-19 rules end.", NULL);
    bool self_driving = false, high_tech = false;
    for (size_t index = 0; index < s_keyword_count (ranked); index++) {
        const char *keyword = s_keyword (ranked, index);
        ck_assert_msg (!strstr (keyword, "driving") || strstr (keyword, "self-driving"), "\"%s\"", keyword);
        ck_assert_msg (!strstr (keyword, "tech") || strstr (keyword, "high-tech"), "\"%s\"", keyword);
        ck_assert_msg (strcmp (keyword, "self") && strcmp (keyword, "high"), "\"%s\"", keyword);
        self_driving = self_driving || strstr (keyword, "self-driving");
        high_tech = high_tech || strstr (keyword, "high-tech");
    }
    ck_assert (self_driving && high_tech);
    ck_assert_uint_lt (s_keyword_rank (ranked, "covid"), SIZE_MAX);
    json_decref (ranked);
}
END_TEST

//  Ranks text whose "lowercase" list is lowercase.
static json_t *
s_rank_lowercase (const char *text, const char *lowercase)
{
    json_t *parsed = testdoc_parsed ("doc", text, NULL);
    json_object_set_new (parsed, "lowercase", json_string (lowercase));
    return s_rank_parsed (parsed);
}

//  A lowercase term (a German word that is no noun) may start a keyword
//  but not end one, nor be one alone.
START_TEST (test_lowercase_terms_end_no_keyword)
{
    const char *text = "Alpha beta. Alpha beta. Gamma.";
    json_t *ranked = s_rank (text, NULL);
    ck_assert_uint_lt (s_keyword_rank (ranked, "alpha beta"), SIZE_MAX);
    json_decref (ranked);

    ranked = s_rank_lowercase (text, "0");          //  alpha
    ck_assert_uint_lt (s_keyword_rank (ranked, "alpha beta"), SIZE_MAX);
    ck_assert_uint_eq (s_keyword_rank (ranked, "alpha"), SIZE_MAX);
    ck_assert_uint_lt (s_keyword_rank (ranked, "gamma"), SIZE_MAX);
    json_decref (ranked);

    ranked = s_rank_lowercase (text, "1");          //  beta
    ck_assert_uint_eq (s_keyword_rank (ranked, "alpha beta"), SIZE_MAX);
    ck_assert_uint_eq (s_keyword_rank (ranked, "beta"), SIZE_MAX);
    ck_assert_uint_lt (s_keyword_rank (ranked, "alpha"), SIZE_MAX);
    json_decref (ranked);
}
END_TEST

//  Of two words said as often in as many sentences, the one seen first
//  ranks first: by 1 / ln (e + s), s its first sentence.
START_TEST (test_earlier_words_rank_higher)
{
    json_t *ranked = s_rank ("Alpha gamma. Beta delta. Beta alpha.", NULL);
    ck_assert_double_eq (s_weight_of (ranked, "alpha"), s_weight_of (ranked, "beta"));
    size_t alpha = s_keyword_rank (ranked, "alpha"), beta = s_keyword_rank (ranked, "beta");
    ck_assert_uint_lt (alpha, beta);
    ck_assert_uint_lt (beta, s_keyword_count (ranked));
    ck_assert_double_eq_tol (s_keyword_score (ranked, alpha), s_weight_of (ranked, "alpha"), 1e-3);
    ck_assert_double_eq_tol (s_keyword_score (ranked, beta), s_weight_of (ranked, "beta") / log (M_E + 1), 1e-3);
    json_decref (ranked);
}
END_TEST

START_TEST (test_keyword_count_option)
{
    const char *text = "Alpha beta. Gamma delta. Epsilon zeta. Eta theta. Iota kappa. Lambda mu.";
    json_t *ranked = s_rank (text, NULL);
    ck_assert_uint_eq (s_keyword_count (ranked), 10);
    json_decref (ranked);
    ranked = s_rank (text, json_pack ("{s:i}", "keywords", 2));
    ck_assert_uint_eq (s_keyword_count (ranked), 2);
    json_decref (ranked);
    ranked = s_rank (text, json_pack ("{s:i}", "keywords", 0));
    ck_assert_uint_eq (s_keyword_count (ranked), 0);
    json_decref (ranked);
    //  all-stopword documents have no keywords and weigh nothing
    ranked = s_rank ("The of and. It is.", NULL);
    ck_assert_uint_eq (s_keyword_count (ranked), 0);
    ck_assert_double_eq (s_weight_of (ranked, "the"), 0);
    json_decref (ranked);

    json_t *bad [] = { json_integer (-1), json_integer (101), json_string ("3"), json_real (2.5) };
    for (size_t index = 0; index < sizeof bad / sizeof *bad; index++) {
        json_t *parsed = testdoc_parsed ("doc", text, json_pack ("{s:o}", "keywords", bad [index]));
        sumq_error_t err;
        ck_assert_ptr_null (sumq_ranker_run (s_ranker, parsed, &err));
        ck_assert_str_eq (err.code, "bad_request");
        json_decref (parsed);
    }
}
END_TEST

//  Malformed parsed documents and the error code each must get.
#define S_DOC(sentences, vocab) "{\"version\":1,\"id\":\"d\",\"lang\":\"en\",\"text\":\"Caf\xc3\xa9 ok.\"," \
    "\"sentences\":" sentences "," vocab "}"
#define S_LISTS(stems, forms, stop) "\"stems\":\"" stems "\",\"forms\":\"" forms "\",\"stop\":\"" stop "\""
#define S_VOCAB S_LISTS ("cafe ok", "caf\xc3\xa9 ok", "")
#define S_SENTENCES(start, len, para, heading, ntokens, tokens) \
    "{\"start\":\"" start "\",\"len\":\"" len "\",\"para\":\"" para "\",\"heading\":\"" heading "\"," \
    "\"ntokens\":\"" ntokens "\",\"tokens\":\"" tokens "\"}"
#define S_NONE S_SENTENCES ("", "", "", "", "", "")
#define S_EMPTY "\"sentences\":" S_NONE "," S_LISTS ("", "", "")
static const struct {
    const char *json;
    const char *code;
} s_malformed [] = {
    { "[]", "bad_request" },
    { "{\"version\":2,\"id\":\"d\",\"lang\":\"en\",\"text\":\"x\"," S_EMPTY "}", "unsupported_version" },
    { "{\"id\":\"d\",\"lang\":\"en\",\"text\":\"x\"," S_EMPTY "}", "bad_request" },
    { "{\"version\":1,\"lang\":\"en\",\"text\":\"x\"," S_EMPTY "}", "bad_request" },
    { "{\"version\":1,\"id\":\"d\",\"lang\":\"en\",\"text\":5," S_EMPTY "}", "bad_request" },
    { "{\"version\":1,\"id\":\"d\",\"lang\":\"en\",\"text\":\"x\",\"sentences\":{}," S_LISTS ("", "", "") "}",
      "bad_request" },
    { "{\"version\":1,\"id\":\"d\",\"lang\":\"en\",\"text\":\"x\",\"sentences\":[]," S_LISTS ("", "", "") "}",
      "bad_request" },
    { "{\"version\":1,\"id\":\"d\",\"lang\":\"en\",\"text\":\"x\"," S_EMPTY ",\"options\":[]}", "bad_request" },
    { "{\"version\":1,\"id\":\"d\",\"lang\":\"en\",\"text\":\"x\"," S_EMPTY ",\"dropped\":-1}", "bad_request" },
    { S_DOC ("[5]", S_VOCAB), "bad_request" },
    { S_DOC (S_SENTENCES ("0", "10", "0", "", "2", "0 1"), S_VOCAB), "bad_request" },
    { S_DOC (S_SENTENCES ("-1", "2", "0", "", "2", "0 1"), S_VOCAB), "bad_request" },
    { S_DOC ("{\"start\":0,\"len\":\"8\",\"para\":\"0\",\"heading\":\"\",\"ntokens\":\"2\",\"tokens\":\"0 1\"}",
             S_VOCAB), "bad_request" },
    { S_DOC (S_SENTENCES ("10", "0", "0", "", "0", ""), S_VOCAB), "bad_request" },
    { S_DOC (S_SENTENCES ("0", "4", "0", "", "1", "0"), S_VOCAB), "bad_request" },
    { S_DOC (S_SENTENCES ("4", "2", "0", "", "1", "0"), S_VOCAB), "bad_request" },
    { S_DOC ("{\"start\":\"0\",\"len\":\"8\",\"heading\":\"\",\"ntokens\":\"2\",\"tokens\":\"0 1\"}",
             S_VOCAB), "bad_request" },
    { S_DOC (S_SENTENCES ("0", "8", "0", "", "2", "0 2"), S_VOCAB), "bad_request" },
    { S_DOC (S_SENTENCES ("0", "8", "0", "", "2", "0 -2"), S_VOCAB), "bad_request" },
    { S_DOC (S_SENTENCES ("0", "8", "0", "", "2", "0 -1"), S_VOCAB), "bad_request" },
    { S_DOC (S_SENTENCES ("0", "8", "0", "", "2", "0 1.0"), S_VOCAB), "bad_request" },
    { S_DOC (S_SENTENCES ("0", "8", "0", "", "3", "0  1"), S_VOCAB), "bad_request" },
    { S_DOC (S_SENTENCES ("0", "8", "0", "", "3", "0 1 "), S_VOCAB), "bad_request" },
    { S_DOC (S_SENTENCES ("0", "8", "0", "", "2", "0\\t1"), S_VOCAB), "bad_request" },
    { S_DOC (S_SENTENCES ("0", "8", "0", "", "2", "0 1\\u0000"), S_VOCAB), "bad_request" },
    { S_DOC (S_SENTENCES ("0", "8", "0", "", "2", "0 184467440737095516161"), S_VOCAB), "bad_request" },
    { S_DOC ("{\"start\":\"0\",\"len\":\"8\",\"para\":\"0\",\"heading\":\"\",\"ntokens\":\"2\",\"tokens\":[0,1]}",
             S_VOCAB), "bad_request" },
    { S_DOC ("{\"start\":\"0\",\"len\":\"8\",\"para\":\"0\",\"heading\":1,\"ntokens\":\"2\",\"tokens\":\"0 1\"}",
             S_VOCAB), "bad_request" },
    { S_DOC (S_NONE, "\"stems\":\"cafe\",\"stop\":\"\""), "bad_request" },
    { S_DOC (S_NONE, S_LISTS ("cafe", "cafe ok", "")), "bad_request" },
    { S_DOC (S_NONE, S_LISTS ("cafe  ok", "cafe ok x", "")), "bad_request" },
    { S_DOC (S_NONE, S_LISTS (" ok", "x ok", "")), "bad_request" },
    { S_DOC (S_NONE, S_LISTS ("ca\\tfe ok", "cafe ok", "")), "bad_request" },
    { S_DOC (S_NONE, S_LISTS ("ca\\u0000fe ok", "cafe ok", "")), "bad_request" },
    { S_DOC (S_NONE, S_LISTS ("cafe ok", "cafe ok\\n", "")), "bad_request" },
    { S_DOC (S_NONE, S_LISTS ("cafe ok", "cafe ok", "2")), "bad_request" },
    { S_DOC (S_NONE, S_LISTS ("cafe ok", "cafe ok", "1 0")), "bad_request" },
    { S_DOC (S_NONE, S_LISTS ("cafe ok", "cafe ok", "0 0")), "bad_request" },
    { S_DOC (S_NONE, S_LISTS ("cafe ok", "cafe ok", "yes")), "bad_request" },
    { S_DOC (S_NONE, "\"stems\":\"cafe ok\",\"forms\":\"cafe ok\",\"stop\":[0]"), "bad_request" },
    { S_DOC (S_NONE, "\"vocab\":[{\"stem\":\"cafe\",\"form\":\"cafe\"}]"), "bad_request" },
};

START_TEST (test_rejects_malformed_documents)
{
    json_error_t json_err;
    json_t *parsed = json_loads (s_malformed [_i].json, JSON_ALLOW_NUL, &json_err);
    ck_assert_msg (parsed != NULL, "case %d is not JSON: %s", _i, json_err.text);
    sumq_error_t err = { "", "" };
    json_t *ranked = sumq_ranker_run (s_ranker, parsed, &err);
    ck_assert_msg (ranked == NULL, "case %d was accepted", _i);
    ck_assert_str_eq (err.code, s_malformed [_i].code);
    ck_assert_str_ne (err.message, "");
    json_decref (parsed);
}
END_TEST

START_TEST (test_accepts_the_wellformed_variant)
{
    //  the documents above differ from this one only in what is wrong
    json_t *parsed = json_loads (S_DOC (S_SENTENCES ("0", "8", "0", "", "3", "0 - 1"), S_VOCAB), 0, NULL);
    sumq_error_t err;
    json_t *ranked = sumq_ranker_run (s_ranker, parsed, &err);
    ck_assert_ptr_nonnull (ranked);
    ck_assert_uint_eq (s_keyword_count (ranked), 2);
    json_decref (ranked);
    json_decref (parsed);
}
END_TEST

int
main (void)
{
    Suite *suite = suite_create ("ranker");
    TCase *tcase = tcase_create ("ranker");
    tcase_add_checked_fixture (tcase, s_setup, s_teardown);
    tcase_add_test (tcase, test_output_is_parsed_plus_ranking);
    tcase_add_test (tcase, test_sentence_idf_weights);
    tcase_add_test (tcase, test_duplicate_stems_are_one_term);
    tcase_add_test (tcase, test_model_idf);
    tcase_add_test (tcase, test_model_per_language);
    tcase_add_test (tcase, test_recurring_phrase_beats_its_parts);
    tcase_add_test (tcase, test_single_pairing_is_no_phrase);
    tcase_add_test (tcase, test_phrase_is_a_unit_only_when_its_words_keep_to_it);
    tcase_add_test (tcase, test_phrase_inside_a_longer_one_is_no_unit);
    tcase_add_test (tcase, test_lowercase_terms_end_no_keyword);
    tcase_add_test (tcase, test_hyphenated_compounds_stay_whole);
    tcase_add_test (tcase, test_earlier_words_rank_higher);
    tcase_add_test (tcase, test_phrases_do_not_cross_punctuation);
    tcase_add_test (tcase, test_phrases_do_not_end_in_stopwords);
    tcase_add_test (tcase, test_phrases_hold_no_stopword);
    tcase_add_test (tcase, test_same_stems_are_one_phrase);
    tcase_add_test (tcase, test_keyword_count_option);
    tcase_add_loop_test (tcase, test_rejects_malformed_documents, 0, sizeof s_malformed / sizeof *s_malformed);
    tcase_add_test (tcase, test_accepts_the_wellformed_variant);
    suite_add_tcase (suite, tcase);
    return suite_run (suite);
}
