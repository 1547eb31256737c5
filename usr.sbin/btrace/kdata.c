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

#include <sys/socket.h>

#include <arpa/inet.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dev/dt/dtvar.h>

#include "btf.h"
#include "btrace.h"
#include "kdata.h"
#include "usdt.h"
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
	int			 raw;	/* `*' of an untyped address: a
					   64-bit word there */
	const struct node	*vidx;	/* a variable index, evaluated: */
	int64_t			 vbase;	/* the array's offset from the
					   steps before the last ADD */
	uint32_t		 vstride, vcount;	/* its elements */
	const struct btf	*btf;
	const char		*field;	/* a record's field, whose word the
					   source is in each probe */
};

enum site_kind {
	SITE_INT,		/* an integer or pointer of size bytes */
	SITE_STR,		/* a string the kernel read */
	SITE_CHARS,		/* a char array: bytes up to a NUL */
	SITE_ADDR,		/* ntop() of 4 or 16 bytes: the text */
	SITE_BUF,		/* buf(): bytes, as text with \xNN */
	SITE_STRV,		/* join(): strings, as one line */
};

/*
 * One fetch dt(4) performs when the probe fires: a path (a source, then
 * offsets and pointers) to a place, and one read there.  Reads of a
 * rule from one path close together share a fetch, whose bytes span
 * them all: `$sk->skc_family' and `$sk->skc_dport' cost one fetch of
 * the rule's DTMAXFETCH, not two.
 */
struct kfetch {
	struct dtioc_fetch	 f;	/* as given to the kernel */
	struct dtioc_fetch	 path;	/* f without its last ADD and read */
	int64_t			 base;	/* BYTES: the place's offset from
					   the path, f's last ADD */
	const char		*field;	/* the chain's */
};

/* One expression read: from which fetch, where in its bytes, as what. */
struct site {
	int			 fetch;	/* index in fetches */
	int64_t			 off;	/* BYTES: first byte, from the path */
	uint32_t		 len;	/* BYTES: bytes read */
	const struct node	*vidx;	/* a variable index: len is the
					   whole array; the value is at */
	uint32_t		 vin;	/* vin + index * vstride, of */
	uint32_t		 vstride, vcount, vlen;	/* vlen bytes */
	enum site_kind		 kind;
	int			 size;
	int			 is_signed;
	uint32_t		 bitoff, bits;
	struct pos		 pos;
	int			 warned;
	int			 usdt_argn;	/* a USDT argument's value: its
						   index, else -1 */
	char			*buf;	/* SITE_CHARS: the string */
	char			*sep;	/* SITE_STRV: the separator */
};

/* Reads of one path closer than this share a fetch. */
#define KD_SPAN		128

static struct kfetch	*fetches;
static size_t		 nfetches, fetchescap;
static size_t		 rule_first;	/* first fetch of the rule checked */
static struct site	*sites;
static size_t		 nsites, sitescap;
static int		 rule_user;	/* the rule's words are user
					   addresses (kdata_rule_begin) */
static int		 rule_usdt;	/* its argN are USDT arguments */

/*
 * A local that keeps a kernel pointer, `$sk = (struct sock *)arg0':
 * `$sk->...' is compiled from the chain the pointer came from, since
 * the kernel reads when the probe fires, before the action has run.
 * So the local must hold one chain wherever it is followed.
 */
struct klocal {
	int		 nchains;	/* distinct chains assigned */
	int		 other;		/* assigned something else too */
	struct chain	 c;		/* the first chain */
	struct pos	 pos;		/* its assignment */
	struct pos	 clash;		/* the assignment that made it two */
	struct pos	 used;		/* followed here, if used.line */
};

static struct klocal	*klocals;
static size_t		 nklocals;

