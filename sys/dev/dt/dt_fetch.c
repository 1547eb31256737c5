// SPDX-License-Identifier: ISC OR GPL-2.0
/*
 * dt(4) fetches: the memory an enabling reads each time its probe fires
 * (DTIOCPRBFETCH), so that userland can follow kernel pointers without
 * running code in the kernel.  A fetch is a value, a few steps that add
 * offsets and dereference, and one last read; descriptions come from
 * userland and are checked here as hostile, and every read at probe
 * time is a fault-safe copy, so a bad pointer records a fault.
 */

#include <linux/errno.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "dt_core.h"

struct dt_fetchset {
	unsigned int		fs_n;
	u32			fs_maxlen;	/* bytes they add to an event */
	struct dtioc_fetch	fs_f[];
};

/* Bytes a fetch records, with a string's NUL. */
static u32
dt_fetch_datalen(const struct dtioc_fetch *f)
{
	return f->dtfe_kind == DTFK_VALUE ? sizeof(u64) : f->dtfe_len;
}

static int
dt_fetch_check_step(const struct dtioc_fetch_step *st)
{
	unsigned int i;

	for (i = 0; i < sizeof(st->dtst_pad); i++) {
		if (st->dtst_pad[i] != 0)
			return -EINVAL;
	}
	switch (st->dtst_op) {
	case DTFO_ADD:
		return st->dtst_size == 0 ? 0 : -EINVAL;
	case DTFO_DEREF:
		if (st->dtst_off != 0)
			return -EINVAL;
		switch (st->dtst_size) {
		case 1: case 2: case 4: case 8:
			return 0;
		}
		return -EINVAL;
	}
	return -EINVAL;
}

static int
dt_fetch_check(const struct dt_probe *dtp, const struct dtioc_fetch *f)
{
	unsigned int i;
	int error;

	if (f->dtfe_pad || (f->dtfe_flags & ~DTFE_USER) ||
	    f->dtfe_nsteps > DTMAXFETCHSTEPS ||
	    (f->dtfe_src != DTFS_ADDR && f->dtfe_addr))
		return -EINVAL;
	switch (f->dtfe_src) {
	case DTFS_ARG:
		if (dtp->dtp_flags & DTPI_RETURN)
			return -EINVAL;
		if (dtp->dtp_flags & DTPI_RECORD) {
			if (f->dtfe_argn >= DTMAXRECWORDS)
				return -EINVAL;
		} else if (f->dtfe_argn >= min_t(unsigned int,
		    dtp->dtp_nargs, DTMAXFUNCARGS)) {
			return -EINVAL;
		}
		break;
	case DTFS_RETVAL:
		if (!(dtp->dtp_flags & DTPI_RETURN) || f->dtfe_argn)
			return -EINVAL;
		break;
	case DTFS_TASK:
		if (f->dtfe_argn)
			return -EINVAL;
		break;
	case DTFS_ADDR:
		if (f->dtfe_argn || f->dtfe_addr == 0)
			return -EINVAL;
		break;
	case DTFS_REG:
		if (!(dtp->dtp_prov->dtpv_flags & DTPV_REGS) ||
		    f->dtfe_argn >= sizeof(struct pt_regs) / sizeof(u64))
			return -EINVAL;
		break;
	default:
		return -EINVAL;
	}
	switch (f->dtfe_kind) {
	case DTFK_VALUE:
		if (f->dtfe_len != 0)
			return -EINVAL;
		break;
	case DTFK_BYTES:
	case DTFK_STRV:
		if (f->dtfe_len < 1 || f->dtfe_len > DTMAXFETCHLEN)
			return -EINVAL;
		break;
	case DTFK_STR:
		if (f->dtfe_len < 2 || f->dtfe_len > DTMAXFETCHLEN)
			return -EINVAL;
		break;
	default:
		return -EINVAL;
	}
	for (i = 0; i < DTMAXFETCHSTEPS; i++) {
		if (i >= f->dtfe_nsteps) {
			/* Unused steps are zero, to be given a use later. */
			if (memchr_inv(&f->dtfe_steps[i], 0,
			    sizeof(f->dtfe_steps[i])) != NULL)
				return -EINVAL;
			continue;
		}
		error = dt_fetch_check_step(&f->dtfe_steps[i]);
		if (error)
			return error;
	}
	return 0;
}

