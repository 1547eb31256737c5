/*
 * uprobe on a binary that is replaced while probed: a copy of this
 * program is probed through a descriptor, then a new copy is renamed
 * over it, as an upgrade does.  A process running the path afterwards
 * runs the new file, which is not probed; one running the old file
 * (through the descriptor, fexecve) still fires; a probe created on
 * the new file is another probe.
 */

#define _GNU_SOURCE

#include <sys/stat.h>

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dtt.h"

#define NCALLS	5

static const char bin[] = "/tmp/dtt-uprobe-bin";
static const char newbin[] = "/tmp/dtt-uprobe-bin.new";
static int oldfd = -1;

__attribute__((noipa)) long
dtt_target(long a)
{
	return a + 1;
}

/* A copy of this program at path, executable. */
static void
copy_self(const char *path)
{
	char buf[65536];
	ssize_t n;
	int in, out;

	REQUIRE((in = open("/proc/self/exe", O_RDONLY)) != -1, "self");
	REQUIRE((out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755)) != -1,
	    "create %s: %s", path, dtt_errname(errno));
	while ((n = read(in, buf, sizeof(buf))) > 0)
		REQUIRE(write(out, buf, n) == n, "write %s", path);
	close(in);
	close(out);
}

static void
run_path(void *arg)
{
	(void)arg;
	execl(bin, bin, "call", (char *)NULL);
	_exit(4);
}

static void
run_old(void *arg)
{
	static char *const argv[] = { "dtt-uprobe-old", "call", NULL };
	extern char **environ;

	(void)arg;
	fexecve(oldfd, argv, environ);
	_exit(4);
}

int
main(int argc, char *argv[])
{
	char file[PATH_MAX];
	uint64_t off;
	uint32_t id, newid;
	size_t n;
	int fd, i, newfd;

	if (argc == 2 && strcmp(argv[1], "call") == 0) {
		for (i = 0; i < NCALLS; i++)
			if (dtt_target(i) != i + 1)
				return 3;
		return 0;
	}
	REQUIRE(dtt_fileoff((const void *)dtt_target, &off, file,
	    sizeof(file)) == 0, "dtt_target not in a file mapping");
	copy_self(bin);
	REQUIRE((oldfd = open(bin, O_RDONLY)) != -1, "open %s", bin);
	fd = dtt_open();
	id = dtt_ucreate(fd, "uprobe", oldfd, off, 0);
	REQUIRE(id != 0, "create uprobe %s:%#llx: %s", bin,
	    (unsigned long long)off, dtt_errname(errno));
	CHECK_OK(dtt_enable(fd, id, 0));

	n = dtt_fired(fd, id, run_path);
	CHECK(n == NCALLS, "%zu events running %s, want %d", n, bin, NCALLS);

	/* Replaced as an upgrade does: a new file renamed over the path. */
	copy_self(newbin);
	REQUIRE(rename(newbin, bin) == 0, "rename: %s", dtt_errname(errno));
	n = dtt_fired(fd, id, run_path);
	CHECK(n == 0, "%zu events running the new %s, want 0", n, bin);
	n = dtt_fired(fd, id, run_old);
	CHECK(n == NCALLS, "%zu events running the old file, want %d", n,
	    NCALLS);

	REQUIRE((newfd = open(bin, O_RDONLY)) != -1, "open new %s", bin);
	newid = dtt_ucreate(fd, "uprobe", newfd, off, 0);
	CHECK(newid != 0 && newid != id, "probe on the new file: id %u, the "
	    "old one %u (%s)", newid, id, dtt_errname(errno));
	CHECK_OK(dtt_enable(fd, newid, 0));
	n = dtt_fired(fd, newid, run_path);
	CHECK(n == NCALLS, "%zu events of the new file's probe, want %d", n,
	    NCALLS);
	close(newfd);
	close(oldfd);
	close(fd);
	unlink(bin);
	return dtt_done();
}
