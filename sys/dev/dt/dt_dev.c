// SPDX-License-Identifier: ISC OR GPL-2.0
/*
 * dt(4): the probe-independent core.  The /dev/dt device, its sysctl,
 * the per-open state with its enablings and per-CPU rings, the fire
 * path every provider calls, and the pid filter.
 *
 * Locking: dt_lock serialises every configuration change: ioctls,
 * close, provider hooks, module load and unload.  The fire path takes
 * no lock: enablings hang off their probe on an RCU list walked with
 * preemption disabled, and each descriptor has one ring per CPU with a
 * single producer, that CPU, guarded against nesting (an interrupt or
 * NMI probe firing while the CPU is recording) by a per-ring counter.
 * Readers of one descriptor are serialised by ds_rlock.
 */

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/hrtimer.h>
#include <linux/irq_work.h>
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/rculist.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task_stack.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/stacktrace.h>
#include <linux/sysctl.h>
#include <linux/timekeeping.h>
#include <linux/tracepoint.h>
#include <linux/uaccess.h>
#include <linux/version.h>
#include <linux/vmalloc.h>
#include <linux/xarray.h>
#include <asm/local.h>
#include <asm/ptrace.h>

#include "dt_prov.h"

#define DT_MAXPROBES	65536		/* static and created probes */
#define DT_PIDSET_MAX	65536		/* processes one pid filter follows */
#define DT_WAKEUP_NS	(1000 * NSEC_PER_USEC)	/* reader wakeup batching */

static int dt_allowdt;
module_param_named(allowdt, dt_allowdt, int, 0);
MODULE_PARM_DESC(allowdt, "allow opening /dev/dt (sysctl kern.allowdt)");

static DEFINE_MUTEX(dt_lock);
static LIST_HEAD(dt_providers);
static LIST_HEAD(dt_probes);
static DEFINE_XARRAY_ALLOC1(dt_probe_ids);
static unsigned int dt_nprobes;

/* Descriptors recording with a pid filter, for the fork and exit hooks. */
static LIST_HEAD(dt_following);
static struct tracepoint *dt_tp_fork, *dt_tp_exit;

/*
 * A ring: dr_head and dr_tail count bytes ever written and read.  Each
 * event is contiguous; one that would not fit before the end of the
 * buffer is preceded by a pad record (dtev_pbn 0) the reader skips.
 */
struct dt_ring {
	u64		 dr_head;	/* written by this CPU only */
	u64		 dr_tail;	/* written by the reader only */
	local_t		 dr_nesting;	/* recording on this CPU */
	local_t		 dr_drops;	/* ring full */
	local_t		 dr_recur;	/* nested probe */
	local_t		 dr_skip;	/* ticks skipped */
	u32		 dr_hiwat;	/* most bytes held, by this CPU */
	u32		 dr_size;	/* bytes, a power of two */
	char		*dr_data;
};

/* The processes a descriptor records, an open-addressing hash set. */
struct dt_pidset {
	struct rcu_head	 ps_rcu;
	unsigned int	 ps_mask;	/* slots - 1 */
	unsigned int	 ps_used;	/* live pids */
	unsigned int	 ps_tomb;	/* removed slots, still probed over */
	pid_t		 ps_slot[];	/* 0 free, -1 removed */
};

struct dt_softc {
	pid_t			 ds_pid;	/* opener: never recorded */
	bool			 ds_recording;
	struct list_head	 ds_pcbs;	/* enablings, dt_lock */
	struct dt_ring		**ds_rings;	/* nr_cpu_ids, or NULL */
	u32			 ds_bufsize;	/* ring size requested */
	struct mutex		 ds_rlock;	/* readers */
	wait_queue_head_t	 ds_wq;
	struct irq_work		 ds_work;	/* wakeup soon, batched */
	struct irq_work		 ds_worknow;	/* wakeup now: rings filling */
	struct hrtimer		 ds_wtimer;	/* the batched wakeup */
	unsigned long		 ds_wpending;	/* bit 0: ds_wtimer armed */
	int			 ds_sleeping;	/* a reader waits */
	unsigned int		 ds_nextcpu;	/* where read(2) resumes */
	u64			 ds_readevt;	/* written under ds_rlock */
	u64			 ds_olddrops;	/* counters of freed rings */
	u64			 ds_oldrecur;
	u64			 ds_oldskip;
	atomic64_t		 ds_pidovf;
	struct dt_pidset __rcu	*ds_pids;
	spinlock_t		 ds_pidlock;	/* writers of ds_pids */
	struct list_head	 ds_fnext;	/* on dt_following, RCU */
	bool			 ds_following;
};

/*
 * Registration.
 */

int
dt_provider_register(struct dt_provider *dtpv)
{
	lockdep_assert_held(&dt_lock);
	list_add_tail(&dtpv->dtpv_next, &dt_providers);
	return 0;
}

struct dt_probe *
dt_probe_alloc(const struct dt_provider *dtpv, const char *func,
    const char *name, unsigned int nargs, const struct dt_argdesc *args)
{
	struct dt_probe *dtp;

	if (strlen(func) >= DTNAMESIZE || strlen(name) >= DTNAMESIZE ||
	    nargs > U8_MAX)
		return NULL;
	dtp = kzalloc(sizeof(*dtp), GFP_KERNEL);
	if (dtp == NULL)
		return NULL;
	INIT_LIST_HEAD(&dtp->dtp_pcbs);
	dtp->dtp_prov = dtpv;
	dtp->dtp_nargs = nargs;
	dtp->dtp_args = args;
	strscpy(dtp->dtp_func, func, sizeof(dtp->dtp_func));
	strscpy(dtp->dtp_name, name, sizeof(dtp->dtp_name));
	return dtp;
}

int
dt_probe_insert(struct dt_probe *dtp)
{
	u32 id;
	int error;

	lockdep_assert_held(&dt_lock);
	if (dt_nprobes >= DT_MAXPROBES)
		return -ENOSPC;
	error = xa_alloc(&dt_probe_ids, &id, dtp, xa_limit_31b, GFP_KERNEL);
	if (error)
		return error;
	dtp->dtp_pbn = id;
	list_add_tail(&dtp->dtp_next, &dt_probes);
	dt_nprobes++;
	return 0;
}

struct dt_tpfind {
	const char		*name;
	struct tracepoint	*tp;
};

static void
dt_tpfind_one(struct tracepoint *tp, void *arg)
{
	struct dt_tpfind *f = arg;

	if (strcmp(tp->name, f->name) == 0)
		f->tp = tp;
}

struct tracepoint *
dt_tracepoint_find(const char *name)
{
	struct dt_tpfind f = { .name = name };

	for_each_kernel_tracepoint(dt_tpfind_one, &f);
	return f.tp;
}

