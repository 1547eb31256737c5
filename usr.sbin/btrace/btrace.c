/* SPDX-License-Identifier: ISC */
/*
 * btrace(8): run bt(5) programs.
 */

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "btrace.h"
#include "command.h"
#include "drops.h"
#include "dt.h"
#include "event.h"
#include "flame.h"
#include "record.h"
#include "source.h"
#include "tracefs.h"
#include "uprobes.h"

static int	 verbose;
static int	 quiet;			/* -q: no "Attaching N probes..." */

static volatile sig_atomic_t	 quit_signal;

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
	e->ev_tid = e->ev_pid;	/* the process, whichever thread runs it */
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
	if (out_flush() == -1 && st == EVAL_OK)
		st = EVAL_EXIT;		/* the output is gone: stop */
	return st;
}

static int
open_pidfd(pid_t pid)
{
	int fd;

	if ((fd = syscall(SYS_pidfd_open, pid, 0)) == -1)
		err(1, "pid %d", (int)pid);
	return fd;
}

/* Wait for a process watched through its pidfd, or for a signal. */
static void
wait_pidfd(int fd)
{
	struct pollfd pfd;

	pfd.fd = fd;
	pfd.events = POLLIN;
	while (!quit_signal) {
		if (poll(&pfd, 1, -1) == 1)
			break;
		if (errno != EINTR)
			err(1, "poll");
	}
}

/* Tracing is live: say so, unless -q, before the command of -c runs. */
static void
attached(size_t n)
{
	if (quiet)
		return;
	if (json)
		fprintf(stderr, "{\"type\": \"attached_probes\", \"data\": "
		    "{\"probes\": %zu}}\n", n);
	else
		fprintf(stderr, "Attaching %zu probe%s...\n", n,
		    n == 1 ? "" : "s");
}

/*
 * Between BEGIN and END: events from the live source to the sink (the
 * rules, or a recording), until a signal, exit(), or the end of the
 * process given by -c or -p.
 */
static enum eval_status
run(struct program *prog, struct command *command, pid_t pid,
    const struct source *src, const struct sink *sink)
{
	enum eval_status st = EVAL_OK;
	struct dtioc_clock cl;
	sigset_t block, old;
	pid_t child = 0;
	int pidfd = -1, status;

	if (command != NULL) {
		child = pid = command_spawn(command);
		pidfd = open_pidfd(child);
	} else if (pid != 0)
		pidfd = open_pidfd(pid);

	if (prog->nprobes > 0) {
		sigemptyset(&block);
		sigaddset(&block, SIGINT);
		sigaddset(&block, SIGTERM);
		sigprocmask(SIG_BLOCK, &block, &old);
		dt_start(&pid, pid != 0 ? 1 : 0, pidfd, sink->allargs);
		if (sink->begin != NULL) {
			dt_clock(&cl);
			sink->begin(&cl);
		}
		attached(dt_nenabled());
		if (command != NULL)
			command_release(command);
		st = source_drain(src, sink);
		dt_stop();
		sigprocmask(SIG_SETMASK, &old, NULL);
	} else {
		if (command != NULL)
			command_release(command);
		if (pidfd != -1)
			wait_pidfd(pidfd);
	}
	if (pidfd != -1)
		close(pidfd);
	if (child != 0 && waitpid(child, &status, WNOHANG) == 0) {
		/*
		 * Stopped by a signal or exit() while the command runs: it
		 * was started to be traced, so it ends with the tracing.
		 */
		kill(child, SIGTERM);
		while (waitpid(child, &status, 0) == -1 && errno == EINTR)
			continue;
	}
	return st;
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

/* -w: record the program's probes until a signal or the process ends. */
static int
record(struct program *prog, const char *path, struct command *command,
    pid_t pid)
{
	const struct source *src = dt_source(&quit_signal);
	struct dtioc_stat st;

	setup_signals();
	record_create(path);
	run(prog, command, pid, src, &record_sink);
	src->counters(&st);
	record_end(path, &st);
	return 0;
}

static int	btrace_main(int, char *[]);

struct mainargs {
	int	  argc;
	char	**argv;
	int	  status;
};

static void *
main_thread(void *arg)
{
	struct mainargs *ma = arg;
	sigset_t sigs;

	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_UNBLOCK, &sigs, NULL);
	ma->status = btrace_main(ma->argc, ma->argv);
	return NULL;
}

