/* SPDX-License-Identifier: ISC */
/*
 * User symbols: the executable mappings of a process, from
 * /proc/PID/maps, each with the function symbols of the ELF file
 * behind it and the bias between the file's addresses and the
 * process's.  The symbols of a file are parsed once and shared by
 * every process that maps it (struct uobj, reference counted); the
 * tables of the most recently used pids are cached.
 */

#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "elfimg.h"
#include "syms.h"
#include "util.h"

#define USYMS_ZEROSPAN	0x1000	/* a last symbol of size 0 covers this */
#define PATH_DEBUG	"/usr/lib/debug"

/* The symbols of one ELF file (or of a vDSO, or of a replay). */
struct uobj {
	struct uobj	*uo_next;
	int		 uo_refs;
	int		 uo_shared;	/* on the uobjs list, found by key */
	dev_t		 uo_dev;
	ino_t		 uo_ino;
	off_t		 uo_size;
	struct timespec	 uo_mtime;
	struct elf_load	 uo_loads[ELF_MAXLOADS];
	size_t		 uo_nloads;
	struct usym	*uo_syms;
	size_t		 uo_nsyms;
	char		*uo_strs;
};

struct umap {
	struct usyms_map um;		/* the public view */
	struct uobj	*um_obj;	/* NULL: no symbols */
};

struct usyms {
	pid_t		 u_pid;
	int		 u_live;	/* reads /proc; 0: built by usyms_new */
	struct umap	*u_maps;
	size_t		 u_nmaps;
	uint64_t	 u_readns;	/* when the maps were read */
	uint64_t	 u_lru;
};

/* A symbol while a file is parsed. */
struct rawsym {
	uint64_t	 rs_addr;
	uint64_t	 rs_size;
	const char	*rs_name;
	int		 rs_rank;
};

struct rawvec {
	struct rawsym	*rv_syms;
	size_t		 rv_n;
	size_t		 rv_cap;
};

static struct uobj	*uobjs;
static struct usyms	*cache[USYMS_NCACHE];
static struct usyms	**registered;
static size_t		 nregistered, registeredcap;
static uint64_t		 lru_clock;
static int		 offline;
static const char	*debugdir = PATH_DEBUG;

static void
uobj_unref(struct uobj *uo)
{
	struct uobj **up;

	if (uo == NULL || --uo->uo_refs > 0)
		return;
	if (uo->uo_shared) {
		for (up = &uobjs; *up != NULL; up = &(*up)->uo_next) {
			if (*up == uo) {
				*up = uo->uo_next;
				break;
			}
		}
	}
	free(uo->uo_syms);
	free(uo->uo_strs);
	free(uo);
}

static int
rawvec_push(struct rawvec *rv, uint64_t addr, uint64_t size,
    const char *name, int rank)
{
	struct rawsym *n;

	if ((n = array_room(rv->rv_syms, rv->rv_n, &rv->rv_cap,
	    sizeof(*n))) == NULL)
		return -1;
	rv->rv_syms = n;
	n = &rv->rv_syms[rv->rv_n++];
	n->rs_addr = addr;
	n->rs_size = size;
	n->rs_name = name;
	n->rs_rank = rank;
	return 0;
}

/* elf_functions() callback: rank globals before weak before locals. */
static int
rawvec_add(const struct elf_func *ef, void *arg)
{
	int rank;

	switch (ef->ef_bind) {
	case STB_GLOBAL:
		rank = 0;
		break;
	case STB_WEAK:
		rank = 1;
		break;
	default:
		rank = 2;
		break;
	}
	return rawvec_push(arg, ef->ef_addr, ef->ef_size, ef->ef_name, rank);
}

static int
elf_symbols(const uint8_t *img, size_t len, uint32_t type, struct rawvec *rv)
{
	return elf_functions(img, len, type, rawvec_add, rv);
}

static int
rawsym_cmp(const void *a, const void *b)
{
	const struct rawsym *x = a, *y = b;
	size_t ux, uy;

	if (x->rs_addr != y->rs_addr)
		return x->rs_addr < y->rs_addr ? -1 : 1;
	if ((x->rs_size == 0) != (y->rs_size == 0))
		return x->rs_size == 0 ? 1 : -1;
	ux = strspn(x->rs_name, "_");
	uy = strspn(y->rs_name, "_");
	if (ux != uy)
		return ux < uy ? -1 : 1;
	if (x->rs_rank != y->rs_rank)
		return x->rs_rank - y->rs_rank;
	return strcmp(x->rs_name, y->rs_name);
}

