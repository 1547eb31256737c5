/*
 * btrace(8): run bt(5) programs.
 */

#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "btrace.h"

#define PATH_DEVDT	"/dev/dt"

FILE		*out;
int		 verbose;
uint64_t	 start_nsecs;

static volatile sig_atomic_t	 quit_signal;
static uint64_t			 nfiltered;

static void __attribute__((__noreturn__))
usage(void)
{
	fprintf(stderr, "usage: btrace [-lnv] [-c command] [-f format] [-o file] "
	    "[-p pid] programfile | -e program [argument ...]\n");
	exit(1);
}

uint64_t
now_nsecs(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static char *
read_file(const char *path, size_t *lenp)
{
	char *buf = NULL;
	size_t len = 0, size = 0;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY)) == -1)
		err(1, "%s", path);
	for (;;) {
		if (len + 4096 > size) {
			size = size * 2 + 8192;
			if ((buf = realloc(buf, size)) == NULL)
				err(1, NULL);
		}
		n = read(fd, buf + len, size - len - 1);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			err(1, "%s", path);
		}
		if (n == 0)
			break;
		len += n;
	}
	close(fd);
	buf[len] = '\0';
	if (memchr(buf, '\0', len) != NULL)
		errx(1, "%s: contains a NUL byte: not a bt(5) program", path);
	*lenp = len;
	return buf;
}

static void
on_signal(int sig)
{
	quit_signal = sig;
}

static void
setup_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;
	if (sigaction(SIGINT, &sa, NULL) == -1 ||
	    sigaction(SIGTERM, &sa, NULL) == -1)
		err(1, "sigaction");
}

/* The event seen by BEGIN and END: btrace itself. */
static void
self_event(struct bt_event *e, const char *probe)
{
	memset(e, 0, sizeof(*e));
	e->ev_probe = probe;
	e->ev_pid = getpid();
	e->ev_tid = gettid();
	e->ev_ppid = getppid();
	e->ev_uid = getuid();
	e->ev_gid = getgid();
	strncpy(e->ev_comm, "btrace", sizeof(e->ev_comm) - 1);
	e->ev_nsecs = now_nsecs();
}

static enum eval_status
run_special(struct rule *r, const char *name)
{
	struct bt_event e;
	enum eval_status st;

	if (r == NULL)
		return EVAL_OK;
	self_event(&e, name);
	st = rule_eval(r, &e);
	fflush(out);
	return st;
}

static pid_t
spawn(const char *command)
{
	pid_t pid;

	fflush(NULL);
	switch (pid = fork()) {
	case -1:
		err(1, "fork");
	case 0:
		execl("/bin/sh", "sh", "-c", command, (char *)NULL);
		warn("/bin/sh");
		_exit(127);
	}
	return pid;
}

/*
 * Wait for the traced process to exit or for a signal.  A child is
 * reaped; any other process is watched through a pidfd.
 */
static void
wait_process(pid_t pid, int child)
{
	struct pollfd pfd;
	int fd, status;

	if (child) {
		while (!quit_signal) {
			if (waitpid(pid, &status, 0) == pid)
				return;
			if (errno != EINTR)
				err(1, "waitpid");
		}
		return;
	}
	if ((fd = syscall(SYS_pidfd_open, pid, 0)) == -1)
		err(1, "pid %d", (int)pid);
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (!quit_signal) {
		if (poll(&pfd, 1, -1) == 1)
			break;
		if (errno != EINTR)
			err(1, "poll");
	}
	close(fd);
}

static pid_t
parse_pid(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v <= 0 ||
	    v > INT_MAX)
		errx(1, "invalid pid '%s'", s);
	if (kill(v, 0) == -1 && errno == ESRCH)
		errx(1, "no such process: %ld", v);
	return v;
}

/* -v: what the run saw, on stderr. */
static void
print_stats(void)
{
	if (json) {
		fprintf(stderr, "{\"type\": \"stats\", \"data\": "
		    "{\"read\": %llu, \"dropped\": %llu, \"filtered\": "
		    "%llu}}\n", 0ULL, 0ULL, (unsigned long long)nfiltered);
		return;
	}
	fprintf(stderr, "%llu events read\n", 0ULL);
	fprintf(stderr, "%llu events dropped\n", 0ULL);
	fprintf(stderr, "%llu events filtered\n",
	    (unsigned long long)nfiltered);
}

int
main(int argc, char *argv[])
{
	struct program prog;
	const char *program = NULL, *filename = NULL, *outfile = NULL;
	const char *command = NULL;
	enum eval_status st;
	size_t len;
	pid_t pid = 0;
	int ch, nerr, list = 0, noaction = 0, error = 0, fd;

	out = stdout;
	start_nsecs = now_nsecs();

	while ((ch = getopt(argc, argv, "c:e:f:lno:p:v")) != -1) {
		switch (ch) {
		case 'c':
			command = optarg;
			break;
		case 'e':
			program = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "json") == 0)
				json = 1;
			else if (strcmp(optarg, "text") == 0)
				json = 0;
			else
				errx(1, "unknown output format '%s': use text "
				    "or json", optarg);
			break;
		case 'l':
			list = 1;
			break;
		case 'n':
			noaction = 1;
			break;
		case 'o':
			outfile = optarg;
			break;
		case 'p':
			pid = parse_pid(optarg);
			break;
		case 'v':
			verbose++;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;

	if (command != NULL && pid != 0)
		errx(1, "-c and -p cannot be used together");
	if (program == NULL && argc > 0) {
		filename = argv[0];
		program = read_file(filename, &len);
		argc--;
		argv++;
	} else if (program != NULL)
		len = strlen(program);
	if (program == NULL && !list)
		usage();
	script_argc = argc;
	script_argv = argv;

	memset(&prog, 0, sizeof(prog));
	if (program != NULL) {
		nerr = btparse(program, len, filename, &prog);
		if (nerr > 0)
			return nerr > 255 ? 255 : nerr;
		if (verbose > 1)
			ast_dump(stderr, &prog);
	}
	if (noaction)
		return 0;

	if (list || prog.nprobes > 0) {
		if ((fd = open(PATH_DEVDT, O_RDONLY)) == -1)
			err(1, "%s", PATH_DEVDT);
		close(fd);
		errx(1, "%s: tracing kernel probes is not supported by this "
		    "version of btrace yet", PATH_DEVDT);
	}

	if (outfile != NULL && (out = fopen(outfile, "w")) == NULL)
		err(1, "%s", outfile);

	setup_signals();
	eval_init(&prog);

	st = run_special(prog.begin, "BEGIN");
	if (st == EVAL_OK && command != NULL)
		wait_process(spawn(command), 1);
	else if (st == EVAL_OK && pid != 0)
		wait_process(pid, 0);
	if (st == EVAL_ERROR)
		error = 1;

	if (run_special(prog.end, "END") == EVAL_ERROR)
		error = 1;
	maps_print_all(&prog);

	if (verbose > 0)
		print_stats();
	if (fflush(out) == EOF || ferror(out))
		err(1, "%s", outfile != NULL ? outfile : "stdout");
	return error;
}
