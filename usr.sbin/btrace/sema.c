/* SPDX-License-Identifier: ISC */
/*
 * Semantic analysis of bt(5) programs: resolve every name once and catch
 * at parse time what can be caught there, so that the evaluator neither
 * looks anything up nor meets a mistake it could have been told about.
 *
 * Global variables are declared by what is stored into them anywhere in
 * the program, so a first pass collects the stores and a second checks
 * every use against them.
 */

#include <sys/queue.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <err.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dev/dt/dtvar.h>

#include "btf.h"
#include "btrace.h"
#include "headers.h"
#include "hints.h"
#include "kdata.h"
#include "bt_lex.h"
#include "bt_parse.h"
#include "dt.h"
#include "names.h"
#include "providers.h"
#include "regs.h"
#include "sysargs.h"
#include "tracefs.h"
#include "types.h"
#include "uprobes.h"
#include "util.h"

#define LHIST_MAXBUCKETS	100000

struct builtin_def {
	const char	*name;
	enum builtin	 id;
	enum val_type	 type;
	int		 needprobe;	/* meaningless in BEGIN/END */
};

static const struct builtin_def builtins[] = {
	{ "arg0",	B_ARG0,		VT_INT,	1 },
	{ "arg1",	B_ARG1,		VT_INT,	1 },
	{ "arg2",	B_ARG2,		VT_INT,	1 },
	{ "arg3",	B_ARG3,		VT_INT,	1 },
	{ "arg4",	B_ARG4,		VT_INT,	1 },
	{ "arg5",	B_ARG5,		VT_INT,	1 },
	{ "arg6",	B_ARG6,		VT_INT,	1 },
	{ "arg7",	B_ARG7,		VT_INT,	1 },
	{ "arg8",	B_ARG8,		VT_INT,	1 },
	{ "arg9",	B_ARG9,		VT_INT,	1 },
	{ "comm",	B_COMM,		VT_STR,	0 },
	{ "cpu",	B_CPU,		VT_INT,	0 },
	{ "elapsed",	B_ELAPSED,	VT_INT,	0 },
	{ "errno",	B_ERRNO,	VT_INT,	1 },
	{ "func",	B_FUNC,		VT_STR,	0 },
	{ "gid",	B_GID,		VT_INT,	0 },
	{ "kstack",	B_KSTACK,	VT_STR,	0 },
	{ "name",	B_PROBE,	VT_STR,	0 },	/* bpftrace before 0.9 */
	{ "nsecs",	B_NSECS,	VT_INT,	0 },
	{ "pid",	B_PID,		VT_INT,	0 },
	{ "ppid",	B_PPID,		VT_INT,	0 },
	{ "probe",	B_PROBE,	VT_STR,	0 },
	{ "rand",	B_RAND,		VT_INT,	0 },
	{ "retval",	B_RETVAL,	VT_INT,	1 },
	{ "tid",	B_TID,		VT_INT,	0 },
	{ "uid",	B_UID,		VT_INT,	0 },
	{ "username",	B_USERNAME,	VT_STR,	0 },
	{ "ustack",	B_USTACK,	VT_STR,	0 },
};

/*
 * Error numbers usable as constants, e.g. /errno == ENOENT/, and the
 * address families of ntop().
 */
static const struct {
	const char	*name;
	int		 value;
} errnames[] = {
	{ "E2BIG", E2BIG }, { "EACCES", EACCES }, { "EAGAIN", EAGAIN },
	{ "EBADF", EBADF }, { "EBUSY", EBUSY }, { "ECHILD", ECHILD },
	{ "ECONNREFUSED", ECONNREFUSED }, { "ECONNRESET", ECONNRESET },
	{ "EDEADLK", EDEADLK }, { "EDOM", EDOM }, { "EEXIST", EEXIST },
	{ "EFAULT", EFAULT }, { "EFBIG", EFBIG }, { "EINPROGRESS", EINPROGRESS },
	{ "EINTR", EINTR }, { "EINVAL", EINVAL }, { "EIO", EIO },
	{ "EISDIR", EISDIR }, { "ELOOP", ELOOP }, { "EMFILE", EMFILE },
	{ "EMLINK", EMLINK }, { "EMSGSIZE", EMSGSIZE },
	{ "ENAMETOOLONG", ENAMETOOLONG }, { "ENFILE", ENFILE },
	{ "ENODEV", ENODEV }, { "ENOENT", ENOENT }, { "ENOEXEC", ENOEXEC },
	{ "ENOMEM", ENOMEM }, { "ENOSPC", ENOSPC }, { "ENOSYS", ENOSYS },
	{ "ENOTCONN", ENOTCONN }, { "ENOTDIR", ENOTDIR },
	{ "ENOTEMPTY", ENOTEMPTY }, { "ENOTSOCK", ENOTSOCK },
	{ "ENOTTY", ENOTTY }, { "ENXIO", ENXIO }, { "EOPNOTSUPP", EOPNOTSUPP },
	{ "EPERM", EPERM }, { "EPIPE", EPIPE }, { "ERANGE", ERANGE },
	{ "EROFS", EROFS }, { "ESPIPE", ESPIPE }, { "ESRCH", ESRCH },
	{ "ETIMEDOUT", ETIMEDOUT }, { "ETXTBSY", ETXTBSY },
	{ "EWOULDBLOCK", EWOULDBLOCK }, { "EXDEV", EXDEV },
	{ "AF_INET", AF_INET }, { "AF_INET6", AF_INET6 },
};

struct func_def {
	const char	*name;
	enum func	 id;
	int		 minargs;
	int		 maxargs;
};

static const struct func_def funcs[] = {
	{ "avg",	F_AVG,		1, 1 },
	{ "bswap",	F_BSWAP,	1, 1 },
	{ "buf",	F_BUF,		1, 2 },
	{ "cat",	F_CAT,		1, 64 },
	{ "cgroup_path", F_CGROUP_PATH,	1, 2 },
	{ "cgroupid",	F_CGROUPID,	1, 1 },
	{ "clear",	F_CLEAR,	1, 1 },
	{ "count",	F_COUNT,	0, 0 },
	{ "delete",	F_DELETE,	1, 2 },
	{ "errorf",	F_ERRORF,	1, 64 },
	{ "exit",	F_EXIT,		0, 1 },
	{ "getopt",	F_GETOPT,	1, 2 },
	{ "has_key",	F_HAS_KEY,	2, 2 },
	{ "hist",	F_HIST,		1, 2 },
	{ "join",	F_JOIN,		1, 2 },
	{ "kaddr",	F_KADDR,	1, 1 },
	{ "kptr",	F_KPTR,		1, 1 },
	{ "ksym",	F_KSYM,		1, 1 },
	{ "kstack",	F_KSTACK,	0, 2 },
	{ "lhist",	F_LHIST,	4, 4 },
	{ "max",	F_MAX,		1, 1 },
	{ "min",	F_MIN,		1, 1 },
	{ "nsecs",	F_NSECS,	0, 1 },
	{ "ntop",	F_NTOP,		1, 2 },
	{ "print",	F_PRINT,	1, 3 },
	{ "printf",	F_PRINTF,	1, 64 },
	{ "pton",	F_PTON,		1, 1 },
	{ "reg",	F_REG,		1, 1 },
	{ "signal",	F_SIGNAL,	1, 1 },
	{ "stats",	F_STATS,	1, 1 },
	{ "str",	F_STR,		1, 2 },
	{ "strcontains", F_STRCONTAINS,	2, 2 },
	{ "strerror",	F_STRERROR,	1, 1 },
	{ "strftime",	F_STRFTIME,	2, 2 },
	{ "strncmp",	F_STRNCMP,	3, 3 },
	{ "sum",	F_SUM,		1, 1 },
	{ "syscall_name", F_SYSCALL_NAME, 1, 1 },
	{ "system",	F_SYSTEM,	1, 64 },
	{ "time",	F_TIME,		0, 1 },
	{ "uaddr",	F_UADDR,	1, 1 },
	{ "uptr",	F_KPTR,		1, 1 },
	{ "ustack",	F_USTACK,	0, 2 },
	{ "usym",	F_USYM,		1, 1 },
	{ "warnf",	F_WARNF,	1, 64 },
	{ "zero",	F_ZERO,		1, 1 },
};

/*
 * The functions of values whose arguments need no more checking than
 * their types: a letter an argument, i an integer, s a string, S a
 * string literal, w a word of the function's own (nsecs's clock); and
 * the type of the value.
 */
static const struct func_sig {
	enum func	 id;
	const char	*sig;
	enum val_type	 ret;
} sigs[] = {
	{ F_BSWAP,		"i",	VT_INT },
	{ F_CGROUPID,		"S",	VT_INT },
	{ F_CGROUP_PATH,	"iS",	VT_STR },
	{ F_KADDR,		"S",	VT_INT },
	{ F_KPTR,		"i",	VT_INT },
	{ F_KSYM,		"i",	VT_STR },
	{ F_NSECS,		"w",	VT_INT },
	{ F_NTOP,		"ii",	VT_STR },
	{ F_PTON,		"S",	VT_INT },
	{ F_REG,		"S",	VT_INT },
	{ F_STRCONTAINS,	"ss",	VT_INT },
	{ F_STRERROR,		"i",	VT_STR },
	{ F_STRFTIME,		"Si",	VT_STR },
	{ F_STRNCMP,		"ssi",	VT_INT },
	{ F_SYSCALL_NAME,	"i",	VT_STR },
	{ F_UADDR,		"S",	VT_INT },
	{ F_USYM,		"i",	VT_STR },
};

/* Per-rule state while checking. */
struct local {
	const char	*name;
	enum val_type	 type;
	int		 arity;		/* a tuple's size, 0 if not known */
	int		 scope;		/* the block depth of a scoped one */
	int		 scoped;	/* declared by let or a for loop: not
					   visible after its block */
	int		 hidden;	/* and that block has ended */
	enum val_type	 valtype;	/* for ($kv : @m): the type of $kv.1 */
	int		 object;	/* names a struct of kernel data in
					   place: read only its members */
	int		 width;		/* bytes of the integers assigned, as
					   bswap() takes them; 8 if unknown */
	int		 declbytes;	/* let $x: int8 ... uint32: what each
					   assignment converts to, or 0 */
	int		 declsigned;
};

static struct program	*sprog;
static struct rule	*srule;
static int		 srule_user;	/* its probes are all user probes */
static int		 srule_usdt;	/* ... all USDT markers */
static struct local	*locals;
static int		 nlocals;
static size_t		 maxlocals;	/* allocated in locals */
static struct names	 lnames;	/* name to slot + 1 */
static int		 depth;		/* of blocks, for scoped locals */
static int		 loops;		/* while and for loops around */

#define UNROLL_MAX	100		/* as bpftrace */

static const char *
type_name(enum val_type t)
{
	switch (t) {
	case VT_INT:
		return "an integer";
	case VT_STR:
		return "a string";
	case VT_TUPLE:
		return "a tuple";
	default:
		return "a value";
	}
}

static const struct func_def *
func_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(funcs) / sizeof(funcs[0]); i++)
		if (strcmp(funcs[i].name, name) == 0)
			return &funcs[i];
	return NULL;
}

static int
is_aggregation(enum func f)
{
	return f >= F_COUNT && f <= F_LHIST;
}

static int
is_statement(enum func f)
{
	return f >= F_PRINTF;
}

struct gvar *
gvar_get(struct program *p, const char *name, struct pos pos)
{
	struct gvar *g;

	if ((g = names_get(&p->gvnames, name)) != NULL)
		return g;
	if ((g = calloc(1, sizeof(*g))) == NULL)
		err(1, NULL);
	g->g_name = name;
	g->g_pos = pos;
	g->g_nkeys = -1;
	TAILQ_INSERT_TAIL(&p->gvars, g, g_next);
	names_put(&p->gvnames, name, g);
	return g;
}

/*
 * Integer constants: literals, negative ones, and + - * | & of constants
 * (lhist() bounds, constant indexes, offsets of addresses read through).
 */
static int
const_int(const struct node *n, int64_t *v)
{
	int64_t l, r;

	if (n->n_kind == N_INT) {
		*v = n->n_int;
		return 1;
	}
	if (n->n_kind == N_UNOP && n->n_op == '-' && const_int(n->n_l, v)) {
		*v = -(uint64_t)*v;
		return 1;
	}
	/* offsetof(struct s, m) + 8: wrapping as the evaluator does. */
	if (n->n_kind == N_BINOP && (n->n_op == '+' || n->n_op == '-' ||
	    n->n_op == '*' || n->n_op == '|' || n->n_op == '&') &&
	    const_int(n->n_l, &l) && const_int(n->n_r, &r)) {
		switch (n->n_op) {
		case '+':
			*v = (int64_t)((uint64_t)l + (uint64_t)r);
			break;
		case '-':
			*v = (int64_t)((uint64_t)l - (uint64_t)r);
			break;
		case '*':
			*v = (int64_t)((uint64_t)l * (uint64_t)r);
			break;
		case '|':
			*v = l | r;
			break;
		default:
			*v = l & r;
			break;
		}
		return 1;
	}
	return 0;
}

static void
check_nkeys(struct gvar *g, int nkeys, struct pos pos)
{
	if (g->g_nkeys == -1) {
		g->g_nkeys = nkeys;
		return;
	}
	if (g->g_nkeys == nkeys)
		return;
	if (g->g_nkeys == 0)
		src_error(pos, "@%s has no key elsewhere", g->g_name);
	else if (nkeys == 0)
		src_error(pos, "@%s is a map: give a key, @%s[...]",
		    g->g_name, g->g_name);
	else
		src_error(pos, "@%s used with %d key%s, elsewhere with %d",
		    g->g_name, nkeys, nkeys == 1 ? "" : "s", g->g_nkeys);
}

static enum val_type	 check_expr(struct node *);
static void		 store_object(struct stmt *);
static int		 int_width(const struct node *);
static struct node	*int_convert(struct node *, int, int);

/*
 * A map's key may be one tuple standing for its elements, as in bpftrace:
 * $k = (a, b); @m[$k] is @m[a, b], and so are @m[(a, b)] and
 * delete(@m, (a, b)).  Whether a local or a tuple's member holds a tuple
 * is only known once types are checked, so such keys are counted then.
 */
static int
key_later(struct node *const *args, size_t nargs)
{
	return nargs == 1 && (args[0]->n_kind == N_LVAR ||
	    args[0]->n_kind == N_MEMBER);
}

/* The number of keys before types are known, -1 if only after. */
static int
key_count_early(struct node *const *args, size_t nargs)
{
	if (key_later(args, nargs))
		return -1;
	if (nargs == 1 && args[0]->n_kind == N_TUPLE)
		return (int)args[0]->n_nargs;
	return (int)nargs;
}

static int	key_count(struct node *const *, size_t);
static void	check_map_key(struct node *const *, const char *);

static const char *
agg_name(int agg)
{
	size_t i;

	for (i = 0; i < sizeof(funcs) / sizeof(funcs[0]); i++)
		if ((int)funcs[i].id == agg)
			return funcs[i].name;
	return "plain values";
}

/*
 * count(), sum(), min(), max() and plain integers act on one number, so
 * a map with keys may mix them as in OpenBSD (map.c), where aggregations
 * always have keys.
 */
static int
is_numeric(int agg)
{
	return agg == F_NONE || agg == F_COUNT || agg == F_SUM ||
	    agg == F_MIN || agg == F_MAX;
}

/*
 * Pass 1: declare global variables from what is stored into them.
 */
static void
declare_store(struct node *lhs, enum func agg, struct node *rhs,
    struct stmt *s)
{
	struct gvar *g = lhs->n_gvar;
	enum gvar_kind kind;
	int nkeys;

