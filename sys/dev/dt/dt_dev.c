// SPDX-License-Identifier: ISC OR GPL-2.0
/*
 * dt(4) core: the /dev/dt device and its ioctls, the enablings of each
 * open, the probe registry, module load and unload.  What the other
 * files of the core do, and the locking, is in dt_core.h.
 */

#include <linux/capability.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/rculist.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/tracepoint.h>
#include <linux/uaccess.h>
#include <linux/version.h>
#include <linux/xarray.h>

#include "dt_core.h"

#define DT_MAXPROBES	65536		/* static and created probes */

DEFINE_MUTEX(dt_lock);
static LIST_HEAD(dt_providers);
static LIST_HEAD(dt_probes);
static DEFINE_XARRAY_ALLOC1(dt_probe_ids);
static u32 dt_probe_nextid;	/* ids go round: one freed is not reused soon */
static unsigned int dt_nprobes;

/*
 * Registration.
 */

int
dt_provider_register(struct dt_provider *dtpv)
{
	lockdep_assert_held(&dt_lock);
	list_add_tail(&dtpv->dtpv_next, &dt_providers);
	return 0;
}

struct dt_probe *
dt_probe_alloc(const struct dt_provider *dtpv, const char *func,
    const char *name, unsigned int nargs, const struct dt_argdesc *args)
{
	struct dt_probe *dtp;

	if (strlen(func) >= DTNAMESIZE || strlen(name) >= DTNAMESIZE ||
	    nargs > U8_MAX)
		return NULL;
	dtp = kzalloc(sizeof(*dtp), GFP_KERNEL);
	if (dtp == NULL)
		return NULL;
	INIT_LIST_HEAD(&dtp->dtp_pcbs);
	dtp->dtp_prov = dtpv;
	dtp->dtp_nargs = nargs;
	dtp->dtp_args = args;
	strscpy(dtp->dtp_func, func, sizeof(dtp->dtp_func));
	strscpy(dtp->dtp_name, name, sizeof(dtp->dtp_name));
	return dtp;
}

int
dt_probe_insert(struct dt_probe *dtp)
{
	u32 id;
	int error;

	lockdep_assert_held(&dt_lock);
	if (dt_nprobes >= DT_MAXPROBES)
		return -ENOSPC;
	error = xa_alloc_cyclic(&dt_probe_ids, &id, dtp, xa_limit_31b,
	    &dt_probe_nextid, GFP_KERNEL);
	if (error < 0)
		return error;
	dtp->dtp_pbn = id;
	list_add_tail(&dtp->dtp_next, &dt_probes);
	dt_nprobes++;
	return 0;
}

/* Whether dtp goes once no descriptor holds it. */
static bool
dt_probe_transient(const struct dt_probe *dtp)
{
	return dtp->dtp_prov->dtpv_destroy != NULL && !dtp->dtp_static;
}

/*
 * Descriptor sc holds dtp, a probe that goes once no descriptor does
 * (dtpv_destroy): it is not freed while sc is open.
 */
static int
dt_probe_hold(struct dt_softc *sc, struct dt_probe *dtp)
{
	struct dt_probe **holds;
	unsigned int i, max;

	lockdep_assert_held(&dt_lock);
	if (!dt_probe_transient(dtp))
		return 0;
	for (i = 0; i < sc->ds_nholds; i++) {
		if (sc->ds_holds[i] == dtp)
			return 0;
	}
	if (sc->ds_nholds == sc->ds_maxholds) {
		max = sc->ds_maxholds ? 2 * sc->ds_maxholds : 16;
		holds = krealloc_array(sc->ds_holds, max, sizeof(*holds),
		    GFP_KERNEL);
		if (holds == NULL)
			return -ENOMEM;
		sc->ds_holds = holds;
		sc->ds_maxholds = max;
	}
	sc->ds_holds[sc->ds_nholds++] = dtp;
	dtp->dtp_nholds++;
	return 0;
}

/*
 * Free dtp if nothing holds it: every enabling holds it through its
 * descriptor, so none is left and its provider has detached it.
 */
static void
dt_probe_release(struct dt_probe *dtp)
{
	lockdep_assert_held(&dt_lock);
	if (dtp->dtp_nholds != 0 || !dt_probe_transient(dtp))
		return;
	WARN_ON_ONCE(dtp->dtp_nenabled != 0 || !list_empty(&dtp->dtp_pcbs));
	xa_erase(&dt_probe_ids, dtp->dtp_pbn);
	list_del(&dtp->dtp_next);
	dt_nprobes--;
	dtp->dtp_prov->dtpv_destroy(dtp);
	kfree(dtp);
}

struct dt_tpfind {
	const char		*name;
	struct tracepoint	*tp;
};

static void
dt_tpfind_one(struct tracepoint *tp, void *arg)
{
	struct dt_tpfind *f = arg;

	if (strcmp(tp->name, f->name) == 0)
		f->tp = tp;
}