/*
 * Checking, evaluating and printing a program recurse on its tree, which
 * depth.c bounds to BT_MAXDEPTH levels.  Measured, the deepest recursion
 * takes at most 1.2 KiB of stack a level under the sanitizers (a map
 * read in the key of a map read, nested), 0.6 KiB without: btrace runs on
 * a thread whose stack holds BT_MAXDEPTH levels of twice that, whatever
 * the limit of the first thread's stack, and never asks for much more.
 */
#define STACK_PER_LEVEL	2048
#define STACK_SIZE	(BT_MAXDEPTH * STACK_PER_LEVEL + (1UL << 20))

/*
 * The first thread keeps SIGINT and SIGTERM blocked so that they go to
 * the one that handles them.  Should no thread be had (a limit on the
 * number of processes, say), the first thread runs btrace if its stack
 * may grow as large.
 */
int
main(int argc, char *argv[])
{
	struct mainargs ma = { argc, argv, 1 };
	pthread_attr_t attr;
	pthread_t t;
	struct rlimit rl;
	sigset_t sigs;
	int error;

	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	error = pthread_attr_init(&attr);
	if (error == 0)
		error = pthread_attr_setstacksize(&attr, STACK_SIZE);
	if (error == 0)
		error = pthread_create(&t, &attr, main_thread, &ma);
	if (error == 0) {
		pthread_join(t, NULL);
		return ma.status;
	}
	pthread_sigmask(SIG_UNBLOCK, &sigs, NULL);
	if (getrlimit(RLIMIT_STACK, &rl) == 0 &&
	    (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= STACK_SIZE))
		return btrace_main(argc, argv);
	errx(1, "cannot have a stack of %lu MiB: %s", STACK_SIZE >> 20,
	    strerror(error));
}

static const struct option longopts[] = {
	{ "help",	no_argument,	NULL,	'h' },
	{ "unsafe",	no_argument,	NULL,	'U' },
	{ "version",	no_argument,	NULL,	'V' },
	{ NULL,		0,		NULL,	0 },
};

