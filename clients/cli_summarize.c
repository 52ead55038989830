/*  sumq summarize: documents in, summaries and keywords out, through a
    broker (default) or in-process (--local) with the same analysis code. */
#include "cli.h"
#include "cli_output.h"
#include "batch.h"
#include "pipeline.h"
#include "sumq_client.h"
#include "sumq_proto.h"
#include "log.h"
#include <czmq.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define S_DEFAULT_WINDOW    256
#define S_DEFAULT_TIMEOUT_MS 30000
#define S_E_IO              "io_error"      //  client-only: a file could not be read

typedef struct {
    //  Input
    char **files;
    int file_count;
    int file_next;
    bool jsonl;
    FILE *jsonl_in;
    size_t line_no;
    size_t max_doc;
    json_t *options;        //  from the command line; defaults for --jsonl lines
    cli_output_t output;
    //  Progress on a terminal
    bool progress;
    int64_t started;
    int64_t last_progress;
} s_run_t;

static void
s_usage (FILE *out, bool submit)
{
    if (submit)
        fprintf (out,
            "Usage: sumq submit [OPTIONS] [FILE... | -]\n"
            "       sumq submit --jsonl [OPTIONS] [FILE | -]\n"
            "\n"
            "Hands each document to the broker and prints its job id as soon as the\n"
            "broker has stored it (text), or {\"id\", \"job\"} (json), in input order.\n"
            "Fetch the results later, also after a broker restart, with\n"
            "`sumq result JOB...` or `sumq wait JOB...`. Needs a broker with --store\n"
            "(sumq up has one). Options as for sumq summarize, but --local and --idf.\n"
            "\n");
    else
        fprintf (out,
            "Usage: sumq summarize [OPTIONS] [FILE... | -]\n"
            "       sumq summarize --jsonl [OPTIONS] [FILE | -]\n"
            "\n"
            "Summarizes each FILE (or standard input) and prints its summary sentences,\n"
            "one per line, then its keywords. With --jsonl, each input line is a JSON\n"
            "object {\"id\", \"text\", \"options\"} and each output line the JSON result for\n"
            "the input line at the same position, with many documents in flight at once.\n"
            "\n");
    fprintf (out,
        "Length (at most one; default 3 sentences):\n"
        "  -n, --sentences N     summary of N sentences\n"
        "  -r, --ratio R         summary of this fraction (0-1] of the sentences\n"
        "  -w, --words W         at most W words, whole sentences only\n"
        "Analysis:\n"
        "  -k, --keywords K      number of keywords (default 10, 0-100)\n"
        "      --lang CODE       document language (ISO 639-1), instead of detecting it\n"
        "      --algorithm NAME  default, textrank, lexrank or lead\n"
        "      --html            the documents are HTML pages: summarize their article text\n"
        "Input and output:\n"
        "      --jsonl           JSON-lines batch mode (see above)\n"
        "  -f, --format FORMAT   text or json (one JSON object per line); --jsonl: json\n"
        "      --max-doc BYTES   refuse documents larger than this (default %d)\n"
        "  -q, --quiet           no progress bar\n"
        "Where to run:\n"
        "  -b, --broker EP       broker endpoint (default $SUMQ_BROKER, else %s)\n"
        "  -t, --timeout SECS    give up when the broker sends nothing for SECS (default %d)\n"
        "      --window N        documents in flight at once (default %d)\n"
        "      --local           run the analysis in this process, no broker\n"
        "      --idf MODEL       with --local: document-frequency model (sumq idf build)\n"
        "  -v, --verbose         log more on stderr\n"
        "  -h, --help            this help\n"
        "\n"
        "A document that fails (invalid UTF-8, empty, too large, not JSON...) gives\n"
        "{\"id\": ..., \"error\": {\"code\": ..., \"message\": ...}} and the batch goes on.\n"
        "Exit codes: 0 all summarized; 1 some document failed; 2 usage error;\n"
        "3 no broker answered within the timeout, or interrupted.\n",
        SUMQ_DEFAULT_MAX_DOC, SUMQ_DEFAULT_ENDPOINT, S_DEFAULT_TIMEOUT_MS / 1000, S_DEFAULT_WINDOW);
}

