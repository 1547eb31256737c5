// SPDX-License-Identifier: ISC OR GPL-2.0
/*
 * dt(4) tracepoint provider: a curated set of the kernel's static
 * tracepoints, tracepoint:SYSTEM:EVENT, with typed and named arguments,
 * and OpenBSD's scheduler probes (tracepoint:sched:on__cpu ...) where
 * they map onto Linux.  Every other trace event of the kernel is made
 * on demand (DTIOCPRBCREATE) by dt_prov_trace_event.c; a curated probe
 * keeps its name, so asking for it gives the curated one.
 *
 * Every probe is a handler whose prototype is exactly the tracepoint's
 * TP_PROTO, preceded by the data pointer, which is our dt_probe.  The
 * handler turns the kernel objects into argument words and fires.  A
 * handler is registered with the kernel only while its probe is enabled
 * somewhere, so that a tracepoint nobody asked for stays a static key
 * that is off.
 *
 * Task identities follow the kernel's own trace formats: "pid" is the
 * task id (the thread id), "tgid" the process id.  Names (comm,
 * filename, rwbs) are kernel-string arguments: the word is a kernel
 * address, and the string itself is copied into the event at firing
 * time when the enabling asks for it (dtrq_strargs), while the object
 * is alive.
 *
 * sched:on__cpu must fire in the context of the task that comes back
 * on the CPU.  No tracepoint does, so it is a kprobe on
 * finish_task_switch(), the first function the incoming task runs
 * after the switch, as the usual off-CPU tools do.
 */
#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/blktrace_api.h>
#include <linux/binfmts.h>
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/signal.h>
#include <linux/tracepoint.h>

#include <asm/syscall.h>
#include <asm/trace/exceptions.h>
#include <trace/events/block.h>
#include <trace/events/kmem.h>
#include <trace/events/sched.h>
#include <trace/events/signal.h>
#include <trace/events/syscalls.h>

#include "dt_prov.h"

#define DT_TP_RWBS	8	/* the kernel's RWBS_LEN */

/* One kernel tracepoint and the handler that feeds a probe from it. */
struct dt_tp_hook {
	const char		*th_kernel;	/* kernel tracepoint name */
	void			*th_handler;	/* matches its TP_PROTO */
	struct tracepoint	*th_point;	/* found at init */
};

#define DT_TP_MAXHOOKS	2

struct dt_tp {
	const char		*tp_system;	/* dt function: "sched" */
	const char		*tp_event;	/* dt name: "sched_switch" */
	unsigned int		 tp_nargs;
	const struct dt_argdesc	*tp_args;
	struct dt_tp_hook	 tp_hooks[DT_TP_MAXHOOKS];
	struct dt_probe		*tp_probe;
};

static inline void
dt_tp_fire(void *data, const u64 *args, unsigned int nargs)
{
	dt_fire_entry(data, NULL, args, nargs);
}

/*
 * Scheduler.
 */
static void
dt_tp_sched_switch(void *data, bool preempt, struct task_struct *prev,
    struct task_struct *next, unsigned int prev_state)
{
	u64 a[] = {
		(unsigned long)prev->comm, prev->pid, prev->prio, prev_state,
		(unsigned long)next->comm, next->pid, next->prio,
		prev->tgid, next->tgid, preempt,
	};

	dt_tp_fire(data, a, ARRAY_SIZE(a));
}

static void
dt_tp_sched_wakeup(void *data, struct task_struct *p)
{
	u64 a[] = {
		(unsigned long)p->comm, p->pid, p->prio, task_cpu(p), p->tgid,
	};

	dt_tp_fire(data, a, ARRAY_SIZE(a));
}

static void
dt_tp_sched_process_fork(void *data, struct task_struct *parent,
    struct task_struct *child)
{
	u64 a[] = {
		(unsigned long)parent->comm, parent->pid,
		(unsigned long)child->comm, child->pid,
		parent->tgid, child->tgid,
	};

	dt_tp_fire(data, a, ARRAY_SIZE(a));
}

static void
dt_tp_sched_process_exec(void *data, struct task_struct *p, pid_t old_pid,
    struct linux_binprm *bprm)
{
	u64 a[] = { (unsigned long)bprm->filename, p->pid, old_pid, p->tgid };

	dt_tp_fire(data, a, ARRAY_SIZE(a));
}

