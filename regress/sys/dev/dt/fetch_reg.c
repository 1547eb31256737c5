/*
 * DTFS_REG: a fetch starts from a register of the probed context, a
 * word of struct pt_regs.  At a system call's entry orig_ax is the
 * call's number; at a uprobe on a function of this program di is its
 * first argument, and sp points at the return address in the
 * process's memory (read there with DTFE_USER).  Providers without
 * DTPV_REGS, words beyond struct pt_regs and a missing register are
 * refused with EINVAL (provider_desc checks who has the flag).
 */

#define _GNU_SOURCE

#include <sys/syscall.h>
#include <sys/user.h>

#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dtt.h"

#define NCALLS	5
#define REGWORD(r) \
	((uint8_t)(offsetof(struct user_regs_struct, r) / sizeof(__u64)))
/* struct pt_regs ends at ss, the user_regs_struct word after it. */
#define NREGWORDS	(REGWORD(ss) + 1)

__attribute__((noipa)) long
dtt_regtarget(long a)
{
	return a + 1;
}

static void
calls(void *arg)
{
	long i;

	(void)arg;
	for (i = 0; i < NCALLS; i++) {
		if (getppid() == -1)
			_exit(2);
		if (dtt_regtarget(1000 + i) != 1001 + i)
			_exit(3);
	}
}

int
main(void)
{
	struct dtioc_fetch f[2];
	const struct dt_evt_fetch *ef;
	struct dtt_child c;
	struct dtt_evbuf eb;
	const struct dt_evt *ev;
	char file[PATH_MAX];
	uint32_t sys, up, tick;
	uint64_t off, v;
	int fd, exe, nsys = 0, nup = 0;

	fd = dtt_open();
	sys = dtt_probe(fd, "syscall", "getppid", "entry");
	tick = dtt_probe_create(fd, "interval", "hz", "5");
	REQUIRE(dtt_fileoff((const void *)dtt_regtarget, &off, file,
	    sizeof(file)) == 0, "dtt_regtarget not in a file mapping");
	REQUIRE((exe = open(file, O_RDONLY)) != -1, "open %s: %s", file,
	    dtt_errname(errno));
	up = dtt_ucreate(fd, "uprobe", exe, off, 0);
	REQUIRE(sys != 0 && tick != 0 && up != 0, "probes: %u %u %u", sys,
	    tick, up);
	CHECK_OK(dtt_enable(fd, sys, 0));
	CHECK_OK(dtt_enable(fd, up, 0));
	CHECK_OK(dtt_enable(fd, tick, 0));

	f[0] = dtt_fetchdesc(DTFS_REG, NREGWORDS, DTFK_VALUE, 0, 0);
	CHECK_ERRNO(dtt_fetch(fd, sys, f, 1), EINVAL);
	f[0] = dtt_fetchdesc(DTFS_REG, 255, DTFK_VALUE, 0, 0);
	CHECK_ERRNO(dtt_fetch(fd, sys, f, 1), EINVAL);
	f[0] = dtt_fetchdesc(DTFS_REG, 0, DTFK_VALUE, 0, 0);
	CHECK_ERRNO(dtt_fetch(fd, tick, f, 1), EINVAL);
	f[0].dtfe_addr = 4096;
	CHECK_ERRNO(dtt_fetch(fd, sys, f, 1), EINVAL);
	CHECK_OK(dtt_disable(fd, tick));

	f[0] = dtt_fetchdesc(DTFS_REG, REGWORD(orig_rax), DTFK_VALUE, 0, 0);
	CHECK_OK(dtt_fetch(fd, sys, f, 1));
	f[0] = dtt_fetchdesc(DTFS_REG, REGWORD(rdi), DTFK_VALUE, 0,
	    DTFE_USER);
	f[1] = dtt_fetchdesc(DTFS_REG, REGWORD(rsp), DTFK_BYTES, 8,
	    DTFE_USER);
	CHECK_OK(dtt_fetch(fd, up, f, 2));

	dtt_child(&c, "dtt-fetchreg", calls, NULL);
	dtt_trace(fd, &c, &eb);
	for (ev = dtt_first(&eb); ev != NULL; ev = dtt_next(&eb, ev)) {
		if (ev->dtev_pid != c.c_pid)
			continue;
		if (ev->dtev_pbn == sys) {
			ef = dtt_evfetch(ev, 0);
			REQUIRE(ef != NULL && ef->dtef_len == 8 &&
			    ef->dtef_flags == 0, "syscall: no register");
			memcpy(&v, dt_evt_fetch_data(ef), sizeof(v));
			CHECK(v == SYS_getppid, "orig_ax %llu, want %d",
			    (unsigned long long)v, SYS_getppid);
			nsys++;
		} else if (ev->dtev_pbn == up) {
			ef = dtt_evfetch(ev, 0);
			REQUIRE(ef != NULL && ef->dtef_len == 8 &&
			    ef->dtef_flags == 0, "uprobe: no di");
			memcpy(&v, dt_evt_fetch_data(ef), sizeof(v));
			CHECK(v == (uint64_t)(1000 + nup), "di %llu, want %d",
			    (unsigned long long)v, 1000 + nup);
			ef = dtt_evfetch(ev, 1);
			REQUIRE(ef != NULL && ef->dtef_len == 8 &&
			    ef->dtef_flags == 0, "uprobe: *sp faulted");
			memcpy(&v, dt_evt_fetch_data(ef), sizeof(v));
			/* The return address, in calls(). */
			CHECK(v > (uintptr_t)calls &&
			    v < (uintptr_t)calls + 256, "*sp %#llx, not in "
			    "calls() at %p", (unsigned long long)v,
			    (void *)calls);
			nup++;
		}
	}
	CHECK(nsys == NCALLS, "%d syscall events, want %d", nsys, NCALLS);
	CHECK(nup == NCALLS, "%d uprobe events, want %d", nup, NCALLS);
	dtt_evfree(&eb);
	close(exe);
	close(fd);
	return dtt_done();
}
