/* SPDX-License-Identifier: ISC */
/*
 * Abstract syntax of bt(5) programs.
 *
 * The parser builds this tree; sema.c resolves every name to a slot and
 * checks types once, so that evaluation never looks a name up.
 */

#ifndef BT_PARSER_H
#define BT_PARSER_H

#include <sys/queue.h>

#include <stdint.h>

#include "bt_val.h"
#include "names.h"

struct map;

/* A position in the source, for messages. */
struct pos {
	int		 line;
	int		 col;
	int		 via;		/* in a #define or macro: its use, for
					   lex_use(); 0 if none */
};

enum builtin {
	B_PID = 1, B_TID, B_COMM, B_CPU, B_NSECS, B_ELAPSED,
	B_KSTACK, B_USTACK, B_ARG0, B_ARG1, B_ARG2, B_ARG3, B_ARG4,
	B_ARG5, B_ARG6, B_ARG7, B_ARG8, B_ARG9, B_RETVAL, B_ERRNO,
	B_PROBE, B_UID, B_GID, B_PPID, B_FUNC, B_USERNAME, B_RAND,
};

enum node_kind {
	N_INT,			/* literal, $N or $# */
	N_STR,			/* literal or $N */
	N_NONE,			/* missing $N */
	N_BUILTIN,
	N_ARGS,			/* args.NAME */
	N_GVAR,			/* @x */
	N_LVAR,			/* $x */
	N_MAPREF,		/* @m[k, ...] */
	N_UNOP,
	N_BINOP,
	N_LAND,
	N_LOR,
	N_TERNARY,
	N_TUPLE,
	N_MEMBER,		/* tuple.N */
	N_CALL,			/* str(), kstack(N), ustack(N), aggregators */
	N_INCDEC,		/* ++x, x++, --x, x-- */
	N_KDATA,		/* kernel data: n_op KD_* (kdata.c) */
};

/* Kernel data (N_KDATA): what the node does to its operand n_l. */
enum kdata_op {
	KD_CAST = 1,		/* (n_str n_int stars)n_l */
	KD_ARROW,		/* n_l->n_str */
	KD_DOT,			/* n_l.n_str */
	KD_INDEX,		/* n_l[n_r]: n_int once checked, or n_r
				   evaluated for an array in place (n_post) */
	KD_DEREF,		/* *n_l */
	KD_ADDR,		/* &n_l */
};

/* Operators keep their token values: '+', '-', OP_SHL, ... */
struct node {
	enum node_kind	 n_kind;
	struct pos	 n_pos;
	int		 n_op;		/* operator; for N_INCDEC: '+'/'-' */
	int		 n_post;	/* N_INCDEC: postfix; N_BINOP: an address
					   cast to an integer, offset in bytes */
	enum val_type	 n_type;	/* static type, VT_NONE if dynamic */
	int64_t		 n_int;		/* N_INT, N_MEMBER index */
	const char	*n_str;		/* N_STR; names for N_CALL/N_ARGS */
	enum builtin	 n_builtin;
	int		 n_func;	/* N_CALL: enum func */
	struct gvar	*n_gvar;	/* N_GVAR, N_MAPREF */
	int		 n_slot;	/* N_LVAR: local slot */
	const char	*n_name;	/* N_GVAR, N_LVAR, N_MAPREF: for errors */
	struct node	*n_l;		/* operands */
	struct node	*n_r;
	struct node	*n_c;		/* ternary condition */
	struct node	**n_args;	/* N_MAPREF keys, N_TUPLE, N_CALL args */
	size_t		 n_nargs;
	int		 n_nbytes;	/* N_INCDEC of a local declared int8
					   ... uint32: its bytes, */
	int		 n_nsigned;	/* and whether it is signed */
	int		 n_declerr;	/* a store the declaring pass refused:
					   said once, not again when checked */
	uint32_t	 n_argspbn;	/* N_ARGS: probe of the cached index */
	int		 n_argsidx;
	int		 n_fetch;	/* N_KDATA read as a value: its fetch
					   (kdata.c) + 1, else 0 */
	int		 n_site;	/* and its read in that fetch + 1;
					   0: a cast of argN or a local,
					   its value */
};

enum func {
	F_NONE = 0,
	/* Functions in expressions. */
	F_STR, F_KSTACK, F_USTACK, F_HAS_KEY, F_BUF,
	/* bpftrace's functions of values (funcs.c). */
	F_KSYM, F_USYM, F_KADDR, F_NTOP, F_STRFTIME, F_STRNCMP,
	F_STRCONTAINS, F_BSWAP, F_NSECS, F_STRERROR, F_KPTR, F_CGROUPID,
	F_SYSCALL_NAME, F_CGROUP_PATH, F_UADDR, F_REG, F_PTON,	/* the last of them */
	F_GETOPT,		/* folded by sema.c */
	/* Aggregations, only as the value stored in a map. */
	F_COUNT, F_SUM, F_MIN, F_MAX, F_AVG, F_STATS, F_HIST, F_LHIST,
	/* Statements. */
	F_PRINTF, F_PRINT, F_TIME, F_CLEAR, F_ZERO, F_DELETE, F_EXIT,
	F_ERRORF, F_WARNF, F_SIGNAL, F_SYSTEM, F_CAT, F_JOIN,
};