static void
dt_tp_sched_process_exit(void *data, struct task_struct *p)
{
	u64 a[] = {
		(unsigned long)p->comm, p->pid, p->prio, p->tgid, p->exit_code,
	};

	dt_tp_fire(data, a, ARRAY_SIZE(a));
}

/*
 * OpenBSD's names.  sched_switch runs in the outgoing task: off__cpu
 * names the incoming one, as OpenBSD's does; sleep is a switch away
 * from a task that blocks, not one that is preempted or yields.
 */
static void
dt_tp_sched_off_cpu(void *data, bool preempt, struct task_struct *prev,
    struct task_struct *next, unsigned int prev_state)
{
	u64 a[] = { next->pid, next->tgid };

	dt_tp_fire(data, a, ARRAY_SIZE(a));
}

static void
dt_tp_sched_sleep(void *data, bool preempt, struct task_struct *prev,
    struct task_struct *next, unsigned int prev_state)
{
	if (preempt || prev_state == TASK_RUNNING)
		return;
	dt_tp_fire(data, NULL, 0);
}

/* Linux has no run queue tracepoint: a wakeup is what enqueues a task. */
static void
dt_tp_sched_task(void *data, struct task_struct *p)
{
	u64 a[] = { p->pid, p->tgid };

	dt_tp_fire(data, a, ARRAY_SIZE(a));
}

/*
 * Signals.  Signals sent without information carry one of two magic
 * siginfo pointers; decode them as the kernel's trace format does.
 */
static void
dt_tp_siginfo(struct kernel_siginfo *info, u64 *errnop, u64 *codep)
{
	if (info == SEND_SIG_NOINFO) {
		*errnop = 0;
		*codep = SI_USER;
	} else if (info == SEND_SIG_PRIV) {
		*errnop = 0;
		*codep = SI_KERNEL;
	} else {
		*errnop = info->si_errno;
		*codep = info->si_code;
	}
}

static void
dt_tp_signal_generate(void *data, int sig, struct kernel_siginfo *info,
    struct task_struct *task, int group, int result)
{
	u64 a[8];

	a[0] = sig;
	dt_tp_siginfo(info, &a[1], &a[2]);
	a[3] = (unsigned long)task->comm;
	a[4] = task->pid;
	a[5] = group;
	a[6] = result;
	a[7] = task->tgid;
	dt_tp_fire(data, a, ARRAY_SIZE(a));
}

static void
dt_tp_signal_deliver(void *data, int sig, struct kernel_siginfo *info,
    struct k_sigaction *ka)
{
	u64 a[5];

	a[0] = sig;
	dt_tp_siginfo(info, &a[1], &a[2]);
	a[3] = (unsigned long)ka->sa.sa_handler;
	a[4] = ka->sa.sa_flags;
	dt_tp_fire(data, a, ARRAY_SIZE(a));
}

/*
 * Raw system calls: the words of the six argument registers, whatever
 * the call takes, as the kernel's own format records them.
 */
static void
dt_tp_sys_enter(void *data, struct pt_regs *regs, long id)
{
	unsigned long args[6];
	u64 a[7];
	int i;

	syscall_get_arguments(current, regs, args);
	a[0] = id;
	for (i = 0; i < 6; i++)
		a[i + 1] = args[i];
	dt_tp_fire(data, a, ARRAY_SIZE(a));
}

static void
dt_tp_sys_exit(void *data, struct pt_regs *regs, long ret)
{
	u64 a[] = { syscall_get_nr(current, regs), ret };

	dt_tp_fire(data, a, ARRAY_SIZE(a));
}

/*
 * Block requests.  dev is the kernel's encoding, major << 20 | minor;
 * rwbs is the kernel's operation string ("R", "WS", "D" ...), built on
 * the stack and copied while the handler runs.
 */
static u64
dt_tp_rq_dev(struct request *rq)
{
	struct gendisk *disk = rq->q->disk;

	return disk ? disk_devt(disk) : 0;
}

static void
dt_tp_block_rq_issue(void *data, struct request *rq)
{
	char rwbs[DT_TP_RWBS];
	u64 a[6];

	if (!dt_probe_enabled(data))
		return;
	blk_fill_rwbs(rwbs, rq->cmd_flags);
	a[0] = dt_tp_rq_dev(rq);
	a[1] = blk_rq_pos(rq);
	a[2] = blk_rq_sectors(rq);
	a[3] = blk_rq_bytes(rq);
	a[4] = (unsigned long)rwbs;
	a[5] = (__force u32)rq->cmd_flags;
	dt_tp_fire(data, a, ARRAY_SIZE(a));
}

