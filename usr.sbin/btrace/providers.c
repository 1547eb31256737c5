/* SPDX-License-Identifier: ISC */
/*
 * The table of providers btrace knows without the kernel (providers.h).
 * Their flags are those the kernel reports for them through DTIOCGPROVS
 * (dev/dt/dtvar.h); a provider added to the kernel is added here.
 */

#include <stddef.h>
#include <string.h>

#include <dev/dt/dtvar.h>

#include "names.h"
#include "providers.h"
#include "util.h"

static const struct provider providers[] = {
	{ "interval",	DTPV_PERIODIC | DTPV_CREATE,	0, 0, 0 },
	{ "kprobe",	DTPV_CREATE | DTPV_ENTRYRET,	0, 0, 0 },
	{ "profile",	DTPV_PERIODIC | DTPV_CREATE,	0, 0, 0 },
	{ "syscall",	DTPV_ENTRYRET,			1, 0, 0 },
	{ "tracepoint",	DTPV_CREATE | DTPV_TRACEFS,	0, 1, 1 },
};

const struct provider *
provider_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < nitems(providers); i++)
		if (strcmp(providers[i].pv_name, name) == 0)
			return &providers[i];
	return NULL;
}

const char *
provider_closest(const char *name)
{
	const char *names[nitems(providers)];
	size_t i;

	for (i = 0; i < nitems(providers); i++)
		names[i] = providers[i].pv_name;
	return name_closest(name, names, nitems(names));
}
