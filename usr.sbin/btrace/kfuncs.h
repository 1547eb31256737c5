/* SPDX-License-Identifier: ISC */
/*
 * The kernel's traceable functions, for providers with DTPV_KFUNCS.
 */

#ifndef KFUNCS_H
#define KFUNCS_H

int		 kfuncs_list(const char *,
		    void (*)(const char *, const char *, int, void *), void *);
const char	*kfuncs_why(const char *, int);

#endif /* KFUNCS_H */
