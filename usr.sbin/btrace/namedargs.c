/* SPDX-License-Identifier: ISC */
/*
 * The program's named arguments: --name or --name=value among the
 * words after the program, as bpftrace takes them, read by
 * getopt("name"[, default]) when the program is checked.  The other
 * words stay positional ($1, $2, ...).  A named argument no getopt()
 * reads is an error, so that a misspelt one is not silently ignored.
 */

#include <err.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "btrace.h"

struct namedarg {
	const char	*na_word;	/* as given, for messages */
	const char	*na_name;
	size_t		 na_namelen;
	const char	*na_value;	/* NULL for a bare --name */
	int		 na_read;	/* some getopt() read it */
};

static struct namedarg	*nargs;
static size_t		 nnargs;

/*
 * Moves the named arguments out of argv, keeping the positional ones
 * in order; a first "--" only separates them from btrace's options.
 * Returns how many positional ones are left.
 */
int
namedargs_take(int argc, char **argv)
{
	struct namedarg *na;
	const char *w, *eq;
	int i, kept = 0;

	if ((nargs = calloc(argc > 0 ? argc : 1, sizeof(*nargs))) == NULL)
		err(1, NULL);
	for (i = 0; i < argc; i++) {
		w = argv[i];
		if (i == 0 && strcmp(w, "--") == 0)
			continue;
		if (strncmp(w, "--", 2) != 0 || w[2] == '\0' || w[2] == '=') {
			argv[kept++] = argv[i];
			continue;
		}
		na = &nargs[nnargs++];
		na->na_word = w;
		na->na_name = w + 2;
		if ((eq = strchr(w, '=')) != NULL) {
			na->na_namelen = eq - na->na_name;
			na->na_value = eq + 1;
		} else
			na->na_namelen = strlen(na->na_name);
	}
	return kept;
}

static struct namedarg *
namedarg_find(const char *name)
{
	struct namedarg *na, *found = NULL;
	size_t i;

	/* The last one given wins, as with options. */
	for (i = 0; i < nnargs; i++) {
		na = &nargs[i];
		if (na->na_namelen == strlen(name) &&
		    strncmp(na->na_name, name, na->na_namelen) == 0) {
			na->na_read = 1;
			found = na;
		}
	}
	return found;
}

/*
 * getopt(name): 1 if --name or --name=true|1 was given, 0 if it was not
 * or was --name=false|0.  Returns NULL, or why the value is not one.
 */
const char *
namedargs_bool(const char *name, int64_t *v)
{
	struct namedarg *na;

	*v = 0;
	if ((na = namedarg_find(name)) == NULL)
		return NULL;
	if (na->na_value == NULL || strcmp(na->na_value, "true") == 0 ||
	    strcmp(na->na_value, "1") == 0)
		*v = 1;
	else if (strcmp(na->na_value, "false") != 0 &&
	    strcmp(na->na_value, "0") != 0)
		return na->na_word;
	return NULL;
}

/* getopt(name, integer): the given integer or the default. */
const char *
namedargs_int(const char *name, int64_t *v)
{
	struct namedarg *na;
	char *end;
	long long n;

	if ((na = namedarg_find(name)) == NULL)
		return NULL;
	if (na->na_value == NULL)
		return na->na_word;
	errno = 0;
	n = strtoll(na->na_value, &end, 0);
	if (*na->na_value == '\0' || *end != '\0' || errno != 0)
		return na->na_word;
	*v = n;
	return NULL;
}

/* getopt(name, string): the given word or the default. */
const char *
namedargs_str(const char *name, const char **v)
{
	struct namedarg *na;

	if ((na = namedarg_find(name)) == NULL)
		return NULL;
	if (na->na_value == NULL)
		return na->na_word;
	*v = na->na_value;
	return NULL;
}

/* Says which named arguments no getopt() read; returns how many. */
int
namedargs_unread(void)
{
	size_t i;
	int n = 0;

	for (i = 0; i < nnargs; i++) {
		if (nargs[i].na_read)
			continue;
		warnx("%s: the program reads no argument '%.*s' (with "
		    "getopt(\"%.*s\"))", nargs[i].na_word,
		    (int)nargs[i].na_namelen, nargs[i].na_name,
		    (int)nargs[i].na_namelen, nargs[i].na_name);
		n++;
	}
	return n;
}