	if (lhs->n_kind == N_LVAR)
		return;
	nkeys = lhs->n_kind == N_MAPREF ?
	    key_count_early(lhs->n_args, lhs->n_nargs) : 0;
	kind = (nkeys != 0 || agg != F_NONE) ? G_MAP : G_SCALAR;

	/* Storing into an aggregation is check_store()'s to report. */
	if (g->g_agg != F_NONE && nkeys == 0 && agg == F_NONE)
		return;
	if (g->g_kind == G_UNKNOWN) {
		g->g_kind = kind;
		g->g_agg = agg;
		if (agg == F_LHIST) {
			g->g_lmin = s->s_lmin;
			g->g_lmax = s->s_lmax;
			g->g_lstep = s->s_lstep;
		}
	} else if (g->g_kind != kind) {
		src_error(lhs->n_pos, "@%s is used both as a map and as a "
		    "scalar", g->g_name);
		lhs->n_declerr = 1;
		return;
	} else if (g->g_agg != (int)agg && nkeys > 0 &&
	    is_numeric(g->g_agg) && is_numeric(agg)) {
		/* A mixed map holds integers, read and printed as such. */
		g->g_agg = F_NONE;
		g->g_type = VT_INT;
	} else if (g->g_agg != (int)agg) {
		src_error(lhs->n_pos, "@%s: cannot mix %s and %s",
		    g->g_name, agg_name(g->g_agg), agg_name(agg));
		lhs->n_declerr = 1;
		return;
	} else if (agg == F_LHIST && (g->g_lmin != s->s_lmin ||
	    g->g_lmax != s->s_lmax || g->g_lstep != s->s_lstep)) {
		src_error(lhs->n_pos, "@%s: lhist() ranges differ",
		    g->g_name);
		lhs->n_declerr = 1;
		return;
	}
	if (kind == G_MAP && nkeys == -1)
		g->g_keyslater = 1;
	else if (kind == G_MAP)
		check_nkeys(g, nkeys, lhs->n_pos);
	(void)rhs;
}

/*
 * hist(n, k): bpftrace splits each power of 2 into 2^k buckets; k = 0,
 * its default, is the one histogram btrace draws.
 */
static void
check_hist_k(struct stmt *s)
{
	int64_t k;

	if (!const_int(s->s_args[1], &k) || k != 0) {
		src_error(s->s_args[1]->n_pos, "hist(): the buckets per power "
		    "of 2 can only be 0 (one each): use lhist() for finer "
		    "buckets");
		s->s_func = F_NONE;
	}
}

/* Turn `@m[k] = count()' into an aggregation statement. */
static void
classify_store(struct stmt *s)
{
	const struct func_def *fd;
	struct node *rhs = s->s_rhs;
	uint64_t span, steps;

	if (rhs->n_kind != N_CALL || (fd = func_lookup(rhs->n_str)) == NULL ||
	    !is_aggregation(fd->id))
		return;
	if (s->s_lhs->n_kind == N_LVAR) {
		src_error(rhs->n_pos, "%s() can only be assigned to a map, "
		    "not to $%s", fd->name, s->s_lhs->n_name);
		rhs->n_kind = N_INT;	/* reported: check it no more */
		rhs->n_type = VT_INT;
		return;
	}
	if (s->s_op != '=') {
		src_error(s->s_pos, "%s() cannot be used with a compound "
		    "assignment", fd->name);
		return;
	}
	s->s_kind = S_AGG;
	s->s_func = fd->id;
	s->s_args = rhs->n_args;
	s->s_nargs = rhs->n_nargs;
	if ((int)s->s_nargs < fd->minargs || (int)s->s_nargs > fd->maxargs) {
		src_error(rhs->n_pos, "%s() takes %d argument%s, %zu given",
		    fd->name, fd->minargs, fd->minargs == 1 ? "" : "s",
		    s->s_nargs);
		s->s_func = F_NONE;
		return;
	}
	if (fd->id == F_HIST && s->s_nargs == 2)
		check_hist_k(s);
	if (fd->id != F_LHIST)
		return;
	if (!const_int(s->s_args[1], &s->s_lmin) ||
	    !const_int(s->s_args[2], &s->s_lmax) ||
	    !const_int(s->s_args[3], &s->s_lstep)) {
		src_error(rhs->n_pos, "lhist(): min, max and step must be "
		    "integer constants");
		s->s_func = F_NONE;
		return;
	}
	if (s->s_lstep <= 0) {
		src_error(s->s_args[3]->n_pos, "lhist(): step must be "
		    "positive, not %lld", (long long)s->s_lstep);
		s->s_func = F_NONE;
	} else if (s->s_lmax <= s->s_lmin) {
		src_error(s->s_args[2]->n_pos, "lhist(): max (%lld) must be "
		    "greater than min (%lld)", (long long)s->s_lmax,
		    (long long)s->s_lmin);
		s->s_func = F_NONE;
	} else {
		/* max - min always fits in a uint64_t; steps rounded up. */
		span = (uint64_t)s->s_lmax - (uint64_t)s->s_lmin;
		steps = span / (uint64_t)s->s_lstep +
		    (span % (uint64_t)s->s_lstep != 0);
		if (steps > LHIST_MAXBUCKETS) {
			src_error(rhs->n_pos, "lhist(): more than %d "
			    "buckets", LHIST_MAXBUCKETS);
			s->s_func = F_NONE;
		}
	}
}

static void
declare_stmts(struct stmtq *q)
{
	struct stmt *s;

	TAILQ_FOREACH(s, q, s_next) {
		switch (s->s_kind) {
		case S_STORE:
			classify_store(s);
			if (s->s_kind == S_AGG && s->s_func == F_NONE)
				break;
			declare_store(s->s_lhs, s->s_kind == S_AGG ?
			    s->s_func : F_NONE, s->s_rhs, s);
			break;
		case S_EXPR:
			if (s->s_rhs->n_l->n_kind != N_LVAR)
				declare_store(s->s_rhs->n_l, F_NONE, NULL, s);
			break;
		case S_IF:
		case S_WHILE:
		case S_UNROLL:
		case S_FORMAP:
		case S_FORRANGE:
			declare_stmts(s->s_then);
			if (s->s_else != NULL)
				declare_stmts(s->s_else);
			break;
		default:
			break;
		}
	}
}

/*
 * Pass 2: check and type every expression and statement.
 */
static int
local_slot(const char *name)
{
	/* Slots are stored plus one, as the table cannot hold NULL. */
	return (int)(uintptr_t)names_get(&lnames, name) - 1;
}

static int
local_new(const char *name, enum val_type type)
{
	GROW(locals, (size_t)nlocals, maxlocals);
	memset(&locals[nlocals], 0, sizeof(locals[nlocals]));
	locals[nlocals].name = name;
	locals[nlocals].type = type;
	locals[nlocals].valtype = VT_NONE;
	names_put(&lnames, name, (void *)(uintptr_t)(nlocals + 1));
	return nlocals++;
}

/* The number of keys, once checked; -1 for a tuple of unknown size. */
static int
key_count(struct node *const *args, size_t nargs)
{
	const struct node *k = args[0];

	/* $kv.0 of a for loop: a tuple or not, only known when run. */
	if (key_later(args, nargs) && k->n_type == VT_NONE)
		return -1;
	if (nargs != 1 || k->n_type != VT_TUPLE)
		return (int)nargs;
	if (k->n_kind == N_TUPLE)
		return (int)k->n_nargs;
	if (k->n_kind == N_LVAR && locals[k->n_slot].arity > 0)
		return locals[k->n_slot].arity;
	return -1;
}

/* Check the count of keys that key_count_early() left for later. */
static void
check_keys_later(struct gvar *g, struct node *const *args, size_t nargs,
    struct pos pos)
{
	int nkeys;

	if (!key_later(args, nargs) || (nkeys = key_count(args, nargs)) == -1)
		return;
	check_nkeys(g, nkeys, pos);
}

/* A local of that name was declared by let or for in an ended block. */
static int
local_was_scoped(const char *name)
{
	int i;

	for (i = 0; i < nlocals; i++)
		if (locals[i].hidden && strcmp(locals[i].name, name) == 0)
			return 1;
	return 0;
}

/*
 * $t.N of a local tuple of known size, and $kv.1 of a for loop over a
 * map: the type of the map's values.
 */
static enum val_type
check_local_member(struct node *n)
{
	const struct local *l = &locals[n->n_l->n_slot];

	if (l->arity > 0 && (uint64_t)n->n_int >= (uint64_t)l->arity) {
		src_error(n->n_pos, "tuple index %lld out of range (size %d)",
		    (long long)n->n_int, l->arity);
		return VT_NONE;
	}
	if (n->n_int == 1 && l->valtype != VT_NONE)
		return n->n_type = l->valtype;
	return VT_NONE;
}

static void
need_probe(struct node *n, const char *what)
{
	if (!srule->r_hasprobe)
		src_error(n->n_pos, "%s cannot be used in BEGIN or END",
		    what);
}

/*
 * args.NAME on syscall entry probes is checked against the argument
 * table built from the kernel headers; a string argument is a string.
 * Other probes learn their arguments from the kernel at run time.
 */
static enum val_type
check_sysargs(struct node *n)
{
	const struct provider *pv;
	const struct sysargs *sa;
	const char *names[SYSARGS_MAX], *near;
	struct probe *p;
	enum val_type t = VT_NONE, pt;
	int first = 1, i;
	char list[256];
	size_t len;

	SLIST_FOREACH(p, &srule->r_probes, p_next) {
		if (p->p_kind != P_PROBE || p->p_func == NULL ||
		    (pv = provider_lookup(p->p_prov)) == NULL ||
		    !pv->pv_sysargs || strcmp(p->p_pname, "entry") != 0 ||
		    strpbrk(p->p_func, "*?[") != NULL ||
		    (sa = sysargs_lookup(p->p_func)) == NULL ||
		    sa->nargs < 0)
			return VT_NONE;
		if ((i = sysargs_index(sa, n->n_str)) < 0) {
			list[0] = '\0';
			for (i = 0; i < sa->nargs; i++) {
				len = strlen(list);
				snprintf(list + len, sizeof(list) - len,
				    "%s%s", i ? ", " : "", sa->args[i].name);
				names[i] = sa->args[i].name;
			}
			near = name_closest(n->n_str, names, sa->nargs);
			src_error(n->n_pos, "%s has no argument '%s' (it has: "
			    "%s)%s%s%s", p->p_name, n->n_str,
			    sa->nargs ? list : "none",
			    near ? "; did you mean '" : "", near ? near : "",
			    near ? "'?" : "");
			return VT_NONE;
		}
		pt = sa->args[i].kind == SA_USTR ? VT_STR : VT_INT;
		if (!first && pt != t)
			return VT_NONE;
		t = pt;
		first = 0;
	}
	return n->n_type = t;
}

static int	has_wildcard(const char *);