enum stmt_kind {
	S_STORE,		/* lvalue (op)= expr */
	S_AGG,			/* @m[k] = aggregation(...) */
	S_EXPR,			/* expression for its side effect: x++ */
	S_CALL,			/* printf, print, time, clear, ... */
	S_IF,
	S_WHILE,		/* while (s_rhs) s_then */
	S_UNROLL,		/* unroll (s_rhs, a constant) s_then */
	S_FORMAP,		/* for (s_lhs : s_rhs, a map) s_then */
	S_FORRANGE,		/* for (s_lhs : s_rhs..s_args[0]) s_then */
	S_BREAK,
	S_CONTINUE,
	S_RETURN,
	S_LET,			/* let s_lhs[: s_tname][ = s_rhs] */
};

struct stmt {
	TAILQ_ENTRY(stmt) s_next;
	enum stmt_kind	 s_kind;
	struct pos	 s_pos;
	int		 s_op;		/* S_STORE: '=' or the compound op */
	int		 s_func;	/* S_CALL, S_AGG: enum func */
	struct node	*s_lhs;		/* S_STORE, S_AGG: target */
	struct node	*s_rhs;		/* S_STORE value, S_EXPR, S_IF cond */
	struct node	**s_args;	/* S_CALL, S_AGG arguments */
	size_t		 s_nargs;
	int64_t		 s_lmin, s_lmax, s_lstep;	/* lhist */
	struct stmtq	*s_then;	/* S_IF, loops: the body */
	struct stmtq	*s_else;
	const char	*s_tname;	/* S_LET: the type, if given */
	struct pos	 s_tpos;
	int		 s_tarray;	/* S_LET: string[N] */
	enum val_type	 s_vtype;	/* S_LET: the local's type, once
					   checked */
	int		 s_object;	/* S_STORE: names a struct of kernel
					   data (kdata.c), stores nothing */
};
TAILQ_HEAD(stmtq, stmt);

enum probe_kind {
	P_BEGIN = 1,
	P_END,
	P_PROBE,
};

struct probe {
	SLIST_ENTRY(probe) p_next;
	enum probe_kind	 p_kind;
	struct pos	 p_pos;
	char		*p_name;	/* as written */
	char		*p_prov;
	char		*p_func;
	char		*p_pname;
	uint64_t	 p_period;	/* profile/interval: ns */
	int		 p_return;	/* user probe (DTPV_UFILE): on the
					   function's return */
	int		 p_usdt;	/* a USDT marker: p_pname is
					   [PROVIDER:]NAME */
	int		 p_missing;	/* the system lacks it, and config
					   missing_probes leaves it out */
};
SLIST_HEAD(probeq, probe);

struct rule {
	TAILQ_ENTRY(rule) r_next;
	struct probeq	 r_probes;
	struct node	*r_filter;
	struct stmtq	*r_action;
	int		 r_nlocals;
	int		 r_hasprobe;	/* some probe is not BEGIN/END */
	int		 r_hasbegin;
	int		 r_hasend;
};
TAILQ_HEAD(ruleq, rule);

/* Global variable: a scalar or a map (keyed or not). */
enum gvar_kind {
	G_UNKNOWN = 0,		/* only read so far */
	G_SCALAR,		/* @x = expr */
	G_MAP,			/* @m[k] = ..., @x = count(), ... */
};

struct gvar {
	TAILQ_ENTRY(gvar) g_next;
	const char	*g_name;	/* without '@'; "" for @ */
	struct pos	 g_pos;		/* first appearance */
	enum gvar_kind	 g_kind;
	enum val_type	 g_type;	/* value type of plain values */
	int		 g_agg;		/* F_COUNT..F_LHIST, F_NONE: plain */
	int64_t		 g_lmin, g_lmax, g_lstep;
	int		 g_nkeys;	/* -1 until known */
	int		 g_keyslater;	/* keys only known when checked:
					   @m[$k], $k maybe a tuple */
	uint32_t	 g_kstackkeys;	/* keys stored from kstack, a bit each */
	uint32_t	 g_ustackkeys;	/* and from ustack */
	struct val	 g_val;		/* G_SCALAR value */
	char		*g_buf;		/* owned string storage of g_val */
	size_t		 g_bufsz;
	struct map	*g_map;		/* G_MAP */
};
TAILQ_HEAD(gvarq, gvar);

struct program {
	struct ruleq	 rules;
	struct gvarq	 gvars;
	struct names	 gvnames;	/* name to struct gvar */
	struct rule	*begin;
	struct rule	*end;
	int		 nprobes;	/* probes other than BEGIN/END */
	int		 maxlocals;
};

/* Parser entry point: returns the number of errors. */
int		 btparse(const char *, size_t, const char *, struct program *);

/* Script arguments $1..$N, set before parsing. */
extern char	**script_argv;
extern int	 script_argc;

#endif /* BT_PARSER_H */
