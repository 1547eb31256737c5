/*
 * wl: the workloads of the live suite.  Each prints the facts a test
 * checks btrace's output against (pids above all) on standard output.
 * Built with -fno-omit-frame-pointer so that ustack sees its functions.
 */
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../usdt_mark.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A thread that says its thread ID. */
static void *
thread_main(void *arg)
{
	(void)arg;
	printf("thread %ld\n", (long)syscall(SYS_gettid));
	return NULL;
}

static void
do_thread(void)
{
	pthread_t t;

	if ((errno = pthread_create(&t, NULL, thread_main, NULL)) != 0)
		err(1, "pthread_create");
	pthread_join(t, NULL);
}

static int
port_of(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1)
		err(1, "getsockname");
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

/* Bring the loopback interface up, through any socket fd. */
static void
lo_up(int fd)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	strncpy(ifr.ifr_name, "lo", sizeof(ifr.ifr_name) - 1);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == -1)
		err(1, "SIOCGIFFLAGS");
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) == -1)
		err(1, "SIOCSIFFLAGS");
}

/*
 * A SYN sent again: a listener on 127.0.0.1 with a backlog of 0 whose
 * one connection is never accepted, so that its accept queue is full
 * and drops a second connection's SYN, which the kernel sends again
 * after the initial retransmission timeout (1 s).  Prints "listen N"
 * and "connect N" (the second connection's port), then waits 2.5 s.
 */
static void
do_synretrans(void)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	int l, c1, c2;

	if ((l = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		err(1, "socket");
	lo_up(l);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(l, (struct sockaddr *)&sin, len) == -1 ||
	    listen(l, 0) == -1 ||
	    getsockname(l, (struct sockaddr *)&sin, &len) == -1)
		err(1, "listen");
	printf("listen %d\n", ntohs(sin.sin_port));
	if ((c1 = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    connect(c1, (struct sockaddr *)&sin, len) == -1)
		err(1, "connect");
	if ((c2 = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)) == -1 ||
	    (connect(c2, (struct sockaddr *)&sin, len) == -1 &&
	    errno != EINPROGRESS))
		err(1, "connect");
	printf("connect %d\n", port_of(c2));
	fflush(stdout);
	usleep(2500000);
	close(c2);
	close(c1);
	close(l);
}

/*
 * One TCP connection over loopback, brought up first, IPv4 or IPv6
 * (127.0.0.1 or ::1): the listening port, then the connecting one, as
 * "listen N" and "connect N".
 */
static void
do_tcp(int family)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	socklen_t len = sizeof(ss);
	int l, c, a;

	if ((l = socket(family, SOCK_STREAM, 0)) == -1)
		err(1, "socket");
	lo_up(l);
	memset(&ss, 0, sizeof(ss));
	if (family == AF_INET6) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = in6addr_loopback;
		len = sizeof(*sin6);
	} else {
		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		len = sizeof(*sin);
	}
	if (bind(l, (struct sockaddr *)&ss, len) == -1 ||
	    listen(l, 1) == -1 || getsockname(l, (struct sockaddr *)&ss,
	    &len) == -1)
		err(1, "listen");
	printf("listen %d\n", ntohs(family == AF_INET6 ? sin6->sin6_port :
	    sin->sin_port));
	if ((c = socket(family, SOCK_STREAM, 0)) == -1 ||
	    connect(c, (struct sockaddr *)&ss, len) == -1)
		err(1, "connect");
	printf("connect %d\n", port_of(c));
	if ((a = accept(l, NULL, NULL)) == -1)
		err(1, "accept");
	close(a);
	close(c);
	close(l);
}

static void
do_getppid(long n)
{
	while (n-- > 0)
		syscall(SYS_getppid);
}

static void
do_read(size_t size, long n)
{
	char *buf;
	int fd;

	if ((buf = malloc(size)) == NULL)
		err(1, "malloc");
	if ((fd = open("/dev/zero", O_RDONLY)) == -1)
		err(1, "/dev/zero");
	while (n-- > 0)
		if (read(fd, buf, size) != (ssize_t)size)
			err(1, "read");
	close(fd);
	free(buf);
}

/* Read a byte at a time for secs seconds, pausing usecs after each. */
static void
do_readfor(double secs, long usecs)
{
	double end = now() + secs;
	char c;
	int fd;

	if ((fd = open("/dev/zero", O_RDONLY)) == -1)
		err(1, "/dev/zero");
	while (now() < end) {
		if (read(fd, &c, 1) != 1)
			err(1, "read");
		if (usecs > 0)
			usleep(usecs);
	}
	close(fd);
}

static pid_t
child(void)
{
	pid_t pid;

	fflush(NULL);
	if ((pid = fork()) == -1)
		err(1, "fork");
	return pid;
}

static void
reap(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) == -1)
		err(1, "waitpid");
}

/*
 * n children alive at once, each waiting for the others to exist, then
 * making one getppid(2) and exiting; rounds times.
 */
