/*  check_segment: sentences, headings, paragraphs and words.  */
#include <check.h>
#include "suite_run.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "segment.h"
#include <unicode/ubrk.h>
#include <unicode/utext.h>

static sumq_segment_t *s_segment;
static const sumq_sentence_t *s_sentences;
static char s_piece [1024];

static void
s_setup (void)
{
    s_segment = sumq_segment_new ();
    ck_assert_ptr_nonnull (s_segment);
}

static void
s_teardown (void)
{
    sumq_segment_destroy (&s_segment);
    ck_assert_ptr_null (s_segment);
}

//  Segments text in lang; returns the number of sentences.
static ssize_t
s_split (const char *lang, const char *text)
{
    sumq_error_t err;
    ck_assert_int_eq (sumq_segment_set_lang (s_segment, lang, &err), 0);
    ssize_t count = sumq_segment_sentences (s_segment, text, strlen (text), &s_sentences, &err);
    ck_assert_int_ge (count, 0);
    return count;
}

//  Sentence index of text, as a string (offsets applied).
static const char *
s_sentence (const char *text, ssize_t index)
{
    const sumq_sentence_t *sentence = &s_sentences [index];
    ck_assert_uint_lt (sentence->size, sizeof s_piece);
    ck_assert_uint_le (sentence->start + sentence->size, strlen (text));
    memcpy (s_piece, text + sentence->start, sentence->size);
    s_piece [sentence->size] = '\0';
    return s_piece;
}

START_TEST (test_english_abbreviations)
{
    const char *text = "Mr. Smith flew to Washington D.C. on Monday. The U.S. Department of State agreed. "
                       "He joined NATO. The talks ended.";
    ck_assert_int_eq (s_split ("en", text), 4);
    ck_assert_str_eq (s_sentence (text, 0), "Mr. Smith flew to Washington D.C. on Monday.");
    ck_assert_str_eq (s_sentence (text, 1), "The U.S. Department of State agreed.");
    //  ICU's own "@ss=standard" would glue these: "O." is an exception.
    ck_assert_str_eq (s_sentence (text, 2), "He joined NATO.");
    ck_assert_str_eq (s_sentence (text, 3), "The talks ended.");
}
END_TEST

//  Asserts that text in lang is the given sentences, NULL-terminated.
static void
s_expect (const char *lang, const char *text, const char *const *expected)
{
    ssize_t count = s_split (lang, text);
    ssize_t index = 0;
    for (; expected [index]; index++) {
        ck_assert_int_gt (count, index);
        ck_assert_str_eq (s_sentence (text, index), expected [index]);
    }
    ck_assert_int_eq (count, index);
}

START_TEST (test_english_titles)
{
    //  Not on CLDR's English list; on Lingua::Sentence's.
    s_expect ("en", "Dr. Smith met Gov. Brown and Sen. Warren. Gen. Lee and Sgt. Pepper came.",
              (const char *const []) { "Dr. Smith met Gov. Brown and Sen. Warren.",
                                       "Gen. Lee and Sgt. Pepper came.", NULL });
    s_expect ("en", "They prayed at St. Paul's. Prof. Jones, Col. Mustard and Lt. Dan left.",
              (const char *const []) { "They prayed at St. Paul's.",
                                       "Prof. Jones, Col. Mustard and Lt. Dan left.", NULL });
    //  CLDR's ("Mt.", "Rep.") still count.
    s_expect ("en", "Rep. Ocasio climbed Mt. Everest. It was cold.",
              (const char *const []) { "Rep. Ocasio climbed Mt. Everest.", "It was cold.", NULL });
    //  Initials.
    s_expect ("en", "President George W. Bush and J. Allard spoke.",
              (const char *const []) { "President George W. Bush and J. Allard spoke.", NULL });
}
END_TEST

START_TEST (test_english_numeric_abbreviations)
{
    //  "No." is an abbreviation only before a number.
    s_expect ("en", "He lives at No. 10 Downing Street. Asked again, he said: No. Definitely not.",
              (const char *const []) { "He lives at No. 10 Downing Street.",
                                       "Asked again, he said: No.", "Definitely not.", NULL });
}
END_TEST

