/* SPDX-License-Identifier: ISC */
/*
 * Unit test and fuzzer of usr.sbin/btrace/btf.c: a small BTF blob built
 * here (every kind of type, bitfields old and new, anonymous members, a
 * forward declaration, a function) reads back as built, split BTF on top
 * of it too; broken copies of it are refused with a message naming the
 * file and the offending offset; the kernel's own BTF, when there is
 * one, has the types and offsets the kernel's ABI fixes; then random
 * mutants of the blob are loaded and queried in every way, under ASan
 * and UBSan.
 *
 * usage: btf_test known
 *        btf_test write file		the blob, for the language tests
 *        btf_test kernel file [module ...]
 *				the checks of a kernel's BTF, and its
 *				modules' split BTF on top of it
 *        btf_test fuzz [iterations [seed]]
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf.h"
#include "../../../lib/splitmix.h"

static int failed;

#define CHECK(name, cond) do {						\
	if (cond)							\
		printf("PASS btf.%s\n", name);				\
	else {								\
		printf("FAIL btf.%s (line %d)\n", name, __LINE__);	\
		failed = 1;						\
	}								\
} while (0)

/* A BTF blob being built: its type records and strings. */
struct blob {
	unsigned char	types[8192];
	size_t		tlen;
	char		strs[4096];
	size_t		slen;
	uint32_t	next;		/* the next type id */
};

static void
blob_init(struct blob *bl, uint32_t first, int base)
{
	memset(bl, 0, sizeof(*bl));
	bl->next = first;
	bl->slen = base;	/* a base starts with the empty string */
}

/* The offset of a string (offsets of split BTF start at soff). */
static uint32_t
s(struct blob *bl, const char *str, uint32_t soff)
{
	uint32_t off;

	if (*str == '\0' && soff == 0)
		return 0;
	off = bl->slen;
	memcpy(bl->strs + bl->slen, str, strlen(str) + 1);
	bl->slen += strlen(str) + 1;
	return soff + off;
}

static void
w(struct blob *bl, uint32_t v)
{
	memcpy(bl->types + bl->tlen, &v, 4);
	bl->tlen += 4;
}

static uint32_t
t(struct blob *bl, uint32_t name, int kind, int kflag, uint32_t vlen,
    uint32_t sizetype)
{
	w(bl, name);
	w(bl, (uint32_t)kflag << 31 | (uint32_t)kind << 24 | vlen);
	w(bl, sizetype);
	return bl->next++;
}

/* The bytes of the blob as a file: header, types, strings. */
static size_t
blob_file(const struct blob *bl, unsigned char *out)
{
	uint16_t magic = 0xeb9f;
	uint32_t v;

	memcpy(out, &magic, 2);
	out[2] = 1;
	out[3] = 0;
	v = 24;
	memcpy(out + 4, &v, 4);
	v = 0;
	memcpy(out + 8, &v, 4);
	v = bl->tlen;
	memcpy(out + 12, &v, 4);
	v = bl->tlen;
	memcpy(out + 16, &v, 4);
	v = bl->slen;
	memcpy(out + 20, &v, 4);
	memcpy(out + 24, bl->types, bl->tlen);
	memcpy(out + 24 + bl->tlen, bl->strs, bl->slen);
	return 24 + bl->tlen + bl->slen;
}

/* Type ids of the base blob. */
enum {
	T_INT = 1, T_UCHAR, T_LONG, T_PINT, T_INTARR, T_INNER, T_OUTER,
	T_ANONU, T_ANONS, T_OUTER_T, T_CONST, T_FWD, T_PLATER, T_LATER,
	T_COLOR, T_BIG, T_PROTO, T_FUNC, T_VAR, T_DATASEC, T_U8ARR, T_UCARR,
	T_INT3, T_OLDBF, T_DOUBLE, T_VOLATILE, T_RESTRICT, T_TYPETAG,
	T_NAMES, T_NAMESARR, T_INNERARR, T_ARRS, T_KTS, T_PUCHAR, T_PPUCHAR,
	T_VEC, T_DECLTAG, T_NTYPES
};

