/* SPDX-License-Identifier: ISC */
/*
 * User probes: the file and the file offsets a probe uprobe:FILE:FUNCTION
 * names (uprobes.h), from the file's ELF headers and symbol tables read
 * by elfimg.c.  The kernel is given the offsets and a descriptor of the
 * file (dt.c); nothing here needs it.
 */

#include <sys/stat.h>
#include <sys/types.h>

#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <glob.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elfimg.h"
#include "names.h"
#include "uprobes.h"
#include "usdt.h"
#include "util.h"

#define LDSO_CONF	"/etc/ld.so.conf"

static pid_t	 uppid;

/* The function symbols of one image, as elf_functions() gives them. */
struct upsyms {
	struct elf_func	*us_f;
	size_t		 us_n;
	size_t		 us_cap;
};

void
uprobes_set_pid(pid_t pid)
{
	uppid = pid;
}

static void
why_set(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
}

static int
is_elf_file(const char *path)
{
	unsigned char magic[SELFMAG];
	struct stat st;
	int fd, ok = 0;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    read(fd, magic, sizeof(magic)) == (ssize_t)sizeof(magic) &&
	    memcmp(magic, ELFMAG, SELFMAG) == 0)
		ok = 1;
	close(fd);
	return ok;
}

/*
 * Whether a file called base is library `name': libc.so.6 is libc.so.6,
 * libc and c; libfoo-1.2.so is libfoo.
 */
static int
lib_matches(const char *base, const char *name)
{
	size_t n = strlen(name);

	if (strcmp(base, name) == 0)
		return 1;
	if (strncmp(base, "lib", 3) == 0 && strncmp(name, "lib", 3) != 0 &&
	    strncmp(base + 3, name, n) == 0 &&
	    (strncmp(base + 3 + n, ".so", 3) == 0 || base[3 + n] == '-'))
		return 1;
	return strncmp(base, name, n) == 0 &&
	    (strncmp(base + n, ".so", 3) == 0 ||
	    (base[n] == '-' && strstr(base + n, ".so") != NULL));
}

/*
 * Call fn with the start, file offset and path of each mapping of a
 * file by process pid, until it returns 0; 0 then, -1 if none did.
 */
static int
maps_find(pid_t pid, int (*fn)(unsigned long long, unsigned long long,
    const char *, void *), void *arg)
{
	char line[PATH_MAX + 256], file[PATH_MAX], mpath[64];
	unsigned long long start, off;
	FILE *f;
	int found = -1;

	snprintf(mpath, sizeof(mpath), "/proc/%d/maps", (int)pid);
	if ((f = fopen(mpath, "re")) == NULL)
		return -1;
	while (found == -1 && fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "%llx-%*x %*s %llx %*s %*s %4095s", &start,
		    &off, file) != 3 || file[0] != '/')
			continue;
		if (fn(start, off, file, arg) == 0)
			found = 0;
	}
	fclose(f);
	return found;
}

struct libwant {
	const char	*name;
	char		*path;
	size_t		 len;
};

static int
lib_is(unsigned long long start, unsigned long long off, const char *file,
    void *arg)
{
	struct libwant *lw = arg;

	(void)start;
	(void)off;
	if (!lib_matches(strrchr(file, '/') + 1, lw->name) ||
	    strlen(file) >= lw->len)
		return -1;
	snprintf(lw->path, lw->len, "%s", file);
	return 0;
}

/* The library of that name the process maps, into path. */
static int
lib_in_maps(pid_t pid, const char *name, char *path, size_t len)
{
	struct libwant lw = { name, path, len };

	return maps_find(pid, lib_is, &lw);
}

/* The directories of an ld.so.conf file, includes followed, into dirs. */
static void
ldconf_read(const char *conf, char ***dirs, size_t *n, size_t *cap,
    int depth)
{
	char line[PATH_MAX + 16], *s, *e;
	glob_t g;
	size_t i;
	FILE *f;

	if (depth > 4 || (f = fopen(conf, "re")) == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		if ((e = strchr(line, '#')) != NULL)
			*e = '\0';
		for (s = line; isspace((unsigned char)*s); s++)
			;
		for (e = s + strlen(s); e > s &&
		    isspace((unsigned char)e[-1]); e--)
			;
		*e = '\0';
		if (*s == '\0')
			continue;
		if (strncmp(s, "include", 7) == 0 &&
		    isspace((unsigned char)s[7])) {
			for (s += 8; isspace((unsigned char)*s); s++)
				;
			if (glob(s, 0, NULL, &g) == 0) {
				for (i = 0; i < g.gl_pathc; i++)
					ldconf_read(g.gl_pathv[i], dirs, n,
					    cap, depth + 1);
				globfree(&g);
			}
			continue;
		}
		if (*s != '/')
			continue;
		GROW(*dirs, *n, *cap);
		if (((*dirs)[(*n)++] = strdup(s)) == NULL)
			(*n)--;
	}
	fclose(f);
}

