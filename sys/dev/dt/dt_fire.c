// SPDX-License-Identifier: ISC OR GPL-2.0
/*
 * dt(4) fire path: what every provider's handler calls.  For each
 * enabling of the probe it filters the event, reserves room in this
 * CPU's ring and fills the event: task, time, stacks, arguments, strings.
 */

#include <linux/cred.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/pid_namespace.h>
#include <linux/rculist.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/stacktrace.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <asm/ptrace.h>

#include "dt_core.h"

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

long
dt_copy_nofault(void *dst, u64 src, size_t len, bool kernel)
{
	if (kernel)
		return copy_from_kernel_nofault(dst, (const void *)src, len);
	return copy_from_user_nofault(dst, (const void __user *)src, len);
}

/*
 * Copy a NUL-terminated string of at most max - 1 bytes to text, a page
 * at a time so that a string ending before an unmapped page is read
 * whole; return its length and set DTSTR_* in *flags.  text gets the
 * NUL and zeros to the next multiple of 8: whatever the copy brought
 * after the string, or the ring held before a fault, goes no further.
 */
u32
dt_strcopy(char *text, u64 addr, u32 max, bool kernel, u8 *flags)
{
	u32 got = dt_strtext(text, addr, max, kernel, flags);

	memset(text + got, 0, DT_ALIGN(got + 1) - got);
	return got;
}

/*
 * dt_strcopy() without the padding, for strings packed one after the
 * other: text gets the string and its NUL, and max bytes at most are
 * written there.
 */
