// SPDX-License-Identifier: ISC OR GPL-2.0
/*
 * dt(4) uprobe provider: probes on an instruction of a user binary, at
 * a function's entry or on its return, created on demand by
 * DTIOCPRBUCREATE from a descriptor of the binary and a file offset.
 *
 * Userland resolves symbols and opens the file; the kernel looks up no
 * path, so what is probed is the file userland read, not whatever a
 * path names by the time we would look.  A probe keeps a reference on
 * the file (so on its inode and mount: the kernel's uprobes want the
 * caller to hold them) for as long as it exists: until the last
 * descriptor that made, found or enabled it is closed (dtpv_destroy),
 * and at most DT_UP_MAX probes exist at once.  Nothing is attached
 * until the probe gets its first enabling: the uprobe is registered
 * then and unregistered when the probe loses its last one.
 *
 * The handlers run in the task that hit the probe, in process context.
 * Unregistering waits for handlers running on other CPUs (6.1 holds
 * the uprobe's register_rwsem; later kernels have a separate sync
 * call).  A task asleep inside a probed function when the uretprobe
 * goes away returns through the kernel's trampoline, which no longer
 * finds our consumer: its return is not recorded, and nothing of ours
 * is called.
 *
 * Entry probes record the six argument registers of the x86-64 calling
 * convention; return probes the return register, whole.
 *
 * A USDT marker's semaphore is the uprobe's reference counter: the
 * kernel adds one to it in each process mapping the file while the
 * uprobe is registered, and subtracts it when it is unregistered.
 */
#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/list.h>
#include <linux/ptrace.h>
#include <linux/slab.h>
#include <linux/uprobes.h>

#include "dt_prov.h"

#if defined(CONFIG_UPROBES) && defined(CONFIG_X86_64)

#define DT_UP_MAX	1024	/* probes at once */

struct dt_up {
	struct list_head	 up_next;	/* dt_ups, under dt_lock */
	struct dt_probe		*up_probe;
	struct file		*up_file;	/* held for the probe's life */
	struct inode		*up_inode;	/* the one mappings use */
	loff_t			 up_off;
	loff_t			 up_refctr;	/* semaphore, or 0 */
	bool			 up_return;
	struct uprobe_consumer	 up_uc;
#ifdef DT_UPROBE_NOSYNC
	struct uprobe		*up_uprobe;	/* while registered */
#endif
};

static struct dt_provider dt_prov_uprobe;
static LIST_HEAD(dt_ups);
static unsigned int dt_nups;

static int
dt_up_entry(struct uprobe_consumer *uc, struct pt_regs *regs)
{
	struct dt_up *u = container_of(uc, struct dt_up, up_uc);
	u64 a[DT_REGARGS];

	if (!dt_probe_enabled(u->up_probe))
		return 0;
	dt_regs_args(regs, a);
	dt_fire_entry(u->up_probe, regs, a, DT_REGARGS);
	return 0;
}

static int
dt_up_return(struct uprobe_consumer *uc, unsigned long func,
    struct pt_regs *regs)
{
	struct dt_up *u = container_of(uc, struct dt_up, up_uc);

	dt_fire_return(u->up_probe, regs, (s64)regs_return_value(regs), 0);
	return 0;
}

/*
 * The inode whose pages processes map: under an overlay, the file's
 * own inode is the overlay's, and the uprobe must sit on the real one.
 */
static struct inode *
dt_up_inode(struct file *file)
{
	return d_real_inode(file->f_path.dentry);
}

/*
 * The probe at off, on its return if ret; ERR_PTR(-EINVAL) if the
 * instruction has another semaphore: the kernel keeps one uprobe for
 * an instruction, entry and return, and refuses a second counter.
 */
static struct dt_up *
dt_up_lookup(struct inode *inode, loff_t off, loff_t refctr, bool ret)
{
	struct dt_up *u, *found = NULL;

	list_for_each_entry(u, &dt_ups, up_next) {
		if (u->up_inode != inode || u->up_off != off)
			continue;
		if (u->up_refctr != refctr)
			return ERR_PTR(-EINVAL);
		if (u->up_return == ret)
			found = u;
	}
	return found;
}

static int
dt_up_ucreate(struct file *file, u64 off, u64 refctr, bool ret,
    struct dt_probe **dtpp)
{
	struct inode *inode = dt_up_inode(file);
	struct dt_probe *dtp;
	struct dt_up *u;
	char func[DTNAMESIZE];
	const char *name = ret ? "return" : "entry";
	int error;

