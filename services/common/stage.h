/*  stage: the whole program of a worker (bin/sumq-parser, sumq-ranker,
    sumq-summarizer): command line, logging, the stage's state and the
    worker loop. Each program's main only describes its stage.

    Options: --broker EP (default $SUMQ_BROKER, else SUMQ_DEFAULT_ENDPOINT),
    --heartbeat MS, --liveness N, --curve-cert FILE and --curve-server-key
    KEY (lib/curve.h), -v/--verbose, -h/--help, -V/--version,
    and --idf MODEL (repeatable) for a stage that loads models.          */
#ifndef SUMQ_STAGE_H
#define SUMQ_STAGE_H
#include "worker.h"

typedef struct {
    const char *program;        //  "sumq-ranker": log name, --help, --version
    const char *service;        //  "rank": one of sumq_services
    //  The stage's state, or NULL when it cannot start (the stage logs why).
    void *(*create) (void);
    void (*destroy) (void *state);
    sumq_worker_handler_fn *run;
    //  If set, the program takes --idf MODEL and loads each model into the
    //  state before serving; returns 0, or -1 with err.
    int (*load_model) (void *state, const char *path, sumq_error_t *err);
} sumq_stage_t;

//  Runs the program; returns its exit status (SUMQ_EXIT_* in options.h).
int sumq_stage_main (const sumq_stage_t *stage, int argc, char **argv);

#endif
