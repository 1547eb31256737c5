/*
 * DTIOCPRBFETCH: fetches follow pointers when the probe fires.  A child
 * named dtt-fetch opens this program's own file (/proc/self/exe) and calls getpgid(0).
 * At kprobe:vfs_open, chains from the arguments and from the current
 * task (offsets from the guest kernel's BTF) must give the file's name
 * (path->dentry->d_name.name), the child's pid, its parent's tgid and
 * its name, and dereferences of 2 and 8 bytes agree.  At
 * kprobe:do_getpgid (argument 0 is 0), user-memory chains read the
 * child's variables, and reads of address 0, of a non-canonical
 * address, of a user address as kernel memory and of a string there
 * record faults at the right step, not zeros; a fetch after them still
 * works.  At the return probe, the return value is the source, and a
 * kernel variable's address from /proc/kallsyms (DTFS_ADDR): the
 * string linux_banner, as /proc/version gives it.
 */

#define _GNU_SOURCE

#include <sys/ioctl.h>

#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "btf.h"
#include "dtt.h"

#define NCALLS	3

static const char *self;
static volatile uint64_t magic = 0x1122334455667788ULL;
static volatile uint64_t *volatile magicp = &magic;

static const struct btf *btf;

/* Offset of member (a.b.c) of type, from the guest's BTF. */
static int64_t
off(const char *type, const char *member)
{
	struct btf_member m;
	uint32_t id;
	int64_t total = 0;
	char buf[128], *p, *dot;

	id = btf_lookup(btf, type);
	REQUIRE(id != 0, "BTF: no %s", type);
	snprintf(buf, sizeof(buf), "%s", member);
	for (p = buf; p != NULL; p = dot) {
		dot = strchr(p, '.');
		if (dot != NULL)
			*dot++ = '\0';
		REQUIRE(btf_member(btf, id, p, &m) == 0, "BTF: no %s in %s",
		    p, type);
		total += m.byte_offset;
		id = btf_resolve(btf, m.type);
	}
	return total;
}

static void
add(struct dtioc_fetch *f, int64_t o)
{
	f->dtfe_steps[f->dtfe_nsteps].dtst_op = DTFO_ADD;
	f->dtfe_steps[f->dtfe_nsteps++].dtst_off = o;
}

static void
deref(struct dtioc_fetch *f, uint8_t size)
{
	f->dtfe_steps[f->dtfe_nsteps].dtst_op = DTFO_DEREF;
	f->dtfe_steps[f->dtfe_nsteps++].dtst_size = size;
}

static void
calls(void *arg)
{
	int fd, i;

	(void)arg;
	for (i = 0; i < NCALLS; i++) {
		if ((fd = open(self, O_RDONLY)) == -1)
			_exit(2);
		close(fd);
		if (getpgid(0) == -1)
			_exit(3);
	}
}

/* The fetch idx of ev: present, with these flags and length. */
static const unsigned char *
result(const struct dt_evt *ev, unsigned int idx, unsigned int flags,
    unsigned int step, unsigned int len, const char *what)
{
	const struct dt_evt_fetch *ef = dtt_evfetch(ev, idx);

	if (ef == NULL) {
		CHECK(0, "%s: no fetch %u in the event", what, idx);
		return NULL;
	}
	CHECK(ef->dtef_flags == flags && ef->dtef_step == step &&
	    (len == (unsigned int)-1 || ef->dtef_len == len),
	    "%s: flags %#x step %u len %u, want %#x %u %d", what,
	    ef->dtef_flags, ef->dtef_step, ef->dtef_len, flags, step,
	    (int)len);
	return dt_evt_fetch_data(ef);
}

/* /proc/version, which prints what linux_banner holds. */
static const char *
version_line(void)
{
	static char line[512];
	FILE *f = fopen("/proc/version", "r");

	REQUIRE(f != NULL && fgets(line, sizeof(line), f) != NULL,
	    "/proc/version: %s", dtt_errname(errno));
	fclose(f);
	return line;
}