struct tracepoint *
dt_tracepoint_find(const char *name)
{
	struct dt_tpfind f = { .name = name };

	for_each_kernel_tracepoint(dt_tpfind_one, &f);
	return f.tp;
}

static struct dt_probe *
dt_probe_lookup(const struct dt_provider *dtpv, const char *func,
    const char *name)
{
	struct dt_probe *dtp;

	list_for_each_entry(dtp, &dt_probes, dtp_next) {
		if (dtp->dtp_prov == dtpv && strcmp(dtp->dtp_func, func) == 0 &&
		    strcmp(dtp->dtp_name, name) == 0)
			return dtp;
	}
	return NULL;
}


/*
 * Enablings.
 */

static struct dt_pcb *
dt_pcb_lookup(struct dt_softc *sc, struct dt_probe *dtp)
{
	struct dt_pcb *dp;

	list_for_each_entry(dp, &sc->ds_pcbs, dp_snext) {
		if (dp->dp_dtp == dtp)
			return dp;
	}
	return NULL;
}

/* Unlink; the caller waits for handlers, then calls dt_pcb_free(). */
static void
dt_pcb_unlink(struct dt_pcb *dp)
{
	struct dt_probe *dtp = dp->dp_dtp;

	list_del_rcu(&dp->dp_pnext);
	list_del(&dp->dp_snext);
	if (--dtp->dtp_nenabled == 0 && dtp->dtp_prov->dtpv_disable)
		dtp->dtp_prov->dtpv_disable(dtp);
}

static void
dt_pcb_free(struct dt_pcb *dp)
{
	if (dp->dp_dtp->dtp_prov->dtpv_dealloc)
		dp->dp_dtp->dtp_prov->dtpv_dealloc(dp);
	dt_recsel_free(dp->dp_recsel);
	dt_fetch_free(dp->dp_fetch);
	kfree(dp);
}

static int
dt_ioc_enable(struct dt_softc *sc, const struct dtioc_req *dtrq)
{
	const struct dt_provider *dtpv;
	struct dt_probe *dtp;
	struct dt_pcb *dp;
	unsigned int nstrs;
	u32 strlen;
	u64 nsecs;
	int error;

	if (dtrq->dtrq_flags & ~DTEVT_FLAGS || dtrq->dtrq_pad ||
	    dtrq->dtrq_pad2 || dtrq->dtrq_pad3)
		return -EINVAL;
	dtp = xa_load(&dt_probe_ids, dtrq->dtrq_pbn);
	if (dtp == NULL)
		return -ENOENT;
	dtpv = dtp->dtp_prov;
	if (dtp->dtp_flags & DTPI_RATE) {
		if (dtrq->dtrq_nsecs < DTMINNSECS ||
		    dtrq->dtrq_nsecs > DTMAXNSECS)
			return -EINVAL;
		nsecs = dtrq->dtrq_nsecs;
	} else if (dtrq->dtrq_nsecs != 0) {
		return -EINVAL;
	} else {
		nsecs = dtp->dtp_nsecs;
	}
	nstrs = hweight16(dtrq->dtrq_strargs);
	strlen = dtrq->dtrq_strlen ? dtrq->dtrq_strlen : DTDEFSTRLEN;
	if (nstrs > DTMAXSTRS || strlen < 2 || strlen > DTMAXSTRLEN ||
	    (dtrq->dtrq_strargs >> dt_probe_strwords(dtp)) != 0 ||
	    (nstrs == 0 && dtrq->dtrq_strlen != 0))
		return -EINVAL;
	if (dtrq->dtrq_reclen != 0 && !(dtp->dtp_flags & DTPI_RECORD))
		return -EINVAL;
	if (sc->ds_recording)
		return -EBUSY;
	if (dt_pcb_lookup(sc, dtp) != NULL)
		return -EEXIST;
	error = dt_probe_hold(sc, dtp);
	if (error)
		return error;

	dp = kzalloc(sizeof(*dp), GFP_KERNEL);
	if (dp == NULL)
		return -ENOMEM;
	error = dt_recsel_make(dtrq, &dp->dp_recsel);
	if (error) {
		kfree(dp);
		return error;
	}
	dp->dp_dtp = dtp;
	dp->dp_sc = sc;
	dp->dp_flags = dtrq->dtrq_flags;
	dp->dp_nsecs = nsecs;
	dp->dp_strargs = dtrq->dtrq_strargs;
	dp->dp_strlen = strlen;
	dp->dp_maxlen = sizeof(struct dt_evt) +
	    nstrs * (sizeof(struct dt_evt_str) + DT_ALIGN(strlen));
	if (dp->dp_flags & DTEVT_FUNCARGS)
		dp->dp_maxlen += dt_probe_maxwords(dtp) * sizeof(u64);
	if (dp->dp_flags & DTEVT_KSTACK)
		dp->dp_maxlen += DTMAXSTACKDEPTH * sizeof(u64);
	if (dp->dp_flags & DTEVT_USTACK)
		dp->dp_maxlen += DTMAXSTACKDEPTH * sizeof(u64);
	if (dtpv->dtpv_alloc) {
		error = dtpv->dtpv_alloc(dp);
		if (error) {
			dt_recsel_free(dp->dp_recsel);
			kfree(dp);
			return error;
		}
	}
	if (dtp->dtp_nenabled == 0 && dtpv->dtpv_enable) {
		error = dtpv->dtpv_enable(dtp);
		if (error) {
			dt_pcb_free(dp);
			return error;
		}
	}
	dtp->dtp_nenabled++;
	list_add_tail_rcu(&dp->dp_pnext, &dtp->dtp_pcbs);
	list_add_tail(&dp->dp_snext, &sc->ds_pcbs);
	return 0;
}

