/* SPDX-License-Identifier: ISC */
/*
 * USDT markers: the notes of type 3 named "stapsdt" in .note.stapsdt,
 * whose description is the marker's address, the link-time address of
 * .stapsdt.base, the semaphore's address (or 0), then three strings:
 * provider, name and the arguments as the assembler wrote their
 * operands, each "[-]SIZE@OPERAND" (signed if '-').  A file prelinked
 * or otherwise moved has .stapsdt.base elsewhere: both addresses move
 * with it.  The instruction at the marker is a nop the uprobe replaces.
 */

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elfimg.h"
#include "regs.h"
#include "usdt.h"

#define NT_STAPSDT	3

struct markers {
	struct elf_load	 loads[ELF_MAXLOADS];
	size_t		 nloads;
	uint64_t	 base;		/* .stapsdt.base, or 0 */
	int		 hasbase;
	int		 n;
	int		 (*fn)(const struct usdt_marker *, void *);
	void		*arg;
};

/* The NUL-terminated string at *p, within end; NULL if none. */
static const char *
note_str(const uint8_t **p, const uint8_t *end)
{
	const char *s = (const char *)*p;
	const uint8_t *nul;

	if (*p >= end || (nul = memchr(*p, '\0', end - *p)) == NULL)
		return NULL;
	*p = nul + 1;
	return s;
}

static int
marker_note(const struct elf_note *en, void *arg)
{
	struct markers *m = arg;
	struct usdt_marker um;
	const uint8_t *p, *end;
	uint64_t a[3];

	if (en->en_type != NT_STAPSDT || en->en_namesz != 8 ||
	    memcmp(en->en_name, "stapsdt", 8) != 0 ||
	    en->en_descsz < sizeof(a))
		return 0;
	memcpy(a, en->en_desc, sizeof(a));
	p = en->en_desc + sizeof(a);
	end = en->en_desc + en->en_descsz;
	if ((um.um_prov = note_str(&p, end)) == NULL ||
	    (um.um_name = note_str(&p, end)) == NULL)
		return 0;
	if ((um.um_args = note_str(&p, end)) == NULL)
		um.um_args = "";
	if (m->hasbase) {
		a[0] += m->base - a[1];
		if (a[2] != 0)
			a[2] += m->base - a[1];
	}
	if (elf_vaddr_offset(m->loads, m->nloads, a[0], &um.um_off) == -1)
		return 0;
	um.um_sema = 0;
	if (a[2] != 0 &&
	    elf_vaddr_offset(m->loads, m->nloads, a[2], &um.um_sema) == -1)
		return 0;
	m->n++;
	return m->fn(&um, m->arg);
}

int
usdt_markers(const uint8_t *img, size_t len,
    int (*fn)(const struct usdt_marker *, void *), void *arg)
{
	struct markers m;

	memset(&m, 0, sizeof(m));
	m.fn = fn;
	m.arg = arg;
	if (elf_loads(img, len, m.loads, &m.nloads) == -1)
		return 0;
	m.hasbase = elf_section_addr(img, len, ".stapsdt.base",
	    &m.base) == 0;
	if (elf_notes(img, len, marker_note, &m) == -1)
		return -1;
	return m.n;
}

/* A decimal or 0x number, with its sign; -1 if none at *sp. */
static int
parse_num(const char **sp, int64_t *v)
{
	const char *s = *sp;
	char *end;
	int neg = 0;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	*v = (int64_t)strtoull(s, &end, 0);
	if (errno != 0)
		return -1;
	if (neg)
		*v = (int64_t)(0 - (uint64_t)*v);
	*sp = end;
	return 0;
}

/* %NAME at *sp: its word in pt_regs; -1 if none. */
static int
parse_reg(const char **sp)
{
	char name[8];
	size_t n;
	int size;

	if (**sp != '%')
		return -1;
	n = strspn(*sp + 1, "abcdefghijklmnopqrstuvwxyz0123456789");
	if (n == 0 || n >= sizeof(name))
		return -1;
	memcpy(name, *sp + 1, n);
	name[n] = '\0';
	*sp += 1 + n;
	return reg_asm(name, &size);
}

/*
 * One operand, as GCC and Clang write them on amd64: %reg, $imm,
 * disp(%reg); a symbol's disp(%rip) or an index, disp(%b,%i,scale), are
 * UA_BAD.
 */
