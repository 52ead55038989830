/*  check_log: the line format of lib/log.h, text (key=value) and JSON. */
#include <check.h>
#include "suite_run.h"
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "log.h"

#define S_LINE 4096

START_TEST (test_text_line)
{
    sumq_log_init ("sumq-test", false);
    sumq_log_set_format (SUMQ_LOG_TEXT);
    char line [S_LINE];
    int size = sumq_log_format (line, sizeof line, SUMQ_LOG_WARN, "worker_left",
                                (const char *[]) { "service", "parse", "reason", "", NULL },
                                "said \"bye\"\nand left");
    ck_assert_int_eq (size, (int) strlen (line));
    ck_assert_msg (strncmp (line, "ts=", 3) == 0, "%s", line);
    char pid [32];
    snprintf (pid, sizeof pid, " pid=%d ", (int) getpid ());
    ck_assert_ptr_nonnull (strstr (line, pid));
    ck_assert_ptr_nonnull (strstr (line, " prog=sumq-test "));
    ck_assert_ptr_nonnull (strstr (line, " level=warn "));
    //  Quotes and newlines are escaped: one event, one line.
    ck_assert_ptr_nonnull (strstr (line, " msg=\"said \\\"bye\\\"\\nand left\" "));
    ck_assert_ptr_nonnull (strstr (line, " event=worker_left service=parse reason=\"\"\n"));
    ck_assert_ptr_eq (strchr (line, '\n'), line + size - 1);
}
END_TEST

START_TEST (test_json_line)
{
    sumq_log_init ("sumq-test", false);
    sumq_log_set_format (SUMQ_LOG_JSON);
    char line [S_LINE];
    sumq_log_format (line, sizeof line, SUMQ_LOG_INFO, "job_failed",
                     (const char *[]) { "job", "42", "why", "tab\there", NULL }, "a \\ b");
    ck_assert_ptr_eq (strchr (line, '\n'), line + strlen (line) - 1);
    json_error_t error;
    json_t *event = json_loads (line, 0, &error);
    ck_assert_msg (event != NULL, "%s: %s", error.text, line);
    ck_assert_str_eq (json_string_value (json_object_get (event, "prog")), "sumq-test");
    ck_assert_int_eq (json_integer_value (json_object_get (event, "pid")), getpid ());
    ck_assert_str_eq (json_string_value (json_object_get (event, "level")), "info");
    ck_assert_str_eq (json_string_value (json_object_get (event, "msg")), "a \\ b");
    ck_assert_str_eq (json_string_value (json_object_get (event, "event")), "job_failed");
    ck_assert_str_eq (json_string_value (json_object_get (event, "why")), "tab\there");
    const char *ts = json_string_value (json_object_get (event, "ts"));
    ck_assert (ts && strlen (ts) == 24 && ts [10] == 'T' && ts [23] == 'Z');
    json_decref (event);
}
END_TEST

START_TEST (test_long_lines_are_cut_whole)
{
    //  A cut JSON line still parses and still ends with its newline.
    sumq_log_init ("sumq-test", false);
    sumq_log_set_format (SUMQ_LOG_JSON);
    char message [600];
    memset (message, 'x', sizeof message - 1);
    message [sizeof message - 1] = 0;
    char line [200];
    int size = sumq_log_format (line, sizeof line, SUMQ_LOG_ERROR, NULL, NULL, message);
    ck_assert_int_le (size, (int) sizeof line - 1);
    ck_assert_int_eq (line [size - 1], '\n');
    ck_assert_int_eq (line [size - 2], '}');
    sumq_log_set_format (SUMQ_LOG_TEXT);
    size = sumq_log_format (line, sizeof line, SUMQ_LOG_ERROR, NULL, NULL, message);
    ck_assert_int_eq (line [size - 1], '\n');
    ck_assert_int_eq (sumq_log_format (line, 1, SUMQ_LOG_ERROR, NULL, NULL, message), 0);
}
END_TEST

START_TEST (test_environment_selects_json)
{
    setenv ("SUMQ_LOG_FORMAT", "json", 1);
    sumq_log_init ("sumq-test", true);
    ck_assert (sumq_log_verbose ());
    char line [S_LINE];
    sumq_log_format (line, sizeof line, SUMQ_LOG_DEBUG, NULL, NULL, "m");
    ck_assert_int_eq (line [0], '{');
    unsetenv ("SUMQ_LOG_FORMAT");
    sumq_log_init ("sumq-test", false);
    sumq_log_format (line, sizeof line, SUMQ_LOG_DEBUG, NULL, NULL, "m");
    ck_assert_int_eq (line [0], 't');
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *suite = suite_create ("log");
    TCase *format = tcase_create ("format");
    tcase_add_test (format, test_text_line);
    tcase_add_test (format, test_json_line);
    tcase_add_test (format, test_long_lines_are_cut_whole);
    tcase_add_test (format, test_environment_selects_json);
    suite_add_tcase (suite, format);
    return suite;
}

int
main (void)
{
    return suite_run (s_suite ());
}