static void
build_base(struct blob *bl)
{
	blob_init(bl, 1, 1);
	t(bl, s(bl, "int", 0), BTF_K_INT, 0, 0, 4);
	w(bl, 1u << 24 | 32);
	t(bl, s(bl, "unsigned char", 0), BTF_K_INT, 0, 0, 1);
	w(bl, 8);
	t(bl, s(bl, "long", 0), BTF_K_INT, 0, 0, 8);
	w(bl, 1u << 24 | 64);
	t(bl, 0, BTF_K_PTR, 0, 0, T_INT);
	t(bl, 0, BTF_K_ARRAY, 0, 0, 0);
	w(bl, T_INT); w(bl, T_INT); w(bl, 10);
	/* struct inner { int a; int b; } */
	t(bl, s(bl, "inner", 0), BTF_K_STRUCT, 0, 2, 8);
	w(bl, s(bl, "a", 0)); w(bl, T_INT); w(bl, 0);
	w(bl, s(bl, "b", 0)); w(bl, T_INT); w(bl, 32);
	/*
	 * struct outer { int x; union { long u64v; struct { int lo, hi; };
	 * }; int bf:3, bf2:5; int *p; struct inner in; }
	 */
	t(bl, s(bl, "outer", 0), BTF_K_STRUCT, 1, 6, 40);
	w(bl, s(bl, "x", 0)); w(bl, T_INT); w(bl, 0);
	w(bl, 0); w(bl, T_ANONU); w(bl, 64);
	w(bl, s(bl, "bf", 0)); w(bl, T_INT); w(bl, 3u << 24 | 128);
	w(bl, s(bl, "bf2", 0)); w(bl, T_INT); w(bl, 5u << 24 | 131);
	w(bl, s(bl, "p", 0)); w(bl, T_PINT); w(bl, 192);
	w(bl, s(bl, "in", 0)); w(bl, T_INNER); w(bl, 256);
	t(bl, 0, BTF_K_UNION, 0, 2, 8);
	w(bl, s(bl, "u64v", 0)); w(bl, T_LONG); w(bl, 0);
	w(bl, 0); w(bl, T_ANONS); w(bl, 0);
	t(bl, 0, BTF_K_STRUCT, 0, 2, 8);
	w(bl, s(bl, "lo", 0)); w(bl, T_INT); w(bl, 0);
	w(bl, s(bl, "hi", 0)); w(bl, T_INT); w(bl, 32);
	t(bl, s(bl, "outer_t", 0), BTF_K_TYPEDEF, 0, 0, T_OUTER);
	t(bl, 0, BTF_K_CONST, 0, 0, T_OUTER_T);
	t(bl, s(bl, "later", 0), BTF_K_FWD, 0, 0, 0);
	t(bl, 0, BTF_K_PTR, 0, 0, T_FWD);
	/* struct later { long q; struct later *r; } */
	t(bl, s(bl, "later", 0), BTF_K_STRUCT, 0, 2, 16);
	w(bl, s(bl, "q", 0)); w(bl, T_LONG); w(bl, 0);
	w(bl, s(bl, "r", 0)); w(bl, T_PLATER); w(bl, 64);
	t(bl, s(bl, "color", 0), BTF_K_ENUM, 1, 2, 4);
	w(bl, s(bl, "RED", 0)); w(bl, 0);
	w(bl, s(bl, "BLUE", 0)); w(bl, (uint32_t)-1);
	t(bl, s(bl, "big", 0), BTF_K_ENUM64, 0, 1, 8);
	w(bl, s(bl, "HUGE", 0)); w(bl, 0); w(bl, 1u << 8);
	/* int do_thing(struct later *f, long n) */
	t(bl, 0, BTF_K_FUNC_PROTO, 0, 2, T_INT);
	w(bl, s(bl, "f", 0)); w(bl, T_PLATER);
	w(bl, s(bl, "n", 0)); w(bl, T_LONG);
	t(bl, s(bl, "do_thing", 0), BTF_K_FUNC, 0, 1, T_PROTO);
	t(bl, s(bl, "global", 0), BTF_K_VAR, 0, 0, T_INT);
	w(bl, 1);
	t(bl, s(bl, ".data", 0), BTF_K_DATASEC, 0, 1, 4);
	w(bl, T_VAR); w(bl, 0); w(bl, 4);
	t(bl, s(bl, "u8arr", 0), BTF_K_TYPEDEF, 0, 0, T_UCARR);
	t(bl, 0, BTF_K_ARRAY, 0, 0, 0);
	w(bl, T_UCHAR); w(bl, T_INT); w(bl, 16);
	/* struct oldbf { int low:3, high:3; }, bitfields of old BTF */
	t(bl, s(bl, "int", 0), BTF_K_INT, 0, 0, 4);
	w(bl, 1u << 24 | 3);
	t(bl, s(bl, "oldbf", 0), BTF_K_STRUCT, 0, 2, 4);
	w(bl, s(bl, "low", 0)); w(bl, T_INT3); w(bl, 0);
	w(bl, s(bl, "high", 0)); w(bl, T_INT3); w(bl, 3);
	t(bl, s(bl, "double", 0), BTF_K_FLOAT, 0, 0, 8);
	t(bl, 0, BTF_K_VOLATILE, 0, 0, T_INT);
	t(bl, 0, BTF_K_RESTRICT, 0, 0, T_PINT);
	t(bl, s(bl, "user", 0), BTF_K_TYPE_TAG, 0, 0, T_INT);
	/*
	 * struct arrs { int v[10]; unsigned char names[3][8];
	 * struct inner in[2]; }, arrays in place
	 */
	t(bl, 0, BTF_K_ARRAY, 0, 0, 0);
	w(bl, T_UCHAR); w(bl, T_INT); w(bl, 8);
	t(bl, 0, BTF_K_ARRAY, 0, 0, 0);
	w(bl, T_NAMES); w(bl, T_INT); w(bl, 3);
	t(bl, 0, BTF_K_ARRAY, 0, 0, 0);
	w(bl, T_INNER); w(bl, T_INT); w(bl, 2);
	t(bl, s(bl, "arrs", 0), BTF_K_STRUCT, 0, 3, 80);
	w(bl, s(bl, "v", 0)); w(bl, T_INTARR); w(bl, 0);
	w(bl, s(bl, "names", 0)); w(bl, T_NAMESARR); w(bl, 320);
	w(bl, s(bl, "in", 0)); w(bl, T_INNERARR); w(bl, 512);
	/* struct __kernel_timespec { long tv_sec; long tv_nsec; } */
	t(bl, s(bl, "__kernel_timespec", 0), BTF_K_STRUCT, 0, 2, 16);
	w(bl, s(bl, "tv_sec", 0)); w(bl, T_LONG); w(bl, 0);
	w(bl, s(bl, "tv_nsec", 0)); w(bl, T_LONG); w(bl, 64);
	/* struct vec { unsigned char **argv; int argc; }, a vector */
	t(bl, 0, BTF_K_PTR, 0, 0, T_UCHAR);
	t(bl, 0, BTF_K_PTR, 0, 0, T_PUCHAR);
	t(bl, s(bl, "vec", 0), BTF_K_STRUCT, 0, 2, 16);
	w(bl, s(bl, "argv", 0)); w(bl, T_PPUCHAR); w(bl, 0);
	w(bl, s(bl, "argc", 0)); w(bl, T_INT); w(bl, 64);
	t(bl, s(bl, "tag", 0), BTF_K_DECL_TAG, 0, 0, T_FUNC);
	w(bl, (uint32_t)-1);
}

