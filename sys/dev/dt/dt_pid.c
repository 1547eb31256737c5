// SPDX-License-Identifier: ISC OR GPL-2.0
/*
 * dt(4) pid filter: the processes a descriptor records (DTIOCSETPIDS),
 * followed into their children through the fork and exit tracepoints.
 */

#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/overflow.h>
#include <linux/rculist.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/tracepoint.h>

#include "dt_core.h"

#define DT_PIDSET_MAX	65536		/* processes one pid filter follows */

/* Descriptors recording with a pid filter, for the fork and exit hooks. */
static LIST_HEAD(dt_following);
static struct tracepoint *dt_tp_fork, *dt_tp_exit;

/*
 * Lookups run in the fire path under sched-RCU; changes take ds_pidlock
 * and replace the table when it fills up.
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
		if (p == 0)
			return false;	/* empty: before pid 0 could match it */
		if (p == pid)
			return true;
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

int
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
void
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

int
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

/* Whether the fire path records an event of pid; under sched-RCU. */
bool
dt_pid_wanted(struct dt_softc *sc, pid_t pid)
{
	struct dt_pidset *ps = rcu_dereference_sched(sc->ds_pids);

	return ps == NULL || dt_pidset_has(ps, pid);
}

/* The descriptor is closing: nothing sees its set any more. */
void
dt_pid_fini(struct dt_softc *sc)
{
	kfree(rcu_dereference_protected(sc->ds_pids, 1));
}

/* At module load; without the tracepoints DTIOCRECORD fails (ENODEV). */
void
dt_pid_init(void)
{
	dt_tp_fork = dt_tracepoint_find("sched_process_fork");
	dt_tp_exit = dt_tracepoint_find("sched_process_exit");
}
