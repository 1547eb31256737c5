/* SPDX-License-Identifier: ISC */
/*
 * Kernel data in scripts (kdata.h): casts to kernel pointer types, `->'
 * and `.' through structs and unions, curtask.  Each such expression
 * read as a value is compiled while the script is parsed, with the
 * types of the kernel's BTF, into one fetch (dt(4)'s DTIOCPRBFETCH):
 * a source, offsets added and pointers followed, and a last read, which
 * the kernel performs when the probe fires.  The evaluator then reads
 * the bytes the event carries, or learns that the read faulted.
 */

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dev/dt/dtvar.h>

#include "btf.h"
#include "btrace.h"
#include "kdata.h"
#include "types.h"
#include "util.h"

/* Where a chain stands: a value (a pointer), or an object at an address. */
struct chain {
	struct dtioc_fetch	 f;
	int			 at;	/* the value is the object's address */
	uint32_t		 type;	/* the object's type, resolved... */
	int			 nptr;	/* ... under nptr pointers */
	uint32_t		 bitoff;	/* a bitfield: its bits */
	uint32_t		 bits;
	const struct btf	*btf;
};

enum site_kind {
	SITE_INT,		/* an integer or pointer of size bytes */
	SITE_STR,		/* a string the kernel read */
	SITE_CHARS,		/* a char array: bytes up to a NUL */
};

struct site {
	struct dtioc_fetch	 f;
	enum site_kind		 kind;
	int			 size;
	int			 is_signed;
	uint32_t		 bitoff, bits;
	struct pos		 pos;
	int			 warned;
	char			*buf;	/* SITE_CHARS: the string */
};

static struct site	*sites;
static size_t		 nsites, sitescap;
static int		 rule_sites;	/* in the rule being checked */
static uint32_t		 rule_bytes;

static const char *
spell(const struct chain *c, char *buf, size_t len)
{
	size_t n;
	int i;

	btf_type_str(c->btf, c->type, buf, len);
	if (c->type == 0)
		snprintf(buf, len, "void");
	n = strlen(buf);
	for (i = 0; i < c->nptr && n + 2 < len; i++) {
		if (i == 0)
			buf[n++] = ' ';
		buf[n++] = '*';
	}
	buf[n] = '\0';
	return buf;
}

/* c's type becomes tid: pointers counted, typedefs and qualifiers gone. */
static void
set_type(struct chain *c, uint32_t tid)
{
	uint32_t p;

	c->nptr = 0;
	c->type = btf_resolve(c->btf, tid);
	while (c->type != 0 && btf_kind(c->btf, c->type) == BTF_K_PTR &&
	    c->nptr < 8) {
		if (btf_pointee(c->btf, c->type, &p) == -1)
			break;
		c->nptr++;
		c->type = btf_resolve(c->btf, p);
	}
}

static int
add_step(struct chain *c, int op, int64_t off, struct pos pos)
{
	struct dtioc_fetch_step *st;

	if (op == DTFO_ADD && off == 0)
		return 0;
	if (op == DTFO_ADD && c->f.dtfe_nsteps > 0 &&
	    c->f.dtfe_steps[c->f.dtfe_nsteps - 1].dtst_op == DTFO_ADD) {
		c->f.dtfe_steps[c->f.dtfe_nsteps - 1].dtst_off += off;
		return 0;
	}
	if (c->f.dtfe_nsteps == DTMAXFETCHSTEPS) {
		src_error(pos, "too long a chain of kernel data: at most %d "
		    "offsets and pointers", DTMAXFETCHSTEPS);
		return -1;
	}
	st = &c->f.dtfe_steps[c->f.dtfe_nsteps++];
	st->dtst_op = op;
	if (op == DTFO_ADD)
		st->dtst_off = off;
	else
		st->dtst_size = 8;
	return 0;
}

static int
is_integer(const struct chain *c)
{
	int k = btf_kind(c->btf, c->type);

	return c->nptr == 0 && (k == BTF_K_INT || k == BTF_K_ENUM ||
	    k == BTF_K_ENUM64);
}