static unsigned char	basefile[16384];
static size_t		baselen;

static struct btf *
load(const unsigned char *buf, size_t len, const struct btf *base,
    char *err, size_t errlen)
{
	return btf_load(buf, len, "test.btf", base, err, errlen);
}

static int
member_at(const struct btf *b, uint32_t id, const char *name,
    uint64_t byte, uint32_t bit, uint32_t bits)
{
	struct btf_member m;

	return btf_member(b, id, name, &m) == 0 && m.byte_offset == byte &&
	    m.bit_offset == bit && m.bitfield_bits == bits;
}

static int
size_is(const struct btf *b, uint32_t id, uint64_t want)
{
	uint64_t size;

	return btf_sizeof(b, id, &size) == 0 && size == want;
}

static int
str_is(const struct btf *b, uint32_t id, const char *want)
{
	char buf[128];

	return strcmp(btf_type_str(b, id, buf, sizeof(buf)), want) == 0;
}

static void
known_base(const struct btf *b)
{
	struct btf_member m;
	struct btf_int bi;
	const char *pname;
	uint32_t pt, elem, n;
	uint64_t size;
	int64_t ev;

	CHECK("ntypes", btf_ntypes(b) == T_NTYPES);
	CHECK("lookup.int", btf_lookup(b, "int") == T_INT);
	CHECK("lookup.struct", btf_lookup(b, "struct outer") == T_OUTER);
	CHECK("lookup.bare", btf_lookup(b, "outer") == T_OUTER);
	CHECK("lookup.typedef", btf_lookup(b, "outer_t") == T_OUTER_T);
	CHECK("lookup.wrongtag", btf_lookup(b, "union outer") == 0);
	CHECK("lookup.notfwd", btf_lookup(b, "struct later") == T_LATER);
	CHECK("lookup.enum", btf_lookup(b, "enum color") == T_COLOR);
	CHECK("lookup.enum64", btf_lookup(b, "enum big") == T_BIG);
	CHECK("lookup.none", btf_lookup(b, "nosuch") == 0 &&
	    btf_lookup(b, "struct ") == 0 && btf_lookup(b, "") == 0);
	CHECK("lookup.func", btf_func(b, "do_thing") == T_FUNC &&
	    btf_func(b, "outer") == 0);
	CHECK("kind", btf_kind(b, T_DATASEC) == BTF_K_DATASEC &&
	    btf_kind(b, 0) == BTF_K_VOID && btf_kind(b, T_NTYPES) == -1);
	CHECK("name", strcmp(btf_name(b, T_LATER), "later") == 0 &&
	    strcmp(btf_name(b, T_ANONU), "") == 0);

	CHECK("sizeof.int", size_is(b, T_INT, 4));
	CHECK("sizeof.struct", size_is(b, T_OUTER, 40));
	CHECK("sizeof.typedef", size_is(b, T_OUTER_T, 40));
	CHECK("sizeof.const", size_is(b, T_CONST, 40));
	CHECK("sizeof.array", size_is(b, T_INTARR, 40));
	CHECK("sizeof.ptr", size_is(b, T_PINT, sizeof(void *)));
	CHECK("sizeof.fwd", size_is(b, T_FWD, 16));
	CHECK("sizeof.chararray", size_is(b, T_U8ARR, 16));
	CHECK("sizeof.enum", size_is(b, T_COLOR, 4) && size_is(b, T_BIG, 8));
	CHECK("sizeof.float", size_is(b, T_DOUBLE, 8));
	CHECK("sizeof.modifiers", size_is(b, T_VOLATILE, 4) &&
	    size_is(b, T_RESTRICT, sizeof(void *)) && size_is(b, T_TYPETAG, 4));
	CHECK("sizeof.none", btf_sizeof(b, T_FUNC, &size) == -1 &&
	    btf_sizeof(b, 0, &size) == -1 && btf_sizeof(b, T_DATASEC,
	    &size) == -1 && btf_sizeof(b, 9999, &size) == -1);

	CHECK("member.first", member_at(b, T_OUTER, "x", 0, 0, 0));
	CHECK("member.anon_union", member_at(b, T_OUTER, "u64v", 8, 0, 0));
	CHECK("member.anon_nested", member_at(b, T_OUTER, "lo", 8, 0, 0) &&
	    member_at(b, T_OUTER, "hi", 12, 0, 0));
	CHECK("member.bitfield", member_at(b, T_OUTER, "bf", 16, 0, 3) &&
	    member_at(b, T_OUTER, "bf2", 16, 3, 5));
	CHECK("member.oldbitfield", member_at(b, T_OLDBF, "low", 0, 0, 3) &&
	    member_at(b, T_OLDBF, "high", 0, 3, 3));
	CHECK("member.ptr", member_at(b, T_OUTER, "p", 24, 0, 0) &&
	    btf_member(b, T_OUTER, "p", &m) == 0 && m.type == T_PINT);
	CHECK("member.struct", member_at(b, T_OUTER, "in", 32, 0, 0) &&
	    btf_member(b, T_OUTER, "in", &m) == 0 &&
	    member_at(b, m.type, "b", 4, 0, 0));
	CHECK("member.through_const", member_at(b, T_CONST, "hi", 12, 0, 0));
	CHECK("member.through_fwd", member_at(b, T_FWD, "r", 8, 0, 0));
	CHECK("member.none", btf_member(b, T_OUTER, "nosuch", &m) == -1);
	CHECK("member_at", btf_member_at(b, T_OUTER_T, 1, &pname, &pt) == 0 &&
	    *pname == '\0' && pt == T_ANONU &&
	    btf_member_at(b, T_OUTER, 5, &pname, &pt) == 0 &&
	    strcmp(pname, "in") == 0 &&
	    btf_member_at(b, T_OUTER, 6, &pname, &pt) == -1 &&
	    btf_member_at(b, T_INT, 0, &pname, &pt) == -1);
	CHECK("enum.signed", btf_enum_at(b, T_COLOR, 1, &pname, &ev) == 0 &&
	    strcmp(pname, "BLUE") == 0 && ev == -1 &&
	    btf_enum_at(b, T_COLOR, 0, &pname, &ev) == 0 && ev == 0 &&
	    btf_enum_at(b, T_COLOR, 2, &pname, &ev) == -1);
	CHECK("enum.64", btf_enum_at(b, T_BIG, 0, &pname, &ev) == 0 &&
	    strcmp(pname, "HUGE") == 0 && ev == (int64_t)1 << 40 &&
	    btf_enum_at(b, T_INT, 0, &pname, &ev) == -1);
	CHECK("member.notstruct", btf_member(b, T_INT, "x", &m) == -2 &&
	    btf_member(b, T_PINT, "x", &m) == -2);

	CHECK("int.signed", btf_int(b, T_INT, &bi) == 0 && bi.is_signed &&
	    bi.bytes == 4 && bi.bits == 32);
	CHECK("int.unsigned", btf_int(b, T_UCHAR, &bi) == 0 &&
	    !bi.is_signed && bi.bytes == 1);
	CHECK("int.notint", btf_int(b, T_OUTER, &bi) == -1);
	CHECK("pointee", btf_pointee(b, T_PLATER, &pt) == 0 && pt == T_FWD &&
	    btf_pointee(b, T_INT, &pt) == -1);
	CHECK("array", btf_array(b, T_U8ARR, &elem, &n) == 0 &&
	    elem == T_UCHAR && n == 16);

	CHECK("func.nparams", btf_nparams(b, T_FUNC) == 2 &&
	    btf_nparams(b, T_PROTO) == 2 && btf_nparams(b, T_INT) == -1);
	CHECK("func.param0", btf_param(b, T_FUNC, 0, &pname, &pt) == 0 &&
	    strcmp(pname, "f") == 0 && str_is(b, pt, "struct later *"));
	CHECK("func.param1", btf_param(b, T_FUNC, 1, &pname, &pt) == 0 &&
	    strcmp(pname, "n") == 0 && str_is(b, pt, "long"));
	CHECK("func.param_range", btf_param(b, T_FUNC, 2, &pname, &pt) ==
	    -1 && btf_param(b, T_FUNC, -1, &pname, &pt) == -1);
	CHECK("func.return", btf_return(b, T_FUNC, &pt) == 0 && pt == T_INT);

	CHECK("str.const", str_is(b, T_CONST, "const outer_t"));
	CHECK("str.array", str_is(b, T_INTARR, "int[10]"));
	CHECK("str.anon", str_is(b, T_ANONU, "union (anon)"));
	CHECK("str.enum", str_is(b, T_COLOR, "enum color"));
	CHECK("str.void", str_is(b, 0, "void"));
}