static void
dt_tp_block_rq_complete(void *data, struct request *rq, blk_status_t error,
    unsigned int nr_bytes)
{
	char rwbs[DT_TP_RWBS];
	u64 a[6];

	if (!dt_probe_enabled(data))
		return;
	blk_fill_rwbs(rwbs, rq->cmd_flags);
	a[0] = dt_tp_rq_dev(rq);
	a[1] = blk_rq_pos(rq);
	a[2] = nr_bytes >> 9;
	a[3] = (s64)blk_status_to_errno(error);
	a[4] = (unsigned long)rwbs;
	a[5] = (__force u32)rq->cmd_flags;
	dt_tp_fire(data, a, ARRAY_SIZE(a));
}

/*
 * Kernel memory.
 */
static void
dt_tp_kmalloc(void *data, unsigned long call_site, const void *ptr,
    size_t bytes_req, size_t bytes_alloc, gfp_t gfp_flags, int node)
{
	u64 a[] = {
		call_site, (unsigned long)ptr, bytes_req, bytes_alloc,
		(__force unsigned int)gfp_flags, (s64)node,
	};

	dt_tp_fire(data, a, ARRAY_SIZE(a));
}

static void
dt_tp_kfree(void *data, unsigned long call_site, const void *ptr)
{
	u64 a[] = { call_site, (unsigned long)ptr };

	dt_tp_fire(data, a, ARRAY_SIZE(a));
}

/*
 * Page faults, from the x86 exception tracepoints.
 */
static void
dt_tp_page_fault(void *data, unsigned long address, struct pt_regs *regs,
    unsigned long error_code)
{
	u64 a[] = { address, regs->ip, error_code };

	dt_tp_fire(data, a, ARRAY_SIZE(a));
}

/*
 * Argument lists.  The kernel's field names first, in the kernel's
 * order, then our additions.
 */
#define ARG(t, n)	{ .da_type = (t), .da_name = (n) }
#define KSTR(n)		{ .da_type = "const char *", .da_name = (n), \
			  .da_flags = DTARG_KSTR }

static const struct dt_argdesc dt_tp_args_switch[] = {
	KSTR("prev_comm"), ARG("pid_t", "prev_pid"), ARG("int", "prev_prio"),
	ARG("unsigned int", "prev_state"), KSTR("next_comm"),
	ARG("pid_t", "next_pid"), ARG("int", "next_prio"),
	ARG("pid_t", "prev_tgid"), ARG("pid_t", "next_tgid"),
	ARG("bool", "preempt"),
};

static const struct dt_argdesc dt_tp_args_wakeup[] = {
	KSTR("comm"), ARG("pid_t", "pid"), ARG("int", "prio"),
	ARG("int", "target_cpu"), ARG("pid_t", "tgid"),
};

static const struct dt_argdesc dt_tp_args_fork[] = {
	KSTR("parent_comm"), ARG("pid_t", "parent_pid"), KSTR("child_comm"),
	ARG("pid_t", "child_pid"), ARG("pid_t", "parent_tgid"),
	ARG("pid_t", "child_tgid"),
};

static const struct dt_argdesc dt_tp_args_exec[] = {
	KSTR("filename"), ARG("pid_t", "pid"), ARG("pid_t", "old_pid"),
	ARG("pid_t", "tgid"),
};

static const struct dt_argdesc dt_tp_args_exit[] = {
	KSTR("comm"), ARG("pid_t", "pid"), ARG("int", "prio"),
	ARG("pid_t", "tgid"), ARG("int", "exit_code"),
};

static const struct dt_argdesc dt_tp_args_task[] = {
	ARG("pid_t", "tid"), ARG("pid_t", "pid"),
};

static const struct dt_argdesc dt_tp_args_siggen[] = {
	ARG("int", "sig"), ARG("int", "errno"), ARG("int", "code"),
	KSTR("comm"), ARG("pid_t", "pid"), ARG("int", "group"),
	ARG("int", "result"), ARG("pid_t", "tgid"),
};

static const struct dt_argdesc dt_tp_args_sigdel[] = {
	ARG("int", "sig"), ARG("int", "errno"), ARG("int", "code"),
	ARG("unsigned long", "sa_handler"), ARG("unsigned long", "sa_flags"),
};

