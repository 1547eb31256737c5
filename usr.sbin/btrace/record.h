/* SPDX-License-Identifier: ISC */
/*
 * Recordings (record.c): the sink that writes one (-w) and the source
 * that reads one back (-r).
 */

#ifndef RECORD_H
#define RECORD_H

#include <signal.h>

#include <dev/dt/dtvar.h>

#include "source.h"

/* -w: create, the sink (the probes and clock, the events), the end. */
void		 record_create(const char *);
extern const struct sink record_sink;
void		 record_end(const char *, const struct dtioc_stat *);

/* -r: check the whole recording and describe its probes; its events. */
void		 replay_open(const char *);
void		 replay_check_fetches(void);
const struct source *replay_source(volatile sig_atomic_t *);

#endif /* RECORD_H */
