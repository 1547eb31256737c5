// SPDX-License-Identifier: ISC OR GPL-2.0
/*
 * dt(4) rings: each descriptor's per-CPU event rings, written by the
 * fire path and read by read(2) and poll(2), and the reader wakeups.
 */

#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/version.h>
#include <linux/vmalloc.h>

#include "dt_core.h"

#define DT_WAKEUP_NS	(1000 * NSEC_PER_USEC)	/* reader wakeup batching */

/*
 * Waiting readers and pollers look at the rings without a lock, under
 * RCU (dt_pending()), as handlers that saw the descriptor recording may
 * still do: unpublish them, wait for those, then free them.
 */
static void dt_ring_free(struct dt_ring *);

void
dt_rings_free(struct dt_softc *sc)
{
	struct dt_ring **rings = sc->ds_rings, *r;
	unsigned int cpu;

	if (rings == NULL)
		return;
	WRITE_ONCE(sc->ds_rings, NULL);
	synchronize_rcu();
	for_each_possible_cpu(cpu) {
		r = rings[cpu];
		if (r == NULL)
			continue;
		sc->ds_olddrops += local_read(&r->dr_drops);
		sc->ds_oldirqdrops += local_read(&r->dr_irqdrops);
		sc->ds_oldrecur += local_read(&r->dr_recur);
		sc->ds_oldskip += local_read(&r->dr_skip);
		dt_ring_free(r);
	}
	kfree(rings);
}

static void
dt_ring_free(struct dt_ring *r)
{
	if (r == NULL)
		return;
	vfree(r->dr_data);
	free_page((unsigned long)r->dr_ctl);
	kfree(r);
}

/*
 * The rings are published whole, under ds_mlock, which mmap(2) takes
 * too; the data and the control page are zeroed, as userland may map
 * them before anything is written.
 */
int
dt_rings_alloc_locked(struct dt_softc *sc)
{
	struct dt_ring **rings, *r;
	unsigned int cpu;

	lockdep_assert_held(&sc->ds_mlock);
	if (sc->ds_rings != NULL)
		return 0;
	rings = kcalloc(nr_cpu_ids, sizeof(*rings), GFP_KERNEL);
	if (rings == NULL)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		r = kzalloc_node(sizeof(*r), GFP_KERNEL, cpu_to_node(cpu));
		if (r == NULL)
			goto fail;
		rings[cpu] = r;
		r->dr_size = sc->ds_bufsize;
		r->dr_data = vzalloc_node(r->dr_size, cpu_to_node(cpu));
		r->dr_ctl = (struct dt_mmctl *)get_zeroed_page(GFP_KERNEL);
		if (r->dr_data == NULL || r->dr_ctl == NULL)
			goto fail;
		r->dr_ctl->dtmc_size = r->dr_size;
	}
	smp_store_release(&sc->ds_rings, rings);
	return 0;
fail:
	for_each_possible_cpu(cpu)
		dt_ring_free(rings[cpu]);
	kfree(rings);
	return -ENOMEM;
}

int
dt_rings_alloc(struct dt_softc *sc)
{
	int error;

	mutex_lock(&sc->ds_mlock);
	error = dt_rings_alloc_locked(sc);
	mutex_unlock(&sc->ds_mlock);
	return error;
}

/*
 * The tail, as the consumer left it in the control page, where a
 * hostile one may write anything: one not a multiple of 8, ahead of
 * the head or more than the ring behind it reads as a full ring.
 */
u64
dt_ring_tail(const struct dt_ring *r, u64 head)
{
	u64 tail = smp_load_acquire(&r->dr_ctl->dtmc_tail);

	if ((tail & 7) || head - tail > r->dr_size)
		return head - r->dr_size;
	return tail;
}

/* Room for need bytes at *headp, after a pad record if need be. */
struct dt_evt *
dt_ring_reserve(struct dt_ring *r, u32 need, u64 *headp)
{
	u64 head = r->dr_head, tail = dt_ring_tail(r, head);
	u32 off = head & (r->dr_size - 1);
	u32 contig = r->dr_size - off, pad = 0;
	struct dt_evt *ev;

	if (contig < need)
		pad = contig;
	if (head + pad + need - tail > r->dr_size)
		return NULL;
	if (pad) {
		ev = (struct dt_evt *)(r->dr_data + off);
		ev->dtev_len = pad;
		ev->dtev_pbn = 0;
		head += pad;
		off = 0;
	}
	*headp = head;
	return (struct dt_evt *)(r->dr_data + off);
}

