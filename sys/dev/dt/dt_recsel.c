// SPDX-License-Identifier: ISC OR GPL-2.0
/*
 * dt(4) record selection: the bytes of a trace event's record an
 * enabling asked for (dtrq_recbytes), and copying only those.
 *
 * Why: perf builds the record in a buffer it reuses and writes only the
 * event's fields, so the padding between them, and whatever follows the
 * fields a program reads, holds bytes of earlier records or of other
 * tasks.  No byte reaches userland that the program did not ask for, so
 * each enabling says which bytes it wants and the others read zero.
 */
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "dt_prov.h"

#define DT_RECBYTES	(DTMAXRECWORDS * 8)

/* The u64 mask of byte i of a word, whatever the byte order. */
static u64
dt_recsel_bytemask(unsigned int i)
{
	u8 b[8] = { 0 };
	u64 m;

	b[i] = 0xff;
	memcpy(&m, b, sizeof(m));
	return m;
}

static void
dt_recsel_want(u64 *mask, unsigned int off, unsigned int len)
{
	for (; len > 0; off++, len--)
		mask[off / 8] |= dt_recsel_bytemask(off % 8);
}

/*
 * Build the selection of dtrq from userland's array, read as hostile
 * input; *rsp NULL when nothing of the record is wanted.
 */
int
dt_recsel_make(const struct dtioc_req *dtrq, struct dt_recsel **rsp)
{
	unsigned int len = dtrq->dtrq_reclen, i, nlocs = 0;
	struct dt_recsel *rs;
	u8 *bytes;
	int error = 0;

	*rsp = NULL;
	if (len == 0)
		return dtrq->dtrq_recbytes != 0 ? -EINVAL : 0;
	if (len > DT_RECBYTES)
		return -EINVAL;
	bytes = memdup_user(u64_to_user_ptr(dtrq->dtrq_recbytes), len);
	if (IS_ERR(bytes))
		return PTR_ERR(bytes);
	for (i = 0; i < len && !error; i++) {
		if (bytes[i] > DTRB_RELLOC ||
		    (bytes[i] >= DTRB_DATALOC && i + 4 > len))
			error = -EINVAL;
		else if (bytes[i] >= DTRB_DATALOC)
			nlocs++;
	}
	/* A whole mask array: 2 KB, too much for the stack. */
	rs = error ? NULL : kzalloc(struct_size(rs, rs_mask, DTMAXRECWORDS),
	    GFP_KERNEL);
	if (rs != NULL && nlocs > 0 && (rs->rs_locs = kcalloc(nlocs,
	    sizeof(*rs->rs_locs), GFP_KERNEL)) == NULL) {
		kfree(rs);
		rs = NULL;
	}
	if (rs == NULL) {
		kfree(bytes);
		return error ? error : -ENOMEM;
	}
	for (i = 0; i < len; i++) {
		if (bytes[i] == DTRB_WANT)
			dt_recsel_want(rs->rs_mask, i, 1);
		if (bytes[i] < DTRB_DATALOC)
			continue;
		dt_recsel_want(rs->rs_mask, i, 4);
		rs->rs_locs[rs->rs_nlocs++] = i |
		    (bytes[i] == DTRB_RELLOC ? DT_RECSEL_REL : 0);
	}
	for (i = 0; i < DTMAXRECWORDS; i++)
		if (rs->rs_mask[i] != 0)
			rs->rs_nwords = i + 1;
	kfree(bytes);
	*rsp = rs;
	return 0;
}

void
dt_recsel_free(struct dt_recsel *rs)
{
	if (rs == NULL)
		return;
	kfree(rs->rs_locs);
	kfree(rs);
}

/*
 * Copy the wanted bytes of the record `rec' of `nrec' whole words into
 * `out' (room for DTMAXRECWORDS words), zeroing the others; return the
 * words written, up to the last holding a wanted byte.  A location is
 * read from the record as the kernel wrote it and cut at its end.
 */
unsigned int
dt_recsel_copy(const struct dt_recsel *rs, const u64 *rec, unsigned int nrec,
    u64 *out)
{
	const u8 *recb = (const u8 *)rec;
	unsigned int i, n, off, len, end, reclen;
	u8 *outb = (u8 *)out;
	u32 loc;

	if (rs == NULL)
		return 0;
	nrec = min_t(unsigned int, nrec, DTMAXRECWORDS);
	reclen = nrec * 8;
	n = min(rs->rs_nwords, nrec);
	for (i = 0; i < n; i++)
		out[i] = rec[i] & rs->rs_mask[i];
	for (i = 0; i < rs->rs_nlocs; i++) {
		off = rs->rs_locs[i] & ~DT_RECSEL_REL;
		if (off + 4 > reclen)
			continue;
		memcpy(&loc, recb + off, sizeof(loc));
		len = loc >> 16;
		off = (loc & 0xffff) + ((rs->rs_locs[i] & DT_RECSEL_REL) ?
		    off + 4 : 0);
		if (off >= reclen || len == 0)
			continue;
		len = min(len, reclen - off);
		end = DIV_ROUND_UP(off + len, 8);
		for (; n < end; n++)
			out[n] = 0;
		memcpy(outb + off, recb + off, len);
	}
	return n;
}
