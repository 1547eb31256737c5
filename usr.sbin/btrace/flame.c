/* SPDX-License-Identifier: ISC */
/*
 * Profiles of the maps keyed by stacks (-f folded, -f svg): each entry
 * becomes a path of frames from the root, its keys that are not stacks
 * first (comm, pid, ... in key order), then the user stack, then the
 * kernel stack, each outermost frame first; its value is the weight of
 * the path.  Paths merge into one tree, so that entries whose stacks
 * print alike are one stack.  Folded output is a line per stack that
 * samples ended in, the frames separated by ';', a space and the count,
 * as FlameGraph's flamegraph.pl and speedscope read it.
 */

#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "btrace.h"
#include "flame.h"

enum flame_format	 flame_format;

#define NOFRAMES	"[no frames]"	/* an entry whose path is empty */

/* One map entry on its way into the tree. */
struct path {
	const struct gvar	 *pa_gvar;
	int			  pa_named;	/* the map is a frame */
	char			**pa_keys;	/* key elements as text */
	size_t			  pa_nkeys;
	size_t			  pa_keyscap;
};

static int
is_stack_map(const struct gvar *g)
{
	return g->g_kind == G_MAP &&
	    (g->g_kstackkeys | g->g_ustackkeys) != 0;
}

/*
 * Before tracing: a profile of a program that has no map keyed by a
 * stack would be empty whatever happens.
 */
void
flame_check(const struct program *p)
{
	const struct gvar *g;

	TAILQ_FOREACH(g, &p->gvars, g_next)
		if (is_stack_map(g))
			return;
	errx(1, "-f %s: no map of the program is keyed by kstack or ustack",
	    flame_format == FLAME_SVG ? "svg" : "folded");
}

static void *
xreallocarray(void *p, size_t n, size_t size)
{
	if ((p = reallocarray(p, n, size)) == NULL)
		err(1, NULL);
	return p;
}

static int
frame_cmp(const char *name, enum frame_kind kind, const struct frame *f)
{
	int c;

	if ((c = strcmp(name, f->f_name)) != 0)
		return c;
	return (int)kind - (int)f->f_kind;
}

/* The callee of `f' called `name', made if new; kept sorted. */
static struct frame *
frame_kid(struct frame *f, const char *name, size_t len,
    enum frame_kind kind)
{
	struct frame *k;
	char *s;
	size_t lo = 0, hi = f->f_nkids, mid;
	int c;

	if ((s = strndup(name, len)) == NULL)
		err(1, NULL);
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = frame_cmp(s, kind, f->f_kids[mid])) == 0) {
			free(s);
			return f->f_kids[mid];
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	if ((k = calloc(1, sizeof(*k))) == NULL)
		err(1, NULL);
	k->f_name = s;
	k->f_kind = kind;
	if (f->f_nkids == f->f_kidscap) {
		f->f_kidscap = f->f_kidscap * 2 + 4;
		f->f_kids = xreallocarray(f->f_kids, f->f_kidscap,
		    sizeof(*f->f_kids));
	}
	memmove(f->f_kids + lo + 1, f->f_kids + lo,
	    (f->f_nkids - lo) * sizeof(*f->f_kids));
	f->f_kids[lo] = k;
	f->f_nkids++;
	return k;
}

/* Down the tree by one frame, counting `w' samples on the way. */
static struct frame *
frame_step(struct profile *pr, struct frame *f, size_t *depth,
    const char *name, size_t len, enum frame_kind kind, uint64_t w)
{
	f = frame_kid(f, name, len, kind);
	f->f_total += w;
	if (++*depth > pr->p_depth)
		pr->p_depth = *depth;
	return f;
}

/*
 * The frames of a stack as kstack and ustack print it, "\n\tf\n\tg\n",
 * innermost first: outermost first into the tree.
 */
static struct frame *
add_stack(struct profile *pr, struct frame *f, size_t *depth,
    const char *stack, enum frame_kind kind, uint64_t w)
{
	const char *end, *start;

	end = stack + strlen(stack);
	while (end > stack) {
		while (end > stack && end[-1] == '\n')
			end--;
		start = end;
		while (start > stack && start[-1] != '\n')
			start--;
		if (end > start) {
			f = frame_step(pr, f, depth, start + (*start == '\t'),
			    end - start - (*start == '\t'), kind, w);
		}
		end = start;
	}
	return f;
}

static void
collect_key(size_t i, const char *text, void *arg)
{
	struct path *pa = arg;

	(void)i;
	if (pa->pa_nkeys == pa->pa_keyscap) {
		pa->pa_keyscap = pa->pa_keyscap * 2 + 4;
		pa->pa_keys = xreallocarray(pa->pa_keys, pa->pa_keyscap,
		    sizeof(*pa->pa_keys));
	}
	if ((pa->pa_keys[pa->pa_nkeys++] = strdup(text)) == NULL)
		err(1, NULL);
}

