/* SPDX-License-Identifier: ISC */
/*
 * Messages about the program being run, in the file:line:col: form
 * followed by the source line and a caret under the column.
 */

#include <sys/types.h>

#include <err.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btrace.h"
#include "util.h"

static const char	*src_buf;
static size_t		 src_len;
static const char	*src_name;
static size_t		*src_lines;	/* offset of each line's start */
static size_t		 src_nlines;
int			 src_nerrors;

void
src_set(const char *buf, size_t len, const char *name)
{
	src_buf = buf;
	src_len = len;
	src_name = name != NULL ? name : "btrace";
	free(src_lines);
	src_lines = NULL;
	src_nlines = 0;
}

/*
 * The offset where line `line' (1-based) starts, or -1 if there is no
 * such line.  Lines are indexed on the first message, so that a program
 * with many mistakes does not rescan the source for each.
 */
static ssize_t
line_start(int line)
{
	size_t i, n;

	if (src_lines == NULL) {
		for (n = 1, i = 0; i < src_len; i++)
			n += src_buf[i] == '\n';
		if ((src_lines = calloc(n, sizeof(*src_lines))) == NULL)
			err(1, NULL);
		src_nlines = 1;
		for (i = 0; i < src_len; i++)
			if (src_buf[i] == '\n')
				src_lines[src_nlines++] = i + 1;
	}
	if (line < 1 || (size_t)line > src_nlines)
		return -1;
	return src_lines[line - 1];
}

/*
 * While a program is parsed and checked, messages are kept and printed
 * in source order when done, as the checks do not run in that order.
 */
struct deferred {
	struct pos	 pos;
	size_t		 seq;
	char		*text;
};

static int		 deferring;
static struct deferred	*defer;
static size_t		 ndefer, maxdefer;

static int
deferred_cmp(const void *a, const void *b)
{
	const struct deferred *da = a, *db = b;

	if (da->pos.line != db->pos.line)
		return da->pos.line < db->pos.line ? -1 : 1;
	if (da->pos.col != db->pos.col)
		return da->pos.col < db->pos.col ? -1 : 1;
	return da->seq < db->seq ? -1 : da->seq > db->seq;
}

void
src_defer(int on)
{
	size_t i;

	deferring = on;
	if (on)
		return;
	if (ndefer > 0)
		qsort(defer, ndefer, sizeof(*defer), deferred_cmp);
	for (i = 0; i < ndefer; i++) {
		fputs(defer[i].text, stderr);
		free(defer[i].text);
	}
	free(defer);
	defer = NULL;
	ndefer = maxdefer = 0;
}

static void
print_line(FILE *fp, struct pos p)
{
	size_t i, start, end;
	ssize_t off;
	int col, width = 0;

	if ((off = line_start(p.line)) == -1)
		return;
	start = off;
	for (end = start; end < src_len && src_buf[end] != '\n'; end++)
		continue;
	fprintf(fp, "%.*s\n", (int)(end - start), src_buf + start);

	/* A tab takes 8 columns, as a terminal would show it. */
	for (col = 1, i = start; col < p.col && i < end; col++, i++)
		width += src_buf[i] == '\t' ? 8 : 1;
	fprintf(fp, "%*s^\n", width, "");
}

/*
 * The uses of #defines and macros, each where it was used (itself
 * maybe within another); pos.via - 1 indexes them.
 */
static struct use {
	char		*name;
	int		 ismacro;
	struct pos	 at;
} *uses;
static size_t		 nuses, maxuses;

int
src_use(const char *name, int ismacro, struct pos at)
{
	GROW(uses, nuses, maxuses);
	if ((uses[nuses].name = strdup(name)) == NULL)
		err(1, NULL);
	uses[nuses].ismacro = ismacro;
	uses[nuses].at = at;
	return ++nuses;
}

void
src_uses_clear(void)
{
	while (nuses > 0)
		free(uses[--nuses].name);
}

static const struct use *
use_of(struct pos p)
{
	if (p.via <= 0 || (size_t)p.via > nuses)
		return NULL;
	return &uses[p.via - 1];
}

/*
 * After the line of a position within a #define or macro: where that
 * was used, and where what it was used in was, out to the program's
 * own text.  A use within itself, over and over, is said once.
 */
