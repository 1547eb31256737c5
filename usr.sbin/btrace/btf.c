/* SPDX-License-Identifier: ISC */
/*
 * A reader of BTF (btf.h), the format of the kernel's Documentation/bpf/
 * btf.rst: a header, a section of type records and one of strings.  The
 * file is hostile input: every field, offset, length, type id and string
 * offset is checked once at load, so that the queries after it only
 * read what was checked.  Chains of references (typedefs, modifiers,
 * array elements) are checked to end within BTF_CHAIN hops, so that no
 * query loops.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "btf.h"

#define BTF_MAGIC	0xeb9f
#define BTF_HDRLEN	24		/* the header of version 1 */
#define BTF_MAXID	0xfffff		/* the kernel's limit on type ids */
#define BTF_MAXFILE	(256u << 20)	/* vmlinux's is a few MB */
#define BTF_CHAIN	32		/* hops of references, nestings */
#define BTF_RECLEN	12		/* name_off, info, size or type */
#define BTF_MEMBERS	(1 << 16)	/* members a lookup may visit */

#define KERNEL_BTF	"/sys/kernel/btf/vmlinux"

struct btf {
	const struct btf *base;
	char		*name;
	unsigned char	*data;
	size_t		 len;
	const unsigned char *types;
	uint32_t	 types_len;
	const char	*strs;
	uint32_t	 strs_len;
	uint32_t	 start_id;	/* the first type id here */
	uint32_t	 start_str;	/* the first string offset here */
	uint32_t	 ntypes;	/* type records here */
	uint32_t	*off;		/* each one's offset in types */
	uint32_t	*byname;	/* the named types' ids, by name */
	uint32_t	 nnamed;
};

static uint32_t
rd32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void
fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* The BTF holding type id, and the record's bytes; NULL if none. */
static const unsigned char *
rec(const struct btf *b, uint32_t id, const struct btf **owner)
{
	while (b != NULL && id < b->start_id)
		b = b->base;
	if (b == NULL || id == 0 || id - b->start_id >= b->ntypes)
		return NULL;
	if (owner != NULL)
		*owner = b;
	return b->types + b->off[id - b->start_id];
}

#define INFO_VLEN(i)	((i) & 0xffff)
#define INFO_KIND(i)	(((i) >> 24) & 0x1f)
#define INFO_KFLAG(i)	((i) >> 31)

static uint32_t
info(const unsigned char *r)
{
	return rd32(r + 4);
}

/* The size or type field of a record. */
static uint32_t
sizetype(const unsigned char *r)
{
	return rd32(r + 8);
}

/* The string at offset off, "" if there is none there. */
static const char *
str(const struct btf *b, uint32_t off)
{
	while (b != NULL && off < b->start_str)
		b = b->base;
	if (b == NULL || off - b->start_str >= b->strs_len)
		return "";
	return b->strs + (off - b->start_str);
}

/* The bytes after the 12 of a record of this kind, -1 if unknown. */
static int64_t
extra(uint32_t inf)
{
	uint32_t vlen = INFO_VLEN(inf);

	switch (INFO_KIND(inf)) {
	case BTF_K_INT:
	case BTF_K_VAR:
	case BTF_K_DECL_TAG:
		return 4;
	case BTF_K_ARRAY:
		return 12;
	case BTF_K_STRUCT:
	case BTF_K_UNION:
	case BTF_K_DATASEC:
	case BTF_K_ENUM64:
		return 12 * (int64_t)vlen;
	case BTF_K_ENUM:
	case BTF_K_FUNC_PROTO:
		return 8 * (int64_t)vlen;
	case BTF_K_PTR:
	case BTF_K_FWD:
	case BTF_K_TYPEDEF:
	case BTF_K_VOLATILE:
	case BTF_K_CONST:
	case BTF_K_RESTRICT:
	case BTF_K_FUNC:
	case BTF_K_FLOAT:
	case BTF_K_TYPE_TAG:
		return 0;
	}
	return -1;
}

static int
is_modifier(int kind)
{
	return kind == BTF_K_TYPEDEF || kind == BTF_K_VOLATILE ||
	    kind == BTF_K_CONST || kind == BTF_K_RESTRICT ||
	    kind == BTF_K_TYPE_TAG;
}

/* The file offset of byte off of the type section, for messages. */
static uint64_t
foff(const struct btf *b, uint32_t off)
{
	return (uint64_t)(b->types - b->data) + off;
}

