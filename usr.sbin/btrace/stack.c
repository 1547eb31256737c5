/*
 * Stacks as btrace(8) prints them: a newline, then one frame per line,
 * each indented by a tab, as OpenBSD's btrace and bpftrace do.
 */

#include <stdio.h>

#include "btrace.h"

size_t
stack_format(char *buf, size_t len, const struct bt_event *ev, int kernel,
    int depth)
{
	const uint64_t *pc = kernel ? ev->ev_kpc : ev->ev_upc;
	int i, n = kernel ? ev->ev_nkpc : ev->ev_nupc;
	size_t off = 0;
	int l;

	if (len == 0)
		return 0;
	buf[0] = '\0';
	if (depth >= 0 && depth < n)
		n = depth;
	if (n == 0)
		return 0;
	off = snprintf(buf, len, "\n");
	for (i = 0; i < n && off + 1 < len; i++) {
		l = snprintf(buf + off, len - off, "\t");
		off += l;
		if (off >= len)
			break;
		l = snprintf(buf + off, len - off, "0x%llx",
			    (unsigned long long)pc[i]);
		if (l < 0)
			break;
		off += l;
		if (off >= len)
			break;
		off += snprintf(buf + off, len - off, "\n");
	}
	if (off >= len)
		off = len - 1;
	return off;
}
