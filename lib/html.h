/*  html: the article text of an HTML page, for requests with
    options.format "html".

    libxml2's HTML parser reads the page as browsers do with broken
    markup (unclosed tags, stray end tags) and decodes every entity
    (&amp; &#233; &eacute;). From its tree:
    - the text comes from <main> when there is one, else <body>; within
      it, an <article> that holds at least half of that text is the
      article and is taken alone (a page of teasers keeps them all);
    - page furniture and what is not text is dropped with everything
      inside it: <script> <style> <noscript> <template> <nav> <aside>
      <footer> <form> <button> <select> <textarea> <iframe> <svg>
      <canvas> <object> <figcaption>, elements with the "hidden"
      attribute, comments, and a <header> that is not inside an
      <article> (an article's own header holds its headline);
    - block elements (p, div, h1-h6, li, blockquote, table rows and
      cells, ...) become paragraphs, separated by a blank line; <br>
      ends a line; white space runs in text become one space, except
      inside <pre>, where line ends are kept.
    The text is then the input of textclean as any plain document is.
    The page is taken as UTF-8, whatever its <meta charset> says: the
    request's text has already been checked to be UTF-8.               */
#ifndef SUMQ_HTML_H
#define SUMQ_HTML_H
#include <stddef.h>
#include "sumq_error.h"

typedef struct _sumq_html_t sumq_html_t;

sumq_html_t *sumq_html_new (void);
void sumq_html_destroy (sumq_html_t **self_p);

//  Extracts the text of size bytes of UTF-8 HTML (empty when the page
//  has none). Returns 0, or -1 with err (internal) when memory runs out.
int sumq_html_run (sumq_html_t *self, const char *html, size_t size, sumq_error_t *err);

//  The text of the last run, NUL-terminated, valid until the next run;
//  size (may be NULL) gets its length in bytes.
const char *sumq_html_text (sumq_html_t *self, size_t *size);

#endif
