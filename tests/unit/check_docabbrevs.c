/*  check_docabbrevs: abbreviations learnt from a document's own usage.  */
#include <check.h>
#include "suite_run.h"
#include <string.h>
#include "docabbrevs.h"

static sumq_docabbrevs_t *s_learnt;

static void
s_setup (void)
{
    s_learnt = sumq_docabbrevs_new ();
    ck_assert_ptr_nonnull (s_learnt);
}

static void
s_teardown (void)
{
    sumq_docabbrevs_destroy (&s_learnt);
    ck_assert_ptr_null (s_learnt);
}

static void
s_learn (const char *text)
{
    ck_assert_int_eq (sumq_docabbrevs_learn (s_learnt, text, strlen (text)), 0);
}

static bool
s_knows (const char *word)
{
    return sumq_docabbrevs_contains (s_learnt, word, strlen (word));
}

START_TEST (test_always_with_a_stop)
{
    s_learn ("Viện KSND TP. Hồ Chí Minh nói. Bị cáo ở TP. HCM và Capt. Bambang, Capt. Adi.");
    ck_assert (s_knows ("TP."));
    ck_assert (s_knows ("Capt."));
    ck_assert_uint_eq (sumq_docabbrevs_count (s_learnt), 2);
    //  the full stop is part of the word asked about
    ck_assert (!s_knows ("TP"));
    ck_assert (!s_knows ("Capt"));
    ck_assert (!s_knows ("T."));
}
END_TEST

START_TEST (test_evidence_against)
{
    //  once only; also without a stop; too long; lower case; one letter
    s_learn ("Ke TP. Hue. Gia 5 USD. Lai 6 USD. Con USD nua. "
             "Nguyen. Nguyen. tr. 5 tr. 6 A. B. A. B.");
    ck_assert_uint_eq (sumq_docabbrevs_count (s_learnt), 0);
    ck_assert (!s_knows ("TP."));
    ck_assert (!s_knows ("USD."));
}
END_TEST

START_TEST (test_stops_that_end_sentences)
{
    //  at a line's end, at the text's end, and as an ellipsis
    s_learn ("Ve Hue.\nRoi Hue... Den Hue.");
    ck_assert (!s_knows ("Hue."));
    //  parts of dotted runs and words glued to digits are not words
    s_learn ("The U.S. and the U.S. army; TP.HCM and TP.HCM; Mã A1. Mã A1.");
    ck_assert (!s_knows ("S."));
    ck_assert (!s_knows ("HCM."));
    ck_assert (!s_knows ("A."));
    ck_assert (s_knows ("TP."));
}
END_TEST

START_TEST (test_learning_forgets)
{
    s_learn ("Dr. Ana y Dr. Luis.");
    ck_assert (s_knows ("Dr."));
    s_learn ("Nada aqui.");
    ck_assert (!s_knows ("Dr."));
    s_learn ("");
    ck_assert_uint_eq (sumq_docabbrevs_count (s_learnt), 0);
    ck_assert (!s_knows ("."));
    ck_assert (!s_knows (""));
}
END_TEST

START_TEST (test_unicode_letters)
{
    s_learn ("Ông Đg. Hùng và Đg. Lan; Øst. Berg, Øst. Dal.");
    ck_assert (s_knows ("Đg."));
    ck_assert (s_knows ("Øst."));
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *suite = suite_create ("docabbrevs");
    TCase *learning = tcase_create ("learning");
    tcase_add_checked_fixture (learning, s_setup, s_teardown);
    tcase_add_test (learning, test_always_with_a_stop);
    tcase_add_test (learning, test_evidence_against);
    tcase_add_test (learning, test_stops_that_end_sentences);
    tcase_add_test (learning, test_learning_forgets);
    tcase_add_test (learning, test_unicode_letters);
    suite_add_tcase (suite, learning);
    return suite;
}

int
main (void)
{
    return suite_run (s_suite ());
}