//  Reads a whole file, refusing more than max bytes without reading them.
static int
s_read_file (const char *path, size_t max, char **data, size_t *size, sumq_batch_item_t *item)
{
    FILE *file = strcmp (path, "-")? fopen (path, "rb"): stdin;
    if (!file) {
        item->error = sumq_batch_error (path, S_E_IO, strerror (errno));
        return -1;
    }
    size_t cap = 64 * 1024, len = 0;
    char *buffer = malloc (cap + 1);
    while (buffer) {
        size_t want = cap - len;
        size_t got = fread (buffer + len, 1, want, file);
        len += got;
        if (len > max || got < want)
            break;
        if (cap > max) {
            cap = max + 1;
            continue;
        }
        char *grown = realloc (buffer, cap * 2 + 1);
        if (!grown) {
            free (buffer);
            buffer = NULL;
            break;
        }
        buffer = grown;
        cap *= 2;
    }
    bool failed = ferror (file);
    if (file != stdin)
        fclose (file);
    char message [160];
    if (!buffer || failed) {
        free (buffer);
        item->error = sumq_batch_error (path, S_E_IO, buffer? "read error": "out of memory");
        return -1;
    }
    if (len > max) {
        free (buffer);
        snprintf (message, sizeof message, "the document is over the limit of %zu bytes", max);
        item->error = sumq_batch_error (path, SUMQ_E_TOO_LARGE, message);
        return -1;
    }
    buffer [len] = 0;
    *data = buffer;
    *size = len;
    return 0;
}

//  Fills item with the encoded request, or with the error that stops it.
static void
s_encode (const char *id, const char *text, size_t size, const json_t *options,
          sumq_batch_item_t *item)
{
    item->id = strdup (id);
    sumq_error_t err;
    item->body = sumq_request_encode (id, text, size, options, &err);
    if (item->body)
        item->size = strlen (item->body);
    else
        item->error = sumq_batch_error (id, err.code, err.message);
}

static int
s_next_file (void *source, sumq_batch_item_t *item)
{
    s_run_t *run = source;
    if (run->file_next >= run->file_count)
        return 0;
    const char *path = run->files [run->file_next++];
    char *text;
    size_t size;
    if (s_read_file (path, run->max_doc, &text, &size, item) != 0)
        item->id = strdup (path);
    else {
        s_encode (path, text, size, run->options, item);
        free (text);
    }
    return 1;
}

static bool
s_is_length_option (const char *key)
{
    return !strcmp (key, "sentences") || !strcmp (key, "ratio") || !strcmp (key, "words");
}

//  The options of one --jsonl line over the command line's: a line that
//  sets its own length replaces the command line's length entirely.
static json_t *
s_merge_options (const json_t *defaults, json_t *line_options)
{
    json_t *merged = json_deep_copy (defaults);
    const char *key;
    json_t *value;
    bool line_sets_length = false;
    json_object_foreach (line_options, key, value)
        line_sets_length |= s_is_length_option (key);
    if (line_sets_length) {
        json_object_del (merged, "sentences");
        json_object_del (merged, "ratio");
        json_object_del (merged, "words");
    }
    json_object_update (merged, line_options);
    return merged;
}

