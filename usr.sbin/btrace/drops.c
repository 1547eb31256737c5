/* SPDX-License-Identifier: ISC */
/*
 * Reports of lost events: every second while the live device drops
 * events, and the totals and statistics at exit, of the device or of
 * the recording they were kept in.
 */

#include <sys/ioctl.h>

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btrace.h"
#include "desc.h"
#include "drops.h"
#include "dt.h"

/*
 * Where events were lost: per CPU and per probe, from DTIOCGDROPS.  The
 * counts are told as the difference with the previous report, so that
 * each report says what was lost since the one before.
 */
struct drops {
	struct dtioc_cpustat	*cpus;
	struct dtioc_probestat	*probes;
	uint32_t		 ncpu;
	uint32_t		 nprobe;
};

static struct drops	lastdrops;

static void
drops_free(struct drops *dr)
{
	free(dr->cpus);
	free(dr->probes);
	memset(dr, 0, sizeof(*dr));
}

/* One snapshot of the kernel's counters; -1 and nothing held if none. */
static int
drops_get(int fd, struct drops *dr)
{
	struct dtioc_drops dd;

	memset(dr, 0, sizeof(*dr));
	for (;;) {
		memset(&dd, 0, sizeof(dd));
		if (ioctl(fd, DTIOCGDROPS, &dd) == -1)
			goto fail;
		dr->cpus = reallocarray(dr->cpus, dd.dtdp_ncpu + 1,
		    sizeof(*dr->cpus));
		dr->probes = reallocarray(dr->probes, dd.dtdp_nprobe + 1,
		    sizeof(*dr->probes));
		if (dr->cpus == NULL || dr->probes == NULL)
			err(1, NULL);
		dd.dtdp_cpus = (uintptr_t)dr->cpus;
		dd.dtdp_probes = (uintptr_t)dr->probes;
		if (ioctl(fd, DTIOCGDROPS, &dd) == 0)
			break;
		if (errno != ENOSPC)
			goto fail;
	}
	dr->ncpu = dd.dtdp_ncpu;
	dr->nprobe = dd.dtdp_nprobe;
	return 0;
fail:
	drops_free(dr);
	return -1;
}

/* The events the CPUs of a snapshot lost: ring full, and recursion. */
static void
drops_sum(const struct drops *dr, uint64_t *drops, uint64_t *recur)
{
	uint32_t i;

	*drops = *recur = 0;
	for (i = 0; i < dr->ncpu; i++) {
		*drops += dr->cpus[i].dtcs_dropevt;
		*recur += dr->cpus[i].dtcs_recurevt;
	}
}

static uint64_t
probe_drops(const struct drops *dr, uint32_t pbn)
{
	uint32_t i;

	for (i = 0; i < dr->nprobe; i++)
		if (dr->probes[i].dtps_pbn == pbn)
			return dr->probes[i].dtps_dropevt;
	return 0;
}

/* A probe the kernel names by id: one of ours, or its id. */
static const char *
probe_name(uint32_t pbn)
{
	static char name[32];
	const struct dtprobe *p;

	if ((p = probe_get(pbn)) != NULL)
		return p->fullname;
	snprintf(name, sizeof(name), "probe %u", pbn);
	return name;
}

static void
drops_tell(const struct drops *now, const struct drops *before)
{
	const char *sep = "";
	uint64_t n;
	uint32_t i;

	fputs(json ? ", \"cpus\": {" : "btrace:   by CPU:", stderr);
	for (i = 0; i < now->ncpu; i++) {
		n = now->cpus[i].dtcs_dropevt + now->cpus[i].dtcs_recurevt;
		if (i < before->ncpu)
			n -= before->cpus[i].dtcs_dropevt +
			    before->cpus[i].dtcs_recurevt;
		if (n == 0)
			continue;
		fprintf(stderr, json ? "%s\"%u\": %llu" : "%s cpu%u %llu",
		    sep, i, (unsigned long long)n);
		sep = json ? ", " : ",";
	}
	sep = "";
	fputs(json ? "}, \"probes\": {" : "\nbtrace:   by probe:", stderr);
	for (i = 0; i < now->nprobe; i++) {
		n = now->probes[i].dtps_dropevt -
		    probe_drops(before, now->probes[i].dtps_pbn);
		if (n == 0)
			continue;
		if (json) {
			fputs(sep, stderr);
			json_str(stderr, probe_name(now->probes[i].dtps_pbn));
			fprintf(stderr, ": %llu", (unsigned long long)n);
		} else
			fprintf(stderr, "%s %s %llu", sep,
			    probe_name(now->probes[i].dtps_pbn),
			    (unsigned long long)n);
		sep = json ? ", " : ",";
	}
	fputs(json ? "}" : "\n", stderr);
}

