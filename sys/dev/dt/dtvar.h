/* SPDX-License-Identifier: ISC OR GPL-2.0 */
/*
 * dt(4): the ioctl and read(2) ABI of /dev/dt, shared by the kernel
 * module and userland.
 *
 * Every structure is made of fixed-size types, explicitly padded, with
 * user pointers carried in __u64, so that it has one layout whatever
 * compiles it.  Userland needs only <linux/ioctl.h> and <linux/types.h>.
 * Reserved and padding fields must be zero on input; the kernel returns
 * EINVAL otherwise, so that they can be given a meaning later.
 */
#ifndef _DEV_DT_DTVAR_H_
#define _DEV_DT_DTVAR_H_

#include <linux/ioctl.h>
#include <linux/types.h>

#define DTNAMESIZE	64	/* provider, function, probe, argument names */
#define DTMAXFUNCARGS	10	/* argument words in an event */
#define DTMAXSTACKDEPTH	127	/* frames in one kernel or user stack */
#define DTMAXCOMLEN	16	/* command name, as the kernel's TASK_COMM_LEN */
#define DTMAXSTRS	4	/* user strings copied per event */
#define DTDEFSTRLEN	256	/* default string copy size, with the NUL */
#define DTMAXSTRLEN	1024	/* largest string copy size, with the NUL */
#define DTMAXPIDS	64	/* pids given at once to DTIOCSETPIDS */
#define DTMAXRECWORDS	255	/* words of a trace event's record */
#define DTMAXFETCH	8	/* fetches per enabling (DTIOCPRBFETCH) */
#define DTMAXFETCHSTEPS	16	/* steps of one fetch */
#define DTMAXFETCHLEN	1024	/* bytes one fetch reads, with a NUL */
#define DTMAXFETCHBYTES	1536	/* bytes all fetches of an event record,
				   each rounded up to 8 */
#define DTMAXFETCHSTRV	16	/* strings of one STRV fetch */

#define DTMINBUFSIZE	(64U * 1024)		/* ring size bounds, per CPU */
#define DTMAXBUFSIZE	(64U * 1024 * 1024)
#define DTDEFBUFSIZE	(1024U * 1024)		/* ring size of a new open */

#define DTMINNSECS	100000ULL		/* profile/interval: 10 kHz */
#define DTMAXNSECS	60000000000ULL		/* profile/interval: 1 minute */

/*
 * What an enabling records (dtrq_flags), and what an event carries
 * (dtev_flags).  The first four names are OpenBSD's.  Every event has
 * dtev_len, dtev_pbn, dtev_cpu, dtev_flags, dtev_tsp and its section
 * counts; each other field is filled only when its flag was asked for,
 * and is zero otherwise, so that an event costs what its program reads
 * and carries nothing else about the task.
 */
#define DTEVT_EXECNAME	(1U << 0)	/* dtev_comm is filled */
#define DTEVT_USTACK	(1U << 1)	/* user stack follows the header */
#define DTEVT_KSTACK	(1U << 2)	/* kernel stack follows the header */
#define DTEVT_FUNCARGS	(1U << 3)	/* argument words follow the header */
#define DTEVT_PID	(1U << 4)	/* dtev_pid and dtev_tid are filled */
#define DTEVT_PPID	(1U << 5)	/* dtev_ppid is filled */
#define DTEVT_CRED	(1U << 6)	/* dtev_uid and dtev_gid are filled */
#define DTEVT_FLAGS	(DTEVT_EXECNAME | DTEVT_USTACK | DTEVT_KSTACK | \
			 DTEVT_FUNCARGS | DTEVT_PID | DTEVT_PPID | \
			 DTEVT_CRED)	/* every request flag */
#define DTEVT_RETURN	(1U << 8)	/* event only: dtev_retval/errno valid */

/*
 * How the kernel describes its probes, so that userland decides from
 * facts rather than from provider names:
 *
 *   DTIOCGPROVS lists the providers, each with DTPV_* flags: periodic
 *   (fires on a timer at a rate, not on a kernel event), creates probes
 *   on demand (DTIOCPRBCREATE), has FUNCTION:entry/FUNCTION:return pairs.
 *   DTIOCGPLIST gives each probe DTPI_* flags: a return probe (events
 *   carry dtev_retval/dtev_errno), a probe that takes its period from
 *   each enabling (dtrq_nsecs).  DTIOCGARGS gives each argument DTAI_*
 *   flags: a string the kernel copies when asked (dtrq_strargs), in
 *   kernel or user memory.
 *
 * The flags use bytes that were padding, so old binaries see zeros
 * and old kernels give zeros; userland ignores bits it does not know.
 *
 * Periodic providers (profile, interval) create one probe per rate:
 * FUNCTION is the unit (hz, s, ms, us), NAME the count in decimal
 * without leading zeros (profile:hz:99, interval:ms:100, interval:s:1),
 * and the period must be in [DTMINNSECS, DTMAXNSECS].  Such a probe
 * fires at its own period and its enablings give dtrq_nsecs 0.  The
 * static profile:hz:97 and interval:hz:1 have DTPI_RATE: they fire at
 * whatever period each enabling gives.
 */