/* "it has: a, b, c" and the closest to `want', for a missing argument. */
static void
no_such_arg(struct node *n, const char *probe, const char *const *names,
    int nnames)
{
	const char *near;
	char list[1024];
	size_t len;
	int i;

	list[0] = '\0';
	for (i = 0; i < nnames; i++) {
		len = strlen(list);
		snprintf(list + len, sizeof(list) - len, "%s%s", i ? ", " : "",
		    names[i]);
	}
	near = name_closest(n->n_str, names, nnames);
	src_error(n->n_pos, "%s has no argument '%s' (it has: %s)%s%s%s",
	    probe, n->n_str, nnames ? list : "none",
	    near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
}

/*
 * args.NAME on trace events (providers with DTPV_TRACEFS) is checked
 * against the fields of the event's format, when tracefs is readable
 * (else, for the syscalls events, as the headers' table makes them),
 * or against the kernel's own arguments for a probe it has as it is
 * (the curated tracepoints); strings are strings.
 */
/*
 * The format of trace event probe p: tracefs's, or where there is no
 * tracefs, btrace's own of the system calls' events (sysfmt.c).
 */
static struct tf_format *
event_format(const struct probe *p)
{
	struct tf_format *fm;

	if ((fm = tracefs_format(p->p_func, p->p_pname)) == NULL &&
	    tracefs_root(NULL, 0) == NULL)
		fm = sysfmt_format(p->p_func, p->p_pname);
	return fm;
}

static enum val_type
check_tpargs(struct node *n)
{
	const char *names[BT_NARGS + 64];
	const char *const *kargs;
	const struct provider *pv;
	struct tf_format *fm;
	struct probe *p;
	enum val_type t = VT_NONE, pt;
	int first = 1, i, nk;

	SLIST_FOREACH(p, &srule->r_probes, p_next) {
		if (p->p_kind != P_PROBE || p->p_func == NULL ||
		    (pv = provider_lookup(p->p_prov)) == NULL ||
		    !(pv->pv_flags & DTPV_TRACEFS) ||
		    has_wildcard(p->p_func) || has_wildcard(p->p_pname))
			return VT_NONE;
		if ((nk = dt_probe_argnames(p->p_prov, p->p_func, p->p_pname,
		    &kargs)) >= 0) {
			for (i = 0; i < nk; i++)
				if (strcmp(kargs[i], n->n_str) == 0)
					break;
			if (i == nk) {
				no_such_arg(n, p->p_name, kargs, nk);
				return VT_NONE;
			}
			pt = VT_NONE;	/* the kernel says at run time */
		} else if ((fm = event_format(p)) != NULL) {
			if ((i = tracefs_field(fm, n->n_str)) < 0) {
				for (i = 0; i < fm->fm_nfields &&
				    i < (int)nitems(names); i++)
					names[i] = fm->fm_fields[i].f_name;
				no_such_arg(n, p->p_name, names, i);
				return VT_NONE;
			}
			if (i >= BT_NARGS) {
				src_error(n->n_pos, "%s: field '%s' is number "
				    "%d; btrace reads the first %d", p->p_name,
				    n->n_str, i + 1, BT_NARGS);
				return VT_NONE;
			}
			pt = fm->fm_fields[i].f_kind == TF_INT ||
			    fm->fm_fields[i].f_kind == TF_OTHER ? VT_INT :
			    VT_STR;
		} else {
			return VT_NONE;
		}
		if (!first && pt != t)
			return VT_NONE;
		t = pt;
		first = 0;
	}
	return n->n_type = t;
}

static const struct builtin_def *
builtin_find(const char *name)
{
	size_t i;

	for (i = 0; i < nitems(builtins); i++)
		if (strcmp(builtins[i].name, name) == 0)
			return &builtins[i];
	return NULL;
}

static enum val_type
check_builtin(struct node *n)
{
	const struct builtin_def *bd;
	const char *hint;
	int64_t value;
	size_t i;
	int found;

	if ((bd = builtin_find(n->n_str)) != NULL) {
		n->n_builtin = bd->id;
		if (bd->needprobe)
			need_probe(n, n->n_str);
		return n->n_type = bd->type;
	}
	for (i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++) {
		if (strcmp(errnames[i].name, n->n_str) != 0)
			continue;
		n->n_kind = N_INT;
		n->n_int = errnames[i].value;
		return n->n_type = VT_INT;
	}
	if (strcmp(n->n_str, "args") == 0)
		src_error(n->n_pos, "args must be followed by a field name: "
		    "args.NAME");
	else if (func_lookup(n->n_str) != NULL)
		src_error(n->n_pos, "%s is a function: %s(...)", n->n_str,
		    n->n_str);
	else if ((found = types_enumerator(n->n_str, &value)) == 0) {
		n->n_kind = N_INT;
		n->n_int = value;
		return n->n_type = VT_INT;
	} else if (found == -2)
		src_error(n->n_pos, "'%s' has several values in the kernel's "
		    "enums (BTF)", n->n_str);
	else if ((hint = hint_builtin(n->n_str)) != NULL)
		src_error(n->n_pos, "unknown identifier '%s': %s", n->n_str,
		    hint);
	else if (headers_missing() != NULL)
		src_error(n->n_pos, "unknown identifier '%s' (the kernel's "
		    "headers for %s were not found: install them, as "
		    "Debian's linux-headers-$(uname -r), or define it)",
		    n->n_str, headers_missing());
	else
		src_error(n->n_pos, "unknown identifier '%s'", n->n_str);
	return VT_NONE;
}

/*
 * args.NAME in a rule whose probes are all entries of kernel functions
 * (a provider with DTPV_KFUNCS) that BTF describes with a parameter NAME
 * at the same place and of the same type: 0 with its index in
 * n->n_argsidx and its BTF type in n->n_int; 1 if the rule is not
 * such a rule (args.NAME is then another provider's); -1 after a
 * message.
 */
static int
kfunc_arg(struct node *n)
{
	const char *names[TYPES_MAXPARAMS], *near;
	const struct provider *pv;
	struct probe *p;
	uint32_t type, first = 0;
	int idx, rc, nn;

	SLIST_FOREACH(p, &srule->r_probes, p_next) {
		if (p->p_kind != P_PROBE || p->p_func == NULL ||
		    (pv = provider_lookup(p->p_prov)) == NULL ||
		    !(pv->pv_flags & DTPV_KFUNCS) ||
		    has_wildcard(p->p_func))
			return 1;
		if (strcmp(p->p_pname, "entry") != 0) {
			src_error(n->n_pos, "args.%s: %s is a return probe, "
			    "which has retval, not the arguments: keep what "
			    "the return needs at the entry, as @%s[tid] = "
			    "args.%s in kprobe:%s", n->n_str, p->p_name,
			    n->n_str, n->n_str, p->p_func);
			return -1;
		}
		rc = types_func_param(p->p_func, n->n_str, &idx, &type,
		    names, &nn);
		if (rc == -1)
			return 1;
		if (rc == -2) {
			near = name_closest(n->n_str, names, nn);
			src_error(n->n_pos, "%s has no parameter '%s'%s%s%s",
			    p->p_func, n->n_str,
			    near ? " (did you mean '" : "", near ? near : "",
			    near ? "'?)" : "");
			return -1;
		}
		if (idx >= BT_NARGS || idx > B_ARG9 - B_ARG0) {
			src_error(n->n_pos, "args.%s is parameter %d of %s; "
			    "btrace reads the first %d", n->n_str, idx + 1,
			    p->p_func, B_ARG9 - B_ARG0 + 1);
			return -1;
		}
		if (first != 0 && (idx != n->n_argsidx || type != first)) {
			src_error(n->n_pos, "args.%s differs between the "
			    "functions of this rule", n->n_str);
			return -1;
		}
		n->n_argsidx = idx;
		first = type;
	}
	if (first == 0)
		return 1;
	n->n_int = first;
	return 0;
}

/*
 * retval as kernel data, in a rule whose probes are all returns of
 * kernel functions BTF gives one return type: that type in n->n_int,
 * 0; -1 after a message.
 */
static int
kfunc_retval(struct node *n)
{
	const struct provider *pv;
	struct probe *p;
	uint32_t type, first = 0;

	SLIST_FOREACH(p, &srule->r_probes, p_next) {
		if (p->p_kind != P_PROBE || p->p_func == NULL ||
		    (pv = provider_lookup(p->p_prov)) == NULL ||
		    !(pv->pv_flags & DTPV_KFUNCS) ||
		    has_wildcard(p->p_func) ||
		    strcmp(p->p_pname, "return") != 0 ||
		    types_func_return(p->p_func, &type) == -1 ||
		    (first != 0 && type != first)) {
			src_error(n->n_pos, "retval is kernel data only at "
			    "the return of kernel functions BTF types alike, "
			    "not at %s: cast it, (struct name *)retval",
			    p->p_name);
			return -1;
		}
		first = type;
	}
	n->n_int = first;
	return first == 0 ? -1 : 0;
}

/*
 * Kernel data: the builtins it starts from resolved, curtask only in
 * probes; then kdata.c compiles it.  -1 after a message.
 */
/*
 * Kernel data from args.NAME needs its type, which only the BTF of
 * one kernel function per probe gives: why there is none.
 */
static void
kfunc_arg_untyped(const struct node *n)
{
	const struct provider *pv;
	struct probe *p;
	char err[512];

	SLIST_FOREACH(p, &srule->r_probes, p_next) {
		if (p->p_kind != P_PROBE || p->p_func == NULL ||
		    (pv = provider_lookup(p->p_prov)) == NULL ||
		    !(pv->pv_flags & DTPV_KFUNCS) || has_wildcard(p->p_func)) {
			src_error(n->n_pos, "args.%s: reading kernel data "
			    "through it needs its type, which only a kernel "
			    "function's parameters have, one function per "
			    "probe: not %s", n->n_str, p->p_name);
			return;
		}
		if (btf_kernel(err, sizeof(err)) == NULL) {
			src_error(n->n_pos, "args.%s: no type to read kernel "
			    "data through: no kernel BTF: %s", n->n_str, err);
			return;
		}
	}
	src_error(n->n_pos, "args.%s: no type to read kernel data through: "
	    "the kernel's BTF does not describe the function", n->n_str);
}

/* The trace events a probe names, its globs expanded. */
struct event_walk {
	const struct probe	*p;
	int			(*fn)(const char *, const char *, void *);
	void			*arg;
	int			 n, failed;
};

static void
event_walk_one(const char *sys, const char *ev, void *arg)
{
	struct event_walk *w = arg;

	if (w->failed || fnmatch(w->p->p_func, sys, 0) != 0 ||
	    fnmatch(w->p->p_pname, ev, 0) != 0)
		return;
	w->n++;
	if (w->fn(sys, ev, w->arg) == -1)
		w->failed = 1;
}

/*
 * Call fn for each trace event probe p names: from tracefs's list, or
 * where it cannot be read, from btrace's own of the system calls'
 * events.  The number of events, or -1 once fn has failed.
 */
static int
each_event(const struct probe *p, int (*fn)(const char *, const char *,
    void *), void *arg)
{
	struct event_walk w = { p, fn, arg, 0, 0 };
	char name[DTNAMESIZE];
	size_t i;

	if (!has_wildcard(p->p_func) && !has_wildcard(p->p_pname))
		return fn(p->p_func, p->p_pname, arg) == -1 ? -1 : 1;
	if (tracefs_events(event_walk_one, &w) == -1) {
		for (i = 0; i < sysargs_count && !w.failed; i++) {
			snprintf(name, sizeof(name), "sys_enter_%s",
			    sysargs_table[i].entry != NULL ?
			    sysargs_table[i].entry : sysargs_table[i].syscall);
			event_walk_one("syscalls", name, &w);
		}
	}
	return w.failed ? -1 : w.n;
}

/* What syscall_uptr() learns of args.NAME from each event. */
struct uptr_walk {
	struct node	*a;
	char		 type[DTNAMESIZE];	/* pointed to, in the first */
	int		 word;			/* in the first, or -1 */
	int		 notsuch;		/* an event has no such */
};

static int
syscall_uptr_event(const char *sys, const char *ev, void *arg)
{
	struct uptr_walk *uw = arg;
	const struct sysargs *sa;
	struct tf_format *fm;
	struct probe p;
	char type[DTNAMESIZE], *t = type;
	int i, j;

	memset(&p, 0, sizeof(p));
	p.p_func = (char *)sys;
	p.p_pname = (char *)ev;
	if (strncmp(ev, "sys_enter_", 10) != 0 ||
	    (fm = event_format(&p)) == NULL ||
	    tracefs_field(fm, "__syscall_nr") < 0 ||
	    (i = tracefs_field(fm, uw->a->n_str)) < 0 ||
	    fm->fm_fields[i].f_size != 8 || fm->fm_fields[i].f_off % 8 != 0 ||
	    fm->fm_fields[i].f_off / 8 >= DTMAXRECWORDS ||
	    (sa = sysargs_lookup(ev + 10)) == NULL ||
	    (j = sysargs_index(sa, uw->a->n_str)) < 0 ||
	    sa->args[j].kind != SA_UPTR) {
		uw->notsuch = 1;
		return -1;
	}
	/* "const struct __kernel_timespec *": what it points to. */
	snprintf(type, sizeof(type), "%s", sa->args[j].type);
	if (strncmp(t, "const ", 6) == 0)
		t += 6;
	if (strlen(t) < 3 || strcmp(t + strlen(t) - 2, " *") != 0) {
		uw->notsuch = 1;
		return -1;
	}
	t[strlen(t) - 2] = '\0';
	if (uw->word == -1) {
		snprintf(uw->type, sizeof(uw->type), "%s", t);
		uw->word = fm->fm_fields[i].f_off / 8;
	} else if (strcmp(uw->type, t) != 0) {
		src_error(uw->a->n_pos, "args.%s points to %s in %s:%s, to %s "
		    "in the rule's first event: give each its own rule",
		    uw->a->n_str, t, sys, ev, uw->type);
		return -1;
	}
	return 0;
}

/*
 * args.NAME of system calls' entry trace events (their formats have
 * __syscall_nr: the record holds the call's arguments) that the
 * kernel's prototypes declare a user pointer to one type, followed
 * without a cast, as naptime.bt's args->rqtp->tv_sec: typed from BTF,
 * read in the calling task's memory, from the word of the record each
 * probe has it at (nanosleep's and clock_nanosleep's differ: dt.c
 * finds each).  0, 1 if not such, -1 after a message.
 */
static int
syscall_uptr(struct node *a)
{
	const struct provider *pv;
	const struct btf *btf;
	struct uptr_walk uw;
	struct probe *p;
	uint32_t id;
	int n;

	memset(&uw, 0, sizeof(uw));
	uw.a = a;
	uw.word = -1;
	SLIST_FOREACH(p, &srule->r_probes, p_next) {
		if (p->p_kind != P_PROBE || p->p_func == NULL ||
		    (pv = provider_lookup(p->p_prov)) == NULL ||
		    !(pv->pv_flags & DTPV_TRACEFS))
			return 1;
		if ((n = each_event(p, syscall_uptr_event, &uw)) <= 0)
			return uw.notsuch || n == 0 ? 1 : -1;
	}
	if (uw.word == -1)
		return 1;
	if ((id = type_btf(&btf, uw.type, a->n_pos)) == 0)
		return -1;
	a->n_argsidx = uw.word;
	a->n_post = 2;		/* kdata.c: a user pointer to n_int */
	a->n_int = id;
	return 0;
}

/*
 * args.FIELD of trace events, cast to a kernel pointer: the field must
 * be a word of the record (8 bytes at a multiple of 8), the same in
 * every probe of the rule, which a fetch starts from (DTFS_ARG of a
 * DTPI_RECORD probe).  -1 after a message.
 */
static int
record_word(struct node *a)
{
	const struct provider *pv;
	const struct tf_field *f;
	struct tf_format *fm;
	struct probe *p;
	int i, word = -1;

	SLIST_FOREACH(p, &srule->r_probes, p_next) {
		if (p->p_kind != P_PROBE || p->p_func == NULL ||
		    (pv = provider_lookup(p->p_prov)) == NULL ||
		    !(pv->pv_flags & DTPV_TRACEFS) ||
		    has_wildcard(p->p_func) || has_wildcard(p->p_pname) ||
		    (fm = event_format(p)) == NULL) {
			kfunc_arg_untyped(a);
			return -1;
		}
		if ((i = tracefs_field(fm, a->n_str)) < 0) {
			src_error(a->n_pos, "%s has no field '%s'", p->p_name,
			    a->n_str);
			return -1;
		}
		f = &fm->fm_fields[i];
		if (f->f_size != 8 || f->f_off % 8 != 0 ||
		    f->f_off / 8 >= DTMAXRECWORDS ||
		    (word != -1 && word != f->f_off / 8)) {
			src_error(a->n_pos, "args.%s: a cast reads a pointer "
			    "from a word of the record, 8 bytes at a multiple "
			    "of 8, the same in every probe: %s has %d bytes "
			    "at %d", a->n_str, p->p_name, f->f_size,
			    f->f_off);
			return -1;
		}
		word = f->f_off / 8;
	}
	if (word == -1)
		return -1;
	a->n_argsidx = word;
	a->n_post = 1;		/* kdata.c: a record's word, untyped */
	a->n_int = 0;
	return 0;
}

/*
 * Whether system call sa's argument idx is a user pointer to pointers,
 * an argument vector such as execve()'s argv: "const char *const *".
 */
static int
sysarg_is_vector(const struct sysargs *sa, int idx)
{
	const char *star;

	if (sa == NULL || idx < 0 || idx >= sa->nargs ||
	    sa->args[idx].kind != SA_UPTR ||
	    (star = strchr(sa->args[idx].type, '*')) == NULL)
		return 0;
	return strchr(star + 1, '*') != NULL;
}

/* What vector_field() learns of args.NAME from each event. */
struct vector_field {
	struct node	*a;
	int		 word;		/* in the first event, or -1 */
};

static int
vector_field_event(const char *sys, const char *ev, void *arg)
{
	struct vector_field *vf = arg;
	struct probe p;
	struct tf_format *fm;
	const struct tf_field *f;
	int i;

	memset(&p, 0, sizeof(p));
	p.p_func = (char *)sys;
	p.p_pname = (char *)ev;
	if ((fm = event_format(&p)) == NULL) {
		src_error(vf->a->n_pos, "join(args.%s): no format for "
		    "%s:%s", vf->a->n_str, sys, ev);
		return -1;
	}
	if ((i = tracefs_field(fm, vf->a->n_str)) < 0) {
		src_error(vf->a->n_pos, "%s:%s has no field '%s'", sys, ev,
		    vf->a->n_str);
		return -1;
	}
	f = &fm->fm_fields[i];
	if (strncmp(ev, "sys_enter_", 10) != 0 ||
	    tracefs_field(fm, "__syscall_nr") < 0 || f->f_size != 8 ||
	    f->f_off % 8 != 0 || f->f_off / 8 >= DTMAXRECWORDS ||
	    !sysarg_is_vector(sysargs_lookup(ev + 10),
	    sysargs_index(sysargs_lookup(ev + 10), vf->a->n_str))) {
		src_error(vf->a->n_pos, "join(args.%s): in %s:%s it is %s, "
		    "no argument vector of a system call in user memory, as "
		    "execve's argv is", vf->a->n_str, sys, ev, f->f_type);
		return -1;
	}
	if (vf->word == -1)
		vf->word = f->f_off / 8;
	return 0;
}

/*
 * args.NAME of system calls' entry trace events that is an argument
 * vector in user memory, as args.argv of sys_enter_exec*: 0, its word
 * in the records, which may differ from event to event (dt.c finds
 * each probe's), in n_argsidx for the first; -1 after a message.
 */
static int
vector_field(struct node *a)
{
	const struct provider *pv;
	struct vector_field vf = { a, -1 };
	struct probe *p;
	int n;

	SLIST_FOREACH(p, &srule->r_probes, p_next) {
		if (p->p_kind != P_PROBE || p->p_func == NULL ||
		    (pv = provider_lookup(p->p_prov)) == NULL ||
		    !(pv->pv_flags & DTPV_TRACEFS)) {
			src_error(a->n_pos, "join(args.%s): args.NAME is read "
			    "as an argument vector in system calls' trace "
			    "events, not in %s", a->n_str, p->p_name);
			return -1;
		}
		if ((n = each_event(p, vector_field_event, &vf)) == -1)
			return -1;
		if (n == 0) {
			src_error(a->n_pos, "join(args.%s): no trace event "
			    "matches %s", a->n_str, p->p_name);
			return -1;
		}
	}
	if (vf.word == -1)
		return -1;
	a->n_argsidx = vf.word;
	a->n_post = 3;		/* kdata.c: a user vector, per probe */
	a->n_int = 0;
	return 0;
}

/*
 * argN of system call probes (a provider with pv_sysargs) that is an
 * argument vector in user memory in each: 0, 1 if the rule's probes
 * are not system calls, -1 after a message.
 */
static int
vector_sysarg(struct node *a)
{
	const struct provider *pv;
	struct probe *p;
	size_t i;
	int idx = a->n_builtin - B_ARG0, n;

	if (a->n_builtin < B_ARG0 || a->n_builtin > B_ARG9)
		return 1;
	SLIST_FOREACH(p, &srule->r_probes, p_next) {
		if (p->p_kind != P_PROBE || p->p_func == NULL ||
		    (pv = provider_lookup(p->p_prov)) == NULL ||
		    !pv->pv_sysargs || strcmp(p->p_pname, "entry") != 0)
			return 1;
		for (n = 0, i = 0; i < sysargs_count; i++) {
			if (fnmatch(p->p_func, sysargs_table[i].syscall, 0))
				continue;
			n++;
			if (!sysarg_is_vector(&sysargs_table[i], idx)) {
				src_error(a->n_pos, "join(%s): argument %d of "
				    "%s is no argument vector in user "
				    "memory, as execve's argv is", a->n_str,
				    idx, sysargs_table[i].syscall);
				return -1;
			}
		}
		if (n == 0)
			return 1;
	}
	return 0;
}

/*
 * reg("name"), bpftrace's: a register of the probed context, which
 * dt(4) reads as the probe fires (DTFS_REG) where the provider says its
 * probes have them (DTPV_REGS); n_func and n_int (the word) are set.
 */
static int
reg_source(struct node *n)
{
	const struct provider *pv;
	const struct node *a = n->n_args[0];
	struct probe *p;
	int word;

	n->n_func = F_REG;
	if (!srule->r_hasprobe) {
		need_probe(n, "reg()");
		return -1;
	}
	if ((word = reg_word(a->n_str)) == -1) {
		src_error(a->n_pos, "reg(\"%s\"): no such register; there "
		    "are %s", a->n_str, reg_names());
		return -1;
	}
	SLIST_FOREACH(p, &srule->r_probes, p_next) {
		if (p->p_kind != P_PROBE || p->p_prov == NULL ||
		    (pv = provider_lookup(p->p_prov)) == NULL ||
		    (pv->pv_flags & DTPV_REGS))
			continue;
		src_error(n->n_pos, "reg(): probe '%s' fires with no "
		    "registers of a probed context: %s probes have none",
		    p->p_name, pv->pv_name);
		return -1;
	}
	n->n_int = word;
	return 0;
}

/* reg("name") as a value: the register word, read by a fetch. */
static enum val_type
check_reg(struct node *n)
{
	if (reg_source(n) == -1)
		return n->n_type = VT_NONE;
	return n->n_type = kdata_check(n, 0, config_strmax);
}

static int
kdata_sources(struct node *n)
{
	struct node *l;
	int rc;

	if (n->n_kind == N_BUILTIN && strcmp(n->n_str, "curtask") == 0) {
		if (!srule->r_hasprobe) {
			need_probe(n, "curtask");
			return -1;
		}
		return 0;
	}
	if (n->n_kind == N_BUILTIN)
		return check_builtin(n) == VT_NONE ? -1 : 0;
	if (n->n_kind == N_LVAR &&	/* a struct in place: kdata.c */
	    (n->n_slot = local_slot(n->n_name)) != -1 &&
	    locals[n->n_slot].object)
		return 0;
	if (n->n_kind == N_LVAR)	/* a kernel pointer kept: kdata.c */
		return check_expr(n) == VT_NONE ? -1 : 0;
	/* reg("name") read through: the register is the fetch's source. */
	if (n->n_kind == N_CALL && strcmp(n->n_str, "reg") == 0 &&
	    n->n_nargs == 1 && n->n_args[0]->n_kind == N_STR)
		return reg_source(n);
	if (n->n_kind == N_CALL)	/* kaddr("name") */
		return check_expr(n) == VT_NONE ? -1 : 0;
	if (n->n_kind == N_BINOP) {	/* an address and an offset */
		if ((n->n_op != '+' && n->n_op != '-') ||
		    check_expr(n->n_r) != VT_INT ||
		    !const_int(n->n_r, &n->n_int)) {
			src_error(n->n_pos, "an address read through is "
			    "kernel data, a local holding a pointer or "
			    "kaddr(), plus or minus a constant integer");
			return -1;
		}
		/*
		 * container_of as bpftrace's tools write it, (struct mount *)
		 * ((uint64)$vfsmnt - offsetof(...)): the address as an
		 * integer of 8 bytes, the offset in bytes (kdata.c).
		 */
		l = n->n_l;
		while (l->n_kind == N_UNOP && l->n_op == 'c' && l->n_int == 8)
			l = l->n_l;
		n->n_post = l != n->n_l;
		return kdata_sources(l);
	}
	if (n->n_kind == N_ARGS) {
		need_probe(n, "args");
		if ((rc = kfunc_arg(n)) == 1 && (rc = syscall_uptr(n)) == 1)
			kfunc_arg_untyped(n);
		return rc == 0 ? 0 : -1;
	}
	/* (struct name *)args.FIELD of a trace event: the record's word. */
	if (n->n_kind == N_KDATA && n->n_op == KD_CAST &&
	    n->n_l->n_kind == N_ARGS && srule->r_hasprobe &&
	    (rc = kfunc_arg(n->n_l)) != 0)
		return rc == -1 ? -1 : record_word(n->n_l);
	if (n->n_kind == N_KDATA && n->n_op == KD_INDEX) {
		if (check_expr(n->n_r) != VT_INT) {
			src_error(n->n_r->n_pos, "an index of kernel data is "
			    "an integer");
			return -1;
		}
		/* Not constant: kdata.c reads the whole array. */
		n->n_post = !const_int(n->n_r, &n->n_int);
	}
	/* retval followed without a cast: typed from BTF. */
	if (n->n_kind == N_KDATA && n->n_op != KD_CAST &&
	    n->n_l->n_kind == N_BUILTIN &&
	    strcmp(n->n_l->n_str, "retval") == 0) {
		if (check_builtin(n->n_l) == VT_NONE)
			return -1;
		return kfunc_retval(n->n_l);
	}
	if (n->n_kind == N_KDATA)
		return kdata_sources(n->n_l);
	return 0;
}

/*
 * Kernel data n as a value.  With objp, a struct or union in place is
 * no error but sets *objp, for a local to name (store_object()).
 */
static enum val_type
check_kdata_obj(struct node *n, int asstr, int *objp)
{
	int obj;

	if (kdata_sources(n) == -1)
		return n->n_type = VT_NONE;
	if (objp != NULL && (obj = kdata_object(n)) != 0) {
		*objp = obj == 1;
		return n->n_type = VT_NONE;
	}
	return n->n_type = kdata_check(n, asstr, config_strmax);
}

static enum val_type
check_kdata(struct node *n, int asstr)
{
	return check_kdata_obj(n, asstr, NULL);
}

/*
 * cgroup, bpftrace's: the id of the current task's cgroup in the
 * unified (v2) hierarchy, as the kernel's BPF helper takes it, read as
 * kernel data: curtask->cgroups->dfl_cgrp->kn->id.  n becomes that.
 */
static enum val_type
check_cgroup(struct node *n)
{
	static const char *const path[] = { "cgroups", "dfl_cgrp", "kn" };
	struct node *l, *m;
	size_t i;

	if (!srule->r_hasprobe) {
		need_probe(n, "cgroup");
		return n->n_type = VT_NONE;
	}
	if ((l = calloc(1, sizeof(*l))) == NULL)
		err(1, NULL);
	l->n_kind = N_BUILTIN;
	l->n_pos = n->n_pos;
	l->n_str = "curtask";
	for (i = 0; i < nitems(path); i++) {
		if ((m = calloc(1, sizeof(*m))) == NULL)
			err(1, NULL);
		m->n_kind = N_KDATA;
		m->n_op = KD_ARROW;
		m->n_pos = n->n_pos;
		m->n_l = l;
		m->n_str = path[i];
		l = m;
	}
	n->n_kind = N_KDATA;
	n->n_op = KD_ARROW;
	n->n_l = l;
	n->n_str = "id";
	return check_kdata(n, 0);
}

/*
 * ntop([af,] kernel data): an address of 4 or 16 bytes in place (the
 * in6_addr of a socket) is read as its text; an integer as ntop()'s.
 * With `v6' (kdata_as_text()), only 16 bytes.
 */
static enum val_type
check_ntop_kdata(struct node *n, int v6)
{
	struct node *a = n->n_args[n->n_nargs - 1];
	enum val_type t;

	n->n_func = F_NTOP;
	if (n->n_nargs == 2 && check_expr(n->n_args[0]) != VT_INT &&
	    n->n_args[0]->n_type != VT_NONE)
		src_error(n->n_args[0]->n_pos, "ntop(): the address family "
		    "is an integer");
	if (kdata_sources(a) == -1)
		return n->n_type = VT_NONE;
	if ((t = a->n_type = kdata_check_addr(a, config_strmax, v6)) == VT_NONE)
		return n->n_type = VT_NONE;
	return n->n_type = VT_STR;
}

/* A global or map element: a value of an earlier event, maybe. */
static int
is_kept(const struct node *n)
{
	return n->n_kind == N_GVAR || n->n_kind == N_MAPREF;
}

/* argN or retval, a word of the probe; n may be unchecked yet. */
static int
is_word(const struct node *n)
{
	const struct builtin_def *bd;

	if (n->n_kind != N_BUILTIN || (bd = builtin_find(n->n_str)) == NULL)
		return 0;
	return (bd->id >= B_ARG0 && bd->id <= B_ARG9) || bd->id == B_RETVAL;
}

/*
 * Whether the rule's probes are all in user programs' functions, whose
 * argument words and return values are addresses in the process.
 */
static int
rule_in_user(void)
{
	const struct provider *pv;
	struct probe *p;
	int n = 0;

	SLIST_FOREACH(p, &srule->r_probes, p_next) {
		if (p->p_kind != P_PROBE || p->p_prov == NULL ||
		    (pv = provider_lookup(p->p_prov)) == NULL ||
		    !(pv->pv_flags & DTPV_UFILE))
			return 0;
		n++;
	}
	return n > 0;
}

/*
 * Whether the rule's probes are all USDT markers, whose arguments are
 * where each marker's notes say, read by fetches; -1 after a message if
 * some are and others are not.
 */
static int
rule_in_usdt(void)
{
	struct probe *p, *first = NULL, *other = NULL;

	SLIST_FOREACH(p, &srule->r_probes, p_next) {
		if (p->p_kind != P_PROBE)
			continue;
		if (p->p_usdt && first == NULL)
			first = p;
		else if (!p->p_usdt && other == NULL)
			other = p;
	}
	if (first == NULL)
		return 0;
	return other == NULL ? 1 : -1;
}

/*
 * argN of a rule of USDT markers: read where each marker keeps it,
 * as a fetch.  A rule of markers and other probes has no argN.
 */
static enum val_type
check_usdt_arg(struct node *n)
{
	if (srule_usdt == -1) {
		src_error(n->n_pos, "%s: the rule's probes are USDT markers "
		    "and other probes, whose arguments are not alike: write "
		    "a rule for each", n->n_str);
		return n->n_type = VT_NONE;
	}
	return n->n_type = kdata_check(n, 0, config_strmax);
}

/*
 * buf(p, len), bpftrace's: len bytes where kernel data p points to, or
 * of a kernel array in place (then len is optional), as text with the
 * bytes that are not printable ASCII written \xNN.  The kernel reads at
 * most strmax bytes (the constant len if smaller); a len known only
 * when the event is read shortens that.
 */
static enum val_type
check_buf(struct node *n)
{
	struct node *a = n->n_args[0];
	int64_t len = -1;

	if (!srule->r_hasprobe) {
		need_probe(n, "buf()");
		return n->n_type = VT_NONE;
	}
	if (n->n_nargs == 2) {
		if (check_expr(n->n_args[1]) != VT_INT) {
			if (n->n_args[1]->n_type != VT_NONE)
				src_error(n->n_args[1]->n_pos, "buf(): the "
				    "length is an integer");
			return n->n_type = VT_NONE;
		}
		if (const_int(n->n_args[1], &len) && len < 0) {
			src_error(n->n_args[1]->n_pos, "buf(): a negative "
			    "length, %lld", (long long)len);
			return n->n_type = VT_NONE;
		}
	}
	if (a->n_kind != N_KDATA && a->n_kind != N_ARGS &&
	    a->n_kind != N_LVAR && !(a->n_kind == N_BUILTIN &&
	    strcmp(a->n_str, "curtask") == 0) &&
	    !(is_word(a) && srule_user)) {
		src_error(a->n_pos, "buf() reads kernel data or, in a user "
		    "program's probes, its memory: a pointer or an array, "
		    "such as buf($skb->data, $skb->len) or buf(arg1, 16)");
		return n->n_type = VT_NONE;
	}
	if (a->n_kind == N_LVAR && (check_expr(a) == VT_NONE ||
	    !kdata_local_kept(a))) {
		if (a->n_type != VT_NONE)
			src_error(a->n_pos, "buf(): $%s holds no kernel "
			    "pointer", a->n_name);
		return n->n_type = VT_NONE;
	}
	if (kdata_sources(a) == -1)
		return n->n_type = VT_NONE;
	if (kdata_check_buf(a, n->n_nargs == 2, len, config_strmax) ==
	    VT_NONE)
		return n->n_type = VT_NONE;
	return n->n_type = VT_STR;
}

/*
 * join(v[, sep]), bpftrace's: the strings of argument vector v printed
 * on one line, separated by sep (a space).  The kernel reads them when
 * the probe fires, in one fetch: v is a system call's argument vector
 * (args.argv of its entry trace event, argN of a syscall probe), argN
 * or retval of a user program's probe, or kernel data, a char **.
 */
static void
check_join(struct stmt *s)
{
	struct node *a = s->s_args[0];
	int rc, user = 0;

	if (!srule->r_hasprobe) {
		need_probe(s->s_lhs, "join()");
		return;
	}
	if (s->s_nargs == 2 && s->s_args[1]->n_kind != N_STR) {
		src_error(s->s_args[1]->n_pos, "join(): the separator is a "
		    "string literal");
		return;
	}
	if (a->n_kind == N_ARGS) {
		if ((rc = kfunc_arg(a)) == -1)
			return;
		if (rc == 1 && vector_field(a) == -1)
			return;
		user = rc == 1;
	} else if (is_word(a)) {
		if (check_builtin(a) == VT_NONE)
			return;
		if (!srule_user && (rc = vector_sysarg(a)) != 0) {
			if (rc == 1)
				src_error(a->n_pos, "join(%s): in these "
				    "probes %s is no argument vector dt(4) "
				    "can read: join() takes a system call's "
				    "(args.argv of sys_enter_execve), a user "
				    "probe's argN or retval, or kernel data, "
				    "a char **", a->n_str, a->n_str);
			return;
		}
		user = 1;
	} else if (a->n_kind == N_KDATA || a->n_kind == N_LVAR) {
		if (a->n_kind == N_LVAR && (check_expr(a) == VT_NONE ||
		    !kdata_local_kept(a))) {
			if (a->n_type != VT_NONE)
				src_error(a->n_pos, "join(): $%s holds no "
				    "kernel pointer", a->n_name);
			return;
		}
		if (kdata_sources(a) == -1)
			return;
	} else {
		src_error(a->n_pos, "join() reads an argument vector when the "
		    "probe fires: a system call's (args.argv of "
		    "sys_enter_execve), a user probe's argN or retval, or "
		    "kernel data, a char **");
		return;
	}
	kdata_check_join(a, user, s->s_nargs == 2 ? s->s_args[1]->n_str :
	    " ");
}

static enum val_type
check_int_arg(struct node *n, const char *fname)
{
	enum val_type t;

	t = check_expr(n);
	if (t != VT_NONE && t != VT_INT)
		src_error(n->n_pos, "%s() expects an integer, got %s",
		    fname, type_name(t));
	return t;
}

/* A builtin variable or an error number's name. */
static int
is_builtin_name(const char *name)
{
	size_t i;

	for (i = 0; i < nitems(builtins); i++)
		if (strcmp(builtins[i].name, name) == 0)
			return 1;
	for (i = 0; i < nitems(errnames); i++)
		if (strcmp(errnames[i].name, name) == 0)
			return 1;
	return 0;
}

/*
 * kstack([mode][, depth]), as bpftrace writes it: a leading bare name
 * is the stack mode, kept in n_int and taken out of the arguments.
 */
static void
check_stack_args(struct node *n, const char *fname)
{
	struct node *a;
	int mode;
	size_t i;

	if (n->n_nargs == 0)
		return;
	a = n->n_args[0];
	if (a->n_kind == N_BUILTIN &&
	    (mode = stack_mode_lookup(a->n_str)) != -1) {
		n->n_int = mode;
		for (i = 1; i < n->n_nargs; i++)
			n->n_args[i - 1] = n->n_args[i];
		n->n_nargs--;
	} else if (a->n_kind == N_BUILTIN && (n->n_nargs == 2 ||
	    !is_builtin_name(a->n_str))) {
		src_error(a->n_pos, "%s(): unknown stack mode '%s': use "
		    "bpftrace, perf, raw or sym", fname, a->n_str);
		return;
	}
	if (n->n_nargs == 2) {
		src_error(n->n_pos, "%s() takes a stack mode, then a depth",
		    fname);
		return;
	}
	if (n->n_nargs == 1)
		check_int_arg(n->n_args[0], fname);
}

/* @m as a function's argument: not a mistake in itself. */
static int
is_whole_map(const struct node *n)
{
	return n->n_kind == N_GVAR && n->n_gvar->g_kind == G_MAP;
}

static void
unknown_function(const struct node *n)
{
	const char *hint;

	if ((hint = hint_function(n->n_str)) != NULL)
		src_error(n->n_pos, "unknown function '%s': %s", n->n_str,
		    hint);
	else
		src_error(n->n_pos, "unknown function '%s'", n->n_str);
}

/*
 * nsecs(boot): the word is the function's, not an expression; it is
 * kept in n_int and leaves the arguments.
 */
static void
check_word(struct node *n, struct node *a)
{
	int w;

	if (a->n_kind != N_BUILTIN ||
	    (w = func_clock_lookup(a->n_str)) == -1) {
		src_error(a->n_pos, "%s(): unknown clock%s%s: use monotonic, "
		    "boot, tai or sw_tai", n->n_str,
		    a->n_kind == N_BUILTIN ? " " : "",
		    a->n_kind == N_BUILTIN ? a->n_str : "");
		return;
	}
	n->n_int = w;
	n->n_nargs--;
}

/*
 * pton("127.0.0.1") is a constant, as bpftrace makes it: an integer as
 * ntop() reads it.  pton("::1"), 16 bytes that no value holds, is its
 * text as ntop() writes it, which an address in kernel data compares
 * with (check_binop()); n_func stays F_PTON to say so.
 */
static enum val_type
fold_pton(struct node *n)
{
	const char *s = n->n_args[0]->n_str;
	char text[INET6_ADDRSTRLEN];
	int64_t addr;
	int len;

	if ((len = func_pton(s, &addr, text, sizeof(text))) == -1) {
		src_error(n->n_args[0]->n_pos, "pton(): '%s' is not an IPv4 "
		    "or IPv6 address", s);
		return VT_NONE;
	}
	if (len == 4) {
		n->n_kind = N_INT;
		n->n_int = addr;
		return n->n_type = VT_INT;
	}
	n->n_kind = N_STR;
	if ((n->n_str = strdup(text)) == NULL)
		err(1, NULL);
	return n->n_type = VT_STR;
}

/* ntop([af,] pton("::1")): the text pton() made. */
static enum val_type
fold_ntop_pton6(struct node *n)
{
	struct node *af = n->n_nargs == 2 ? n->n_args[0] : NULL;
	struct node *addr = n->n_args[n->n_nargs - 1];

	if (check_expr(addr) != VT_STR)
		return VT_NONE;
	if (af != NULL && check_expr(af) != VT_INT && af->n_type != VT_NONE)
		src_error(af->n_pos, "ntop(): the address family is an "
		    "integer");
	else if (af != NULL && af->n_kind == N_INT && af->n_int != AF_INET6)
		src_error(af->n_pos, "ntop(): pton() made an IPv6 address, "
		    "the family is AF_INET6 (10), not %lld",
		    (long long)af->n_int);
	n->n_kind = N_STR;
	n->n_str = addr->n_str;
	return n->n_type = VT_STR;
}

/* pton() of an IPv6 address, folded or not yet (its check says). */
static int
is_pton6(const struct node *n)
{
	char text[INET6_ADDRSTRLEN];
	int64_t addr;

	if (n->n_kind == N_STR)
		return n->n_func == F_PTON;
	return n->n_kind == N_CALL && strcmp(n->n_str, "pton") == 0 &&
	    n->n_nargs == 1 && n->n_args[0]->n_kind == N_STR &&
	    func_pton(n->n_args[0]->n_str, &addr, text, sizeof(text)) == 16;
}

/*
 * getopt("name"[, default]): the program's --name argument, fixed when
 * the program is checked; its type is the default's, an integer 0 or 1
 * without one.
 */
static enum val_type
fold_getopt(struct node *n)
{
	struct node *name = n->n_args[0], *def = NULL;
	const char *bad, *s;
	int64_t v;

	if (name->n_kind != N_STR) {
		src_error(name->n_pos, "getopt() needs the argument's name "
		    "as a string literal");
		return VT_NONE;
	}
	if (n->n_nargs == 2) {
		def = n->n_args[1];
		if (def->n_kind == N_UNOP && def->n_op == '-' &&
		    def->n_l->n_kind == N_INT) {
			def->n_kind = N_INT;
			def->n_int = -def->n_l->n_int;
		}
		if (def->n_kind != N_INT && def->n_kind != N_STR) {
			src_error(def->n_pos, "getopt()'s default is an "
			    "integer or a string literal");
			return VT_NONE;
		}
	}
	if (def == NULL) {
		bad = namedargs_bool(name->n_str, &v);
		n->n_kind = N_INT;
		n->n_int = v;
	} else if (def->n_kind == N_INT) {
		v = def->n_int;
		bad = namedargs_int(name->n_str, &v);
		n->n_kind = N_INT;
		n->n_int = v;
	} else {
		s = def->n_str;
		bad = namedargs_str(name->n_str, &s);
		n->n_kind = N_STR;
		n->n_str = s;
	}
	if (bad != NULL) {
		if (def == NULL)
			src_error(n->n_pos, "%s: getopt(\"%s\") takes --%s, "
			    "--%s=true|false or --%s=1|0", bad, name->n_str,
			    name->n_str, name->n_str, name->n_str);
		else
			src_error(n->n_pos, "%s: getopt(\"%s\") takes --%s=%s",
			    bad, name->n_str, name->n_str,
			    def->n_kind == N_INT ? "INTEGER" : "WORD");
		return VT_NONE;
	}
	n->n_nargs = 0;
	return n->n_type = n->n_kind == N_INT ? VT_INT : VT_STR;
}

/*
 * uaddr("name"), bpftrace's: the address of a function or variable of
 * the one file the rule's user probes are in, found now (n_int).
 */
static enum val_type
check_uaddr(struct node *n)
{
	const char *sym = n->n_args[0]->n_str;
	char path[PATH_MAX], other[PATH_MAX], why[1024];
	struct probe *p;
	uint64_t addr;
	int nfiles = 0, missing = 0;

	if (!rule_in_user())
		goto notone;
	SLIST_FOREACH(p, &srule->r_probes, p_next) {
		if (p->p_missing) {
			missing = 1;
			continue;
		}
		if (uprobes_file(p->p_func, nfiles ? other : path,
		    sizeof(path), why, sizeof(why)) == -1)
			return VT_NONE;	/* said at the probe */
		if (nfiles++ > 0 && strcmp(path, other) != 0)
			goto notone;
	}
	if (nfiles == 0 && missing) {
		src_error(n->n_pos, "uaddr(\"%s\"): the rule's probes name "
		    "no file that is there", sym);
		return VT_NONE;
	}
	if (nfiles == 0)
		goto notone;
	if (uprobes_symaddr(path, sym, &addr, why, sizeof(why)) == -1) {
		src_error(n->n_args[0]->n_pos, "uaddr(\"%s\"): %s", sym,
		    why);
		return VT_NONE;
	}
	n->n_int = (int64_t)addr;
	return n->n_type = VT_INT;
notone:
	src_error(n->n_pos, "uaddr(\"%s\") needs a rule whose probes are "
	    "user probes of one file, the file it is in", sym);
	return VT_NONE;
}

static const struct func_sig *
sig_lookup(enum func id)
{
	size_t i;

	for (i = 0; i < nitems(sigs); i++)
		if (sigs[i].id == id)
			return &sigs[i];
	return NULL;
}

/* A function of values: its arguments checked against its signature. */
static enum val_type
check_sig(struct node *n, const struct func_def *fd,
    const struct func_sig *fs)
{
	struct node *a;
	enum val_type t;
	size_t i;
	int bad = 0;

	for (i = 0; i < n->n_nargs; i++) {
		a = n->n_args[i];
		switch (fs->sig[i]) {
		case 'w':
			check_word(n, a);
			continue;
		case 'S':
			if (a->n_kind != N_STR) {
				src_error(a->n_pos, "%s() needs a string "
				    "literal", fd->name);
				bad = 1;
			}
			continue;
		default:
			break;
		}
		t = check_expr(a);
		if (t == VT_NONE)
			continue;
		if (fs->sig[i] == 'i' && t != VT_INT) {
			src_error(a->n_pos, "%s() expects an integer, got %s",
			    fd->name, type_name(t));
			bad = 1;
		} else if (fs->sig[i] == 's' && t != VT_STR) {
			src_error(a->n_pos, "%s() expects a string, got %s",
			    fd->name, type_name(t));
			bad = 1;
		}
	}
	if (bad)
		return VT_NONE;
	if (fd->id == F_PTON)
		return fold_pton(n);
	if (fd->id == F_BSWAP)
		n->n_int = int_width(n->n_args[0]);
	if (fd->id == F_UADDR)
		return check_uaddr(n);
	if (fd->id == F_REG)
		return check_reg(n);
	return n->n_type = fs->ret;
}

static enum val_type
check_call(struct node *n)
{
	const struct func_sig *fs;
	const struct func_def *fd;
	size_t i;

	if ((fd = func_lookup(n->n_str)) == NULL) {
		unknown_function(n);
		goto args;
	}
	n->n_func = fd->id;
	if (is_aggregation(fd->id)) {
		src_error(n->n_pos, "%s() can only be assigned to a map: "
		    "@name[key] = %s(...)", fd->name, fd->name);
		goto args;
	}
	if (is_statement(fd->id)) {
		src_error(n->n_pos, "%s() is a statement and has no value",
		    fd->name);
		goto args;
	}
	if ((int)n->n_nargs < fd->minargs || (int)n->n_nargs > fd->maxargs) {
		if (fd->minargs == fd->maxargs)
			src_error(n->n_pos, "%s() takes %d argument%s, %zu "
			    "given", fd->name, fd->minargs,
			    fd->minargs == 1 ? "" : "s", n->n_nargs);
		else
			src_error(n->n_pos, "%s() takes %d to %d arguments, "
			    "%zu given", fd->name, fd->minargs, fd->maxargs,
			    n->n_nargs);
		goto args;
	}
	if (fd->id == F_NTOP && n->n_args[n->n_nargs - 1]->n_kind == N_KDATA)
		return check_ntop_kdata(n, 0);
	if (fd->id == F_NTOP && is_pton6(n->n_args[n->n_nargs - 1]))
		return fold_ntop_pton6(n);
	if ((fs = sig_lookup(fd->id)) != NULL)
		return check_sig(n, fd, fs);
	switch (fd->id) {
	case F_BUF:
		return check_buf(n);
	case F_STR:
		/* str() of kernel data: the string it points to. */
		if (n->n_args[0]->n_kind == N_KDATA ||
		    (n->n_args[0]->n_kind == N_ARGS &&
		    srule->r_hasprobe && kfunc_arg(n->n_args[0]) == 0) ||
		    (n->n_args[0]->n_kind == N_BUILTIN &&
		    strcmp(n->n_args[0]->n_str, "curtask") == 0) ||
		    (n->n_args[0]->n_kind == N_CALL &&
		    (strcmp(n->n_args[0]->n_str, "kaddr") == 0 ||
		    strcmp(n->n_args[0]->n_str, "uaddr") == 0 ||
		    strcmp(n->n_args[0]->n_str, "reg") == 0)) ||
		    (is_word(n->n_args[0]) && srule_user) ||
		    (n->n_args[0]->n_kind == N_LVAR &&
		    check_expr(n->n_args[0]) != VT_NONE &&
		    kdata_local_kept(n->n_args[0])))
			check_kdata(n->n_args[0], 1);
		else if (check_expr(n->n_args[0]) == VT_INT &&
		    is_kept(n->n_args[0]) && srule_user)
			src_warn(n->n_pos, "str() of an integer kept from an "
			    "earlier event is its decimal text: dt reads the "
			    "process's memory only as a probe fires, so read "
			    "the string there, as @s[tid] = str(arg0)");
		if (n->n_nargs == 2)
			check_int_arg(n->n_args[1], fd->name);
		break;
	case F_KSTACK:
	case F_USTACK:
		check_stack_args(n, fd->name);
		break;
	case F_HAS_KEY:
		check_map_key(n->n_args, fd->name);
		return n->n_type = VT_INT;
	case F_GETOPT:
		return fold_getopt(n);
	default:
		break;
	}
	return n->n_type = VT_STR;
args:
	for (i = 0; i < n->n_nargs; i++)
		if (!is_whole_map(n->n_args[i]))
			check_expr(n->n_args[i]);
	return VT_NONE;
}

static enum val_type
check_gvar_ref(struct node *n, int want_value)
{
	struct gvar *g = n->n_gvar;
	size_t i;
	int nkeys;

	for (i = 0; i < n->n_nargs; i++)
		check_expr(n->n_args[i]);
	nkeys = n->n_kind == N_MAPREF ? key_count(n->n_args, n->n_nargs) : 0;
	if (g->g_kind == G_UNKNOWN) {
		src_error(n->n_pos, "@%s is used but never assigned",
		    g->g_name);
		g->g_kind = G_SCALAR;	/* report once */
		return VT_NONE;
	}
	if (g->g_kind == G_SCALAR) {
		if (nkeys > 0)
			src_error(n->n_pos, "@%s is not a map", g->g_name);
		return n->n_type = g->g_type;
	}
	if (nkeys != -1)
		check_nkeys(g, nkeys, n->n_pos);
	if (!want_value)
		return VT_NONE;
	if (g->g_agg == F_HIST || g->g_agg == F_LHIST) {
		src_error(n->n_pos, "@%s is a histogram and has no value",
		    g->g_name);
		return VT_NONE;
	}
	if (g->g_agg != F_NONE)
		return n->n_type = VT_INT;
	return n->n_type = g->g_type;
}

static enum val_type
check_gvar_read(struct node *n)
{
	return check_gvar_ref(n, 1);
}

/* A condition: an integer, or a string, true when not empty. */
static void
check_cond(struct node *n, const char *what)
{
	enum val_type t = check_expr(n);

	if (t != VT_NONE && t != VT_INT && t != VT_STR)
		src_error(n->n_pos, "%s must be an integer or a string, got "
		    "%s", what, type_name(t));
}

/*
 * Whether n is a string of btrace's, not kernel data: s[i] is then a
 * character of it, as bpftrace's $path[0] != "/"[0].
 */
static int
is_string_value(const struct node *n)
{
	const struct builtin_def *b;
	const struct func_def *fd;
	const struct func_sig *fs;
	int slot;

	switch (n->n_kind) {
	case N_STR:
		return 1;
	case N_LVAR:
		return (slot = local_slot(n->n_name)) != -1 &&
		    locals[slot].type == VT_STR && !locals[slot].object;
	case N_BUILTIN:
		return (b = builtin_find(n->n_str)) != NULL &&
		    b->type == VT_STR;
	case N_CALL:
		if ((fd = func_lookup(n->n_str)) == NULL)
			return 0;
		return fd->id == F_STR || ((fs = sig_lookup(fd->id)) != NULL &&
		    fs->ret == VT_STR);
	case N_GVAR:
	case N_MAPREF:
		return n->n_gvar->g_kind != G_UNKNOWN &&
		    n->n_gvar->g_type == VT_STR;
	default:
		return 0;
	}
}

/* s[i]: the character at i of a string, 0 beyond its end. */
static enum val_type
check_stridx(struct node *n)
{
	enum val_type t;

	n->n_kind = N_BINOP;
	n->n_op = '[';
	check_expr(n->n_l);
	if ((t = check_expr(n->n_r)) != VT_NONE && t != VT_INT)
		src_error(n->n_r->n_pos, "a string's index is an integer, "
		    "not %s", type_name(t));
	return n->n_type = VT_INT;
}

/*
 * Kernel data compared with pton("::1") is read as ntop() reads it, so
 * that the 16 bytes of a socket's in6_addr compare with the address as
 * bpftrace compares them: the node becomes ntop(DATA).
 */
static void
kdata_as_text(struct node *n)
{
	struct node *data, **args;

	if ((data = malloc(sizeof(*data))) == NULL ||
	    (args = calloc(1, sizeof(*args))) == NULL)
		err(1, NULL);
	*data = *n;
	memset(n, 0, sizeof(*n));
	n->n_kind = N_CALL;
	n->n_pos = data->n_pos;
	n->n_type = VT_NONE;
	n->n_str = "ntop";
	n->n_args = args;
	n->n_args[0] = data;
	n->n_nargs = 1;
}

static enum val_type
check_binop(struct node *n)
{
	enum val_type l, r;
	int eq = n->n_op == OP_EQ || n->n_op == OP_NE;
	int ltext = eq && n->n_l->n_kind == N_KDATA && is_pton6(n->n_r);
	int rtext = eq && n->n_r->n_kind == N_KDATA && is_pton6(n->n_l);

	if (ltext)
		kdata_as_text(n->n_l);
	if (rtext)
		kdata_as_text(n->n_r);
	l = ltext ? check_ntop_kdata(n->n_l, 1) : check_expr(n->n_l);
	r = rtext ? check_ntop_kdata(n->n_r, 1) : check_expr(n->n_r);
	switch (n->n_op) {
	case OP_EQ:
	case OP_NE:
	case '<':
	case '>':
	case OP_LE:
	case OP_GE:
		if (l == VT_TUPLE || r == VT_TUPLE)
			src_error(n->n_pos, "tuples cannot be compared with "
			    "'%s'", op_name(n->n_op));
		else if (l != VT_NONE && r != VT_NONE && l != r)
			src_error(n->n_pos, "cannot compare %s with %s",
			    type_name(l), type_name(r));
		return n->n_type = VT_INT;
	default:
		if (l != VT_NONE && l != VT_INT)
			src_error(n->n_l->n_pos, "operator '%s' needs "
			    "integers, got %s", op_name(n->n_op), type_name(l));
		else if (r != VT_NONE && r != VT_INT)
			src_error(n->n_r->n_pos, "operator '%s' needs "
			    "integers, got %s", op_name(n->n_op), type_name(r));
		return n->n_type = VT_INT;
	}
}

static enum val_type
check_lvalue_int(struct node *n, const char *what)
{
	enum val_type t;

	if (n->n_kind == N_LVAR) {
		if ((n->n_slot = local_slot(n->n_name)) == -1) {
			/* `$x++' on a new local starts from 0. */
			n->n_slot = local_new(n->n_name, VT_INT);
		}
		kdata_local(n, NULL);
		t = locals[n->n_slot].type;
	} else if (n->n_declerr) {
		/* declare_store() said what is wrong with this store. */
		check_gvar_ref(n, 0);
		return VT_INT;
	} else if (n->n_gvar->g_agg != F_NONE) {
		/* Said below, not also as a histogram that has no value. */
		t = check_gvar_ref(n, 0);
	} else
		t = check_gvar_read(n);
	if (t != VT_NONE && t != VT_INT)
		src_error(n->n_pos, "%s needs an integer variable, %s holds "
		    "%s", what, n->n_kind == N_LVAR ? "this" : "this map",
		    type_name(t));
	if (n->n_kind != N_LVAR && n->n_gvar->g_agg != F_NONE)
		src_error(n->n_pos, "%s cannot change the aggregation @%s",
		    what, n->n_gvar->g_name);
	return VT_INT;
}

static enum val_type
check_expr(struct node *n)
{
	enum val_type t, c;
	size_t i;

	switch (n->n_kind) {
	case N_INT:
	case N_STR:
	case N_NONE:
		return n->n_type;
	case N_BUILTIN:
		if (strcmp(n->n_str, "curtask") == 0)
			return check_kdata(n, 0);
		if (strcmp(n->n_str, "cgroup") == 0)
			return check_cgroup(n);
		if (check_builtin(n) == VT_INT && srule_usdt &&
		    n->n_builtin >= B_ARG0 && n->n_builtin <= B_ARG9)
			return check_usdt_arg(n);
		return n->n_type;
	case N_KDATA:
		if (n->n_op == KD_INDEX && is_string_value(n->n_l))
			return check_stridx(n);
		return check_kdata(n, 0);
	case N_ARGS:
		need_probe(n, "args");
		/* A kernel function's parameter: its argument word. */
		switch (kfunc_arg(n)) {
		case 0:
			n->n_kind = N_BUILTIN;
			n->n_builtin = B_ARG0 + n->n_argsidx;
			n->n_str = builtins[n->n_argsidx].name;	/* argN */
			return n->n_type = VT_INT;
		case -1:
			return VT_NONE;
		}
		if ((t = check_sysargs(n)) != VT_NONE)
			return t;
		return check_tpargs(n);
	case N_GVAR:
	case N_MAPREF:
		return check_gvar_read(n);
	case N_LVAR:
		if ((n->n_slot = local_slot(n->n_name)) == -1) {
			src_error(n->n_pos, "undefined variable '$%s'%s",
			    n->n_name, local_was_scoped(n->n_name) ?
			    ": it was declared in a block that has ended" : "");
			return VT_NONE;
		}
		if (locals[n->n_slot].object) {
			src_error(n->n_pos, "$%s names a struct or union in "
			    "kernel memory, no value: read one of its members, "
			    "$%s.NAME", n->n_name, n->n_name);
			return VT_NONE;
		}
		return n->n_type = locals[n->n_slot].type;
	case N_UNOP:
		t = check_expr(n->n_l);
		if (t != VT_NONE && t != VT_INT && n->n_op == 'c')
			src_error(n->n_pos, "a cast to %s needs an integer, "
			    "got %s", n->n_str, type_name(t));
		else if (t != VT_NONE && t != VT_INT)
			src_error(n->n_pos, "operator '%s' needs an integer, "
			    "got %s", op_name(n->n_op), type_name(t));
		return n->n_type = VT_INT;
	case N_BINOP:
		if (n->n_op == '[')	/* made by check_stridx() */
			return check_stridx(n);
		return check_binop(n);
	case N_LAND:
	case N_LOR:
		t = check_expr(n->n_l);
		c = check_expr(n->n_r);
		if ((t != VT_NONE && t != VT_INT) ||
		    (c != VT_NONE && c != VT_INT))
			src_error(n->n_pos, "operator '%s' needs integers",
			    op_name(n->n_op));
		return n->n_type = VT_INT;
	case N_TERNARY:
		check_cond(n->n_c, "condition");
		t = check_expr(n->n_l);
		c = check_expr(n->n_r);
		if (t != VT_NONE && c != VT_NONE && t != c) {
			src_error(n->n_pos, "the branches of '?:' differ: %s "
			    "and %s", type_name(t), type_name(c));
			return VT_NONE;
		}
		return n->n_type = t;
	case N_TUPLE:
		for (i = 0; i < n->n_nargs; i++)
			check_expr(n->n_args[i]);
		return n->n_type = VT_TUPLE;
	case N_MEMBER:
		t = check_expr(n->n_l);
		if (t != VT_NONE && t != VT_TUPLE) {
			src_error(n->n_pos, "'.%lld' needs a tuple, got %s",
			    (long long)n->n_int, type_name(t));
			return VT_NONE;
		}
		if (n->n_l->n_kind == N_TUPLE) {
			if ((uint64_t)n->n_int >= n->n_l->n_nargs) {
				src_error(n->n_pos, "tuple index %lld out of "
				    "range (size %zu)", (long long)n->n_int,
				    n->n_l->n_nargs);
				return VT_NONE;
			}
			return n->n_type = n->n_l->n_args[n->n_int]->n_type;
		}
		if (n->n_l->n_kind == N_LVAR && t == VT_TUPLE)
			return check_local_member(n);
		return VT_NONE;
	case N_CALL:
		return check_call(n);
	case N_INCDEC:
		t = check_lvalue_int(n->n_l, n->n_op == '+' ? "'++'" : "'--'");
		if (n->n_l->n_kind == N_LVAR && n->n_l->n_slot >= 0 &&
		    n->n_l->n_slot < nlocals) {
			n->n_nbytes = locals[n->n_l->n_slot].declbytes;
			n->n_nsigned = locals[n->n_l->n_slot].declsigned;
		}
		return n->n_type = t;
	}
	return VT_NONE;
}

/*
 * The keys of a store that are stacks, for the folded and svg outputs:
 * a key written as kstack or ustack, which those outputs format as
 * frames, the user ones under the kernel ones.
 */
static void
mark_stack_keys(struct node *lhs)
{
	struct gvar *g = lhs->n_gvar;
	const struct node *k;
	size_t i;

	for (i = 0; i < lhs->n_nargs && i < 32; i++) {
		k = lhs->n_args[i];
		if ((k->n_kind == N_BUILTIN && k->n_builtin == B_KSTACK) ||
		    (k->n_kind == N_CALL && k->n_func == F_KSTACK))
			g->g_kstackkeys |= 1U << i;
		else if ((k->n_kind == N_BUILTIN &&
		    k->n_builtin == B_USTACK) ||
		    (k->n_kind == N_CALL && k->n_func == F_USTACK))
			g->g_ustackkeys |= 1U << i;
	}
}

/* The size of the tuple `n' evaluates to, 0 if not known. */
static int
tuple_arity(const struct node *n)
{
	if (n->n_kind == N_TUPLE)
		return (int)n->n_nargs;
	if (n->n_kind == N_LVAR && n->n_slot >= 0)
		return locals[n->n_slot].arity;
	return 0;
}

/* A local keeps its tuple's size, as map keys are counted from it. */
static int
tuple_fits(const struct node *lhs, const struct node *rhs)
{
	int have = locals[lhs->n_slot].arity, want = tuple_arity(rhs);

	return have == 0 || want == 0 || have == want;
}

/*
 * The bytes of integer n as bpftrace types it: a cast's, kernel data's
 * or a local's holding only those; 8 for the rest.
 */
static int
int_width(const struct node *n)
{
	switch (n->n_kind) {
	case N_UNOP:
		return n->n_op == 'c' ? (int)n->n_int : 8;
	case N_KDATA:
		return kdata_int_size(n);
	case N_LVAR:
		return n->n_slot >= 0 && n->n_slot < nlocals &&
		    locals[n->n_slot].width != 0 ? locals[n->n_slot].width : 8;
	case N_CALL:
		return n->n_func == F_BSWAP ? (int)n->n_int : 8;
	default:
		return 8;
	}
}

/*
 * $x op= e of a local declared with a smaller integer type: the store
 * $x = (type)($x op e), so that it wraps as the type does.
 */
static void
narrow_compound(struct stmt *s, const struct local *l)
{
	struct node *op, *var;

	if ((op = calloc(1, sizeof(*op))) == NULL ||
	    (var = calloc(1, sizeof(*var))) == NULL)
		err(1, NULL);
	*var = *s->s_lhs;
	op->n_kind = N_BINOP;
	op->n_op = s->s_op;
	op->n_pos = s->s_pos;
	op->n_type = VT_INT;
	op->n_l = var;
	op->n_r = s->s_rhs;
	s->s_op = '=';
	s->s_rhs = int_convert(op, l->declbytes, l->declsigned);
}

static void
check_store(struct stmt *s)
{
	struct node *lhs = s->s_lhs;
	struct gvar *g;
	enum val_type t;
	size_t i;
	int obj;

	obj = 0;
	if (s->s_op == '=' && lhs->n_kind == N_LVAR &&
	    s->s_rhs->n_kind == N_KDATA)
		t = check_kdata_obj(s->s_rhs, 0, &obj);
	else
		t = check_expr(s->s_rhs);
	if (obj) {
		store_object(s);
		return;
	}
	if (s->s_op != '=') {
		if (t != VT_NONE && t != VT_INT)
			src_error(s->s_rhs->n_pos, "operator '%s=' needs an "
			    "integer, got %s", op_name(s->s_op), type_name(t));
		check_lvalue_int(lhs, "a compound assignment");
		if (lhs->n_kind == N_LVAR && lhs->n_slot >= 0 &&
		    locals[lhs->n_slot].declbytes != 0)
			narrow_compound(s, &locals[lhs->n_slot]);
		return;
	}
	if (lhs->n_kind == N_LVAR) {
		if ((lhs->n_slot = local_slot(lhs->n_name)) == -1) {
			lhs->n_slot = local_new(lhs->n_name, t);
			locals[lhs->n_slot].width = int_width(s->s_rhs);
			if (t == VT_TUPLE)
				locals[lhs->n_slot].arity =
				    tuple_arity(s->s_rhs);
			kdata_local(lhs, s->s_rhs);
			return;
		}
		if (locals[lhs->n_slot].object) {
			src_error(s->s_pos, "$%s names a struct of kernel "
			    "data, cannot be assigned %s", lhs->n_name,
			    type_name(t));
			return;
		}
		if (locals[lhs->n_slot].declbytes != 0 && t == VT_INT)
			s->s_rhs = int_convert(s->s_rhs,
			    locals[lhs->n_slot].declbytes,
			    locals[lhs->n_slot].declsigned);
		kdata_local(lhs, s->s_rhs);
		if (locals[lhs->n_slot].width != int_width(s->s_rhs))
			locals[lhs->n_slot].width = 8;
		if (locals[lhs->n_slot].type == VT_NONE)
			locals[lhs->n_slot].type = t;
		if (t == VT_TUPLE && !tuple_fits(lhs, s->s_rhs))
			src_error(s->s_pos, "$%s holds a tuple of %d "
			    "elements, cannot assign one of %d", lhs->n_name,
			    locals[lhs->n_slot].arity, tuple_arity(s->s_rhs));
		else if (t == VT_TUPLE)
			locals[lhs->n_slot].arity = tuple_arity(s->s_rhs);
		else if (t != VT_NONE && locals[lhs->n_slot].type != t)
			src_error(s->s_pos, "$%s holds %s, cannot assign %s",
			    lhs->n_name,
			    type_name(locals[lhs->n_slot].type), type_name(t));
		return;
	}
	g = lhs->n_gvar;
	for (i = 0; i < lhs->n_nargs; i++)
		check_expr(lhs->n_args[i]);
	check_keys_later(g, lhs->n_args, lhs->n_nargs, lhs->n_pos);
	mark_stack_keys(lhs);
	if (g->g_agg != F_NONE) {
		/* If declare_store() said it: one mistake, once. */
		if (!lhs->n_declerr)
			src_error(s->s_pos, "@%s holds %s(), cannot assign %s "
			    "to it", g->g_name, agg_name(g->g_agg),
			    type_name(t));
		return;
	}
	if (g->g_type == VT_NONE)
		g->g_type = t;
	else if (t != VT_NONE && g->g_type != t)
		src_error(s->s_pos, "@%s holds %s, cannot assign %s",
		    g->g_name, type_name(g->g_type), type_name(t));
}

/*
 * $d = $dentry->d_name, as bpftrace's filelife: a struct of kernel
 * data in place, which the local names, as a pointer kept does: its
 * members are read where the struct is when the probe fires.  The
 * store itself does nothing.
 */
static void
store_object(struct stmt *s)
{
	struct node *lhs = s->s_lhs;
	struct local *l;

	if ((lhs->n_slot = local_slot(lhs->n_name)) == -1)
		lhs->n_slot = local_new(lhs->n_name, VT_NONE);
	l = &locals[lhs->n_slot];
	if (!l->object && l->type != VT_NONE) {
		src_error(s->s_pos, "$%s holds %s, cannot name a struct of "
		    "kernel data", lhs->n_name, type_name(l->type));
		return;
	}
	l->object = 1;
	s->s_object = 1;
	kdata_local_object(lhs, s->s_rhs);
}

static void
check_agg(struct stmt *s)
{
	size_t i;
	enum val_type t;

	for (i = 0; i < s->s_lhs->n_nargs; i++)
		check_expr(s->s_lhs->n_args[i]);
	check_keys_later(s->s_lhs->n_gvar, s->s_lhs->n_args,
	    s->s_lhs->n_nargs, s->s_lhs->n_pos);
	mark_stack_keys(s->s_lhs);
	for (i = 0; i < s->s_nargs; i++) {
		t = check_expr(s->s_args[i]);
		if (i == 0 && t != VT_NONE && t != VT_INT)
			src_error(s->s_args[i]->n_pos, "%s() expects an "
			    "integer, got %s", agg_name(s->s_func),
			    type_name(t));
	}
}

/*
 * delete(@m, key) and has_key(@m, key), as bpftrace writes them: the
 * map, then one key, a tuple for several.
 */
static void
check_map_key(struct node *const *args, const char *fname)
{
	struct node *m = args[0];
	struct gvar *g;
	int nkeys;

	check_expr(args[1]);
	if (m->n_kind != N_GVAR) {
		src_error(m->n_pos, "%s() expects a map, then a key: "
		    "%s(@name, key)", fname, fname);
		return;
	}
	g = m->n_gvar;
	if (g->g_kind == G_UNKNOWN) {
		src_error(m->n_pos, "@%s is used but never assigned",
		    g->g_name);
		g->g_kind = G_SCALAR;	/* report once */
		return;
	}
	if (g->g_kind != G_MAP || g->g_nkeys == 0) {
		src_error(m->n_pos, "%s(): @%s is not a map with keys",
		    fname, g->g_name);
		return;
	}
	if ((nkeys = key_count(&args[1], 1)) != -1)
		check_nkeys(g, nkeys, args[1]->n_pos);
}

static void
check_map_arg(struct stmt *s, const char *fname, int keyed)
{
	struct node *a = s->s_args[0];
	struct gvar *g;

	if (keyed && s->s_nargs == 2) {
		check_map_key(s->s_args, fname);
		return;
	}
	/* delete(@x) of a map without keys, as bpftrace's newer tools. */
	if (keyed && s->s_func == F_DELETE && a->n_kind == N_GVAR) {
		g = a->n_gvar;
		if (g->g_kind == G_UNKNOWN)
			src_error(a->n_pos, "@%s is used but never assigned",
			    g->g_name);
		else if (g->g_kind == G_MAP && g->g_nkeys != 0)
			src_error(a->n_pos, "delete(@%s): the map has keys: "
			    "delete(@%s[key]) deletes one, clear(@%s) all",
			    g->g_name, g->g_name, g->g_name);
		return;
	}
	if (keyed) {
		if (a->n_kind != N_MAPREF) {
			src_error(a->n_pos, "%s() expects a map element: "
			    "@name[key]", fname);
			return;
		}
		/* Any element, a histogram's too: its value is not read. */
		check_gvar_ref(a, 0);
		return;
	}
	if (a->n_kind != N_GVAR || a->n_gvar->g_kind != G_MAP) {
		src_error(a->n_pos, "%s() expects a map", fname);
		return;
	}
}

static void
check_printf(struct stmt *s, const char *fname)
{
	enum val_type types[64];
	struct node *fmt = s->s_args[0];
	char msg[256];
	size_t i, off;
	struct pos p;

	for (i = 1; i < s->s_nargs; i++)
		types[i - 1] = check_expr(s->s_args[i]);
	if (fmt->n_kind != N_STR) {
		src_error(fmt->n_pos, "%s() needs a string literal as its "
		    "format", fname);
		return;
	}
	if (fmt_check(fmt->n_str, types, s->s_nargs - 1, msg, sizeof(msg),
	    &off) == -1) {
		p = src_strpos(fmt->n_pos, off);
		src_error(p, "%s(): %s", fname, msg);
	}
}

/*
 * signal() and system() change the system traced: refused unless
 * --unsafe, as bpftrace does.  A signal named by a literal is
 * checked, and becomes its number, here.
 */
static void
check_destructive(struct stmt *s, const char *fname)
{
	struct node *a = s->s_args[0];
	int sig;

	if (!unsafe)
		src_error(s->s_lhs->n_pos, "%s() is a destructive action: "
		    "run btrace with --unsafe to allow it", fname);
	if (s->s_func == F_SYSTEM) {
		check_printf(s, fname);
		return;
	}
	if (a->n_kind == N_STR) {
		if ((sig = func_signal_lookup(a->n_str)) == -1) {
			src_error(a->n_pos, "signal(): unknown signal '%s'",
			    a->n_str);
			return;
		}
		a->n_kind = N_INT;
		a->n_int = sig;
		a->n_type = VT_INT;
		return;
	}
	check_int_arg(a, fname);
}

static void check_stmts(struct stmtq *);

static void
check_callstmt(struct stmt *s)
{
	const struct func_def *fd;
	struct node *n = s->s_lhs;
	size_t i;

	if ((fd = func_lookup(n->n_str)) == NULL) {
		unknown_function(n);
		goto args;
	}
	s->s_func = fd->id;
	if (!is_statement(fd->id)) {
		if (is_aggregation(fd->id))
			src_error(n->n_pos, "%s() can only be assigned to a "
			    "map: @name[key] = %s(...)", fd->name, fd->name);
		else
			src_error(n->n_pos, "the value of %s() is not used",
			    fd->name);
		goto args;
	}
	if ((int)s->s_nargs < fd->minargs || (int)s->s_nargs > fd->maxargs) {
		if (fd->minargs == fd->maxargs)
			src_error(n->n_pos, "%s() takes %d argument%s, %zu "
			    "given", fd->name, fd->minargs,
			    fd->minargs == 1 ? "" : "s", s->s_nargs);
		else
			src_error(n->n_pos, "%s() takes %d to %d arguments, "
			    "%zu given", fd->name, fd->minargs, fd->maxargs,
			    s->s_nargs);
		goto args;
	}
	switch (fd->id) {
	case F_PRINTF:
	case F_ERRORF:
	case F_WARNF:
	case F_CAT:
		check_printf(s, fd->name);
		return;
	case F_EXIT:
		if (s->s_nargs == 1)
			check_int_arg(s->s_args[0], fd->name);
		return;
	case F_SIGNAL:
	case F_SYSTEM:
		check_destructive(s, fd->name);
		return;
	case F_CLEAR:
	case F_ZERO:
		check_map_arg(s, fd->name, 0);
		return;
	case F_JOIN:
		check_join(s);
		return;
	case F_DELETE:
		check_map_arg(s, fd->name, 1);
		return;
	case F_TIME:
		if (s->s_nargs == 1 && s->s_args[0]->n_kind != N_STR)
			src_error(s->s_args[0]->n_pos, "time() needs a string "
			    "literal as its format");
		return;
	case F_PRINT:
		n = s->s_args[0];
		if (n->n_kind == N_GVAR && n->n_gvar->g_kind == G_MAP) {
			for (i = 1; i < s->s_nargs; i++)
				check_int_arg(s->s_args[i], "print");
			return;
		}
		if (s->s_nargs >= 2)
			src_error(s->s_args[1]->n_pos, "print(): a count "
			    "and a divisor can only follow a map");
		check_expr(n);
		return;
	default:
		return;
	}
args:
	for (i = 0; i < s->s_nargs; i++)
		if (!is_whole_map(s->s_args[i]))
			check_expr(s->s_args[i]);
}

/*
 * Blocks scope the locals that let and for declare, as in bpftrace;
 * a local created by its first assignment belongs to the whole action,
 * as in OpenBSD.
 */
static void
scope_enter(void)
{
	depth++;
}

static void
scope_leave(void)
{
	int i;

	for (i = 0; i < nlocals; i++)
		if (locals[i].scoped && locals[i].scope == depth) {
			names_put(&lnames, locals[i].name, NULL);
			locals[i].scoped = 0;	/* hidden for good */
			locals[i].hidden = 1;
		}
	depth--;
}

static void
check_block(struct stmtq *q)
{
	scope_enter();
	check_stmts(q);
	scope_leave();
}

/* A local of this block: -1 if the name is taken, said so. */
static int
local_declare(struct node *n, enum val_type type)
{
	if (local_slot(n->n_name) != -1) {
		src_error(n->n_pos, "$%s is already declared", n->n_name);
		n->n_slot = local_slot(n->n_name);
		return -1;
	}
	n->n_slot = local_new(n->n_name, type);
	locals[n->n_slot].scoped = 1;
	locals[n->n_slot].scope = depth;
	return n->n_slot;
}

/* The types of let $x: type, as bpftrace names them. */
static enum val_type
type_lookup(struct stmt *s)
{
	static const char *const ints[] = { "int8", "int16", "int32",
	    "int64", "uint8", "uint16", "uint32", "uint64", "bool" };
	size_t i;

	if (strcmp(s->s_tname, "string") == 0)
		return VT_STR;
	if (!s->s_tarray)
		for (i = 0; i < nitems(ints); i++)
			if (strcmp(ints[i], s->s_tname) == 0)
				return VT_INT;
	src_error(s->s_tpos, "let: unknown type '%s%s': use string, int8 to "
	    "int64, uint8 to uint64 or bool", s->s_tname,
	    s->s_tarray ? "[...]" : "");
	return VT_NONE;
}

/*
 * rhs converted to an integer of bytes bytes as C converts it, for a
 * local declared with a type smaller than 8 bytes: a cast node.
 */
static struct node *
int_convert(struct node *rhs, int bytes, int is_signed)
{
	static const char *const names[2][5] = {
		{ NULL, "uint8", "uint16", NULL, "uint32" },
		{ NULL, "int8", "int16", NULL, "int32" },
	};
	struct node *c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		err(1, NULL);
	c->n_kind = N_UNOP;
	c->n_op = 'c';
	c->n_pos = rhs->n_pos;
	c->n_l = rhs;
	c->n_int = bytes;
	c->n_post = is_signed;
	c->n_str = names[is_signed != 0][bytes];
	c->n_type = VT_INT;
	return c;
}

/* The bytes and sign of let's integer type; 0 for the others. */
static int
let_int_bytes(const char *tname, int *is_signed)
{
	int bits;

	*is_signed = tname[0] == 'i';
	if (strncmp(tname, "int", 3) != 0 && strncmp(tname, "uint", 4) != 0)
		return 0;
	bits = atoi(tname + (*is_signed ? 3 : 4));
	return bits < 64 ? bits / 8 : 0;
}

static void
check_let(struct stmt *s)
{
	enum val_type t = VT_NONE, v;
	int slot, bytes, sgn;

	if (s->s_tname != NULL && (t = type_lookup(s)) == VT_NONE)
		return;
	if (s->s_rhs != NULL) {
		v = check_expr(s->s_rhs);
		if (t != VT_NONE && v != VT_NONE && v != t) {
			src_error(s->s_rhs->n_pos, "$%s is declared %s, "
			    "cannot assign %s", s->s_lhs->n_name,
			    type_name(t), type_name(v));
			return;
		}
		if (t == VT_NONE)
			t = v;
	}
	if ((slot = local_declare(s->s_lhs, t)) == -1)
		return;
	if (s->s_tname != NULL && t == VT_INT &&
	    (bytes = let_int_bytes(s->s_tname, &sgn)) != 0) {
		locals[slot].declbytes = bytes;
		locals[slot].declsigned = sgn;
		locals[slot].width = bytes;
		if (s->s_rhs != NULL)
			s->s_rhs = int_convert(s->s_rhs, bytes, sgn);
	}
	if (s->s_rhs != NULL)
		kdata_local(s->s_lhs, s->s_rhs);
	if (t == VT_TUPLE && s->s_rhs != NULL)
		locals[slot].arity = tuple_arity(s->s_rhs);
}

static void
check_formap(struct stmt *s)
{
	struct gvar *g = s->s_rhs->n_gvar;
	int slot;

	if (g->g_kind == G_UNKNOWN) {
		src_error(s->s_rhs->n_pos, "@%s is used but never assigned",
		    g->g_name);
		g->g_kind = G_SCALAR;	/* report once */
	} else if (g->g_kind != G_MAP || g->g_nkeys == 0)
		src_error(s->s_rhs->n_pos, "for: @%s is not a map with keys",
		    g->g_name);
	else if (g->g_agg == F_HIST || g->g_agg == F_LHIST)
		src_error(s->s_rhs->n_pos, "for: @%s is a histogram, whose "
		    "elements have no value", g->g_name);
	scope_enter();
	if ((slot = local_declare(s->s_lhs, VT_TUPLE)) != -1) {
		locals[slot].arity = 2;
		if (g->g_kind == G_MAP)
			locals[slot].valtype = g->g_agg == F_NONE ?
			    g->g_type : VT_INT;
	}
	loops++;
	check_stmts(s->s_then);
	loops--;
	scope_leave();
}

static void
check_forrange(struct stmt *s)
{
	struct node *ends[2] = { s->s_rhs, s->s_args[0] };
	enum val_type t;
	int i;

	for (i = 0; i < 2; i++)
		if ((t = check_expr(ends[i])) != VT_NONE && t != VT_INT)
			src_error(ends[i]->n_pos, "for: a range is of "
			    "integers, got %s", type_name(t));
	scope_enter();
	local_declare(s->s_lhs, VT_INT);
	loops++;
	check_stmts(s->s_then);
	loops--;
	scope_leave();
}

static void
check_loop(struct stmt *s)
{
	switch (s->s_kind) {
	case S_WHILE:
		check_cond(s->s_rhs, "condition");
		loops++;
		check_block(s->s_then);
		loops--;
		break;
	case S_UNROLL:
		if (!const_int(s->s_rhs, &s->s_lmin)) {
			check_expr(s->s_rhs);
			src_error(s->s_rhs->n_pos, "unroll() needs an integer "
			    "constant");
		} else if (s->s_lmin < 1 || s->s_lmin > UNROLL_MAX)
			src_error(s->s_rhs->n_pos, "unroll(): the count must be "
			    "from 1 to %d, not %lld", UNROLL_MAX,
			    (long long)s->s_lmin);
		check_block(s->s_then);
		break;
	case S_FORMAP:
		check_formap(s);
		break;
	case S_FORRANGE:
		check_forrange(s);
		break;
	case S_BREAK:
	case S_CONTINUE:
		if (loops == 0)
			src_error(s->s_pos, "%s outside a loop: only in while "
			    "and for", s->s_kind == S_BREAK ? "break" :
			    "continue");
		break;
	default:
		break;
	}
}

/* A let without a value starts from the zero of its local's type. */
static void
fix_lets(struct stmtq *q)
{
	struct stmt *s;

	TAILQ_FOREACH(s, q, s_next) {
		if (s->s_kind == S_LET && s->s_lhs->n_slot >= 0 &&
		    s->s_lhs->n_slot < nlocals)
			s->s_vtype = locals[s->s_lhs->n_slot].type;
		if (s->s_then != NULL)
			fix_lets(s->s_then);
		if (s->s_else != NULL)
			fix_lets(s->s_else);
	}
}

static void
check_stmts(struct stmtq *q)
{
	struct stmt *s;

	TAILQ_FOREACH(s, q, s_next) {
		switch (s->s_kind) {
		case S_STORE:
			check_store(s);
			break;
		case S_AGG:
			check_agg(s);
			break;
		case S_EXPR:
			check_expr(s->s_rhs);
			break;
		case S_CALL:
			check_callstmt(s);
			break;
		case S_IF:
			check_cond(s->s_rhs, "condition");
			check_block(s->s_then);
			if (s->s_else != NULL)
				check_block(s->s_else);
			break;
		case S_LET:
			check_let(s);
			break;
		default:
			check_loop(s);
			break;
		}
	}
}

static int
parse_period(struct probe *p, const char *unit, const char *count)
{
	unsigned long long n, mult;
	char *end;

	if (strcmp(unit, "hz") == 0)
		mult = 0;
	else if (strcmp(unit, "s") == 0)
		mult = 1000000000ULL;
	else if (strcmp(unit, "ms") == 0)
		mult = 1000000ULL;
	else if (strcmp(unit, "us") == 0)
		mult = 1000ULL;
	else {
		src_error(p->p_pos, "invalid unit '%s' in probe '%s': use hz, "
		    "s, ms or us", unit, p->p_name);
		return -1;
	}
	errno = 0;
	n = strtoull(count, &end, 10);
	if (*count == '\0' || *end != '\0' || errno != 0 || n == 0 ||
	    n > 1000000000ULL) {
		src_error(p->p_pos, "invalid rate '%s' in probe '%s'", count,
		    p->p_name);
		return -1;
	}
	p->p_period = mult == 0 ? 1000000000ULL / n : n * mult;
	if (p->p_period < DTMINNSECS || p->p_period > DTMAXNSECS) {
		src_error(p->p_pos, "rate out of range in probe '%s': the "
		    "period must be from %lluus (%lluhz) to %llus", p->p_name,
		    DTMINNSECS / 1000, 1000000000ULL / DTMINNSECS,
		    DTMAXNSECS / 1000000000ULL);
		p->p_period = 0;
		return -1;
	}
	/* The kernel names each rate's probe by its count, so: "100". */
	snprintf(p->p_pname, strlen(p->p_pname) + 1, "%llu", n);
	return 0;
}

static int	 dupreported[P_PROBE + 1];	/* by enum probe_kind */

static int
has_wildcard(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

/* The position of byte `off' of probe `p' as written, for messages. */
static struct pos
probe_pos(const struct probe *p, ptrdiff_t off)
{
	struct pos pos = p->p_pos;

	pos.col += off;
	return pos;
}

/*
 * A probe of bpftrace's that dt(4) lacks (uprobe:/bin/sh:f, w:ADDR:8:w):
 * say so and what to write instead, whatever its fields.
 */
static int
unsupported_provider(const struct probe *p, const char *s, const char *colon)
{
	const char *hint, *full;
	char *prov;
	int found = 0;

	if (colon == NULL)
		return 0;
	if ((prov = strndup(s, colon - s)) == NULL)
		err(1, NULL);
	if (provider_lookup(prov) == NULL &&
	    (hint = provider_hint(prov, &full)) != NULL) {
		src_error(p->p_pos, "bpftrace's %s probes are not supported, "
		    "as in '%s': %s", full, p->p_name, hint);
		found = 1;
	}
	free(prov);
	return found;
}

/*
 * A user probe: its file must exist and be ELF, and its function be
 * there (or an address in a segment); reported with the file's name.
 */
static void
check_ufile(struct probe *p, ptrdiff_t foff, ptrdiff_t noff)
{
	struct uptarget *t;
	const char *colon;
	char path[PATH_MAX], why[1024], func[1024];
	uint64_t off;
	size_t n;

	/* The fields as written: bpftrace's names only change the rest. */
	if ((colon = strchr(p->p_name, ':')) != NULL) {
		foff = colon + 1 - p->p_name;
		noff = foff + strlen(p->p_func) + 1;
	}
	if (has_wildcard(p->p_func)) {
		src_error(probe_pos(p, foff), "probe '%s': the file of a user "
		    "probe cannot be a pattern", p->p_name);
		return;
	}
	/*
	 * FUNCTION+OFFSET: nothing here can tell an instruction's start,
	 * and a breakpoint inside an instruction corrupts the program.
	 */
	if (!p->p_usdt && uprobes_offset(p->p_pname, func, sizeof(func),
	    &off) == 1 && off != 0) {
		if (p->p_return) {
			src_error(probe_pos(p, noff), "probe '%s': a return "
			    "probe is on a function, not at an offset into "
			    "it", p->p_name);
			return;
		}
		if (!unsafe) {
			src_error(probe_pos(p, noff), "probe '%s': an offset "
			    "into a function needs --unsafe: btrace cannot "
			    "tell whether it is the start of an instruction, "
			    "and a probe inside one corrupts the program",
			    p->p_name);
			return;
		}
	}
	if (uprobes_file(p->p_func, path, sizeof(path), why,
	    sizeof(why)) == -1) {
		probe_missing(probe_pos(p, foff), "probe '%s': %s", p->p_name,
		    why);
		p->p_missing = 1;
		return;
	}
	if ((p->p_usdt ? uprobes_usdt_targets : uprobes_targets)(path,
	    p->p_pname, &t, &n, why, sizeof(why)) == -1) {
		probe_missing(probe_pos(p, noff), "probe '%s': %s", p->p_name,
		    why);
		p->p_missing = 1;
		return;
	}
	uprobes_free(t, n);
}

/*
 * usdt:FILE:[PROVIDER:]NAME, bpftrace's: a probe of the provider of user
 * binaries (prov) on each USDT marker of FILE the name matches.
 */
static void
check_usdt(struct probe *p, const char *prov, const char *file)
{
	char *s, *colon, *name;

	if ((s = strdup(file)) == NULL)
		err(1, NULL);
	colon = strchr(s, ':');
	name = colon != NULL ? colon + 1 : NULL;
	if (colon == NULL || colon == s || *name == '\0' ||
	    name[strlen(name) - 1] == ':' ||
	    (strchr(name, ':') != NULL &&
	    strchr(strchr(name, ':') + 1, ':') != NULL)) {
		src_error(p->p_pos, "invalid probe '%s': expected "
		    "usdt:FILE:[PROVIDER:]NAME", p->p_name);
		free(s);
		return;
	}
	*colon = '\0';
	p->p_prov = (char *)prov;
	p->p_func = s;
	p->p_pname = name;
	p->p_usdt = 1;
	sprog->nprobes++;
	check_ufile(p, file - p->p_name, name - s + (file - p->p_name));
}

/*
 * The name of a user probe may end in :entry or :return (uprobe:F:G
 * is uprobe:F:G:entry); strip it into p_return.  0 if there is more.
 */
static int
split_ufile(struct probe *p, char *name)
{
	char *last;

	if ((last = strrchr(name, ':')) == NULL)
		return 1;
	if (strcmp(last + 1, "entry") != 0 && strcmp(last + 1, "return") != 0)
		return 0;
	p->p_return = strcmp(last + 1, "return") == 0;
	*last = '\0';
	return strchr(name, ':') == NULL && name[0] != '\0';
}

/*
 * What can be known of a probe without the kernel: that its provider
 * exists, that a system call exists, that an entry/return provider's
 * probe is entry or return, and a timer's rate.  Fields with wildcards
 * are left to the kernel's list.  `foff' and `noff' are the offsets of
 * the function and name fields in the probe as written.
 */
static void
check_provider(struct probe *p, ptrdiff_t foff, ptrdiff_t noff)
{
	static const char *const entryret[] = { "entry", "return" };
	const struct provider *pv;
	const char **calls, *near;
	size_t i;

	if (has_wildcard(p->p_prov))
		return;
	if ((pv = provider_lookup(p->p_prov)) == NULL) {
		if ((near = provider_closest(p->p_prov)) != NULL)
			src_error(p->p_pos, "unknown provider '%s' in probe "
			    "'%s'; did you mean '%s'?", p->p_prov, p->p_name,
			    near);
		else
			src_error(p->p_pos, "unknown provider '%s' in probe "
			    "'%s'", p->p_prov, p->p_name);
		return;
	}
	if (pv->pv_flags & DTPV_PERIODIC) {
		parse_period(p, p->p_func, p->p_pname);
		return;
	}
	if (pv->pv_flags & DTPV_UFILE) {
		check_ufile(p, foff, noff);
		return;
	}
	if (pv->pv_sysargs && sysargs_count > 0 && !has_wildcard(p->p_func) &&
	    sysargs_lookup(p->p_func) == NULL) {
		if ((calls = calloc(sysargs_count, sizeof(*calls))) == NULL)
			err(1, NULL);
		for (i = 0; i < sysargs_count; i++)
			calls[i] = sysargs_table[i].syscall;
		near = name_closest(p->p_func, calls, sysargs_count);
		free(calls);
		if (near != NULL)
			src_error(probe_pos(p, foff), "unknown system call "
			    "'%s' in probe '%s'; did you mean '%s'?",
			    p->p_func, p->p_name, near);
		else
			src_error(probe_pos(p, foff), "unknown system call "
			    "'%s' in probe '%s'", p->p_func, p->p_name);
		return;
	}
	if ((pv->pv_flags & DTPV_ENTRYRET) && !has_wildcard(p->p_pname) &&
	    strcmp(p->p_pname, "entry") != 0 &&
	    strcmp(p->p_pname, "return") != 0) {
		near = name_closest(p->p_pname, entryret, nitems(entryret));
		src_error(probe_pos(p, noff), "probe '%s': %s probes are "
		    "'entry' or 'return', not '%s'%s%s%s", p->p_name,
		    pv->pv_name, p->p_pname, near ? "; did you mean '" : "",
		    near ? near : "", near ? "'?" : "");
	}
}

static void
check_probe(struct probe *p)
{
	const struct provider *pv;
	const char *uprov, *file;
	char *s, *f1, *f2;

	if (p->p_kind == P_BEGIN || p->p_kind == P_END) {
		if ((p->p_kind == P_BEGIN && sprog->begin != NULL) ||
		    (p->p_kind == P_END && sprog->end != NULL)) {
			/* The first duplicate says it; the others would too. */
			if (dupreported[p->p_kind])
				return;
			dupreported[p->p_kind] = 1;
			src_error(p->p_pos, "Cannot register multiple probes "
			    "of the same type: '%s'",
			    p->p_kind == P_BEGIN ? "BEGIN" : "END");
			return;
		}
		if (p->p_kind == P_BEGIN)
			sprog->begin = srule;
		else
			sprog->end = srule;
		return;
	}
	if ((uprov = provider_usdt(p->p_name, &file)) != NULL) {
		check_usdt(p, uprov, file);
		return;
	}
	if ((s = provider_alias(p->p_name)) == NULL &&
	    (s = strdup(p->p_name)) == NULL)
		err(1, NULL);
	f1 = strchr(s, ':');
	if (unsupported_provider(p, s, f1)) {
		free(s);
		return;
	}
	f2 = f1 ? strchr(f1 + 1, ':') : NULL;
	pv = NULL;
	if (f2 != NULL) {
		*f1 = '\0';
		pv = provider_lookup(s);
		*f1 = ':';
	}
	if (pv != NULL && (pv->pv_flags & DTPV_UFILE) &&
	    !split_ufile(p, f2 + 1)) {
		src_error(p->p_pos, "invalid probe '%s': expected "
		    "%s:FILE:FUNCTION, :entry or :return after it",
		    p->p_name, pv->pv_name);
		free(s);
		return;
	}
	if (f1 == NULL || f2 == NULL || strchr(f2 + 1, ':') != NULL ||
	    f1 == s || f2 == f1 + 1 || f2[1] == '\0') {
		src_error(p->p_pos, "invalid probe '%s': expected "
		    "provider:function:name", p->p_name);
		free(s);
		return;
	}
	*f1 = *f2 = '\0';
	p->p_prov = s;
	p->p_func = f1 + 1;
	p->p_pname = f2 + 1;
	sprog->nprobes++;
	check_provider(p, f1 + 1 - s, f2 + 1 - s);
}

int
sema(struct program *p)
{
	struct rule *r;
	struct probe *pr;
	struct gvar *g;

	sprog = p;
	TAILQ_FOREACH(r, &p->rules, r_next)
		declare_stmts(r->r_action);
	TAILQ_FOREACH(g, &p->gvars, g_next) {
		if (g->g_kind == G_MAP && g->g_nkeys == -1 &&
		    !g->g_keyslater)
			g->g_nkeys = 0;
	}

	TAILQ_FOREACH(r, &p->rules, r_next) {
		srule = r;
		SLIST_FOREACH(pr, &r->r_probes, p_next)
			check_probe(pr);
		nlocals = 0;
		depth = 0;
		loops = 0;
		srule_user = rule_in_user();
		srule_usdt = rule_in_usdt();
		kdata_rule_begin(srule_user, srule_usdt);
		names_clear(&lnames);
		if (r->r_filter != NULL)
			check_cond(r->r_filter, "filter");
		check_stmts(r->r_action);
		fix_lets(r->r_action);
		r->r_nlocals = nlocals;
		if (nlocals > p->maxlocals)
			p->maxlocals = nlocals;
	}
	TAILQ_FOREACH(g, &p->gvars, g_next) {
		/* Only ever keyed by tuples of unknown size: one key. */
		if (g->g_kind == G_MAP && g->g_nkeys == -1)
			g->g_nkeys = 1;
	}
	free(locals);
	locals = NULL;
	maxlocals = 0;
	names_free(&lnames);
	return src_nerrors;
}
