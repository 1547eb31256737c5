/* SPDX-License-Identifier: ISC */
/*
 * Declarations shared by the parts of btrace(8).
 */

#ifndef BTRACE_H
#define BTRACE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "bt_parser.h"
#include "util.h"

#define BT_NARGS	24	/* arguments, or trace event fields */
#define BT_MAXDEPTH	10000	/* levels of expressions and statements */
#define BT_COMMLEN	16

/*
 * One event as the evaluator sees it: a record from dt(4) or the
 * synthesized event of BEGIN and END.
 */
struct usdt_args;

struct bt_event {
	const char	*ev_probe;	/* provider:function:name */
	const char	*ev_func;	/* the function that fired */
	int		 ev_pid;
	int		 ev_tid;
	int		 ev_ppid;
	int		 ev_uid;
	int		 ev_gid;
	unsigned int	 ev_cpu;
	char		 ev_comm[BT_COMMLEN + 1];
	uint64_t	 ev_nsecs;	/* CLOCK_MONOTONIC */
	int64_t		 ev_args[BT_NARGS];
	int64_t		 ev_retval;
	int		 ev_errno;
	const uint64_t	*ev_kpc;	/* kernel stack, innermost first */
	int		 ev_nkpc;
	const uint64_t	*ev_upc;	/* user stack */
	int		 ev_nupc;
	const char	*ev_argstr[BT_NARGS];	/* strings copied at probe
						   time, or NULL */
	uint32_t	 ev_pbn;	/* probe id, 0 for BEGIN/END */
	const char *const *ev_argnames;	/* args.NAME: the names of the
					   probe's arguments, "" unknown */
	int		 ev_nargnames;	/* at most BT_NARGS */
	const struct dt_evt_fetch *ev_fetch;	/* the first fetch result */
	int		 ev_nfetch;
	const int	*ev_fetchsite;	/* fetch i of the event is kernel data
					   expression n_fetch ev_fetchsite[i] */
	const struct usdt_args *ev_usdt;	/* a USDT marker's arguments */
};

/* Why evaluation stopped. */
enum eval_status {
	EVAL_OK = 0,
	EVAL_EXIT,		/* exit() */
	EVAL_ERROR,		/* run-time error, already reported */
};

/* usage.c: the command line's usage, help and version */
void	 usage(void) __attribute__((__noreturn__));
void	 help(void) __attribute__((__noreturn__));
void	 version(void) __attribute__((__noreturn__));

/* out.c: the normal output, stdout or -o */
extern FILE		*out;
void		 out_open(const char *);
void		 out_child(void);
int		 out_flush(void);
void		 out_close(void);

/* error.c: messages in the file:line:col: form, with the source line. */
void	 src_set(const char *, size_t, const char *);
void	 src_defer(int);
void	 src_error(struct pos, const char *, ...)
	    __attribute__((__format__(__printf__, 2, 3)));
void	 src_warn(struct pos, const char *, ...)
	    __attribute__((__format__(__printf__, 2, 3)));
void	 src_note(struct pos, const char *, const char *);
/* A use of a #define or macro: its pos.via, for what is read within. */
int	 src_use(const char *, int, struct pos);
void	 src_uses_clear(void);
/* A probe the system lacks: as config missing_probes says (config.c). */
enum { MISSING_ERROR, MISSING_WARN, MISSING_IGNORE };
extern int	 config_missing;
extern int	 config_print_maps;	/* config.c */
void	 probe_missing(struct pos, const char *, ...)
	    __attribute__((__format__(__printf__, 2, 3)));
extern int	 src_nerrors;
struct pos	 src_strpos(struct pos, size_t);

/* config.c: config = { key = value; ... } */
enum cfg_type { CFG_NUM, CFG_STR, CFG_WORD };
void	 config_set(struct pos, const char *, struct pos, enum cfg_type,
	    int64_t, const char *);
void	 config_apply(int, int, int);
extern int64_t	 config_strmax;	/* the longest str() result (eval.c) */


/* depth.c */
int	 depth_check(const struct program *);

/* sema.c */
int	 sema(struct program *);
struct gvar *gvar_get(struct program *, const char *, struct pos);

/* eval.c */
extern uint64_t	 eval_filtered;	/* events a filter rejected */
void	 eval_init(struct program *);
enum eval_status rule_eval(struct rule *, const struct bt_event *);
void	 maps_print_all(struct program *);

struct ksyms;
extern struct ksyms *kernel_syms;

