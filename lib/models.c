#include "models.h"
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *
sumq_models_dir (void)
{
    const char *env = getenv (SUMQ_MODELS_ENV);
    if (env && *env)
        return strdup (env);
    //  The program's own path, not argv[0] or the working folder: a
    //  worker started from anywhere finds the models shipped with it.
    char exe [PATH_MAX];
    ssize_t size = readlink ("/proc/self/exe", exe, sizeof exe - 1);
    if (size <= 0)
        return NULL;
    exe [size] = '\0';
    char *slash = strrchr (exe, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    char *dir;
    return asprintf (&dir, "%s/../models", exe) < 0? NULL: dir;
}

static int
s_is_model (const struct dirent *entry)
{
    size_t size = strlen (entry->d_name);
    size_t suffix = strlen (SUMQ_MODELS_SUFFIX);
    return entry->d_name [0] != '.' && size > suffix
        && strcmp (entry->d_name + size - suffix, SUMQ_MODELS_SUFFIX) == 0;
}

int
sumq_models_load (sumq_ranker_t *ranker, const char *dir, sumq_error_t *err)
{
    struct dirent **entries;
    //  alphasort: a fixed order, so which of two models of one language
    //  wins does not depend on the file system
    int count = scandir (dir, &entries, s_is_model, alphasort);
    if (count < 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return 0;
        sumq_error_set (err, SUMQ_E_INTERNAL, "cannot read the models folder %s: %s", dir, strerror (errno));
        return -1;
    }
    int loaded = 0;
    for (int index = 0; index < count; index++) {
        char *path = NULL;
        if (loaded >= 0) {
            if (asprintf (&path, "%s/%s", dir, entries [index]->d_name) < 0) {
                sumq_error_set (err, SUMQ_E_INTERNAL, "out of memory");
                loaded = -1;
            }
            else
                loaded = sumq_ranker_load_idf (ranker, path, err) == 0? loaded + 1: -1;
        }
        free (path);
        free (entries [index]);
    }
    free (entries);
    return loaded;
}

int
sumq_models_load_default (sumq_ranker_t *ranker, sumq_error_t *err)
{
    char *dir = sumq_models_dir ();
    if (!dir) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "cannot tell where the program is; set " SUMQ_MODELS_ENV);
        return -1;
    }
    int loaded = sumq_models_load (ranker, dir, err);
    free (dir);
    return loaded;
}
