/* SPDX-License-Identifier: ISC */
/*
 * Reports of lost events and the statistics of a run (drops.c).
 */

#ifndef DROPS_H
#define DROPS_H

#include <dev/dt/dtvar.h>

void	 drops_report(int);
void	 stats_report(int, const struct dtioc_stat *, int, double);

#endif /* DROPS_H */
