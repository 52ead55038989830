/*  check_textclean: normalization, boilerplate removal, UTF-8 checks.  */
#include <check.h>
#include "suite_run.h"
#include <stdlib.h>
#include <string.h>
#include "textclean.h"

//  Running text of the test articles.
#define EN1 "The regional council approved a plan on Monday to expand the tram network across the northern districts."
#define EN2 "Officials said the first new line would open in three years and carry about forty thousand passengers a day."
#define EN3 "Critics argued that the budget ignored the rising cost of steel and the shortage of trained drivers."
#define EN4 "The first trams are due to run on the new line in the spring of 2028."
#define SV1 "Regeringen presenterade på måndagen en plan för att bygga ut spårvägen i de norra stadsdelarna."
#define SV2 "Enligt tjänstemännen ska den första nya linjen öppna om tre år och bära cirka fyrtiotusen resenärer om dagen."

static sumq_textclean_t *s_cleaner;

static void
s_setup (void)
{
    s_cleaner = sumq_textclean_new ();
    ck_assert_ptr_nonnull (s_cleaner);
}

static void
s_teardown (void)
{
    sumq_textclean_destroy (&s_cleaner);
    ck_assert_ptr_null (s_cleaner);
}

static const char *
s_clean (const char *text, size_t size)
{
    sumq_error_t err;
    ck_assert_int_eq (sumq_textclean_run (s_cleaner, text, size, &err), 0);
    size_t cleaned_size;
    const char *cleaned = sumq_textclean_text (s_cleaner, &cleaned_size);
    ck_assert_uint_eq (strlen (cleaned), cleaned_size);
    return cleaned;
}

#define S_CLEAN(text) s_clean ((text), strlen (text))

START_TEST (test_line_ends_and_spaces)
{
    ck_assert_str_eq (S_CLEAN ("  Hello\t\t world  \r\nSecond\u00A0\u00A0line\rThird\x01 line\n\n\n\nFourth \n"),
                      "Hello world\nSecond line\nThird line\n\nFourth");
    //  NEL, LINE SEPARATOR and form feed end lines too.
    ck_assert_str_eq (S_CLEAN ("One\xC2\x85" "Two\u2028Three\fThree more"), "One\nTwo\nThree\nThree more");
    ck_assert_uint_eq (sumq_textclean_dropped (s_cleaner), 0);
}
END_TEST

START_TEST (test_invisible_characters)
{
    //  BOM, soft hyphen, zero-width space and C1 controls would split or
    //  disguise words.
    ck_assert_str_eq (S_CLEAN ("\uFEFFThe co\u00ADoperation\u200B agreement\xC2\x90" " holds."),
                      "The cooperation agreement holds.");
}
END_TEST

START_TEST (test_nfc)
{
    //  e + COMBINING ACUTE, A + COMBINING RING: composed by NFC.
    ck_assert_str_eq (S_CLEAN ("Cafe\u0301 in A\u030Angstro\u0308m street."), "Café in Ångström street.");
    ck_assert_str_eq (S_CLEAN ("Café in Ångström street."), "Café in Ångström street.");
}
END_TEST

START_TEST (test_empty)
{
    ck_assert_str_eq (s_clean ("", 0), "");
    ck_assert_str_eq (S_CLEAN (" \t\n\r\n   \n"), "");
    ck_assert_uint_eq (sumq_textclean_dropped (s_cleaner), 0);
    ck_assert_str_eq (S_CLEAN (";\n;;;\n"), "");
    ck_assert_uint_eq (sumq_textclean_dropped (s_cleaner), 2);
}
END_TEST

START_TEST (test_hard_wrapped_lines_joined)
{
    ck_assert_str_eq (S_CLEAN ("The committee met on Tuesday and\ndiscussed the budget for the next\n"
                               "year in detail.\nNext Heading\nAnother line.\nit starts low but follows a full stop."),
                      "The committee met on Tuesday and discussed the budget for the next year in detail.\n"
                      "Next Heading\nAnother line.\nit starts low but follows a full stop.");
}
END_TEST

