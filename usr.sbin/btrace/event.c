/* SPDX-License-Identifier: ISC */
/*
 * The event path's middle: batches of raw events from a source are put
 * in timestamp order, converted into the evaluator's events and handed
 * to the rules of their probes (probes.c dispatches).
 */

#include <err.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btrace.h"
#include "desc.h"
#include "event.h"
#include "probes.h"
#include "syms.h"
#include "util.h"

void
evt_walk(const char *buf, size_t len, const char *where,
    void (*fn)(const struct dt_evt *, void *), void *arg)
{
	const struct dt_evt *d;
	size_t off;

	for (off = 0; off + sizeof(*d) <= len; off += d->dtev_len) {
		d = (const struct dt_evt *)(buf + off);
		if (d->dtev_len < sizeof(*d) || d->dtev_len > len - off ||
		    d->dtev_len % 8 != 0)
			errx(1, "%s: malformed event at offset %zu", where,
			    off);
		fn(d, arg);
	}
}

/*
 * An event of a probe on many kernel functions: func is the one that
 * fired, by its address, and probe names it as a probe of its own
 * (kprobe:vfs_read:entry for kprobe:vfs_*:entry).
 */
static void
event_func(struct bt_event *e, const struct dtprobe *p, uint64_t pc)
{
	static char func[DTNAMESIZE], probe[3 * DTNAMESIZE + 3];
	struct ksym sym;

	if (ksyms_lookup(kernel_syms, pc, &sym, NULL) == 0)
		snprintf(func, sizeof(func), "%s", sym.ks_name);
	else
		snprintf(func, sizeof(func), "0x%llx", (unsigned long long)pc);
	snprintf(probe, sizeof(probe), "%s:%s:%s", p->kp.kp_prov, func,
	    p->kp.kp_name);
	e->ev_func = func;
	e->ev_probe = probe;
}

/*
 * A trace event's fields from its record (DTPI_RECORD), the user strings
 * the kernel copied found by the word of their pointer.
 */
static void
event_fields(const struct dt_evt *d, const struct dtprobe *p,
    struct bt_event *e)
{
	const char *ustrs[DTMAXFUNCARGS] = { NULL };
	const struct dt_evt_str *es;
	int i;

	es = d->dtev_nstrs > 0 ? dt_evt_str_first(d) : NULL;
	for (i = 0; i < d->dtev_nstrs; i++) {
		if (es->dtes_argn < DTMAXFUNCARGS)
			ustrs[es->dtes_argn] = dt_evt_str_text(es);
		es = dt_evt_str_next(es);
	}
	tracefs_decode(p->fmt, (const uint64_t *)dt_evt_args(d),
	    d->dtev_nargs, ustrs, e->ev_args, e->ev_argstr, BT_NARGS);
}

/*
 * The evaluator's view of raw event d, in e: every field is stored, so
 * that e need not be cleared first, except ev_argstr, which the caller
 * keeps all NULL between events (event_unconvert()), and the arguments
 * past *nargs, the number the last event stored, which are 0.  Returns
 * d's probe.
 */
