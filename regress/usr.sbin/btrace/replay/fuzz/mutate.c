/* SPDX-License-Identifier: ISC */
/*
 * The mutator of the recording fuzzer: a recording, broken in a few
 * ways chosen by a seed, the same ones for the same seed everywhere.
 *
 *	mutate SEED IN OUT
 *
 * Besides blind changes (truncation, bit flips, bytes and words set to
 * boundary values, bytes inserted or removed), it walks the sections
 * and events of the file as btrace does and smashes their headers and
 * counts, and copies, drops or swaps whole sections, so that most
 * mutants get past the first check to the ones behind it.  A third of
 * the mutants change only what events say (pids, times, arguments,
 * frames, text), so that they pass every check and reach the program.
 */

#include <err.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dev/dt/dtvar.h>

#include "../../../../lib/splitmix.h"

#include "rec.h"

#define MAXSECS	4096

static unsigned char	*buf;
static size_t		 len, cap;
static uint64_t		 rng;

static uint64_t
next(void)
{
	return splitmix64(&rng);
}

static size_t
below(size_t n)
{
	return n == 0 ? 0 : next() % n;
}

/* Values at the edges of what the checks allow. */
static uint64_t
boundary(void)
{
	static const uint64_t v[] = {
		0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 15, 16, 63, 64, 79, 80, 81,
		126, 127, 128, 200, 255, 256, 1023, 1024, 1025, 4096, 65535,
		65536, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ULL,
		0x7fffffffffffffffULL, 0x8000000000000000ULL, UINT64_MAX,
		UINT64_MAX - 7,
	};
	uint64_t x = v[below(sizeof(v) / sizeof(v[0]))];

	return below(4) == 0 ? x + below(17) - 8 : x;
}

static void
put(size_t off, uint64_t v, size_t width)
{
	if (off + width > len)
		return;
	switch (width) {
	case 1: buf[off] = v; break;
	case 2: { uint16_t x = v; memcpy(buf + off, &x, 2); break; }
	case 4: { uint32_t x = v; memcpy(buf + off, &x, 4); break; }
	default: memcpy(buf + off, &v, 8); break;
	}
}

static uint64_t
get(size_t off, size_t width)
{
	uint64_t v = 0;

	if (off + width <= len)
		memcpy(&v, buf + off, width);	/* little-endian hosts */
	return v;
}

/* The sections as far as they are well formed: header offsets. */
static size_t	secs[MAXSECS], nsecs;

static void
walk(void)
{
	struct rec_sec s;
	size_t off = sizeof(struct rec_hdr);

	nsecs = 0;
	while (off + sizeof(s) <= len && nsecs < MAXSECS) {
		memcpy(&s, buf + off, sizeof(s));
		if (s.rs_len > len - off - sizeof(s))
			break;
		secs[nsecs++] = off;
		off += sizeof(s) + ((s.rs_len + 7) & ~7ULL);
	}
}

static size_t
seclen(size_t i)
{
	return get(secs[i] + offsetof(struct rec_sec, rs_len), 8);
}

static size_t
secend(size_t i)
{
	return secs[i] + sizeof(struct rec_sec) + ((seclen(i) + 7) & ~7ULL);
}

/* Make room for n bytes at off, or close n bytes there (n < 0). */
static void
splice(size_t off, long n)
{
	if (n > 0) {
		if (len + n > cap)
			return;
		memmove(buf + off + n, buf + off, len - off);
		memset(buf + off, 0, n);
	} else {
		if (off + (size_t)-n > len)
			return;
		memmove(buf + off, buf + off - n, len - off + n);
	}
	len += n;
}

static void
m_truncate(void)
{
	walk();
	if (nsecs > 0 && below(2))	/* near a section's start */
		len = secs[below(nsecs)] + below(24);
	else
		len = below(len);
}

static void
m_bitflip(void)
{
	size_t i, n = 1 + below(8), off;

	for (i = 0; i < n && len > 0; i++) {
		off = below(len);
		if (off < sizeof(struct rec_hdr) && below(16) != 0)
			continue;	/* mostly past the header */
		buf[off] ^= 1U << below(8);
	}
}

static void
m_word(void)
{
	static const size_t widths[] = { 1, 2, 4, 8 };
	size_t w = widths[below(4)], off;

	if (len <= sizeof(struct rec_hdr) + w)
		return;
	off = sizeof(struct rec_hdr) + below(len - sizeof(struct rec_hdr));
	off &= ~(w - 1);
	put(off, boundary(), w);
}

