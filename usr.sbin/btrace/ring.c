/* SPDX-License-Identifier: ISC */
/*
 * dt(4)'s per-CPU rings mapped and read in place (the ABI is in dt(4),
 * MAPPING THE RINGS): each CPU's events from its tail to its head are
 * handed on as they lie, in at most two segments (before and after the
 * end of the data, where a pad record may stand), and its tail is moved
 * only when they have been taken, at the next ring_take().
 */

#include <sys/mman.h>
#include <sys/ioctl.h>

#include <err.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <dev/dt/dtvar.h>

#include "btrace.h"
#include "dt.h"
#include "ring.h"

struct ring {
	struct dt_mmctl	*r_ctl;
	const char	*r_data;
	uint32_t	 r_size;
	int		 r_cpu;
	uint64_t	 r_taken;	/* tail once the segments are done */
};

static struct ring	*rings;
static size_t		 nrings;
static uint64_t		 nevents;	/* taken, pad records aside */

/*
 * Map every possible CPU's ring; 0 if this kernel cannot (it has no
 * mmap(2) for dt(4)): the caller then reads.
 */
int
ring_map(int fd)
{
	struct dtioc_drops dd;
	struct ring *r;
	long pagesz = sysconf(_SC_PAGESIZE);
	uint32_t cpu;
	void *p;

	memset(&dd, 0, sizeof(dd));
	if (ioctl(fd, DTIOCGDROPS, &dd) == -1 || dd.dtdp_ncpu == 0)
		return 0;
	if ((rings = calloc(dd.dtdp_ncpu, sizeof(*rings))) == NULL)
		err(1, NULL);
	for (cpu = 0; cpu < dd.dtdp_ncpu; cpu++) {
		p = mmap(NULL, pagesz, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		    DTMMAP_CTL(cpu));
		if (p == MAP_FAILED) {
			if (cpu > 0 && errno == ENODEV)
				continue;	/* not a possible CPU */
			if (cpu == 0)
				return 0;
			err(1, "%s: mmap of CPU %u's ring", PATH_DEVDT, cpu);
		}
		r = &rings[nrings];
		r->r_ctl = p;
		r->r_size = r->r_ctl->dtmc_size;
		r->r_cpu = cpu;
		if (r->r_size == 0 || (r->r_size & (r->r_size - 1)) != 0)
			errx(1, "%s: CPU %u's ring has size %u", PATH_DEVDT,
			    cpu, r->r_size);
		p = mmap(NULL, r->r_size, PROT_READ, MAP_SHARED, fd,
		    DTMMAP_DATA(cpu));
		if (p == MAP_FAILED)
			err(1, "%s: mmap of CPU %u's ring data", PATH_DEVDT,
			    cpu);
		r->r_data = p;
		r->r_taken = r->r_ctl->dtmc_tail;
		nrings++;
	}
	if (nrings * 2 > RING_MAXSEGS)
		errx(1, "%s: %zu CPUs, more than btrace reads", PATH_DEVDT,
		    nrings);
	return 1;
}

/* Events taken from the rings: read(2)'s are counted by the kernel. */
uint64_t
ring_nevents(void)
{
	return nevents;
}

int
ring_mapped(void)
{
	return nrings > 0;
}

/* The events taken last are done with: their room goes back. */
void
ring_release(void)
{
	size_t i;

	for (i = 0; i < nrings; i++)
		if (rings[i].r_ctl->dtmc_tail != rings[i].r_taken)
			__atomic_store_n(&rings[i].r_ctl->dtmc_tail,
			    rings[i].r_taken, __ATOMIC_RELEASE);
}

static const struct dt_evt *
record_at(const struct ring *r, uint64_t pos, uint64_t head)
{
	uint32_t off = pos & (r->r_size - 1);
	const struct dt_evt *ev = (const struct dt_evt *)(r->r_data + off);

	if (ev->dtev_len < 8 || ev->dtev_len % 8 != 0 ||
	    ev->dtev_len > r->r_size - off || ev->dtev_len > head - pos ||
	    (ev->dtev_pbn != 0 && ev->dtev_len < sizeof(*ev)))
		errx(1, "%s: CPU %d's ring: bad record of %u bytes at %llu",
		    PATH_DEVDT, r->r_cpu, ev->dtev_len,
		    (unsigned long long)pos);
	return ev;
}

/*
 * What every ring holds now, as segments of whole events (pad records
 * left out); the tails of the last ones taken move first.
 */
size_t
ring_take(struct seg *segs, size_t maxsegs)
{
	const struct dt_evt *ev;
	struct ring *r;
	uint64_t head, pos, start;
	size_t i, n = 0;

	ring_release();
	for (i = 0; i < nrings && n + 2 <= maxsegs; i++) {
		r = &rings[i];
		head = __atomic_load_n(&r->r_ctl->dtmc_head, __ATOMIC_ACQUIRE);
		pos = start = r->r_taken;
		while (pos != head) {
			/* An event that ended the data: a new segment. */
			if (pos != start && (pos & (r->r_size - 1)) == 0) {
				segs[n].s_buf = r->r_data +
				    (start & (r->r_size - 1));
				segs[n++].s_len = pos - start;
				start = pos;
			}
			ev = record_at(r, pos, head);
			if (ev->dtev_pbn == 0) {
				if (pos != start) {
					segs[n].s_buf = r->r_data +
					    (start & (r->r_size - 1));
					segs[n++].s_len = pos - start;
				}
				start = pos + ev->dtev_len;
			} else
				nevents++;
			pos += ev->dtev_len;
		}
		if (pos != start) {
			segs[n].s_buf = r->r_data + (start & (r->r_size - 1));
			segs[n++].s_len = pos - start;
		}
		r->r_taken = pos;
	}
	return n;
}
