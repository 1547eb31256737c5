/* SPDX-License-Identifier: ISC */
/*
 * Kernel data in scripts: casts to kernel pointer types, -> and . on
 * them, curtask, each compiled into one fetch the kernel performs when
 * the probe fires (kdata.c).
 */

#ifndef KDATA_H
#define KDATA_H

#include <stdint.h>

#include <dev/dt/dtvar.h>

#include "bt_parser.h"

struct bt_event;

/*
 * Compile kernel data expression n (N_KDATA, or curtask), whose
 * builtins sema.c has resolved (curtask only in a probe), read as a value, or with asstr as str()'s argument (strings of at most strmax
 * bytes): its fetch in n->n_fetch and its type, or VT_NONE after a
 * message at the offending place.  kdata_rule_begin() starts counting
 * the fetches of a rule, which dt(4) bounds.
 */
enum val_type	 kdata_check(struct node *, int, int64_t);

/*
 * The same for ntop()'s address: 4 or 16 bytes in place (in_addr,
 * in6_addr, u8[16]) read as the address's text, a string; anything
 * else as kdata_check() reads a value.  With `v6', only 16 bytes in
 * place: anything else is an error.
 */
enum val_type	 kdata_check_addr(struct node *, int64_t, int);
/*
 * buf(n[, len]): the bytes kernel data n points to, or of the array n
 * is; len, if constant (else -1), and strmax bound what is read.
 */
enum val_type	 kdata_check_buf(struct node *, int, int64_t, int64_t);
/*
 * join(n[, sep]): the strings of the argument vector n points to, in
 * the process's memory with user (n is then argN, retval or args.NAME,
 * a record's field whose word may differ from probe to probe), else
 * kernel data of type char **.
 */
enum val_type	 kdata_check_join(struct node *, int, const char *);
/* join()'s line of the event's strings. */
void		 kdata_eval_join(const struct node *, const struct bt_event *,
		    struct val *);
/* buf()'s text of the event's bytes, at most len of them (-1: all). */
void		 kdata_eval_buf(const struct node *, const struct bt_event *,
		    int64_t, struct val *);
/*
 * A rule starts; with user, its probes are all in user programs, whose
 * argN and retval are addresses in the process's memory (DTFE_USER);
 * with usdt, USDT markers, whose argN a value read is cut and extended
 * as each marker's notes say.
 */
void		 kdata_rule_begin(int, int);

/*
 * Local lhs (N_LVAR, its slot resolved) is assigned checked expression
 * rhs, or changed otherwise (NULL): whether `lhs->...' may follow it.
 */
void		 kdata_local(struct node *, struct node *);
/*
 * Whether n is a struct or union of kernel data in place, which a local
 * may name (kdata_local_object()): 1, 0, or -1 after a message.
 */
int		 kdata_object(struct node *);
void		 kdata_local_object(struct node *, struct node *);

/*
 * Whether local n (checked) keeps a kernel pointer or address, or a user
 * probe's argN or retval (an address in the process).
 */
int		 kdata_local_kept(const struct node *);

/* The description of fetch n_fetch, NULL if none. */
const struct dtioc_fetch *kdata_fetch(int);
/*
 * The record field whose word is the source of fetch n_fetch in each
 * probe (dtfe_argn then holds the first probe's), or NULL.
 */
const char	*kdata_fetch_field(int);

/*
 * The fetch of n for -vv: "arg0 +16 *8 +8 bytes 4" (add, load, last
 * read), and where n's bytes are in a fetch shared with other reads:
 * "arg0 +16 *8 bytes 24 @8:4".
 */
const char	*kdata_describe(const struct node *, char *, size_t);

/*
 * The index of an array read whole that n's value is an element of,
 * evaluated with the event by the caller, or NULL.
 */
const struct node *kdata_index(const struct node *);

/* The bytes of the integer n reads, 1 to 8; 8 for a bitfield. */
int		 kdata_int_size(const struct node *);

/*
 * The value of n in event e, with that index: 0 or "" where the read
 * faulted or the index is out of the array (each said once).
 */
void		 kdata_eval(const struct node *, const struct bt_event *,
		    int64_t, struct val *);

#endif /* KDATA_H */
