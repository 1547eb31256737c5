// SPDX-License-Identifier: ISC OR GPL-2.0
/*
 * dt(4) profile and interval providers: profile:hz:97 fires on every
 * online CPU, interval:hz:1 on one, each enabling at its own period
 * (dtrq_nsecs), from pinned high-resolution timers that run only while
 * the enabling's descriptor records.  A profile event describes the
 * interrupted context: its task, kernel stack (without the timer
 * interrupt's own frames) and user stack.  Ticks that a late timer
 * could not fire are counted as skipped.
 */

#include <linux/hrtimer.h>
#include <linux/kallsyms.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/version.h>

#include "dt_prov.h"

struct dt_tick {
	struct hrtimer	 dt_timer;
	struct dt_pcb	*dt_dp;
	ktime_t		 dt_period;
	bool		 dt_started;
};

#define DT_TIMER_MODE	HRTIMER_MODE_REL_PINNED_HARD
#define DT_IRQENTRY	"asm_sysvec_apic_timer_interrupt"

/*
 * The return address inside the timer interrupt's entry code, learned
 * from the first ticks' stacks by name (the interrupted registers are
 * not available to modules), so that profile kernel stacks start at
 * the interrupted frame instead of in the timer code.
 */
static unsigned long dt_tick_irqret;
static atomic_t dt_tick_tries = ATOMIC_INIT(16);

static noinline void
dt_tick_learn(void)
{
	char name[KSYM_SYMBOL_LEN];
	unsigned long pcs[32];
	unsigned int n, i;

	n = stack_trace_save(pcs, ARRAY_SIZE(pcs), 0);
	for (i = 0; i < n; i++) {
		sprint_symbol_no_offset(name, pcs[i]);
		if (strcmp(name, DT_IRQENTRY) == 0) {
			WRITE_ONCE(dt_tick_irqret, pcs[i]);
			return;
		}
	}
}

static struct dt_provider dt_prov_profile, dt_prov_interval;

static enum hrtimer_restart
dt_tick_fire(struct hrtimer *timer)
{
	struct dt_tick *t = container_of(timer, struct dt_tick, dt_timer);
	struct dt_fire df = { .df_regs = NULL };
	u64 overrun;

	if (READ_ONCE(dt_tick_irqret) == 0 &&
	    atomic_dec_if_positive(&dt_tick_tries) >= 0)
		dt_tick_learn();
	df.df_kstack_after = READ_ONCE(dt_tick_irqret);
	dt_pcb_fire(t->dt_dp, &df);
	/*
	 * Forward from after the event was recorded, so that a handler
	 * slower than the period (stacks, under emulation) skips ticks
	 * instead of firing back to back and starving the CPU.
	 */
	overrun = hrtimer_forward_now(timer, t->dt_period);
	if (overrun > 1)
		dt_pcb_skiptick(t->dt_dp, overrun - 1);
	return HRTIMER_RESTART;
}

static int
dt_tick_alloc(struct dt_pcb *dp)
{
	struct dt_tick __percpu *ticks;
	struct dt_tick *t;
	unsigned int cpu;

	ticks = alloc_percpu(struct dt_tick);
	if (ticks == NULL)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		t = per_cpu_ptr(ticks, cpu);
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
		hrtimer_setup(&t->dt_timer, dt_tick_fire, CLOCK_MONOTONIC,
		    DT_TIMER_MODE);
#else
		hrtimer_init(&t->dt_timer, CLOCK_MONOTONIC, DT_TIMER_MODE);
		t->dt_timer.function = dt_tick_fire;
#endif
		t->dt_dp = dp;
		t->dt_period = ns_to_ktime(dp->dp_nsecs);
		t->dt_started = false;
	}
	dp->dp_priv = (void __force *)ticks;
	return 0;
}

static void
dt_tick_dealloc(struct dt_pcb *dp)
{
	free_percpu((struct dt_tick __percpu __force *)dp->dp_priv);
}

/* On the CPU to tick on, interrupts or preemption off. */
static void
dt_tick_start_here(void *arg)
{
	struct dt_pcb *dp = arg;
	struct dt_tick *t;

	t = this_cpu_ptr((struct dt_tick __percpu __force *)dp->dp_priv);
	t->dt_started = true;
	hrtimer_start(&t->dt_timer, t->dt_period, DT_TIMER_MODE);
}

static int
dt_profile_start(struct dt_pcb *dp)
{
	on_each_cpu(dt_tick_start_here, dp, 1);
	return 0;
}

static int
dt_interval_start(struct dt_pcb *dp)
{
	preempt_disable();
	dt_tick_start_here(dp);
	preempt_enable();
	return 0;
}

static void
dt_tick_stop(struct dt_pcb *dp)
{
	struct dt_tick *t;
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		t = per_cpu_ptr((struct dt_tick __percpu __force *)dp->dp_priv,
		    cpu);
		if (!t->dt_started)
			continue;
		hrtimer_cancel(&t->dt_timer);
		t->dt_started = false;
	}
}

static struct dt_provider dt_prov_profile = {
	.dtpv_name	= "profile",
	.dtpv_flags	= DTPV_PERIODIC,
	.dtpv_alloc	= dt_tick_alloc,
	.dtpv_dealloc	= dt_tick_dealloc,
	.dtpv_start	= dt_profile_start,
	.dtpv_stop	= dt_tick_stop,
};

static struct dt_provider dt_prov_interval = {
	.dtpv_name	= "interval",
	.dtpv_flags	= DTPV_PERIODIC,
	.dtpv_alloc	= dt_tick_alloc,
	.dtpv_dealloc	= dt_tick_dealloc,
	.dtpv_start	= dt_interval_start,
	.dtpv_stop	= dt_tick_stop,
};

static int
dt_tick_probe(struct dt_provider *dtpv, const char *name)
{
	struct dt_probe *dtp;
	int error;

	error = dt_provider_register(dtpv);
	if (error)
		return error;
	dtp = dt_probe_alloc(dtpv, "hz", name, 0, NULL);
	if (dtp == NULL)
		return -ENOMEM;
	error = dt_probe_insert(dtp);
	if (error)
		kfree(dtp);
	return error;
}

int
dt_prov_profile_init(void)
{
	int error;

	error = dt_tick_probe(&dt_prov_profile, "97");
	if (error == 0)
		error = dt_tick_probe(&dt_prov_interval, "1");
	return error;
}

void
dt_prov_profile_fini(void)
{
}