static void
m_header(void)
{
	static const size_t fields[] = {
		offsetof(struct rec_hdr, rh_magic),
		offsetof(struct rec_hdr, rh_version),
		offsetof(struct rec_hdr, rh_endian),
	};

	put(fields[below(3)] + (below(2) ? 0 : below(4)), boundary(),
	    below(2) ? 1 : 4);
}

static void
m_section(void)
{
	size_t i, h;

	walk();
	if (nsecs == 0)
		return;
	i = below(nsecs);
	h = secs[i];
	switch (below(4)) {
	case 0:
		put(h + offsetof(struct rec_sec, rs_type), boundary() % 10, 4);
		break;
	case 1:
		put(h + offsetof(struct rec_sec, rs_pad), boundary(), 4);
		break;
	case 2:
		put(h + offsetof(struct rec_sec, rs_len), boundary(), 8);
		break;
	default:	/* a little shorter or longer */
		put(h + offsetof(struct rec_sec, rs_len), seclen(i) +
		    below(33) - 16, 8);
		break;
	}
}

/* Copy, drop or swap whole sections. */
static void
m_shuffle(void)
{
	size_t i, j, a, b, n;
	unsigned char *tmp;

	walk();
	if (nsecs == 0)
		return;
	i = below(nsecs);
	a = secs[i];
	n = secend(i) - a;
	switch (below(3)) {
	case 0:		/* copy section i to where section j starts */
		j = below(nsecs + 1);
		b = j < nsecs ? secs[j] : len;
		if ((tmp = malloc(n)) == NULL)
			err(1, NULL);
		memcpy(tmp, buf + a, n);
		splice(b, n);
		if (b + n <= len)
			memcpy(buf + b, tmp, n);
		free(tmp);
		break;
	case 1:
		splice(a, -(long)n);
		break;
	default:	/* swap with the next */
		if (i + 1 >= nsecs)
			return;
		b = secend(i + 1) - secs[i + 1];
		if ((tmp = malloc(n + b)) == NULL)
			err(1, NULL);
		memcpy(tmp, buf + secs[i + 1], b);
		memcpy(tmp + b, buf + a, n);
		memcpy(buf + a, tmp, n + b);
		free(tmp);
		break;
	}
}

static void
m_bytes(void)
{
	size_t off = below(len + 1), n = 1 + below(16), i;

	if (below(2)) {
		splice(off, n);
		for (i = 0; i < n && off + i < len; i++)
			buf[off + i] = next();
	} else
		splice(off, -(long)(n < len - off ? n : len - off));
}

/* The offset of an event of an events section, picked at random; 0 if none. */
static size_t
pick_event(void)
{
	static size_t evs[4096];
	size_t nev = 0, i, off, end;
	uint32_t elen;

	walk();
	for (i = 0; i < nsecs && nev < 4096; i++) {
		if (get(secs[i], 4) != REC_EVENTS)
			continue;
		off = secs[i] + sizeof(struct rec_sec);
		end = off + seclen(i);
		while (off + sizeof(struct dt_evt) <= end && nev < 4096) {
			evs[nev++] = off;
			elen = get(off, 4);
			if (elen < sizeof(struct dt_evt) || elen % 8 != 0)
				break;
			off += elen;
		}
	}
	return nev == 0 ? 0 : evs[below(nev)];
}

/*
 * What an event says rather than how it is laid out: the values of its
 * header, argument words, stack frames and string text, changed so that
 * the event stays well formed and reaches the program.
 */
