/*  The parse stage: request checks, then html (options.format "html",
    see html.h) -> textclean -> langid -> segment -> stem, and the
    parsed document of proto/PROTOCOL.md.

    Forms, what keywords show: a term's most frequent case-folded form,
    lower-cased as first written rather than folded ("straße", not
    "strasse"), without an English possessive ("obama's" is shown
    "obama"), and an initialism with the full stop that word
    segmentation gives to the sentence ("u.s" is shown "u.s.").

    Stopwords: the language's list (stopwords.h), every pure number, and
    every word of one character: a lone letter names no topic, and the
    lists miss some (French "a"). A stem is a stopword when any of its
    forms is one: the stemmer makes one term of French "le" (listed) and
    "les" (not), and the term must not turn into a content word because
    "les" is its commoner form. A language without a list (Vietnamese,
    Chinese, "und") also marks stop, in documents of
    S_FALLBACK_SENTENCES sentences or more, a term found in more than
    half of them: words that frequent carry no topic; and the
    abbreviations its text shows (segment.h: "TP." of "TP. HCM").

    Lowercase terms: German writes every noun with a capital, so a term
    a German text only ever writes in lower case inside its sentences
    ("geplant", "baut", "neue") is no noun, and a keyword names a thing:
    such terms are listed as "lowercase", and may not end a keyword
    (ranker.h). A capital at a sentence's first word says nothing, so a
    term seen only there is not listed. Nor is anything in a text that
    does not follow the convention (under S_CAPITALS_SHARE of the words
    inside its sentences capitalised, where German has about a quarter:
    a text all in lower case, or not German after all).                  */
#include "parser.h"
#include "abbrevs.h"
#include "fieldlist.h"
#include "html.h"
#include "intern.h"
#include "langid.h"
#include "log.h"
#include "reserve.h"
#include "segment.h"
#include "stem.h"
#include "stopwords.h"
#include "sumq_proto.h"
#include "textclean.h"
#include <ctype.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <stdlib.h>
#include <string.h>

#define S_FALLBACK_SENTENCES 8
#define S_CAPITALS_SHARE     0.1

//  A distinct case-folded surface form of the document.
typedef struct {
    int term;                       //  vocabulary id of its stem
    int shown;                      //  id in shown_forms, -1: the form itself
    size_t count;
    bool stop;                      //  on the stopword list, or a number
} s_form_t;

//  A vocabulary entry: one stem.
typedef struct {
    int form;                       //  its most frequent form
    size_t form_count;
    bool stop;                      //  one of its forms is a stopword
    size_t sentences;               //  how many sentences hold it
    size_t last_sentence;           //  1 + the last of them, 0 for none
    bool capitalised;               //  written so inside a sentence
    bool lowercase;                 //  written so anywhere
} s_term_t;

struct _sumq_parser_t {
    sumq_html_t *html;
    sumq_textclean_t *textclean;
    sumq_langid_t *langid;
    sumq_segment_t *segment;
    sumq_stem_t *stem;
    sumq_intern_t *forms;
    //  Forms as first written, lower-cased, where that differs from the
    //  folded form ("straße" of "strasse"): what keywords show.
    sumq_intern_t *shown_forms;
    sumq_intern_t *terms;
    //  The stopword list of the last language, as a table: a document
    //  looks up hundreds of forms, and a binary search of strcmp calls
    //  costs several times a hash.
    const sumq_stopword_list_t *stop_list_of;
    sumq_intern_t *stop_table;
    s_form_t *form_info;            //  by form id
    size_t form_info_size;
    s_term_t *term_info;            //  by vocabulary id
    size_t term_info_size;
    //  The lists of the parsed document, kept for their buffers.
    sumq_fieldlist_t start_list;
    sumq_fieldlist_t len_list;
    sumq_fieldlist_t para_list;
    sumq_fieldlist_t heading_list;
    sumq_fieldlist_t ntokens_list;
    sumq_fieldlist_t token_list;    //  every sentence's, back to back
    sumq_fieldlist_t joined_list;
    sumq_fieldlist_t stem_list;
    sumq_fieldlist_t form_list;
    sumq_fieldlist_t stop_list;
    sumq_fieldlist_t lowercase_list;
};

