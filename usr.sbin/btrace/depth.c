/* SPDX-License-Identifier: ISC */
/*
 * How deeply a program nests, bounded before anything recurses on its
 * tree: checking, evaluating and printing a program all recurse once or
 * a few times per level, so a bound on the levels is a bound on the
 * stack, and btrace's stack is sized from it (see btrace.c).
 */

#include <sys/queue.h>

#include "btrace.h"

static int	depth_stmts(const struct stmtq *, int);

static int
too_deep(struct pos pos)
{
	src_error(pos, "nested too deeply: more than %d levels of "
	    "expressions and statements", BT_MAXDEPTH);
	return -1;
}

/*
 * 0, or -1 once an element deeper than BT_MAXDEPTH has been reported:
 * the walk stops there, so that it never goes deeper itself.
 */
static int
depth_node(const struct node *n, int depth)
{
	size_t i;

	if (n == NULL)
		return 0;
	if (depth > BT_MAXDEPTH)
		return too_deep(n->n_pos);
	if (depth_node(n->n_l, depth + 1) == -1 ||
	    depth_node(n->n_r, depth + 1) == -1 ||
	    depth_node(n->n_c, depth + 1) == -1)
		return -1;
	for (i = 0; i < n->n_nargs; i++)
		if (depth_node(n->n_args[i], depth + 1) == -1)
			return -1;
	return 0;
}

static int
depth_stmts(const struct stmtq *q, int depth)
{
	const struct stmt *s;
	size_t i;

	if (q == NULL || TAILQ_EMPTY(q))
		return 0;
	if (depth > BT_MAXDEPTH)
		return too_deep(TAILQ_FIRST(q)->s_pos);
	TAILQ_FOREACH(s, q, s_next) {
		if (depth_node(s->s_lhs, depth + 1) == -1 ||
		    depth_node(s->s_rhs, depth + 1) == -1)
			return -1;
		for (i = 0; i < s->s_nargs; i++)
			if (depth_node(s->s_args[i], depth + 1) == -1)
				return -1;
		if (depth_stmts(s->s_then, depth + 1) == -1 ||
		    depth_stmts(s->s_else, depth + 1) == -1)
			return -1;
	}
	return 0;
}

/* Report each rule nested too deeply; the number of them. */
int
depth_check(const struct program *p)
{
	const struct rule *r;
	int nerr = 0;

	TAILQ_FOREACH(r, &p->rules, r_next)
		if (depth_node(r->r_filter, 1) == -1 ||
		    depth_stmts(r->r_action, 1) == -1)
			nerr++;
	return nerr;
}
