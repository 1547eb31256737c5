/* SPDX-License-Identifier: ISC */
/*
 * The recording file format (see rec.h): writing stays a header and a
 * write(2) per section, so recording costs little more than reading.
 */

#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <dev/dt/dtvar.h>

#include "rec.h"
#include "util.h"

static int		 recfd = -1;
static const char	*recpath;

static void
write_all(const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len > 0) {
		if ((n = write(recfd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			err(1, "%s", recpath);
		}
		p += n;
		len -= n;
	}
}

void
rec_create(const char *path)
{
	struct rec_hdr h;

	recpath = path;
	if ((recfd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) == -1)
		err(1, "%s", path);
	memset(&h, 0, sizeof(h));
	memcpy(h.rh_magic, REC_MAGIC, sizeof(h.rh_magic));
	h.rh_version = REC_VERSION;
	h.rh_endian = REC_ENDIAN;
	write_all(&h, sizeof(h));
}

/* One section made of two pieces, either of which may be empty. */
void
rec_write(enum rec_type type, const void *a, size_t alen, const void *b,
    size_t blen)
{
	static const char zeros[8];
	struct rec_sec s;
	size_t len = alen + blen;

	memset(&s, 0, sizeof(s));
	s.rs_type = type;
	s.rs_len = len;
	write_all(&s, sizeof(s));
	if (alen > 0)
		write_all(a, alen);
	if (blen > 0)
		write_all(b, blen);
	if (len % 8 != 0)
		write_all(zeros, 8 - len % 8);
}

void
rec_close(void)
{
	if (recfd != -1 && close(recfd) == -1)
		err(1, "%s", recpath);
	recfd = -1;
}

/* A bad recording: "btrace: FILE: offset N: what", exit 1. */
void
rec_fail(const struct rec_file *rf, size_t off, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	errx(1, "%s: offset %zu: %s", rf->rf_path, off, msg);
}

void
rec_open(struct rec_file *rf, const char *path)
{
	struct rec_hdr h;
	struct stat st;
	ssize_t n;
	size_t off = 0;
	int fd;

	memset(rf, 0, sizeof(*rf));
	rf->rf_path = path;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		err(1, "%s", path);
	if (fstat(fd, &st) == -1)
		err(1, "%s", path);
	if (!S_ISREG(st.st_mode))
		errx(1, "%s: not a regular file", path);
	if ((rf->rf_buf = malloc(st.st_size + 1)) == NULL)
		err(1, NULL);
	while (off < (size_t)st.st_size) {
		n = read(fd, rf->rf_buf + off, st.st_size - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			err(1, "%s", path);
		if (n == 0)
			break;
		off += n;
	}
	close(fd);
	rf->rf_len = off;
	if (rf->rf_len < sizeof(h))
		rec_fail(rf, rf->rf_len, "not a btrace recording: %zu bytes, "
		    "shorter than the %zu of the header", rf->rf_len,
		    sizeof(h));
	memcpy(&h, rf->rf_buf, sizeof(h));
	if (memcmp(h.rh_magic, REC_MAGIC, sizeof(h.rh_magic)) != 0)
		rec_fail(rf, offsetof(struct rec_hdr, rh_magic),
		    "not a btrace recording (no magic number)");
	if (h.rh_endian != REC_ENDIAN)
		rec_fail(rf, offsetof(struct rec_hdr, rh_endian),
		    h.rh_endian == __builtin_bswap32(REC_ENDIAN) ?
		    "recorded on a machine of the other byte order" :
		    "bad byte order mark 0x%08x", h.rh_endian);
	if (h.rh_version < REC_VERSION_MIN || h.rh_version > REC_VERSION)
		rec_fail(rf, offsetof(struct rec_hdr, rh_version),
		    "recording version %u, this btrace reads %u to %u",
		    h.rh_version, REC_VERSION_MIN, REC_VERSION);
	rec_rewind(rf);
}

/* Back to the first section. */
void
rec_rewind(struct rec_file *rf)
{
	rf->rf_off = sizeof(struct rec_hdr);
	rf->rf_secoff = rf->rf_off;
}

/*
 * The next section; 0 at the end of the file.  Its contents start at
 * rf_secoff in the file and on an 8-byte boundary in memory.
 */
int
rec_next(struct rec_file *rf, enum rec_type *type, const unsigned char **p,
    size_t *len)
{
	struct rec_sec s;
	size_t left;

	if (rf->rf_off == rf->rf_len)
		return 0;
	left = rf->rf_len - rf->rf_off;
	if (left < sizeof(s))
		rec_fail(rf, rf->rf_off, "truncated: %zu bytes, not a whole "
		    "section header", left);
	memcpy(&s, rf->rf_buf + rf->rf_off, sizeof(s));
	if (s.rs_pad != 0)
		rec_fail(rf, rf->rf_off + offsetof(struct rec_sec, rs_pad),
		    "section header: padding is %u, not 0", s.rs_pad);
	left -= sizeof(s);
	/* The writer pads every section, the last one too. */
	if (s.rs_len > left || ((s.rs_len + 7) & ~(uint64_t)7) > left)
		rec_fail(rf, rf->rf_off + offsetof(struct rec_sec, rs_len),
		    "section of %llu bytes runs past the end of the file "
		    "(%zu bytes left)", (unsigned long long)s.rs_len, left);
	rf->rf_secoff = rf->rf_off + sizeof(s);
	*type = s.rs_type;
	*p = rf->rf_buf + rf->rf_secoff;
	*len = s.rs_len;
	rf->rf_off = rf->rf_secoff + ((s.rs_len + 7) & ~(uint64_t)7);
	if ((uintptr_t)*p % 8 != 0)	/* malloc's alignment, 8-byte steps */
		rec_fail(rf, rf->rf_secoff, "misaligned section");
	return 1;
}

#define WHY(...)	snprintf(why, whylen, __VA_ARGS__)

static int	evt_fetch_check(const struct dt_evt *, size_t, char *, size_t,
		    size_t *);

static int
evt_strs_check(const struct dt_evt *ev, size_t off, char *why, size_t whylen,
    size_t *where)
{
	const struct dt_evt_str *es;
	const char *text;
	int i;

	for (i = 0; i < ev->dtev_nstrs; i++) {
		*where = off;
		if (ev->dtev_len - off < sizeof(*es)) {
			WHY("string %d of %u runs past the end of its event",
			    i + 1, ev->dtev_nstrs);
			return -1;
		}
		es = (const struct dt_evt_str *)((const char *)ev + off);
		text = dt_evt_str_text(es);
		if (es->dtes_argn >= DTMAXFUNCARGS) {
			*where += offsetof(struct dt_evt_str, dtes_argn);
			WHY("string %d: argument %u, not below %d", i + 1,
			    es->dtes_argn, DTMAXFUNCARGS);
			return -1;
		}
		if (es->dtes_flags & ~(DTSTR_TRUNC | DTSTR_FAULT)) {
			*where += offsetof(struct dt_evt_str, dtes_flags);
			WHY("string %d: unknown flags 0x%x", i + 1,
			    es->dtes_flags);
			return -1;
		}
		if (es->dtes_len >= DTMAXSTRLEN || DT_ALIGN(es->dtes_len + 1) >
		    ev->dtev_len - off - sizeof(*es)) {
			*where += offsetof(struct dt_evt_str, dtes_len);
			WHY("string %d: %u bytes run past the end of its "
			    "event", i + 1, es->dtes_len);
			return -1;
		}
		if (es->dtes_pad != 0) {
			*where += offsetof(struct dt_evt_str, dtes_pad);
			WHY("string %d: padding is not 0", i + 1);
			return -1;
		}
		if (text[es->dtes_len] != '\0') {
			*where += sizeof(*es) + es->dtes_len;
			WHY("string %d: no NUL after its %u bytes", i + 1,
			    es->dtes_len);
			return -1;
		}
		off += sizeof(*es) + DT_ALIGN(es->dtes_len + 1);
	}
	return evt_fetch_check(ev, off, why, whylen, where);
}

/* The fetch results after the strings, whole, and nothing after them. */
static int
evt_fetch_check(const struct dt_evt *ev, size_t off, char *why,
    size_t whylen, size_t *where)
{
	const struct dt_evt_fetch *ef;
	size_t size;
	int i;

	for (i = 0; i < ev->dtev_nfetch; i++) {
		*where = off;
		if (ev->dtev_len - off < sizeof(*ef)) {
			WHY("fetch result %d of %u runs past the end of its "
			    "event", i + 1, ev->dtev_nfetch);
			return -1;
		}
		ef = (const struct dt_evt_fetch *)((const char *)ev + off);
		if (ef->dtef_idx >= ev->dtev_nfetch) {
			*where += offsetof(struct dt_evt_fetch, dtef_idx);
			WHY("fetch result %d: fetch %u, not below %u", i + 1,
			    ef->dtef_idx, ev->dtev_nfetch);
			return -1;
		}
		if (ef->dtef_flags & ~(DTFR_TRUNC | DTFR_FAULT | DTFR_STR)) {
			*where += offsetof(struct dt_evt_fetch, dtef_flags);
			WHY("fetch result %d: unknown flags 0x%x", i + 1,
			    ef->dtef_flags);
			return -1;
		}
		size = dt_evt_fetch_size(ef);
		if (ef->dtef_len > DTMAXFETCHLEN ||
		    DT_ALIGN(size) > ev->dtev_len - off - sizeof(*ef)) {
			*where += offsetof(struct dt_evt_fetch, dtef_len);
			WHY("fetch result %d: %u bytes run past the end of its "
			    "event", i + 1, ef->dtef_len);
			return -1;
		}
		if (ef->dtef_pad[0] || ef->dtef_pad[1] || ef->dtef_pad[2]) {
			*where += offsetof(struct dt_evt_fetch, dtef_pad);
			WHY("fetch result %d: padding is not 0", i + 1);
			return -1;
		}
		if ((ef->dtef_flags & DTFR_STR) &&
		    dt_evt_fetch_data(ef)[ef->dtef_len] != '\0') {
			*where += sizeof(*ef) + ef->dtef_len;
			WHY("fetch result %d: no NUL after its %u bytes", i + 1,
			    ef->dtef_len);
			return -1;
		}
		off += sizeof(*ef) + DT_ALIGN(size);
	}
	*where = off;
	if (off != ev->dtev_len) {
		WHY("%zu bytes after the last section of the event",
		    ev->dtev_len - off);
		return -1;
	}
	return 0;
}

/* The counts of an event's sections of words, and the flag each needs. */
static const struct {
	size_t		 off;
	uint32_t	 flag;
	unsigned int	 max;
	const char	*what;
	const char	*flagname;
} evt_counts[] = {
	/* DTMAXFUNCARGS but for trace events: the caller knows the probe. */
	{ offsetof(struct dt_evt, dtev_nargs), DTEVT_FUNCARGS, DTMAXRECWORDS,
	    "arguments", "DTEVT_FUNCARGS" },
	{ offsetof(struct dt_evt, dtev_nkstack), DTEVT_KSTACK,
	    DTMAXSTACKDEPTH, "kernel stack frames", "DTEVT_KSTACK" },
	{ offsetof(struct dt_evt, dtev_nustack), DTEVT_USTACK,
	    DTMAXSTACKDEPTH, "user stack frames", "DTEVT_USTACK" },
};

int
rec_evt_check(const struct dt_evt *ev, size_t room, char *why, size_t whylen,
    size_t *where)
{
	uint32_t known = DTEVT_FLAGS | DTEVT_RETURN;
	size_t i, words;
	unsigned int n;

	*where = 0;
	if (room < sizeof(*ev)) {
		WHY("%zu bytes, not a whole event header", room);
		return -1;
	}
	*where = offsetof(struct dt_evt, dtev_len);
	if (ev->dtev_len < sizeof(*ev) || ev->dtev_len % 8 != 0) {
		WHY("length %u: not a multiple of 8, or less than the %zu of "
		    "the header", ev->dtev_len, sizeof(*ev));
		return -1;
	}
	if (ev->dtev_len > room) {
		WHY("length %u: more than the %zu bytes left", ev->dtev_len,
		    room);
		return -1;
	}
	*where = offsetof(struct dt_evt, dtev_flags);
	if (ev->dtev_flags & ~known) {
		WHY("unknown event flags 0x%x", ev->dtev_flags & ~known);
		return -1;
	}
	for (i = 0; i < nitems(evt_counts); i++) {
		n = *((const uint8_t *)ev + evt_counts[i].off);
		*where = evt_counts[i].off;
		if (n > evt_counts[i].max) {
			WHY("%u %s, more than %u", n, evt_counts[i].what,
			    evt_counts[i].max);
			return -1;
		}
		if (n > 0 && !(ev->dtev_flags & evt_counts[i].flag)) {
			WHY("%u %s without %s", n, evt_counts[i].what,
			    evt_counts[i].flagname);
			return -1;
		}
	}
	*where = offsetof(struct dt_evt, dtev_nstrs);
	if (ev->dtev_nstrs > DTMAXSTRS) {
		WHY("%u strings, more than %d", ev->dtev_nstrs, DTMAXSTRS);
		return -1;
	}
	*where = offsetof(struct dt_evt, dtev_comm);
	if (memchr(ev->dtev_comm, '\0', sizeof(ev->dtev_comm)) == NULL) {
		WHY("command name without a NUL");
		return -1;
	}
	*where = offsetof(struct dt_evt, dtev_nfetch);
	if (ev->dtev_nfetch > DTMAXFETCH) {
		WHY("%u fetch results, more than %d", ev->dtev_nfetch,
		    DTMAXFETCH);
		return -1;
	}
	*where = offsetof(struct dt_evt, dtev_pad1);
	if (ev->dtev_pad1 != 0) {
		WHY("padding is not 0");
		return -1;
	}
	*where = offsetof(struct dt_evt, dtev_pad);
	if (ev->dtev_pad != 0) {
		WHY("padding is not 0");
		return -1;
	}
	words = (size_t)ev->dtev_nargs + ev->dtev_nkstack + ev->dtev_nustack;
	*where = offsetof(struct dt_evt, dtev_nargs);
	if (words * sizeof(uint64_t) > ev->dtev_len - sizeof(*ev)) {
		WHY("%zu words of arguments and stacks run past the end of "
		    "an event of %u bytes", words, ev->dtev_len);
		return -1;
	}
	return evt_strs_check(ev, sizeof(*ev) + words * sizeof(uint64_t),
	    why, whylen, where);
}
