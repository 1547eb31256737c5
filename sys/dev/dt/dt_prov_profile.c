// SPDX-License-Identifier: ISC OR GPL-2.0
/*
 * dt(4) profile and interval providers: profile probes fire on every
 * online CPU, interval probes on one, from pinned high-resolution
 * timers that run only while the enabling's descriptor records.  Each
 * rate is its own probe, created on demand (profile:hz:99,
 * interval:ms:100, interval:s:1), firing at the period its name says
 * and gone when no descriptor holds it; the static profile:hz:97 and interval:hz:1 (DTPI_RATE) fire at
 * the period each enabling gives (dtrq_nsecs).  A profile event describes the
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
	bool		 dt_anytask;	/* interval: fires for no task */
};

#define DT_TICK_MAX	256	/* probes made at once, profile and interval */
#define DT_TIMER_MODE	HRTIMER_MODE_REL_PINNED_HARD

/*
 * The entry code that calls the timer interrupt's handler, by name: the
 * IDT's, then FRED's (kernels with FRED enter every event through one
 * entry point).  A kernel with neither leaves the timer's frames in
 * profile stacks, which regress/sys/dev/dt/smoke_profile_stacks reports.
 */
static const char *const dt_irqentry[] = {
	"asm_sysvec_apic_timer_interrupt",
	"asm_fred_entrypoint_kernel",
};

/*
 * The return address inside the timer interrupt's entry code, learned
 * from the first ticks' stacks by name (the interrupted registers are
 * not available to modules), so that profile kernel stacks start at
 * the interrupted frame instead of in the timer code.
 */
static unsigned long dt_tick_irqret;
static atomic_t dt_tick_tries = ATOMIC_INIT(16);

/*
 * The learning's scratch space, per CPU: a symbol name and a stack are
 * over 1 KB, too much for the interrupt stack (KASAN kernels warn of
 * the frame size).  The timer runs in hard interrupt context, also on
 * PREEMPT_RT, so nothing else on this CPU uses the buffer meanwhile.
 */
struct dt_tick_scratch {
	char		 name[KSYM_SYMBOL_LEN];
	unsigned long	 pcs[32];
};
static DEFINE_PER_CPU(struct dt_tick_scratch, dt_tick_scratch);

static noinline void
dt_tick_learn(void)
{
	struct dt_tick_scratch *s = this_cpu_ptr(&dt_tick_scratch);
	unsigned int n, i, e;

	n = stack_trace_save(s->pcs, ARRAY_SIZE(s->pcs), 0);
	for (i = 0; i < n; i++) {
		sprint_symbol_no_offset(s->name, s->pcs[i]);
		for (e = 0; e < ARRAY_SIZE(dt_irqentry); e++) {
			if (strcmp(s->name, dt_irqentry[e]) == 0) {
				WRITE_ONCE(dt_tick_irqret, s->pcs[i]);
				return;
			}
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
	df.df_anytask = t->dt_anytask;
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
		t->dt_anytask = dp->dp_dtp->dtp_prov == &dt_prov_interval;
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

/*
 * The period of UNIT:COUNT in nanoseconds, or 0 if the name is not a
 * unit and a count in decimal without leading zeros, or the period is
 * outside [DTMINNSECS, DTMAXNSECS].
 */
static u64
dt_tick_period(const char *unit, const char *count)
{
	u64 n = 0, mult;
	const char *p;

	if (strcmp(unit, "hz") == 0)
		mult = 0;
	else if (strcmp(unit, "s") == 0)
		mult = NSEC_PER_SEC;
	else if (strcmp(unit, "ms") == 0)
		mult = NSEC_PER_MSEC;
	else if (strcmp(unit, "us") == 0)
		mult = NSEC_PER_USEC;
	else
		return 0;
	if (count[0] < '1' || count[0] > '9')
		return 0;
	for (p = count; *p != '\0'; p++) {
		if (*p < '0' || *p > '9' || n > DTMAXNSECS)
			return 0;
		n = n * 10 + (*p - '0');
	}
	if (mult == 0)
		n = n <= NSEC_PER_SEC ? NSEC_PER_SEC / n : 0;
	else
		n = n <= DTMAXNSECS / mult ? n * mult : 0;
	if (n < DTMINNSECS || n > DTMAXNSECS)
		return 0;
	return n;
}

static unsigned int dt_tick_ncreated;	/* under dt_lock */

static int
dt_tick_create(const struct dt_provider *dtpv, const char *unit,
    const char *count, struct dt_probe **dtpp)
{
	struct dt_probe *dtp;
	u64 nsecs;

	nsecs = dt_tick_period(unit, count);
	if (nsecs == 0)
		return -EINVAL;
	if (dt_tick_ncreated >= DT_TICK_MAX)
		return -ENOSPC;
	dtp = dt_probe_alloc(dtpv, unit, count, 0, NULL);
	if (dtp == NULL)
		return -ENOMEM;
	dtp->dtp_nsecs = nsecs;
	dt_tick_ncreated++;
	*dtpp = dtp;
	return 0;
}

/* Unheld, so disabled: its timers were cancelled with its enablings. */
static void
dt_tick_destroy(struct dt_probe *dtp)
{
	dt_tick_ncreated--;
}

static int
dt_profile_create(const char *unit, const char *count, struct dt_probe **dtpp)
{
	return dt_tick_create(&dt_prov_profile, unit, count, dtpp);
}

static int
dt_interval_create(const char *unit, const char *count,
    struct dt_probe **dtpp)
{
	return dt_tick_create(&dt_prov_interval, unit, count, dtpp);
}

static struct dt_provider dt_prov_profile = {
	.dtpv_name	= "profile",
	.dtpv_flags	= DTPV_PERIODIC | DTPV_CREATE,
	.dtpv_alloc	= dt_tick_alloc,
	.dtpv_dealloc	= dt_tick_dealloc,
	.dtpv_start	= dt_profile_start,
	.dtpv_stop	= dt_tick_stop,
	.dtpv_create	= dt_profile_create,
	.dtpv_destroy	= dt_tick_destroy,
};

static struct dt_provider dt_prov_interval = {
	.dtpv_name	= "interval",
	.dtpv_flags	= DTPV_PERIODIC | DTPV_CREATE,
	.dtpv_alloc	= dt_tick_alloc,
	.dtpv_dealloc	= dt_tick_dealloc,
	.dtpv_start	= dt_interval_start,
	.dtpv_stop	= dt_tick_stop,
	.dtpv_create	= dt_interval_create,
	.dtpv_destroy	= dt_tick_destroy,
};

/* The static probe of a provider, which takes its rate when enabled. */
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
	dtp->dtp_flags = DTPI_RATE;
	dtp->dtp_static = true;
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
	dt_tick_ncreated = 0;	/* the core frees the probes */
}
