/*  sumq_error: a stable error code plus a human message.

    Codes are part of the protocol (proto/PROTOCOL.md, "Error codes"):
    scripts match on them, so never rename one.                         */
#ifndef SUMQ_ERROR_H
#define SUMQ_ERROR_H

#define SUMQ_E_BAD_REQUEST      "bad_request"      //  malformed JSON body / wrong field types
#define SUMQ_E_BAD_JSON         "bad_json"         //  a --jsonl input line is not a JSON object
#define SUMQ_E_UNSUPPORTED      "unsupported_version"
#define SUMQ_E_INVALID_UTF8     "invalid_utf8"
#define SUMQ_E_EMPTY            "empty_document"   //  no words after clean-up
#define SUMQ_E_TOO_LARGE        "too_large"
#define SUMQ_E_TIMEOUT          "timeout"          //  job missed its deadline
#define SUMQ_E_BUSY             "busy"             //  queue full; retry later
#define SUMQ_E_WORKER_FAILED    "worker_failed"    //  workers kept dying on this job
#define SUMQ_E_UNAVAILABLE      "broker_unavailable" //  client could not reach a broker
#define SUMQ_E_INTERNAL         "internal"

typedef struct {
    char code [32];
    char message [256];
} sumq_error_t;

//  Sets code and a printf-style message; err may be NULL.
void sumq_error_set (sumq_error_t *err, const char *code, const char *format, ...)
    __attribute__ ((format (printf, 3, 4)));

#endif