/* Whether events wait; without ds_rlock (see dt_rings_free()). */
static bool
dt_pending(struct dt_softc *sc)
{
	struct dt_ring **rings, *r;
	unsigned int cpu;
	bool pending = false;

	rcu_read_lock();
	rings = smp_load_acquire(&sc->ds_rings);
	if (rings != NULL) {
		for_each_possible_cpu(cpu) {
			r = rings[cpu];
			if (smp_load_acquire(&r->dr_head) !=
			    READ_ONCE(r->dr_ctl->dtmc_tail)) {
				pending = true;
				break;
			}
		}
	}
	rcu_read_unlock();
	return pending;
}

/*
 * Reader wakeups: probes may fire in NMI or under scheduler locks, so
 * they only queue an irq_work, which arms a timer that wakes the reader
 * DT_WAKEUP_NS later, once for every event that came meanwhile.  A ring
 * half full wakes it at once.
 */
static enum hrtimer_restart
dt_wakeup_timer(struct hrtimer *timer)
{
	struct dt_softc *sc = container_of(timer, struct dt_softc, ds_wtimer);

	clear_bit(0, &sc->ds_wpending);
	wake_up_interruptible(&sc->ds_wq);
	return HRTIMER_NORESTART;
}

static void
dt_wakeup_soon(struct irq_work *work)
{
	struct dt_softc *sc = container_of(work, struct dt_softc, ds_work);

	hrtimer_start(&sc->ds_wtimer, ns_to_ktime(DT_WAKEUP_NS),
	    HRTIMER_MODE_REL_SOFT);
}

static void
dt_wakeup_now(struct irq_work *work)
{
	struct dt_softc *sc = container_of(work, struct dt_softc,
	    ds_worknow);

	wake_up_interruptible(&sc->ds_wq);
}

/*
 * Publish an event written up to head on this CPU's ring r, and wake
 * the readers and pollers waiting: soon, or at once if the ring is half
 * full.  Returns the bytes the ring holds, at most.
 */
u64
dt_ring_commit(struct dt_softc *sc, struct dt_ring *r, u64 head)
{
	u64 fill;

	smp_store_release(&r->dr_head, head);
	smp_store_release(&r->dr_ctl->dtmc_head, head);
	fill = head - dt_ring_tail(r, head);
	if (fill > r->dr_hiwat)
		WRITE_ONCE(r->dr_hiwat, fill);
	/*
	 * Anyone on the wait queue, a reader in read(2) or a poller, gets
	 * the wakeup: each waits there on its own, so that one returning
	 * cannot hide another still waiting.  wq_has_sleeper() publishes
	 * head before it looks (a full barrier); it pairs with the barrier
	 * a waiter passes between queueing itself and testing the rings.
	 */
	if (wq_has_sleeper(&sc->ds_wq)) {
		if (fill >= r->dr_size / 2)
			irq_work_queue(&sc->ds_worknow);
		else if (!test_bit(0, &sc->ds_wpending) &&
		    !test_and_set_bit(0, &sc->ds_wpending))
			irq_work_queue(&sc->ds_work);
	}
	return fill;
}