//  What s_sentences counts in a document, for s_vocab.
typedef struct {
    size_t sentences;               //  with words
    size_t words;
    //  Words after the first of their sentence, and how many of those
    //  begin with a capital: in a language that capitalises its nouns
    //  only, else 0.
    size_t inner_words;
    size_t inner_capitals;
} s_counts_t;

//  The request, checked.
typedef struct {
    const char *id;
    size_t id_size;
    const char *text;
    size_t text_size;
    const json_t *options;          //  NULL when there are none
    char lang [4];                  //  options.lang, "" when not given
    bool html;                      //  options.format is "html"
} s_request_t;

sumq_parser_t *
sumq_parser_new (void)
{
    sumq_parser_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->html = sumq_html_new ();
    self->textclean = sumq_textclean_new ();
    self->langid = sumq_langid_new (NULL);
    self->segment = sumq_segment_new ();
    self->stem = sumq_stem_new ();
    self->forms = sumq_intern_new ();
    self->shown_forms = sumq_intern_new ();
    self->terms = sumq_intern_new ();
    self->stop_table = sumq_intern_new ();
    if (!self->html || !self->textclean || !self->langid || !self->segment || !self->stem
    ||  !self->forms || !self->shown_forms || !self->terms || !self->stop_table) {
        sumq_log_error ("parser: cannot initialize");
        sumq_parser_destroy (&self);
    }
    return self;
}

void
sumq_parser_destroy (sumq_parser_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    sumq_parser_t *self = *self_p;
    sumq_html_destroy (&self->html);
    sumq_textclean_destroy (&self->textclean);
    sumq_langid_destroy (&self->langid);
    sumq_segment_destroy (&self->segment);
    sumq_stem_destroy (&self->stem);
    sumq_intern_destroy (&self->forms);
    sumq_intern_destroy (&self->shown_forms);
    sumq_intern_destroy (&self->terms);
    sumq_intern_destroy (&self->stop_table);
    free (self->form_info);
    free (self->term_info);
    sumq_fieldlist_free (&self->start_list);
    sumq_fieldlist_free (&self->len_list);
    sumq_fieldlist_free (&self->para_list);
    sumq_fieldlist_free (&self->heading_list);
    sumq_fieldlist_free (&self->ntokens_list);
    sumq_fieldlist_free (&self->token_list);
    sumq_fieldlist_free (&self->joined_list);
    sumq_fieldlist_free (&self->stem_list);
    sumq_fieldlist_free (&self->form_list);
    sumq_fieldlist_free (&self->stop_list);
    sumq_fieldlist_free (&self->lowercase_list);
    free (self);
    *self_p = NULL;
}

//  options.lang: an ISO 639 code; a region or script ("en-US") is
//  ignored, case too.
static int
s_check_lang (const json_t *value, char *lang, sumq_error_t *err)
{
    const char *code = json_string_value (value);
    size_t size = 0;
    while (code && isalpha ((unsigned char) code [size]) && size < 3) {
        lang [size] = (char) tolower ((unsigned char) code [size]);
        size++;
    }
    lang [size] = '\0';
    if (!code || size < 2 || (code [size] && code [size] != '-' && code [size] != '_')) {
        sumq_error_set (err, SUMQ_E_BAD_REQUEST, "options.lang must be an ISO 639-1 language code");
        return -1;
    }
    return 0;
}

