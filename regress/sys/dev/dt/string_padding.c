/*
 * string_padding: the bytes that pad a copied string to 8 are zero,
 * whatever followed the string in the traced process's memory and
 * whatever the ring held before: a path followed by other bytes in
 * the same buffer, and a faulting path pointer written over ring space
 * that earlier held other strings.  No byte the program did not ask
 * for reaches userland.
 */

#define _GNU_SOURCE

#include <sys/mman.h>
#include <sys/syscall.h>

#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "dtt.h"

#define NFILL	150	/* long strings: fill most of a 64 KiB ring */
#define NFAULT	600	/* faulting ones: wrap over them */

static char buf[256];
static char *bad;

/* Paths of 1 to 8 bytes, each followed in memory by non-zero bytes. */
static void
trailing(void *arg)
{
	int len;

	(void)arg;
	for (len = 1; len <= 8; len++) {
		memset(buf, 'X', sizeof(buf));
		memset(buf, 'p', len);
		buf[len] = '\0';
		syscall(SYS_openat, AT_FDCWD, buf, O_RDONLY);
	}
}

static void
longpaths(void *arg)
{
	int i;

	(void)arg;
	memset(buf, 'A', sizeof(buf) - 1);
	buf[sizeof(buf) - 1] = '\0';
	for (i = 0; i < NFILL; i++)
		syscall(SYS_openat, AT_FDCWD, buf, O_RDONLY);
}

static void
faulting(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < NFAULT; i++)
		syscall(SYS_openat, AT_FDCWD, bad, O_RDONLY);
}

/* Every string's bytes after its NUL up to the 8-byte boundary are 0. */
static size_t
dirty(const struct dtt_evbuf *eb, uint32_t id, pid_t pid, size_t *nstr)
{
	const struct dt_evt_str *es;
	struct dt_evt *ev;
	const char *t;
	size_t n = 0, i;

	for (ev = dtt_first(eb); ev != NULL; ev = dtt_next(eb, ev)) {
		if (ev->dtev_pbn != id || ev->dtev_pid != pid ||
		    (es = dtt_evstr(ev, 1)) == NULL)
			continue;
		(*nstr)++;
		t = dt_evt_str_text(es);
		for (i = es->dtes_len + 1; i < DT_ALIGN(es->dtes_len + 1); i++)
			if (t[i] != 0) {
				if (n++ < 5)
					fprintf(stderr, "string of %u bytes, "
					    "flags %#x: padding byte %zu is "
					    "%#x\n", es->dtes_len,
					    es->dtes_flags, i,
					    (unsigned char)t[i]);
			}
	}
	return n;
}

static void
run(int fd, uint32_t id, const char *comm, void (*fn)(void *),
    size_t want, const char *what)
{
	struct dtt_child c;
	struct dtt_evbuf eb;
	size_t nstr = 0, n;

	dtt_child(&c, comm, fn, NULL);
	dtt_follow(fd, &c);
	dtt_trace(fd, &c, &eb);
	n = dirty(&eb, id, c.c_pid, &nstr);
	CHECK(nstr == want, "%s: %zu strings, want %zu", what, nstr, want);
	CHECK(n == 0, "%s: %zu padding bytes not zero", what, n);
	dtt_evfree(&eb);
}

int
main(void)
{
	uint32_t id;
	int fd;

	bad = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	REQUIRE(bad != MAP_FAILED, "mmap: %s", dtt_errname(errno));
	CHECK_OK(munmap(bad, 4096));

	fd = dtt_open();
	id = dtt_probe(fd, "syscall", "openat", "entry");
	CHECK_OK(dtt_bufsize(fd, DTMINBUFSIZE));
	CHECK_OK(dtt_enable_str(fd, id, 0, 1U << 1, 256));
	run(fd, id, "dtt-trailing", trailing, 8, "paths before other bytes");
	run(fd, id, "dtt-long", longpaths, NFILL, "long paths");
	run(fd, id, "dtt-faulting", faulting, NFAULT, "faulting paths");
	close(fd);
	return dtt_done();
}