static int
s_next_line (void *source, sumq_batch_item_t *item)
{
    s_run_t *run = source;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len = getline (&line, &cap, run->jsonl_in);
    if (len < 0) {
        free (line);
        return ferror (run->jsonl_in)? -1: 0;
    }
    run->line_no++;
    char fallback_id [32];
    snprintf (fallback_id, sizeof fallback_id, "line-%zu", run->line_no);
    json_error_t jerr;
    json_t *doc = NULL;
    //  The text's JSON escaping can make a line up to ~6 bytes per text byte.
    if ((size_t) len > 6 * run->max_doc + 65536)
        item->error = sumq_batch_error (fallback_id, SUMQ_E_TOO_LARGE, "the line is over the size limit");
    else
    if (!(doc = json_loadb (line, len, 0, &jerr)) || !json_is_object (doc)) {
        char message [256];
        snprintf (message, sizeof message, "line %zu is not a JSON object%s%s", run->line_no,
                  doc? "": ": ", doc? "": jerr.text);
        item->error = sumq_batch_error (fallback_id, SUMQ_E_BAD_JSON, message);
    }
    free (line);
    if (item->error) {
        json_decref (doc);
        item->id = strdup (fallback_id);
        return 1;
    }
    json_t *jid = json_object_get (doc, "id");
    json_t *jtext = json_object_get (doc, "text");
    json_t *jopts = json_object_get (doc, "options");
    const char *id = json_is_string (jid)? json_string_value (jid): fallback_id;
    const char *problem = jid && !json_is_string (jid)? "\"id\" must be a string"
                        : !json_is_string (jtext)? "\"text\" must be a string"
                        : jopts && !json_is_object (jopts)? "\"options\" must be an object": NULL;
    if (problem) {
        item->id = strdup (id);
        item->error = sumq_batch_error (id, SUMQ_E_BAD_REQUEST, problem);
    }
    else
    if (json_string_length (jtext) > run->max_doc) {
        item->id = strdup (id);
        char message [128];
        snprintf (message, sizeof message, "the document is over the limit of %zu bytes", run->max_doc);
        item->error = sumq_batch_error (id, SUMQ_E_TOO_LARGE, message);
    }
    else {
        json_t *options = jopts? s_merge_options (run->options, jopts): json_incref (run->options);
        s_encode (id, json_string_value (jtext), json_string_length (jtext), options, item);
        json_decref (options);
    }
    json_decref (doc);
    return 1;
}

static void
s_sink (void *sink, size_t seq, bool ok, const char *result, size_t size, const json_t *error)
{
    s_run_t *run = sink;
    cli_output_answer (&run->output, ok, result, size, error);
}

static void
s_progress (void *sink, size_t done, size_t read, bool input_done)
{
    s_run_t *run = sink;
    if (!run->progress)
        return;
    int64_t now = zclock_mono ();
    bool last = input_done && done == read;
    if (!last && now - run->last_progress < 200)
        return;
    run->last_progress = now;
    double seconds = (now - run->started) / 1000.0;
    double rate = seconds > 0? done / seconds: 0;
    if (run->jsonl)
        fprintf (stderr, "\rsumq: %zu documents done, %.0f/s", done, rate);
    else {
        int width = 30, filled = run->file_count? (int) (width * done / run->file_count): width;
        fprintf (stderr, "\rsumq: [%.*s%*s] %zu/%d documents, %.0f/s",
                 filled, "==============================", width - filled, "",
                 done, run->file_count, rate);
    }
    if (last)
        fprintf (stderr, "\n");
    fflush (stderr);
}

//  The same sources and sink as the broker path, with the pipeline in
//  this process: what differs between the two is only the message queue.
static int
s_run_local (s_run_t *run, sumq_batch_source_fn *source_fn, const char *idf_path,
             sumq_batch_report_t *report)
{
    memset (report, 0, sizeof *report);
    sumq_error_t err;
    sumq_pipeline_t *pipeline = sumq_pipeline_new (idf_path, &err);
    if (!pipeline) {
        fprintf (stderr, "sumq summarize: %s\n", err.message);
        return -1;
    }
    size_t seq = 0;
    sumq_batch_item_t item;
    int rc;
    while (memset (&item, 0, sizeof item), (rc = source_fn (run, &item)) > 0) {
        json_t *error = item.error;
        char *result = NULL;
        if (!error) {
            //  Decode the encoded body, as a worker does, rather than build
            //  the request as an object: the encoding rounds reals (--ratio)
            //  to SUMQ_JSON_FLAGS' precision, and the answer must be the
            //  broker path's to the byte. Next to the analysis it costs little.
            json_t *request = json_loadb (item.body, item.size, 0, NULL);
            if (!request)
                sumq_error_set (&err, SUMQ_E_INTERNAL, "cannot decode the request");
            json_t *answer = request? sumq_pipeline_run (pipeline, request, &err): NULL;
            json_decref (request);
            if (answer)
                result = json_dumps (answer, SUMQ_JSON_FLAGS);
            else
                error = sumq_error_body (item.id, &err);
            json_decref (answer);
        }
        s_sink (run, seq++, error == NULL, result, result? strlen (result): 0, error);
        report->documents++;
        report->failed += error != NULL;
        s_progress (run, seq, seq, false);
        free (result);
        json_decref (error);
        free (item.id);
        free (item.body);
        if (zsys_interrupted) {
            report->interrupted = true;
            break;
        }
    }
    report->input_error = rc < 0;
    s_progress (run, seq, seq, true);
    sumq_pipeline_destroy (&pipeline);
    return report->interrupted || report->input_error? -1: 0;
}

