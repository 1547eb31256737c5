/* SPDX-License-Identifier: ISC */
/*
 * The event path: a source of raw events (the live device, dt.c, or a
 * recording, record.c) and a sink that takes them (evaluation, event.c,
 * or a recording being written, record.c), both chosen by btrace.c.
 * Events travel one way, from the source to the sink, in batches: raw
 * events (struct dt_evt) packed as read(2) returns them, in one or more
 * segments (the live source hands each CPU's ring in place, mapped).
 */

#ifndef SOURCE_H
#define SOURCE_H

#include <stddef.h>

#include <dev/dt/dtvar.h>

#include "btrace.h"

enum source_status {
	SRC_BATCH,		/* a batch of events */
	SRC_END,		/* no more events: the sink finishes */
	SRC_STOPPED,		/* stopped by a signal: the sink does not */
};

/* Part of a batch: whole events, packed. */
struct seg {
	const char	*s_buf;
	size_t		 s_len;
};

struct source {
	/*
	 * The next batch of events, or why there is none; the segments
	 * stay valid until the next call.
	 */
	enum source_status (*next)(const struct seg **, size_t *);
	/* The kernel's counters, as they stand or as they were recorded. */
	void		(*counters)(struct dtioc_stat *);
	/* At the end: what the source lost and, with -v, all it counted. */
	void		(*stats)(int, double);
};

struct sink {
	/* The enabling records every argument, not only those read. */
	int		  allargs;
	/* Before the first batch, with the kernel's clock pair, or NULL. */
	void		(*begin)(const struct dtioc_clock *);
	/* Takes a batch; anything but EVAL_OK stops the source. */
	enum eval_status (*batch)(const struct seg *, size_t);
	/* After the last batch, unless the source was stopped. */
	enum eval_status (*end)(void);
};

enum eval_status	 source_drain(const struct source *, const struct sink *);

#endif /* SOURCE_H */
