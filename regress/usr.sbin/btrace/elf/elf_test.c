/*
 * Unit test and fuzzer of usr.sbin/btrace/elfimg.c (ELF images) and of
 * the symbol lookup of uprobes.c on top of it.
 *
 * usage: elf_test known LIBVER	checks on this program's own file, and
 *				on LIBVER, ver.c built with ver.map
 *        elf_test fuzz N SEED [LIBVER]
 *				N mutants of it (and of LIBVER), from SEED
 *
 * known: the file offset uprobes_image_targets() gives for a function
 * of this program is the one its mapping says (/proc/self/maps); a glob,
 * and an address find it too; a missing name, a bad
 * address and a file that is not ELF are refused with a message naming
 * the file.  Of LIBVER, stripped of .symtab, vf@VERS_1 and vf@@VERS_2
 * are two functions told apart by .gnu.version, vf is both, and
 * vf@@VERS_1 is refused naming the versions vf has.  fuzz: mutants of the image (its headers, segment and
 * section tables and symbol tables garbled, or cut short) go through
 * every function; ASan and UBSan (the run script builds with them) turn
 * any read out of bounds into a failure.  Prints "PASS name" / "FAIL
 * name" and exits 1 if any check failed.
 */

#include <sys/types.h>

#include <elf.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elfimg.h"
#include "uprobes.h"

static int nfailed;

#define CHECK(c, ...) do {						\
	if (!(c)) {							\
		printf("    %s:%d: ", __FILE__, __LINE__);		\
		printf(__VA_ARGS__);					\
		printf("\n");						\
		nfailed++;						\
	}								\
} while (0)

__attribute__((noipa)) long
elft_target(long a)
{
	return a + 1;
}

/* The file offset of code at addr, from this process's mappings. */
static int
maps_offset(const void *addr, uint64_t *off)
{
	unsigned long long lo, hi, pgoff, a = (uintptr_t)addr;
	char line[4096];
	FILE *f;
	int found = -1;

	if ((f = fopen("/proc/self/maps", "r")) == NULL)
		return -1;
	while (found == -1 && fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "%llx-%llx %*s %llx", &lo, &hi, &pgoff) != 3 ||
		    a < lo || a >= hi)
			continue;
		*off = a - lo + pgoff;
		found = 0;
	}
	fclose(f);
	return found;
}

static uint8_t *
self_image(size_t *len)
{
	uint8_t *img;
	int fd;

	if ((fd = open("/proc/self/exe", O_RDONLY)) == -1)
		return NULL;
	img = elf_read(fd, len);
	close(fd);
	return img;
}

/* The targets of want in img: how many, the first offset in *off. */
static int
targets(const uint8_t *img, size_t len, const char *want, uint64_t *off,
    char *why, size_t whylen)
{
	struct uptarget *t;
	size_t n;

	why[0] = '\0';
	if (uprobes_image_targets(img, len, "self", want, &t, &n, why,
	    whylen) == -1)
		return -1;
	if (n > 0 && off != NULL)
		*off = t[0].ut_off;
	uprobes_free(t, n);
	return (int)n;
}

static int
count_fn(const struct elf_func *ef, void *arg)
{
	(void)ef;
	(*(size_t *)arg)++;
	return 0;
}

static uint8_t *
file_image(const char *path, size_t *len)
{
	uint8_t *img;
	int fd;

	if ((fd = open(path, O_RDONLY)) == -1)
		return NULL;
	img = elf_read(fd, len);
	close(fd);
	return img;
}

static void
versions(const char *libver)
{
	uint64_t v1 = 0, v2 = 0;
	uint8_t *img;
	size_t len;
	char why[1024];
	int n, before = nfailed;

	img = file_image(libver, &len);
	CHECK(img != NULL, "cannot read %s", libver);
	if (img == NULL)
		goto out;
	n = targets(img, len, "vf@VERS_1", &v1, why, sizeof(why));
	CHECK(n == 1, "vf@VERS_1: %d targets (%s)", n, why);
	n = targets(img, len, "vf@@VERS_2", &v2, why, sizeof(why));
	CHECK(n == 1, "vf@@VERS_2: %d targets (%s)", n, why);
	CHECK(v1 != v2, "both versions at offset %#" PRIx64, v1);
	n = targets(img, len, "vf", NULL, why, sizeof(why));
	CHECK(n == 2, "vf: %d targets, want both versions (%s)", n, why);
	n = targets(img, len, "vf@*", NULL, why, sizeof(why));
	CHECK(n == 2, "vf@*: %d targets (%s)", n, why);
	n = targets(img, len, "vf@@VERS_1", NULL, why, sizeof(why));
	CHECK(n == -1 && strstr(why, "vf has vf@@VERS_2, vf@VERS_1") != NULL,
	    "vf@@VERS_1, not the default: %d (%s)", n, why);
out:
	free(img);
	printf("%s elf.versions\n", nfailed > before ? "FAIL" : "PASS");
}

