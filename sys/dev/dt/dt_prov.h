/* SPDX-License-Identifier: ISC OR GPL-2.0 */
/*
 * dt(4): the interface between the probe-independent core (dt_dev.c and
 * the files of dt_core.h) and the providers (dt_prov_*.c, one file each).
 *
 * The contract
 *
 * A provider describes itself with a struct dt_provider and, from its
 * init function (called once at module load, in process context,
 * before /dev/dt exists), registers it with dt_provider_register() and
 * creates its static probes with dt_probe_alloc() + dt_probe_insert().
 * Probes live until module unload; the core owns and frees them after
 * every provider's fini function has run.  init and fini run with
 * dt_lock held, as dt_provider_register() and dt_probe_insert() need.
 *
 * Every hook is called in process context with dt_lock held (so hooks
 * are serialised with each other and with every ioctl); hooks may sleep.
 *
 *   dtpv_enable(dtp)	the probe got its first enabling, on any open:
 *			attach to the kernel (register the tracepoint probe,
 *			the kprobe ...).  Nothing is attached before, so a
 *			probe costs nothing while no descriptor enables it.
 *   dtpv_disable(dtp)	the last enabling went away: detach.  The provider
 *			need not wait for handlers still running on other
 *			CPUs: before it frees any enabling, the core waits
 *			with tracepoint_synchronize_unregister(), which
 *			covers RCU, sched-RCU and the tracepoint SRCU.  A
 *			provider that frees its own data in dtpv_disable
 *			must wait itself first (unregister_kprobe() does).
 *   dtpv_alloc(dp)	optional: an enabling is being created; validate
 *			and allocate per-enabling state in dp->dp_priv.
 *   dtpv_dealloc(dp)	optional: free it (handlers are already gone).
 *   dtpv_start(dp),	optional: recording starts/stops on the enabling's
 *   dtpv_stop(dp)	descriptor (profile starts/cancels its timers);
 *			dtpv_stop must wait for running handlers.
 *   dtpv_create(func, name, &dtp)
 *			optional: make a probe on demand (DTIOCPRBCREATE),
 *			allocate it with dt_probe_alloc() and return it; the
 *			core inserts it.  Return -ENOENT if no such function,
 *			-EINVAL for a bad name.  The core first looks for an
 *			existing probe with the same names, so dtpv_create is
 *			only called for new ones.
 *   dtpv_ucreate(file, off, refctr, ret, &dtp)
 *			optional, with DTPV_UFILE: make or find the probe on
 *			the instruction at offset off of file, a regular
 *			file open for reading (DTIOCPRBUCREATE), on the
 *			function's return if ret, with the semaphore at
 *			file offset refctr if not 0; keep a reference on file
 *			if it keeps the probe.  The provider looks up its
 *			own probes (names do not identify a file) and
 *			inserts a new one itself with dt_probe_insert().
 *   dtpv_destroy(dtp)	optional: a probe the provider made may go once no
 *			descriptor holds it (each that found, made or
 *			enabled it holds it until it is closed) and so none
 *			enables it, or the core could not insert a probe
 *			dtpv_create made: free the provider's state of it
 *			and drop what it keeps (a file); the core has
 *			removed it from every list and frees dtp.
 *			Providers without it keep their probes until the
 *			module is unloaded, and so do all providers the
 *			probes they make at init with dtp_static set.
 *
 * Firing: a handler calls dt_probe_fire() (or dt_pcb_fire() for one
 * enabling, as timers do) from any context: task, softirq, hardirq or
 * NMI, preemption on or off.  The core disables preemption, walks the
 * probe's enablings under RCU, and for each one recording it filters
 * (pid set, the reading process's own events), detects recursion,
 * reserves room in this CPU's ring of that descriptor, fills the event
 * (task identity, timestamp, stacks, arguments, strings) and commits.
 * A handler should test dt_probe_enabled() first only to skip work of
 * its own, such as collecting arguments.
 *
 * Description: dtpv_flags (DTPV_* of dtvar.h) and each probe's dtp_flags
 * (DTPI_*) and argument flags (DTARG_*) are what DTIOCGPROVS, DTIOCGPLIST
 * and DTIOCGARGS tell userland; set them to what the provider does.  A
 * periodic probe fires every dtp_nsecs, or with DTPI_RATE every
 * dtrq_nsecs of each enabling; either way the enabling's dp_nsecs.
 *
 * Arguments: df_args holds the argument words for entry probes (at
 * most DTMAXFUNCARGS are recorded).  For return probes set df_return
 * and df_retval/df_errno; for syscalls df_retval is -1 and df_errno the
 * error when the call failed.  A string requested at argument n is read
 * from user memory unless the probe's argument descriptor says
 * DTARG_KSTR (a kernel string, read with copy_from_kernel_nofault()).
 */
