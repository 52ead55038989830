/*  check_store: the broker's durable job store (services/broker/store.h)
    on a database file in a fresh temporary folder per test.            */
#include <check.h>
#include "suite_run.h"
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "store.h"

static char s_dir [64];
static char s_path [128];

static void
s_setup (void)
{
    strcpy (s_dir, "/tmp/check_store.XXXXXX");
    ck_assert_ptr_nonnull (mkdtemp (s_dir));
    snprintf (s_path, sizeof s_path, "%s/jobs.db", s_dir);
}

static void
s_teardown (void)
{
    char command [160];
    snprintf (command, sizeof command, "rm -rf '%s'", s_dir);
    ck_assert_int_eq (system (command), 0);
}

static sumq_store_t *
s_open (void)
{
    sumq_error_t err;
    sumq_store_t *store = sumq_store_open (s_path, &err);
    ck_assert_msg (store != NULL, "%s", err.message);
    return store;
}

START_TEST (test_accept_finish_lookup)
{
    sumq_store_t *store = s_open ();
    sumq_error_t err;
    ck_assert_int_eq (sumq_store_lookup (store, "a", NULL, NULL, NULL, NULL), SUMQ_JOB_UNKNOWN);
    ck_assert_int_eq (sumq_store_accept (store, "a", "{\"text\":1}", 10, &err), 0);
    ck_assert_uint_eq (sumq_store_unflushed (store), 1);
    //  Unflushed writes are visible to this store already.
    ck_assert_int_eq (sumq_store_lookup (store, "a", NULL, NULL, NULL, NULL), SUMQ_JOB_PENDING);
    ck_assert_int_eq (sumq_store_flush (store, &err), 0);
    ck_assert_uint_eq (sumq_store_unflushed (store), 0);
    ck_assert_int_eq (sumq_store_finish (store, "a", true, "{\"r\":2}", 7, &err), 0);
    bool ok = false;
    char *body = NULL;
    size_t size = 0;
    ck_assert_int_eq (sumq_store_lookup (store, "a", &ok, &body, &size, NULL), SUMQ_JOB_DONE);
    ck_assert (ok);
    ck_assert_str_eq (body, "{\"r\":2}");
    ck_assert_uint_eq (size, 7);
    free (body);
    //  The same id twice is refused: the caller must look it up first.
    ck_assert_int_eq (sumq_store_accept (store, "a", "x", 1, &err), -1);
    sumq_store_destroy (&store);
    ck_assert_ptr_null (store);
}
END_TEST

START_TEST (test_answers_survive_reopening)
{
    sumq_store_t *store = s_open ();
    sumq_error_t err;
    sumq_store_accept (store, "ok-job", "req", 3, &err);
    sumq_store_accept (store, "bad-job", "req", 3, &err);
    sumq_store_finish (store, "ok-job", true, "result", 6, &err);
    sumq_store_finish (store, "bad-job", false, "error", 5, &err);
    sumq_store_destroy (&store);
    store = s_open ();
    bool ok = true;
    char *body = NULL;
    ck_assert_int_eq (sumq_store_lookup (store, "bad-job", &ok, &body, NULL, NULL), SUMQ_JOB_DONE);
    ck_assert (!ok);
    ck_assert_str_eq (body, "error");
    free (body);
    ck_assert_int_eq (sumq_store_lookup (store, "ok-job", &ok, NULL, NULL, NULL), SUMQ_JOB_DONE);
    ck_assert (ok);
    sumq_store_destroy (&store);
}
END_TEST

typedef struct {
    int count;
    char jobs [8][16];
    char requests [8][16];
} s_seen_t;

static void
s_collect (void *arg, const char *job, const void *request, size_t size)
{
    s_seen_t *seen = arg;
    ck_assert_int_lt (seen->count, 8);
    snprintf (seen->jobs [seen->count], 16, "%s", job);
    snprintf (seen->requests [seen->count], 16, "%.*s", (int) size, (const char *) request);
    seen->count++;
}