static int
key_is(uint32_t mask, size_t i)
{
	return i < 32 && (mask & (1U << i)) != 0;
}

static void
add_entry(const struct gvar *g, const struct mentry *e, void *arg)
{
	struct profile *pr = arg;
	struct path pa = { g, 0, NULL, 0, 0 };
	struct frame *f = &pr->p_root;
	size_t i, depth = 0;
	uint64_t w;
	char name[130];

	if ((w = mentry_weight(g, e)) == 0)
		return;
	pr->p_root.f_total += w;
	mentry_keys(e, collect_key, &pa);
	if (pr->p_nmaps > 1) {
		snprintf(name, sizeof(name), "@%s", g->g_name);
		f = frame_step(pr, f, &depth, name, strlen(name), FRAME_KEY,
		    w);
	}
	for (i = 0; i < pa.pa_nkeys; i++)
		if (!key_is(g->g_kstackkeys | g->g_ustackkeys, i))
			f = frame_step(pr, f, &depth, pa.pa_keys[i],
			    strlen(pa.pa_keys[i]), FRAME_KEY, w);
	for (i = 0; i < pa.pa_nkeys; i++)
		if (key_is(g->g_ustackkeys, i))
			f = add_stack(pr, f, &depth, pa.pa_keys[i],
			    FRAME_USER, w);
	for (i = 0; i < pa.pa_nkeys; i++)
		if (key_is(g->g_kstackkeys, i))
			f = add_stack(pr, f, &depth, pa.pa_keys[i],
			    FRAME_KERNEL, w);
	if (f == &pr->p_root)
		f = frame_step(pr, f, &depth, NOFRAMES, strlen(NOFRAMES),
		    FRAME_KEY, w);
	f->f_self += w;
	for (i = 0; i < pa.pa_nkeys; i++)
		free(pa.pa_keys[i]);
	free(pa.pa_keys);
}

static void
frame_free(struct frame *f)
{
	size_t i;

	for (i = 0; i < f->f_nkids; i++) {
		frame_free(f->f_kids[i]);
		free(f->f_kids[i]);
	}
	free(f->f_kids);
	free(f->f_name);
}

/* A frame name in a folded line: ';' and control characters as '_'. */
static void
folded_name(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++)
		putc(*s == ';' || (unsigned char)*s < 0x20 || *s == 0x7f ?
		    '_' : *s, fp);
}

static void
folded_walk(FILE *fp, const struct frame *f, const struct frame **path,
    size_t depth)
{
	size_t i;
	char num[U128_STRLEN];

	if (depth > 0 && f->f_self > 0) {
		for (i = 1; i <= depth; i++) {
			if (i > 1)
				putc(';', fp);
			folded_name(fp, path[i]->f_name);
		}
		fprintf(fp, " %s\n", u128_str(num, sizeof(num),
		    f->f_self));
	}
	for (i = 0; i < f->f_nkids; i++) {
		path[depth + 1] = f->f_kids[i];
		folded_walk(fp, f->f_kids[i], path, depth + 1);
	}
}

/*
 * At the end: the maps keyed by stacks as a profile on `fp', every
 * other map as text on the normal output.  `title' names the program.
 */
void
flame_print(FILE *fp, struct program *p, const char *title)
{
	static struct profile pr;
	struct gvar *g;
	const struct frame **path;
	size_t len = 0;

	memset(&pr, 0, sizeof(pr));
	pr.p_root.f_name = strdup("all");
	TAILQ_FOREACH(g, &p->gvars, g_next) {
		if (!is_stack_map(g)) {
			if (g->g_kind == G_MAP)
				map_print(out, g, SIZE_MAX);
			continue;
		}
		pr.p_nmaps++;
		len += snprintf(pr.p_maps + len, len < sizeof(pr.p_maps) ?
		    sizeof(pr.p_maps) - len : 0, "%s@%s", len > 0 ? ", " : "",
		    g->g_name);
		if (len >= sizeof(pr.p_maps))
			len = sizeof(pr.p_maps);
	}
	TAILQ_FOREACH(g, &p->gvars, g_next)
		if (is_stack_map(g))
			map_walk(g, add_entry, &pr);
	if (pr.p_root.f_total == 0)
		warnx("-f %s: no stack was sampled: %s %s empty",
		    flame_format == FLAME_SVG ? "svg" : "folded", pr.p_maps,
		    pr.p_nmaps > 1 ? "are" : "is");
	if (flame_format == FLAME_SVG)
		svg_write(fp, &pr, title);
	else {
		path = xreallocarray(NULL, pr.p_depth + 1, sizeof(*path));
		path[0] = &pr.p_root;
		folded_walk(fp, &pr.p_root, path, 0);
		free(path);
	}
	frame_free(&pr.p_root);
}
