/*  segment: cuts cleaned text (textclean.h) into paragraphs, sentences
    and words with ICU break iterators.

    Every line is a unit of its own: a sentence never spans two lines.
    A line without final punctuation that ICU sees as one sentence of at
    most 20 words is a heading. Paragraphs: when the text has blank lines,
    a paragraph is a block of lines between them, and a heading is a
    paragraph of its own; text without blank lines has one paragraph per
    line (web copies often put each paragraph on one line).

    Abbreviations: ICU 72 applies CLDR's sentence-break exceptions
    ("@ss=standard") unreliably: it splits after "U.S." and, because it
    matches suffixes, keeps "Das ist mehr. Die Firma ..." together since
    "r." is a German exception. So the plain ICU rules cut, and a break
    is undone when the whole word before it is on CLDR's list for the
    language (read from ICU's own data) or on Lingua::Sentence's (the
    Moses splitter's, abbrevs.h). CLDR's English list has "Mr.", "U.S.",
    "D.C.", but not "Dr.", "St.", "Gov." or initials ("George W. Bush"),
    which Lingua::Sentence has; its "numeric-only" entries hold only
    before a digit ("No. 10", but "No. Definitely not."). Suffixes that
    follow a name ("Inc.", "Co.", "Ltd.", "Corp.", "Jr.", "Sr.", "Bros.")
    end a sentence only when a stopword of the language follows ("Apple
    Inc. The company", but "Apple Inc. Chief Executive"), in every
    language; so do capitals with stops inside, listed or not ("M.D.
    Anderson", but "in Washington, D.C. The first lady"). Entries in
    capitals ("MS.", "PC.", "OK.") hold only before capitals ("DR.
    SMITH"). Vietnamese has neither list; neither has "t.ex.". A
    language without a Lingua::Sentence list keeps
    single-capital initials ("T. Hùng") inside a sentence, and the
    abbreviations the text itself shows (docabbrevs.h: "TP. HCM").

    Text flattened to one line (feeds, datasets) loses the line breaks
    around photo captions: there, a capitalised stopword followed by a
    lower-case word, right after a lower-case word with nothing between,
    starts a sentence ("... zoo) The boy was rescued"); not in German,
    which capitalises its formal pronouns mid-sentence.

    Paragraphs glued with no space between ("pyrénéen.Alors", a
    converter's work) are cut at a capital and a lower-case letter right
    after final punctuation that ends an all-lower-case word of two
    letters or more; ICU keeps such a pair as one word, like "U.S.Army".

    Words: ICU word segments with a letter, number, kana or ideograph
    rule status. A word's boundary flag says that punctuation separates
    it from the previous word of the sentence (a phrase boundary); a
    single hyphen inside a compound ("US-Vietnam") does not. A word after
    a lone hyphen that repeats the word before it, whole or after a short
    prefix, makes one word with it, flagged repeated: reduplication, an
    Indonesian and Malay plural ("anak-anak"), sense ("undang-undang",
    law) or aspect ("bermain-main"), and names ("Baden-Baden").        */
#ifndef SUMQ_SEGMENT_H
#define SUMQ_SEGMENT_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "sumq_error.h"

typedef struct {
    size_t start;                   //  byte offset into the text
    size_t size;                    //  in bytes; no white space at either end
    size_t para;                    //  paragraph number, from 0
    bool heading;
} sumq_sentence_t;

typedef struct {
    size_t start;                   //  byte offset into the text
    size_t size;                    //  in bytes
    bool number;                    //  ICU's number status: "2025", "3.5"
    bool boundary;                  //  punctuation since the previous word
    bool joined;                    //  joined to it by a lone hyphen: "high-tech"
    bool repeated;                  //  a reduplication made one word: "anak-anak"
    bool abbreviation;              //  one the text shows, see below
} sumq_word_t;

typedef struct _sumq_segment_t sumq_segment_t;

sumq_segment_t *sumq_segment_new (void);
void sumq_segment_destroy (sumq_segment_t **self_p);

//  Selects ICU's rules and the abbreviations of a language (an ISO 639
//  code; codes ICU does not know get its root rules). Cheap when the
//  language does not change. Returns 0, or -1 with err (internal).
int sumq_segment_set_lang (sumq_segment_t *self, const char *lang, sumq_error_t *err);

//  The sentences of size bytes of cleaned text, in order; *sentences is
//  valid until the next call. Returns their number, or -1 with err.
ssize_t sumq_segment_sentences (sumq_segment_t *self, const char *text, size_t size,
                                const sumq_sentence_t **sentences, sumq_error_t *err);

//  The words of text [start, start + size), usually one sentence; offsets
//  are into text. *words is valid until the next call. Returns their
//  number, or -1 with err. A word followed by a full stop is flagged as
//  an abbreviation when the last text given to sumq_segment_sentences
//  showed it to be one (a language without a list, docabbrevs.h): "TP"
//  of "TP. HCM" names no topic, and it is no keyword.
ssize_t sumq_segment_words (sumq_segment_t *self, const char *text, size_t start, size_t size,
                            const sumq_word_t **words, sumq_error_t *err);

#endif
