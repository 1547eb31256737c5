/*
 * dtt: what the dt(4) tests share.  Checks report and count failures and
 * let the test go on, so that one run shows every broken behaviour; the
 * test's exit status is dtt_done(): 0 when nothing failed.
 */

#ifndef DTT_H
#define DTT_H

#include <sys/types.h>

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include "dtvar.h"

#define DTT_DEV		"/dev/dt"
#define DTT_ALLOWDT	"/proc/sys/kern/allowdt"

extern int dtt_failures;

void	dtt_fail(const char *, int, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
int	dtt_done(void);

/* A check that must hold; the message says what was seen. */
#define CHECK(cond, ...) do {						\
	if (!(cond))							\
		dtt_fail(__FILE__, __LINE__, __VA_ARGS__);		\
} while (0)

/* A call that must fail with errno e. */
#define CHECK_ERRNO(call, e) do {					\
	long r_ = (long)(call);						\
	int e_ = errno;							\
	if (r_ != -1)							\
		dtt_fail(__FILE__, __LINE__, "%s: returned %ld, want "	\
		    "-1 with %s", #call, r_, dtt_errname(e));		\
	else if (e_ != (e))						\
		dtt_fail(__FILE__, __LINE__, "%s: errno %s, want %s",	\
		    #call, dtt_errname(e_), dtt_errname(e));		\
} while (0)

/* A call that must succeed. */
#define CHECK_OK(call) do {						\
	long r_ = (long)(call);						\
	if (r_ == -1)							\
		dtt_fail(__FILE__, __LINE__, "%s: %s", #call,		\
		    dtt_errname(errno));				\
} while (0)

/* Probe pbn (a variable) lists exactly n arguments. */
#define CHECK_NARGS(fd, pbn, n) do {					\
	int n_ = dtt_probe_nargs(fd, pbn);				\
	if (n_ != (n))							\
		dtt_fail(__FILE__, __LINE__, "probe %s: %d arguments, "	\
		    "want %d", #pbn, n_, (n));				\
} while (0)

/* The descriptor dropped no event: its rings never filled. */
#define CHECK_NODROPS(fd) do {						\
	struct dtioc_stat s_;						\
	if (dtt_stats(fd, &s_) == -1)					\
		dtt_fail(__FILE__, __LINE__, "DTIOCGSTATS: %s",		\
		    dtt_errname(errno));				\
	else if (s_.dtst_dropevt != 0)					\
		dtt_fail(__FILE__, __LINE__, "%llu events dropped",	\
		    (unsigned long long)s_.dtst_dropevt);		\
} while (0)

/* Give up on a test whose setup failed. */
#define REQUIRE(cond, ...) do {						\
	if (!(cond)) {							\
		dtt_fail(__FILE__, __LINE__, __VA_ARGS__);		\
		_exit(dtt_done());					\
	}								\
} while (0)

const char	*dtt_errname(int);

/*
 * Events as read(2) returns them: variable-length records in one buffer.
 * dtt_first()/dtt_next() walk them; dtt_drain() has checked every length.
 */
struct dtt_evbuf {
	char	*eb_data;
	size_t	 eb_len;
	size_t	 eb_nev;
};

int	dtt_open(void);
uint32_t dtt_probe(int, const char *, const char *, const char *);
uint32_t dtt_probe_any(int, const char *, const char *);
int	dtt_probe_nargs(int, uint32_t);
int	dtt_probe_flags(int, uint32_t);
/* Whether probe id is listed, as a descriptor opened afresh sees it. */
int	dtt_listed(uint32_t);
uint32_t dtt_create(int, const char *, const char *, const char *);
uint32_t dtt_probe_create(int, const char *, const char *, const char *);
/* DTIOCPRBUCREATE: a uprobe on FILEFD at an offset, DTUC_* flags. */
uint32_t dtt_ucreate(int, const char *, int, uint64_t, uint32_t);
uint32_t dtt_ucreate_sema(int, const char *, int, uint64_t, uint64_t,
	    uint32_t);