static void
do_forkstorm(long n, long rounds)
{
	int gate[2];
	long i, r;
	pid_t pid;

	for (r = 0; r < rounds; r++) {
		if (pipe(gate) == -1)
			err(1, "pipe");
		for (i = 0; i < n; i++) {
			if ((pid = child()) == 0) {
				char c;

				close(gate[1]);
				(void)read(gate[0], &c, 1);
				syscall(SYS_getppid);
				_exit(0);
			}
		}
		close(gate[0]);
		close(gate[1]);		/* every child's read returns 0 */
		for (i = 0; i < n; i++)
			if (wait(NULL) == -1)
				err(1, "wait");
	}
	printf("children %ld\n", n * rounds);
}

/*
 * Not inlined, not folded: each is a frame ustack must name.  gcc gives
 * a leaf function that needs no stack no frame, even with
 * -fno-omit-frame-pointer, and a frame-pointer walk from inside it then
 * skips its caller: the volatile local gives spin_inner() a frame.
 */
__attribute__((noinline)) static unsigned long
spin_inner(unsigned long x)
{
	volatile unsigned long v = x;
	int i;

	for (i = 0; i < 1000; i++)
		v = v * 6364136223846793005UL + 1442695040888963407UL;
	return v;
}

/*
 * For secs seconds, or with stop until the file stop exists.  The clock
 * (or the file) is looked at once every 256 rounds: where the
 * clocksource is slow (a guest without a stable TSC makes
 * clock_gettime() a system call), looking every round would spend the
 * time in the kernel, not in spin_inner(), and a profile would rarely
 * find spin_inner().
 */
__attribute__((noinline)) static unsigned long
spin_outer(double secs, const char *stop)
{
	double end = now() + secs;
	unsigned long x = 1;
	int i;

	do {
		for (i = 0; i < 256; i++)
			x = spin_inner(x);
	} while (stop != NULL ? access(stop, F_OK) == -1 : now() < end);
	return x;
}

/* How many calls of dtlive_ufunc ran, for uaddr("dtlive_ucalls"). */
volatile long dtlive_ucalls;

/* A function of this program for uprobes: not inlined, cloned or folded. */
__attribute__((noipa)) long
dtlive_ufunc(long i, long j)
{
	dtlive_ucalls++;
	return i + j;
}

static void
do_ucall(long n)
{
	long i;

	printf("ufunc %p\n", (void *)dtlive_ufunc);
	for (i = 0; i < n; i++)
		if (dtlive_ufunc(i, 1000) != i + 1000)
			errx(1, "dtlive_ufunc");
}

/*
 * USDT markers: dtlive:mark, reached only while its semaphore is set (as
 * a program that prepares costly arguments does), with a signed int in
 * a register, a long in memory, a constant and a string; dtlive:plain,
 * with no semaphore and no arguments.  Prints how many marks ran.
 */
USDT_SEMAPHORE(dtlive_mark_semaphore);

static void
do_usdt(long n)
{
	static const char name[] = "dtlive-usdt";
	long i, marks = 0;
	volatile long mem;

	for (i = 0; i < n; i++) {
		mem = i * 1000;
		if (dtlive_mark_semaphore) {
			__asm__ __volatile__(USDT_MARK_NOTE("dtlive", "mark",
			    "dtlive_mark_semaphore",
			    "-4@%0 8@%1 -8@%2 8@%3") ::
			    "r"((int)-i), "m"(mem), "n"(-5), "r"(name));
			marks++;
		}
		__asm__ __volatile__(USDT_MARK_NOTE("dtlive", "plain", "0",
		    "") ::);
	}
	printf("usdt marks %ld\n", marks);
}

/*
 * A function with a string and a structure in user memory, returning a
 * string: the last's text is "dtlive-ret-" and the second's tv_nsec.
 */
__attribute__((noipa)) const char *
dtlive_ustr(const char *name, const struct timespec *ts)
{
	static char ret[32];

	snprintf(ret, sizeof(ret), "dtlive-ret-%ld", ts->tv_nsec);
	return name[0] == 'd' ? ret : NULL;
}

static void
do_ustr(long n)
{
	struct timespec ts;
	char name[32];
	long i;

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "dtlive-arg-%ld", i);
		ts.tv_sec = 1234;
		ts.tv_nsec = i * 10;
		if (dtlive_ustr(name, &ts) == NULL)
			errx(1, "dtlive_ustr");
	}
}

/* n calls of libc's malloc, each freed. */
static void
do_umalloc(long n)
{
	void *volatile p;

	while (n-- > 0) {
		if ((p = malloc(100)) == NULL)
			err(1, "malloc");
		free(p);
	}
}

/*
 * n MiB allocated and written, a page at a time, then held: in a memory
 * cgroup with a lower limit, the kernel's OOM killer ends it.
 */
static void
do_hog(long n)
{
	long i;
	char *p;

	fflush(stdout);
	for (i = 0; i < n; i++) {
		if ((p = malloc(1 << 20)) == NULL)
			err(1, "malloc");
		memset(p, 1, 1 << 20);
	}
	printf("hogged %ld MiB\n", n);
}