START_TEST (test_english_name_suffixes)
{
    //  After a suffix that follows a name, a stopword starts a new
    //  sentence and any other capitalised word goes on with it.
    s_expect ("en", "He works at Apple Inc. The company makes phones.",
              (const char *const []) { "He works at Apple Inc.", "The company makes phones.", NULL });
    s_expect ("en", "Apple Inc. Chief Executive Tim Cook spoke. Acme Co. Lawyers agreed.",
              (const char *const []) { "Apple Inc. Chief Executive Tim Cook spoke.",
                                       "Acme Co. Lawyers agreed.", NULL });
    s_expect ("en", "Songs by Hank Williams Jr. He wrote them. Smith Ltd. \"We agree,\" it said.",
              (const char *const []) { "Songs by Hank Williams Jr.", "He wrote them.",
                                       "Smith Ltd.", "\"We agree,\" it said.", NULL });
    s_expect ("en", "It sold Widget Corp. Shares rose. It bought Warner Bros. But it lost.",
              (const char *const []) { "It sold Widget Corp. Shares rose.",
                                       "It bought Warner Bros.", "But it lost.", NULL });
}
END_TEST

START_TEST (test_initialisms)
{
    //  Capitals with stops inside are abbreviations whether listed or not;
    //  a stopword after one still starts a sentence, listed ("D.C.") or not.
    s_expect ("en", "They married at the M.D. Anderson Cancer Center. It was held in Washington, D.C. The "
                    "first lady came. Blues legend B.B. King sang.",
              (const char *const []) { "They married at the M.D. Anderson Cancer Center.",
                                       "It was held in Washington, D.C.", "The first lady came.",
                                       "Blues legend B.B. King sang.", NULL });
    //  In a language with no list, too; but times in lower case end sentences.
    s_expect ("id", "Sutradara D.B. Weiss datang. Dia tiba pukul 7 p.m. Jordan lalu pergi.",
              (const char *const []) { "Sutradara D.B. Weiss datang.", "Dia tiba pukul 7 p.m.",
                                       "Jordan lalu pergi.", NULL });
}
END_TEST

START_TEST (test_entries_in_capitals)
{
    //  "MS." (Lingua::Sentence), "PC." and "OK." (CLDR) are the spellings
    //  of text in capitals; in mixed case they end sentences.
    s_expect ("en", "It helps patients with MS. Final approval is near. It runs on a PC. Search is next.",
              (const char *const []) { "It helps patients with MS.", "Final approval is near.",
                                       "It runs on a PC.", "Search is next.", NULL });
    s_expect ("en", "It will be OK. We are not so sure.",
              (const char *const []) { "It will be OK.", "We are not so sure.", NULL });
    s_expect ("en", "MRS. SMITH AND DR. JONES ARRIVED.",
              (const char *const []) { "MRS. SMITH AND DR. JONES ARRIVED.", NULL });
}
END_TEST

START_TEST (test_german_name_suffixes)
{
    //  CLDR's German list has "Inc.", which alone would glue these.
    s_expect ("de", "Er arbeitet bei Apple Inc. Die Firma wächst.",
              (const char *const []) { "Er arbeitet bei Apple Inc.", "Die Firma wächst.", NULL });
    s_expect ("de", "Die Apple Inc. Zentrale liegt in Kalifornien.",
              (const char *const []) { "Die Apple Inc. Zentrale liegt in Kalifornien.", NULL });
}
END_TEST

START_TEST (test_swedish_abbreviations)
{
    //  No CLDR list for Swedish; Lingua::Sentence has one.
    s_expect ("sv", "Kostnaderna steg, jfr. Bilaga 3. Sedan föll de.",
              (const char *const []) { "Kostnaderna steg, jfr. Bilaga 3.", "Sedan föll de.", NULL });
    //  Neither list has "t.ex." (Lingua::Sentence has "tex.").
    ck_assert_int_eq (s_split ("sv", "Städer, t.ex. Stockholm, växer."), 2);
}
END_TEST

