// SPDX-License-Identifier: ISC OR GPL-2.0
/*
 * dt(4) kprobe provider: kprobe:FUNCTION:entry and kprobe:FUNCTION:return
 * on kernel functions, created on demand by DTIOCPRBCREATE.
 *
 * Creating a probe checks that the kernel lets a kprobe sit on the
 * function (it exists, is not on the kprobe blacklist, is not dt's own
 * code) by registering a disarmed kprobe and removing it at once: the
 * caller learns ENOENT or EINVAL then, not at enable time.  Nothing stays
 * attached: the kprobe or kretprobe is registered when the probe gets its
 * first enabling and unregistered when it loses its last, so a created
 * probe that nobody enables costs nothing.  A probe lives, listed, until
 * the last descriptor that made, found or enabled it is closed
 * (dtpv_destroy); creating the same one meanwhile returns it (the core
 * looks it up first), and at most DT_KP_MAX exist at once.
 *
 * Entry probes record the six argument registers of the x86-64 calling
 * convention; return probes the return register, whole: a function that
 * returns an int leaves its upper half undefined.
 *
 * A kretprobe has a fixed number of instances for the calls in flight;
 * calls beyond it, and hits while this CPU already runs a kprobe, are
 * not seen.  The kernel counts them; we log the count when the probe is
 * detached, since the core has no way yet to add them to the
 * descriptors' drop counters.
 */
#include <linux/cpumask.h>
#include <linux/kprobes.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/ptrace.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "dt_kfunc.h"
#include "dt_prov.h"

static int
dt_kprobe_nothing(struct kprobe *p, struct pt_regs *regs)
{
	return 0;
}

/*
 * Whether a kprobe may sit on sym: register it disarmed, so that the
 * kernel resolves the name and checks its blacklist, and remove it.
 * Our own code is refused: a probe there would recurse.
 */
int
dt_kprobe_check(const char *sym)
{
	struct kprobe kp = {
		.symbol_name = sym,
		.pre_handler = dt_kprobe_nothing,
		.flags = KPROBE_FLAG_DISABLED,
	};
	int error;

	error = register_kprobe(&kp);
	if (error)
		return error;
	if (within_module((unsigned long)kp.addr, THIS_MODULE))
		error = -EINVAL;
	unregister_kprobe(&kp);
	return error;
}

#if defined(CONFIG_KPROBES) && defined(CONFIG_KRETPROBES) && \
    defined(CONFIG_X86_64)

#define DT_KP_MAX	1024	/* probes at once */

struct dt_kp {
	struct list_head	 kp_next;	/* dt_kps, under dt_lock */
	struct dt_probe		*kp_probe;
	bool			 kp_return;
	struct dt_kfunc		*kp_glob;	/* a glob: dt_kfunc.c's */
	char			 kp_sym[DTNAMESIZE];
	union {
		struct kprobe	 kp_entry;	/* !kp_return */
		struct kretprobe kp_ret;	/* kp_return */
	};
};

static struct dt_provider dt_prov_kprobe;
static LIST_HEAD(dt_kps);
static unsigned int dt_nkps;

static int
dt_kp_entry(struct kprobe *p, struct pt_regs *regs)
{
	struct dt_kp *k = container_of(p, struct dt_kp, kp_entry);
	u64 a[DT_REGARGS];

	if (!dt_probe_enabled(k->kp_probe))
		return 0;
	dt_regs_args(regs, a);
	dt_fire_entry(k->kp_probe, regs, a, DT_REGARGS);
	return 0;
}

static int
dt_kp_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct kretprobe *rp = get_kretprobe(ri);
	struct dt_kp *k;

	if (rp == NULL)
		return 0;
	k = container_of(rp, struct dt_kp, kp_ret);
	dt_fire_return(k->kp_probe, regs, (s64)regs_return_value(regs), 0);
	return 0;
}

/* Calls of one function in flight at once that a return probe follows. */
static int
dt_kp_maxactive(void)
{
	return clamp_t(int, 8 * num_possible_cpus(), 64, 4096);
}

/* A glob of functions: one ftrace_ops (dt_kfunc.c) in a dt_kp. */
static int
dt_kp_create_glob(const char *func, const char *name, struct dt_probe **dtpp)
{
	struct dt_probe *dtp;
	struct dt_kp *k;
	int error;

	if (dt_nkps >= DT_KP_MAX)
		return -ENOSPC;
	k = kzalloc(sizeof(*k), GFP_KERNEL);
	if (k == NULL)
		return -ENOMEM;
	error = dt_kfunc_create(&dt_prov_kprobe, func, name, &dtp);
	if (error) {
		kfree(k);
		return error;
	}
	strscpy(k->kp_sym, func, sizeof(k->kp_sym));
	k->kp_glob = dtp->dtp_priv;
	k->kp_probe = dtp;
	dtp->dtp_priv = k;
	list_add_tail(&k->kp_next, &dt_kps);
	dt_nkps++;
	*dtpp = dtp;
	return 0;
}