#ifndef _DEV_DT_DT_PROV_H_
#define _DEV_DT_DT_PROV_H_

#include <linux/list.h>
#include <linux/minmax.h>
#include <linux/types.h>

#include "dtvar.h"

struct file;
struct pt_regs;
struct tracepoint;
struct dt_softc;
struct dt_probe;
struct dt_pcb;
struct dt_fetchset;

/* One argument of a probe, as listed by DTIOCGARGS. */
struct dt_argdesc {
	const char	*da_type;	/* C type, "unsigned long" if unknown */
	const char	*da_name;	/* name, or NULL */
	unsigned int	 da_flags;	/* DTARG_* */
};

#define DTARG_KSTR	(1U << 0)	/* a pointer to a kernel string */
#define DTARG_USTR	(1U << 1)	/* a pointer to a user string */
#define DTARG_FUNC	(1U << 2)	/* the address of the function that
					   fired: one probe, many functions */

struct dt_provider {
	const char	*dtpv_name;	/* "syscall", "profile", ... */
	unsigned int	 dtpv_flags;	/* DTPV_* of dtvar.h */
	int		(*dtpv_enable)(struct dt_probe *);
	void		(*dtpv_disable)(struct dt_probe *);
	int		(*dtpv_alloc)(struct dt_pcb *);
	void		(*dtpv_dealloc)(struct dt_pcb *);
	int		(*dtpv_start)(struct dt_pcb *);
	void		(*dtpv_stop)(struct dt_pcb *);
	int		(*dtpv_create)(const char *, const char *,
			    struct dt_probe **);
	int		(*dtpv_ucreate)(struct file *, u64, u64, bool,
			    struct dt_probe **);
	void		(*dtpv_destroy)(struct dt_probe *);
	struct list_head dtpv_next;	/* core: registered providers */
};

struct dt_probe {
	struct list_head		 dtp_next;	/* core: every probe */
	struct list_head		 dtp_pcbs;	/* enablings, RCU */
	const struct dt_provider	*dtp_prov;
	u32				 dtp_pbn;	/* id, set by insert */
	unsigned int			 dtp_nenabled;	/* under dt_lock */
	unsigned int			 dtp_nholds;	/* descriptors holding
							   it, under dt_lock */
	bool				 dtp_static;	/* made at init: never
							   destroyed, even by a
							   provider with
							   dtpv_destroy */
	unsigned int			 dtp_nargs;
	const struct dt_argdesc		*dtp_args;	/* dtp_nargs, or NULL */
	unsigned int			 dtp_flags;	/* DTPI_* of dtvar.h */
	u64				 dtp_nsecs;	/* period of a periodic
							   probe without
							   DTPI_RATE */
	void				*dtp_priv;	/* the provider's */
	char				 dtp_func[DTNAMESIZE];
	char				 dtp_name[DTNAMESIZE];
};

/* An enabling: one probe enabled on one descriptor. */
struct dt_pcb {
	struct list_head	 dp_pnext;	/* on dtp_pcbs, RCU */
	struct list_head	 dp_snext;	/* on its descriptor's list */
	struct dt_probe		*dp_dtp;
	struct dt_softc		*dp_sc;
	u32			 dp_flags;	/* DTEVT_* to record */
	u64			 dp_nsecs;	/* period for DTPV_PERIODIC:
					   dtrq_nsecs or dtp_nsecs */
	u16			 dp_strargs;	/* arguments read as strings */
	u16			 dp_strlen;	/* bytes per string with NUL */
	u32			 dp_maxlen;	/* largest event it writes */
	atomic64_t		 dp_drops;	/* its events dropped */
	void			*dp_priv;	/* the provider's */
	struct dt_recsel	*dp_recsel;	/* DTPI_RECORD: bytes wanted */
	struct dt_fetchset	*dp_fetch;	/* DTIOCPRBFETCH, or NULL */
};

/*
 * The bytes of a trace event's record an enabling wants (dtrq_recbytes):
 * a mask for each word of the fixed part, and the fields that locate
 * bytes later in the record.
 */
struct dt_recsel {
	unsigned int	 rs_nwords;	/* words with a wanted byte */
	unsigned int	 rs_nlocs;
	u16		*rs_locs;	/* offsets, DT_RECSEL_REL: __rel_loc */
	u64		 rs_mask[];	/* DTMAXRECWORDS masks */
};
#define DT_RECSEL_REL	0x8000

int	dt_recsel_make(const struct dtioc_req *, struct dt_recsel **);
void	dt_recsel_free(struct dt_recsel *);
unsigned int dt_recsel_copy(const struct dt_recsel *, const u64 *,
	    unsigned int, u64 *);