//  A child process commits two jobs, leaves a third uncommitted and dies
//  by SIGKILL: what a killed broker leaves behind.
START_TEST (test_crash_keeps_flushed_jobs_only)
{
    pid_t child = fork ();
    ck_assert_int_ge (child, 0);
    if (child == 0) {
        sumq_store_t *store = sumq_store_open (s_path, NULL);
        if (!store)
            _exit (1);
        sumq_store_accept (store, "first", "r1", 2, NULL);
        sumq_store_accept (store, "second", "r2", 2, NULL);
        sumq_store_flush (store, NULL);
        sumq_store_accept (store, "lost", "r3", 2, NULL);
        raise (SIGKILL);
    }
    int status;
    ck_assert_int_eq (waitpid (child, &status, 0), child);
    ck_assert (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
    sumq_store_t *store = s_open ();
    s_seen_t seen = { 0 };
    sumq_error_t err;
    ck_assert_int_eq (sumq_store_each_pending (store, s_collect, &seen, &err), 0);
    ck_assert_int_eq (seen.count, 2);
    ck_assert_str_eq (seen.jobs [0], "first");
    ck_assert_str_eq (seen.requests [0], "r1");
    ck_assert_str_eq (seen.jobs [1], "second");
    ck_assert_int_eq (sumq_store_lookup (store, "lost", NULL, NULL, NULL, NULL), SUMQ_JOB_UNKNOWN);
    sumq_store_destroy (&store);
}
END_TEST

START_TEST (test_pending_excludes_answered)
{
    sumq_store_t *store = s_open ();
    sumq_error_t err;
    sumq_store_accept (store, "x", "1", 1, &err);
    sumq_store_accept (store, "y", "2", 1, &err);
    sumq_store_finish (store, "x", true, "done", 4, &err);
    s_seen_t seen = { 0 };
    ck_assert_int_eq (sumq_store_each_pending (store, s_collect, &seen, &err), 0);
    ck_assert_int_eq (seen.count, 1);
    ck_assert_str_eq (seen.jobs [0], "y");
    //  Finishing twice keeps the first answer.
    ck_assert_int_eq (sumq_store_finish (store, "x", false, "late", 4, &err), 0);
    bool ok = false;
    ck_assert_int_eq (sumq_store_lookup (store, "x", &ok, NULL, NULL, NULL), SUMQ_JOB_DONE);
    ck_assert (ok);
    sumq_store_destroy (&store);
}
END_TEST

START_TEST (test_prune_forgets_old_answers_only)
{
    sumq_store_t *store = s_open ();
    sumq_error_t err;
    sumq_store_accept (store, "old", "1", 1, &err);
    sumq_store_accept (store, "open", "2", 1, &err);
    sumq_store_finish (store, "old", true, "r", 1, &err);
    //  Answered "now" is not older than an hour...
    ck_assert_int_eq (sumq_store_prune (store, 3600 * 1000, &err), 0);
    //  ...but is older than -1 ms; pending jobs are never pruned.
    ck_assert_int_eq (sumq_store_prune (store, -1, &err), 1);
    ck_assert_int_eq (sumq_store_lookup (store, "old", NULL, NULL, NULL, NULL), SUMQ_JOB_UNKNOWN);
    ck_assert_int_eq (sumq_store_lookup (store, "open", NULL, NULL, NULL, NULL), SUMQ_JOB_PENDING);
    sumq_store_destroy (&store);
}
END_TEST

START_TEST (test_unusable_path_is_an_error)
{
    sumq_error_t err;
    ck_assert_ptr_null (sumq_store_open ("/nonexistent-dir/x/jobs.db", &err));
    ck_assert_str_eq (err.code, SUMQ_E_INTERNAL);
    ck_assert_ptr_nonnull (strstr (err.message, "/nonexistent-dir/x/jobs.db"));
}
END_TEST

START_TEST (test_unreadable_store_is_an_error)
{
    sumq_store_t *store = s_open ();
    sumq_error_t err;
    char job [16], body [2048];
    memset (body, 'x', sizeof body);
    for (int index = 0; index < 200; index++) {
        snprintf (job, sizeof job, "job-%d", index);
        ck_assert_int_eq (sumq_store_accept (store, job, body, sizeof body, &err), 0);
    }
    sumq_store_destroy (&store);
    //  Damage every page but the first, which holds the schema: the store
    //  still opens, and reading a job hits the damage.
    FILE *file = fopen (s_path, "r+b");
    ck_assert_ptr_nonnull (file);
    ck_assert_int_eq (fseek (file, 0, SEEK_END), 0);
    long size = ftell (file);
    ck_assert_int_gt (size, 8192);
    for (long offset = 4096; offset < size; offset += (long) sizeof body) {
        ck_assert_int_eq (fseek (file, offset, SEEK_SET), 0);
        ck_assert_uint_eq (fwrite (body, 1, sizeof body, file), sizeof body);
    }
    fclose (file);
    store = s_open ();
    memset (&err, 0, sizeof err);
    ck_assert_int_eq (sumq_store_lookup (store, "job-150", NULL, NULL, NULL, &err), SUMQ_JOB_UNREADABLE);
    ck_assert_str_eq (err.code, SUMQ_E_INTERNAL);
    ck_assert_ptr_nonnull (strstr (err.message, "lookup"));
    sumq_store_destroy (&store);
}
END_TEST

int
main (void)
{
    Suite *suite = suite_create ("store");
    TCase *tcase = tcase_create ("store");
    tcase_add_checked_fixture (tcase, s_setup, s_teardown);
    tcase_add_test (tcase, test_accept_finish_lookup);
    tcase_add_test (tcase, test_answers_survive_reopening);
    tcase_add_test (tcase, test_crash_keeps_flushed_jobs_only);
    tcase_add_test (tcase, test_pending_excludes_answered);
    tcase_add_test (tcase, test_prune_forgets_old_answers_only);
    tcase_add_test (tcase, test_unusable_path_is_an_error);
    tcase_add_test (tcase, test_unreadable_store_is_an_error);
    suite_add_tcase (suite, tcase);
    return suite_run (suite);
}