static const struct dt_argdesc dt_tp_args_sysenter[] = {
	ARG("long", "id"), ARG("unsigned long", "arg0"),
	ARG("unsigned long", "arg1"), ARG("unsigned long", "arg2"),
	ARG("unsigned long", "arg3"), ARG("unsigned long", "arg4"),
	ARG("unsigned long", "arg5"),
};

static const struct dt_argdesc dt_tp_args_sysexit[] = {
	ARG("long", "id"), ARG("long", "ret"),
};

static const struct dt_argdesc dt_tp_args_rqissue[] = {
	ARG("dev_t", "dev"), ARG("sector_t", "sector"),
	ARG("unsigned int", "nr_sector"), ARG("unsigned int", "bytes"),
	KSTR("rwbs"), ARG("unsigned int", "cmd_flags"),
};

static const struct dt_argdesc dt_tp_args_rqcomplete[] = {
	ARG("dev_t", "dev"), ARG("sector_t", "sector"),
	ARG("unsigned int", "nr_sector"), ARG("int", "error"),
	KSTR("rwbs"), ARG("unsigned int", "cmd_flags"),
};

static const struct dt_argdesc dt_tp_args_kmalloc[] = {
	ARG("unsigned long", "call_site"), ARG("const void *", "ptr"),
	ARG("size_t", "bytes_req"), ARG("size_t", "bytes_alloc"),
	ARG("gfp_t", "gfp_flags"), ARG("int", "node"),
};

static const struct dt_argdesc dt_tp_args_kfree[] = {
	ARG("unsigned long", "call_site"), ARG("const void *", "ptr"),
};

static const struct dt_argdesc dt_tp_args_fault[] = {
	ARG("unsigned long", "address"), ARG("unsigned long", "ip"),
	ARG("unsigned long", "error_code"),
};

#undef ARG
#undef KSTR

#define HOOK(kern, fn)	{ .th_kernel = (kern), .th_handler = (fn) }
#define TP(sys, ev, args, ...) {					\
	.tp_system = (sys), .tp_event = (ev),				\
	.tp_nargs = ARRAY_SIZE(args), .tp_args = (args),		\
	.tp_hooks = { __VA_ARGS__ },					\
}
#define TP0(sys, ev, ...) {						\
	.tp_system = (sys), .tp_event = (ev),				\
	.tp_hooks = { __VA_ARGS__ },					\
}

static struct dt_tp dt_tps[] = {
	TP("sched", "sched_switch", dt_tp_args_switch,
	    HOOK("sched_switch", dt_tp_sched_switch)),
	TP("sched", "sched_wakeup", dt_tp_args_wakeup,
	    HOOK("sched_wakeup", dt_tp_sched_wakeup)),
	TP("sched", "sched_wakeup_new", dt_tp_args_wakeup,
	    HOOK("sched_wakeup_new", dt_tp_sched_wakeup)),
	TP("sched", "sched_process_fork", dt_tp_args_fork,
	    HOOK("sched_process_fork", dt_tp_sched_process_fork)),
	TP("sched", "sched_process_exec", dt_tp_args_exec,
	    HOOK("sched_process_exec", dt_tp_sched_process_exec)),
	TP("sched", "sched_process_exit", dt_tp_args_exit,
	    HOOK("sched_process_exit", dt_tp_sched_process_exit)),
	TP("sched", "off__cpu", dt_tp_args_task,
	    HOOK("sched_switch", dt_tp_sched_off_cpu)),
	TP0("sched", "sleep", HOOK("sched_switch", dt_tp_sched_sleep)),
	TP("sched", "wakeup", dt_tp_args_task,
	    HOOK("sched_wakeup", dt_tp_sched_task)),
	TP("sched", "enqueue", dt_tp_args_task,
	    HOOK("sched_wakeup", dt_tp_sched_task),
	    HOOK("sched_wakeup_new", dt_tp_sched_task)),
	TP("signal", "signal_generate", dt_tp_args_siggen,
	    HOOK("signal_generate", dt_tp_signal_generate)),
	TP("signal", "signal_deliver", dt_tp_args_sigdel,
	    HOOK("signal_deliver", dt_tp_signal_deliver)),
	TP("raw_syscalls", "sys_enter", dt_tp_args_sysenter,
	    HOOK("sys_enter", dt_tp_sys_enter)),
	TP("raw_syscalls", "sys_exit", dt_tp_args_sysexit,
	    HOOK("sys_exit", dt_tp_sys_exit)),
	TP("block", "block_rq_issue", dt_tp_args_rqissue,
	    HOOK("block_rq_issue", dt_tp_block_rq_issue)),
	TP("block", "block_rq_complete", dt_tp_args_rqcomplete,
	    HOOK("block_rq_complete", dt_tp_block_rq_complete)),
	TP("kmem", "kmalloc", dt_tp_args_kmalloc,
	    HOOK("kmalloc", dt_tp_kmalloc)),
	TP("kmem", "kfree", dt_tp_args_kfree,
	    HOOK("kfree", dt_tp_kfree)),
	TP("exceptions", "page_fault_user", dt_tp_args_fault,
	    HOOK("page_fault_user", dt_tp_page_fault)),
	TP("exceptions", "page_fault_kernel", dt_tp_args_fault,
	    HOOK("page_fault_kernel", dt_tp_page_fault)),
};

