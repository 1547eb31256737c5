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