static int
s_check_options (const json_t *options, s_request_t *checked, sumq_error_t *err)
{
    if (!json_is_object (options)) {
        sumq_error_set (err, SUMQ_E_BAD_REQUEST, "options must be an object");
        return -1;
    }
    const json_t *value;
    if ((value = json_object_get (options, "sentences"))
    &&  !(json_is_integer (value) && json_integer_value (value) >= 1)) {
        sumq_error_set (err, SUMQ_E_BAD_REQUEST, "options.sentences must be an integer >= 1");
        return -1;
    }
    if ((value = json_object_get (options, "ratio"))
    &&  !(json_is_number (value) && json_number_value (value) > 0 && json_number_value (value) <= 1)) {
        sumq_error_set (err, SUMQ_E_BAD_REQUEST, "options.ratio must be a number in (0, 1]");
        return -1;
    }
    if ((value = json_object_get (options, "words"))
    &&  !(json_is_integer (value) && json_integer_value (value) >= 1)) {
        sumq_error_set (err, SUMQ_E_BAD_REQUEST, "options.words must be an integer >= 1");
        return -1;
    }
    if ((value = json_object_get (options, "keywords"))
    &&  !(json_is_integer (value) && json_integer_value (value) >= 0 && json_integer_value (value) <= 100)) {
        sumq_error_set (err, SUMQ_E_BAD_REQUEST, "options.keywords must be an integer from 0 to 100");
        return -1;
    }
    int lengths = (json_object_get (options, "sentences") != NULL)
                + (json_object_get (options, "ratio") != NULL)
                + (json_object_get (options, "words") != NULL);
    if (lengths > 1) {
        sumq_error_set (err, SUMQ_E_BAD_REQUEST, "options: give at most one of sentences, ratio and words");
        return -1;
    }
    if ((value = json_object_get (options, "format"))) {
        const char *format = json_string_value (value);
        if (!format || (strcmp (format, "text") && strcmp (format, "html"))) {
            sumq_error_set (err, SUMQ_E_BAD_REQUEST, "options.format must be \"text\" or \"html\"");
            return -1;
        }
        checked->html = strcmp (format, "html") == 0;
    }
    if ((value = json_object_get (options, "lang")))
        return s_check_lang (value, checked->lang, err);
    return 0;
}

static int
s_check_request (const json_t *request, s_request_t *checked, sumq_error_t *err)
{
    memset (checked, 0, sizeof *checked);
    if (!json_is_object (request)) {
        sumq_error_set (err, SUMQ_E_BAD_REQUEST, "the request must be a JSON object");
        return -1;
    }
    //  As the other stages read it (docview.h): a wrong type is a bad
    //  request, another number a version this worker does not speak.
    const json_t *version = json_object_get (request, "version");
    if (!json_is_integer (version)) {
        sumq_error_set (err, SUMQ_E_BAD_REQUEST, "version is missing or not an integer");
        return -1;
    }
    if (json_integer_value (version) != SUMQ_BODY_VERSION) {
        sumq_error_set (err, SUMQ_E_UNSUPPORTED, "version %" JSON_INTEGER_FORMAT " is not %d",
                        json_integer_value (version), SUMQ_BODY_VERSION);
        return -1;
    }
    const json_t *id = json_object_get (request, "id");
    if (!json_is_string (id)) {
        sumq_error_set (err, SUMQ_E_BAD_REQUEST, "id must be a string");
        return -1;
    }
    const json_t *text = json_object_get (request, "text");
    if (!json_is_string (text)) {
        sumq_error_set (err, SUMQ_E_BAD_REQUEST, "text must be a string");
        return -1;
    }
    checked->id = json_string_value (id);
    checked->id_size = json_string_length (id);
    //  An id is echoed in every stage's body and in logs: it is a name,
    //  not a place for data.
    if (checked->id_size > SUMQ_MAX_DOC_ID) {
        sumq_error_set (err, SUMQ_E_BAD_REQUEST, "id is %zu bytes, over the limit of %d",
                        checked->id_size, SUMQ_MAX_DOC_ID);
        return -1;
    }
    checked->text = json_string_value (text);
    checked->text_size = json_string_length (text);
    checked->options = json_object_get (request, "options");
    if (checked->options && s_check_options (checked->options, checked, err))
        return -1;
    if (checked->text_size > SUMQ_DEFAULT_MAX_DOC) {
        sumq_error_set (err, SUMQ_E_TOO_LARGE, "text is %zu bytes, over the limit of %d",
                        checked->text_size, SUMQ_DEFAULT_MAX_DOC);
        return -1;
    }
    //  jansson lets "\u0000" into strings, and code may build any string.
    if (!sumq_textclean_utf8_valid (checked->id, checked->id_size)) {
        sumq_error_set (err, SUMQ_E_BAD_REQUEST, "id is not valid UTF-8 (or holds NUL)");
        return -1;
    }
    if (!sumq_textclean_utf8_valid (checked->text, checked->text_size)) {
        sumq_error_set (err, SUMQ_E_INVALID_UTF8, "text is not valid UTF-8 (or holds NUL)");
        return -1;
    }
    return 0;
}