/* A module's split BTF: struct modstruct { int m1; struct later *m2; } */
static size_t
build_split(unsigned char *out)
{
	struct blob bl;
	uint32_t soff = 0, id;

	memcpy(&soff, basefile + 20, 4);	/* base's str_len */
	blob_init(&bl, T_NTYPES, 0);
	id = t(&bl, s(&bl, "modstruct", soff), BTF_K_STRUCT, 0, 2, 16);
	w(&bl, s(&bl, "m1", soff)); w(&bl, T_INT); w(&bl, 0);
	w(&bl, s(&bl, "m2", soff)); w(&bl, T_PLATER); w(&bl, 64);
	t(&bl, 0, BTF_K_PTR, 0, 0, id);
	return blob_file(&bl, out);
}

static void
known_split(const struct btf *base)
{
	unsigned char buf[4096];
	struct btf_member m;
	struct btf *b;
	char err[256];
	size_t len = build_split(buf);

	b = load(buf, len, base, err, sizeof(err));
	CHECK("split.load", b != NULL);
	if (b == NULL) {
		printf("    %s\n", err);
		return;
	}
	CHECK("split.ntypes", btf_ntypes(b) == T_NTYPES + 2);
	CHECK("split.lookup", btf_lookup(b, "struct modstruct") == T_NTYPES &&
	    btf_lookup(b, "int") == T_INT);
	CHECK("split.member", btf_member(b, T_NTYPES, "m2", &m) == 0 &&
	    m.byte_offset == 8 && str_is(b, m.type, "struct later *"));
	CHECK("split.ptr", str_is(b, T_NTYPES + 1, "struct modstruct *"));
	CHECK("split.sizeof", size_is(b, T_NTYPES, 16));
	btf_free(b);
	/* Without its base, its references are outside it. */
	b = load(buf, len, NULL, err, sizeof(err));
	CHECK("split.nobase", b == NULL);
	btf_free(b);
}

