/* SPDX-License-Identifier: ISC */
/*
 * Structs and unions a script defines (cstruct.h), as bpftrace's tools
 * write them for what BTF lacks: a kernel-internal struct, a program's
 * own.  Each definition is parsed as C declares members, laid out by
 * C's rules for x86-64 (alignment, padding, bitfields), and written as
 * BTF records appended to the script's split BTF on top of the
 * kernel's, so that casts, members, sizeof and offsetof find it like
 * any type of the kernel.
 */

#include <ctype.h>
#include <err.h>
#include <limits.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf.h"
#include "btrace.h"
#include "cstruct.h"
#include "util.h"

#define MAXMEMBERS	512	/* in one struct or union */
#define MAXDIMS		4	/* int a[2][3][4][5] */
#define MAXNEST		8	/* struct { struct { ... } } */
#define MAXCOUNT	(1U << 20)	/* elements of one array */

/* BTF's encoding, as btf.c reads it. */
#define BTF_MAGIC	0xeb9f
#define REC(kind, kflag, vlen)						\
	((uint32_t)(kind) << 24 | (uint32_t)(kflag) << 31 | (vlen))
#define INT_SIGNED	(1U << 24)	/* the kernel allows one of these */
#define INT_BOOL	(1U << 26)

/* The script's BTF as it grows: its type records and strings. */
static unsigned char	*types;
static size_t		 ntypes_len, types_cap;
static char		*strs;
static size_t		 strs_len, strs_cap;
static uint32_t		 next_id, first_str;
static uint32_t		 index_id;	/* arrays' index type, once made */
static char		**defined;	/* "struct name", each once */
static size_t		 ndefined, maxdefined;
static char		**failed;	/* those whose definition failed */
static size_t		 nfailed, maxfailed;

/* A type as the layout needs it. */
struct ctype {
	uint32_t	id;
	uint64_t	size;
	uint64_t	align;
	int		is_int;		/* may be a bitfield */
	int		incomplete;	/* declared only: point to it */
	char		name[300];	/* as written, for messages */
};

/* The text of one definition, read a token at a time. */
struct reader {
	const char	*s;
	struct pos	 pos;		/* of s */
	struct pos	 tpos;		/* of the token */
	char		 tok[128];	/* a word, a number or a character */
	int		 failed;
};

static void
put(const void *p, size_t len)
{
	while (ntypes_len + len > types_cap) {
		types_cap = types_cap ? types_cap * 2 : 1024;
		if ((types = realloc(types, types_cap)) == NULL)
			err(1, NULL);
	}
	memcpy(types + ntypes_len, p, len);
	ntypes_len += len;
}

static void
put32(uint32_t v)
{
	put(&v, sizeof(v));
}

static uint32_t
str_add(const char *s)
{
	size_t len = strlen(s) + 1, off;

	if (*s == '\0')
		return 0;
	while (strs_len + len > strs_cap) {
		strs_cap = strs_cap ? strs_cap * 2 : 1024;
		if ((strs = realloc(strs, strs_cap)) == NULL)
			err(1, NULL);
	}
	off = strs_len;
	memcpy(strs + off, s, len);
	strs_len += len;
	return first_str + (uint32_t)off;
}

/* Ids and string offsets continue the kernel's BTF, if there is one. */
static void
start(void)
{
	const struct btf *base;

	if (next_id != 0)
		return;
	base = btf_script_base();
	next_id = base != NULL ? btf_ntypes(base) : 1;
	first_str = base != NULL ? btf_nstrs(base) : 0;
	/* BTF alone starts with "": anonymous types' names are offset 0. */
	strs_len = 0;
	if ((strs = malloc(strs_cap = 1024)) == NULL)
		err(1, NULL);
	strs[strs_len++] = '\0';
}

