/*  langid: the language of a document, as an ISO 639-1 code.

    libexttextcat's n-gram profiles (Cavnar & Trenkle) score the text,
    but only against the languages sumq processes: those with a stopword
    list (stopwords.h), Vietnamese, major languages of other scripts (ar
    el he hi ja ko th uk zh), and Czech, Polish and Turkish, which would
    otherwise pass for one of the others. textcat's full table of 160
    languages takes 0.5 ms a document and often names a close relative
    instead (Scots for English, Galician for Portuguese).

    When several languages score within 10% of the best (sister
    languages do: Bokmål can trail Danish by 6% on a paragraph) and all
    of them have stopword lists, the language whose list covers more of
    the text's words wins: n-grams alone cannot tell Norwegian from
    Danish, their function words can.

    Most texts never reach textcat: when one stopword list clearly covers
    the most words (a quarter of them, three times as many as any other
    list, twelve at least), that list's language is the answer. On news
    text textcat agrees every time, at twenty times the cost.

    Only the first SUMQ_LANGID_MAX_BYTES bytes are read: about 80 words,
    where every article of the BBC evaluation set is already right from
    256 bytes, and textcat's cost grows with the text (50 us for 512
    bytes, 240 us for 4 KB). Texts of under 20 letters are too short for
    n-grams: their stopwords decide, if they point to one language.
    "und" when the text has no letters, when a short one has no telling
    stopwords, or when it shares next to no n-gram with any profile (a
    script none of the languages uses).                                  */
#ifndef SUMQ_LANGID_H
#define SUMQ_LANGID_H
#include <stddef.h>

#define SUMQ_LANGID_UNDETERMINED    "und"
#define SUMQ_LANGID_MAX_BYTES       512
#define SUMQ_LANGID_MODELS          "/usr/share/libexttextcat/"

typedef struct _sumq_langid_t sumq_langid_t;

//  Loads the language profiles from models_dir (NULL for the Debian
//  location, SUMQ_LANGID_MODELS). NULL, with a log line, when one is
//  missing.
sumq_langid_t *sumq_langid_new (const char *models_dir);
void sumq_langid_destroy (sumq_langid_t **self_p);

//  The language of size bytes of UTF-8 text: a static string, an ISO
//  639-1 code or SUMQ_LANGID_UNDETERMINED.
const char *sumq_langid_detect (sumq_langid_t *self, const char *text, size_t size);

#endif
