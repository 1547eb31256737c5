/* SPDX-License-Identifier: ISC */
/*
 * Hints for bpftrace's builtins and functions that bt(5) does not have:
 * a script brought from bpftrace is told what to write instead.  They
 * are looked up only for names btrace does not know, so a name that
 * becomes known is never hinted at.
 */

#include <stddef.h>
#include <string.h>

#include "hints.h"
#include "util.h"

struct hint {
	const char	*name;
	const char	*hint;
};

static const struct hint builtins[] = {
	{ "jiffies",	"bt(5) has no jiffies: nsecs and elapsed are "
			"nanoseconds, or read the kernel's, "
			"*kaddr(\"jiffies\")" },
	{ "numaid",	"bt(5) has no NUMA node: cpu is the CPU" },
	{ "sarg0",	"stack arguments are not offered: on x86-64 the "
			"first six arguments are arg0 to arg5" },
	{ "usermode",	"bt(5) does not say whether the probe interrupted "
			"user mode: ustack is empty when it did not" },
};

static const struct hint functions[] = {
	{ "debugf",	"write printf(), which prints at once" },
	{ "macaddr",	"print the bytes with printf(\"%02x:...\")" },
	{ "override",	"dt(4) does not change what the kernel returns: "
			"nothing takes the place of override()" },
	{ "path",	"write str() of the name you need, such as "
			"args.filename" },
	{ "percpu_kaddr", "per-CPU kernel variables are not offered" },
	{ "skboutput",	"packets are not recorded: print the fields you "
			"need with printf()" },
	{ "socket_cookie", "socket cookies are not offered: key on the "
			"address and port" },
	{ "tseries",	"write hist() or lhist(), or print a map from an "
			"interval probe" },
	{ "unwatch",	"there are no watchpoints to remove" },
};

static const char *
lookup(const struct hint *h, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(h[i].name, name) == 0)
			return h[i].hint;
	return NULL;
}

const char *
hint_builtin(const char *name)
{
	/* sarg0 to sarg9: one hint. */
	if (strncmp(name, "sarg", 4) == 0 && name[4] >= '0' &&
	    name[4] <= '9' && name[5] == '\0')
		name = "sarg0";
	return lookup(builtins, nitems(builtins), name);
}

const char *
hint_function(const char *name)
{
	return lookup(functions, nitems(functions), name);
}
