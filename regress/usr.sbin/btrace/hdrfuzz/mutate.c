/* SPDX-License-Identifier: ISC */
/*
 * The mutator of the header fuzzer: a kernel header, broken in a few
 * ways chosen by a seed, the same ones for the same seed everywhere:
 * bytes replaced by what #define lines are made of, inserted or
 * removed, lines duplicated, the file cut short.
 *
 *	mutate SEED IN OUT
 */

#include <err.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../../lib/splitmix.h"

#define MAXLEN	65536

static const char alphabet[] = "#define \t\n\\/*()|&<>~+-_xXuUlL0123456789"
    "ABCDEFabcdef\"'TASK_RUNNING";

int
main(int argc, char *argv[])
{
	static char buf[2 * MAXLEN];
	uint64_t st;
	size_t len, at, n, i, k;
	FILE *f;

	if (argc != 4)
		errx(2, "usage: mutate seed in out");
	st = strtoull(argv[1], NULL, 10);
	if ((f = fopen(argv[2], "r")) == NULL)
		err(2, "%s", argv[2]);
	len = fread(buf, 1, MAXLEN, f);
	fclose(f);
	n = 1 + splitmix64(&st) % 8;
	for (i = 0; i < n && len > 0; i++) {
		at = splitmix64(&st) % len;
		switch (splitmix64(&st) % 5) {
		case 0:		/* a byte replaced */
			buf[at] = alphabet[splitmix64(&st) %
			    (sizeof(alphabet) - 1)];
			break;
		case 1:		/* a byte inserted */
			if (len >= MAXLEN)
				break;
			memmove(buf + at + 1, buf + at, len - at);
			buf[at] = alphabet[splitmix64(&st) %
			    (sizeof(alphabet) - 1)];
			len++;
			break;
		case 2:		/* bytes removed */
			k = 1 + splitmix64(&st) % 16;
			if (k > len - at)
				k = len - at;
			memmove(buf + at, buf + at + k, len - at - k);
			len -= k;
			break;
		case 3:		/* a stretch repeated */
			k = 1 + splitmix64(&st) % 200;
			if (k > len - at)
				k = len - at;
			if (len + k > MAXLEN)
				break;
			memmove(buf + at + k, buf + at, len - at);
			len += k;
			break;
		case 4:		/* cut short */
			len = at;
			break;
		}
	}
	if ((f = fopen(argv[3], "w")) == NULL || fwrite(buf, 1, len, f) !=
	    len || fclose(f) != 0)
		err(2, "%s", argv[3]);
	return 0;
}
