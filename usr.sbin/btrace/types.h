/* SPDX-License-Identifier: ISC */
/*
 * C types in scripts: sizeof and offsetof, worked out at parse time
 * from the kernel's BTF (BTRACE_BTF names another file).
 */

#ifndef TYPES_H
#define TYPES_H

#include <stdint.h>

#include "bt_parser.h"

/*
 * sizeof(name *...), name as written ("struct sock", "u32", "uint8"),
 * nstars its stars: the size, or -1 after a message at pos.
 */
int64_t	type_sizeof(const char *, int, struct pos);

/*
 * offsetof(name, a.b.c): the byte offset of the member, through
 * anonymous members, or -1 after a message at pos (the type) or mpos
 * (the member).
 */
int64_t	type_offsetof(const char *, int, const char *, struct pos,
	    struct pos);

/*
 * The parameters of a kernel function from BTF, as btrace -lv lists
 * them: "(const struct path * path, struct file * file)", or with ret
 * the return value "(int retval)"; NULL if BTF does not describe it.
 */
const char	*types_func_args(const char *, int, char *, size_t);

/*
 * Parameter name of kernel function func in BTF: 0 with its index and
 * type; -1 if BTF does not describe the function, -2 if it has no such
 * parameter, with the names it has (at most TYPES_MAXPARAMS) in names.
 */
#define TYPES_MAXPARAMS	32
int	types_func_param(const char *, const char *, int *, uint32_t *,
	    const char **, int *);

/* The return type of kernel function func in BTF: 0, or -1 if none. */
int	types_func_return(const char *, uint32_t *);

/*
 * For kdata.c: the BTF type of a name, 0 after a message at pos (also
 * when there is no BTF, said once), and *bp the kernel's BTF; the member
 * of struct or union id nearest to a misspelt name, or NULL.
 */
struct btf;
uint32_t	 type_btf(const struct btf **, const char *, struct pos);
const char	*type_member_near(const struct btf *, uint32_t, const char *);

/*
 * The value of an enumerator of the kernel's BTF, such as TCP_CLOSE: 0
 * with it in *value, -1 if BTF has no enumerator of that name or there
 * is no BTF (nothing said), -2 if enums of BTF give it different
 * values (*value one of them).
 */
int	types_enumerator(const char *, int64_t *);

#endif /* TYPES_H */
