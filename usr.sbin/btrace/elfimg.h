/* SPDX-License-Identifier: ISC */
/*
 * ELF images (elfimg.c): the checked reading of the 64-bit ELF files that
 * user stacks are symbolized with (usyms.c) and user probes are placed
 * in (uprobes.c).  Every offset and size read from a file is checked
 * against the image before use: the file may be truncated or hostile.
 */

#ifndef BT_ELFIMG_H
#define BT_ELFIMG_H

#include <elf.h>
#include <stddef.h>
#include <stdint.h>

#define ELF_MAXFILE	(1ULL << 30)	/* larger files are not read */
#define ELF_MAXLOADS	16		/* PT_LOAD segments kept */

struct elf_load {		/* a PT_LOAD segment */
	uint64_t	 el_offset;
	uint64_t	 el_filesz;
	uint64_t	 el_vaddr;
	int		 el_exec;
};

/* A function symbol, as elf_functions() hands it out. */
struct elf_func {
	uint64_t	 ef_addr;	/* st_value */
	uint64_t	 ef_size;
	const char	*ef_name;	/* in the image */
	int		 ef_bind;	/* STB_* */
	const char	*ef_version;	/* .dynsym: its version as in
					   name@@VERSION, or NULL */
	int		 ef_hidden;	/* the version is not the default
					   one: name@VERSION */
};

/*
 * The whole file open on fd, in memory (not mapped: a file truncated
 * while we read it would kill us with SIGBUS); NULL if it is not a
 * regular file, is too small to be ELF or larger than ELF_MAXFILE.
 */
uint8_t	*elf_read(int, size_t *);

/* The header of a 64-bit ELF image of this machine's byte order. */
const Elf64_Ehdr *elf_header(const uint8_t *, size_t);

/* Its PT_LOAD segments, at most ELF_MAXLOADS; -1 if none or bad. */
int	 elf_loads(const uint8_t *, size_t, struct elf_load *, size_t *);

/*
 * Call fn for every defined function symbol (STT_FUNC, STT_GNU_IFUNC,
 * nonzero address and name) of the sections of type `type' (SHT_SYMTAB
 * or SHT_DYNSYM), with its version from .gnu.version and
 * .gnu.version_d where the file defines versions; fn returns -1 to
 * stop.  Returns the number of such
 * sections, -1 if fn stopped.
 */
int	 elf_functions(const uint8_t *, size_t, uint32_t,
	    int (*)(const struct elf_func *, void *), void *);

/* The same for the symbols of kinds: functions, data objects or both. */
#define ELF_FUNCS	0x1
#define ELF_OBJECTS	0x2
int	 elf_syms(const uint8_t *, size_t, uint32_t, int,
	    int (*)(const struct elf_func *, void *), void *);

/* A note of a SHT_NOTE section, as elf_notes() hands it out. */
struct elf_note {
	uint32_t	 en_type;
	const char	*en_name;	/* en_namesz bytes, with the NUL */
	uint32_t	 en_namesz;
	const uint8_t	*en_desc;	/* en_descsz bytes */
	uint32_t	 en_descsz;
};

/*
 * Call fn for every note of the image's SHT_NOTE sections, which
 * returns -1 to stop; -1 if it stopped.
 */
int	 elf_notes(const uint8_t *, size_t,
	    int (*)(const struct elf_note *, void *), void *);

/* The address of the section called name; -1 if there is none. */
int	 elf_section_addr(const uint8_t *, size_t, const char *, uint64_t *);

/* The build-id note as lowercase hex, or "" if there is none. */
void	 elf_build_id(const uint8_t *, size_t, char *, size_t);

/* The file offset of address vaddr, by the segments; -1 if in none. */
int	 elf_vaddr_offset(const struct elf_load *, size_t, uint64_t,
	    uint64_t *);

#endif /* BT_ELFIMG_H */