/* At open: the wakeup machinery; rings come with DTIOCRECORD. */
void
dt_ring_init(struct dt_softc *sc)
{
	mutex_init(&sc->ds_rlock);
	mutex_init(&sc->ds_mlock);
	init_waitqueue_head(&sc->ds_wq);
	init_irq_work(&sc->ds_work, dt_wakeup_soon);
	init_irq_work(&sc->ds_worknow, dt_wakeup_now);
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
	hrtimer_setup(&sc->ds_wtimer, dt_wakeup_timer, CLOCK_MONOTONIC,
	    HRTIMER_MODE_REL_SOFT);
#else
	hrtimer_init(&sc->ds_wtimer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	sc->ds_wtimer.function = dt_wakeup_timer;
#endif
}

/* At close, once no handler sees the descriptor: wakeups, then rings. */
void
dt_ring_fini(struct dt_softc *sc)
{
	irq_work_sync(&sc->ds_work);
	irq_work_sync(&sc->ds_worknow);
	hrtimer_cancel(&sc->ds_wtimer);
	dt_rings_free(sc);
}

/*
 * read(2): whole events, from each CPU's ring in turn.
 */

/*
 * Whether the record at the tail is one the kernel wrote: a tail moved
 * by a mapping may point into the middle of one.
 */
static bool
dt_record_ok(const struct dt_ring *r, const struct dt_evt *ev, u64 avail)
{
	u32 off = (const char *)ev - r->dr_data, elen = ev->dtev_len;

	if (elen < 8 || (elen & 7) || elen > avail || elen > r->dr_size - off)
		return false;
	return ev->dtev_pbn == 0 || elen >= sizeof(*ev);
}

static ssize_t
dt_copyout(struct dt_softc *sc, char __user *buf, size_t len)
{
	struct dt_ring **rings = READ_ONCE(sc->ds_rings), *r;
	struct dt_evt *ev;
	unsigned int cpu, i;
	size_t done = 0;
	u64 head, tail;
	u32 elen;

	if (rings == NULL)
		return 0;
	for (i = 0; i < nr_cpu_ids; i++) {
		cpu = (sc->ds_nextcpu + i) % nr_cpu_ids;
		r = rings[cpu];
		if (r == NULL)
			continue;
		head = smp_load_acquire(&r->dr_head);
		tail = dt_ring_tail(r, head);
		while (tail != head) {
			ev = (struct dt_evt *)(r->dr_data +
			    (tail & (r->dr_size - 1)));
			elen = ev->dtev_len;
			if (!dt_record_ok(r, ev, head - tail)) {
				tail = head;	/* a consumer's bad tail */
				break;
			}
			if (ev->dtev_pbn == 0) {
				tail += elen;
				continue;
			}
			if (elen > len - done) {
				smp_store_release(&r->dr_ctl->dtmc_tail, tail);
				sc->ds_nextcpu = cpu;
				return done ? done : -EMSGSIZE;
			}
			if (copy_to_user(buf + done, ev, elen)) {
				smp_store_release(&r->dr_ctl->dtmc_tail, tail);
				return done ? done : -EFAULT;
			}
			done += elen;
			tail += elen;
			WRITE_ONCE(sc->ds_readevt, sc->ds_readevt + 1);
		}
		smp_store_release(&r->dr_ctl->dtmc_tail, tail);
	}
	sc->ds_nextcpu = (sc->ds_nextcpu + 1) % nr_cpu_ids;
	return done;
}

/*
 * Readers of one descriptor take turns at copying events out (ds_rlock),
 * but none holds the turn while it sleeps, and an O_NONBLOCK reader
 * never waits for it: EAGAIN if another reader is copying right now.
 */
ssize_t
dt_read(struct file *file, char __user *buf, size_t len, loff_t *ppos)
{
	struct dt_softc *sc = file->private_data;
	bool recording;
	ssize_t n;
	int error;

	for (;;) {
		if (file->f_flags & O_NONBLOCK) {
			if (!mutex_trylock(&sc->ds_rlock))
				return -EAGAIN;
		} else if (mutex_lock_interruptible(&sc->ds_rlock)) {
			return -ERESTARTSYS;
		}
		/* Recording stopped before the copy: nothing comes after. */
		recording = smp_load_acquire(&sc->ds_recording);
		n = dt_copyout(sc, buf, len);
		mutex_unlock(&sc->ds_rlock);
		if (n > 0)
			dt_wait_wake(sc);	/* room was made */
		if (n != 0 || !recording)
			return n;	/* events, an error, or end of stream */
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		error = wait_event_interruptible(sc->ds_wq,
		    !READ_ONCE(sc->ds_recording) || dt_pending(sc));
		if (error)
			return error;
	}
}

__poll_t
dt_poll(struct file *file, poll_table *wait)
{
	struct dt_softc *sc = file->private_data;
	__poll_t mask = 0;

	dt_wait_wake(sc);	/* a mapped reader that polls has made room */
	poll_wait(file, &sc->ds_wq, wait);
	smp_mb();	/* queued before testing: see dt_ring_commit() */
	if (dt_pending(sc))
		mask |= EPOLLIN | EPOLLRDNORM;
	return mask;
}