/*
 * Sort, keep the best symbol of each address, give extents, and copy
 * the names into uo.
 */
static int
uobj_set_syms(struct uobj *uo, struct rawvec *rv)
{
	struct rawsym *rs = rv->rv_syms;
	size_t i, j, n = 0, strlen_total = 0, off = 0, l;
	uint64_t end;

	if (rv->rv_n == 0)
		return 0;
	qsort(rs, rv->rv_n, sizeof(*rs), rawsym_cmp);
	for (i = 0; i < rv->rv_n; i = j) {
		for (j = i + 1; j < rv->rv_n && rs[j].rs_addr == rs[i].rs_addr;
		    j++)
			;
		rs[n] = rs[i];
		end = rs[n].rs_addr + (rs[n].rs_size ? rs[n].rs_size :
		    USYMS_ZEROSPAN);
		if (end < rs[n].rs_addr)
			end = UINT64_MAX;
		if (j < rv->rv_n && (rs[n].rs_size == 0 ||
		    end > rs[j].rs_addr))
			end = end < rs[j].rs_addr ? end : rs[j].rs_addr;
		rs[n].rs_size = end - rs[n].rs_addr;
		strlen_total += strlen(rs[n].rs_name) + 1;
		n++;
	}
	if ((uo->uo_syms = calloc(n, sizeof(*uo->uo_syms))) == NULL ||
	    (uo->uo_strs = malloc(strlen_total)) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		l = strlen(rs[i].rs_name) + 1;
		memcpy(uo->uo_strs + off, rs[i].rs_name, l);
		uo->uo_syms[i].us_addr = rs[i].rs_addr;
		uo->uo_syms[i].us_size = rs[i].rs_size;
		uo->uo_syms[i].us_name = uo->uo_strs + off;
		off += l;
	}
	uo->uo_nsyms = n;
	return 0;
}

/*
 * Parse an ELF image into a new uobj.  When it has no .symtab, the
 * separate debug file named by its build-id may have one.
 */
static struct uobj *
uobj_parse(const uint8_t *img, size_t len)
{
	struct rawvec rv = { NULL, 0, 0 };
	struct uobj *uo;
	char id[128], path[PATH_MAX];
	const uint8_t *dimg = NULL;
	size_t dlen = 0;
	int fd, n;

	if (elf_header(img, len) == NULL ||
	    (uo = calloc(1, sizeof(*uo))) == NULL)
		return NULL;
	uo->uo_refs = 1;
	if (elf_loads(img, len, uo->uo_loads, &uo->uo_nloads) == -1)
		goto fail;
	if ((n = elf_symbols(img, len, SHT_SYMTAB, &rv)) == -1)
		goto fail;
	if (n == 0) {
		elf_build_id(img, len, id, sizeof(id));
		if (id[0] != '\0' && snprintf(path, sizeof(path),
		    "%s/.build-id/%.2s/%s.debug", debugdir, id, id + 2) <
		    (int)sizeof(path) &&
		    (fd = open(path, O_RDONLY | O_CLOEXEC)) != -1) {
			dimg = elf_read(fd, &dlen);
			close(fd);
		}
		if (dimg != NULL &&
		    elf_symbols(dimg, dlen, SHT_SYMTAB, &rv) == -1)
			goto fail;
	}
	if (elf_symbols(img, len, SHT_DYNSYM, &rv) == -1 ||
	    uobj_set_syms(uo, &rv) == -1)
		goto fail;
	free((void *)dimg);
	free(rv.rv_syms);
	return uo;
fail:
	free((void *)dimg);
	free(rv.rv_syms);
	uobj_unref(uo);
	return NULL;
}

/* The shared uobj of an open file, parsed if not known yet. */
static struct uobj *
uobj_file(int fd)
{
	struct uobj *uo;
	struct stat st;
	uint8_t *img;
	size_t len;

	if (fstat(fd, &st) == -1)
		return NULL;
	for (uo = uobjs; uo != NULL; uo = uo->uo_next) {
		if (uo->uo_dev == st.st_dev && uo->uo_ino == st.st_ino &&
		    uo->uo_size == st.st_size &&
		    uo->uo_mtime.tv_sec == st.st_mtim.tv_sec &&
		    uo->uo_mtime.tv_nsec == st.st_mtim.tv_nsec) {
			uo->uo_refs++;
			return uo;
		}
	}
	if ((img = elf_read(fd, &len)) == NULL)
		return NULL;
	uo = uobj_parse(img, len);
	free(img);
	if (uo == NULL)
		return NULL;
	uo->uo_shared = 1;
	uo->uo_dev = st.st_dev;
	uo->uo_ino = st.st_ino;
	uo->uo_size = st.st_size;
	uo->uo_mtime = st.st_mtim;
	uo->uo_next = uobjs;
	uobjs = uo;
	return uo;
}