//  Makes stop_table hold the words of list (NULL: none). Returns 0, or
//  -1 when out of memory.
static int
s_load_stopwords (sumq_parser_t *self, const sumq_stopword_list_t *list)
{
    if (list == self->stop_list_of && list)
        return 0;
    sumq_intern_reset (self->stop_table);
    self->stop_list_of = NULL;
    for (size_t index = 0; list && index < list->count; index++)
        if (sumq_intern_add (self->stop_table, list->words [index], strlen (list->words [index]), NULL) < 0)
            return -1;
    self->stop_list_of = list;
    return 0;
}

//  How many bytes of a folded word are an elided stopword and its
//  apostrophe: "l'" of "l'achat", "jusqu'" of "jusqu'à", "dell'" of
//  "dell'anno". A word segment keeps them together, yet the article is a
//  word of its own: left on, it counts "l'achat" apart from "achat" and
//  puts "d'autres" among the keywords. The language's stopword list says
//  what elides (it holds "l", "qu", "dell"), so no list of elisions is
//  kept here; a word that is itself a stopword stays whole, and
//  "o'neill" or "rock'n'roll" keep their apostrophes. English contracts
//  instead ("that'll", "would've"): its apostrophes end words, and the
//  possessive is dealt with on its own (s_without_possessive).
static size_t
s_elided_prefix (sumq_parser_t *self, const char *lang, const char *folded, size_t size)
{
    const char *apostrophe = memchr (folded, '\'', size);
    if (!apostrophe || strcmp (lang, "en") == 0 || apostrophe == folded || apostrophe + 1 == folded + size
    ||  sumq_intern_find (self->stop_table, folded, size) >= 0
    ||  sumq_intern_find (self->stop_table, folded, (size_t) (apostrophe - folded)) < 0)
        return 0;
    return (size_t) (apostrophe - folded) + 1;
}

//  Records how the new form of a word is shown: lower-cased rather than
//  folded, from its first occurrence. Returns 0, or -1 when out of
//  memory.
static int
s_shown_form (sumq_parser_t *self, const char *word, size_t size, size_t elided, int form)
{
    self->form_info [form].shown = -1;
    size_t lower_size, form_size;
    const char *lower = sumq_stem_lower (self->stem, word, size, &lower_size);
    if (!lower)
        return -1;
    if (elided) {
        //  the elided article ends at the first apostrophe, as in the form
        const char *apostrophe = memchr (lower, '\'', lower_size);
        size_t cut = apostrophe? (size_t) (apostrophe - lower) + 1: 0;
        lower += cut;
        lower_size -= cut;
    }
    const char *folded = sumq_intern_str (self->forms, form, &form_size);
    if (lower_size == form_size && memcmp (lower, folded, form_size) == 0)
        return 0;
    bool added;
    self->form_info [form].shown = sumq_intern_add (self->shown_forms, lower, lower_size, &added);
    return self->form_info [form].shown < 0? -1: 0;
}

//  The part of a reduplicated word (segment.h) after its hyphen: the
//  word it repeats, as folded. The halves are ICU words, which hold no
//  dash, so the hyphen is the last dash.
static const char *
s_repeated_part (const char *folded, size_t size, size_t *part_size)
{
    int32_t at = (int32_t) size;
    while (at > 0) {
        int32_t end = at;
        UChar32 c;
        U8_PREV_UNSAFE (folded, at, c);
        if (u_charType (c) == U_DASH_PUNCTUATION) {
            *part_size = size - (size_t) end;
            return folded + end;
        }
    }
    *part_size = size;
    return folded;
}