/*
 * A broken copy of the base: set the 4 bytes at off to v, and the load
 * must fail with a message naming the file and holding want.
 */
static void
bad(const char *name, size_t off, uint32_t v, size_t len, const char *want)
{
	unsigned char buf[sizeof(basefile)];
	char err[256], test[64];
	struct btf *b;

	memcpy(buf, basefile, baselen);
	if (off != (size_t)-1)
		memcpy(buf + off, &v, 4);
	err[0] = '\0';
	b = load(buf, len, NULL, err, sizeof(err));
	snprintf(test, sizeof(test), "bad.%s", name);
	CHECK(test, b == NULL && strncmp(err, "test.btf: ", 10) == 0 &&
	    strstr(err, want) != NULL);
	if (b != NULL || strstr(err, want) == NULL)
		printf("    got \"%s\"\n", err);
	btf_free(b);
}

/* The offset in the file of the record of type id of the base. */
static size_t
recoff(uint32_t id)
{
	struct blob bl;
	size_t off = 24, i;
	uint32_t inf, vlen, kind;

	build_base(&bl);
	for (i = 1; i < id; i++) {
		memcpy(&inf, basefile + off + 4, 4);
		kind = (inf >> 24) & 0x1f;
		vlen = inf & 0xffff;
		off += 12;
		if (kind == BTF_K_INT || kind == BTF_K_VAR ||
		    kind == BTF_K_DECL_TAG)
			off += 4;
		else if (kind == BTF_K_ARRAY)
			off += 12;
		else if (kind == BTF_K_STRUCT || kind == BTF_K_UNION ||
		    kind == BTF_K_DATASEC || kind == BTF_K_ENUM64)
			off += 12 * vlen;
		else if (kind == BTF_K_ENUM || kind == BTF_K_FUNC_PROTO)
			off += 8 * vlen;
	}
	return off;
}

