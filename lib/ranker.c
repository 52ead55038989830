#include "ranker.h"
#include "docview.h"
#include "fieldlist.h"
#include "idf.h"
#include "intern.h"
#include "log.h"
#include "reserve.h"
#include <czmq.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_DEFAULT_KEYWORDS  10
#define S_MAX_KEYWORDS      100
#define S_MAX_PHRASE        3       //  words in a keyword phrase

//  A keyword candidate: a run of terms inside one sentence.
typedef struct {
    int terms [S_MAX_PHRASE];
    size_t length;
    size_t count;                   //  occurrences in the document
    size_t first;                   //  order of first occurrence, for stable ties
    unsigned joined;                //  bit w: word w joined to the one before by
                                    //  a hyphen where the phrase was first seen
    double score;
    bool inside;                    //  every occurrence is in one longer phrase
} s_phrase_t;

//  How often and where the document uses a term: occurrences, sentences
//  holding it, the first of those, and the last plus one (0: not seen
//  yet).
typedef struct {
    size_t occurrences;
    size_t sentences;
    size_t first_sentence;
    size_t last_sentence;
} s_term_count_t;

//  Everything one run works on, for one document; the ranker keeps the
//  arrays from one run to the next (reserve.h).
typedef struct {
    sumq_docview_t *doc;
    sumq_idf_t *model;              //  of the document's language, or NULL
    double *weights;                //  per term, document-level: the "weights" sent on
    size_t weights_size;
    //  Per term: what it says of the document's topic (0: no keyword
    //  material), and how often the document uses it.
    double *keyword_weights;
    size_t keyword_weights_size;
    s_term_count_t *counts;
    size_t counts_size;
    s_phrase_t *phrases;
    size_t nphrases;
    size_t capacity;
    //  Phrase number + 1 (0: not seen yet) of each one-word phrase, by
    //  term: a word needs no table.
    int *phrase_of_term;
    size_t phrase_of_term_size;
    //  Longer phrases: the term ids' bytes -> key, and phrase number + 1
    //  by key.
    sumq_intern_t *phrase_index;
    int *phrase_of_key;
    size_t phrase_of_key_size;
} s_run_t;

struct _sumq_ranker_t {
    zhashx_t *models;               //  lang -> sumq_idf_t, one per language
    sumq_docview_t *doc;            //  of the document being ranked
    s_run_t run;
};

sumq_ranker_t *
sumq_ranker_new (void)
{
    sumq_ranker_t *self = calloc (1, sizeof *self);
    if (self) {
        self->models = zhashx_new ();
        self->doc = sumq_docview_new ();
        self->run.phrase_index = sumq_intern_new ();
        if (self->models && self->doc && self->run.phrase_index)
            zhashx_set_destructor (self->models, (zhashx_destructor_fn *) sumq_idf_destroy);
        else
            sumq_ranker_destroy (&self);
    }
    return self;
}

void
sumq_ranker_destroy (sumq_ranker_t **self_p)
{
    if (*self_p) {
        sumq_ranker_t *self = *self_p;
        zhashx_destroy (&self->models);
        sumq_docview_destroy (&self->doc);
        free (self->run.weights);
        free (self->run.keyword_weights);
        free (self->run.counts);
        free (self->run.phrases);
        free (self->run.phrase_of_term);
        sumq_intern_destroy (&self->run.phrase_index);
        free (self->run.phrase_of_key);
        free (self);
        *self_p = NULL;
    }
}

int
sumq_ranker_load_idf (sumq_ranker_t *self, const char *path, sumq_error_t *err)
{
    sumq_idf_t *model = sumq_idf_load (path, err);
    if (!model)
        return -1;
    sumq_log_debug ("idf model \"%s\" (%s, %zu documents) loaded from %s",
                   sumq_idf_name (model), sumq_idf_lang (model), sumq_idf_ndocs (model), path);
    //  update, not insert: a newer model of a language replaces the old
    zhashx_update (self->models, sumq_idf_lang (model), model);
    return 0;
}

//  The smoothed idf ln((N+1)/(df+1)) + 1 stays positive, so a term found
//  in every document still counts a little.
static double
s_idf (double ndocs, double df)
{
    return log ((ndocs + 1) / (df + 1)) + 1;
}

//  How much a term's place in the document says of the topic
//  (ranker.h): 1 for the first sentence, falling slowly, so that a word
//  the body repeats stays above one the lead mentions once.
static double
s_position_factor (size_t first_sentence)
{
    return 1 / log (M_E + (double) first_sentence);
}

