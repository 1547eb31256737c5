/*
 * Messages about the program being run, in the file:line:col: form
 * followed by the source line and a caret under the column.
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "btrace.h"

static const char	*src_buf;
static size_t		 src_len;
static const char	*src_name;
int			 src_nerrors;

void
src_set(const char *buf, size_t len, const char *name)
{
	src_buf = buf;
	src_len = len;
	src_name = name != NULL ? name : "btrace";
}

static void
print_line(struct pos p)
{
	size_t i, start = 0, end;
	int line = 1, col, width = 0;

	for (i = 0; i < src_len && line < p.line; i++) {
		if (src_buf[i] == '\n') {
			line++;
			start = i + 1;
		}
	}
	if (line != p.line)
		return;
	for (end = start; end < src_len && src_buf[end] != '\n'; end++)
		continue;
	fprintf(stderr, "%.*s\n", (int)(end - start), src_buf + start);

	/* A tab takes 8 columns, as a terminal would show it. */
	for (col = 1, i = start; col < p.col && i < end; col++, i++)
		width += src_buf[i] == '\t' ? 8 : 1;
	fprintf(stderr, "%*s^\n", width, "");
}

void
src_error(struct pos p, const char *fmt, ...)
{
	va_list ap;

	fflush(out);
	fprintf(stderr, "%s:%d:%d: ", src_name, p.line, p.col);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ":\n");
	print_line(p);
	src_nerrors++;
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
	int line = 1;

	for (i = 0; i < src_len && line < quote.line; i++)
		if (src_buf[i] == '\n')
			line++;
	i += quote.col - 1;
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
