/*
 * smoke_stacks: a getppid() entry event asked for both stacks carries a
 * kernel stack that passes through do_syscall_64 and holds no frame of
 * dt.ko itself, and a user stack whose first frame is the user
 * address the system call returns to.  Kernel symbols are looked up in
 * /proc/kallsyms.
 */

#define _GNU_SOURCE

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtt.h"

#define USER_TOP	0x0000800000000000ULL

/* The function holding addr, from /proc/kallsyms; "" if unknown. */
static void
ksym(uint64_t addr, char *name, size_t len, int *inmod)
{
	char line[512], sym[256], mod[256];
	unsigned long long a, best = 0;
	char t;
	FILE *f;

	name[0] = '\0';
	*inmod = 0;
	if ((f = fopen("/proc/kallsyms", "r")) == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		mod[0] = '\0';
		if (sscanf(line, "%llx %c %255s %255s", &a, &t, sym, mod) < 3)
			continue;
		if (t != 't' && t != 'T')
			continue;
		if (a <= addr && a > best) {
			best = a;
			snprintf(name, len, "%s", sym);
			*inmod = strcmp(mod, "[dt]") == 0;
		}
	}
	fclose(f);
}

static void
calls(void *arg)
{
	(void)arg;
	getppid();
}

int
main(void)
{
	struct dtt_child c;
	struct dtt_evbuf eb;
	struct dt_evt *ev;
	char name[256];
	__u64 *ks, *us;
	uint32_t ent;
	int fd, i, inmod, n = 0, sawentry;

	fd = dtt_open();
	ent = dtt_probe(fd, "syscall", "getppid", "entry");
	CHECK_OK(dtt_enable(fd, ent, DTEVT_KSTACK | DTEVT_USTACK));
	dtt_child(&c, "dtt-stacks", calls, NULL);
	dtt_trace(fd, &c, &eb);
	for (ev = dtt_first(&eb); ev != NULL; ev = dtt_next(&eb, ev)) {
		if (ev->dtev_pbn != ent || ev->dtev_pid != c.c_pid)
			continue;
		n++;
		CHECK(ev->dtev_flags & DTEVT_KSTACK, "no DTEVT_KSTACK");
		CHECK(ev->dtev_nkstack > 0, "empty kernel stack");
		ks = dt_evt_kstack(ev);
		sawentry = 0;
		for (i = 0; i < ev->dtev_nkstack; i++) {
			ksym(ks[i], name, sizeof(name), &inmod);
			printf("kstack[%d] %#" PRIx64 " %s%s\n", i, (uint64_t)ks[i],
			    name, inmod ? " [dt]" : "");
			CHECK(!inmod, "frame %d in dt.ko: %s", i, name);
			CHECK(ks[i] >= USER_TOP, "kernel frame %d is %#"
			    PRIx64, i, (uint64_t)ks[i]);
			if (strcmp(name, "do_syscall_64") == 0)
				sawentry = 1;
		}
		CHECK(sawentry, "no do_syscall_64 in the kernel stack");
		CHECK(ev->dtev_nustack > 0, "empty user stack");
		us = dt_evt_ustack(ev);
		for (i = 0; i < ev->dtev_nustack; i++)
			printf("ustack[%d] %#" PRIx64 "\n", i, (uint64_t)us[i]);
		CHECK(ev->dtev_nustack == 0 || (us[0] != 0 &&
		    us[0] < USER_TOP), "user frame 0 is %#" PRIx64, (uint64_t)us[0]);
	}
	CHECK(n == 1, "%d getppid events, want 1", n);
	dtt_evfree(&eb);
	return dtt_done();
}
