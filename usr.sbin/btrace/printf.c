/* SPDX-License-Identifier: ISC */
/*
 * printf() of the bt(5) language and the printing of values.
 *
 * The user's format is never handed to libc.  Each conversion is parsed
 * here into a struct spec, then printed with a conversion specification
 * built from a fixed alphabet ("%-+ #0*.*ll" and the conversion letter),
 * keeping only the flags that C defines for that conversion.  Width and
 * precision always travel as int arguments of '*', so no user digits
 * end up in a format either.
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE		/* open_memstream(3) even under -std=c99 */
#endif

#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bt_val.h"

/*
 * Largest field width or precision.  A literal one above it is rejected
 * by fmt_check(); one taken from a '*' argument is clamped to it, as its
 * value is only known at run time.  It keeps a stray argument such as
 * printf("%*d", nsecs, 1) from writing gigabytes of padding.
 */
#define FMT_MAXWIDTH	4096

#define NOVALUE		(-1)	/* no width or precision given */

struct spec {
	size_t		 len;		/* bytes from '%' to the conversion */
	char		 conv;
	int		 minus, plus, space, alt, zero;
	int		 width;		/* NOVALUE or 0..FMT_MAXWIDTH */
	int		 width_star;
	int		 prec;		/* NOVALUE or 0..FMT_MAXWIDTH */
	int		 prec_star;
};

/* What a conversion does with its argument. */
enum conv_class {
	CC_UNKNOWN,
	CC_PERCENT,	/* %%: no argument */
	CC_CHAR,	/* %c: low byte of an integer, first byte of a string */
	CC_STR,		/* %s: any value, integers in decimal */
	CC_SIGNED,	/* %d %i */
	CC_UNSIGNED,	/* %o %u %x %X: the 64-bit two's complement */
	CC_FLOAT,	/* %e %f %g: the integer converted to double */
};

static enum conv_class
conv_class(char c)
{
	switch (c) {
	case '%':
		return CC_PERCENT;
	case 'c':
		return CC_CHAR;
	case 's':
	case 'r':	/* bpftrace's, of buf()'s text */
		return CC_STR;
	case 'd':
	case 'i':
		return CC_SIGNED;
	case 'o':
	case 'u':
	case 'x':
	case 'X':
		return CC_UNSIGNED;
	case 'e':
	case 'f':
	case 'g':
		return CC_FLOAT;
	default:
		return CC_UNKNOWN;
	}
}

/* "%d", or "%\x01" so that control bytes stay off the user's terminal. */
static const char *
conv_name(char c, char *buf, size_t len)
{
	if (isprint((unsigned char)c))
		snprintf(buf, len, "%%%c", c);
	else
		snprintf(buf, len, "%%\\x%02x", (unsigned char)c);
	return buf;
}

/* Digits of a literal width or precision; -1 above FMT_MAXWIDTH. */
static int
parse_num(const char **pp)
{
	const char	*p = *pp;
	int		 n = 0;

	while (isdigit((unsigned char)*p)) {
		if (n <= FMT_MAXWIDTH)
			n = n * 10 + (*p - '0');
		p++;
	}
	*pp = p;
	return n > FMT_MAXWIDTH ? -1 : n;
}

/*
 * Parse the conversion starting at the '%' at `fmt'.  Returns 0, or -1
 * with a message in `errbuf' (which may be NULL).
 */
static int
parse_spec(const char *fmt, struct spec *sp, char *errbuf, size_t errlen)
{
	const char	*p = fmt + 1;
	char		 name[8];

	memset(sp, 0, sizeof(*sp));
	sp->width = sp->prec = NOVALUE;

	for (;; p++) {
		if (*p == '-')
			sp->minus = 1;
		else if (*p == '+')
			sp->plus = 1;
		else if (*p == ' ')
			sp->space = 1;
		else if (*p == '#')
			sp->alt = 1;
		else if (*p == '0')
			sp->zero = 1;
		else
			break;
	}

	if (*p == '*') {
		sp->width_star = 1;
		p++;
	} else if (isdigit((unsigned char)*p)) {
		if ((sp->width = parse_num(&p)) == -1) {
			if (errbuf != NULL)
				snprintf(errbuf, errlen, "field width too "
				    "large (at most %d)", FMT_MAXWIDTH);
			return -1;
		}
	}

	/* A lone '.' is precision 0, as in C. */
	if (*p == '.') {
		p++;
		if (*p == '*') {
			sp->prec_star = 1;
			p++;
		} else if ((sp->prec = parse_num(&p)) == -1) {
			if (errbuf != NULL)
				snprintf(errbuf, errlen, "precision too "
				    "large (at most %d)", FMT_MAXWIDTH);
			return -1;
		}
	}

	/* C length modifiers: accepted, meaningless on 64-bit values. */
	if (p[0] == 'h' && p[1] == 'h')
		p += 2;
	else if (p[0] == 'l' && p[1] == 'l')
		p += 2;
	else if (*p == 'h' || *p == 'l' || *p == 'z' || *p == 'j')
		p++;

	if (*p == '\0') {
		if (errbuf != NULL)
			snprintf(errbuf, errlen, "incomplete conversion "
			    "at end of format");
		return -1;
	}
	sp->conv = *p;
	sp->len = p + 1 - fmt;

	switch (conv_class(sp->conv)) {
	case CC_UNKNOWN:
		if (errbuf != NULL)
			snprintf(errbuf, errlen, "unknown conversion %s",
			    conv_name(sp->conv, name, sizeof(name)));
		return -1;
	case CC_PERCENT:
		if (sp->len != 2) {
			if (errbuf != NULL)
				snprintf(errbuf, errlen, "%%%% takes no "
				    "flags, width, precision or length");
			return -1;
		}
		break;
	default:
		break;
	}
	return 0;
}

