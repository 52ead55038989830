/*  check_models: where the default models are found, and loading a
    folder of them into a ranker.  */
#include <check.h>
#include "suite_run.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "idf.h"
#include "models.h"
#include "ranker.h"
#include "testdoc.h"

static char s_dir [] = "/tmp/check_models.XXXXXX";
static sumq_ranker_t *s_ranker;

static void
s_setup (void)
{
    strcpy (s_dir, "/tmp/check_models.XXXXXX");
    ck_assert_ptr_nonnull (mkdtemp (s_dir));
    s_ranker = sumq_ranker_new ();
    ck_assert_ptr_nonnull (s_ranker);
    unsetenv (SUMQ_MODELS_ENV);
}

//  Removes the files the tests wrote, then the folder.
static void
s_teardown (void)
{
    const char *files [] = { "a.idf", "b.idf", "c.idf", "notes.txt", ".hidden.idf" };
    for (size_t index = 0; index < sizeof files / sizeof *files; index++) {
        char path [sizeof s_dir + 32];
        snprintf (path, sizeof path, "%s/%s", s_dir, files [index]);
        unlink (path);
    }
    ck_assert_int_eq (rmdir (s_dir), 0);
    sumq_ranker_destroy (&s_ranker);
    unsetenv (SUMQ_MODELS_ENV);
}

//  Writes a one-document model of lang as s_dir/file.
static void
s_write_model (const char *file, const char *lang)
{
    char path [sizeof s_dir + 32];
    snprintf (path, sizeof path, "%s/%s", s_dir, file);
    char *name = strndup (file, strcspn (file, "."));
    sumq_idf_t *model = sumq_idf_new (lang, name);
    json_t *parsed = testdoc_parsed ("a", "Alpha beta.", NULL);
    json_object_set_new (parsed, "lang", json_string (lang));
    sumq_error_t err;
    ck_assert_int_eq (sumq_idf_add_document (model, parsed, &err), 0);
    ck_assert_int_eq (sumq_idf_save (model, path, &err), 0);
    sumq_idf_destroy (&model);
    json_decref (parsed);
    free (name);
}

static void
s_write_file (const char *file, const char *content)
{
    char path [sizeof s_dir + 32];
    snprintf (path, sizeof path, "%s/%s", s_dir, file);
    FILE *out = fopen (path, "w");
    ck_assert_ptr_nonnull (out);
    fputs (content, out);
    fclose (out);
}

//  The "idf" label the ranker gives an English document.
static char *
s_idf_label (void)
{
    json_t *parsed = testdoc_parsed ("doc", "Gamma delta.", NULL);
    sumq_error_t err;
    json_t *ranked = sumq_ranker_run (s_ranker, parsed, &err);
    ck_assert_ptr_nonnull (ranked);
    char *label = strdup (json_string_value (json_object_get (ranked, "idf")));
    json_decref (ranked);
    json_decref (parsed);
    return label;
}

START_TEST (test_dir_from_environment)
{
    setenv (SUMQ_MODELS_ENV, "/some/where", 1);
    char *dir = sumq_models_dir ();
    ck_assert_str_eq (dir, "/some/where");
    free (dir);
    //  empty is unset: the program's own folder
    setenv (SUMQ_MODELS_ENV, "", 1);
    dir = sumq_models_dir ();
    char exe [4096];
    ssize_t size = readlink ("/proc/self/exe", exe, sizeof exe - 1);
    ck_assert_int_gt (size, 0);
    exe [size] = '\0';
    *strrchr (exe, '/') = '\0';
    strcat (exe, "/../models");
    ck_assert_str_eq (dir, exe);
    free (dir);
}
END_TEST

START_TEST (test_loads_every_model_in_name_order)
{
    s_write_model ("b.idf", "en");
    s_write_model ("a.idf", "en");
    s_write_model ("c.idf", "de");
    s_write_file ("notes.txt", "not a model\n");
    s_write_file (".hidden.idf", "not a model either\n");
    sumq_error_t err;
    ck_assert_int_eq (sumq_models_load (s_ranker, s_dir, &err), 3);
    //  a, then b: the last of the language wins
    char *label = s_idf_label ();
    ck_assert_str_eq (label, "model:b");
    free (label);
}
END_TEST

START_TEST (test_missing_folder_has_no_models)
{
    sumq_error_t err;
    ck_assert_int_eq (sumq_models_load (s_ranker, "/nonexistent/models", &err), 0);
    ck_assert_int_eq (sumq_models_load (s_ranker, s_dir, &err), 0);
    char *label = s_idf_label ();
    ck_assert_str_eq (label, "sentence");
    free (label);
}
END_TEST

START_TEST (test_broken_model_is_an_error)
{
    s_write_model ("a.idf", "en");
    s_write_file ("b.idf", "sumq-idf 1 en two\n");
    sumq_error_t err;
    ck_assert_int_eq (sumq_models_load (s_ranker, s_dir, &err), -1);
    ck_assert_ptr_nonnull (strstr (err.message, "b.idf"));
}
END_TEST

START_TEST (test_default_follows_the_environment)
{
    s_write_model ("a.idf", "en");
    setenv (SUMQ_MODELS_ENV, s_dir, 1);
    sumq_error_t err;
    ck_assert_int_eq (sumq_models_load_default (s_ranker, &err), 1);
    char *label = s_idf_label ();
    ck_assert_str_eq (label, "model:a");
    free (label);
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *suite = suite_create ("models");
    TCase *tcase = tcase_create ("models");
    tcase_add_checked_fixture (tcase, s_setup, s_teardown);
    tcase_add_test (tcase, test_dir_from_environment);
    tcase_add_test (tcase, test_loads_every_model_in_name_order);
    tcase_add_test (tcase, test_missing_folder_has_no_models);
    tcase_add_test (tcase, test_broken_model_is_an_error);
    tcase_add_test (tcase, test_default_follows_the_environment);
    suite_add_tcase (suite, tcase);
    return suite;
}

int
main (void)
{
    return suite_run (s_suite ());
}
