/*
 * DTIOCPRBFETCH, DTFK_STRV: the strings of an argument vector, read
 * when the probe fires.  A child calls execve() of a file that does not
 * exist with several vectors; at syscall:execve:entry fetches of
 * argument 1 (argv) and 2 (envp) in user memory must give each vector's
 * strings packed with their NULs: all of them, none for an empty one,
 * 16 and DTFR_TRUNC for 17, as many as a small dtfe_len holds and
 * DTFR_TRUNC, the strings before a bad pointer and DTFR_FAULT, and
 * DTFR_FAULT for a vector at a bad address or read as kernel memory.
 * Each call's envp, "N=<call>", tells its event.
 */

#define _GNU_SOURCE

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dtt.h"

#define NOFILE	"/nonexistent/dtt-strv"
#define SMALL	12

static char *vec_plain[] = { "one", "two", "three", NULL };
static char *vec_empty[] = { NULL };
static char *vec_many[18];
static char *vec_bad[] = { "ok", (char *)8, NULL };
static char **volatile vec_at16 = (char **)16;
static char many[17][4];
/* Each call's environment says which it is: events of CPUs interleave. */
static char *envp[5][2] = { { "N=0" }, { "N=1" }, { "N=2" }, { "N=3" },
    { "N=4" } };

static void
calls(void *arg)
{
	(void)arg;
	execve(NOFILE, vec_plain, envp[0]);
	execve(NOFILE, vec_empty, envp[1]);
	execve(NOFILE, vec_many, envp[2]);
	execve(NOFILE, vec_bad, envp[3]);
	execve(NOFILE, vec_at16, envp[4]);
}

/* Fetch idx of ev holds these flags and exactly these len bytes. */
static void
expect(const struct dt_evt *ev, unsigned int idx, unsigned int flags,
    const char *bytes, unsigned int len, const char *what)
{
	const struct dt_evt_fetch *ef = dtt_evfetch(ev, idx);

	if (ef == NULL) {
		CHECK(0, "%s: no fetch %u in the event", what, idx);
		return;
	}
	CHECK(ef->dtef_flags == flags && ef->dtef_step == 0 &&
	    ef->dtef_len == len, "%s: flags %#x step %u len %u, want %#x "
	    "0 %u", what, ef->dtef_flags, ef->dtef_step, ef->dtef_len,
	    flags, len);
	if (ef->dtef_len == len)
		CHECK(memcmp(dt_evt_fetch_data(ef), bytes, len) == 0,
		    "%s: the bytes differ", what);
}

int
main(void)
{
	struct dtioc_fetch f[4];
	struct dtt_child c;
	struct dtt_evbuf eb;
	const struct dt_evt *ev;
	const struct dt_evt_fetch *ef;
	char want[64 + 1];
	uint32_t ent;
	int fd, i, call, seen = 0;

	for (i = 0; i < 17; i++) {
		snprintf(many[i], sizeof(many[i]), "s%02d", i);
		vec_many[i] = many[i];
		memcpy(want + 4 * i, many[i], 4);	/* with the NUL */
	}
	fd = dtt_open();
	ent = dtt_probe(fd, "syscall", "execve", "entry");
	/* Within DTMAXFETCHBYTES together. */
	f[0] = dtt_fetchdesc(DTFS_ARG, 1, DTFK_STRV, 512, DTFE_USER);
	f[1] = dtt_fetchdesc(DTFS_ARG, 2, DTFK_STRV, 256, DTFE_USER);
	f[2] = dtt_fetchdesc(DTFS_ARG, 1, DTFK_STRV, SMALL, DTFE_USER);
	f[3] = dtt_fetchdesc(DTFS_ARG, 1, DTFK_STRV, 64, 0);
	dtt_child(&c, "dtt-strv", calls, NULL);
	dtt_follow(fd, &c);
	CHECK_OK(dtt_enable(fd, ent, 0));
	CHECK_OK(dtt_fetch(fd, ent, f, 4));
	REQUIRE(dtt_record(fd, 1) == 0, "DTIOCRECORD: %s",
	    dtt_errname(errno));
	dtt_go(&c);
	i = dtt_wait(&c);
	CHECK(i == 0, "the child failed: %d", i);
	CHECK_OK(dtt_record(fd, 0));
	dtt_drain(fd, &eb);
	for (ev = dtt_first(&eb); ev != NULL; ev = dtt_next(&eb, ev)) {
		if (ev->dtev_pid != c.c_pid || ev->dtev_pbn != ent)
			continue;
		ef = dtt_evfetch(ev, 1);
		if (ef == NULL || ef->dtef_len != 4 || memcmp(
		    dt_evt_fetch_data(ef), "N=", 2) != 0) {
			CHECK(0, "an event without its call's envp");
			continue;
		}
		call = dt_evt_fetch_data(ef)[2] - '0';
		CHECK(call >= 0 && call <= 4 && !(seen & (1 << call)),
		    "envp \"%.4s\"", (const char *)dt_evt_fetch_data(ef));
		seen |= 1 << call;
		CHECK(ev->dtev_nfetch == 4, "call %d: %u fetches", call,
		    ev->dtev_nfetch);
		switch (call) {
		case 0:
			expect(ev, 0, 0, "one\0two\0three", 14, "argv");
			expect(ev, 2, DTFR_TRUNC, "one\0two\0thr", SMALL,
			    "argv in 12 bytes");
			expect(ev, 3, DTFR_FAULT, "", 0, "argv as kernel");
			break;
		case 1:
			expect(ev, 0, 0, "", 0, "empty argv");
			expect(ev, 2, 0, "", 0, "empty argv in 12 bytes");
			break;
		case 2:
			expect(ev, 0, DTFR_TRUNC, want, 4 * DTMAXFETCHSTRV,
			    "17 strings");
			expect(ev, 2, DTFR_TRUNC, want, SMALL,
			    "17 strings in 12 bytes");
			break;
		case 3:
			expect(ev, 0, DTFR_FAULT, "ok\0", 4, "a bad pointer");
			break;
		case 4:
			expect(ev, 0, DTFR_FAULT, "", 0, "argv at 16");
			break;
		}
	}
	CHECK(seen == 0x1f, "the child's execve calls seen: %#x, want "
	    "0x1f", seen);
	dtt_evfree(&eb);
	close(fd);
	return dtt_done();
}
