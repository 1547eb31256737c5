/*
 * profile_rates: periodic providers create one probe per rate
 * (interval:ms:100, profile:hz:99, ...), each with its own id, firing
 * at the period its name says; a bad unit, count or a period outside
 * [DTMINNSECS, DTMAXNSECS] is EINVAL; created probes take no period
 * from their enablings.  Two interval probes of one descriptor, at
 * 100 ms and 300 ms, each fire at their own rate.
 */

#define _GNU_SOURCE

#include <stdio.h>
#include <string.h>

#include "dtt.h"

static const char *const badrates[][2] = {
	{ "ms", "0" },		/* zero */
	{ "ms", "0100" },	/* leading zero: one name per rate */
	{ "ms", "+100" },
	{ "ms", "100 " },
	{ "ms", "1e2" },
	{ "ms", "-1" },
	{ "hz", "10001" },	/* 99,990 ns: under DTMINNSECS */
	{ "us", "99" },
	{ "s", "61" },		/* over DTMAXNSECS */
	{ "ms", "60001" },
	{ "s", "18446744073709551617" },	/* overflows 64 bits */
	{ "hz", "99999999999999999999999" },
	{ "min", "1" },		/* no such unit */
	{ "Hz", "99" },
};

static void
creation(int fd, const char *prov)
{
	uint32_t id, id2, stat;
	size_t i;

	for (i = 0; i < sizeof(badrates) / sizeof(badrates[0]); i++) {
		errno = 0;
		id = dtt_create(fd, prov, badrates[i][0], badrates[i][1]);
		CHECK(id == 0 && errno == EINVAL, "%s:%s:%s: %s, want EINVAL",
		    prov, badrates[i][0], badrates[i][1],
		    id ? "created" : dtt_errname(errno));
	}
	/* The bounds themselves are accepted. */
	CHECK(dtt_create(fd, prov, "hz", "10000") != 0, "%s:hz:10000: %s",
	    prov, dtt_errname(errno));
	CHECK(dtt_create(fd, prov, "us", "100") != 0, "%s:us:100: %s",
	    prov, dtt_errname(errno));
	CHECK(dtt_create(fd, prov, "s", "60") != 0, "%s:s:60: %s", prov,
	    dtt_errname(errno));

	id = dtt_probe_create(fd, prov, "ms", "100");
	id2 = dtt_probe_create(fd, prov, "s", "1");
	CHECK(id != id2, "%s: ms:100 and s:1 share id %u", prov, id);
	CHECK(dtt_probe_create(fd, prov, "ms", "100") == id,
	    "%s:ms:100 created twice", prov);
	CHECK(dtt_probe(fd, prov, "ms", "100") == id, "%s:ms:100 not listed "
	    "under its id", prov);
	CHECK(dtt_probe_flags(fd, id) == 0, "%s:ms:100 flags %#x", prov,
	    dtt_probe_flags(fd, id));

	/* A created probe has its period; the static one takes one. */
	CHECK_ERRNO(dtt_enable_period(fd, id, 0, 10000000), EINVAL);
	CHECK_OK(dtt_enable_period(fd, id, 0, 0));
	CHECK_OK(dtt_disable(fd, id));
	stat = dtt_probe_create(fd, prov, "hz", strcmp(prov, "profile") ?
	    "1" : "97");
	CHECK(dtt_probe_flags(fd, stat) == DTPI_RATE, "%s static probe "
	    "flags %#x", prov, dtt_probe_flags(fd, stat));
	CHECK_ERRNO(dtt_enable_period(fd, stat, 0, 0), EINVAL);
}

/* Events of probe id in eb. */
static unsigned int
count(const struct dtt_evbuf *eb, uint32_t id)
{
	const struct dt_evt *ev;
	unsigned int n = 0;

	for (ev = dtt_first(eb); ev != NULL; ev = dtt_next(eb, ev))
		if (ev->dtev_pbn == id)
			n++;
	return n;
}

static void
two_rates(int fd)
{
	struct dtt_evbuf eb;
	struct dtioc_stat st;
	uint32_t fast, slow;
	unsigned int nfast, nslow;
	uint64_t t0, t1, ms;

	fast = dtt_probe_create(fd, "interval", "ms", "100");
	slow = dtt_probe_create(fd, "interval", "ms", "300");
	CHECK_OK(dtt_enable(fd, fast, 0));
	CHECK_OK(dtt_enable(fd, slow, 0));
	t0 = dtt_now();
	CHECK_OK(dtt_record(fd, 1));
	dtt_sleep(1250);
	CHECK_OK(dtt_record(fd, 0));
	t1 = dtt_now();
	dtt_drain(fd, &eb);
	CHECK_OK(dtt_stats(fd, &st));
	ms = (t1 - t0) / 1000000;
	nfast = count(&eb, fast);
	nslow = count(&eb, slow);
	printf("%llu ms: %u at 100 ms, %u at 300 ms, %llu ticks skipped\n",
	    (unsigned long long)ms, nfast, nslow,
	    (unsigned long long)st.dtst_skiptick);
	/* Timers never fire early; late ones skip, and are counted. */
	CHECK(nfast <= ms / 100 && nslow <= ms / 300,
	    "too many ticks for %llu ms: %u at 100 ms, %u at 300 ms",
	    (unsigned long long)ms, nfast, nslow);
	CHECK(nslow >= 1, "no tick at 300 ms in %llu ms",
	    (unsigned long long)ms);
	CHECK(nfast + st.dtst_skiptick >= 12 - 1 && nfast > nslow,
	    "%u ticks at 100 ms (%llu skipped) and %u at 300 ms in at "
	    "least 1250 ms", nfast, (unsigned long long)st.dtst_skiptick,
	    nslow);
	dtt_evfree(&eb);
	CHECK_OK(dtt_disable(fd, fast));
	CHECK_OK(dtt_disable(fd, slow));
}

int
main(void)
{
	int fd;

	fd = dtt_open();
	creation(fd, "profile");
	creation(fd, "interval");
	two_rates(fd);
	close(fd);
	return dtt_done();
}
