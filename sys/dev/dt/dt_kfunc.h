/* SPDX-License-Identifier: ISC OR GPL-2.0 */
/*
 * dt(4): kprobe:GLOB:entry through ftrace and kprobe:GLOB:return through
 * fprobe (dt_kfunc.c), for the kprobe provider (dt_prov_kprobe.c).
 */
#ifndef _DEV_DT_DT_KFUNC_H_
#define _DEV_DT_DT_KFUNC_H_

#include "dt_prov.h"

struct dt_kfunc;

bool	dt_kfunc_isglob(const char *);
bool	dt_kfunc_nameok(const char *, bool);
bool	dt_kfunc_firepath(const char *);
int	dt_kfunc_create(const struct dt_provider *, const char *, const char *,
	    struct dt_probe **);	/* dtp_priv is the struct dt_kfunc */
int	dt_kfunc_enable(struct dt_kfunc *);
void	dt_kfunc_disable(struct dt_kfunc *);
void	dt_kfunc_free(struct dt_kfunc *);

#endif /* _DEV_DT_DT_KFUNC_H_ */
