/*
 * The recording file format (see rec.h): writing stays a header and a
 * write(2) per section, so recording costs little more than reading.
 */

#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rec.h"

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
		errx(1, "%s: not a btrace recording (too short)", path);
	memcpy(&h, rf->rf_buf, sizeof(h));
	if (memcmp(h.rh_magic, REC_MAGIC, sizeof(h.rh_magic)) != 0)
		errx(1, "%s: not a btrace recording", path);
	if (h.rh_endian != REC_ENDIAN)
		errx(1, "%s: recorded on a machine of the other byte order",
		    path);
	if (h.rh_version != REC_VERSION)
		errx(1, "%s: recording version %u, this btrace reads %u",
		    path, h.rh_version, REC_VERSION);
	rf->rf_off = sizeof(h);
}

/* The next section; 0 at the end of the file. */
int
rec_next(struct rec_file *rf, enum rec_type *type, const unsigned char **p,
    size_t *len)
{
	struct rec_sec s;
	size_t padded;

	if (rf->rf_off == rf->rf_len)
		return 0;
	if (rf->rf_len - rf->rf_off < sizeof(s))
		errx(1, "%s: truncated at offset %zu", rf->rf_path,
		    rf->rf_off);
	memcpy(&s, rf->rf_buf + rf->rf_off, sizeof(s));
	rf->rf_off += sizeof(s);
	if (s.rs_len > rf->rf_len - rf->rf_off)
		errx(1, "%s: section at offset %zu runs past the end",
		    rf->rf_path, rf->rf_off - sizeof(s));
	padded = (s.rs_len + 7) & ~(uint64_t)7;
	if (padded > rf->rf_len - rf->rf_off)
		padded = rf->rf_len - rf->rf_off;
	*type = s.rs_type;
	*p = rf->rf_buf + rf->rf_off;
	*len = s.rs_len;
	rf->rf_off += padded;
	return 1;
}
