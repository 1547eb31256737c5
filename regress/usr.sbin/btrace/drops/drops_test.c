/* SPDX-License-Identifier: ISC */
/*
 * Unit test of usr.sbin/btrace/drops.c, the reports of lost events,
 * against a fake dt(4): ioctl() is defined here, and every call of it
 * is a moment at which the fake kernel has dropped more events (on two
 * CPUs, of two probes), as a busy kernel would between two calls.  A
 * report whose total and its split by CPU and by probe came from
 * different calls would not add up.  Built with the sanitizers and leak
 * detection: the reports' buffers must be freed at exit.
 */

#include <sys/ioctl.h>

#include <err.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btrace.h"
#include "desc.h"
#include "drops.h"

/* What drops.c takes from the rest of btrace. */
static const int	 dtfd = 3;	/* the device, for drops.c's calls */
static struct dtprobe	*fakeprobes;	/* the probe table */
static size_t		 nfakeprobes;
int			 json;
uint64_t		 eval_filtered;

struct dtprobe *
probe_get(uint32_t pbn)
{
	if (pbn >= nfakeprobes || fakeprobes[pbn].kp.kp_id == 0)
		return NULL;
	return &fakeprobes[pbn];
}

void
json_str(FILE *fp, const char *s)
{
	fprintf(fp, "\"%s\"", s);
}

/*
 * The fake kernel: two CPUs, probes 1 and 2 enabled, probe 2 known to
 * the kernel by id 40, which btrace's table does not hold.
 */
#define NCPU	2
static uint64_t	cpudrop[NCPU], cpurecur[NCPU], probedrop[3];
static unsigned	ncalls;

static void
time_passes(void)
{
	/* Not the same each time, as a real load is not. */
	ncalls++;
	cpudrop[0] += 3 * ncalls;
	probedrop[1] += 3 * ncalls;
	cpudrop[1] += 2 * ncalls;
	probedrop[2] += 2 * ncalls;
	cpurecur[1] += ncalls;
	probedrop[2] += ncalls;	/* recursion counts for its probe too */
}

int
ioctl(int fd, unsigned long req, ...)
{
	struct dtioc_stat *st;
	struct dtioc_drops *dd;
	struct dtioc_cpustat *cs;
	struct dtioc_probestat *ps;
	va_list ap;
	void *arg;
	int i;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (fd != dtfd) {
		errno = EBADF;
		return -1;
	}
	time_passes();
	switch (req) {
	case DTIOCGSTATS:
		st = arg;
		memset(st, 0, sizeof(*st));
		for (i = 0; i < NCPU; i++) {
			st->dtst_dropevt += cpudrop[i];
			st->dtst_recurevt += cpurecur[i];
		}
		st->dtst_readevt = 1000;
		return 0;
	case DTIOCGDROPS:
		dd = arg;
		if (dd->dtdp_ncpu < NCPU || dd->dtdp_nprobe < 2) {
			dd->dtdp_ncpu = NCPU;
			dd->dtdp_nprobe = 2;
			if (dd->dtdp_cpus == 0 && dd->dtdp_probes == 0)
				return 0;
			errno = ENOSPC;
			return -1;
		}
		cs = (struct dtioc_cpustat *)(uintptr_t)dd->dtdp_cpus;
		ps = (struct dtioc_probestat *)(uintptr_t)dd->dtdp_probes;
		for (i = 0; i < NCPU; i++) {
			memset(&cs[i], 0, sizeof(cs[i]));
			cs[i].dtcs_dropevt = cpudrop[i];
			cs[i].dtcs_recurevt = cpurecur[i];
			cs[i].dtcs_size = 65536;
		}
		for (i = 0; i < 2; i++) {
			memset(&ps[i], 0, sizeof(ps[i]));
			/* The second is a probe btrace does not know. */
			ps[i].dtps_pbn = i == 0 ? 1 : 40;
			ps[i].dtps_dropevt = probedrop[i + 1];
		}
		dd->dtdp_ncpu = NCPU;
		dd->dtdp_nprobe = 2;
		return 0;
	}
	errno = ENOTTY;
	return -1;
}

static int nfail;

static void
result(int ok, const char *name, const char *text)
{
	printf("%s drops.%s\n", ok ? "PASS" : "FAIL", name);
	if (!ok)
		printf("    %s", text);
	nfail += !ok;
	fflush(stdout);
}

/* The sum of the last numbers of the items of "...: a N, b N, ...". */
static unsigned long long
sum_split(const char *line)
{
	unsigned long long s = 0;
	const char *p = strchr(line, ':') + 1, *comma, *num;
	char item[256];
	size_t n;

	for (; *p != '\0'; p = *comma == ',' ? comma + 1 : comma) {
		comma = p + strcspn(p, ",");
		n = comma - p < (long)sizeof(item) - 1 ? (size_t)(comma - p) :
		    sizeof(item) - 1;
		memcpy(item, p, n);
		item[n] = '\0';
		if ((num = strrchr(item, ' ')) != NULL)
			s += strtoull(num + 1, NULL, 10);
	}
	return s;
}

