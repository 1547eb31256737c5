// SPDX-License-Identifier: ISC OR GPL-2.0
/*
 * dt(4) counter providers: software:EVENT:COUNT and hardware:EVENT:COUNT
 * fire every COUNT occurrences of a perf software event (page-faults,
 * context-switches, cpu-clock in nanoseconds ...) or hardware event
 * (cycles, instructions, cache-misses ...), on any CPU, as bpftrace's
 * probes of those names do.
 *
 * A probe is made on demand (DTIOCPRBCREATE) for each event and count,
 * and goes when no descriptor holds it;
 * enabling it creates one kernel-side perf counter per online CPU,
 * counting for every task, with our overflow handler, which fires the
 * probe in whatever context the event overflowed: the faulting task,
 * the timer interrupt, or an NMI for hardware counters.  A CPU without
 * the hardware counter (a virtual CPU without a PMU, most often) makes
 * the enabling fail with ENODEV.  The counters exist only while the
 * probe is enabled; CPUs brought online later are not covered.
 */
#include <linux/cpu.h>
#include <linux/ctype.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/perf_event.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "dt_prov.h"

#define DT_CTR_MAX	256	/* counter probes at once */

struct dt_ctrname {
	const char	*cn_name;
	u64		 cn_config;
};

/* bpftrace's names, and the short ones perf also takes. */
static const struct dt_ctrname dt_swnames[] = {
	{ "cpu-clock",		PERF_COUNT_SW_CPU_CLOCK },
	{ "cpu",		PERF_COUNT_SW_CPU_CLOCK },
	{ "task-clock",		PERF_COUNT_SW_TASK_CLOCK },
	{ "page-faults",	PERF_COUNT_SW_PAGE_FAULTS },
	{ "faults",		PERF_COUNT_SW_PAGE_FAULTS },
	{ "context-switches",	PERF_COUNT_SW_CONTEXT_SWITCHES },
	{ "cs",			PERF_COUNT_SW_CONTEXT_SWITCHES },
	{ "cpu-migrations",	PERF_COUNT_SW_CPU_MIGRATIONS },
	{ "migrations",		PERF_COUNT_SW_CPU_MIGRATIONS },
	{ "minor-faults",	PERF_COUNT_SW_PAGE_FAULTS_MIN },
	{ "major-faults",	PERF_COUNT_SW_PAGE_FAULTS_MAJ },
	{ "alignment-faults",	PERF_COUNT_SW_ALIGNMENT_FAULTS },
	{ "emulation-faults",	PERF_COUNT_SW_EMULATION_FAULTS },
};

static const struct dt_ctrname dt_hwnames[] = {
	{ "cpu-cycles",			PERF_COUNT_HW_CPU_CYCLES },
	{ "cycles",			PERF_COUNT_HW_CPU_CYCLES },
	{ "instructions",		PERF_COUNT_HW_INSTRUCTIONS },
	{ "cache-references",		PERF_COUNT_HW_CACHE_REFERENCES },
	{ "cache-misses",		PERF_COUNT_HW_CACHE_MISSES },
	{ "branch-instructions",	PERF_COUNT_HW_BRANCH_INSTRUCTIONS },
	{ "branches",			PERF_COUNT_HW_BRANCH_INSTRUCTIONS },
	{ "branch-misses",		PERF_COUNT_HW_BRANCH_MISSES },
	{ "bus-cycles",			PERF_COUNT_HW_BUS_CYCLES },
	{ "frontend-stalls",		PERF_COUNT_HW_STALLED_CYCLES_FRONTEND },
	{ "backend-stalls",		PERF_COUNT_HW_STALLED_CYCLES_BACKEND },
	{ "ref-cycles",			PERF_COUNT_HW_REF_CPU_CYCLES },
};

/* What a counter probe counts; its dtp_priv. */
struct dt_ctr {
	struct list_head	 ct_next;	/* dt_ctrs, under dt_lock */
	u32			 ct_type;	/* PERF_TYPE_* */
	u64			 ct_config;
	u64			 ct_period;	/* occurrences per event */
	struct perf_event	**ct_events;	/* nr_cpu_ids, while enabled */
};

static struct dt_provider dt_prov_software, dt_prov_hardware;
static LIST_HEAD(dt_ctrs);
static unsigned int dt_nctrs;

static void
dt_ctr_overflow(struct perf_event *event, struct perf_sample_data *data,
    struct pt_regs *regs)
{
	struct dt_probe *dtp = event->overflow_handler_context;

	if (dt_probe_enabled(dtp))
		dt_fire_entry(dtp, regs, NULL, 0);
}

/* A count in decimal without leading zeros, at least 1. */
static int
dt_ctr_period(const char *s, u64 *period)
{
	const char *p;

	if (*s == '0' || *s == '\0')
		return -EINVAL;
	for (p = s; *p != '\0'; p++)
		if (!isdigit(*p))
			return -EINVAL;
	return kstrtou64(s, 10, period);
}

static int
dt_ctr_create(const struct dt_provider *dtpv, const struct dt_ctrname *names,
    size_t nnames, u32 type, const char *func, const char *name,
    struct dt_probe **dtpp)
{
	struct dt_probe *dtp;
	struct dt_ctr *ct;
	u64 period;
	size_t i;
	int error;

