#include "store.h"
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>


struct _sumq_store_t {
    sqlite3 *db;
    sqlite3_stmt *insert;
    sqlite3_stmt *finish;
    sqlite3_stmt *lookup;
    sqlite3_stmt *pending;
    sqlite3_stmt *prune;
    bool in_transaction;
    size_t unflushed;
};

static int64_t
s_now_ms (void)
{
    struct timeval now;
    gettimeofday (&now, NULL);
    return (int64_t) now.tv_sec * 1000 + now.tv_usec / 1000;
}

static int
s_fail (sumq_store_t *self, sumq_error_t *err, const char *what)
{
    sumq_error_set (err, SUMQ_E_INTERNAL, "store: %s: %s", what,
                    self->db? sqlite3_errmsg (self->db): "no database");
    return -1;
}

static int
s_exec (sumq_store_t *self, const char *sql, sumq_error_t *err)
{
    return sqlite3_exec (self->db, sql, NULL, NULL, NULL) == SQLITE_OK? 0: s_fail (self, err, sql);
}

static int
s_prepare (sumq_store_t *self, const char *sql, sqlite3_stmt **stmt, sumq_error_t *err)
{
    return sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt, NULL) == SQLITE_OK?
           0: s_fail (self, err, "prepare");
}

sumq_store_t *
sumq_store_open (const char *path, sumq_error_t *err)
{
    sumq_store_t *self = calloc (1, sizeof *self);
    if (!self) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "out of memory");
        return NULL;
    }
    if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                         | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "store: cannot open %s: %s", path,
                        self->db? sqlite3_errmsg (self->db): "out of memory");
        sumq_store_destroy (&self);
        return NULL;
    }
    //  WAL lets a commit be one sequential append; NORMAL syncs at
    //  checkpoints only, which keeps commits across a process crash (what
    //  the broker must survive) but not across power loss.
    int rc = s_exec (self, "PRAGMA journal_mode=WAL", err)
          || s_exec (self, "PRAGMA synchronous=NORMAL", err)
          || s_exec (self, "CREATE TABLE IF NOT EXISTS jobs ("
                           " id TEXT PRIMARY KEY,"
                           " request BLOB NOT NULL,"
                           " accepted INTEGER NOT NULL,"
                           " answered INTEGER,"           //  NULL while pending
                           " ok INTEGER,"
                           " answer BLOB)", err)
          || s_exec (self, "CREATE INDEX IF NOT EXISTS jobs_pending ON jobs (accepted)"
                           " WHERE answered IS NULL", err)
          || s_exec (self, "CREATE INDEX IF NOT EXISTS jobs_answered ON jobs (answered)"
                           " WHERE answered IS NOT NULL", err)
          || s_exec (self, "PRAGMA user_version=1", err)
          || s_prepare (self, "INSERT INTO jobs (id, request, accepted) VALUES (?, ?, ?)",
                        &self->insert, err)
          || s_prepare (self, "UPDATE jobs SET answered = ?, ok = ?, answer = ?, request = x''"
                              " WHERE id = ? AND answered IS NULL", &self->finish, err)
          || s_prepare (self, "SELECT answered IS NOT NULL, ok, answer FROM jobs WHERE id = ?",
                        &self->lookup, err)
          || s_prepare (self, "SELECT id, request FROM jobs WHERE answered IS NULL ORDER BY accepted",
                        &self->pending, err)
          || s_prepare (self, "DELETE FROM jobs WHERE answered IS NOT NULL AND answered < ?",
                        &self->prune, err);
    if (rc != 0)
        sumq_store_destroy (&self);
    return self;
}

void
sumq_store_destroy (sumq_store_t **self_p)
{
    if (*self_p) {
        sumq_store_t *self = *self_p;
        sumq_store_flush (self, NULL);
        sqlite3_finalize (self->insert);
        sqlite3_finalize (self->finish);
        sqlite3_finalize (self->lookup);
        sqlite3_finalize (self->pending);
        sqlite3_finalize (self->prune);
        sqlite3_close (self->db);
        free (self);
        *self_p = NULL;
    }
}