//  The vocabulary id of a word, adding its form and stem when new; -1
//  when out of memory. A reduplicated word has the stem of the word it
//  repeats, and is a stopword when it is listed ("masing-masing", each)
//  or that word is ("lagi-lagi", again and again).
static int
s_term (sumq_parser_t *self, const char *lang, const char *word, size_t size, bool number,
        bool repeated)
{
    size_t folded_size;
    const char *folded = sumq_stem_fold (self->stem, word, size, &folded_size);
    if (!folded)
        return -1;
    size_t elided = s_elided_prefix (self, lang, folded, folded_size);
    folded += elided;
    folded_size -= elided;
    bool added;
    int form = sumq_intern_add (self->forms, folded, folded_size, &added);
    if (form < 0)
        return -1;
    if (added) {
        //  Stem each distinct form once: most words of a text are repeats.
        size_t base_size = folded_size;
        const char *base = repeated? s_repeated_part (folded, folded_size, &base_size): folded;
        size_t stem_size;
        const char *stem = sumq_stem_word (self->stem, lang, base, base_size, &stem_size);
        if (!stem)
            return -1;
        if (stem_size == 0) {
            stem = base;
            stem_size = base_size;
        }
        bool new_term;
        int term = sumq_intern_add (self->terms, stem, stem_size, &new_term);
        if (term < 0
        ||  sumq_reserve (&self->form_info, &self->form_info_size,
                          (size_t) form + 1, sizeof (s_form_t))
        ||  sumq_reserve (&self->term_info, &self->term_info_size,
                          (size_t) term + 1, sizeof (s_term_t)))
            return -1;
        if (new_term)
            memset (&self->term_info [term], 0, sizeof (s_term_t));
        s_form_t *info = &self->form_info [form];
        info->term = term;
        info->count = 0;
        info->stop = number || sumq_intern_find (self->stop_table, folded, folded_size) >= 0
                            || (repeated && sumq_intern_find (self->stop_table, base, base_size) >= 0);
        self->term_info [term].stop |= info->stop;
        if (s_shown_form (self, word, size, elided, form))
            return -1;
    }
    self->form_info [form].count++;
    return self->form_info [form].term;
}

//  Whether a word begins with a capital (1), a small letter (-1) or
//  neither (0: a digit, a letter of a script without case).
static int
s_initial_case (const char *word, size_t size)
{
    int32_t at = 0;
    UChar32 first;
    U8_NEXT (word, at, (int32_t) size, first);
    return u_isupper (first) || u_istitle (first)? 1: u_islower (first)? -1: 0;
}

//  The "sentences" object, a list per member; *counts gets what it
//  holds.
static json_t *
s_sentences (sumq_parser_t *self, const char *text, size_t size, const char *lang,
             s_counts_t *counts, sumq_error_t *err)
{
    if (s_load_stopwords (self, sumq_stopwords_for (lang))) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "parser: out of memory");
        return NULL;
    }
    const sumq_sentence_t *sentences;
    ssize_t count = sumq_segment_sentences (self->segment, text, size, &sentences, err);
    if (count < 0)
        return NULL;
    sumq_fieldlist_clear (&self->start_list);
    sumq_fieldlist_clear (&self->len_list);
    sumq_fieldlist_clear (&self->para_list);
    sumq_fieldlist_clear (&self->heading_list);
    sumq_fieldlist_clear (&self->ntokens_list);
    sumq_fieldlist_clear (&self->token_list);
    sumq_fieldlist_clear (&self->joined_list);
    int rc = 0;
    *counts = (s_counts_t) { 0 };
    bool noun_capitals = strcmp (lang, "de") == 0;
    size_t field_base = 0;      //  token_list fields before this sentence
    for (ssize_t index = 0; index < count && rc == 0; index++) {
        const sumq_sentence_t *sentence = &sentences [index];
        const sumq_word_t *words;
        ssize_t words_count = sumq_segment_words (self->segment, text, sentence->start,
                                                  sentence->size, &words, err);
        if (words_count < 0)
            return NULL;
        if (words_count == 0)
            continue;           //  nothing a summary or the ranker could use
        size_t fields = 0;      //  of token_list, words and "-" marks
        for (ssize_t at = 0; at < words_count && rc == 0; at++) {
            const sumq_word_t *word = &words [at];
            int term = s_term (self, lang, text + word->start, word->size, word->number,
                              word->repeated);
            if (term < 0)
                rc = -1;
            else {
                if (word->boundary) {
                    rc |= sumq_fieldlist_add (&self->token_list, "-", 1);
                    fields++;
                }
                if (word->joined)
                    rc |= sumq_fieldlist_add_id (&self->joined_list, field_base + fields);
                rc |= sumq_fieldlist_add_id (&self->token_list, (size_t) term);
                fields++;
                s_term_t *info = &self->term_info [term];
                info->stop |= word->abbreviation;
                int initial = noun_capitals? s_initial_case (text + word->start, word->size): 0;
                info->lowercase |= initial < 0;
                if (at > 0 && initial != 0) {
                    info->capitalised |= initial > 0;
                    counts->inner_words++;
                    counts->inner_capitals += initial > 0;
                }
                if (info->last_sentence != counts->sentences + 1) {
                    info->last_sentence = counts->sentences + 1;
                    info->sentences++;
                }
            }
        }
        rc |= sumq_fieldlist_add_id (&self->start_list, sentence->start);
        rc |= sumq_fieldlist_add_id (&self->len_list, sentence->size);
        rc |= sumq_fieldlist_add_id (&self->para_list, sentence->para);
        if (sentence->heading)
            rc |= sumq_fieldlist_add_id (&self->heading_list, counts->sentences);
        rc |= sumq_fieldlist_add_id (&self->ntokens_list, fields);
        field_base += fields;
        counts->sentences++;
        counts->words += (size_t) words_count;
    }
    //  Literal keys need no UTF-8 check.
    json_t *object = json_object ();
    rc |= json_object_set_new_nocheck (object, "start", sumq_fieldlist_json (&self->start_list));
    rc |= json_object_set_new_nocheck (object, "len", sumq_fieldlist_json (&self->len_list));
    rc |= json_object_set_new_nocheck (object, "para", sumq_fieldlist_json (&self->para_list));
    rc |= json_object_set_new_nocheck (object, "heading", sumq_fieldlist_json (&self->heading_list));
    rc |= json_object_set_new_nocheck (object, "ntokens", sumq_fieldlist_json (&self->ntokens_list));
    rc |= json_object_set_new_nocheck (object, "tokens", sumq_fieldlist_json (&self->token_list));
    if (self->joined_list.size > 0)
        rc |= json_object_set_new_nocheck (object, "joined", sumq_fieldlist_json (&self->joined_list));
    if (rc || !object) {
        json_decref (object);
        sumq_error_set (err, SUMQ_E_INTERNAL, "parser: out of memory");
        return NULL;
    }
    return object;
}