u32
dt_strtext(char *text, u64 addr, u32 max, bool kernel, u8 *flags)
{
	u32 got = 0, chunk;
	char *nul, c;

	*flags = 0;
	while (got < max - 1) {
		chunk = min_t(u32, max - 1 - got,
		    PAGE_SIZE - ((addr + got) & (PAGE_SIZE - 1)));
		if (dt_copy_nofault(text + got, addr + got, chunk, kernel)) {
			*flags |= DTSTR_FAULT;
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
		*flags |= DTSTR_TRUNC;
done:
	text[got] = '\0';
	return got;
}

static void
dt_str(struct dt_evt_str *es, unsigned int argn, u64 addr, u32 max,
    bool kernel)
{
	es->dtes_argn = argn;
	es->dtes_pad = 0;
	es->dtes_len = dt_strcopy(dt_evt_str_text(es), addr, max, kernel,
	    &es->dtes_flags);
}

/*
 * The pids of task t the enabling asked for (flags), as the opener's pid
 * namespace numbers them: 0 for a task that namespace does not see.
 */
static void
dt_evt_pids(struct dt_evt *ev, struct task_struct *t,
    struct pid_namespace *ns, u32 flags)
{
	struct task_struct *parent;

	ev->dtev_pid = 0;
	ev->dtev_tid = 0;
	ev->dtev_ppid = 0;
	if (flags & DTEVT_PID) {
		if (ns == &init_pid_ns) {
			ev->dtev_pid = t->tgid;
			ev->dtev_tid = t->pid;
		} else {
			ev->dtev_pid = task_tgid_nr_ns(t, ns);
			ev->dtev_tid = task_pid_nr_ns(t, ns);
		}
	}
	if (flags & DTEVT_PPID) {
		parent = rcu_dereference_sched(t->real_parent);
		ev->dtev_ppid = ns == &init_pid_ns ? parent->tgid :
		    task_tgid_nr_ns(parent, ns);
	}
}

/* Real user and group ids, in the initial namespace, when asked for. */
static void
dt_evt_cred(struct dt_evt *ev, u32 flags)
{
	const struct cred *cred;

	if (!(flags & DTEVT_CRED)) {
		ev->dtev_uid = 0;
		ev->dtev_gid = 0;
		return;
	}
	cred = current_cred();
	ev->dtev_uid = __kuid_val(cred->uid);
	ev->dtev_gid = __kgid_val(cred->gid);
}

static u32
dt_evt_fill(struct dt_evt *ev, struct dt_pcb *dp, const struct dt_fire *df,
    unsigned int cpu)
{
	struct task_struct *t = current;
	struct dt_probe *dtp = dp->dp_dtp;
	u32 flags = dp->dp_flags;
	struct dt_evt_str *es;
	unsigned int i, n;
	u64 *p;

	ev->dtev_pbn = dtp->dtp_pbn;
	ev->dtev_cpu = cpu;
	dt_evt_pids(ev, t, dp->dp_sc->ds_pidns, flags);
	dt_evt_cred(ev, flags);
	ev->dtev_nargs = 0;
	ev->dtev_nkstack = 0;
	ev->dtev_nustack = 0;
	ev->dtev_nstrs = 0;
	ev->dtev_tsp = ktime_get_mono_fast_ns();
	if (flags & DTEVT_EXECNAME) {
		/* Racing a rename, the bytes after the NUL may be old ones. */
		memcpy(ev->dtev_comm, t->comm, sizeof(ev->dtev_comm));
		n = strnlen(ev->dtev_comm, sizeof(ev->dtev_comm) - 1);
		memset(ev->dtev_comm + n, 0, sizeof(ev->dtev_comm) - n);
	} else {
		memset(ev->dtev_comm, 0, sizeof(ev->dtev_comm));
	}
	if (df->df_return) {
		/* Words only where the probe has arguments: a glob's func. */
		if (df->df_args == NULL)
			flags &= ~DTEVT_FUNCARGS;
		flags |= DTEVT_RETURN;
		ev->dtev_retval = df->df_retval;
		ev->dtev_errno = df->df_errno;
	} else {
		ev->dtev_retval = 0;
		ev->dtev_errno = 0;
	}
	ev->dtev_nfetch = 0;
	ev->dtev_pad1 = 0;
	ev->dtev_pad = 0;
	ev->dtev_flags = flags;

	p = (u64 *)(ev + 1);
	if ((flags & DTEVT_FUNCARGS) && df->df_args != NULL) {
		/* A record: only the bytes the enabling asked for. */
		if (dtp->dtp_flags & DTPI_RECORD)
			n = dt_recsel_copy(dp->dp_recsel, df->df_args,
			    df->df_nargs, p);
		else {
			n = min_t(unsigned int, df->df_nargs,
			    dt_probe_maxwords(dtp));
			memcpy(p, df->df_args, n * sizeof(*p));
		}
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
	    i < df->df_nargs && i < dt_probe_strwords(dtp); i++) {
		if (!(dp->dp_strargs & (1U << i)))
			continue;
		dt_str(es, i, df->df_args[i], dp->dp_strlen,
		    i < dtp->dtp_nargs && dtp->dtp_args != NULL &&
		    (dtp->dtp_args[i].da_flags & DTARG_KSTR));
		ev->dtev_nstrs++;
		es = dt_evt_str_next(es);
	}
	if (dp->dp_fetch != NULL)
		es = dt_fetch_fill(dp->dp_fetch, df, es, &ev->dtev_nfetch);
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
	struct dt_ring **rings, *r;
	struct dt_evt *ev;
	unsigned int cpu;
	u64 head, fill;

	if (!smp_load_acquire(&sc->ds_recording))
		return;
	if (!df->df_anytask && (task_tgid(current) == sc->ds_opener ||
	    !dt_pid_wanted(sc, current->tgid)))
		return;
	/* Read once: DTIOCSETBUFSIZE unpublishes them before it waits. */
	rings = READ_ONCE(sc->ds_rings);
	if (rings == NULL)
		return;
	cpu = smp_processor_id();
	r = rings[cpu];
	if (local_inc_return(&r->dr_nesting) != 1) {
		local_inc(&r->dr_recur);
		atomic64_inc(&dp->dp_drops);
		goto out;
	}
	ev = dt_ring_reserve(r, dp->dp_maxlen, &head);
	if (ev == NULL) {
		local_inc(&r->dr_drops);
		if (!in_task() || (current->flags & PF_KTHREAD))
			local_inc(&r->dr_irqdrops);	/* could not wait */
		atomic64_inc(&dp->dp_drops);
		fill = r->dr_size;
	} else {
		head += dt_evt_fill(ev, dp, df, cpu);
		fill = dt_ring_commit(sc, r, head);
	}
	if (unlikely(READ_ONCE(sc->ds_lossless)))
		dt_wait_arm(sc, r, cpu, fill);
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
	struct dt_ring **rings = READ_ONCE(sc->ds_rings);

	if (READ_ONCE(sc->ds_recording) && rings != NULL)
		local_add(n, &rings[smp_processor_id()]->dr_skip);
}

const struct dt_argdesc dt_regargs[DT_REGARGS] = {
	{ .da_type = "unsigned long", .da_name = "arg0" },
	{ .da_type = "unsigned long", .da_name = "arg1" },
	{ .da_type = "unsigned long", .da_name = "arg2" },
	{ .da_type = "unsigned long", .da_name = "arg3" },
	{ .da_type = "unsigned long", .da_name = "arg4" },
	{ .da_type = "unsigned long", .da_name = "arg5" },
};
