/* SPDX-License-Identifier: ISC */
/*
 * Maps: hash tables from encoded keys to values and aggregations.
 *
 * Keys are encoded into a string of 64-bit words (a tag word per element,
 * integers in native byte order, strings with their NUL and zeros to the
 * next word) so that lookup is one hash and one memcmp, whatever the
 * key's shape, and hashing goes a word at a time.  Entries are allocated
 * only when a key is first seen; nothing is allocated per event.
 */

#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "btrace.h"

struct map {
	struct gvar	 *m_gvar;
	struct mentry	**m_tab;
	size_t		  m_mask;	/* table size - 1 */
	size_t		  m_n;		/* entries */
	struct mentry	 *m_last;	/* found last, or NULL: events come
					   in runs of one key */
};

enum {
	KT_NONE = 'n',
	KT_INT = 'i',
	KT_STR = 's',
	KT_TUPLE = 't',
};

static void *
xmalloc(size_t sz)
{
	void *p;

	if ((p = malloc(sz)) == NULL)
		err(1, NULL);
	return p;
}

struct map *
map_new(struct gvar *g)
{
	struct map *m;

	m = xmalloc(sizeof(*m));
	m->m_gvar = g;
	m->m_mask = 15;
	m->m_n = 0;
	m->m_last = NULL;
	if ((m->m_tab = calloc(m->m_mask + 1, sizeof(*m->m_tab))) == NULL)
		err(1, NULL);
	return m;
}

void
key_reset(struct keybuf *kb)
{
	kb->k_len = 0;
}

/* Room for `len' more bytes of key. */
static unsigned char *
key_room(struct keybuf *kb, size_t len)
{
	if (kb->k_len + len > kb->k_size) {
		kb->k_size = (kb->k_len + len) * 2 + 64;
		if ((kb->k_buf = realloc(kb->k_buf, kb->k_size)) == NULL)
			err(1, NULL);
	}
	return kb->k_buf + kb->k_len;
}

static void
key_word(struct keybuf *kb, uint64_t w)
{
	memcpy(key_room(kb, 8), &w, 8);
	kb->k_len += 8;
}

void
key_add(struct keybuf *kb, const struct val *v)
{
	unsigned char *p;
	size_t i, len, room;

	switch (v->v_type) {
	case VT_INT:
		key_word(kb, KT_INT);
		key_word(kb, (uint64_t)v->v_int);
		break;
	case VT_STR:
		key_word(kb, KT_STR);
		len = strlen(v->v_str);
		room = (len + 8) & ~(size_t)7;	/* the NUL, zeros to a word */
		p = key_room(kb, room);
		memset(p + room - 8, 0, 8);
		memcpy(p, v->v_str, len);
		kb->k_len += room;
		break;
	case VT_TUPLE:
		key_word(kb, KT_TUPLE | (uint64_t)v->v_tuple->t_n << 8);
		for (i = 0; i < v->v_tuple->t_n; i++)
			key_add(kb, &v->v_tuple->t_v[i]);
		break;
	default:
		key_word(kb, KT_NONE);
		break;
	}
}

/*
 * Printed keys go to one growing buffer per map print, not a stdio
 * stream per key: a map of many elements, or many maps, cost little.
 */
struct text {
	char	*t_buf;
	size_t	 t_len;
	size_t	 t_cap;
};

static void
text_add(struct text *t, const char *p, size_t len)
{
	if (len == 0)
		return;
	if (t->t_len + len > t->t_cap) {
		t->t_cap = (t->t_len + len) * 2 + 256;
		if ((t->t_buf = realloc(t->t_buf, t->t_cap)) == NULL)
			err(1, NULL);
	}
	memcpy(t->t_buf + t->t_len, p, len);
	t->t_len += len;
}

static void
text_str(struct text *t, const char *s)
{
	text_add(t, s, strlen(s));
}

