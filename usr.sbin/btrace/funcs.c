/* SPDX-License-Identifier: ISC */
/*
 * bpftrace's functions of values: symbols and addresses, network
 * addresses, time, string tests, byte order; and the helpers of the
 * statements that print a message, signal a process or run a command.
 * sema.c checks their arguments; eval.c evaluates the arguments and
 * calls func_eval() for the value, with a buffer for a string made.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "btrace.h"
#include "syms.h"
#include "sysargs.h"

/* --unsafe: signal() and system() are allowed. */
int	 unsafe;

/* The clocks of nsecs(mode), in the order of their words. */
static const char *const clocks[] = {
	[NSECS_MONOTONIC] = "monotonic",
	[NSECS_BOOT] = "boot",
	[NSECS_TAI] = "tai",
	[NSECS_SW_TAI] = "sw_tai",
};

int
func_clock_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < nitems(clocks); i++)
		if (strcmp(clocks[i], name) == 0)
			return (int)i;
	return -1;
}

/*
 * The offset of another clock from CLOCK_MONOTONIC, read once: events
 * carry monotonic timestamps, the other clocks are that plus the
 * offset btrace sees (a recording replayed elsewhere gets this
 * machine's).
 */
static int64_t
clock_offset(clockid_t id)
{
	struct timespec a;
	uint64_t m0, m1;
	int64_t off;

	m0 = now_nsecs();
	if (clock_gettime(id, &a) == -1)
		return 0;
	m1 = now_nsecs();
	off = (int64_t)a.tv_sec * 1000000000 + a.tv_nsec -
	    (int64_t)(m0 + (m1 - m0) / 2);
	/* Both clocks count from boot, the other one never behind. */
	return off < 0 ? 0 : off;
}

static int64_t
nsecs_of(int mode, uint64_t mono)
{
	static int64_t boot, tai;
	static int done;

	if (!done) {
		boot = clock_offset(CLOCK_BOOTTIME);
		tai = clock_offset(CLOCK_TAI);
		done = 1;
	}
	switch (mode) {
	case NSECS_BOOT:
		return (int64_t)mono + boot;
	case NSECS_TAI:
	case NSECS_SW_TAI:
		return (int64_t)mono + tai;
	default:
		return (int64_t)mono;
	}
}

/*
 * strftime(3) of a monotonic timestamp as wall time, with bpftrace's
 * %f, the microseconds in six digits.  0 if the result does not fit.
 */
size_t
func_strftime(char *buf, size_t len, const char *fmt, uint64_t mono)
{
	char f[512], us[8];
	int64_t wall = (int64_t)(mono + wall_offset);
	size_t i, n = 0;
	struct tm tm;
	time_t sec;

	snprintf(us, sizeof(us), "%06d", (int)(wall % 1000000000 / 1000));
	for (i = 0; fmt[i] != '\0'; i++) {
		if (n + 7 >= sizeof(f))
			return 0;
		if (fmt[i] == '%' && fmt[i + 1] == 'f') {
			memcpy(f + n, us, 6);
			n += 6;
			i++;
			continue;
		}
		f[n++] = fmt[i];
		if (fmt[i] == '%' && fmt[i + 1] != '\0')
			f[n++] = fmt[++i];
	}
	f[n] = '\0';
	sec = (time_t)(wall / 1000000000);
	localtime_r(&sec, &tm);
	if (len > 0)
		buf[0] = '\0';
	return strftime(buf, len, f, &tm);
}

/* The kernel's symbols, loaded the first time a function needs them. */
static const struct ksyms *
ksyms_need(void)
{
	static int tried;
	const char *path;
	char msg[256];

	if (kernel_syms != NULL || tried)
		return kernel_syms;
	tried = 1;
	if ((path = getenv("BTRACE_KALLSYMS")) == NULL || *path == '\0')
		path = "/proc/kallsyms";
	if ((kernel_syms = ksyms_load(path, msg, sizeof(msg))) == NULL)
		warnx("%s: ksym() and kaddr() have no symbols", msg);
	return kernel_syms;
}

