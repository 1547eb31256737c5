/* SPDX-License-Identifier: ISC */
/*
 * Write a recording of profile samples whose kernel stacks are as deep
 * as dt(4) records them (DTMAXSTACKDEPTH frames), for the flame graph
 * tests: a recursion of deep_0 .. deep_N under markup-laden symbols and
 * a command name that is not UTF-8, so that escaping is tested too.
 */

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dev/dt/dtvar.h>

#include "rec.h"

#define KBASE	0xffffffff81000000ULL
#define KSTEP	0x100

static unsigned char	 buf[64 * 1024];
static size_t		 len;

static void
sample(uint32_t pbn, const char *comm, int depth, uint64_t ts)
{
	struct dt_evt *ev = (struct dt_evt *)(buf + len);
	__u64 *pc;
	int i;

	memset(ev, 0, sizeof(*ev));
	ev->dtev_pbn = pbn;
	ev->dtev_pid = ev->dtev_tid = 4242;
	ev->dtev_ppid = 1;
	ev->dtev_tsp = ts;
	strncpy(ev->dtev_comm, comm, DTMAXCOMLEN - 1);
	ev->dtev_flags = DTEVT_EXECNAME | DTEVT_KSTACK;
	ev->dtev_nkstack = depth;
	pc = (__u64 *)(ev + 1);
	/* Innermost first: deep_(depth-1) .. deep_0, then the entry. */
	for (i = 0; i < depth; i++)
		pc[i] = KBASE + (uint64_t)(depth - 1 - i) * KSTEP + 0x10 +
		    (uint64_t)i % 3;
	ev->dtev_len = sizeof(*ev) + depth * sizeof(__u64);
	len += ev->dtev_len;
}

int
main(int argc, char *argv[])
{
	struct dtioc_probe_info pi;
	struct dtioc_stat st;
	FILE *fp;
	char *text;
	size_t tlen;
	int i;

	if (argc != 2)
		errx(1, "usage: mkdeep file");
	rec_create(argv[1]);
	memset(&pi, 0, sizeof(pi));
	pi.dtpi_pbn = 3;
	strncpy(pi.dtpi_prov, "profile", DTNAMESIZE - 1);
	strncpy(pi.dtpi_func, "hz", DTNAMESIZE - 1);
	strncpy(pi.dtpi_name, "99", DTNAMESIZE - 1);
	rec_write(REC_PROBE, &pi, sizeof(pi), NULL, 0);

	for (i = 0; i < 30; i++)
		sample(3, "deep", DTMAXSTACKDEPTH, 1000 + i);
	for (i = 0; i < 10; i++)
		sample(3, "deep", 3, 2000 + i);
	for (i = 0; i < 5; i++)
		sample(3, "<a&b>\"'\xff", 2, 3000 + i);
	rec_write(REC_EVENTS, buf, len, NULL, 0);

	if ((fp = open_memstream(&text, &tlen)) == NULL)
		err(1, NULL);
	for (i = 0; i < DTMAXSTACKDEPTH; i++) {
		if (i == 1)
			fprintf(fp, "%016llx t tpl<int&>::run\n",
			    (unsigned long long)(KBASE + KSTEP));
		else
			fprintf(fp, "%016llx t deep_%d\n",
			    (unsigned long long)(KBASE + i * KSTEP), i);
	}
	fclose(fp);
	rec_write(REC_KSYMS, text, tlen, NULL, 0);
	free(text);

	memset(&st, 0, sizeof(st));
	st.dtst_readevt = 45;
	rec_write(REC_STATS, &st, sizeof(st), NULL, 0);
	rec_close();
	return 0;
}
