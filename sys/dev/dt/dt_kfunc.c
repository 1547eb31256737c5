// SPDX-License-Identifier: ISC OR GPL-2.0
/*
 * dt(4) kprobe provider, many functions at once: kprobe:GLOB:entry
 * through one ftrace_ops whose filter is the glob.
 *
 * A probe whose function is a glob (vfs_*, *_read, tcp_[sr]*) is one
 * dt probe for every traceable kernel function the glob matches, as
 * ftrace matches it (tracefs available_filter_functions lists them).
 * Enabling it sets the ops' filter to the glob and registers the ops:
 * ftrace patches every matching call site in one pass, so attaching a
 * thousand functions costs one code update, not a thousand breakpoints.
 * Each event carries the six argument registers and, as argument 6
 * (DTARG_FUNC), the address of the function that fired: userland names
 * the function from it.
 *
 * A return probe on a glob (kprobe:vfs_*:return) is one fprobe over the
 * glob where the kernel has fprobe (CONFIG_FPROBE, exported since 6.12):
 * ftrace hooks the entries as for an entry probe and rethook the
 * returns, for all the functions at once.  Each event carries the
 * return register and, as its one argument (DTARG_FUNC), the address of
 * the function that returned.  Kernels without fprobe refuse it
 * (EOPNOTSUPP): their kretprobes take one function each.
 *
 * dt's own functions never match (Kbuild builds them without ftrace's
 * call sites), nor do the kernel functions dt's fire path calls (they
 * are put in the ops' notrace filter; the kprobe provider refuses their
 * exact names).  Anything else the fire path
 * reaches is caught by ftrace's recursion guard, which the handler
 * takes first: a function traced from inside dt's own recording is not
 * recorded again.
 */
#include <linux/ctype.h>
#include <linux/fprobe.h>
#include <linux/ftrace.h>
#include <linux/glob.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/ptrace.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/trace_recursion.h>

#include "dt_kfunc.h"

#define DT_KF_NARGS	(DT_REGARGS + 1)	/* the argument registers, the function */

struct dt_kfunc {
	struct ftrace_ops	 kf_ops;	/* entry */
#ifdef CONFIG_FPROBE
	struct fprobe		 kf_fprobe;	/* kf_return */
#endif
	struct dt_probe		*kf_probe;
	bool			 kf_return;
	char			 kf_glob[DTNAMESIZE];
};

static const struct dt_argdesc dt_kf_args[DT_KF_NARGS] = {
	{ .da_type = "unsigned long", .da_name = "arg0" },
	{ .da_type = "unsigned long", .da_name = "arg1" },
	{ .da_type = "unsigned long", .da_name = "arg2" },
	{ .da_type = "unsigned long", .da_name = "arg3" },
	{ .da_type = "unsigned long", .da_name = "arg4" },
	{ .da_type = "unsigned long", .da_name = "arg5" },
	{ .da_type = "void *", .da_name = "func", .da_flags = DTARG_FUNC },
};

static const struct dt_argdesc dt_kf_retargs[1] = {
	{ .da_type = "void *", .da_name = "func", .da_flags = DTARG_FUNC },
};

/*
 * Kernel functions dt's fire path calls (dt_fire.c, dt_ring.c): a probe
 * on one would fire from inside the recording of another event.
 */
static const char *const dt_kf_firepath[] = {
	"stack_trace_save", "arch_stack_walk", "__unwind_start",
	"unwind_next_frame", "unwind_get_return_address",
	"unwind_get_return_address_ptr", "__kernel_text_address",
	"kernel_text_address", "__module_address", "is_module_text_address",
	"copy_from_user_nofault", "copy_from_kernel_nofault",
	"copy_from_kernel_nofault_allowed", "__task_pid_nr_ns", "pid_nr_ns",
	"irq_work_queue", "__irq_work_queue_local", "irq_work_claim",
	"ktime_get_mono_fast_ns", "rcu_is_watching",
};

/* Whether sym is a kernel function dt's fire path calls. */
bool
dt_kfunc_firepath(const char *sym)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(dt_kf_firepath); i++)
		if (strcmp(sym, dt_kf_firepath[i]) == 0)
			return true;
	return false;
}