//  weight = (1 + ln tf) * idf: sublinear, so that a word repeated twenty
//  times does not outweigh the rest of its sentence when sentences are
//  scored. The weights take N and df from the document's own sentences,
//  each sentence being a "document". Keyword weights are the same
//  without a model; with one, they are the classic tf * idf with N and df
//  from the corpus: how often the document says a word is the best
//  evidence of its topic (on 100 articles of 500N-KPCrowd, F1@10 went
//  from 14.97 to 16.26 against the sublinear tf), and a term found in
//  more than half of the corpus documents is no keyword material: a word
//  that common carries no topic, whatever the stopword list says
//  ("said", "will" in news). Either is scaled by the term's first place.
static void
s_compute_weights (s_run_t *run)
{
    size_t nterms = sumq_docview_terms (run->doc);
    size_t nsentences = sumq_docview_sentences (run->doc);
    for (size_t index = 0; index < nsentences; index++) {
        const sumq_docview_sentence_t *sentence = sumq_docview_sentence (run->doc, index);
        for (size_t position = 0; position < sentence->ntokens; position++) {
            int term = sentence->tokens [position];
            if (term < 0 || sumq_docview_term (run->doc, term)->stop)
                continue;
            s_term_count_t *count = &run->counts [term];
            count->occurrences++;
            if (count->last_sentence == 0)
                count->first_sentence = index;
            if (count->last_sentence != index + 1) {
                count->last_sentence = index + 1;
                count->sentences++;
            }
        }
    }
    double ndocs = run->model? (double) sumq_idf_ndocs (run->model): 0;
    for (size_t term = 0; term < nterms; term++) {
        const s_term_count_t *count = &run->counts [term];
        if (count->occurrences == 0)
            continue;
        double tf = 1 + log ((double) count->occurrences);
        run->weights [term] = tf * s_idf ((double) nsentences, (double) count->sentences);
        double topic_weight = run->weights [term];
        if (run->model) {
            double df = (double) sumq_idf_df (run->model, sumq_docview_term (run->doc, term)->stem);
            topic_weight = 2 * df > ndocs? 0: (double) count->occurrences * s_idf (ndocs, df);
        }
        run->keyword_weights [term] = topic_weight * s_position_factor (count->first_sentence);
    }
}

//  Counts one occurrence of the phrase terms[0..length), whose words are
//  joined to the ones before them as joined[0..length) says, adding it as
//  a candidate the first time it is seen.
static int
s_count_phrase (s_run_t *run, const int *terms, const bool *joined, size_t length)
{
    int *known = &run->phrase_of_term [terms [0]];
    if (length > 1) {
        bool added;
        int key = sumq_intern_add (run->phrase_index, (const char *) terms, length * sizeof *terms, &added);
        if (key < 0
        ||  sumq_reserve (&run->phrase_of_key, &run->phrase_of_key_size, (size_t) key + 1, sizeof (int)))
            return -1;
        if (added)
            run->phrase_of_key [key] = 0;
        known = &run->phrase_of_key [key];
    }
    if (*known) {
        run->phrases [*known - 1].count++;
        return 0;
    }
    if (sumq_reserve (&run->phrases, &run->capacity, run->nphrases + 1, sizeof *run->phrases))
        return -1;
    s_phrase_t *phrase = &run->phrases [run->nphrases];
    *phrase = (s_phrase_t) { .length = length, .count = 1, .first = run->nphrases };
    for (size_t word = 1; word < length; word++)
        phrase->joined |= (unsigned) joined [word] << word;
    memcpy (phrase->terms, terms, length * sizeof *terms);
    *known = (int) ++run->nphrases;
    return 0;
}

//  True when token of sentence is a word joined by a hyphen to a word
//  before it that is keyword material: the two are one compound.
static bool
s_in_compound (s_run_t *run, const sumq_docview_sentence_t *sentence, size_t token)
{
    if (token == 0 || token >= sentence->ntokens || !sentence->joined [token])
        return false;
    int before = sentence->tokens [token - 1];
    int after = sentence->tokens [token];
    return run->keyword_weights [before] > 0 && run->keyword_weights [after] > 0;
}