static struct dt_probe *
dt_probe_lookup(const struct dt_provider *dtpv, const char *func,
    const char *name)
{
	struct dt_probe *dtp;

	list_for_each_entry(dtp, &dt_probes, dtp_next) {
		if (dtp->dtp_prov == dtpv && strcmp(dtp->dtp_func, func) == 0 &&
		    strcmp(dtp->dtp_name, name) == 0)
			return dtp;
	}
	return NULL;
}

/*
 * The pid filter.  Lookups run in the fire path under sched-RCU;
 * changes take ds_pidlock and replace the table when it fills up.
 */

static unsigned int
dt_pidhash(pid_t pid, unsigned int mask)
{
	return ((u32)pid * 2654435761U) & mask;
}

static bool
dt_pidset_has(const struct dt_pidset *ps, pid_t pid)
{
	unsigned int i, n;
	pid_t p;

	for (i = dt_pidhash(pid, ps->ps_mask), n = 0; n <= ps->ps_mask;
	    i = (i + 1) & ps->ps_mask, n++) {
		p = READ_ONCE(ps->ps_slot[i]);
		if (p == pid)
			return true;
		if (p == 0)
			return false;
	}
	return false;
}

static struct dt_pidset *
dt_pidset_alloc(unsigned int npids, gfp_t gfp)
{
	struct dt_pidset *ps;
	unsigned int slots;

	slots = roundup_pow_of_two(max(64U, npids * 2));
	ps = kzalloc(struct_size(ps, ps_slot, slots), gfp | __GFP_NOWARN);
	if (ps != NULL)
		ps->ps_mask = slots - 1;
	return ps;
}

/* Add to a table known to have room. */
static void
dt_pidset_put(struct dt_pidset *ps, pid_t pid)
{
	unsigned int i;
	pid_t p;

	for (i = dt_pidhash(pid, ps->ps_mask);;
	    i = (i + 1) & ps->ps_mask) {
		p = ps->ps_slot[i];
		if (p == pid)
			return;
		if (p == 0 || p == -1) {
			if (p == -1)
				ps->ps_tomb--;
			WRITE_ONCE(ps->ps_slot[i], pid);
			ps->ps_used++;
			return;
		}
	}
}

/* Called with ds_pidlock; false if the set could not grow. */
static bool
dt_pidset_add(struct dt_softc *sc, pid_t pid)
{
	struct dt_pidset *ps, *nps;
	unsigned int i;

	ps = rcu_dereference_protected(sc->ds_pids,
	    lockdep_is_held(&sc->ds_pidlock));
	if (ps == NULL || dt_pidset_has(ps, pid))
		return true;
	if ((ps->ps_used + ps->ps_tomb + 1) * 4 <= (ps->ps_mask + 1) * 3) {
		dt_pidset_put(ps, pid);
		return true;
	}
	if (ps->ps_used >= DT_PIDSET_MAX)
		return false;
	nps = dt_pidset_alloc(ps->ps_used + 1, GFP_ATOMIC);
	if (nps == NULL)
		return false;
	for (i = 0; i <= ps->ps_mask; i++) {
		if (ps->ps_slot[i] > 0)
			dt_pidset_put(nps, ps->ps_slot[i]);
	}
	dt_pidset_put(nps, pid);
	rcu_assign_pointer(sc->ds_pids, nps);
	kfree_rcu(ps, ps_rcu);
	return true;
}

static void
dt_pidset_del(struct dt_softc *sc, pid_t pid)
{
	struct dt_pidset *ps;
	unsigned int i, n;

	ps = rcu_dereference_protected(sc->ds_pids,
	    lockdep_is_held(&sc->ds_pidlock));
	if (ps == NULL)
		return;
	for (i = dt_pidhash(pid, ps->ps_mask), n = 0; n <= ps->ps_mask;
	    i = (i + 1) & ps->ps_mask, n++) {
		if (ps->ps_slot[i] == 0)
			return;
		if (ps->ps_slot[i] == pid) {
			WRITE_ONCE(ps->ps_slot[i], -1);
			ps->ps_used--;
			ps->ps_tomb++;
			return;
		}
	}
}

/* sched_process_fork: children of followed processes join the set. */
static void
dt_follow_fork(void *data, struct task_struct *parent,
    struct task_struct *child)
{
	struct dt_softc *sc;
	struct dt_pidset *ps;
	unsigned long flags;

	if (child->tgid == parent->tgid)
		return;		/* a new thread: its process is known */
	preempt_disable_notrace();
	list_for_each_entry_rcu(sc, &dt_following, ds_fnext) {
		ps = rcu_dereference_sched(sc->ds_pids);
		if (ps == NULL || !dt_pidset_has(ps, parent->tgid))
			continue;
		spin_lock_irqsave(&sc->ds_pidlock, flags);
		if (!dt_pidset_add(sc, child->tgid))
			atomic64_inc(&sc->ds_pidovf);
		spin_unlock_irqrestore(&sc->ds_pidlock, flags);
	}
	preempt_enable_notrace();
}

/* sched_process_exit: forget a process once its last thread exits. */
static void
dt_follow_exit(void *data, struct task_struct *p)
{
	struct dt_softc *sc;
	unsigned long flags;

	if (atomic_read(&p->signal->live) != 0)
		return;
	preempt_disable_notrace();
	list_for_each_entry_rcu(sc, &dt_following, ds_fnext) {
		spin_lock_irqsave(&sc->ds_pidlock, flags);
		dt_pidset_del(sc, p->tgid);
		spin_unlock_irqrestore(&sc->ds_pidlock, flags);
	}
	preempt_enable_notrace();
}

static int
dt_follow_start(struct dt_softc *sc)
{
	int error;

	lockdep_assert_held(&dt_lock);
	if (rcu_access_pointer(sc->ds_pids) == NULL || sc->ds_following)
		return 0;
	if (list_empty(&dt_following)) {
		if (dt_tp_fork == NULL || dt_tp_exit == NULL)
			return -ENODEV;
		error = tracepoint_probe_register(dt_tp_fork, dt_follow_fork,
		    NULL);
		if (error)
			return error;
		error = tracepoint_probe_register(dt_tp_exit, dt_follow_exit,
		    NULL);
		if (error) {
			tracepoint_probe_unregister(dt_tp_fork, dt_follow_fork,
			    NULL);
			tracepoint_synchronize_unregister();
			return error;
		}
	}
	list_add_tail_rcu(&sc->ds_fnext, &dt_following);
	sc->ds_following = true;
	return 0;
}

/* The caller waits for an RCU grace period before freeing sc. */
static void
dt_follow_stop(struct dt_softc *sc)
{
	lockdep_assert_held(&dt_lock);
	if (!sc->ds_following)
		return;
	list_del_rcu(&sc->ds_fnext);
	sc->ds_following = false;
	if (list_empty(&dt_following)) {
		tracepoint_probe_unregister(dt_tp_fork, dt_follow_fork, NULL);
		tracepoint_probe_unregister(dt_tp_exit, dt_follow_exit, NULL);
	}
}

/*
 * Rings.
 */