/* A string offset of the record of type id: 0 if valid. */
static int
check_str(const struct btf *b, uint32_t id, uint32_t off, uint64_t at,
    char *err, size_t errlen)
{
	const struct btf *s = b;

	while (s != NULL && off < s->start_str)
		s = s->base;
	if (s != NULL && off - s->start_str < s->strs_len)
		return 0;
	fail(err, errlen, "%s: type %u at offset %llu: string offset %u "
	    "outside the string section", b->name, id, (unsigned long long)at,
	    off);
	return -1;
}

static int
check_ref(const struct btf *b, uint32_t id, uint32_t ref, uint64_t at,
    char *err, size_t errlen)
{
	if (ref < b->start_id + b->ntypes)
		return 0;
	fail(err, errlen, "%s: type %u at offset %llu: reference to type %u, "
	    "there are %u", b->name, id, (unsigned long long)at, ref,
	    b->start_id + b->ntypes);
	return -1;
}

/*
 * The chain of modifiers and array elements from id ends within
 * BTF_CHAIN hops (a loop does not).
 */
static int
check_chain(const struct btf *b, uint32_t id, uint64_t at, char *err,
    size_t errlen)
{
	const unsigned char *r;
	uint32_t t = id;
	int hops, kind;

	for (hops = 0; hops <= BTF_CHAIN; hops++) {
		if ((r = rec(b, t, NULL)) == NULL)
			return 0;
		kind = INFO_KIND(info(r));
		if (is_modifier(kind))
			t = sizetype(r);
		else if (kind == BTF_K_ARRAY)
			t = rd32(r + BTF_RECLEN);
		else
			return 0;
	}
	fail(err, errlen, "%s: type %u at offset %llu: its references loop "
	    "or go deeper than %d", b->name, id, (unsigned long long)at,
	    BTF_CHAIN);
	return -1;
}

/* The type id at which a record must be of a kind, or is 0 (void). */
static int
check_kind(const struct btf *b, uint32_t id, uint32_t ref, int want,
    uint64_t at, char *err, size_t errlen)
{
	const unsigned char *r = rec(b, ref, NULL);

	if (r != NULL && (int)INFO_KIND(info(r)) == want)
		return 0;
	fail(err, errlen, "%s: type %u at offset %llu: type %u is not of "
	    "kind %d", b->name, id, (unsigned long long)at, ref, want);
	return -1;
}

/* Every field of the record of type id. */
static int
check_type(const struct btf *b, uint32_t id, char *err, size_t errlen)
{
	const unsigned char *r = rec(b, id, NULL), *m;
	uint64_t at = foff(b, b->off[id - b->start_id]);
	uint32_t inf = info(r), vlen = INFO_VLEN(inf), st = sizetype(r);
	uint32_t i, enc, bits, boff;
	int kind = INFO_KIND(inf);

	if (check_str(b, id, rd32(r), at, err, errlen) == -1)
		return -1;
	m = r + BTF_RECLEN;
	switch (kind) {
	case BTF_K_INT:
		enc = rd32(m);
		bits = enc & 0xff;
		boff = (enc >> 16) & 0xff;
		if (st == 0 || st > 16 || bits == 0 || bits > st * 8 ||
		    boff + bits > st * 8 || (enc & 0xff00) != 0 ||
		    (enc >> 24) > 7) {
			fail(err, errlen, "%s: type %u at offset %llu: integer "
			    "of size %u with encoding 0x%x", b->name, id,
			    (unsigned long long)at, st, enc);
			return -1;
		}
		break;
	case BTF_K_PTR:
	case BTF_K_TYPEDEF:
	case BTF_K_VOLATILE:
	case BTF_K_CONST:
	case BTF_K_RESTRICT:
	case BTF_K_TYPE_TAG:
	case BTF_K_VAR:
	case BTF_K_DECL_TAG:
		if (check_ref(b, id, st, at, err, errlen) == -1)
			return -1;
		break;
	case BTF_K_ARRAY:
		if (check_ref(b, id, rd32(m), at, err, errlen) == -1 ||
		    check_ref(b, id, rd32(m + 4), at, err, errlen) == -1)
			return -1;
		break;
	case BTF_K_STRUCT:
	case BTF_K_UNION:
		for (i = 0; i < vlen; i++, m += 12) {
			if (check_str(b, id, rd32(m), at, err, errlen) == -1 ||
			    check_ref(b, id, rd32(m + 4), at, err,
			    errlen) == -1)
				return -1;
		}
		break;
	case BTF_K_ENUM:
	case BTF_K_ENUM64:
		if (st != 1 && st != 2 && st != 4 && st != 8) {
			fail(err, errlen, "%s: type %u at offset %llu: enum of "
			    "size %u", b->name, id, (unsigned long long)at, st);
			return -1;
		}
		for (i = 0; i < vlen; i++, m += kind == BTF_K_ENUM ? 8 : 12)
			if (check_str(b, id, rd32(m), at, err, errlen) == -1)
				return -1;
		break;
	case BTF_K_FUNC:
		if (check_ref(b, id, st, at, err, errlen) == -1 ||
		    check_kind(b, id, st, BTF_K_FUNC_PROTO, at, err,
		    errlen) == -1)
			return -1;
		break;
	case BTF_K_FUNC_PROTO:
		if (check_ref(b, id, st, at, err, errlen) == -1)
			return -1;
		for (i = 0; i < vlen; i++, m += 8) {
			if (check_str(b, id, rd32(m), at, err, errlen) == -1 ||
			    check_ref(b, id, rd32(m + 4), at, err,
			    errlen) == -1)
				return -1;
		}
		break;
	case BTF_K_DATASEC:
		for (i = 0; i < vlen; i++, m += 12)
			if (check_ref(b, id, rd32(m), at, err, errlen) == -1)
				return -1;
		break;
	case BTF_K_FLOAT:
		if (st != 2 && st != 4 && st != 8 && st != 12 && st != 16) {
			fail(err, errlen, "%s: type %u at offset %llu: float "
			    "of size %u", b->name, id, (unsigned long long)at,
			    st);
			return -1;
		}
		break;
	}
	return check_chain(b, id, at, err, errlen);
}