static int
dt_ioc_disable(struct dt_softc *sc, const struct dtioc_req *dtrq)
{
	struct dt_probe *dtp;
	struct dt_pcb *dp;

	dtp = xa_load(&dt_probe_ids, dtrq->dtrq_pbn);
	if (dtp == NULL)
		return -ENOENT;
	dp = dt_pcb_lookup(sc, dtp);
	if (dp == NULL)
		return -ENOENT;
	if (sc->ds_recording)
		return -EBUSY;
	dt_pcb_unlink(dp);
	tracepoint_synchronize_unregister();
	dt_pcb_free(dp);
	return 0;
}

/*
 * Replace the fetches of an enabling.  Handlers that saw recording on
 * just before it stopped may still be filling events with the old ones
 * and the old dp_maxlen: wait for them before changing either.
 */
static int
dt_ioc_fetch(struct dt_softc *sc, const struct dtioc_fetches *dtfs)
{
	struct dt_fetchset *fs, *old;
	struct dt_probe *dtp;
	struct dt_pcb *dp;
	int error;

	dtp = xa_load(&dt_probe_ids, dtfs->dtfs_pbn);
	if (dtp == NULL)
		return -ENOENT;
	dp = dt_pcb_lookup(sc, dtp);
	if (dp == NULL)
		return -ENOENT;
	if (sc->ds_recording)
		return -EBUSY;
	error = dt_fetch_make(dtp, dtfs, &fs);
	if (error)
		return error;
	tracepoint_synchronize_unregister();
	old = dp->dp_fetch;
	dp->dp_maxlen += dt_fetch_maxlen(fs) - dt_fetch_maxlen(old);
	dp->dp_fetch = fs;
	dt_fetch_free(old);
	return 0;
}

static void
dt_record_stop(struct dt_softc *sc)
{
	struct dt_pcb *dp;

	if (!sc->ds_recording)
		return;
	list_for_each_entry(dp, &sc->ds_pcbs, dp_snext) {
		if (dp->dp_dtp->dtp_prov->dtpv_stop)
			dp->dp_dtp->dtp_prov->dtpv_stop(dp);
	}
	smp_store_release(&sc->ds_recording, false);
	dt_follow_stop(sc);
	wake_up_interruptible(&sc->ds_wq);
	dt_wait_wake(sc);		/* waits end with recording */
}

static int
dt_record_start(struct dt_softc *sc)
{
	struct dt_pcb *dp, *started;
	int error;

	if (sc->ds_recording)
		return -EBUSY;
	if (list_empty(&sc->ds_pcbs))
		return -ENOENT;
	mutex_lock(&sc->ds_rlock);
	error = dt_rings_alloc(sc);
	mutex_unlock(&sc->ds_rlock);
	if (error)
		return error;
	error = dt_follow_start(sc);
	if (error)
		return error;
	smp_store_release(&sc->ds_recording, true);
	list_for_each_entry(dp, &sc->ds_pcbs, dp_snext) {
		if (dp->dp_dtp->dtp_prov->dtpv_start == NULL)
			continue;
		error = dp->dp_dtp->dtp_prov->dtpv_start(dp);
		if (error)
			goto fail;
	}
	return 0;
fail:
	started = dp;
	list_for_each_entry(dp, &sc->ds_pcbs, dp_snext) {
		if (dp == started)
			break;
		if (dp->dp_dtp->dtp_prov->dtpv_stop)
			dp->dp_dtp->dtp_prov->dtpv_stop(dp);
	}
	smp_store_release(&sc->ds_recording, false);
	dt_follow_stop(sc);
	return error;
}


