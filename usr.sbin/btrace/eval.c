/* SPDX-License-Identifier: ISC */
/*
 * Evaluation of rules against events.
 *
 * This is the per-event path: names were resolved by sema.c, maps are
 * hash tables, and temporary strings and tuples come from an arena that
 * is reset for each event, so a steady stream of events allocates
 * nothing.
 */

#include <sys/queue.h>

#include <err.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "btrace.h"
#include "bt_lex.h"
#include "bt_parse.h"
#include "kdata.h"

/* The longest str() result: STRLEN - 1, or less as config asks. */
int64_t		 config_strmax = STRLEN - 1;

#define MAXKEYS		16

static struct program		*eprog;
static const struct bt_event	*ev;
static struct val		*lslots;	/* locals of the rule */

/*
 * The storage of each local's strings and tuples: two buffers, the value
 * in one, the next value copied into the other (it may be made of the
 * current one), each grown when too small and kept from one event to the
 * next, so that a loop may assign a local a million times in one event
 * and the arena be emptied after each pass (arena_mark()).
 */
struct lstore {
	char	*ls_buf[2];
	size_t	 ls_cap[2];
	int	 ls_cur;
};
static struct lstore		*lstores;
static enum eval_status		 estatus;
static struct keybuf		 kb;
uint64_t			 eval_filtered;

/*
 * Loops are real loops here, so an event may run at most LOOP_MAX
 * iterations, of all its loops together (bt(5)): more is a run-time
 * error naming the loop, not a hang.
 */
#define LOOP_MAX	1000000
static uint64_t			 loop_iters;

/* The exit status exit(code) asked for. */
int				 exit_code;

/* How a statement left its block: break, continue or return. */
static enum { CTL_NEXT, CTL_BREAK, CTL_CONTINUE, CTL_RETURN } ctl;

/*
 * The arena: one block, grown between events when an event needed more.
 */
static char	*arena;
static size_t	 arena_size, arena_used, arena_want;
static size_t	 arena_peak;	/* the most wanted before a release */

struct overflow {
	struct overflow	*next;
};
static struct overflow	*overflows;

static void *
arena_alloc(size_t sz)
{
	struct overflow *o;
	void *p;

	sz = (sz + 15) & ~(size_t)15;
	arena_want += sz;
	if (arena_used + sz <= arena_size) {
		p = arena + arena_used;
		arena_used += sz;
		return p;
	}
	/* Rare: keep this event going, size the arena up for the next. */
	if ((o = malloc(sizeof(*o) + 16 + sz)) == NULL)
		err(1, NULL);
	o->next = overflows;
	overflows = o;
	return (char *)o + 16;
}

/*
 * A point in the arena to go back to: what a loop's pass allocated is
 * not used after it, since locals, maps and globals own copies.
 */
struct arena_mark {
	size_t		 used;
	size_t		 want;
	struct overflow	*overflows;
};

static void
arena_mark(struct arena_mark *m)
{
	m->used = arena_used;
	m->want = arena_want;
	m->overflows = overflows;
}

static void
arena_release(const struct arena_mark *m)
{
	struct overflow *o;

	while ((o = overflows) != m->overflows) {
		overflows = o->next;
		free(o);
	}
	if (arena_want > arena_peak)
		arena_peak = arena_want;
	arena_used = m->used;
	arena_want = m->want;
}

static void
arena_reset(void)
{
	struct overflow *o;

	while ((o = overflows) != NULL) {
		overflows = o->next;
		free(o);
	}
	if (arena_peak > arena_want)
		arena_want = arena_peak;
	arena_peak = 0;
	if (arena_want > arena_size) {
		free(arena);
		arena_size = arena_want * 2;
		if ((arena = malloc(arena_size)) == NULL)
			err(1, NULL);
	}
	arena_used = 0;
	arena_want = 0;
}

static void
runtime_error(struct pos p, const char *msg)
{
	if (estatus == EVAL_ERROR)
		return;
	src_error(p, "%s", msg);
	estatus = EVAL_ERROR;
}

void
eval_init(struct program *p)
{
	struct gvar *g;

	eprog = p;
	if (p->maxlocals > 0 &&
	    ((lslots = calloc(p->maxlocals, sizeof(*lslots))) == NULL ||
	    (lstores = calloc(p->maxlocals, sizeof(*lstores))) == NULL))
		err(1, NULL);
	TAILQ_FOREACH(g, &p->gvars, g_next) {
		if (g->g_kind == G_MAP)
			g->g_map = map_new(g);
		g->g_val.v_type = g->g_type == VT_STR ? VT_STR : VT_INT;
		g->g_val.v_str = "";
	}
	arena_size = 4096;
	if ((arena = malloc(arena_size)) == NULL)
		err(1, NULL);
}

