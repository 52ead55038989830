/*  sumq idf build: a document-frequency model from a folder of documents,
    for the ranker's corpus-level IDF (sumq-ranker --idf MODEL).
    sumq idf import: the same kind of model estimated from a word-frequency
    list (idfcounts.h), for languages without a corpus at hand.         */
#include "cli.h"
#include "idf.h"
#include "idfcounts.h"
#include "parser.h"
#include "sumq_proto.h"
#include "log.h"
#include <czmq.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    sumq_parser_t *parser;
    sumq_idf_t *model;
    const char *lang;
    size_t counted, other_language, failed;
    bool progress;
    int64_t last_progress;
} s_build_t;

static void
s_usage (FILE *out)
{
    fprintf (out,
        "Usage: sumq idf build CORPUS_DIR -o MODEL [OPTIONS]\n"
        "       sumq idf import COUNTS -o MODEL --lang CODE [OPTIONS]  (see --help there)\n"
        "\n"
        "Reads every file under CORPUS_DIR (one document per file, UTF-8 text), one\n"
        "at a time, and writes the document frequency of each stem to MODEL, for\n"
        "`sumq-ranker --idf MODEL` and `sumq summarize --local --idf MODEL`.\n"
        "Documents identified as another language than --lang are skipped.\n"
        "\n"
        "  -o, --output MODEL   the model file to write (replaced atomically)\n"
        "  -l, --lang CODE      the model's language (default en)\n"
        "  -q, --quiet          no progress on stderr\n"
        "  -h, --help           this help\n"
        "\n"
        "Exit codes: 0 model written; 1 no document counted, or it could not be\n"
        "written; 2 usage error.\n");
}

static void
s_progress (s_build_t *self, bool last)
{
    int64_t now = zclock_mono ();
    if (!self->progress || (!last && now - self->last_progress < 200))
        return;
    self->last_progress = now;
    fprintf (stderr, "\rsumq idf: %zu documents counted, %zu in another language, %zu failed",
             self->counted, self->other_language, self->failed);
    if (last)
        fprintf (stderr, "\n");
}

static void
s_add_file (s_build_t *self, const char *path)
{
    zfile_t *file = zfile_new (NULL, path);
    zchunk_t *chunk = NULL;
    if (file && zfile_cursize (file) <= SUMQ_DEFAULT_MAX_DOC && zfile_input (file) == 0)
        chunk = zfile_read (file, zfile_cursize (file), 0);
    zfile_destroy (&file);
    if (!chunk) {
        sumq_log_warn ("skipped %s: unreadable or over %d bytes", path, SUMQ_DEFAULT_MAX_DOC);
        self->failed++;
        return;
    }
    json_t *text = json_stringn ((const char *) zchunk_data (chunk), zchunk_size (chunk));
    zchunk_destroy (&chunk);
    if (!text) {
        sumq_log_warn ("skipped %s: not valid UTF-8", path);
        self->failed++;
        return;
    }
    json_t *request = json_pack ("{s:i, s:s, s:o, s:{s:i}}", "version", SUMQ_BODY_VERSION,
                                 "id", path, "text", text, "options", "keywords", 0);
    sumq_error_t err;
    json_t *parsed = request? sumq_parser_run (self->parser, request, &err): NULL;
    json_decref (request);
    if (!parsed) {
        sumq_log_warn ("skipped %s: %s", path, request? err.message: "not a usable path");
        self->failed++;
        return;
    }
    const char *lang = json_string_value (json_object_get (parsed, "lang"));
    if (!lang || strcmp (lang, self->lang))
        self->other_language++;
    else
    if (sumq_idf_add_document (self->model, parsed, &err) == 0)
        self->counted++;
    else {
        sumq_log_warn ("skipped %s: %s", path, err.message);
        self->failed++;
    }
    json_decref (parsed);
    s_progress (self, false);
}

//  Walks the folder depth first; one document in memory at a time.
static int
s_walk (s_build_t *self, const char *dir_path)
{
    DIR *dir = opendir (dir_path);
    if (!dir) {
        fprintf (stderr, "sumq idf: cannot read %s: %s\n", dir_path, strerror (errno));
        return -1;
    }
    struct dirent *entry;
    while ((entry = readdir (dir)) && !zsys_interrupted) {
        if (entry->d_name [0] == '.')
            continue;
        char *path;
        if (asprintf (&path, "%s/%s", dir_path, entry->d_name) < 0)
            break;
        struct stat info;
        if (lstat (path, &info) == 0) {
            if (S_ISDIR (info.st_mode))
                s_walk (self, path);
            else
            if (S_ISREG (info.st_mode))
                s_add_file (self, path);
        }
        free (path);
    }
    closedir (dir);
    return 0;
}