static int
dt_ioc_setbufsize(struct dt_softc *sc, const struct dtioc_bufsize *dtbs)
{
	int error = 0;

	if (dtbs->dtbs_pad || dtbs->dtbs_size < DTMINBUFSIZE ||
	    dtbs->dtbs_size > DTMAXBUFSIZE)
		return -EINVAL;
	if (sc->ds_recording)
		return -EBUSY;
	mutex_lock(&sc->ds_rlock);
	mutex_lock(&sc->ds_mlock);
	if (atomic_read(&sc->ds_nmapped) != 0) {
		error = -EBUSY;		/* the mapping shows these rings */
	} else {
		dt_rings_free(sc);	/* after handlers that saw it record */
		sc->ds_bufsize = roundup_pow_of_two(dtbs->dtbs_size);
	}
	mutex_unlock(&sc->ds_mlock);
	mutex_unlock(&sc->ds_rlock);
	return error;
}

static void
dt_ioc_stats(struct dt_softc *sc, struct dtioc_stat *st)
{
	struct dt_ring *r;
	unsigned int cpu;

	/*
	 * dt_lock keeps the rings; not ds_rlock, which a reader blocked
	 * in read(2) holds.
	 */
	memset(st, 0, sizeof(*st));
	st->dtst_readevt = READ_ONCE(sc->ds_readevt);
	st->dtst_dropevt = sc->ds_olddrops;
	st->dtst_recurevt = sc->ds_oldrecur;
	st->dtst_skiptick = sc->ds_oldskip;
	if (sc->ds_rings != NULL) {
		for_each_possible_cpu(cpu) {
			r = sc->ds_rings[cpu];
			st->dtst_dropevt += local_read(&r->dr_drops);
			st->dtst_recurevt += local_read(&r->dr_recur);
			st->dtst_skiptick += local_read(&r->dr_skip);
		}
	}
	st->dtst_pidovf = 0;		/* a pid set holds every pid */
}

/*
 * What an ioctl copies out to user memory, built under dt_lock and
 * copied once it is dropped: a user page that faults slowly (on
 * userfaultfd, say) then stalls its own caller only.
 */
struct dt_out {
	void		*o_buf[2];	/* kvmalloc'ed, freed after */
	u64		 o_to[2];	/* user addresses */
	size_t		 o_len[2];
	unsigned int	 o_n;
};

static void
dt_out_add(struct dt_out *out, void *buf, u64 to, size_t len)
{
	out->o_buf[out->o_n] = buf;
	out->o_to[out->o_n] = to;
	out->o_len[out->o_n] = len;
	out->o_n++;
}

/* Copy out and free; -EFAULT if a copy failed. */
static long
dt_out_copy(struct dt_out *out)
{
	long error = 0;
	unsigned int i;

	for (i = 0; i < out->o_n; i++) {
		if (error == 0 && copy_to_user(u64_to_user_ptr(out->o_to[i]),
		    out->o_buf[i], out->o_len[i]))
			error = -EFAULT;
		kvfree(out->o_buf[i]);
	}
	return error;
}

/*
 * DTIOCGDROPS.  dt_lock keeps the rings and the enablings; the arrays
 * are built in the kernel and copied out once dt_lock is dropped.
 */
static long
dt_ioc_drops(struct dt_softc *sc, struct dtioc_drops *dd, struct dt_out *out)
{
	struct dtioc_cpustat *cs = NULL;
	struct dtioc_probestat *ps = NULL;
	struct dt_ring *r;
	struct dt_pcb *dp;
	unsigned int cpu, ncpu = nr_cpu_ids, nprobe = 0, i = 0;
	long error = 0;

	list_for_each_entry(dp, &sc->ds_pcbs, dp_snext)
		nprobe++;
	if (dd->dtdp_ncpu == 0 && dd->dtdp_nprobe == 0) {
		dd->dtdp_ncpu = ncpu;
		dd->dtdp_nprobe = nprobe;
		return 0;
	}
	if (dd->dtdp_ncpu < ncpu || dd->dtdp_nprobe < nprobe) {
		dd->dtdp_ncpu = ncpu;
		dd->dtdp_nprobe = nprobe;
		return -ENOSPC;
	}
	cs = kvcalloc(ncpu, sizeof(*cs), GFP_KERNEL);
	ps = kvcalloc(nprobe + 1, sizeof(*ps), GFP_KERNEL);
	if (cs == NULL || ps == NULL) {
		error = -ENOMEM;
		goto out;
	}
	if (sc->ds_rings != NULL) {
		for_each_possible_cpu(cpu) {
			r = sc->ds_rings[cpu];
			cs[cpu].dtcs_dropevt = local_read(&r->dr_drops);
			cs[cpu].dtcs_recurevt = local_read(&r->dr_recur);
			cs[cpu].dtcs_skiptick = local_read(&r->dr_skip);
			cs[cpu].dtcs_hiwat = READ_ONCE(r->dr_hiwat);
			cs[cpu].dtcs_size = r->dr_size;
		}
	}
	list_for_each_entry(dp, &sc->ds_pcbs, dp_snext) {
		ps[i].dtps_pbn = dp->dp_dtp->dtp_pbn;
		ps[i].dtps_dropevt = atomic64_read(&dp->dp_drops);
		i++;
	}
	dt_out_add(out, cs, dd->dtdp_cpus, ncpu * sizeof(*cs));
	dt_out_add(out, ps, dd->dtdp_probes, nprobe * sizeof(*ps));
	dd->dtdp_ncpu = ncpu;
	dd->dtdp_nprobe = nprobe;
	return 0;
out:
	kvfree(cs);
	kvfree(ps);
	return error;
}