static const struct dtprobe *
event_convert(const struct dt_evt *d, struct bt_event *e, int *nargs)
{
	static struct dtprobe none;
	const struct dt_evt_str *es;
	const struct dtprobe *p;
	const __u64 *args;
	int i, n;

	if ((p = probe_get(d->dtev_pbn)) == NULL)
		p = &none;
	e->ev_pbn = d->dtev_pbn;
	e->ev_probe = p->fullname;
	e->ev_pid = d->dtev_pid;
	e->ev_tid = d->dtev_tid;
	e->ev_ppid = d->dtev_ppid;
	e->ev_uid = d->dtev_uid;
	e->ev_gid = d->dtev_gid;
	e->ev_cpu = d->dtev_cpu;
	/* The kernel pads the name with NULs: a copy of words. */
	memcpy(e->ev_comm, d->dtev_comm, DTMAXCOMLEN);
	e->ev_comm[DTMAXCOMLEN < BT_COMMLEN ? DTMAXCOMLEN : BT_COMMLEN] = '\0';
	e->ev_nsecs = d->dtev_tsp;
	e->ev_argnames = p->argnamev;
	e->ev_nargnames = p->nargnames < BT_NARGS ? p->nargnames : BT_NARGS;
	args = dt_evt_args(d);
	if (p->fmt != NULL) {
		event_fields(d, p, e);
		i = p->fmt->fm_nfields;
	} else {
		for (i = 0; i < d->dtev_nargs && i < BT_NARGS; i++) {
			switch (p->argwidth[i]) {
			case ARG_S32:
				e->ev_args[i] = (int32_t)args[i];
				break;
			case ARG_U32:
				e->ev_args[i] = (uint32_t)args[i];
				break;
			default:
				e->ev_args[i] = args[i];
			}
		}
	}
	for (n = i; i < *nargs; i++)
		e->ev_args[i] = 0;
	*nargs = n;
	e->ev_func = p->kp.kp_func;
	if ((i = probe_funcarg(p)) >= 0 && i < d->dtev_nargs)
		event_func(e, p, args[i]);
	if (d->dtev_flags & DTEVT_RETURN) {
		e->ev_retval = d->dtev_retval;
		e->ev_errno = d->dtev_errno;
	} else {
		e->ev_retval = 0;
		e->ev_errno = 0;
	}
	e->ev_kpc = (const uint64_t *)dt_evt_kstack(d);
	e->ev_nkpc = d->dtev_nkstack;
	e->ev_upc = (const uint64_t *)dt_evt_ustack(d);
	e->ev_nupc = d->dtev_nustack;
	/* Kernel data: the kernel's fetches are the probe's, in order. */
	e->ev_nfetch = d->dtev_nfetch <= p->nfetch ? d->dtev_nfetch : 0;
	e->ev_fetch = e->ev_nfetch > 0 ? dt_evt_fetch_first(d) : NULL;
	e->ev_fetchsite = p->fetchsite;
	e->ev_usdt = p->usdt;
	es = d->dtev_nstrs > 0 ? dt_evt_str_first(d) : NULL;
	for (i = 0; p->fmt == NULL && i < d->dtev_nstrs; i++) {
		if (es->dtes_argn < BT_NARGS)
			e->ev_argstr[es->dtes_argn] = dt_evt_str_text(es);
		es = dt_evt_str_next(es);
	}
	return p;
}

/* Back to no strings, as event_convert() wants e; p is d's probe. */
static void
event_unconvert(const struct dt_evt *d, const struct dtprobe *p,
    struct bt_event *e)
{
	if (d->dtev_nstrs > 0 || p->fmt != NULL)
		memset(e->ev_argstr, 0, sizeof(e->ev_argstr));
}

/* Time order; events of one instant in the order they lie. */
static int
evt_before(const struct dt_evt *a, const struct dt_evt *b)
{
	if (a->dtev_tsp != b->dtev_tsp)
		return a->dtev_tsp < b->dtev_tsp;
	return a < b;
}

/*
 * Sort by evt_before().  A batch is a few runs already in order (one per
 * CPU, and the events held back), so the runs found are merged pairwise:
 * a pass over the events per doubling of the runs, not a comparison sort
 * that ignores them.  `tmp' holds n pointers.
 */
static void
evt_sort(const struct dt_evt **v, const struct dt_evt **tmp, size_t n)
{
	const struct dt_evt **src = v, **dst = tmp, **t;
	size_t i, a, b, end, o, nruns;

	for (;;) {
		nruns = 0;
		for (i = 0; i < n; i = end) {
			/* Two runs from i: [i, a) and [a, end). */
			for (a = i + 1; a < n && !evt_before(src[a], src[a - 1]);
			    a++)
				continue;
			for (end = a; end < n && (end == a ||
			    !evt_before(src[end], src[end - 1])); end++)
				continue;
			nruns++;
			for (o = i, b = a; i < a || b < end; o++) {
				if (b == end || (i < a &&
				    !evt_before(src[b], src[i])))
					dst[o] = src[i++];
				else
					dst[o] = src[b++];
			}
		}
		t = src;
		src = dst;
		dst = t;
		if (nruns <= 1)
			break;
	}
	if (src != v)
		memcpy(v, src, n * sizeof(*v));
}

/*
 * Events are evaluated in timestamp order.  Each CPU's ring comes out in
 * order, but one read(2) returns the rings one after the other, and a
 * CPU's next events may be older than another CPU's last ones.  So the
 * events of a batch are sorted together with those held back from the
 * previous one, and only those no newer than the oldest "latest event"
 * of the CPUs in this batch are evaluated: every CPU that wrote since
 * has caught up to there.  The rest wait for the next batch, or for the
 * end.
 */