	if (!S_ISREG(inode->i_mode))
		return -EINVAL;
	if (off >= (u64)i_size_read(inode))
		return -EINVAL;
	if (refctr != 0 && (refctr % sizeof(short) != 0 ||
	    refctr >= (u64)i_size_read(inode)))
		return -EINVAL;
	u = dt_up_lookup(inode, off, refctr, ret);
	if (IS_ERR(u))
		return PTR_ERR(u);
	if (u != NULL) {
		*dtpp = u->up_probe;
		return 0;
	}
	if (dt_nups >= DT_UP_MAX)
		return -ENOSPC;
	u = kzalloc(sizeof(*u), GFP_KERNEL);
	if (u == NULL)
		return -ENOMEM;
	snprintf(func, sizeof(func), "%u:%u:%lu:0x%llx",
	    MAJOR(inode->i_sb->s_dev), MINOR(inode->i_sb->s_dev),
	    inode->i_ino, off);
	if (ret)
		dtp = dt_probe_alloc(&dt_prov_uprobe, func, name, 0, NULL);
	else
		dtp = dt_probe_alloc(&dt_prov_uprobe, func, name,
		    DT_REGARGS, dt_regargs);
	if (dtp == NULL) {
		kfree(u);
		return -ENOMEM;
	}
	if (ret)
		dtp->dtp_flags = DTPI_RETURN;
	dtp->dtp_priv = u;
	error = dt_probe_insert(dtp);
	if (error) {
		kfree(dtp);
		kfree(u);
		return error;
	}
	u->up_probe = dtp;
	u->up_file = get_file(file);
	u->up_inode = inode;
	u->up_off = off;
	u->up_refctr = refctr;
	u->up_return = ret;
	list_add_tail(&u->up_next, &dt_ups);
	dt_nups++;
	*dtpp = dtp;
	return 0;
}

/* The consumer is registered afresh each time: the kernel links it. */
static int
dt_up_enable(struct dt_probe *dtp)
{
	struct dt_up *u = dtp->dtp_priv;

	memset(&u->up_uc, 0, sizeof(u->up_uc));
	if (u->up_return)
		u->up_uc.ret_handler = dt_up_return;
	else
		u->up_uc.handler = dt_up_entry;
#ifdef DT_UPROBE_NOSYNC
	u->up_uprobe = uprobe_register(u->up_inode, u->up_off, u->up_refctr,
	    &u->up_uc);
	if (IS_ERR(u->up_uprobe)) {
		int error = PTR_ERR(u->up_uprobe);

		u->up_uprobe = NULL;
		return error;
	}
	return 0;
#else
	return uprobe_register_refctr(u->up_inode, u->up_off, u->up_refctr,
	    &u->up_uc);
#endif
}

/* Returns once no handler of ours runs or will run. */
static void
dt_up_disable(struct dt_probe *dtp)
{
	struct dt_up *u = dtp->dtp_priv;

#ifdef DT_UPROBE_NOSYNC
	if (u->up_uprobe == NULL)
		return;
	uprobe_unregister_nosync(u->up_uprobe, &u->up_uc);
	uprobe_unregister_sync();
	u->up_uprobe = NULL;
#else
	uprobe_unregister(u->up_inode, u->up_off, &u->up_uc);
#endif
}

/* Unheld, so disabled: no handler of ours runs; drop the file. */
static void
dt_up_destroy(struct dt_probe *dtp)
{
	struct dt_up *u = dtp->dtp_priv;

	list_del(&u->up_next);
	fput(u->up_file);
	kfree(u);
	dt_nups--;
}

static struct dt_provider dt_prov_uprobe = {
	.dtpv_name	= "uprobe",
	.dtpv_flags	= DTPV_UFILE | DTPV_REGS,
	.dtpv_enable	= dt_up_enable,
	.dtpv_disable	= dt_up_disable,
	.dtpv_ucreate	= dt_up_ucreate,
	.dtpv_destroy	= dt_up_destroy,
};

int
dt_prov_uprobe_init(void)
{
	return dt_provider_register(&dt_prov_uprobe);
}

/* Nothing is enabled, so nothing is registered: drop the files. */
void
dt_prov_uprobe_fini(void)
{
	struct dt_up *u, *tmp;

	list_for_each_entry_safe(u, tmp, &dt_ups, up_next) {
		list_del(&u->up_next);
		fput(u->up_file);
		kfree(u);
	}
	dt_nups = 0;
}

#else	/* no uprobes on this kernel or architecture */

int
dt_prov_uprobe_init(void)
{
	return 0;
}

void
dt_prov_uprobe_fini(void)
{
}

#endif