static void
dt_probe_info(const struct dt_probe *dtp, struct dtioc_probe_info *pi)
{
	memset(pi, 0, sizeof(*pi));
	pi->dtpi_pbn = dtp->dtp_pbn;
	pi->dtpi_nargs = dtp->dtp_nargs;
	pi->dtpi_flags = dtp->dtp_flags;
	strscpy(pi->dtpi_prov, dtp->dtp_prov->dtpv_name, DTNAMESIZE);
	strscpy(pi->dtpi_func, dtp->dtp_func, DTNAMESIZE);
	strscpy(pi->dtpi_name, dtp->dtp_name, DTNAMESIZE);
}

static int
dt_ioc_plist(struct dtioc_probe *dtpr, struct dt_out *out)
{
	struct dtioc_probe_info *pi;
	struct dt_probe *dtp;
	u64 need = (u64)dt_nprobes * sizeof(*pi);
	unsigned int i = 0;

	if (dtpr->dtpr_size == 0) {
		dtpr->dtpr_size = need;
		return 0;
	}
	if (dtpr->dtpr_size < need)
		return -ENOSPC;
	pi = kvcalloc(dt_nprobes, sizeof(*pi), GFP_KERNEL);
	if (pi == NULL && dt_nprobes > 0)
		return -ENOMEM;
	list_for_each_entry(dtp, &dt_probes, dtp_next)
		dt_probe_info(dtp, &pi[i++]);
	dt_out_add(out, pi, dtpr->dtpr_probes, need);
	dtpr->dtpr_size = need;
	return 0;
}

static u8
dt_arg_flags(const struct dt_argdesc *da)
{
	if (da->da_flags & DTARG_KSTR)
		return DTAI_STR | DTAI_KSTR;
	if (da->da_flags & DTARG_USTR)
		return DTAI_STR;
	if (da->da_flags & DTARG_FUNC)
		return DTAI_FUNC;
	return 0;
}

/*
 * DTIOCGPROVS.  Providers register only at module load, before /dev/dt
 * exists, so the list needs no lock and is copied straight out.
 */
static int
dt_ioc_provs(struct dtioc_provs *dtvs)
{
	struct dtioc_prov_info vi;
	struct dt_provider *dtpv;
	char __user *up = u64_to_user_ptr(dtvs->dtvs_provs);
	u64 need = 0;

	list_for_each_entry(dtpv, &dt_providers, dtpv_next)
		need += sizeof(vi);
	if (dtvs->dtvs_size == 0) {
		dtvs->dtvs_size = need;
		return 0;
	}
	if (dtvs->dtvs_size < need)
		return -ENOSPC;
	list_for_each_entry(dtpv, &dt_providers, dtpv_next) {
		memset(&vi, 0, sizeof(vi));
		strscpy(vi.dtvi_name, dtpv->dtpv_name, DTNAMESIZE);
		vi.dtvi_flags = dtpv->dtpv_flags;
		if (copy_to_user(up, &vi, sizeof(vi)))
			return -EFAULT;
		up += sizeof(vi);
	}
	dtvs->dtvs_size = need;
	return 0;
}

static int
dt_ioc_args(struct dtioc_arg *dtar, struct dt_out *out)
{
	struct dtioc_arg_info *ai;
	struct dt_probe *dtp;
	unsigned int i;
	u64 need;

	if (dtar->dtar_pad)
		return -EINVAL;
	dtp = xa_load(&dt_probe_ids, dtar->dtar_pbn);
	if (dtp == NULL)
		return -ENOENT;
	need = (u64)dtp->dtp_nargs * sizeof(*ai);
	if (dtar->dtar_size == 0) {
		dtar->dtar_size = need;
		return 0;
	}
	if (dtar->dtar_size < need)
		return -ENOSPC;
	ai = kvcalloc(dtp->dtp_nargs, sizeof(*ai), GFP_KERNEL);
	if (ai == NULL && dtp->dtp_nargs > 0)
		return -ENOMEM;
	for (i = 0; i < dtp->dtp_nargs; i++) {
		ai[i].dtai_pbn = dtp->dtp_pbn;
		ai[i].dtai_argn = i;
		if (dtp->dtp_args != NULL) {
			strscpy(ai[i].dtai_argtype, dtp->dtp_args[i].da_type,
			    DTNAMESIZE);
			if (dtp->dtp_args[i].da_name != NULL)
				strscpy(ai[i].dtai_argname,
				    dtp->dtp_args[i].da_name, DTNAMESIZE);
			ai[i].dtai_flags = dt_arg_flags(&dtp->dtp_args[i]);
		} else {
			strscpy(ai[i].dtai_argtype, "unsigned long",
			    DTNAMESIZE);
		}
	}
	dt_out_add(out, ai, dtar->dtar_args, need);
	dtar->dtar_size = need;
	return 0;
}