#undef HOOK
#undef TP
#undef TP0

/*
 * sched:on__cpu.  finish_task_switch() may carry a compiler suffix; the
 * first name that takes a kprobe at init is the one used.
 */
static const char *const dt_tp_oncpu_syms[] = {
	"finish_task_switch",
	"finish_task_switch.isra.0",
};

static const char	*dt_tp_oncpu_sym;
static struct kprobe	 dt_tp_oncpu_kp;
static struct dt_probe	*dt_tp_oncpu;

static int
dt_tp_oncpu_pre(struct kprobe *kp, struct pt_regs *regs)
{
	dt_fire_entry(dt_tp_oncpu, NULL, NULL, 0);
	return 0;
}

static int
dt_tp_oncpu_register(const char *sym)
{
	memset(&dt_tp_oncpu_kp, 0, sizeof(dt_tp_oncpu_kp));
	dt_tp_oncpu_kp.symbol_name = sym;
	dt_tp_oncpu_kp.pre_handler = dt_tp_oncpu_pre;
	return register_kprobe(&dt_tp_oncpu_kp);
}

static const char *
dt_tp_oncpu_lookup(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(dt_tp_oncpu_syms); i++) {
		if (dt_kprobe_check(dt_tp_oncpu_syms[i]) == 0)
			return dt_tp_oncpu_syms[i];
	}
	return NULL;
}

static void
dt_tp_unhook(struct dt_tp *t, struct dt_probe *dtp, int n)
{
	while (n-- > 0)
		tracepoint_probe_unregister(t->tp_hooks[n].th_point,
		    t->tp_hooks[n].th_handler, dtp);
}

static int
dt_tp_enable(struct dt_probe *dtp)
{
	struct dt_tp *t = dtp->dtp_priv;
	struct dt_tp_hook *h;
	int i, error;

	if (dtp->dtp_flags & DTPI_RECORD)
		return dt_tpev_enable(dtp);
	if (dtp == dt_tp_oncpu)
		return dt_tp_oncpu_register(dt_tp_oncpu_sym);

	for (i = 0; i < DT_TP_MAXHOOKS; i++) {
		h = &t->tp_hooks[i];
		if (h->th_kernel == NULL)
			break;
		error = tracepoint_probe_register(h->th_point, h->th_handler,
		    dtp);
		if (error) {
			dt_tp_unhook(t, dtp, i);
			return error;
		}
	}
	return 0;
}

/* The core waits for running handlers before it frees any enabling. */
static void
dt_tp_disable(struct dt_probe *dtp)
{
	struct dt_tp *t = dtp->dtp_priv;
	int n;

	if (dtp->dtp_flags & DTPI_RECORD) {
		dt_tpev_disable(dtp);
		return;
	}
	if (dtp == dt_tp_oncpu) {
		unregister_kprobe(&dt_tp_oncpu_kp);
		return;
	}
	for (n = 0; n < DT_TP_MAXHOOKS && t->tp_hooks[n].th_kernel; n++)
		;
	dt_tp_unhook(t, dtp, n);
}

static struct dt_provider dt_prov_tracepoint;

/* Any other trace event of the kernel, made when asked for. */
static int
dt_tp_create(const char *system, const char *event, struct dt_probe **dtpp)
{
	return dt_tpev_create(&dt_prov_tracepoint, system, event, dtpp);
}

static struct dt_provider dt_prov_tracepoint = {
	.dtpv_name	= "tracepoint",
	.dtpv_flags	= DTPV_CREATE | DTPV_TRACEFS,
	.dtpv_enable	= dt_tp_enable,
	.dtpv_disable	= dt_tp_disable,
	.dtpv_create	= dt_tp_create,
};