/* The first ELF file in dir that is library `name', into path. */
static int
lib_in_dir(const char *dir, const char *name, char *path, size_t len)
{
	static const char *const forms[] = { "%s/%s", "%s/%s.so*",
	    "%s/lib%s.so*", "%s/%s-*.so*", "%s/lib%s-*.so*" };
	char pat[PATH_MAX];
	glob_t g;
	size_t i, j;
	int found = -1;

	for (i = 0; i < nitems(forms) && found == -1; i++) {
		if (i >= 2 && strncmp(name, "lib", 3) == 0 && i % 2 == 0)
			continue;
		snprintf(pat, sizeof(pat), forms[i], dir, name);
		if (glob(pat, 0, NULL, &g) != 0)
			continue;
		for (j = 0; j < g.gl_pathc && found == -1; j++) {
			if (strlen(g.gl_pathv[j]) < len &&
			    is_elf_file(g.gl_pathv[j])) {
				snprintf(path, len, "%s", g.gl_pathv[j]);
				found = 0;
			}
		}
		globfree(&g);
	}
	return found;
}

/* A library in the directories of ld.so.conf, then the standard ones. */
static int
lib_in_dirs(const char *name, char *path, size_t len)
{
	static const char *const std[] = { "/lib64", "/usr/lib64", "/lib",
	    "/usr/lib" };
	char **dirs = NULL;
	size_t n = 0, cap = 0, i;
	int found = -1;

	ldconf_read(LDSO_CONF, &dirs, &n, &cap, 0);
	for (i = 0; i < n && found == -1; i++)
		found = lib_in_dir(dirs[i], name, path, len);
	for (i = 0; i < nitems(std) && found == -1; i++)
		found = lib_in_dir(std[i], name, path, len);
	for (i = 0; i < n; i++)
		free(dirs[i]);
	free(dirs);
	return found;
}

int
uprobes_file(const char *file, char *path, size_t len, char *why,
    size_t whylen)
{
	struct stat st;

	if (strchr(file, '/') != NULL) {
		if (stat(file, &st) == -1) {
			why_set(why, whylen, "%s: %s", file, strerror(errno));
			return -1;
		}
		if (!S_ISREG(st.st_mode)) {
			why_set(why, whylen, "%s: not a regular file", file);
			return -1;
		}
		if (strlen(file) >= len) {
			why_set(why, whylen, "%s: path too long", file);
			return -1;
		}
		snprintf(path, len, "%s", file);
		return 0;
	}
	if (uppid > 0 && lib_in_maps(uppid, file, path, len) == 0)
		return 0;
	if (lib_in_dirs(file, path, len) == 0)
		return 0;
	why_set(why, whylen, "%s: no such library%s%s (give its path)", file,
	    uppid > 0 ? " mapped by the process or" : "",
	    " in the dynamic loader's directories");
	return -1;
}

static int
upsyms_add(const struct elf_func *ef, void *arg)
{
	struct upsyms *us = arg;
	struct elf_func *n;

	if ((n = array_room(us->us_f, us->us_n, &us->us_cap,
	    sizeof(*n))) == NULL)
		return -1;
	us->us_f = n;
	us->us_f[us->us_n++] = *ef;
	return 0;
}

/*
 * Whether function ef is what the user wrote: its name, or with a
 * version, name@@VERSION its default version and name@VERSION any
 * version of that name (GNU symbol versioning, .dynsym); a glob with
 * an '@' is matched against the name with its version so written.
 */