static const char *
spell(const struct chain *c, char *buf, size_t len)
{
	size_t n;
	int i;

	btf_type_str(c->btf, c->type, buf, len);
	if (c->type == 0)
		snprintf(buf, len, c->nptr == 0 ? "an untyped address" :
		    "void");
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
	c->raw = 0;
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
	if (op == DTFO_DEREF && c->vidx != NULL) {
		src_error(pos, "a pointer followed after a variable index: "
		    "the kernel reads the whole array, btrace indexes it");
		return -1;
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
	if (c->nptr == 0 && !c->raw && !(is_integer(c) && c->bits == 0 &&
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
static int	word_source(const struct node *, struct chain *);

/* The chain local n keeps, 0; -1 after a message. */
static int
local_chain(struct node *n, struct chain *c)
{
	struct klocal *l;

	l = n->n_slot >= 0 && (size_t)n->n_slot < nklocals ?
	    &klocals[n->n_slot] : NULL;
	if (l == NULL || l->nchains == 0) {
		src_error(n->n_pos, "$%s holds no kernel pointer: assign it "
		    "one first in this action, such as $%s = (struct name "
		    "*)arg0, curtask, args.NAME or kernel data", n->n_name,
		    n->n_name);
		return -1;
	}
	if (l->nchains > 1 || l->other) {
		src_error(n->n_pos, "$%s is assigned %s at %d:%d and %s at "
		    "%d:%d: dt(4) reads kernel data when the probe fires, "
		    "before the action runs, so a local followed by '->' "
		    "holds one kernel pointer", n->n_name,
		    "a kernel pointer", l->pos.line, l->pos.col,
		    l->nchains > 1 ? "another" : "a value",
		    l->clash.line, l->clash.col);
		return -1;
	}
	if (l->used.line == 0)
		l->used = n->n_pos;
	*c = l->c;
	return 0;
}

/*
 * kaddr("name") or uaddr("name"), a symbol's address, or reg("name"), a
 * register: a fetch's source.
 */
static int
is_addr_call(const struct node *n)
{
	return n->n_kind == N_CALL && (n->n_func == F_KADDR ||
	    n->n_func == F_UADDR || n->n_func == F_REG);
}

/*
 * kaddr("name"): the address of a kernel variable, a fetch's source;
 * uaddr("name") that of a variable of the traced program, in its memory.
 */
static int
kaddr_chain(struct node *n, struct chain *c)
{
	const struct node *a = n->n_args[0];
	uint64_t addr;

	if (n->n_func == F_REG) {	/* sema.c checked the name */
		c->f.dtfe_src = DTFS_REG;
		c->f.dtfe_argn = (uint8_t)n->n_int;
		if (rule_user)
			c->f.dtfe_flags = DTFE_USER;
		c->at = 0;
		c->type = 0;
		c->nptr = 0;
		return 0;
	}
	if (n->n_func == F_UADDR) {	/* sema.c found it in the file */
		c->f.dtfe_src = DTFS_ADDR;
		c->f.dtfe_addr = (uint64_t)n->n_int;
		c->f.dtfe_flags = DTFE_USER;
		c->at = 0;
		c->type = 0;
		c->nptr = 0;
		return n->n_int == 0 ? -1 : 0;
	}
	if (a->n_kind != N_STR) {
		src_error(a->n_pos, "kaddr() read as kernel data takes a "
		    "constant name");
		return -1;
	}
	if (func_kaddr(a->n_str, &addr) == -1 || addr == 0) {
		src_error(a->n_pos, "kaddr(\"%s\"): no such kernel symbol "
		    "(or no address: /proc/kallsyms shows them to root)",
		    a->n_str);
		return -1;
	}
	c->f.dtfe_src = DTFS_ADDR;
	c->f.dtfe_addr = addr;
	c->at = 0;
	c->type = 0;
	c->nptr = 0;
	return 0;
}

/*
 * p + N, p - N: an offset, in objects of p's type for a typed pointer
 * as in C, in bytes for an untyped address (sema.c made N a constant).
 */
static int
offset_chain(struct node *n, struct chain *c)
{
	char what[256];
	struct node *l = n->n_l;
	uint64_t size = 1;

	/* (uint64)p - N (sema.c set n_post): p as an integer, N bytes. */
	while (n->n_post && l->n_kind == N_UNOP && l->n_op == 'c')
		l = l->n_l;
	/* (long *)(arg1 + 8): an address in a word the probe has. */
	if (l->n_kind == N_BUILTIN && l->n_int == 0 && word_source(l, c)) {
		c->at = 0;
		c->type = 0;
		c->nptr = 0;
	} else if (build(l, c) == -1 || load(c, n->n_pos) == -1)
		return -1;
	if (n->n_post && c->nptr > 0)
		size = 1;
	else if (c->nptr > 1)
		size = 8;
	else if (c->nptr == 1 && (c->type == 0 ||
	    btf_sizeof(c->btf, c->type, &size) == -1)) {
		src_error(n->n_pos, "'%c' on %s, whose objects have no size",
		    n->n_op, spell(c, what, sizeof(what)));
		return -1;
	} else if (c->nptr == 0 && c->type != 0 && !is_integer(c)) {
		src_error(n->n_pos, "'%c' on %s, which is no pointer nor "
		    "address", n->n_op, spell(c, what, sizeof(what)));
		return -1;
	}
	c->bits = 0;
	return add_step(c, DTFO_ADD, (n->n_op == '-' ? -1 : 1) *
	    (int64_t)size * n->n_int, n->n_pos);
}

/*
 * argN or retval as the address a chain starts from: in the process's
 * memory if the rule's probes are in a user program's functions.
 */
static int
word_source(const struct node *n, struct chain *c)
{
	if (n->n_builtin >= B_ARG0 && n->n_builtin <= B_ARG9) {
		c->f.dtfe_src = DTFS_ARG;
		c->f.dtfe_argn = n->n_builtin - B_ARG0;
	} else if (n->n_builtin == B_RETVAL)
		c->f.dtfe_src = DTFS_RETVAL;
	else
		return 0;
	if (rule_user)
		c->f.dtfe_flags = DTFE_USER;
	return 1;
}

/* The source of a cast: argN, retval, curtask or kernel data. */
static int
cast_source(struct node *o, struct chain *c)
{
	if (o->n_kind == N_KDATA || o->n_kind == N_ARGS ||
	    o->n_kind == N_LVAR || o->n_kind == N_BINOP ||
	    is_addr_call(o) ||
	    (o->n_kind == N_BUILTIN && strcmp(o->n_str, "curtask") == 0)) {
		if (build(o, c) == -1)
			return -1;
		return load(c, o->n_pos);
	}
	if (o->n_kind == N_BUILTIN) {	/* resolved by sema.c */
		if (word_source(o, c))
			return 0;
	}
	src_error(o->n_pos, "a cast to a kernel pointer applies to argN, "
	    "retval, curtask, kernel data or a local holding one of them: "
	    "dt(4) reads kernel data when the probe fires, from what the "
	    "probe has, not from a value of an earlier event");
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

/*
 * Element n_r, evaluated with the event, of the array in place c is: the
 * kernel reads the whole array (a fetch knows no index), btrace picks.
 */
static int
element_var(struct node *n, struct chain *c)
{
	const struct dtioc_fetch_step *st;
	char what[256];
	uint32_t elem, count;
	uint64_t size;

	if (c->nptr != 0 || !c->at || c->vidx != NULL ||
	    btf_kind(c->btf, c->type) != BTF_K_ARRAY ||
	    btf_array(c->btf, c->type, &elem, &count) != 0 || count == 0) {
		src_error(n->n_pos, "'[...]' of a value known when the event "
		    "is read applies to an array of known size in place, "
		    "once, not to %s: index it with a constant",
		    spell(c, what, sizeof(what)));
		return -1;
	}
	set_type(c, elem);
	if (c->nptr > 0)
		size = 8;
	else if (btf_sizeof(c->btf, c->type, &size) == -1 || size == 0) {
		src_error(n->n_pos, "'[...]': %s has no size",
		    spell(c, what, sizeof(what)));
		return -1;
	}
	if (size * count > DTMAXFETCHLEN) {
		src_error(n->n_pos, "'[...]' of a value known when the event "
		    "is read reads the whole array, %llu bytes, more than "
		    "the %d a read takes", (unsigned long long)(size * count),
		    DTMAXFETCHLEN);
		return -1;
	}
	c->vidx = n->n_r;
	c->vstride = size;
	c->vcount = count;
	c->vbase = 0;
	st = c->f.dtfe_nsteps > 0 ? &c->f.dtfe_steps[c->f.dtfe_nsteps - 1] :
	    NULL;
	if (st != NULL && st->dtst_op == DTFO_ADD)
		c->vbase = st->dtst_off;
	c->bits = 0;
	return 0;
}

/* Element n_int of the array c is, or of the one pointer c points to. */
static int
element(struct node *n, struct chain *c)
{
	char what[256];
	uint32_t elem, count;
	uint64_t size;

	if (n->n_post)
		return element_var(n, c);
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

/* ->member of the pointer chain c ends with (nptr is not 0). */
static int
arrow(struct node *n, struct chain *c)
{
	char what[256];

	if (load(c, n->n_pos) == -1)
		return -1;
	if (c->nptr != 1) {
		src_error(n->n_pos, "'->%s' on %s, which is a pointer to a "
		    "pointer", n->n_str, spell(c, what, sizeof(what)));
		return -1;
	}
	c->nptr = 0;
	c->at = 1;
	return member(n, c);
}

/* The chain of kernel data expression n, 0 or -1 after a message. */
static int
build(struct node *n, struct chain *c)
{
	char what[256];
	uint64_t size;
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
	if (n->n_kind == N_LVAR)
		return local_chain(n, c);
	/* str(arg0), buf(retval, 8) of a user function: an address. */
	if (n->n_kind == N_BUILTIN && n->n_int == 0 && rule_user &&
	    word_source(n, c)) {
		c->at = 0;
		c->type = 0;
		c->nptr = 0;
		return 0;
	}
	if (is_addr_call(n))
		return kaddr_chain(n, c);
	if (n->n_kind == N_BINOP)
		return offset_chain(n, c);
	if (n->n_kind == N_BUILTIN && n->n_builtin >= B_ARG0 &&
	    n->n_builtin <= B_ARG9 && n->n_int != 0) {	/* args.NAME */
		if ((c->btf = btf_kernel(what, sizeof(what))) == NULL)
			return -1;
		c->f.dtfe_src = DTFS_ARG;
		c->f.dtfe_argn = n->n_builtin - B_ARG0;
		c->at = 0;
		set_type(c, (uint32_t)n->n_int);
		return 0;
	}
	if (n->n_kind == N_ARGS && n->n_post == 2) {	/* a user pointer */
		if ((c->btf = btf_kernel(what, sizeof(what))) == NULL)
			return -1;
		c->f.dtfe_src = DTFS_ARG;
		c->f.dtfe_argn = n->n_argsidx;
		c->field = n->n_str;	/* at its word in each probe */
		c->f.dtfe_flags = DTFE_USER;
		c->at = 0;
		set_type(c, (uint32_t)n->n_int);
		c->nptr = 1;
		return 0;
	}
	if (n->n_kind == N_ARGS && n->n_post) {	/* a record's word */
		c->f.dtfe_src = DTFS_ARG;
		c->f.dtfe_argn = n->n_argsidx;
		c->at = 0;
		c->type = 0;
		c->nptr = 0;
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
		src_error(n->n_pos, "'->', '.NAME', '[N]', '*' and '&' apply "
		    "to kernel data: a cast to a kernel pointer, curtask, a "
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
		return arrow(n, c);
	case KD_INDEX:
		if (build(n->n_l, c) == -1)
			return -1;
		return element(n, c);
	case KD_DEREF:
		if (build(n->n_l, c) == -1)
			return -1;
		if (c->nptr == 0 && (c->type == 0 || (is_integer(c) &&
		    btf_sizeof(c->btf, c->type, &size) == 0 && size == 8))) {
			/* An address without a type: the word there. */
			if (load(c, n->n_pos) == -1)
				return -1;
			c->at = 1;
			c->type = 0;
			c->raw = 1;
			c->bits = 0;
			return 0;
		}
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
	case KD_ADDR:
		if (build(n->n_l, c) == -1)
			return -1;
		if (!c->at || c->bits != 0 || c->raw || c->vidx != NULL) {
			src_error(n->n_pos, "'&' applies to an object in kernel "
			    "memory (a member, an element, *p), not to %s",
			    c->bits != 0 ? "a bitfield" : c->vidx != NULL ?
			    "an element of a variable index" : "a value");
			return -1;
		}
		c->at = 0;
		c->nptr++;
		return 0;
	case KD_DOT:
		if (build(n->n_l, c) == -1)
			return -1;
		/* As bpftrace: '.' on a pointer to a struct is '->'. */
		if (c->nptr == 1)
			return arrow(n, c);
		if (!c->at || c->nptr > 0) {
			src_error(n->n_pos, "'.%s' on %s, %s", n->n_str,
			    spell(c, what, sizeof(what)), c->nptr > 0 ?
			    "a pointer to a pointer" : "which is no struct "
			    "in memory");
			return -1;
		}
		return member(n, c);
	}
	src_error(n->n_pos, "not kernel data");
	return -1;
}

/* A fetch's bytes in an event, rounded as dt(4) records them. */
static uint32_t
fetch_bytes(const struct dtioc_fetch *f)
{
	return f->dtfe_kind == DTFK_VALUE ? 8 : (f->dtfe_len + 7) & ~7U;
}

/* kf->f from its path, base and read. */
static void
fetch_make(struct kfetch *kf, int kind, uint32_t len)
{
	struct dtioc_fetch_step *st;

	kf->f = kf->path;
	if (kf->base != 0) {	/* fits: the reads had this ADD */
		st = &kf->f.dtfe_steps[kf->f.dtfe_nsteps++];
		st->dtst_op = DTFO_ADD;
		st->dtst_off = kf->base;
	}
	kf->f.dtfe_kind = kind;
	kf->f.dtfe_len = len;
}

/* Whether the rule's fetches, with kf changed, fit what dt(4) takes. */
static int
rule_fits(size_t changed, const struct dtioc_fetch *f, size_t count)
{
	uint32_t bytes = 0;
	size_t i;

	if (count > DTMAXFETCH)
		return 0;
	for (i = rule_first; i < nfetches; i++)
		bytes += fetch_bytes(i == changed ? f : &fetches[i].f);
	if (changed == nfetches)
		bytes += fetch_bytes(f);
	return bytes <= DTMAXFETCHBYTES;
}

/*
 * The fetch of site s, whose chain c ends with a read of kind and len
 * bytes: one of the rule's that reads the same, or that one widened to
 * span the read too, or a new one.  -1 after a message.
 */
static int
site_add(struct node *n, struct site *s, const struct chain *c, int kind,
    uint32_t len)
{
	struct dtioc_fetch path, wide;
	struct kfetch *kf;
	int64_t lo, hi;
	size_t i;

	path = c->f;
	path.dtfe_kind = 0;
	path.dtfe_len = 0;
	s->off = 0;
	s->len = kind == DTFK_VALUE ? 8 : len;
	/* A pointer loaded last is 8 bytes read at the place before. */
	if (kind == DTFK_VALUE && path.dtfe_nsteps > 0 &&
	    path.dtfe_steps[path.dtfe_nsteps - 1].dtst_op == DTFO_DEREF &&
	    path.dtfe_steps[path.dtfe_nsteps - 1].dtst_size == 8) {
		memset(&path.dtfe_steps[--path.dtfe_nsteps], 0,
		    sizeof(path.dtfe_steps[0]));
		kind = DTFK_BYTES;
		s->len = len = 8;
	}
	if (kind == DTFK_BYTES && path.dtfe_nsteps > 0 &&
	    path.dtfe_steps[path.dtfe_nsteps - 1].dtst_op == DTFO_ADD) {
		s->off = path.dtfe_steps[--path.dtfe_nsteps].dtst_off;
		memset(&path.dtfe_steps[path.dtfe_nsteps], 0,
		    sizeof(path.dtfe_steps[0]));
	}
	for (i = rule_first; i < nfetches; i++) {
		kf = &fetches[i];
		if (memcmp(&kf->path, &path, sizeof(path)) != 0 ||
		    kf->f.dtfe_kind != kind || (kf->field == NULL) !=
		    (c->field == NULL) || (kf->field != NULL &&
		    strcmp(kf->field, c->field) != 0))
			continue;
		if (kind != DTFK_BYTES) {
			if (kf->f.dtfe_len != len)
				continue;
			break;
		}
		lo = kf->base < s->off ? kf->base : s->off;
		hi = kf->base + kf->f.dtfe_len > s->off + (int64_t)len ?
		    kf->base + kf->f.dtfe_len : s->off + (int64_t)len;
		if (hi - lo > KD_SPAN)
			continue;
		if (lo == kf->base && hi == kf->base + kf->f.dtfe_len)
			break;
		wide = kf->f;
		wide.dtfe_len = hi - lo;
		if (!rule_fits(i, &wide, nfetches - rule_first))
			continue;
		kf->base = lo;
		fetch_make(kf, DTFK_BYTES, hi - lo);
		break;
	}
	if (i == nfetches) {
		GROW(fetches, nfetches, fetchescap);
		kf = &fetches[nfetches];
		memset(kf, 0, sizeof(*kf));
		kf->path = path;
		kf->base = s->off;
		kf->field = c->field;
		fetch_make(kf, kind, len);
		if (!rule_fits(nfetches, &kf->f, nfetches - rule_first + 1)) {
			src_error(n->n_pos, "too many kernel data reads in "
			    "one rule: at most %d fetches (reads close "
			    "together through one pointer share one), of "
			    "%d bytes together", DTMAXFETCH, DTMAXFETCHBYTES);
			return -1;
		}
		nfetches++;
	}
	s->fetch = i;
	s->pos = n->n_pos;
	GROW(sites, nsites, sitescap);
	sites[nsites++] = *s;
	n->n_fetch = i + 1;
	n->n_site = nsites;
	return 0;
}

/*
 * A read of len bytes after a variable index: the whole array is read
 * instead, from its start, and s keeps where the value is in an element.
 */
static void
whole_array(struct chain *c, struct site *s, uint32_t *len, struct pos pos)
{
	struct dtioc_fetch_step *st;
	int64_t at = 0;

	st = c->f.dtfe_nsteps > 0 ? &c->f.dtfe_steps[c->f.dtfe_nsteps - 1] :
	    NULL;
	if (st != NULL && st->dtst_op == DTFO_ADD)
		at = st->dtst_off;
	s->vidx = c->vidx;
	s->vin = at - c->vbase;
	s->vstride = c->vstride;
	s->vcount = c->vcount;
	s->vlen = *len;
	*len = c->vstride * c->vcount;
	if (st != NULL && st->dtst_op == DTFO_ADD) {
		st->dtst_off = c->vbase;
		if (c->vbase == 0)
			memset(&c->f.dtfe_steps[--c->f.dtfe_nsteps], 0,
			    sizeof(*st));
	} else if (c->vbase != 0)
		add_step(c, DTFO_ADD, c->vbase, pos);
}

enum val_type
kdata_check(struct node *n, int asstr, int64_t strmax)
{
	struct chain c;
	struct site s;
	char what[256];
	uint32_t elem, count, len;
	uint64_t size;
	struct btf_int bi;

	memset(&c, 0, sizeof(c));
	memset(&s, 0, sizeof(s));
	s.usdt_argn = -1;
	if (build(n, &c) == -1)
		return VT_NONE;
	if (strmax + 1 > DTMAXFETCHLEN)
		strmax = DTMAXFETCHLEN - 1;
	/* A char array, in place: its bytes up to a NUL. */
	if (c.at && c.nptr == 0 && btf_kind(c.btf, c.type) == BTF_K_ARRAY &&
	    btf_array(c.btf, c.type, &elem, &count) == 0 &&
	    btf_int(c.btf, btf_resolve(c.btf, elem), &bi) == 0 &&
	    bi.bytes == 1) {
		len = count == 0 ? 1 : count > (uint32_t)strmax ? strmax :
		    count;
		s.kind = SITE_CHARS;
		if ((s.buf = malloc(len + 1)) == NULL)
			err(1, NULL);
		if (c.vidx != NULL)
			whole_array(&c, &s, &len, n->n_pos);
		return site_add(n, &s, &c, DTFK_BYTES, len) == -1 ? VT_NONE :
		    VT_STR;
	}
	if (asstr) {
		/* str(p): the string p points to. */
		if (load(&c, n->n_pos) == -1)
			return VT_NONE;
		s.kind = SITE_STR;
		return site_add(n, &s, &c, DTFK_STR, strmax + 1) == -1 ?
		    VT_NONE : VT_STR;
	}
	s.kind = SITE_INT;
	if (!c.at) {
		s.size = 8;
		if (rule_usdt && n->n_kind == N_BUILTIN &&
		    n->n_builtin >= B_ARG0 && n->n_builtin <= B_ARG9)
			s.usdt_argn = n->n_builtin - B_ARG0;
		/* (type *)argN itself: the argument, no fetch. */
		if (c.f.dtfe_nsteps == 0 && n->n_kind == N_KDATA &&
		    n->n_op == KD_CAST && (n->n_l->n_kind == N_BUILTIN ||
		    n->n_l->n_kind == N_LVAR || (n->n_l->n_kind == N_CALL &&
		    n->n_l->n_func != F_REG)) && c.f.dtfe_src != DTFS_TASK)
			return VT_INT;
		return site_add(n, &s, &c, DTFK_VALUE, 0) == -1 ? VT_NONE :
		    VT_INT;
	}
	if (c.nptr > 0 || c.raw) {
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
	len = s.size;
	if (c.vidx != NULL)
		whole_array(&c, &s, &len, n->n_pos);
	return site_add(n, &s, &c, DTFK_BYTES, len) == -1 ? VT_NONE :
	    VT_INT;
}

/* Whether n is a value a local may keep and '->' then follow. */
static int
local_source(const struct node *n)
{
	if (n->n_type == VT_NONE)
		return 0;
	if (n->n_kind == N_KDATA || n->n_kind == N_LVAR ||
	    (is_addr_call(n) && n->n_args[0]->n_kind == N_STR))
		return 1;
	if (n->n_kind != N_BUILTIN)
		return 0;
	return strcmp(n->n_str, "curtask") == 0 ||
	    (n->n_builtin >= B_ARG0 && n->n_builtin <= B_ARG9) ||
	    n->n_builtin == B_RETVAL;
}

/*
 * The chain of checked expression n as a value a local keeps: 0, or -1
 * if it is not a kernel pointer nor argN or retval.
 */
static int
local_value(struct node *n, struct chain *c)
{
	const struct klocal *l;

	if (n->n_kind == N_LVAR) {
		l = n->n_slot >= 0 && (size_t)n->n_slot < nklocals ?
		    &klocals[n->n_slot] : NULL;
		if (l == NULL || l->nchains != 1 || l->other)
			return -1;
	}
	if (n->n_kind == N_BUILTIN && n->n_int == 0 &&
	    strcmp(n->n_str, "curtask") != 0) {
		c->f.dtfe_src = n->n_builtin == B_RETVAL ? DTFS_RETVAL :
		    DTFS_ARG;
		c->f.dtfe_argn = n->n_builtin == B_RETVAL ? 0 :
		    n->n_builtin - B_ARG0;
		if (rule_user)
			c->f.dtfe_flags = DTFE_USER;
		return 0;
	}
	if (build(n, c) == -1 || c->vidx != NULL)
		return -1;
	if (c->at) {
		if (c->nptr == 0 ||
		    add_step(c, DTFO_DEREF, 0, n->n_pos) == -1)
			return -1;
		c->at = 0;
	}
	return c->nptr > 0 || c->type == 0 ? 0 : -1;
}

/* Whether chain c is a struct or union in place, not read. */
static int
is_object(const struct chain *c)
{
	int k = btf_kind(c->btf, c->type);

	return c->at && c->nptr == 0 && c->bits == 0 && c->vidx == NULL &&
	    (k == BTF_K_STRUCT || k == BTF_K_UNION);
}

int
kdata_object(struct node *n)
{
	struct chain c;

	memset(&c, 0, sizeof(c));
	if (build(n, &c) == -1)
		return -1;
	return is_object(&c);
}

static void	local_keep(struct node *, struct node *, int,
		    const struct chain *);

void
kdata_local(struct node *lhs, struct node *rhs)
{
	struct chain c;
	int kept;

	memset(&c, 0, sizeof(c));
	kept = rhs != NULL && local_source(rhs) && local_value(rhs, &c) == 0;
	local_keep(lhs, rhs, kept, &c);
}

void
kdata_local_object(struct node *lhs, struct node *rhs)
{
	struct chain c;

	memset(&c, 0, sizeof(c));
	local_keep(lhs, rhs, build(rhs, &c) == 0 && is_object(&c), &c);
}

/* The local lhs holds chain c if kept, else a value. */
static void
local_keep(struct node *lhs, struct node *rhs, int kept,
    const struct chain *cp)
{
	struct klocal *l;
	struct chain c = *cp;
	struct pos pos = rhs != NULL ? rhs->n_pos : lhs->n_pos;
	int slot = lhs->n_slot;
	size_t old;

	if (slot < 0)
		return;
	if ((size_t)slot >= nklocals) {
		old = nklocals;
		nklocals = (size_t)slot + 1 > 2 * old ? (size_t)slot + 1 :
		    2 * old;
		if ((klocals = reallocarray(klocals, nklocals,
		    sizeof(*klocals))) == NULL)
			err(1, NULL);
		memset(klocals + old, 0, (nklocals - old) * sizeof(*klocals));
	}
	l = &klocals[slot];
	if (kept) {
		if (l->nchains == 0) {
			l->nchains = 1;
			l->c = c;
			l->pos = pos;
			return;
		}
		if (memcmp(&l->c.f, &c.f, sizeof(c.f)) == 0 &&
		    l->c.type == c.type && l->c.nptr == c.nptr &&
		    l->c.at == c.at && l->c.btf == c.btf)
			return;
		if (l->nchains++ == 1 && !l->other)
			l->clash = pos;
	} else {
		if (l->nchains == 0)
			return;	/* an integer local, never followed */
		if (!l->other++ && l->nchains == 1)
			l->clash = pos;
	}
	if (l->used.line != 0)
		src_error(pos, "$%s was followed as a kernel pointer at %d:%d: "
		    "it cannot then be assigned %s", lhs->n_name,
		    l->used.line, l->used.col, kept ? "another" : "a value");
}

int
kdata_local_kept(const struct node *n)
{
	const struct klocal *l;

	if (n->n_slot < 0 || (size_t)n->n_slot >= nklocals)
		return 0;
	l = &klocals[n->n_slot];
	/* A user probe's argN or retval is an address in the process. */
	return l->nchains == 1 && !l->other && (l->c.nptr > 0 ||
	    l->c.f.dtfe_src == DTFS_ADDR ||
	    (l->c.f.dtfe_flags & DTFE_USER));
}

enum val_type
kdata_check_addr(struct node *n, int64_t strmax, int v6)
{
	struct chain c;
	struct site s;
	char what[32];
	uint64_t size;
	int k;

	memset(&c, 0, sizeof(c));
	memset(&s, 0, sizeof(s));
	if (build(n, &c) == -1)
		return VT_NONE;
	k = btf_kind(c.btf, c.type);
	if (!c.at || c.nptr > 0 || c.vidx != NULL || c.bits != 0 ||
	    (k != BTF_K_ARRAY && k != BTF_K_STRUCT && k != BTF_K_UNION) ||
	    btf_sizeof(c.btf, c.type, &size) == -1 ||
	    (size != 4 && size != 16) || (v6 && size != 16)) {
		if (!v6)
			return kdata_check(n, 0, strmax);
		/* An IPv4 field would compare as never equal: say so. */
		if (c.nptr > 0 || btf_sizeof(c.btf, c.type, &size) == -1)
			snprintf(what, sizeof(what), "a pointer");
		else
			snprintf(what, sizeof(what), "%llu bytes",
			    (unsigned long long)size);
		src_error(n->n_pos, "an IPv6 address from pton() compares "
		    "with 16 bytes in place (a struct in6_addr, u8[16]), not "
		    "with %s", what);
		return VT_NONE;
	}
	/* in_addr, in6_addr, u8[16]: the address, as inet_ntop() writes. */
	s.kind = SITE_ADDR;
	if ((s.buf = malloc(INET6_ADDRSTRLEN)) == NULL)
		err(1, NULL);
	return site_add(n, &s, &c, DTFK_BYTES, size) == -1 ? VT_NONE :
	    VT_STR;
}

enum val_type
kdata_check_buf(struct node *n, int haslen, int64_t len, int64_t strmax)
{
	struct chain c;
	struct site s;
	char what[256];
	uint64_t size, want;

	memset(&c, 0, sizeof(c));
	memset(&s, 0, sizeof(s));
	if (build(n, &c) == -1)
		return VT_NONE;
	if (c.vidx != NULL || c.bits != 0) {
		src_error(n->n_pos, "buf() of %s: it reads bytes in place or "
		    "where a pointer points", c.bits != 0 ? "a bitfield" :
		    "an element of a variable index");
		return VT_NONE;
	}
	if (strmax > DTMAXFETCHLEN)
		strmax = DTMAXFETCHLEN;
	if (c.at && c.nptr == 0 && btf_kind(c.btf, c.type) == BTF_K_ARRAY &&
	    btf_sizeof(c.btf, c.type, &size) == 0) {
		want = size;	/* an array in place: its bytes */
	} else if (!haslen) {
		src_error(n->n_pos, "buf() of %s needs a length: buf(p, len)",
		    spell(&c, what, sizeof(what)));
		return VT_NONE;
	} else {
		if (load(&c, n->n_pos) == -1)
			return VT_NONE;
		if (c.nptr == 0 && c.type != 0 && !is_integer(&c)) {
			src_error(n->n_pos, "buf() of %s, which is no pointer",
			    spell(&c, what, sizeof(what)));
			return VT_NONE;
		}
		want = strmax;
	}
	if (len >= 0 && (uint64_t)len < want)
		want = len;
	if (want > (uint64_t)strmax)
		want = strmax;
	if (want == 0)		/* dt(4) reads at least a byte */
		want = 1;
	s.kind = SITE_BUF;
	if ((s.buf = malloc(4 * want + 1)) == NULL)
		err(1, NULL);
	return site_add(n, &s, &c, DTFK_BYTES, want) == -1 ? VT_NONE :
	    VT_STR;
}

/*
 * join(n): the strings of the argument vector n points to, one STRV
 * fetch of at most DTMAXFETCHLEN bytes.  With user, n is argN or retval
 * or a record's field (args.NAME, its word in each probe) holding an
 * address in the process's memory; else kernel data, a char **.
 */
enum val_type
kdata_check_join(struct node *n, int user, const char *sep)
{
	struct chain c;
	struct site s;
	char what[256];
	uint64_t size;

	memset(&c, 0, sizeof(c));
	memset(&s, 0, sizeof(s));
	if (user && n->n_kind == N_ARGS) {
		c.f.dtfe_src = DTFS_ARG;
		c.f.dtfe_argn = n->n_argsidx;
		c.field = n->n_str;
	} else if (!user || !word_source(n, &c)) {
		if (build(n, &c) == -1 || load(&c, n->n_pos) == -1)
			return VT_NONE;
		/* A user address kept in a local: its vector, untyped. */
		if (c.type == 0 && c.nptr == 0 &&
		    (c.f.dtfe_flags & DTFE_USER))
			user = 1;
		else if (c.nptr != 2 || btf_kind(c.btf, c.type) != BTF_K_INT ||
		    btf_sizeof(c.btf, c.type, &size) == -1 || size != 1) {
			src_error(n->n_pos, "join() of %s: it reads an "
			    "argument vector, a char **", spell(&c, what,
			    sizeof(what)));
			return VT_NONE;
		}
	}
	if (user)
		c.f.dtfe_flags = DTFE_USER;
	s.kind = SITE_STRV;
	s.sep = strdup(sep);
	s.buf = malloc(DTMAXFETCHLEN + DTMAXFETCHSTRV * strlen(sep) + 1);
	if (s.sep == NULL || s.buf == NULL)
		err(1, NULL);
	return site_add(n, &s, &c, DTFK_STRV, DTMAXFETCHLEN) == -1 ?
	    VT_NONE : VT_STR;
}

void
kdata_rule_begin(int user, int usdt)
{
	rule_first = nfetches;
	rule_user = user;
	rule_usdt = usdt == 1;
	if (nklocals > 0)
		memset(klocals, 0, nklocals * sizeof(*klocals));
}

const struct dtioc_fetch *
kdata_fetch(int fetch)
{
	if (fetch < 1 || (size_t)fetch > nfetches)
		return NULL;
	return &fetches[fetch - 1].f;
}

const char *
kdata_fetch_field(int fetch)
{
	if (fetch < 1 || (size_t)fetch > nfetches)
		return NULL;
	return fetches[fetch - 1].field;
}

const char *
kdata_describe(const struct node *n, char *buf, size_t len)
{
	static const char *const srcs[] = { "arg", "retval", "curtask",
	    "addr", "reg" };
	static const char *const kinds[] = { "value", "bytes", "str",
	    "strv" };
	const struct dtioc_fetch *f = kdata_fetch(n->n_fetch);
	const struct dtioc_fetch_step *st;
	const struct site *s;
	size_t l;
	int i;

	if (f == NULL)
		return "";
	/* A record's field is at a word of its own in each probe. */
	if (kdata_fetch_field(n->n_fetch) != NULL)
		l = snprintf(buf, len, "args.%s",
		    kdata_fetch_field(n->n_fetch));
	else
		l = snprintf(buf, len, "%s", srcs[f->dtfe_src]);
	if ((f->dtfe_src == DTFS_ARG || f->dtfe_src == DTFS_REG) && l < len &&
	    kdata_fetch_field(n->n_fetch) == NULL)
		l += snprintf(buf + l, len - l, "%u", f->dtfe_argn);
	if (f->dtfe_src == DTFS_ADDR && l < len)
		l += snprintf(buf + l, len - l, " %#llx",
		    (unsigned long long)f->dtfe_addr);
	for (i = 0; i < f->dtfe_nsteps && l < len; i++) {
		st = &f->dtfe_steps[i];
		if (st->dtst_op == DTFO_ADD)
			l += snprintf(buf + l, len - l, " %+lld",
			    (long long)st->dtst_off);
		else
			l += snprintf(buf + l, len - l, " *%u", st->dtst_size);
	}
	if (l < len)
		l += snprintf(buf + l, len - l, " %s %u%s",
		    kinds[f->dtfe_kind], f->dtfe_len,
		    (f->dtfe_flags & DTFE_USER) ? " user" : "");
	s = n->n_site > 0 ? &sites[n->n_site - 1] : NULL;
	if (s != NULL && f->dtfe_kind == DTFK_BYTES && l < len &&
	    (s->off != fetches[s->fetch].base || s->len != f->dtfe_len))
		l += snprintf(buf + l, len - l, " @%lld:%u",
		    (long long)(s->off - fetches[s->fetch].base), s->len);
	if (s != NULL && s->vidx != NULL && l < len)
		snprintf(buf + l, len - l, " [%u + %u * i:%u]", s->vin,
		    s->vstride, s->vlen);
	return buf;
}

/* The result of fetch in event e, NULL if the event has none. */
static const struct dt_evt_fetch *
result(const struct bt_event *e, int fetch)
{
	const struct dt_evt_fetch *ef = e->ev_fetch;
	int i;

	for (i = 0; ef != NULL && i < e->ev_nfetch; i++) {
		if (e->ev_fetchsite[ef->dtef_idx] == fetch)
			return ef;
		ef = dt_evt_fetch_next(ef);
	}
	return NULL;
}

/*
 * The element a variable index picks in the array read whole at *d, of
 * *have bytes: its value's bytes; -1 (said once) if out of the array.
 */
static int
element_at(struct site *s, int64_t idx, const unsigned char **d,
    uint32_t *have)
{
	uint64_t at;

	if (idx < 0 || (uint64_t)idx >= s->vcount) {
		if (!s->warned) {
			s->warned = 1;
			src_warn(s->pos, "index %lld out of the %u elements "
			    "of the array, read as %s; not said again for "
			    "this expression", (long long)idx, s->vcount,
			    s->kind == SITE_INT ? "0" : "\"\"");
		}
		return -1;
	}
	at = (uint64_t)idx * s->vstride + s->vin;
	*have = *have > at ? *have - at : 0;
	if (*have > s->vlen)
		*have = s->vlen;
	*d += at;
	return 0;
}

/*
 * Site s's fetch in event e, or NULL if the probe has none or the read
 * faulted, which is said once for the expression.
 */
static const struct dt_evt_fetch *
site_result(struct site *s, const struct bt_event *e)
{
	const struct dt_evt_fetch *ef;

	ef = result(e, s->fetch + 1);
	if (ef == NULL || !(ef->dtef_flags & DTFR_FAULT))
		return ef;
	if (!s->warned) {
		s->warned = 1;
		src_warn(s->pos, "reading %s faulted (at step %u), read as "
		    "%s; not said again for this expression",
		    (fetches[s->fetch].f.dtfe_flags & DTFE_USER) ?
		    "user memory" : "kernel data", ef->dtef_step,
		    s->kind == SITE_INT ? "0" : "\"\"");
	}
	return NULL;
}

/* What a read that faulted or missed gives: 0, or the empty string. */
static void
read_nothing(const struct site *s, struct val *v)
{
	if (s->kind == SITE_INT) {
		v->v_type = VT_INT;
		v->v_int = 0;
	} else {
		v->v_type = VT_STR;
		v->v_str = "";
	}
}

const struct node *
kdata_index(const struct node *n)
{
	return n->n_site > 0 ? sites[n->n_site - 1].vidx : NULL;
}

void
kdata_eval(const struct node *n, const struct bt_event *e, int64_t idx,
    struct val *v)
{
	struct site *s = &sites[n->n_site - 1];
	const struct dt_evt_fetch *ef;
	const unsigned char *d;
	uint64_t x = 0;
	uint32_t have, rel;
	int i;

	if ((ef = site_result(s, e)) == NULL) {
		read_nothing(s, v);
		return;
	}
	d = dt_evt_fetch_data(ef);
	if (s->kind == SITE_STR) {
		v->v_type = VT_STR;
		v->v_str = (const char *)d;
		return;
	}
	/* This read's bytes among the fetch's. */
	rel = s->off - fetches[s->fetch].base;
	have = ef->dtef_len > rel ? ef->dtef_len - rel : 0;
	if (have > s->len)
		have = s->len;
	d += rel;
	if (s->vidx != NULL && element_at(s, idx, &d, &have) == -1) {
		read_nothing(s, v);
		return;
	}
	if (s->kind == SITE_ADDR) {
		v->v_type = VT_STR;
		v->v_str = s->buf;
		if (have != s->len || inet_ntop(have == 16 ? AF_INET6 :
		    AF_INET, d, s->buf, INET6_ADDRSTRLEN) == NULL)
			s->buf[0] = '\0';
		return;
	}
	if (s->kind == SITE_CHARS) {
		memcpy(s->buf, d, have);
		s->buf[have] = '\0';
		v->v_type = VT_STR;
		v->v_str = s->buf;
		return;
	}
	for (i = 0; i < s->size && i < 8 && (uint32_t)i < have; i++)
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
	if (s->usdt_argn >= 0 && e->ev_usdt != NULL)
		x = (uint64_t)usdt_value(e->ev_usdt, s->usdt_argn, x);
	v->v_type = VT_INT;
	v->v_int = (int64_t)x;
}

int
kdata_int_size(const struct node *n)
{
	const struct site *s;

	if (n->n_kind != N_KDATA || n->n_site <= 0)
		return 8;
	s = &sites[n->n_site - 1];
	if (s->kind != SITE_INT || s->bits != 0 || s->size < 1 ||
	    s->size > 8)
		return 8;
	return s->size;
}

void
kdata_eval_buf(const struct node *n, const struct bt_event *e, int64_t len,
    struct val *v)
{
	struct site *s = &sites[n->n_site - 1];
	const struct dt_evt_fetch *ef;
	const unsigned char *d;
	uint32_t have, rel, i;
	char *p;

	v->v_type = VT_STR;
	v->v_str = "";
	if ((ef = site_result(s, e)) == NULL)
		return;
	d = dt_evt_fetch_data(ef);
	rel = s->off - fetches[s->fetch].base;
	have = ef->dtef_len > rel ? ef->dtef_len - rel : 0;
	if (have > s->len)
		have = s->len;
	if (len >= 0 && (uint64_t)len < have)
		have = len;
	d += rel;
	/* As bpftrace writes a buffer: printable ASCII, else \xNN. */
	for (p = s->buf, i = 0; i < have; i++) {
		if (d[i] >= 32 && d[i] <= 126)
			*p++ = d[i];
		else
			p += sprintf(p, "\\x%02x", d[i]);
	}
	*p = '\0';
	v->v_str = s->buf;
}

/*
 * join()'s line: the strings of the vector, sep between them; what was
 * read before a fault, or of a vector cut, is printed and the loss said
 * once for the expression.
 */
void
kdata_eval_join(const struct node *n, const struct bt_event *e,
    struct val *v)
{
	struct site *s = &sites[n->n_site - 1];
	const struct dt_evt_fetch *ef;
	const char *d;
	size_t at, len, l, nstr = 0;
	char *p;

	v->v_type = VT_STR;
	v->v_str = "";
	if ((ef = result(e, s->fetch + 1)) == NULL)
		return;
	/* Each loss is said once: bit 0 a fault, bit 1 a vector cut. */
	if ((ef->dtef_flags & DTFR_FAULT) && !(s->warned & 1)) {
		s->warned |= 1;
		src_warn(s->pos, "join(): reading the argument vector "
		    "faulted: printed the strings read before; not said "
		    "again for this expression");
	} else if ((ef->dtef_flags & DTFR_TRUNC) && !(s->warned & 2)) {
		s->warned |= 2;
		src_warn(s->pos, "join(): an argument vector of more than %d "
		    "strings or %d bytes, printed cut; not said again for "
		    "this expression", DTMAXFETCHSTRV, DTMAXFETCHLEN);
	}
	d = (const char *)dt_evt_fetch_data(ef);
	len = ef->dtef_len > DTMAXFETCHLEN ? DTMAXFETCHLEN : ef->dtef_len;
	p = s->buf;
	/* A recording's vector may hold more strings than dt(4) reads. */
	for (at = 0; at < len && nstr < DTMAXFETCHSTRV; nstr++) {
		if (nstr > 0)
			p = stpcpy(p, s->sep);
		l = strnlen(d + at, len - at);
		memcpy(p, d + at, l);
		p += l;
		at += l + 1;
	}
	*p = '\0';
	v->v_str = s->buf;
}