/* The chain as a value: a pointer (or a long) in memory is loaded. */
static int
load(struct chain *c, struct pos pos)
{
	char what[256];
	uint64_t size = 0;

	if (!c->at)
		return 0;
	if (c->nptr == 0 && !(is_integer(c) && c->bits == 0 &&
	    btf_sizeof(c->btf, c->type, &size) == 0 && size == 8)) {
		src_error(pos, "%s is no pointer", spell(c, what,
		    sizeof(what)));
		return -1;
	}
	if (add_step(c, DTFO_DEREF, 0, pos) == -1)
		return -1;
	c->at = 0;
	return 0;
}

static int	build(struct node *, struct chain *);

/* The source of a cast: argN, retval, curtask or kernel data. */
static int
cast_source(struct node *o, struct chain *c)
{
	if (o->n_kind == N_KDATA || o->n_kind == N_ARGS ||
	    (o->n_kind == N_BUILTIN && strcmp(o->n_str, "curtask") == 0)) {
		if (build(o, c) == -1)
			return -1;
		return load(c, o->n_pos);
	}
	if (o->n_kind == N_BUILTIN) {	/* resolved by sema.c */
		if (o->n_builtin >= B_ARG0 && o->n_builtin <= B_ARG9) {
			c->f.dtfe_src = DTFS_ARG;
			c->f.dtfe_argn = o->n_builtin - B_ARG0;
			return 0;
		}
		if (o->n_builtin == B_RETVAL) {
			c->f.dtfe_src = DTFS_RETVAL;
			return 0;
		}
	}
	src_error(o->n_pos, "a cast to a kernel pointer applies to argN, "
	    "retval, curtask or kernel data");
	return -1;
}

static int
member(struct node *n, struct chain *c)
{
	struct btf_member m;
	char what[256];
	const char *near;
	int k, rc;

	k = btf_kind(c->btf, c->type);
	if (k != BTF_K_STRUCT && k != BTF_K_UNION) {
		src_error(n->n_pos, "'%s%s': %s is no struct or union",
		    n->n_op == KD_ARROW ? "->" : ".", n->n_str,
		    spell(c, what, sizeof(what)));
		return -1;
	}
	if ((rc = btf_member(c->btf, c->type, n->n_str, &m)) != 0) {
		near = type_member_near(c->btf, c->type, n->n_str);
		src_error(n->n_pos, "%s has no member '%s'%s%s%s",
		    spell(c, what, sizeof(what)), n->n_str,
		    near ? " (did you mean '" : "", near ? near : "",
		    near ? "'?)" : "");
		return -1;
	}
	if (add_step(c, DTFO_ADD, (int64_t)m.byte_offset, n->n_pos) == -1)
		return -1;
	set_type(c, m.type);
	c->bitoff = m.bit_offset;
	c->bits = m.bitfield_bits;
	return 0;
}

/* Element n_int of the array c is, or of the one pointer c points to. */
static int
element(struct node *n, struct chain *c)
{
	char what[256];
	uint32_t elem, count;
	uint64_t size;

	if (c->nptr == 0 && btf_kind(c->btf, c->type) == BTF_K_ARRAY &&
	    c->at && btf_array(c->btf, c->type, &elem, &count) == 0) {
		if (count != 0 && (n->n_int < 0 ||
		    (uint64_t)n->n_int >= count)) {
			src_error(n->n_pos, "index %lld of %s, which has %u "
			    "elements", (long long)n->n_int,
			    spell(c, what, sizeof(what)), count);
			return -1;
		}
		set_type(c, elem);
	} else if (c->nptr > 0) {
		if (load(c, n->n_pos) == -1)
			return -1;
		c->nptr--;
		c->at = 1;
	} else {
		src_error(n->n_pos, "'[%lld]' on %s, which is no array or "
		    "pointer", (long long)n->n_int,
		    spell(c, what, sizeof(what)));
		return -1;
	}
	if (c->nptr > 0)
		size = 8;
	else if (btf_sizeof(c->btf, c->type, &size) == -1) {
		src_error(n->n_pos, "'[%lld]': %s has no size",
		    (long long)n->n_int, spell(c, what, sizeof(what)));
		return -1;
	}
	c->bits = 0;
	return add_step(c, DTFO_ADD, (int64_t)(size * n->n_int), n->n_pos);
}