static void	eval(const struct node *, struct val *);
static void	eval_func(const struct node *, struct val *);

static void
set_int(struct val *v, int64_t i)
{
	v->v_type = VT_INT;
	v->v_int = i;
}

/* i as C converts it to an integer of size bytes, signed or not. */
static int64_t
int_cast(int64_t i, int64_t size, int is_signed)
{
	switch (size) {
	case 1:
		return is_signed ? (int8_t)i : (int64_t)(uint8_t)i;
	case 2:
		return is_signed ? (int16_t)i : (int64_t)(uint16_t)i;
	case 4:
		return is_signed ? (int32_t)i : (int64_t)(uint32_t)i;
	}
	return i;
}

static void
set_str(struct val *v, const char *s)
{
	v->v_type = VT_STR;
	v->v_str = s;
}

/* Integer view of a value: strings and tuples are not integers. */
static int
want_int(const struct node *n, const struct val *v, int64_t *i)
{
	switch (v->v_type) {
	case VT_INT:
		*i = v->v_int;
		return 0;
	case VT_NONE:
		*i = 0;
		return 0;
	default:
		runtime_error(n->n_pos, v->v_type == VT_STR ?
		    "expected an integer, got a string" :
		    "expected an integer, got a tuple");
		*i = 0;
		return -1;
	}
}

static int64_t
eval_int(const struct node *n)
{
	struct val v;
	int64_t i;

	eval(n, &v);
	want_int(n, &v, &i);
	return i;
}

/*
 * A condition: an integer is true when not 0, a string when not empty,
 * as bpftrace's scripts test the char pointers they keep.
 */
static int
eval_true(const struct node *n)
{
	struct val v;
	int64_t i;

	eval(n, &v);
	if (v.v_type == VT_STR)
		return v.v_str[0] != '\0';
	want_int(n, &v, &i);
	return i != 0;
}

/* Evaluate the keys of a map reference and encode them into `kb'. */
static void
eval_key(struct node *const *args, size_t nargs)
{
	struct val kv[MAXKEYS];
	size_t i;

	for (i = 0; i < nargs && i < MAXKEYS; i++)
		eval(args[i], &kv[i]);
	key_reset(&kb);
	/* One tuple is its elements: @m[$k] is @m[a, b] (sema.c). */
	if (nargs == 1 && kv[0].v_type == VT_TUPLE) {
		for (i = 0; i < kv[0].v_tuple->t_n; i++)
			key_add(&kb, &kv[0].v_tuple->t_v[i]);
		return;
	}
	for (i = 0; i < nargs && i < MAXKEYS; i++)
		key_add(&kb, &kv[i]);
}

static struct mentry *
map_entry(const struct node *n, int create)
{
	struct gvar *g = n->n_gvar;

	if (n->n_kind == N_MAPREF)
		eval_key(n->n_args, n->n_nargs);
	else
		key_reset(&kb);
	return map_lookup(g->g_map, &kb, create);
}

static void
local_store(int slot, const struct val *v)
{
	struct lstore *ls = &lstores[slot];
	size_t need = val_size(v);
	int next = !ls->ls_cur;

	if (need > ls->ls_cap[next]) {
		if ((ls->ls_buf[next] = realloc(ls->ls_buf[next], need)) ==
		    NULL)
			err(1, NULL);
		ls->ls_cap[next] = need;
	}
	val_copy(&lslots[slot], v, ls->ls_buf[next]);
	ls->ls_cur = next;
}

static void
read_var(const struct node *n, struct val *v)
{
	struct gvar *g = n->n_gvar;
	struct mentry *e;

	if (n->n_kind == N_LVAR) {
		*v = lslots[n->n_slot];
		return;
	}
	if (g->g_kind == G_SCALAR) {
		*v = g->g_val;
		return;
	}
	if ((e = map_entry(n, 0)) == NULL) {
		if (g->g_agg == F_NONE && g->g_type == VT_STR)
			set_str(v, "");
		else
			set_int(v, 0);
		return;
	}
	if (g->g_agg == F_NONE)
		*v = e->m_val;
	else
		set_int(v, mentry_value(g, e));
}

static void
write_var(const struct node *n, const struct val *v)
{
	struct gvar *g = n->n_gvar;

	if (estatus != EVAL_OK)
		return;
	if (n->n_kind == N_LVAR) {
		/*
		 * A local owns a copy: the global or map entry it was read
		 * from may be reassigned, deleted or cleared meanwhile.
		 */
		local_store(n->n_slot, v);
		return;
	}
	if (g->g_kind == G_SCALAR) {
		val_store(&g->g_val, &g->g_buf, &g->g_bufsz, v);
		return;
	}
	mentry_store(map_entry(n, 1), v);
}

