#include <check.h>
#include "suite_run.h"
#include <math.h>
#include <stdlib.h>
#include "docview.h"
#include "ranker.h"
#include "sentvec.h"
#include "testdoc.h"

//  0: alpha twice, beta and stopwords; 1: the same words; 2: nothing in
//  common with 0; 3: shares beta with 0 and 1, gamma with 2.
static const char *s_text =
    "Alpha beta alpha of the. Beta alpha alpha the. Gamma delta. Beta gamma.";

static json_t *s_ranked;
static sumq_docview_t *s_doc;
static sumq_sentvec_t *s_vectors;

static void
s_setup (void)
{
    sumq_ranker_t *ranker = sumq_ranker_new ();
    json_t *parsed = testdoc_parsed ("doc", s_text, NULL);
    sumq_error_t err;
    s_ranked = sumq_ranker_run (ranker, parsed, &err);
    ck_assert_ptr_nonnull (s_ranked);
    json_decref (parsed);
    sumq_ranker_destroy (&ranker);
    s_doc = sumq_docview_new ();
    ck_assert_ptr_nonnull (s_doc);
    ck_assert_int_eq (sumq_docview_read (s_doc, s_ranked, SUMQ_DOCVIEW_RANKED, &err), 0);
    s_vectors = sumq_sentvec_new (s_doc);
    ck_assert_ptr_nonnull (s_vectors);
}

static void
s_teardown (void)
{
    sumq_sentvec_destroy (&s_vectors);
    ck_assert_ptr_null (s_vectors);
    sumq_docview_destroy (&s_doc);
    json_decref (s_ranked);
}

static double
s_weight (const char *stem)
{
    for (size_t term = 0; term < sumq_docview_terms (s_doc); term++)
        if (strcmp (sumq_docview_term (s_doc, term)->stem, stem) == 0)
            return sumq_docview_weights (s_doc) [term];
    ck_abort_msg ("no stem %s", stem);
    return 0;
}

START_TEST (test_vectors_leave_out_stopwords)
{
    ck_assert_uint_eq (sumq_sentvec_terms (s_vectors, 0), 2);
    ck_assert_uint_eq (sumq_sentvec_words (s_vectors, 0), 3);
    //  alpha twice: (1 + ln 2) * w(alpha); beta once: w(beta)
    double alpha = (1 + log (2)) * s_weight ("alpha"), beta = s_weight ("beta");
    ck_assert_double_eq_tol (sumq_sentvec_norm (s_vectors, 0), sqrt (alpha * alpha + beta * beta), 1e-9);
}
END_TEST

START_TEST (test_cosine)
{
    ck_assert_double_eq_tol (sumq_sentvec_cosine (s_vectors, 0, 1), 1, 1e-9);
    ck_assert_double_eq (sumq_sentvec_cosine (s_vectors, 0, 2), 0);
    double cosine = sumq_sentvec_cosine (s_vectors, 0, 3);
    ck_assert (cosine > 0 && cosine < 1);
    ck_assert_double_eq_tol (cosine, sumq_sentvec_cosine (s_vectors, 3, 0), 1e-12);
}
END_TEST

START_TEST (test_dense_vectors)
{
    double *dense = calloc (sumq_docview_terms (s_doc), sizeof *dense);
    sumq_sentvec_add_to (s_vectors, 0, 2, dense);
    double norm = sumq_sentvec_norm (s_vectors, 0);
    ck_assert_double_eq_tol (sumq_sentvec_dense_norm (s_vectors, dense), 2 * norm, 1e-9);
    ck_assert_double_eq_tol (sumq_sentvec_dot_dense (s_vectors, 0, dense), 2 * norm * norm, 1e-9);
    ck_assert_double_eq_tol (sumq_sentvec_dot_dense (s_vectors, 1, dense),
                             2 * norm * sumq_sentvec_norm (s_vectors, 1), 1e-9);
    ck_assert_double_eq (sumq_sentvec_dot_dense (s_vectors, 2, dense), 0);
    free (dense);
}
END_TEST

START_TEST (test_cosine_with_the_others)
{
    size_t nterms = sumq_docview_terms (s_doc);
    double *all = calloc (nterms, sizeof *all);
    double *others = calloc (nterms, sizeof *others);
    for (size_t sentence = 0; sentence < 4; sentence++) {
        sumq_sentvec_add_to (s_vectors, sentence, 1, all);
        if (sentence != 3)
            sumq_sentvec_add_to (s_vectors, sentence, 1, others);
    }
    double expected = sumq_sentvec_dot_dense (s_vectors, 3, others)
                    / (sumq_sentvec_norm (s_vectors, 3) * sumq_sentvec_dense_norm (s_vectors, others));
    ck_assert_double_gt (expected, 0);
    ck_assert_double_eq_tol (sumq_sentvec_cosine_others (s_vectors, 3, all, sumq_sentvec_dense_norm (s_vectors, all)),
                             expected, 1e-9);
    //  alone in its sum, a sentence has no others to resemble
    double *alone = calloc (nterms, sizeof *alone);
    sumq_sentvec_add_to (s_vectors, 2, 1, alone);
    ck_assert_double_eq (sumq_sentvec_cosine_others (s_vectors, 2, alone, sumq_sentvec_dense_norm (s_vectors, alone)), 0);
    free (all);
    free (others);
    free (alone);
}
END_TEST

START_TEST (test_related)
{
    const sumq_sentvec_link_t *links;
    size_t count = sumq_sentvec_related (s_vectors, 3, &links);
    ck_assert_uint_eq (count, 3);
    bool seen [4] = { false };
    for (size_t link = 0; link < count; link++) {
        size_t other = links [link].sentence;
        ck_assert_uint_ne (other, 3);
        seen [other] = true;
        ck_assert_uint_eq (links [link].shared, 1);
        double cosine = links [link].dot / (sumq_sentvec_norm (s_vectors, 3) * sumq_sentvec_norm (s_vectors, other));
        ck_assert_double_eq_tol (cosine, sumq_sentvec_cosine (s_vectors, 3, other), 1e-9);
    }
    ck_assert (seen [0] && seen [1] && seen [2]);
    //  the accumulators start from zero again on the next call
    count = sumq_sentvec_related (s_vectors, 0, &links);
    ck_assert_uint_eq (count, 2);
    for (size_t link = 0; link < count; link++)
        if (links [link].sentence == 1)
            ck_assert_uint_eq (links [link].shared, 2);
        else
            ck_assert_uint_eq (links [link].sentence, 3);
}
END_TEST

int
main (void)
{
    Suite *suite = suite_create ("sentvec");
    TCase *tcase = tcase_create ("sentvec");
    tcase_add_checked_fixture (tcase, s_setup, s_teardown);
    tcase_add_test (tcase, test_vectors_leave_out_stopwords);
    tcase_add_test (tcase, test_cosine);
    tcase_add_test (tcase, test_dense_vectors);
    tcase_add_test (tcase, test_cosine_with_the_others);
    tcase_add_test (tcase, test_related);
    suite_add_tcase (suite, tcase);
    return suite_run (suite);
}
