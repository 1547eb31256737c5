/* SPDX-License-Identifier: ISC */
/*
 * pngstat: what a screenshot shows, in numbers, so that a test can tell
 * a drawn picture from a blank one.  Reads an 8-bit RGB or RGBA PNG
 * (as Chromium writes them) and prints
 *	WIDTHxHEIGHT COLOURS colours PERCENT% not background
 * where COLOURS is the number of distinct colours and the background is
 * the most common one.  Exit 1 with a message for anything else.
 */

#include <err.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define MAXBYTES	(256 * 1024 * 1024)
#define NSLOTS		(1U << 20)	/* colour set, open hashing */

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static unsigned char *
slurp(const char *path, size_t *lenp)
{
	unsigned char *b = NULL;
	size_t len = 0, cap = 0, n;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL)
		err(1, "%s", path);
	for (;;) {
		if (len == cap) {
			cap = cap * 2 + 65536;
			if (cap > MAXBYTES)
				errx(1, "%s: too large", path);
			if ((b = realloc(b, cap)) == NULL)
				err(1, NULL);
		}
		if ((n = fread(b + len, 1, cap - len, fp)) == 0)
			break;
		len += n;
	}
	fclose(fp);
	*lenp = len;
	return b;
}

static int
paeth(int a, int b, int c)
{
	int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);

	if (pa <= pb && pa <= pc)
		return a;
	return pb <= pc ? b : c;
}

int
main(int argc, char *argv[])
{
	static uint32_t set[NSLOTS];
	static uint64_t cnt[NSLOTS];
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r',
	    '\n', 0x1a, '\n' };
	unsigned char *f, *idat = NULL, *raw, *row, *prev;
	size_t flen, off = 8, ilen = 0, bpp, stride, x, y;
	uint32_t w = 0, h = 0, clen, c, slot;
	uint64_t ncol = 0, best = 0, total;
	uLongf rawlen;
	int ctype = -1, a, b, cc;

	if (argc != 2)
		errx(2, "usage: pngstat file.png");
	f = slurp(argv[1], &flen);
	if (flen < 8 || memcmp(f, sig, 8) != 0)
		errx(1, "%s: not a PNG file", argv[1]);
	while (off + 12 <= flen) {
		clen = be32(f + off);
		if (clen > flen - off - 12)
			errx(1, "%s: chunk at %zu overruns the file", argv[1],
			    off);
		if (memcmp(f + off + 4, "IHDR", 4) == 0 && clen >= 13) {
			w = be32(f + off + 8);
			h = be32(f + off + 12);
			if (f[off + 16] != 8 || (f[off + 17] != 2 &&
			    f[off + 17] != 6) || f[off + 20] != 0)
				errx(1, "%s: not 8-bit RGB(A), not interlaced",
				    argv[1]);
			ctype = f[off + 17];
		} else if (memcmp(f + off + 4, "IDAT", 4) == 0) {
			if ((idat = realloc(idat, ilen + clen + 1)) == NULL)
				err(1, NULL);
			memcpy(idat + ilen, f + off + 8, clen);
			ilen += clen;
		}
		off += 12 + (size_t)clen;
	}
	if (ctype == -1 || w == 0 || h == 0 || w > 16384 || h > 16384 ||
	    idat == NULL)
		errx(1, "%s: no image", argv[1]);
	bpp = ctype == 6 ? 4 : 3;
	stride = (size_t)w * bpp;
	rawlen = (stride + 1) * h;
	if ((raw = malloc(rawlen)) == NULL)
		err(1, NULL);
	if (uncompress(raw, &rawlen, idat, ilen) != Z_OK ||
	    rawlen != (stride + 1) * h)
		errx(1, "%s: bad image data", argv[1]);

	prev = NULL;
	for (y = 0; y < h; y++) {
		row = raw + y * (stride + 1) + 1;
		for (x = 0; x < stride; x++) {
			a = x >= bpp ? row[x - bpp] : 0;
			b = prev != NULL ? prev[x] : 0;
			cc = x >= bpp && prev != NULL ? prev[x - bpp] : 0;
			switch (row[-1]) {
			case 0:
				break;
			case 1:
				row[x] += a;
				break;
			case 2:
				row[x] += b;
				break;
			case 3:
				row[x] += (a + b) / 2;
				break;
			case 4:
				row[x] += paeth(a, b, cc);
				break;
			default:
				errx(1, "%s: bad filter %d", argv[1], row[-1]);
			}
		}
		for (x = 0; x < w; x++) {
			c = (uint32_t)row[x * bpp] << 16 |
			    (uint32_t)row[x * bpp + 1] << 8 | row[x * bpp + 2];
			slot = (c * 2654435761U) & (NSLOTS - 1);
			while (cnt[slot] != 0 && set[slot] != c)
				slot = (slot + 1) & (NSLOTS - 1);
			if (cnt[slot]++ == 0) {
				set[slot] = c;
				ncol++;
			}
			if (cnt[slot] > best)
				best = cnt[slot];
		}
		prev = row;
	}
	total = (uint64_t)w * h;
	printf("%ux%u %llu colours %.1f%% not background\n", w, h,
	    (unsigned long long)ncol, 100.0 * (double)(total - best) /
	    (double)total);
	return 0;
}