/* The header and the sections it places; 0 if they are sound. */
static int
check_header(struct btf *b, char *err, size_t errlen)
{
	uint32_t hdr_len, toff, tlen, soff, slen;
	uint16_t magic;
	size_t i, room;

	if (b->len < BTF_HDRLEN) {
		fail(err, errlen, "%s: %zu bytes, shorter than the BTF header",
		    b->name, b->len);
		return -1;
	}
	memcpy(&magic, b->data, sizeof(magic));
	if (magic != BTF_MAGIC) {
		fail(err, errlen, "%s: offset 0: magic 0x%04x is not BTF's "
		    "0x%04x%s", b->name, magic, BTF_MAGIC, magic == 0x9feb ?
		    " (BTF of the other byte order)" : "");
		return -1;
	}
	if (b->data[2] != 1) {
		fail(err, errlen, "%s: offset 2: BTF version %u, not 1",
		    b->name, b->data[2]);
		return -1;
	}
	hdr_len = rd32(b->data + 4);
	if (hdr_len < BTF_HDRLEN || hdr_len > b->len) {
		fail(err, errlen, "%s: offset 4: header length %u outside "
		    "%u to the file's %zu bytes", b->name, hdr_len, BTF_HDRLEN,
		    b->len);
		return -1;
	}
	/* A longer header from a newer kernel: only if what we skip is 0. */
	for (i = BTF_HDRLEN; i < hdr_len; i++)
		if (b->data[i] != 0) {
			fail(err, errlen, "%s: offset %zu: unknown header "
			    "field is not zero", b->name, i);
			return -1;
		}
	toff = rd32(b->data + 8);
	tlen = rd32(b->data + 12);
	soff = rd32(b->data + 16);
	slen = rd32(b->data + 20);
	room = b->len - hdr_len;
	if (toff > room || tlen > room - toff || toff % 4 != 0) {
		fail(err, errlen, "%s: offset 8: type section at %u, %u bytes, "
		    "outside the %zu bytes after the header (or unaligned)",
		    b->name, toff, tlen, room);
		return -1;
	}
	if (soff > room || slen > room - soff) {
		fail(err, errlen, "%s: offset 16: string section at %u, %u "
		    "bytes, outside the %zu bytes after the header", b->name,
		    soff, slen, room);
		return -1;
	}
	if (tlen != 0 && slen != 0 && toff < soff + slen && soff < toff + tlen) {
		fail(err, errlen, "%s: offset 8: type section (%u, %u bytes) "
		    "overlaps the string section (%u, %u bytes)", b->name,
		    toff, tlen, soff, slen);
		return -1;
	}
	b->types = b->data + hdr_len + toff;
	b->types_len = tlen;
	b->strs = (const char *)b->data + hdr_len + soff;
	b->strs_len = slen;
	if (b->base == NULL && (slen == 0 || b->strs[0] != '\0')) {
		fail(err, errlen, "%s: offset %u: the string section does not "
		    "start with the empty string", b->name, hdr_len + soff);
		return -1;
	}
	if (slen != 0 && b->strs[slen - 1] != '\0') {
		fail(err, errlen, "%s: offset %u: the string section does not "
		    "end with a NUL", b->name, hdr_len + soff + slen - 1);
		return -1;
	}
	return 0;
}

