/*
 * kprobe: attach and detach in a loop, with another process calling the
 * probed functions as fast as it can while they are attached.  Every
 * round must see events, and afterwards the kernel's list of kprobes
 * must hold none of ours: a probe that nobody enables is detached.
 *
 * The caller is stopped while the kprobes are patched in and out: under
 * qemu's multi-threaded TCG, patching kernel text that another virtual
 * CPU is running crashes the guest, kprobes or not (a plain module that
 * registers kprobes does it too; single-threaded TCG does not).
 */

#define _GNU_SOURCE

#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <signal.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dtt.h"

#define NROUNDS	20
#define KPLIST	"/sys/kernel/debug/kprobes/list"

static const char *const funcs[] = { "__x64_sys_getppid", "do_sys_openat2" };

/* A kprobe; -1 with errno set if the kernel refuses it. */
static int
create(int fd, const char *func, const char *name, uint32_t *id)
{
	*id = dtt_create(fd, "kprobe", func, name);
	return *id == 0 ? -1 : 0;
}

/* The text of each of funcs[]: [start, end), found once. */
static unsigned long long start[2], end[2];

/*
 * Each function's range of addresses: from its address in /proc/kallsyms
 * up to the next higher symbol address.  0 if one is not there.  Reading
 * kallsyms is slow in an emulated guest: twice in all, not per round.
 */
static int
ranges(void)
{
	char line[512], name[256], type;
	unsigned long long addr;
	FILE *f;
	size_t i;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		if ((f = fopen("/proc/kallsyms", "r")) == NULL)
			return 0;
		while (fgets(line, sizeof(line), f) != NULL) {
			if (sscanf(line, "%llx %c %255s", &addr, &type,
			    name) != 3)
				continue;
			for (i = 0; i < 2; i++) {
				if (pass == 0 && start[i] == 0 &&
				    strcmp(name, funcs[i]) == 0)
					start[i] = addr;
				if (pass == 1 && addr > start[i] &&
				    addr < end[i])
					end[i] = addr;
			}
		}
		fclose(f);
		for (i = 0; pass == 0 && i < 2; i++) {
			if (start[i] == 0)
				return 0;
			end[i] = ~0ULL;
		}
	}
	return 1;
}

/*
 * How many kprobes of the kernel's list sit in funcs[i], or -1.  The
 * list names a probe by the first symbol at its address, which may be an
 * alias (__do_sys_getppid for __x64_sys_getppid), and a probe on a
 * function's entry need not sit at its first byte: with indirect branch
 * tracking (IBT, Linux 6.12) it is after the ENDBR instruction, at +4.
 * So compare with the function's range of addresses.
 */
static int
attached(size_t i)
{
	char line[512];
	unsigned long long at;
	FILE *f;
	int n = 0;

	if ((f = fopen(KPLIST, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "%llx", &at) == 1 && at >= start[i] &&
		    at < end[i])
			n++;
	fclose(f);
	return n;
}

static void
pause_hammer(pid_t pid, int stop)
{
	int st;

	if (stop) {
		CHECK_OK(kill(pid, SIGSTOP));
		CHECK(waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st),
		    "the hammer did not stop");
	} else {
		CHECK_OK(kill(pid, SIGCONT));
	}
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
	REQUIRE(ranges(), "%s or %s not in /proc/kallsyms", funcs[0],
	    funcs[1]);

	hammer = dtt_hammer();
	for (round = 0; round < NROUNDS; round++) {
		pause_hammer(hammer, 1);
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
				CHECK(attached(i) == 2, "%s: %d kprobes "
				    "attached while enabled, want 2", funcs[i],
				    attached(i));
		CHECK_OK(dtt_record(fd, 1));
		pause_hammer(hammer, 0);
		dtt_sleep(20);
		pause_hammer(hammer, 1);
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
			n = attached(i);
			CHECK(n == 0, "round %d: %s: %d kprobes still attached",
			    round, funcs[i], n);
		}
		pause_hammer(hammer, 0);
	}
	dtt_reap(hammer);
	/* Under TCG a 20 ms window may miss a probe now and then. */
	CHECK(empty <= NROUNDS / 2, "%d of %d probe windows saw no event",
	    empty, 4 * NROUNDS);
	return dtt_done();
}