//  True when text is one character long; counting stops at the second.
static bool
s_one_character (const char *text, size_t size)
{
    size_t characters = 0;
    for (size_t at = 0; at < size && characters < 2; at++)
        characters += ((unsigned char) text [at] & 0xC0) != 0x80;
    return characters == 1;
}

//  The size of an English form without a possessive "'s": "obama's"
//  names Obama, and the stemmer has already made one term of "obama" and
//  "obama's". Folding (stem.h) has turned a U+2019 into "'", and a word
//  never ends in "'" (segment.h), so "'s" is the only ending to look for.
static size_t
s_without_possessive (const char *form, size_t size)
{
    return size > 2 && memcmp (form + size - 2, "'s", 2) == 0? size - 2: size;
}

//  The vocabulary as the lists "stems", "forms", "stop" and "lowercase"
//  of parsed.
//  Words are ICU word segments of letters, numbers, kana or ideographs
//  (segment.h), which never hold white space, and folding and stemming
//  add none: so a space can separate them without any escaping.
static int
s_vocab (sumq_parser_t *self, bool listed, bool english, const s_counts_t *counts, json_t *parsed)
{
    size_t term_count = sumq_intern_size (self->terms);
    for (size_t term = 0; term < term_count; term++) {
        self->term_info [term].form = -1;
        self->term_info [term].form_count = 0;
    }
    //  Forms in the order first seen, so a tie keeps the first.
    size_t form_count = sumq_intern_size (self->forms);
    for (size_t form = 0; form < form_count; form++) {
        const s_form_t *info = &self->form_info [form];
        s_term_t *term = &self->term_info [info->term];
        if (info->count > term->form_count) {
            term->form = (int) form;
            term->form_count = info->count;
        }
    }
    sumq_fieldlist_clear (&self->stem_list);
    sumq_fieldlist_clear (&self->form_list);
    sumq_fieldlist_clear (&self->stop_list);
    sumq_fieldlist_clear (&self->lowercase_list);
    bool convention = counts->inner_capitals > 0
                   && (double) counts->inner_capitals >= S_CAPITALS_SHARE * (double) counts->inner_words;
    int rc = 0;
    for (size_t term = 0; term < term_count && rc == 0; term++) {
        const s_term_t *info = &self->term_info [term];
        size_t form_size;
        int shown = self->form_info [info->form].shown;
        const char *form = shown < 0? sumq_intern_str (self->forms, info->form, &form_size)
                                    : sumq_intern_str (self->shown_forms, shown, &form_size);
        if (english)
            form_size = s_without_possessive (form, form_size);
        bool stop = info->stop || s_one_character (form, form_size);
        if (!listed)
            stop = stop || (counts->sentences >= S_FALLBACK_SENTENCES && info->sentences * 2 > counts->sentences);
        size_t stem_size;
        const char *stem = sumq_intern_str (self->terms, (int) term, &stem_size);
        rc |= sumq_fieldlist_add (&self->stem_list, stem, stem_size);
        rc |= sumq_fieldlist_add (&self->form_list, form, form_size);
        //  word segmentation left the initialism's final stop to the
        //  sentence ("u.s"): the form gets it back ("u.s.")
        if (sumq_abbrevs_initialism (form, form_size, false))
            rc |= sumq_fieldlist_extend (&self->form_list, ".", 1);
        if (stop)
            rc |= sumq_fieldlist_add_id (&self->stop_list, term);
        else
        if (convention && info->lowercase && !info->capitalised)
            rc |= sumq_fieldlist_add_id (&self->lowercase_list, term);
    }
    rc |= json_object_set_new (parsed, "stems", sumq_fieldlist_json (&self->stem_list));
    rc |= json_object_set_new (parsed, "forms", sumq_fieldlist_json (&self->form_list));
    rc |= json_object_set_new (parsed, "stop", sumq_fieldlist_json (&self->stop_list));
    if (self->lowercase_list.size > 0)
        rc |= json_object_set_new (parsed, "lowercase", sumq_fieldlist_json (&self->lowercase_list));
    return rc;
}

