/* SPDX-License-Identifier: ISC */
/*
 * Lexer for bt(5).
 *
 * Probe descriptions and expressions need different tokens: a probe name
 * such as `syscall:exit:entry' or `kprobe:vfs_*:entry' would otherwise
 * lex as identifiers, operators and keywords.  The lexer therefore knows
 * where it is: between rules (probe names), inside a filter, or inside
 * an action, by counting braces, which needs no help from the grammar.
 */

#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btrace.h"
#include "bt_lex.h"
#include "bt_parse.h"
#include "cstruct.h"
#include "headers.h"
#include "util.h"

enum lexmode {
	M_PROBES,		/* between rules */
	M_FILTER,		/* inside / ... / */
	M_ACTION,		/* inside { ... } */
};

static const char	*lbuf;		/* the whole program */
static size_t		 llen;
static size_t		 lidx;
static int		 lline, lcol;	/* position of lbuf[lidx] */
static size_t		 lbol;		/* where the line of lidx begins */
static const struct pos	*lmap;		/* in a frame: each byte's position */
static struct pos	 lastpos;	/* of the byte next() returned last */
static enum lexmode	 lmode;
static int		 ldepth;	/* brace depth */
static int		 bare_if;	/* in if COND before its '{' */

int			 lex_error;	/* an ERROR token was reported */

/*
 * bpftrace's preprocessor lines, of the simple kind its tools use:
 * #define NAME text, #undef, #ifdef, #ifndef, #if N, #elif, #else,
 * #endif, and #include, accepted and ignored since types come from
 * the kernel's BTF.  A defined name in an action or filter is read as
 * its text, from a frame of its own.  Each byte of a frame has the
 * position it was written at, in the #define or the macro, tagged with
 * its use (pos.via), so that a message points into the definition and
 * then says where it was used; a header's #define is at its use.
 */
#define MAXEXPAND	32		/* #defines in #defines */
#define MAXCOND		64		/* #ifs in #ifs */
struct define {
	char		*name, *text;
	struct pos	*pos;		/* of each byte of text; NULL: from
					   a header */
};
static struct define	*defines;
static size_t		 ndefines, maxdefines;
static struct frame {
	const char	*buf;
	const struct pos *map;
	size_t		 len, idx, bol;
	int		 line, col;
} frames[MAXEXPAND];
static int		 nframes;	/* #defines being read */
static struct pos	**maps;		/* each use's, kept for messages */
static size_t		 nmaps, maxmaps;
static struct pos	 conds[MAXCOND];	/* the #ifs still open */
static int		 nconds;
static char		*sbuf;		/* scratch for words and strings */
static struct pos	*spos;		/* and where each byte was read */
static size_t		 ssize, slen;
static YYSTYPE		*lval;		/* where the token's value goes */

static void	define_set(const char *, const char *);
static void	define_put(const char *, const char *, struct pos *);
static int	define_known(const char *, size_t);

/* What a header's constants are #defined through (headers.c). */
static const struct headers_defs header_defs = {
	define_known, define_set
};
static int	directive(void);
static int	lex_token(YYSTYPE *);
static int	push_frame(const char *, struct pos *);
static struct pos *define_map(const struct define *);
static void	macros_clear(void);
static void	type_define(const char *, struct pos);
static void	map_declare(struct pos);

void
lex_init(const char *buf, size_t len)
{
	lbuf = buf;
	llen = len;
	lidx = 0;
	lline = 1;
	lcol = 1;
	lmode = M_PROBES;
	ldepth = 0;
	bare_if = 0;
	lbol = 0;
	nframes = 0;
	nconds = 0;
	while (ndefines > 0) {
		ndefines--;
		free(defines[ndefines].name);
		free(defines[ndefines].text);
		free(defines[ndefines].pos);
	}
	macros_clear();
	/* bpftrace's tools ask whether types come from BTF: they do. */
	define_set("BPFTRACE_HAVE_BTF", "1");
}

/* The lexer reported a mistake: the parser need not report it again. */
static int
lex_fail(void)
{
	lex_error = 1;
	return ERROR;
}

static int
peek(size_t off)
{
	if (lidx + off < llen)
		return (unsigned char)lbuf[lidx + off];
	return EOF;
}

/* The position of lbuf[lidx]. */
static struct pos
here(void)
{
	struct pos p = { lline, lcol, 0 };

	if (nframes == 0)
		return p;
	return lmap[lidx < llen ? lidx : llen];	/* maps end one beyond */
}

static int
next(void)
{
	int c;

	if (lidx >= llen)
		return EOF;
	lastpos = here();
	c = (unsigned char)lbuf[lidx++];
	if (c == '\n') {
		lline++;
		lcol = 1;
		lbol = lidx;
	} else
		lcol++;
	return c;
}

/* Add c to sbuf, as read at the position of the last byte read. */
static void
sadd(int c)
{
	if (slen + 1 >= ssize) {
		ssize = ssize ? ssize * 2 : 256;
		if ((sbuf = realloc(sbuf, ssize)) == NULL ||
		    (spos = reallocarray(spos, ssize, sizeof(*spos))) == NULL)
			err(1, NULL);
	}
	spos[slen] = lastpos;
	sbuf[slen++] = c;
	sbuf[slen] = '\0';
}

static char *
sdup(void)
{
	char *s;

	if ((s = strdup(slen ? sbuf : "")) == NULL)
		err(1, NULL);
	return s;
}

/* Where each byte of sbuf was read, in a new array. */
static struct pos *
sdup_pos(void)
{
	struct pos *p;

	if ((p = reallocarray(NULL, slen + 1, sizeof(*p))) == NULL)
		err(1, NULL);
	if (slen > 0)
		memcpy(p, spos, slen * sizeof(*p));
	p[slen] = lastpos;	/* what ended it: an empty text is there */
	return p;
}

/* Only blanks before lbuf[lidx] on its line: a # there starts a directive. */
static int
at_line_start(void)
{
	size_t i;

	for (i = lbol; i < lidx; i++)
		if (lbuf[i] != ' ' && lbuf[i] != '\t')
			return 0;
	return 1;
}

static struct define *
define_find(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < ndefines; i++)
		if (strlen(defines[i].name) == len &&
		    strncmp(defines[i].name, name, len) == 0)
			return &defines[i];
	return NULL;
}

static int
define_known(const char *name, size_t len)
{
	return define_find(name, len) != NULL;
}

static void
define_set(const char *name, const char *text)
{
	define_put(name, text, NULL);
}

