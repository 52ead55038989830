/*  normalize: NFC by ICU (what lib/textclean.c uses) against utf8proc, on
    the same texts, as the quality issue asked ("ICU or utf8proc, whichever
    the benchmark favours"). Not part of the build: it needs Debian's
    libutf8proc-dev, which sumq itself does not.

        cc -O2 bench/normalize.c -o /tmp/normalize $(pkg-config --cflags --libs icu-uc) -lutf8proc
        /tmp/normalize ../shared/eval/bbc-news-summary/docs/*.txt samples/*.txt

    Each path measures the full job textclean does on UTF-8 input: ICU
    converts to UTF-16, checks with unorm2_spanQuickCheckYes and only
    normalizes a text that needs it, then converts back; utf8proc works on
    UTF-8 directly (utf8proc_NFC always builds a new string).           */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <utf8proc.h>

#define S_ROUNDS 20

static double
s_now (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *
s_read (const char *path, size_t *size)
{
    FILE *file = fopen (path, "rb");
    if (!file)
        return NULL;
    fseek (file, 0, SEEK_END);
    long length = ftell (file);
    rewind (file);
    char *data = malloc (length + 1);
    *size = data? fread (data, 1, length, file): 0;
    if (data)
        data [*size] = 0;
    fclose (file);
    return data;
}

//  ICU: UTF-8 -> UTF-16, quick check, normalize when needed, back to UTF-8.
static size_t
s_icu (const UNormalizer2 *nfc, const char *text, size_t size, UChar *utf16, UChar *normal, char *out)
{
    UErrorCode status = U_ZERO_ERROR;
    int32_t length;
    u_strFromUTF8 (utf16, (int32_t) size + 1, &length, text, (int32_t) size, &status);
    const UChar *result = utf16;
    if (unorm2_spanQuickCheckYes (nfc, utf16, length, &status) != length) {
        length = unorm2_normalize (nfc, utf16, length, normal, (int32_t) size * 3 + 1, &status);
        result = normal;
    }
    int32_t bytes;
    u_strToUTF8 (out, (int32_t) size * 3 + 1, &bytes, result, length, &status);
    return U_SUCCESS (status)? (size_t) bytes: 0;
}

int
main (int argc, char **argv)
{
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance (&status);
    double icu_s = 0, proc_s = 0;
    size_t total = 0, differ = 0;
    for (int arg = 1; arg < argc; arg++) {
        size_t size;
        char *text = s_read (argv [arg], &size);
        if (!text)
            continue;
        UChar *utf16 = malloc ((size + 1) * sizeof (UChar));
        UChar *normal = malloc ((size * 3 + 1) * sizeof (UChar));
        char *out = malloc (size * 3 + 1);
        size_t icu_bytes = 0;
        double start = s_now ();
        for (int round = 0; round < S_ROUNDS; round++)
            icu_bytes = s_icu (nfc, text, size, utf16, normal, out);
        icu_s += s_now () - start;
        start = s_now ();
        utf8proc_uint8_t *proc = NULL;
        for (int round = 0; round < S_ROUNDS; round++) {
            free (proc);
            proc = utf8proc_NFC ((const utf8proc_uint8_t *) text);
        }
        proc_s += s_now () - start;
        if (!proc || strlen ((char *) proc) != icu_bytes || memcmp (proc, out, icu_bytes))
            differ++;
        total += size;
        free (proc);
        free (out);
        free (normal);
        free (utf16);
        free (text);
    }
    double mb = (double) total * S_ROUNDS / 1e6;
    printf ("%d files, %.2f MB x %d rounds\n", argc - 1, total / 1e6, S_ROUNDS);
    printf ("ICU (quick check + normalize when needed): %.0f MB/s\n", mb / icu_s);
    printf ("utf8proc_NFC:                              %.0f MB/s\n", mb / proc_s);
    printf ("files where the two differ: %zu\n", differ);
    return 0;
}
