// SPDX-License-Identifier: ISC OR GPL-2.0
/*
 * dt(4) lossless recording: a probe firing in a user task when its
 * CPU's ring is above the high-water mark makes the task wait, on its
 * way back to user space (task_work), until the reader has drained the
 * ring to the low-water mark.
 *
 * Nothing can deadlock on it: the opener is never recorded, so the
 * reader never waits; each wait ends at the watchdog bound
 * (ds_maxwait), at SIGKILL, when recording stops and when the
 * descriptor is closed; a task waits at most once per return to user
 * space.  Waiters come from a fixed pool, so the fire path allocates
 * nothing: a task finding none free does not wait (counted).  Each
 * waiter holds the descriptor (ds_ref) and the module until it ran.
 */

#include <linux/hash.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/task_work.h>
#include <linux/timekeeping.h>

#include "dt_core.h"

#define DT_WAITBITS	8
#define DT_NWAITERS	(1U << DT_WAITBITS)
#define DT_WAITPROBE	8		/* slots tried from the task's hash */

struct dt_waiter {
	struct callback_head	 w_cb;
	struct dt_softc		*w_sc;
	struct task_struct	*w_task;	/* its task; NULL: free */
	unsigned int		 w_cpu;		/* the ring it waits for */
};

static void
dt_sc_free(struct kref *ref)
{
	struct dt_softc *sc = container_of(ref, struct dt_softc, ds_ref);

	kfree(sc->ds_waiters);
	kfree(sc);
}

void
dt_sc_put(struct dt_softc *sc)
{
	kref_put(&sc->ds_ref, dt_sc_free);
}

void
dt_wait_init(struct dt_softc *sc)
{
	kref_init(&sc->ds_ref);
	init_waitqueue_head(&sc->ds_lwq);
}

/* At close: every waiter leaves, now or when its task next looks. */
void
dt_wait_close(struct dt_softc *sc)
{
	WRITE_ONCE(sc->ds_closed, true);
	wake_up_all(&sc->ds_lwq);
}

/* A reader made room, or recording stopped. */
void
dt_wait_wake(struct dt_softc *sc)
{
	if (wq_has_sleeper(&sc->ds_lwq))
		wake_up_all(&sc->ds_lwq);
}

int
dt_ioc_lossless(struct dt_softc *sc, const struct dtioc_lossless *ll)
{
	u32 hi = ll->dtll_hiwat ? ll->dtll_hiwat : DTDEFHIWAT;
	u32 lo = ll->dtll_lowat ? ll->dtll_lowat : DTDEFLOWAT;
	struct dt_waiter *w;

	if (ll->dtll_on > 1 || ll->dtll_pad || ll->dtll_spare[0] ||
	    ll->dtll_spare[1] || hi > 95 || lo >= hi ||
	    ll->dtll_maxwait > DTMAXWAITNS)
		return -EINVAL;
	if (sc->ds_recording)
		return -EBUSY;
	/* The pool stays once made: a waiter of an earlier run may use it. */
	if (ll->dtll_on && sc->ds_waiters == NULL) {
		w = kcalloc(DT_NWAITERS, sizeof(*w), GFP_KERNEL);
		if (w == NULL)
			return -ENOMEM;
		sc->ds_waiters = w;
	}
	sc->ds_hiwat = hi;
	sc->ds_lowat = lo;
	sc->ds_maxwait = ll->dtll_maxwait ? ll->dtll_maxwait : DTDEFWAITNS;
	WRITE_ONCE(sc->ds_lossless, ll->dtll_on == 1);
	return 0;
}

void
dt_ioc_waits(struct dt_softc *sc, struct dtioc_waitstat *ws)
{
	struct dt_ring **rings = READ_ONCE(sc->ds_rings), *r;
	u64 drops = sc->ds_olddrops, irq = sc->ds_oldirqdrops;
	unsigned int cpu;

	memset(ws, 0, sizeof(*ws));
	ws->dtws_waits = atomic64_read(&sc->ds_nwaits);
	ws->dtws_waitns = atomic64_read(&sc->ds_waitns);
	ws->dtws_timeouts = atomic64_read(&sc->ds_ntimeouts);
	ws->dtws_nowait = atomic64_read(&sc->ds_nowait);
	if (rings != NULL) {
		for_each_possible_cpu(cpu) {
			r = rings[cpu];
			drops += local_read(&r->dr_drops);
			irq += local_read(&r->dr_irqdrops);
		}
	}
	ws->dtws_irqdropevt = irq;
	ws->dtws_taskdropevt = drops - irq;
}