/* Index the type records, then check each. */
static int
check_types(struct btf *b, char *err, size_t errlen)
{
	uint32_t off = 0, n = 0, cap = 0, *o, id;
	int64_t x;

	while (off < b->types_len) {
		if (b->types_len - off < BTF_RECLEN) {
			fail(err, errlen, "%s: offset %llu: type record cut "
			    "short by the end of the type section", b->name,
			    (unsigned long long)foff(b, off));
			return -1;
		}
		if ((x = extra(info(b->types + off))) < 0) {
			fail(err, errlen, "%s: offset %llu: type %u of unknown "
			    "kind %u", b->name,
			    (unsigned long long)foff(b, off), b->start_id + n,
			    INFO_KIND(info(b->types + off)));
			return -1;
		}
		if ((uint64_t)x > b->types_len - off - BTF_RECLEN) {
			fail(err, errlen, "%s: offset %llu: type %u of %lld "
			    "more bytes runs past the type section", b->name,
			    (unsigned long long)foff(b, off), b->start_id + n,
			    (long long)x);
			return -1;
		}
		if (b->start_id + n > BTF_MAXID) {
			fail(err, errlen, "%s: offset %llu: more than %u types",
			    b->name, (unsigned long long)foff(b, off),
			    BTF_MAXID);
			return -1;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			if ((o = realloc(b->off, cap * sizeof(*o))) == NULL) {
				fail(err, errlen, "%s: %s", b->name,
				    strerror(errno));
				return -1;
			}
			b->off = o;
		}
		b->off[n++] = off;
		off += BTF_RECLEN + (uint32_t)x;
	}
	b->ntypes = n;
	for (id = b->start_id; id < b->start_id + n; id++)
		if (check_type(b, id, err, errlen) == -1)
			return -1;
	return 0;
}

static const struct btf *sorting;	/* for byname_cmp(), in qsort() */

static int
byname_cmp(const void *a, const void *b)
{
	uint32_t ia = *(const uint32_t *)a, ib = *(const uint32_t *)b;
	int c;

	c = strcmp(btf_name(sorting, ia), btf_name(sorting, ib));
	if (c != 0)
		return c;
	return ia < ib ? -1 : ia > ib;
}

/*
 * The named types sorted by name, so that a lookup is a binary search:
 * a listing of every kernel function with its parameters looks up
 * tens of thousands of names among a hundred thousand types.
 */
static int
index_names(struct btf *b, char *err, size_t errlen)
{
	uint32_t id, n = 0;

	if ((b->byname = calloc(b->ntypes + 1, sizeof(*b->byname))) ==
	    NULL) {
		fail(err, errlen, "%s: %s", b->name, strerror(errno));
		return -1;
	}
	for (id = b->start_id; id < b->start_id + b->ntypes; id++)
		if (*btf_name(b, id) != '\0')
			b->byname[n++] = id;
	sorting = b;
	qsort(b->byname, n, sizeof(*b->byname), byname_cmp);
	sorting = NULL;
	b->nnamed = n;
	return 0;
}

struct btf *
btf_load(const void *buf, size_t len, const char *name,
    const struct btf *base, char *err, size_t errlen)
{
	struct btf *b;

	if ((b = calloc(1, sizeof(*b))) == NULL ||
	    (b->name = strdup(name)) == NULL ||
	    (b->data = malloc(len ? len : 1)) == NULL) {
		fail(err, errlen, "%s: %s", name, strerror(errno));
		btf_free(b);
		return NULL;
	}
	memcpy(b->data, buf, len);
	b->len = len;
	b->base = base;
	if (base != NULL) {
		b->start_id = base->start_id + base->ntypes;
		b->start_str = base->start_str + base->strs_len;
	} else
		b->start_id = 1;	/* 0 is void */
	if (check_header(b, err, errlen) == -1 ||
	    check_types(b, err, errlen) == -1 ||
	    index_names(b, err, errlen) == -1) {
		btf_free(b);
		return NULL;
	}
	return b;
}

