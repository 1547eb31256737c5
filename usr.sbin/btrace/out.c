/* SPDX-License-Identifier: ISC */
/*
 * The normal output, standard output or the -o file: written once each
 * batch of events has been evaluated (and after BEGIN, and at the end),
 * so that a pipe or a file being read sees each line within a batch of
 * when it was printed, in one write rather than one a line, and given
 * up once it fails.
 */

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "btrace.h"

#define OUTBUFSZ	(64 * 1024)

FILE			*out;
static const char	*out_name = "stdout";
static int		 out_fd = STDOUT_FILENO;
static int		 out_errno;	/* why the output failed, or 0 */
static struct sigaction	 pipe_action;	/* SIGPIPE as btrace found it */

/*
 * Writes go through here rather than straight to stdio's descriptor so
 * that the first failure is kept with its errno: stdio only keeps an
 * error flag, and errno is long overwritten by the end of a batch.
 */
static ssize_t
out_write(void *cookie, const char *buf, size_t len)
{
	size_t done = 0;
	ssize_t n;

	(void)cookie;
	if (out_errno != 0) {
		errno = out_errno;
		return -1;
	}
	while (done < len) {
		n = write(out_fd, buf + done, len - done);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			out_errno = errno;
			return -1;
		}
		done += n;
	}
	return done;
}

/*
 * Standard output, or `path' (-o).  A reader that goes away shows as
 * EPIPE on a write, not as SIGPIPE, so that tracing is stopped and the
 * command of -c ended before btrace goes.
 */
void
out_open(const char *path)
{
	static const cookie_io_functions_t io = { .write = out_write };
	struct sigaction sa;

	if (path != NULL) {
		if ((out_fd = open(path, O_WRONLY | O_CREAT | O_TRUNC |
		    O_CLOEXEC, 0666)) == -1)
			err(1, "%s", path);
		out_name = path;
	}
	fflush(stdout);
	if ((out = fopencookie(NULL, "w", io)) == NULL)
		err(1, NULL);
	if (setvbuf(out, NULL, _IOFBF, OUTBUFSZ) != 0)
		errx(1, "%s: cannot buffer", out_name);

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGPIPE, &sa, &pipe_action) == -1)
		err(1, "sigaction");
}

/* The command of -c gets SIGPIPE as btrace got it. */
void
out_child(void)
{
	sigaction(SIGPIPE, &pipe_action, NULL);
}

/*
 * The end of a batch of output: what is buffered is written.  Returns
 * -1 once the output has failed, now or before.
 */
int
out_flush(void)
{
	if (fflush(out) == EOF && out_errno == 0)
		out_errno = errno != 0 ? errno : EIO;
	return out_errno != 0 ? -1 : 0;
}

/*
 * At exit: flush, and report a failed output.  A reader that went away
 * ends btrace as it ends any other program writing to it: by SIGPIPE,
 * unless btrace was started with SIGPIPE ignored; then, as for any
 * other failure, with one message and exit status 1.
 */
void
out_close(void)
{
	out_flush();
	if (out_errno == EPIPE) {
		sigaction(SIGPIPE, &pipe_action, NULL);
		raise(SIGPIPE);
	}
	if (out_errno != 0)
		errx(1, "%s: %s", out_name, strerror(out_errno));
}