static void
dt_rings_free(struct dt_softc *sc)
{
	struct dt_ring *r;
	unsigned int cpu;

	if (sc->ds_rings == NULL)
		return;
	for_each_possible_cpu(cpu) {
		r = sc->ds_rings[cpu];
		if (r == NULL)
			continue;
		sc->ds_olddrops += local_read(&r->dr_drops);
		sc->ds_oldrecur += local_read(&r->dr_recur);
		sc->ds_oldskip += local_read(&r->dr_skip);
		vfree(r->dr_data);
		kfree(r);
	}
	kfree(sc->ds_rings);
	sc->ds_rings = NULL;
}

static int
dt_rings_alloc(struct dt_softc *sc)
{
	struct dt_ring *r;
	unsigned int cpu;

	if (sc->ds_rings != NULL)
		return 0;
	sc->ds_rings = kcalloc(nr_cpu_ids, sizeof(*sc->ds_rings), GFP_KERNEL);
	if (sc->ds_rings == NULL)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		r = kzalloc_node(sizeof(*r), GFP_KERNEL, cpu_to_node(cpu));
		if (r == NULL)
			goto fail;
		sc->ds_rings[cpu] = r;
		r->dr_size = sc->ds_bufsize;
		r->dr_data = vmalloc_node(r->dr_size, cpu_to_node(cpu));
		if (r->dr_data == NULL)
			goto fail;
	}
	return 0;
fail:
	dt_rings_free(sc);
	return -ENOMEM;
}