struct btf *
btf_open(const char *path, const struct btf *base, char *err, size_t errlen)
{
	unsigned char *buf = NULL, *nbuf;
	size_t len = 0, cap = 0;
	struct btf *b;
	ssize_t n;
	int fd;

	/* sysfs reports no size: read to the end. */
	if ((fd = open(path, O_RDONLY)) == -1) {
		fail(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (len == cap) {
			if (cap >= BTF_MAXFILE) {
				fail(err, errlen, "%s: larger than %u bytes",
				    path, BTF_MAXFILE);
				goto bad;
			}
			cap = cap ? cap * 2 : 1 << 16;
			if ((nbuf = realloc(buf, cap)) == NULL) {
				fail(err, errlen, "%s: %s", path,
				    strerror(errno));
				goto bad;
			}
			buf = nbuf;
		}
		if ((n = read(fd, buf + len, cap - len)) == -1) {
			if (errno == EINTR)
				continue;
			fail(err, errlen, "%s: %s", path, strerror(errno));
			goto bad;
		}
		if (n == 0)
			break;
		len += n;
	}
	close(fd);
	b = btf_load(buf, len, path, base, err, errlen);
	free(buf);
	return b;
bad:
	close(fd);
	free(buf);
	return NULL;
}

void
btf_free(struct btf *b)
{
	if (b == NULL)
		return;
	free(b->name);
	free(b->data);
	free(b->off);
	free(b->byname);
	free(b);
}

static struct btf *kernel, *script;
static char why[512];

static const struct btf *
kernel_only(void)
{
	static int tried;
	const char *path;

	if (!tried) {
		tried = 1;
		path = getenv("BTRACE_BTF");
		if (path == NULL || *path == '\0')
			path = KERNEL_BTF;
		kernel = btf_open(path, NULL, why, sizeof(why));
	}
	return kernel;
}

const struct btf *
btf_kernel(char *err, size_t errlen)
{
	if (kernel_only() == NULL && script == NULL) {
		snprintf(err, errlen, "%s", why);
		return NULL;
	}
	return script != NULL ? script : kernel;
}

int
btf_kernel_has(char *err, size_t errlen)
{
	if (kernel_only() != NULL)
		return 1;
	snprintf(err, errlen, "%s", why);
	return 0;
}

const struct btf *
btf_script_base(void)
{
	return kernel_only();
}

int
btf_script_set(const void *buf, size_t len, char *err, size_t errlen)
{
	struct btf *b;

	if ((b = btf_load(buf, len, "the script's types", kernel_only(), err,
	    errlen)) == NULL)
		return -1;
	btf_free(script);
	script = b;
	return 0;
}

uint32_t
btf_ntypes(const struct btf *b)
{
	return b->start_id + b->ntypes;
}

uint32_t
btf_nstrs(const struct btf *b)
{
	return b->start_str + b->strs_len;
}

int
btf_kind(const struct btf *b, uint32_t id)
{
	const unsigned char *r;

	if (id == 0)
		return BTF_K_VOID;
	if ((r = rec(b, id, NULL)) == NULL)
		return -1;
	return INFO_KIND(info(r));
}

const char *
btf_name(const struct btf *b, uint32_t id)
{
	const unsigned char *r = rec(b, id, NULL);

	return r == NULL ? "" : str(b, rd32(r));
}

/*
 * Whether a record of kind k (kflag: a forward declaration's union bit)
 * is one a lookup of kind want finds: -1 wants the types a bare name
 * means first, a struct or union also its forward declarations, an
 * enum also a 64-bit one.
 */
static int
kind_fits(int want, int k, int kflag)
{
	switch (want) {
	case -1:
		return k == BTF_K_TYPEDEF || k == BTF_K_INT ||
		    k == BTF_K_FLOAT;
	case BTF_K_STRUCT:
	case BTF_K_UNION:
		return k == want || (k == BTF_K_FWD &&
		    kflag == (want == BTF_K_UNION));
	case BTF_K_ENUM:
		return k == BTF_K_ENUM || k == BTF_K_ENUM64;
	}
	return k == want;
}

/* The type of name among those a lookup of kind want finds. */
static uint32_t
find(const struct btf *b, const char *name, int want)
{
	const struct btf *s;
	const unsigned char *r;
	uint32_t id, fwd = 0, lo, hi, mid;
	int k;

	for (s = b; s != NULL; s = s->base) {
		/* The first of the name, then each of the name. */
		lo = 0;
		hi = s->nnamed;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (strcmp(btf_name(s, s->byname[mid]), name) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < s->nnamed; lo++) {
			id = s->byname[lo];
			if (strcmp(btf_name(s, id), name) != 0)
				break;
			r = s->types + s->off[id - s->start_id];
			k = INFO_KIND(info(r));
			if (!kind_fits(want, k, INFO_KFLAG(info(r))))
				continue;
			if (k != BTF_K_FWD)
				return id;
			if (fwd == 0)
				fwd = id;
		}
	}
	return fwd;
}

uint32_t
btf_lookup(const struct btf *b, const char *name)
{
	static const struct {
		const char *kw;
		int kind;
	} tags[] = {
		{ "struct ", BTF_K_STRUCT },
		{ "union ", BTF_K_UNION },
		{ "enum ", BTF_K_ENUM },
	};
	size_t i, n;
	uint32_t id;

	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		n = strlen(tags[i].kw);
		if (strncmp(name, tags[i].kw, n) == 0) {
			name += n;
			while (*name == ' ')
				name++;
			return *name == '\0' ? 0 : find(b, name, tags[i].kind);
		}
	}
	if (*name == '\0')
		return 0;
	if ((id = find(b, name, -1)) != 0)
		return id;
	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if ((id = find(b, name, tags[i].kind)) != 0)
			return id;
	return 0;
}

