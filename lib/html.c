#include "html.h"
#include "reserve.h"
#include <libxml/HTMLparser.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

//  What an element does to the text.
typedef enum {
    S_INLINE,                       //  its text flows with its neighbours'
    S_BLOCK,                        //  a paragraph of its own
    S_LINE,                         //  ends a line (<br>)
    S_DROP                          //  nothing of it is text
} s_kind_t;

typedef struct {
    const char *name;
    s_kind_t kind;
} s_tag_t;

//  Sorted by name for bsearch; libxml2 gives HTML names in lower case.
//  Elements not listed are inline.
static const s_tag_t s_tags [] = {
    { "address", S_BLOCK }, { "article", S_BLOCK }, { "aside", S_DROP },
    { "blockquote", S_BLOCK }, { "body", S_BLOCK }, { "br", S_LINE },
    { "button", S_DROP }, { "canvas", S_DROP }, { "caption", S_BLOCK },
    { "center", S_BLOCK }, { "dd", S_BLOCK }, { "details", S_BLOCK },
    { "div", S_BLOCK }, { "dl", S_BLOCK }, { "dt", S_BLOCK },
    { "fieldset", S_BLOCK }, { "figcaption", S_DROP }, { "figure", S_BLOCK },
    { "footer", S_DROP }, { "form", S_DROP }, { "h1", S_BLOCK },
    { "h2", S_BLOCK }, { "h3", S_BLOCK }, { "h4", S_BLOCK },
    { "h5", S_BLOCK }, { "h6", S_BLOCK }, { "head", S_DROP },
    { "header", S_BLOCK }, { "hr", S_BLOCK }, { "iframe", S_DROP },
    { "legend", S_BLOCK }, { "li", S_BLOCK }, { "main", S_BLOCK },
    { "nav", S_DROP }, { "noscript", S_DROP }, { "object", S_DROP },
    { "ol", S_BLOCK }, { "p", S_BLOCK }, { "pre", S_BLOCK },
    { "script", S_DROP }, { "section", S_BLOCK }, { "select", S_DROP },
    { "style", S_DROP }, { "summary", S_BLOCK }, { "svg", S_DROP },
    { "table", S_BLOCK }, { "td", S_BLOCK }, { "template", S_DROP },
    { "textarea", S_DROP }, { "th", S_BLOCK }, { "title", S_DROP },
    { "tr", S_BLOCK }, { "ul", S_BLOCK },
};

struct _sumq_html_t {
    char *text;
    size_t size;
    size_t capacity;
    int breaks;                     //  owed before the next text: 0, 1 line end, 2 blank line
    bool space;                     //  a space is owed before the next text
    int pre;                        //  depth of <pre> elements we are in
    bool failed;                    //  out of memory
    xmlNode **articles;             //  <article>s met by the last walk
    size_t narticles;
    size_t articles_capacity;
};

sumq_html_t *
sumq_html_new (void)
{
    //  Sets up libxml2's globals once, before any thread could race to.
    xmlInitParser ();
    return calloc (1, sizeof (sumq_html_t));
}

void
sumq_html_destroy (sumq_html_t **self_p)
{
    if (*self_p) {
        sumq_html_t *self = *self_p;
        free (self->text);
        free (self->articles);
        free (self);
        *self_p = NULL;
    }
}

static int
s_compare_tags (const void *key, const void *item)
{
    return strcmp ((const char *) key, ((const s_tag_t *) item)->name);
}

static bool
s_named (const xmlNode *node, const char *name)
{
    return node->type == XML_ELEMENT_NODE && strcmp ((const char *) node->name, name) == 0;
}

static bool
s_inside (const xmlNode *node, const char *name)
{
    for (node = node->parent; node; node = node->parent)
        if (s_named (node, name))
            return true;
    return false;
}

static s_kind_t
s_kind (const xmlNode *node)
{
    if (node->type != XML_ELEMENT_NODE)
        return S_INLINE;
    if (xmlHasProp ((xmlNode *) node, BAD_CAST "hidden"))
        return S_DROP;
    const s_tag_t *tag = bsearch (node->name, s_tags, sizeof s_tags / sizeof *s_tags,
                                  sizeof *s_tags, s_compare_tags);
    if (!tag)
        return S_INLINE;
    //  A page's header is its banner; an article's header, its headline.
    if (s_named (node, "header") && !s_inside (node, "article"))
        return S_DROP;
    return tag->kind;
}

static void
s_append (sumq_html_t *self, const char *bytes, size_t size)
{
    if (sumq_reserve (&self->text, &self->capacity, self->size + size + 1, 1)) {
        self->failed = true;
        return;
    }
    memcpy (self->text + self->size, bytes, size);
    self->size += size;
    self->text [self->size] = '\0';
}

static void
s_owe_break (sumq_html_t *self, int breaks)
{
    self->breaks = breaks > self->breaks? breaks: self->breaks;
}