struct byname {
	const char	*name;
	uint64_t	 addr;
	int		 found;
};

static int
match_name(const struct ksym *ks, void *arg)
{
	struct byname *b = arg;

	if (strcmp(ks->ks_name, b->name) != 0)
		return 0;
	b->addr = ks->ks_addr;
	b->found = 1;
	return 1;
}

int
func_kaddr(const char *name, uint64_t *addr)
{
	struct byname b;

	const char *path;

	b.name = name;
	b.found = 0;
	if (ksyms_need() != NULL)
		ksyms_foreach(kernel_syms, match_name, &b);
	if (b.found) {
		*addr = b.addr;
		return 0;
	}
	/* A variable: the table holds functions only. */
	if ((path = getenv("BTRACE_KALLSYMS")) == NULL || *path == '\0')
		path = "/proc/kallsyms";
	return ksyms_find(path, name, addr);
}

static const char *
hex(uint64_t a, char *buf, size_t len)
{
	snprintf(buf, len, "0x%" PRIx64, a);
	return buf;
}

static void
set_int(struct val *v, int64_t i)
{
	v->v_type = VT_INT;
	v->v_int = i;
}

static void
set_str(struct val *v, const char *s)
{
	v->v_type = VT_STR;
	v->v_str = s;
}

/* Types were checked; a value of a type known only now reads as 0. */
static const char *
str_of(const struct val *v)
{
	return v->v_type == VT_STR ? v->v_str : "";
}

static int64_t
int_of(const struct val *v)
{
	return v->v_type == VT_INT ? v->v_int : 0;
}

static const char *
eval_ntop(const struct node *n, const struct val *a, struct val *v,
    char *buf, size_t len)
{
	int64_t af = n->n_nargs == 2 ? int_of(&a[0]) : AF_INET;
	uint64_t addr = int_of(&a[n->n_nargs - 1]);
	unsigned char b[4];

	set_str(v, "");
	/* Kernel data of 4 or 16 bytes: kdata.c wrote the text. */
	if (a[n->n_nargs - 1].v_type == VT_STR) {
		set_str(v, str_of(&a[n->n_nargs - 1]));
		return NULL;
	}
	if (af == AF_INET6)
		return "ntop(): an IPv6 address is 16 bytes, an integer "
		    "holds 8";
	if (af != AF_INET)
		return "ntop(): unknown address family: use AF_INET (2) or "
		    "AF_INET6 (10)";
	/* The address as it lies in memory, network order. */
	b[0] = addr & 0xff;
	b[1] = (addr >> 8) & 0xff;
	b[2] = (addr >> 16) & 0xff;
	b[3] = (addr >> 24) & 0xff;
	if (inet_ntop(AF_INET, b, buf, len) != NULL)
		set_str(v, buf);
	return NULL;
}

/*
 * pton("a.b.c.d"): the address as ntop() reads it, and 4.  pton("::1"):
 * 16, and in `text' the address as inet_ntop(3) writes it, which ntop()
 * of the same 16 bytes in kernel data gives too.  -1 if neither.
 */
int
func_pton(const char *s, int64_t *addr, char *text, size_t len)
{
	unsigned char b[16];

	if (inet_pton(AF_INET, s, b) == 1) {
		*addr = (int64_t)((uint64_t)b[0] | (uint64_t)b[1] << 8 |
		    (uint64_t)b[2] << 16 | (uint64_t)b[3] << 24);
		return 4;
	}
	if (inet_pton(AF_INET6, s, b) == 1 &&
	    inet_ntop(AF_INET6, b, text, len) != NULL)
		return 16;
	return -1;
}

/* The name of a uid, cached for the last one asked. */
const char *
func_username(int uid)
{
	static char name[64];
	static int last = -1;
	struct passwd *pw;

	if (uid == last)
		return name;
	if ((pw = getpwuid(uid)) != NULL)
		snprintf(name, sizeof(name), "%s", pw->pw_name);
	else
		snprintf(name, sizeof(name), "%d", uid);
	last = uid;
	return name;
}

