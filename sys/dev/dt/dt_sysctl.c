// SPDX-License-Identifier: ISC OR GPL-2.0
/*
 * dt(4) kern.allowdt: the module parameter and sysctl that allow opening
 * /dev/dt.  Lowering is always allowed, raising is refused while the
 * kernel is locked down.
 */

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/security.h>
#include <linux/sysctl.h>
#include <linux/version.h>

#include "dt_core.h"

static int dt_allowdt;
module_param_named(allowdt, dt_allowdt, int, 0);
MODULE_PARM_DESC(allowdt, "allow opening /dev/dt (sysctl kern.allowdt)");

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

bool
dt_allowed(void)
{
	return READ_ONCE(dt_allowdt) && !dt_locked_down();
}

/*
 * Confidentiality lockdown, the level at which Linux refuses kprobes:
 * dt then reads no more kernel memory, whenever the descriptor was
 * opened.
 */
bool
dt_locked_down(void)
{
	return security_locked_down(LOCKDOWN_KPROBES) != 0;
}

/* At module load, before anything else: check the parameter. */
int
dt_sysctl_init(void)
{
	if (dt_allowdt != 0 && dt_allowdt != 1) {
		pr_err("dt: allowdt=%d: must be 0 or 1\n", dt_allowdt);
		return -EINVAL;
	}
	if (dt_allowdt && security_locked_down(LOCKDOWN_KPROBES)) {
		pr_notice("dt: kernel locked down, allowdt set to 0\n");
		dt_allowdt = 0;
	}
	dt_sysctl_hdr = register_sysctl("kern", dt_sysctl_table);
	if (dt_sysctl_hdr == NULL)
		return -ENOMEM;
	return 0;
}

void
dt_sysctl_fini(void)
{
	unregister_sysctl_table(dt_sysctl_hdr);
}