static bool
dt_name_ok(const char *s)
{
	return s[0] != '\0' && memchr(s, '\0', DTNAMESIZE) != NULL;
}

static int
dt_ioc_create(struct dt_softc *sc, struct dtioc_create *dtcr)
{
	struct dt_provider *dtpv;
	struct dt_probe *dtp;
	int error;

	if (dtcr->dtcr_pad || !dt_name_ok(dtcr->dtcr_prov) ||
	    !dt_name_ok(dtcr->dtcr_func) || !dt_name_ok(dtcr->dtcr_name))
		return -EINVAL;
	list_for_each_entry(dtpv, &dt_providers, dtpv_next) {
		if (strcmp(dtpv->dtpv_name, dtcr->dtcr_prov) == 0)
			goto found;
	}
	return -ENOENT;
found:
	dtp = dt_probe_lookup(dtpv, dtcr->dtcr_func, dtcr->dtcr_name);
	if (dtp == NULL) {
		if (dtpv->dtpv_create == NULL)
			return -EOPNOTSUPP;
		if (dt_nprobes >= DT_MAXPROBES)
			return -ENOSPC;
		error = dtpv->dtpv_create(dtcr->dtcr_func, dtcr->dtcr_name,
		    &dtp);
		if (error)
			return error;
		error = dt_probe_insert(dtp);
		if (error) {
			if (dtpv->dtpv_destroy)
				dtpv->dtpv_destroy(dtp);
			kfree(dtp);
			return error;
		}
	}
	/* A new probe no one holds goes at once. */
	error = dt_probe_hold(sc, dtp);
	if (error) {
		dt_probe_release(dtp);
		return error;
	}
	dtcr->dtcr_pbn = dtp->dtp_pbn;
	return 0;
}

/* The file is the caller's: fget() holds it while the provider looks. */
static int
dt_ioc_ucreate(struct dt_softc *sc, struct dtioc_ucreate *dtuc)
{
	struct dt_provider *dtpv;
	struct dt_probe *dtp;
	struct file *file;
	int error;

	if (dtuc->dtuc_pad || (dtuc->dtuc_flags & ~DTUC_RETURN) ||
	    !dt_name_ok(dtuc->dtuc_prov))
		return -EINVAL;
	list_for_each_entry(dtpv, &dt_providers, dtpv_next) {
		if (strcmp(dtpv->dtpv_name, dtuc->dtuc_prov) == 0)
			goto found;
	}
	return -ENOENT;
found:
	if (!(dtpv->dtpv_flags & DTPV_UFILE) || dtpv->dtpv_ucreate == NULL)
		return -EOPNOTSUPP;
	if (dt_nprobes >= DT_MAXPROBES)
		return -ENOSPC;
	file = fget(dtuc->dtuc_fd);
	if (file == NULL)
		return -EBADF;
	if (!(file->f_mode & FMODE_READ))
		error = -EBADF;
	else if (!S_ISREG(file_inode(file)->i_mode))
		error = -EINVAL;
	else
		error = dtpv->dtpv_ucreate(file, dtuc->dtuc_offset,
		    dtuc->dtuc_refctr, dtuc->dtuc_flags & DTUC_RETURN, &dtp);
	fput(file);
	if (error)
		return error;
	/* A new probe no one holds goes at once. */
	error = dt_probe_hold(sc, dtp);
	if (error) {
		dt_probe_release(dtp);
		return error;
	}
	dtuc->dtuc_pbn = dtp->dtp_pbn;
	return 0;
}

static void
dt_ioc_clock(struct dtioc_clock *dtcl)
{
	ktime_t mono = ktime_get();

	dtcl->dtcl_mono = ktime_to_ns(mono);
	dtcl->dtcl_real = ktime_to_ns(ktime_mono_to_real(mono));
}