static int
dt_kp_create(const char *func, const char *name, struct dt_probe **dtpp)
{
	struct dt_probe *dtp;
	struct dt_kp *k;
	bool ret;
	int error;

	if (dt_kfunc_isglob(func))
		return dt_kp_create_glob(func, name, dtpp);
	if (strcmp(name, "entry") == 0)
		ret = false;
	else if (strcmp(name, "return") == 0)
		ret = true;
	else
		return -EINVAL;
	if (!dt_kfunc_nameok(func, false) || dt_kfunc_firepath(func))
		return -EINVAL;
	if (dt_nkps >= DT_KP_MAX)
		return -ENOSPC;
	error = dt_kprobe_check(func);
	if (error)
		return error;

	k = kzalloc(sizeof(*k), GFP_KERNEL);
	if (k == NULL)
		return -ENOMEM;
	strscpy(k->kp_sym, func, sizeof(k->kp_sym));
	k->kp_return = ret;
	if (ret)
		dtp = dt_probe_alloc(&dt_prov_kprobe, func, name, 0, NULL);
	else
		dtp = dt_probe_alloc(&dt_prov_kprobe, func, name,
		    DT_REGARGS, dt_regargs);
	if (dtp == NULL) {
		kfree(k);
		return -ENOMEM;
	}
	if (ret)
		dtp->dtp_flags = DTPI_RETURN;
	dtp->dtp_priv = k;
	k->kp_probe = dtp;
	/* If the core cannot insert dtp, it destroys it. */
	list_add_tail(&k->kp_next, &dt_kps);
	dt_nkps++;
	*dtpp = dtp;
	return 0;
}

/* A kprobe is registered afresh each time: the kernel keeps state in it. */
static int
dt_kp_enable(struct dt_probe *dtp)
{
	struct dt_kp *k = dtp->dtp_priv;

	if (k->kp_glob != NULL)
		return dt_kfunc_enable(k->kp_glob);
	if (k->kp_return) {
		memset(&k->kp_ret, 0, sizeof(k->kp_ret));
		k->kp_ret.kp.symbol_name = k->kp_sym;
		k->kp_ret.handler = dt_kp_return;
		k->kp_ret.maxactive = dt_kp_maxactive();
		return register_kretprobe(&k->kp_ret);
	}
	memset(&k->kp_entry, 0, sizeof(k->kp_entry));
	k->kp_entry.symbol_name = k->kp_sym;
	k->kp_entry.pre_handler = dt_kp_entry;
	return register_kprobe(&k->kp_entry);
}

/* unregister_kprobe() waits for handlers running on other CPUs. */
static void
dt_kp_disable(struct dt_probe *dtp)
{
	struct dt_kp *k = dtp->dtp_priv;
	unsigned long missed;

	if (k->kp_glob != NULL) {
		dt_kfunc_disable(k->kp_glob);
		return;
	}
	if (k->kp_return) {
		unregister_kretprobe(&k->kp_ret);
		missed = k->kp_ret.nmissed + k->kp_ret.kp.nmissed;
	} else {
		unregister_kprobe(&k->kp_entry);
		missed = k->kp_entry.nmissed;
	}
	if (missed)
		pr_info("dt: kprobe:%s:%s missed %lu hits (%s)\n", k->kp_sym,
		    dtp->dtp_name, missed, k->kp_return ?
		    "calls in flight beyond maxactive, or nested kprobes" :
		    "nested kprobes");
}

/*
 * Unheld, so disabled: the core's close waited a grace period after the
 * kprobe, kretprobe or ftrace_ops went, so no handler still reads it.
 */
static void
dt_kp_destroy(struct dt_probe *dtp)
{
	struct dt_kp *k = dtp->dtp_priv;

	list_del(&k->kp_next);
	dt_kfunc_free(k->kp_glob);
	kfree(k);
	dt_nkps--;
}

static struct dt_provider dt_prov_kprobe = {
	.dtpv_name	= "kprobe",
	.dtpv_flags	= DTPV_CREATE | DTPV_ENTRYRET | DTPV_KFUNCS |
			  DTPV_REGS,
	.dtpv_enable	= dt_kp_enable,
	.dtpv_disable	= dt_kp_disable,
	.dtpv_create	= dt_kp_create,
	.dtpv_destroy	= dt_kp_destroy,
};

int
dt_prov_kprobe_init(void)
{
	return dt_provider_register(&dt_prov_kprobe);
}

/*
 * Nothing is enabled, so nothing is registered; a return handler that
 * read its kretprobe just before it went away is waited for here.
 */
void
dt_prov_kprobe_fini(void)
{
	struct dt_kp *k, *tmp;

	synchronize_rcu();
	list_for_each_entry_safe(k, tmp, &dt_kps, kp_next) {
		list_del(&k->kp_next);
		dt_kfunc_free(k->kp_glob);
		kfree(k);
	}
	dt_nkps = 0;
}

#else	/* no kprobes on this kernel or architecture */

int
dt_prov_kprobe_init(void)
{
	return 0;
}

void
dt_prov_kprobe_fini(void)
{
}

#endif