static int
btrace_main(int argc, char *argv[])
{
	struct program prog;
	const char *program = NULL, *filename = NULL, *outfile = NULL;
	const char *cmdtext = NULL, *why;
	uint32_t ringsize;
	FILE *profile = NULL;
	static struct command cmd;	/* kept to the end, as its words */
	struct command *command = NULL;
	char **patterns = NULL;
	const char *recordfile = NULL, *replayfile = NULL;
	const struct source *src = NULL;
	enum eval_status st;
	size_t len;
	pid_t pid = 0;
	int ch, nerr, npatterns = 0, list = 0, noaction = 0, error = 0;
	int bset = 0, lset = 0;

	out = stdout;
	clock_start();

	while ((ch = getopt_long(argc, argv, "+b:c:e:f:hLlno:p:qr:UVvw:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'b':
			if ((why = dt_parse_bufsize(optarg, &ringsize)) != NULL)
				errx(1, "-b: %s", why);
			dt_set_bufsize(ringsize);
			bset = 1;
			break;
		case 'c':
			cmdtext = optarg;
			break;
		case 'e':
			program = optarg;
			break;
		case 'f':
			json = 0;
			flame_format = FLAME_NONE;
			if (strcmp(optarg, "json") == 0)
				json = 1;
			else if (strcmp(optarg, "folded") == 0)
				flame_format = FLAME_FOLDED;
			else if (strcmp(optarg, "svg") == 0)
				flame_format = FLAME_SVG;
			else if (strcmp(optarg, "text") != 0)
				errx(1, "unknown output format '%s': use text, "
				    "json, folded or svg", optarg);
			break;
		case 'h':
			help();
		case 'L':
			dt_set_lossless(1);
			lset = 1;
			break;
		case 'l':
			list = 1;
			break;
		case 'n':
			noaction = 1;
			tracefs_dont_mount();	/* checks, changes nothing */
			dt_never_open();
			break;
		case 'o':
			outfile = optarg;
			break;
		case 'p':
			pid = parse_pid(optarg);
			break;
		case 'q':
			quiet = 1;
			break;
		case 'r':
			replayfile = optarg;
			tracefs_disable();	/* the recording describes */
			dt_never_open();	/* the recording's probes */
			break;
		case 'U':
			unsafe = 1;
			break;
		case 'V':
			version();
		case 'v':
			verbose++;
			break;
		case 'w':
			recordfile = optarg;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;

	if (cmdtext != NULL && pid != 0)
		errx(1, "-c and -p cannot be used together");
	if (recordfile != NULL && replayfile != NULL)
		errx(1, "-r and -w cannot be used together");
	if (replayfile != NULL && (cmdtext != NULL || pid != 0 || list))
		errx(1, "-r replays a recording: -c, -p and -l do not apply");
	if (list && program == NULL) {
		/* Every operand is a pattern. */
		patterns = argv;
		npatterns = argc;
		argc = 0;
	} else if (program == NULL && argc > 0) {
		filename = argv[0];
		program = read_file(filename, &len);
		argc--;
		argv++;
	} else if (program != NULL)
		len = strlen(program);
	if (program == NULL && !list) {
		warnx("no program: give a programfile or -e program");
		usage();
	}
	script_argc = namedargs_take(argc, argv);
	script_argv = argv;

	/* The recorded formats of trace events check the program's args. */
	if (replayfile != NULL)
		replay_open(replayfile);
	memset(&prog, 0, sizeof(prog));
	uprobes_set_pid(pid);	/* uprobe:LIB:F finds LIB in its mappings */
	if (program != NULL) {
		nerr = btparse(program, len, filename, &prog);
		if (nerr == 0)
			nerr = namedargs_unread();
		if (nerr > 0)
			return nerr > 255 ? 255 : nerr;
		config_apply(bset, lset, verbose);
		if (verbose > 1)
			ast_dump(stderr, &prog);
		if (flame_format != FLAME_NONE && !list)
			flame_check(&prog);
	}
	if (flame_format != FLAME_NONE)
		stack_mode_default = STACK_SYM;
	if (cmdtext != NULL) {
		command_prepare(&cmd, cmdtext);
		command = &cmd;
	}
	if (noaction)
		return 0;

	out_open(outfile);
	/* A profile has the output to itself; the rest goes to stderr. */
	if (flame_format != FLAME_NONE) {
		profile = out;
		out = stderr;
	}

	if (list) {
		dt_open();
		dt_list(patterns, npatterns, verbose);
		if (program == NULL) {
			out_close();
			return 0;
		}
	}
	if (replayfile != NULL) {
		if (dt_resolve(&prog, replayfile) > 0)
			return 1;
		replay_check_fetches();
		src = replay_source(&quit_signal);
	} else if (prog.nprobes > 0) {
		if (!list)
			dt_open();
		if (dt_resolve(&prog, NULL) > 0)
			return 1;
		src = dt_source(&quit_signal);
	} else if (recordfile != NULL)
		errx(1, "-w: the program has no probe to record");
	if (recordfile != NULL)
		return record(&prog, recordfile, command, pid);

	setup_signals();
	eval_init(&prog);

	st = run_special(prog.begin, "BEGIN");
	if (st == EVAL_OK && replayfile != NULL)
		st = source_drain(src, &eval_sink);
	else if (st == EVAL_OK)
		st = run(&prog, command, pid, src, &eval_sink);
	if (st == EVAL_ERROR)
		error = 1;

	if (run_special(prog.end, "END") == EVAL_ERROR)
		error = 1;
	if (flame_format != FLAME_NONE) {
		fflush(stderr);
		flame_print(profile, &prog, filename != NULL ? filename :
		    "-e program");
		out = profile;
	} else if (config_print_maps)
		maps_print_all(&prog);
	out_flush();

	if (src != NULL)
		src->stats(verbose, (now_nsecs() - start_nsecs) / 1e9);
	else
		stats_report(-1, NULL, verbose, 0);
	out_close();
	return error ? error : exit_code;
}