START_TEST (test_german_abbreviations)
{
    //  "Dr." is on the German list; "mehr." merely ends in an entry ("r.").
    const char *text = "Das ist mehr. Die Firma wächst. Dr. Müller kam um zehn.";
    ck_assert_int_eq (s_split ("de", text), 3);
    ck_assert_str_eq (s_sentence (text, 0), "Das ist mehr.");
    ck_assert_str_eq (s_sentence (text, 1), "Die Firma wächst.");
    ck_assert_str_eq (s_sentence (text, 2), "Dr. Müller kam um zehn.");
}
END_TEST

START_TEST (test_language_without_list)
{
    //  No Swedish exceptions in ICU and no "Mr." on Lingua::Sentence's
    //  Swedish list: the English lists do not leak into Swedish.
    const char *text = "Han träffade Mr. Berg. Sedan gick han.";
    ck_assert_int_eq (s_split ("en", text), 2);
    ck_assert_int_eq (s_split ("sv", text), 3);
    ck_assert_str_eq (s_sentence (text, 1), "Berg.");
    ck_assert_int_eq (s_split ("und", text), 3);
    //  ...but a language with no list at all keeps initials in its
    //  sentences, as every Latin-script list does; other words still end.
    const char *vietnamese = "Ông T. Hùng nói. Sau đó ông đi.";
    ck_assert_int_eq (s_split ("vi", vietnamese), 2);
    ck_assert_str_eq (s_sentence (vietnamese, 0), "Ông T. Hùng nói.");
}
END_TEST

START_TEST (test_abbreviations_the_document_shows)
{
    //  Vietnamese has no list: "TP." (city) is an abbreviation because
    //  the text never writes "TP" without its stop, and uses it twice.
    s_expect ("vi", "Bị cáo bị đưa ra TAND TP. Hồ Chí Minh xét xử. Sau đó Huy đến TP. HCM gặp bạn.",
              (const char *const []) { "Bị cáo bị đưa ra TAND TP. Hồ Chí Minh xét xử.",
                                       "Sau đó Huy đến TP. HCM gặp bạn.", NULL });
    //  One use is no evidence, and neither is a word also seen without
    //  its stop: both break as ICU says.
    const char *once = "Huy đến TP. Hồ Chí Minh. Sau đó ông đi.";
    ck_assert_int_eq (s_split ("vi", once), 3);
    const char *both = "Giá 100 USD. Sau đó giá 200 USD. Nay giá 300 USD và hơn.";
    ck_assert_int_eq (s_split ("vi", both), 3);
    //  Languages with a list keep to it: "RTL." ends French sentences.
    const char *french = "Il parle sur RTL. Puis il part. Elle parle sur RTL. Puis elle part.";
    ck_assert_int_eq (s_split ("fr", french), 4);
    const char *indonesian = "Serangan di Moskow dan St. Petersburg gagal. Polisi menjaga St. Petersburg.";
    ck_assert_int_eq (s_split ("id", indonesian), 2);
}
END_TEST

START_TEST (test_heading_not_glued)
{
    const char *text = "Tram Plan Approved\nThe council voted on Monday. Work starts in May.";
    ck_assert_int_eq (s_split ("en", text), 3);
    ck_assert_uint_eq (s_sentences [0].start, 0);
    ck_assert_uint_eq (s_sentences [0].size, 18);
    ck_assert (s_sentences [0].heading);
    ck_assert_uint_eq (s_sentences [1].start, 19);
    ck_assert_str_eq (s_sentence (text, 1), "The council voted on Monday.");
    ck_assert (!s_sentences [1].heading);
    ck_assert_uint_eq (s_sentences [2].start, 48);
    ck_assert_str_eq (s_sentence (text, 2), "Work starts in May.");
    //  No blank lines: one paragraph per line.
    ck_assert_uint_eq (s_sentences [0].para, 0);
    ck_assert_uint_eq (s_sentences [1].para, 1);
    ck_assert_uint_eq (s_sentences [2].para, 1);
}
END_TEST