/* What a value of static type `t' is when it cannot be used, or NULL. */
static const char *
type_mismatch(enum val_type t, int want_int)
{
	if (t == VT_TUPLE)
		return "a tuple";
	if (want_int && t == VT_STR)
		return "a string";
	return NULL;
}

int
fmt_check(const char *fmt, const enum val_type *types, size_t nargs,
    char *errbuf, size_t errlen, size_t *erroff)
{
	const char	*p, *bad;
	struct spec	 sp;
	size_t		 argi = 0, off;
	char		 name[8];

	for (p = fmt; *p != '\0'; p++) {
		if (*p != '%')
			continue;
		off = p - fmt;
		if (erroff != NULL)
			*erroff = off;
		if (parse_spec(p, &sp, errbuf, errlen) == -1)
			return -1;
		conv_name(sp.conv, name, sizeof(name));
		p += sp.len - 1;
		if (sp.conv == '%')
			continue;

		if (sp.width_star) {
			if (argi >= nargs)
				goto missing;
			if ((bad = type_mismatch(types[argi], 1)) != NULL) {
				snprintf(errbuf, errlen, "%s: '*' field width "
				    "expects an integer, got %s", name, bad);
				return -1;
			}
			argi++;
		}
		if (sp.prec_star) {
			if (argi >= nargs)
				goto missing;
			if ((bad = type_mismatch(types[argi], 1)) != NULL) {
				snprintf(errbuf, errlen, "%s: '*' precision "
				    "expects an integer, got %s", name, bad);
				return -1;
			}
			argi++;
		}

		if (argi >= nargs)
			goto missing;
		switch (conv_class(sp.conv)) {
		case CC_STR:
			bad = NULL;
			break;
		case CC_CHAR:
			/* The first byte of a string is fine. */
			bad = type_mismatch(types[argi], 0);
			break;
		default:
			bad = type_mismatch(types[argi], 1);
			break;
		}
		if (bad != NULL) {
			snprintf(errbuf, errlen, "%s: expects an integer, "
			    "got %s", name, bad);
			return -1;
		}
		argi++;
	}

	if (argi < nargs) {
		if (erroff != NULL)
			*erroff = p - fmt;
		snprintf(errbuf, errlen, "too many arguments for format");
		return -1;
	}
	return 0;

 missing:
	snprintf(errbuf, errlen, "missing argument for %s", name);
	return -1;
}

/* The value as a number; strings are read as decimal, others are 0. */
static int64_t
val_int(const struct val *v)
{
	switch (v->v_type) {
	case VT_INT:
		return v->v_int;
	case VT_STR:
		return strtoll(v->v_str, NULL, 10);
	default:
		return 0;
	}
}

/* A width or precision taken from a '*' argument, clamped. */
static int
star_value(const struct val *v)
{
	int64_t		 n = val_int(v);

	if (n > FMT_MAXWIDTH)
		return FMT_MAXWIDTH;
	if (n < -FMT_MAXWIDTH)
		return -FMT_MAXWIDTH;
	return (int)n;
}

/*
 * %s of any value.  A tuple is printed by val_print() into a memory
 * stream first, since width and precision apply to the whole of it.
 */
