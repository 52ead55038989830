#include <check.h>
#include "suite_run.h"
#include <math.h>
#include <string.h>
#include "quotes.h"

//  The share of text, a sentence alone, in quotes, starting outside a
//  quotation; *open_after gets whether one is left open.
static double
s_share (const char *text, bool *open_after)
{
    bool open = false;
    double share = sumq_quotes_share (text, 0, strlen (text), &open);
    if (open_after)
        *open_after = open;
    return share;
}

START_TEST (test_pairs_of_every_language)
{
    //  "said he" outside (6 letters), "We won" inside (5)
    const char *texts [] = {
        "\"We won,\" said he.",                        //  straight
        "\xe2\x80\x9cWe won,\xe2\x80\x9d said he.",    //  “…” English
        "\xe2\x80\x9eWe won,\xe2\x80\x9c said he.",    //  „…“ German
        "\xe2\x80\x9dWe won,\xe2\x80\x9d said he.",    //  ”…” Swedish
        "\xc2\xab We won \xc2\xbb, said he.",           //  « … » French, spaced
        "\xc2\xbbWe won\xc2\xab, said he.",             //  »…« Danish
        "\xe3\x80\x8cWe won\xe3\x80\x8d, said he.",     //  「…」
        "\xef\xbc\x82We won\xef\xbc\x82, said he.",     //  full-width
    };
    for (size_t index = 0; index < sizeof texts / sizeof *texts; index++) {
        bool open = true;
        ck_assert_msg (fabs (s_share (texts [index], &open) - 5.0 / 11) < 1e-9, "text %zu", index);
        ck_assert_msg (!open, "text %zu left a quotation open", index);
    }
}
END_TEST

START_TEST (test_text_without_quotes)
{
    bool open = true;
    ck_assert_double_eq (s_share ("The council met on Monday.", &open), 0);
    ck_assert (!open);
    ck_assert_double_eq (s_share ("", NULL), 0);
    ck_assert_double_eq (s_share ("... --- !!!", NULL), 0);
    //  apostrophes and single quotes are no quotation marks
    ck_assert_double_eq (s_share ("It's the 'best' day, l\xe2\x80\x99\x61mi.", NULL), 0);
}
END_TEST

START_TEST (test_a_quoted_term_is_a_small_share)
{
    double share = s_share ("Officials called the plan a \"soft approach\" to the old problem of crime.", NULL);
    ck_assert_double_gt (share, 0);
    ck_assert_double_lt (share, 0.3);
    //  a whole sentence quoted
    ck_assert_double_eq (s_share ("\"We will rebuild the town.\"", NULL), 1);
}
END_TEST

//  The sentences of one paragraph, each read with the state the one
//  before it left.
START_TEST (test_a_quotation_runs_over_sentences)
{
    const char *sentences [] = {
        "Kalla welcomed the plan.",
        "\"Yes.",
        "Let them see their victims.",
        "They meant to hit foreigners,\" said Kalla.",
        "He left at noon.",
    };
    double expected_min [] = { 0, 1, 1, 0.7, 0 }, expected_max [] = { 0, 1, 1, 0.9, 0 };
    bool open = false;
    for (size_t index = 0; index < sizeof sentences / sizeof *sentences; index++) {
        double share = sumq_quotes_share (sentences [index], 0, strlen (sentences [index]), &open);
        ck_assert_msg (share >= expected_min [index] && share <= expected_max [index],
                       "sentence %zu: %g", index, share);
    }
    ck_assert (!open);
}
END_TEST

START_TEST (test_a_quotation_opened_before_the_text)
{
    //  an utterance's end before the mark: the text began inside it
    ck_assert_double_gt (s_share ("They meant to hit foreigners,\" said Kalla.", NULL), 0.7);
    ck_assert_double_gt (s_share ("It was the best day.\xe2\x80\x9d", NULL), 0.99);
    //  no such end: a typo, ignored
    ck_assert_double_eq (s_share ("The rally in Lampung 2018\xe2\x80\x9d, on Thursday morning.", NULL), 0);
    //  the character after the sentence tells which way its last mark
    //  faces: here it opens the quotation the next sentence is
    const char *text = "The coach spoke after the final.\"We won. He left.";
    size_t second = strlen ("The coach spoke after the final.\"");
    bool open = false;
    ck_assert_double_eq (sumq_quotes_share (text, 0, second, &open), 0);
    ck_assert (open);
    ck_assert_double_eq (sumq_quotes_share (text, second, strlen ("We won."), &open), 1);
    ck_assert (open);
    //  and here it closes one
    open = false;
    ck_assert_double_eq (sumq_quotes_share ("We won.\" He left.", 0, 8, &open), 1);
    ck_assert (!open);
    ck_assert_double_eq (s_share ("He said:\"We", &open), 0.25);
    ck_assert (open);
}
END_TEST

START_TEST (test_bytes_that_are_no_utf8)
{
    //  invalid sequences count as nothing and end nothing
    const char text [] = "\"Ab\xff\xfe\xc3\" cd";
    bool open = false;
    double share = sumq_quotes_share (text, 0, sizeof text - 1, &open);
    ck_assert_double_eq (share, 0.5);
    ck_assert (!open);
    //  len bounds the sentence: the closing mark lies beyond it
    open = false;
    ck_assert_double_eq (sumq_quotes_share ("x \"Ab\" cd", 2, 3, &open), 1);
    ck_assert (open);
}
END_TEST

int
main (void)
{
    Suite *suite = suite_create ("quotes");
    TCase *tcase = tcase_create ("quotes");
    tcase_add_test (tcase, test_pairs_of_every_language);
    tcase_add_test (tcase, test_text_without_quotes);
    tcase_add_test (tcase, test_a_quoted_term_is_a_small_share);
    tcase_add_test (tcase, test_a_quotation_runs_over_sentences);
    tcase_add_test (tcase, test_a_quotation_opened_before_the_text);
    tcase_add_test (tcase, test_bytes_that_are_no_utf8);
    suite_add_tcase (suite, tcase);
    return suite_run (suite);
}