static void
known(void)
{
	struct elf_load el[ELF_MAXLOADS];
	uint64_t want, off = 0, vaddr = 0;
	uint8_t *img;
	size_t len, nel, nsym = 0, nobj, nall, i;
	char why[1024], hex[64], text[128];
	int n;

	img = self_image(&len);
	CHECK(img != NULL, "cannot read /proc/self/exe");
	if (img == NULL)
		goto out;
	CHECK(elf_header(img, len) != NULL, "own image: no ELF header");
	CHECK(elf_loads(img, len, el, &nel) == 0 && nel > 0,
	    "own image: no PT_LOAD");
	CHECK(elf_functions(img, len, SHT_SYMTAB, count_fn, &nsym) >= 0 &&
	    nsym > 0, "own image: no function in .symtab");
	nobj = 0;
	CHECK(elf_syms(img, len, SHT_SYMTAB, ELF_OBJECTS, count_fn,
	    &nobj) >= 0 && nobj > 0, "own image: no variable in .symtab");
	nall = 0;
	CHECK(elf_syms(img, len, SHT_SYMTAB, ELF_FUNCS | ELF_OBJECTS,
	    count_fn, &nall) >= 0 && nall == nsym + nobj, "own image: %zu "
	    "symbols, not %zu functions and %zu variables", nall, nsym,
	    nobj);
	CHECK(maps_offset((const void *)elft_target, &want) == 0,
	    "elft_target not in a mapping");

	n = targets(img, len, "elft_target", &off, why, sizeof(why));
	CHECK(n == 1 && off == want, "elft_target: %d targets, offset "
	    "%#" PRIx64 ", want %#" PRIx64 " (%s)", n, off, want, why);
	n = targets(img, len, "elft_targ*", &off, why, sizeof(why));
	CHECK(n == 1 && off == want, "elft_targ*: %d targets, offset "
	    "%#" PRIx64 " (%s)", n, off, why);
	/* The address of elft_target in the file's ELF address space. */
	for (i = 0; i < nel; i++)
		if (want >= el[i].el_offset &&
		    want - el[i].el_offset < el[i].el_filesz)
			vaddr = want - el[i].el_offset + el[i].el_vaddr;
	snprintf(hex, sizeof(hex), "0x%" PRIx64, vaddr);
	n = targets(img, len, hex, &off, why, sizeof(why));
	CHECK(n == 1 && off == want, "%s: %d targets, offset %#" PRIx64
	    " (%s)", hex, n, off, why);
	CHECK(elf_vaddr_offset(el, nel, vaddr, &off) == 0 && off == want,
	    "elf_vaddr_offset %s", hex);

	n = targets(img, len, "elft_targte", NULL, why, sizeof(why));
	CHECK(n == -1 && strstr(why, "self: no function 'elft_targte'; "
	    "did you mean 'elft_target'?") != NULL, "misspelt: %d (%s)", n,
	    why);
	n = targets(img, len, "zzz_nomatch*", NULL, why, sizeof(why));
	CHECK(n == -1 && strstr(why, "no function matches") != NULL,
	    "glob of nothing: %d (%s)", n, why);
	n = targets(img, len, "0xffffffffffff", NULL, why, sizeof(why));
	CHECK(n == -1 && strstr(why, "in no loadable segment") != NULL,
	    "address out of segments: %d (%s)", n, why);
	n = targets(img, len, "0x12g", NULL, why, sizeof(why));
	CHECK(n == -1 && strstr(why, "bad address") != NULL,
	    "bad address: %d (%s)", n, why);
	memset(text, 'x', sizeof(text));
	n = targets((const uint8_t *)text, sizeof(text), "main", NULL, why,
	    sizeof(why));
	CHECK(n == -1 && strstr(why, "self: not a 64-bit ELF") != NULL,
	    "not ELF: %d (%s)", n, why);
	n = targets(img, 10, "main", NULL, why, sizeof(why));
	CHECK(n == -1, "cut to 10 bytes: %d", n);
out:
	free(img);
	printf("%s elf.known\n", nfailed ? "FAIL" : "PASS");
}