static void
known_bad(void)
{
	unsigned char buf[sizeof(basefile)];
	char err[256];
	struct btf *b;
	uint32_t tlen, slen;
	size_t len;
	int allbad = 1;

	memcpy(&tlen, basefile + 12, 4);
	memcpy(&slen, basefile + 20, 4);
	bad("short", -1, 0, 10, "shorter than the BTF header");
	bad("magic", 0, 0x12345678, baselen, "offset 0: magic");
	bad("byteorder", 0, 0x0100eb9f, baselen, "offset 2: BTF version 0");
	bad("hdrlen", 4, 1u << 30, baselen, "offset 4: header length");
	bad("hdrlen_short", 4, 8, baselen, "offset 4: header length 8");
	bad("typeoff", 8, baselen, baselen, "offset 8: type section");
	bad("typelen", 12, 0xfffffff0, baselen, "offset 8: type section");
	bad("stroff", 16, 0xfffffff0, baselen, "offset 16: string section");
	bad("overlap", 16, 8, baselen, "overlaps");
	bad("strnul", 20, slen - 1, baselen, "does not end with a NUL");
	bad("nameoff", recoff(T_INNER), 0x7fffffff, baselen,
	    "string offset 2147483647");
	bad("membername", recoff(T_INNER) + 12, 0x10000, baselen,
	    "string offset 65536");
	bad("ref", recoff(T_PINT) + 8, 5000, baselen,
	    "reference to type 5000");
	bad("memberref", recoff(T_INNER) + 16, T_NTYPES, baselen,
	    "reference to type");
	bad("loop", recoff(T_OUTER_T) + 8, T_CONST, baselen, "loop");
	bad("selfloop", recoff(T_VOLATILE) + 8, T_VOLATILE, baselen, "loop");
	bad("arrayloop", recoff(T_INTARR) + 12, T_INTARR, baselen, "loop");
	bad("kind", recoff(T_PINT) + 4, 31u << 24, baselen, "unknown kind 31");
	bad("vlen", recoff(T_INNER) + 4, BTF_K_STRUCT << 24 | 0xffff, baselen,
	    "runs past the type section");
	bad("intsize", recoff(T_INT) + 8, 0, baselen, "integer of size 0");
	bad("intbits", recoff(T_INT) + 12, 1u << 24 | 33, baselen,
	    "encoding");
	bad("enumsize", recoff(T_COLOR) + 8, 3, baselen, "enum of size 3");
	bad("funcproto", recoff(T_FUNC) + 8, T_INT, baselen,
	    "type 1 is not of kind");
	bad("cut_record", 12, tlen - 6, baselen, "cut short");

	/*
	 * struct outer made of two anonymous members of its own type: a
	 * lookup in it ends (without the limit, 2^32 visits).
	 */
	memcpy(buf, basefile, baselen);
	memset(buf + recoff(T_OUTER) + 12, 0, 4);
	memcpy(buf + recoff(T_OUTER) + 16, &(uint32_t){ T_OUTER }, 4);
	memcpy(buf + recoff(T_OUTER) + 28, &(uint32_t){ T_OUTER }, 4);
	b = load(buf, baselen, NULL, err, sizeof(err));
	CHECK("selfnest", b != NULL && btf_member(b, T_OUTER, "nosuch",
	    &(struct btf_member){ 0 }) == -1);
	btf_free(b);

	/* Every cut of the file fails cleanly: strings come last. */
	for (len = 0; len < baselen; len++) {
		memcpy(buf, basefile, len);
		b = load(buf, len, NULL, err, sizeof(err));
		if (b != NULL || strncmp(err, "test.btf: ", 10) != 0)
			allbad = 0;
		btf_free(b);
	}
	CHECK("bad.every_cut", allbad);
}

static int
known(void)
{
	struct blob bl;
	struct btf *b;
	char err[256];

	build_base(&bl);
	baselen = blob_file(&bl, basefile);
	b = load(basefile, baselen, NULL, err, sizeof(err));
	CHECK("load", b != NULL);
	if (b == NULL) {
		printf("    %s\n", err);
		return 1;
	}
	known_base(b);
	known_split(b);
	btf_free(b);
	known_bad();
	return failed;
}

static int
write_blob(const char *path)
{
	struct blob bl;
	FILE *f;

	build_base(&bl);
	baselen = blob_file(&bl, basefile);
	if ((f = fopen(path, "w")) == NULL ||
	    fwrite(basefile, 1, baselen, f) != baselen || fclose(f) != 0) {
		perror(path);
		return 1;
	}
	return 0;
}

/*
 * The kernel's BTF: what its ABI fixes (struct list_head, the ports and
 * addresses of struct sock_common through its anonymous unions, the
 * parameters of vfs_open), and its types all answer every query.
 */
/*
 * Each module's split BTF loads on top of the kernel's, has types of its
 * own, and its first named struct is found by name among them, each of
 * its members too.
 */