/* Whether the wait of a task for ring cpu is over. */
static bool
dt_wait_over(struct dt_softc *sc, unsigned int cpu)
{
	struct dt_ring **rings, *r;
	bool over = true;
	u64 head;

	if (READ_ONCE(sc->ds_closed) || !READ_ONCE(sc->ds_recording))
		return true;
	rcu_read_lock();
	rings = READ_ONCE(sc->ds_rings);
	if (rings != NULL) {
		r = rings[cpu];
		head = READ_ONCE(r->dr_head);
		over = (head - dt_ring_tail(r, head)) * 100 <=
		    (u64)r->dr_size * sc->ds_lowat;
	}
	rcu_read_unlock();
	return over;
}

/*
 * The task's work on its way to user space.  A mapped reader makes
 * room without a system call, so the condition is looked at every
 * jiffy too, not only when a reader wakes the queue.
 */
static void
dt_wait_run(struct callback_head *cb)
{
	struct dt_waiter *w = container_of(cb, struct dt_waiter, w_cb);
	struct dt_softc *sc = w->w_sc;
	u64 start = ktime_get_ns(), waited = 0;
	long error = 0;

	if (!(current->flags & PF_EXITING)) {
		while (!dt_wait_over(sc, w->w_cpu)) {
			waited = ktime_get_ns() - start;
			if (waited >= sc->ds_maxwait) {
				atomic64_inc(&sc->ds_ntimeouts);
				break;
			}
			error = wait_event_killable_timeout(sc->ds_lwq,
			    dt_wait_over(sc, w->w_cpu), 1);
			if (error < 0)
				break;		/* SIGKILL */
		}
		waited = ktime_get_ns() - start;
		atomic64_inc(&sc->ds_nwaits);
		atomic64_add(waited, &sc->ds_waitns);
	}
	smp_store_release(&w->w_task, NULL);
	dt_sc_put(sc);
	/* The few instructions left run while rmmod waits for RCU. */
	module_put(THIS_MODULE);
}

/*
 * From the fire path, preemption disabled: make the current task wait
 * if the ring it just wrote to, with `fill' bytes, is above the mark.
 */
void
dt_wait_arm(struct dt_softc *sc, struct dt_ring *r, unsigned int cpu,
    u64 fill)
{
	struct dt_waiter *pool = READ_ONCE(sc->ds_waiters), *w;
	struct task_struct *t;
	unsigned int h, i;

	if (fill * 100 <= (u64)r->dr_size * sc->ds_hiwat || pool == NULL ||
	    !in_task() || (current->flags & (PF_KTHREAD | PF_EXITING)) ||
	    READ_ONCE(sc->ds_closed))
		return;
	h = hash_ptr(current, DT_WAITBITS);
	for (i = 0; i < DT_WAITPROBE; i++) {
		w = &pool[(h + i) & (DT_NWAITERS - 1)];
		t = READ_ONCE(w->w_task);
		if (t == current)
			return;		/* waits already */
		if (t == NULL && cmpxchg(&w->w_task, NULL, current) == NULL)
			goto claimed;
	}
	atomic64_inc(&sc->ds_nowait);
	return;
claimed:
	w->w_sc = sc;
	w->w_cpu = cpu;
	kref_get(&sc->ds_ref);		/* the file holds one: not the last */
	__module_get(THIS_MODULE);
	init_task_work(&w->w_cb, dt_wait_run);
	if (task_work_add(current, &w->w_cb, TWA_RESUME) != 0) {
		module_put(THIS_MODULE);
		kref_put(&sc->ds_ref, dt_sc_free);	/* never the last */
		smp_store_release(&w->w_task, NULL);
	}
}