/*
 * Whether f reads the kernel's memory or registers: a register is the
 * user's only at a probe on a user binary.
 */
static bool
dt_fetch_kernel(const struct dt_probe *dtp, const struct dtioc_fetch *f)
{
	if (f->dtfe_src == DTFS_REG &&
	    !(dtp->dtp_prov->dtpv_flags & DTPV_UFILE))
		return true;
	return !(f->dtfe_flags & DTFE_USER);
}

/*
 * Copy and check the descriptions of dtfs; *fsp is NULL when there are
 * none.  Reading kernel memory is refused where the kernel refuses it
 * to BPF programs: under confidentiality lockdown.
 */
int
dt_fetch_make(const struct dt_probe *dtp, const struct dtioc_fetches *dtfs,
    struct dt_fetchset **fsp)
{
	struct dt_fetchset *fs;
	bool kernel = false;
	unsigned int i;
	u32 bytes = 0;
	int error;

	*fsp = NULL;
	if (dtfs->dtfs_nfetch > DTMAXFETCH)
		return -EINVAL;
	if (dtfs->dtfs_nfetch == 0)
		return dtfs->dtfs_fetches == 0 ? 0 : -EINVAL;
	fs = kzalloc(struct_size(fs, fs_f, dtfs->dtfs_nfetch), GFP_KERNEL);
	if (fs == NULL)
		return -ENOMEM;
	fs->fs_n = dtfs->dtfs_nfetch;
	if (copy_from_user(fs->fs_f, u64_to_user_ptr(dtfs->dtfs_fetches),
	    fs->fs_n * sizeof(fs->fs_f[0]))) {
		error = -EFAULT;
		goto fail;
	}
	for (i = 0; i < fs->fs_n; i++) {
		error = dt_fetch_check(dtp, &fs->fs_f[i]);
		if (error)
			goto fail;
		bytes += DT_ALIGN(dt_fetch_datalen(&fs->fs_f[i]));
		fs->fs_maxlen += sizeof(struct dt_evt_fetch) +
		    DT_ALIGN(dt_fetch_datalen(&fs->fs_f[i]));
		if (dt_fetch_kernel(dtp, &fs->fs_f[i]))
			kernel = true;
	}
	if (bytes > DTMAXFETCHBYTES) {
		error = -EINVAL;
		goto fail;
	}
	if (kernel && (!perfmon_capable() ||
	    security_locked_down(LOCKDOWN_BPF_READ_KERNEL))) {
		error = -EPERM;
		goto fail;
	}
	*fsp = fs;
	return 0;
fail:
	kfree(fs);
	return error;
}

void
dt_fetch_free(struct dt_fetchset *fs)
{
	kfree(fs);
}

u32
dt_fetch_maxlen(const struct dt_fetchset *fs)
{
	return fs == NULL ? 0 : fs->fs_maxlen;
}

/* value = the size bytes at value, zero-extended; 0 or -EFAULT. */
static int
dt_fetch_deref(u64 *value, unsigned int size, bool kernel)
{
	union { u8 b; u16 h; u32 w; u64 q; } u;

	if (dt_copy_nofault(&u, *value, size, kernel))
		return -EFAULT;
	switch (size) {
	case 1:
		*value = u.b;
		break;
	case 2:
		*value = u.h;
		break;
	case 4:
		*value = u.w;
		break;
	default:
		*value = u.q;
		break;
	}
	return 0;
}

/* The value a fetch starts from, or false where the event has none. */
static bool
dt_fetch_source(const struct dtioc_fetch *f, const struct dt_fire *df,
    u64 *value)
{
	switch (f->dtfe_src) {
	case DTFS_ARG:
		if (df->df_return || df->df_args == NULL ||
		    f->dtfe_argn >= df->df_nargs)
			return false;
		*value = df->df_args[f->dtfe_argn];
		return true;
	case DTFS_RETVAL:
		if (!df->df_return)
			return false;
		*value = (u64)df->df_retval;
		return true;
	case DTFS_TASK:
		*value = (u64)(unsigned long)current;
		return true;
	case DTFS_ADDR:
		*value = f->dtfe_addr;
		return true;
	case DTFS_REG:
		if (df->df_regs == NULL)
			return false;
		*value = ((const u64 *)df->df_regs)[f->dtfe_argn];
		return true;
	}
	return false;
}