/* The chain of kernel data expression n, 0 or -1 after a message. */
static int
build(struct node *n, struct chain *c)
{
	char what[256];
	uint32_t id;

	if (n->n_kind == N_BUILTIN && strcmp(n->n_str, "curtask") == 0) {
		if ((id = type_btf(&c->btf, "struct task_struct",
		    n->n_pos)) == 0)
			return -1;
		c->f.dtfe_src = DTFS_TASK;
		c->at = 0;
		set_type(c, id);
		c->nptr = 1;
		return 0;
	}
	if (n->n_kind == N_BUILTIN && n->n_builtin == B_RETVAL &&
	    n->n_int != 0) {	/* a kernel function's, typed by sema.c */
		if ((c->btf = btf_kernel(what, sizeof(what))) == NULL)
			return -1;
		c->f.dtfe_src = DTFS_RETVAL;
		c->at = 0;
		set_type(c, (uint32_t)n->n_int);
		return 0;
	}
	if (n->n_kind == N_ARGS) {	/* a kernel function's parameter */
		if ((c->btf = btf_kernel(what, sizeof(what))) == NULL)
			return -1;
		c->f.dtfe_src = DTFS_ARG;
		c->f.dtfe_argn = n->n_argsidx;
		c->at = 0;
		set_type(c, (uint32_t)n->n_int);
		return 0;
	}
	if (n->n_kind != N_KDATA) {
		src_error(n->n_pos, "'->', '.NAME', '[N]' and '*' apply to "
		    "kernel data: a cast to a kernel pointer, curtask, a "
		    "kernel function's args or their members");
		return -1;
	}
	switch (n->n_op) {
	case KD_CAST:
		if (cast_source(n->n_l, c) == -1)
			return -1;
		if ((id = type_btf(&c->btf, n->n_str, n->n_pos)) == 0)
			return -1;
		set_type(c, id);
		c->nptr += n->n_int;
		c->at = 0;
		c->bits = 0;
		return 0;
	case KD_ARROW:
		if (build(n->n_l, c) == -1)
			return -1;
		if (c->nptr == 0) {
			src_error(n->n_pos, "'->%s' on %s, which is no "
			    "pointer: use '.'", n->n_str,
			    spell(c, what, sizeof(what)));
			return -1;
		}
		if (load(c, n->n_pos) == -1)
			return -1;
		if (c->nptr != 1) {
			src_error(n->n_pos, "'->%s' on %s, which is %s",
			    n->n_str, spell(c, what, sizeof(what)),
			    c->nptr == 0 ? "no pointer: use '.'" :
			    "a pointer to a pointer");
			return -1;
		}
		c->nptr = 0;
		c->at = 1;
		return member(n, c);
	case KD_INDEX:
		if (build(n->n_l, c) == -1)
			return -1;
		return element(n, c);
	case KD_DEREF:
		if (build(n->n_l, c) == -1)
			return -1;
		if (c->nptr == 0) {
			src_error(n->n_pos, "'*' on %s, which is no pointer",
			    spell(c, what, sizeof(what)));
			return -1;
		}
		if (load(c, n->n_pos) == -1)
			return -1;
		c->nptr--;
		c->at = 1;
		c->bits = 0;
		return 0;
	case KD_DOT:
		if (build(n->n_l, c) == -1)
			return -1;
		if (!c->at || c->nptr > 0) {
			src_error(n->n_pos, "'.%s' on %s, a pointer: use '->'",
			    n->n_str, spell(c, what, sizeof(what)));
			return -1;
		}
		return member(n, c);
	}
	src_error(n->n_pos, "not kernel data");
	return -1;
}

