/*
 * smoke_profile_stacks: profile kernel stacks start at the interrupted
 * frame: no frame of the hard timer interrupt that runs the probe (the
 * functions in irqpath[], which run with interrupts off and so cannot
 * have been interrupted themselves) nor of dt.ko is recorded, and at
 * least one event of a child busy in system calls has a kernel stack.
 * Other hrtimer code is legitimate: a task can be interrupted in
 * hrtimer_start_range_ns(), in a soft hrtimer's callback, or in the
 * softirqs run on the way out of an earlier timer interrupt
 * (sysvec_apic_timer_interrupt then is a frame).  Symbols come from
 * /proc/kallsyms.  dt finds the end of the interrupt's frames by the
 * name of the entry code (dt_prov_profile.c's dt_irqentry[]): the test
 * first requires one of those names in the kernel, so that a kernel
 * that renames them fails here by name, not only by stray frames.
 */

#define _GNU_SOURCE

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtt.h"

struct ksym {
	unsigned long long	 addr;
	char			 name[128];
	int			 indt;
};

/* The hard interrupt path from the APIC timer to an hrtimer callback. */
static const char *const irqpath[] = {
	"__sysvec_apic_timer_interrupt", "hrtimer_interrupt",
	"local_apic_timer_interrupt",
};

/* The timer interrupt's entry code, as dt_prov_profile.c names it. */
static const char *const irqentry[] = {
	"asm_sysvec_apic_timer_interrupt", "asm_fred_entrypoint_kernel",
};

static struct ksym *syms;
static size_t nsyms;

static int
symcmp(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static void
loadsyms(void)
{
	char line[512], mod[128];
	size_t cap = 0;
	struct ksym k;
	char t;
	FILE *f;

	f = fopen("/proc/kallsyms", "r");
	REQUIRE(f != NULL, "/proc/kallsyms");
	while (fgets(line, sizeof(line), f) != NULL) {
		mod[0] = '\0';
		if (sscanf(line, "%llx %c %127s %127s", &k.addr, &t, k.name,
		    mod) < 3 || (t != 't' && t != 'T'))
			continue;
		k.indt = strcmp(mod, "[dt]") == 0;
		if (nsyms == cap) {
			cap = cap ? cap * 2 : 65536;
			syms = realloc(syms, cap * sizeof(*syms));
			REQUIRE(syms != NULL, "realloc");
		}
		syms[nsyms++] = k;
	}
	fclose(f);
	qsort(syms, nsyms, sizeof(*syms), symcmp);
}

static const struct ksym *
lookup(unsigned long long addr)
{
	size_t lo = 0, hi = nsyms;

	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (syms[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	return nsyms && syms[lo].addr <= addr ? &syms[lo] : NULL;
}

/* Whether the kernel has one of irqentry[]. */
static int
hasirqentry(void)
{
	size_t i, e;

	for (i = 0; i < nsyms; i++)
		for (e = 0; e < sizeof(irqentry) / sizeof(irqentry[0]); e++)
			if (strcmp(syms[i].name, irqentry[e]) == 0)
				return 1;
	return 0;
}

/* Whether k cannot be an interrupted frame of a profile event. */
static int
inirqpath(const struct ksym *k)
{
	size_t i;

	if (k->indt)
		return 1;
	for (i = 0; i < sizeof(irqpath) / sizeof(irqpath[0]); i++)
		if (strcmp(k->name, irqpath[i]) == 0)
			return 1;
	return 0;
}

static void
busy(void *arg)
{
	uint64_t end = dtt_now() + 1000000000ULL;

	(void)arg;
	while (dtt_now() < end)
		getppid();
}

int
main(void)
{
	struct dtt_child c;
	struct dtt_evbuf eb;
	struct dt_evt *ev;
	const struct ksym *k;
	uint32_t prof;
	size_t n = 0, withk = 0;
	int fd, i;

	loadsyms();
	REQUIRE(hasirqentry(), "neither %s nor %s in /proc/kallsyms: dt "
	    "cannot find the timer interrupt's entry (dt_prov_profile.c)",
	    irqentry[0], irqentry[1]);
	fd = dtt_open();
	prof = dtt_probe_any(fd, "profile", "hz");
	CHECK_OK(dtt_enable_period(fd, prof, DTEVT_KSTACK | DTEVT_EXECNAME,
	    10000000));
	dtt_child(&c, "dtt-profstk", busy, NULL);
	dtt_trace(fd, &c, &eb);
	for (ev = dtt_first(&eb); ev != NULL; ev = dtt_next(&eb, ev)) {
		__u64 *ks = dt_evt_kstack(ev);

		if (ev->dtev_pbn != prof)
			continue;
		n++;
		if (ev->dtev_pid == c.c_pid && ev->dtev_nkstack > 0)
			withk++;
		for (i = 0; i < ev->dtev_nkstack; i++) {
			k = lookup(ks[i]);
			if (k == NULL)
				continue;
			CHECK(!inirqpath(k), "profile frame %d of %d: %s%s",
			    i, ev->dtev_nkstack, k->name,
			    k->indt ? " [dt]" : "");
		}
	}
	printf("%zu profile events, %zu of the child with a kernel stack\n",
	    n, withk);
	CHECK(n > 0, "no profile events");
	CHECK(withk > 0, "no kernel stack for the child in system calls");
	dtt_evfree(&eb);
	return dtt_done();
}