START_TEST (test_repeated_lines)
{
    ck_assert_str_eq (S_CLEAN (EN1 "\nBy Staff / Oct 3, 2025\n" EN2 "\nBy Staff / Oct 3, 2025\n"
                               EN3 "\nBy Staff / Oct 3, 2025"),
                      EN1 "\n" EN2 "\n" EN3);
    ck_assert_uint_eq (sumq_textclean_dropped (s_cleaner), 3);
    //  Twice is not yet furniture.
    ck_assert_str_eq (S_CLEAN ("Tram plan\n" EN1 "\nTram plan\n" EN2),
                      "Tram plan\n" EN1 "\nTram plan\n" EN2);
    ck_assert_uint_eq (sumq_textclean_dropped (s_cleaner), 0);
}
END_TEST

START_TEST (test_letterless_lines)
{
    ck_assert_str_eq (S_CLEAN (EN1 "\n;\n---\n05/10/2025\n2025\n./.\nIn 2025 the line will carry 40,000 people."),
                      EN1 "\nIn 2025 the line will carry 40,000 people.");
    ck_assert_uint_eq (sumq_textclean_dropped (s_cleaner), 5);
}
END_TEST

START_TEST (test_url_lines)
{
    ck_assert_str_eq (S_CLEAN (EN1 "\n\nKälla: https://example.com/news/tram-plan-2025.html\n\n"
                               "www.example.org\nRead more at https://example.com/x\n"
                               "The council posted the figures on https://example.com/budget this morning.\n\n" EN2),
                      EN1 "\n\nThe council posted the figures on https://example.com/budget this morning.\n\n" EN2);
    ck_assert_uint_eq (sumq_textclean_dropped (s_cleaner), 3);
    //  "www." in any case starts a URL word, "://" anywhere in a word
    //  makes one; "wwwx." and ":/" do not.
    ck_assert_str_eq (S_CLEAN (EN1 "\n\nSource: WWW.Example.ORG\nMirror at ftp://files.example.com/a\n"
                               "Our wwwx.example pages and a:/b paths were named in the report.\n\n" EN2),
                      EN1 "\n\nOur wwwx.example pages and a:/b paths were named in the report.\n\n" EN2);
    ck_assert_uint_eq (sumq_textclean_dropped (s_cleaner), 2);
}
END_TEST

START_TEST (test_captions)
{
    ck_assert_str_eq (S_CLEAN ("The mayor speaks at the opening of the new depot. Photo: AFP\n\n" EN1 "\n\n"
                               "Workers on the northern line. (Foto: NVCC)\n" EN2 "\n"
                               "Trams in the rain. Image: Getty Images\n"
                               "The photo exhibition opened on Friday with works by twelve artists.\n"),
                      EN1 "\n\n" EN2 "\nThe photo exhibition opened on Friday with works by twelve artists.");
    ck_assert_uint_eq (sumq_textclean_dropped (s_cleaner), 3);
}
END_TEST

START_TEST (test_stray_script_lines)
{
    ck_assert_str_eq (S_CLEAN ("发表回复\n" EN1 "\nОставить комментарий\n" EN2 "\n" EN3),
                      EN1 "\n" EN2 "\n" EN3);
    ck_assert_uint_eq (sumq_textclean_dropped (s_cleaner), 2);
    //  A Chinese document keeps its own lines, kana and all.
    ck_assert_str_eq (S_CLEAN ("东京的新闻\nひらがなのタイトル\n今天在东京举行了会议。\n"),
                      "东京的新闻\nひらがなのタイトル\n今天在东京举行了会议。");
}
END_TEST

