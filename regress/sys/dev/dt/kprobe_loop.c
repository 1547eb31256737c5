/*
 * kprobe: attach and detach in a loop while another process calls the
 * probed functions as fast as it can.  Every round must see events, and
 * afterwards the kernel's list of kprobes must hold none of ours: a
 * probe that nobody enables is detached.
 */

#define _GNU_SOURCE

#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dtt.h"

#define NROUNDS	30
#define KPLIST	"/sys/kernel/debug/kprobes/list"

static const char *const funcs[] = { "__x64_sys_getppid", "do_sys_openat2" };

static int
create(int fd, const char *func, const char *name, uint32_t *id)
{
	struct dtioc_create cr;

	memset(&cr, 0, sizeof(cr));
	strncpy(cr.dtcr_prov, "kprobe", sizeof(cr.dtcr_prov) - 1);
	strncpy(cr.dtcr_func, func, sizeof(cr.dtcr_func) - 1);
	strncpy(cr.dtcr_name, name, sizeof(cr.dtcr_name) - 1);
	if (ioctl(fd, DTIOCPRBCREATE, &cr) == -1)
		return -1;
	*id = cr.dtcr_pbn;
	return 0;
}

/* How many lines of the kernel's kprobe list name func, or -1. */
static int
attached(const char *func)
{
	char line[512], pat[128];
	FILE *f;
	int n = 0;

	if ((f = fopen(KPLIST, "r")) == NULL)
		return -1;
	snprintf(pat, sizeof(pat), " %s+", func);
	while (fgets(line, sizeof(line), f) != NULL)
		if (strstr(line, pat) != NULL)
			n++;
	fclose(f);
	return n;
}

int
main(void)
{
	struct dtt_evbuf eb;
	uint32_t ids[4];
	size_t i;
	int fd, round, n, empty = 0;
	pid_t hammer;

	if (access(KPLIST, R_OK) == -1)
		(void)mount("debugfs", "/sys/kernel/debug", "debugfs", 0,
		    NULL);
	REQUIRE(access(KPLIST, R_OK) == 0, "%s: %s", KPLIST,
	    dtt_errname(errno));

	hammer = dtt_hammer();
	for (round = 0; round < NROUNDS; round++) {
		fd = dtt_open();
		for (i = 0; i < 2; i++) {
			REQUIRE(create(fd, funcs[i], "entry", &ids[2 * i]) ==
			    0, "create kprobe:%s:entry: %s", funcs[i],
			    dtt_errname(errno));
			REQUIRE(create(fd, funcs[i], "return",
			    &ids[2 * i + 1]) == 0, "create kprobe:%s:return: "
			    "%s", funcs[i], dtt_errname(errno));
		}
		for (i = 0; i < 4; i++)
			CHECK_OK(dtt_enable(fd, ids[i], DTEVT_FUNCARGS));
		if (round == 0)
			for (i = 0; i < 2; i++)
				CHECK(attached(funcs[i]) == 2, "%s: %d kprobes "
				    "attached while enabled, want 2", funcs[i],
				    attached(funcs[i]));
		CHECK_OK(dtt_record(fd, 1));
		dtt_sleep(20);
		CHECK_OK(dtt_record(fd, 0));
		dtt_drain(fd, &eb);
		for (i = 0; i < 4; i++)
			if (dtt_count(&eb, ids[i], hammer) == 0)
				empty++;
		dtt_evfree(&eb);
		/* Half the rounds disable first, half just close. */
		if (round % 2 == 0)
			for (i = 0; i < 4; i++)
				CHECK_OK(dtt_disable(fd, ids[i]));
		close(fd);
		for (i = 0; i < 2; i++) {
			n = attached(funcs[i]);
			CHECK(n == 0, "round %d: %s: %d kprobes still attached",
			    round, funcs[i], n);
		}
	}
	dtt_reap(hammer);
	/* Under TCG a 20 ms window may miss a probe now and then. */
	CHECK(empty <= NROUNDS, "%d of %d probe windows saw no event", empty,
	    4 * NROUNDS);
	return dtt_done();
}
