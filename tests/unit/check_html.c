/*  check_html: the text of HTML pages (options.format "html").  */
#include <check.h>
#include "suite_run.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "html.h"

static sumq_html_t *s_html;

static void
s_setup (void)
{
    s_html = sumq_html_new ();
    ck_assert_ptr_nonnull (s_html);
}

static void
s_teardown (void)
{
    sumq_html_destroy (&s_html);
    ck_assert_ptr_null (s_html);
}

//  The text of page; fails the test when the conversion does.
static const char *
s_text (const char *page)
{
    sumq_error_t err;
    ck_assert_msg (sumq_html_run (s_html, page, strlen (page), &err) == 0, "%s", err.message);
    size_t size;
    const char *text = sumq_html_text (s_html, &size);
    ck_assert_uint_eq (size, strlen (text));
    return text;
}

START_TEST (test_entities_are_decoded)
{
    ck_assert_str_eq (s_text ("<p>Caf&eacute; &amp; bar, &#233;t&#xE9; &lt;b&gt; &quot;q&quot;</p>"),
                      "Caf\u00e9 & bar, \u00e9t\u00e9 <b> \"q\"");
    //  a non-breaking space stays one: textclean folds it with the others
    ck_assert_str_eq (s_text ("<p>10&nbsp;km</p>"), "10\u00a0km");
}
END_TEST

START_TEST (test_blocks_become_paragraphs)
{
    ck_assert_str_eq (s_text ("<html><body><h1>Title</h1><p>One.</p><p>Two<br>three.</p>"
                              "<ul><li>First</li><li>Second</li></ul></body></html>"),
                      "Title\n\nOne.\n\nTwo\nthree.\n\nFirst\n\nSecond");
    //  inline elements flow; white space runs are one space
    ck_assert_str_eq (s_text ("<p>A <b>bold</b>\n   <i>it</i>al\tword,\r\n  wrapped.</p>"),
                      "A bold ital word, wrapped.");
    //  but <pre> keeps its line ends
    ck_assert_str_eq (s_text ("<p>Code:</p><pre>a = 1\nb = 2</pre>"), "Code:\n\na = 1\nb = 2");
}
END_TEST

START_TEST (test_furniture_is_dropped)
{
    const char *text = s_text (
        "<!DOCTYPE html><html><head><title>Site | Story</title><style>p { color: red }</style>"
        "<script>var tracker = 'TRACK';</script></head><body>"
        "<header><a href='/'>SiteName</a></header>"
        "<nav><ul><li>Home</li><li>World</li></ul></nav>"
        "<!-- comment: ad slot -->"
        "<p>The story begins.<script>document.write('INJECTED')</script></p>"
        "<noscript>Enable JavaScript</noscript>"
        "<figure><img src='x.jpg'><figcaption>A caption</figcaption></figure>"
        "<p hidden>Hidden text</p>"
        "<form><label>Email</label><button>Subscribe</button></form>"
        "<aside>Related: other story</aside>"
        "<p>It ends here.</p>"
        "<footer>Copyright</footer></body></html>");
    ck_assert_str_eq (text, "The story begins.\n\nIt ends here.");
}
END_TEST

START_TEST (test_the_article_is_taken)
{
    const char *text = s_text (
        "<body><header>Banner</header><div>Top stories: one, two</div>"
        "<article><header><h1>Bridge opens</h1></header>"
        "<p>The new bridge opened on Monday after three years of work.</p>"
        "<p>Thousands of people walked across it in the first hour.</p>"
        "<footer>Share this</footer></article>"
        "<aside><article>Teaser of another story</article></aside></body>");
    ck_assert_str_eq (text, "Bridge opens\n\nThe new bridge opened on Monday after three years of work.\n\n"
                            "Thousands of people walked across it in the first hour.");
    //  <main> rather than the whole body
    ck_assert_str_eq (s_text ("<body><div>Menu</div><main><p>Main text.</p></main><div>Links</div></body>"),
                      "Main text.");
}
END_TEST

START_TEST (test_teasers_are_all_kept)
{
    //  no <article> holds half the text: the page is a list, kept whole
    ck_assert_str_eq (s_text ("<body><p>Latest news from the city council and its committees.</p>"
                              "<article>First teaser.</article><article>Second teaser.</article></body>"),
                      "Latest news from the city council and its committees.\n\n"
                      "First teaser.\n\nSecond teaser.");
}
END_TEST

START_TEST (test_broken_markup)
{
    ck_assert_str_eq (s_text ("<p>One<p>Two</b></div></span><p>Three &amp; four"), "One\n\nTwo\n\nThree & four");
    ck_assert_str_eq (s_text ("Plain text, no tags at all."), "Plain text, no tags at all.");
    ck_assert_str_eq (s_text ("<p>Unclosed <!-- comment"), "Unclosed");
    //  stray brackets and ampersands are text, not a reason to fail
    ck_assert_ptr_nonnull (strstr (s_text ("<<>>&&;<p"), ">>&&;"));
}
END_TEST

START_TEST (test_no_text)
{
    ck_assert_str_eq (s_text (""), "");
    ck_assert_str_eq (s_text ("   \n "), "");
    ck_assert_str_eq (s_text ("<script>only()</script><style>p{}</style>"), "");
    ck_assert_str_eq (s_text ("<!-- nothing -->"), "");
}
END_TEST

//  Nesting far deeper than libxml2 builds trees for: no recursion to
//  overflow, and whatever it kept comes out.
START_TEST (test_deep_nesting)
{
    size_t depth = 100000;
    char *page = malloc (depth * 5 + 16);
    ck_assert_ptr_nonnull (page);
    char *end = page;
    for (size_t level = 0; level < depth; level++)
        end = stpcpy (end, "<div>");
    strcpy (end, "deep");
    sumq_error_t err;
    ck_assert_int_eq (sumq_html_run (s_html, page, strlen (page), &err), 0);
    free (page);
}
END_TEST

START_TEST (test_reuse)
{
    ck_assert_str_eq (s_text ("<p>A long first page with many words in it.</p>"),
                      "A long first page with many words in it.");
    ck_assert_str_eq (s_text ("<p>Short.</p>"), "Short.");
    ck_assert_str_eq (s_text (""), "");
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *suite = suite_create ("html");
    TCase *tcase = tcase_create ("html");
    tcase_add_checked_fixture (tcase, s_setup, s_teardown);
    tcase_add_test (tcase, test_entities_are_decoded);
    tcase_add_test (tcase, test_blocks_become_paragraphs);
    tcase_add_test (tcase, test_furniture_is_dropped);
    tcase_add_test (tcase, test_the_article_is_taken);
    tcase_add_test (tcase, test_teasers_are_all_kept);
    tcase_add_test (tcase, test_broken_markup);
    tcase_add_test (tcase, test_no_text);
    tcase_add_test (tcase, test_deep_nesting);
    tcase_add_test (tcase, test_reuse);
    suite_add_tcase (suite, tcase);
    return suite;
}

int
main (void)
{
    return suite_run (s_suite ());
}