/* #define name text; `pos', if any, is the text's and d's now. */
static void
define_put(const char *name, const char *text, struct pos *pos)
{
	struct define *d;

	if ((d = define_find(name, strlen(name))) == NULL) {
		if (ndefines == maxdefines) {
			maxdefines = maxdefines ? maxdefines * 2 : 16;
			defines = reallocarray(defines, maxdefines,
			    sizeof(*defines));
			if (defines == NULL)
				err(1, NULL);
		}
		d = &defines[ndefines++];
		if ((d->name = strdup(name)) == NULL)
			err(1, NULL);
	} else {
		free(d->text);
		free(d->pos);
	}
	if ((d->text = strdup(text)) == NULL)
		err(1, NULL);
	d->pos = pos;
}

static void
define_unset(const char *name)
{
	struct define *d;

	if ((d = define_find(name, strlen(name))) == NULL)
		return;
	free(d->name);
	free(d->text);
	free(d->pos);
	*d = defines[--ndefines];
}

/* Read the rest of the line, without its newline, into sbuf. */
static void
rest_of_line(void)
{
	int c;

	slen = 0;
	sadd('\0');
	slen = 0;
	while ((c = peek(0)) != EOF && c != '\n')
		sadd(next());
	while (slen > 0 && isspace((unsigned char)sbuf[slen - 1]))
		sbuf[--slen] = '\0';
}

static void
skip_blanks(void)
{
	while (peek(0) == ' ' || peek(0) == '\t')
		next();
}

/* The word after a '#' and blanks, in a new string. */
static char *
directive_word(void)
{
	next();				/* # */
	skip_blanks();
	slen = 0;
	sadd('\0');
	slen = 0;
	while (peek(0) != EOF && (isalnum(peek(0)) || peek(0) == '_'))
		sadd(next());
	return sdup();
}

/* The name after #define, #ifdef, ...; NULL and a message if none. */
static char *
directive_name(const char *dir, struct pos p)
{
	skip_blanks();
	if (peek(0) == EOF || !(isalpha(peek(0)) || peek(0) == '_')) {
		src_error(p, "#%s needs a name", dir);
		return NULL;
	}
	slen = 0;
	while (peek(0) != EOF && (isalnum(peek(0)) || peek(0) == '_'))
		sadd(next());
	return sdup();
}

/*
 * Whether the condition of an #if or #elif holds: a number, or
 * defined(NAME) or defined NAME, perhaps after a '!'.  -1 and a message
 * for anything else.
 */
static int
cond_value(const char *dir, struct pos p)
{
	const char *s;
	char *end;
	int not = 0, paren = 0, v;
	size_t n;

	skip_blanks();
	rest_of_line();
	s = sbuf;
	if (*s == '!') {
		not = 1;
		for (s++; *s == ' ' || *s == '\t'; s++)
			continue;
	}
	if (strncmp(s, "defined", 7) == 0) {
		for (s += 7; *s == ' ' || *s == '\t'; s++)
			continue;
		if (*s == '(') {
			paren = 1;
			for (s++; *s == ' ' || *s == '\t'; s++)
				continue;
		}
		n = strspn(s, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
		v = n > 0 && define_find(s, n) != NULL;
		for (s += n; *s == ' ' || *s == '\t'; s++)
			continue;
		if (n == 0 || (paren && *s++ != ')') || *s != '\0')
			goto bad;
		return v ^ not;
	}
	if (isdigit((unsigned char)*s)) {
		v = strtoll(s, &end, 0) != 0;
		if (*end == '\0')
			return v ^ not;
	}
bad:
	src_error(p, "#%s: only a number or defined(NAME) can be tested, "
	    "not '%s'", dir, sbuf);
	return -1;
}

/*
 * Skip the lines of a group whose condition is false, up to its #else,
 * #elif or #endif, which is left unread; 0, or -1 at the end of input.
 */
static int
skip_group(void)
{
	size_t save;
	int c, depth = 0, sline, scol;
	char *w;

	for (;;) {
		skip_blanks();
		if ((c = peek(0)) == EOF)
			return -1;
		if (c == '#') {
			save = lidx;
			sline = lline;
			scol = lcol;
			w = directive_word();
			if (strncmp(w, "if", 2) == 0)
				depth++;
			else if (strcmp(w, "endif") == 0 && depth > 0)
				depth--;
			else if (depth == 0 && (strcmp(w, "endif") == 0 ||
			    strcmp(w, "else") == 0 || strcmp(w, "elif") == 0)) {
				free(w);
				lidx = save;
				lline = sline;
				lcol = scol;
				return 0;
			}
			free(w);
		}
		while ((c = peek(0)) != EOF && c != '\n')
			next();
		if (c == EOF)
			return -1;
		next();
	}
}

/*
 * After a false condition: skip to the group that is taken, or to the
 * #endif.  `taken' says a group of this #if was taken already, so that
 * everything up to the #endif is skipped.
 */
static void
skip_to_taken(int taken)
{
	struct pos p;
	char *w;
	int v;

	for (;;) {
		if (skip_group() == -1) {
			src_error(conds[nconds - 1], "#if without #endif");
			nconds--;
			return;
		}
		p = here();
		w = directive_word();
		if (strcmp(w, "endif") == 0) {
			free(w);
			rest_of_line();
			nconds--;
			return;
		}
		if (strcmp(w, "else") == 0) {
			free(w);
			rest_of_line();
			if (!taken)
				return;
			continue;
		}
		/* #elif */
		free(w);
		if ((v = cond_value("elif", p)) == 1 && !taken)
			return;
		if (v == -1)
			taken = 1;
	}
}

/*
 * A line starting with '#'.  The unknown ones, and those a script needs
 * and btrace lacks, are errors that say what to write instead.
 */
static int
directive(void)
{
	struct pos p = here();
	char *w, *name;
	int v;

	w = directive_word();
	if (strcmp(w, "include") == 0) {
		skip_blanks();
		rest_of_line();
		if (slen < 2 || ((sbuf[0] != '<' || sbuf[slen - 1] != '>') &&
		    (sbuf[0] != '"' || sbuf[slen - 1] != '"')))
			src_error(p, "#include needs <file> or \"file\"");
		else if (sbuf[0] == '<') {
			sbuf[slen - 1] = '\0';
			headers_include(sbuf + 1, &header_defs);
		}
	} else if (strcmp(w, "define") == 0) {
		if ((name = directive_name(w, p)) != NULL) {
			if (peek(0) == '(') {
				src_error(p, "#define %s(...) with arguments "
				    "is not supported: write a macro, "
				    "macro %s(...) { ... }", name, name);
				rest_of_line();
			} else {
				skip_blanks();
				rest_of_line();
				define_put(name, sbuf, sdup_pos());
			}
			free(name);
		}
	} else if (strcmp(w, "undef") == 0) {
		if ((name = directive_name(w, p)) != NULL) {
			define_unset(name);
			free(name);
		}
	} else if (strcmp(w, "ifdef") == 0 || strcmp(w, "ifndef") == 0 ||
	    strcmp(w, "if") == 0) {
		if (nconds == MAXCOND) {
			src_error(p, "#if nested more than %d deep", MAXCOND);
			free(w);
			return -1;
		}
		if (strcmp(w, "if") == 0)
			v = cond_value(w, p);
		else if ((name = directive_name(w, p)) == NULL)
			v = -1;
		else {
			v = define_find(name, strlen(name)) != NULL;
			if (w[2] == 'n')
				v = !v;
			free(name);
		}
		conds[nconds++] = p;
		if (v != 1)
			skip_to_taken(v == -1);
	} else if (strcmp(w, "else") == 0 || strcmp(w, "elif") == 0) {
		if (nconds == 0)
			src_error(p, "#%s without #if", w);
		else
			skip_to_taken(1);
	} else if (strcmp(w, "endif") == 0) {
		if (nconds == 0)
			src_error(p, "#endif without #if");
		else
			nconds--;
	} else
		src_error(p, "unknown directive '#%s': bt(5) has #define, "
		    "#undef, #if, #ifdef, #ifndef, #elif, #else, #endif and "
		    "#include", w);
	free(w);
	/* Whatever is left of the line: #endif's comment, a mistake. */
	rest_of_line();
	return 0;
}

/* Skip blanks and comments; returns 0, or -1 on an unterminated comment. */
static int
skip_space(void)
{
	struct pos start;
	int c;

	for (;;) {
		c = peek(0);
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\f' || c == '\v') {
			next();
			continue;
		}
		if (c == '#' && nframes == 0 && at_line_start()) {
			if (peek(1) == '!' && lidx == 0) {
				while ((c = peek(0)) != EOF && c != '\n')
					next();
				continue;
			}
			if (directive() == -1)
				return -1;
			continue;
		}
		if (c == EOF && nframes == 0 && nconds > 0) {
			src_error(conds[nconds - 1], "#if without #endif");
			nconds = 0;
			return 0;
		}
		if (c == '#' && peek(1) == '!' && lidx == 0) {
			while ((c = peek(0)) != EOF && c != '\n')
				next();
			continue;
		}
		if (c == '/' && peek(1) == '/') {
			while ((c = peek(0)) != EOF && c != '\n')
				next();
			continue;
		}
		if (c == '/' && peek(1) == '*') {
			start = here();
			next();
			next();
			for (;;) {
				c = next();
				if (c == EOF) {
					src_error(start,
					    "unterminated comment");
					return -1;
				}
				if (c == '*' && peek(0) == '/') {
					next();
					break;
				}
			}
			continue;
		}
		return 0;
	}
}