static uint64_t
u64at(const unsigned char *p)
{
	uint64_t v = 0;

	if (p != NULL)
		memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t
u32at(const unsigned char *p)
{
	uint32_t v = 0;

	if (p != NULL)
		memcpy(&v, p, sizeof(v));
	return v;
}

int
main(int argc, char **argv)
{
	struct dtioc_fetch vf[8], gf[8], rf[2];
	const char *banner;
	struct dtt_child c;
	struct dtt_evbuf eb;
	const struct dt_evt *ev;
	const unsigned char *d;
	char err[512], base[256];
	uint32_t vo, ge, gr;
	int fd, i, nv = 0, ng = 0, nr = 0;
	int64_t dentry, name;

	(void)argc;
	(void)argv;
	self = "/proc/self/exe";
	i = readlink(self, base, sizeof(base) - 1);
	REQUIRE(i > 0, "readlink %s: %s", self, dtt_errname(errno));
	base[i] = '\0';
	btf = btf_kernel(err, sizeof(err));
	REQUIRE(btf != NULL, "BTF: %s", err);
	fd = dtt_open();
	vo = dtt_probe_create(fd, "kprobe", "vfs_open", "entry");
	ge = dtt_probe_create(fd, "kprobe", "do_getpgid", "entry");
	gr = dtt_probe_create(fd, "kprobe", "do_getpgid", "return");

	/* vfs_open(const struct path *path, struct file *file) */
	dentry = off("struct path", "dentry");
	name = off("struct dentry", "d_name.name");
	vf[0] = dtt_fetchdesc(DTFS_ARG, 0, DTFK_STR, 64, 0);
	add(&vf[0], dentry);
	deref(&vf[0], 8);
	add(&vf[0], name);
	deref(&vf[0], 8);
	vf[1] = dtt_fetchdesc(DTFS_TASK, 0, DTFK_BYTES, 4, 0);
	add(&vf[1], off("struct task_struct", "pid"));
	vf[2] = dtt_fetchdesc(DTFS_TASK, 0, DTFK_BYTES, 4, 0);
	add(&vf[2], off("struct task_struct", "real_parent"));
	deref(&vf[2], 8);
	add(&vf[2], off("struct task_struct", "tgid"));
	vf[3] = dtt_fetchdesc(DTFS_TASK, 0, DTFK_STR, 16, 0);
	add(&vf[3], off("struct task_struct", "comm"));
	vf[4] = dtt_fetchdesc(DTFS_ARG, 1, DTFK_VALUE, 0, 0);
	vf[5] = dtt_fetchdesc(DTFS_ARG, 0, DTFK_VALUE, 0, 0);
	add(&vf[5], dentry);
	deref(&vf[5], 8);
	vf[6] = dtt_fetchdesc(DTFS_ARG, 0, DTFK_VALUE, 0, 0);
	add(&vf[6], dentry);
	deref(&vf[6], 2);
	vf[7] = dtt_fetchdesc(DTFS_ARG, 0, DTFK_VALUE, 0, 0);
	add(&vf[7], dentry);
	deref(&vf[7], 4);

	/* do_getpgid(pid_t pid), pid 0 */
	gf[0] = dtt_fetchdesc(DTFS_ARG, 0, DTFK_VALUE, 0, 0);
	deref(&gf[0], 8);
	gf[1] = dtt_fetchdesc(DTFS_ARG, 0, DTFK_BYTES, 8, 0);
	add(&gf[1], (int64_t)0x8000000000000000ULL);
	gf[2] = dtt_fetchdesc(DTFS_ARG, 0, DTFK_BYTES, 8, 0);
	add(&gf[2], (int64_t)(uintptr_t)&magic);
	gf[3] = dtt_fetchdesc(DTFS_ARG, 0, DTFK_STR, 32, 0);
	gf[4] = dtt_fetchdesc(DTFS_TASK, 0, DTFK_BYTES, 4, 0);
	add(&gf[4], off("struct task_struct", "pid"));
	gf[5] = dtt_fetchdesc(DTFS_ARG, 0, DTFK_BYTES, 8, DTFE_USER);
	add(&gf[5], (int64_t)(uintptr_t)&magic);
	gf[6] = dtt_fetchdesc(DTFS_ARG, 0, DTFK_BYTES, 8, DTFE_USER);
	add(&gf[6], (int64_t)(uintptr_t)&magicp);
	deref(&gf[6], 8);
	gf[7] = dtt_fetchdesc(DTFS_ARG, 0, DTFK_VALUE, 0, DTFE_USER);
	add(&gf[7], 16);
	deref(&gf[7], 1);
	rf[0] = dtt_fetchdesc(DTFS_RETVAL, 0, DTFK_VALUE, 0, 0);
	rf[1] = dtt_fetchdesc(DTFS_ADDR, 0, DTFK_STR, 64, 0);
	rf[1].dtfe_addr = dtt_kaddr("linux_banner");
	REQUIRE(rf[1].dtfe_addr != 0, "no linux_banner in /proc/kallsyms");
	banner = version_line();

	dtt_child(&c, "dtt-fetch", calls, NULL);
	dtt_follow(fd, &c);
	CHECK_OK(dtt_enable(fd, vo, DTEVT_FUNCARGS));
	CHECK_OK(dtt_enable(fd, ge, 0));
	CHECK_OK(dtt_enable(fd, gr, 0));
	CHECK_OK(dtt_fetch(fd, vo, vf, 8));
	CHECK_OK(dtt_fetch(fd, ge, gf, 8));
	CHECK_OK(dtt_fetch(fd, gr, rf, 2));
	REQUIRE(dtt_record(fd, 1) == 0, "DTIOCRECORD: %s",
	    dtt_errname(errno));
	dtt_go(&c);
	i = dtt_wait(&c);
	CHECK(i == 0, "the child failed: %d (opening %s)", i, self);
	CHECK_OK(dtt_record(fd, 0));
	dtt_drain(fd, &eb);
	for (ev = dtt_first(&eb); ev != NULL; ev = dtt_next(&eb, ev)) {
		if (ev->dtev_pid != c.c_pid)
			continue;
		if (ev->dtev_pbn == vo) {
			d = result(ev, 0, DTFR_STR, 4, -1, "d_name.name");
			if (d == NULL || strcmp((const char *)d,
			    basename(base)) != 0)
				continue;	/* the loader's opens */
			nv++;
			CHECK(ev->dtev_nfetch == 8, "vfs_open: %u fetches",
			    ev->dtev_nfetch);
			d = result(ev, 1, 0, 1, 4, "curtask->pid");
			CHECK(u32at(d) == (uint32_t)c.c_pid, "curtask->pid "
			    "%u, want %d", u32at(d), c.c_pid);
			d = result(ev, 2, 0, 3, 4, "real_parent->tgid");
			CHECK(u32at(d) == (uint32_t)getpid(), "curtask->"
			    "real_parent->tgid %u, want %d", u32at(d),
			    getpid());
			d = result(ev, 3, DTFR_STR, 1, 9, "comm");
			CHECK(d != NULL && strcmp((const char *)d,
			    "dtt-fetch") == 0, "comm \"%s\"",
			    d ? (const char *)d : "");
			d = result(ev, 4, 0, 0, 8, "arg1");
			CHECK(u64at(d) == dt_evt_args(ev)[1], "arg1 value %#llx"
			    ", argument word %#llx",
			    (unsigned long long)u64at(d),
			    (unsigned long long)dt_evt_args(ev)[1]);
			d = result(ev, 5, 0, 2, 8, "dentry");
			CHECK(u64at(d) >= 0xff00000000000000ULL, "dentry "
			    "%#llx is no kernel address",
			    (unsigned long long)u64at(d));
			CHECK(u64at(result(ev, 6, 0, 2, 8, "deref 2")) ==
			    (u64at(d) & 0xffff), "a 2-byte deref gives %#llx",
			    (unsigned long long)u64at(dt_evt_fetch_data(
			    dtt_evfetch(ev, 6))));
			CHECK(u64at(result(ev, 7, 0, 2, 8, "deref 4")) ==
			    (u64at(d) & 0xffffffff), "a 4-byte deref is wrong");
		} else if (ev->dtev_pbn == ge) {
			ng++;
			CHECK(ev->dtev_nfetch == 8, "do_getpgid: %u fetches",
			    ev->dtev_nfetch);
			result(ev, 0, DTFR_FAULT, 0, 0, "*(u64 *)0");
			result(ev, 1, DTFR_FAULT, 1, 0, "non-canonical");
			result(ev, 2, DTFR_FAULT, 1, 0, "user as kernel");
			result(ev, 3, DTFR_FAULT | DTFR_STR, 0, 0, "str(0)");
			d = result(ev, 4, 0, 1, 4, "pid after faults");
			CHECK(u32at(d) == (uint32_t)c.c_pid, "pid after "
			    "faults: %u", u32at(d));
			d = result(ev, 5, 0, 1, 8, "user magic");
			CHECK(u64at(d) == magic, "user read %#llx",
			    (unsigned long long)u64at(d));
			d = result(ev, 6, 0, 2, 8, "user *magicp");
			CHECK(u64at(d) == magic, "user chain %#llx",
			    (unsigned long long)u64at(d));
			result(ev, 7, DTFR_FAULT, 1, 0, "user *(u8 *)16");
		} else if (ev->dtev_pbn == gr) {
			nr++;
			d = result(ev, 0, 0, 0, 8, "retval");
			CHECK((int64_t)u64at(d) == ev->dtev_retval,
			    "retval fetch %lld, event %lld",
			    (long long)u64at(d), (long long)ev->dtev_retval);
			d = result(ev, 1, DTFR_STR | DTFR_TRUNC, 0, 63,
			    "linux_banner");
			CHECK(d != NULL && strncmp((const char *)d, banner,
			    63) == 0, "linux_banner \"%s\", /proc/version "
			    "\"%.63s\"", d ? (const char *)d : "", banner);
		}
	}
	CHECK(nv >= NCALLS, "%d vfs_open events of %s, want >= %d", nv,
	    basename(base), NCALLS);
	CHECK(ng == NCALLS, "%d do_getpgid events, want %d", ng, NCALLS);
	CHECK(nr == NCALLS, "%d do_getpgid returns, want %d", nr, NCALLS);
	dtt_evfree(&eb);
	close(fd);
	return dtt_done();
}
