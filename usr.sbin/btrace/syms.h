/* SPDX-License-Identifier: ISC */
/*
 * Symbolization of kernel and user stack frames.
 *
 * Kernel frames (ksyms.c) come from a kallsyms file, normally
 * /proc/kallsyms, modules included.  User frames (usyms.c) come from
 * the ELF symbol tables of the files a process maps, found through
 * /proc/PID/maps; those must be loaded while the process lives, so the
 * caller should call usyms_get() when an event of the pid arrives and
 * print later.
 *
 * A frame prints as "func+0xoff" (offset in hex, "+0x0" included), or
 * as "0xaddr" when no symbol covers the address.  The kernel module or
 * the user object a symbol comes from is not printed; ksyms_lookup()
 * and usyms_lookup() give it to callers that want it.
 *
 * The *_snprint functions behave like snprintf(3): they write at most
 * len bytes including the NUL and return the length the whole text
 * would have, so a return value >= len means truncation.
 */

#ifndef SYMS_H
#define SYMS_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

/*
 * Kernel symbols.  Only text symbols (nm types t T w W) are kept.  A
 * symbol covers the addresses from its own up to the next symbol of
 * any type (data symbols end the text before them) in the same region,
 * the core kernel or one module; the last symbol of a region covers at
 * most KSYMS_LASTSPAN bytes.  Of several text symbols at one address
 * the first in the file wins.
 */
#define KSYMS_LASTSPAN	0x10000

struct ksyms;

struct ksym {
	uint64_t	 ks_addr;
	uint64_t	 ks_size;
	const char	*ks_name;
	const char	*ks_mod;	/* module, NULL for the kernel */
};

/*
 * Load a kallsyms file.  On failure return NULL and put in errbuf a
 * one-line message naming the file: it cannot be read, a line is
 * malformed (with its number), it holds no text symbol, or every
 * address reads as 0 (kernel.kptr_restrict hides them).  The caller
 * reports it once and prints frames as addresses (a NULL ksyms is
 * valid for every lookup function).
 */
struct ksyms	*ksyms_load(const char *path, char *errbuf, size_t errlen);

/*
 * The address of symbol name of any type in the kallsyms file at path
 * (a variable too, which the loaded table leaves out): 0, or -1.
 */
int		 ksyms_find(const char *path, const char *name,
		    uint64_t *addr);
void		 ksyms_free(struct ksyms *);
size_t		 ksyms_count(const struct ksyms *);

/*
 * Serialization: ksyms_foreach() calls fn for each symbol in address
 * order until fn returns non-zero, which it returns.  ksyms_new() and
 * ksyms_add() rebuild a table from such records; they must come in
 * increasing address order without overlap (-1 and errno EINVAL if
 * not, ENOMEM if out of memory).
 */
int		 ksyms_foreach(const struct ksyms *,
		    int (*fn)(const struct ksym *, void *), void *arg);
struct ksyms	*ksyms_new(void);
int		 ksyms_add(struct ksyms *, uint64_t addr, uint64_t size,
		    const char *name, const char *mod);

/*
 * Fill sym with the symbol covering addr and *offp (if not NULL) with
 * addr - symbol and return 0; -1 if no symbol covers addr.  The names
 * point into the table.
 */
int		 ksyms_lookup(const struct ksyms *, uint64_t addr,
		    struct ksym *sym, uint64_t *offp);
int		 ksyms_snprint(const struct ksyms *, char *buf, size_t len,
		    uint64_t addr);