static void
print_str(FILE *fp, const char *cspec, int width, int prec,
    const struct val *v)
{
	char		 num[32];
	char		*buf = NULL;
	size_t		 len = 0;
	FILE		*mfp;

	switch (v->v_type) {
	case VT_INT:
		snprintf(num, sizeof(num), "%lld", (long long)v->v_int);
		fprintf(fp, cspec, width, prec, num);
		break;
	case VT_STR:
		fprintf(fp, cspec, width, prec, v->v_str);
		break;
	case VT_TUPLE:
		if ((mfp = open_memstream(&buf, &len)) == NULL) {
			val_print(fp, v);	/* unpadded beats nothing */
			break;
		}
		val_print(mfp, v);
		if (fclose(mfp) == 0)
			fprintf(fp, cspec, width, prec, buf);
		else
			val_print(fp, v);
		free(buf);
		break;
	default:
		fprintf(fp, cspec, width, prec, "");
		break;
	}
}

void
fmt_print(FILE *fp, const char *fmt, const struct val *args, size_t nargs)
{
	static const struct val	 none = { .v_type = VT_NONE };
	const struct val	*arg;
	const char		*p, *q;
	struct spec		 sp;
	enum conv_class		 cc;
	char			 cspec[16], *c;
	size_t			 argi = 0;
	int			 width, prec, minus, ch;

/* A checked format never runs out; be safe if one does anyway. */
#define NEXTARG()	(argi < nargs ? &args[argi++] : &none)

	for (p = fmt; *p != '\0'; p = q) {
		if (*p != '%') {
			if ((q = strchr(p, '%')) == NULL)
				q = p + strlen(p);
			fwrite(p, 1, q - p, fp);
			continue;
		}
		if (parse_spec(p, &sp, NULL, 0) == -1) {
			/* Not reached after fmt_check(): print it as is. */
			fputs(p, fp);
			return;
		}
		q = p + sp.len;
		cc = conv_class(sp.conv);
		if (cc == CC_PERCENT) {
			putc('%', fp);
			continue;
		}

		width = sp.width;
		prec = sp.prec;
		minus = sp.minus;
		if (sp.width_star) {
			width = star_value(NEXTARG());
			/* A negative width is a '-' flag, as in C. */
			if (width < 0) {
				minus = 1;
				width = -width;
			}
		}
		if (sp.prec_star) {
			prec = star_value(NEXTARG());
			/* A negative precision is none, as in C. */
			if (prec < 0)
				prec = NOVALUE;
		}
		if (width == NOVALUE)
			width = 0;
		arg = NEXTARG();

		/* Only the flags C defines for this conversion. */
		c = cspec;
		*c++ = '%';
		if (minus)
			*c++ = '-';
		if (sp.plus && (cc == CC_SIGNED || cc == CC_FLOAT))
			*c++ = '+';
		if (sp.space && (cc == CC_SIGNED || cc == CC_FLOAT))
			*c++ = ' ';
		if (sp.alt && (cc == CC_UNSIGNED || cc == CC_FLOAT))
			*c++ = '#';
		if (sp.zero && cc != CC_CHAR && cc != CC_STR)
			*c++ = '0';
		*c++ = '*';
		/* Precision is undefined for %c in C: dropped. */
		if (cc != CC_CHAR) {
			*c++ = '.';
			*c++ = '*';
		}
		if (cc == CC_SIGNED || cc == CC_UNSIGNED) {
			*c++ = 'l';
			*c++ = 'l';
		}
		*c++ = cc == CC_STR ? 's' : sp.conv;
		*c = '\0';

		switch (cc) {
		case CC_CHAR:
			if (arg->v_type == VT_STR)
				ch = (unsigned char)arg->v_str[0];
			else
				ch = (unsigned char)val_int(arg);
			fprintf(fp, cspec, width, ch);
			break;
		case CC_STR:
			print_str(fp, cspec, width, prec, arg);
			break;
		case CC_SIGNED:
			fprintf(fp, cspec, width, prec,
			    (long long)val_int(arg));
			break;
		case CC_UNSIGNED:
			fprintf(fp, cspec, width, prec,
			    (unsigned long long)val_int(arg));
			break;
		case CC_FLOAT:
			fprintf(fp, cspec, width, prec,
			    (double)val_int(arg));
			break;
		default:
			break;
		}
	}
#undef NEXTARG
}

void
val_print(FILE *fp, const struct val *v)
{
	size_t		 i;

	switch (v->v_type) {
	case VT_INT:
		fprintf(fp, "%lld", (long long)v->v_int);
		break;
	case VT_STR:
		fputs(v->v_str, fp);
		break;
	case VT_TUPLE:
		putc('(', fp);
		for (i = 0; i < v->v_tuple->t_n; i++) {
			if (i > 0)
				fputs(", ", fp);
			val_print(fp, &v->v_tuple->t_v[i]);
		}
		putc(')', fp);
		break;
	default:
		/* VT_NONE: the empty string. */
		break;
	}
}