static int
s_begin (sumq_store_t *self, sumq_error_t *err)
{
    if (self->in_transaction)
        return 0;
    if (s_exec (self, "BEGIN", err) != 0)
        return -1;
    self->in_transaction = true;
    return 0;
}

int
sumq_store_accept (sumq_store_t *self, const char *job,
                   const void *request, size_t size, sumq_error_t *err)
{
    if (s_begin (self, err) != 0)
        return -1;
    sqlite3_stmt *stmt = self->insert;
    sqlite3_bind_text (stmt, 1, job, -1, SQLITE_STATIC);
    sqlite3_bind_blob64 (stmt, 2, request, size, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, s_now_ms ());
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    sqlite3_clear_bindings (stmt);
    if (rc != SQLITE_DONE)
        return s_fail (self, err, "accept");
    self->unflushed++;
    return 0;
}

int
sumq_store_finish (sumq_store_t *self, const char *job, bool ok,
                   const void *body, size_t size, sumq_error_t *err)
{
    if (s_begin (self, err) != 0)
        return -1;
    //  The request is no longer needed once answered: dropping it keeps
    //  the file at the size of the answers.
    sqlite3_stmt *stmt = self->finish;
    sqlite3_bind_int64 (stmt, 1, s_now_ms ());
    sqlite3_bind_int (stmt, 2, ok);
    sqlite3_bind_blob64 (stmt, 3, body, size, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 4, job, -1, SQLITE_STATIC);
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    sqlite3_clear_bindings (stmt);
    if (rc != SQLITE_DONE)
        return s_fail (self, err, "finish");
    self->unflushed++;
    return 0;
}

int
sumq_store_flush (sumq_store_t *self, sumq_error_t *err)
{
    if (!self->in_transaction)
        return 0;
    if (s_exec (self, "COMMIT", err) != 0)
        return -1;
    self->in_transaction = false;
    self->unflushed = 0;
    return 0;
}

size_t
sumq_store_unflushed (sumq_store_t *self)
{
    return self->unflushed;
}

sumq_job_state_t
sumq_store_lookup (sumq_store_t *self, const char *job, bool *ok, char **body, size_t *size,
                   sumq_error_t *err)
{
    sqlite3_stmt *stmt = self->lookup;
    sqlite3_bind_text (stmt, 1, job, -1, SQLITE_STATIC);
    sumq_job_state_t state = SUMQ_JOB_UNKNOWN;
    int rc = sqlite3_step (stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        s_fail (self, err, "lookup");
        state = SUMQ_JOB_UNREADABLE;
    }
    if (rc == SQLITE_ROW) {
        state = sqlite3_column_int (stmt, 0)? SUMQ_JOB_DONE: SUMQ_JOB_PENDING;
        if (state == SUMQ_JOB_DONE) {
            if (ok)
                *ok = sqlite3_column_int (stmt, 1) != 0;
            if (body) {
                size_t n = (size_t) sqlite3_column_bytes (stmt, 2);
                *body = malloc (n + 1);
                if (*body) {
                    memcpy (*body, sqlite3_column_blob (stmt, 2), n);
                    (*body) [n] = 0;
                }
                if (size)
                    *size = n;
            }
        }
    }
    sqlite3_reset (stmt);
    sqlite3_clear_bindings (stmt);
    return state;
}

int
sumq_store_each_pending (sumq_store_t *self, sumq_store_pending_fn *fn, void *arg,
                         sumq_error_t *err)
{
    sqlite3_stmt *stmt = self->pending;
    int rc;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        fn (arg, (const char *) sqlite3_column_text (stmt, 0),
            sqlite3_column_blob (stmt, 1), (size_t) sqlite3_column_bytes (stmt, 1));
    sqlite3_reset (stmt);
    return rc == SQLITE_DONE? 0: s_fail (self, err, "recovery");
}

int64_t
sumq_store_prune (sumq_store_t *self, int64_t max_age_ms, sumq_error_t *err)
{
    if (s_begin (self, err) != 0)
        return -1;
    sqlite3_stmt *stmt = self->prune;
    sqlite3_bind_int64 (stmt, 1, s_now_ms () - max_age_ms);
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE)
        return s_fail (self, err, "prune");
    int64_t pruned = sqlite3_changes64 (self->db);
    self->unflushed += pruned > 0;
    return pruned;
}
