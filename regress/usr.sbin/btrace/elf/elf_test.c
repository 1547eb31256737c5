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
 * vf@@VERS_1 is refused naming the versions vf has.  The USDT marker of
 * this program is found (usdt.c) at the file offsets of its code and
 * semaphore, its arguments read as register, memory and constant, and
 * argument texts that are not operands are refused.  fuzz: mutants of
 * the image (its headers, segment and section tables, symbol tables and
 * notes garbled, or cut short) go through every function; ASan and UBSan (the run script builds with them) turn
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
#include "usdt.h"
#include "../usdt_mark.h"

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

USDT_SEMAPHORE(elft_sema);

__attribute__((noipa)) long
elft_marks(long a)
{
	volatile long mem = a * 2;

	if (elft_sema)
		__asm__ __volatile__(USDT_MARK_NOTE("elft", "mark",
		    "elft_sema", "-4@%0 8@%1 -2@%2") :: "r"((int)a), "m"(mem),
		    "n"(7));
	return mem;
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

struct marks {
	int			 n;
	struct usdt_marker	 um;
};

static int
mark_fn(const struct usdt_marker *um, void *arg)
{
	struct marks *m = arg;
	struct usdt_args ua;
	char why[256];

	if (m->n++ == 0)
		m->um = *um;
	(void)usdt_parse(um->um_args, &ua, why, sizeof(why));
	return 0;
}

static void
usdt(void)
{
	static const char *const bad[] = { "3@%rax", "8@%xyz", "8@",
	    "8@(%rax", "8@%r0", "16@%rax", "8@$", "x@%rax" };
	struct dtioc_fetch f;
	struct usdt_args ua;
	struct marks m = { 0 };
	uint64_t code = 0, sema = 0;
	uint8_t *img;
	size_t len, i;
	char why[256];
	int before = nfailed;

	CHECK((img = self_image(&len)) != NULL, "cannot read myself");
	if (img == NULL)
		return;
	CHECK(usdt_markers(img, len, mark_fn, &m) == 1, "%d markers, want 1",
	    m.n);
	CHECK(maps_offset((const void *)elft_marks, &code) == 0 &&
	    maps_offset((const void *)&elft_sema, &sema) == 0,
	    "no mappings of elft_marks, elft_sema");
	if (m.n == 1) {
		CHECK(strcmp(m.um.um_prov, "elft") == 0 &&
		    strcmp(m.um.um_name, "mark") == 0, "marker %s:%s",
		    m.um.um_prov, m.um.um_name);
		CHECK(m.um.um_off > code && m.um.um_off < code + 256,
		    "marker at %#" PRIx64 ", elft_marks at %#" PRIx64,
		    m.um.um_off, code);
		CHECK(m.um.um_sema == sema, "semaphore at %#" PRIx64
		    ", want %#" PRIx64, m.um.um_sema, sema);
		CHECK(usdt_parse(m.um.um_args, &ua, why, sizeof(why)) == 0 &&
		    ua.ua_n == 3, "arguments '%s': %s", m.um.um_args, why);
		CHECK(ua.ua_a[0].ua_kind == UA_REG && ua.ua_a[0].ua_size == 4 &&
		    ua.ua_a[0].ua_signed, "argument 0 of '%s'", m.um.um_args);
		CHECK(ua.ua_a[1].ua_kind == UA_MEM && ua.ua_a[1].ua_size == 8 &&
		    !ua.ua_a[1].ua_signed, "argument 1 of '%s'",
		    m.um.um_args);
		CHECK(ua.ua_a[2].ua_kind == UA_CONST && ua.ua_a[2].ua_val == 7,
		    "argument 2 of '%s'", m.um.um_args);
		CHECK(usdt_value(&ua, 0, 0x1ffffffffULL) == -1 &&
		    usdt_value(&ua, 2, 99) == 7 && usdt_value(&ua, 3, 5) == 0,
		    "values cut, extended and constant");
		memset(&f, 0, sizeof(f));
		f.dtfe_src = DTFS_ARG;
		f.dtfe_argn = 1;
		f.dtfe_kind = DTFK_STR;
		f.dtfe_nsteps = 1;
		f.dtfe_steps[0].dtst_op = DTFO_ADD;
		f.dtfe_steps[0].dtst_off = 3;
		CHECK(usdt_fetch(&ua, 1, &f) == 0 && f.dtfe_src == DTFS_REG &&
		    f.dtfe_nsteps == 3 &&
		    f.dtfe_steps[0].dtst_off == ua.ua_a[1].ua_val &&
		    f.dtfe_steps[1].dtst_op == DTFO_DEREF &&
		    f.dtfe_steps[1].dtst_size == 8 &&
		    f.dtfe_steps[2].dtst_off == 3, "memory argument's fetch");
		CHECK(usdt_fetch(&ua, 3, &f) == -1, "argument 3 fetched");
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(usdt_parse(bad[i], &ua, why, sizeof(why)) == -1 &&
		    strstr(why, bad[i]) != NULL, "'%s' parsed", bad[i]);
	CHECK(usdt_parse("8@(%rax,%rbx,8) 8@sym(%rip) -1@%r9b 2@%r10w", &ua,
	    why, sizeof(why)) == 0 && ua.ua_n == 4 &&
	    ua.ua_a[0].ua_kind == UA_BAD && ua.ua_a[1].ua_kind == UA_BAD &&
	    ua.ua_a[2].ua_kind == UA_REG && ua.ua_a[3].ua_kind == UA_REG,
	    "an index, a symbol and r9b, r10w");
	free(img);
	if (nfailed == before)
		printf("PASS elf.usdt\n");
	else
		printf("FAIL elf.usdt\n");
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

	n = targets(img, len, "elft_target+1", &off, why, sizeof(why));
	CHECK(n == 1 && off == want + 1, "elft_target+1: %d targets, offset "
	    "%#" PRIx64 ", want %#" PRIx64 " (%s)", n, off, want + 1, why);
	n = targets(img, len, "elft_target+100000", &off, why, sizeof(why));
	CHECK(n == -1 && strstr(why, "beyond elft_target") != NULL,
	    "elft_target+100000: %d (%s)", n, why);
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
	static const char *const wants[] = { "main", "elft_target",
	    "elft_target+1", "main+0x10", "*",
	    "elf*", "0x1000", "malloc@@GLIBC_2.2.5", "" };
	struct elf_load el[ELF_MAXLOADS];
	uint8_t *img, *m, *self, *lib = NULL;
	size_t len, mlen, nel, nsym, i, selflen, liblen = 0;
	uint64_t off;
	char why[1024], id[128];
	struct marks marks = { 0 };
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
		(void)usdt_markers(m, mlen, mark_fn, &marks);
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
		usdt();
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
