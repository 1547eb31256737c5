/* SPDX-License-Identifier: ISC */
/*
 * btrace(8)'s side of dt(4): the probes of the live kernel, and the
 * live source of events (dt.c).
 */

#ifndef DT_H
#define DT_H

#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

#include <dev/dt/dtvar.h>

#include "btrace.h"
#include "source.h"

#define PATH_DEVDT	"/dev/dt"

void		 dt_open(void);
void		 dt_never_open(void);
void		 dt_list(char *const *, int, int);
int		 dt_probe_argnames(const char *, const char *, const char *,
		    const char *const **);
int		 dt_resolve(struct program *, const char *);
void		 dt_start(const pid_t *, int, int, int);
void		 dt_clock(struct dtioc_clock *);
size_t		 dt_nenabled(void);
void		 dt_stop(void);
const char	*dt_parse_bufsize(const char *, uint32_t *);
void		 dt_set_bufsize(uint32_t);
void		 dt_set_lossless(int);
const struct source *dt_source(volatile sig_atomic_t *);

#endif /* DT_H */