static int
sym_matches(const struct elf_func *ef, const char *want, int isglob)
{
	const char *at, *ver;
	char full[1024];
	size_t n;
	int deflt;

	if (strcmp(ef->ef_name, want) == 0)
		return 1;
	if (isglob && strchr(want, '@') != NULL && ef->ef_version != NULL) {
		snprintf(full, sizeof(full), "%s%s%s", ef->ef_name,
		    ef->ef_hidden ? "@" : "@@", ef->ef_version);
		return fnmatch(want, full, 0) == 0;
	}
	if (isglob)
		return fnmatch(want, ef->ef_name, 0) == 0;
	if ((at = strchr(want, '@')) == NULL)
		return 0;
	n = at - want;
	deflt = at[1] == '@';
	ver = at + 1 + deflt;
	return strlen(ef->ef_name) == n && strncmp(ef->ef_name, want, n) == 0 &&
	    ef->ef_version != NULL && strcmp(ef->ef_version, ver) == 0 &&
	    (!deflt || !ef->ef_hidden);
}

static int
target_add(struct uptarget **tp, size_t *np, size_t *cap, uint64_t off,
    const char *name)
{
	size_t i;

	for (i = 0; i < *np; i++)
		if ((*tp)[i].ut_off == off)
			return 0;
	GROW(*tp, *np, *cap);
	memset(&(*tp)[*np], 0, sizeof((*tp)[*np]));
	if (((*tp)[*np].ut_name = strdup(name)) == NULL)
		return -1;
	(*tp)[(*np)++].ut_off = off;
	return 0;
}

static int
names_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* name@VERSION of a name that exists: the versions it has. */
static int
why_noversion(const struct upsyms *us, const char *path, const char *want,
    char *why, size_t whylen)
{
	const char *at = strchr(want, '@');
	size_t i, n, used;
	int found = 0;

	if (at == NULL)
		return 0;
	n = at - want;
	used = snprintf(why, whylen, "%s: no function '%s'; %.*s has",
	    path, want, (int)n, want);
	for (i = 0; i < us->us_n && used < whylen; i++) {
		if (strlen(us->us_f[i].ef_name) != n ||
		    strncmp(us->us_f[i].ef_name, want, n) != 0 ||
		    us->us_f[i].ef_version == NULL)
			continue;
		used += snprintf(why + used, whylen - used, "%s %.*s%s%s",
		    found ? "," : "", (int)n, want,
		    us->us_f[i].ef_hidden ? "@" : "@@",
		    us->us_f[i].ef_version);
		found = 1;
	}
	return found;
}

/* "no function", with the closest name of the image if there is one. */
static void
why_nosym(const struct upsyms *us, const char *path, const char *want,
    int isglob, char *why, size_t whylen)
{
	const char **names;
	const char *near = NULL;
	size_t i;

	if (isglob) {
		why_set(why, whylen, "%s: no function matches '%s'", path,
		    want);
		return;
	}
	if (why_noversion(us, path, want, why, whylen))
		return;
	if ((names = calloc(us->us_n + 1, sizeof(*names))) != NULL) {
		for (i = 0; i < us->us_n; i++)
			names[i] = us->us_f[i].ef_name;
		near = name_closest(want, names, us->us_n);
	}
	why_set(why, whylen, "%s: no function '%s'%s%s%s", path, want,
	    near ? "; did you mean '" : "", near ? near : "",
	    near ? "'?" : "");
	free(names);
}

/*
 * The targets of `want' in an ELF image: an address, or the functions
 * of both symbol tables whose names match.
 */
int
uprobes_offset(const char *want, char *func, size_t len, uint64_t *offp)
{
	const char *plus;
	char *end;

	*offp = 0;
	if ((plus = strrchr(want, '+')) == NULL || plus == want ||
	    strpbrk(want, "*?[") != NULL)
		return 0;
	errno = 0;
	*offp = strtoull(plus + 1, &end, 0);
	if (errno != 0 || *end != '\0' || end == plus + 1 ||
	    (size_t)(plus - want) >= len)
		return -1;
	memcpy(func, want, plus - want);
	func[plus - want] = '\0';
	return 1;
}

