/* SPDX-License-Identifier: ISC */
/*
 * The providers btrace knows without asking the kernel, so that a
 * program can be checked (-n) before any device is opened: the one place
 * that names them.
 */

#ifndef PROVIDERS_H
#define PROVIDERS_H

#include <stdint.h>

struct provider {
	const char	*pv_name;
	uint32_t	 pv_flags;	/* DTPV_*, as DTIOCGPROVS gives them */
	int		 pv_sysargs;	/* functions are the system calls of
					   sysargs.c, with their arguments */
	int		 pv_listargs;	/* btrace -l shows the arguments */
	int		 pv_shortnames;	/* FUNCTION:NAME also answers to NAME
					   without its "FUNCTION_" prefix */
};

/* The provider of that name, or NULL. */
const struct provider	*provider_lookup(const char *);
/*
 * bpftrace's spellings of probes: of kernel functions, k:F, kprobe:F,
 * kr:F, kretprobe:F, and PROV:MODULE:F; of timers, interval:1s,
 * profile:99; and the short provider names t:, s:, h:, i:, p:.  Given the probe as written,
 * return it as provider:function:name in a new string, or NULL if it is
 * not such a spelling.
 */
char			*provider_alias(const char *);
/*
 * bpftrace's name of a user probe (DTPV_UFILE), for its entry or, if
 * ret, its return: what the probe builtin and btrace -l show.
 */
const char		*provider_uname(int);
/*
 * bpftrace's USDT probe, usdt:FILE:[PROVIDER:]NAME or U:..., a probe of
 * the provider of user binaries at a marker: that provider's name, and
 * where FILE starts in probe; NULL if probe is not one.
 */
const char		*provider_usdt(const char *, const char **);
/*
 * For a provider btrace does not know that bpftrace has: what to write
 * instead, and in *full bpftrace's long name of it; else NULL.
 */
const char		*provider_hint(const char *, const char **);
/* A provider name close to `name', for "did you mean", or NULL. */
const char		*provider_closest(const char *);

#endif /* PROVIDERS_H */
