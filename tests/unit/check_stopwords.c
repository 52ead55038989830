/*  check_stopwords: the generated stopword lists and their lookup.  */
#include <check.h>
#include "suite_run.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "stopwords.h"

START_TEST (test_known_languages)
{
    const sumq_stopword_list_t *swedish = sumq_stopwords_for ("sv");
    ck_assert_ptr_nonnull (swedish);
    ck_assert_str_eq (swedish->lang, "sv");
    ck_assert (sumq_stopwords_contains (swedish, "och"));
    ck_assert (sumq_stopwords_contains (swedish, "att"));
    ck_assert (sumq_stopwords_contains (swedish, "för"));
    ck_assert (!sumq_stopwords_contains (swedish, "teknik"));

    const sumq_stopword_list_t *english = sumq_stopwords_for ("en");
    ck_assert_ptr_nonnull (english);
    ck_assert (sumq_stopwords_contains (english, "the"));
    ck_assert (sumq_stopwords_contains (english, "and"));
    ck_assert (!sumq_stopwords_contains (english, "economy"));
    //  Lists are case-folded: callers fold before they ask.
    ck_assert (!sumq_stopwords_contains (english, "The"));
    ck_assert (!sumq_stopwords_contains (english, "och"));
}
END_TEST

//  Every language with a list: two of its most common function words are
//  on it, and a content word is not. Lists are case-folded UTF-8.
START_TEST (test_every_language)
{
    static const struct {
        const char *lang;
        const char *stop [3];
        const char *content;
    } cases [] = {
        { "da", { "og", "ikke", "på" }, "regering" },
        { "de", { "und", "nicht", "über" }, "fahrrad" },
        { "en", { "the", "and", "which" }, "economy" },
        { "es", { "el", "que", "está" }, "gobierno" },
        { "fi", { "ja", "että", "on" }, "hallitus" },
        { "fr", { "le", "à", "été" }, "région" },
        { "hu", { "az", "hogy", "és" }, "kormány" },
        { "id", { "yang", "dan", "dengan" }, "pemerintah" },
        { "it", { "il", "che", "perché" }, "governo" },
        { "nl", { "de", "het", "niet" }, "regering" },
        { "no", { "og", "ikke", "på" }, "regjering" },
        { "pt", { "não", "que", "você" }, "governo" },
        //  "și" (and) in today's comma-below spelling as well as the
        //  cedilla spelling of the source list
        { "ro", { "și", "şi", "este" }, "guvern" },
        { "ru", { "и", "не", "что" }, "власть" },
        { "sv", { "och", "att", "för" }, "teknik" },
    };
    size_t ncases = sizeof cases / sizeof *cases;
    ck_assert_uint_eq (ncases, sumq_stopword_list_count);
    for (size_t index = 0; index < ncases; index++) {
        const sumq_stopword_list_t *list = sumq_stopwords_for (cases [index].lang);
        ck_assert_msg (list != NULL, "no list for %s", cases [index].lang);
        ck_assert_str_eq (list->lang, cases [index].lang);
        for (size_t word = 0; word < 3; word++)
            ck_assert_msg (sumq_stopwords_contains (list, cases [index].stop [word]),
                           "%s: \"%s\" is not a stopword", cases [index].lang, cases [index].stop [word]);
        ck_assert_msg (!sumq_stopwords_contains (list, cases [index].content),
                       "%s: \"%s\" is a stopword", cases [index].lang, cases [index].content);
    }
}
END_TEST