START_TEST (test_long_line_without_stop_is_text)
{
    //  Several sentences, the last one without its full stop: not a heading.
    const char *text = "The line opens in May. It will carry many people. The hope is that traffic will ease";
    ck_assert_int_eq (s_split ("en", text), 3);
    for (int index = 0; index < 3; index++)
        ck_assert (!s_sentences [index].heading);
    ck_assert_str_eq (s_sentence (text, 2), "The hope is that traffic will ease");
    //  And one sentence of more than 20 words is no heading either.
    text = "A single sentence that goes on and on for well over twenty words without ever reaching "
           "any kind of final punctuation mark at all";
    ck_assert_int_eq (s_split ("en", text), 1);
    ck_assert (!s_sentences [0].heading);
}
END_TEST

START_TEST (test_paragraphs_by_blank_lines)
{
    const char *text = "Title\n\nFirst one. Second one.\nSame paragraph.\n\nA Crosshead\nBody after it.\n\nLast.";
    ck_assert_int_eq (s_split ("en", text), 7);
    size_t paras [] = { 0, 1, 1, 1, 2, 3, 4 };
    bool headings [] = { true, false, false, false, true, false, false };
    for (int index = 0; index < 7; index++) {
        ck_assert_uint_eq (s_sentences [index].para, paras [index]);
        ck_assert_int_eq (s_sentences [index].heading, headings [index]);
    }
    ck_assert_str_eq (s_sentence (text, 3), "Same paragraph.");
}
END_TEST

START_TEST (test_utf8_offsets)
{
    const char *text = "Å andra sidan – sa hon – är det så.\n\nNgười dân vui mừng. Đây là câu thứ hai.";
    ck_assert_int_eq (s_split ("vi", text), 3);
    ck_assert_str_eq (s_sentence (text, 0), "Å andra sidan – sa hon – är det så.");
    ck_assert_str_eq (s_sentence (text, 1), "Người dân vui mừng.");
    ck_assert_str_eq (s_sentence (text, 2), "Đây là câu thứ hai.");
    ck_assert_uint_eq (s_sentences [1].start, strstr (text, "Người") - text);
    ck_assert_uint_eq (s_sentences [2].para, 1);
}
END_TEST

START_TEST (test_punctuation_debris)
{
    //  "./." ends Vietnamese agency copy; it stays with its sentence.
    const char *text = "The forum ended on Friday./.";
    ck_assert_int_eq (s_split ("en", text), 1);
    ck_assert_str_eq (s_sentence (text, 0), text);
}
END_TEST

//  Text flattened to one line glues photo captions to the sentences
//  around them; a capitalised stopword after a lower-case word with no
//  punctuation between starts a new sentence there. Not in text with
//  line breaks, not at "I", and not at a name ("Dublin Middle School").
START_TEST (test_flattened_runons)
{
    s_expect ("en", "The boy fell into the pit on Saturday. Scroll down for video Her mother "
                    "held the boy (file photo) The boy was rescued by his parents He is "
                    "well, and I think Dublin Middle School is closed.",
              (const char *const []) { "The boy fell into the pit on Saturday.",
                                       "Scroll down for video",
                                       "Her mother held the boy (file photo)",
                                       "The boy was rescued by his parents",
                                       "He is well, and I think Dublin Middle School is closed.", NULL });
    s_expect ("en", "The boy fell into the pit on Saturday.\nScroll down for video A mother held him.",
              (const char *const []) { "The boy fell into the pit on Saturday.",
                                       "Scroll down for video A mother held him.", NULL });
    //  A capital stopword before a capital names something; a one-letter
    //  word is a label; German capitalises its formal pronouns.
    ck_assert_int_eq (s_split ("en", "He told The New York Times that it was over. Shares fell."), 2);
    ck_assert_int_eq (s_split ("en", "Plan A was dropped by the board. Plan B won."), 2);
    //  A starter whose second letter is outside ASCII is a word too.
    s_expect ("sv", "Han kom hem sent i går Så gick han och la sig direkt.",
              (const char *const []) { "Han kom hem sent i går", "Så gick han och la sig direkt.", NULL });
    ck_assert_int_eq (s_split ("de", "Wir bitten Sie um Geduld bei der Regelung. Die Stadt plant Radwege."), 2);
}
END_TEST

