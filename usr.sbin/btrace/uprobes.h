/* SPDX-License-Identifier: ISC */
/*
 * User probes (uprobes.c): what uprobe:FILE:FUNCTION names.  FILE is a
 * path, or a library name (libc, c, libc.so.6) found in the mappings
 * of the traced process or in the dynamic loader's directories;
 * FUNCTION a function symbol of the file's ELF symbol tables (.symtab
 * and .dynsym; memcpy@@GLIBC_2.14 the default version of memcpy,
 * memcpy@GLIBC_2.2.5 that version, memcpy every version), a glob of
 * them, FUNCTION+OFFSET an instruction inside one, or an address
 * (0x...) in the file's ELF address space.  Each
 * is turned into the file offset the kernel probes (DTIOCPRBUCREATE).
 */

#ifndef UPROBES_H
#define UPROBES_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

struct usdt_args;

struct uptarget {
	uint64_t	 ut_off;	/* file offset */
	char		*ut_name;	/* the function, "0x...", or a USDT
					   marker's PROVIDER:NAME */
	uint64_t	 ut_refctr;	/* USDT: its semaphore's offset, or 0 */
	struct usdt_args *ut_args;	/* USDT: its arguments */
};

/* Library names are looked up in this process's mappings first. */
void	 uprobes_set_pid(pid_t);

/*
 * The file FILE names, into path; -1 with a message in why (naming
 * FILE) if there is none.
 */
int	 uprobes_file(const char *, char *, size_t, char *, size_t);

/*
 * The places FUNCTION names in the ELF file at path, each offset once,
 * in *tp (free with uprobes_free()); -1 with a message in why (naming
 * the file) if it names none: no such file, not ELF, no such function
 * (with the closest names).
 */
int	 uprobes_targets(const char *, const char *, struct uptarget **,
	    size_t *, char *, size_t);
void	 uprobes_free(struct uptarget *, size_t);
/* The same for an ELF image in memory, path naming it in messages. */
int	 uprobes_image_targets(const uint8_t *, size_t, const char *,
	    const char *, struct uptarget **, size_t *, char *, size_t);
/*
 * FUNCTION+OFFSET (no glob): 1 with the function in func and the
 * offset in *off, 0 if want is not such a name, -1 for a bad offset.
 */
int	 uprobes_offset(const char *, char *, size_t, uint64_t *);

/*
 * The USDT markers [PROVIDER:]NAME names (globs) in the ELF file at path,
 * the same way.
 */
int	 uprobes_usdt_targets(const char *, const char *, struct uptarget **,
	    size_t *, char *, size_t);
/* Call fn with every marker of the file as PROVIDER:NAME, sorted, once. */
int	 uprobes_usdt_names(const char *, void (*)(const char *, void *),
	    void *, char *, size_t);

/* Call fn with every function name of the ELF file, sorted, once. */
int	 uprobes_names(const char *, void (*)(const char *, void *), void *,
	    char *, size_t);

/*
 * The address of function or variable sym of the ELF file at path, in
 * the traced process (-p) for a position-independent file; -1 with a
 * message in why when there is none.
 */
int	 uprobes_symaddr(const char *, const char *, uint64_t *, char *,
	    size_t);

#endif /* UPROBES_H */