static int
modules(struct btf *base, char **mods, int nmods)
{
	struct btf_member m;
	struct btf *b;
	char err[512], name[256], test[300];
	const char *mname;
	uint32_t id, mt, first;
	int i, j, n, ok, nmembers;

	for (i = 0; i < nmods; i++) {
		snprintf(test, sizeof(test), "kernel.module.%s",
		    strrchr(mods[i], '/') ? strrchr(mods[i], '/') + 1 :
		    mods[i]);
		if ((b = btf_open(mods[i], base, err, sizeof(err))) == NULL) {
			CHECK(test, 0);
			printf("    %s\n", err);
			continue;
		}
		ok = btf_ntypes(b) > btf_ntypes(base);
		first = 0;
		for (id = btf_ntypes(base); id < btf_ntypes(b); id++)
			if (btf_kind(b, id) == BTF_K_STRUCT &&
			    *btf_name(b, id) != '\0') {
				first = id;
				break;
			}
		nmembers = 0;
		if (first != 0) {
			snprintf(name, sizeof(name), "struct %s",
			    btf_name(b, first));
			ok &= btf_lookup(b, name) == first;
			/* Every named member is found by its name. */
			n = 0;
			for (j = 0; j < 1000; j++) {
				if (btf_member_at(b, first, j, &mname, &mt) != 0)
					break;
				if (*mname == '\0')
					continue;
				n++;
				ok &= btf_member(b, first, mname, &m) == 0;
			}
			nmembers = n;
		}
		CHECK(test, ok);
		printf("    %s: %u types of its own, %s with %d named "
		    "members\n", mods[i], btf_ntypes(b) - btf_ntypes(base),
		    first ? btf_name(b, first) : "no struct", nmembers);
		btf_free(b);
	}
	btf_free(base);
	return failed;
}

static int
kernel(const char *path, char **mods, int nmods)
{
	struct btf_member m;
	const char *pname;
	char err[512], buf[128];
	struct btf *b;
	uint32_t id, pt, n;
	uint64_t size;
	int64_t ev;

	b = btf_open(path, NULL, err, sizeof(err));
	CHECK("kernel.load", b != NULL);
	if (b == NULL) {
		printf("    %s\n", err);
		return 1;
	}
	printf("    %s: %u types\n", path, btf_ntypes(b));
	CHECK("kernel.ntypes", btf_ntypes(b) > 10000);
	id = btf_lookup(b, "struct list_head");
	CHECK("kernel.list_head", size_is(b, id, 2 * sizeof(void *)) &&
	    member_at(b, id, "next", 0, 0, 0) &&
	    member_at(b, id, "prev", sizeof(void *), 0, 0));
	id = btf_lookup(b, "struct sock_common");
	CHECK("kernel.sock_common", member_at(b, id, "skc_daddr", 0, 0, 0) &&
	    member_at(b, id, "skc_rcv_saddr", 4, 0, 0) &&
	    member_at(b, id, "skc_dport", 12, 0, 0) &&
	    member_at(b, id, "skc_num", 14, 0, 0));
	id = btf_lookup(b, "struct sock");
	CHECK("kernel.sock", member_at(b, id, "__sk_common", 0, 0, 0));
	id = btf_lookup(b, "task_struct");
	CHECK("kernel.task_struct", id != 0 && btf_kind(b, id) ==
	    BTF_K_STRUCT && btf_sizeof(b, id, &size) == 0 && size > 1000 &&
	    btf_member(b, id, "comm", &m) == 0 &&
	    strcmp(btf_type_str(b, m.type, buf, sizeof(buf)), "char[16]") ==
	    0);
	id = btf_lookup(b, "enum pid_type");
	CHECK("kernel.enum", btf_enum_at(b, id, 0, &pname, &ev) == 0 &&
	    strcmp(pname, "PIDTYPE_PID") == 0 && ev == 0 &&
	    btf_enum_at(b, id, 1, &pname, &ev) == 0 &&
	    strcmp(pname, "PIDTYPE_TGID") == 0 && ev == 1);
	id = btf_lookup(b, "u32");
	CHECK("kernel.typedef", btf_kind(b, id) == BTF_K_TYPEDEF &&
	    size_is(b, id, 4));
	id = btf_func(b, "vfs_open");
	n = btf_nparams(b, id);
	CHECK("kernel.vfs_open", n == 2 &&
	    btf_param(b, id, 0, &pname, &pt) == 0 &&
	    strcmp(pname, "path") == 0 &&
	    strcmp(btf_type_str(b, pt, buf, sizeof(buf)),
	    "const struct path *") == 0 &&
	    btf_param(b, id, 1, &pname, &pt) == 0 &&
	    strcmp(pname, "file") == 0);
	/* Every type answers sizeof and resolves, without a sanitizer. */
	for (id = 0; id < btf_ntypes(b); id++) {
		(void)btf_sizeof(b, id, &size);
		(void)btf_type_str(b, id, buf, sizeof(buf));
	}
	CHECK("kernel.every_type", 1);
	return modules(b, mods, nmods);
}

