/*
 * lockdown_allowdt: once the kernel is locked down for confidentiality
 * (the level that also stops kprobes, perf and BPF from reading kernel
 * memory), kern.allowdt can be lowered but not raised (EPERM), and
 * /dev/dt refuses opens.  A descriptor opened before the lockdown can no
 * longer create or enable probes, give fetches (DTIOCPRBFETCH, kernel
 * or user memory) or start recording (EPERM), so that it cannot read
 * kernel memory or stacks afterwards; it can still stop.
 * Lockdown cannot be lifted, so the runner runs this test last.
 */

#define _GNU_SOURCE

#include <sys/ioctl.h>
#include <sys/mount.h>

#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "dtt.h"

#define LOCKDOWN	"/sys/kernel/security/lockdown"

int
main(void)
{
	struct dtioc_create cr;
	struct dtioc_fetch f;
	char buf[128];
	ssize_t r;
	uint32_t getppid_id, read_id;
	int fd, early, exe;

	if (access(LOCKDOWN, F_OK) != 0)
		mount("securityfs", "/sys/kernel/security", "securityfs", 0,
		    NULL);
	fd = open(LOCKDOWN, O_RDWR);
	REQUIRE(fd != -1, "%s: %s (kernel without the lockdown LSM?)",
	    LOCKDOWN, dtt_errname(errno));
	r = read(fd, buf, sizeof(buf) - 1);
	buf[r > 0 ? r : 0] = '\0';
	printf("lockdown before: %s", buf);
	REQUIRE(strstr(buf, "[none]") != NULL, "kernel already locked down");
	REQUIRE(dtt_get_allowdt() == 1, "allowdt is %d, want 1",
	    dtt_get_allowdt());

	/* Opened and set up before the lockdown. */
	early = dtt_open();
	getppid_id = dtt_probe(early, "syscall", "getppid", "entry");
	read_id = dtt_probe(early, "syscall", "read", "entry");
	CHECK_OK(dtt_enable(early, getppid_id, DTEVT_KSTACK));

	CHECK(write(fd, "confidentiality", 15) == 15, "cannot lock down: %s",
	    dtt_errname(errno));
	close(fd);

	memset(&cr, 0, sizeof(cr));
	strcpy(cr.dtcr_prov, "kprobe");
	strcpy(cr.dtcr_func, "vfs_read");
	strcpy(cr.dtcr_name, "entry");
	CHECK_ERRNO(ioctl(early, DTIOCPRBCREATE, &cr), EPERM);
	exe = open("/proc/self/exe", O_RDONLY);
	CHECK(exe != -1, "open /proc/self/exe: %s", dtt_errname(errno));
	CHECK_ERRNO(dtt_ucreate(early, "uprobe", exe, 0, 0) ? 0 : -1, EPERM);
	close(exe);
	CHECK_ERRNO(dtt_enable(early, read_id, DTEVT_KSTACK), EPERM);
	memset(&f, 0, sizeof(f));
	f.dtfe_src = DTFS_TASK;
	f.dtfe_kind = DTFK_BYTES;
	f.dtfe_len = 8;
	CHECK_ERRNO(dtt_fetch(early, getppid_id, &f, 1), EPERM);
	f.dtfe_flags = DTFE_USER;
	CHECK_ERRNO(dtt_fetch(early, getppid_id, &f, 1), EPERM);
	CHECK_ERRNO(dtt_record(early, 1), EPERM);
	CHECK_OK(dtt_record(early, 0));
	CHECK_OK(dtt_disable(early, getppid_id));
	close(early);

	CHECK_OK(dtt_set_allowdt(0));
	CHECK(dtt_get_allowdt() == 0, "allowdt %d after lowering under "
	    "lockdown", dtt_get_allowdt());
	CHECK_ERRNO(dtt_set_allowdt(1), EPERM);
	CHECK(dtt_get_allowdt() == 0, "allowdt %d after a refused raise",
	    dtt_get_allowdt());
	CHECK_ERRNO(fd = open(DTT_DEV, O_RDWR), EPERM);
	if (fd != -1)
		close(fd);
	CHECK_OK(dtt_set_allowdt(0));
	return dtt_done();
}