/* Room for need bytes at *headp, after a pad record if need be. */
static struct dt_evt *
dt_ring_reserve(struct dt_ring *r, u32 need, u64 *headp)
{
	u64 head = r->dr_head, tail = smp_load_acquire(&r->dr_tail);
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

static bool
dt_pending(struct dt_softc *sc)
{
	struct dt_ring *r;
	unsigned int cpu;

	if (sc->ds_rings == NULL)
		return false;
	for_each_possible_cpu(cpu) {
		r = sc->ds_rings[cpu];
		if (smp_load_acquire(&r->dr_head) != READ_ONCE(r->dr_tail))
			return true;
	}
	return false;
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
 * Filling an event.
 */

/*
 * Kernel stack of the current context, without dt's own frames, or
 * only the frames after the last one returning to "after".
 */
static unsigned int
dt_kstack(u64 *pcs, unsigned long after)
{
	unsigned long *e = (unsigned long *)pcs;
	unsigned int n, i, skip = 0;

	n = stack_trace_save(e, DTMAXSTACKDEPTH, 0);
	for (i = 0; i < n && i < 16; i++) {
		if (within_module(e[i], THIS_MODULE))
			skip = i + 1;
	}
	for (i = skip; after != 0 && i < n && i < 32; i++) {
		if (e[i] == after)
			skip = i + 1;
	}
	if (skip)
		memmove(e, e + skip, (n - skip) * sizeof(*e));
	return n - skip;
}

/*
 * User stack by the frame-pointer chain: code built without frame
 * pointers yields a short or wrong stack, as with perf's default.
 */
static unsigned int
dt_ustack(u64 *pcs, struct pt_regs *regs)
{
	struct { u64 next, ret; } fr;
	unsigned int n = 0;
	u64 fp;

	if (current->mm == NULL || (current->flags & PF_KTHREAD))
		return 0;
	if (regs == NULL || !user_mode(regs))
		regs = task_pt_regs(current);
#ifdef CONFIG_X86_64
	if (!user_64bit_mode(regs))
		return 0;
#endif
	pcs[n++] = instruction_pointer(regs);
	fp = regs->bp;
	while (n < DTMAXSTACKDEPTH) {
		if (fp == 0 || (fp & 7) || fp >= TASK_SIZE_MAX - sizeof(fr))
			break;
		if (copy_from_user_nofault(&fr, (void __user *)fp, sizeof(fr)))
			break;
		if (fr.ret == 0)
			break;
		pcs[n++] = fr.ret;
		if (fr.next <= fp)
			break;
		fp = fr.next;
	}
	return n;
}

static long
dt_copy_nofault(void *dst, u64 src, size_t len, bool kernel)
{
	if (kernel)
		return copy_from_kernel_nofault(dst, (const void *)src, len);
	return copy_from_user_nofault(dst, (const void __user *)src, len);
}

/*
 * Copy a NUL-terminated string of at most max - 1 bytes, a page at a
 * time so that a string ending before an unmapped page is read whole.
 */
static void
dt_str(struct dt_evt_str *es, unsigned int argn, u64 addr, u32 max,
    bool kernel)
{
	char *text = dt_evt_str_text(es), c;
	u32 got = 0, chunk;
	char *nul;

	es->dtes_argn = argn;
	es->dtes_flags = 0;
	es->dtes_pad = 0;
	while (got < max - 1) {
		chunk = min_t(u32, max - 1 - got,
		    PAGE_SIZE - ((addr + got) & (PAGE_SIZE - 1)));
		if (dt_copy_nofault(text + got, addr + got, chunk, kernel)) {
			es->dtes_flags |= DTSTR_FAULT;
			break;
		}
		nul = memchr(text + got, '\0', chunk);
		if (nul != NULL) {
			got = nul - text;
			goto done;
		}
		got += chunk;
	}
	if (got == max - 1 && dt_copy_nofault(&c, addr + got, 1, kernel) == 0 &&
	    c != '\0')
		es->dtes_flags |= DTSTR_TRUNC;
done:
	text[got] = '\0';
	es->dtes_len = got;
}

static u32
dt_evt_fill(struct dt_evt *ev, struct dt_pcb *dp, const struct dt_fire *df,
    unsigned int cpu)
{
	struct task_struct *t = current;
	const struct cred *cred = current_cred();
	struct dt_probe *dtp = dp->dp_dtp;
	u32 flags = dp->dp_flags;
	struct dt_evt_str *es;
	unsigned int i, n;
	u64 *p;

	ev->dtev_pbn = dtp->dtp_pbn;
	ev->dtev_cpu = cpu;
	ev->dtev_pid = t->tgid;
	ev->dtev_tid = t->pid;
	ev->dtev_ppid = rcu_dereference_sched(t->real_parent)->tgid;
	ev->dtev_uid = __kuid_val(cred->uid);
	ev->dtev_gid = __kgid_val(cred->gid);
	ev->dtev_nargs = 0;
	ev->dtev_nkstack = 0;
	ev->dtev_nustack = 0;
	ev->dtev_nstrs = 0;
	ev->dtev_tsp = ktime_get_mono_fast_ns();
	if (flags & DTEVT_EXECNAME) {
		memcpy(ev->dtev_comm, t->comm, sizeof(ev->dtev_comm));
		ev->dtev_comm[sizeof(ev->dtev_comm) - 1] = '\0';
	} else {
		memset(ev->dtev_comm, 0, sizeof(ev->dtev_comm));
	}
	if (df->df_return) {
		flags = (flags & ~DTEVT_FUNCARGS) | DTEVT_RETURN;
		ev->dtev_retval = df->df_retval;
		ev->dtev_errno = df->df_errno;
	} else {
		ev->dtev_retval = 0;
		ev->dtev_errno = 0;
	}
	ev->dtev_pad = 0;
	ev->dtev_flags = flags;

	p = (u64 *)(ev + 1);
	if ((flags & DTEVT_FUNCARGS) && df->df_args != NULL) {
		n = min_t(unsigned int, df->df_nargs, DTMAXFUNCARGS);
		memcpy(p, df->df_args, n * sizeof(*p));
		ev->dtev_nargs = n;
		p += n;
	}
	if (flags & DTEVT_KSTACK) {
		n = dt_kstack(p, df->df_kstack_after);
		ev->dtev_nkstack = n;
		p += n;
	}
	if (flags & DTEVT_USTACK) {
		n = dt_ustack(p, df->df_regs);
		ev->dtev_nustack = n;
		p += n;
	}
	es = (struct dt_evt_str *)p;
	for (i = 0; dp->dp_strargs != 0 && !df->df_return &&
	    i < df->df_nargs && i < DTMAXFUNCARGS; i++) {
		if (!(dp->dp_strargs & (1U << i)))
			continue;
		dt_str(es, i, df->df_args[i], dp->dp_strlen,
		    i < dtp->dtp_nargs && dtp->dtp_args != NULL &&
		    (dtp->dtp_args[i].da_flags & DTARG_KSTR));
		ev->dtev_nstrs++;
		es = dt_evt_str_next(es);
	}
	ev->dtev_len = (char *)es - (char *)ev;
	return ev->dtev_len;
}

/*
 * The fire path.
 */

void
dt_pcb_fire(struct dt_pcb *dp, const struct dt_fire *df)
{
	struct dt_softc *sc = dp->dp_sc;
	struct dt_pidset *ps;
	struct dt_ring *r;
	struct dt_evt *ev;
	unsigned int cpu;
	u64 head, fill;

	if (!smp_load_acquire(&sc->ds_recording))
		return;
	if (current->tgid == sc->ds_pid)
		return;
	ps = rcu_dereference_sched(sc->ds_pids);
	if (ps != NULL && !dt_pidset_has(ps, current->tgid))
		return;
	cpu = smp_processor_id();
	r = sc->ds_rings[cpu];
	if (local_inc_return(&r->dr_nesting) != 1) {
		local_inc(&r->dr_recur);
		atomic64_inc(&dp->dp_drops);
		goto out;
	}
	ev = dt_ring_reserve(r, dp->dp_maxlen, &head);
	if (ev == NULL) {
		local_inc(&r->dr_drops);
		atomic64_inc(&dp->dp_drops);
		goto out;
	}
	head += dt_evt_fill(ev, dp, df, cpu);
	smp_store_release(&r->dr_head, head);
	/* The reader only frees space: this is an upper bound, and cheap. */
	fill = head - READ_ONCE(r->dr_tail);
	if (fill > r->dr_hiwat)
		WRITE_ONCE(r->dr_hiwat, fill);
	smp_mb();	/* publish head before looking for a sleeper */
	if (READ_ONCE(sc->ds_sleeping)) {
		if (head - READ_ONCE(r->dr_tail) >= r->dr_size / 2)
			irq_work_queue(&sc->ds_worknow);
		else if (!test_bit(0, &sc->ds_wpending) &&
		    !test_and_set_bit(0, &sc->ds_wpending))
			irq_work_queue(&sc->ds_work);
	}
out:
	local_dec(&r->dr_nesting);
}

void
dt_probe_fire(struct dt_probe *dtp, const struct dt_fire *df)
{
	struct dt_pcb *dp;

	if (list_empty(&dtp->dtp_pcbs) || unlikely(!rcu_is_watching()))
		return;
	preempt_disable_notrace();
	list_for_each_entry_rcu(dp, &dtp->dtp_pcbs, dp_pnext)
		dt_pcb_fire(dp, df);
	preempt_enable_notrace();
}

void
dt_pcb_skiptick(struct dt_pcb *dp, u64 n)
{
	struct dt_softc *sc = dp->dp_sc;

	if (READ_ONCE(sc->ds_recording) && sc->ds_rings != NULL)
		local_add(n, &sc->ds_rings[smp_processor_id()]->dr_skip);
}

/*
 * Enablings.
 */

static struct dt_pcb *
dt_pcb_lookup(struct dt_softc *sc, struct dt_probe *dtp)
{
	struct dt_pcb *dp;

	list_for_each_entry(dp, &sc->ds_pcbs, dp_snext) {
		if (dp->dp_dtp == dtp)
			return dp;
	}
	return NULL;
}

/* Unlink; the caller waits for handlers, then calls dt_pcb_free(). */
static void
dt_pcb_unlink(struct dt_pcb *dp)
{
	struct dt_probe *dtp = dp->dp_dtp;

	list_del_rcu(&dp->dp_pnext);
	list_del(&dp->dp_snext);
	if (--dtp->dtp_nenabled == 0 && dtp->dtp_prov->dtpv_disable)
		dtp->dtp_prov->dtpv_disable(dtp);
}

static void
dt_pcb_free(struct dt_pcb *dp)
{
	if (dp->dp_dtp->dtp_prov->dtpv_dealloc)
		dp->dp_dtp->dtp_prov->dtpv_dealloc(dp);
	kfree(dp);
}

static int
dt_ioc_enable(struct dt_softc *sc, const struct dtioc_req *dtrq)
{
	const struct dt_provider *dtpv;
	struct dt_probe *dtp;
	struct dt_pcb *dp;
	unsigned int nstrs;
	u32 strlen;
	int error;

	if (dtrq->dtrq_flags & ~DTEVT_FLAGS || dtrq->dtrq_pad ||
	    dtrq->dtrq_spare[0] || dtrq->dtrq_spare[1])
		return -EINVAL;
	dtp = xa_load(&dt_probe_ids, dtrq->dtrq_pbn);
	if (dtp == NULL)
		return -ENOENT;
	dtpv = dtp->dtp_prov;
	if (dtpv->dtpv_flags & DTPV_PERIODIC) {
		if (dtrq->dtrq_nsecs < DTMINNSECS ||
		    dtrq->dtrq_nsecs > DTMAXNSECS)
			return -EINVAL;
	} else if (dtrq->dtrq_nsecs != 0) {
		return -EINVAL;
	}
	nstrs = hweight16(dtrq->dtrq_strargs);
	strlen = dtrq->dtrq_strlen ? dtrq->dtrq_strlen : DTDEFSTRLEN;
	if (nstrs > DTMAXSTRS || strlen < 2 || strlen > DTMAXSTRLEN ||
	    (dtrq->dtrq_strargs >> min_t(unsigned int, dtp->dtp_nargs,
	    DTMAXFUNCARGS)) != 0 || (nstrs == 0 && dtrq->dtrq_strlen != 0))
		return -EINVAL;
	if (sc->ds_recording)
		return -EBUSY;
	if (dt_pcb_lookup(sc, dtp) != NULL)
		return -EEXIST;

	dp = kzalloc(sizeof(*dp), GFP_KERNEL);
	if (dp == NULL)
		return -ENOMEM;
	dp->dp_dtp = dtp;
	dp->dp_sc = sc;
	dp->dp_flags = dtrq->dtrq_flags;
	dp->dp_nsecs = dtrq->dtrq_nsecs;
	dp->dp_strargs = dtrq->dtrq_strargs;
	dp->dp_strlen = strlen;
	dp->dp_maxlen = sizeof(struct dt_evt) +
	    nstrs * (sizeof(struct dt_evt_str) + DT_ALIGN(strlen));
	if (dp->dp_flags & DTEVT_FUNCARGS)
		dp->dp_maxlen += DTMAXFUNCARGS * sizeof(u64);
	if (dp->dp_flags & DTEVT_KSTACK)
		dp->dp_maxlen += DTMAXSTACKDEPTH * sizeof(u64);
	if (dp->dp_flags & DTEVT_USTACK)
		dp->dp_maxlen += DTMAXSTACKDEPTH * sizeof(u64);
	if (dtpv->dtpv_alloc) {
		error = dtpv->dtpv_alloc(dp);
		if (error) {
			kfree(dp);
			return error;
		}
	}
	if (dtp->dtp_nenabled == 0 && dtpv->dtpv_enable) {
		error = dtpv->dtpv_enable(dtp);
		if (error) {
			dt_pcb_free(dp);
			return error;
		}
	}
	dtp->dtp_nenabled++;
	list_add_tail_rcu(&dp->dp_pnext, &dtp->dtp_pcbs);
	list_add_tail(&dp->dp_snext, &sc->ds_pcbs);
	return 0;
}

static int
dt_ioc_disable(struct dt_softc *sc, const struct dtioc_req *dtrq)
{
	struct dt_probe *dtp;
	struct dt_pcb *dp;

	dtp = xa_load(&dt_probe_ids, dtrq->dtrq_pbn);
	if (dtp == NULL)
		return -ENOENT;
	dp = dt_pcb_lookup(sc, dtp);
	if (dp == NULL)
		return -ENOENT;
	if (sc->ds_recording)
		return -EBUSY;
	dt_pcb_unlink(dp);
	tracepoint_synchronize_unregister();
	dt_pcb_free(dp);
	return 0;
}

static void
dt_record_stop(struct dt_softc *sc)
{
	struct dt_pcb *dp;

	if (!sc->ds_recording)
		return;
	list_for_each_entry(dp, &sc->ds_pcbs, dp_snext) {
		if (dp->dp_dtp->dtp_prov->dtpv_stop)
			dp->dp_dtp->dtp_prov->dtpv_stop(dp);
	}
	smp_store_release(&sc->ds_recording, false);
	dt_follow_stop(sc);
	wake_up_interruptible(&sc->ds_wq);
}

static int
dt_record_start(struct dt_softc *sc)
{
	struct dt_pcb *dp, *started;
	int error;

	if (sc->ds_recording)
		return -EBUSY;
	if (list_empty(&sc->ds_pcbs))
		return -ENOENT;
	mutex_lock(&sc->ds_rlock);
	error = dt_rings_alloc(sc);
	mutex_unlock(&sc->ds_rlock);
	if (error)
		return error;
	error = dt_follow_start(sc);
	if (error)
		return error;
	smp_store_release(&sc->ds_recording, true);
	list_for_each_entry(dp, &sc->ds_pcbs, dp_snext) {
		if (dp->dp_dtp->dtp_prov->dtpv_start == NULL)
			continue;
		error = dp->dp_dtp->dtp_prov->dtpv_start(dp);
		if (error)
			goto fail;
	}
	return 0;
fail:
	started = dp;
	list_for_each_entry(dp, &sc->ds_pcbs, dp_snext) {
		if (dp == started)
			break;
		if (dp->dp_dtp->dtp_prov->dtpv_stop)
			dp->dp_dtp->dtp_prov->dtpv_stop(dp);
	}
	smp_store_release(&sc->ds_recording, false);
	dt_follow_stop(sc);
	return error;
}

static int
dt_ioc_setpids(struct dt_softc *sc, const struct dtioc_pids *dtpf)
{
	struct dt_pidset *ps = NULL, *old;
	unsigned int i;

	if (dtpf->dtpf_npids > DTMAXPIDS || dtpf->dtpf_pad)
		return -EINVAL;
	for (i = 0; i < dtpf->dtpf_npids; i++) {
		if (dtpf->dtpf_pids[i] <= 0)
			return -EINVAL;
	}
	if (sc->ds_recording)
		return -EBUSY;
	if (dtpf->dtpf_npids > 0) {
		ps = dt_pidset_alloc(dtpf->dtpf_npids, GFP_KERNEL);
		if (ps == NULL)
			return -ENOMEM;
		for (i = 0; i < dtpf->dtpf_npids; i++)
			dt_pidset_put(ps, dtpf->dtpf_pids[i]);
	}
	spin_lock_irq(&sc->ds_pidlock);
	old = rcu_dereference_protected(sc->ds_pids,
	    lockdep_is_held(&sc->ds_pidlock));
	rcu_assign_pointer(sc->ds_pids, ps);
	spin_unlock_irq(&sc->ds_pidlock);
	if (old != NULL)
		kfree_rcu(old, ps_rcu);
	return 0;
}

static int
dt_ioc_setbufsize(struct dt_softc *sc, const struct dtioc_bufsize *dtbs)
{
	if (dtbs->dtbs_pad || dtbs->dtbs_size < DTMINBUFSIZE ||
	    dtbs->dtbs_size > DTMAXBUFSIZE)
		return -EINVAL;
	if (sc->ds_recording)
		return -EBUSY;
	mutex_lock(&sc->ds_rlock);
	/* Handlers that saw the descriptor recording may still run. */
	synchronize_rcu();
	dt_rings_free(sc);
	sc->ds_bufsize = roundup_pow_of_two(dtbs->dtbs_size);
	mutex_unlock(&sc->ds_rlock);
	return 0;
}

static void
dt_ioc_stats(struct dt_softc *sc, struct dtioc_stat *st)
{
	struct dt_ring *r;
	unsigned int cpu;

	/*
	 * dt_lock keeps the rings; not ds_rlock, which a reader blocked
	 * in read(2) holds.
	 */
	memset(st, 0, sizeof(*st));
	st->dtst_readevt = READ_ONCE(sc->ds_readevt);
	st->dtst_dropevt = sc->ds_olddrops;
	st->dtst_recurevt = sc->ds_oldrecur;
	st->dtst_skiptick = sc->ds_oldskip;
	if (sc->ds_rings != NULL) {
		for_each_possible_cpu(cpu) {
			r = sc->ds_rings[cpu];
			st->dtst_dropevt += local_read(&r->dr_drops);
			st->dtst_recurevt += local_read(&r->dr_recur);
			st->dtst_skiptick += local_read(&r->dr_skip);
		}
	}
	st->dtst_pidovf = atomic64_read(&sc->ds_pidovf);
}

/*
 * DTIOCGDROPS.  dt_lock keeps the rings and the enablings; the arrays
 * are built in the kernel, then copied out.
 */
static long
dt_ioc_drops(struct dt_softc *sc, struct dtioc_drops *dd)
{
	struct dtioc_cpustat *cs = NULL;
	struct dtioc_probestat *ps = NULL;
	struct dt_ring *r;
	struct dt_pcb *dp;
	unsigned int cpu, ncpu = nr_cpu_ids, nprobe = 0, i = 0;
	long error = 0;

	list_for_each_entry(dp, &sc->ds_pcbs, dp_snext)
		nprobe++;
	if (dd->dtdp_ncpu == 0 && dd->dtdp_nprobe == 0) {
		dd->dtdp_ncpu = ncpu;
		dd->dtdp_nprobe = nprobe;
		return 0;
	}
	if (dd->dtdp_ncpu < ncpu || dd->dtdp_nprobe < nprobe) {
		dd->dtdp_ncpu = ncpu;
		dd->dtdp_nprobe = nprobe;
		return -ENOSPC;
	}
	cs = kcalloc(ncpu, sizeof(*cs), GFP_KERNEL);
	ps = kcalloc(nprobe + 1, sizeof(*ps), GFP_KERNEL);
	if (cs == NULL || ps == NULL) {
		error = -ENOMEM;
		goto out;
	}
	if (sc->ds_rings != NULL) {
		for_each_possible_cpu(cpu) {
			r = sc->ds_rings[cpu];
			cs[cpu].dtcs_dropevt = local_read(&r->dr_drops);
			cs[cpu].dtcs_recurevt = local_read(&r->dr_recur);
			cs[cpu].dtcs_skiptick = local_read(&r->dr_skip);
			cs[cpu].dtcs_hiwat = READ_ONCE(r->dr_hiwat);
			cs[cpu].dtcs_size = r->dr_size;
		}
	}
	list_for_each_entry(dp, &sc->ds_pcbs, dp_snext) {
		ps[i].dtps_pbn = dp->dp_dtp->dtp_pbn;
		ps[i].dtps_dropevt = atomic64_read(&dp->dp_drops);
		i++;
	}
	if (copy_to_user(u64_to_user_ptr(dd->dtdp_cpus), cs,
	    ncpu * sizeof(*cs)) ||
	    copy_to_user(u64_to_user_ptr(dd->dtdp_probes), ps,
	    nprobe * sizeof(*ps)))
		error = -EFAULT;
	dd->dtdp_ncpu = ncpu;
	dd->dtdp_nprobe = nprobe;
out:
	kfree(cs);
	kfree(ps);
	return error;
}

static void
dt_probe_info(const struct dt_probe *dtp, struct dtioc_probe_info *pi)
{
	memset(pi, 0, sizeof(*pi));
	pi->dtpi_pbn = dtp->dtp_pbn;
	pi->dtpi_nargs = dtp->dtp_nargs;
	strscpy(pi->dtpi_prov, dtp->dtp_prov->dtpv_name, DTNAMESIZE);
	strscpy(pi->dtpi_func, dtp->dtp_func, DTNAMESIZE);
	strscpy(pi->dtpi_name, dtp->dtp_name, DTNAMESIZE);
}

static int
dt_ioc_plist(struct dtioc_probe *dtpr)
{
	struct dtioc_probe_info pi;
	struct dt_probe *dtp;
	u64 need = (u64)dt_nprobes * sizeof(pi);
	char __user *up = u64_to_user_ptr(dtpr->dtpr_probes);

	if (dtpr->dtpr_size == 0) {
		dtpr->dtpr_size = need;
		return 0;
	}
	if (dtpr->dtpr_size < need)
		return -ENOSPC;
	list_for_each_entry(dtp, &dt_probes, dtp_next) {
		dt_probe_info(dtp, &pi);
		if (copy_to_user(up, &pi, sizeof(pi)))
			return -EFAULT;
		up += sizeof(pi);
	}
	dtpr->dtpr_size = need;
	return 0;
}

static int
dt_ioc_args(struct dtioc_arg *dtar)
{
	struct dtioc_arg_info ai;
	struct dt_probe *dtp;
	char __user *up = u64_to_user_ptr(dtar->dtar_args);
	unsigned int i;
	u64 need;

	if (dtar->dtar_pad)
		return -EINVAL;
	dtp = xa_load(&dt_probe_ids, dtar->dtar_pbn);
	if (dtp == NULL)
		return -ENOENT;
	need = (u64)dtp->dtp_nargs * sizeof(ai);
	if (dtar->dtar_size == 0) {
		dtar->dtar_size = need;
		return 0;
	}
	if (dtar->dtar_size < need)
		return -ENOSPC;
	for (i = 0; i < dtp->dtp_nargs; i++) {
		memset(&ai, 0, sizeof(ai));
		ai.dtai_pbn = dtp->dtp_pbn;
		ai.dtai_argn = i;
		if (dtp->dtp_args != NULL) {
			strscpy(ai.dtai_argtype, dtp->dtp_args[i].da_type,
			    DTNAMESIZE);
			if (dtp->dtp_args[i].da_name != NULL)
				strscpy(ai.dtai_argname,
				    dtp->dtp_args[i].da_name, DTNAMESIZE);
		} else {
			strscpy(ai.dtai_argtype, "unsigned long", DTNAMESIZE);
		}
		if (copy_to_user(up, &ai, sizeof(ai)))
			return -EFAULT;
		up += sizeof(ai);
	}
	dtar->dtar_size = need;
	return 0;
}

static bool
dt_name_ok(const char *s)
{
	return s[0] != '\0' && memchr(s, '\0', DTNAMESIZE) != NULL;
}

static int
dt_ioc_create(struct dtioc_create *dtcr)
{
	struct dt_provider *dtpv;
	struct dt_probe *dtp;
	int error;

	if (dtcr->dtcr_pad || !dt_name_ok(dtcr->dtcr_prov) ||
	    !dt_name_ok(dtcr->dtcr_func) || !dt_name_ok(dtcr->dtcr_name))
		return -EINVAL;
	list_for_each_entry(dtpv, &dt_providers, dtpv_next) {
		if (strcmp(dtpv->dtpv_name, dtcr->dtcr_prov) == 0)
			goto found;
	}
	return -ENOENT;
found:
	dtp = dt_probe_lookup(dtpv, dtcr->dtcr_func, dtcr->dtcr_name);
	if (dtp != NULL) {
		dtcr->dtcr_pbn = dtp->dtp_pbn;
		return 0;
	}
	if (dtpv->dtpv_create == NULL)
		return -EOPNOTSUPP;
	if (dt_nprobes >= DT_MAXPROBES)
		return -ENOSPC;
	error = dtpv->dtpv_create(dtcr->dtcr_func, dtcr->dtcr_name, &dtp);
	if (error)
		return error;
	error = dt_probe_insert(dtp);
	if (error) {
		kfree(dtp);
		return error;
	}
	dtcr->dtcr_pbn = dtp->dtp_pbn;
	return 0;
}

static void
dt_ioc_clock(struct dtioc_clock *dtcl)
{
	ktime_t mono = ktime_get();

	dtcl->dtcl_mono = ktime_to_ns(mono);
	dtcl->dtcl_real = ktime_to_ns(ktime_mono_to_real(mono));
}

static long
dt_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct dt_softc *sc = file->private_data;
	void __user *uarg = (void __user *)arg;
	union {
		struct dtioc_probe	dtpr;
		struct dtioc_arg	dtar;
		struct dtioc_req	dtrq;
		struct dtioc_create	dtcr;
		struct dtioc_stat	dtst;
		struct dtioc_pids	dtpf;
		struct dtioc_bufsize	dtbs;
		struct dtioc_clock	dtcl;
		struct dtioc_drops	dtdp;
		int			on;
	} u;
	long error;

	switch (cmd) {
	case DTIOCGPLIST:
	case DTIOCGARGS:
	case DTIOCGSTATS:
	case DTIOCGCLOCK:
	case DTIOCGDROPS:
		break;
	case DTIOCPRBENABLE:
	case DTIOCPRBDISABLE:
	case DTIOCRECORD:
	case DTIOCPRBCREATE:
	case DTIOCSETPIDS:
	case DTIOCSETBUFSIZE:
		if (!perfmon_capable())
			return -EPERM;
		break;
	default:
		return -ENOTTY;
	}
	if ((_IOC_DIR(cmd) & _IOC_WRITE) &&
	    copy_from_user(&u, uarg, _IOC_SIZE(cmd)))
		return -EFAULT;

	mutex_lock(&dt_lock);
	switch (cmd) {
	case DTIOCGPLIST:
		error = dt_ioc_plist(&u.dtpr);
		break;
	case DTIOCGARGS:
		error = dt_ioc_args(&u.dtar);
		break;
	case DTIOCGSTATS:
		dt_ioc_stats(sc, &u.dtst);
		error = 0;
		break;
	case DTIOCGCLOCK:
		dt_ioc_clock(&u.dtcl);
		error = 0;
		break;
	case DTIOCGDROPS:
		error = dt_ioc_drops(sc, &u.dtdp);
		break;
	case DTIOCPRBENABLE:
		error = dt_ioc_enable(sc, &u.dtrq);
		break;
	case DTIOCPRBDISABLE:
		error = dt_ioc_disable(sc, &u.dtrq);
		break;
	case DTIOCRECORD:
		if (u.on == 1)
			error = dt_record_start(sc);
		else if (u.on == 0)
			error = (dt_record_stop(sc), 0);
		else
			error = -EINVAL;
		break;
	case DTIOCPRBCREATE:
		error = dt_ioc_create(&u.dtcr);
		break;
	case DTIOCSETPIDS:
		error = dt_ioc_setpids(sc, &u.dtpf);
		break;
	case DTIOCSETBUFSIZE:
		error = dt_ioc_setbufsize(sc, &u.dtbs);
		break;
	default:
		error = -ENOTTY;
		break;
	}
	mutex_unlock(&dt_lock);

	/* DTIOCGDROPS says how many entries it needs along with ENOSPC. */
	if ((error == 0 || (error == -ENOSPC && cmd == DTIOCGDROPS)) &&
	    (_IOC_DIR(cmd) & _IOC_READ) &&
	    copy_to_user(uarg, &u, _IOC_SIZE(cmd)))
		error = -EFAULT;
	return error;
}

/*
 * read(2): whole events, from each CPU's ring in turn.
 */

static ssize_t
dt_copyout(struct dt_softc *sc, char __user *buf, size_t len)
{
	struct dt_ring *r;
	struct dt_evt *ev;
	unsigned int cpu, i;
	size_t done = 0;
	u64 head, tail;
	u32 elen;

	if (sc->ds_rings == NULL)
		return 0;
	for (i = 0; i < nr_cpu_ids; i++) {
		cpu = (sc->ds_nextcpu + i) % nr_cpu_ids;
		r = sc->ds_rings[cpu];
		if (r == NULL)
			continue;
		head = smp_load_acquire(&r->dr_head);
		tail = r->dr_tail;
		while (tail != head) {
			ev = (struct dt_evt *)(r->dr_data +
			    (tail & (r->dr_size - 1)));
			elen = ev->dtev_len;
			if (ev->dtev_pbn == 0) {
				tail += elen;
				continue;
			}
			if (elen > len - done) {
				smp_store_release(&r->dr_tail, tail);
				sc->ds_nextcpu = cpu;
				return done ? done : -EMSGSIZE;
			}
			if (copy_to_user(buf + done, ev, elen)) {
				smp_store_release(&r->dr_tail, tail);
				return done ? done : -EFAULT;
			}
			done += elen;
			tail += elen;
			WRITE_ONCE(sc->ds_readevt, sc->ds_readevt + 1);
		}
		smp_store_release(&r->dr_tail, tail);
	}
	sc->ds_nextcpu = (sc->ds_nextcpu + 1) % nr_cpu_ids;
	return done;
}

static ssize_t
dt_read(struct file *file, char __user *buf, size_t len, loff_t *ppos)
{
	struct dt_softc *sc = file->private_data;
	ssize_t n;
	int error;

	if (mutex_lock_interruptible(&sc->ds_rlock))
		return -ERESTARTSYS;
	for (;;) {
		n = dt_copyout(sc, buf, len);
		if (n != 0)
			break;
		if (!READ_ONCE(sc->ds_recording))
			break;		/* end of the stream */
		if (file->f_flags & O_NONBLOCK) {
			n = -EAGAIN;
			break;
		}
		WRITE_ONCE(sc->ds_sleeping, 1);
		smp_mb();	/* pairs with the one in dt_pcb_fire() */
		error = wait_event_interruptible(sc->ds_wq, dt_pending(sc) ||
		    !READ_ONCE(sc->ds_recording));
		if (error) {
			n = error;
			break;
		}
	}
	WRITE_ONCE(sc->ds_sleeping, 0);
	mutex_unlock(&sc->ds_rlock);
	return n;
}

static __poll_t
dt_poll(struct file *file, poll_table *wait)
{
	struct dt_softc *sc = file->private_data;
	__poll_t mask = 0;

	poll_wait(file, &sc->ds_wq, wait);
	WRITE_ONCE(sc->ds_sleeping, 1);
	smp_mb();	/* pairs with the one in dt_pcb_fire() */
	mutex_lock(&dt_lock);		/* the rings stay */
	if (dt_pending(sc))
		mask |= EPOLLIN | EPOLLRDNORM;
	mutex_unlock(&dt_lock);
	return mask;
}

static int
dt_open(struct inode *inode, struct file *file)
{
	struct dt_softc *sc;

	if (!READ_ONCE(dt_allowdt) || security_locked_down(LOCKDOWN_KPROBES))
		return -EPERM;
	sc = kzalloc(sizeof(*sc), GFP_KERNEL);
	if (sc == NULL)
		return -ENOMEM;
	sc->ds_pid = current->tgid;
	sc->ds_bufsize = DTDEFBUFSIZE;
	INIT_LIST_HEAD(&sc->ds_pcbs);
	INIT_LIST_HEAD(&sc->ds_fnext);
	mutex_init(&sc->ds_rlock);
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
	spin_lock_init(&sc->ds_pidlock);
	atomic64_set(&sc->ds_pidovf, 0);
	file->private_data = sc;
	return stream_open(inode, file);
}

static int
dt_release(struct inode *inode, struct file *file)
{
	struct dt_softc *sc = file->private_data;
	struct dt_pcb *dp, *next;
	LIST_HEAD(dead);

	mutex_lock(&dt_lock);
	dt_record_stop(sc);
	list_for_each_entry_safe(dp, next, &sc->ds_pcbs, dp_snext) {
		dt_pcb_unlink(dp);
		list_add_tail(&dp->dp_snext, &dead);
	}
	mutex_unlock(&dt_lock);
	/* No handler, fork hook or tick still sees sc after this. */
	tracepoint_synchronize_unregister();
	list_for_each_entry_safe(dp, next, &dead, dp_snext)
		dt_pcb_free(dp);
	irq_work_sync(&sc->ds_work);
	irq_work_sync(&sc->ds_worknow);
	hrtimer_cancel(&sc->ds_wtimer);
	dt_rings_free(sc);
	kfree(rcu_dereference_protected(sc->ds_pids, 1));
	kfree(sc);
	return 0;
}

static const struct file_operations dt_fops = {
	.owner		= THIS_MODULE,
	.open		= dt_open,
	.release	= dt_release,
	.read		= dt_read,
	.poll		= dt_poll,
	.unlocked_ioctl	= dt_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 12, 0)
	.llseek		= no_llseek,
#endif
};