/* Every query over every type of a blob that loaded. */
static void
query_all(const struct btf *b, uint64_t *rng)
{
	static const char *names[] = { "int", "struct outer", "later",
	    "enum color", "x", "hi", "r", "m2", "do_thing", "" };
	struct btf_member m;
	struct btf_int bi;
	const char *pname;
	char buf[64];
	uint32_t id, pt, n, elem;
	uint64_t size;
	int64_t ev;
	size_t i;
	int j, np;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		(void)btf_lookup(b, names[i]);
		(void)btf_func(b, names[i]);
	}
	for (id = 0; id <= btf_ntypes(b); id++) {
		(void)btf_kind(b, id);
		(void)btf_name(b, id);
		(void)btf_resolve(b, id);
		(void)btf_sizeof(b, id, &size);
		(void)btf_int(b, id, &bi);
		(void)btf_pointee(b, id, &pt);
		(void)btf_array(b, id, &elem, &n);
		(void)btf_type_str(b, id, buf, 1 + splitmix64(rng) %
		    sizeof(buf));
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			(void)btf_member(b, id, names[i], &m);
		for (j = -1; btf_member_at(b, id, j, &pname, &pt) == 0 ||
		    j < 0; j++)
			continue;
		for (j = -1; btf_enum_at(b, id, j, &pname, &ev) == 0 ||
		    j < 0; j++)
			continue;
		np = btf_nparams(b, id);
		for (j = -1; j <= np; j++)
			(void)btf_param(b, id, j, &pname, &pt);
		(void)btf_return(b, id, &pt);
	}
}

/*
 * Mutants of the blob, and of split BTF on top of it: bytes flipped,
 * words set to small numbers (type ids, offsets, lengths), cut short.
 */
static int
fuzz(unsigned long iters, uint64_t seed)
{
	unsigned char buf[sizeof(basefile)], split[4096];
	struct blob bl;
	struct btf *b, *base, *sb;
	char err[256];
	uint64_t rng = seed, r;
	unsigned long it, nok = 0;
	size_t len, splitlen, k, nmut, pos;
	uint32_t v;

	build_base(&bl);
	baselen = blob_file(&bl, basefile);
	base = load(basefile, baselen, NULL, err, sizeof(err));
	if (base == NULL) {
		printf("FAIL btf.fuzz (the blob: %s)\n", err);
		return 1;
	}
	splitlen = build_split(split);
	for (it = 0; it < iters; it++) {
		int issplit = splitmix64(&rng) % 4 == 0;
		unsigned char *src = issplit ? split : basefile;
		size_t srclen = issplit ? splitlen : baselen;

		memcpy(buf, src, srclen);
		len = srclen;
		nmut = 1 + splitmix64(&rng) % 6;
		for (k = 0; k < nmut; k++) {
			r = splitmix64(&rng);
			pos = (r >> 8) % len;
			switch (r % 5) {
			case 0:
				buf[pos] ^= 1u << ((r >> 40) % 8);
				break;
			case 1:
				buf[pos] = r >> 40;
				break;
			case 2:
				pos &= ~(size_t)3;
				if (pos + 4 > len)
					break;
				v = (r >> 40) % (T_NTYPES + 4);
				memcpy(buf + pos, &v, 4);
				break;
			case 3:
				pos &= ~(size_t)3;
				if (pos + 4 > len)
					break;
				v = r >> 32;
				memcpy(buf + pos, &v, 4);
				break;
			case 4:
				if (r % 3 == 0)
					len = pos + 1;
				break;
			}
		}
		b = load(buf, len, issplit ? base : NULL, err, sizeof(err));
		if (b == NULL) {
			if (strncmp(err, "test.btf: ", 10) != 0) {
				printf("FAIL btf.fuzz (seed %llu, iteration "
				    "%lu: message \"%s\")\n",
				    (unsigned long long)seed, it, err);
				return 1;
			}
			continue;
		}
		nok++;
		query_all(b, &rng);
		/* A mutant base under the split BTF. */
		if (!issplit && (sb = load(split, splitlen, b, err,
		    sizeof(err))) != NULL) {
			query_all(sb, &rng);
			btf_free(sb);
		}
		btf_free(b);
	}
	btf_free(base);
	printf("    %lu mutants from seed %llu, %lu loaded and queried\n",
	    iters, (unsigned long long)seed, nok);
	printf("PASS btf.fuzz\n");
	return 0;
}

int
main(int argc, char *argv[])
{
	if (argc == 2 && strcmp(argv[1], "known") == 0)
		return known();
	if (argc == 3 && strcmp(argv[1], "write") == 0)
		return write_blob(argv[2]);
	if (argc >= 3 && strcmp(argv[1], "kernel") == 0)
		return kernel(argv[2], argv + 3, argc - 3);
	if (argc >= 2 && argc <= 4 && strcmp(argv[1], "fuzz") == 0)
		return fuzz(argc > 2 ? strtoul(argv[2], NULL, 10) : 20000,
		    argc > 3 ? strtoull(argv[3], NULL, 10) : 1);
	fprintf(stderr, "usage: btf_test known | write file | kernel file [module ...] | "
	    "fuzz [iterations [seed]]\n");
	return 2;
}
