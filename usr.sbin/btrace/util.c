/* SPDX-License-Identifier: ISC */
/*
 * Small helpers of every part of btrace(8); see util.h.
 */

#include <err.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

#define ARRAY_MINROOM	16

uint64_t	 start_nsecs;
uint64_t	 wall_offset;

void *
array_room(void *a, size_t n, size_t *capp, size_t size)
{
	size_t cap = *capp;

	if (n < cap)
		return a;
	if (cap > SIZE_MAX / 2)
		return NULL;
	cap = cap < ARRAY_MINROOM ? ARRAY_MINROOM : cap * 2;
	if ((a = reallocarray(a, cap, size)) == NULL)
		return NULL;
	*capp = cap;
	return a;
}

void *
array_grow(void *a, size_t n, size_t *capp, size_t size)
{
	if ((a = array_room(a, n, capp, size)) == NULL)
		err(1, NULL);
	return a;
}

void *
table_reserve(void *a, size_t *np, size_t want, size_t size)
{
	if (want <= *np)
		return a;
	if ((a = reallocarray(a, want, size)) == NULL)
		err(1, NULL);
	memset((char *)a + *np * size, 0, (want - *np) * size);
	*np = want;
	return a;
}

uint64_t
now_nsecs(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

void
clock_start(void)
{
	struct timespec rt, mono;

	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_MONOTONIC, &mono);
	start_nsecs = (uint64_t)mono.tv_sec * 1000000000ULL + mono.tv_nsec;
	wall_offset = ((uint64_t)rt.tv_sec - mono.tv_sec) * 1000000000ULL +
	    rt.tv_nsec - mono.tv_nsec;
}

/* `n' in decimal, at the end of `buf' (U128_STRLEN bytes at least). */
const char *
u128_str(char *buf, size_t len, unsigned __int128 n)
{
	char *p = buf + len;

	*--p = '\0';
	do {
		*--p = '0' + (int)(n % 10);
		n /= 10;
	} while (n != 0 && p > buf);
	return p;
}