static int
is_probe_char(int c)
{
	return isalnum(c) || c == '_' || c == ':' || c == '*' || c == '?' ||
	    c == '[' || c == ']' || c == '-' || c == '.' || c == '!' ||
	    c == '@';	/* a symbol's version: malloc@@GLIBC_2.2.5 */
}

static int
lex_probe(void)
{
	int c;

	c = peek(0);
	if (!is_probe_char(c))
		return 0;
	slen = 0;
	/*
	 * A path after a ':' (uprobe:/bin/sh:f, uprobe:./a.out:f) is part
	 * of the name, and a '+' after a ':' (libstdc++.so.6, f+16).
	 */
	while ((c = peek(0)) != EOF && (is_probe_char(c) ||
	    (c == '/' && slen > 0 && sbuf[slen - 1] == ':') ||
	    (c == '/' && (strstr(sbuf, ":/") != NULL ||
	    strstr(sbuf, ":.") != NULL)) ||
	    (c == '+' && slen > 0 && strchr(sbuf, ':') != NULL)))
		sadd(next());
	if (strcmp(sbuf, "BEGIN") == 0)
		return BEGIN_;
	if (strcmp(sbuf, "END") == 0)
		return END_;
	lval->v.str = sdup();
	return PROBE;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Read one escape sequence after the backslash; -1 on error. */
static int
lex_escape(void)
{
	struct pos p = here();
	int c, v, i;

	c = next();
	switch (c) {
	case '\\':
	case '\'':
	case '"':
	case '?':
		return c;
	case 'a':
		return '\a';
	case 'b':
		return '\b';
	case 'e':
		return 033;
	case 'f':
		return '\f';
	case 'n':
		return '\n';
	case 'r':
		return '\r';
	case 't':
		return '\t';
	case 'v':
		return '\v';
	case 'x':
		v = 0;
		for (i = 0; i < 2 && hexval(peek(0)) >= 0; i++)
			v = v * 16 + hexval(next());
		if (i == 0) {
			src_error(p, "\\x used with no following hex digits");
			return -1;
		}
		break;
	case '0': case '1': case '2': case '3':
	case '4': case '5': case '6': case '7':
		v = c - '0';
		for (i = 1; i < 3 && peek(0) >= '0' && peek(0) <= '7'; i++)
			v = v * 8 + (next() - '0');
		break;
	case EOF:
	case '\n':
		src_error(p, "unterminated string");
		return -1;
	default:
		src_error(p, "unknown escape sequence '\\%c'", c);
		return -1;
	}
	if (v == 0) {
		src_error(p, "NUL character in string");
		return -1;
	}
	return v;
}

/* A string literal; adjacent literals are concatenated as in C. */
static int
lex_string(void)
{
	struct pos start;
	int c, bad = 0;

	slen = 0;
	sadd('\0');
	slen = 0;
	for (;;) {
		start = here();
		next();			/* opening quote */
		for (;;) {
			c = next();
			if (c == EOF || c == '\n') {
				src_error(start, "unterminated string");
				return lex_fail();
			}
			if (c == '"')
				break;
			if (c == '\\') {
				if ((c = lex_escape()) == -1) {
					bad = 1;
					continue;
				}
			}
			sadd(c);
		}
		if (skip_space() == -1)
			return lex_fail();
		if (peek(0) != '"')
			break;
	}
	if (bad)
		return lex_fail();
	lval->v.str = sdup();
	return STRING;
}

/*
 * The nanoseconds in a duration suffix of a number, as bpftrace reads
 * `5s' or `100ms'; 0 if `sfx' is none.
 */
static unsigned long long
duration_unit(const char *sfx)
{
	static const struct {
		const char		*name;
		unsigned long long	 ns;
	} units[] = {
		{ "ns", 1ULL }, { "us", 1000ULL }, { "ms", 1000000ULL },
		{ "s", 1000000000ULL }, { "m", 60000000000ULL },
		{ "h", 3600000000000ULL }, { "d", 86400000000000ULL },
	};
	size_t i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(sfx, units[i].name) == 0)
			return units[i].ns;
	return 0;
}