//  Candidates are runs of 1 to S_MAX_PHRASE words inside a sentence made
//  of content words only: a punctuation mark (-1), a stopword or a
//  corpus-common word (keyword weight 0) ends the run. "vietnam och usa"
//  is two topics, not one. A run may not end in a lowercase term (a
//  German word that is no noun, parser.c), but may go on past one:
//  "neue radwege", not "neue" or "radwege geplant". Nor may it cut a
//  hyphenated compound of content words: "high-tech" names neither
//  "high" nor "tech", and "tech sensors" is no phrase of "high-tech
//  sensors".
static int
s_collect_phrases (s_run_t *run)
{
    for (size_t index = 0; index < sumq_docview_sentences (run->doc); index++) {
        const sumq_docview_sentence_t *sentence = sumq_docview_sentence (run->doc, index);
        for (size_t start = 0; start < sentence->ntokens; start++) {
            if (s_in_compound (run, sentence, start))
                continue;
            const int *terms = sentence->tokens + start;
            for (size_t length = 1; length <= S_MAX_PHRASE && start + length <= sentence->ntokens; length++) {
                int last = terms [length - 1];
                if (last < 0 || run->keyword_weights [last] <= 0)
                    break;
                if (!sumq_docview_term (run->doc, last)->lowercase
                &&  !s_in_compound (run, sentence, start + length)
                &&  s_count_phrase (run, terms, sentence->joined + start, length))
                    return -1;
            }
        }
    }
    return 0;
}

//  A phrase of several words is a unit, and a keyword candidate, when it
//  recurs and each of its words occurs in it at least half of the time:
//  "watkins glen", "sleeping beauty", "health care". Words that merely
//  meet ("play sleeping", "movie star" once) stay words. See ranker.h.
static bool
s_phrase_is_unit (s_run_t *run, const s_phrase_t *phrase)
{
    if (phrase->length == 1)
        return true;
    if (phrase->count < 2 || phrase->inside)
        return false;
    for (size_t word = 0; word < phrase->length; word++)
        if (2 * phrase->count < run->counts [phrase->terms [word]].occurrences)
            return false;
    return true;
}

//  Marks the phrases of several words that occur only inside one longer
//  unit, as its start or its end: "hồ chí" of "hồ chí minh", "new york"
//  in a text that only ever says "new york city". Such a phrase is part
//  of a name, not a name itself; without this, it would be listed
//  before the longer one (s_tie_rank) and cut the name in two. The
//  longer one must be a unit, or the name would be lost to a word of
//  it. (With S_MAX_PHRASE 3 that one is never inside another, so the
//  order phrases are marked in does not matter.)
static void
s_mark_inside (s_run_t *run)
{
    for (size_t index = 0; index < run->nphrases; index++) {
        const s_phrase_t *outer = &run->phrases [index];
        if (outer->length < 3 || !s_phrase_is_unit (run, outer))
            continue;
        for (size_t from = 0; from < 2; from++) {
            int key = sumq_intern_find (run->phrase_index, (const char *) (outer->terms + from),
                                        (outer->length - 1) * sizeof *outer->terms);
            int known = key < 0? 0: run->phrase_of_key [key];
            if (known && run->phrases [known - 1].count == outer->count)
                run->phrases [known - 1].inside = true;
        }
    }
}

//  A word scores its keyword weight; a unit phrase, its strongest
//  word's: it is that word, named in full (ranker.h).
static double
s_phrase_score (s_run_t *run, const s_phrase_t *phrase)
{
    double best = 0;
    for (size_t word = 0; word < phrase->length; word++)
        best = fmax (best, run->keyword_weights [phrase->terms [word]]);
    return best;
}

//  Rank of a candidate among those of equal score: a phrase before the
//  word it names in full, a shorter phrase before a longer one ("sleeping
//  beauty" before "play sleeping beauty").
static size_t
s_tie_rank (const s_phrase_t *phrase)
{
    return phrase->length == 1? S_MAX_PHRASE + 1: phrase->length;
}

static int
s_compare_phrases (const void *a, const void *b)
{
    const s_phrase_t *left = a, *right = b;
    if (left->score != right->score)
        return left->score > right->score? -1: 1;
    if (s_tie_rank (left) != s_tie_rank (right))
        return s_tie_rank (left) < s_tie_rank (right)? -1: 1;
    return left->first < right->first? -1: left->first > right->first;
}

static json_t *
s_keyword_json (s_run_t *run, const s_phrase_t *phrase)
{
    size_t size = 1;
    for (size_t word = 0; word < phrase->length; word++)
        size += strlen (sumq_docview_term (run->doc, phrase->terms [word])->form) + 1;
    char *term = malloc (size);
    if (!term)
        return NULL;
    char *end = term;
    for (size_t word = 0; word < phrase->length; word++) {
        const char *gap = word == 0? "": phrase->joined & (1u << word)? "-": " ";
        end = stpcpy (stpcpy (end, gap), sumq_docview_term (run->doc, phrase->terms [word])->form);
    }
    json_t *keyword = json_pack ("{s:s, s:o}", "term", term, "score", sumq_docview_score_json (phrase->score));
    free (term);
    return keyword;
}