static int
site_add(struct node *n, const struct site *s)
{
	uint32_t bytes;

	bytes = s->f.dtfe_kind == DTFK_VALUE ? 8 : s->f.dtfe_len;
	bytes = (bytes + 7) & ~7U;
	if (++rule_sites > DTMAXFETCH ||
	    (rule_bytes += bytes) > DTMAXFETCHBYTES) {
		src_error(n->n_pos, "too many kernel data reads in one rule: "
		    "at most %d, of %d bytes together", DTMAXFETCH,
		    DTMAXFETCHBYTES);
		return -1;
	}
	GROW(sites, nsites, sitescap);
	sites[nsites] = *s;
	sites[nsites].pos = n->n_pos;
	n->n_fetch = ++nsites;
	return 0;
}

enum val_type
kdata_check(struct node *n, int asstr, int64_t strmax)
{
	struct chain c;
	struct site s;
	char what[256];
	uint32_t elem, count;
	uint64_t size;
	struct btf_int bi;

	memset(&c, 0, sizeof(c));
	memset(&s, 0, sizeof(s));
	if (build(n, &c) == -1)
		return VT_NONE;
	if (strmax + 1 > DTMAXFETCHLEN)
		strmax = DTMAXFETCHLEN - 1;
	/* A char array, in place: its bytes up to a NUL. */
	if (c.at && c.nptr == 0 && btf_kind(c.btf, c.type) == BTF_K_ARRAY &&
	    btf_array(c.btf, c.type, &elem, &count) == 0 &&
	    btf_int(c.btf, btf_resolve(c.btf, elem), &bi) == 0 &&
	    bi.bytes == 1) {
		s.f = c.f;
		s.f.dtfe_kind = DTFK_BYTES;
		s.f.dtfe_len = count == 0 ? 1 : count > (uint32_t)strmax ?
		    strmax : count;
		s.kind = SITE_CHARS;
		if ((s.buf = malloc(s.f.dtfe_len + 1)) == NULL)
			err(1, NULL);
		return site_add(n, &s) == -1 ? VT_NONE : VT_STR;
	}
	if (asstr) {
		/* str(p): the string p points to. */
		if (load(&c, n->n_pos) == -1)
			return VT_NONE;
		s.f = c.f;
		s.f.dtfe_kind = DTFK_STR;
		s.f.dtfe_len = strmax + 1;
		s.kind = SITE_STR;
		return site_add(n, &s) == -1 ? VT_NONE : VT_STR;
	}
	s.f = c.f;
	s.kind = SITE_INT;
	if (!c.at) {
		s.f.dtfe_kind = DTFK_VALUE;
		s.size = 8;
		return site_add(n, &s) == -1 ? VT_NONE : VT_INT;
	}
	if (c.nptr > 0) {
		s.size = 8;
	} else if (is_integer(&c) && btf_sizeof(c.btf, c.type, &size) == 0 &&
	    size <= 8) {
		s.size = size;
		if (btf_kind(c.btf, c.type) == BTF_K_INT &&
		    btf_int(c.btf, c.type, &bi) == 0)
			s.is_signed = bi.is_signed;
		if (c.bits != 0) {
			s.bitoff = c.bitoff;
			s.bits = c.bits;
			s.size = (c.bitoff + c.bits + 7) / 8;
		}
	} else {
		src_error(n->n_pos, "%s is no value: read one of its members, "
		    "or an integer, pointer or char array",
		    spell(&c, what, sizeof(what)));
		return VT_NONE;
	}
	s.f.dtfe_kind = DTFK_BYTES;
	s.f.dtfe_len = s.size;
	return site_add(n, &s) == -1 ? VT_NONE : VT_INT;
}

void
kdata_rule_begin(void)
{
	rule_sites = 0;
	rule_bytes = 0;
}

int
kdata_used(void)
{
	return nsites > 0;
}

