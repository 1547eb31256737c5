/*
 * trace_event_load: a trace event probe (syscalls:sys_enter_openat,
 * with its filename copied) is enabled, recorded and taken away in a
 * loop while another process opens files as fast as it can: every round
 * sees its events, and alternate rounds end by disabling the probe or by
 * closing the descriptor while it records.  Afterwards the kernel's log
 * must be clean (dt/kernel_log).
 *
 * A second descriptor keeps the curated raw_syscalls:sys_enter enabled
 * throughout, so that the kernel's sys_enter tracepoint stays on and the
 * rounds add and remove perf's handler without patching kernel text:
 * under qemu's multi-threaded TCG, patching text that another virtual
 * CPU runs can hang the guest, whoever patches (see module_reload).
 */

#define _GNU_SOURCE

#include <sys/syscall.h>

#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "dtt.h"

#define NROUNDS	20

int
main(void)
{
	struct dtt_evbuf eb;
	struct dt_evt *ev;
	const struct dt_evt_str *es;
	uint32_t raw, ent;
	pid_t hammer;
	size_t n;
	int keep, fd, round, bad;

	keep = dtt_open();
	raw = dtt_probe(keep, "tracepoint", "raw_syscalls", "sys_enter");
	REQUIRE(dtt_enable(keep, raw, 0) == 0, "enable sys_enter: %s",
	    dtt_errname(errno));
	hammer = dtt_hammer();
	for (round = 0; round < NROUNDS; round++) {
		fd = dtt_open();
		ent = dtt_probe_create(fd, "tracepoint", "syscalls",
		    "sys_enter_openat");
		/* The filename is at offset 24: word 3. */
		CHECK_OK(dtt_enable_str(fd, ent, DTEVT_FUNCARGS, 1U << 3, 0));
		CHECK_OK(dtt_record(fd, 1));
		dtt_sleep(50);
		if (round % 2 == 1) {
			close(fd);	/* while recording and firing */
			continue;
		}
		CHECK_OK(dtt_record(fd, 0));
		dtt_drain(fd, &eb);
		n = bad = 0;
		for (ev = dtt_first(&eb); ev != NULL; ev = dtt_next(&eb, ev)) {
			if (ev->dtev_pbn != ent || ev->dtev_pid != hammer)
				continue;
			n++;
			es = dtt_evstr(ev, 3);
			if (es == NULL || strcmp(dt_evt_str_text(es),
			    "/nonexistent/dtt") != 0)
				bad++;
		}
		CHECK(n > 0, "round %d: no sys_enter_openat events", round);
		CHECK(bad == 0, "round %d: %d of %zu events without the "
		    "filename", round, bad, n);
		dtt_evfree(&eb);
		CHECK_OK(dtt_disable(fd, ent));	/* the hammer still runs */
		close(fd);
	}
	dtt_reap(hammer);
	close(keep);
	return dtt_done();
}