#define DTPV_PERIODIC	(1U << 0)	/* fires on a timer, at a rate */
#define DTPV_CREATE	(1U << 1)	/* probes made by DTIOCPRBCREATE */
#define DTPV_ENTRYRET	(1U << 2)	/* FUNCTION:entry, FUNCTION:return */
#define DTPV_TRACEFS	(1U << 3)	/* creates a probe for each trace
					   event of tracefs, see below */
#define DTPV_KFUNCS	(1U << 4)	/* FUNCTION is a kernel function, or a
					   glob of them, as tracefs's
					   available_filter_functions lists
					   them; created, not listed */
#define DTPV_UFILE	(1U << 5)	/* probes on an instruction of a user
					   binary, made by DTIOCPRBUCREATE
					   from an open file; see below */
#define DTPV_REGS	(1U << 6)	/* its probes fire with the registers
					   of the probed context, which a
					   fetch may start from (DTFS_REG) */

#define DTPI_RETURN	(1U << 0)	/* events carry retval and errno,
					   and argument words only for
					   the probe's arguments (a
					   glob's func, DTAI_FUNC) */
#define DTPI_RATE	(1U << 1)	/* enablings give dtrq_nsecs */
#define DTPI_RECORD	(1U << 2)	/* argument words are the trace
					   event's record, see below */