/* The vDSO is only in memory: copy it out of the process. */
static struct uobj *
uobj_vdso(pid_t pid, uint64_t start, uint64_t end)
{
	struct uobj *uo = NULL;
	char path[64];
	uint8_t *img;
	size_t len = end - start;
	int fd;

	if (len > 1024 * 1024 || (img = malloc(len)) == NULL)
		return NULL;
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) != -1) {
		if (pread(fd, img, len, (off_t)start) == (ssize_t)len)
			uo = uobj_parse(img, len);
		close(fd);
	}
	free(img);
	return uo;
}

/*
 * The bias of a mapping of file offset `offset' at `start': the
 * PT_LOAD segment holding that offset tells which ELF address the
 * mapping starts at.
 */
static int
uobj_bias(const struct uobj *uo, uint64_t start, uint64_t offset,
    uint64_t *biasp)
{
	const struct elf_load *ul;
	uint64_t pgmask = (uint64_t)sysconf(_SC_PAGESIZE) - 1;
	size_t i;
	int pass;

	/* Executable segments first: they are the ones that hold pcs. */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < uo->uo_nloads; i++) {
			ul = &uo->uo_loads[i];
			if (ul->el_exec != (pass == 0) ||
			    offset < (ul->el_offset & ~pgmask) ||
			    offset >= ul->el_offset + ul->el_filesz)
				continue;
			*biasp = start -
			    (ul->el_vaddr - ul->el_offset + offset);
			return 0;
		}
	}
	return -1;
}

static void
maps_free(struct umap *maps, size_t nmaps)
{
	size_t i;

	for (i = 0; i < nmaps; i++) {
		free((char *)maps[i].um.um_path);
		uobj_unref(maps[i].um_obj);
	}
	free(maps);
}

static int
umap_push(struct umap **mapsp, size_t *nmapsp, size_t *capp,
    uint64_t start, uint64_t end, uint64_t bias, const char *path,
    struct uobj *uo)
{
	struct umap *nm;

	if ((nm = array_room(*mapsp, *nmapsp, capp, sizeof(*nm))) == NULL)
		return -1;
	*mapsp = nm;
	nm = &(*mapsp)[*nmapsp];
	memset(nm, 0, sizeof(*nm));
	if ((nm->um.um_path = strdup(path)) == NULL)
		return -1;
	nm->um.um_start = start;
	nm->um.um_end = end;
	nm->um.um_bias = bias;
	nm->um_obj = uo;
	if (uo != NULL) {
		nm->um.um_syms = uo->uo_syms;
		nm->um.um_nsyms = uo->uo_nsyms;
	}
	(*nmapsp)++;
	return 0;
}

/* Open the file of a mapping, making sure it is the one mapped. */
static int
open_mapped(pid_t pid, uint64_t start, uint64_t end, const char *path,
    unsigned long inode)
{
	char p[PATH_MAX + 64];
	struct stat st;
	size_t plen = strlen(path);
	int fd;

	snprintf(p, sizeof(p), "/proc/%d/map_files/%" PRIx64 "-%" PRIx64,
	    (int)pid, start, end);
	if ((fd = open(p, O_RDONLY | O_CLOEXEC)) != -1)
		return fd;
	if (path[0] != '/' || (plen > 10 &&
	    strcmp(path + plen - 10, " (deleted)") == 0))
		return -1;
	snprintf(p, sizeof(p), "/proc/%d/root%s", (int)pid, path);
	if ((fd = open(p, O_RDONLY | O_CLOEXEC)) == -1 &&
	    (fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) == -1 || st.st_ino != inode) {
		close(fd);	/* replaced since it was mapped */
		return -1;
	}
	return fd;
}