static void
m_values(void)
{
	static const size_t fields[] = {
		offsetof(struct dt_evt, dtev_cpu),
		offsetof(struct dt_evt, dtev_pid),
		offsetof(struct dt_evt, dtev_tid),
		offsetof(struct dt_evt, dtev_ppid),
		offsetof(struct dt_evt, dtev_uid),
		offsetof(struct dt_evt, dtev_gid),
		offsetof(struct dt_evt, dtev_tsp),
		offsetof(struct dt_evt, dtev_retval),
		offsetof(struct dt_evt, dtev_errno),
	};
	size_t e, words, off, slen, f;

	if ((e = pick_event()) == 0)
		return;
	words = get(e + offsetof(struct dt_evt, dtev_nargs), 1) +
	    get(e + offsetof(struct dt_evt, dtev_nkstack), 1) +
	    get(e + offsetof(struct dt_evt, dtev_nustack), 1);
	switch (below(4)) {
	case 0:
		f = fields[below(sizeof(fields) / sizeof(fields[0]))];
		put(e + f, boundary(), f == offsetof(struct dt_evt, dtev_tsp) ||
		    f == offsetof(struct dt_evt, dtev_retval) ? 8 : 4);
		break;
	case 1:		/* an argument or a frame */
		if (words > 0)
			put(e + sizeof(struct dt_evt) + below(words) * 8,
			    below(2) ? boundary() : get(e + sizeof(struct
			    dt_evt) + below(words) * 8, 8) + below(64), 8);
		break;
	case 2:		/* a byte of the command name, not its NUL */
		off = e + offsetof(struct dt_evt, dtev_comm);
		if (buf[off] != '\0')
			buf[off + below(strnlen((char *)buf + off,
			    DTMAXCOMLEN - 1))] = 1 + below(255);
		break;
	default:	/* a byte of the first string, not its NUL */
		if (get(e + offsetof(struct dt_evt, dtev_nstrs), 1) == 0)
			break;
		off = e + sizeof(struct dt_evt) + words * 8;
		slen = get(off + offsetof(struct dt_evt_str, dtes_len), 2);
		if (slen > 0 && off + sizeof(struct dt_evt_str) + slen <= len)
			buf[off + sizeof(struct dt_evt_str) + below(slen)] =
			    1 + below(255);
		break;
	}
}

/* An event of an events section, and its fields. */
static void
m_event(void)
{
	static const struct {
		size_t	off, width;
	} fields[] = {
		{ offsetof(struct dt_evt, dtev_len), 4 },
		{ offsetof(struct dt_evt, dtev_pbn), 4 },
		{ offsetof(struct dt_evt, dtev_cpu), 4 },
		{ offsetof(struct dt_evt, dtev_flags), 4 },
		{ offsetof(struct dt_evt, dtev_pid), 4 },
		{ offsetof(struct dt_evt, dtev_nargs), 1 },
		{ offsetof(struct dt_evt, dtev_nkstack), 1 },
		{ offsetof(struct dt_evt, dtev_nustack), 1 },
		{ offsetof(struct dt_evt, dtev_nstrs), 1 },
		{ offsetof(struct dt_evt, dtev_tsp), 8 },
		{ offsetof(struct dt_evt, dtev_comm), 1 },
		{ offsetof(struct dt_evt, dtev_retval), 8 },
		{ offsetof(struct dt_evt, dtev_errno), 4 },
	};
	size_t i, off, e, words;

	if ((e = pick_event()) == 0)
		return;
	if (below(3) != 0) {
		i = below(sizeof(fields) / sizeof(fields[0]));
		if (fields[i].off == offsetof(struct dt_evt, dtev_comm))
			memset(buf + e + fields[i].off, 'A', DTMAXCOMLEN);
		else if (fields[i].width == 1 && below(2))
			put(e + fields[i].off, get(e + fields[i].off, 1) +
			    below(5) - 2, 1);
		else
			put(e + fields[i].off, boundary(), fields[i].width);
		return;
	}
	/* The first string of the event, if it has one. */
	if (get(e + offsetof(struct dt_evt, dtev_nstrs), 1) == 0)
		return;
	words = get(e + offsetof(struct dt_evt, dtev_nargs), 1) +
	    get(e + offsetof(struct dt_evt, dtev_nkstack), 1) +
	    get(e + offsetof(struct dt_evt, dtev_nustack), 1);
	off = e + sizeof(struct dt_evt) + words * 8;
	switch (below(4)) {
	case 0:
		put(off + offsetof(struct dt_evt_str, dtes_len), boundary(), 2);
		break;
	case 1:
		put(off + offsetof(struct dt_evt_str, dtes_len),
		    get(off + offsetof(struct dt_evt_str, dtes_len), 2) +
		    below(17) - 8, 2);
		break;
	case 2:
		put(off + offsetof(struct dt_evt_str, dtes_argn), boundary(),
		    1);
		break;
	default:	/* its NUL */
		put(off + sizeof(struct dt_evt_str) +
		    get(off + offsetof(struct dt_evt_str, dtes_len), 2), 'x',
		    1);
		break;
	}
}