static const char *
int_to_str(int64_t i)
{
	char *s = arena_alloc(24);

	snprintf(s, 24, "%lld", (long long)i);
	return s;
}

static void
eval_stack(struct val *v, int kernel, int64_t depth, enum stack_mode mode)
{
	int n = kernel ? ev->ev_nkpc : ev->ev_nupc;
	size_t len;
	char *buf;

	if (depth >= 0 && depth < n)
		n = depth;
	len = (size_t)n * 160 + 2;
	buf = arena_alloc(len);
	stack_format(buf, len, ev, kernel, n, mode);
	set_str(v, buf);
}

/* The index of the argument called `name' of the event's probe, or -1. */
static int
arg_index(const struct bt_event *e, const char *name)
{
	int i;

	for (i = 0; i < e->ev_nargnames; i++)
		if (strcmp(e->ev_argnames[i], name) == 0)
			return i;
	return -1;
}

/*
 * args.NAME: the argument of that name of the probe that fired.  A rule
 * may serve several probes, so the index is cached per probe.
 */
static void
eval_args(struct node *n, struct val *v)
{
	if (n->n_argspbn != ev->ev_pbn) {
		n->n_argspbn = ev->ev_pbn;
		n->n_argsidx = arg_index(ev, n->n_str);
	}
	if (n->n_argsidx < 0 || n->n_argsidx >= BT_NARGS) {
		runtime_error(n->n_pos, "this probe has no such argument");
		set_int(v, 0);
		return;
	}
	if (ev->ev_argstr[n->n_argsidx] != NULL)
		set_str(v, ev->ev_argstr[n->n_argsidx]);
	else
		set_int(v, ev->ev_args[n->n_argsidx]);
}

static void
eval_builtin(const struct node *n, struct val *v)
{
	switch (n->n_builtin) {
	case B_PID:
		set_int(v, ev->ev_pid);
		break;
	case B_TID:
		set_int(v, ev->ev_tid);
		break;
	case B_PPID:
		set_int(v, ev->ev_ppid);
		break;
	case B_UID:
		set_int(v, ev->ev_uid);
		break;
	case B_GID:
		set_int(v, ev->ev_gid);
		break;
	case B_CPU:
		set_int(v, ev->ev_cpu);
		break;
	case B_COMM:
		set_str(v, ev->ev_comm);
		break;
	case B_NSECS:
		set_int(v, ev->ev_nsecs);
		break;
	case B_ELAPSED:
		set_int(v, ev->ev_nsecs - start_nsecs);
		break;
	case B_KSTACK:
	case B_USTACK:
		eval_stack(v, n->n_builtin == B_KSTACK, -1, STACK_DEFAULT);
		break;
	case B_ARG0: case B_ARG1: case B_ARG2: case B_ARG3: case B_ARG4:
	case B_ARG5: case B_ARG6: case B_ARG7: case B_ARG8: case B_ARG9:
		set_int(v, ev->ev_args[n->n_builtin - B_ARG0]);
		break;
	case B_RETVAL:
		set_int(v, ev->ev_retval);
		break;
	case B_ERRNO:
		set_int(v, ev->ev_errno);
		break;
	case B_PROBE:
		set_str(v, ev->ev_probe);
		break;
	case B_FUNC:
		set_str(v, ev->ev_func != NULL ? ev->ev_func : "");
		break;
	case B_USERNAME:
		set_str(v, func_username(ev->ev_uid));
		break;
	case B_RAND:
		set_int(v, arc4random());
		break;
	}
}

static int64_t
shift(int op, int64_t l, int64_t r)
{
	if (r < 0 || r > 63)
		return op == OP_SHL || l >= 0 ? 0 : -1;
	if (op == OP_SHL)
		return (int64_t)((uint64_t)l << r);
	return l >> r;
}

static int
compare(int op, int c)
{
	switch (op) {
	case OP_EQ:
		return c == 0;
	case OP_NE:
		return c != 0;
	case '<':
		return c < 0;
	case '>':
		return c > 0;
	case OP_LE:
		return c <= 0;
	default:
		return c >= 0;
	}
}

