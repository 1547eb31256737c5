// SPDX-License-Identifier: ISC OR GPL-2.0
/*
 * dt(4) syscall provider: syscall:NAME:entry and syscall:NAME:return
 * for every native system call of the kernel built against, named and
 * typed from its headers at build time (sys_call_table is not exported
 * to modules).  Both hook the raw_syscalls tracepoints sys_enter and
 * sys_exit, registered only while some probe of theirs is enabled, so
 * that system calls pay nothing otherwise.  32-bit (ia32, x32) calls
 * have other numbers and are not traced.
 */

#include <linux/compat.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/tracepoint.h>
#include <asm/syscall.h>
#include <trace/events/syscalls.h>

#include "dt_prov.h"

struct dt_sysent {
	unsigned int			 nr;
	const char			*name;
	unsigned int			 nargs;
	const struct dt_argdesc		*args;	/* NULL: no prototype */
};

#include "dt_syscalls.h"

#define DT_SYSARGS	6	/* argument registers of a system call */

static struct dt_probe **dt_sys_entry, **dt_sys_return;
static unsigned int dt_sys_max;			/* highest number + 1 */
static struct tracepoint *dt_tp_sys_enter, *dt_tp_sys_exit;
static unsigned int dt_sys_nentry, dt_sys_nreturn;	/* under dt_lock */

static void
dt_sys_enter(void *data, struct pt_regs *regs, long id)
{
	unsigned long regargs[DT_SYSARGS];
	u64 args[DT_SYSARGS];
	struct dt_probe *dtp;
	unsigned int i;

	if ((unsigned long)id >= dt_sys_max || in_compat_syscall())
		return;
	dtp = READ_ONCE(dt_sys_entry[id]);
	if (dtp == NULL || !dt_probe_enabled(dtp))
		return;
	syscall_get_arguments(current, regs, regargs);
	for (i = 0; i < DT_SYSARGS; i++)
		args[i] = regargs[i];
	dt_fire_entry(dtp, regs, args, min_t(unsigned int, dtp->dtp_nargs,
	    DT_SYSARGS));
}

static void
dt_sys_exit(void *data, struct pt_regs *regs, long ret)
{
	struct dt_probe *dtp;
	long id;

	id = syscall_get_nr(current, regs);
	if ((unsigned long)id >= dt_sys_max || in_compat_syscall())
		return;
	dtp = READ_ONCE(dt_sys_return[id]);
	if (dtp == NULL || !dt_probe_enabled(dtp))
		return;
	if (IS_ERR_VALUE(ret))
		dt_fire_return(dtp, regs, -1, -ret);
	else
		dt_fire_return(dtp, regs, ret, 0);
}

static bool
dt_sys_isreturn(const struct dt_probe *dtp)
{
	return dtp->dtp_flags & DTPI_RETURN;
}

static int
dt_sys_enable(struct dt_probe *dtp)
{
	if (dt_sys_isreturn(dtp)) {
		if (dt_sys_nreturn == 0 && tracepoint_probe_register(
		    dt_tp_sys_exit, dt_sys_exit, NULL) != 0)
			return -ENODEV;
		dt_sys_nreturn++;
		return 0;
	}
	if (dt_sys_nentry == 0 && tracepoint_probe_register(dt_tp_sys_enter,
	    dt_sys_enter, NULL) != 0)
		return -ENODEV;
	dt_sys_nentry++;
	return 0;
}

static void
dt_sys_disable(struct dt_probe *dtp)
{
	if (dt_sys_isreturn(dtp)) {
		if (--dt_sys_nreturn == 0)
			tracepoint_probe_unregister(dt_tp_sys_exit,
			    dt_sys_exit, NULL);
	} else {
		if (--dt_sys_nentry == 0)
			tracepoint_probe_unregister(dt_tp_sys_enter,
			    dt_sys_enter, NULL);
	}
}

static struct dt_provider dt_prov_syscall = {
	.dtpv_name	= "syscall",
	.dtpv_flags	= DTPV_ENTRYRET | DTPV_REGS,
	.dtpv_enable	= dt_sys_enable,
	.dtpv_disable	= dt_sys_disable,
};

/* One probe of the provider, listed by the core, or an error. */
static int
dt_sys_add(struct dt_probe **dtpp, const char *func, const char *name,
    unsigned int nargs, const struct dt_argdesc *args, unsigned int flags)
{
	struct dt_probe *dtp;
	int error;

	dtp = dt_probe_alloc(&dt_prov_syscall, func, name, nargs, args);
	if (dtp == NULL)
		return -ENOMEM;
	dtp->dtp_flags = flags;
	error = dt_probe_insert(dtp);
	if (error) {
		kfree(dtp);
		return error;
	}
	*dtpp = dtp;
	return 0;
}

int
dt_prov_syscall_init(void)
{
	const struct dt_sysent *se;
	unsigned int i;
	int error;

	dt_tp_sys_enter = dt_tracepoint_find("sys_enter");
	dt_tp_sys_exit = dt_tracepoint_find("sys_exit");
	if (dt_tp_sys_enter == NULL || dt_tp_sys_exit == NULL) {
		pr_notice("dt: no raw_syscalls tracepoints, no syscall probes\n");
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(dt_sysents); i++)
		dt_sys_max = max(dt_sys_max, dt_sysents[i].nr + 1);
	dt_sys_entry = kcalloc(dt_sys_max, sizeof(*dt_sys_entry), GFP_KERNEL);
	dt_sys_return = kcalloc(dt_sys_max, sizeof(*dt_sys_return),
	    GFP_KERNEL);
	if (dt_sys_entry == NULL || dt_sys_return == NULL)
		goto nomem;

	error = dt_provider_register(&dt_prov_syscall);
	if (error)
		goto fail;
	for (i = 0; i < ARRAY_SIZE(dt_sysents); i++) {
		se = &dt_sysents[i];
		error = dt_sys_add(&dt_sys_entry[se->nr], se->name, "entry",
		    se->nargs, se->args, 0);
		if (!error)
			error = dt_sys_add(&dt_sys_return[se->nr], se->name,
			    "return", 0, NULL, DTPI_RETURN);
		if (error)
			goto fail;
	}
	return 0;
nomem:
	error = -ENOMEM;
fail:
	/* The core frees the probes inserted so far. */
	dt_prov_syscall_fini();
	return error;
}

void
dt_prov_syscall_fini(void)
{
	kfree(dt_sys_entry);
	kfree(dt_sys_return);
	dt_sys_entry = dt_sys_return = NULL;
	dt_sys_max = 0;
}

/*
 * Each handler against its tracepoint's TP_PROTO in the headers built
 * against: a kernel that changes a prototype fails the build
 * (-Werror=incompatible-pointer-types) instead of passing our handler
 * arguments it does not expect.  Never called; the check is the call.
 */
static void __maybe_unused
dt_sys_typecheck(void)
{
	check_trace_callback_type_sys_enter(dt_sys_enter);
	check_trace_callback_type_sys_exit(dt_sys_exit);
}