//  Appends a text node's characters, with what is owed before them.
//  Nothing is owed at the start of the text: it never starts blank.
static void
s_add_text (sumq_html_t *self, const char *text)
{
    for (; *text && !self->failed; text++) {
        if (*text == '\n' && self->pre)
            s_owe_break (self, 1);
        else
        if (strchr (" \t\n\r\f", *text))
            self->space = true;
        else {
            if (self->size > 0 && self->breaks)
                s_append (self, "\n\n", (size_t) self->breaks);
            else
            if (self->size > 0 && self->space)
                s_append (self, " ", 1);
            self->breaks = 0;
            self->space = false;
            s_append (self, text, 1);
        }
    }
}

static void
s_add_article (sumq_html_t *self, xmlNode *node)
{
    if (sumq_reserve (&self->articles, &self->articles_capacity, self->narticles + 1, sizeof *self->articles)) {
        self->failed = true;
        return;
    }
    self->articles [self->narticles++] = node;
}

//  Starts a node; false when its children are not text.
static bool
s_enter (sumq_html_t *self, xmlNode *node)
{
    if (node->type == XML_TEXT_NODE) {
        s_add_text (self, (const char *) node->content);
        return false;
    }
    s_kind_t kind = s_kind (node);
    if (node->type != XML_ELEMENT_NODE || kind == S_DROP)
        return false;           //  comments, processing instructions
    if (kind == S_BLOCK)
        s_owe_break (self, 2);
    else
    if (kind == S_LINE)
        s_owe_break (self, 1);
    if (s_named (node, "pre"))
        self->pre++;
    if (s_named (node, "article"))
        s_add_article (self, node);
    return true;
}

static void
s_leave (sumq_html_t *self, xmlNode *node)
{
    if (node->type != XML_ELEMENT_NODE || s_kind (node) != S_BLOCK)
        return;
    s_owe_break (self, 2);
    if (s_named (node, "pre"))
        self->pre--;
}

//  The text of root's descendants, in document order, without recursion:
//  a page may nest elements thousands deep.
static size_t
s_extract (sumq_html_t *self, xmlNode *root)
{
    self->size = 0;
    self->breaks = 0;
    self->space = false;
    self->pre = 0;
    self->narticles = 0;
    if (self->text)
        self->text [0] = '\0';
    xmlNode *node = root->children;
    while (node) {
        if (s_enter (self, node) && node->children) {
            node = node->children;
            continue;
        }
        while (node != root) {
            s_leave (self, node);
            if (node->next) {
                node = node->next;
                break;
            }
            node = node->parent;
        }
        if (node == root)
            break;
    }
    return self->size;
}

//  The first element of that name in document order, or NULL.
static xmlNode *
s_find (xmlNode *node, const char *name)
{
    while (node) {
        if (s_named (node, name))
            return node;
        if (node->children && node->type == XML_ELEMENT_NODE)
            node = node->children;
        else {
            while (node && !node->next)
                node = node->parent;
            if (node)
                node = node->next;
        }
    }
    return NULL;
}

int
sumq_html_run (sumq_html_t *self, const char *html, size_t size, sumq_error_t *err)
{
    if (size > INT_MAX) {
        sumq_error_set (err, SUMQ_E_TOO_LARGE, "the page is over %d bytes", INT_MAX);
        return -1;
    }
    self->failed = false;
    self->size = 0;
    s_append (self, "", 0);     //  an empty page still has a text
    htmlDocPtr doc = htmlReadMemory (html, (int) size, NULL, "UTF-8",
                                     HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET
                                   | HTML_PARSE_COMPACT);
    xmlNode *top = doc? xmlDocGetRootElement (doc): NULL;
    xmlNode *root = top? s_find (top, "main"): NULL;
    if (!root && top)
        root = s_find (top, "body");
    if (!root)
        root = top;
    if (root) {
        size_t total = s_extract (self, root);
        xmlNode *best = NULL;
        size_t best_size = 0;
        //  each s_extract refills self->articles: keep the root's list
        size_t narticles = self->narticles;
        xmlNode **articles = narticles? malloc (narticles * sizeof *articles): NULL;
        if (narticles && !articles)
            self->failed = true;
        else
        if (narticles)
            memcpy (articles, self->articles, narticles * sizeof *articles);
        for (size_t index = 0; index < narticles && articles; index++) {
            size_t article_size = s_extract (self, articles [index]);
            if (article_size > best_size) {
                best = articles [index];
                best_size = article_size;
            }
        }
        free (articles);
        s_extract (self, best && 2 * best_size >= total? best: root);
    }
    //  No tree at all is a page without content (libxml2 gives none for
    //  an empty page): its text is empty, and the parser says so.
    xmlFreeDoc (doc);
    if (self->failed) {
        sumq_error_set (err, SUMQ_E_INTERNAL, "html: out of memory");
        return -1;
    }
    return 0;
}

const char *
sumq_html_text (sumq_html_t *self, size_t *size)
{
    if (size)
        *size = self->size;
    return self->text? self->text: "";
}
