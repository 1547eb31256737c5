/* SPDX-License-Identifier: ISC */
/*
 * The table of providers btrace knows without the kernel (providers.h).
 * Their flags are those the kernel reports for them through DTIOCGPROVS
 * (dev/dt/dtvar.h); a provider added to the kernel is added here.
 */

#include <ctype.h>
#include <err.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dev/dt/dtvar.h>

#include "names.h"
#include "providers.h"
#include "util.h"

static const struct provider providers[] = {
	{ "hardware",	DTPV_CREATE | DTPV_REGS,	0, 0, 0 },
	{ "interval",	DTPV_PERIODIC | DTPV_CREATE,	0, 0, 0 },
	{ "kprobe",	DTPV_CREATE | DTPV_ENTRYRET | DTPV_KFUNCS | DTPV_REGS,
			0, 0, 0 },
	{ "profile",	DTPV_PERIODIC | DTPV_CREATE,	0, 0, 0 },
	{ "software",	DTPV_CREATE | DTPV_REGS,	0, 0, 0 },
	{ "syscall",	DTPV_ENTRYRET | DTPV_REGS,	1, 0, 0 },
	{ "tracepoint",	DTPV_CREATE | DTPV_TRACEFS,	0, 1, 1 },
	{ "uprobe",	DTPV_UFILE | DTPV_REGS,		0, 0, 0 },
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

static const struct {
	const char	*pa_alias;
	const char	*pa_prov;
	const char	*pa_name;	/* probe name it implies */
} aliases[] = {
	{ "k",		"kprobe",	"entry" },
	{ "kprobe",	"kprobe",	"entry" },
	{ "kr",		"kprobe",	"return" },
	{ "kretprobe",	"kprobe",	"return" },
	/* BTF-typed in bpftrace, as every kprobe probe is here. */
	{ "f",		"kprobe",	"entry" },
	{ "fentry",	"kprobe",	"entry" },
	{ "kfunc",	"kprobe",	"entry" },
	{ "fr",		"kprobe",	"return" },
	{ "fexit",	"kprobe",	"return" },
	{ "kretfunc",	"kprobe",	"return" },
};

static char *
kprobe_alias(const char *probe)
{
	static const char *const entryret[] = { "entry", "return" };
	const char *f1, *f2, *func;
	char *s;
	size_t i, plen;

	if ((f1 = strchr(probe, ':')) == NULL || f1[1] == '\0')
		return NULL;
	plen = f1 - probe;
	for (i = 0; i < nitems(aliases); i++)
		if (strlen(aliases[i].pa_alias) == plen &&
		    strncmp(probe, aliases[i].pa_alias, plen) == 0)
			break;
	if (i == nitems(aliases))
		return NULL;
	func = f1 + 1;
	if ((f2 = strchr(func, ':')) != NULL) {
		/*
		 * kprobe:F:entry is dt's own spelling, and kprobe:F:entyr
		 * a mistake in it, not function "entyr" of module F.
		 */
		if (strcmp(f2 + 1, "entry") == 0 ||
		    strcmp(f2 + 1, "return") == 0 ||
		    name_closest(f2 + 1, entryret, nitems(entryret)) != NULL)
			return NULL;
		/* MODULE:F: the function name alone selects it. */
		func = f2 + 1;
		if (*func == '\0' || strchr(func, ':') != NULL)
			return NULL;
	}
	if (asprintf(&s, "%s:%s:%s", aliases[i].pa_prov, func,
	    aliases[i].pa_name) == -1)
		err(1, NULL);
	return s;
}

/*
 * bpftrace's names of user probes, uprobe:FILE:F, u:FILE:F (entry) and
 * uretprobe:FILE:F, ur:FILE:F (return), for the provider of user binaries
 * (DTPV_UFILE): PROV:FILE:F:entry or :return.
 */
static const struct {
	const char	*ua_alias;
	const char	*ua_name;
} ualiases[] = {
	{ "u",		"entry" },
	{ "uprobe",	"entry" },
	{ "ur",		"return" },
	{ "uretprobe",	"return" },
};

const char *
provider_uname(int ret)
{
	return ret ? ualiases[3].ua_alias : ualiases[1].ua_alias;
}

/* The provider of user binaries, or NULL. */
static const char *
ufile_provider(void)
{
	size_t i;

	for (i = 0; i < nitems(providers); i++)
		if (providers[i].pv_flags & DTPV_UFILE)
			return providers[i].pv_name;
	return NULL;
}

const char *
provider_usdt(const char *probe, const char **file)
{
	static const char *const names[] = { "usdt:", "U:" };
	size_t i;

	for (i = 0; i < nitems(names); i++)
		if (strncmp(probe, names[i], strlen(names[i])) == 0) {
			*file = probe + strlen(names[i]);
			return ufile_provider();
		}
	return NULL;
}

static char *
ufile_alias(const char *probe)
{
	const char *colon, *f2, *last, *prov;
	char *s;
	size_t i, plen;

	if ((colon = strchr(probe, ':')) == NULL)
		return NULL;
	plen = colon - probe;
	for (i = 0; i < nitems(ualiases); i++)
		if (strlen(ualiases[i].ua_alias) == plen &&
		    strncmp(probe, ualiases[i].ua_alias, plen) == 0)
			break;
	if (i == nitems(ualiases))
		return NULL;
	prov = ufile_provider();
	/* PROV:FILE:F:entry is the provider's own spelling already. */
	if (prov == NULL || (f2 = strchr(colon + 1, ':')) == NULL)
		return NULL;
	last = strrchr(f2 + 1, ':');
	if (last != NULL && (strcmp(last + 1, "entry") == 0 ||
	    strcmp(last + 1, "return") == 0)) {
		if (strcmp(ualiases[i].ua_name, "entry") != 0)
			return NULL;	/* ur:F:G:entry: left to complain */
		if (asprintf(&s, "%s%s", prov, colon) == -1)
			err(1, NULL);
		return s;
	}
	if (asprintf(&s, "%s%s:%s", prov, colon, ualiases[i].ua_name) == -1)
		err(1, NULL);
	return s;
}

/* bpftrace's one- and two-letter names of providers: t:, i:, p:, ... */
static const struct {
	const char	*ps_short;
	const char	*ps_prov;
} shortnames[] = {
	{ "h",	"hardware" },
	{ "i",	"interval" },
	{ "p",	"profile" },
	{ "s",	"software" },
	{ "t",	"tracepoint" },
};

static char *
expand_short(const char *probe)
{
	const char *colon;
	char *s;
	size_t i;

	if ((colon = strchr(probe, ':')) == NULL)
		return NULL;
	for (i = 0; i < nitems(shortnames); i++)
		if (strlen(shortnames[i].ps_short) == (size_t)(colon - probe) &&
		    strncmp(probe, shortnames[i].ps_short, colon - probe) == 0)
			break;
	if (i == nitems(shortnames))
		return NULL;
	if (asprintf(&s, "%s%s", shortnames[i].ps_prov, colon) == -1)
		err(1, NULL);
	return s;
}

/*
 * A periodic provider's rate in one field, as bpftrace writes it:
 * PROV:99 (hertz) or PROV:1s, PROV:100ms (a period), for PROV:hz:99,
 * PROV:s:1, PROV:ms:100.  Whether a provider is periodic is what the
 * kernel says of it (DTPV_PERIODIC), not its name.
 */
static char *
periodic_alias(const char *probe)
{
	const struct provider *pv;
	const char *colon, *unit;
	char *prov, *s;

	if ((colon = strchr(probe, ':')) == NULL ||
	    strchr(colon + 1, ':') != NULL ||
	    !isdigit((unsigned char)colon[1]))
		return NULL;
	if ((prov = strndup(probe, colon - probe)) == NULL)
		err(1, NULL);
	pv = provider_lookup(prov);
	if (pv == NULL || !(pv->pv_flags & DTPV_PERIODIC)) {
		free(prov);
		return NULL;
	}
	unit = colon + 1 + strspn(colon + 1, "0123456789");
	if (asprintf(&s, "%s:%s:%.*s", prov, *unit == '\0' ? "hz" : unit,
	    (int)(unit - colon - 1), colon + 1) == -1)
		err(1, NULL);
	free(prov);
	return s;
}

char *
provider_alias(const char *probe)
{
	char *full, *s;

	if ((s = ufile_alias(probe)) != NULL)
		return s;
	full = expand_short(probe);
	if ((s = kprobe_alias(full != NULL ? full : probe)) == NULL &&
	    (s = periodic_alias(full != NULL ? full : probe)) == NULL)
		return full;
	free(full);
	return s;
}

/*
 * bpftrace's providers that dt(4) does not have, and what to write
 * instead: asked only of a provider that no table here knows.
 */
static const struct {
	const char	*ph_prov;
	const char	*ph_hint;
} hints[] = {
	{ "watchpoint",	"hardware breakpoints are not offered: trace the "
			"functions that write the data, kprobe:FUNCTION" },
	{ "asyncwatchpoint", "hardware breakpoints are not offered: trace "
			"the functions that write the data, kprobe:FUNCTION" },
	{ "rawtracepoint", "write tracepoint:SYSTEM:EVENT, the same events "
			"with their fields by name" },
	{ "iter",	"BPF iterators are not offered: read the objects "
			"from a probe that sees them, or from /proc" },
	{ "self",	"self probes are not offered: write BEGIN or END" },
};

/* bpftrace's short names of the providers above. */
static const struct {
	const char	*pl_short;
	const char	*pl_prov;
} hintshort[] = {
	{ "w", "watchpoint" }, { "aw", "asyncwatchpoint" },
	{ "rt", "rawtracepoint" }, { "it", "iter" },
};

const char *
provider_hint(const char *name, const char **full)
{
	size_t i;

	for (i = 0; i < nitems(hintshort); i++)
		if (strcmp(name, hintshort[i].pl_short) == 0)
			name = hintshort[i].pl_prov;
	for (i = 0; i < nitems(hints); i++)
		if (strcmp(name, hints[i].ph_prov) == 0) {
			*full = hints[i].ph_prov;
			return hints[i].ph_hint;
		}
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
