/*  quotes: how much of a sentence is direct speech, the words it puts
    between double quotation marks.

    News reports what its sources said in their own words, and a short
    summary retells the story in the writer's voice rather than quoting
    them: on the evaluation sets, a sentence that is mostly a quotation
    is half as likely as its neighbours to match a reference sentence
    (README, "Quality, measured").

    Marks: " “ ” „ ‟ « » 「 」 『 』 and the full-width ＂. Single quotes
    are left out: ' and ’ are apostrophes far more often than quotation
    marks. Languages pair the marks differently (“…” in English, „…“ in
    German, ”…” in Swedish, « … » in French, »…« in Danish), so the
    direction of a mark comes from where it stands, not from which mark
    it is: inside a quotation any mark closes it; outside, « „ “ ‟ 「 『
    open one, and " ” » ＂ open one when a letter or digit follows.
    Otherwise the mark closes a quotation that was open before the
    sentence began: when it follows , . ! ? or … (the end of an
    utterance, "… kena," kata JK) the sentence up to it was speech; any
    other unmatched mark (a typo, "2018”,") is ignored.                 */
#ifndef SUMQ_QUOTES_H
#define SUMQ_QUOTES_H
#include <stdbool.h>
#include <stddef.h>

//  The share (0 to 1) of the letters and digits of the sentence at
//  text [start, start + len) that lie inside quotation marks; 0 for a
//  sentence without letters or digits. text is the whole document, UTF-8
//  and NUL-terminated: the character after the sentence tells which way
//  a mark ending it faces ('finale."En tous' opens a quotation).
//  *open says whether a quotation is open where the sentence starts and
//  is set to whether one is open where it ends, so that a quotation
//  running over several sentences counts in each: pass false for the
//  first sentence of a paragraph, then the value the previous call left.
double sumq_quotes_share (const char *text, size_t start, size_t len, bool *open);

#endif
