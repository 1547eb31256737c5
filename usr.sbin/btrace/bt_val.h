/* SPDX-License-Identifier: ISC */
/*
 * Run-time values of the bt(5) language.
 */

#ifndef BT_VAL_H
#define BT_VAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define STRLEN		128	/* str() results hold at most STRLEN - 1 bytes */

enum val_type {
	VT_NONE = 0,		/* missing $N: "" as a string, 0 as a number */
	VT_INT,
	VT_STR,
	VT_TUPLE,
};

struct tuple;

struct val {
	enum val_type	 v_type;
	int64_t		 v_int;		/* VT_INT */
	const char	*v_str;		/* VT_STR, NUL-terminated */
	struct tuple	*v_tuple;	/* VT_TUPLE */
};

struct tuple {
	size_t		 t_n;
	struct val	 t_v[];
};

/*
 * printf(3)-like formatting of bt(5) printf() statements (printf.c).
 *
 * fmt_check() validates `fmt' at parse time against the static types of
 * the `nargs' arguments (`types[i]' is VT_INT, VT_STR, VT_TUPLE, or
 * VT_NONE when the type is only known at run time).  It returns 0 or -1
 * with a message in `errbuf' naming the offending conversion; `*erroff'
 * is set to the byte offset of the conversion in `fmt'.
 *
 * fmt_print() writes the formatted result to `fp'; it never fails on
 * arguments of the wrong dynamic type (strings are converted with
 * strtoll(3), integers printed in decimal for %s).
 */
int	fmt_check(const char *fmt, const enum val_type *types, size_t nargs,
	    char *errbuf, size_t errlen, size_t *erroff);
void	fmt_print(FILE *fp, const char *fmt, const struct val *args,
	    size_t nargs);

/* Print a value as map keys and values are printed: %ld, raw, "(a, b)". */
void	val_print(FILE *fp, const struct val *);

#endif /* BT_VAL_H */
