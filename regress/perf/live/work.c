/* SPDX-License-Identifier: ISC */
/*
 * The traced workload: N system calls, getppid() or with -r read() of
 * 1 to 512 bytes from /dev/zero, printing the mean cost of one in ns on
 * stdout, or into FILE when given (the tracer's output may be on stdout
 * too).
 *
 * usage: work [-r] N [FILE]
 */

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
	static char buf[512];
	struct timespec t0, t1;
	long i, n;
	double ns;
	int fd = -1;

	if (argc > 1 && strcmp(argv[1], "-r") == 0) {
		if ((fd = open("/dev/zero", O_RDONLY)) == -1) {
			perror("/dev/zero");
			return 1;
		}
		argc--;
		argv++;
	}
	n = argc > 1 ? atol(argv[1]) : 100000;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++) {
		if (fd == -1)
			getppid();
		else if (read(fd, buf, 1 + i % sizeof(buf)) == -1) {
			perror("read");
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ns = (t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec);
	if (argc > 2 && freopen(argv[2], "w", stdout) == NULL)
		return 1;
	printf("%.1f\n", n > 0 ? ns / n : 0);
	return 0;
}
