/*  check_latency: the broker's bounded window of job latencies.  */
#include <check.h>
#include "suite_run.h"
#include <stdlib.h>
#include "latency.h"

#define S_SECOND    1000000     //  the window's times are microseconds

START_TEST (test_empty_window)
{
    ck_assert_ptr_null (sumq_latency_new (0));
    sumq_latency_t *window = sumq_latency_new (8);
    ck_assert_ptr_nonnull (window);
    ck_assert_uint_eq (sumq_latency_count (window), 0);
    ck_assert_int_eq (sumq_latency_quantile (window, 0.5), 0);
    ck_assert_double_eq (sumq_latency_rate (window, 100 * S_SECOND, 10 * S_SECOND), 0);
    sumq_latency_destroy (&window);
    ck_assert_ptr_null (window);
}
END_TEST

START_TEST (test_percentiles_nearest_rank)
{
    sumq_latency_t *window = sumq_latency_new (100);
    //  Latencies 1..100 in a shuffled order: the window sorts a copy.
    for (int i = 0; i < 100; i++)
        sumq_latency_add (window, S_SECOND, (i * 37) % 100 + 1);
    ck_assert_int_eq (sumq_latency_quantile (window, 0.5), 50);
    ck_assert_int_eq (sumq_latency_quantile (window, 0.99), 99);
    ck_assert_int_eq (sumq_latency_quantile (window, 1), 100);
    ck_assert_int_eq (sumq_latency_quantile (window, 0), 1);
    //  A negative latency (clock trouble) counts as 0, never below.
    sumq_latency_add (window, S_SECOND, -5);
    ck_assert_int_eq (sumq_latency_quantile (window, 0), 0);
    sumq_latency_destroy (&window);
}
END_TEST

START_TEST (test_window_keeps_only_recent_samples)
{
    sumq_latency_t *window = sumq_latency_new (4);
    for (int i = 0; i < 1000; i++)
        sumq_latency_add (window, i, 1000);
    //  Old slow jobs are forgotten once four fast ones came after them.
    for (int i = 0; i < 4; i++)
        sumq_latency_add (window, 2000 + i, 3);
    ck_assert_uint_eq (sumq_latency_count (window), 4);
    ck_assert_int_eq (sumq_latency_quantile (window, 0.99), 3);
    sumq_latency_destroy (&window);
}
END_TEST

START_TEST (test_rate_over_the_span)
{
    sumq_latency_t *window = sumq_latency_new (1000);
    //  20 jobs in the last 10 s, and 30 older ones that do not count.
    for (int i = 0; i < 30; i++)
        sumq_latency_add (window, 1 * S_SECOND, 5);
    for (int i = 0; i < 20; i++)
        sumq_latency_add (window, 15 * S_SECOND + i, 5);
    ck_assert_double_eq_tol (sumq_latency_rate (window, 20 * S_SECOND, 10 * S_SECOND), 2.0, 1e-9);
    ck_assert_double_eq (sumq_latency_rate (window, 40 * S_SECOND, 10 * S_SECOND), 0);
    sumq_latency_destroy (&window);
}
END_TEST

START_TEST (test_rate_of_a_full_window)
{
    //  100 jobs in the last second fill a window of 100: the rate is over
    //  the window's own span, not capped at 100 per 10 s.
    sumq_latency_t *window = sumq_latency_new (100);
    for (int i = 0; i < 100; i++)
        sumq_latency_add (window, 9 * S_SECOND + i * (S_SECOND / 100), 5);
    double rate = sumq_latency_rate (window, 10 * S_SECOND, 10 * S_SECOND);
    ck_assert_double_eq_tol (rate, 100.0, 1e-9);
    sumq_latency_destroy (&window);
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *suite = suite_create ("latency");
    TCase *window = tcase_create ("window");
    tcase_add_test (window, test_empty_window);
    tcase_add_test (window, test_percentiles_nearest_rank);
    tcase_add_test (window, test_window_keeps_only_recent_samples);
    tcase_add_test (window, test_rate_over_the_span);
    tcase_add_test (window, test_rate_of_a_full_window);
    suite_add_tcase (suite, window);
    return suite;
}

int
main (void)
{
    return suite_run (s_suite ());
}