	for (i = 0; i < nnames; i++)
		if (strcmp(names[i].cn_name, func) == 0)
			break;
	if (i == nnames)
		return -ENOENT;
	error = dt_ctr_period(name, &period);
	if (error)
		return -EINVAL;
	if (dt_nctrs >= DT_CTR_MAX)
		return -ENOSPC;
	ct = kzalloc(sizeof(*ct), GFP_KERNEL);
	if (ct == NULL)
		return -ENOMEM;
	ct->ct_type = type;
	ct->ct_config = names[i].cn_config;
	ct->ct_period = period;
	dtp = dt_probe_alloc(dtpv, func, name, 0, NULL);
	if (dtp == NULL) {
		kfree(ct);
		return -ENOMEM;
	}
	/* Freed by destroy, also if the core fails to insert the probe. */
	dtp->dtp_priv = ct;
	list_add_tail(&ct->ct_next, &dt_ctrs);
	dt_nctrs++;
	*dtpp = dtp;
	return 0;
}

static int
dt_sw_create(const char *func, const char *name, struct dt_probe **dtpp)
{
	return dt_ctr_create(&dt_prov_software, dt_swnames,
	    ARRAY_SIZE(dt_swnames), PERF_TYPE_SOFTWARE, func, name, dtpp);
}

static int
dt_hw_create(const char *func, const char *name, struct dt_probe **dtpp)
{
	return dt_ctr_create(&dt_prov_hardware, dt_hwnames,
	    ARRAY_SIZE(dt_hwnames), PERF_TYPE_HARDWARE, func, name, dtpp);
}

static void
dt_ctr_release(struct dt_ctr *ct)
{
	unsigned int cpu;

	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		if (ct->ct_events[cpu] != NULL)
			perf_event_release_kernel(ct->ct_events[cpu]);
	kfree(ct->ct_events);
	ct->ct_events = NULL;
}

/*
 * One counter per online CPU.  A hardware event the CPU lacks fails
 * with ENOENT or EOPNOTSUPP from perf: told as ENODEV, no such device.
 */
static int
dt_ctr_enable(struct dt_probe *dtp)
{
	struct dt_ctr *ct = dtp->dtp_priv;
	struct perf_event_attr attr = {
		.type = ct->ct_type,
		.size = sizeof(attr),
		.config = ct->ct_config,
		.sample_period = ct->ct_period,
	};
	struct perf_event *ev;
	unsigned int cpu;
	int error = 0;

	ct->ct_events = kcalloc(nr_cpu_ids, sizeof(*ct->ct_events),
	    GFP_KERNEL);
	if (ct->ct_events == NULL)
		return -ENOMEM;
	/*
	 * No cpus_read_lock() here: creating a counter takes it itself
	 * (static_branch_inc of perf's scheduling key), and a recursive
	 * read of the hotplug lock deadlocks against a waiting writer
	 * (lockdep on the debug kernel reports it).  perf serializes
	 * against hotplug on its own, failing a CPU that went offline
	 * meanwhile with ENODEV: that CPU is simply not counted.
	 */
	for_each_online_cpu(cpu) {
		ev = perf_event_create_kernel_counter(&attr, cpu, NULL,
		    dt_ctr_overflow, dtp);
		if (IS_ERR(ev) && PTR_ERR(ev) == -ENODEV && !cpu_online(cpu))
			continue;
		if (IS_ERR(ev)) {
			error = PTR_ERR(ev);
			break;
		}
		ct->ct_events[cpu] = ev;
	}
	if (error) {
		dt_ctr_release(ct);
		if (ct->ct_type == PERF_TYPE_HARDWARE &&
		    (error == -ENOENT || error == -EOPNOTSUPP))
			error = -ENODEV;
	}
	return error;
}

/*
 * Releasing a counter unhooks it; a handler still running on another
 * CPU only reads the probe, and the core waits for such handlers
 * before freeing any enabling, and so before the probe goes.
 */
static void
dt_ctr_disable(struct dt_probe *dtp)
{
	dt_ctr_release(dtp->dtp_priv);
}

/* Unheld, so disabled: its counters are released. */
static void
dt_ctr_destroy(struct dt_probe *dtp)
{
	struct dt_ctr *ct = dtp->dtp_priv;

	list_del(&ct->ct_next);
	kfree(ct);
	dt_nctrs--;
}

static struct dt_provider dt_prov_software = {
	.dtpv_name	= "software",
	.dtpv_flags	= DTPV_CREATE | DTPV_REGS,
	.dtpv_enable	= dt_ctr_enable,
	.dtpv_disable	= dt_ctr_disable,
	.dtpv_create	= dt_sw_create,
	.dtpv_destroy	= dt_ctr_destroy,
};

static struct dt_provider dt_prov_hardware = {
	.dtpv_name	= "hardware",
	.dtpv_flags	= DTPV_CREATE | DTPV_REGS,
	.dtpv_enable	= dt_ctr_enable,
	.dtpv_disable	= dt_ctr_disable,
	.dtpv_create	= dt_hw_create,
	.dtpv_destroy	= dt_ctr_destroy,
};

int
dt_prov_counter_init(void)
{
	int error;

	error = dt_provider_register(&dt_prov_software);
	if (error == 0)
		error = dt_provider_register(&dt_prov_hardware);
	return error;
}

/* No probe is enabled: only what each probe counts is left to free. */
void
dt_prov_counter_fini(void)
{
	struct dt_ctr *ct, *tmp;

	list_for_each_entry_safe(ct, tmp, &dt_ctrs, ct_next) {
		list_del(&ct->ct_next);
		kfree(ct);
	}
	dt_nctrs = 0;
}