/* The records so far, loaded as the BTF every lookup uses. */
static int
publish(struct pos pos, const char *name)
{
	unsigned char *buf;
	uint32_t hdr[6];
	char why[512];
	size_t len;
	int rc;

	/* magic, version 1, flags 0, header length; then the sections. */
	hdr[0] = BTF_MAGIC | 1 << 16 | 0 << 24;
	hdr[1] = sizeof(hdr);
	hdr[2] = 0;
	hdr[3] = ntypes_len;
	hdr[4] = ntypes_len;
	hdr[5] = strs_len;
	len = sizeof(hdr) + ntypes_len + strs_len;
	if ((buf = malloc(len)) == NULL)
		err(1, NULL);
	memcpy(buf, hdr, sizeof(hdr));
	memcpy(buf + sizeof(hdr), types, ntypes_len);
	memcpy(buf + sizeof(hdr) + ntypes_len, strs, strs_len);
	rc = btf_script_set(buf, len, why, sizeof(why));
	free(buf);
	if (rc == -1)
		src_error(pos, "%s: its BTF does not load: %s", name, why);
	return rc;
}

/* Tokens: words, numbers and single characters; comments skipped. */
static void
advance(struct reader *r, size_t n)
{
	while (n-- > 0 && *r->s != '\0') {
		if (*r->s == '\n') {
			r->pos.line++;
			r->pos.col = 1;
		} else
			r->pos.col++;
		r->s++;
	}
}

static const char *
lex(struct reader *r)
{
	const char *e;
	size_t n;

	for (;;) {
		while (isspace((unsigned char)*r->s))
			advance(r, 1);
		if (r->s[0] == '/' && r->s[1] == '/') {
			n = strcspn(r->s, "\n");
			advance(r, n);
		} else if (r->s[0] == '/' && r->s[1] == '*') {
			e = strstr(r->s + 2, "*/");
			advance(r, e != NULL ? (size_t)(e - r->s) + 2 :
			    strlen(r->s));
		} else
			break;
	}
	r->tpos = r->pos;
	n = 1;
	if (isalnum((unsigned char)*r->s) || *r->s == '_')
		for (n = 0; isalnum((unsigned char)r->s[n]) ||
		    r->s[n] == '_'; n++)
			continue;
	if (n >= sizeof(r->tok))
		n = sizeof(r->tok) - 1;
	memcpy(r->tok, r->s, n);
	r->tok[*r->s == '\0' ? 0 : n] = '\0';
	advance(r, n);
	return r->tok;
}

static const char *
peek_tok(struct reader *r, char *buf, size_t len)
{
	struct reader save = *r;

	snprintf(buf, len, "%s", lex(&save));
	return buf;
}

/* Why a type may be missing: there is no kernel BTF. */
static const char *
no_kernel(void)
{
	static char note[600];
	char why[512];

	if (btf_kernel_has(why, sizeof(why)))
		return "";
	snprintf(note, sizeof(note), " (no kernel BTF: %s)", why);
	return note;
}

/* The first error of a definition is said: the rest would follow it. */
static int __attribute__((__format__(__printf__, 2, 3)))
fail(struct reader *r, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!r->failed)
		src_error(r->tpos, "%s", msg);
	r->failed = 1;
	return -1;
}

static int
is_name(const char *t)
{
	return isalpha((unsigned char)*t) || *t == '_';
}

/* Words that qualify a type and change nothing of its layout. */
static int
is_qualifier(const char *t)
{
	static const char *const q[] = { "const", "volatile", "restrict",
	    "__restrict", "__user", "__kernel", "__iomem", "__rcu",
	    "__percpu", "__force", "__must_check", "static", "extern" };
	size_t i;

	for (i = 0; i < sizeof(q) / sizeof(q[0]); i++)
		if (strcmp(t, q[i]) == 0)
			return 1;
	return 0;
}

/*
 * A type already in BTF (the kernel's or the script's) by name: 1, or
 * 0 if there is none.  One declared, never defined, is incomplete.
 */
static int
known(const char *name, struct ctype *t)
{
	const struct btf *b;
	struct btf_int bi;
	char err[512];

	memset(t, 0, sizeof(*t));
	if ((b = btf_kernel(err, sizeof(err))) == NULL ||
	    (t->id = btf_lookup(b, name)) == 0)
		return 0;
	if (btf_sizeof(b, t->id, &t->size) == -1 ||
	    btf_alignof(b, t->id, &t->align) == -1)
		t->incomplete = 1;
	t->is_int = btf_int(b, t->id, &bi) == 0 ||
	    btf_kind(b, btf_resolve(b, t->id)) == BTF_K_ENUM;
	return 1;
}