/* Decode and print one key element; returns the bytes consumed. */
static size_t
key_print_one(struct text *t, const unsigned char *k)
{
	char num[24];
	size_t n, i, len, used = 8;
	uint64_t tag;
	int64_t v;

	memcpy(&tag, k, 8);
	switch (tag & 0xff) {
	case KT_INT:
		memcpy(&v, k + 8, sizeof(v));
		snprintf(num, sizeof(num), "%lld", (long long)v);
		text_str(t, num);
		return 16;
	case KT_STR:
		len = strlen((const char *)k + 8);
		text_add(t, (const char *)k + 8, len);
		return 8 + ((len + 8) & ~(size_t)7);
	case KT_TUPLE:
		n = tag >> 8;
		text_str(t, "(");
		for (i = 0; i < n; i++) {
			if (i > 0)
				text_str(t, ", ");
			used += key_print_one(t, k + used);
		}
		text_str(t, ")");
		return used;
	default:
		return 8;
	}
}

/*
 * Decode one key element into `v', its strings and tuples allocated
 * with `alloc'; returns the bytes consumed.
 */
static size_t
key_val_one(const unsigned char *k, struct val *v, void *(*alloc)(size_t))
{
	size_t n, i, len, used = 8;
	uint64_t tag;
	char *s;

	memset(v, 0, sizeof(*v));
	memcpy(&tag, k, 8);
	switch (tag & 0xff) {
	case KT_INT:
		v->v_type = VT_INT;
		memcpy(&v->v_int, k + 8, sizeof(v->v_int));
		return 16;
	case KT_STR:
		len = strlen((const char *)k + 8);
		s = alloc(len + 1);
		memcpy(s, k + 8, len + 1);
		v->v_type = VT_STR;
		v->v_str = s;
		return 8 + ((len + 8) & ~(size_t)7);
	case KT_TUPLE:
		n = tag >> 8;
		v->v_type = VT_TUPLE;
		v->v_tuple = alloc(sizeof(struct tuple) +
		    n * sizeof(struct val));
		v->v_tuple->t_n = n;
		for (i = 0; i < n; i++)
			used += key_val_one(k + used, &v->v_tuple->t_v[i],
			    alloc);
		return used;
	default:
		v->v_type = VT_NONE;
		v->v_str = "";
		return 8;
	}
}

/*
 * An entry's key as a value, for a for loop over the map: the element
 * itself for one key, a tuple of them for several.
 */
void
mentry_key_val(const struct mentry *e, struct val *v,
    void *(*alloc)(size_t))
{
	struct tuple *t;
	size_t off, n;

	for (off = 0, n = 0; off < e->m_klen; n++)
		off += key_val_one(e->m_key + off, v, alloc);
	if (n == 1)
		return;
	t = alloc(sizeof(*t) + n * sizeof(struct val));
	t->t_n = n;
	for (off = 0, n = 0; off < e->m_klen; n++)
		off += key_val_one(e->m_key + off, &t->t_v[n], alloc);
	memset(v, 0, sizeof(*v));
	v->v_type = VT_TUPLE;
	v->v_tuple = t;
}

/*
 * The key, then a NUL; its elements apart by sep, ", " in text and ","
 * in JSON, as bpftrace prints them.
 */
static void
key_print(struct text *t, const unsigned char *k, size_t len,
    const char *sep)
{
	size_t off = 0;

	while (off < len) {
		if (off > 0)
			text_str(t, sep);
		off += key_print_one(t, k + off);
	}
	text_add(t, "", 1);
}

/*
 * The elements of an entry's key as text, one string each, as printed
 * in a key: fn(element index, text, arg) for each in turn.
 */
void
mentry_keys(const struct mentry *e,
    void (*fn)(size_t, const char *, void *), void *arg)
{
	struct text t = { NULL, 0, 0 };
	size_t off = 0, i;

	for (i = 0; off < e->m_klen; i++) {
		t.t_len = 0;
		off += key_print_one(&t, e->m_key + off);
		text_add(&t, "", 1);
		fn(i, t.t_buf, arg);
	}
	free(t.t_buf);
}

/* Every entry of map `g', in no order. */
void
map_walk(const struct gvar *g,
    void (*fn)(const struct gvar *, const struct mentry *, void *), void *arg)
{
	const struct map *m = g->g_map;
	const struct mentry *e;
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i <= m->m_mask; i++)
		for (e = m->m_tab[i]; e != NULL; e = e->m_next)
			fn(g, e, arg);
}

