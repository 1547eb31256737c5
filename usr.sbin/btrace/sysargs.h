/* SPDX-License-Identifier: ISC */
/*
 * Typed, named arguments of the system calls, so that syscall probes
 * can offer args.filename, args.flags, ... without BTF.
 *
 * The table lives in sysargs.c, which sys/dev/dt/mksysargs generates at
 * build time from the prototypes in the kernel headers
 * (include/linux/syscalls.h) and the x86-64 system call table, as it
 * generates the module's.  It is sorted by syscall name.
 */

#ifndef SYSARGS_H
#define SYSARGS_H

#include <stddef.h>

#define SYSARGS_MAX	6	/* a system call takes at most six arguments */

/* How btrace should read an argument register. */
enum sysarg_kind {
	SA_NONE = 0,	/* unused slot */
	SA_INT,		/* signed integer */
	SA_UINT,	/* unsigned integer (sizes, modes, flags words, ids) */
	SA_USTR,	/* NUL-terminated user string: const char __user *
			   not followed by its length, and char __user *
			   paths (utime's filename, mount's dev_name) */
	SA_UPTR		/* any other user pointer: print as an address */
};

struct sysarg {
	const char	*name;	/* "filename"; "argN" if the header has none */
	const char	*type;	/* C type without __user: "const char *" */
	int		 kind;	/* enum sysarg_kind */
};

struct sysargs {
	const char	*syscall;	/* user-visible name: "stat", not "newstat" */
	const char	*entry;		/* kernel prototype: "newstat", or NULL */
	int		 nr;		/* x86-64 number, -1 if unknown */
	int		 nargs;		/* 0..6, or -1: no prototype found */
	struct sysarg	 args[SYSARGS_MAX];
};

extern const struct sysargs	sysargs_table[];	/* sorted by syscall */
extern const size_t		sysargs_count;		/* entries in it */
extern const char		sysargs_source[];	/* headers it came from */

const struct sysargs	*sysargs_lookup(const char *);
int			 sysargs_index(const struct sysargs *, const char *);
const char		*sysargs_kindname(int);

#endif /* SYSARGS_H */