/* struct NAME not (yet) defined: a declaration, as C's struct NAME;. */
static void
forward(const char *name, int isunion, struct ctype *t)
{
	memset(t, 0, sizeof(*t));
	put32(str_add(name));
	put32(REC(BTF_K_FWD, isunion, 0));
	put32(0);
	t->id = next_id++;
	t->incomplete = 1;
}

/* An integer type record of the script's own, for C's words. */
static uint32_t
int_type(const char *name, uint32_t size, uint32_t enc)
{
	put32(str_add(name));
	put32(REC(BTF_K_INT, 0, 0));
	put32(size);
	put32(enc | size * 8);
	return next_id++;
}

/*
 * C's type words, "unsigned long", "char", "_Bool", in any order: the
 * type, or 0 if the words are not C's integer or float words.
 */
static int
c_words(struct reader *r, struct ctype *t)
{
	char buf[128], name[64], words[128] = "";
	struct pos start = r->tpos;
	int sign = 0, uns = 0, chr = 0, shrt = 0, lng = 0, in = 0, bl = 0,
	    flt = 0, dbl = 0, vd = 0, n = 0;
	uint32_t size, enc;

	for (;; n++) {
		peek_tok(r, buf, sizeof(buf));
		if (strcmp(buf, "signed") == 0)
			sign++;
		else if (strcmp(buf, "unsigned") == 0)
			uns++;
		else if (strcmp(buf, "char") == 0)
			chr++;
		else if (strcmp(buf, "short") == 0)
			shrt++;
		else if (strcmp(buf, "long") == 0)
			lng++;
		else if (strcmp(buf, "int") == 0)
			in++;
		else if (strcmp(buf, "_Bool") == 0 || strcmp(buf, "bool") == 0)
			bl++;
		else if (strcmp(buf, "float") == 0)
			flt++;
		else if (strcmp(buf, "double") == 0)
			dbl++;
		else if (strcmp(buf, "void") == 0)
			vd++;
		else if (!is_qualifier(buf))
			break;
		lex(r);
		if (n == 0)
			start = r->tpos;
		if (strlen(words) + strlen(buf) + 2 < sizeof(words)) {
			if (*words != '\0')
				strcat(words, " ");
			strcat(words, buf);
		}
	}
	if (sign + uns + chr + shrt + lng + in + bl + flt + dbl + vd == 0)
		return 0;
	if (vd == 1 && sign + uns + chr + shrt + lng + in + bl + flt + dbl ==
	    0) {
		memset(t, 0, sizeof(*t));
		t->incomplete = 1;	/* only pointed to */
		snprintf(t->name, sizeof(t->name), "void");
		return 1;
	}
	if (sign + uns > 1 || chr + shrt + bl + flt + dbl > 1 || in > 1 ||
	    lng > 2 || ((chr || bl || flt) && (lng || in)) ||
	    (shrt && lng) || ((bl || flt || dbl) && sign + uns) || vd ||
	    (dbl && (lng || in))) {
		r->tpos = start;
		fail(r, "'%s': not a type of C", words);
		return -1;
	}
	if (flt || dbl) {
		size = flt ? 4 : 8;
		put32(str_add(flt ? "float" : "double"));
		put32(REC(BTF_K_FLOAT, 0, 0));
		put32(size);
		t->id = next_id++;
		t->size = t->align = size;
		t->is_int = 0;
		t->incomplete = 0;
		return 1;
	}
	size = chr || bl ? 1 : shrt ? 2 : lng ? 8 : 4;
	enc = bl ? INT_BOOL : uns ? 0 : INT_SIGNED;	/* char is signed */
	snprintf(name, sizeof(name), "%s%s%s", uns ? "unsigned " : "",
	    bl ? "_Bool" : chr ? "char" : shrt ? "short" : lng == 2 ?
	    "long long" : lng ? "long" : "int", "");
	t->id = int_type(name, size, enc);
	t->size = t->align = size;
	t->is_int = 1;
	t->incomplete = 0;
	return 1;
}