/* s[i], bpftrace's: a character of the string, signed as C's char. */
static int64_t
str_char(const struct val *s, const struct val *i)
{
	const char *p;
	size_t len;

	if (s->v_type != VT_STR || i->v_type != VT_INT)
		return 0;
	p = s->v_str;
	len = strlen(p);
	if (i->v_int < 0 || (uint64_t)i->v_int >= len)
		return 0;
	return (signed char)p[i->v_int];
}

static void
eval_binop(const struct node *n, struct val *v)
{
	struct val a, b;
	int64_t l, r;
	uint64_t ul, ur;

	eval(n->n_l, &a);
	eval(n->n_r, &b);
	switch (n->n_op) {
	case '[':
		set_int(v, str_char(&a, &b));
		return;
	case OP_EQ: case OP_NE: case '<': case '>': case OP_LE: case OP_GE:
		/* A missing $N is "" beside a string, 0 beside a number. */
		if (a.v_type == VT_NONE && b.v_type == VT_STR)
			set_str(&a, "");
		if (b.v_type == VT_NONE && a.v_type == VT_STR)
			set_str(&b, "");
		if (a.v_type == VT_STR && b.v_type == VT_STR) {
			set_int(v, compare(n->n_op, strcmp(a.v_str, b.v_str)));
			return;
		}
		if (a.v_type == VT_STR || b.v_type == VT_STR) {
			runtime_error(n->n_pos, "cannot compare a string with "
			    "an integer");
			set_int(v, 0);
			return;
		}
		break;
	}
	if (want_int(n->n_l, &a, &l) == -1 || want_int(n->n_r, &b, &r) == -1) {
		set_int(v, 0);
		return;
	}
	ul = l;
	ur = r;
	switch (n->n_op) {
	case '+':
		set_int(v, (int64_t)(ul + ur));
		break;
	case '-':
		set_int(v, (int64_t)(ul - ur));
		break;
	case '*':
		set_int(v, (int64_t)(ul * ur));
		break;
	case '/':
	case '%':
		if (r == 0) {
			runtime_error(n->n_pos, n->n_op == '/' ?
			    "division by zero" : "modulo by zero");
			set_int(v, 0);
		} else if (r == -1)	/* INT64_MIN / -1 overflows */
			set_int(v, n->n_op == '/' ? (int64_t)(0 - ul) : 0);
		else
			set_int(v, n->n_op == '/' ? l / r : l % r);
		break;
	case OP_SHL:
	case OP_SHR:
		set_int(v, shift(n->n_op, l, r));
		break;
	case '&':
		set_int(v, l & r);
		break;
	case '|':
		set_int(v, l | r);
		break;
	case '^':
		set_int(v, l ^ r);
		break;
	default:
		set_int(v, compare(n->n_op, l < r ? -1 : l > r));
		break;
	}
}

static void
eval_str(const struct node *n, struct val *v)
{
	struct val a;
	const char *s;
	int64_t max = config_strmax;
	size_t len;
	char *buf;

	a.v_type = VT_NONE;
	if (n->n_args[0]->n_kind == N_BUILTIN &&
	    n->n_args[0]->n_builtin >= B_ARG0 &&
	    n->n_args[0]->n_builtin <= B_ARG9 &&
	    ev->ev_argstr[n->n_args[0]->n_builtin - B_ARG0] != NULL)
		set_str(&a, ev->ev_argstr[n->n_args[0]->n_builtin - B_ARG0]);
	else
		eval(n->n_args[0], &a);
	if (n->n_nargs == 2) {
		max = eval_int(n->n_args[1]);
		if (max < 0)
			max = 0;
		if (max > config_strmax)
			max = config_strmax;
	}
	switch (a.v_type) {
	case VT_STR:
		s = a.v_str;
		break;
	case VT_INT:
		s = int_to_str(a.v_int);
		break;
	case VT_NONE:
		s = "";
		break;
	default:
		runtime_error(n->n_pos, "str() of a tuple");
		s = "";
		break;
	}
	len = strnlen(s, max);
	buf = arena_alloc(len + 1);
	memcpy(buf, s, len);
	buf[len] = '\0';
	set_str(v, buf);
}

static void
eval_incdec(const struct node *n, struct val *v)
{
	struct val old, new;
	int64_t i;

	read_var(n->n_l, &old);
	if (want_int(n, &old, &i) == -1) {
		set_int(v, 0);
		return;
	}
	set_int(&new, (int64_t)((uint64_t)i + (n->n_op == '+' ? 1 : -1)));
	if (n->n_nbytes != 0)	/* a local declared uint8, ...: it wraps */
		new.v_int = int_cast(new.v_int, n->n_nbytes, n->n_nsigned);
	write_var(n->n_l, &new);
	*v = n->n_post ? old : new;
	v->v_type = VT_INT;
	v->v_int = n->n_post ? i : new.v_int;
}