uint32_t
btf_func(const struct btf *b, const char *name)
{
	return *name == '\0' ? 0 : find(b, name, BTF_K_FUNC);
}

uint32_t
btf_resolve(const struct btf *b, uint32_t id)
{
	const unsigned char *r;
	uint32_t full;
	int hops, kind;

	for (hops = 0; hops <= BTF_CHAIN; hops++) {
		if ((r = rec(b, id, NULL)) == NULL)
			return 0;
		kind = INFO_KIND(info(r));
		if (kind == BTF_K_FWD) {
			full = find(b, str(b, rd32(r)), INFO_KFLAG(info(r)) ?
			    BTF_K_UNION : BTF_K_STRUCT);
			return full != 0 && btf_kind(b, full) != BTF_K_FWD ?
			    full : id;
		}
		if (!is_modifier(kind))
			return id;
		id = sizetype(r);
	}
	return 0;
}

static int
size_of(const struct btf *b, uint32_t id, uint64_t *size, int depth)
{
	const unsigned char *r;
	uint64_t elem;
	uint32_t n;

	*size = 0;
	if (depth > BTF_CHAIN || (r = rec(b, btf_resolve(b, id), NULL)) ==
	    NULL)
		return -1;
	switch (INFO_KIND(info(r))) {
	case BTF_K_INT:
	case BTF_K_STRUCT:
	case BTF_K_UNION:
	case BTF_K_ENUM:
	case BTF_K_ENUM64:
	case BTF_K_FLOAT:
		*size = sizetype(r);
		return 0;
	case BTF_K_PTR:
		*size = sizeof(void *);
		return 0;
	case BTF_K_ARRAY:
		if (size_of(b, rd32(r + BTF_RECLEN), &elem, depth + 1) == -1)
			return -1;
		n = rd32(r + BTF_RECLEN + 8);
		if (n != 0 && elem > UINT64_MAX / n)
			return -1;
		*size = elem * n;
		return 0;
	}
	return -1;
}

int
btf_sizeof(const struct btf *b, uint32_t id, uint64_t *size)
{
	return size_of(b, id, size, 0);
}

/*
 * C's alignment of a type: BTF does not record it, so it is the
 * largest of its parts', lowered until it divides the size (a packed
 * struct's).
 */
static int
align_of(const struct btf *b, uint32_t id, uint64_t *align, int depth)
{
	const unsigned char *r;
	const char *name;
	uint64_t size, a;
	uint32_t t;
	int i;

	*align = 1;
	if (depth > BTF_CHAIN || (r = rec(b, btf_resolve(b, id), NULL)) ==
	    NULL || size_of(b, id, &size, 0) == -1)
		return -1;
	switch (INFO_KIND(info(r))) {
	case BTF_K_ARRAY:
		return align_of(b, rd32(r + BTF_RECLEN), align, depth + 1);
	case BTF_K_STRUCT:
	case BTF_K_UNION:
		for (i = 0; btf_member_at(b, btf_resolve(b, id), i, &name,
		    &t) == 0; i++) {
			if (align_of(b, t, &a, depth + 1) == -1)
				return -1;
			if (a > *align)
				*align = a;
		}
		break;
	default:
		*align = size;
		break;
	}
	while (*align > 1 && (size % *align != 0 || *align > 16))
		*align /= 2;
	if (*align == 0)
		*align = 1;
	return 0;
}

int
btf_alignof(const struct btf *b, uint32_t id, uint64_t *align)
{
	return align_of(b, id, align, 0);
}

int
btf_int(const struct btf *b, uint32_t id, struct btf_int *bi)
{
	const unsigned char *r = rec(b, btf_resolve(b, id), NULL);
	uint32_t enc;

	if (r == NULL || INFO_KIND(info(r)) != BTF_K_INT)
		return -1;
	enc = rd32(r + BTF_RECLEN);
	bi->bytes = sizetype(r);
	bi->is_signed = (enc >> 24) & 1;
	bi->is_char = (enc >> 25) & 1;
	bi->is_bool = (enc >> 26) & 1;
	bi->bit_offset = (enc >> 16) & 0xff;
	bi->bits = enc & 0xff;
	return 0;
}