/* The file offset of code at an address of this process, and its file. */
int	dtt_fileoff(const void *, uint64_t *, char *, size_t);
/*
 * The dtt_enable functions ask for the task's ids (DTT_TASK) besides
 * `flags': most checks find their events by pid.  A test of what is
 * recorded without them calls DTIOCPRBENABLE itself.
 */
#define DTT_TASK	(DTEVT_PID | DTEVT_PPID | DTEVT_CRED)
int	dtt_enable(int, uint32_t, uint32_t);
int	dtt_enable_str(int, uint32_t, uint32_t, uint16_t, uint16_t);
int	dtt_enable_period(int, uint32_t, uint32_t, uint64_t);
/* A trace event probe wanting the bytes marked DTRB_* in recbytes. */
int	dtt_enable_rec(int, uint32_t, uint32_t, uint16_t, const uint8_t *,
	    uint16_t);

/* Offset and size of field NAME of trace event SYSTEM/EVENT (tracefs). */
struct dtt_field {
	int	off, size;
};
struct dtt_field dtt_tpfield(const char *, const char *);
int	dtt_disable(int, uint32_t);
int	dtt_record(int, int);
int	dtt_stats(int, struct dtioc_stat *);
int	dtt_bufsize(int, uint32_t);
int	dtt_pids(int, const pid_t *, unsigned int);
int	dtt_set_allowdt(int);
int	dtt_get_allowdt(void);

void	dtt_drain(int, struct dtt_evbuf *);
void	dtt_evfree(struct dtt_evbuf *);
struct dt_evt	*dtt_first(const struct dtt_evbuf *);
struct dt_evt	*dtt_next(const struct dtt_evbuf *, const struct dt_evt *);
size_t	dtt_count(const struct dtt_evbuf *, uint32_t, pid_t);
const struct dt_evt_str *dtt_evstr(const struct dt_evt *, unsigned int);
const struct dt_evt_fetch *dtt_evfetch(const struct dt_evt *, unsigned int);
int	dtt_fetch(int, uint32_t, const struct dtioc_fetch *, unsigned int);
/* A fetch description without steps: source, argument, kind, length, flags. */
struct dtioc_fetch dtt_fetchdesc(uint8_t, uint8_t, uint8_t, uint16_t, uint8_t);

/* Children that wait for go() before doing their work, and then exit. */
struct dtt_child {
	pid_t	c_pid;
	int	c_go;		/* write end: one byte starts the child */
};
void	dtt_child(struct dtt_child *, const char *, void (*)(void *), void *);
void	dtt_go(struct dtt_child *);
void	dtt_follow(int, const struct dtt_child *);
void	dtt_trace(int, struct dtt_child *, struct dtt_evbuf *);
int	dtt_wait(struct dtt_child *);
/* Events of probe id on fd from one followed child running fn. */
size_t	dtt_fired(int, uint32_t, void (*)(void *));

pid_t	dtt_hammer(void);
void	dtt_reap(pid_t);
void	dtt_pin(int);

struct dtt_calls {
	int	gc_cpu;		/* the CPU the child is pinned to, -1 none */
	int	gc_n;		/* how many getppid() calls it makes */
};
void	dtt_getppids(void *);	/* a dtt_child() function: arg dtt_calls */
/*
 * The kernel's text symbols, from /proc/kallsyms (read once, slow in an
 * emulated guest): the function at address pc ("" if none), and
 * whether a function of that name exists.
 */
const char	*dtt_ksym(uint64_t);
int		 dtt_ksym_exists(const char *);
uint64_t	 dtt_kaddr(const char *);
/* dt.ko unloaded, or loaded from file ko with params: as the syscalls. */
int	dtt_unload(void);
int	dtt_load(const char *, const char *);
/* Whether /dev/dt came (present 1) or went (0) within two seconds. */
int	dtt_wait_dev(int);
void	dtt_lo_up(void);
void	dtt_udp_loopback(void);
void	dtt_spin(unsigned int);
void	dtt_sleep(unsigned int);
uint64_t dtt_now(void);

#endif /* DTT_H */
