/* SPDX-License-Identifier: ISC */
/*
 * Kernel symbols from a kallsyms file: "ADDR TYPE NAME[\t[MODULE]]"
 * per line.  kallsyms gives no sizes, so a text symbol ends where the
 * next symbol of its region starts; data symbols are read only to end
 * the text before them.  Names live in one string arena, referenced
 * by offset, so the table is a few flat arrays.
 */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "syms.h"
#include "util.h"

struct kentry {
	uint64_t	 ke_addr;
	uint64_t	 ke_end;
	uint32_t	 ke_name;	/* arena offsets; ke_mod 0: kernel */
	uint32_t	 ke_mod;
};

struct ksyms {
	struct kentry	*k_ents;
	size_t		 k_nents;
	size_t		 k_cap;
	char		*k_arena;
	size_t		 k_arenalen;
	size_t		 k_arenacap;
	uint32_t	 k_lastmod;	/* to share repeated module names */
};

/* A line of the file while loading. */
struct kline {
	uint64_t	 kl_addr;
	uint32_t	 kl_name;
	uint32_t	 kl_mod;
	uint32_t	 kl_index;	/* line order, to keep the first */
	int		 kl_text;
};

static void
seterr(char *errbuf, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(errbuf, errlen, fmt, ap);
	va_end(ap);
}

static char *
slurp(const char *path, size_t *lenp)
{
	char *buf = NULL, *nbuf;
	size_t len = 0, size = 0;
	ssize_t n;
	int fd, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return NULL;
	for (;;) {
		if (size - len < 65536) {
			size = size * 2 + 262144;
			if ((nbuf = realloc(buf, size)) == NULL)
				goto fail;
			buf = nbuf;
		}
		n = read(fd, buf + len, size - len - 1);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (n == 0)
			break;
		len += n;
	}
	close(fd);
	buf[len] = '\0';
	*lenp = len;
	return buf;
fail:
	saved = errno;
	free(buf);
	close(fd);
	errno = saved;
	return NULL;
}

/* Copy a string into the arena; 0 on failure (offset 0 is ""). */
static uint32_t
arena_add(struct ksyms *ks, const char *s, size_t len)
{
	size_t off, ncap;
	char *na;

	if (ks->k_arenalen + len + 1 > ks->k_arenacap) {
		ncap = ks->k_arenacap * 2 + len + 65536;
		if (ncap > UINT32_MAX)
			return 0;
		if ((na = realloc(ks->k_arena, ncap)) == NULL)
			return 0;
		ks->k_arena = na;
		ks->k_arenacap = ncap;
	}
	off = ks->k_arenalen;
	memcpy(ks->k_arena + off, s, len);
	ks->k_arena[off + len] = '\0';
	ks->k_arenalen += len + 1;
	return off;
}

static uint32_t
arena_mod(struct ksyms *ks, const char *s, size_t len)
{
	const char *last = ks->k_arena + ks->k_lastmod;

	if (ks->k_lastmod != 0 && strlen(last) == len &&
	    memcmp(last, s, len) == 0)
		return ks->k_lastmod;
	return ks->k_lastmod = arena_add(ks, s, len);
}

struct ksyms *
ksyms_new(void)
{
	struct ksyms *ks;

	if ((ks = calloc(1, sizeof(*ks))) == NULL)
		return NULL;
	if (arena_add(ks, "", 0) != 0 || ks->k_arena == NULL) {
		free(ks);
		return NULL;
	}
	return ks;
}

void
ksyms_free(struct ksyms *ks)
{
	if (ks == NULL)
		return;
	free(ks->k_ents);
	free(ks->k_arena);
	free(ks);
}

size_t
ksyms_count(const struct ksyms *ks)
{
	return ks == NULL ? 0 : ks->k_nents;
}

static int
kentry_push(struct ksyms *ks, uint64_t addr, uint64_t end, uint32_t name,
    uint32_t mod)
{
	struct kentry *ne;

	if ((ne = array_room(ks->k_ents, ks->k_nents, &ks->k_cap,
	    sizeof(*ne))) == NULL)
		return -1;
	ks->k_ents = ne;
	ne = &ks->k_ents[ks->k_nents++];
	ne->ke_addr = addr;
	ne->ke_end = end;
	ne->ke_name = name;
	ne->ke_mod = mod;
	return 0;
}

