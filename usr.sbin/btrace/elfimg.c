/* SPDX-License-Identifier: ISC */
/*
 * ELF images: the headers, segments, function symbols and build-id of
 * a 64-bit ELF file, read with every offset checked (elfimg.h).
 */

#include <sys/stat.h>
#include <sys/types.h>

#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elfimg.h"

static int
in_image(size_t len, uint64_t off, uint64_t size)
{
	return off <= len && size <= len - off;
}

uint8_t *
elf_read(int fd, size_t *lenp)
{
	struct stat st;
	uint8_t *img;
	size_t len, got = 0;
	ssize_t n;

	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size < (off_t)sizeof(Elf64_Ehdr) ||
	    (uint64_t)st.st_size > ELF_MAXFILE)
		return NULL;
	len = st.st_size;
	if ((img = malloc(len)) == NULL)
		return NULL;
	while (got < len) {
		n = pread(fd, img + got, len - got, got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += n;
	}
	*lenp = got;
	return img;
}

const Elf64_Ehdr *
elf_header(const uint8_t *img, size_t len)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img;

	if (len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != (BYTE_ORDER == LITTLE_ENDIAN ?
	    ELFDATA2LSB : ELFDATA2MSB))
		return NULL;
	return eh;
}

static const Elf64_Shdr *
elf_sections(const uint8_t *img, size_t len, size_t *nshdr)
{
	const Elf64_Ehdr *eh = elf_header(img, len);

	*nshdr = 0;
	if (eh == NULL || eh->e_shoff == 0 || eh->e_shnum == 0 ||
	    eh->e_shentsize != sizeof(Elf64_Shdr) ||
	    eh->e_shoff % _Alignof(Elf64_Shdr) != 0 ||
	    !in_image(len, eh->e_shoff,
	    (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr)))
		return NULL;
	*nshdr = eh->e_shnum;
	return (const Elf64_Shdr *)(img + eh->e_shoff);
}

int
elf_loads(const uint8_t *img, size_t len, struct elf_load *el, size_t *np)
{
	const Elf64_Ehdr *eh = elf_header(img, len);
	const Elf64_Phdr *ph;
	size_t i, n = 0;

	*np = 0;
	if (eh == NULL || eh->e_phentsize != sizeof(Elf64_Phdr) ||
	    eh->e_phoff % _Alignof(Elf64_Phdr) != 0 ||
	    !in_image(len, eh->e_phoff,
	    (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr)))
		return -1;
	ph = (const Elf64_Phdr *)(img + eh->e_phoff);
	for (i = 0; i < eh->e_phnum && n < ELF_MAXLOADS; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		el[n].el_offset = ph[i].p_offset;
		el[n].el_filesz = ph[i].p_filesz;
		el[n].el_vaddr = ph[i].p_vaddr;
		el[n].el_exec = (ph[i].p_flags & PF_X) != 0;
		n++;
	}
	*np = n;
	return n > 0 ? 0 : -1;
}

/* The versions a symbol table's symbols have (GNU symbol versioning). */
struct elf_vers {
	const Elf64_Half	*ev_sym;	/* .gnu.version: one per symbol */
	size_t			 ev_nsym;
	const uint8_t		*ev_def;	/* .gnu.version_d */
	uint64_t		 ev_deflen;
	const char		*ev_strs;	/* names of the definitions */
	uint64_t		 ev_strlen;
};

#define ELF_MAXVERDEF	4096	/* definitions walked, at most */
#define VERSYM_HIDDEN	0x8000	/* .gnu.version: not the default */
#define VERSYM_VERSION	0x7fff	/* .gnu.version: the definition */

