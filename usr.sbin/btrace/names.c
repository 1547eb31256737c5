/* SPDX-License-Identifier: ISC */
/*
 * Name tables (names.h): open addressing with linear probing, kept at
 * most half full.  Closest names by edit distance.
 */

#include <err.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"

struct name_entry {
	const char	*ne_name;	/* NULL: empty slot */
	void		*ne_ptr;
};

static uint64_t
name_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	h ^= h >> 33;
	return h;
}

static struct name_entry *
names_slot(const struct names *t, const char *name)
{
	size_t i = name_hash(name) & t->n_mask;

	while (t->n_tab[i].ne_name != NULL &&
	    strcmp(t->n_tab[i].ne_name, name) != 0)
		i = (i + 1) & t->n_mask;
	return &t->n_tab[i];
}

void *
names_get(const struct names *t, const char *name)
{
	if (t->n_tab == NULL)
		return NULL;
	return names_slot(t, name)->ne_ptr;
}

static void
names_grow(struct names *t)
{
	struct name_entry *old = t->n_tab;
	size_t i, oldsize = old != NULL ? t->n_mask + 1 : 0;

	t->n_mask = oldsize ? oldsize * 2 - 1 : 63;
	if ((t->n_tab = calloc(t->n_mask + 1, sizeof(*t->n_tab))) == NULL)
		err(1, NULL);
	for (i = 0; i < oldsize; i++)
		if (old[i].ne_name != NULL)
			*names_slot(t, old[i].ne_name) = old[i];
	free(old);
}

void
names_put(struct names *t, const char *name, void *ptr)
{
	struct name_entry *e;

	if (t->n_tab == NULL || (t->n_count + 1) * 2 > t->n_mask + 1)
		names_grow(t);
	e = names_slot(t, name);
	if (e->ne_name == NULL)
		t->n_count++;
	e->ne_name = name;
	e->ne_ptr = ptr;
}

void
names_clear(struct names *t)
{
	if (t->n_tab != NULL && t->n_count > 0)
		memset(t->n_tab, 0, (t->n_mask + 1) * sizeof(*t->n_tab));
	t->n_count = 0;
}

void
names_free(struct names *t)
{
	free(t->n_tab);
	t->n_tab = NULL;
	t->n_mask = t->n_count = 0;
}

#define NAME_MAXLEN	64	/* longer words are compared by prefix only */

/*
 * The edit distance of a and b, counting a swap of two neighbours as
 * one edit (optimal string alignment).
 */
static size_t
name_distance(const char *a, const char *b)
{
	size_t d[NAME_MAXLEN + 1][NAME_MAXLEN + 1];
	size_t la = strlen(a), lb = strlen(b), i, j, c, best;

	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			c = a[i - 1] != b[j - 1];
			best = d[i - 1][j - 1] + c;
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[la][lb];
}

const char *
name_closest(const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL, *prefixed = NULL;
	size_t i, d, bestd = 3, len = strlen(word), nprefixed = 0;

	if (len == 0)
		return NULL;
	for (i = 0; i < n; i++) {
		if (strncmp(cands[i], word, len) == 0) {
			prefixed = cands[i];
			nprefixed++;
		}
		if (len > NAME_MAXLEN || strlen(cands[i]) > NAME_MAXLEN)
			continue;
		d = name_distance(word, cands[i]);
		if (d > 0 && d < bestd && d < len) {
			best = cands[i];
			bestd = d;
		}
	}
	if (best != NULL)
		return best;
	return nprefixed == 1 ? prefixed : NULL;
}