static int
dt_tp_insert(const char *func, const char *name, unsigned int nargs,
    const struct dt_argdesc *args, void *priv, struct dt_probe **dtpp)
{
	struct dt_probe *dtp;
	int error;

	dtp = dt_probe_alloc(&dt_prov_tracepoint, func, name, nargs, args);
	if (dtp == NULL)
		return -ENOMEM;
	dtp->dtp_priv = priv;
	error = dt_probe_insert(dtp);
	if (error) {
		kfree(dtp);	/* not inserted: the core does not own it */
		return error;
	}
	*dtpp = dtp;
	return 0;
}

/*
 * A probe is offered only if every tracepoint it needs is built into
 * this kernel: configurations differ, and some live in modules.
 */
static bool
dt_tp_resolve(struct dt_tp *t)
{
	struct dt_tp_hook *h;
	int i;

	for (i = 0; i < DT_TP_MAXHOOKS; i++) {
		h = &t->tp_hooks[i];
		if (h->th_kernel == NULL)
			break;
		h->th_point = dt_tracepoint_find(h->th_kernel);
		if (h->th_point == NULL)
			return false;
	}
	return i > 0;
}

int
dt_prov_tracepoint_init(void)
{
	struct dt_tp *t;
	size_t i;
	int error;

	error = dt_provider_register(&dt_prov_tracepoint);
	if (error)
		return error;

	for (i = 0; i < ARRAY_SIZE(dt_tps); i++) {
		t = &dt_tps[i];
		if (!dt_tp_resolve(t)) {
			pr_info("dt: tracepoint:%s:%s: no kernel tracepoint, "
			    "not offered\n", t->tp_system, t->tp_event);
			continue;
		}
		error = dt_tp_insert(t->tp_system, t->tp_event, t->tp_nargs,
		    t->tp_args, t, &t->tp_probe);
		if (error)
			return error;
	}

	dt_tp_oncpu_sym = dt_tp_oncpu_lookup();
	if (dt_tp_oncpu_sym == NULL) {
		pr_info("dt: tracepoint:sched:on__cpu: finish_task_switch "
		    "takes no kprobe, not offered\n");
		return 0;
	}
	return dt_tp_insert("sched", "on__cpu", 0, NULL, NULL, &dt_tp_oncpu);
}

/* Nothing is enabled by now, so nothing is attached: probes are the core's. */
void
dt_prov_tracepoint_fini(void)
{
	dt_tp_oncpu = NULL;
}

/*
 * Each handler against its tracepoint's TP_PROTO in the headers built
 * against: a kernel that changes a prototype fails the build
 * (-Werror=incompatible-pointer-types) instead of passing our handler
 * arguments it does not expect.  Never called; the check is the call.
 */
static void __maybe_unused
dt_tp_typecheck(void)
{
	check_trace_callback_type_sched_switch(dt_tp_sched_switch);
	check_trace_callback_type_sched_switch(dt_tp_sched_off_cpu);
	check_trace_callback_type_sched_switch(dt_tp_sched_sleep);
	check_trace_callback_type_sched_wakeup(dt_tp_sched_wakeup);
	check_trace_callback_type_sched_wakeup(dt_tp_sched_task);
	check_trace_callback_type_sched_wakeup_new(dt_tp_sched_wakeup);
	check_trace_callback_type_sched_wakeup_new(dt_tp_sched_task);
	check_trace_callback_type_sched_process_fork(dt_tp_sched_process_fork);
	check_trace_callback_type_sched_process_exec(dt_tp_sched_process_exec);
	check_trace_callback_type_sched_process_exit(dt_tp_sched_process_exit);
	check_trace_callback_type_signal_generate(dt_tp_signal_generate);
	check_trace_callback_type_signal_deliver(dt_tp_signal_deliver);
	check_trace_callback_type_sys_enter(dt_tp_sys_enter);
	check_trace_callback_type_sys_exit(dt_tp_sys_exit);
	check_trace_callback_type_block_rq_issue(dt_tp_block_rq_issue);
	check_trace_callback_type_block_rq_complete(dt_tp_block_rq_complete);
	check_trace_callback_type_kmalloc(dt_tp_kmalloc);
	check_trace_callback_type_kfree(dt_tp_kfree);
	check_trace_callback_type_page_fault_user(dt_tp_page_fault);
	check_trace_callback_type_page_fault_kernel(dt_tp_page_fault);
}
