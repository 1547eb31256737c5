// SPDX-License-Identifier: ISC OR GPL-2.0
/*
 * dt(4) pid filter: the processes a descriptor records (DTIOCSETPIDS),
 * followed into their children through the fork and exit tracepoints.
 */

#include <linux/kernel.h>
#include <linux/pid_namespace.h>
#include <linux/rculist.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/tracepoint.h>
#include <trace/events/sched.h>

#include "dt_core.h"

/* Descriptors recording with a pid filter, for the fork and exit hooks. */
static LIST_HEAD(dt_following);
static struct tracepoint *dt_tp_fork, *dt_tp_exit;

/*
 * A set is a bitmap indexed by (initial namespace) pid, one bit for
 * every pid the kernel can hand out: PID_MAX_LIMIT bits, 512 KiB on
 * 64-bit, allocated when the filter is set.  The fork and exit hooks
 * run in atomic context, with preemption disabled, where on PREEMPT_RT
 * a spinlock_t sleeps and allocating memory may sleep: so they only
 * set and clear bits, atomically, and neither lock nor allocate, and a
 * set never fills up.  The fire path tests a bit under sched-RCU.
 */
#define DT_PIDSET_BITS	PID_MAX_LIMIT

static bool
dt_pidset_has(const struct dt_pidset *ps, pid_t pid)
{
	return pid > 0 && pid < DT_PIDSET_BITS && test_bit(pid, ps->ps_bits);
}

static void
dt_pidset_put(struct dt_pidset *ps, pid_t pid)
{
	if (pid > 0 && pid < DT_PIDSET_BITS)
		set_bit(pid, ps->ps_bits);
}

static void
dt_pidset_del(struct dt_pidset *ps, pid_t pid)
{
	if (pid > 0 && pid < DT_PIDSET_BITS)
		clear_bit(pid, ps->ps_bits);
}

/* sched_process_fork: children of followed processes join the set. */
static void
dt_follow_fork(void *data, struct task_struct *parent,
    struct task_struct *child)
{
	struct dt_softc *sc;
	struct dt_pidset *ps;

	if (child->tgid == parent->tgid)
		return;		/* a new thread: its process is known */
	preempt_disable_notrace();
	list_for_each_entry_rcu(sc, &dt_following, ds_fnext) {
		ps = rcu_dereference_sched(sc->ds_pids);
		if (ps != NULL && dt_pidset_has(ps, parent->tgid))
			dt_pidset_put(ps, child->tgid);
	}
	preempt_enable_notrace();
}

/* sched_process_exit: forget a process once its last thread exits. */
static void
dt_follow_exit(void *data, struct task_struct *p)
{
	struct dt_softc *sc;
	struct dt_pidset *ps;

	if (atomic_read(&p->signal->live) != 0)
		return;
	preempt_disable_notrace();
	list_for_each_entry_rcu(sc, &dt_following, ds_fnext) {
		ps = rcu_dereference_sched(sc->ds_pids);
		if (ps != NULL)
			dt_pidset_del(ps, p->tgid);
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
	/*
	 * A hook may still be walking the list through this entry, as it
	 * was before the last stop: wait for it before linking it again.
	 */
	if (sc->ds_fremoved)
		cond_synchronize_rcu(sc->ds_fgp);
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
	sc->ds_fremoved = true;
	sc->ds_fgp = get_state_synchronize_rcu();
	if (list_empty(&dt_following)) {
		tracepoint_probe_unregister(dt_tp_fork, dt_follow_fork, NULL);
		tracepoint_probe_unregister(dt_tp_exit, dt_follow_exit, NULL);
	}
}

/*
 * The process (its thread group id in the initial namespace, which the
 * set and the hooks use) that nr names in the opener's pid namespace;
 * 0 if there is none.
 */
static pid_t
dt_pid_global(struct dt_softc *sc, pid_t nr)
{
	struct task_struct *t;
	pid_t pid = 0;

	rcu_read_lock();
	t = pid_task(find_pid_ns(nr, sc->ds_pidns), PIDTYPE_PID);
	if (t != NULL)
		pid = t->tgid;
	rcu_read_unlock();
	return pid;
}

int
dt_ioc_setpids(struct dt_softc *sc, const struct dtioc_pids *dtpf)
{
	struct dt_pidset *ps = NULL, *old;
	unsigned int i;
	pid_t pid;

	lockdep_assert_held(&dt_lock);
	if (dtpf->dtpf_npids > DTMAXPIDS || dtpf->dtpf_pad)
		return -EINVAL;
	for (i = 0; i < dtpf->dtpf_npids; i++) {
		if (dtpf->dtpf_pids[i] <= 0)
			return -EINVAL;
	}
	if (sc->ds_recording)
		return -EBUSY;
	if (dtpf->dtpf_npids > 0) {
		ps = kvzalloc(sizeof(*ps), GFP_KERNEL);
		if (ps == NULL)
			return -ENOMEM;
		for (i = 0; i < dtpf->dtpf_npids; i++) {
			pid = dt_pid_global(sc, dtpf->dtpf_pids[i]);
			if (pid == 0) {
				kvfree(ps);
				return -ESRCH;
			}
			dt_pidset_put(ps, pid);
		}
	}
	/* Not recording: only handlers that saw it recording look. */
	old = rcu_replace_pointer(sc->ds_pids, ps, lockdep_is_held(&dt_lock));
	if (old != NULL) {
		synchronize_rcu();
		kvfree(old);
	}
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
	kvfree(rcu_dereference_protected(sc->ds_pids, 1));
}

/* At module load; without the tracepoints DTIOCRECORD fails (ENODEV). */
void
dt_pid_init(void)
{
	dt_tp_fork = dt_tracepoint_find("sched_process_fork");
	dt_tp_exit = dt_tracepoint_find("sched_process_exit");
}

/*
 * Each handler against its tracepoint's TP_PROTO in the headers built
 * against: a kernel that changes a prototype fails the build
 * (-Werror=incompatible-pointer-types) instead of passing our handler
 * arguments it does not expect.  Never called; the check is the call.
 */
static void __maybe_unused
dt_pid_typecheck(void)
{
	check_trace_callback_type_sched_process_fork(dt_follow_fork);
	check_trace_callback_type_sched_process_exit(dt_follow_exit);
}
