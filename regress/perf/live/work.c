/*
 * The traced workload: N getppid() calls, printing the mean cost of one
 * in ns on stdout, or into FILE when given (the tracer's output may be
 * on stdout too).
 */

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
	struct timespec t0, t1;
	long i, n = argc > 1 ? atol(argv[1]) : 100000;
	double ns;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++)
		getppid();
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ns = (t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec);
	if (argc > 2 && freopen(argv[2], "w", stdout) == NULL)
		return 1;
	printf("%.1f\n", n > 0 ? ns / n : 0);
	return 0;
}