/*
 * The name of system call number nr of the x86-64 ABI, from the table
 * the kernel headers gave, indexed by number when first asked.
 */
static const char *
syscall_name(int64_t nr)
{
	static const char **names;
	static int64_t nnames;
	size_t i;

	if (names == NULL) {
		for (i = 0; i < sysargs_count; i++)
			if (sysargs_table[i].nr >= nnames)
				nnames = sysargs_table[i].nr + 1;
		if ((names = calloc(nnames + 1, sizeof(*names))) == NULL)
			err(1, NULL);
		for (i = 0; i < sysargs_count; i++)
			if (sysargs_table[i].nr >= 0)
				names[sysargs_table[i].nr] =
				    sysargs_table[i].syscall;
	}
	if (nr < 0 || nr >= nnames)
		return NULL;
	return names[nr];
}

/*
 * The value of function n of arguments a, a string made in buf; NULL,
 * or the run-time error.
 */
const char *
func_eval(const struct node *n, const struct val *a,
    const struct bt_event *ev, struct val *v, char *buf, size_t len)
{
	struct byname b;
	struct ksym ks;
	const struct usym *us;
	struct usyms *u;
	const char *name;
	uint64_t x;

	switch (n->n_func) {
	case F_KSYM:
		if (ksyms_need() == NULL ||
		    ksyms_lookup(kernel_syms, int_of(&a[0]), &ks, NULL) == -1)
			set_str(v, hex(int_of(&a[0]), buf, len));
		else
			set_str(v, ks.ks_name);
		break;
	case F_USYM:
		if ((u = usyms_get(ev->ev_pid)) == NULL || (us =
		    usyms_lookup(u, int_of(&a[0]), NULL, NULL)) == NULL)
			set_str(v, hex(int_of(&a[0]), buf, len));
		else
			set_str(v, us->us_name);
		break;
	case F_KADDR:
		/* Found once: the node keeps the address. */
		if (n->n_int != 0) {
			set_int(v, n->n_int);
			break;
		}
		set_int(v, 0);
		if (func_kaddr(str_of(&a[0]), &b.addr) == -1)
			return "kaddr(): no such kernel symbol";
		((struct node *)n)->n_int = (int64_t)b.addr;
		set_int(v, (int64_t)b.addr);
		break;
	case F_CGROUPID:
		/* Found once: the node keeps the id. */
		if (n->n_int == 0 &&
		    func_cgroupid(str_of(&a[0]), &((struct node *)n)->n_int) ==
		    -1) {
			set_int(v, 0);
			return "cgroupid(): not a directory of a cgroup2 "
			    "file system";
		}
		set_int(v, n->n_int);
		break;
	case F_CGROUP_PATH:
		cgpath_of(int_of(&a[0]), n->n_nargs > 1 ? str_of(&a[1]) : NULL,
		    buf, len);
		set_str(v, buf);
		break;
	case F_NTOP:
		return eval_ntop(n, a, v, buf, len);
	case F_STRFTIME:
		set_str(v, buf);
		if (func_strftime(buf, len, str_of(&a[0]), int_of(&a[1])) ==
		    0 && *str_of(&a[0]) != '\0')
			return "strftime(): the result is longer than a string "
			    "holds";
		break;
	case F_STRNCMP:
		set_int(v, strncmp(str_of(&a[0]), str_of(&a[1]),
		    int_of(&a[2]) < 0 ? 0 : (size_t)int_of(&a[2])) != 0);
		break;
	case F_STRCONTAINS:
		set_int(v, strstr(str_of(&a[0]), str_of(&a[1])) != NULL);
		break;
	case F_BSWAP:
		/* Of the argument's width, as bpftrace types it. */
		x = (uint64_t)int_of(&a[0]);
		if (n->n_int == 1)
			x &= 0xff;
		else if (n->n_int == 2)
			x = __builtin_bswap16((uint16_t)x);
		else if (n->n_int == 4)
			x = __builtin_bswap32((uint32_t)x);
		else
			x = __builtin_bswap64(x);
		set_int(v, (int64_t)x);
		break;
	case F_NSECS:
		set_int(v, nsecs_of((int)n->n_int, ev->ev_nsecs));
		break;
	case F_SYSCALL_NAME:
		set_str(v, buf);
		if ((name = syscall_name(int_of(&a[0]))) != NULL)
			snprintf(buf, len, "%s", name);
		else
			snprintf(buf, len, "%" PRId64, int_of(&a[0]));
		break;
	case F_STRERROR:
		set_str(v, buf);
		snprintf(buf, len, "%s", strerror((int)int_of(&a[0])));
		break;
	case F_UADDR:
		set_int(v, n->n_int);	/* found when checked */
		break;
	case F_KPTR:
		/* bpftrace's address spaces: here an address is a number. */
		set_int(v, int_of(&a[0]));
		break;
	default:
		set_int(v, 0);
		break;
	}
	return NULL;
}