/* What a handler knows when its probe fires. */
struct dt_fire {
	struct pt_regs	*df_regs;	/* probed context, or NULL */
	const u64	*df_args;	/* entry: argument words */
	unsigned int	 df_nargs;
	bool		 df_return;	/* return probe: the two below */
	s64		 df_retval;
	int		 df_errno;
	unsigned long	 df_kstack_after; /* if set, kernel stacks start
					    after the last frame with this
					    return address (irq entry) */
	bool		 df_anytask;	/* a timer's, about no task: neither
					   the pid filter nor the opener's
					   exclusion applies */
};

/* Registration, from the providers' init functions. */
int	dt_provider_register(struct dt_provider *);
struct dt_probe *dt_probe_alloc(const struct dt_provider *, const char *,
	    const char *, unsigned int, const struct dt_argdesc *);
int	dt_probe_insert(struct dt_probe *);

/* The kernel tracepoint called NAME, or NULL; process context. */
struct tracepoint *dt_tracepoint_find(const char *);

/*
 * The trace events of the tracepoint provider (dt_prov_trace_event.c):
 * tracepoint:SYSTEM:EVENT made on demand, fed by the kernel's own trace
 * event machinery, for the tracepoint provider's hooks to call.
 */
int	dt_tpev_create(const struct dt_provider *, const char *,
	    const char *, struct dt_probe **);
int	dt_tpev_enable(struct dt_probe *);
void	dt_tpev_disable(struct dt_probe *);

/* 0 if a kprobe may sit on the kernel symbol SYM, else -errno. */
int	dt_kprobe_check(const char *);

/* Firing, from any context. */
void	dt_probe_fire(struct dt_probe *, const struct dt_fire *);
void	dt_pcb_fire(struct dt_pcb *, const struct dt_fire *);
void	dt_pcb_skiptick(struct dt_pcb *, u64);	/* on the ticking CPU */

/* Argument words an event of the probe carries at most. */
static inline unsigned int
dt_probe_maxwords(const struct dt_probe *dtp)
{
	return (dtp->dtp_flags & DTPI_RECORD) ? DTMAXRECWORDS : DTMAXFUNCARGS;
}

/* Argument words a string may be asked at (dtrq_strargs bits). */
static inline unsigned int
dt_probe_strwords(const struct dt_probe *dtp)
{
	if (dtp->dtp_flags & DTPI_RECORD)
		return DTMAXFUNCARGS;
	return min_t(unsigned int, dtp->dtp_nargs, DTMAXFUNCARGS);
}

static inline bool
dt_probe_enabled(const struct dt_probe *dtp)
{
	return !list_empty(&dtp->dtp_pcbs);
}

/*
 * A function's arguments at its entry (kprobes, kernel functions,
 * uprobes): the six argument registers of the x86-64 calling
 * convention, described as arg0 ... arg5.
 */
#define DT_REGARGS	6
extern const struct dt_argdesc dt_regargs[DT_REGARGS];

static inline void
dt_regs_args(const struct pt_regs *regs, u64 *a)
{
	a[0] = regs->di;
	a[1] = regs->si;
	a[2] = regs->dx;
	a[3] = regs->cx;
	a[4] = regs->r8;
	a[5] = regs->r9;
}

static inline void
dt_fire_entry(struct dt_probe *dtp, struct pt_regs *regs, const u64 *args,
    unsigned int nargs)
{
	struct dt_fire df = {
		.df_regs = regs, .df_args = args, .df_nargs = nargs,
	};

	dt_probe_fire(dtp, &df);
}

static inline void
dt_fire_return(struct dt_probe *dtp, struct pt_regs *regs, s64 retval,
    int error)
{
	struct dt_fire df = {
		.df_regs = regs, .df_return = true,
		.df_retval = retval, .df_errno = error,
	};

	dt_probe_fire(dtp, &df);
}

/*
 * One init/fini pair per provider file, called by the core in this
 * order at load and in reverse at unload.  init returns 0 or -errno;
 * a provider that finds nothing to attach to registers no probe and
 * returns 0.  fini runs after /dev/dt is gone and no probe is enabled.
 */
int	dt_prov_syscall_init(void);
void	dt_prov_syscall_fini(void);
int	dt_prov_profile_init(void);
void	dt_prov_profile_fini(void);
int	dt_prov_tracepoint_init(void);
void	dt_prov_tracepoint_fini(void);
int	dt_prov_kprobe_init(void);
void	dt_prov_kprobe_fini(void);
int	dt_prov_counter_init(void);
void	dt_prov_counter_fini(void);
int	dt_prov_uprobe_init(void);
void	dt_prov_uprobe_fini(void);

#endif /* _DEV_DT_DT_PROV_H_ */