//  Paragraphs glued with no space ("pyrénéen.Alors") are two sentences,
//  in any text; initialisms, domains and single letters hold together.
START_TEST (test_glued_paragraphs)
{
    s_expect ("fr", "Il vit dans le village pyrénéen.Alors les habitants ont dit \"non.\"Puis le maire a parlé.\n"
                    "Voir www.example.Com et U.S.Army ou e.g.The fin.",
              (const char *const []) { "Il vit dans le village pyrénéen.",
                                       "Alors les habitants ont dit \"non.\"",
                                       "Puis le maire a parlé.",
                                       "Voir www.example.Com et U.S.Army ou e.g.The fin.", NULL });
    ck_assert_int_eq (s_split ("en", "Download it from Node.js or call Console.WriteLine today."), 1);
}
END_TEST

START_TEST (test_empty_text)
{
    ck_assert_int_eq (s_split ("en", ""), 0);
    ck_assert_int_eq (s_split ("en", "\n\n\n"), 0);
}
END_TEST

//  The words of text [start, ...) in lang, which must be expect [0..count)
//  as spelled there; fails the test otherwise.
static const sumq_word_t *
s_words_are (const char *lang, const char *text, size_t start, const char *const *expect, size_t count)
{
    sumq_error_t err;
    ck_assert_int_eq (sumq_segment_set_lang (s_segment, lang, &err), 0);
    const sumq_word_t *words;
    ck_assert_int_eq (sumq_segment_words (s_segment, text, start, strlen (text) - start, &words, &err),
                      (ssize_t) count);
    for (size_t index = 0; index < count; index++)
        ck_assert_msg (words [index].size == strlen (expect [index])
                       && strncmp (text + words [index].start, expect [index], words [index].size) == 0,
                       "word %zu is \"%.*s\", not \"%s\"", index, (int) words [index].size,
                       text + words [index].start, expect [index]);
    return words;
}

START_TEST (test_words)
{
    const char *text = "The US-Vietnam deal, signed in 2025, cost $3.5 billion (roughly) at the U.S. Treasury.";
    const char *expect [] = { "US", "Vietnam", "deal", "signed", "in", "2025", "cost", "3.5",
                              "billion", "roughly", "at", "the", "U.S", "Treasury" };
    //  Only the part after "The ": offsets stay those of the text.
    const sumq_word_t *words = s_words_are ("en", text, 4, expect, 14);
    bool boundary [] = { false, false, false, true, false, false, true, false,
                         false, true, true, false, false, false };
    bool number [] = { false, false, false, false, false, true, false, true,
                       false, false, false, false, false, false };
    bool joined [] = { false, true, false, false, false, false, false, false,
                       false, false, false, false, false, false };
    for (int index = 0; index < 14; index++) {
        ck_assert_msg (words [index].boundary == boundary [index], "boundary of %s", expect [index]);
        ck_assert_msg (words [index].number == number [index], "number of %s", expect [index]);
        ck_assert_msg (words [index].joined == joined [index], "joined of %s", expect [index]);
    }
}
END_TEST

//  Only a lone dash joins a compound; a dash with spaces, or with other
//  punctuation, separates.
START_TEST (test_joined_words)
{
    const char *text = "Son Heung-min won 2 - 1 in the 1990\u2013 era, a self-/re-made man -- sort-of.";
    const char *expect [] = { "Son", "Heung", "min", "won", "2", "1", "in", "the", "1990", "era",
                              "a", "self", "re", "made", "man", "sort", "of" };
    bool joined [] = { false, false, true, false, false, false, false, false, false, false,
                       false, false, false, true, false, false, true };
    const sumq_word_t *words = s_words_are ("en", text, 0, expect, 17);
    for (int index = 0; index < 17; index++) {
        ck_assert_msg (words [index].joined == joined [index], "joined of %s", expect [index]);
        ck_assert_msg (!(words [index].joined && words [index].boundary), "%s both", expect [index]);
    }
}
END_TEST