//  The model's name: the output's base name without its extension.
static char *
s_model_name (const char *output)
{
    const char *base = strrchr (output, '/');
    char *name = strdup (base? base + 1: output);
    char *dot = name? strrchr (name, '.'): NULL;
    if (dot && dot != name)
        *dot = 0;
    return name;
}

static void
s_import_usage (FILE *out)
{
    fprintf (out,
        "Usage: sumq idf import COUNTS -o MODEL --lang CODE [OPTIONS]\n"
        "\n"
        "Reads a word-frequency list, one \"WORD COUNT\" a line (space or tab between\n"
        "them, e.g. FrequencyWords' lists; - is stdin), analyses every word as the\n"
        "parser does for language CODE (folding, stem, stopwords), sums the counts\n"
        "per stem and writes MODEL with an estimated document frequency per stem:\n"
        "df = N (1 - exp(-C count / total)), N such that the rarest stem gets df 1.\n"
        "\n"
        "  -o, --output MODEL       the model file to write (replaced atomically)\n"
        "  -l, --lang CODE          the language of the words (required, e.g. sv)\n"
        "  -n, --name NAME          the model's name (default: MODEL's base name)\n"
        "  -c, --words-per-doc C    running words per document (default %g, fitted\n"
        "                           on English news: README.md, IDF models)\n"
        "  -N, --ndocs N            N documents instead (e.g. for a finer df scale)\n"
        "  -h, --help               this help\n"
        "\n"
        "Exit codes: 0 model written; 1 the list is malformed or holds no word, or\n"
        "the model could not be written; 2 usage error.\n", SUMQ_IDFCOUNTS_WORDS_PER_DOC);
}

//  The model of a list, written to output; an exit code.
static int
s_import_run (const char *counts, const char *output, const char *lang, const char *name,
              double words_per_doc, size_t ndocs)
{
    sumq_idfcounts_t *self = sumq_idfcounts_new (lang);
    if (!self) {
        fprintf (stderr, "sumq idf: '%s' is not a language code (two or three lower-case letters), "
                 "or the parser cannot start\n", lang);
        return SUMQ_EXIT_USAGE;
    }
    FILE *file = strcmp (counts, "-")? fopen (counts, "r"): stdin;
    sumq_error_t err;
    sumq_idf_t *model = NULL;
    int status = SUMQ_EXIT_FAILED;
    if (!file)
        fprintf (stderr, "sumq idf: cannot open %s: %s\n", counts, strerror (errno));
    else
    if (sumq_idfcounts_read (self, file, counts, &err)
    ||  !(model = sumq_idfcounts_model (self, words_per_doc, ndocs, name, &err))
    ||  sumq_idf_save (model, output, &err))
        fprintf (stderr, "sumq idf: %s\n", err.message);
    else {
        fprintf (stderr, "sumq idf: wrote %s: %zu stems from %" PRIu64 " words, %zu documents "
                 "(C = %g)\n", output, sumq_idfcounts_stems (self), sumq_idfcounts_total (self),
                 sumq_idf_ndocs (model), words_per_doc);
        status = SUMQ_EXIT_OK;
    }
    if (file && file != stdin)
        fclose (file);
    sumq_idf_destroy (&model);
    sumq_idfcounts_destroy (&self);
    return status;
}

