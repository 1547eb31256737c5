/* SPDX-License-Identifier: ISC */
/*
 * Stacks as btrace(8) prints them: a newline, then one frame per line,
 * each indented by a tab, as OpenBSD's btrace and bpftrace do.  Frames
 * are symbolized through syms.h when the symbols are at hand, else
 * printed as addresses; the stack mode says how much of each frame.
 */

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "btrace.h"
#include "syms.h"

struct ksyms	*kernel_syms;

/* What kstack and ustack without a mode give; -f folded and svg: sym. */
enum stack_mode	 stack_mode_default = STACK_BPFTRACE;

static const char *const stack_modes[] = {
	[STACK_BPFTRACE] = "bpftrace",
	[STACK_PERF] = "perf",
	[STACK_RAW] = "raw",
	[STACK_SYM] = "sym",
};

/* The mode called `name', or -1. */
int
stack_mode_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(stack_modes) / sizeof(stack_modes[0]); i++)
		if (stack_modes[i] != NULL && strcmp(stack_modes[i], name) == 0)
			return (int)i;
	return -1;
}

/*
 * The symbol covering pc: its name and pc's offset in it, or NULL when
 * no symbol covers pc or the symbols are not at hand.
 */
static const char *
frame_lookup(int kernel, struct usyms *us, uint64_t pc, uint64_t *off)
{
	const struct usym *u;
	struct ksym ks;

	if (kernel) {
		if (kernel_syms == NULL ||
		    ksyms_lookup(kernel_syms, pc, &ks, off) == -1)
			return NULL;
		return ks.ks_name;
	}
	if (us == NULL || (u = usyms_lookup(us, pc, off, NULL)) == NULL)
		return NULL;
	return u->us_name;
}

/* One frame, as `mode' prints it, without the tab and newline. */
static int
frame_format(char *buf, size_t len, enum stack_mode mode, const char *name,
    uint64_t pc, uint64_t off)
{
	if (mode == STACK_PERF && name == NULL)
		return snprintf(buf, len, "%" PRIx64 " [unknown]", pc);
	if (mode == STACK_RAW || name == NULL)
		return snprintf(buf, len, "0x%" PRIx64, pc);
	switch (mode) {
	case STACK_PERF:
		return snprintf(buf, len, "%" PRIx64 " %s+0x%" PRIx64, pc,
		    name, off);
	case STACK_SYM:
		return snprintf(buf, len, "%s", name);
	default:
		return snprintf(buf, len, "%s+0x%" PRIx64, name, off);
	}
}

size_t
stack_format(char *buf, size_t len, const struct bt_event *ev, int kernel,
    int depth, enum stack_mode mode)
{
	const uint64_t *pc = kernel ? ev->ev_kpc : ev->ev_upc;
	struct usyms *us = NULL;
	const char *name;
	uint64_t off = 0;
	int i, n = kernel ? ev->ev_nkpc : ev->ev_nupc, l;
	size_t used;

	if (mode == STACK_DEFAULT)
		mode = stack_mode_default;
	if (len == 0)
		return 0;
	buf[0] = '\0';
	if (depth >= 0 && depth < n)
		n = depth;
	if (n == 0)
		return 0;
	/* Symbols are loaded while the process lives: now. */
	if (!kernel && ev->ev_pid > 0 && mode != STACK_RAW)
		us = usyms_get(ev->ev_pid);
	used = snprintf(buf, len, "\n");
	for (i = 0; i < n && used < len; i++) {
		name = mode == STACK_RAW ? NULL :
		    frame_lookup(kernel, us, pc[i], &off);
		used += snprintf(buf + used, len - used, "\t");
		if (used >= len)
			break;
		l = frame_format(buf + used, len - used, mode, name, pc[i],
		    off);
		if (l < 0)
			break;
		used += l;
		if (used >= len)
			break;
		used += snprintf(buf + used, len - used, "\n");
	}
	return used < len ? used : len - 1;
}