/* The sections that give the versions of symbol table number `symsec'. */
static void
elf_vers_find(const uint8_t *img, size_t len, const Elf64_Shdr *sh,
    size_t nsh, size_t symsec, struct elf_vers *ev)
{
	const Elf64_Shdr *str;
	size_t i;

	memset(ev, 0, sizeof(*ev));
	for (i = 0; i < nsh; i++) {
		if (sh[i].sh_link != symsec ||
		    !in_image(len, sh[i].sh_offset, sh[i].sh_size))
			continue;
		if (sh[i].sh_type == SHT_GNU_versym &&
		    sh[i].sh_offset % _Alignof(Elf64_Half) == 0) {
			ev->ev_sym = (const Elf64_Half *)(img +
			    sh[i].sh_offset);
			ev->ev_nsym = sh[i].sh_size / sizeof(Elf64_Half);
		}
	}
	for (i = 0; i < nsh; i++) {
		if (sh[i].sh_type != SHT_GNU_verdef || sh[i].sh_link >= nsh ||
		    sh[i].sh_offset % 4 != 0 ||
		    !in_image(len, sh[i].sh_offset, sh[i].sh_size))
			continue;
		str = &sh[sh[i].sh_link];
		if (str->sh_type != SHT_STRTAB || str->sh_size == 0 ||
		    !in_image(len, str->sh_offset, str->sh_size) ||
		    img[str->sh_offset + str->sh_size - 1] != '\0')
			continue;
		ev->ev_def = img + sh[i].sh_offset;
		ev->ev_deflen = sh[i].sh_size;
		ev->ev_strs = (const char *)img + str->sh_offset;
		ev->ev_strlen = str->sh_size;
	}
}

/* The name of version definition ndx, or NULL. */
static const char *
elf_vers_name(const struct elf_vers *ev, unsigned int ndx)
{
	const Elf64_Verdef *vd;
	const Elf64_Verdaux *va;
	uint64_t off = 0;
	int n;

	for (n = 0; n < ELF_MAXVERDEF && ev->ev_def != NULL; n++) {
		if (off % 4 != 0 || !in_image(ev->ev_deflen, off, sizeof(*vd)))
			return NULL;
		vd = (const Elf64_Verdef *)(ev->ev_def + off);
		if (vd->vd_ndx == ndx) {
			if (vd->vd_aux % 4 != 0 || !in_image(ev->ev_deflen,
			    off + vd->vd_aux, sizeof(*va)))
				return NULL;
			va = (const Elf64_Verdaux *)(ev->ev_def + off +
			    vd->vd_aux);
			if (va->vda_name >= ev->ev_strlen)
				return NULL;
			return ev->ev_strs + va->vda_name;
		}
		if (vd->vd_next == 0)
			return NULL;
		off += vd->vd_next;
	}
	return NULL;
}

int
elf_functions(const uint8_t *img, size_t len, uint32_t type,
    int (*fn)(const struct elf_func *, void *), void *arg)
{
	return elf_syms(img, len, type, ELF_FUNCS, fn, arg);
}

int
elf_syms(const uint8_t *img, size_t len, uint32_t type, int kinds,
    int (*fn)(const struct elf_func *, void *), void *arg)
{
	const Elf64_Shdr *sh, *str;
	const Elf64_Sym *sym;
	const char *strs;
	struct elf_func ef;
	struct elf_vers ev;
	size_t nsh, i, j, nsym;
	int nsect = 0, st;
	unsigned int vi;

	if ((sh = elf_sections(img, len, &nsh)) == NULL)
		return 0;
	for (i = 0; i < nsh; i++) {
		if (sh[i].sh_type != type || sh[i].sh_link >= nsh ||
		    sh[i].sh_entsize != sizeof(Elf64_Sym) ||
		    sh[i].sh_offset % _Alignof(Elf64_Sym) != 0 ||
		    !in_image(len, sh[i].sh_offset, sh[i].sh_size))
			continue;
		str = &sh[sh[i].sh_link];
		if (str->sh_type != SHT_STRTAB || str->sh_size == 0 ||
		    !in_image(len, str->sh_offset, str->sh_size))
			continue;
		strs = (const char *)img + str->sh_offset;
		if (strs[str->sh_size - 1] != '\0')
			continue;	/* names could run off the table */
		nsect++;
		elf_vers_find(img, len, sh, nsh, i, &ev);
		sym = (const Elf64_Sym *)(img + sh[i].sh_offset);
		nsym = sh[i].sh_size / sizeof(*sym);
		for (j = 0; j < nsym; j++) {
			st = ELF64_ST_TYPE(sym[j].st_info);
			if (!(((kinds & ELF_FUNCS) && (st == STT_FUNC ||
			    st == STT_GNU_IFUNC)) ||
			    ((kinds & ELF_OBJECTS) && st == STT_OBJECT)) ||
			    sym[j].st_shndx == SHN_UNDEF ||
			    sym[j].st_value == 0 ||
			    sym[j].st_name == 0 ||
			    sym[j].st_name >= str->sh_size)
				continue;
			ef.ef_addr = sym[j].st_value;
			ef.ef_size = sym[j].st_size;
			ef.ef_name = strs + sym[j].st_name;
			ef.ef_bind = ELF64_ST_BIND(sym[j].st_info);
			ef.ef_version = NULL;
			ef.ef_hidden = 0;
			if (j < ev.ev_nsym) {
				vi = ev.ev_sym[j];
				ef.ef_hidden = (vi & VERSYM_HIDDEN) != 0;
				vi &= VERSYM_VERSION;
				if (vi >= 2)	/* 0 local, 1 global: none */
					ef.ef_version = elf_vers_name(&ev, vi);
			}
			if (fn(&ef, arg) == -1)
				return -1;
		}
	}
	return nsect;
}

