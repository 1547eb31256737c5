/* SPDX-License-Identifier: ISC */
/*
 * The traced workload of regress/perf/probes: N getppid() calls, printing
 * the mean cost of one in ns into FILE (the tracer may own stdout).
 */

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
	struct timespec t0, t1;
	long i, n;
	double ns;
	FILE *fp;

	if (argc != 3) {
		fprintf(stderr, "usage: calls N file\n");
		return 2;
	}
	n = atol(argv[1]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++)
		getppid();
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ns = (t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec);
	if ((fp = fopen(argv[2], "w")) == NULL)
		return 1;
	fprintf(fp, "%.1f\n", n > 0 ? ns / n : 0);
	return fclose(fp) != 0;
}
