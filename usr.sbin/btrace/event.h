/* SPDX-License-Identifier: ISC */
/*
 * The stage between a source and the rules: raw events checked, put in
 * timestamp order and converted into the evaluator's events (event.c).
 */

#ifndef EVENT_H
#define EVENT_H

#include <stddef.h>
#include <stdint.h>

#include <dev/dt/dtvar.h>

#include "source.h"

/*
 * Call fn for each event of a batch, in the order they lie; a malformed
 * one (its length not a multiple of 8 that fits) ends btrace with
 * `where' and its offset.
 */
void	 evt_walk(const char *, size_t, const char *,
	    void (*)(const struct dt_evt *, void *), void *);

/* The sink that evaluates: events in timestamp order to their rules. */
extern const struct sink	 eval_sink;

#endif /* EVENT_H */