static long
dt_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct dt_softc *sc = file->private_data;
	void __user *uarg = (void __user *)arg;
	union {
		struct dtioc_probe	dtpr;
		struct dtioc_arg	dtar;
		struct dtioc_req	dtrq;
		struct dtioc_create	dtcr;
		struct dtioc_ucreate	dtuc;
		struct dtioc_stat	dtst;
		struct dtioc_pids	dtpf;
		struct dtioc_bufsize	dtbs;
		struct dtioc_clock	dtcl;
		struct dtioc_drops	dtdp;
		struct dtioc_provs	dtvs;
		struct dtioc_lossless	dtll;
		struct dtioc_waitstat	dtws;
		struct dtioc_fetches	dtfs;
		int			on;
	} u;
	struct dt_out out = { .o_n = 0 };
	long error;

	switch (cmd) {
	case DTIOCGPLIST:
	case DTIOCGARGS:
	case DTIOCGSTATS:
	case DTIOCGCLOCK:
	case DTIOCGDROPS:
	case DTIOCGPROVS:
	case DTIOCGWAITS:
		break;
	case DTIOCSETLOSSLESS:
	case DTIOCPRBENABLE:
	case DTIOCPRBDISABLE:
	case DTIOCRECORD:
	case DTIOCPRBCREATE:
	case DTIOCPRBUCREATE:
	case DTIOCSETPIDS:
	case DTIOCSETBUFSIZE:
	case DTIOCPRBFETCH:
		if (!perfmon_capable())
			return -EPERM;
		break;
	default:
		return -ENOTTY;
	}
	if ((_IOC_DIR(cmd) & _IOC_WRITE) &&
	    copy_from_user(&u, uarg, _IOC_SIZE(cmd)))
		return -EFAULT;
	/*
	 * The kernel may have been locked down since the open: what
	 * creates or enables a probe or starts recording asks each time.
	 */
	if ((cmd == DTIOCPRBCREATE || cmd == DTIOCPRBUCREATE ||
	    cmd == DTIOCPRBENABLE || cmd == DTIOCPRBFETCH ||
	    (cmd == DTIOCRECORD && u.on == 1)) && dt_locked_down())
		return -EPERM;

	if (cmd == DTIOCGPROVS) {
		error = dt_ioc_provs(&u.dtvs);	/* needs no lock */
		goto copyout;
	}

	mutex_lock(&dt_lock);
	switch (cmd) {
	case DTIOCGPLIST:
		error = dt_ioc_plist(&u.dtpr, &out);
		break;
	case DTIOCGARGS:
		error = dt_ioc_args(&u.dtar, &out);
		break;
	case DTIOCGSTATS:
		dt_ioc_stats(sc, &u.dtst);
		error = 0;
		break;
	case DTIOCGCLOCK:
		dt_ioc_clock(&u.dtcl);
		error = 0;
		break;
	case DTIOCGDROPS:
		error = dt_ioc_drops(sc, &u.dtdp, &out);
		break;
	case DTIOCPRBENABLE:
		error = dt_ioc_enable(sc, &u.dtrq);
		break;
	case DTIOCPRBDISABLE:
		error = dt_ioc_disable(sc, &u.dtrq);
		break;
	case DTIOCRECORD:
		if (u.on == 1) {
			error = dt_record_start(sc);
		} else if (u.on == 0) {
			dt_record_stop(sc);
			error = 0;
		} else {
			error = -EINVAL;
		}
		break;
	case DTIOCPRBCREATE:
		error = dt_ioc_create(sc, &u.dtcr);
		break;
	case DTIOCPRBUCREATE:
		error = dt_ioc_ucreate(sc, &u.dtuc);
		break;
	case DTIOCSETPIDS:
		error = dt_ioc_setpids(sc, &u.dtpf);
		break;
	case DTIOCSETBUFSIZE:
		error = dt_ioc_setbufsize(sc, &u.dtbs);
		break;
	case DTIOCSETLOSSLESS:
		error = dt_ioc_lossless(sc, &u.dtll);
		break;
	case DTIOCPRBFETCH:
		error = dt_ioc_fetch(sc, &u.dtfs);
		break;
	case DTIOCGWAITS:
		dt_ioc_waits(sc, &u.dtws);
		error = 0;
		break;
	default:
		error = -ENOTTY;
		break;
	}
	mutex_unlock(&dt_lock);
	if (dt_out_copy(&out))
		error = -EFAULT;

copyout:
	/* DTIOCGDROPS says how many entries it needs along with ENOSPC. */
	if ((error == 0 || (error == -ENOSPC && cmd == DTIOCGDROPS)) &&
	    (_IOC_DIR(cmd) & _IOC_READ) &&
	    copy_to_user(uarg, &u, _IOC_SIZE(cmd)))
		error = -EFAULT;
	return error;
}