/*
 * User symbols, per process.  Every executable mapping of /proc/PID/maps
 * is recorded; those backed by an ELF file (opened through
 * /proc/PID/map_files, so deleted and replaced files are found while
 * the process maps them) and the vDSO get the function symbols (STT_FUNC,
 * STT_GNU_IFUNC) of .symtab, or of the separate debug file found by
 * build-id under /usr/lib/debug (usyms_set_debugdir() changes it,
 * NULL restores it; the string must stay valid) when there is no
 * .symtab, and of
 * .dynsym.  A symbol of size 0 covers up to the next symbol, at most
 * 4 KiB; a symbol that overlaps the next one is cut short there.  Of
 * several symbols at one address the one with the fewest leading
 * underscores wins (libc's "read" over "__read"), then a global one
 * over a weak one over a local one, then the first by name.
 * The tables of one file are shared by every process that maps it.
 * Files are read, not mapped (a library truncated meanwhile cannot
 * crash btrace); ELF files over 1 GiB are skipped.  Mappings whose
 * file is gone and cannot be opened through map_files (not root), or
 * was replaced by another file since, have no symbols.
 */
struct usyms;

struct usym {
	uint64_t	 us_addr;	/* as in the ELF file */
	uint64_t	 us_size;
	const char	*us_name;
};

struct usyms_map {
	uint64_t	 um_start;	/* [start, end) in the process */
	uint64_t	 um_end;
	uint64_t	 um_bias;	/* process address - ELF address */
	const char	*um_path;	/* as /proc/PID/maps names it */
	const struct usym *um_syms;	/* sorted, non-overlapping */
	size_t		 um_nsyms;
};

/*
 * The tables of a pid, from a cache of USYMS_NCACHE pids (least
 * recently used out).  The first call for a pid reads /proc; NULL and
 * errno set if that fails (the process is gone).  The pointer stays
 * valid until USYMS_NCACHE other pids have been asked for or
 * usyms_flush().  When an address falls outside every known mapping
 * (the process may have dlopen'ed since) usyms_lookup() reads the
 * maps again, at most once per USYMS_REFRESH_NS per pid: the mappings
 * are replaced by the current ones (files already parsed are not parsed
 * again), or kept if the process is gone.  A refresh invalidates the pointers lookups returned.
 * After usyms_offline() (replay) usyms_get() never reads /proc and
 * finds only registered tables.
 */
#define USYMS_NCACHE		64
#define USYMS_REFRESH_NS	10000000ULL	/* 10 ms */

struct usyms	*usyms_get(pid_t pid);
void		 usyms_flush(void);
void		 usyms_offline(void);
void		 usyms_set_debugdir(const char *dir);

/*
 * The symbol covering addr, or NULL; *offp gets addr - symbol in the
 * process, *mapp (if not NULL) the mapping.
 */
const struct usym *usyms_lookup(struct usyms *, uint64_t addr,
		    uint64_t *offp, const struct usyms_map **mapp);
int		 usyms_snprint(struct usyms *, char *buf, size_t len,
		    uint64_t addr);

/*
 * Serialization: usyms_foreach() calls fn for each mapping in address
 * order until fn returns non-zero.  usyms_new() makes a table that
 * never reads /proc, usyms_add_map() fills it (mappings in increasing
 * order, symbols sorted and non-overlapping; the data is copied; -1 and
 * errno EINVAL or ENOMEM on error).  usyms_register() hands it to the
 * cache, where usyms_get() finds it and never evicts it (replay);
 * otherwise usyms_free() it.
 */
int		 usyms_foreach(const struct usyms *,
		    int (*fn)(const struct usyms_map *, void *), void *arg);
struct usyms	*usyms_new(pid_t pid);
int		 usyms_add_map(struct usyms *, uint64_t start, uint64_t end,
		    uint64_t bias, const char *path, const struct usym *syms,
		    size_t nsyms);
int		 usyms_register(struct usyms *);
void		 usyms_free(struct usyms *);

/*
 * A whole stack as btrace prints kstack and ustack: a newline, then one
 * frame per line, each indented by a tab ("\n\tf+0x1a\n\tg+0x30\n").
 * At most depth frames (all if depth < 0); no frame gives "\n".
 */
int		 ksyms_snprint_stack(const struct ksyms *, char *buf,
		    size_t len, const uint64_t *pcs, size_t npcs, int depth);
int		 usyms_snprint_stack(struct usyms *, char *buf, size_t len,
		    const uint64_t *pcs, size_t npcs, int depth);

#endif /* SYMS_H */