int
ksyms_add(struct ksyms *ks, uint64_t addr, uint64_t size, const char *name,
    const char *mod)
{
	uint32_t noff, moff = 0;

	if (size == 0 || addr + size < addr || name == NULL || *name == '\0' ||
	    (ks->k_nents > 0 && addr < ks->k_ents[ks->k_nents - 1].ke_end)) {
		errno = EINVAL;
		return -1;
	}
	if ((noff = arena_add(ks, name, strlen(name))) == 0)
		goto nomem;
	if (mod != NULL && (moff = arena_mod(ks, mod, strlen(mod))) == 0)
		goto nomem;
	if (kentry_push(ks, addr, addr + size, noff, moff) == -1)
		goto nomem;
	return 0;
nomem:
	errno = ENOMEM;
	return -1;
}

static int
kline_cmp(const void *a, const void *b)
{
	const struct kline *x = a, *y = b;

	if (x->kl_addr != y->kl_addr)
		return x->kl_addr < y->kl_addr ? -1 : 1;
	if (x->kl_text != y->kl_text)
		return x->kl_text ? -1 : 1;
	return x->kl_index < y->kl_index ? -1 : x->kl_index > y->kl_index;
}

static int
same_region(const struct ksyms *ks, const struct kline *a,
    const struct kline *b)
{
	if (a->kl_mod == b->kl_mod)
		return 1;
	if (a->kl_mod == 0 || b->kl_mod == 0)
		return 0;
	return strcmp(ks->k_arena + a->kl_mod, ks->k_arena + b->kl_mod) == 0;
}

static int
is_text(char type)
{
	return type == 't' || type == 'T' || type == 'w' || type == 'W';
}

/*
 * Parse one line, NUL-terminated, into kl; 0 if it is well formed.
 */
static int
parse_line(struct ksyms *ks, char *line, struct kline *kl)
{
	char *p = line, *end, *name, *mod;
	size_t nlen;

	if (*p < '0' || (*p > '9' && (*p | 0x20) < 'a') || (*p | 0x20) > 'f')
		return -1;
	errno = 0;
	kl->kl_addr = strtoull(p, &end, 16);
	if (errno != 0 || end == p || *end != ' ')
		return -1;
	p = end + 1;
	/*
	 * The type is nm's letter, or '?' where the kernel's kallsyms
	 * could not tell (__nosave_begin on a KASAN kernel): any one
	 * printable character.
	 */
	if (*p <= ' ' || *p > '~' || p[1] != ' ')
		return -1;
	kl->kl_text = is_text(*p);
	name = p + 2;
	nlen = strcspn(name, " \t");
	if (nlen == 0)
		return -1;
	p = name + nlen;
	kl->kl_mod = 0;
	if (*p == '\t' || *p == ' ') {
		p += strspn(p, " \t");
		if (*p != '\0') {
			if (*p != '[' || (end = strchr(p, ']')) == NULL ||
			    end == p + 1 || end[1] != '\0')
				return -1;
			mod = p + 1;
			if ((kl->kl_mod = arena_mod(ks, mod, end - mod)) == 0)
				return -2;
		}
	}
	if (!kl->kl_text) {
		kl->kl_name = 0;	/* only a terminator */
		return 0;
	}
	if ((kl->kl_name = arena_add(ks, name, nlen)) == 0)
		return -2;
	return 0;
}

int
ksyms_find(const char *path, const char *name, uint64_t *addr)
{
	FILE *f;
	char *line = NULL, *p, *end;
	size_t cap = 0, nlen = strlen(name);
	int rc = -1;

	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (rc == -1 && getline(&line, &cap, f) != -1) {
		/* "ADDR T NAME[\t[MODULE]]" */
		if ((p = strchr(line, ' ')) == NULL || p[1] == '\0' ||
		    p[2] != ' ' || strncmp(p + 3, name, nlen) != 0 ||
		    strchr("\t\n ", p[3 + nlen]) == NULL ||
		    p[3 + nlen] == '\0')
			continue;
		errno = 0;
		*addr = strtoull(line, &end, 16);
		if (errno == 0 && end == p)
			rc = 0;
	}
	free(line);
	fclose(f);
	return rc;
}