/* A probe section's description or argument table. */
static void
m_probe(void)
{
	size_t pr[MAXSECS], npr = 0, i, p, nai;

	walk();
	for (i = 0; i < nsecs; i++)
		if (get(secs[i], 4) == REC_PROBE)
			pr[npr++] = i;
	if (npr == 0)
		return;
	i = pr[below(npr)];
	p = secs[i] + sizeof(struct rec_sec);
	nai = seclen(i) < sizeof(struct dtioc_probe_info) ? 0 :
	    (seclen(i) - sizeof(struct dtioc_probe_info)) /
	    sizeof(struct dtioc_arg_info);
	switch (below(5)) {
	case 0:
		put(p + offsetof(struct dtioc_probe_info, dtpi_pbn),
		    below(2) ? boundary() : get(p, 4) + below(5) - 2, 4);
		break;
	case 1:
		put(p + offsetof(struct dtioc_probe_info, dtpi_nargs),
		    boundary(), 1);
		break;
	case 2:
		memset(buf + p + offsetof(struct dtioc_probe_info, dtpi_prov) +
		    below(3) * DTNAMESIZE, below(2) ? 0 : 'p', DTNAMESIZE);
		break;
	default:
		if (nai == 0)
			return;
		p += sizeof(struct dtioc_probe_info) + below(nai) *
		    sizeof(struct dtioc_arg_info);
		if (below(2))
			put(p + offsetof(struct dtioc_arg_info, dtai_argn),
			    boundary(), 1);
		else if (below(2))
			put(p + offsetof(struct dtioc_arg_info, dtai_pbn),
			    boundary(), 4);
		else
			memcpy(buf + p + offsetof(struct dtioc_arg_info,
			    dtai_argtype), below(2) ? "char *" : "int", 7);
		break;
	}
}

/* A line of a symbol section: its text smashed. */
static void
m_symbols(void)
{
	static const char *junk[] = {
		" ", "\t", "\n", "pid 0", "pid 99999999999", "map ", "map 0 0 0 ",
		"ffffffffffffffffff ", "t", "[", "]", "\t[m]", "0 1 x", "g",
	};
	size_t sy[MAXSECS], nsy = 0, i, p, n, off;
	const char *j;

	walk();
	for (i = 0; i < nsecs; i++)
		if (get(secs[i], 4) == REC_KSYMS || get(secs[i], 4) ==
		    REC_USYMS)
			sy[nsy++] = i;
	if (nsy == 0)
		return;
	i = sy[below(nsy)];
	p = secs[i] + sizeof(struct rec_sec);
	n = seclen(i);
	if (n == 0)
		return;
	off = p + below(n);
	j = junk[below(sizeof(junk) / sizeof(junk[0]))];
	if (off + strlen(j) <= p + n)
		memcpy(buf + off, j, strlen(j));
}

/*
 * The bytes [off, off + n) of section i become the string s: the
 * section's length and padding follow.
 */
static void
replace(size_t i, size_t off, size_t n, const char *s)
{
	size_t slen = strlen(s), old = seclen(i), content, newlen;

	if (len + slen + 8 > cap)
		return;
	content = secs[i] + sizeof(struct rec_sec);
	splice(content + old, -(long)(((old + 7) & ~(size_t)7) - old));
	if (slen > n)
		splice(off + n, (long)(slen - n));
	else
		splice(off + slen, -(long)(n - slen));
	memcpy(buf + off, s, slen);
	newlen = old - n + slen;
	put(secs[i] + offsetof(struct rec_sec, rs_len), newlen, 8);
	splice(content + newlen, (long)(((newlen + 7) & ~(size_t)7) -
	    newlen));
}

/*
 * The format of a trace event (REC_FORMAT): its probe id, or a line of
 * its text made another field line, well formed or not, of every kind
 * and at odd offsets and sizes (most pass the checks and reach the
 * decoding of records), or junk in the text.
 */