int
btf_pointee(const struct btf *b, uint32_t id, uint32_t *to)
{
	const unsigned char *r = rec(b, btf_resolve(b, id), NULL);

	if (r == NULL || INFO_KIND(info(r)) != BTF_K_PTR)
		return -1;
	*to = sizetype(r);
	return 0;
}

int
btf_array(const struct btf *b, uint32_t id, uint32_t *elem, uint32_t *n)
{
	const unsigned char *r = rec(b, btf_resolve(b, id), NULL);

	if (r == NULL || INFO_KIND(info(r)) != BTF_K_ARRAY)
		return -1;
	*elem = rd32(r + BTF_RECLEN);
	*n = rd32(r + BTF_RECLEN + 8);
	return 0;
}

/*
 * Look for name among the members of id and of its anonymous members,
 * visiting at most *budget members: anonymous members that contain
 * their own type, twice over, would otherwise take exponential time.
 */
static int
member(const struct btf *b, uint32_t id, const char *name,
    struct btf_member *bm, int depth, long *budget)
{
	const unsigned char *r, *m;
	struct btf_int bi;
	uint32_t i, vlen, off, bits, mt;
	int kind, kflag, k;

	if (depth > BTF_CHAIN || (r = rec(b, btf_resolve(b, id), NULL)) ==
	    NULL)
		return -2;
	kind = INFO_KIND(info(r));
	if (kind != BTF_K_STRUCT && kind != BTF_K_UNION)
		return -2;
	vlen = INFO_VLEN(info(r));
	kflag = INFO_KFLAG(info(r));
	for (i = 0, m = r + BTF_RECLEN; i < vlen; i++, m += 12) {
		if (--*budget < 0)
			return -1;
		mt = rd32(m + 4);
		off = rd32(m + 8);
		bits = 0;
		if (kflag) {
			bits = off >> 24;
			off &= 0xffffff;
		}
		if (*str(b, rd32(m)) == '\0') {
			/* An anonymous struct or union: look inside. */
			k = btf_kind(b, btf_resolve(b, mt));
			if ((k != BTF_K_STRUCT && k != BTF_K_UNION) ||
			    member(b, mt, name, bm, depth + 1, budget) != 0)
				continue;
			bm->byte_offset += off / 8;
			bm->bit_offset += off % 8;
			bm->byte_offset += bm->bit_offset / 8;
			bm->bit_offset %= 8;
			return 0;
		}
		if (strcmp(str(b, rd32(m)), name) != 0)
			continue;
		/* Bitfields of old: the bits are the integer type's. */
		if (!kflag && btf_int(b, mt, &bi) == 0 &&
		    (bi.bit_offset != 0 || bi.bits != bi.bytes * 8)) {
			off += bi.bit_offset;
			bits = bi.bits;
		}
		bm->byte_offset = off / 8;
		bm->bit_offset = off % 8;
		bm->bitfield_bits = bits;
		bm->type = mt;
		return 0;
	}
	return -1;
}

int
btf_member(const struct btf *b, uint32_t id, const char *name,
    struct btf_member *bm)
{
	long budget = BTF_MEMBERS;

	memset(bm, 0, sizeof(*bm));
	return member(b, id, name, bm, 0, &budget);
}

int
btf_member_at(const struct btf *b, uint32_t id, int i, const char **name,
    uint32_t *type)
{
	const unsigned char *r = rec(b, btf_resolve(b, id), NULL);
	int kind;

	if (r == NULL || i < 0)
		return -1;
	kind = INFO_KIND(info(r));
	if ((kind != BTF_K_STRUCT && kind != BTF_K_UNION) ||
	    (uint32_t)i >= INFO_VLEN(info(r)))
		return -1;
	r += BTF_RECLEN + 12 * (uint32_t)i;
	*name = str(b, rd32(r));
	*type = rd32(r + 4);
	return 0;
}