/* A function of funcs.c, its arguments evaluated here. */
static void
eval_func(const struct node *n, struct val *v)
{
	struct val a[4];
	const char *msg;
	char *buf;
	size_t i;

	for (i = 0; i < n->n_nargs && i < nitems(a); i++)
		eval(n->n_args[i], &a[i]);
	if (estatus != EVAL_OK) {
		set_int(v, 0);
		return;
	}
	buf = arena_alloc(STRLEN);
	if ((msg = func_eval(n, a, ev, v, buf, STRLEN)) != NULL)
		runtime_error(n->n_pos, msg);
}

/* Kernel data: an index known only now is worked out here. */
static void
eval_kdata(const struct node *n, struct val *v)
{
	const struct node *idx = kdata_index(n);

	kdata_eval(n, ev, idx != NULL ? eval_int(idx) : 0, v);
}

static void
eval(const struct node *n, struct val *v)
{
	struct tuple *t;
	struct val a;
	int64_t i;
	size_t k;

	switch (n->n_kind) {
	case N_INT:
		set_int(v, n->n_int);
		break;
	case N_STR:
		set_str(v, n->n_str);
		break;
	case N_NONE:
		v->v_type = VT_NONE;
		v->v_int = 0;
		v->v_str = "";
		break;
	case N_BUILTIN:
		if (n->n_fetch != 0)
			eval_kdata(n, v);	/* curtask */
		else
			eval_builtin(n, v);
		break;
	case N_KDATA:
		if (n->n_site == 0)	/* (type *)argN: argN */
			eval(n->n_l, v);
		else
			eval_kdata(n, v);
		break;
	case N_ARGS:
		eval_args((struct node *)n, v);
		break;
	case N_LVAR:
		if (n->n_site != 0)	/* str($p): the string it points to */
			eval_kdata(n, v);
		else
			read_var(n, v);
		break;
	case N_GVAR:
	case N_MAPREF:
		read_var(n, v);
		break;
	case N_UNOP:
		i = eval_int(n->n_l);
		if (n->n_op == '-')
			set_int(v, (int64_t)(0 - (uint64_t)i));
		else if (n->n_op == '!')
			set_int(v, i == 0);
		else if (n->n_op == 'c')
			set_int(v, int_cast(i, n->n_int, n->n_post));
		else
			set_int(v, ~i);
		break;
	case N_BINOP:
		eval_binop(n, v);
		break;
	case N_LAND:
		set_int(v, eval_int(n->n_l) != 0 && eval_int(n->n_r) != 0);
		break;
	case N_LOR:
		set_int(v, eval_int(n->n_l) != 0 || eval_int(n->n_r) != 0);
		break;
	case N_TERNARY:
		eval(eval_true(n->n_c) ? n->n_l : n->n_r, v);
		break;
	case N_TUPLE:
		t = arena_alloc(sizeof(*t) + n->n_nargs * sizeof(struct val));
		t->t_n = n->n_nargs;
		for (k = 0; k < n->n_nargs; k++)
			eval(n->n_args[k], &t->t_v[k]);
		v->v_type = VT_TUPLE;
		v->v_tuple = t;
		break;
	case N_MEMBER:
		eval(n->n_l, &a);
		if (a.v_type != VT_TUPLE ||
		    (uint64_t)n->n_int >= a.v_tuple->t_n) {
			runtime_error(n->n_pos, "tuple index out of range");
			set_int(v, 0);
			break;
		}
		*v = a.v_tuple->t_v[n->n_int];
		break;
	case N_CALL:
		if (n->n_site != 0)	/* str(kaddr("name")) */
			eval_kdata(n, v);
		else if (n->n_func == F_HAS_KEY) {
			eval_key(&n->n_args[1], 1);
			set_int(v, estatus == EVAL_OK && map_lookup(
			    n->n_args[0]->n_gvar->g_map, &kb, 0) != NULL);
		} else if (n->n_func == F_STR)
			eval_str(n, v);
		else if (n->n_func == F_BUF)
			kdata_eval_buf(n->n_args[0], ev, n->n_nargs == 2 ?
			    eval_int(n->n_args[1]) : -1, v);
		else if (n->n_func >= F_KSYM && n->n_func <= F_PTON)
			eval_func(n, v);
		else
			eval_stack(v, n->n_func == F_KSTACK, n->n_nargs > 0 ?
			    eval_int(n->n_args[0]) : -1, n->n_int);
		break;
	case N_INCDEC:
		eval_incdec(n, v);
		break;
	}
}

