/* SPDX-License-Identifier: ISC */
/*
 * dt(4)'s per-CPU rings mapped and read in place (ring.c).
 */

#ifndef RING_H
#define RING_H

#include <stddef.h>
#include <stdint.h>

#include "source.h"

#define RING_MAXSEGS	(2 * 4096)	/* two per CPU: before and after
					   the wrap */

int	ring_map(int);
size_t	ring_take(struct seg *, size_t);
void	ring_release(void);
int	ring_mapped(void);
uint64_t ring_nevents(void);

#endif /* RING_H */
