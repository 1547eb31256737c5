/*
 * opener_reused_pid: dt(4) never records the process that opened the
 * descriptor, and only that process: once the opener has exited and its
 * pid is given to a new process, the new process is recorded.  The
 * opener hands the descriptor over (SCM_RIGHTS) and exits; the pid is
 * reused through /proc/sys/kernel/ns_last_pid.
 */

#define _GNU_SOURCE

#include <sys/socket.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "dtt.h"

#define N	20
#define LASTPID	"/proc/sys/kernel/ns_last_pid"

static struct dtt_calls ppids = { -1, N };

/* Open /dev/dt in a child that sends the descriptor over s and exits. */
static int
opened_elsewhere(pid_t *opener)
{
	char cbuf[CMSG_SPACE(sizeof(int))], b = 'd';
	struct iovec iov = { &b, 1 };
	struct msghdr msg;
	struct cmsghdr *cm;
	int s[2], fd, st;

	REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, s) == 0,
	    "socketpair: %s", dtt_errname(errno));
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cbuf;
	msg.msg_controllen = sizeof(cbuf);
	*opener = fork();
	REQUIRE(*opener != -1, "fork: %s", dtt_errname(errno));
	if (*opener == 0) {
		fd = dtt_open();
		cm = CMSG_FIRSTHDR(&msg);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &fd, sizeof(int));
		_exit(sendmsg(s[1], &msg, 0) == 1 ? 0 : 1);
	}
	close(s[1]);
	REQUIRE(recvmsg(s[0], &msg, 0) == 1, "recvmsg: %s",
	    dtt_errname(errno));
	cm = CMSG_FIRSTHDR(&msg);
	REQUIRE(cm != NULL && cm->cmsg_type == SCM_RIGHTS, "no descriptor "
	    "received");
	memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	REQUIRE(waitpid(*opener, &st, 0) == *opener && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0, "the opener failed");
	close(s[0]);
	return fd;
}

/* A child (see dtt_child) that got pid want, or 0 after some tries. */
static int
child_with_pid(struct dtt_child *c, pid_t want)
{
	char buf[32];
	int i, fd, len;

	for (i = 0; i < 20; i++) {
		fd = open(LASTPID, O_WRONLY);
		REQUIRE(fd != -1, "%s: %s", LASTPID, dtt_errname(errno));
		len = snprintf(buf, sizeof(buf), "%d", want - 1);
		CHECK(write(fd, buf, len) == len, "%s: %s", LASTPID,
		    dtt_errname(errno));
		close(fd);
		dtt_child(c, "dtt-reused", dtt_getppids, &ppids);
		if (c->c_pid == want)
			return 1;
		kill(c->c_pid, SIGKILL);
		dtt_wait(c);
	}
	return 0;
}

int
main(void)
{
	struct dtt_child c;
	struct dtt_evbuf eb;
	uint32_t id;
	pid_t opener;
	int fd;

	fd = opened_elsewhere(&opener);
	id = dtt_probe(fd, "syscall", "getppid", "entry");
	CHECK_OK(dtt_enable(fd, id, 0));
	REQUIRE(child_with_pid(&c, opener), "could not get pid %d again",
	    opener);
	printf("the opener was pid %d; a new process has it now\n", opener);
	dtt_follow(fd, &c);
	dtt_trace(fd, &c, &eb);
	CHECK(dtt_count(&eb, id, c.c_pid) == N, "the new process of pid %d: "
	    "%zu events, want %d", c.c_pid, dtt_count(&eb, id, c.c_pid), N);
	dtt_evfree(&eb);
	close(fd);
	return dtt_done();
}