static void
exec_store(const struct stmt *s)
{
	struct val v, old;
	struct node op;
	int64_t l, r;

	eval(s->s_rhs, &v);
	if (s->s_op != '=') {
		read_var(s->s_lhs, &old);
		if (want_int(s->s_lhs, &old, &l) == -1 ||
		    want_int(s->s_rhs, &v, &r) == -1)
			return;
		memset(&op, 0, sizeof(op));
		op.n_kind = N_BINOP;
		op.n_op = s->s_op;
		op.n_pos = s->s_pos;
		op.n_l = &(struct node){ .n_kind = N_INT, .n_int = l };
		op.n_r = &(struct node){ .n_kind = N_INT, .n_int = r };
		eval_binop(&op, &v);
	}
	write_var(s->s_lhs, &v);
}

static void
exec_agg(const struct stmt *s)
{
	int64_t v = 0;

	if (s->s_nargs > 0)
		v = eval_int(s->s_args[0]);
	if (estatus != EVAL_OK)
		return;
	mentry_aggregate(s->s_lhs->n_gvar, map_entry(s->s_lhs, 1), s->s_func,
	    v);
}

/* One JSON object for what a printf() or time() would have printed. */
static void
print_json(const char *type, const struct stmt *s, const struct val *args)
{
	char *text;
	size_t len;
	FILE *fp;

	if ((fp = open_memstream(&text, &len)) == NULL)
		err(1, NULL);
	fmt_print(fp, s->s_args[0]->n_str, args, s->s_nargs - 1);
	fclose(fp);
	json_text(out, type, text);
	free(text);
}

static void
exec_printf(const struct stmt *s)
{
	struct val args[64];
	size_t i;

	for (i = 1; i < s->s_nargs; i++)
		eval(s->s_args[i], &args[i - 1]);
	if (estatus != EVAL_OK)
		return;
	if (json) {
		print_json("printf", s, args);
		return;
	}
	fmt_print(out, s->s_args[0]->n_str, args, s->s_nargs - 1);
}

/* join(): the vector's strings on one line, as bpftrace prints them. */
static void
exec_join(const struct stmt *s)
{
	struct val v;

	kdata_eval_join(s->s_args[0], ev, &v);
	if (json)
		json_text(out, "join", v.v_str);
	else
		fprintf(out, "%s\n", v.v_str);
}

static void
exec_time(const struct stmt *s)
{
	const char *fmt = "%H:%M:%S\n";
	char buf[512];

	if (s->s_nargs == 1)
		fmt = s->s_args[0]->n_str;
	/* Event timestamps are monotonic: func_strftime() makes wall time. */
	if (func_strftime(buf, sizeof(buf), fmt, ev->ev_nsecs) == 0 &&
	    *fmt != '\0') {
		runtime_error(s->s_pos, "time(): format too long");
		return;
	}
	if (json)
		json_text(out, "time", buf);
	else
		fputs(buf, out);
}

static void
exec_print(const struct stmt *s)
{
	const struct node *a = s->s_args[0];
	struct val v;
	int64_t top = -1, div = 1;

	if (a->n_kind == N_GVAR && a->n_gvar->g_kind == G_MAP) {
		if (s->s_nargs >= 2)
			top = eval_int(s->s_args[1]);
		if (s->s_nargs == 3 && (div = eval_int(s->s_args[2])) <= 0)
			runtime_error(s->s_args[2]->n_pos, "print(): the "
			    "divisor must be positive");
		if (estatus != EVAL_OK)
			return;
		/* bpftrace's top 0 is every entry. */
		map_print_div(out, a->n_gvar, top <= 0 ? SIZE_MAX :
		    (size_t)top, div);
		return;
	}
	eval(a, &v);
	if (estatus != EVAL_OK)
		return;
	if (json) {
		fputs("{\"type\": \"value\", \"data\": ", out);
		json_val(out, &v);
		fputs("}\n", out);
		return;
	}
	val_print(out, &v);
	fputc('\n', out);
}

static void exec_stmts(const struct stmtq *);

/* The text a printf()-like statement makes, or NULL after an error. */
static char *
format(const struct stmt *s)
{
	struct val args[64];
	char *text;
	size_t i, len;
	FILE *fp;

	for (i = 1; i < s->s_nargs; i++)
		eval(s->s_args[i], &args[i - 1]);
	if (estatus != EVAL_OK)
		return NULL;
	if ((fp = open_memstream(&text, &len)) == NULL)
		err(1, NULL);
	fmt_print(fp, s->s_args[0]->n_str, args, s->s_nargs - 1);
	fclose(fp);
	return text;
}

