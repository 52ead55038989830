/*  suite_run: the main () of every Check suite here: runs the suite
    (forked per test unless CK_FORK=no) and turns failures into the exit
    status that tests/run-tests.sh and make check read.                */
#ifndef SUMQ_SUITE_RUN_H
#define SUMQ_SUITE_RUN_H
#include <check.h>
#include <stdlib.h>

static inline int
suite_run (Suite *suite)
{
    SRunner *runner = srunner_create (suite);
    srunner_run_all (runner, CK_NORMAL);
    int failed = srunner_ntests_failed (runner);
    srunner_free (runner);
    return failed? EXIT_FAILURE: EXIT_SUCCESS;
}

#endif