START_TEST (test_foreign_letters)
{
    //  A Vietnamese site name over a Swedish article goes; a Swedish
    //  heading stays, and so does one with a name bringing two letters
    //  the Swedish text never uses (ễ, ă).
    ck_assert_str_eq (S_CLEAN ("Tin tức - Nền tảng thông tin Việt Nam\n\nSpårvägen i norr får en ny linje\n\n"
                               SV1 "\n\nMöte med Nguyễn Văn An\n\n" SV2),
                      "Spårvägen i norr får en ny linje\n\n" SV1 "\n\nMöte med Nguyễn Văn An\n\n" SV2);
    ck_assert_uint_eq (sumq_textclean_dropped (s_cleaner), 1);
}
END_TEST

START_TEST (test_code_lines)
{
    //  Scripts, JSON-LD and styles a web copy kept from its page. A line
    //  starting in lower case follows running text here: after code, it
    //  would be joined to it as hard-wrapped (and dropped with it).
    const char *text = EN1 "\nvar x = {a: 1};\n"
                       "(function(d, s) { var js = d.createElement(s); js.src = \"//cdn.example.com/sdk.js\"; "
                       "}(document, 'script'));\n"
                       EN2 "\ngoogletag.cmd.push(function() { googletag.display('div-gpt-ad-1'); });\n"
                       ".ad { display: none }\n"
                       EN3 "\nwindow.dataLayer = window.dataLayer || [];\n"
                       "{\"@context\": \"https://schema.org\", \"@type\": \"NewsArticle\", "
                       "\"headline\": \"Tram plan approved\"}\n"
                       EN4 "\ndiv.ad-slot p { color: red; height: 0 }";
    ck_assert_str_eq (S_CLEAN (text), EN1 "\n" EN2 "\n" EN3 "\n" EN4);
    ck_assert_uint_eq (sumq_textclean_dropped (s_cleaner), 7);
}
END_TEST

//  OrangeSum, flattened: the player's script follows the last sentence
//  on its line.
#define HANOUNA "\"Hanouna est un énorme pourvoyeur d'audiences pour D8 donc personne n'ose " \
                "lui dire que ce qu'il fait avec Delormeau est immonde\"."
#define PLAYER  "window.pvp_7cce7bb9ab8f525a563dcdcc0f6cbaa5 = new Pvp('dmpublic', {idDM: \"x3oe2gx\", " \
                "mediaType: \"dm-public\"}, { 'sequenceUrl': \"//pms.orange.fr/module/pm/1892/videoInfoEdito/" \
                "extId/x3oe2gx/adCategory/embed\", 'domNode': \"pvpContainer_7cce7bb9ab8f525a563dcdcc0f6cbaa5\", " \
                "\"origin\": \"embed\", \"mute\": true, \"autoplay\": false"

START_TEST (test_code_glued_to_text)
{
    const char *text = HANOUNA " " PLAYER;
    const char *prose = HANOUNA;
    ck_assert_str_eq (S_CLEAN (text), prose);
    ck_assert_uint_eq (sumq_textclean_dropped (s_cleaner), 1);
    //  In the middle of a document the prose keeps its place.
    text = EN1 "\n\n" EN2 " googletag.cmd.push(function() { googletag.display('ad-1'); });\n\n" EN3;
    ck_assert_str_eq (S_CLEAN (text), EN1 "\n\n" EN2 "\n\n" EN3);
    ck_assert_uint_eq (sumq_textclean_dropped (s_cleaner), 1);
}
END_TEST

//  Prose with the characters, names and even pieces of code.
#define CODE_PROSE \
    "Officials were clear; the line opens in 2028: not before.\n" \
    "Einstein wrote it as E = mc2 in 1905, and the formula stuck.\n" \
    "The timetable is online at https://example.com/tram?line=4&day=mon for now.\n" \
    "In C++ a programmer writes std::vector<int> v = {1, 2, 3}; to make a list.\n" \
    "To open a popup, call window.open() from the page; it returns a handle.\n" \
    "The function f(x) = x^2 {for x > 0} is convex.\n" \
    "The set {x : x > 0} holds every positive number.\n" \
    "Thanks for the tram, everyone :-) See you on the first ride {hugs}\n" \
    "The new app runs the script on every page. window.onload = start; then draws the map.\n" \
    "They released the new version on Monday. var x = {a: 1}; It sets x to an object.\n" \
    "window.open() and window.close()\n" \
    "The team finished the work on the site. googletag.cmd.push(function() { show(); }); More news follows below."