//  A word joined by a hyphen to a word it repeats, whole or after a
//  short prefix, is one word with it: Indonesian reduplication, names.
//  Numbers ("1-1"), short repeated parts ("command-and") and long
//  prefixes stay apart.
START_TEST (test_reduplicated_words)
{
    const char *text = "Anak-anak bermain-main di Baden-Baden, skor 1-1, \u00dcBER-\u00fcber "
                       "command-and-control, menggoyang-goyang, mempermainkan-main.";
    const char *expect [] = { "Anak-anak", "bermain-main", "di", "Baden-Baden", "skor", "1", "1",
                              "\u00dcBER-\u00fcber", "command", "and", "control", "menggoyang-goyang",
                              "mempermainkan", "main" };
    bool repeated [] = { true, true, false, true, false, false, false,
                         true, false, false, false, true, false, false };
    const sumq_word_t *words = s_words_are ("id", text, 0, expect, 14);
    for (int index = 0; index < 14; index++) {
        ck_assert_msg (words [index].repeated == repeated [index], "repeated of %s", expect [index]);
        ck_assert_msg (!(words [index].repeated && words [index].joined), "%s joined", expect [index]);
    }
}
END_TEST

//  Reduplicated words are one (segment.c, s_repeats): in ASCII, a word
//  after a lone '-' that is, case aside, the whole word before it, or
//  its last 4 letters or more after at most 4 others.
static bool
s_ascii_repeats (const char *text, const sumq_word_t *before, const sumq_word_t *word)
{
    if (before->number || word->number || word->start != before->start + before->size + 1
    ||  text [word->start - 1] != '-' || word->size > before->size)
        return false;
    size_t prefix = before->size - word->size;
    return strncasecmp (text + before->start + prefix, text + word->start, word->size) == 0
        && (prefix == 0 || (word->size >= 4 && prefix <= 4));
}

//  The words ICU's own iterator finds in text [0, size), reduplications
//  made one (s_ascii_repeats): start, size and number flag of each, into
//  words; returns how many.
static size_t
s_icu_words (const char *lang, const char *text, size_t size, sumq_word_t *words)
{
    UErrorCode status = U_ZERO_ERROR;
    UBreakIterator *iter = ubrk_open (UBRK_WORD, lang, NULL, 0, &status);
    UText *utext = utext_openUTF8 (NULL, text, (int64_t) size, &status);
    ubrk_setUText (iter, utext, &status);
    ck_assert (U_SUCCESS (status));
    size_t count = 0;
    int32_t from = ubrk_first (iter), to;
    while ((to = ubrk_next (iter)) != UBRK_DONE) {
        int32_t rule = ubrk_getRuleStatus (iter);
        if (rule >= UBRK_WORD_NUMBER && rule < UBRK_WORD_IDEO_LIMIT) {
            words [count] = (sumq_word_t) { .start = (size_t) from, .size = (size_t) (to - from),
                                            .number = rule < UBRK_WORD_NUMBER_LIMIT };
            if (count > 0 && s_ascii_repeats (text, &words [count - 1], &words [count]))
                words [count - 1].size = (size_t) to - words [count - 1].start;
            else
                count++;
        }
        from = to;
    }
    utext_close (utext);
    ubrk_close (iter);
    return count;
}