/*
 * errorf() and warnf(): the message on standard error, where the
 * statement is, as btrace's own; neither stops the program.
 */
static void
exec_message(const struct stmt *s)
{
	char *text;

	if ((text = format(s)) == NULL)
		return;
	src_note(s->s_pos, s->s_func == F_ERRORF ? "error" : "warning",
	    text);
	free(text);
}

static void
exec_call(const struct stmt *s)
{
	struct gvar *g;
	char *text;
	int64_t i;

	switch (s->s_func) {
	case F_PRINTF:
		exec_printf(s);
		break;
	case F_PRINT:
		exec_print(s);
		break;
	case F_TIME:
		exec_time(s);
		break;
	case F_CLEAR:
		map_clear(s->s_args[0]->n_gvar->g_map);
		break;
	case F_ZERO:
		map_zero(s->s_args[0]->n_gvar->g_map);
		break;
	case F_DELETE:
		g = s->s_nargs == 1 && s->s_args[0]->n_kind == N_GVAR ?
		    s->s_args[0]->n_gvar : NULL;
		if (g != NULL && g->g_kind == G_SCALAR) {
			/* As never assigned: 0 or "". */
			g->g_val.v_int = 0;
			g->g_val.v_str = "";
			break;
		}
		if (g != NULL)
			eval_key(NULL, 0);
		else if (s->s_nargs == 2)
			eval_key(&s->s_args[1], 1);
		else
			eval_key(s->s_args[0]->n_args, s->s_args[0]->n_nargs);
		if (estatus == EVAL_OK)
			map_delete(s->s_args[0]->n_gvar->g_map, &kb);
		break;
	case F_EXIT:
		if (s->s_nargs == 1)
			exit_code = (int)(eval_int(s->s_args[0]) & 0xff);
		if (estatus == EVAL_OK)
			estatus = EVAL_EXIT;
		break;
	case F_ERRORF:
	case F_WARNF:
		exec_message(s);
		break;
	case F_SIGNAL:
		i = eval_int(s->s_args[0]);
		if (estatus != EVAL_OK)
			break;
		if (i < 1 || i >= NSIG)
			runtime_error(s->s_args[0]->n_pos, "signal(): no such "
			    "signal number");
		else
			func_signal(ev, (int)i);
		break;
	case F_JOIN:
		exec_join(s);
		break;
	case F_SYSTEM:
	case F_CAT:
		if ((text = format(s)) == NULL)
			break;
		if (s->s_func == F_SYSTEM)
			func_system(text);
		else
			func_cat(text);
		free(text);
		break;
	}
}

/* One more iteration of loop `s'; -1 when over the limit, said. */
static int
loop_step(const struct stmt *s)
{
	char msg[96];

	if (++loop_iters <= LOOP_MAX)
		return 0;
	snprintf(msg, sizeof(msg), "loop: more than %d iterations in one "
	    "event (the limit)", LOOP_MAX);
	runtime_error(s->s_pos, msg);
	return -1;
}

/*
 * Run a loop's body once; 0 to go on, -1 to leave the loop: on break,
 * return, exit() or an error.  unroll does not take break and continue:
 * they are the enclosing loop's, as in bpftrace, where it is copies.
 */
static int
loop_body(const struct stmt *s, int takes_break)
{
	struct arena_mark m;

	arena_mark(&m);
	exec_stmts(s->s_then);
	arena_release(&m);
	if (estatus != EVAL_OK)
		return -1;
	if (!takes_break)
		return ctl == CTL_NEXT ? 0 : -1;
	if (ctl == CTL_CONTINUE)
		ctl = CTL_NEXT;
	if (ctl == CTL_BREAK) {
		ctl = CTL_NEXT;
		return -1;
	}
	return ctl == CTL_NEXT ? 0 : -1;
}

struct snapshot {
	struct val	*kv;		/* (key, value) tuples */
	size_t		 n;
	size_t		 cap;
};

static void
snap_one(const struct gvar *g, const struct mentry *e, void *arg)
{
	struct snapshot *sn = arg;
	struct tuple *t;
	struct val *v;

	if (sn->n == sn->cap)
		return;
	v = &sn->kv[sn->n++];
	t = arena_alloc(sizeof(*t) + 2 * sizeof(struct val));
	t->t_n = 2;
	mentry_key_val(e, &t->t_v[0], arena_alloc);
	if (g->g_agg == F_NONE)
		val_copy(&t->t_v[1], &e->m_val, arena_alloc(val_size(&e->m_val)));
	else
		set_int(&t->t_v[1], mentry_value(g, e));
	memset(v, 0, sizeof(*v));
	v->v_type = VT_TUPLE;
	v->v_tuple = t;
}