int
elf_notes(const uint8_t *img, size_t len,
    int (*fn)(const struct elf_note *, void *), void *arg)
{
	const Elf64_Shdr *sh;
	const Elf64_Nhdr *nh;
	struct elf_note en;
	uint64_t off, end;
	size_t nsh, i;

	if ((sh = elf_sections(img, len, &nsh)) == NULL)
		return 0;
	for (i = 0; i < nsh; i++) {
		if (sh[i].sh_type != SHT_NOTE ||
		    !in_image(len, sh[i].sh_offset, sh[i].sh_size))
			continue;
		off = sh[i].sh_offset;
		end = off + sh[i].sh_size;
		while (end - off >= sizeof(*nh) && off % 4 == 0) {
			nh = (const Elf64_Nhdr *)(img + off);
			off += sizeof(*nh);
			if (nh->n_namesz > end - off)
				break;
			en.en_name = (const char *)img + off;
			en.en_namesz = nh->n_namesz;
			off += (nh->n_namesz + 3) & ~3ULL;
			if (off > end || nh->n_descsz > end - off)
				break;
			en.en_type = nh->n_type;
			en.en_desc = img + off;
			en.en_descsz = nh->n_descsz;
			if (fn(&en, arg) == -1)
				return -1;
			off += (nh->n_descsz + 3) & ~3ULL;
		}
	}
	return 0;
}

struct build_id {
	char	*hex;
	size_t	 hexlen;
};

static int
build_id_note(const struct elf_note *en, void *arg)
{
	struct build_id *bi = arg;
	size_t k;

	if (en->en_type != NT_GNU_BUILD_ID || en->en_namesz != 4 ||
	    memcmp(en->en_name, "GNU", 4) != 0 || en->en_descsz <= 1 ||
	    en->en_descsz * 2 + 1 > bi->hexlen)
		return 0;
	for (k = 0; k < en->en_descsz; k++)
		snprintf(bi->hex + 2 * k, 3, "%02x", en->en_desc[k]);
	return -1;
}

void
elf_build_id(const uint8_t *img, size_t len, char *hex, size_t hexlen)
{
	struct build_id bi = { hex, hexlen };

	hex[0] = '\0';
	(void)elf_notes(img, len, build_id_note, &bi);
}

int
elf_section_addr(const uint8_t *img, size_t len, const char *name,
    uint64_t *addr)
{
	const Elf64_Ehdr *eh = elf_header(img, len);
	const Elf64_Shdr *sh, *strs;
	size_t nsh, i, namelen = strlen(name) + 1;

	if ((sh = elf_sections(img, len, &nsh)) == NULL ||
	    eh->e_shstrndx >= nsh)
		return -1;
	strs = &sh[eh->e_shstrndx];
	if (strs->sh_type != SHT_STRTAB ||
	    !in_image(len, strs->sh_offset, strs->sh_size))
		return -1;
	for (i = 0; i < nsh; i++) {
		if (sh[i].sh_name >= strs->sh_size ||
		    strs->sh_size - sh[i].sh_name < namelen ||
		    memcmp(img + strs->sh_offset + sh[i].sh_name, name,
		    namelen) != 0)
			continue;
		*addr = sh[i].sh_addr;
		return 0;
	}
	return -1;
}

int
elf_vaddr_offset(const struct elf_load *el, size_t n, uint64_t vaddr,
    uint64_t *offp)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (vaddr < el[i].el_vaddr ||
		    vaddr - el[i].el_vaddr >= el[i].el_filesz)
			continue;
		*offp = vaddr - el[i].el_vaddr + el[i].el_offset;
		return 0;
	}
	return -1;
}
