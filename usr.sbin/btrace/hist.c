/* SPDX-License-Identifier: ISC */
/*
 * Histogram buckets: power-of-two for hist(), linear for lhist().
 *
 * hist() buckets are (..., 0), [0], [1], then [2^k, 2^(k+1)) for k >= 1,
 * so that a value always falls in the bucket whose label contains it.
 * lhist() buckets are (..., min), the [lo, hi) steps, then [max, ...).
 */

#include <stdio.h>
#include <string.h>

#include "btrace.h"

#define HIST_NBUCKETS	65		/* < 0, 0, then 2^0 .. 2^62 */
#define BAR_WIDTH	52
#define LABEL_WIDTH	20

/*
 * The [lo, hi) steps of an lhist(), the last one possibly shorter.  The
 * span max - min of int64_t bounds always fits in a uint64_t, and a
 * rounded-up division of it never overflows done this way.
 */
static uint64_t
lhist_steps(const struct gvar *g)
{
	uint64_t span = (uint64_t)g->g_lmax - (uint64_t)g->g_lmin;
	uint64_t step = (uint64_t)g->g_lstep;

	return span / step + (span % step != 0);
}

/* The bounds of step i (1-based) of an lhist(), in a type that holds them. */
static void
lhist_bounds(const struct gvar *g, size_t i, __int128 *lo, __int128 *hi)
{
	*lo = (__int128)g->g_lmin + (__int128)(i - 1) * g->g_lstep;
	*hi = *lo + g->g_lstep;
	if (*hi > g->g_lmax)
		*hi = g->g_lmax;
}

size_t
hist_nbuckets(const struct gvar *g)
{
	switch (g->g_agg) {
	case F_HIST:
		return HIST_NBUCKETS;
	case F_LHIST:
		return lhist_steps(g) + 2;
	default:
		return 0;
	}
}

size_t
hist_index(const struct gvar *g, int64_t v)
{
	if (g->g_agg == F_HIST) {
		if (v < 0)
			return 0;
		if (v == 0)
			return 1;
		return 2 + (63 - __builtin_clzll((uint64_t)v));
	}
	if (v < g->g_lmin)
		return 0;
	if (v >= g->g_lmax)
		return lhist_steps(g) + 1;
	return 1 + ((uint64_t)v - (uint64_t)g->g_lmin) / (uint64_t)g->g_lstep;
}

/* 2^e with a K, M, G, T, P or E suffix at powers of 1024. */
static int
pow2_label(char *buf, size_t len, int e)
{
	if (e < 10)
		return snprintf(buf, len, "%llu", 1ULL << e);
	return snprintf(buf, len, "%llu%c", 1ULL << (e % 10),
	    "KMGTPE"[e / 10 - 1]);
}

static void
bucket_label(char *buf, size_t len, const struct gvar *g, size_t i)
{
	char lo[24], hi[24];
	__int128 l, h;

	if (g->g_agg == F_HIST) {
		if (i == 0)
			snprintf(buf, len, "(..., 0)");
		else if (i == 1)
			snprintf(buf, len, "[0]");
		else if (i == 2)
			snprintf(buf, len, "[1]");
		else {
			pow2_label(lo, sizeof(lo), i - 2);
			pow2_label(hi, sizeof(hi), i - 1);
			snprintf(buf, len, "[%s, %s)", lo, hi);
		}
		return;
	}
	if (i == 0) {
		snprintf(buf, len, "(..., %lld)", (long long)g->g_lmin);
		return;
	}
	if (i == lhist_steps(g) + 1) {
		snprintf(buf, len, "[%lld, ...)", (long long)g->g_lmax);
		return;
	}
	/* Both bounds lie within [min, max], so they fit in int64_t. */
	lhist_bounds(g, i, &l, &h);
	snprintf(buf, len, "[%lld, %lld)", (long long)l, (long long)h);
}

void
hist_print(FILE *fp, const struct gvar *g, const int64_t *b)
{
	char label[96];
	size_t i, first, last, n = hist_nbuckets(g);
	int64_t max = 0;
	int bar, width, digits;

	for (first = 0; first < n && b[first] == 0; first++)
		continue;
	if (first == n)
		return;
	for (last = n - 1; b[last] == 0; last--)
		continue;
	for (i = first; i <= last; i++)
		if (b[i] > max)
			max = b[i];

	for (i = first; i <= last; i++) {
		bucket_label(label, sizeof(label), g, i);
		/* Labels and counts line up; a long label keeps a blank. */
		width = LABEL_WIDTH - (int)strlen(label);
		digits = snprintf(NULL, 0, "%lld", (long long)b[i]);
		if (width < digits + 1)
			width = digits + 1;
		bar = (int)((BAR_WIDTH * (__int128)b[i]) / max);
		fprintf(fp, "%s%*lld |%.*s%*s|\n", label, width,
		    (long long)b[i], bar,
		    "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@",
		    BAR_WIDTH - bar, "");
	}
}

/*
 * [{"min": lo, "max": hi, "count": n}, ...], bounds inclusive: the
 * buckets from the first that counted something to the last, the empty
 * ones between included, as the text shows them and bpftrace prints.
 */
void
hist_print_json(FILE *fp, const struct gvar *g, const int64_t *b)
{
	size_t i, n = hist_nbuckets(g), first, last;
	__int128 lo, hi;

	for (first = 0; first < n && b[first] == 0; first++)
		continue;
	for (last = n; last > first && b[last - 1] == 0; last--)
		continue;
	fputc('[', fp);
	for (i = first; i < last; i++) {
		if (i > first)
			fputs(", ", fp);
		if (g->g_agg == F_HIST) {
			if (i == 0)
				fprintf(fp, "{\"max\": -1, ");
			else if (i <= 2)
				fprintf(fp, "{\"min\": %d, \"max\": %d, ",
				    (int)i - 1, (int)i - 1);
			else
				fprintf(fp, "{\"min\": %llu, \"max\": %llu, ",
				    1ULL << (i - 2), (2ULL << (i - 2)) - 1);
		} else if (i == 0) {
			/* Not reached for min = INT64_MIN: nothing is below. */
			fprintf(fp, "{\"max\": %lld, ",
			    (long long)((__int128)g->g_lmin - 1));
		} else if (i == n - 1) {
			fprintf(fp, "{\"min\": %lld, ", (long long)g->g_lmax);
		} else {
			lhist_bounds(g, i, &lo, &hi);
			fprintf(fp, "{\"min\": %lld, \"max\": %lld, ",
			    (long long)lo, (long long)hi - 1);
		}
		fprintf(fp, "\"count\": %lld}", (long long)b[i]);
	}
	fputc(']', fp);
}