const struct dtioc_fetch *
kdata_fetch(int site)
{
	if (site < 1 || (size_t)site > nsites)
		return NULL;
	return &sites[site - 1].f;
}

const char *
kdata_describe(int site, char *buf, size_t len)
{
	static const char *const srcs[] = { "arg", "retval", "curtask" };
	static const char *const kinds[] = { "value", "bytes", "str" };
	const struct dtioc_fetch *f = kdata_fetch(site);
	const struct dtioc_fetch_step *st;
	size_t n;
	int i;

	if (f == NULL)
		return "";
	n = snprintf(buf, len, "%s", srcs[f->dtfe_src]);
	if (f->dtfe_src == DTFS_ARG && n < len)
		n += snprintf(buf + n, len - n, "%u", f->dtfe_argn);
	for (i = 0; i < f->dtfe_nsteps && n < len; i++) {
		st = &f->dtfe_steps[i];
		if (st->dtst_op == DTFO_ADD)
			n += snprintf(buf + n, len - n, " +%lld",
			    (long long)st->dtst_off);
		else
			n += snprintf(buf + n, len - n, " *%u", st->dtst_size);
	}
	if (n < len)
		snprintf(buf + n, len - n, " %s %u", kinds[f->dtfe_kind],
		    f->dtfe_len);
	return buf;
}

/* The result of fetch site in event e, NULL if the event has none. */
static const struct dt_evt_fetch *
result(const struct bt_event *e, int site)
{
	const struct dt_evt_fetch *ef = e->ev_fetch;
	int i;

	for (i = 0; ef != NULL && i < e->ev_nfetch; i++) {
		if (e->ev_fetchsite[ef->dtef_idx] == site)
			return ef;
		ef = dt_evt_fetch_next(ef);
	}
	return NULL;
}

void
kdata_eval(const struct node *n, const struct bt_event *e, struct val *v)
{
	struct site *s = &sites[n->n_fetch - 1];
	const struct dt_evt_fetch *ef;
	const unsigned char *d;
	uint64_t x = 0;
	int i;

	ef = result(e, n->n_fetch);
	if (ef != NULL && (ef->dtef_flags & DTFR_FAULT) && !s->warned) {
		s->warned = 1;
		src_warn(s->pos, "reading kernel data faulted (at step %u), "
		    "read as %s; not said again for this expression",
		    ef->dtef_step, s->kind == SITE_INT ? "0" : "\"\"");
	}
	if (ef == NULL || (ef->dtef_flags & DTFR_FAULT)) {
		if (s->kind == SITE_INT) {
			v->v_type = VT_INT;
			v->v_int = 0;
		} else {
			v->v_type = VT_STR;
			v->v_str = "";
		}
		return;
	}
	d = dt_evt_fetch_data(ef);
	switch (s->kind) {
	case SITE_STR:
		v->v_type = VT_STR;
		v->v_str = (const char *)d;
		return;
	case SITE_CHARS:
		memcpy(s->buf, d, ef->dtef_len <= s->f.dtfe_len ?
		    ef->dtef_len : s->f.dtfe_len);
		s->buf[ef->dtef_len <= s->f.dtfe_len ? ef->dtef_len :
		    s->f.dtfe_len] = '\0';
		v->v_type = VT_STR;
		v->v_str = s->buf;
		return;
	case SITE_INT:
		break;
	}
	for (i = 0; i < s->size && i < 8 && i < ef->dtef_len; i++)
		x |= (uint64_t)d[i] << (8 * i);
	if (s->bits != 0) {
		x >>= s->bitoff;
		if (s->bits < 64)
			x &= (1ULL << s->bits) - 1;
		if (s->is_signed && s->bits < 64 &&
		    (x & (1ULL << (s->bits - 1))))
			x |= ~0ULL << s->bits;
	} else if (s->is_signed && s->size < 8 &&
	    (x & (1ULL << (8 * s->size - 1)))) {
		x |= ~0ULL << (8 * s->size);
	}
	v->v_type = VT_INT;
	v->v_int = (int64_t)x;
}
