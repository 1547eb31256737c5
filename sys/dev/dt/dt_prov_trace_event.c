// SPDX-License-Identifier: ISC OR GPL-2.0
/*
 * dt(4) trace events: tracepoint:SYSTEM:EVENT for every trace event of
 * the running kernel (tracefs' available_events), made on demand, the
 * records written by the kernel's own trace event machinery.
 *
 * Why perf: each trace event already has a perf back end that builds
 * the event's record (the bytes its tracefs format describes, syscalls
 * included) and hands it to every perf event attached, as a raw sample.
 * A kernel-side perf counter of type PERF_TYPE_TRACEPOINT, one per
 * online CPU, sampling every hit, with our overflow handler, receives
 * that record with no code of ours per event.  The handler passes the
 * record to the core as the event's argument words (DTPI_RECORD in
 * dtvar.h), of which each enabling gets only the bytes it asked for
 * (dt_recsel.c); userland decodes the fields from the format file.
 *
 * The counters exist only while the probe is enabled somewhere (its
 * dtp_priv: an array of nr_cpu_ids counters, NULL otherwise); while
 * they exist the kernel holds a reference on the event (and the module
 * that defines it).  Creating a probe only checks that the event
 * exists, so nothing stays attached to a probe nobody enables.
 * trace_get_event_file() does not find the events ftrace keeps for
 * itself (ftrace:function and the like), so none traces dt's own code.
 *
 * Limits: CPUs brought online after the probe was enabled are not
 * covered; records longer than DTMAXRECWORDS words are cut.
 */
#include <linux/cpu.h>
#include <linux/ctype.h>
#include <linux/err.h>
#include <linux/perf_event.h>
#include <linux/slab.h>
#include <linux/trace_events.h>

#include "dt_prov.h"

#define DT_TPEV_MAX	8192	/* trace event probes created, in all */

static unsigned int dt_ntpevs;

static void
dt_tpev_overflow(struct perf_event *event, struct perf_sample_data *data,
    struct pt_regs *regs)
{
	struct dt_probe *dtp = event->overflow_handler_context;
	struct perf_raw_record *raw;
	struct dt_fire df = { .df_regs = regs };

	if (!dt_probe_enabled(dtp) || !(data->sample_flags & PERF_SAMPLE_RAW))
		return;
	raw = data->raw;
	if (raw == NULL || raw->frag.data == NULL)
		return;
	/*
	 * perf builds records 8-byte aligned in a buffer of its own, zeroed
	 * up to the end of their last word: the whole words are readable.
	 */
	df.df_args = raw->frag.data;
	df.df_nargs = DIV_ROUND_UP(raw->frag.size, sizeof(u64));
	dt_probe_fire(dtp, &df);
}

/* SYSTEM and EVENT as tracefs spells them: letters, digits, '_'. */
static bool
dt_tpev_nameok(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!isalnum(*s) && *s != '_')
			return false;
	return true;
}

/* The perf type id of SYSTEM:EVENT now, or -ENOENT. */
static int
dt_tpev_id(const char *system, const char *event)
{
	struct trace_event_file *file;
	int id;

	file = trace_get_event_file(NULL, system, event);
	if (IS_ERR(file))
		return PTR_ERR(file) == -EINVAL ? -ENOENT : PTR_ERR(file);
	id = file->event_call->event.type;
	trace_put_event_file(file);
	return id;
}

int
dt_tpev_create(const struct dt_provider *dtpv, const char *system,
    const char *event, struct dt_probe **dtpp)
{
	struct dt_probe *dtp;
	int id;

	if (!dt_tpev_nameok(system) || !dt_tpev_nameok(event))
		return -EINVAL;
	if (dt_ntpevs >= DT_TPEV_MAX)
		return -ENOSPC;
	id = dt_tpev_id(system, event);
	if (id < 0)
		return id;
	dtp = dt_probe_alloc(dtpv, system, event, 0, NULL);
	if (dtp == NULL)
		return -ENOMEM;
	dtp->dtp_flags = DTPI_RECORD;
	dt_ntpevs++;
	*dtpp = dtp;
	return 0;
}

static void
dt_tpev_release(struct dt_probe *dtp)
{
	struct perf_event **events = dtp->dtp_priv;
	unsigned int cpu;

	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		if (events[cpu] != NULL)
			perf_event_release_kernel(events[cpu]);
	kfree(events);
	dtp->dtp_priv = NULL;
}

/*
 * The event is looked up again by name: its id may have changed since
 * the probe was made, if the module defining it was reloaded.
 */
int
dt_tpev_enable(struct dt_probe *dtp)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_TRACEPOINT,
		.size = sizeof(attr),
		.sample_period = 1,
		.sample_type = PERF_SAMPLE_RAW,
	};
	struct perf_event **events, *ev;
	unsigned int cpu;
	int id, error = 0;

	id = dt_tpev_id(dtp->dtp_func, dtp->dtp_name);
	if (id < 0)
		return id;
	attr.config = id;
	events = kcalloc(nr_cpu_ids, sizeof(*events), GFP_KERNEL);
	if (events == NULL)
		return -ENOMEM;
	dtp->dtp_priv = events;
	/*
	 * Not under cpus_read_lock(): that orders the hotplug lock before
	 * event_mutex, while registering a tracepoint takes it under
	 * tracepoints_mutex (lockdep reports the cycle).  perf fails a CPU
	 * that went offline meanwhile with ENODEV: not counted.
	 */
	for_each_online_cpu(cpu) {
		ev = perf_event_create_kernel_counter(&attr, cpu, NULL,
		    dt_tpev_overflow, dtp);
		if (IS_ERR(ev) && PTR_ERR(ev) == -ENODEV && !cpu_online(cpu))
			continue;
		if (IS_ERR(ev)) {
			error = PTR_ERR(ev);
			break;
		}
		events[cpu] = ev;
	}
	if (error)
		dt_tpev_release(dtp);
	return error;
}

/*
 * Releasing a counter unhooks it from the event; a handler still
 * running on another CPU only reads the probe, which lives until
 * unload, and the core waits for such handlers before freeing any
 * enabling.
 */
void
dt_tpev_disable(struct dt_probe *dtp)
{
	dt_tpev_release(dtp);
}