static int
s_import (int argc, char **argv)
{
    static const struct option longopts [] = {
        { "output", required_argument, 0, 'o' }, { "lang", required_argument, 0, 'l' },
        { "name", required_argument, 0, 'n' }, { "words-per-doc", required_argument, 0, 'c' },
        { "ndocs", required_argument, 0, 'N' }, { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 }
    };
    const char *output = NULL, *lang = NULL, *name = NULL;
    double words_per_doc = SUMQ_IDFCOUNTS_WORDS_PER_DOC;
    unsigned long long ndocs = 0;
    char *end;
    int opt;
    optind = 1;
    while ((opt = getopt_long (argc, argv, "o:l:n:c:N:h", longopts, NULL)) != -1) {
        switch (opt) {
            case 'o': output = optarg; break;
            case 'l': lang = optarg; break;
            case 'n': name = optarg; break;
            case 'c':
                words_per_doc = strtod (optarg, &end);
                if (*end || !(words_per_doc > 0) || words_per_doc > 1e9) {
                    fprintf (stderr, "sumq idf: --words-per-doc must be a number above 0\n");
                    return SUMQ_EXIT_USAGE;
                }
                break;
            case 'N':
                ndocs = strtoull (optarg, &end, 10);
                if (*end || !isdigit ((unsigned char) *optarg) || ndocs == 0 || ndocs > 1000000000000ULL) {
                    fprintf (stderr, "sumq idf: --ndocs must be a whole number above 0\n");
                    return SUMQ_EXIT_USAGE;
                }
                break;
            case 'h': s_import_usage (stdout); return SUMQ_EXIT_OK;
            default: fprintf (stderr, "Try 'sumq idf import --help'.\n"); return SUMQ_EXIT_USAGE;
        }
    }
    if (argc - optind != 1 || !output || !lang) {
        fprintf (stderr, "Usage: sumq idf import COUNTS -o MODEL --lang CODE (try sumq idf import --help)\n");
        return SUMQ_EXIT_USAGE;
    }
    char *model_name = name? strdup (name): s_model_name (output);
    if (!model_name) {
        fprintf (stderr, "sumq idf: out of memory\n");
        return SUMQ_EXIT_FAILED;
    }
    int status = s_import_run (argv [optind], output, lang, model_name, words_per_doc, (size_t) ndocs);
    free (model_name);
    return status;
}

int
cli_idf (int argc, char **argv)
{
    if (argc > 1 && strcmp (argv [1], "import") == 0)
        return s_import (argc - 1, argv + 1);
    static const struct option longopts [] = {
        { "output", required_argument, 0, 'o' }, { "lang", required_argument, 0, 'l' },
        { "quiet", no_argument, 0, 'q' }, { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 }
    };
    const char *output = NULL, *lang = "en";
    bool quiet = false;
    int opt;
    optind = 1;
    while ((opt = getopt_long (argc, argv, "o:l:qh", longopts, NULL)) != -1) {
        switch (opt) {
            case 'o': output = optarg; break;
            case 'l': lang = optarg; break;
            case 'q': quiet = true; break;
            case 'h': s_usage (stdout); return SUMQ_EXIT_OK;
            default: fprintf (stderr, "Try 'sumq idf --help'.\n"); return SUMQ_EXIT_USAGE;
        }
    }
    if (argc - optind != 2 || strcmp (argv [optind], "build") || !output) {
        fprintf (stderr, "Usage: sumq idf build CORPUS_DIR -o MODEL (try sumq idf --help)\n");
        return SUMQ_EXIT_USAGE;
    }
    const char *corpus = argv [optind + 1];
    char *name = s_model_name (output);
    if (!name) {
        fprintf (stderr, "sumq idf: out of memory\n");
        return SUMQ_EXIT_FAILED;
    }
    s_build_t self = { .lang = lang, .progress = !quiet && isatty (STDERR_FILENO) };
    self.parser = sumq_parser_new ();
    self.model = sumq_idf_new (lang, name);
    free (name);
    int status = SUMQ_EXIT_FAILED;
    if (!self.parser || !self.model)
        fprintf (stderr, "sumq idf: cannot start (is '%s' a language code?)\n", lang);
    else {
        zsys_catch_interrupts ();
        if (s_walk (&self, corpus) == 0) {
            s_progress (&self, true);
            sumq_error_t err;
            if (zsys_interrupted)
                fprintf (stderr, "sumq idf: interrupted; no model written\n");
            else
            if (self.counted == 0)
                fprintf (stderr, "sumq idf: no %s document found under %s\n", lang, corpus);
            else
            if (sumq_idf_save (self.model, output, &err) != 0)
                fprintf (stderr, "sumq idf: %s\n", err.message);
            else {
                fprintf (stderr, "sumq idf: wrote %s: %zu documents (%zu in another language, "
                         "%zu failed)\n", output, self.counted, self.other_language, self.failed);
                status = SUMQ_EXIT_OK;
            }
        }
    }
    sumq_parser_destroy (&self.parser);
    sumq_idf_destroy (&self.model);
    return status;
}