/*
 * A decimal number may be written as bpftrace allows: with `_' between
 * digits (1_000_000), with an exponent (1e6, an integer still), or
 * with a duration suffix (5s, 10ms: nanoseconds).
 */
static int
lex_number(void)
{
	struct pos p = here();
	unsigned long long v, mult = 1;
	char *end, *digits;
	size_t i, j;
	int c, exp, overflow = 0;

	slen = 0;
	while ((c = peek(0)) != EOF && (isalnum(c) || c == '_'))
		sadd(next());
	if ((digits = strdup(sbuf)) == NULL)
		err(1, NULL);
	for (i = j = 0; sbuf[i] != '\0'; i++) {
		if (sbuf[i] == '_') {
			/* Only between two digits. */
			if (i == 0 || !isdigit((unsigned char)sbuf[i - 1]) ||
			    !isdigit((unsigned char)sbuf[i + 1]))
				goto bad;
			continue;
		}
		digits[j++] = sbuf[i];
	}
	digits[j] = '\0';
	errno = 0;
	v = strtoull(digits, &end, 0);
	if (errno == ERANGE)
		overflow = 1;
	/* Suffixes only after a decimal number (not 0x1, not 010). */
	if (*end != '\0' && end > digits &&
	    strspn(digits, "0123456789") == (size_t)(end - digits) &&
	    (digits[0] != '0' || end - digits == 1)) {
		if (end[0] == 'e' && isdigit((unsigned char)end[1])) {
			exp = 0;
			for (end++; isdigit((unsigned char)*end); end++)
				if ((exp = exp * 10 + (*end - '0')) > 19)
					exp = 20;
			while (exp-- > 0)
				if (mult > UINT64_MAX / 10)
					overflow = 1;
				else
					mult *= 10;
		} else if ((mult = duration_unit(end)) != 0)
			end += strlen(end);
	}
	if (*end != '\0')
		goto bad;
	if (mult != 0 && v > UINT64_MAX / mult)
		overflow = 1;
	free(digits);
	if (overflow) {
		src_error(p, "number '%s' is too large", sbuf);
		return lex_fail();
	}
	lval->v.num = (int64_t)(v * mult);
	return NUMBER;
bad:
	free(digits);
	src_error(p, "invalid number '%s'", sbuf);
	return lex_fail();
}

static int
lex_word(void)
{
	int c;

	slen = 0;
	sadd('\0');
	slen = 0;
	while ((c = peek(0)) != EOF && (isalnum(c) || c == '_'))
		sadd(next());
	return 0;
}