/*
 * Whether name is a function name, or with glob a pattern of them, as
 * kallsyms spells it ("vfs_read", "foo.isra.0"), and ftrace reads it:
 * no negation, no module syntax, nothing a filter string would parse.
 */
bool
dt_kfunc_nameok(const char *name, bool glob)
{
	const char *extra = glob ? "_.*?[]-" : "_.";
	const char *p;

	if (*name == '\0' || strnlen(name, DTNAMESIZE) == DTNAMESIZE)
		return false;
	for (p = name; *p != '\0'; p++)
		if (!isalnum(*p) && strchr(extra, *p) == NULL)
			return false;
	return true;
}

bool
dt_kfunc_isglob(const char *func)
{
	return strpbrk(func, "*?[") != NULL;
}

#if defined(CONFIG_DYNAMIC_FTRACE_WITH_REGS) && defined(CONFIG_X86_64)

static void
dt_kf_handler(unsigned long ip, unsigned long parent_ip,
    struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	struct dt_kfunc *kf = container_of(ops, struct dt_kfunc, kf_ops);
	struct pt_regs *regs;
	u64 a[DT_KF_NARGS];
	int bit;

	if (!dt_probe_enabled(kf->kf_probe))
		return;
	bit = ftrace_test_recursion_trylock(ip, parent_ip);
	if (bit < 0)
		return;
	regs = ftrace_get_regs(fregs);
	if (regs != NULL) {
		dt_regs_args(regs, a);
		a[DT_REGARGS] = ip;
		dt_fire_entry(kf->kf_probe, regs, a, DT_KF_NARGS);
	}
	ftrace_test_recursion_unlock(bit);
}

/* Take dt's fire path out of the ops' functions. */
static void
dt_kf_notrace(struct ftrace_ops *ops, const char *glob)
{
	char buf[DTNAMESIZE];
	unsigned int i;

	/* No match is no error here: there is nothing to take out. */
	for (i = 0; i < ARRAY_SIZE(dt_kf_firepath); i++) {
		if (!glob_match(glob, dt_kf_firepath[i]))
			continue;
		strscpy(buf, dt_kf_firepath[i], sizeof(buf));
		(void)ftrace_set_notrace(ops, buf, strlen(buf), 0);
	}
}

/* Set the ops' filters: the glob, less dt's fire path. */
static int
dt_kf_filter(struct ftrace_ops *ops, const char *glob)
{
	char buf[DTNAMESIZE];
	int error;

	strscpy(buf, glob, sizeof(buf));
	error = ftrace_set_filter(ops, buf, strlen(buf), 1);
	if (error)
		return error == -EINVAL ? -ENOENT : error;
	dt_kf_notrace(ops, glob);
	return 0;
}

#ifdef CONFIG_FPROBE
/*
 * A function of the glob returns.  fprobe took ftrace's recursion guard
 * around this call, as dt_kf_handler() takes it.
 */
static void
dt_kf_exit(struct fprobe *fp, unsigned long entry_ip, unsigned long ret_ip,
    struct pt_regs *regs, void *entry_data)
{
	struct dt_kfunc *kf = container_of(fp, struct dt_kfunc, kf_fprobe);
	u64 func = entry_ip;
	struct dt_fire df = {
		.df_regs = regs, .df_args = &func, .df_nargs = 1,
		.df_return = true, .df_retval = (s64)regs_return_value(regs),
	};

	if (dt_probe_enabled(kf->kf_probe))
		dt_probe_fire(kf->kf_probe, &df);
}

/*
 * register_fprobe() sets the glob as the filter of the fprobe's ops and
 * keeps the notrace filter set here before.
 */
static int
dt_kf_ret_enable(struct dt_kfunc *kf)
{
	int error;

	memset(&kf->kf_fprobe, 0, sizeof(kf->kf_fprobe));
	kf->kf_fprobe.exit_handler = dt_kf_exit;
	dt_kf_notrace(&kf->kf_fprobe.ops, kf->kf_glob);
	error = register_fprobe(&kf->kf_fprobe, kf->kf_glob, NULL);
	if (error)
		ftrace_free_filter(&kf->kf_fprobe.ops);
	return error;
}

/*
 * unregister_fprobe() waits for entry handlers; a return handler in
 * flight is waited for by dt_prov_kprobe_fini()'s synchronize_rcu(), and
 * returns still pending in sleeping tasks call no handler any more.
 */