static int
parse_operand(const char *s, struct usdt_arg *a)
{
	int64_t v = 0;

	if (*s == '\0')
		return -1;
	if (*s == '%') {
		a->ua_kind = UA_REG;
		if ((a->ua_reg = parse_reg(&s)) == -1)
			return -1;
		return *s == '\0' ? 0 : -1;
	}
	if (*s == '$') {
		if (*++s == '\0')
			return -1;
		a->ua_kind = UA_CONST;
		if (parse_num(&s, &a->ua_val) == -1) {
			a->ua_kind = UA_BAD;	/* $symbol */
			return 0;
		}
		return *s == '\0' ? 0 : -1;
	}
	if (*s != '(' && parse_num(&s, &v) == -1) {
		a->ua_kind = UA_BAD;		/* symbol(%rip) */
		return 0;
	}
	if (*s++ != '(')
		return -1;
	a->ua_kind = UA_MEM;
	a->ua_val = v;
	if ((a->ua_reg = parse_reg(&s)) == -1 ||
	    a->ua_reg == reg_word("ip")) {
		a->ua_kind = UA_BAD;
		return 0;
	}
	if (*s == ',') {
		a->ua_kind = UA_BAD;		/* an index */
		return 0;
	}
	return strcmp(s, ")") == 0 ? 0 : -1;
}

int
usdt_parse(const char *spec, struct usdt_args *ua, char *why, size_t whylen)
{
	struct usdt_arg *a;
	const char *s = spec, *at;
	char op[128];
	size_t n;
	int64_t size;

	memset(ua, 0, sizeof(*ua));
	for (;;) {
		s += strspn(s, " \t");
		if (*s == '\0')
			return 0;
		if (ua->ua_n == USDT_MAXARGS) {
			snprintf(why, whylen, "more than %d arguments in '%s'",
			    USDT_MAXARGS, spec);
			return -1;
		}
		n = strcspn(s, " \t");
		a = &ua->ua_a[ua->ua_n];
		a->ua_size = 8;
		at = memchr(s, '@', n);
		if (at != NULL) {
			n -= at + 1 - s;
			if (parse_num(&s, &size) == -1 || s != at ||
			    (size != 1 && size != 2 && size != 4 &&
			    size != 8 && size != -1 && size != -2 &&
			    size != -4 && size != -8))
				goto bad;
			a->ua_signed = size < 0;
			a->ua_size = (int)(size < 0 ? -size : size);
			s = at + 1;
		}
		if (n >= sizeof(op))
			goto bad;
		memcpy(op, s, n);
		op[n] = '\0';
		if (parse_operand(op, a) == -1)
			goto bad;
		ua->ua_n++;
		s += n;
	}
bad:
	snprintf(why, whylen, "argument %d of '%s' is not an operand read "
	    "here", ua->ua_n, spec);
	return -1;
}

int
usdt_fetch(const struct usdt_args *ua, int argn, struct dtioc_fetch *f)
{
	const struct usdt_arg *a;
	int nsteps = f->dtfe_nsteps, i;

	if (argn < 0 || argn >= ua->ua_n)
		return -1;
	a = &ua->ua_a[argn];
	switch (a->ua_kind) {
	case UA_REG:
		f->dtfe_src = DTFS_REG;
		f->dtfe_argn = (uint8_t)a->ua_reg;
		return 0;
	case UA_MEM:
		if (nsteps + 2 > DTMAXFETCHSTEPS)
			return -1;
		for (i = nsteps - 1; i >= 0; i--)
			f->dtfe_steps[i + 2] = f->dtfe_steps[i];
		memset(f->dtfe_steps, 0, 2 * sizeof(f->dtfe_steps[0]));
		f->dtfe_steps[0].dtst_op = DTFO_ADD;
		f->dtfe_steps[0].dtst_off = a->ua_val;
		f->dtfe_steps[1].dtst_op = DTFO_DEREF;
		f->dtfe_steps[1].dtst_size = (uint8_t)a->ua_size;
		f->dtfe_nsteps = (uint8_t)(nsteps + 2);
		f->dtfe_src = DTFS_REG;
		f->dtfe_argn = (uint8_t)a->ua_reg;
		return 0;
	case UA_CONST:
		/* Its value is known: any register serves as a source. */
		if (nsteps == 0 && f->dtfe_kind == DTFK_VALUE) {
			f->dtfe_src = DTFS_REG;
			f->dtfe_argn = (uint8_t)reg_word("ip");
			return 0;
		}
		if (a->ua_val == 0)
			return -1;
		f->dtfe_src = DTFS_ADDR;
		f->dtfe_argn = 0;
		f->dtfe_addr = (uint64_t)a->ua_val;
		return 0;
	case UA_BAD:
		break;
	}
	return -1;
}

int64_t
usdt_value(const struct usdt_args *ua, int argn, uint64_t raw)
{
	const struct usdt_arg *a;
	uint64_t x;
	int bits;

	if (argn < 0 || argn >= ua->ua_n)
		return 0;
	a = &ua->ua_a[argn];
	x = a->ua_kind == UA_CONST ? (uint64_t)a->ua_val : raw;
	if (a->ua_size >= 8)
		return (int64_t)x;
	bits = 8 * a->ua_size;
	x &= (1ULL << bits) - 1;
	if (a->ua_signed && (x & (1ULL << (bits - 1))))
		x |= ~0ULL << bits;
	return (int64_t)x;
}
