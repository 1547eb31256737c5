/*
 * Cost of symbolization, printed for the reader, never asserted.
 *
 * usage: syms_bench kallsyms program
 *
 * Baselines measured in the same run: reading the kallsyms file
 * without parsing it, and printing an address as "0x%lx".
 */

#include <sys/wait.h>

#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "syms.h"

#define NLOAD	5
#define NLOOKUP	1000000

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static uint64_t
read_only(const char *path)
{
	static char buf[1 << 16];
	uint64_t t = now_ns();
	int fd;

	if ((fd = open(path, O_RDONLY)) == -1)
		return 0;
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	close(fd);
	return now_ns() - t;
}

static uint64_t
best(uint64_t a, uint64_t b)
{
	return a == 0 || b < a ? b : a;
}

static struct ksym	first, last;

static int
ends(const struct ksym *s, void *arg)
{
	(void)arg;
	if (first.ks_name == NULL)
		first = *s;
	last = *s;
	return 0;
}

int
main(int argc, char *argv[])
{
	struct ksyms *ks = NULL;
	struct usyms *us;
	char err[512], buf[256];
	uint64_t t, tread = 0, tload = 0, tlook, tbase, span, addr, sink = 0;
	uint64_t tget[2], tcached;
	pid_t pid[2];
	int i, n, p[2], wfd[2];

	if (argc != 3) {
		fprintf(stderr, "usage: syms_bench kallsyms program\n");
		return 2;
	}
	for (i = 0; i < NLOAD; i++) {
		tread = best(tread, read_only(argv[1]));
		t = now_ns();
		ksyms_free(ks);
		if ((ks = ksyms_load(argv[1], err, sizeof(err))) == NULL) {
			printf("bench: %s\n", err);
			break;
		}
		tload = best(tload, now_ns() - t);
	}
	if (ks != NULL) {
		ksyms_foreach(ks, ends, NULL);
		span = last.ks_addr - first.ks_addr + 1;
		printf("bench: %s: %zu text symbols, load %.2f ms, read "
		    "alone %.2f ms (x%.1f)\n", argv[1], ksyms_count(ks),
		    tload / 1e6, tread / 1e6, (double)tload / tread);
		t = now_ns();
		for (i = 0; i < NLOOKUP; i++) {
			addr = first.ks_addr + (uint64_t)i * 2654435761ULL %
			    span;
			sink += ksyms_snprint(ks, buf, sizeof(buf), addr);
		}
		tlook = now_ns() - t;
		t = now_ns();
		for (i = 0; i < NLOOKUP; i++) {
			addr = first.ks_addr + (uint64_t)i * 2654435761ULL %
			    span;
			sink += snprintf(buf, sizeof(buf), "0x%" PRIx64, addr);
		}
		tbase = now_ns() - t;
		printf("bench: kernel lookup+print %.0f ns, \"0x%%lx\" "
		    "alone %.0f ns (x%.1f)\n", (double)tlook / NLOOKUP,
		    (double)tbase / NLOOKUP, (double)tlook / tbase);
		ksyms_free(ks);
	}

	/* Two processes of one program: the second shares the files. */
	for (n = 0; n < 2; n++) {
		if (pipe(p) == -1 || (pid[n] = fork()) == -1)
			return 1;
		if (pid[n] == 0) {
			dup2(p[0], 0);
			close(p[1]);
			if (n == 1)
				close(wfd[0]);
			dup2(open("/dev/null", O_WRONLY), 1);
			execl(argv[2], argv[2], (char *)NULL);
			_exit(127);
		}
		close(p[0]);
		wfd[n] = p[1];
	}
	usleep(200000);		/* let them map their libraries */
	for (n = 0; n < 2; n++) {
		t = now_ns();
		us = usyms_get(pid[n]);
		tget[n] = now_ns() - t;
		if (us == NULL)
			printf("bench: usyms_get(%d) failed\n", (int)pid[n]);
	}
	t = now_ns();
	for (i = 0; i < 1000; i++)
		sink += usyms_get(pid[0]) != NULL;
	tcached = (now_ns() - t) / 1000;
	printf("bench: usyms_get of a new pid %.2f ms, of a second pid of "
	    "the same program %.2f ms, cached %" PRIu64 " ns\n",
	    tget[0] / 1e6, tget[1] / 1e6, tcached);
	for (n = 0; n < 2; n++) {
		close(wfd[n]);
		waitpid(pid[n], NULL, 0);
	}
	usyms_flush();
	return sink == 0;
}
