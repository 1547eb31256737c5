/* SPDX-License-Identifier: ISC */
/*
 * Name tables (names.h): open addressing with linear probing, kept at
 * most half full.
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
