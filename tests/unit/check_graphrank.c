#include <check.h>
#include "suite_run.h"
#include <math.h>
#include <stdlib.h>
#include "graphrank.h"

static double
s_sum (const double *scores, size_t count)
{
    double sum = 0;
    for (size_t index = 0; index < count; index++)
        sum += scores [index];
    return sum;
}

START_TEST (test_without_links_all_are_equal)
{
    sumq_graphrank_t *graph = sumq_graphrank_new (4, 10);
    ck_assert_ptr_nonnull (graph);
    double scores [4];
    ck_assert_int_eq (sumq_graphrank_run (graph, 0.85, scores), 0);
    for (size_t node = 0; node < 4; node++)
        ck_assert_double_eq_tol (scores [node], 0.25, 1e-9);
    sumq_graphrank_destroy (&graph);
    ck_assert_ptr_null (graph);
    sumq_graphrank_destroy (&graph);
}
END_TEST

START_TEST (test_star_centre_ranks_first)
{
    //  node 0 linked both ways with 1..5; 1 and 2 also with each other
    sumq_graphrank_t *graph = sumq_graphrank_new (6, 10);
    sumq_graphrank_link_t spokes [5];
    for (size_t node = 1; node < 6; node++) {
        spokes [node - 1] = (sumq_graphrank_link_t) { node, 1 };
        sumq_graphrank_link_t links [2] = { { 0, 1 }, { node == 1? 2: 1, 1 } };
        ck_assert_int_eq (sumq_graphrank_set_links (graph, node, links, node <= 2? 2: 1), 0);
    }
    ck_assert_int_eq (sumq_graphrank_set_links (graph, 0, spokes, 5), 0);
    double scores [6];
    ck_assert_int_eq (sumq_graphrank_run (graph, 0.85, scores), 0);
    ck_assert_double_eq_tol (s_sum (scores, 6), 1, 1e-9);
    for (size_t node = 1; node < 6; node++)
        ck_assert_double_gt (scores [0], scores [node]);
    ck_assert_double_gt (scores [1], scores [3]);
    ck_assert_double_eq_tol (scores [1], scores [2], 1e-9);
    ck_assert_double_eq_tol (scores [3], scores [5], 1e-9);
    sumq_graphrank_destroy (&graph);
}
END_TEST

START_TEST (test_links_are_replaced_and_weighted)
{
    sumq_graphrank_t *graph = sumq_graphrank_new (3, 10);
    sumq_graphrank_link_t first [] = { { 1, 1 } };
    sumq_graphrank_link_t second [] = { { 1, 1 }, { 2, 3 } };
    ck_assert_int_eq (sumq_graphrank_set_links (graph, 0, first, 1), 0);
    ck_assert_int_eq (sumq_graphrank_set_links (graph, 0, second, 2), 0);
    double scores [3];
    ck_assert_int_eq (sumq_graphrank_run (graph, 0.85, scores), 0);
    ck_assert_double_gt (scores [2], scores [1]);
    ck_assert_double_eq_tol (s_sum (scores, 3), 1, 1e-9);
    sumq_graphrank_destroy (&graph);
}
END_TEST

//  Node 0 links to 1000 others with many tied weights; with room for
//  100 links, exactly 100 must get a share of its score, and none of
//  them lighter than any left out.
START_TEST (test_keeps_the_heaviest_links)
{
    size_t nodes = 1001, keep = 100;
    sumq_graphrank_t *graph = sumq_graphrank_new (nodes, keep);
    sumq_graphrank_link_t *links = malloc (nodes * sizeof *links);
    double *weight = calloc (nodes, sizeof *weight);
    unsigned state = 7;
    for (size_t node = 1; node < nodes; node++) {
        state = state * 1103515245 + 12345;
        weight [node] = (double) ((state >> 16) % 50 + 1);
        links [node - 1] = (sumq_graphrank_link_t) { node, weight [node] };
    }
    ck_assert_int_eq (sumq_graphrank_set_links (graph, 0, links, nodes - 1), 0);
    double *scores = malloc (nodes * sizeof *scores);
    ck_assert_int_eq (sumq_graphrank_run (graph, 0.85, scores), 0);
    double floor = scores [1];
    for (size_t node = 1; node < nodes; node++)
        floor = fmin (floor, scores [node]);
    size_t kept = 0;
    double lightest_kept = INFINITY, heaviest_dropped = 0;
    for (size_t node = 1; node < nodes; node++)
        if (scores [node] > floor + 1e-12) {
            kept++;
            lightest_kept = fmin (lightest_kept, weight [node]);
        }
        else
            heaviest_dropped = fmax (heaviest_dropped, weight [node]);
    ck_assert_uint_eq (kept, keep);
    ck_assert_double_ge (lightest_kept, heaviest_dropped);
    free (links);
    free (weight);
    free (scores);
    sumq_graphrank_destroy (&graph);
}
END_TEST

int
main (void)
{
    Suite *suite = suite_create ("graphrank");
    TCase *tcase = tcase_create ("graphrank");
    tcase_add_test (tcase, test_without_links_all_are_equal);
    tcase_add_test (tcase, test_star_centre_ranks_first);
    tcase_add_test (tcase, test_links_are_replaced_and_weighted);
    tcase_add_test (tcase, test_keeps_the_heaviest_links);
    suite_add_tcase (suite, tcase);
    return suite_run (suite);
}
