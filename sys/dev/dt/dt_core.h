/* SPDX-License-Identifier: ISC OR GPL-2.0 */
/*
 * dt(4): what the files of the core share (providers see dt_prov.h only).
 *
 *   dt_dev.c	 the device, its ioctls, enablings, the probe registry,
 *		 module load and unload
 *   dt_fire.c	 the fire path: filtering, filling and committing events
 *   dt_ring.c	 the per-CPU rings, read(2), poll(2), reader wakeups
 *   dt_mmap.c	 mmap(2) of the rings and their control pages
 *   dt_wait.c	 lossless recording: traced tasks wait for the reader
 *   dt_pid.c	 the pid filter, which follows forks
 *   dt_sysctl.c kern.allowdt
 *   dt_fetch.c	 fetches: memory an enabling reads when its probe fires
 *
 * Locking: dt_lock serialises every configuration change: ioctls,
 * close, provider hooks, module load and unload.  The fire path takes
 * no lock: enablings hang off their probe on an RCU list walked with
 * preemption disabled, and each descriptor has one ring per CPU with a
 * single producer, that CPU, guarded against nesting (an interrupt or
 * NMI probe firing while the CPU is recording) by a per-ring counter.
 * Readers of one descriptor take turns at copying events out under
 * ds_rlock, which none holds while it sleeps; waiting readers and
 * pollers test the rings under RCU.  ds_mlock guards allocating and
 * freeing the rings against mmap(2), which holds the mmap lock that a
 * reader's copy to user memory may take under ds_rlock: the order is
 * dt_lock, ds_rlock, mmap lock, ds_mlock, and nothing is taken under
 * ds_mlock.
 */
#ifndef _DEV_DT_DT_CORE_H_
#define _DEV_DT_DT_CORE_H_

#include <linux/bitops.h>
#include <linux/hrtimer.h>
#include <linux/kref.h>
#include <linux/irq_work.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/threads.h>
#include <linux/wait.h>
#include <asm/local.h>

struct vm_area_struct;
struct dt_waiter;

#include "dt_prov.h"

extern struct mutex dt_lock;

/*
 * A ring: dr_head and the control page's dtmc_tail count bytes ever
 * written and read; the tail is the consumer's, in read(2) or through
 * a mapping (dt_mmap.c), and is checked each time it is read.  Each
 * event is contiguous; one that would not fit before the end of the
 * buffer is preceded by a pad record (dtev_pbn 0) the reader skips.
 */
struct dt_ring {
	u64		 dr_head;	/* written by this CPU only */
	struct dt_mmctl	*dr_ctl;	/* a page: head copy, tail */
	local_t		 dr_nesting;	/* recording on this CPU */
	local_t		 dr_drops;	/* ring full */
	local_t		 dr_irqdrops;	/* ... of those, where none waits */
	local_t		 dr_recur;	/* nested probe */
	local_t		 dr_skip;	/* ticks skipped */
	u32		 dr_hiwat;	/* most bytes held, by this CPU */
	u32		 dr_size;	/* bytes, a power of two */
	char		*dr_data;
};

/* The processes a descriptor records: bit n for pid n (see dt_pid.c). */
struct dt_pidset {
	unsigned long	 ps_bits[BITS_TO_LONGS(PID_MAX_LIMIT)];
};

