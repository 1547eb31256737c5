/* SPDX-License-Identifier: ISC */
/*
 * The traced workload of regress/perf/probes: N getppid() calls, printing
 * the mean cost of one in ns into FILE (the tracer may own stdout); with
 * a third argument "u", each through calls_ufunc(), for user probes.
 */

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/* Not inlined, cloned or folded: uprobe:calls:calls_ufunc sits here. */
__attribute__((noipa)) void
calls_ufunc(void)
{
	getppid();
}

int
main(int argc, char *argv[])
{
	struct timespec t0, t1;
	long i, n;
	double ns;
	FILE *fp;

	if (argc != 3 && (argc != 4 || argv[3][0] != 'u')) {
		fprintf(stderr, "usage: calls N file [u]\n");
		return 2;
	}
	n = atol(argv[1]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (argc == 4) {
		for (i = 0; i < n; i++)
			calls_ufunc();
	} else {
		for (i = 0; i < n; i++)
			getppid();
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ns = (t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec);
	if ((fp = fopen(argv[2], "w")) == NULL)
		return 1;
	fprintf(fp, "%.1f\n", n > 0 ? ns / n : 0);
	return fclose(fp) != 0;
}
