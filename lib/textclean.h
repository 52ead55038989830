/*  textclean: turns a document as users paste it (web copies with their
    page furniture) into the text the parser segments.

    Normalization: CR LF, CR and the other Unicode line ends become LF;
    NFC; control and invisible format characters are removed; runs of
    horizontal white space become one space; lines are trimmed; a line
    that does not end a sentence and is followed by a line starting with
    a lower-case letter is joined to it (hard-wrapped text). A line of
    running text with script code glued to its end, as flattened web
    copies have it ('... est immonde". window.pvp_7c = new Pvp(...'), is
    cut in two where the code starts (see "are script code" below).

    Boilerplate: whole lines are dropped, never parts of lines (but for
    datelines, below), when they
    - occur three or more times in the document (bylines, widget labels);
    - have no letters (";", "---", "05/10/2025");
    - are script code (JavaScript, JSON, CSS): they start as code does
      and prose does not ('{"@context":', "var x =", "function(",
      "window.dataLayer =", "googletag.cmd.push(", ".ad { display:"),
      more than half of their words have code characters ({ } [ ] ( )
      < > ; = | & " : or a dot before a name), they hold a brace or end
      with ";", and they do not end as a sentence. Code after prose is
      cut off only when it runs to the end of the line and the prose
      before it is running text ending a sentence; prose that names or
      quotes code ("call window.open() to", "E = mc2;") stays whole;
    - are mostly URLs (at most three words besides them: "Source: http…");
    - are photo captions or credits (short, with "Photo:", "(Foto", …);
    - are short and foreign to the document: in another script than most
      of its letters, or using three or more letters that the document's
      running text never uses (a Vietnamese site name over a Swedish
      article);
    - trail the last paragraph of running text as navigation: trailing
      blocks (lines between blank lines) made mostly of short lines
      without final punctuation, and short such lines ending the last
      block of running text.
    Rules that look at the end of the document only act when there is
    running text before it: a document of headings alone is left whole.

    Datelines: the one part of a line that is dropped. The first
    paragraph of running text loses the dateline it opens with: up to
    six words that are capitalised, site names ("Suara.com") or in
    brackets, then a dash with a space on at least one side, then the
    start of a sentence ("WASHINGTON (Reuters) - ", "Jakarta, CNN
    Indonesia -- "). A line before it that is nothing but a dateline
    ("Merdeka.com -") is dropped whole. Each counts as a dropped line.

    The result keeps the line structure: one line per paragraph or
    heading, a blank line where the input had one or more.               */
#ifndef SUMQ_TEXTCLEAN_H
#define SUMQ_TEXTCLEAN_H
#include <stdbool.h>
#include <stddef.h>
#include "sumq_error.h"

typedef struct _sumq_textclean_t sumq_textclean_t;

sumq_textclean_t *sumq_textclean_new (void);
void sumq_textclean_destroy (sumq_textclean_t **self_p);

//  Cleans size bytes of valid UTF-8 (see sumq_textclean_utf8_valid).
//  Returns 0, or -1 with err set (internal) when memory or ICU fail.
int sumq_textclean_run (sumq_textclean_t *self, const char *text, size_t size, sumq_error_t *err);

//  The cleaned text of the last run, NUL-terminated, valid until the
//  next run; size (may be NULL) gets its length in bytes.
const char *sumq_textclean_text (sumq_textclean_t *self, size_t *size);

//  How many lines the last run dropped as boilerplate.
size_t sumq_textclean_dropped (sumq_textclean_t *self);

//  True when the bytes are well-formed UTF-8 without NUL: no overlong
//  forms, surrogates, code points over U+10FFFF or truncated sequences.
bool sumq_textclean_utf8_valid (const char *text, size_t size);

//  True when a line ends with final punctuation (. ! ? … : ; , and their
//  equivalents in other scripts), looking through closing quotes and
//  brackets: 'He said "yes."' does, '(Photo: AP)' does not.
bool sumq_textclean_terminated (const char *line, size_t size);

#endif
