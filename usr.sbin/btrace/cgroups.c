/* SPDX-License-Identifier: ISC */
/*
 * bpftrace's cgroupid(path) and cgroup_path(id): a cgroup's id from
 * its directory, and its path, "unified:/system.slice/cron.service",
 * from its id.  The id is what cgroup gives too, the kernfs node of a
 * directory of the cgroup2 file system; a path is found by walking that
 * file system where it is mounted, comparing each directory's id, and
 * kept for the next time: the kernel does not reuse a cgroup's id, so
 * the path is the cgroup's even after it is gone.
 */

#include <sys/types.h>

#include <err.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btrace.h"

#define CGPATH_CACHE	64	/* ids remembered, the latest first */

struct cgpath {
	int64_t	 cp_id;
	char	*cp_path;	/* relative to the mount, "/" for the root;
				   "" for an id no cgroup has */
};

static struct cgpath	 cache[CGPATH_CACHE];
static char		*mountpoint;	/* of cgroup2, NULL if none */
static int		 looked;

static int64_t		 want_id;	/* of the walk in progress */
static char		*found;

/*
 * The id of the cgroup at path in a cgroup2 file system: its file
 * handle, which kernfs makes of its node's id, as cgroup holds it.
 */
int
func_cgroupid(const char *path, int64_t *id)
{
	struct file_handle *fh;
	uint64_t v;
	int mount, rc = -1;

	if ((fh = calloc(1, sizeof(*fh) + MAX_HANDLE_SZ)) == NULL)
		err(1, NULL);
	fh->handle_bytes = MAX_HANDLE_SZ;
	if (name_to_handle_at(AT_FDCWD, path, fh, &mount, 0) == 0 &&
	    fh->handle_bytes == sizeof(v)) {
		memcpy(&v, fh->f_handle, sizeof(v));
		*id = (int64_t)v;
		rc = 0;
	}
	free(fh);
	return rc;
}

/* Where cgroup2 is mounted, from the mount table; NULL if nowhere. */
static char *
cgroup2_mount(void)
{
	FILE *f;
	char *line = NULL, *mnt = NULL, *sep, *fields[5];
	size_t cap = 0;
	int i;

	if ((f = fopen("/proc/self/mountinfo", "r")) == NULL)
		return NULL;
	while (mnt == NULL && getline(&line, &cap, f) != -1) {
		/* ID PARENT MAJ:MIN ROOT MOUNTPOINT ... - FSTYPE ... */
		if ((sep = strstr(line, " - ")) == NULL ||
		    strncmp(sep + 3, "cgroup2 ", 8) != 0)
			continue;
		fields[0] = strtok(line, " ");
		for (i = 1; i < 5 && fields[i - 1] != NULL; i++)
			fields[i] = strtok(NULL, " ");
		if (i == 5 && fields[4] != NULL && strcmp(fields[3], "/") == 0 &&
		    (mnt = strdup(fields[4])) == NULL)
			err(1, NULL);
	}
	free(line);
	fclose(f);
	return mnt;
}

static int
walk_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	int64_t id;

	(void)sb;
	(void)ftw;
	if (type != FTW_D)
		return 0;
	if (func_cgroupid(path, &id) == 0 && id == want_id) {
		if ((found = strdup(path)) == NULL)
			err(1, NULL);
		return 1;
	}
	return 0;
}

static const char *
lookup(int64_t id)
{
	struct cgpath cp;
	size_t i, mlen;

	for (i = 0; i < CGPATH_CACHE && cache[i].cp_path != NULL; i++) {
		if (cache[i].cp_id != id)
			continue;
		/* Ids are not reused: the path found, or none, stays. */
		return *cache[i].cp_path == '\0' ? NULL : cache[i].cp_path;
	}
	want_id = id;
	found = NULL;
	if (nftw(mountpoint, walk_one, 16, FTW_PHYS | FTW_MOUNT) != 1)
		found = NULL;
	/* Keep the part below the mount point, "/" for the root itself. */
	mlen = strlen(mountpoint);
	cp.cp_id = id;
	if (found == NULL)
		cp.cp_path = strdup("");
	else if (found[mlen] == '\0')
		cp.cp_path = strdup("/");
	else
		cp.cp_path = strdup(found + mlen);
	free(found);
	if (cp.cp_path == NULL)
		err(1, NULL);
	free(cache[CGPATH_CACHE - 1].cp_path);
	memmove(&cache[1], &cache[0], sizeof(cache[0]) * (CGPATH_CACHE - 1));
	cache[0] = cp;
	return *cp.cp_path == '\0' ? NULL : cp.cp_path;
}

/*
 * cgroup_path(id[, filter]) into buf: "unified:PATH" when the unified
 * hierarchy's name matches the filter (a glob), "" when it does not or
 * no cgroup has the id.
 */
void
cgpath_of(int64_t id, const char *filter, char *buf, size_t len)
{
	const char *path;

	*buf = '\0';
	if (!looked) {
		looked = 1;
		mountpoint = cgroup2_mount();
	}
	if (mountpoint == NULL || (filter != NULL &&
	    fnmatch(filter, "unified", 0) != 0))
		return;
	if ((path = lookup(id)) != NULL)
		snprintf(buf, len, "unified:%s", path);
}