//  Restores the heap order of phrases [0, count) below parent: each
//  phrase sorts (by s_compare_phrases) before its children.
static void
s_sift_down (s_phrase_t *phrases, size_t count, size_t parent)
{
    for (size_t child = 2 * parent + 1; child < count; child = 2 * parent + 1) {
        if (child + 1 < count && s_compare_phrases (&phrases [child + 1], &phrases [child]) < 0)
            child++;
        if (s_compare_phrases (&phrases [parent], &phrases [child]) <= 0)
            break;
        s_phrase_t swap = phrases [parent];
        phrases [parent] = phrases [child];
        phrases [child] = swap;
        parent = child;
    }
}

//  Best phrases first, skipping any that shares a stem with one
//  already taken, so the list never says the same thing twice. A
//  document has thousands of candidates and the list takes a few: a
//  heap hands them out best first without sorting them all.
static json_t *
s_select_keywords (s_run_t *run, size_t wanted)
{
    s_mark_inside (run);
    size_t units = 0;
    for (size_t index = 0; index < run->nphrases; index++)
        if (s_phrase_is_unit (run, &run->phrases [index])) {
            run->phrases [units] = run->phrases [index];
            run->phrases [units].score = s_phrase_score (run, &run->phrases [units]);
            units++;
        }
    run->nphrases = units;
    for (size_t parent = run->nphrases / 2; parent-- > 0;)
        s_sift_down (run->phrases, run->nphrases, parent);
    bool *used = calloc (sumq_docview_terms (run->doc) + 1, sizeof *used);
    json_t *keywords = json_array ();
    if (!used || !keywords) {
        free (used);
        json_decref (keywords);
        return NULL;
    }
    for (size_t left = run->nphrases; left > 0 && json_array_size (keywords) < wanted; left--) {
        const s_phrase_t phrase = run->phrases [0];
        run->phrases [0] = run->phrases [left - 1];
        s_sift_down (run->phrases, left - 1, 0);
        bool overlaps = false;
        for (size_t word = 0; word < phrase.length; word++)
            overlaps = overlaps || used [phrase.terms [word]];
        if (overlaps)
            continue;
        for (size_t word = 0; word < phrase.length; word++)
            used [phrase.terms [word]] = true;
        if (json_array_append_new (keywords, s_keyword_json (run, &phrase))) {
            json_decref (keywords);
            keywords = NULL;
            break;
        }
    }
    free (used);
    return keywords;
}

static int
s_keyword_count (sumq_docview_t *doc, size_t *wanted, sumq_error_t *err)
{
    const json_t *value = json_object_get (sumq_docview_options (doc), "keywords");
    *wanted = S_DEFAULT_KEYWORDS;
    if (!value)
        return 0;
    if (!json_is_integer (value) || json_integer_value (value) < 0
    ||  json_integer_value (value) > S_MAX_KEYWORDS) {
        sumq_error_set (err, SUMQ_E_BAD_REQUEST, "options.keywords must be an integer in 0..%d", S_MAX_KEYWORDS);
        return -1;
    }
    *wanted = (size_t) json_integer_value (value);
    return 0;
}

//  Writes a weight as the shortest decimal that reads back as the
//  rounded weight, the same double a JSON number of it gave a reader: 4
//  decimals hold it exactly, and the zeros after the last digit add
//  nothing. Returns its size, or 0 when it does not fit.
static size_t
s_weight_field (double weight, char *field, size_t room)
{
    //  The rounded weight is k / 10^4 for the integer k = round (weight *
    //  10^4); while a double's spacing is far below 10^-4 (below 10^11),
    //  printf's "%.4f" of it prints k with a point before its last four
    //  digits, which integer arithmetic writes for a tenth of the cost.
    double scaled = round (weight * 10000);
    if (scaled >= 0 && scaled < 1e15 && room >= 24) {
        uint64_t k = (uint64_t) scaled;
        char digits [24];
        size_t count = 0;
        for (uint64_t decimals = k % 10000, left = 4; left > 0; left--, decimals /= 10)
            if (decimals % 10 || count)
                digits [count++] = (char) ('0' + decimals % 10);
        if (count)
            digits [count++] = '.';
        uint64_t integer = k / 10000;
        do
            digits [count++] = (char) ('0' + integer % 10);
        while ((integer /= 10) > 0);
        for (size_t at = 0; at < count; at++)
            field [at] = digits [count - 1 - at];
        return count;
    }
    //  Adding 0 turns a -0 into the 0 that the list's grammar allows.
    //  The largest double takes 315 bytes this way.
    int size = snprintf (field, room, "%.4f", sumq_docview_score (weight) + 0.0);
    if (size <= 0 || (size_t) size >= room)
        return 0;
    while (field [size - 1] == '0')
        size--;
    if (field [size - 1] == '.')
        size--;
    return (size_t) size;
}