int
main(int argc, char *argv[])
{
	pid_t pid;

	setvbuf(stdout, NULL, _IOLBF, 0);
	while (argc >= 3 && argv[1][0] == '-') {
		if (strcmp(argv[1], "-n") == 0)
			prctl(PR_SET_NAME, argv[2]);
		else if (strcmp(argv[1], "-w") == 0) {
			/* Wait for the file: the test starts btrace meanwhile. */
			while (access(argv[2], F_OK) == -1)
				usleep(10000);
		} else
			break;
		argc -= 2;
		argv += 2;
	}
	if (argc < 2)
		errx(2, "usage: wl [-n comm] [-w file] command [arg ...]");
	printf("pid %d\n", getpid());

	if (strcmp(argv[1], "getppid") == 0 && argc == 3)
		do_getppid(atol(argv[2]));
	else if (strcmp(argv[1], "read") == 0 && argc == 4)
		do_read(atol(argv[2]), atol(argv[3]));
	else if (strcmp(argv[1], "readfor") == 0 && (argc == 3 || argc == 4))
		do_readfor(atof(argv[2]), argc == 4 ? atol(argv[3]) : 0);
	else if (strcmp(argv[1], "forkstorm") == 0 && argc == 4)
		do_forkstorm(atol(argv[2]), atol(argv[3]));
	else if (strcmp(argv[1], "open") == 0) {
		int i, fd;

		for (i = 2; i < argc; i++)
			if ((fd = open(argv[i], O_RDONLY)) != -1)
				close(fd);
	} else if (strcmp(argv[1], "fork") == 0) {
		if ((pid = child()) == 0)
			_exit(0);
		printf("child %d\n", pid);
		reap(pid);
	} else if (strcmp(argv[1], "kill9") == 0) {
		if ((pid = child()) == 0) {
			for (;;)
				pause();
		}
		printf("target %d\n", pid);
		usleep(100000);
		if (kill(pid, 0) == -1)		/* is it there? */
			err(1, "kill 0");
		if (kill(pid, SIGKILL) == -1)
			err(1, "kill");
		reap(pid);
	} else if (strcmp(argv[1], "setuid") == 0) {
		if ((pid = child()) == 0) {
			if (setgid(65534) == -1 || setuid(65534) == -1)
				err(1, "setuid");
			_exit(0);
		}
		printf("child %d\n", pid);
		reap(pid);
	} else if (strcmp(argv[1], "spin") == 0 && argc == 3)
		printf("x %lu\n", spin_outer(atof(argv[2]), NULL));
	else if (strcmp(argv[1], "spinuntil") == 0 && argc == 3)
		printf("x %lu\n", spin_outer(0, argv[2]));
	else if (strcmp(argv[1], "asuser") == 0 && argc >= 4) {
		/* Become uid N, then exec the rest. */
		if (setgid(atoi(argv[2])) == -1 || setuid(atoi(argv[2])) == -1)
			err(1, "setuid");
		execv(argv[3], argv + 3);
		err(1, "%s", argv[3]);
	} else if (strcmp(argv[1], "sync") == 0 && argc == 3) {
		/* Data to flush, then each way of flushing it. */
		int fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd == -1 || write(fd, "dt\n", 3) != 3)
			err(1, "%s", argv[2]);
		if (fsync(fd) == -1 || fdatasync(fd) == -1)
			err(1, "fsync");
		sync();
		close(fd);
	} else if (strcmp(argv[1], "thread") == 0 && argc == 2)
		do_thread();
	else if (strcmp(argv[1], "tcp") == 0 && argc == 2)
		do_tcp(AF_INET);
	else if (strcmp(argv[1], "tcp6") == 0 && argc == 2)
		do_tcp(AF_INET6);
	else if (strcmp(argv[1], "synretrans") == 0 && argc == 2)
		do_synretrans();
	else if (strcmp(argv[1], "hog") == 0 && argc == 3)
		do_hog(atol(argv[2]));
	else if (strcmp(argv[1], "ucall") == 0 && argc == 3)
		do_ucall(atol(argv[2]));
	else if (strcmp(argv[1], "usdt") == 0 && argc == 3)
		do_usdt(atol(argv[2]));
	else if (strcmp(argv[1], "ustr") == 0 && argc == 3)
		do_ustr(atol(argv[2]));
	else if (strcmp(argv[1], "umalloc") == 0 && argc == 3)
		do_umalloc(atol(argv[2]));
	else if (strcmp(argv[1], "unixmsg") == 0 && argc == 2) {
		/* Bytes through a unix stream socket, some not printable. */
		static const char msg[] = "dt\x01\xffok\n";
		char got[sizeof(msg)];
		int sv[2];

		if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
			err(1, "socketpair");
		if (write(sv[0], msg, sizeof(msg) - 1) != sizeof(msg) - 1 ||
		    read(sv[1], got, sizeof(got)) != sizeof(msg) - 1)
			err(1, "unix socket");
		close(sv[0]);
		close(sv[1]);
	} else if (strcmp(argv[1], "sleep") == 0 && argc == 3)
		usleep(atof(argv[2]) * 1e6);
	else
		errx(2, "unknown command %s", argv[1]);
	return 0;
}