static void
count_one(const struct gvar *g, const struct mentry *e, void *arg)
{
	(void)g;
	(void)e;
	(*(size_t *)arg)++;
}

/*
 * for ($kv : @m): over a copy of the map's elements taken first, so
 * that the body may change the map, delete from it too.
 */
static void
exec_formap(const struct stmt *s)
{
	struct snapshot sn = { NULL, 0, 0 };
	size_t i;

	map_walk(s->s_rhs->n_gvar, count_one, &sn.cap);
	sn.kv = arena_alloc(sn.cap * sizeof(*sn.kv));
	map_walk(s->s_rhs->n_gvar, snap_one, &sn);
	for (i = 0; i < sn.n; i++) {
		if (loop_step(s) == -1)
			return;
		lslots[s->s_lhs->n_slot] = sn.kv[i];
		if (loop_body(s, 1) == -1)
			return;
	}
}

static void
exec_loop(const struct stmt *s)
{
	struct arena_mark m;
	struct val v;
	int64_t i, end;

	switch (s->s_kind) {
	case S_WHILE:
		for (;;) {
			arena_mark(&m);
			i = eval_true(s->s_rhs);
			arena_release(&m);
			if (i == 0 || estatus != EVAL_OK || loop_step(s) == -1 ||
			    loop_body(s, 1) == -1)
				break;
		}
		break;
	case S_UNROLL:
		for (i = 0; i < s->s_lmin; i++)
			if (loop_step(s) == -1 || loop_body(s, 0) == -1)
				break;
		break;
	case S_FORMAP:
		exec_formap(s);
		break;
	case S_FORRANGE:
		i = eval_int(s->s_rhs);
		end = eval_int(s->s_args[0]);
		for (; i < end && estatus == EVAL_OK; i++) {
			if (loop_step(s) == -1)
				break;
			set_int(&v, i);
			lslots[s->s_lhs->n_slot] = v;
			if (loop_body(s, 1) == -1)
				break;
		}
		break;
	default:
		break;
	}
}

/* let $x [= e]: a fresh local each time, the zero of its type. */
static void
exec_let(const struct stmt *s)
{
	struct val v;

	if (s->s_rhs != NULL) {
		eval(s->s_rhs, &v);
	} else {
		memset(&v, 0, sizeof(v));
		v.v_type = s->s_vtype == VT_STR ? VT_STR : VT_INT;
		v.v_str = "";
	}
	write_var(s->s_lhs, &v);
}

static void
exec_stmts(const struct stmtq *q)
{
	const struct stmt *s;
	struct val v;

	TAILQ_FOREACH(s, q, s_next) {
		switch (s->s_kind) {
		case S_STORE:
			if (!s->s_object)
				exec_store(s);
			break;
		case S_AGG:
			exec_agg(s);
			break;
		case S_EXPR:
			eval(s->s_rhs, &v);
			break;
		case S_CALL:
			exec_call(s);
			break;
		case S_IF:
			if (eval_true(s->s_rhs))
				exec_stmts(s->s_then);
			else if (s->s_else != NULL && estatus == EVAL_OK)
				exec_stmts(s->s_else);
			break;
		case S_WHILE:
		case S_UNROLL:
		case S_FORMAP:
		case S_FORRANGE:
			exec_loop(s);
			break;
		case S_BREAK:
			ctl = CTL_BREAK;
			break;
		case S_CONTINUE:
			ctl = CTL_CONTINUE;
			break;
		case S_RETURN:
			ctl = CTL_RETURN;
			break;
		case S_LET:
			exec_let(s);
			break;
		}
		if (estatus != EVAL_OK || ctl != CTL_NEXT)
			return;
	}
}

enum eval_status
rule_eval(struct rule *r, const struct bt_event *e)
{
	ev = e;
	estatus = EVAL_OK;
	ctl = CTL_NEXT;
	loop_iters = 0;
	arena_reset();
	if (r->r_nlocals > 0)
		memset(lslots, 0, r->r_nlocals * sizeof(*lslots));
	if (r->r_filter != NULL && !eval_true(r->r_filter)) {
		eval_filtered++;
		return estatus;
	}
	if (estatus == EVAL_OK)
		exec_stmts(r->r_action);
	ctl = CTL_NEXT;
	return estatus;
}

void
maps_print_all(struct program *p)
{
	struct gvar *g;

	TAILQ_FOREACH(g, &p->gvars, g_next) {
		if (g->g_kind == G_MAP)
			map_print(out, g, SIZE_MAX);
	}
}