/*
 * cat(): the file's first CAT_MAX bytes into btrace's output, with
 * -f json as bpftrace's "cat" object; a file that cannot be read is a
 * warning, and the program goes on.
 */
#define CAT_MAX		4096

void
func_cat(const char *path)
{
	char buf[CAT_MAX + 1];
	size_t n;
	FILE *fp;

	fflush(out);
	if ((fp = fopen(path, "r")) == NULL) {
		warn("cat(\"%s\")", path);
		return;
	}
	n = fread(buf, 1, CAT_MAX, fp);
	if (ferror(fp))
		warn("cat(\"%s\")", path);
	fclose(fp);
	buf[n] = '\0';
	if (json)
		json_text(out, "cat", buf);
	else
		fwrite(buf, 1, n, out);
}

/* signal("SIGKILL"), signal("KILL") or signal(9): the number, or -1. */
int
func_signal_lookup(const char *name)
{
	int i;

	if (strncmp(name, "SIG", 3) == 0)
		name += 3;
	for (i = 1; i < NSIG; i++)
		if (sigabbrev_np(i) != NULL &&
		    strcmp(sigabbrev_np(i), name) == 0)
			return i;
	return -1;
}

/* signal(): to the process of the event, said on standard error. */
void
func_signal(const struct bt_event *ev, int sig)
{
	const char *name = sigabbrev_np(sig);

	fflush(out);
	if (kill(ev->ev_pid, sig) == -1)
		warn("signal(SIG%s) to pid %d", name != NULL ? name : "?",
		    ev->ev_pid);
	else
		fprintf(stderr, "btrace: signal(SIG%s) sent to pid %d (%s)\n",
		    name != NULL ? name : "?", ev->ev_pid, ev->ev_comm);
}

/*
 * system(): the command runs through sh(1) while btrace waits, its
 * output put in btrace's, with -f json as the object bpftrace prints
 * for it; said on standard error first.
 */
void
func_system(const char *cmd)
{
	char buf[4096], *text = NULL;
	size_t n, len;
	FILE *p, *to = out;
	int st;

	fflush(out);
	fprintf(stderr, "btrace: system(\"%s\")\n", cmd);
	if ((p = popen(cmd, "r")) == NULL) {
		warn("system(\"%s\")", cmd);
		return;
	}
	if (json && (to = open_memstream(&text, &len)) == NULL)
		err(1, NULL);
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		fwrite(buf, 1, n, to);
	if (json) {
		fclose(to);
		/* bpftrace's name of the object. */
		json_text(out, "syscall", text);	/* not a provider */
		free(text);
	}
	fflush(out);
	if ((st = pclose(p)) == -1)
		warn("system(\"%s\")", cmd);
	else if (WIFEXITED(st) && WEXITSTATUS(st) != 0)
		fprintf(stderr, "btrace: system(\"%s\"): exit status %d\n",
		    cmd, WEXITSTATUS(st));
}
