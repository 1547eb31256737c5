/*
 * uprobe probes live as long as a descriptor holds them: each that
 * made or found one (DTIOCPRBUCREATE) or enabled it holds it until it
 * is closed, and the last close frees it and its hold on the file.  A
 * probe two descriptors found survives the first close and still
 * fires; one enabled through another descriptor that never made it
 * survives its maker's close; once no one holds it its id is no
 * longer listed, and a probe made again has a new id, not the old one.  At
 * most DT_UP_MAX (1024) exist at once, but over time there is no
 * limit: once a descriptor holding 1024 is closed, another 1024 on
 * other instructions are made.
 */

#define _GNU_SOURCE

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dtt.h"

#define NCALLS		5
#define UP_MAX		1024	/* dt_prov_uprobe.c's DT_UP_MAX */

__attribute__((noipa)) long
dtt_target(long a)
{
	return a + 1;
}

static void
call_target(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < NCALLS; i++)
		if (dtt_target(i) != i + 1)
			_exit(3);
	_exit(0);
}

int
main(void)
{
	char file[PATH_MAX];
	uint64_t off;
	uint32_t id, id2, ids[UP_MAX + 1];
	size_t n;
	int a, b, c, d, bin, i, made;

	REQUIRE(dtt_fileoff((const void *)dtt_target, &off, file,
	    sizeof(file)) == 0, "dtt_target not in a file mapping");
	REQUIRE((bin = open(file, O_RDONLY)) != -1, "open %s", file);

	/* Two makers: the first close leaves it to the second. */
	a = dtt_open();
	b = dtt_open();
	id = dtt_ucreate(a, "uprobe", bin, off, 0);
	REQUIRE(id != 0, "create: %s", dtt_errname(errno));
	CHECK(dtt_ucreate(b, "uprobe", bin, off, 0) == id,
	    "the second descriptor finds another probe");
	close(a);
	CHECK(dtt_listed(id), "probe %u gone while a descriptor holds it", id);
	CHECK_OK(dtt_enable(b, id, 0));
	n = dtt_fired(b, id, call_target);
	CHECK(n == NCALLS, "%zu events after the first close, want %d", n,
	    NCALLS);
	close(b);
	CHECK(!dtt_listed(id), "probe %u outlives its last descriptor", id);

	/* Made anew: another id.  Enabled elsewhere: held there too. */
	c = dtt_open();
	d = dtt_open();
	id2 = dtt_ucreate(c, "uprobe", bin, off, 0);
	CHECK(id2 != 0 && id2 != id, "made again: id %u, the freed one %u "
	    "(%s)", id2, id, dtt_errname(errno));
	CHECK_OK(dtt_enable(d, id2, 0));
	close(c);
	CHECK(dtt_listed(id2), "probe %u gone while enabled", id2);
	n = dtt_fired(d, id2, call_target);
	CHECK(n == NCALLS, "%zu events after its maker's close, want %d", n,
	    NCALLS);
	CHECK_OK(dtt_disable(d, id2));
	CHECK(dtt_listed(id2), "probe %u gone while its enabler is open", id2);
	close(d);
	CHECK(!dtt_listed(id2), "probe %u outlives its enabler", id2);

	/* At once, the limit holds; its probes go with their descriptor. */
	a = dtt_open();
	for (i = 0, made = 0; i <= UP_MAX; i++) {
		ids[i] = dtt_ucreate(a, "uprobe", bin, i, 0);
		if (ids[i] == 0)
			break;
		made++;
	}
	CHECK(made == UP_MAX && errno == ENOSPC, "%d probes at once, then %s; "
	    "want %d, then ENOSPC", made, dtt_errname(errno), UP_MAX);
	close(a);
	CHECK(made == 0 || !dtt_listed(ids[0]), "probes at once outlive their "
	    "descriptor");

	/* Over time, no limit: as many again, elsewhere in the file. */
	a = dtt_open();
	for (i = 0, made = 0; i < UP_MAX; i++) {
		if (dtt_ucreate(a, "uprobe", bin, UP_MAX + 1 + i, 0) == 0)
			break;
		made++;
	}
	CHECK(made == UP_MAX, "%d probes made after the first %d went, "
	    "then %s; want %d", made, UP_MAX, dtt_errname(errno), UP_MAX);
	close(a);
	close(bin);
	return dtt_done();
}
