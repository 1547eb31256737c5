/* SPDX-License-Identifier: ISC */
/*
 * The integer constants of the kernel headers a script #includes: BTF
 * gives the kernel's types but not its macros, so bpftrace's tools'
 * TASK_RUNNING or AF_INET come from the headers of the running kernel,
 * where Debian's linux-headers package puts them, if installed.  Only
 * object-like macros whose text is an integer, or integers and names
 * already read joined by operators, are taken; nothing else of C is.
 */

#include <sys/utsname.h>

#include <ctype.h>
#include <err.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "headers.h"
#include "util.h"

#define MAXDIRS		16

static char	*dirs[MAXDIRS];		/* to look in, in order */
static int	 ndirs = -1;		/* -1: not worked out yet */
static char	*missing;		/* "<a.h>, <b.h>": not found */
static const struct headers_defs *defs;	/* the script's #defines */

static void
dir_add(const char *root, const char *sub)
{
	if (ndirs < MAXDIRS && asprintf(&dirs[ndirs], "%s%s%s", root,
	    *sub != '\0' ? "/" : "", sub) != -1)
		ndirs++;
}

/* A build tree's include directories, for this machine's architecture. */
static void
root_add(const char *root, const char *arch)
{
	char a[PATH_MAX];

	dir_add(root, "include");
	dir_add(root, "include/uapi");
	snprintf(a, sizeof(a), "arch/%s/include", arch);
	dir_add(root, a);
	snprintf(a, sizeof(a), "arch/%s/include/uapi", arch);
	dir_add(root, a);
	snprintf(a, sizeof(a), "arch/%s/include/generated", arch);
	dir_add(root, a);
	snprintf(a, sizeof(a), "arch/%s/include/generated/uapi", arch);
	dir_add(root, a);
}

/*
 * BTRACE_HEADERS (directories, ':' between them), else the running
 * kernel's build tree and, Debian splitting it, the tree its Makefile
 * includes.
 */
static void
dirs_init(void)
{
	struct utsname u;
	char build[PATH_MAX], line[PATH_MAX + 16], *env, *p, *q;
	const char *arch;
	FILE *f;

	ndirs = 0;
	if ((env = getenv("BTRACE_HEADERS")) != NULL) {
		if ((env = strdup(env)) == NULL)
			err(1, NULL);
		for (p = env; (q = strsep(&p, ":")) != NULL;)
			if (*q != '\0')
				dir_add(q, "");
		free(env);
		return;
	}
	if (uname(&u) == -1)
		return;
	arch = strcmp(u.machine, "x86_64") == 0 ? "x86" :
	    strcmp(u.machine, "aarch64") == 0 ? "arm64" : u.machine;
	snprintf(build, sizeof(build), "/lib/modules/%s/build", u.release);
	root_add(build, arch);
	snprintf(line, sizeof(line), "%s/Makefile", build);
	if ((f = fopen(line, "r")) == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		/* "include /usr/src/linux-headers-V-common/Makefile" */
		if (strncmp(line, "include /", 9) != 0 ||
		    (p = strstr(line, "/Makefile")) == NULL)
			continue;
		*p = '\0';
		root_add(line + 8, arch);
		break;
	}
	fclose(f);
}

/* Whether text is integers, names defined and operators, nothing else. */
static int
constant_text(const char *text)
{
	const char *p = text, *w;
	int any = 0;

	while (*p != '\0') {
		if (isspace((unsigned char)*p) || strchr("()|&+-~<>*", *p)) {
			p++;
			continue;
		}
		if (isdigit((unsigned char)*p)) {
			while (isalnum((unsigned char)*p))
				p++;	/* 0x1f, 10UL */
			any = 1;
			continue;
		}
		if (!isalpha((unsigned char)*p) && *p != '_')
			return 0;
		for (w = p; isalnum((unsigned char)*p) || *p == '_'; p++)
			;
		if (!defs->defined(w, p - w))
			return 0;
		any = 1;
	}
	return any;
}

/* C's integer suffixes dropped, which bt(5)'s numbers do not take. */
static void
strip_suffixes(char *text)
{
	char *r = text, *w = text;

	while (*r != '\0') {
		if (!isdigit((unsigned char)*r) || (r > text &&
		    (isalnum((unsigned char)r[-1]) || r[-1] == '_'))) {
			*w++ = *r++;
			continue;
		}
		while (isalnum((unsigned char)*r) && *r != 'u' &&
		    *r != 'U' && *r != 'l' && *r != 'L')
			*w++ = *r++;
		while (*r == 'u' || *r == 'U' || *r == 'l' || *r == 'L')
			r++;
	}
	*w = '\0';
}

/* The #define lines of file f whose text is a constant, defined. */
static void
read_defines(FILE *f)
{
	char line[1024], *p, *name, *text, *c;

	while (fgets(line, sizeof(line), f) != NULL) {
		p = line + strspn(line, " \t");
		if (*p++ != '#')
			continue;
		p += strspn(p, " \t");
		if (strncmp(p, "define", 6) != 0 || (p[6] != ' ' &&
		    p[6] != '\t'))
			continue;
		p += 6 + strspn(p + 6, " \t");
		name = p;
		while (isalnum((unsigned char)*p) || *p == '_')
			p++;
		if (p == name || (*p != ' ' && *p != '\t'))
			continue;	/* empty, or with arguments */
		*p++ = '\0';
		text = p + strspn(p, " \t");
		if ((c = strstr(text, "/*")) != NULL)
			*c = '\0';
		if ((c = strstr(text, "//")) != NULL)
			*c = '\0';
		text[strcspn(text, "\\\n")] = '\0';
		if (defs->defined(name, strlen(name)) || !constant_text(text))
			continue;
		strip_suffixes(text);
		defs->define(name, text);
	}
}

void
headers_include(const char *file, const struct headers_defs *d)
{
	char path[PATH_MAX], *m;
	FILE *f = NULL;
	int i;

	defs = d;
	if (ndirs == -1)
		dirs_init();
	for (i = 0; i < ndirs && f == NULL; i++) {
		snprintf(path, sizeof(path), "%s/%s", dirs[i], file);
		f = fopen(path, "r");
	}
	if (f != NULL) {
		read_defines(f);
		fclose(f);
		return;
	}
	if (asprintf(&m, "%s%s<%s>", missing ? missing : "",
	    missing ? ", " : "", file) == -1)
		err(1, NULL);
	free(missing);
	missing = m;
}

const char *
headers_missing(void)
{
	return missing;
}