//  sumq summarize, and sumq submit (enqueue: the same documents and
//  options, stored by the broker and answered with job ids).
static int
s_main (int argc, char **argv, bool enqueue)
{
    const char *cmd = enqueue? "submit": "summarize";
    static const struct option longopts [] = {
        { "sentences", required_argument, 0, 'n' }, { "ratio", required_argument, 0, 'r' },
        { "words", required_argument, 0, 'w' }, { "keywords", required_argument, 0, 'k' },
        { "lang", required_argument, 0, 'L' }, { "algorithm", required_argument, 0, 'A' },
        { "jsonl", no_argument, 0, 'J' }, { "format", required_argument, 0, 'f' },
        { "max-doc", required_argument, 0, 'M' }, { "quiet", no_argument, 0, 'q' },
        { "broker", required_argument, 0, 'b' }, { "timeout", required_argument, 0, 't' },
        { "window", required_argument, 0, 'W' }, { "local", no_argument, 0, 'l' },
        { "idf", required_argument, 0, 'I' }, { "verbose", no_argument, 0, 'v' },
        { "html", no_argument, 0, 'H' }, { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 }
    };
    s_run_t run = { .max_doc = SUMQ_DEFAULT_MAX_DOC, .options = json_object () };
    const char *broker = NULL, *format = NULL, *idf_path = NULL;
    bool local = false, quiet = false, verbose = false;
    int timeout_ms = S_DEFAULT_TIMEOUT_MS, lengths = 0;
    long window = S_DEFAULT_WINDOW, n;
    double x;
    int opt, status = SUMQ_EXIT_USAGE;
    optind = 1;
    while ((opt = getopt_long (argc, argv, "n:r:w:k:f:qb:t:vh", longopts, NULL)) != -1) {
        switch (opt) {
            case 'n': case 'w': case 'k': {
                const char *name = opt == 'n'? "sentences": opt == 'w'? "words": "keywords";
                if (!cli_parse_int (cmd, name, optarg, opt == 'k'? 0: 1, opt == 'k'? 100: 1000000, &n))
                    goto done;
                json_object_set_new (run.options, name, json_integer (n));
                lengths += opt != 'k';
                break;
            }
            case 'r':
                if (!cli_parse_double (cmd, "ratio", optarg, 1e-9, 1, &x))
                    goto done;
                json_object_set_new (run.options, "ratio", json_real (x));
                lengths++;
                break;
            case 'L': json_object_set_new (run.options, "lang", json_string (optarg)); break;
            case 'A': json_object_set_new (run.options, "algorithm", json_string (optarg)); break;
            case 'H': json_object_set_new (run.options, "format", json_string ("html")); break;
            case 'J': run.jsonl = true; break;
            case 'f': format = optarg; break;
            case 'M':
                if (!cli_parse_int (cmd, "max-doc", optarg, 1, SUMQ_DEFAULT_MAX_DOC, &n))
                    goto done;
                run.max_doc = n;
                break;
            case 'q': quiet = true; break;
            case 'b': broker = optarg; break;
            case 't':
                if (!cli_parse_seconds (cmd, "timeout", optarg, &timeout_ms))
                    goto done;
                break;
            case 'W':
                if (!cli_parse_int (cmd, "window", optarg, 1, 100000, &window))
                    goto done;
                break;
            case 'l': local = true; break;
            case 'I': idf_path = optarg; break;
            case 'v': verbose = true; break;
            case 'h': s_usage (stdout, enqueue); status = SUMQ_EXIT_OK; goto done;
            default: fprintf (stderr, "Try 'sumq %s --help'.\n", cmd); goto done;
        }
    }
    if (lengths > 1) {
        fprintf (stderr, "sumq %s: give at most one of --sentences, --ratio, --words\n", cmd);
        goto done;
    }
    if (format && strcmp (format, "text") && strcmp (format, "json")) {
        fprintf (stderr, "sumq %s: --format is text or json, not '%s'\n", cmd, format);
        goto done;
    }
    if (run.jsonl && format && !strcmp (format, "text")) {
        fprintf (stderr, "sumq %s: --jsonl writes JSON lines; --format text does not apply\n", cmd);
        goto done;
    }
    if (enqueue && (local || idf_path)) {
        fprintf (stderr, "sumq submit: --local and --idf go with sumq summarize\n");
        goto done;
    }
    if (idf_path && !local) {
        fprintf (stderr, "sumq %s: --idf goes with --local (workers load models with sumq-ranker --idf)\n", cmd);
        goto done;
    }
    static char *stdin_only [] = { "-" };
    run.files = optind < argc? argv + optind: stdin_only;
    run.file_count = optind < argc? argc - optind: 1;
    if (run.jsonl && run.file_count > 1) {
        fprintf (stderr, "sumq %s: --jsonl reads one FILE (or -)\n", cmd);
        goto done;
    }
    if (run.jsonl) {
        run.jsonl_in = strcmp (run.files [0], "-")? fopen (run.files [0], "r"): stdin;
        if (!run.jsonl_in) {
            fprintf (stderr, "sumq %s: cannot open %s: %s\n", cmd, run.files [0], strerror (errno));
            status = SUMQ_EXIT_FAILED;
            goto done;
        }
    }
    sumq_log_init ("sumq", verbose);
    run.output.json = run.jsonl || (format && !strcmp (format, "json"));
    run.output.many = run.file_count > 1;
    run.progress = !quiet && isatty (STDERR_FILENO) && (run.jsonl || run.file_count > 1);
    run.started = run.last_progress = zclock_mono ();
    sumq_batch_source_fn *source_fn = run.jsonl? s_next_line: s_next_file;
    sumq_batch_report_t report;
    if (local) {
        zsys_catch_interrupts ();
        s_run_local (&run, source_fn, idf_path, &report);
    }
    else {
        sumq_error_t err;
        sumq_client_t *client = sumq_client_new (broker, &err);
        if (!client) {
            fprintf (stderr, "sumq %s: %s\n", cmd, err.message);
            status = SUMQ_EXIT_UNAVAILABLE;
            goto done;
        }
        sumq_batch_config_t config = { .command = enqueue? SUMQ_CMD_ENQUEUE: SUMQ_CMD_SUBMIT,
                                       .window = (int) window, .timeout_ms = timeout_ms };
        sumq_batch_run (client, &config, source_fn, &run, s_sink, s_progress, &run, &report);
        sumq_client_destroy (&client);
        if (report.broker_lost)
            fprintf (stderr, "sumq %s: no answer from the broker at %s within %.1f s; "
                     "is it running? (sumq up, or --broker EP)\n", cmd,
                     sumq_client_endpoint (broker), timeout_ms / 1000.0);
    }
    fflush (stdout);
    if (report.input_error)
        fprintf (stderr, "sumq %s: error reading the input\n", cmd);
    if (report.failed)
        sumq_log_info ("%zu of %zu documents failed", report.failed, report.documents);
    status = report.broker_lost || report.interrupted? SUMQ_EXIT_UNAVAILABLE
           : report.failed || report.input_error? SUMQ_EXIT_FAILED: SUMQ_EXIT_OK;
done:
    if (run.jsonl_in && run.jsonl_in != stdin)
        fclose (run.jsonl_in);
    json_decref (run.options);
    return status;
}

int
cli_summarize (int argc, char **argv)
{
    return s_main (argc, argv, false);
}

int
cli_submit (int argc, char **argv)
{
    return s_main (argc, argv, true);
}