/*
 * How much an entry weighs in a profile: the value of count(), sum(),
 * min(), max() or a plain integer; the number of values of avg(),
 * stats(), hist() and lhist(); 0 for a string or a negative value.
 */
uint64_t
mentry_weight(const struct gvar *g, const struct mentry *e)
{
	uint64_t w = 0;
	size_t i, nb;

	switch (g->g_agg) {
	case F_AVG:
	case F_STATS:
		return e->m_count > 0 ? (uint64_t)e->m_count : 0;
	case F_HIST:
	case F_LHIST:
		nb = hist_nbuckets(g);
		for (i = 0; i < nb; i++)
			if (e->m_buckets[i] > 0)
				w = w + (uint64_t)e->m_buckets[i] < w ?
				    UINT64_MAX : w + (uint64_t)e->m_buckets[i];
		return w;
	default:
		if (e->m_val.v_type != VT_INT || e->m_val.v_int < 0)
			return 0;
		return (uint64_t)e->m_val.v_int;
	}
}

/*
 * A word at a time: keys are mostly a few words (a tag, an integer, a
 * command name), and this runs for every event of a keyed map.
 */
static uint64_t
key_hash(const unsigned char *k, size_t len)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ len, w;
	size_t i;

	for (i = 0; i < len; i += 8) {		/* len is a multiple of 8 */
		memcpy(&w, k + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 29;
	}
	/* The table is indexed by the low bits: they depend on every word. */
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/* Keys of `len' bytes, a multiple of 8: a few words, compared inline. */
static int
key_equal(const unsigned char *a, const unsigned char *b, size_t len)
{
	uint64_t wa, wb;
	size_t i;

	for (i = 0; i < len; i += 8) {
		memcpy(&wa, a + i, 8);
		memcpy(&wb, b + i, 8);
		if (wa != wb)
			return 0;
	}
	return 1;
}

static void
map_grow(struct map *m)
{
	struct mentry **tab, *e, *next;
	size_t i, mask = m->m_mask * 2 + 1;

	if ((tab = calloc(mask + 1, sizeof(*tab))) == NULL)
		err(1, NULL);
	for (i = 0; i <= m->m_mask; i++) {
		for (e = m->m_tab[i]; e != NULL; e = next) {
			next = e->m_next;
			e->m_next = tab[e->m_hash & mask];
			tab[e->m_hash & mask] = e;
		}
	}
	free(m->m_tab);
	m->m_tab = tab;
	m->m_mask = mask;
}

struct mentry *
map_lookup(struct map *m, const struct keybuf *kb, int create)
{
	struct mentry *e;
	uint64_t h;
	size_t nb;

	if ((e = m->m_last) != NULL && e->m_klen == kb->k_len &&
	    key_equal(e->m_key, kb->k_buf, kb->k_len))
		return e;
	h = key_hash(kb->k_buf, kb->k_len);
	for (e = m->m_tab[h & m->m_mask]; e != NULL; e = e->m_next) {
		if (e->m_hash == h && e->m_klen == kb->k_len &&
		    key_equal(e->m_key, kb->k_buf, kb->k_len))
			return m->m_last = e;
	}
	if (!create)
		return NULL;

	if ((e = calloc(1, sizeof(*e) + kb->k_len)) == NULL)
		err(1, NULL);
	e->m_hash = h;
	e->m_klen = kb->k_len;
	if (kb->k_len > 0)
		memcpy(e->m_key, kb->k_buf, kb->k_len);
	e->m_val.v_type = VT_INT;
	nb = hist_nbuckets(m->m_gvar);
	if (nb > 0 && (e->m_buckets = calloc(nb, sizeof(int64_t))) == NULL)
		err(1, NULL);
	if (m->m_n >= m->m_mask + 1)
		map_grow(m);
	e->m_next = m->m_tab[h & m->m_mask];
	m->m_tab[h & m->m_mask] = e;
	m->m_n++;
	return m->m_last = e;
}

static void
mentry_free(struct mentry *e)
{
	free(e->m_buckets);
	free(e->m_buf);
	free(e);
}

void
map_delete(struct map *m, const struct keybuf *kb)
{
	struct mentry **ep, *e;
	uint64_t h;

	h = key_hash(kb->k_buf, kb->k_len);
	for (ep = &m->m_tab[h & m->m_mask]; (e = *ep) != NULL;
	    ep = &e->m_next) {
		if (e->m_hash == h && e->m_klen == kb->k_len &&
		    key_equal(e->m_key, kb->k_buf, kb->k_len)) {
			*ep = e->m_next;
			if (m->m_last == e)
				m->m_last = NULL;
			mentry_free(e);
			m->m_n--;
			return;
		}
	}
}

void
map_clear(struct map *m)
{
	struct mentry *e, *next;
	size_t i;

	for (i = 0; i <= m->m_mask; i++) {
		for (e = m->m_tab[i]; e != NULL; e = next) {
			next = e->m_next;
			mentry_free(e);
		}
		m->m_tab[i] = NULL;
	}
	m->m_n = 0;
	m->m_last = NULL;
}

void
map_zero(struct map *m)
{
	struct mentry *e;
	size_t i, nb = hist_nbuckets(m->m_gvar);

	for (i = 0; i <= m->m_mask; i++) {
		for (e = m->m_tab[i]; e != NULL; e = e->m_next) {
			e->m_count = 0;
			e->m_sum = 0;
			e->m_isset = 0;
			if (nb > 0)
				memset(e->m_buckets, 0, nb * sizeof(int64_t));
			e->m_val.v_type = VT_INT;
			e->m_val.v_int = 0;
		}
	}
}

/*
 * count(), sum(), min(), max() and plain integers all act on one number,
 * m_val, as in OpenBSD, so that a map may mix them: @m[k] = count() then
 * @m[k] = 5 then @m[k] = max(7).  avg() and stats() keep a count and a
 * 128-bit sum, which no int64_t values can overflow.
 */
int64_t
mentry_value(const struct gvar *g, const struct mentry *e)
{
	switch (g->g_agg) {
	case F_AVG:
	case F_STATS:
		/* A mean of int64_t values is an int64_t. */
		return e->m_count ? (int64_t)(e->m_sum / e->m_count) : 0;
	default:
		return e->m_val.v_type == VT_INT ? e->m_val.v_int : 0;
	}
}

/* A plain value stored into an entry: @m[k] = v. */
void
mentry_store(struct mentry *e, const struct val *v)
{
	val_store(&e->m_val, &e->m_buf, &e->m_bufsz, v);
	e->m_isset = 1;
}

/* One value given to the aggregation `func' of entry `e' of map `g'. */
void
mentry_aggregate(const struct gvar *g, struct mentry *e, int func, int64_t v)
{
	int64_t cur = e->m_val.v_type == VT_INT ? e->m_val.v_int : 0;

	switch (func) {
	case F_COUNT:
		cur = (int64_t)((uint64_t)cur + 1);
		break;
	case F_SUM:
		cur = (int64_t)((uint64_t)cur + (uint64_t)v);
		break;
	case F_MIN:
		if (!e->m_isset || v < cur)
			cur = v;
		break;
	case F_MAX:
		if (!e->m_isset || v > cur)
			cur = v;
		break;
	case F_AVG:
	case F_STATS:
		e->m_sum += v;
		e->m_count++;
		return;
	case F_HIST:
	case F_LHIST:
		e->m_buckets[hist_index(g, v)]++;
		return;
	}
	e->m_val.v_type = VT_INT;
	e->m_val.v_int = cur;
	e->m_isset = 1;
}

/* A 128-bit integer in decimal; `buf' holds at least 41 bytes. */
static const char *
int128_str(char *buf, size_t len, __int128 v)
{
	unsigned __int128 u = v < 0 ? -(unsigned __int128)v : (unsigned __int128)v;
	char *p = buf + len;

	*--p = '\0';
	do {
		*--p = '0' + (int)(u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	return p;
}

/*
 * Deep copies of values, so that every holder of a string or tuple owns
 * its storage: a map entry or global (val_store()), or a local for the
 * rest of its rule (eval.c's arena).  Strings are padded to 8 bytes so
 * that a tuple copied after one stays aligned.
 */
#define VAL_ALIGN(n)	(((n) + 7) & ~(size_t)7)

size_t
val_size(const struct val *v)
{
	size_t i, sz;

	switch (v->v_type) {
	case VT_STR:
		return VAL_ALIGN(strlen(v->v_str) + 1);
	case VT_TUPLE:
		sz = sizeof(struct tuple) + v->v_tuple->t_n * sizeof(struct val);
		for (i = 0; i < v->v_tuple->t_n; i++)
			sz += val_size(&v->v_tuple->t_v[i]);
		return sz;
	default:
		return 0;
	}
}

static char *
val_copy_at(struct val *dst, const struct val *src, char *p)
{
	struct tuple *t;
	size_t i, len;

	*dst = *src;
	switch (src->v_type) {
	case VT_STR:
		len = strlen(src->v_str) + 1;
		memmove(p, src->v_str, len);
		dst->v_str = p;
		return p + VAL_ALIGN(len);
	case VT_TUPLE:
		t = (struct tuple *)p;
		t->t_n = src->v_tuple->t_n;
		p += sizeof(*t) + t->t_n * sizeof(struct val);
		for (i = 0; i < t->t_n; i++)
			p = val_copy_at(&t->t_v[i], &src->v_tuple->t_v[i], p);
		dst->v_tuple = t;
		return p;
	default:
		return p;
	}
}

/* Copy `src' into `dst', its strings and tuples into `buf' (val_size()). */
void
val_copy(struct val *dst, const struct val *src, char *buf)
{
	struct val tmp;

	val_copy_at(&tmp, src, buf);
	*dst = tmp;
}

void
val_store(struct val *dst, char **buf, size_t *bufsz, const struct val *src)
{
	char *old = NULL;
	size_t sz;

	sz = val_size(src);
	if (sz == 0) {
		*dst = *src;
		return;
	}
	if (src->v_type == VT_STR && src->v_str == *buf) {
		*dst = *src;		/* storing a value into itself */
		return;
	}
	if (sz > *bufsz) {
		/* The source may live in the old buffer: free it after. */
		old = *buf;
		*buf = xmalloc(sz);
		*bufsz = sz;
	} else if (src->v_type == VT_TUPLE) {
		old = *buf;
		*buf = xmalloc(*bufsz);
	}
	val_copy(dst, src, *buf);
	free(old);
}

/*
 * Printing, in OpenBSD's format: sorted by value, largest first, ties
 * broken by the printed key.
 */
struct pentry {
	struct mentry	*e;
	char		*key;		/* printed key */
	size_t		 keyoff;	/* its offset while printing keys */
	int64_t		 value;
};

static struct gvar *sort_gvar;
static int64_t print_div = 1;	/* print(@m, top, div) */

static int
pentry_cmp_key(const void *a, const void *b)
{
	const struct pentry *pa = a, *pb = b;

	return strcmp(pa->key, pb->key);
}

static int
pentry_cmp(const void *a, const void *b)
{
	const struct pentry *pa = a, *pb = b;
	const struct val *va = &pa->e->m_val, *vb = &pb->e->m_val;
	int c;

	if (sort_gvar->g_agg == F_NONE && va->v_type == VT_STR &&
	    vb->v_type == VT_STR) {
		if ((c = strcmp(vb->v_str, va->v_str)) != 0)
			return c;
	} else if (pa->value != pb->value)
		return pa->value > pb->value ? -1 : 1;
	return strcmp(pa->key, pb->key);
}

static void
print_value(FILE *fp, const struct gvar *g, const struct mentry *e)
{
	char num[48];

	switch (g->g_agg) {
	case F_STATS:
		fprintf(fp, "count %lld, average %lld, total %s",
		    (long long)e->m_count, (long long)mentry_value(g, e),
		    int128_str(num, sizeof(num), e->m_sum));
		break;
	case F_NONE:
		if (e->m_val.v_type == VT_INT && print_div != 1)
			fprintf(fp, "%lld", (long long)(e->m_val.v_int /
			    print_div));
		else
			val_print(fp, &e->m_val);
		break;
	default:
		fprintf(fp, "%lld", (long long)(mentry_value(g, e) /
		    print_div));
		break;
	}
}

static void
print_text(FILE *fp, const struct gvar *g, const struct pentry *pe, size_t n)
{
	int hist = g->g_agg == F_HIST || g->g_agg == F_LHIST;
	size_t i;

	for (i = 0; i < n; i++) {
		fprintf(fp, "@%s", g->g_name);
		if (g->g_nkeys > 0)
			fprintf(fp, "[%s]", pe[i].key);
		if (hist) {
			fputs(":\n", fp);
			hist_print(fp, g, pe[i].e->m_buckets);
		} else {
			fputs(": ", fp);
			print_value(fp, g, pe[i].e);
			fputc('\n', fp);
		}
	}
}

/*
 * {"type": "map", "data": {"@name": {"key": value, ...}}}, or the value
 * alone for a map without keys; "hist" objects hold bucket arrays.
 */
static void
print_json(FILE *fp, const struct gvar *g, const struct pentry *pe, size_t n)
{
	const struct mentry *e;
	int hist = g->g_agg == F_HIST || g->g_agg == F_LHIST;
	size_t i;
	char num[48];

	/* avg() is "stats" too, as bpftrace has it. */
	fprintf(fp, "{\"type\": \"%s\", \"data\": {\"@%s\": ",
	    hist ? "hist" : g->g_agg == F_STATS || g->g_agg == F_AVG ?
	    "stats" : "map", g->g_name);
	if (g->g_nkeys > 0)
		fputc('{', fp);
	for (i = 0; i < n; i++) {
		e = pe[i].e;
		if (g->g_nkeys > 0) {
			if (i > 0)
				fputs(", ", fp);
			json_str(fp, pe[i].key);
			fputs(": ", fp);
		}
		if (hist)
			hist_print_json(fp, g, e->m_buckets);
		else if (g->g_agg == F_STATS)
			fprintf(fp, "{\"count\": %lld, \"average\": %lld, "
			    "\"total\": %s}", (long long)e->m_count,
			    (long long)mentry_value(g, e),
			    int128_str(num, sizeof(num), e->m_sum));
		else if (g->g_agg == F_NONE && (e->m_val.v_type != VT_INT ||
		    print_div == 1))
			json_val(fp, &e->m_val);
		else if (g->g_agg == F_NONE)
			fprintf(fp, "%lld", (long long)(e->m_val.v_int /
			    print_div));
		else
			fprintf(fp, "%lld", (long long)(mentry_value(g, e) /
			    print_div));
	}
	if (g->g_nkeys > 0)
		fputc('}', fp);
	fputs("}}\n", fp);
}

/*
 * print(@m, top, div): the top entries, integer values divided by div
 * (histograms and stats as they are).
 */
void
map_print_div(FILE *fp, struct gvar *g, size_t top, int64_t div)
{
	print_div = div;
	map_print(fp, g, top);
	print_div = 1;
}

void
map_print(FILE *fp, struct gvar *g, size_t top)
{
	struct map *m = g->g_map;
	struct pentry *pe;
	struct mentry *e;
	struct text keys = { NULL, 0, 0 };
	size_t i, n = 0;
	int hist = g->g_agg == F_HIST || g->g_agg == F_LHIST;

	if (m == NULL || m->m_n == 0)
		return;
	if ((pe = calloc(m->m_n, sizeof(*pe))) == NULL)
		err(1, NULL);
	/* Offsets first, pointers once the buffer is final. */
	for (i = 0; i <= m->m_mask; i++) {
		for (e = m->m_tab[i]; e != NULL; e = e->m_next) {
			pe[n].e = e;
			pe[n].keyoff = keys.t_len;
			key_print(&keys, e->m_key, e->m_klen,
			    json ? "," : ", ");
			pe[n].value = mentry_value(g, e);
			n++;
		}
	}
	for (i = 0; i < n; i++)
		pe[i].key = keys.t_buf + pe[i].keyoff;
	sort_gvar = g;
	qsort(pe, n, sizeof(*pe), hist ? pentry_cmp_key : pentry_cmp);

	if (json)
		print_json(fp, g, pe, n < top ? n : top);
	else
		print_text(fp, g, pe, n < top ? n : top);
	free(keys.t_buf);
	free(pe);
}
