/* SPDX-License-Identifier: ISC */
/*
 * The integer constants of the kernel headers a script includes
 * (headers.c).
 */

#ifndef HEADERS_H
#define HEADERS_H

#include <stddef.h>

/* The script's #defines, which a header's join and never replace. */
struct headers_defs {
	int	(*defined)(const char *, size_t);
	void	(*define)(const char *, const char *);
};

/*
 * #include <file>: the object-like macros of file, found in the running
 * kernel's headers (or BTRACE_HEADERS), whose text is an integer or
 * integers and names defined joined by operators, are #defined.
 */
void		 headers_include(const char *, const struct headers_defs *);

/* The includes not found, "<a.h>, <b.h>", or NULL. */
const char	*headers_missing(void);

#endif /* HEADERS_H */