/*
 * Every second: what was lost since the last report, if anything.  The
 * total and its split by CPU and by probe come from one snapshot, so
 * the total is the sum by CPU; the sum by probe may differ from it by
 * the drops under way on other CPUs at that instant (each counted by its
 * CPU, then by its probe), which the next report includes.
 */
void
drops_report(int fd)
{
	struct drops now;
	uint64_t d0, r0, d1, r1;

	if (drops_get(fd, &now) == -1)
		return;
	drops_sum(&lastdrops, &d0, &r0);
	drops_sum(&now, &d1, &r1);
	if (d1 == d0 && r1 == r0) {
		drops_free(&now);
		return;
	}
	fprintf(stderr, json ? "{\"type\": \"drops\", \"data\": "
	    "{\"dropped\": %llu, \"recursion\": %llu" :
	    "btrace: %llu events dropped, %llu lost to recursion\n",
	    (unsigned long long)(d1 - d0), (unsigned long long)(r1 - r0));
	drops_tell(&now, &lastdrops);
	drops_free(&lastdrops);
	lastdrops = now;
	if (json)
		fputs("}}\n", stderr);
}

/*
 * At the end: the counters given (a recording's, or the live source's),
 * else those of the device open on fd (none with fd -1).  The rate of events is told for
 * a run of secs seconds, if more than 0.
 */
void
stats_report(int fd, const struct dtioc_stat *given, int verbose,
    double secs)
{
	static const struct drops none;
	struct drops dr = { NULL, NULL, 0, 0 };
	struct dtioc_stat st;
	uint64_t d, r;
	uint32_t i;
	int havedrops = 0;

	memset(&st, 0, sizeof(st));
	if (given != NULL)
		st = *given;
	else if (fd != -1 && ioctl(fd, DTIOCGSTATS, &st) == -1)
		err(1, "%s: DTIOCGSTATS", PATH_DEVDT);
	if (fd != -1 && drops_get(fd, &dr) == 0) {
		/* The totals from the snapshot that splits them. */
		havedrops = 1;
		drops_sum(&dr, &d, &r);
		st.dtst_dropevt = d;
		st.dtst_recurevt = r;
	}
	if (json && (verbose || st.dtst_dropevt || st.dtst_recurevt)) {
		fprintf(stderr, "{\"type\": \"stats\", \"data\": {\"read\": "
		    "%llu, \"dropped\": %llu, \"skipped_ticks\": %llu, "
		    "\"recursion\": %llu, \"pid_overflow\": %llu, "
		    "\"filtered\": %llu",
		    (unsigned long long)st.dtst_readevt,
		    (unsigned long long)st.dtst_dropevt,
		    (unsigned long long)st.dtst_skiptick,
		    (unsigned long long)st.dtst_recurevt,
		    (unsigned long long)st.dtst_pidovf,
		    (unsigned long long)eval_filtered);
		if (havedrops)
			drops_tell(&dr, &none);
		fputs("}}\n", stderr);
		goto done;
	}
	if (st.dtst_dropevt || st.dtst_recurevt) {
		fprintf(stderr, "btrace: %llu events dropped, %llu lost to "
		    "recursion: the reader fell behind\n",
		    (unsigned long long)st.dtst_dropevt,
		    (unsigned long long)st.dtst_recurevt);
		if (havedrops)
			drops_tell(&dr, &none);
	}
	if (!verbose)
		goto done;
	fprintf(stderr, "%llu events read\n",
	    (unsigned long long)st.dtst_readevt);
	fprintf(stderr, "%llu events dropped\n",
	    (unsigned long long)st.dtst_dropevt);
	fprintf(stderr, "%llu events filtered\n",
	    (unsigned long long)eval_filtered);
	fprintf(stderr, "%llu ticks skipped\n",
	    (unsigned long long)st.dtst_skiptick);
	fprintf(stderr, "%llu events lost to recursion\n",
	    (unsigned long long)st.dtst_recurevt);
	if (st.dtst_pidovf)
		fprintf(stderr, "%llu children not followed: pid set full\n",
		    (unsigned long long)st.dtst_pidovf);
	if (secs > 0)
		fprintf(stderr, "%.0f events/s\n", st.dtst_readevt / secs);
	for (i = 0; havedrops && i < dr.ncpu; i++)
		if (dr.cpus[i].dtcs_size > 0)
			fprintf(stderr, "cpu%u ring high-water mark: %u of %u "
			    "bytes\n", i, dr.cpus[i].dtcs_hiwat,
			    dr.cpus[i].dtcs_size);
done:
	drops_free(&dr);
	drops_free(&lastdrops);
}