int
btf_enum_at(const struct btf *b, uint32_t id, int i, const char **name,
    int64_t *value)
{
	const unsigned char *r = rec(b, btf_resolve(b, id), NULL);
	uint64_t v;
	uint32_t inf;
	int kind;

	if (r == NULL || i < 0)
		return -1;
	inf = info(r);
	kind = INFO_KIND(inf);
	if ((kind != BTF_K_ENUM && kind != BTF_K_ENUM64) ||
	    (uint32_t)i >= INFO_VLEN(inf))
		return -1;
	if (kind == BTF_K_ENUM) {
		r += BTF_RECLEN + 8 * (uint32_t)i;
		v = rd32(r + 4);
		/* A signed enum's 32 bits are an int32_t. */
		if (INFO_KFLAG(inf))
			v = (uint64_t)(int64_t)(int32_t)(uint32_t)v;
	} else {
		r += BTF_RECLEN + 12 * (uint32_t)i;
		v = (uint64_t)rd32(r + 8) << 32 | rd32(r + 4);
	}
	*name = str(b, rd32(r));
	memcpy(value, &v, sizeof(*value));
	return 0;
}

/* The record of the prototype of a FUNC or FUNC_PROTO; NULL if none. */
static const unsigned char *
proto(const struct btf *b, uint32_t id)
{
	const unsigned char *r = rec(b, id, NULL);

	if (r != NULL && INFO_KIND(info(r)) == BTF_K_FUNC)
		r = rec(b, sizetype(r), NULL);
	if (r == NULL || INFO_KIND(info(r)) != BTF_K_FUNC_PROTO)
		return NULL;
	return r;
}

int
btf_nparams(const struct btf *b, uint32_t id)
{
	const unsigned char *r = proto(b, id);

	return r == NULL ? -1 : (int)INFO_VLEN(info(r));
}

int
btf_param(const struct btf *b, uint32_t id, int i, const char **name,
    uint32_t *type)
{
	const unsigned char *r = proto(b, id);

	if (r == NULL || i < 0 || (uint32_t)i >= INFO_VLEN(info(r)))
		return -1;
	r += BTF_RECLEN + 8 * (uint32_t)i;
	*name = str(b, rd32(r));
	*type = rd32(r + 4);
	return 0;
}

int
btf_return(const struct btf *b, uint32_t id, uint32_t *type)
{
	const unsigned char *r = proto(b, id);

	if (r == NULL)
		return -1;
	*type = sizetype(r);
	return 0;
}

/* Append to buf (of len, holding a string). */
static void
cat(char *buf, size_t len, const char *s)
{
	size_t n = strlen(buf);

	if (n + 1 < len)
		snprintf(buf + n, len - n, "%s", s);
}

static void
type_str(const struct btf *b, uint32_t id, char *buf, size_t len,
    int depth)
{
	const unsigned char *r;
	char num[16];

	if (depth > BTF_CHAIN) {
		cat(buf, len, "...");
		return;
	}
	if (id == 0) {
		cat(buf, len, "void");
		return;
	}
	if ((r = rec(b, id, NULL)) == NULL) {
		cat(buf, len, "?");
		return;
	}
	switch (INFO_KIND(info(r))) {
	case BTF_K_PTR:
		type_str(b, sizetype(r), buf, len, depth + 1);
		cat(buf, len, " *");
		return;
	case BTF_K_CONST:
	case BTF_K_VOLATILE:
	case BTF_K_RESTRICT:
		cat(buf, len, INFO_KIND(info(r)) == BTF_K_CONST ? "const " :
		    INFO_KIND(info(r)) == BTF_K_VOLATILE ? "volatile " :
		    "restrict ");
		type_str(b, sizetype(r), buf, len, depth + 1);
		return;
	case BTF_K_TYPE_TAG:
		type_str(b, sizetype(r), buf, len, depth + 1);
		return;
	case BTF_K_ARRAY:
		type_str(b, rd32(r + BTF_RECLEN), buf, len, depth + 1);
		snprintf(num, sizeof(num), "[%u]", rd32(r + BTF_RECLEN + 8));
		cat(buf, len, num);
		return;
	case BTF_K_STRUCT:
		cat(buf, len, "struct ");
		break;
	case BTF_K_UNION:
		cat(buf, len, "union ");
		break;
	case BTF_K_ENUM:
	case BTF_K_ENUM64:
		cat(buf, len, "enum ");
		break;
	case BTF_K_FWD:
		cat(buf, len, INFO_KFLAG(info(r)) ? "union " : "struct ");
		break;
	case BTF_K_FUNC_PROTO:
		cat(buf, len, "function");
		return;
	}
	cat(buf, len, *str(b, rd32(r)) ? str(b, rd32(r)) : "(anon)");
}

const char *
btf_type_str(const struct btf *b, uint32_t id, char *buf, size_t len)
{
	if (len == 0)
		return buf;
	buf[0] = '\0';
	type_str(b, id, buf, len, 0);
	return buf;
}