/* One open of /dev/dt. */
struct dt_softc {
	struct pid		*ds_opener;	/* its process: never recorded */
	struct pid_namespace	*ds_pidns;	/* the opener's: pids in, out */
	bool			 ds_recording;
	struct list_head	 ds_pcbs;	/* enablings, dt_lock */
	struct dt_probe		**ds_holds;	/* probes that may go once
						   unheld (dtpv_destroy):
						   those found, made or
						   enabled here; dt_lock */
	unsigned int		 ds_nholds, ds_maxholds;
	struct dt_ring		**ds_rings;	/* nr_cpu_ids, or NULL; RCU */
	u32			 ds_bufsize;	/* ring size requested */
	struct mutex		 ds_rlock;	/* readers */
	struct mutex		 ds_mlock;	/* ring allocation, mappings */
	atomic_t		 ds_nmapped;	/* mappings of the rings */
	wait_queue_head_t	 ds_wq;
	struct irq_work		 ds_work;	/* wakeup soon, batched */
	struct irq_work		 ds_worknow;	/* wakeup now: rings filling */
	struct hrtimer		 ds_wtimer;	/* the batched wakeup */
	unsigned long		 ds_wpending;	/* bit 0: ds_wtimer armed */
	unsigned int		 ds_nextcpu;	/* where read(2) resumes */
	u64			 ds_readevt;	/* written under ds_rlock */
	u64			 ds_olddrops;	/* counters of freed rings */
	u64			 ds_oldrecur;
	u64			 ds_oldskip;
	u64			 ds_oldirqdrops;
	struct kref		 ds_ref;	/* the file, each waiter */
	bool			 ds_lossless;	/* tasks wait: dt_wait.c */
	bool			 ds_closed;	/* waiters leave */
	u32			 ds_hiwat;	/* percent of the ring */
	u32			 ds_lowat;
	u64			 ds_maxwait;	/* ns */
	struct dt_waiter	*ds_waiters;	/* DT_NWAITERS, or NULL */
	wait_queue_head_t	 ds_lwq;	/* waiting tasks */
	atomic64_t		 ds_nwaits;
	atomic64_t		 ds_waitns;
	atomic64_t		 ds_ntimeouts;
	atomic64_t		 ds_nowait;
	struct dt_pidset __rcu	*ds_pids;	/* set under dt_lock */
	struct list_head	 ds_fnext;	/* on dt_following, RCU */
	bool			 ds_following;
	bool			 ds_fremoved;	/* off dt_following since */
	unsigned long		 ds_fgp;	/* this RCU grace period */
};

/* dt_ring.c */
void	dt_ring_init(struct dt_softc *);
void	dt_ring_fini(struct dt_softc *);
int	dt_rings_alloc(struct dt_softc *);
int	dt_rings_alloc_locked(struct dt_softc *);
void	dt_rings_free(struct dt_softc *);
struct dt_evt *dt_ring_reserve(struct dt_ring *, u32, u64 *);
u64	dt_ring_tail(const struct dt_ring *, u64);
u64	dt_ring_commit(struct dt_softc *, struct dt_ring *, u64);
ssize_t	dt_read(struct file *, char __user *, size_t, loff_t *);

/* dt_mmap.c */
int	dt_mmap(struct file *, struct vm_area_struct *);
__poll_t dt_poll(struct file *, poll_table *);

/* dt_wait.c */
void	dt_wait_init(struct dt_softc *);
void	dt_wait_close(struct dt_softc *);
void	dt_sc_put(struct dt_softc *);
int	dt_ioc_lossless(struct dt_softc *, const struct dtioc_lossless *);
void	dt_ioc_waits(struct dt_softc *, struct dtioc_waitstat *);
void	dt_wait_arm(struct dt_softc *, struct dt_ring *, unsigned int, u64);
void	dt_wait_wake(struct dt_softc *);

/* dt_pid.c */
void	dt_pid_init(void);
void	dt_pid_fini(struct dt_softc *);
bool	dt_pid_wanted(struct dt_softc *, pid_t);
int	dt_follow_start(struct dt_softc *);
void	dt_follow_stop(struct dt_softc *);
int	dt_ioc_setpids(struct dt_softc *, const struct dtioc_pids *);

/* dt_fire.c: fault-safe copies, from any context */
long	dt_copy_nofault(void *, u64, size_t, bool);
u32	dt_strcopy(char *, u64, u32, bool, u8 *);
u32	dt_strtext(char *, u64, u32, bool, u8 *);

/* dt_fetch.c */
int	dt_fetch_make(const struct dt_probe *, const struct dtioc_fetches *,
	    struct dt_fetchset **);
void	dt_fetch_free(struct dt_fetchset *);
u32	dt_fetch_maxlen(const struct dt_fetchset *);
void	*dt_fetch_fill(const struct dt_fetchset *, const struct dt_fire *,
	    void *, __u8 *);

/* dt_sysctl.c */
int	dt_sysctl_init(void);
void	dt_sysctl_fini(void);
bool	dt_allowed(void);
bool	dt_locked_down(void);

#endif /* _DEV_DT_DT_CORE_H_ */