int
uprobes_image_targets(const uint8_t *img, size_t len, const char *path,
    const char *want, struct uptarget **tp, size_t *np, char *why,
    size_t whylen)
{
	struct elf_load loads[ELF_MAXLOADS];
	struct upsyms us = { NULL, 0, 0 };
	size_t nloads, i, cap = 0;
	uint64_t addr, off, into = 0;
	char *end, hex[32], func[1024], name[1100];
	int isglob = strpbrk(want, "*?[") != NULL, rv = -1;

	*tp = NULL;
	*np = 0;
	if (elf_header(img, len) == NULL) {
		why_set(why, whylen, "%s: not a 64-bit ELF file of this "
		    "machine", path);
		return -1;
	}
	if (elf_loads(img, len, loads, &nloads) == -1) {
		why_set(why, whylen, "%s: no loadable segment", path);
		return -1;
	}
	if (strncmp(want, "0x", 2) == 0 || strncmp(want, "0X", 2) == 0) {
		errno = 0;
		addr = strtoull(want + 2, &end, 16);
		if (errno != 0 || *end != '\0' || end == want + 2) {
			why_set(why, whylen, "%s: bad address '%s'", path,
			    want);
			return -1;
		}
		if (elf_vaddr_offset(loads, nloads, addr, &off) == -1) {
			why_set(why, whylen, "%s: address %s is in no "
			    "loadable segment", path, want);
			return -1;
		}
		snprintf(hex, sizeof(hex), "0x%" PRIx64, addr);
		if (target_add(tp, np, &cap, off, hex) == -1)
			goto nomem;
		return 0;
	}
	/* FUNCTION+OFFSET: an instruction inside the function. */
	switch (uprobes_offset(want, func, sizeof(func), &into)) {
	case -1:
		why_set(why, whylen, "%s: bad offset in '%s'", path, want);
		return -1;
	case 1:
		want = func;
		break;
	}
	if (elf_functions(img, len, SHT_SYMTAB, upsyms_add, &us) == -1 ||
	    elf_functions(img, len, SHT_DYNSYM, upsyms_add, &us) == -1)
		goto nomem;
	for (i = 0; i < us.us_n; i++) {
		if (!sym_matches(&us.us_f[i], want, isglob) ||
		    elf_vaddr_offset(loads, nloads, us.us_f[i].ef_addr,
		    &off) == -1)
			continue;
		if (into != 0 && into >= us.us_f[i].ef_size) {
			why_set(why, whylen, "%s: offset %" PRIu64 " is "
			    "beyond %s, which is %" PRIu64 " bytes", path,
			    into, us.us_f[i].ef_name, us.us_f[i].ef_size);
			goto out;
		}
		snprintf(name, sizeof(name), into != 0 ? "%s+%" PRIu64 : "%s",
		    us.us_f[i].ef_name, into);
		if (target_add(tp, np, &cap, off + into, name) == -1)
			goto nomem;
	}
	if (*np == 0)
		why_nosym(&us, path, want, isglob, why, whylen);
	else
		rv = 0;
out:
	free(us.us_f);
	if (rv == -1) {
		uprobes_free(*tp, *np);
		*tp = NULL;
		*np = 0;
	}
	return rv;
nomem:
	why_set(why, whylen, "%s: out of memory", path);
	free(us.us_f);
	uprobes_free(*tp, *np);
	*tp = NULL;
	*np = 0;
	return -1;
}

/* The image of the file at path, or NULL with why set. */
static uint8_t *
image_read(const char *path, size_t *lenp, char *why, size_t whylen)
{
	uint8_t *img;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		why_set(why, whylen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	img = elf_read(fd, lenp);
	close(fd);
	if (img == NULL)
		why_set(why, whylen, "%s: not an ELF file (not a regular "
		    "file, too small or too large)", path);
	return img;
}

int
uprobes_targets(const char *path, const char *want, struct uptarget **tp,
    size_t *np, char *why, size_t whylen)
{
	uint8_t *img;
	size_t len;
	int rv;

	*tp = NULL;
	*np = 0;
	if ((img = image_read(path, &len, why, whylen)) == NULL)
		return -1;
	rv = uprobes_image_targets(img, len, path, want, tp, np, why,
	    whylen);
	free(img);
	return rv;
}

void
uprobes_free(struct uptarget *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(t[i].ut_name);
		free(t[i].ut_args);
	}
	free(t);
}

int
uprobes_names(const char *path, void (*fn)(const char *, void *), void *arg,
    char *why, size_t whylen)
{
	struct upsyms us = { NULL, 0, 0 };
	const char **names;
	uint8_t *img;
	size_t len, i;

	if ((img = image_read(path, &len, why, whylen)) == NULL)
		return -1;
	if (elf_header(img, len) == NULL) {
		why_set(why, whylen, "%s: not a 64-bit ELF file of this "
		    "machine", path);
		free(img);
		return -1;
	}
	if (elf_functions(img, len, SHT_SYMTAB, upsyms_add, &us) == -1 ||
	    elf_functions(img, len, SHT_DYNSYM, upsyms_add, &us) == -1 ||
	    (names = calloc(us.us_n + 1, sizeof(*names))) == NULL) {
		why_set(why, whylen, "%s: out of memory", path);
		free(us.us_f);
		free(img);
		return -1;
	}
	for (i = 0; i < us.us_n; i++)
		names[i] = us.us_f[i].ef_name;
	qsort(names, us.us_n, sizeof(*names), names_cmp);
	for (i = 0; i < us.us_n; i++)
		if (i == 0 || strcmp(names[i], names[i - 1]) != 0)
			fn(names[i], arg);
	free(names);
	free(us.us_f);
	free(img);
	return 0;
}