//  The parsed document plus "weights", "keywords" and "idf". The copy is
//  shallow: the parsed members are shared, never modified, and copying a
//  document of megabytes would only cost time. Takes keywords.
static json_t *
s_ranked_json (s_run_t *run, const json_t *parsed, json_t *keywords, const char *idf_label)
{
    sumq_fieldlist_t list = { 0 };
    int rc = 0;
    for (size_t id = 0; rc == 0 && id < sumq_docview_vocab_size (run->doc); id++) {
        char field [320];
        size_t size = s_weight_field (run->weights [sumq_docview_term_of (run->doc, id)],
                                      field, sizeof field);
        rc = size? sumq_fieldlist_add (&list, field, size): -1;
    }
    json_t *weights = rc? NULL: sumq_fieldlist_json (&list);
    sumq_fieldlist_free (&list);
    json_t *idf = json_string (idf_label);
    json_t *ranked = json_copy ((json_t *) parsed);
    if (!weights || !ranked || !keywords || !idf
    ||  json_object_set (ranked, "weights", weights)
    ||  json_object_set (ranked, "keywords", keywords)
    ||  json_object_set (ranked, "idf", idf)) {
        json_decref (ranked);
        ranked = NULL;
    }
    json_decref (weights);
    json_decref (keywords);
    json_decref (idf);
    return ranked;
}

json_t *
sumq_ranker_run (sumq_ranker_t *self, const json_t *parsed, sumq_error_t *err)
{
    if (sumq_docview_read (self->doc, parsed, SUMQ_DOCVIEW_PARSED, err))
        return NULL;
    return sumq_ranker_run_view (self, self->doc, parsed, err);
}

//  Readies the run's arrays for a document of nterms terms: weights
//  zero, no phrase seen. Returns 0, or -1 when out of memory.
static int
s_run_start (s_run_t *run, size_t nterms)
{
    run->nphrases = 0;
    sumq_intern_reset (run->phrase_index);
    if (sumq_reserve (&run->weights, &run->weights_size, nterms + 1, sizeof *run->weights)
    ||  sumq_reserve (&run->keyword_weights, &run->keyword_weights_size, nterms + 1, sizeof *run->keyword_weights)
    ||  sumq_reserve (&run->counts, &run->counts_size, nterms + 1, sizeof *run->counts)
    ||  sumq_reserve (&run->phrase_of_term, &run->phrase_of_term_size, nterms + 1, sizeof *run->phrase_of_term))
        return -1;
    memset (run->weights, 0, nterms * sizeof *run->weights);
    memset (run->keyword_weights, 0, nterms * sizeof *run->keyword_weights);
    memset (run->counts, 0, nterms * sizeof *run->counts);
    memset (run->phrase_of_term, 0, nterms * sizeof *run->phrase_of_term);
    return 0;
}

json_t *
sumq_ranker_run_view (sumq_ranker_t *self, sumq_docview_t *doc, const json_t *parsed, sumq_error_t *err)
{
    s_run_t *run = &self->run;
    run->doc = doc;
    size_t wanted;
    if (s_keyword_count (run->doc, &wanted, err))
        return NULL;
    run->model = zhashx_lookup (self->models, sumq_docview_lang (run->doc));
    char *idf_label = run->model? zsys_sprintf ("model:%s", sumq_idf_name (run->model)): strdup ("sentence");
    json_t *ranked = NULL;
    if (idf_label && s_run_start (run, sumq_docview_terms (run->doc)) == 0) {
        s_compute_weights (run);
        if (s_collect_phrases (run) == 0)
            ranked = s_ranked_json (run, parsed, s_select_keywords (run, wanted), idf_label);
    }
    if (!ranked)
        sumq_error_set (err, SUMQ_E_INTERNAL, "out of memory ranking document \"%s\"", sumq_docview_id (run->doc));
    zstr_free (&idf_label);
    return ranked;
}