/*
 * stack.c: kstack and ustack as text, `depth' frames at most (-1: all),
 * each frame as the mode says: bpftrace "func+0x1a" (the default), perf
 * "ffffffff81000000 func+0x1a", raw "0xffffffff81000000", sym "func".
 */
enum stack_mode {
	STACK_DEFAULT = 0,	/* stack_mode_default */
	STACK_BPFTRACE,
	STACK_PERF,
	STACK_RAW,
	STACK_SYM,
};
extern enum stack_mode	 stack_mode_default;
int	 stack_mode_lookup(const char *);
size_t	 stack_format(char *, size_t, const struct bt_event *, int, int,
	    enum stack_mode);

extern int	 exit_code;	/* eval.c: what exit(code) asked for */

/* funcs.c: bpftrace's functions of values, signal() and system() */
enum { NSECS_MONOTONIC, NSECS_BOOT, NSECS_TAI, NSECS_SW_TAI };
extern int	 unsafe;	/* --unsafe */

/* namedargs.c: the program's --name[=value] words, read by getopt(). */
int	 namedargs_take(int, char **);
const char *namedargs_bool(const char *, int64_t *);
const char *namedargs_int(const char *, int64_t *);
const char *namedargs_str(const char *, const char **);
int	 namedargs_unread(void);
int	 func_clock_lookup(const char *);
int	 func_kaddr(const char *, uint64_t *);
int	 func_cgroupid(const char *, int64_t *);	/* cgroups.c */
void	 cgpath_of(int64_t, const char *, char *, size_t);
int	 func_pton(const char *, int64_t *, char *, size_t);
int	 func_signal_lookup(const char *);
size_t	 func_strftime(char *, size_t, const char *, uint64_t);
const char *func_username(int);
const char *func_eval(const struct node *, const struct val *,
	    const struct bt_event *, struct val *, char *, size_t);
void	 func_signal(const struct bt_event *, int);
void	 func_system(const char *);
void	 func_cat(const char *);

/* debug.c */
void	 ast_dump(FILE *, const struct program *);

/* json.c: -f json */
extern int	 json;
void	 json_str(FILE *, const char *);
void	 json_val(FILE *, const struct val *);
void	 json_text(FILE *, const char *, const char *);

/* map.c */
struct mentry {
	struct mentry	*m_next;	/* hash chain */
	uint64_t	 m_hash;
	int64_t		 m_count;	/* avg, stats: values seen */
	__int128	 m_sum;		/* avg, stats: never wraps */
	int64_t		*m_buckets;	/* hist, lhist */
	struct val	 m_val;		/* plain values, count, sum, min, max */
	int		 m_isset;	/* m_val holds a value (min, max) */
	char		*m_buf;		/* owned storage of m_val */
	size_t		 m_bufsz;
	size_t		 m_klen;
	unsigned char	 m_key[];	/* encoded key */
};

struct keybuf {
	unsigned char	*k_buf;
	size_t		 k_len;
	size_t		 k_size;
};

struct map	*map_new(struct gvar *);
void		 key_reset(struct keybuf *);
void		 key_add(struct keybuf *, const struct val *);
struct mentry	*map_lookup(struct map *, const struct keybuf *, int);
void		 map_delete(struct map *, const struct keybuf *);
void		 map_clear(struct map *);
void		 map_zero(struct map *);
void		 map_print(FILE *, struct gvar *, size_t);
void		 map_print_div(FILE *, struct gvar *, size_t, int64_t);
int64_t		 mentry_value(const struct gvar *, const struct mentry *);
uint64_t	 mentry_weight(const struct gvar *, const struct mentry *);
void		 mentry_keys(const struct mentry *,
		    void (*)(size_t, const char *, void *), void *);
void		 mentry_key_val(const struct mentry *, struct val *,
		    void *(*)(size_t));
void		 map_walk(const struct gvar *, void (*)(const struct gvar *,
		    const struct mentry *, void *), void *);
void		 mentry_store(struct mentry *, const struct val *);
void		 mentry_aggregate(const struct gvar *, struct mentry *, int,
		    int64_t);
void		 val_store(struct val *, char **, size_t *, const struct val *);
size_t		 val_size(const struct val *);
void		 val_copy(struct val *, const struct val *, char *);

/* hist.c */
size_t	 hist_nbuckets(const struct gvar *);
size_t	 hist_index(const struct gvar *, int64_t);
void	 hist_print(FILE *, const struct gvar *, const int64_t *);
void	 hist_print_json(FILE *, const struct gvar *, const int64_t *);

#endif /* BTRACE_H */