//  segment finds the words of plain ASCII without ICU (segment.c): the
//  same words as ICU, in every language langid.c knows, on random text
//  of letters, digits and all printable ASCII, some of which ICU must
//  handle itself.
START_TEST (test_ascii_words_are_icu_words)
{
    const char *langs [] = { "", "und", "da", "de", "en", "es", "fi", "fr", "hu", "id", "it", "nl",
                             "nb", "nn", "pt", "ro", "ru", "sv", "vi", "ar", "el", "he", "hi", "ja",
                             "ko", "th", "uk", "zh", "cs", "pl", "tr" };
    const char *alphabet = "aZ9. ,;'aZ9. ,;'!\"#$%&()*+-/<=>?[\\]^`{|}~:_@";
    size_t alphabet_size = strlen (alphabet);
    unsigned seed = 20261124;
    for (size_t lang = 0; lang < sizeof langs / sizeof langs [0]; lang++) {
        sumq_error_t err;
        ck_assert_int_eq (sumq_segment_set_lang (s_segment, langs [lang], &err), 0);
        for (int round = 0; round < 2000; round++) {
            char text [48];
            size_t size = 1 + (size_t) rand_r (&seed) % (sizeof text - 1);
            for (size_t at = 0; at < size; at++)
                text [at] = alphabet [(size_t) rand_r (&seed) % alphabet_size];
            sumq_word_t expect [sizeof text];
            size_t count = s_icu_words (langs [lang], text, size, expect);
            const sumq_word_t *words;
            ck_assert_int_eq (sumq_segment_words (s_segment, text, 0, size, &words, &err), (ssize_t) count);
            for (size_t index = 0; index < count; index++)
                ck_assert_msg (words [index].start == expect [index].start
                               && words [index].size == expect [index].size
                               && words [index].number == expect [index].number,
                               "\"%.*s\" in \"%s\": word %zu differs from ICU's",
                               (int) size, text, langs [lang], index);
        }
    }
}
END_TEST

START_TEST (test_words_of_other_scripts)
{
    sumq_error_t err;
    ck_assert_int_eq (sumq_segment_set_lang (s_segment, "zh", &err), 0);
    const char *text = "今天在东京举行了会议。";
    const sumq_word_t *words;
    ssize_t count = sumq_segment_words (s_segment, text, 0, strlen (text), &words, &err);
    //  ICU's dictionary cuts Chinese into several words; "。" is none.
    ck_assert_int_gt (count, 2);
    size_t end = words [count - 1].start + words [count - 1].size;
    ck_assert_uint_eq (end, strlen (text) - strlen ("。"));
    ck_assert_int_eq (sumq_segment_words (s_segment, ";;; --", 0, 6, &words, &err), 0);
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *suite = suite_create ("segment");
    TCase *sentences = tcase_create ("sentences");
    tcase_add_checked_fixture (sentences, s_setup, s_teardown);
    tcase_add_test (sentences, test_english_abbreviations);
    tcase_add_test (sentences, test_english_titles);
    tcase_add_test (sentences, test_english_numeric_abbreviations);
    tcase_add_test (sentences, test_english_name_suffixes);
    tcase_add_test (sentences, test_initialisms);
    tcase_add_test (sentences, test_entries_in_capitals);
    tcase_add_test (sentences, test_german_abbreviations);
    tcase_add_test (sentences, test_german_name_suffixes);
    tcase_add_test (sentences, test_swedish_abbreviations);
    tcase_add_test (sentences, test_language_without_list);
    tcase_add_test (sentences, test_abbreviations_the_document_shows);
    tcase_add_test (sentences, test_heading_not_glued);
    tcase_add_test (sentences, test_long_line_without_stop_is_text);
    tcase_add_test (sentences, test_paragraphs_by_blank_lines);
    tcase_add_test (sentences, test_utf8_offsets);
    tcase_add_test (sentences, test_punctuation_debris);
    tcase_add_test (sentences, test_flattened_runons);
    tcase_add_test (sentences, test_glued_paragraphs);
    tcase_add_test (sentences, test_empty_text);
    suite_add_tcase (suite, sentences);
    TCase *words = tcase_create ("words");
    tcase_add_checked_fixture (words, s_setup, s_teardown);
    tcase_add_test (words, test_words);
    tcase_add_test (words, test_joined_words);
    tcase_add_test (words, test_reduplicated_words);
    tcase_add_test (words, test_ascii_words_are_icu_words);
    tcase_add_test (words, test_words_of_other_scripts);
    suite_add_tcase (suite, words);
    return suite;
}

int
main (void)
{
    return suite_run (s_suite ());
}