/*
 * The strings at the pointers of the array at addr, packed with their
 * NULs into ef's data: a vector's strings are all there or it says
 * why not (DTFR_TRUNC, DTFR_FAULT).
 */
static void
dt_fetch_strv(const struct dtioc_fetch *f, u64 addr, bool kernel,
    struct dt_evt_fetch *ef)
{
	char *data = (char *)dt_evt_fetch_data(ef);
	unsigned int i;
	u32 got = 0;
	u64 ptr;
	u8 flags;

	for (i = 0;; i++) {
		if (dt_copy_nofault(&ptr, addr + i * sizeof(ptr), sizeof(ptr),
		    kernel)) {
			ef->dtef_flags |= DTFR_FAULT;
			break;
		}
		if (ptr == 0)
			break;
		if (i == DTMAXFETCHSTRV || got == f->dtfe_len) {
			ef->dtef_flags |= DTFR_TRUNC;
			break;
		}
		got += dt_strtext(data + got, ptr, f->dtfe_len - got, kernel,
		    &flags) + 1;
		if (flags & DTSTR_FAULT) {
			ef->dtef_flags |= DTFR_FAULT;
			break;
		}
		if (flags & DTSTR_TRUNC) {
			ef->dtef_flags |= DTFR_TRUNC;
			break;
		}
	}
	ef->dtef_len = got;
	memset(data + got, 0, DT_ALIGN(got) - got);
}

/* Perform one fetch into ef; its data is zero-padded to 8. */
static void
dt_fetch_one(const struct dtioc_fetch *f, const struct dt_fire *df,
    struct dt_evt_fetch *ef)
{
	bool kernel = !(f->dtfe_flags & DTFE_USER);
	unsigned char *data = dt_evt_fetch_data(ef);
	const struct dtioc_fetch_step *st;
	unsigned int i = 0;
	u64 value;

	ef->dtef_flags = 0;
	ef->dtef_len = 0;
	ef->dtef_step = 0;
	memset(ef->dtef_pad, 0, sizeof(ef->dtef_pad));
	if (!dt_fetch_source(f, df, &value))
		goto fault;
	for (i = 0; i < f->dtfe_nsteps; i++) {
		st = &f->dtfe_steps[i];
		if (st->dtst_op == DTFO_ADD)
			value += (u64)st->dtst_off;
		else if (dt_fetch_deref(&value, st->dtst_size, kernel))
			goto fault;
	}
	ef->dtef_step = f->dtfe_nsteps;
	switch (f->dtfe_kind) {
	case DTFK_VALUE:
		memcpy(data, &value, sizeof(value));
		ef->dtef_len = sizeof(value);
		return;
	case DTFK_BYTES:
		if (dt_copy_nofault(data, value, f->dtfe_len, kernel))
			goto fault;
		ef->dtef_len = f->dtfe_len;
		memset(data + f->dtfe_len, 0,
		    DT_ALIGN(f->dtfe_len) - f->dtfe_len);
		return;
	case DTFK_STRV:
		dt_fetch_strv(f, value, kernel, ef);
		return;
	default:
		ef->dtef_len = dt_strcopy((char *)data, value, f->dtfe_len,
		    kernel, &ef->dtef_flags);
		ef->dtef_flags |= DTFR_STR;
		return;
	}
fault:
	ef->dtef_step = i;
	ef->dtef_flags = DTFR_FAULT;
	if (f->dtfe_kind == DTFK_STR) {
		ef->dtef_flags |= DTFR_STR;
		memset(data, 0, 8);	/* the NUL and its padding */
	}
}

/*
 * Perform the fetches of fs for an event at p, after its strings; count
 * them in *nfetch and return where the event ends.
 */
void *
dt_fetch_fill(const struct dt_fetchset *fs, const struct dt_fire *df,
    void *p, __u8 *nfetch)
{
	struct dt_evt_fetch *ef = p;
	unsigned int i;

	for (i = 0; i < fs->fs_n; i++) {
		dt_fetch_one(&fs->fs_f[i], df, ef);
		ef->dtef_idx = i;
		ef = dt_evt_fetch_next(ef);
	}
	*nfetch = fs->fs_n;
	return ef;
}