/*
 * The text reports in `text': each headline's total must be the sums
 * of the lines "by CPU" and "by probe" after it.  Returns the number
 * of reports, -1 if one does not add up.
 */
static int
check_text(char *text)
{
	unsigned long long d, r, cpus, prbs;
	char *line, *l2, *l3;
	int n = 0;

	for (line = strtok(text, "\n"); line != NULL;
	    line = strtok(NULL, "\n")) {
		if (sscanf(line, "btrace: %llu events dropped, %llu lost", &d,
		    &r) != 2)
			continue;
		if ((l2 = strtok(NULL, "\n")) == NULL ||
		    (l3 = strtok(NULL, "\n")) == NULL ||
		    strncmp(l2, "btrace:   by CPU:", 17) != 0 ||
		    strncmp(l3, "btrace:   by probe:", 19) != 0)
			return -1;
		cpus = sum_split(l2 + 10);
		prbs = sum_split(l3 + 10);
		if (cpus != d + r || prbs != d + r) {
			printf("    %llu + %llu dropped, by CPU %llu, by probe "
			    "%llu\n", d, r, cpus, prbs);
			return -1;
		}
		n++;
	}
	return n;
}

/*
 * Run fn with what it writes to stderr in a buffer.  The stream is
 * swapped, not file descriptor 2, where sanitizer reports still go.
 */
static char *
capture(void (*fn)(void))
{
	static char buf[65536];
	FILE *tmp, *saved = stderr;
	size_t n;

	if ((tmp = tmpfile()) == NULL)
		err(1, "tmpfile");
	stderr = tmp;
	fn();
	stderr = saved;
	rewind(tmp);
	n = fread(buf, 1, sizeof(buf) - 1, tmp);
	buf[n] = '\0';
	fclose(tmp);
	return buf;
}

static void
reports(void)
{
	drops_report(dtfd);
	drops_report(dtfd);
	drops_report(dtfd);
}

static void
stats(void)
{
	stats_report(dtfd, NULL, 1, 1.0);
}

/* The sum of the values of a JSON object of numbers: {"K": N, ...}. */
static unsigned long long
json_sum(const char *p)
{
	unsigned long long s = 0;

	for (p++; *p != '}' && *p != '\0'; p++)
		if (p[0] == ':' && p[1] == ' ')
			s += strtoull(p + 2, NULL, 10);
	return s;
}

/* The JSON reports: "dropped" and "recursion" against "cpus" and "probes". */
static int
check_json(const char *text)
{
	unsigned long long d, r;
	const char *p = text, *c, *pr;
	int n = 0;

	while ((p = strstr(p, "\"dropped\": ")) != NULL) {
		if (sscanf(p, "\"dropped\": %llu, \"recursion\": %llu", &d,
		    &r) != 2 || (c = strstr(p, "\"cpus\": {")) == NULL ||
		    (pr = strstr(p, "\"probes\": {")) == NULL)
			return -1;
		if (json_sum(c + 8) != d + r || json_sum(pr + 10) != d + r) {
			printf("    %llu + %llu dropped, by CPU %llu, by probe "
			    "%llu\n", d, r, json_sum(c + 8), json_sum(pr + 10));
			return -1;
		}
		p = pr;
		n++;
	}
	return n;
}

int
main(void)
{
	unsigned long long d = 0, r = 0, v = 0, x;
	char *text, *line, *end;
	int i, n;

	nfakeprobes = 3;
	if ((fakeprobes = calloc(nfakeprobes, sizeof(*fakeprobes))) == NULL)
		err(1, NULL);
	for (i = 1; i < 3; i++) {
		fakeprobes[i].kp.kp_id = i;
		snprintf(fakeprobes[i].fullname,
		    sizeof(fakeprobes[i].fullname), "fake:probe:p%d", i);
	}

	text = capture(reports);
	result(strstr(text, " probe 40 ") != NULL, "unknown_probe",
	    "a probe btrace does not know is not named by its id\n");
	result(check_text(text) == 3, "each_second",
	    "not three reports whose totals are their splits\n");

	json = 1;
	text = capture(reports);
	result(check_json(text) == 3, "json",
	    "not three JSON reports whose totals are their splits\n");
	json = 0;

	/* Last: stats_report() frees what the reports keep. */
	text = capture(stats);
	for (line = text; line != NULL && *line != '\0';
	    line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		if (sscanf(line, "btrace: %llu events dropped, %llu", &x,
		    &r) == 2)
			d = x;
		else if ((x = strtoull(line, &end, 10)) != 0 &&
		    strncmp(end, " events dropped\n", 16) == 0)
			v = x;
	}
	n = check_text(text);
	result(n == 1 && d != 0 && v == d, "at_exit", "the closing report, "
	    "its split and -v's count do not say one total\n");
	free(fakeprobes);
	return nfail != 0;
}