/* The keywords of C types in the word just read, 0 if it is none. */
static int
lex_keyword(void)
{
	static const struct {
		const char	*word;
		int		 token;
	} kw[] = {
		{ "sizeof", SIZEOF }, { "offsetof", OFFSETOF },
		{ "struct", STRUCT }, { "union", UNION }, { "enum", ENUM },
		/* bpftrace's loops and declarations. */
		{ "break", BREAK }, { "continue", CONTINUE }, { "for", FOR },
		{ "let", LET }, { "return", RETURN }, { "unroll", UNROLL },
		{ "while", WHILE },
	};
	size_t i;

	for (i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
		if (strcmp(sbuf, kw[i].word) == 0)
			return kw[i].token;
	return 0;
}

/* bt(5)'s integer types, which casts name: int8 ... uint64. */
/* Whether the word before the '(' just read is w. */
static int
word_before(const char *w)
{
	size_t end = lidx - 1, start;

	while (end > 0 && (lbuf[end - 1] == ' ' || lbuf[end - 1] == '\t'))
		end--;
	for (start = end; start > 0 && (isalnum((unsigned char)
	    lbuf[start - 1]) || lbuf[start - 1] == '_'); start--)
		continue;
	return end - start == strlen(w) &&
	    strncmp(lbuf + start, w, end - start) == 0;
}

/*
 * After '(': a cast to a pointer to a type named by words, such as
 * `(char *)', `(unsigned char **)' or `(u32 *)', which no expression
 * can be taken for: PTRCAST with the type's name and stars, the ')'
 * read.  0, having read nothing, if it is not one: struct and union
 * casts, and the types of sizeof and offsetof, are the grammar's.
 * bt(5)'s own integer types are named as the kernel's BTF names them.
 */
static int
lex_ptrcast(YYSTYPE *lval)
{
	static const char *const ints[][2] = {
		{ "int8", "s8" }, { "uint8", "u8" }, { "int16", "s16" },
		{ "uint16", "u16" }, { "int32", "s32" }, { "uint32", "u32" },
		{ "int64", "s64" }, { "uint64", "u64" }, { "bool", "_Bool" },
	};
	char name[128];
	size_t at = 0, w, len, n = 0, i;
	int stars = 0;

	if (word_before("sizeof") || word_before("offsetof"))
		return 0;
	name[0] = '\0';
	for (;;) {
		while (peek(at) == ' ' || peek(at) == '\t')
			at++;
		if (!(isalpha(peek(at)) || peek(at) == '_'))
			break;
		for (w = at; isalnum(peek(at)) || peek(at) == '_'; at++)
			continue;
		len = at - w;
		if ((len == 6 && strncmp(lbuf + lidx + w, "struct", 6) == 0) ||
		    (len == 5 && strncmp(lbuf + lidx + w, "union", 5) == 0) ||
		    (len == 4 && strncmp(lbuf + lidx + w, "enum", 4) == 0))
			return 0;
		if ((len == 5 && strncmp(lbuf + lidx + w, "const", 5) == 0) ||
		    (len == 8 && strncmp(lbuf + lidx + w, "volatile", 8) == 0))
			continue;
		if (strlen(name) + len + 2 > sizeof(name))
			return 0;
		if (n++ > 0)
			strcat(name, " ");
		strncat(name, lbuf + lidx + w, len);
	}
	while (peek(at) == '*' || peek(at) == ' ' || peek(at) == '\t')
		if (peek(at++) == '*')
			stars++;
	if (n == 0 || stars == 0 || peek(at) != ')')
		return 0;
	for (i = 0; i <= at; i++)
		next();
	for (i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
		if (strcmp(name, ints[i][0]) == 0)
			snprintf(name, sizeof(name), "%s", ints[i][1]);
	if ((lval->v.ctype.name = strdup(name)) == NULL)
		err(1, NULL);
	lval->v.ctype.nstars = stars;
	return PTRCAST;
}

static int
lex_inttype(const char *w)
{
	static const char *const types[] = {
		"int8", "uint8", "int16", "uint16", "int32", "uint32",
		"int64", "uint64",
	};
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(w, types[i]) == 0)
			return 1;
	return 0;
}

/*
 * The text of an operator, for messages and -vv: a token of two
 * characters, or the character itself.
 */
const char *
op_name(int op)
{
	static char buf[2];

	switch (op) {
	case OP_EQ:
		return "==";
	case OP_NE:
		return "!=";
	case OP_LE:
		return "<=";
	case OP_GE:
		return ">=";
	case OP_LAND:
		return "&&";
	case OP_LOR:
		return "||";
	case OP_SHL:
		return "<<";
	case OP_SHR:
		return ">>";
	}
	buf[0] = op;
	buf[1] = '\0';
	return buf;
}

/* Operators of one to three characters. */
static int
lex_operator(int c)
{
	int c1 = peek(0), c2 = peek(1);

#define EAT(n)	do { int i_; for (i_ = 0; i_ < (n); i_++) next(); } while (0)
	switch (c) {
	case '=':
		if (c1 == '=') { EAT(1); return OP_EQ; }
		return '=';
	case '!':
		if (c1 == '=') { EAT(1); return OP_NE; }
		return '!';
	case '<':
		if (c1 == '<' && c2 == '=') {
			EAT(2); lval->v.num = OP_SHL; return ASSIGN_OP;
		}
		if (c1 == '<') { EAT(1); return OP_SHL; }
		if (c1 == '=') { EAT(1); return OP_LE; }
		return '<';
	case '>':
		if (c1 == '>' && c2 == '=') {
			EAT(2); lval->v.num = OP_SHR; return ASSIGN_OP;
		}
		if (c1 == '>') { EAT(1); return OP_SHR; }
		if (c1 == '=') { EAT(1); return OP_GE; }
		return '>';
	case '&':
		if (c1 == '&') { EAT(1); return OP_LAND; }
		break;
	case '|':
		if (c1 == '|') { EAT(1); return OP_LOR; }
		break;
	case '+':
		if (c1 == '+') { EAT(1); return OP_INC; }
		break;
	case '.':
		if (c1 == '.') { EAT(1); return DOTDOT; }
		break;
	case '-':
		if (c1 == '-') { EAT(1); return OP_DEC; }
		if (c1 == '>') { EAT(1); return OP_ARROW; }
		break;
	}
	if (c1 == '=' && strchr("+-*/%&|^", c) != NULL) {
		EAT(1);
		lval->v.num = c;
		return ASSIGN_OP;
	}
#undef EAT
	return c;
}

/*
 * bpftrace's macros, macro NAME(PARAMS) { BODY }, read as text: a call
 * NAME(ARGS) in an action is read as the body with each parameter
 * ($x, @m or a bare name) replaced by its argument.  A body that is one
 * expression is a value, in parentheses; one of statements is those
 * statements.
 */
#define MAXPARAMS	16
struct macro {
	char		*name;
	char		*params[MAXPARAMS];
	int		 nparams;
	char		*body;
	struct pos	*bodypos;	/* of each byte of body */
	int		 isvalue;	/* an expression, not statements */
	int		 iscall;	/* one call, NAME(...): no parentheses
					   needed, a statement too */
};
static struct macro	*macros;
static size_t		 nmacros, maxmacros;
static char		**expansions;	/* kept while frames read them */
static size_t		 nexpansions, maxexpansions;

static int
is_word_char(int c)
{
	return c != EOF && (isalnum(c) || c == '_');
}

/*
 * The text from lbuf[lidx] up to the `close' that balances it, outside
 * strings, in a new string, the `close' read; NULL at the end of input.
 * With `split', a ',' at the top level ends the text too.
 */
static char *
balanced(int close, int split, int *end)
{
	int c, depth = 0, instr = 0;

	slen = 0;
	sadd('\0');
	slen = 0;
	for (;;) {
		if ((c = peek(0)) == EOF)
			return NULL;
		next();
		if (instr) {
			if (c == '\\' && peek(0) != EOF) {
				sadd(c);
				c = next();
			} else if (c == '"')
				instr = 0;
		} else if (c == '"')
			instr = 1;
		else if (c == '(' || c == '{' || c == '[')
			depth++;
		else if (depth > 0 && (c == ')' || c == '}' || c == ']'))
			depth--;
		else if (c == close || (split && c == ',' && depth == 0)) {
			*end = c;
			return sdup();
		}
		sadd(c);
	}
}

static struct macro *
macro_find(const char *name)
{
	size_t i;

	for (i = 0; i < nmacros; i++)
		if (strcmp(macros[i].name, name) == 0)
			return &macros[i];
	return NULL;
}

/* b at a '"': the last byte of the string literal, its closing '"'. */
static const char *
string_end(const char *b)
{
	for (b++; *b != '\0' && *b != '"'; b++)
		if (*b == '\\' && b[1] != '\0')
			b++;
	return *b == '"' ? b : b - 1;
}

/* Whether `body' is one expression: no ';' or block at its top level. */
static int
body_is_value(const char *body)
{
	int depth = 0;
	const char *b;

	for (b = body; *b != '\0'; b++) {
		if (*b == '"')
			b = string_end(b);
		else if (*b == '(' || *b == '[')
			depth++;
		else if (*b == ')' || *b == ']')
			depth--;
		else if (depth == 0 && (*b == ';' || *b == '{'))
			return 0;
		/* An assignment, = or +=, but not ==, !=, <= or >=. */
		else if (depth == 0 && *b == '=' && b[1] != '=' &&
		    (b == body || strchr("=!<>", b[-1]) == NULL))
			return 0;
		else if (depth == 0 && *b == '=')
			b += b[1] == '=';
	}
	return 1;
}

/*
 * Whether `body' is one call, NAME(...) and blanks: a value that needs
 * no parentheses, and a statement if NAME's value is none (printf()).
 */
static int
body_is_call(const char *body)
{
	const char *b = body;
	int depth = 0;

	while (isspace((unsigned char)*b))
		b++;
	if (!is_word_char((unsigned char)*b) || isdigit((unsigned char)*b))
		return 0;
	while (is_word_char((unsigned char)*b))
		b++;
	while (isspace((unsigned char)*b))
		b++;
	if (*b != '(')
		return 0;
	for (; *b != '\0'; b++) {
		if (*b == '"')
			b = string_end(b);
		else if (*b == '(')
			depth++;
		else if (*b == ')' && --depth == 0)
			break;
	}
	if (*b != ')')
		return 0;
	for (b++; isspace((unsigned char)*b); b++)
		continue;
	return *b == '\0';
}

/* After the word `macro' between rules: the definition. */
static void
macro_define(struct pos p)
{
	struct macro m;
	char *param, *name;
	int end, i;

	memset(&m, 0, sizeof(m));
	skip_space();
	if (!is_word_char(peek(0)) || isdigit(peek(0))) {
		src_error(p, "macro needs a name: macro NAME(PARAMS) { ... }");
		return;
	}
	slen = 0;
	while (is_word_char(peek(0)))
		sadd(next());
	name = sdup();
	skip_space();
	if (peek(0) != '(') {
		src_error(p, "macro %s needs its parameters in ( ): "
		    "macro %s(PARAMS) { ... }", name, name);
		free(name);
		return;
	}
	next();
	skip_space();
	if (peek(0) == ')')
		next();
	else
		do {
			if ((param = balanced(')', 1, &end)) == NULL)
				goto eof;
			/* Trim: the parameter is one word. */
			while (isspace((unsigned char)*param))
				memmove(param, param + 1, strlen(param));
			while (*param != '\0' &&
			    isspace((unsigned char)param[strlen(param) - 1]))
				param[strlen(param) - 1] = '\0';
			if (m.nparams == MAXPARAMS || *param == '\0') {
				src_error(p, "macro %s: a parameter is $name, "
				    "@name or name, at most %d of them", name,
				    MAXPARAMS);
				free(param);
				continue;
			}
			m.params[m.nparams++] = param;
		} while (end == ',');
	skip_space();
	if (peek(0) != '{') {
		src_error(p, "macro %s needs a body in { }", name);
		goto fail;
	}
	next();
	if ((m.body = balanced('}', 0, &end)) == NULL)
		goto eof;
	m.bodypos = sdup_pos();
	m.name = name;
	m.isvalue = body_is_value(m.body);
	m.iscall = m.isvalue && body_is_call(m.body);
	if (macro_find(name) != NULL) {
		src_error(p, "macro %s is defined twice", name);
		goto fail;
	}
	GROW(macros, nmacros, maxmacros);
	macros[nmacros++] = m;
	return;
eof:
	src_error(p, "macro %s is not closed", name);
fail:
	free(name);
	free(m.body);
	free(m.bodypos);
	for (i = 0; i < m.nparams; i++)
		free(m.params[i]);
}

/*
 * After the word `struct' or `union' between rules: a definition of
 * C's, struct NAME { MEMBERS } with or without a ';' after it, which
 * cstruct.c reads; or a declaration, struct NAME;, which changes
 * nothing.
 */
static void
type_define(const char *kind, struct pos p)
{
	struct pos npos, bpos;
	char *name, *body;
	int end;

	skip_space();
	npos = here();
	slen = 0;
	while (is_word_char(peek(0)))
		sadd(next());
	if (slen == 0 || isdigit((unsigned char)sbuf[0])) {
		src_error(npos, "%s needs a name: %s NAME { MEMBERS }", kind,
		    kind);
		return;
	}
	name = sdup();
	skip_space();
	if (peek(0) == ';') {
		next();
		free(name);
		return;
	}
	if (peek(0) != '{') {
		src_error(here(), "%s %s needs its members in { }", kind,
		    name);
		free(name);
		return;
	}
	next();
	bpos = here();
	if ((body = balanced('}', 0, &end)) == NULL) {
		src_error(p, "%s %s is not closed", kind, name);
		free(name);
		return;
	}
	cstruct_define(kind, name, npos, body, bpos);
	skip_space();
	if (peek(0) == ';')
		next();
	free(name);
	free(body);
}

/*
 * bpftrace's map declaration between rules, let @NAME = KIND(N);.  The
 * kinds are those of its BPF maps; btrace's maps are all alike and grow
 * as they need, so the declaration is checked and changes nothing.
 */
static void
map_declare(struct pos p)
{
	static const char *const kinds[] = { "hash", "lruhash", "percpuhash",
	    "percpulruhash", "percpuarray" };
	struct pos kpos, npos;
	char *kind;
	size_t i;
	int digits = 0;

	skip_space();
	if (peek(0) != '@')
		goto bad;
	next();
	while (is_word_char(peek(0)))
		next();
	skip_space();
	if (peek(0) != '=')
		goto bad;
	next();
	skip_space();
	kpos = here();
	slen = 0;
	while (is_word_char(peek(0)))
		sadd(next());
	kind = sdup();
	for (i = 0; i < nitems(kinds); i++)
		if (strcmp(kinds[i], kind) == 0)
			break;
	if (i == nitems(kinds)) {
		src_error(kpos, "'%s': a map is declared as hash, lruhash, "
		    "percpuhash, percpulruhash or percpuarray", kind);
		free(kind);
		goto skip;
	}
	free(kind);
	skip_space();
	if (peek(0) != '(')
		goto bad;
	next();
	skip_space();
	npos = here();
	while (isdigit((unsigned char)peek(0)) || (digits > 0 &&
	    peek(0) == '_')) {
		if (peek(0) != '_' && (digits > 0 || peek(0) != '0'))
			digits++;
		next();
	}
	if (digits == 0) {
		src_error(npos, "a map's declared size is a positive number");
		goto skip;
	}
	skip_space();
	if (peek(0) != ')')
		goto bad;
	next();
	skip_space();
	if (peek(0) == ';')
		next();
	return;
bad:
	src_error(p, "a map is declared as let @NAME = hash(SIZE)");
skip:
	while (peek(0) != EOF && peek(0) != ';' && peek(0) != '\n')
		next();
	if (peek(0) == ';')
		next();
}

static void
macros_clear(void)
{
	while (nmacros > 0) {
		nmacros--;
		free(macros[nmacros].name);
		free(macros[nmacros].body);
		free(macros[nmacros].bodypos);
		while (macros[nmacros].nparams > 0)
			free(macros[nmacros].params[--macros[nmacros].nparams]);
	}
	while (nexpansions > 0)
		free(expansions[--nexpansions]);
	while (nmaps > 0)
		free(maps[--nmaps]);
	src_uses_clear();
}

/* A macro's text as it grows, and the position of each byte. */
struct growing {
	char		*text;
	struct pos	*pos;
	size_t		 len;
};

/*
 * Append n bytes of s, read at pos[0..n), or all at *pos if `one';
 * `via', if not 0, tags them as read within that use.
 */
static void
append(struct growing *g, const char *s, size_t n, const struct pos *pos,
    int one, int via)
{
	size_t i;

	if ((g->text = realloc(g->text, g->len + n + 1)) == NULL ||
	    (g->pos = reallocarray(g->pos, g->len + n + 1,
	    sizeof(*g->pos))) == NULL)
		err(1, NULL);
	memcpy(g->text + g->len, s, n);
	for (i = 0; i < n; i++) {
		g->pos[g->len + i] = pos[one ? 0 : i];
		if (via != 0)
			g->pos[g->len + i].via = via;
	}
	g->len += n;
	g->text[g->len] = '\0';
}

/*
 * The body of `m' with its parameters replaced by `args', read at
 * `argpos'; the body's bytes are tagged with the use `via', the
 * arguments' keep where they were read at the call.
 */
static void
macro_text(const struct macro *m, char **args, struct pos **argpos,
    int via, struct growing *g)
{
	const char *b = m->body;
	const struct pos *bp;
	struct pos last;
	int i, instr = 0;
	size_t n;

	/* Parentheses it adds are where the body or argument starts. */
	if (m->isvalue && !m->iscall)
		append(g, "(", 1, m->bodypos, 1, via);
	while (*b != '\0') {
		bp = m->bodypos + (b - m->body);
		if (instr || *b == '"') {
			if (instr && *b == '\\' && b[1] != '\0') {
				append(g, b, 2, bp, 0, via);
				b += 2;
				continue;
			}
			if (*b == '"')
				instr = !instr;
			append(g, b++, 1, bp, 0, via);
			continue;
		}
		for (i = 0; i < m->nparams; i++) {
			n = strlen(m->params[i]);
			if (strncmp(b, m->params[i], n) == 0 &&
			    !is_word_char((unsigned char)b[n]) &&
			    (b == m->body || !(is_word_char((unsigned char)
			    b[-1]) || b[-1] == '$' || b[-1] == '@' ||
			    b[-1] == '.')))
				break;
		}
		if (i == m->nparams) {
			append(g, b++, 1, bp, 0, via);
			continue;
		}
		/* A map stays a name; a value is kept whole. */
		n = strlen(args[i]);
		if (m->params[i][0] == '@')
			append(g, args[i], n, argpos[i], 0, 0);
		else {
			append(g, "(", 1, n > 0 ? argpos[i] : bp, 1, 0);
			append(g, args[i], n, argpos[i], 0, 0);
			append(g, ")", 1, n > 0 ? argpos[i] + n - 1 : bp, 1,
			    0);
		}
		b += strlen(m->params[i]);
	}
	if (m->isvalue && !m->iscall) {
		last = g->pos[g->len - 1];
		append(g, ")", 1, &last, 1, 0);
	}
}

/*
 * The word just read is a macro followed by '(': read its arguments and
 * then its text.  0 if it is not a call of a macro.
 */
static int
macro_begin(void)
{
	struct macro *m;
	struct growing g = { NULL, NULL, 0 };
	struct pos *argpos[MAXPARAMS];
	char *args[MAXPARAMS], *arg;
	int end, nargs = 0, i, ok = 1;
	size_t save = lidx;
	int sline = lline, scol = lcol;

	if (nmacros == 0 || (m = macro_find(sbuf)) == NULL)
		return 0;
	skip_space();
	if (peek(0) != '(') {
		lidx = save;
		lline = sline;
		lcol = scol;
		return 0;
	}
	next();
	skip_space();
	if (peek(0) == ')')
		next();
	else
		do {
			if ((arg = balanced(')', 1, &end)) == NULL) {
				src_error(lval->pos, "call of macro %s is not "
				    "closed", m->name);
				ok = 0;
				break;
			}
			if (nargs < MAXPARAMS) {
				argpos[nargs] = sdup_pos();
				args[nargs++] = arg;
			} else {
				free(arg);
				ok = 0;
			}
		} while (end == ',');
	if (ok && nargs != m->nparams) {
		src_error(lval->pos, "macro %s takes %d argument%s, not %d",
		    m->name, m->nparams, m->nparams == 1 ? "" : "s", nargs);
		ok = 0;
	}
	if (ok)
		macro_text(m, args, argpos, src_use(m->name, 1, lval->pos),
		    &g);
	for (i = 0; i < nargs; i++) {
		free(args[i]);
		free(argpos[i]);
	}
	if (!ok) {
		lval->v.num = 0;	/* a value in its place */
		return -1;
	}
	/* The map's end, one beyond the text, is the call. */
	append(&g, "", 0, NULL, 0, 0);
	g.pos[g.len] = lval->pos;
	GROW(expansions, nexpansions, maxexpansions);
	expansions[nexpansions++] = g.text;
	return push_frame(g.text, g.pos) ? 1 : -1;
}

/*
 * The word just read is a #define name: read its text instead, at the
 * position of the name.  0 if it is none.
 */
static int
define_begin(void)
{
	struct define *d;
	int i;

	if ((d = define_find(sbuf, slen)) == NULL)
		return 0;
	/* A name within its own text is itself, as in C. */
	if (nframes > 0 && d->text == lbuf)
		return 0;
	for (i = 1; i < nframes; i++)
		if (d->text == frames[i].buf)
			return 0;
	return push_frame(d->text, define_map(d));
}

/* Where the bytes of d's text are read at this use: see struct pos. */
static struct pos *
define_map(const struct define *d)
{
	size_t i, len = strlen(d->text);
	struct pos *map;
	int via;

	if ((map = reallocarray(NULL, len + 1, sizeof(*map))) == NULL)
		err(1, NULL);
	via = d->pos != NULL ? src_use(d->name, 0, lval->pos) : 0;
	for (i = 0; i <= len; i++) {
		map[i] = d->pos != NULL ? d->pos[i] : lval->pos;
		if (via != 0)
			map[i].via = via;
	}
	return map;
}

/*
 * Read `text' next, in place of the last word, each byte at the
 * position `map' gives, which is kept for messages.
 */
static int
push_frame(const char *text, struct pos *map)
{
	GROW(maps, nmaps, maxmaps);
	maps[nmaps++] = map;
	if (nframes == MAXEXPAND) {
		src_error(lval->pos, "#define names and macros within each "
		    "other more than %d deep", MAXEXPAND);
		return 0;
	}
	frames[nframes].buf = lbuf;
	frames[nframes].map = lmap;
	frames[nframes].len = llen;
	frames[nframes].idx = lidx;
	frames[nframes].bol = lbol;
	frames[nframes].line = lline;
	frames[nframes].col = lcol;
	nframes++;
	lbuf = text;
	lmap = map;
	llen = strlen(text);
	lidx = lbol = 0;
	return 1;
}

static void
define_end(void)
{
	nframes--;
	lbuf = frames[nframes].buf;
	lmap = frames[nframes].map;
	llen = frames[nframes].len;
	lidx = frames[nframes].idx;
	lbol = frames[nframes].bol;
	lline = frames[nframes].line;
	lcol = frames[nframes].col;
}

/*
 * The last three tokens, for the hints of syntax errors: the one the
 * parser stopped at and the two before it, with the text of words.
 */
static struct {
	int	tok;
	char	word[32];
} last[3];

int
lex_next(YYSTYPE *lv)
{
	int t;

	t = lex_token(lv);
	memmove(&last[1], &last[0], 2 * sizeof(last[0]));
	last[0].tok = t;
	last[0].word[0] = '\0';
	if (t == PROBE || t == IDENT)
		snprintf(last[0].word, sizeof(last[0].word), "%s", lv->v.str);
	return t;
}

static int
last_is(int i, int tok, const char *word)
{
	return last[i].tok == tok &&
	    (word == NULL || strcmp(last[i].word, word) == 0);
}

/*
 * What to write instead of a bpftrace habit that bt(5) lacks, for the
 * syntax error at the last token; NULL if it is none of them.
 */
const char *
lex_hint(void)
{
	if (last_is(0, GVAR, NULL) && last_is(1, LET, NULL))
		return "a map is declared between rules, let @NAME = "
		    "hash(SIZE);, or made by its first assignment, "
		    "@name[key] = value";
	if (last_is(1, PROBE, "import") || last_is(0, PROBE, "import"))
		return "import is not supported: put what the file holds "
		    "in the program itself";
	if (last_is(0, ';', NULL) && lmode == M_PROBES && ldepth == 0)
		return "a rule ends with its '}': no ';' after it";
	if (bare_if)
		return "an if without ( ) around its condition takes its "
		    "body in braces: if COND { ... }";
	return NULL;
}

/*
 * `if' before '(' is bt(5)'s and C's if (cond) body; before anything
 * else newer bpftrace's if cond { ... }, whose condition the grammar
 * then reads up to the '{'.
 */
static int
lex_if(void)
{
	size_t save = lidx, i;
	int sline = lline, scol = lcol, c, depth = 0, instr = 0, bare;

	skip_space();
	bare = peek(0) != '(';
	/*
	 * if (a) * b > 0 { }: a condition that only starts with '(', as
	 * an operator after the ')' shows; ++ or -- is a statement's.
	 */
	for (i = 0; !bare && (c = peek(i)) != EOF; i++) {
		if (instr) {
			if (c == '\\' && peek(i + 1) != EOF)
				i++;
			else if (c == '"')
				instr = 0;
		} else if (c == '"')
			instr = 1;
		else if (c == '(')
			depth++;
		else if (c == ')' && --depth == 0)
			break;
	}
	if (!bare && c == ')') {
		while (isspace(c = peek(++i)))
			continue;
		bare = c != EOF && strchr("*/%+-<>=!&|^?.[", c) != NULL &&
		    !((c == '+' || c == '-') && peek(i + 1) == c);
	}
	lidx = save;
	lline = sline;
	lcol = scol;
	bare_if = bare;
	return bare ? IF_BARE : IF;
}

static int
lex_token(YYSTYPE *lv)
{
	int c, t;

	lval = lv;
again:
	if (skip_space() == -1)
		return 0;
	lval->pos = here();
	c = peek(0);
	if (c == EOF && nframes > 0) {
		define_end();
		goto again;
	}
	if (c == EOF)
		return 0;

	if (lmode == M_PROBES) {
		if ((t = lex_probe()) == PROBE &&
		    strcmp(lval->v.str, "macro") == 0) {
			free(lval->v.str);
			macro_define(lval->pos);
			goto again;
		}
		if (t == PROBE && strcmp(lval->v.str, "let") == 0) {
			free(lval->v.str);
			map_declare(lval->pos);
			goto again;
		}
		if (t == PROBE && (strcmp(lval->v.str, "struct") == 0 ||
		    strcmp(lval->v.str, "union") == 0)) {
			type_define(lval->v.str, lval->pos);
			free(lval->v.str);
			goto again;
		}
		if (t != 0)
			return t;
		next();
		if (c == '/')
			lmode = M_FILTER;
		else if (c == '{') {
			lmode = M_ACTION;
			ldepth = 1;
		}
		return c;
	}

	if (c == '"')
		return lex_string();
	if (isdigit(c))
		return lex_number();
	if (isalpha(c) || c == '_') {
		lex_word();
		if (strcmp(sbuf, "if") == 0)
			return lex_if();
		if (strcmp(sbuf, "else") == 0)
			return ELSE;
		if ((t = lex_keyword()) != 0)
			return t;
		if (define_begin())
			goto again;
		if ((t = macro_begin()) == 1)
			goto again;
		if (t == -1)
			return NUMBER;
		lval->v.str = sdup();
		return lex_inttype(sbuf) ? INTTYPE : IDENT;
	}
	if (c == '@') {
		next();
		lex_word();
		lval->v.str = sdup();
		return GVAR;
	}
	if (c == '$') {
		next();
		c = peek(0);
		if (c == '#') {
			next();
			return NPOSARGS;
		}
		if (isdigit(c)) {
			slen = 0;
			while (isdigit(peek(0)))
				sadd(next());
			lval->v.num = strtoll(sbuf, NULL, 10);
			if (slen > 6) {
				src_error(lval->pos,
				    "invalid positional parameter '$%s'",
				    sbuf);
				return lex_fail();
			}
			return POSARG;
		}
		if (isalpha(c) || c == '_') {
			lex_word();
			lval->v.str = sdup();
			return LVAR;
		}
		src_error(lval->pos, "'$' must be followed by a name or "
		    "a number");
		return lex_fail();
	}

	next();
	if (lmode == M_FILTER && c == '/') {
		size_t save = lidx;
		int sline = lline, scol = lcol;

		if (skip_space() == 0 && peek(0) == '{') {
			lmode = M_PROBES;
			return ENDFILT;
		}
		lidx = save;
		lline = sline;
		lcol = scol;
		return lex_operator(c);
	}
	if (lmode == M_ACTION) {
		if (c == '{') {
			ldepth++;
			bare_if = 0;
		} else if (c == '}' && --ldepth == 0)
			lmode = M_PROBES;
	}
	if (c == '\'' || c == '`' || c == '\\' || c == '#' ||
	    (!isprint(c) && !isspace(c))) {
		if (c == '\'') {
			src_error(lval->pos, "unexpected character '''; bt(5) "
			    "has no character literals: write a string, "
			    "\"x\", or the character's number");
			/* Once for the literal, not again at its end. */
			while ((c = peek(0)) != EOF && c != '\n' &&
			    next() != '\'')
				continue;
			/* A value in its place, so that parsing goes on. */
			lval->v.num = 0;
			return NUMBER;
		} else if (isprint(c))
			src_error(lval->pos, "unexpected character '%c'", c);
		else
			src_error(lval->pos, "unexpected byte 0x%02x", c);
		goto again;
	}
	if (c == '(' && lmode != M_PROBES && (t = lex_ptrcast(lval)) != 0)
		return t;
	return lex_operator(c);
}
