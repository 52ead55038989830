/*  check_proto: the protocol helpers of proto/sumq_proto.h.  */
#include <check.h>
#include "suite_run.h"
#include <stdlib.h>
#include <string.h>
#include "sumq_proto.h"

START_TEST (test_services_in_pipeline_order)
{
    ck_assert_int_eq (SUMQ_SERVICE_COUNT, 3);
    ck_assert_str_eq (sumq_services [0], "parse");
    ck_assert_str_eq (sumq_services [1], "rank");
    ck_assert_str_eq (sumq_services [2], "summarize");
    for (int index = 0; index < SUMQ_SERVICE_COUNT; index++)
        ck_assert_int_eq (sumq_service_index (sumq_services [index]), index);
}
END_TEST

START_TEST (test_unknown_service)
{
    ck_assert_int_eq (sumq_service_index (NULL), -1);
    ck_assert_int_eq (sumq_service_index (""), -1);
    ck_assert_int_eq (sumq_service_index ("Parse"), -1);
    ck_assert_int_eq (sumq_service_index ("parser"), -1);
    ck_assert_int_eq (sumq_service_index ("pars"), -1);
}
END_TEST

START_TEST (test_job_id_lengths)
{
    char job [SUMQ_MAX_JOB_ID + 2];
    memset (job, 'j', sizeof job);
    ck_assert (sumq_job_id_valid (job, 1));
    ck_assert (sumq_job_id_valid (job, SUMQ_MAX_JOB_ID));
    ck_assert (!sumq_job_id_valid (job, SUMQ_MAX_JOB_ID + 1));
    ck_assert (!sumq_job_id_valid (job, 0));
    ck_assert (!sumq_job_id_valid (NULL, 3));
}
END_TEST

START_TEST (test_job_id_bytes)
{
    ck_assert (sumq_job_id_valid ("1234-17", 7));
    ck_assert (sumq_job_id_valid (" ~!{}", 5));        //  both ends of printable ASCII
    ck_assert (!sumq_job_id_valid ("a\nb", 3));
    ck_assert (!sumq_job_id_valid ("a\0b", 3));
    ck_assert (!sumq_job_id_valid ("a\x7f", 2));
    ck_assert (!sumq_job_id_valid ("caf\xc3\xa9", 5));  //  UTF-8 is not ASCII
    ck_assert (!sumq_job_id_valid ("\x1f", 1));
}
END_TEST

START_TEST (test_printable_for_logs)
{
    char out [8];
    ck_assert_str_eq (sumq_printable ("job-1", 5, out, sizeof out), "job-1");
    ck_assert_str_eq (sumq_printable ("a\nb\0c\xff", 6, out, sizeof out), "a?b?c?");
    ck_assert_str_eq (sumq_printable ("1234567", 7, out, sizeof out), "1234567");
    ck_assert_str_eq (sumq_printable ("12345678", 8, out, sizeof out), "1234...");
    ck_assert_str_eq (sumq_printable ("", 0, out, sizeof out), "");
}
END_TEST

//  The error object of a body, checked for its exact shape.
static void
s_check_error (json_t *body, const char *code, const char *message)
{
    ck_assert_ptr_nonnull (body);
    ck_assert (json_is_object (body));
    ck_assert_int_eq (json_integer_value (json_object_get (body, "version")), SUMQ_BODY_VERSION);
    json_t *error = json_object_get (body, "error");
    ck_assert (json_is_object (error));
    ck_assert_int_eq (json_object_size (error), 2);
    ck_assert_str_eq (json_string_value (json_object_get (error, "code")), code);
    ck_assert_str_eq (json_string_value (json_object_get (error, "message")), message);
}

START_TEST (test_error_body_with_id)
{
    sumq_error_t err;
    sumq_error_set (&err, SUMQ_E_EMPTY, "no words in %s", "doc-1");
    json_t *body = sumq_error_body ("doc-1", &err);
    s_check_error (body, "empty_document", "no words in doc-1");
    ck_assert_str_eq (json_string_value (json_object_get (body, "id")), "doc-1");
    ck_assert_int_eq (json_object_size (body), 3);
    json_decref (body);
}
END_TEST

START_TEST (test_error_body_without_id)
{
    sumq_error_t err;
    sumq_error_set (&err, SUMQ_E_TIMEOUT, "late");
    json_t *body = sumq_error_body (NULL, &err);
    s_check_error (body, "timeout", "late");
    ck_assert_ptr_null (json_object_get (body, "id"));
    ck_assert_int_eq (json_object_size (body), 2);
    json_decref (body);
}
END_TEST

//  sumq_error_set cuts messages to a fixed size, possibly inside a UTF-8
//  sequence: the body must still come out, as valid JSON.
START_TEST (test_error_body_broken_utf8)
{
    sumq_error_t err;
    sumq_error_set (&err, SUMQ_E_BAD_REQUEST, "caf\xc3");
    json_t *body = sumq_error_body ("bad\xff", &err);
    s_check_error (body, "bad_request", "caf?");
    ck_assert_ptr_null (json_object_get (body, "id"));
    json_decref (body);
}
END_TEST

START_TEST (test_error_json_is_compact_and_parses)
{
    sumq_error_t err;
    sumq_error_set (&err, SUMQ_E_BUSY, "retry \"later\"");
    char *text = sumq_error_json ("d", &err);
    ck_assert_ptr_nonnull (text);
    ck_assert_str_eq (text, "{\"version\":1,\"id\":\"d\",\"error\":"
                            "{\"code\":\"busy\",\"message\":\"retry \\\"later\\\"\"}}");
    json_t *body = json_loads (text, 0, NULL);
    s_check_error (body, "busy", "retry \"later\"");
    json_decref (body);
    free (text);
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *suite = suite_create ("proto");
    TCase *services = tcase_create ("services");
    tcase_add_test (services, test_services_in_pipeline_order);
    tcase_add_test (services, test_unknown_service);
    suite_add_tcase (suite, services);
    TCase *jobs = tcase_create ("job ids and logging");
    tcase_add_test (jobs, test_job_id_lengths);
    tcase_add_test (jobs, test_job_id_bytes);
    tcase_add_test (jobs, test_printable_for_logs);
    suite_add_tcase (suite, jobs);
    TCase *errors = tcase_create ("error bodies");
    tcase_add_test (errors, test_error_body_with_id);
    tcase_add_test (errors, test_error_body_without_id);
    tcase_add_test (errors, test_error_body_broken_utf8);
    tcase_add_test (errors, test_error_json_is_compact_and_parses);
    suite_add_tcase (suite, errors);
    return suite;
}

int
main (void)
{
    return suite_run (s_suite ());
}