START_TEST (test_code_mentions_kept)
{
    //  Code followed by prose on its line stays: the prose would go
    //  with it. Only the last line, a snippet alone, is dropped.
    const char *text = CODE_PROSE "\nvar tracker = {id: 42};";
    const char *prose = CODE_PROSE;
    ck_assert_str_eq (S_CLEAN (text), prose);
    ck_assert_uint_eq (sumq_textclean_dropped (s_cleaner), 1);
}
END_TEST

START_TEST (test_navigation_tail)
{
    ck_assert_str_eq (S_CLEAN ("Tram plan approved\n\n" EN1 "\n\n" EN2 "\n\nComments (0)\n\nNo data\nNo data\n\n"
                               "Related articles\n\nTram fares will rise in the spring\n"
                               "The mayor visited the new depot on Friday and praised the workers.\n"
                               "Cycling lanes get a new surface\n\nSport\n\nCulture\n"),
                      "Tram plan approved\n\n" EN1 "\n\n" EN2);
    ck_assert_uint_eq (sumq_textclean_dropped (s_cleaner), 9);
}
END_TEST

START_TEST (test_trailing_labels)
{
    //  Without blank lines the labels end the last block of text.
    ck_assert_str_eq (S_CLEAN ("Tram plan approved\n" EN1 "\n" EN2 "\nShare this\nTweet\n"),
                      "Tram plan approved\n" EN1 "\n" EN2);
    ck_assert_uint_eq (sumq_textclean_dropped (s_cleaner), 2);
    //  A long last sentence that lost its full stop is text, not a label.
    ck_assert_str_eq (S_CLEAN (EN1 "\nThe hope is that the new line will change how people in the north travel to work"),
                      EN1 "\nThe hope is that the new line will change how people in the north travel to work");
    ck_assert_uint_eq (sumq_textclean_dropped (s_cleaner), 0);
}
END_TEST

START_TEST (test_datelines)
{
    //  Cut off the first paragraph, in the forms agencies and sites use.
    ck_assert_str_eq (S_CLEAN ("Tram plan approved\n\nLONDON (Reuters) - " EN1 "\n" EN2),
                      "Tram plan approved\n\n" EN1 "\n" EN2);
    ck_assert_uint_eq (sumq_textclean_dropped (s_cleaner), 1);
    ck_assert_str_eq (S_CLEAN ("Magelang, Jawa Tengah (ANTARA News) - " EN1), EN1);
    ck_assert_str_eq (S_CLEAN ("Jakarta, CNN Indonesia -- " EN1), EN1);
    ck_assert_str_eq (S_CLEAN ("BRASÍLIA\u2013 " EN1), EN1);
    ck_assert_str_eq (S_CLEAN ("JAKARTA (Pos Kota) \u2013" EN1), EN1);
    ck_assert_str_eq (S_CLEAN ("detik.com \u2014 \u201c" EN1 "\u201d"), "\u201c" EN1 "\u201d");
    //  On a line of its own it is dropped with its line.
    ck_assert_str_eq (S_CLEAN ("Suara.com -\n\n" EN1), EN1);
    ck_assert_uint_eq (sumq_textclean_dropped (s_cleaner), 1);
    //  Only the first paragraph of running text opens with one.
    ck_assert_str_eq (S_CLEAN (EN1 "\nPARIS - " EN2), EN1 "\nPARIS - " EN2);
    ck_assert_uint_eq (sumq_textclean_dropped (s_cleaner), 0);
}
END_TEST

