/* SPDX-License-Identifier: ISC */
/*
 * Stacks as btrace(8) prints them: a newline, then one frame per line,
 * each indented by a tab, as OpenBSD's btrace and bpftrace do.  Frames
 * are symbolized through syms.h when the symbols are at hand, else
 * printed as addresses.
 */

#include <stdio.h>

#include "btrace.h"
#include "syms.h"

struct ksyms	*kernel_syms;

size_t
stack_format(char *buf, size_t len, const struct bt_event *ev, int kernel,
    int depth)
{
	const uint64_t *pc = kernel ? ev->ev_kpc : ev->ev_upc;
	struct usyms *us;
	int i, n = kernel ? ev->ev_nkpc : ev->ev_nupc, l;
	size_t off;

	if (len == 0)
		return 0;
	buf[0] = '\0';
	if (depth >= 0 && depth < n)
		n = depth;
	if (n == 0)
		return 0;
	if (kernel && kernel_syms != NULL)
		l = ksyms_snprint_stack(kernel_syms, buf, len, pc, n, -1);
	else if (!kernel && ev->ev_pid > 0 &&
	    (us = usyms_get(ev->ev_pid)) != NULL)
		l = usyms_snprint_stack(us, buf, len, pc, n, -1);
	else {
		off = snprintf(buf, len, "\n");
		for (i = 0; i < n && off < len; i++)
			off += snprintf(buf + off, len - off, "\t0x%llx\n",
			    (unsigned long long)pc[i]);
		l = off;
	}
	if (l < 0)
		l = 0;
	return (size_t)l < len ? (size_t)l : len - 1;
}