static struct miscdevice dt_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "dt",
	.fops	= &dt_fops,
	.mode	= 0600,
};

/*
 * sysctl kern.allowdt: lowering is always allowed, raising is refused
 * while the kernel is locked down.
 */

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
#define DT_CTL_TABLE	const struct ctl_table
#else
#define DT_CTL_TABLE	struct ctl_table
#endif

static DEFINE_MUTEX(dt_sysctl_lock);

static int
dt_sysctl_allowdt(DT_CTL_TABLE *table, int write, void *buffer,
    size_t *lenp, loff_t *ppos)
{
	struct ctl_table t = *table;
	int val, error;

	mutex_lock(&dt_sysctl_lock);
	val = READ_ONCE(dt_allowdt);
	t.data = &val;
	t.extra1 = SYSCTL_ZERO;
	t.extra2 = SYSCTL_ONE;
	error = proc_dointvec_minmax(&t, write, buffer, lenp, ppos);
	if (error == 0 && write) {
		if (val > dt_allowdt && security_locked_down(LOCKDOWN_KPROBES))
			error = -EPERM;
		else
			WRITE_ONCE(dt_allowdt, val);
	}
	mutex_unlock(&dt_sysctl_lock);
	return error;
}

static struct ctl_table dt_sysctl_table[] = {
	{
		.procname	= "allowdt",
		.data		= &dt_allowdt,
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= dt_sysctl_allowdt,
	},
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 6, 0)
	{ }