static char			*held;		/* events held back, packed */
static size_t			 heldlen;

struct order {
	const struct dt_evt	**evs;
	const struct dt_evt	**tmp;		/* evt_sort()'s */
	size_t			  n, cap, tmpcap;
	uint64_t		 *cpumax;	/* latest + 1 by CPU, or NULL */
	size_t			  ncpumax;
};

static void
collect(const struct dt_evt *d, void *arg)
{
	struct order *o = arg;

	GROW(o->evs, o->n, o->cap);
	o->evs[o->n++] = d;
	if (o->cpumax != NULL && d->dtev_cpu < o->ncpumax &&
	    d->dtev_tsp + 1 > o->cpumax[d->dtev_cpu])
		o->cpumax[d->dtev_cpu] = d->dtev_tsp + 1;
}

/* The events of a batch (or with `final' all held) to their rules. */
static enum eval_status
eval_events(const struct seg *segs, size_t nseg, int final)
{
	static struct order o;
	static uint64_t cpumax[1024];
	static struct bt_event e;	/* ev_argstr all NULL between events */
	static int nargs;		/* e's arguments not 0 */
	const struct dtprobe *p;
	const struct dt_evt *d;
	enum eval_status st = EVAL_OK;
	uint64_t safe = UINT64_MAX;
	char *keep = NULL;
	size_t i, keeplen = 0, len = 0;

	memset(cpumax, 0, sizeof(cpumax));
	o.n = 0;
	o.cpumax = NULL;
	evt_walk(held, heldlen, "held events", collect, &o);
	o.cpumax = cpumax;
	o.ncpumax = nitems(cpumax);
	for (i = 0; i < nseg; i++) {
		evt_walk(segs[i].s_buf, segs[i].s_len, "event batch", collect,
		    &o);
		len += segs[i].s_len;
	}
	if (o.n > 1) {		/* evs is NULL until there is an event */
		if (o.tmpcap < o.cap) {
			free(o.tmp);
			if ((o.tmp = calloc(o.cap, sizeof(*o.tmp))) == NULL)
				err(1, NULL);
			o.tmpcap = o.cap;
		}
		evt_sort(o.evs, o.tmp, o.n);
	}
	if (!final)
		for (i = 0; i < nitems(cpumax); i++)
			if (cpumax[i] != 0 && cpumax[i] - 1 < safe)
				safe = cpumax[i] - 1;

	for (i = 0; i < o.n; i++) {
		d = o.evs[i];
		if (d->dtev_tsp > safe) {
			/* Newer than some CPU has caught up to: later. */
			if (keep == NULL && (keep = malloc(heldlen + len)) ==
			    NULL)
				err(1, NULL);
			memcpy(keep + keeplen, d, d->dtev_len);
			keeplen += d->dtev_len;
			continue;
		}
		if (st != EVAL_OK)
			continue;
		/*
		 * User symbols must be read while the process lives (a
		 * replay finds only the recorded ones).
		 */
		if (d->dtev_nustack > 0)
			usyms_get(d->dtev_pid);
		if (!dispatch_wanted(d->dtev_pbn))
			continue;
		p = event_convert(d, &e, &nargs);
		st = dispatch_event(&e);
		event_unconvert(d, p, &e);
	}
	free(held);
	held = keep;
	heldlen = keeplen;
	/* What this batch printed goes out now; a failed output stops. */
	if (out_flush() == -1 && st == EVAL_OK)
		st = EVAL_EXIT;
	return st;
}

static enum eval_status
eval_batch(const struct seg *segs, size_t nseg)
{
	return eval_events(segs, nseg, 0);
}

static enum eval_status
eval_end(void)
{
	return eval_events(NULL, 0, 1);
}

const struct sink	eval_sink = { 0, NULL, eval_batch, eval_end };

/* Everything a source has, to a sink, until either says stop. */
enum eval_status
source_drain(const struct source *src, const struct sink *sink)
{
	enum source_status ss;
	enum eval_status st;
	const struct seg *segs;
	size_t nseg;

	while ((ss = src->next(&segs, &nseg)) == SRC_BATCH)
		if ((st = sink->batch(segs, nseg)) != EVAL_OK)
			return st;
	return ss == SRC_END ? sink->end() : EVAL_OK;
}