START_TEST (test_dashes_that_are_not_datelines)
{
    const char *kept [] = {
        //  running text before the dash
        "A man has died in a road accident in north west China - police said on Monday.",
        //  a hyphen inside a word
        "Jean-Pierre Raffarin said on Monday that the plan would go ahead as it stood.",
        //  no sentence after the dash
        "Barcelona - the club said on Monday - will not sell its best players this summer.",
        //  more words than a place and an agency take
        "The Regional Council Of The Northern Districts Said - " EN1,
        //  a bracket left open
        "LONDON (Reuters - " EN1,
        //  a headline is not the first paragraph
        "Brexit - What happens next\n\n" EN1,
        //  a minus sign
        "Suhu Jakarta -5 derajat pada pagi hari ini menurut BMKG.",
    };
    for (size_t index = 0; index < sizeof kept / sizeof *kept; index++) {
        ck_assert_str_eq (S_CLEAN (kept [index]), kept [index]);
        ck_assert_uint_eq (sumq_textclean_dropped (s_cleaner), 0);
    }
}
END_TEST

START_TEST (test_headings_only_kept)
{
    //  Navigation needs running text before it: a list alone is left alone.
    ck_assert_str_eq (S_CLEAN ("Menu\nHome\nNews\n\nSport\n"), "Menu\nHome\nNews\n\nSport");
    ck_assert_uint_eq (sumq_textclean_dropped (s_cleaner), 0);
}
END_TEST

START_TEST (test_reuse_after_large_document)
{
    //  Buffers grow for a large document and are reused for a small one.
    size_t size = 200000;
    char *large = malloc (size + 1);
    for (size_t index = 0; index < size; index++)
        large [index] = index % 100 == 99? '\n': "abcd efgh."[index % 10];
    large [size] = '\0';
    s_clean (large, size);
    free (large);
    ck_assert_str_eq (S_CLEAN (EN1), EN1);
}
END_TEST

START_TEST (test_utf8_valid)
{
    ck_assert (sumq_textclean_utf8_valid ("", 0));
    ck_assert (sumq_textclean_utf8_valid ("plain ASCII text", 16));
    ck_assert (sumq_textclean_utf8_valid ("\xC3\xA5\xE2\x80\x99\xF0\x9F\x98\x80", 9));     //  å ’ 😀
    ck_assert (sumq_textclean_utf8_valid ("\xF4\x8F\xBF\xBF", 4));                  //  U+10FFFF
    ck_assert (sumq_textclean_utf8_valid ("\xEE\x80\x80", 3));                      //  U+E000
    ck_assert (!sumq_textclean_utf8_valid ("a\0b", 3));                             //  NUL
    ck_assert (!sumq_textclean_utf8_valid ("\xC0\x80", 2));                         //  overlong NUL
    ck_assert (!sumq_textclean_utf8_valid ("\xC1\xBF", 2));                         //  overlong
    ck_assert (!sumq_textclean_utf8_valid ("\xE0\x80\xAF", 3));                     //  overlong '/'
    ck_assert (!sumq_textclean_utf8_valid ("\xF0\x8F\xBF\xBF", 4));                 //  overlong
    ck_assert (!sumq_textclean_utf8_valid ("\xED\xA0\x80", 3));                     //  surrogate D800
    ck_assert (!sumq_textclean_utf8_valid ("\xED\xBF\xBF", 3));                     //  surrogate DFFF
    ck_assert (!sumq_textclean_utf8_valid ("\xF4\x90\x80\x80", 4));                 //  past U+10FFFF
    ck_assert (!sumq_textclean_utf8_valid ("\xF5\x80\x80\x80", 4));
    ck_assert (!sumq_textclean_utf8_valid ("\xFF", 1));
    ck_assert (!sumq_textclean_utf8_valid ("\x80", 1));                             //  lone trail byte
    ck_assert (!sumq_textclean_utf8_valid ("ok \xE2\x82", 5));                      //  truncated at end
    ck_assert (!sumq_textclean_utf8_valid ("\xE2\x82 ok", 5));                      //  truncated inside
    ck_assert (!sumq_textclean_utf8_valid ("\xC3(", 2));                            //  bad trail byte
    //  Errors past the 8-byte ASCII fast path, and NUL inside it.
    ck_assert (!sumq_textclean_utf8_valid ("abcdefghijklmnop\xC3", 17));
    ck_assert (!sumq_textclean_utf8_valid ("abcdefg\0ijklmnop", 16));
    ck_assert (sumq_textclean_utf8_valid ("abcdefghijklmnop\xC3\xA5qrstuvwxyz", 28));
    //  Only size bytes count.
    ck_assert (sumq_textclean_utf8_valid ("ab\xFF", 2));
}
END_TEST

