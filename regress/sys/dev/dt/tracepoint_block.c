/*
 * tracepoint:block: direct reads from a null_blk device (loaded for the
 * test, a multi-queue device that completes at once) must each show one
 * block_rq_issue and one block_rq_complete with the device, the sector,
 * the size and the "R" operation.
 */

#define _GNU_SOURCE

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dtt.h"

#define DEV	"/dev/nullb0"
#define NREADS	8
#define IOSIZE	4096
#define SBIN	"PATH=/usr/sbin:/sbin:$PATH "

static void
reads(void *arg)
{
	void *buf;
	int fd, i;

	(void)arg;
	if (posix_memalign(&buf, IOSIZE, IOSIZE) != 0)
		_exit(2);
	if ((fd = open(DEV, O_RDONLY | O_DIRECT)) == -1)
		_exit(3);
	for (i = 0; i < NREADS; i++)
		if (pread(fd, buf, IOSIZE, (off_t)(i + 1) * 16 * IOSIZE) !=
		    IOSIZE)
			_exit(4);
	close(fd);
}

static int
run(const char *cmd)
{
	int st = system(cmd);

	return st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

int
main(void)
{
	struct dtt_child c;
	struct dtt_evbuf eb;
	struct dt_evt *ev;
	const struct dt_evt_str *es;
	struct stat sb;
	uint32_t pissue, pdone;
	uint64_t kdev, sector;
	int fd, i, loaded, issued[NREADS], done[NREADS];
	__u64 *a;

	loaded = stat(DEV, &sb) == -1;
	if (loaded)
		REQUIRE(run(SBIN "modprobe null_blk nr_devices=1 "
		    "queue_mode=2 gb=1") == 0 && stat(DEV, &sb) == 0,
		    "modprobe null_blk gave no %s", DEV);
	/* The kernel's dev_t: 12 bits of major, 20 of minor. */
	kdev = (uint64_t)major(sb.st_rdev) << 20 | minor(sb.st_rdev);
	memset(issued, 0, sizeof(issued));
	memset(done, 0, sizeof(done));

	fd = dtt_open();
	pissue = dtt_probe(fd, "tracepoint", "block", "block_rq_issue");
	pdone = dtt_probe(fd, "tracepoint", "block", "block_rq_complete");
	CHECK_NARGS(fd, pissue, 6);
	CHECK_NARGS(fd, pdone, 6);

	dtt_child(&c, "dtt-block", reads, NULL);
	/* Both argument 4, rwbs, as strings. */
	CHECK_OK(dtt_enable_str(fd, pissue, DTEVT_FUNCARGS, 1 << 4, 0));
	CHECK_OK(dtt_enable_str(fd, pdone, DTEVT_FUNCARGS, 1 << 4, 0));
	REQUIRE(dtt_record(fd, 1) == 0, "DTIOCRECORD: %s",
	    dtt_errname(errno));
	dtt_go(&c);
	CHECK(dtt_wait(&c) == 0, "the child failed to read %s", DEV);
	dtt_sleep(50);
	CHECK_OK(dtt_record(fd, 0));

	dtt_drain(fd, &eb);
	for (ev = dtt_first(&eb); ev != NULL; ev = dtt_next(&eb, ev)) {
		if (ev->dtev_pbn != pissue && ev->dtev_pbn != pdone)
			continue;
		a = dt_evt_args(ev);
		if (a[0] != kdev)
			continue;
		/* dev, sector, nr_sector, bytes or error, rwbs, cmd_flags */
		sector = a[1];
		i = (int)(sector / (16 * IOSIZE / 512)) - 1;
		if (sector % (16 * IOSIZE / 512) != 0 || i < 0 ||
		    i >= NREADS) {
			fprintf(stderr, "request at sector %llu\n",
			    (unsigned long long)sector);
			continue;
		}
		CHECK(a[2] == IOSIZE / 512, "sector %llu: nr_sector %llu",
		    (unsigned long long)sector, (unsigned long long)a[2]);
		es = dtt_evstr(ev, 4);
		/* "R", with "S" for the synchronous direct read. */
		CHECK(es != NULL && dt_evt_str_text(es)[0] == 'R',
		    "sector %llu: rwbs \"%s\"", (unsigned long long)sector,
		    es ? dt_evt_str_text(es) : "(none)");
		if (ev->dtev_pbn == pissue) {
			CHECK(a[3] == IOSIZE, "issue: %llu bytes",
			    (unsigned long long)a[3]);
			issued[i]++;
		} else {
			CHECK(a[3] == 0, "complete: error %lld",
			    (long long)a[3]);
			done[i]++;
		}
	}
	for (i = 0; i < NREADS; i++)
		CHECK(issued[i] == 1 && done[i] == 1, "read %d: %d issued, %d "
		    "completed, want 1 and 1", i, issued[i], done[i]);
	dtt_evfree(&eb);
	close(fd);
	if (loaded)
		CHECK(run(SBIN "rmmod null_blk") == 0,
		    "rmmod null_blk failed");
	return dtt_done();
}