static int
dt_open(struct inode *inode, struct file *file)
{
	struct dt_softc *sc;

	if (!dt_allowed())
		return -EPERM;
	sc = kzalloc(sizeof(*sc), GFP_KERNEL);
	if (sc == NULL)
		return -ENOMEM;
	/* The process itself, not its number, which outlives it. */
	sc->ds_opener = get_pid(task_tgid(current));
	sc->ds_pidns = get_pid_ns(task_active_pid_ns(current));
	sc->ds_bufsize = DTDEFBUFSIZE;
	INIT_LIST_HEAD(&sc->ds_pcbs);
	INIT_LIST_HEAD(&sc->ds_fnext);
	dt_ring_init(sc);
	dt_wait_init(sc);
	file->private_data = sc;
	return stream_open(inode, file);
}

static int
dt_release(struct inode *inode, struct file *file)
{
	struct dt_softc *sc = file->private_data;
	struct dt_pcb *dp, *next;
	struct dt_probe *dtp;
	LIST_HEAD(dead);

	mutex_lock(&dt_lock);
	dt_record_stop(sc);
	dt_wait_close(sc);	/* no task waits for a closed descriptor */
	list_for_each_entry_safe(dp, next, &sc->ds_pcbs, dp_snext) {
		dt_pcb_unlink(dp);
		list_add_tail(&dp->dp_snext, &dead);
	}
	mutex_unlock(&dt_lock);
	/* No handler, fork hook or tick still sees sc after this. */
	tracepoint_synchronize_unregister();
	list_for_each_entry_safe(dp, next, &dead, dp_snext)
		dt_pcb_free(dp);
	/* Its enablings gone, the probes only it held go. */
	mutex_lock(&dt_lock);
	while (sc->ds_nholds > 0) {
		dtp = sc->ds_holds[--sc->ds_nholds];
		dtp->dtp_nholds--;
		dt_probe_release(dtp);
	}
	mutex_unlock(&dt_lock);
	kfree(sc->ds_holds);
	dt_ring_fini(sc);
	dt_pid_fini(sc);
	put_pid(sc->ds_opener);
	put_pid_ns(sc->ds_pidns);
	dt_sc_put(sc);		/* waiters yet to run hold it */
	return 0;
}

static const struct file_operations dt_fops = {
	.owner		= THIS_MODULE,
	.open		= dt_open,
	.release	= dt_release,
	.read		= dt_read,
	.poll		= dt_poll,
	.mmap		= dt_mmap,
	.unlocked_ioctl	= dt_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 12, 0)
	.llseek		= no_llseek,
#endif
};

static struct miscdevice dt_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "dt",
	.fops	= &dt_fops,
	.mode	= 0600,
};


/*
 * Module load and unload.
 */

struct dt_provinit {
	int	(*init)(void);
	void	(*fini)(void);
};

static const struct dt_provinit dt_provinit[] = {
	{ dt_prov_syscall_init, dt_prov_syscall_fini },
	{ dt_prov_profile_init, dt_prov_profile_fini },
	{ dt_prov_tracepoint_init, dt_prov_tracepoint_fini },
	{ dt_prov_kprobe_init, dt_prov_kprobe_fini },
	{ dt_prov_counter_init, dt_prov_counter_fini },
	{ dt_prov_uprobe_init, dt_prov_uprobe_fini },
};

static void
dt_providers_fini(unsigned int n)
{
	struct dt_probe *dtp, *next;

	lockdep_assert_held(&dt_lock);
	while (n-- > 0)
		dt_provinit[n].fini();
	list_for_each_entry_safe(dtp, next, &dt_probes, dtp_next) {
		list_del(&dtp->dtp_next);
		kfree(dtp);
	}
	xa_destroy(&dt_probe_ids);
	dt_nprobes = 0;
}

static int __init
dt_init(void)
{
	unsigned int i;
	int error;

	error = dt_sysctl_init();
	if (error)
		return error;
	dt_pid_init();

	mutex_lock(&dt_lock);
	for (i = 0; i < ARRAY_SIZE(dt_provinit); i++) {
		error = dt_provinit[i].init();
		if (error) {
			dt_providers_fini(i);
			mutex_unlock(&dt_lock);
			dt_sysctl_fini();
			return error;
		}
	}
	mutex_unlock(&dt_lock);

	error = misc_register(&dt_misc);
	if (error) {
		mutex_lock(&dt_lock);
		dt_providers_fini(ARRAY_SIZE(dt_provinit));
		mutex_unlock(&dt_lock);
		dt_sysctl_fini();
	}
	return error;
}

static void __exit
dt_exit(void)
{
	misc_deregister(&dt_misc);
	dt_sysctl_fini();
	mutex_lock(&dt_lock);
	dt_providers_fini(ARRAY_SIZE(dt_provinit));
	mutex_unlock(&dt_lock);
	/* Nothing is attached any more; let stragglers leave our text. */
	tracepoint_synchronize_unregister();
}

module_init(dt_init);
module_exit(dt_exit);

MODULE_DESCRIPTION("dt(4): dynamic tracing pseudo-device");
MODULE_AUTHOR("The dt project");
MODULE_LICENSE("Dual BSD/GPL");