/* Fixed-width names the kernel's BTF usually has, for when it has not. */
static int
fixed_width(const char *w, struct ctype *t)
{
	static const struct {
		const char	*name;
		uint32_t	 size;
		int		 is_signed;
	} fw[] = {
		{ "u8", 1, 0 }, { "u16", 2, 0 }, { "u32", 4, 0 },
		{ "u64", 8, 0 }, { "s8", 1, 1 }, { "s16", 2, 1 },
		{ "s32", 4, 1 }, { "s64", 8, 1 }, { "__u8", 1, 0 },
		{ "__u16", 2, 0 }, { "__u32", 4, 0 }, { "__u64", 8, 0 },
		{ "__s8", 1, 1 }, { "__s16", 2, 1 }, { "__s32", 4, 1 },
		{ "__s64", 8, 1 }, { "uint8_t", 1, 0 }, { "uint16_t", 2, 0 },
		{ "uint32_t", 4, 0 }, { "uint64_t", 8, 0 }, { "int8_t", 1, 1 },
		{ "int16_t", 2, 1 }, { "int32_t", 4, 1 }, { "int64_t", 8, 1 },
		{ "uint8", 1, 0 }, { "uint16", 2, 0 }, { "uint32", 4, 0 },
		{ "uint64", 8, 0 }, { "int8", 1, 1 }, { "int16", 2, 1 },
		{ "int32", 4, 1 }, { "int64", 8, 1 }, { "size_t", 8, 0 },
		{ "ssize_t", 8, 1 }, { "uintptr_t", 8, 0 },
		{ "pid_t", 4, 1 }, { "uid_t", 4, 0 }, { "gid_t", 4, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(fw) / sizeof(fw[0]); i++)
		if (strcmp(w, fw[i].name) == 0) {
			t->id = int_type(w, fw[i].size,
			    fw[i].is_signed ? INT_SIGNED : 0);
			t->size = t->align = fw[i].size;
			t->is_int = 1;
			t->incomplete = 0;
			return 1;
		}
	return 0;
}

static int	define_body(struct reader *, int, const char *, struct ctype *,
		    int);

/*
 * The type a member declaration starts with: C's words, struct/union/
 * enum NAME, a definition within, or a name of BTF's.  -1 after a
 * message.
 */
static int
type_spec(struct reader *r, struct ctype *t, int depth)
{
	char word[128], name[300], buf[128];
	int rc, isunion;

	while (is_qualifier(peek_tok(r, buf, sizeof(buf))))
		lex(r);
	if ((rc = c_words(r, t)) != 0)
		return rc == -1 ? -1 : 0;
	snprintf(word, sizeof(word), "%s", lex(r));
	if (!is_name(word))
		return fail(r, "'%s': a member starts with its type", word);
	if (strcmp(word, "struct") == 0 || strcmp(word, "union") == 0 ||
	    strcmp(word, "enum") == 0) {
		isunion = strcmp(word, "union") == 0;
		if (strcmp(peek_tok(r, buf, sizeof(buf)), "{") == 0) {
			if (strcmp(word, "enum") == 0)
				return fail(r, "%s: an enum defined in a "
				    "struct is not supported: use an integer "
				    "type", "enum");
			lex(r);
			return define_body(r, isunion, "", t, depth + 1);
		}
		if (!is_name(lex(r)))
			return fail(r, "'%s': the name of the type is missing",
			    r->tok);
		snprintf(name, sizeof(name), "%s %s", word, r->tok);
		if (!known(name, t) && !isunion && *word == 'e')
			return fail(r, "unknown type %s (not in the kernel's "
			    "BTF)", name);
		if (t->id == 0)
			forward(r->tok, isunion, t);
		snprintf(t->name, sizeof(t->name), "%s", name);
		return 0;
	}
	if (known(word, t) || fixed_width(word, t)) {
		snprintf(t->name, sizeof(t->name), "%s", word);
		return 0;
	}
	snprintf(name, sizeof(name), "%s", word);
	return fail(r, "unknown type %s (not in the kernel's BTF nor "
	    "defined before by the script)%s", name, no_kernel());
}

/* A pointer to t: a new record. */
static void
pointer_to(struct ctype *t)
{
	put32(0);
	put32(REC(BTF_K_PTR, 0, 0));
	put32(t->id);
	t->id = next_id++;
	t->size = t->align = sizeof(void *);
	t->is_int = 0;
	t->incomplete = 0;
}

/* An array of n of t. */
static int
array_of(struct reader *r, struct ctype *t, uint32_t n)
{
	if (n != 0 && t->size > UINT32_MAX / n)
		return fail(r, "%s: the array is too large", r->tok);
	if (index_id == 0)
		index_id = int_type("__ARRAY_SIZE_TYPE__", 4, 0);
	put32(0);
	put32(REC(BTF_K_ARRAY, 0, 0));
	put32(0);
	put32(t->id);
	put32(index_id);
	put32(n);
	t->id = next_id++;
	t->size *= n;
	t->is_int = 0;
	return 0;
}

/* One member's declarator: stars, name, dimensions, a bitfield's bits. */
struct member {
	char		name[128];
	struct pos	pos;
	struct ctype	t;
	int		bits;		/* -1 if no bitfield */
	int		flexible;	/* name[] */
	uint64_t	off;		/* in bits, once laid out */
};

/* A constant of C, at most max (what: of what, for the message). */
static int
number(struct reader *r, uint64_t max, const char *what, uint32_t *v)
{
	char *end;
	unsigned long long n;

	lex(r);
	errno = 0;
	n = strtoull(r->tok, &end, 0);
	if (!isdigit((unsigned char)*r->tok) || *end != '\0' ||
	    (errno != 0 && n != ULLONG_MAX))
		return fail(r, "'%s': a number is needed here, a constant "
		    "integer of C", r->tok);
	if (n > max || errno != 0)
		return fail(r, "%s: more than %s (%llu)", r->tok, what,
		    (unsigned long long)max);
	*v = (uint32_t)n;
	return 0;
}

static int
declarator(struct reader *r, const struct ctype *base, struct member *m)
{
	char buf[128];
	uint32_t dims[MAXDIMS], n;
	int ndims = 0, i, fnptr = 0;

	memset(m, 0, sizeof(*m));
	m->t = *base;
	m->bits = -1;
	while (strcmp(peek_tok(r, buf, sizeof(buf)), "*") == 0 ||
	    is_qualifier(buf)) {
		lex(r);
		if (strcmp(buf, "*") == 0)
			pointer_to(&m->t);
	}
	/* A function pointer, void (*fn)(int): its size is a pointer's. */
	if (strcmp(buf, "(") == 0) {
		lex(r);
		if (strcmp(lex(r), "*") != 0)
			return fail(r, "'%s': only a function pointer, "
			    "(*name)(...), is declared in parentheses",
			    r->tok);
		fnptr = 1;
	}
	if (!is_name(peek_tok(r, buf, sizeof(buf))) || is_qualifier(buf)) {
		if (fnptr || strcmp(buf, ":") != 0)
			return fail(r, "'%s': the member's name is missing",
			    lex(r));
	} else {
		lex(r);
		snprintf(m->name, sizeof(m->name), "%s", r->tok);
		m->pos = r->tpos;
	}
	if (fnptr) {
		if (strcmp(lex(r), ")") != 0 || strcmp(lex(r), "(") != 0)
			return fail(r, "'%s': a function pointer is "
			    "(*name)(parameters)", r->tok);
		for (i = 1; i > 0;) {
			lex(r);
			if (*r->tok == '\0')
				return fail(r, "%s: the parameters are not "
				    "closed", m->name);
			i += strcmp(r->tok, "(") == 0;
			i -= strcmp(r->tok, ")") == 0;
		}
		m->t.id = 0;
		pointer_to(&m->t);
	}
	while (strcmp(peek_tok(r, buf, sizeof(buf)), "[") == 0) {
		lex(r);
		if (ndims == MAXDIMS)
			return fail(r, "%s: more dimensions than btrace "
			    "reads", m->name);
		if (strcmp(peek_tok(r, buf, sizeof(buf)), "]") == 0) {
			if (ndims != 0)
				return fail(r, "%s: only the first "
				    "dimension may be left out", m->name);
			m->flexible = 1;
			dims[ndims++] = 0;
		} else if (number(r, MAXCOUNT, "the elements btrace reads in "
		    "an array", &n) == -1)
			return -1;
		else
			dims[ndims++] = n;
		if (strcmp(lex(r), "]") != 0)
			return fail(r, "'%s': ']' is missing", r->tok);
	}
	if (m->t.incomplete) {
		r->tpos = m->pos;
		return fail(r, "%s is not defined%s: a member may point to "
		    "it, not hold it", m->t.name, no_kernel());
	}
	/* int a[2][3] is 2 arrays of 3: the last dimension innermost. */
	while (ndims > 0)
		if (array_of(r, &m->t, dims[--ndims]) == -1)
			return -1;
	if (strcmp(peek_tok(r, buf, sizeof(buf)), ":") == 0) {
		lex(r);
		if (!m->t.is_int)
			return fail(r, "%s: a bitfield is of an integer "
			    "type", *m->name ? m->name : ":");
		if (number(r, m->t.size * 8, "the bits of the type", &n) == -1)
			return -1;
		if (n == 0 && *m->name != '\0')
			return fail(r, "%s: a bitfield of 0 bits has no name",
			    m->name);
		m->bits = (int)n;
	} else if (*m->name == '\0')
		return fail(r, "'%s': the member's name is missing", r->tok);
	return 0;
}

static uint64_t
roundup_to(uint64_t v, uint64_t a)
{
	return (v + a - 1) / a * a;
}

/*
 * The members between '{' (read) and '}', laid out, then the record of
 * the struct or union: its type in *t.  -1 after a message.
 */
static int
define_body(struct reader *r, int isunion, const char *name,
    struct ctype *t, int depth)
{
	struct member *ms;
	struct ctype base;
	char buf[128];
	uint64_t bit = 0, end = 0, unit, size, align = 1;
	int n = 0, i, j, kflag = 0, rc = -1;

	if (depth > MAXNEST)
		return fail(r, "%s: types are nested too deep", r->tok);
	if ((ms = calloc(MAXMEMBERS, sizeof(*ms))) == NULL)
		err(1, NULL);
	/* The outermost body is the text, its '}' already read. */
	while (strcmp(peek_tok(r, buf, sizeof(buf)), "}") != 0) {
		if (*buf == '\0' && depth == 0)
			break;
		if (*buf == '\0') {
			fail(r, "%s: '}' is missing", *name ? name : "struct");
			goto out;
		}
		if (type_spec(r, &base, depth) == -1)
			goto out;
		/* struct { ... }; is an anonymous member. */
		if (strcmp(peek_tok(r, buf, sizeof(buf)), ";") == 0) {
			if (n == MAXMEMBERS)
				goto many;
			if (base.incomplete) {
				fail(r, "%s is not defined%s: a member may "
				    "point to it, not hold it", base.name,
				    no_kernel());
				goto out;
			}
			memset(&ms[n], 0, sizeof(ms[n]));
			ms[n].t = base;
			ms[n].bits = -1;
			ms[n++].pos = r->tpos;
			lex(r);
			continue;
		}
		do {
			if (n == MAXMEMBERS)
				goto many;
			if (declarator(r, &base, &ms[n]) == -1)
				goto out;
			for (j = 0; j < n && *ms[n].name != '\0'; j++)
				if (strcmp(ms[j].name, ms[n].name) == 0) {
					r->tpos = ms[n].pos;
					fail(r, "%s: the member is declared "
					    "twice", ms[n].name);
					goto out;
				}
			n++;
		} while (strcmp(lex(r), ",") == 0);
		if (strcmp(r->tok, ";") != 0) {
			fail(r, "'%s': ';' is missing after the member",
			    *r->tok != '\0' ? r->tok : "}");
			goto out;
		}
	}
	lex(r);

	/* C's layout: each member at its alignment; bitfields in units. */
	for (i = 0; i < n; i++) {
		if (ms[i].flexible && i != n - 1) {
			r->tpos = ms[i].pos;
			fail(r, "%s: an array without a size is the last "
			    "member", ms[i].name);
			goto out;
		}
		if (isunion)
			bit = 0;
		if (ms[i].bits == -1)
			bit = roundup_to(bit, ms[i].t.align * 8);
		else {
			kflag = 1;
			unit = ms[i].t.size * 8;
			if (ms[i].bits == 0 || bit / unit !=
			    (bit + ms[i].bits - 1) / unit)
				bit = roundup_to(bit, unit);
		}
		if (ms[i].t.align > align && ms[i].bits != 0)
			align = ms[i].t.align;
		ms[i].off = bit;
		bit += ms[i].bits == -1 ? ms[i].t.size * 8 :
		    (uint64_t)ms[i].bits;
		if (bit > end)
			end = bit;
		/* BTF has 24 bits for an offset beside a bitfield's size. */
		if (end > (kflag ? 0xffffffU : UINT32_MAX)) {
			fail(r, "%s: the type is too large", *name ? name :
			    "struct");
			goto out;
		}
	}
	size = roundup_to((end + 7) / 8, align);
	put32(str_add(name));
	for (i = j = 0; i < n; i++)
		j += ms[i].bits != 0;
	put32(REC(isunion ? BTF_K_UNION : BTF_K_STRUCT, kflag, j));
	put32((uint32_t)size);
	for (i = 0; i < n; i++) {
		if (ms[i].bits == 0)	/* only where the next unit starts */
			continue;
		put32(str_add(ms[i].name));
		put32(ms[i].t.id);
		put32(ms[i].bits > 0 ? (uint32_t)ms[i].bits << 24 |
		    (uint32_t)ms[i].off : (uint32_t)ms[i].off);
	}
	t->id = next_id++;
	t->size = size;
	t->align = align;
	t->is_int = 0;
	rc = 0;
	goto out;
many:
	fail(r, "%s: more members than btrace reads", *name ? name : "type");
out:
	free(ms);
	return rc;
}

void
cstruct_define(const char *kind, const char *name, struct pos npos,
    const char *body, struct pos bpos)
{
	struct reader r;
	struct ctype t;
	size_t save_types, save_strs, i;
	uint32_t save_id;
	char full[160];
	int isunion = strcmp(kind, "union") == 0;

	start();
	save_types = ntypes_len;
	save_strs = strs_len;
	save_id = next_id;
	snprintf(full, sizeof(full), "%s %s", kind, name);
	for (i = 0; i < ndefined; i++)
		if (strcmp(defined[i], full) == 0) {
			src_error(npos, "%s is defined twice", full);
			return;
		}
	memset(&r, 0, sizeof(r));
	r.s = body;
	r.pos = r.tpos = bpos;
	/* Its own name is a type its members may point to, not hold. */
	if (define_body(&r, isunion, name, &t, 0) == -1)
		goto undo;
	if (publish(npos, full) == -1)
		goto undo;
	GROW(defined, ndefined, maxdefined);
	if ((defined[ndefined++] = strdup(full)) == NULL)
		err(1, NULL);
	return;
undo:
	GROW(failed, nfailed, maxfailed);
	if ((failed[nfailed++] = strdup(full)) == NULL)
		err(1, NULL);
	ntypes_len = save_types;
	strs_len = save_strs;
	next_id = save_id;
	if (index_id >= save_id)
		index_id = 0;
}

int
cstruct_defined(void)
{
	return ndefined > 0;
}

int
cstruct_failed(const char *name)
{
	const char *bare;
	size_t i;

	for (i = 0; i < nfailed; i++) {
		bare = strchr(failed[i], ' ') + 1;
		if (strcmp(failed[i], name) == 0 || strcmp(bare, name) == 0)
			return 1;
	}
	return 0;
}