struct symfind {
	const char	*want;
	uint64_t	 addr;
	int		 found;
};

static int
symfind_one(const struct elf_func *ef, void *arg)
{
	struct symfind *sf = arg;

	if (strcmp(ef->ef_name, sf->want) != 0 || ef->ef_hidden)
		return 0;
	sf->addr = ef->ef_addr;
	sf->found = 1;
	return -1;
}

struct basewant {
	const char	*path;
	uint64_t	 base;
};

static int
base_is(unsigned long long start, unsigned long long off, const char *file,
    void *arg)
{
	struct basewant *bw = arg;

	if (off != 0 || strcmp(file, bw->path) != 0)
		return -1;
	bw->base = start;
	return 0;
}

int
uprobes_symaddr(const char *path, const char *sym, uint64_t *addr,
    char *why, size_t whylen)
{
	struct elf_load loads[ELF_MAXLOADS];
	const Elf64_Ehdr *eh;
	struct symfind sf = { sym, 0, 0 };
	struct basewant bw = { path, 0 };
	uint64_t low = UINT64_MAX;
	uint8_t *img;
	size_t len, nloads, i;
	int rv = -1;

	if ((img = image_read(path, &len, why, whylen)) == NULL)
		return -1;
	if ((eh = elf_header(img, len)) == NULL) {
		why_set(why, whylen, "%s: not a 64-bit ELF file of this "
		    "machine", path);
		goto out;
	}
	if (elf_syms(img, len, SHT_SYMTAB, ELF_FUNCS | ELF_OBJECTS,
	    symfind_one, &sf) != -1)
		elf_syms(img, len, SHT_DYNSYM, ELF_FUNCS | ELF_OBJECTS,
		    symfind_one, &sf);
	if (!sf.found) {
		why_set(why, whylen, "%s: no symbol '%s'", path, sym);
		goto out;
	}
	if (eh->e_type == ET_EXEC) {
		*addr = sf.addr;
		rv = 0;
		goto out;
	}
	/* Position-independent: where one process loaded it. */
	if (uppid <= 0) {
		why_set(why, whylen, "%s is position-independent: '%s' has "
		    "an address only in a process that loaded it: give -p "
		    "PID", path, sym);
		goto out;
	}
	/* Its first segment, file offset 0, is mapped at the base. */
	if (elf_loads(img, len, loads, &nloads) == -1 ||
	    maps_find(uppid, base_is, &bw) == -1) {
		why_set(why, whylen, "%s: process %d does not map it", path,
		    (int)uppid);
		goto out;
	}
	for (i = 0; i < nloads; i++)
		if (loads[i].el_vaddr < low)
			low = loads[i].el_vaddr;
	*addr = bw.base - (low & ~(uint64_t)(getpagesize() - 1)) + sf.addr;
	rv = 0;
out:
	free(img);
	return rv;
}

/* The markers of an image, as PROVIDER:NAME, for names and messages. */
struct usdtnames {
	char		**un_names;
	size_t		 un_n;
	size_t		 un_cap;
};

static int
usdt_name_add(const struct usdt_marker *um, void *arg)
{
	struct usdtnames *un = arg;

	GROW(un->un_names, un->un_n, un->un_cap);
	if (asprintf(&un->un_names[un->un_n], "%s:%s", um->um_prov,
	    um->um_name) == -1)
		return -1;
	un->un_n++;
	return 0;
}

static void
usdtnames_free(struct usdtnames *un)
{
	size_t i;

	for (i = 0; i < un->un_n; i++)
		free(un->un_names[i]);
	free(un->un_names);
}

/* What a search for markers wants and has found. */
struct usdtfind {
	const char	 *prov;		/* a glob, or NULL: any */
	const char	 *name;		/* a glob */
	struct uptarget	**tp;
	size_t		 *np;
	size_t		  cap;
	int		  nomem;
};