json_t *
sumq_parser_run (sumq_parser_t *self, const json_t *request, sumq_error_t *err)
{
    s_request_t checked;
    if (s_check_request (request, &checked, err))
        return NULL;
    const char *input = checked.text;
    size_t input_size = checked.text_size;
    if (checked.html) {
        if (sumq_html_run (self->html, input, input_size, err))
            return NULL;
        input = sumq_html_text (self->html, &input_size);
    }
    if (sumq_textclean_run (self->textclean, input, input_size, err))
        return NULL;
    size_t size;
    const char *text = sumq_textclean_text (self->textclean, &size);
    const char *lang = checked.lang [0]? checked.lang: sumq_langid_detect (self->langid, text, size);
    if (sumq_segment_set_lang (self->segment, lang, err))
        return NULL;

    sumq_intern_reset (self->forms);
    sumq_intern_reset (self->shown_forms);
    sumq_intern_reset (self->terms);
    s_counts_t counts;
    json_t *sentences = s_sentences (self, text, size, lang, &counts, err);
    if (!sentences)
        return NULL;
    if (counts.words == 0) {
        json_decref (sentences);
        sumq_error_set (err, SUMQ_E_EMPTY, "no words left after removing boilerplate");
        return NULL;
    }
    json_t *parsed = json_object ();
    int rc = json_object_set_new (parsed, "version", json_integer (SUMQ_BODY_VERSION));
    //  The id was checked as UTF-8 above, and the text is textclean's,
    //  written from checked UTF-8: jansson's own check would find nothing.
    rc |= json_object_set_new (parsed, "id", json_stringn_nocheck (checked.id, checked.id_size));
    rc |= json_object_set_new (parsed, "lang", json_string (lang));
    if (checked.options)
        rc |= json_object_set_new (parsed, "options", json_deep_copy (checked.options));
    rc |= json_object_set_new (parsed, "text", json_stringn_nocheck (text, size));
    rc |= json_object_set_new (parsed, "sentences", sentences);
    rc |= s_vocab (self, sumq_stopwords_for (lang) != NULL, strcmp (lang, "en") == 0, &counts, parsed);
    rc |= json_object_set_new (parsed, "dropped",
                               json_integer ((json_int_t) sumq_textclean_dropped (self->textclean)));
    if (rc || !parsed) {
        json_decref (parsed);
        sumq_error_set (err, SUMQ_E_INTERNAL, "parser: out of memory");
        return NULL;
    }
    return parsed;
}