#define DTAI_STR	(1U << 0)	/* a NUL-terminated string */
#define DTAI_KSTR	(1U << 1)	/* ... in kernel memory (DTAI_STR too) */
#define DTAI_FUNC	(1U << 2)	/* the address of the kernel function
					   that fired (a glob's probe) */

/*
 * Trace events.  A provider with DTPV_TRACEFS (tracepoint) creates, with
 * DTIOCPRBCREATE, a probe PROVIDER:SYSTEM:EVENT for every trace event
 * tracefs lists as SYSTEM:EVENT in available_events, except those made
 * for ftrace itself.  Such a probe has DTPI_RECORD and no arguments of
 * its own: the argument words of its events are the event's record as
 * the kernel's trace event machinery writes it, at most DTMAXRECWORDS
 * words (dtev_nargs), a longer record cut there, and of it only the
 * bytes the enabling asked for (dtrq_recbytes, below): the others read
 * zero.  The fields of the record are described by
 * tracefs' events/SYSTEM/EVENT/format (offsets from the start of the
 * record, common_* fields included), which is where userland learns
 * them.  Bit n of dtrq_strargs asks for the user string whose address
 * is word n (bytes 8n to 8n + 7), as for a system call's char pointer
 * at offset 8n; n < DTMAXFUNCARGS.  The probe fires on the CPUs online
 * when it is enabled.
 */

/*
 * DTIOCPRBFETCH: what the enabling of probe dtfs_pbn on this descriptor
 * reads from memory each time the probe fires, so that a program can
 * follow pointers: dtfs_nfetch (at most DTMAXFETCH) fetch descriptions
 * at dtfs_fetches, which replace the enabling's previous ones; 0
 * removes them.  A fetch starts from a value (dtfe_src): argument word
 * dtfe_argn of the event as the probe fires (the whole record of a
 * DTPI_RECORD probe, whatever dtrq_recbytes selects), the return value
 * of a return probe, the address of the current task's struct
 * task_struct, the address dtfe_addr (a kernel variable's), or
 * register word dtfe_argn of the probed context (REG: the words of
 * the architecture's struct pt_regs as <asm/ptrace.h> lays it out,
 * only on a probe of a provider with DTPV_REGS).  It then applies its
 * dtfe_nsteps steps in order: ADD
 * adds dtst_off (signed) to the value, DEREF replaces the value by the
 * dtst_size (1, 2, 4 or 8) bytes at that address, zero-extended.
 * Last, it records (dtfe_kind): VALUE the value itself, 8 bytes; BYTES
 * the dtfe_len bytes at that address; STR the NUL-terminated string
 * there, at most dtfe_len bytes with the NUL (as dtrq_strlen); STRV
 * the strings at the 8-byte pointers of the array there (an argument
 * vector, argv), in order up to a NULL pointer, each with its NUL, at
 * most DTMAXFETCHSTRV strings in dtfe_len bytes (a 32-bit process's
 * vector of 4-byte pointers is not read as such).  Every
 * read is in kernel memory, or with DTFE_USER in the current task's
 * user memory, and uses the kernel's fault-safe copies: a read that
 * faults ends the fetch, which records DTFR_FAULT, never a crash.
 *
 * Limits, checked here: at most DTMAXFETCHSTEPS steps, 1 to
 * DTMAXFETCHLEN bytes for BYTES and STRV, 2 to DTMAXFETCHLEN for STR, 0
 * for VALUE, at most DTMAXFETCHBYTES bytes recorded by all fetches of an
 * event together, each rounded up to 8 (VALUE counts 8; the bound keeps
 * every event within 8 KiB), argument words below DTMAXRECWORDS
 * (DTPI_RECORD) or below the probe's argument count, RETVAL only on a
 * return probe (DTPI_RETURN), an argument only on others, a register
 * word below the size of struct pt_regs.  A register is a kernel read
 * (see EPERM) except on a provider of user binaries (DTPV_UFILE),
 * whose probes fire with the user's registers.  Errors:
 * EINVAL a bad source (an address of 0 too), kind, step, size,
 * length, flag or padding, or dtfe_addr set for another source;
 * ENOENT the probe is not enabled here; EBUSY while recording; EFAULT
 * unreadable descriptions; EPERM without perfmon capability, or a
 * kernel read while the kernel's confidentiality lockdown forbids
 * reading kernel memory (as it does for BPF).
 */
#define DTFS_ARG	0	/* argument word dtfe_argn */
#define DTFS_RETVAL	1	/* return value (return probes) */
#define DTFS_TASK	2	/* the current struct task_struct * */
#define DTFS_ADDR	3	/* dtfe_addr */
#define DTFS_REG	4	/* register word dtfe_argn */

#define DTFK_VALUE	0	/* the value, 8 bytes */
#define DTFK_BYTES	1	/* dtfe_len bytes at the value */
#define DTFK_STR	2	/* a string at the value, dtfe_len max */
#define DTFK_STRV	3	/* the strings at the pointers at the value */

#define DTFO_ADD	0	/* value += dtst_off */
#define DTFO_DEREF	1	/* value = dtst_size bytes at value */

#define DTFE_USER	(1U << 0)	/* reads are in user memory */

struct dtioc_fetch_step {
	__u8	dtst_op;		/* DTFO_* */
	__u8	dtst_size;		/* DEREF: 1, 2, 4 or 8; ADD: 0 */
	__u8	dtst_pad[6];
	__s64	dtst_off;		/* ADD: bytes; DEREF: 0 */
};

struct dtioc_fetch {
	__u8	dtfe_src;		/* DTFS_* */
	__u8	dtfe_argn;		/* DTFS_ARG, DTFS_REG: the word */
	__u8	dtfe_nsteps;		/* used entries of dtfe_steps */
	__u8	dtfe_kind;		/* DTFK_* */
	__u8	dtfe_flags;		/* DTFE_* */
	__u8	dtfe_pad;
	__u16	dtfe_len;		/* BYTES, STR: see above; VALUE: 0 */
	__u64	dtfe_addr;		/* DTFS_ADDR: the address; else 0 */
	struct dtioc_fetch_step dtfe_steps[DTMAXFETCHSTEPS];
};

struct dtioc_fetches {
	__u32	dtfs_pbn;		/* probe id, enabled here */
	__u32	dtfs_nfetch;		/* fetches at dtfs_fetches */
	__u64	dtfs_fetches;		/* struct dtioc_fetch * */
};

/*
 * DTIOCGPROVS: list the providers, same two-step protocol as DTIOCGPLIST.
 */
struct dtioc_prov_info {
	char	dtvi_name[DTNAMESIZE];	/* provider: "syscall", "profile" */
	__u32	dtvi_flags;		/* DTPV_* */
	__u32	dtvi_pad;
};

struct dtioc_provs {
	__u64	dtvs_size;		/* in: buffer bytes; out: bytes used */
	__u64	dtvs_provs;		/* struct dtioc_prov_info * */
};

/*
 * DTIOCGPLIST: list the probes.  With dtpr_size 0, the kernel stores
 * the size needed in dtpr_size.  Otherwise it fills dtpr_probes with up
 * to dtpr_size bytes and stores the size written; ENOSPC if dtpr_size
 * cannot hold every probe (the list grows when DTIOCPRBCREATE creates
 * probes, so ask again).
 */
struct dtioc_probe_info {
	__u32	dtpi_pbn;		/* probe id, never 0 */
	__u8	dtpi_nargs;		/* number of arguments */
	__u8	dtpi_flags;		/* DTPI_* */
	__u8	dtpi_pad[2];
	char	dtpi_prov[DTNAMESIZE];	/* provider: "syscall", "profile" */
	char	dtpi_func[DTNAMESIZE];	/* function: "openat", "hz" */
	char	dtpi_name[DTNAMESIZE];	/* name: "entry", "return", "97" */
};

struct dtioc_probe {
	__u64	dtpr_size;		/* in: buffer bytes; out: bytes used */
	__u64	dtpr_probes;		/* struct dtioc_probe_info * */
};

/*
 * DTIOCGARGS: the arguments of probe dtar_pbn, same two-step protocol
 * as DTIOCGPLIST.  ENOENT for an unknown probe.
 */
struct dtioc_arg_info {
	__u32	dtai_pbn;		/* probe id */
	__u8	dtai_argn;		/* argument number, from 0 */
	__u8	dtai_flags;		/* DTAI_* */
	__u8	dtai_pad[2];
	char	dtai_argtype[DTNAMESIZE]; /* C type: "const char __user *" */
	char	dtai_argname[DTNAMESIZE]; /* name, or "" where unknown */
};

struct dtioc_arg {
	__u32	dtar_pbn;		/* probe id */
	__u32	dtar_pad;
	__u64	dtar_size;		/* in: buffer bytes; out: bytes used */
	__u64	dtar_args;		/* struct dtioc_arg_info * */
};

/*
 * DTIOCPRBENABLE, DTIOCPRBDISABLE: enable probe dtrq_pbn for this
 * descriptor, recording what dtrq_flags says, or disable it (only
 * dtrq_pbn is read).  Probes with DTPI_RATE fire every dtrq_nsecs
 * nanoseconds, which must be in [DTMINNSECS, DTMAXNSECS]; other probes
 * need dtrq_nsecs 0.  Each bit n of dtrq_strargs asks for
 * the NUL-terminated string at argument n to be copied into the event
 * when the probe fires, at most dtrq_strlen bytes with the NUL (0 means
 * DTDEFSTRLEN); at most DTMAXSTRS bits.  Errors: ENOENT unknown probe,
 * EEXIST already enabled on this descriptor, EINVAL bad flags, period,
 * strings or padding, EBUSY while recording, EPERM without privilege.
 * DTIOCPRBDISABLE: ENOENT if the probe is not enabled here, EBUSY
 * while recording.
 */
struct dtioc_req {
	__u32	dtrq_pbn;		/* probe id */
	__u32	dtrq_flags;		/* DTEVT_EXECNAME ... DTEVT_FUNCARGS */
	__u64	dtrq_nsecs;		/* profile/interval period, ns */
	__u16	dtrq_strargs;		/* bit n: copy string at argument n */
	__u16	dtrq_strlen;		/* bytes per string with NUL, 0: dflt */
	__u32	dtrq_pad;
	__u64	dtrq_recbytes;		/* DTPI_RECORD: __u8 *, DTRB_* for each
					   byte of the record, see below */
	__u16	dtrq_reclen;		/* bytes at dtrq_recbytes */
	__u16	dtrq_pad2;
	__u32	dtrq_pad3;
};

/*
 * Which bytes of a trace event's record (DTPI_RECORD) an enabling
 * wants: byte i of the array at dtrq_recbytes says what record byte i
 * is to the program, for i < dtrq_reclen <= DTMAXRECWORDS * 8; bytes
 * beyond are not wanted.  DTRB_DATALOC and DTRB_RELLOC mark the first
 * of the four bytes of a __data_loc or __rel_loc field: those four
 * bytes, and the bytes of the record they locate (cut at the record's
 * end), are wanted.  The event's argument words hold the wanted bytes;
 * every other byte reads zero, and the words stop after the last one
 * holding a wanted byte.  Words come only with DTEVT_FUNCARGS.  With
 * dtrq_reclen 0 nothing of the record is wanted.  EINVAL for a value
 * beyond DTRB_RELLOC, a location not wholly inside dtrq_reclen,
 * dtrq_reclen beyond the bound or on a probe without DTPI_RECORD;
 * EFAULT if the array cannot be read.
 */
#define DTRB_SKIP	0	/* not wanted */
#define DTRB_WANT	1	/* wanted */
#define DTRB_DATALOC	2	/* a __data_loc: u32 (length << 16) |
				   offset from the record's start */
#define DTRB_RELLOC	3	/* a __rel_loc: the offset counts from
				   the end of the field */

/*
 * DTIOCPRBCREATE: create a probe on demand, such as
 * kprobe:FUNCTION:entry or kprobe:FUNCTION:return, or interval:ms:100
 * (see DTPV_PERIODIC above), and return its id.  Creating a probe that
 * exists returns the existing id.  Errors: ENOENT unknown provider or
 * function, EOPNOTSUPP the provider does not create probes (no
 * DTPV_CREATE), EINVAL bad or unterminated names or a rate out of
 * range, ENOSPC too many probes, EPERM without privilege.
 */
struct dtioc_create {
	char	dtcr_prov[DTNAMESIZE];	/* provider: "kprobe" */
	char	dtcr_func[DTNAMESIZE];	/* function: "vfs_read" */
	char	dtcr_name[DTNAMESIZE];	/* name: "entry" or "return" */
	__u32	dtcr_pbn;		/* out: probe id */
	__u32	dtcr_pad;
};

/*
 * DTIOCPRBUCREATE: create a probe on the instruction at file offset
 * dtuc_offset of a user binary (uprobe), firing when any process
 * executes it from a mapping of that file, or, with DTUC_RETURN, when
 * the function starting there returns (uretprobe), and return its id.
 * Only a provider with DTPV_UFILE takes it.  The binary is named by
 * dtuc_fd, a descriptor of the caller open for reading on a regular
 * file: the kernel looks up no path, so the file probed is the one
 * userland resolved the symbol in.  The probe keeps a reference on
 * the file (its inode and mount) until the module is unloaded; it
 * is attached only while enabled.  Creating the probe that exists for
 * the same file, offset and DTUC_RETURN returns the existing id.  The
 * probe is named PROVIDER:MAJ:MIN:INODE:0xOFFSET:entry or :return
 * (the device and inode of the file, dtpi_func, and the offset); its
 * entry events carry the six argument registers of the x86-64 calling
 * convention, its return events (DTPI_RETURN) the return register in
 * dtev_retval.  The pid set of DTIOCSETPIDS filters its events as any
 * other's.  A USDT marker with a semaphore (a 2-byte counter its
 * program tests before preparing the marker's arguments) gives the
 * counter's file offset in dtuc_refctr: while the probe is enabled the
 * kernel counts it in the counter of every process that maps the file
 * (the uprobe's reference counter), so the program prepares them.
 * The instruction has one semaphore: creating a probe at an offset
 * where one exists with another is EINVAL.  Errors: EBADF dtuc_fd is
 * not an open descriptor or not open for reading, EINVAL not a regular
 * file, an offset beyond the end of the file, a semaphore beyond it or
 * at an odd offset, unknown flags or nonzero padding, ENOENT no such
 * provider, EOPNOTSUPP a provider without DTPV_UFILE, ENOSPC too many
 * probes, EPERM without privilege or under lockdown.  Enabling may
 * fail with the kernel's uprobe error (EINVAL, EOPNOTSUPP) when the
 * offset is not an instruction the kernel can probe in a process
 * that maps the file.
 */
#define DTUC_RETURN	(1U << 0)	/* probe the function's return */

struct dtioc_ucreate {
	char	dtuc_prov[DTNAMESIZE];	/* provider: "uprobe" */
	__s32	dtuc_fd;		/* the binary, open for reading */
	__u32	dtuc_flags;		/* DTUC_* */
	__u64	dtuc_offset;		/* file offset of the instruction */
	__u64	dtuc_refctr;		/* file offset of the semaphore, or 0 */
	__u32	dtuc_pbn;		/* out: probe id */
	__u32	dtuc_pad;
};

/*
 * DTIOCGSTATS: counters of this descriptor, summed over every CPU.
 */
struct dtioc_stat {
	__u64	dtst_readevt;		/* events returned by read(2) */
	__u64	dtst_dropevt;		/* events dropped: ring full */
	__u64	dtst_skiptick;		/* profile/interval ticks missed */
	__u64	dtst_recurevt;		/* events dropped: probe fired while
					   this CPU was recording */
	__u64	dtst_pidovf;		/* children not followed: always 0, a
					   pid set holds every pid */
	__u64	dtst_spare[3];
};

/*
 * DTIOCSETPIDS: record only events of these processes (thread group
 * ids, in the pid namespace of the process that opened the descriptor)
 * and of their descendants forked while recording.  dtpf_npids 0
 * removes the filter.  EBUSY while recording, EINVAL bad count, pid or
 * padding, ESRCH no such process.  Events of the process that opened
 * the descriptor are never recorded.  Interval probes, which fire for
 * no task, are recorded whatever task their timer interrupts.
 */
struct dtioc_pids {
	__u32	dtpf_npids;		/* used entries of dtpf_pids */
	__u32	dtpf_pad;
	__s32	dtpf_pids[DTMAXPIDS];	/* process ids, each > 0 */
};

/*
 * DTIOCSETBUFSIZE: bytes of each per-CPU ring of this descriptor,
 * rounded up to a power of two, in [DTMINBUFSIZE, DTMAXBUFSIZE].
 * Unread events are discarded.  EBUSY while recording.
 */
struct dtioc_bufsize {
	__u32	dtbs_size;		/* bytes per CPU */
	__u32	dtbs_pad;
};

/*
 * DTIOCGCLOCK: one reading of CLOCK_MONOTONIC and CLOCK_REALTIME,
 * to convert event timestamps: wall = dtev_tsp + dtcl_real - dtcl_mono.
 */
struct dtioc_clock {
	__u64	dtcl_mono;		/* CLOCK_MONOTONIC, ns */
	__u64	dtcl_real;		/* CLOCK_REALTIME at that instant, ns */
};

/*
 * DTIOCGDROPS: where this descriptor lost events.  The kernel fills
 * dtdp_cpus with one struct dtioc_cpustat per possible CPU, indexed by
 * CPU number, and dtdp_probes with one struct dtioc_probestat per probe
 * enabled on the descriptor.  With both counts 0, it stores the counts
 * needed; ENOSPC if either count is too small (the counts needed are
 * stored).  The CPU counters are those of the current rings: changing
 * the ring size starts them again.
 */
struct dtioc_cpustat {
	__u64	dtcs_dropevt;		/* events dropped: ring full */
	__u64	dtcs_recurevt;		/* events dropped: recursion */
	__u64	dtcs_skiptick;		/* profile/interval ticks missed */
	__u32	dtcs_hiwat;		/* most bytes the ring ever held */
	__u32	dtcs_size;		/* bytes of the ring, 0 if none */
};

struct dtioc_probestat {
	__u32	dtps_pbn;		/* probe id */
	__u32	dtps_pad;
	__u64	dtps_dropevt;		/* its events dropped, either way */
};

struct dtioc_drops {
	__u32	dtdp_ncpu;		/* in: entries; out: CPUs */
	__u32	dtdp_nprobe;		/* in: entries; out: enabled probes */
	__u64	dtdp_cpus;		/* struct dtioc_cpustat * */
	__u64	dtdp_probes;		/* struct dtioc_probestat * */
};

/*
 * mmap(2) of /dev/dt: each CPU's ring, read in place.  For CPU c, the
 * offset DTMMAP_CTL(c) maps its control page (one page, struct dt_mmctl)
 * and DTMMAP_DATA(c) its data (dtmc_size bytes, read-only).  Mapping
 * allocates the rings if recording has not yet; DTIOCSETBUFSIZE fails
 * with EBUSY while any ring is mapped.  A ring holds what read(2) would
 * return, and pad records (dtev_pbn 0, dtev_len to the end of the data)
 * where an event did not fit before the end.  The consumer reads
 * dtmc_head (acquire), the events from dtmc_tail to it, each at offset
 * (position & (dtmc_size - 1)), then stores the new dtmc_tail (release).
 * read(2) consumes the same rings and moves the same tails.  The kernel
 * never reads the control page but dtmc_tail, and checks it each time:
 * a tail not a multiple of 8, ahead of the head or more than dtmc_size
 * behind it counts as a full ring (events are dropped and counted), and
 * read(2) then discards what the ring holds.  EINVAL: a data mapping
 * asked writable or executable, a bad CPU, offset or length; ENODEV:
 * CPU not possible.  The control page is writable only through a
 * MAP_SHARED mapping of a descriptor opened for writing.
 */
#define DTMMAP_STRIDE	(1ULL << 28)	/* offsets of one CPU */
#define DTMMAP_CTL(c)	((__u64)(c) * DTMMAP_STRIDE)
#define DTMMAP_DATA(c)	((__u64)(c) * DTMMAP_STRIDE + (1ULL << 27))

struct dt_mmctl {
	__u64	dtmc_head;		/* kernel: bytes ever written */
	__u32	dtmc_size;		/* kernel: data bytes, a power of 2 */
	__u32	dtmc_pad;
	__u64	dtmc_spare[6];
	__u64	dtmc_tail;		/* consumer: bytes consumed; its
					   own cache line */
	__u64	dtmc_spare2[7];
};

/*
 * DTIOCSETLOSSLESS: lossless recording.  While on, a probe firing in a
 * user task's process context (system calls, most trace events, kprobes
 * in task context) on a CPU whose ring holds more than dtll_hiwat
 * percent of its size makes that task wait, before it returns to user
 * space, until the consumer has drained the ring to dtll_lowat percent
 * or less.  A wait also ends when recording stops, the descriptor is
 * closed, the task gets SIGKILL, or after dtll_maxwait nanoseconds (the
 * watchdog bound of one wait).  The process that opened the descriptor
 * is never recorded, so never waits.  Probes firing in interrupt or NMI
 * context, or in kernel threads, cannot wait: their drops are counted
 * apart (DTIOCGWAITS).  Zero fields take the defaults: 50, 25 percent,
 * 1 s.  EINVAL: dtll_on not 0 or 1, lowat >= hiwat, hiwat > 95,
 * maxwait > DTMAXWAITNS, padding; EBUSY while recording.
 */
#define DTDEFHIWAT	50
#define DTDEFLOWAT	25
#define DTDEFWAITNS	1000000000ULL		/* 1 s */
#define DTMAXWAITNS	10000000000ULL		/* 10 s */

struct dtioc_lossless {
	__u32	dtll_on;		/* 1 on, 0 off */
	__u32	dtll_hiwat;		/* percent of the ring, 0: default */
	__u32	dtll_lowat;		/* percent of the ring, 0: default */
	__u32	dtll_pad;
	__u64	dtll_maxwait;		/* ns, one wait at most, 0: default */
	__u64	dtll_spare[2];
};

/*
 * DTIOCGWAITS: what lossless recording cost, and the drops that no
 * wait could prevent.  The drop counters count in either mode.
 */
struct dtioc_waitstat {
	__u64	dtws_waits;		/* waits of traced tasks */
	__u64	dtws_waitns;		/* their total, ns */
	__u64	dtws_timeouts;		/* waits ended by dtll_maxwait */
	__u64	dtws_nowait;		/* waits not taken: too many tasks
					   waiting at once */
	__u64	dtws_irqdropevt;	/* drops in interrupt or NMI context
					   or in kernel threads */
	__u64	dtws_taskdropevt;	/* drops in user tasks */
	__u64	dtws_spare[2];
};

#define DTIOCGPLIST	_IOWR('D', 1, struct dtioc_probe)
#define DTIOCGSTATS	_IOR('D', 2, struct dtioc_stat)
#define DTIOCRECORD	_IOW('D', 3, int)	/* 1 start, 0 stop; start:
						   EBUSY on, ENOENT no probe */
#define DTIOCPRBENABLE	_IOW('D', 4, struct dtioc_req)
#define DTIOCPRBDISABLE	_IOW('D', 5, struct dtioc_req)
#define DTIOCGARGS	_IOWR('D', 6, struct dtioc_arg)
#define DTIOCPRBCREATE	_IOWR('D', 8, struct dtioc_create)
#define DTIOCSETPIDS	_IOW('D', 9, struct dtioc_pids)
#define DTIOCSETBUFSIZE	_IOW('D', 10, struct dtioc_bufsize)
#define DTIOCGCLOCK	_IOR('D', 11, struct dtioc_clock)
#define DTIOCGDROPS	_IOWR('D', 12, struct dtioc_drops)
#define DTIOCGPROVS	_IOWR('D', 13, struct dtioc_provs)
#define DTIOCSETLOSSLESS _IOW('D', 20, struct dtioc_lossless)
#define DTIOCPRBUCREATE	_IOWR('D', 24, struct dtioc_ucreate)
#define DTIOCGWAITS	_IOR('D', 21, struct dtioc_waitstat)
#define DTIOCPRBFETCH	_IOW('D', 30, struct dtioc_fetches)

/*
 * read(2) returns whole events, each a struct dt_evt header followed
 * by optional sections, in this order and only when present:
 *
 *	__u64			args[dtev_nargs]	DTEVT_FUNCARGS
 *	__u64			kstack[dtev_nkstack]	DTEVT_KSTACK
 *	__u64			ustack[dtev_nustack]	DTEVT_USTACK
 *	struct dt_evt_str	strs[dtev_nstrs]	dtrq_strargs
 *	struct dt_evt_fetch	fetches[dtev_nfetch]	DTIOCPRBFETCH
 *
 * Each string is a struct dt_evt_str and dtes_len + 1 bytes of text
 * with its NUL, padded to 8 bytes.  Each fetch is a struct
 * dt_evt_fetch and its bytes, padded to 8 with zeros: an enabling's
 * fetches in the order given, every one of them in every event.  Every event starts on an 8-byte
 * boundary and dtev_len, a multiple of 8, goes to the next one.  read(2)
 * fails with EMSGSIZE if the buffer cannot hold the next event.
 */
struct dt_evt {
	__u32	dtev_len;		/* bytes of this event, sections too */
	__u32	dtev_pbn;		/* probe id */
	__u32	dtev_cpu;		/* CPU the probe fired on */
	__u32	dtev_flags;		/* DTEVT_* sections and fields valid */
	__s32	dtev_pid;		/* DTEVT_PID: process (thread group)
				   id, in the opener's pid namespace; 0
				   outside */
	__s32	dtev_tid;		/* DTEVT_PID: thread id */
	__s32	dtev_ppid;		/* DTEVT_PPID: parent process id */
	__u32	dtev_uid;		/* DTEVT_CRED: real user id, initial
				   namespace */
	__u32	dtev_gid;		/* DTEVT_CRED: real group id */
	__u8	dtev_nargs;		/* argument words that follow */
	__u8	dtev_nkstack;		/* kernel stack frames that follow */
	__u8	dtev_nustack;		/* user stack frames that follow */
	__u8	dtev_nstrs;		/* strings that follow */
	__u64	dtev_tsp;		/* CLOCK_MONOTONIC, ns */
	char	dtev_comm[DTMAXCOMLEN];	/* DTEVT_EXECNAME: command name,
				   NUL and zeros to the end */
	__s64	dtev_retval;		/* return probes: value; -1 on error
					   for syscalls */
	__s32	dtev_errno;		/* return probes: errno, or 0 */
	__u8	dtev_nfetch;		/* fetches that follow */
	__u8	dtev_pad1;
	__u16	dtev_pad;
};

#define DTSTR_TRUNC	(1U << 0)	/* string longer than the copy */
#define DTSTR_FAULT	(1U << 1)	/* copy failed: bad or paged out
					   address; text is what was read
					   before, maybe nothing */

struct dt_evt_str {
	__u8	dtes_argn;		/* argument the string was read at */
	__u8	dtes_flags;		/* DTSTR_* */
	__u16	dtes_len;		/* text bytes, without the NUL */
	__u32	dtes_pad;
	/* followed by dtes_len + 1 bytes of text, padded to 8 with zeros */
};

/*
 * A fetch's result.  DTFR_FAULT: a read faulted (at step dtef_step, or
 * dtef_step == dtfe_nsteps for the last read), or the source was
 * missing; for BYTES and VALUE dtef_len is then 0, for STR it counts the
 * text read before the fault.  A string's dtef_len counts its text
 * without the NUL, which follows, and DTFR_TRUNC says it was longer than
 * the copy.  BYTES: dtef_len == dtfe_len; VALUE: 8, a native __u64.
 * STRV: dtef_len counts the strings' bytes with each one's NUL (0: the
 * vector was empty); DTFR_TRUNC says a string was cut or more strings
 * followed, and after DTFR_FAULT the strings read before the fault
 * are kept, the last one maybe cut, NUL-terminated.
 */
#define DTFR_TRUNC	(1U << 0)	/* as DTSTR_TRUNC */
#define DTFR_FAULT	(1U << 1)	/* as DTSTR_FAULT */
#define DTFR_STR	(1U << 2)	/* a STR fetch: a NUL follows */

struct dt_evt_fetch {
	__u8	dtef_idx;		/* the fetch, from 0 */
	__u8	dtef_flags;		/* DTFR_* */
	__u16	dtef_len;		/* bytes (text of a STR) */
	__u8	dtef_step;		/* DTFR_FAULT: where */
	__u8	dtef_pad[3];
	/* followed by the bytes (STR: dtef_len + 1 with the NUL), padded
	   to 8 with zeros */
};

/* The same layout for everybody: a negative array size fails the build. */
#define DT_SIZE_CHECK(s, n)	\
	typedef char dt_size_check_##s[sizeof(struct s) == (n) ? 1 : -1]

DT_SIZE_CHECK(dtioc_prov_info, 72);
DT_SIZE_CHECK(dtioc_provs, 16);
DT_SIZE_CHECK(dtioc_probe_info, 200);
DT_SIZE_CHECK(dtioc_probe, 16);
DT_SIZE_CHECK(dtioc_arg_info, 136);
DT_SIZE_CHECK(dtioc_arg, 24);
DT_SIZE_CHECK(dtioc_req, 40);
DT_SIZE_CHECK(dtioc_create, 200);
DT_SIZE_CHECK(dtioc_ucreate, 96);
DT_SIZE_CHECK(dtioc_stat, 64);
DT_SIZE_CHECK(dtioc_pids, 264);
DT_SIZE_CHECK(dtioc_bufsize, 8);
DT_SIZE_CHECK(dtioc_clock, 16);
DT_SIZE_CHECK(dtioc_cpustat, 32);
DT_SIZE_CHECK(dtioc_probestat, 16);
DT_SIZE_CHECK(dtioc_drops, 24);
DT_SIZE_CHECK(dt_mmctl, 128);
DT_SIZE_CHECK(dtioc_lossless, 40);
DT_SIZE_CHECK(dtioc_waitstat, 64);
DT_SIZE_CHECK(dt_evt, 80);
DT_SIZE_CHECK(dt_evt_str, 8);
DT_SIZE_CHECK(dtioc_fetch_step, 16);
DT_SIZE_CHECK(dtioc_fetch, 16 + 16 * DTMAXFETCHSTEPS);
DT_SIZE_CHECK(dtioc_fetches, 16);
DT_SIZE_CHECK(dt_evt_fetch, 8);

#define DT_ALIGN(n)	(((n) + 7) & ~(__u64)7)

/* Accessors of the sections of an event; absent ones have count 0. */
static inline __u64 *
dt_evt_args(const struct dt_evt *ev)
{
	return (__u64 *)(ev + 1);
}

static inline __u64 *
dt_evt_kstack(const struct dt_evt *ev)
{
	return dt_evt_args(ev) + ev->dtev_nargs;
}

static inline __u64 *
dt_evt_ustack(const struct dt_evt *ev)
{
	return dt_evt_kstack(ev) + ev->dtev_nkstack;
}

/* The first string, then dt_evt_str_next() dtev_nstrs - 1 times. */
static inline struct dt_evt_str *
dt_evt_str_first(const struct dt_evt *ev)
{
	return (struct dt_evt_str *)(dt_evt_ustack(ev) + ev->dtev_nustack);
}

static inline char *
dt_evt_str_text(const struct dt_evt_str *es)
{
	return (char *)(es + 1);
}

static inline struct dt_evt_str *
dt_evt_str_next(const struct dt_evt_str *es)
{
	return (struct dt_evt_str *)((char *)(es + 1) +
	    DT_ALIGN(es->dtes_len + 1));
}


/* The first fetch result, after the strings. */
static inline struct dt_evt_fetch *
dt_evt_fetch_first(const struct dt_evt *ev)
{
	struct dt_evt_str *es = dt_evt_str_first(ev);
	unsigned int i;

	for (i = 0; i < ev->dtev_nstrs; i++)
		es = dt_evt_str_next(es);
	return (struct dt_evt_fetch *)es;
}

static inline unsigned char *
dt_evt_fetch_data(const struct dt_evt_fetch *ef)
{
	return (unsigned char *)(ef + 1);
}

/* The bytes of a fetch result's data, a string's NUL too. */
static inline __u32
dt_evt_fetch_size(const struct dt_evt_fetch *ef)
{
	return ef->dtef_len + ((ef->dtef_flags & DTFR_STR) ? 1 : 0);
}

static inline struct dt_evt_fetch *
dt_evt_fetch_next(const struct dt_evt_fetch *ef)
{
	return (struct dt_evt_fetch *)(dt_evt_fetch_data(ef) +
	    DT_ALIGN(dt_evt_fetch_size(ef)));
}

#endif /* _DEV_DT_DTVAR_H_ */