static void
dt_kf_ret_disable(struct dt_kfunc *kf)
{
	unregister_fprobe(&kf->kf_fprobe);
	if (kf->kf_fprobe.nmissed)
		pr_info("dt: kprobe:%s:return missed %lu returns (no rethook "
		    "node free, or recursion)\n", kf->kf_glob,
		    kf->kf_fprobe.nmissed);
}
#else
static int
dt_kf_ret_enable(struct dt_kfunc *kf)
{
	return -EOPNOTSUPP;
}

static void
dt_kf_ret_disable(struct dt_kfunc *kf)
{
}
#endif

static void
dt_kf_opsinit(struct dt_kfunc *kf)
{
	memset(&kf->kf_ops, 0, sizeof(kf->kf_ops));
	kf->kf_ops.func = dt_kf_handler;
	kf->kf_ops.flags = FTRACE_OPS_FL_SAVE_REGS | FTRACE_OPS_FL_RECURSION |
	    FTRACE_OPS_FL_RCU;
}

/*
 * Check the glob now, so that the caller learns ENOENT (no traceable
 * function matches) at create time, not at enable time.
 */
int
dt_kfunc_create(const struct dt_provider *dtpv, const char *glob,
    const char *name, struct dt_probe **dtpp)
{
	struct dt_probe *dtp;
	struct dt_kfunc *kf;
	int error;

	if (strcmp(name, "return") == 0) {
		if (!IS_ENABLED(CONFIG_FPROBE))
			return -EOPNOTSUPP;
	} else if (strcmp(name, "entry") != 0)
		return -EINVAL;
	if (!dt_kfunc_nameok(glob, true))
		return -EINVAL;
	kf = kzalloc(sizeof(*kf), GFP_KERNEL);
	if (kf == NULL)
		return -ENOMEM;
	strscpy(kf->kf_glob, glob, sizeof(kf->kf_glob));
	kf->kf_return = strcmp(name, "return") == 0;
	dt_kf_opsinit(kf);
	error = dt_kf_filter(&kf->kf_ops, glob);
	ftrace_free_filter(&kf->kf_ops);
	if (error) {
		kfree(kf);
		return error;
	}
	if (kf->kf_return)
		dtp = dt_probe_alloc(dtpv, glob, name, 1, dt_kf_retargs);
	else
		dtp = dt_probe_alloc(dtpv, glob, name, DT_KF_NARGS,
		    dt_kf_args);
	if (dtp == NULL) {
		kfree(kf);
		return -ENOMEM;
	}
	if (kf->kf_return)
		dtp->dtp_flags = DTPI_RETURN;
	kf->kf_probe = dtp;
	*dtpp = dtp;
	dtp->dtp_priv = kf;
	return 0;
}

/* The ops is set up afresh each time: ftrace keeps state in it. */
int
dt_kfunc_enable(struct dt_kfunc *kf)
{
	int error;

	if (kf->kf_return)
		return dt_kf_ret_enable(kf);
	dt_kf_opsinit(kf);
	error = dt_kf_filter(&kf->kf_ops, kf->kf_glob);
	if (error == 0)
		error = register_ftrace_function(&kf->kf_ops);
	if (error)
		ftrace_free_filter(&kf->kf_ops);
	return error;
}

/* unregister_ftrace_function() waits for handlers on other CPUs. */
void
dt_kfunc_disable(struct dt_kfunc *kf)
{
	if (kf->kf_return) {
		dt_kf_ret_disable(kf);
		return;
	}
	unregister_ftrace_function(&kf->kf_ops);
	ftrace_free_filter(&kf->kf_ops);
}

void
dt_kfunc_free(struct dt_kfunc *kf)
{
	kfree(kf);
}

#else	/* no ftrace with registers on this kernel or architecture */

int
dt_kfunc_create(const struct dt_provider *dtpv, const char *glob,
    const char *name, struct dt_probe **dtpp)
{
	return -EOPNOTSUPP;
}

int
dt_kfunc_enable(struct dt_kfunc *kf)
{
	return -EOPNOTSUPP;
}

void
dt_kfunc_disable(struct dt_kfunc *kf)
{
}

void
dt_kfunc_free(struct dt_kfunc *kf)
{
}

#endif