static void
print_uses(FILE *fp, struct pos p)
{
	const struct use *u, *more;
	int times;

	for (u = use_of(p); u != NULL; u = more) {
		times = 1;
		while ((more = use_of(u->at)) != NULL &&
		    strcmp(more->name, u->name) == 0 &&
		    more->at.line == u->at.line && more->at.col == u->at.col) {
			times++;
			u = more;
		}
		fprintf(fp, "%s:%d:%d: in %s %s, used here", src_name,
		    u->at.line, u->at.col, u->ismacro ? "macro" : "#define",
		    u->name);
		if (times > 1)
			fprintf(fp, " (%d times, each within the last)", times);
		fprintf(fp, ":\n");
		print_line(fp, u->at);
	}
}

void
src_error(struct pos p, const char *fmt, ...)
{
	va_list ap;
	char *text = NULL;
	size_t len;
	FILE *fp = stderr;

	if (deferring && (fp = open_memstream(&text, &len)) == NULL)
		err(1, NULL);
	fflush(out);
	fprintf(fp, "%s:%d:%d: ", src_name, p.line, p.col);
	va_start(ap, fmt);
	vfprintf(fp, fmt, ap);
	va_end(ap);
	fprintf(fp, ":\n");
	print_line(fp, p);
	print_uses(fp, p);
	src_nerrors++;
	if (!deferring)
		return;
	fclose(fp);
	GROW(defer, ndefer, maxdefer);
	defer[ndefer].pos = p;
	defer[ndefer].seq = ndefer;
	defer[ndefer].text = text;
	ndefer++;
}

/* A warning in the same form; it is not an error and stops nothing. */
void
src_warn(struct pos p, const char *fmt, ...)
{
	va_list ap;

	fflush(out);
	fprintf(stderr, "%s:%d:%d: warning: ", src_name, p.line, p.col);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ":\n");
	print_line(stderr, p);
	print_uses(stderr, p);
}

/*
 * The position of the decoded byte `off' of the string literal that
 * starts at `quote', so that a message can point into the literal.
 * Escapes are skipped as the lexer reads them; a literal continued by
 * concatenation gives up and points at its start.
 */
struct pos
src_strpos(struct pos quote, size_t off)
{
	struct pos p = quote;
	size_t i, n;
	ssize_t start;

	if ((start = line_start(quote.line)) == -1)
		return quote;
	i = start + quote.col - 1;
	if (i >= src_len || src_buf[i] != '"')
		return quote;
	for (i++, p.col++; off > 0; off--) {
		if (i >= src_len || src_buf[i] == '"' || src_buf[i] == '\n')
			return quote;
		n = 1;
		if (src_buf[i] == '\\') {
			n = 2;
			if (i + 1 < src_len && src_buf[i + 1] == 'x')
				while (n < 4 && i + n < src_len &&
				    strchr("0123456789abcdefABCDEF",
				    src_buf[i + n]) != NULL)
					n++;
			else if (i + 1 < src_len && src_buf[i + 1] >= '0' &&
			    src_buf[i + 1] <= '7')
				while (n < 4 && i + n < src_len &&
				    src_buf[i + n] >= '0' &&
				    src_buf[i + n] <= '7')
					n++;
		}
		i += n;
		p.col += n;
	}
	return p;
}

/*
 * A message of the program itself (errorf, warnf): one line in the
 * same form, the program's text as it is.
 */
void
src_note(struct pos p, const char *kind, const char *text)
{
	fflush(out);
	fprintf(stderr, "%s:%d:%d: %s: %s%s", src_name, p.line, p.col, kind,
	    text, *text == '\0' || text[strlen(text) - 1] != '\n' ? "\n" :
	    "");
}

/* config missing_probes (config.c sets it). */
int		 config_missing = MISSING_ERROR;

/*
 * A probe the system lacks (a function not in a binary, a trace event
 * or kernel function not in this kernel): as config missing_probes
 * says, an error, a warning, or nothing, the probe then left out.
 */
void
probe_missing(struct pos pos, const char *fmt, ...)
{
	va_list ap;
	char msg[2048];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (config_missing == MISSING_ERROR)
		src_error(pos, "%s", msg);
	else if (config_missing == MISSING_WARN)
		src_warn(pos, "%s; left out (config missing_probes = warn)",
		    msg);
}
