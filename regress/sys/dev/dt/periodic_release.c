/*
 * profile, interval and counter probes made on demand go when no
 * descriptor holds them, as kprobe and uprobe ones do: made on one
 * descriptor and found on another, they are listed until the last is
 * closed, and made again they have new ids; the limit of such probes
 * is at once, not over time (300 made and dropped in turn, more than
 * either provider's limit of 256).  The static profile:hz:97 and
 * interval:hz:1 stay after a descriptor that enabled them is closed.
 */

#define _GNU_SOURCE

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dtt.h"

#define NPROBES	3
#define NTURNS	300

static const char *const probes[NPROBES][3] = {
	{ "interval", "ms", "123" },
	{ "profile", "hz", "77" },
	{ "software", "page-faults", "77" },
};

int
main(void)
{
	uint32_t ids[NPROBES], st[2], id;
	char count[16];
	int a, b, i, made = 0;

	a = dtt_open();
	b = dtt_open();
	for (i = 0; i < NPROBES; i++) {
		ids[i] = dtt_create(a, probes[i][0], probes[i][1],
		    probes[i][2]);
		REQUIRE(ids[i] != 0, "%s:%s:%s: %s", probes[i][0],
		    probes[i][1], probes[i][2], dtt_errname(errno));
		CHECK(dtt_create(b, probes[i][0], probes[i][1],
		    probes[i][2]) == ids[i], "%s: another probe found",
		    probes[i][0]);
	}
	st[0] = dtt_probe(a, "profile", "hz", "97");
	st[1] = dtt_probe(a, "interval", "hz", "1");
	REQUIRE(st[0] != 0 && st[1] != 0, "no static profile, interval");
	CHECK_OK(dtt_enable_period(b, st[0], 0, 10000000));
	CHECK_OK(dtt_enable_period(b, st[1], 0, 10000000));
	close(b);
	for (i = 0; i < NPROBES; i++)
		CHECK(dtt_listed(ids[i]), "%s: not listed while held",
		    probes[i][0]);
	close(a);
	for (i = 0; i < NPROBES; i++)
		CHECK(!dtt_listed(ids[i]), "%s: listed after the last close",
		    probes[i][0]);
	CHECK(dtt_listed(st[0]) && dtt_listed(st[1]),
	    "a static probe went with its enabling");

	a = dtt_open();
	for (i = 0; i < NPROBES; i++) {
		id = dtt_create(a, probes[i][0], probes[i][1], probes[i][2]);
		CHECK(id != 0 && id != ids[i], "%s made again: id %u, was %u",
		    probes[i][0], id, ids[i]);
	}
	close(a);

	for (i = 0; i < NTURNS; i++) {
		a = dtt_open();
		snprintf(count, sizeof(count), "%d", 1000 + i);
		if (dtt_create(a, "interval", "us", count) != 0 &&
		    dtt_create(a, "software", "cs", count) != 0)
			made++;
		close(a);
	}
	CHECK(made == NTURNS, "%d of %d made in turn", made, NTURNS);
	return dtt_done();
}