static int
usdt_find_one(const struct usdt_marker *um, void *arg)
{
	struct usdtfind *uf = arg;
	struct uptarget *t;
	char why[256];

	if ((uf->prov != NULL && fnmatch(uf->prov, um->um_prov, 0) != 0) ||
	    fnmatch(uf->name, um->um_name, 0) != 0)
		return 0;
	GROW(*uf->tp, *uf->np, uf->cap);
	t = &(*uf->tp)[*uf->np];
	memset(t, 0, sizeof(*t));
	if (asprintf(&t->ut_name, "%s:%s", um->um_prov, um->um_name) == -1 ||
	    (t->ut_args = calloc(1, sizeof(*t->ut_args))) == NULL) {
		free(t->ut_name);
		uf->nomem = 1;
		return -1;
	}
	/* Arguments not read here read as nothing: the marker still fires. */
	if (usdt_parse(um->um_args, t->ut_args, why, sizeof(why)) == -1)
		memset(t->ut_args, 0, sizeof(*t->ut_args));
	t->ut_off = um->um_off;
	t->ut_refctr = um->um_sema;
	(*uf->np)++;
	return 0;
}

/* No marker matched: say which there are, or the closest. */
static void
why_nomarker(const uint8_t *img, size_t len, const char *path,
    const char *want, char *why, size_t whylen)
{
	struct usdtnames un = { NULL, 0, 0 };
	const char *near;

	if (usdt_markers(img, len, usdt_name_add, &un) == -1) {
		why_set(why, whylen, "%s: out of memory", path);
		usdtnames_free(&un);
		return;
	}
	if (un.un_n == 0)
		why_set(why, whylen, "%s has no USDT markers (no "
		    ".note.stapsdt notes)", path);
	else if ((near = name_closest(want,
	    (const char *const *)un.un_names, un.un_n)) != NULL)
		why_set(why, whylen, "no USDT marker '%s' in %s; did you "
		    "mean '%s'?", want, path, near);
	else
		why_set(why, whylen, "no USDT marker '%s' in %s (btrace -l "
		    "'usdt:%s:*' lists them)", want, path, path);
	usdtnames_free(&un);
}

int
uprobes_usdt_targets(const char *path, const char *want,
    struct uptarget **tp, size_t *np, char *why, size_t whylen)
{
	struct usdtfind uf;
	const char *colon;
	char *prov = NULL;
	uint8_t *img;
	size_t len;
	int rv = 0;

	*tp = NULL;
	*np = 0;
	if ((img = image_read(path, &len, why, whylen)) == NULL)
		return -1;
	memset(&uf, 0, sizeof(uf));
	uf.tp = tp;
	uf.np = np;
	uf.name = want;
	if ((colon = strchr(want, ':')) != NULL) {
		if ((prov = strndup(want, colon - want)) == NULL)
			err(1, NULL);
		uf.prov = prov;
		uf.name = colon + 1;
	}
	if (elf_header(img, len) == NULL) {
		why_set(why, whylen, "%s: not a 64-bit ELF file of this "
		    "machine", path);
		rv = -1;
	} else if (usdt_markers(img, len, usdt_find_one, &uf) == -1 ||
	    uf.nomem) {
		why_set(why, whylen, "%s: out of memory", path);
		rv = -1;
	} else if (*np == 0) {
		why_nomarker(img, len, path, want, why, whylen);
		rv = -1;
	}
	if (rv == -1) {
		uprobes_free(*tp, *np);
		*tp = NULL;
		*np = 0;
	}
	free(prov);
	free(img);
	return rv;
}

int
uprobes_usdt_names(const char *path, void (*fn)(const char *, void *),
    void *arg, char *why, size_t whylen)
{
	struct usdtnames un = { NULL, 0, 0 };
	uint8_t *img;
	size_t len, i;

	if ((img = image_read(path, &len, why, whylen)) == NULL)
		return -1;
	if (usdt_markers(img, len, usdt_name_add, &un) == -1) {
		why_set(why, whylen, "%s: out of memory", path);
		usdtnames_free(&un);
		free(img);
		return -1;
	}
	qsort(un.un_names, un.un_n, sizeof(*un.un_names), names_cmp);
	for (i = 0; i < un.un_n; i++)
		if (i == 0 || strcmp(un.un_names[i], un.un_names[i - 1]) != 0)
			fn(un.un_names[i], arg);
	usdtnames_free(&un);
	free(img);
	return 0;
}