/* Read /proc/PID/maps into new mappings; us keeps its old ones on error. */
static int
usyms_read(struct usyms *us)
{
	struct umap *maps = NULL;
	size_t nmaps = 0, cap = 0;
	char path[64], *line = NULL, *name;
	size_t linecap = 0, nl;
	uint64_t start, end, offset, bias;
	unsigned long inode;
	unsigned int dmaj, dmin;
	struct uobj *uo;
	char perms[8];
	FILE *fp;
	int fd, n, saved;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)us->u_pid);
	if ((fp = fopen(path, "re")) == NULL)
		return -1;
	us->u_readns = now_nsecs();
	while (getline(&line, &linecap, fp) != -1) {
		if ((nl = strlen(line)) > 0 && line[nl - 1] == '\n')
			line[nl - 1] = '\0';
		n = 0;
		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %7s %" SCNx64
		    " %x:%x %lu %n", &start, &end, perms, &offset, &dmaj,
		    &dmin, &inode, &n) < 7 || n == 0 || start >= end)
			continue;
		if (strlen(perms) < 3 || perms[2] != 'x')
			continue;
		name = line + n;
		uo = NULL;
		bias = 0;
		if (strcmp(name, "[vdso]") == 0) {
			uo = uobj_vdso(us->u_pid, start, end);
			offset = 0;
		} else if (inode != 0 && (fd = open_mapped(us->u_pid, start,
		    end, name, inode)) != -1) {
			uo = uobj_file(fd);
			close(fd);
		}
		if (uo != NULL && uobj_bias(uo, start, offset, &bias) == -1) {
			uobj_unref(uo);
			uo = NULL;
		}
		if (umap_push(&maps, &nmaps, &cap, start, end, bias, name,
		    uo) == -1) {
			uobj_unref(uo);
			goto fail;
		}
	}
	if (ferror(fp))
		goto fail;
	fclose(fp);
	free(line);
	maps_free(us->u_maps, us->u_nmaps);
	us->u_maps = maps;
	us->u_nmaps = nmaps;
	return 0;
fail:
	saved = errno;
	fclose(fp);
	free(line);
	maps_free(maps, nmaps);
	errno = saved;
	return -1;
}

struct usyms *
usyms_new(pid_t pid)
{
	struct usyms *us;

	if ((us = calloc(1, sizeof(*us))) == NULL)
		return NULL;
	us->u_pid = pid;
	return us;
}

void
usyms_free(struct usyms *us)
{
	if (us == NULL)
		return;
	maps_free(us->u_maps, us->u_nmaps);
	free(us);
}

void
usyms_offline(void)
{
	offline = 1;
}

void
usyms_set_debugdir(const char *dir)
{
	debugdir = dir != NULL ? dir : PATH_DEBUG;
}

struct usyms *
usyms_get(pid_t pid)
{
	struct usyms *us;
	size_t i, victim = 0;

	for (i = 0; i < nregistered; i++)
		if (registered[i]->u_pid == pid)
			return registered[i];
	if (offline) {
		errno = ESRCH;
		return NULL;
	}
	for (i = 0; i < USYMS_NCACHE; i++) {
		if (cache[i] != NULL && cache[i]->u_pid == pid) {
			cache[i]->u_lru = ++lru_clock;
			return cache[i];
		}
		if (cache[victim] != NULL && (cache[i] == NULL ||
		    cache[i]->u_lru < cache[victim]->u_lru))
			victim = i;
	}
	if ((us = usyms_new(pid)) == NULL)
		return NULL;
	us->u_live = 1;
	if (usyms_read(us) == -1) {
		usyms_free(us);
		return NULL;
	}
	us->u_lru = ++lru_clock;
	usyms_free(cache[victim]);
	cache[victim] = us;
	return us;
}

void
usyms_flush(void)
{
	size_t i;

	for (i = 0; i < USYMS_NCACHE; i++) {
		usyms_free(cache[i]);
		cache[i] = NULL;
	}
	for (i = 0; i < nregistered; i++)
		usyms_free(registered[i]);
	free(registered);
	registered = NULL;
	nregistered = registeredcap = 0;
}

int
usyms_register(struct usyms *us)
{
	struct usyms **nr;
	size_t i;

	for (i = 0; i < nregistered; i++) {
		if (registered[i]->u_pid == us->u_pid) {
			usyms_free(registered[i]);
			registered[i] = us;
			return 0;
		}
	}
	if ((nr = array_room(registered, nregistered, &registeredcap,
	    sizeof(*nr))) == NULL)
		return -1;
	registered = nr;
	registered[nregistered++] = us;
	return 0;
}

