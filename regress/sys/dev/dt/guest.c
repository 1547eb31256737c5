/*
 * guest: runs the dt(4) tests inside the test guest (see run).
 *
 *	guest OBJDIR TEST ...
 *
 * Each test program runs as root in its own process group with a time
 * limit (DTT_LIMIT seconds, default 60); exit 0 is a pass.  Its output
 * is printed indented, so that only this program starts lines with PASS
 * or FAIL, followed by the kernel log lines with warnings, BUGs or oopses
 * that appeared while it ran.  Whatever it left running is killed with
 * its process group.  Tests that unload the module (module_*) run after
 * the others, and lockdown* last, since lockdown cannot be lifted.
 *
 * This is C rather than a shell loop because every exec in an emulated
 * guest costs hundreds of milliseconds.
 */

#define _GNU_SOURCE

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *bad[] = {
	"WARNING:", "BUG:", "BUG ", "Oops", "general protection",
	"Call Trace", "UBSAN", "KASAN", "soft lockup", "hard LOCKUP",
	"detected stall", "blocked for more than", "corruption",
	"refcount_t:",
};

static const char *obj;
static int limit = 60;

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Print buf indented, line by line. */
static void
indent(const char *prefix, char *buf)
{
	char *line, *next;

	for (line = buf; line != NULL && *line != '\0'; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		printf("    %s%s\n", prefix, line);
	}
}

/* Kernel log records written since kmsg was positioned at the end. */
static void
klog_check(int kmsg, const char *t)
{
	char rec[8192], *msg;
	ssize_t r;
	size_t i;

	if (kmsg == -1)
		return;
	for (;;) {
		r = read(kmsg, rec, sizeof(rec) - 1);
		if (r == -1 && errno == EPIPE)
			continue;	/* overwritten records: go on */
		if (r <= 0)
			break;
		rec[r] = '\0';
		msg = strchr(rec, ';');
		msg = msg != NULL ? msg + 1 : rec;
		msg[strcspn(msg, "\n")] = '\0';
		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
			if (strstr(msg, bad[i]) != NULL) {
				printf("    %s: kernel log: %s\n", t, msg);
				break;
			}
	}
}

static void
runone(const char *t)
{
	char path[4096], *out = NULL, buf[4096];
	size_t len = 0, cap = 0;
	struct pollfd pfd;
	double start, deadline, grace = 0;
	int p[2], st = 0, done = 0, killed = 0, kmsg;
	pid_t pid;
	ssize_t r;

	snprintf(path, sizeof(path), "%s/%s", obj, t);
	kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (kmsg != -1)
		lseek(kmsg, 0, SEEK_END);
	if (pipe(p) == -1) {
		printf("    %s: pipe: %s\nFAIL dt/%s\n", t, strerror(errno), t);
		return;
	}
	fflush(stdout);
	start = now();
	deadline = start + limit;
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		dup2(p[1], 1);
		dup2(p[1], 2);
		close(p[0]);
		close(p[1]);
		execl(path, t, (char *)NULL);
		fprintf(stderr, "exec %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	close(p[1]);
	if (pid == -1) {
		close(p[0]);
		printf("    %s: fork: %s\nFAIL dt/%s\n", t, strerror(errno), t);
		return;
	}
	setpgid(pid, pid);
	pfd.fd = p[0];
	pfd.events = POLLIN;
	for (;;) {
		if (!done && waitpid(pid, &st, WNOHANG) == pid) {
			done = 1;
			kill(-pid, SIGKILL);	/* what it left behind */
			grace = now() + 2;
		}
		if (!done && now() > deadline) {
			kill(-pid, SIGKILL);
			killed = 1;
		}
		if (done && now() > grace)
			break;
		if (poll(&pfd, 1, 100) <= 0)
			continue;
		r = read(p[0], buf, sizeof(buf));
		if (r <= 0) {
			if (done)
				break;
			pfd.fd = -1;	/* EOF before exit: keep waiting */
			continue;
		}
		if (len + r + 1 > cap) {
			cap = (len + r + 1) * 2;
			if ((out = realloc(out, cap)) == NULL)
				abort();
		}
		memcpy(out + len, buf, r);
		len += r;
	}
	close(p[0]);
	if (out != NULL) {
		out[len] = '\0';
		indent("", out);
		free(out);
	}
	if (killed)
		printf("    %s: killed after %ds\n", t, limit);
	else if (WIFSIGNALED(st))
		printf("    %s: killed by signal %d\n", t, WTERMSIG(st));
	klog_check(kmsg, t);
	if (kmsg != -1)
		close(kmsg);
	printf("    %s: %.1fs\n", t, now() - start);
	printf("%s dt/%s\n", !killed && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0 ? "PASS" : "FAIL", t);
	fflush(stdout);
}

int
main(int argc, char *argv[])
{
	const char *ko = getenv("DT_KO"), *lim = getenv("DTT_LIMIT");
	struct stat sb;
	int i, pass;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2) {
		fprintf(stderr, "usage: guest objdir test ...\n");
		return 2;
	}
	obj = argv[1];
	if (lim != NULL && atoi(lim) > 0)
		limit = atoi(lim);
	if (ko == NULL || *ko == '\0' || stat("/dev/dt", &sb) == -1 ||
	    !S_ISCHR(sb.st_mode)) {
		printf("    dt.ko is not loaded or /dev/dt is missing\n");
		for (i = 2; i < argc; i++)
			printf("FAIL dt/%s\n", argv[i]);
		return 1;
	}
	for (pass = 0; pass < 3; pass++)
		for (i = 2; i < argc; i++) {
			int late = strncmp(argv[i], "module_", 7) == 0;
			int last = strncmp(argv[i], "lockdown", 8) == 0;

			if ((pass == 0 && !late && !last) ||
			    (pass == 1 && late) || (pass == 2 && last))
				runone(argv[i]);
		}
	return 0;
}