START_TEST (test_terminated)
{
    ck_assert (sumq_textclean_terminated ("A sentence.", 11));
    ck_assert (sumq_textclean_terminated ("Really?", 7));
    ck_assert (sumq_textclean_terminated ("He said \"yes.\"", 14));
    ck_assert (sumq_textclean_terminated ("Han sa ”ja.”", strlen ("Han sa ”ja.”")));
    ck_assert (sumq_textclean_terminated ("A list:", 7));
    ck_assert (sumq_textclean_terminated ("And then…", strlen ("And then…")));
    ck_assert (sumq_textclean_terminated ("会议结束了。", strlen ("会议结束了。")));
    ck_assert (sumq_textclean_terminated ("It ended (finally).  ", 21));
    ck_assert (!sumq_textclean_terminated ("Headline Without Stop", 21));
    ck_assert (!sumq_textclean_terminated ("Workers on the line (Photo: AP)", 31));
    ck_assert (!sumq_textclean_terminated ("Teknikdiplomati i \"hjärtat\"", strlen ("Teknikdiplomati i \"hjärtat\"")));
    ck_assert (!sumq_textclean_terminated ("", 0));
    ck_assert (!sumq_textclean_terminated ("\"\")", 3));
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *suite = suite_create ("textclean");
    TCase *normalize = tcase_create ("normalize");
    tcase_add_checked_fixture (normalize, s_setup, s_teardown);
    tcase_add_test (normalize, test_line_ends_and_spaces);
    tcase_add_test (normalize, test_invisible_characters);
    tcase_add_test (normalize, test_nfc);
    tcase_add_test (normalize, test_empty);
    tcase_add_test (normalize, test_hard_wrapped_lines_joined);
    tcase_add_test (normalize, test_reuse_after_large_document);
    suite_add_tcase (suite, normalize);
    TCase *boilerplate = tcase_create ("boilerplate");
    tcase_add_checked_fixture (boilerplate, s_setup, s_teardown);
    tcase_add_test (boilerplate, test_repeated_lines);
    tcase_add_test (boilerplate, test_letterless_lines);
    tcase_add_test (boilerplate, test_url_lines);
    tcase_add_test (boilerplate, test_captions);
    tcase_add_test (boilerplate, test_stray_script_lines);
    tcase_add_test (boilerplate, test_foreign_letters);
    tcase_add_test (boilerplate, test_code_lines);
    tcase_add_test (boilerplate, test_code_glued_to_text);
    tcase_add_test (boilerplate, test_code_mentions_kept);
    tcase_add_test (boilerplate, test_navigation_tail);
    tcase_add_test (boilerplate, test_trailing_labels);
    tcase_add_test (boilerplate, test_headings_only_kept);
    tcase_add_test (boilerplate, test_datelines);
    tcase_add_test (boilerplate, test_dashes_that_are_not_datelines);
    suite_add_tcase (suite, boilerplate);
    TCase *checks = tcase_create ("checks");
    tcase_add_test (checks, test_utf8_valid);
    tcase_add_test (checks, test_terminated);
    suite_add_tcase (suite, checks);
    return suite;
}

int
main (void)
{
    return suite_run (s_suite ());
}