static uint64_t rs;

static uint32_t
rnd(void)
{
	rs = rs * 6364136223846793005ULL + 1442695040888963407ULL;
	return rs >> 33;
}

/* Garble bytes where the parser looks: headers and tables. */
static void
mutate(uint8_t *m, size_t len, const uint8_t *img)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img;
	uint64_t base, span;
	int k, nk = 1 + rnd() % 16;

	for (k = 0; k < nk; k++) {
		switch (rnd() % 5) {
		case 0:
			base = 0;
			span = sizeof(*eh);
			break;
		case 1:
			base = eh->e_phoff;
			span = (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr);
			break;
		case 2:
			base = eh->e_shoff;
			span = (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr);
			break;
		default:
			base = 0;
			span = len;
			break;
		}
		if (span == 0 || base >= len)
			continue;
		m[(base + rnd() % span) % len] = rnd();
	}
}

static void
fuzz(long n, unsigned long seed, const char *libver)
{
	static const char *const wants[] = { "main", "elft_target", "*",
	    "elf*", "0x1000", "malloc@@GLIBC_2.2.5", "" };
	struct elf_load el[ELF_MAXLOADS];
	uint8_t *img, *m, *self, *lib = NULL;
	size_t len, mlen, nel, nsym, i, selflen, liblen = 0;
	uint64_t off;
	char why[1024], id[128];
	long it;

	rs = seed;
	if ((self = self_image(&selflen)) == NULL ||
	    (libver != NULL && (lib = file_image(libver, &liblen)) == NULL)) {
		printf("FAIL elf.fuzz (cannot read the images)\n");
		nfailed++;
		free(self);
		return;
	}
	for (it = 0; it < n; it++) {
		img = lib != NULL && it % 2 ? lib : self;
		len = img == lib ? liblen : selflen;
		mlen = rnd() % 8 == 0 ? rnd() % len : len;
		if ((m = malloc(mlen ? mlen : 1)) == NULL)
			break;
		memcpy(m, img, mlen);
		if (mlen == len)
			mutate(m, mlen, img);
		nsym = 0;
		(void)elf_header(m, mlen);
		if (elf_loads(m, mlen, el, &nel) == 0)
			(void)elf_vaddr_offset(el, nel, rnd(), &off);
		(void)elf_functions(m, mlen, SHT_SYMTAB, count_fn, &nsym);
		(void)elf_functions(m, mlen, SHT_DYNSYM, count_fn, &nsym);
		/* uaddr()'s walk: variables as well as functions. */
		(void)elf_syms(m, mlen, SHT_SYMTAB, ELF_FUNCS | ELF_OBJECTS,
		    count_fn, &nsym);
		(void)elf_syms(m, mlen, SHT_DYNSYM, ELF_OBJECTS, count_fn,
		    &nsym);
		elf_build_id(m, mlen, id, sizeof(id));
		for (i = 0; i < sizeof(wants) / sizeof(wants[0]); i++)
			(void)targets(m, mlen, wants[i], &off, why,
			    sizeof(why));
		free(m);
	}
	free(self);
	free(lib);
	printf("    %ld mutants from seed %lu\n", n, seed);
	printf("PASS elf.fuzz\n");
}

int
main(int argc, char *argv[])
{
	if (argc == 3 && strcmp(argv[1], "known") == 0) {
		known();
		versions(argv[2]);
	}
	else if ((argc == 4 || argc == 5) && strcmp(argv[1], "fuzz") == 0)
		fuzz(atol(argv[2]), strtoul(argv[3], NULL, 0),
		    argc == 5 ? argv[4] : NULL);
	else {
		fprintf(stderr, "usage: elf_test known LIBVER | "
		    "fuzz N SEED\n");
		return 2;
	}
	return nfailed ? 1 : 0;
}
