/* SPDX-License-Identifier: ISC */
/*
 * Name tables: a string to a pointer, in constant time, for the names a
 * program declares (global and local variables), however many; and the
 * closest of a list of names, for messages.
 */

#ifndef NAMES_H
#define NAMES_H

#include <stddef.h>

struct name_entry;

struct names {
	struct name_entry	*n_tab;
	size_t			 n_mask;	/* table size - 1, or 0 */
	size_t			 n_count;
};

/* The pointer stored under `name', or NULL. */
void	*names_get(const struct names *, const char *);
/* Store `ptr' (not NULL) under `name', which must stay valid. */
void	 names_put(struct names *, const char *, void *);
/* Forget every name, keeping the table for reuse. */
void	 names_clear(struct names *);
/* Forget every name and free the table. */
void	 names_free(struct names *);

/*
 * For "did you mean": the candidate closest to `word', if close enough
 * to be a likely misspelling (at most two letters inserted, deleted,
 * changed or swapped, and fewer than in the word), or the only one that
 * `word' starts, else NULL.
 */
const char	*name_closest(const char *, const char *const *, size_t);

#endif /* NAMES_H */