#endif
};

static struct ctl_table_header *dt_sysctl_hdr;

/*
 * Module load and unload.
 */

struct dt_provinit {
	int	(*init)(void);
	void	(*fini)(void);
};

static const struct dt_provinit dt_provinit[] = {
	{ dt_prov_syscall_init, dt_prov_syscall_fini },
	{ dt_prov_profile_init, dt_prov_profile_fini },
	{ dt_prov_tracepoint_init, dt_prov_tracepoint_fini },
	{ dt_prov_kprobe_init, dt_prov_kprobe_fini },
};

static void
dt_providers_fini(unsigned int n)
{
	struct dt_probe *dtp, *next;

	lockdep_assert_held(&dt_lock);
	while (n-- > 0)
		dt_provinit[n].fini();
	list_for_each_entry_safe(dtp, next, &dt_probes, dtp_next) {
		list_del(&dtp->dtp_next);
		kfree(dtp);
	}
	xa_destroy(&dt_probe_ids);
	dt_nprobes = 0;
}

static int __init
dt_init(void)
{
	unsigned int i;
	int error;

	if (dt_allowdt != 0 && dt_allowdt != 1) {
		pr_err("dt: allowdt=%d: must be 0 or 1\n", dt_allowdt);
		return -EINVAL;
	}
	if (dt_allowdt && security_locked_down(LOCKDOWN_KPROBES)) {
		pr_notice("dt: kernel locked down, allowdt set to 0\n");
		dt_allowdt = 0;
	}
	dt_tp_fork = dt_tracepoint_find("sched_process_fork");
	dt_tp_exit = dt_tracepoint_find("sched_process_exit");

	mutex_lock(&dt_lock);
	for (i = 0; i < ARRAY_SIZE(dt_provinit); i++) {
		error = dt_provinit[i].init();
		if (error) {
			dt_providers_fini(i);
			mutex_unlock(&dt_lock);
			return error;
		}
	}
	mutex_unlock(&dt_lock);

	dt_sysctl_hdr = register_sysctl("kern", dt_sysctl_table);
	if (dt_sysctl_hdr == NULL) {
		error = -ENOMEM;
		goto fail;
	}
	error = misc_register(&dt_misc);
	if (error) {
		unregister_sysctl_table(dt_sysctl_hdr);
		goto fail;
	}
	return 0;
fail:
	mutex_lock(&dt_lock);
	dt_providers_fini(ARRAY_SIZE(dt_provinit));
	mutex_unlock(&dt_lock);
	return error;
}

static void __exit
dt_exit(void)
{
	misc_deregister(&dt_misc);
	unregister_sysctl_table(dt_sysctl_hdr);
	mutex_lock(&dt_lock);
	dt_providers_fini(ARRAY_SIZE(dt_provinit));
	mutex_unlock(&dt_lock);
	/* Nothing is attached any more; let stragglers leave our text. */
	tracepoint_synchronize_unregister();
}

module_init(dt_init);
module_exit(dt_exit);

MODULE_DESCRIPTION("dt(4): dynamic tracing pseudo-device");
MODULE_AUTHOR("The dt project");
MODULE_LICENSE("Dual BSD/GPL");