static void
m_format(void)
{
	static const char *types[] = {
		"int", "unsigned int", "long", "char", "const char *",
		"__data_loc char[]", "__rel_loc char[]", "__data_loc u8[]",
		"char", "u64", "unsigned long", "pid_t", "bool", "u8",
	};
	static const char *names[] = {
		"filename", "x", "comm[16]", "data[4096]", "a[0]", "common_x",
		"n", "", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		"aaaaaaaaaaaaaaaaaaaa",
	};
	static const char *junk[] = {
		"\n", "\t", ";", "field:", "offset:", "print fmt:", "format:\n",
		"name: ", "\0", "size:99999999999999999999;",
	};
	size_t fs[MAXSECS], nfs = 0, i, p, n, a, b;
	char line[256];
	const char *j;

	walk();
	for (i = 0; i < nsecs; i++)
		if (get(secs[i], 4) == REC_FORMAT)
			fs[nfs++] = i;
	if (nfs == 0)
		return;
	i = fs[below(nfs)];
	p = secs[i] + sizeof(struct rec_sec);
	n = seclen(i);
	if (n < sizeof(struct rec_format) + 1)
		return;
	switch (below(4)) {
	case 0:
		put(p, below(2) ? boundary() : below(12), 4);
		return;
	case 1:		/* junk at a random place */
		j = junk[below(sizeof(junk) / sizeof(junk[0]))];
		a = p + sizeof(struct rec_format) + below(n -
		    sizeof(struct rec_format));
		replace(i, a, 0, j[0] == '\0' ? "" : j);
		if (j[0] == '\0' && a < len)
			buf[a] = '\0';
		return;
	default:	/* a field line made another */
		break;
	}
	/* The start and the end of a line with "field:". */
	for (a = p + sizeof(struct rec_format) + below(n -
	    sizeof(struct rec_format)); a > p && buf[a - 1] != '\n'; a--)
		;
	for (b = a; b < p + n && buf[b] != '\n'; b++)
		;
	if (b == p + n || b - a < 7 || memcmp(buf + a, "\tfield:", 7) != 0)
		return;
	snprintf(line, sizeof(line), "\tfield:%s %s;\toffset:%llu;\tsize:%llu;"
	    "\tsigned:%d;", types[below(sizeof(types) / sizeof(types[0]))],
	    names[below(sizeof(names) / sizeof(names[0]))],
	    below(3) ? (unsigned long long)below(2048) :
	    (unsigned long long)boundary(), below(3) ?
	    (unsigned long long)1 << below(5) : (unsigned long long)boundary(),
	    (int)below(3));
	replace(i, a, b - a, line);
}

static void (*const mutations[])(void) = {
	m_truncate, m_bitflip, m_bitflip, m_word, m_word, m_header,
	m_section, m_section, m_shuffle, m_bytes, m_event, m_event, m_event,
	m_probe, m_probe, m_symbols, m_format, m_format,
};

int
main(int argc, char *argv[])
{
	FILE *fp;
	unsigned char *orig;
	size_t i, n, extra = 1 << 16, origlen;
	char *end;
	int tries;

	if (argc != 4)
		errx(2, "usage: mutate seed in out");
	rng = strtoull(argv[1], &end, 10);
	if (*end != '\0')
		errx(2, "%s: not a seed", argv[1]);
	if ((fp = fopen(argv[2], "rb")) == NULL)
		err(1, "%s", argv[2]);
	if (fseek(fp, 0, SEEK_END) == -1 || (cap = ftell(fp)) == (size_t)-1)
		err(1, "%s", argv[2]);
	rewind(fp);
	cap += extra;
	if ((buf = calloc(1, cap)) == NULL)
		err(1, NULL);
	len = fread(buf, 1, cap - extra, fp);
	fclose(fp);

	if ((orig = malloc(len + 1)) == NULL)
		err(1, NULL);
	memcpy(orig, buf, len);
	origlen = len;
	/* Until it differs: a mutation may find nothing to change. */
	for (tries = 0; tries < 16 && len == origlen &&
	    memcmp(buf, orig, len) == 0; tries++) {
		/* A third stay well formed, to reach the program. */
		if (below(3) == 0) {
			n = 1 + below(8);
			for (i = 0; i < n; i++)
				m_values();
		} else {
			n = 1 + below(4);
			for (i = 0; i < n && len > 0; i++)
				mutations[below(sizeof(mutations) /
				    sizeof(mutations[0]))]();
		}
	}
	free(orig);

	if ((fp = fopen(argv[3], "wb")) == NULL)
		err(1, "%s", argv[3]);
	if (fwrite(buf, 1, len, fp) != len || fclose(fp) == EOF)
		err(1, "%s", argv[3]);
	return 0;
}