struct ksyms *
ksyms_load(const char *path, char *errbuf, size_t errlen)
{
	struct ksyms *ks = NULL;
	struct kline *lines = NULL, *nl, *kl;
	size_t len, nlines = 0, cap = 0, i, j, lineno = 0, ntext = 0;
	char *buf, *line, *eol;
	uint64_t end;
	int rc;

	if ((buf = slurp(path, &len)) == NULL) {
		seterr(errbuf, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if ((ks = ksyms_new()) == NULL)
		goto nomem;
	for (line = buf; line < buf + len; line = eol + 1) {
		lineno++;
		if ((eol = strchr(line, '\n')) == NULL)
			eol = buf + len;
		*eol = '\0';
		if (*line == '\0')
			continue;
		if ((nl = array_room(lines, nlines, &cap, sizeof(*nl))) ==
		    NULL)
			goto nomem;
		lines = nl;
		kl = &lines[nlines];
		if ((rc = parse_line(ks, line, kl)) == -2)
			goto nomem;
		if (rc == -1) {
			seterr(errbuf, errlen, "%s:%zu: malformed line, "
			    "expected \"ADDRESS TYPE NAME [MODULE]\"",
			    path, lineno);
			goto fail;
		}
		kl->kl_index = nlines++;
		if (kl->kl_text && kl->kl_addr != 0)
			ntext++;
	}
	if (ntext == 0) {
		for (i = 0; i < nlines && !lines[i].kl_text; i++)
			;
		if (i < nlines)
			seterr(errbuf, errlen, "%s: every address reads as 0: "
			    "kernel addresses are hidden by the sysctl "
			    "kernel.kptr_restrict (run as root, or set it to "
			    "0 or 1); kernel stacks print as addresses",
			    path);
		else
			seterr(errbuf, errlen, "%s: no text symbol", path);
		goto fail;
	}
	qsort(lines, nlines, sizeof(*lines), kline_cmp);
	ks->k_lastmod = 0;
	for (i = 0; i < nlines; i = j) {
		kl = &lines[i];
		for (j = i + 1; j < nlines && lines[j].kl_addr == kl->kl_addr;
		    j++)
			;
		if (!kl->kl_text || kl->kl_addr == 0)
			continue;
		end = kl->kl_addr + KSYMS_LASTSPAN;
		if (end < kl->kl_addr)
			end = UINT64_MAX;
		if (j < nlines && (same_region(ks, kl, &lines[j]) ||
		    lines[j].kl_addr < end))
			end = lines[j].kl_addr;
		if (kentry_push(ks, kl->kl_addr, end, kl->kl_name,
		    kl->kl_mod) == -1)
			goto nomem;
	}
	free(lines);
	free(buf);
	return ks;
nomem:
	seterr(errbuf, errlen, "%s: %s", path, strerror(ENOMEM));
fail:
	free(lines);
	free(buf);
	ksyms_free(ks);
	return NULL;
}

static void
kentry_export(const struct ksyms *ks, const struct kentry *ke,
    struct ksym *sym)
{
	sym->ks_addr = ke->ke_addr;
	sym->ks_size = ke->ke_end - ke->ke_addr;
	sym->ks_name = ks->k_arena + ke->ke_name;
	sym->ks_mod = ke->ke_mod ? ks->k_arena + ke->ke_mod : NULL;
}

int
ksyms_foreach(const struct ksyms *ks, int (*fn)(const struct ksym *, void *),
    void *arg)
{
	struct ksym sym;
	size_t i;
	int rc;

	for (i = 0; i < ksyms_count(ks); i++) {
		kentry_export(ks, &ks->k_ents[i], &sym);
		if ((rc = fn(&sym, arg)) != 0)
			return rc;
	}
	return 0;
}

int
ksyms_lookup(const struct ksyms *ks, uint64_t addr, struct ksym *sym,
    uint64_t *offp)
{
	const struct kentry *ke;
	size_t lo = 0, hi, mid;

	if (ks == NULL || ks->k_nents == 0)
		return -1;
	/* The last entry starting at or below addr. */
	hi = ks->k_nents;
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (ks->k_ents[mid].ke_addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	ke = &ks->k_ents[lo];
	if (addr < ke->ke_addr || addr >= ke->ke_end)
		return -1;
	kentry_export(ks, ke, sym);
	if (offp != NULL)
		*offp = addr - ke->ke_addr;
	return 0;
}

int
ksyms_snprint(const struct ksyms *ks, char *buf, size_t len, uint64_t addr)
{
	struct ksym sym;
	uint64_t off;

	if (ksyms_lookup(ks, addr, &sym, &off) == -1)
		return snprintf(buf, len, "0x%" PRIx64, addr);
	return snprintf(buf, len, "%s+0x%" PRIx64, sym.ks_name, off);
}

/* Append to buf at *total, as snprintf would, whatever fits. */
#define APPEND(total, buf, len)						\
	((size_t)(total) < (len) ? (buf) + (total) : NULL),		\
	((size_t)(total) < (len) ? (len) - (total) : 0)

int
ksyms_snprint_stack(const struct ksyms *ks, char *buf, size_t len,
    const uint64_t *pcs, size_t npcs, int depth)
{
	size_t i;
	int total;

	if (depth >= 0 && (size_t)depth < npcs)
		npcs = depth;
	total = snprintf(buf, len, "\n");
	for (i = 0; i < npcs; i++) {
		total += snprintf(APPEND(total, buf, len), "\t");
		total += ksyms_snprint(ks, APPEND(total, buf, len), pcs[i]);
		total += snprintf(APPEND(total, buf, len), "\n");
	}
	return total;
}