int
usyms_add_map(struct usyms *us, uint64_t start, uint64_t end, uint64_t bias,
    const char *path, const struct usym *syms, size_t nsyms)
{
	struct rawvec rv = { NULL, 0, 0 };
	struct uobj *uo = NULL;
	size_t i, cap = us->u_nmaps;

	if (start >= end || path == NULL || (us->u_nmaps > 0 &&
	    start < us->u_maps[us->u_nmaps - 1].um.um_end))
		goto inval;
	for (i = 0; i < nsyms; i++) {
		if (syms[i].us_size == 0 || syms[i].us_name == NULL ||
		    syms[i].us_addr + syms[i].us_size < syms[i].us_addr ||
		    (i > 0 && syms[i].us_addr <
		    syms[i - 1].us_addr + syms[i - 1].us_size))
			goto inval;
	}
	if (nsyms > 0) {
		if ((uo = calloc(1, sizeof(*uo))) == NULL)
			goto nomem;
		uo->uo_refs = 1;
		for (i = 0; i < nsyms; i++)
			if (rawvec_push(&rv, syms[i].us_addr, syms[i].us_size,
			    syms[i].us_name, 0) == -1)
				goto nomem;
		if (uobj_set_syms(uo, &rv) == -1)
			goto nomem;
		free(rv.rv_syms);
		rv.rv_syms = NULL;
	}
	if (umap_push(&us->u_maps, &us->u_nmaps, &cap, start, end, bias,
	    path, uo) == -1)
		goto nomem;
	return 0;
inval:
	errno = EINVAL;
	return -1;
nomem:
	free(rv.rv_syms);
	uobj_unref(uo);
	errno = ENOMEM;
	return -1;
}

int
usyms_foreach(const struct usyms *us,
    int (*fn)(const struct usyms_map *, void *), void *arg)
{
	size_t i;
	int rc;

	for (i = 0; us != NULL && i < us->u_nmaps; i++)
		if ((rc = fn(&us->u_maps[i].um, arg)) != 0)
			return rc;
	return 0;
}

static const struct umap *
umap_find(const struct usyms *us, uint64_t addr)
{
	size_t lo = 0, hi = us->u_nmaps, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (addr < us->u_maps[mid].um.um_start)
			hi = mid;
		else if (addr >= us->u_maps[mid].um.um_end)
			lo = mid + 1;
		else
			return &us->u_maps[mid];
	}
	return NULL;
}

const struct usym *
usyms_lookup(struct usyms *us, uint64_t addr, uint64_t *offp,
    const struct usyms_map **mapp)
{
	const struct umap *m;
	const struct usym *s;
	uint64_t v;
	size_t lo = 0, hi, mid;

	if (us == NULL)
		return NULL;
	if ((m = umap_find(us, addr)) == NULL && us->u_live &&
	    now_nsecs() - us->u_readns >= USYMS_REFRESH_NS &&
	    usyms_read(us) == 0)
		m = umap_find(us, addr);
	if (mapp != NULL)
		*mapp = m != NULL ? &m->um : NULL;
	if (m == NULL || m->um.um_nsyms == 0)
		return NULL;
	v = addr - m->um.um_bias;
	s = m->um.um_syms;
	hi = m->um.um_nsyms;
	if (v < s[0].us_addr)
		return NULL;
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (s[mid].us_addr <= v)
			lo = mid;
		else
			hi = mid;
	}
	if (v - s[lo].us_addr >= s[lo].us_size)
		return NULL;
	if (offp != NULL)
		*offp = v - s[lo].us_addr;
	return &s[lo];
}

int
usyms_snprint(struct usyms *us, char *buf, size_t len, uint64_t addr)
{
	const struct usym *s;
	uint64_t off;

	if ((s = usyms_lookup(us, addr, &off, NULL)) == NULL)
		return snprintf(buf, len, "0x%" PRIx64, addr);
	return snprintf(buf, len, "%s+0x%" PRIx64, s->us_name, off);
}

/* Append to buf at total, as snprintf would, whatever fits. */
#define APPEND(total, buf, len)						\
	((size_t)(total) < (len) ? (buf) + (total) : NULL),		\
	((size_t)(total) < (len) ? (len) - (total) : 0)

int
usyms_snprint_stack(struct usyms *us, char *buf, size_t len,
    const uint64_t *pcs, size_t npcs, int depth)
{
	size_t i;
	int total;

	if (depth >= 0 && (size_t)depth < npcs)
		npcs = depth;
	total = snprintf(buf, len, "\n");
	for (i = 0; i < npcs; i++) {
		total += snprintf(APPEND(total, buf, len), "\t");
		total += usyms_snprint(us, APPEND(total, buf, len), pcs[i]);
		total += snprintf(APPEND(total, buf, len), "\n");
	}
	return total;
}