//  Modal and auxiliary verbs and grammatical words that Snowball's lists
//  leave out come from the other sources of tools/gen-stopwords.pl; the
//  content words beside them do not.
START_TEST (test_function_words_beyond_snowball)
{
    static const struct {
        const char *lang;
        const char *stop [4];
        const char *content [2];
    } cases [] = {
        //  Apertium: other forms of "kan", "kunde", "skulle"; "skola" is
        //  also a school
        { "sv", { "ska", "kunna", "kunnat", "skulle" }, { "skola", "kommunen" } },
        //  Apertium: words it knows only as adverbs, pronouns, prepositions
        //  or conjunctions; "bara" is also an adjective, "ekonomiskt" one
        { "sv", { "också", "även", "dessutom", "tyvärr" }, { "bara", "ekonomiskt" } },
        { "da", { "også", "allerede", "imidlertid", "desuden" }, { "økonomisk", "regering" } },
        //  the same from hunspell-id's dictionary; "salah" (wrong) is an
        //  adjective
        { "id", { "meski", "sudah", "saat", "masih" }, { "salah", "rumah" } },
        //  Tracker
        { "de", { "sollen", "dass", "müssen", "soll" }, { "fahrrad", "stadt" } },
        //  Dicollecte: grammatical words and auxiliary verbs
        { "fr", { "plus", "très", "selon", "être" }, { "région", "trains" } },
    };
    for (size_t index = 0; index < sizeof cases / sizeof *cases; index++) {
        const sumq_stopword_list_t *list = sumq_stopwords_for (cases [index].lang);
        ck_assert_ptr_nonnull (list);
        for (size_t word = 0; word < 4; word++)
            ck_assert_msg (sumq_stopwords_contains (list, cases [index].stop [word]),
                           "%s: \"%s\" is not a stopword", cases [index].lang, cases [index].stop [word]);
        for (size_t word = 0; word < 2; word++)
            ck_assert_msg (!sumq_stopwords_contains (list, cases [index].content [word]),
                           "%s: \"%s\" is a stopword", cases [index].lang, cases [index].content [word]);
    }
}
END_TEST

START_TEST (test_unknown_language)
{
    ck_assert_ptr_null (sumq_stopwords_for ("vi"));
    ck_assert_ptr_null (sumq_stopwords_for ("xx"));
    ck_assert_ptr_null (sumq_stopwords_for (""));
    ck_assert_ptr_null (sumq_stopwords_for ("english"));
    ck_assert_ptr_null (sumq_stopwords_for (NULL));
    ck_assert (!sumq_stopwords_contains (NULL, "the"));
    ck_assert (!sumq_stopwords_contains (sumq_stopwords_for ("en"), NULL));
}
END_TEST

//  Binary search needs strictly increasing strcmp order.
START_TEST (test_lists_sorted)
{
    ck_assert_uint_gt (sumq_stopword_list_count, 0);
    for (size_t list = 0; list < sumq_stopword_list_count; list++) {
        const sumq_stopword_list_t *words = &sumq_stopword_lists [list];
        ck_assert_uint_gt (words->count, 0);
        for (size_t index = 1; index < words->count; index++)
            ck_assert_msg (strcmp (words->words [index - 1], words->words [index]) < 0,
                           "%s: \"%s\" before \"%s\"", words->lang,
                           words->words [index - 1], words->words [index]);
    }
}
END_TEST

//  Every word of every list is found, through the public lookup, and a
//  string just after each word (word + "~") is not.
START_TEST (test_binary_search_finds_every_word)
{
    for (size_t list = 0; list < sumq_stopword_list_count; list++) {
        const sumq_stopword_list_t *words = sumq_stopwords_for (sumq_stopword_lists [list].lang);
        ck_assert_ptr_eq (words, &sumq_stopword_lists [list]);
        for (size_t index = 0; index < words->count; index++) {
            ck_assert_msg (sumq_stopwords_contains (words, words->words [index]),
                           "%s: \"%s\" not found", words->lang, words->words [index]);
            char after [256];
            snprintf (after, sizeof after, "%s~", words->words [index]);
            ck_assert (!sumq_stopwords_contains (words, after));
        }
        ck_assert (!sumq_stopwords_contains (words, ""));
    }
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *suite = suite_create ("stopwords");
    TCase *lookup = tcase_create ("lookup");
    tcase_add_test (lookup, test_known_languages);
    tcase_add_test (lookup, test_every_language);
    tcase_add_test (lookup, test_function_words_beyond_snowball);
    tcase_add_test (lookup, test_unknown_language);
    tcase_add_test (lookup, test_lists_sorted);
    tcase_add_test (lookup, test_binary_search_finds_every_word);
    suite_add_tcase (suite, lookup);
    return suite;
}

int
main (void)
{
    return suite_run (s_suite ());
}
