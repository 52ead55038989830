/*  check_stem: case folding and Snowball stemming.  */
#include <check.h>
#include "suite_run.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "stem.h"

static sumq_stem_t *s_stem;

static void
s_setup (void)
{
    s_stem = sumq_stem_new ();
    ck_assert_ptr_nonnull (s_stem);
}

static void
s_teardown (void)
{
    sumq_stem_destroy (&s_stem);
    ck_assert_ptr_null (s_stem);
}

//  The word folded, or lower-cased: either is NUL-terminated.
static const char *
s_cased (const char *word, bool lower)
{
    size_t size;
    const char *cased = lower? sumq_stem_lower (s_stem, word, strlen (word), &size)
                             : sumq_stem_fold (s_stem, word, strlen (word), &size);
    ck_assert_ptr_nonnull (cased);
    ck_assert_uint_eq (strlen (cased), size);
    return cased;
}

static const char *
s_fold (const char *word)
{
    return s_cased (word, false);
}

//  The stem as a string of its own (the result is not NUL-terminated
//  when the word is returned as it came).
static const char *
s_stem_of (const char *lang, const char *word)
{
    static char stem [256];
    size_t size;
    const char *result = sumq_stem_word (s_stem, lang, word, strlen (word), &size);
    ck_assert_ptr_nonnull (result);
    ck_assert_uint_lt (size, sizeof stem);
    memcpy (stem, result, size);
    stem [size] = '\0';
    return stem;
}

START_TEST (test_fold)
{
    ck_assert_str_eq (s_fold ("Vietnam"), "vietnam");
    ck_assert_str_eq (s_fold ("NVIDIA"), "nvidia");
    ck_assert_str_eq (s_fold ("R&D"), "r&d");
    ck_assert_str_eq (s_fold ("ÅTERUPPFÖRANDE"), "återuppförande");
    ck_assert_str_eq (s_fold ("Việt"), "việt");
    ck_assert_str_eq (s_fold ("ΑΘΗΝΑ"), "αθηνα");
    //  Full folding: "ß" and "ẞ" become "ss", so all spellings meet.
    ck_assert_str_eq (s_fold ("Straße"), "strasse");
    ck_assert_str_eq (s_fold ("STRASSE"), "strasse");
    //  The typographic apostrophe becomes ASCII.
    ck_assert_str_eq (s_fold ("Vietnam’s"), "vietnam's");
    ck_assert_str_eq (s_fold (""), "");
}
END_TEST

//  Lower-casing keeps what folding merges: "ß", final sigma.
START_TEST (test_lower)
{
    ck_assert_str_eq (s_cased ("Straße", true), "straße");
    ck_assert_str_eq (s_cased ("STRASSE", true), "strasse");
    ck_assert_str_eq (s_cased ("ΟΔΟΣ", true), "οδος");
    ck_assert_str_eq (s_fold ("ΟΔΟΣ"), "οδοσ");
    ck_assert_str_eq (s_cased ("ÅTERUPPFÖRANDE", true), "återuppförande");
    ck_assert_str_eq (s_cased ("Vietnam’s", true), "vietnam's");
}
END_TEST

START_TEST (test_english)
{
    ck_assert_str_eq (s_stem_of ("en", "running"), "run");
    ck_assert_str_eq (s_stem_of ("en", "technologies"), "technolog");
    ck_assert_str_eq (s_stem_of ("en", "technology"), "technolog");
    ck_assert_str_eq (s_stem_of ("en", s_fold ("Vietnam’s")), "vietnam");
    ck_assert (sumq_stem_supported (s_stem, "en"));
}
END_TEST

START_TEST (test_swedish)
{
    ck_assert_str_eq (s_stem_of ("sv", "företagen"), "företag");
    ck_assert_str_eq (s_stem_of ("sv", "länderna"), "länd");
    ck_assert_str_eq (s_stem_of ("sv", "länder"), "länd");
    //  The English stemmer would not touch the Swedish plural.
    ck_assert_str_eq (s_stem_of ("en", "företagen"), "företagen");
}
END_TEST

START_TEST (test_language_without_stemmer)
{
    ck_assert (!sumq_stem_supported (s_stem, "vi"));
    ck_assert (!sumq_stem_supported (s_stem, "und"));
    ck_assert (!sumq_stem_supported (s_stem, "a-language-code-far-too-long"));
    ck_assert_str_eq (s_stem_of ("vi", "người"), "người");
    ck_assert_str_eq (s_stem_of ("und", "running"), "running");
}
END_TEST

//  More languages than the cache holds: stemmers are recreated and the
//  results do not change.
START_TEST (test_cache_eviction)
{
    const char *langs [] = { "en", "sv", "de", "fr", "es", "pt", "it", "nl", "da", "no", "fi",
                             "ru", "hu", "ro", "tr", "ar", "el", "ga", "lt", "ca", "vi", "xx" };
    for (int round = 0; round < 3; round++)
        for (size_t index = 0; index < sizeof langs / sizeof langs [0]; index++) {
            s_stem_of (langs [index], "running");
            ck_assert_str_eq (s_stem_of ("en", "running"), "run");
            ck_assert_str_eq (s_stem_of ("de", "häuser"), "haus");
        }
}
END_TEST

//  More words than the stems remembered across calls: the memory starts
//  again empty and the stems do not change.
START_TEST (test_remembered_words)
{
    char word [32];
    for (int index = 0; index < 40000; index++) {
        snprintf (word, sizeof word, "walk%dings", index);
        s_stem_of ("en", word);
        if (index % 1000 == 0) {
            ck_assert_str_eq (s_stem_of ("en", "running"), "run");
            ck_assert_str_eq (s_stem_of ("sv", "länderna"), "länd");
            ck_assert_str_eq (s_stem_of ("en", "länderna"), "länderna");
        }
    }
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *suite = suite_create ("stem");
    TCase *stem = tcase_create ("stem");
    tcase_add_checked_fixture (stem, s_setup, s_teardown);
    tcase_add_test (stem, test_fold);
    tcase_add_test (stem, test_lower);
    tcase_add_test (stem, test_english);
    tcase_add_test (stem, test_swedish);
    tcase_add_test (stem, test_language_without_stemmer);
    tcase_add_test (stem, test_cache_eviction);
    tcase_add_test (stem, test_remembered_words);
    suite_add_tcase (suite, stem);
    return suite;
}

int
main (void)
{
    return suite_run (s_suite ());
}
