/*
 * Tests of usr.sbin/btrace/ksyms.c and usyms.c.
 *
 * usage: syms_test kallsyms.fixture workdir
 *
 * workdir holds what the run script built: target-nopie, target-pie
 * (both linked with libsymt.so) and dl.so.  Prints "PASS name" or
 * "FAIL name" per group of checks, the failed checks on indented
 * lines before, and exits 1 if any group failed.
 */

#include <sys/types.h>
#include <sys/wait.h>

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "syms.h"

#define NKEYS	8

struct target {
	pid_t		 pid;
	FILE		*in;		/* its stdin */
	FILE		*out;		/* its stdout */
	char		 keys[NKEYS][32];
	uint64_t	 addrs[NKEYS];
	int		 nkeys;
};

static int	 group_failed, nfailed;
static const char *workdir;

static void
fail(const char *fmt, ...)
{
	va_list ap;

	printf("    ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	group_failed = 1;
}

static void
group_end(const char *name)
{
	printf("%s syms.%s\n", group_failed ? "FAIL" : "PASS", name);
	fflush(stdout);
	if (group_failed)
		nfailed++;
	group_failed = 0;
}

static void
expect(const char *what, const char *got, const char *want)
{
	if (strcmp(got, want) != 0)
		fail("%s: got \"%s\", want \"%s\"", what, got, want);
}

static const char *
kfmt(const struct ksyms *ks, uint64_t addr)
{
	static char buf[256];

	ksyms_snprint(ks, buf, sizeof(buf), addr);
	return buf;
}

static const char *
ufmt(struct usyms *us, uint64_t addr)
{
	static char buf[256];

	usyms_snprint(us, buf, sizeof(buf), addr);
	return buf;
}

static void
kexpect(const struct ksyms *ks, uint64_t addr, const char *want)
{
	char what[64];

	snprintf(what, sizeof(what), "0x%" PRIx64, addr);
	expect(what, kfmt(ks, addr), want);
}

/* The lookups of the fixture, for the loaded and the rebuilt table. */
static void
fixture_lookups(const struct ksyms *ks)
{
	struct ksym sym;
	uint64_t off;

	kexpect(ks, 0, "0x0");
	kexpect(ks, 0xffffffff80ffffffULL, "0xffffffff80ffffff");
	kexpect(ks, 0xffffffff81000000ULL, "_text+0x0");
	kexpect(ks, 0xffffffff81000001ULL, "_text+0x1");
	kexpect(ks, 0xffffffff810000ffULL, "_text+0xff");
	kexpect(ks, 0xffffffff81000100ULL, "do_syscall_64+0x0");
	kexpect(ks, 0xffffffff8100017fULL, "do_syscall_64+0x7f");
	kexpect(ks, 0xffffffff81000190ULL, "local_helper+0x10");
	kexpect(ks, 0xffffffff810001c4ULL, "weak_func+0x4");
	kexpect(ks, 0xffffffff81000250ULL, "_etext+0x50");
	kexpect(ks, 0xffffffff81000300ULL, "0xffffffff81000300");
	kexpect(ks, 0xffffffff810003ffULL, "0xffffffff810003ff");
	kexpect(ks, 0xffffffff81000410ULL, "after_data+0x10");
	kexpect(ks, 0xffffffff81ffffffULL, "after_data+0xfffbff");
	kexpect(ks, 0xffffffff82000000ULL, "0xffffffff82000000");
	kexpect(ks, 0xffffffffc0001000ULL, "mod_init_one+0x0");
	kexpect(ks, 0xffffffffc0001044ULL, "mod_func+0x4");
	kexpect(ks, 0xffffffffc0001fffULL, "mod_func+0xfbf");
	kexpect(ks, 0xffffffffc0002000ULL, "0xffffffffc0002000");
	kexpect(ks, 0xffffffffc001ffffULL, "lonely+0xffff");
	kexpect(ks, 0xffffffffc0020000ULL, "0xffffffffc0020000");
	kexpect(ks, 0xffffffffc0030008ULL, "other_func+0x8");
	kexpect(ks, 0xffffffffc004ffffULL, "last_func+0xffff");
	kexpect(ks, 0xffffffffc0050000ULL, "0xffffffffc0050000");
	kexpect(ks, UINT64_MAX, "0xffffffffffffffff");
	if (ksyms_count(ks) != 11)
		fail("ksyms_count: got %zu, want 11", ksyms_count(ks));
	if (ksyms_lookup(ks, 0xffffffffc0001044ULL, &sym, &off) != 0 ||
	    sym.ks_mod == NULL || strcmp(sym.ks_mod, "mod_a") != 0 ||
	    off != 4 || sym.ks_size != 0xfc0)
		fail("ksyms_lookup of mod_func+0x4: module, offset or size");
	if (ksyms_lookup(ks, 0xffffffff81000100ULL, &sym, &off) != 0 ||
	    sym.ks_mod != NULL || off != 0 || sym.ks_size != 0x80)
		fail("ksyms_lookup of do_syscall_64: module, offset or size");
}

static int
copy_ksym(const struct ksym *s, void *arg)
{
	return ksyms_add(arg, s->ks_addr, s->ks_size, s->ks_name, s->ks_mod);
}

static void
write_file(const char *path, const char *text)
{
	FILE *fp;

	if ((fp = fopen(path, "w")) == NULL) {
		fail("%s: %s", path, strerror(errno));
		return;
	}
	fputs(text, fp);
	fclose(fp);
}

static void
load_error(const char *name, const char *text, const char *want)
{
	char path[1024], err[512], full[1024];
	struct ksyms *ks;

	snprintf(path, sizeof(path), "%s/%s", workdir, name);
	if (text != NULL)
		write_file(path, text);
	snprintf(full, sizeof(full), "%s%s", path, want);
	err[0] = '\0';
	if ((ks = ksyms_load(path, err, sizeof(err))) != NULL) {
		fail("%s: loaded, want error \"%s\"", name, full);
		ksyms_free(ks);
		return;
	}
	expect(name, err, full);
}

static void
test_ksyms(const char *fixture)
{
	struct ksyms *ks, *copy;
	char err[512], buf[256];
	uint64_t pcs[3] = {
	    0xffffffff81000104ULL, 0xffffffffc0001040ULL, 0x1234 };
	int n, full;

	if ((ks = ksyms_load(fixture, err, sizeof(err))) == NULL) {
		fail("%s", err);
		group_end("ksyms_fixture");
		return;
	}
	fixture_lookups(ks);
	group_end("ksyms_fixture");

	n = ksyms_snprint_stack(ks, buf, sizeof(buf), pcs, 3, -1);
	expect("stack", buf,
	    "\n\tdo_syscall_64+0x4\n\tmod_func+0x0\n\t0x1234\n");
	if (n != (int)strlen(buf))
		fail("stack: returned %d, wrote %zu", n, strlen(buf));
	ksyms_snprint_stack(ks, buf, sizeof(buf), pcs, 3, 2);
	expect("stack depth 2", buf, "\n\tdo_syscall_64+0x4\n\tmod_func+0x0\n");
	ksyms_snprint_stack(ks, buf, sizeof(buf), pcs, 3, 0);
	expect("stack depth 0", buf, "\n");
	ksyms_snprint_stack(ks, buf, sizeof(buf), pcs, 0, -1);
	expect("empty stack", buf, "\n");
	full = ksyms_snprint_stack(ks, buf, sizeof(buf), pcs, 3, -1);
	n = ksyms_snprint_stack(ks, buf, 8, pcs, 3, -1);
	expect("truncated stack", buf, "\n\tdo_sy");
	if (n != full)
		fail("truncated stack: returned %d, want %d", n, full);
	ksyms_snprint_stack(NULL, buf, sizeof(buf), pcs, 2, -1);
	expect("stack without symbols", buf,
	    "\n\t0xffffffff81000104\n\t0xffffffffc0001040\n");
	group_end("ksyms_stack");

	if ((copy = ksyms_new()) == NULL ||
	    ksyms_foreach(ks, copy_ksym, copy) != 0)
		fail("rebuilding the table: %s", strerror(errno));
	else
		fixture_lookups(copy);
	if (copy != NULL && (ksyms_add(copy, 0xffffffff81000000ULL, 4, "x",
	    NULL) != -1 || errno != EINVAL))
		fail("ksyms_add out of order: accepted");
	if (copy != NULL && (ksyms_add(copy, 0xfffffffff0000000ULL, 0, "x",
	    NULL) != -1 || errno != EINVAL))
		fail("ksyms_add of size 0: accepted");
	ksyms_free(copy);
	ksyms_free(ks);
	group_end("ksyms_serialize");

	load_error("restricted",
	    "0000000000000000 T _text\n0000000000000000 t helper\n"
	    "0000000000000000 t m\t[mod]\n",
	    ": every address reads as 0: kernel addresses are hidden by the "
	    "sysctl kernel.kptr_restrict (run as root, or set it to 0 or 1); "
	    "kernel stacks print as addresses");
	group_end("ksyms_kptr_restrict");

	load_error("malformed", "ffffffff81000000 T _text\n\n"
	    "ffffffff81000010 T\n", ":3: malformed line, expected "
	    "\"ADDRESS TYPE NAME [MODULE]\"");
	load_error("badmodule", "ffffffff81000000 T _text\t[mod\n",
	    ":1: malformed line, expected \"ADDRESS TYPE NAME [MODULE]\"");
	load_error("badaddr", "ffffffff8100zz00 T _text\n",
	    ":1: malformed line, expected \"ADDRESS TYPE NAME [MODULE]\"");
	load_error("datonly", "ffffffff81000000 D data\n",
	    ": no text symbol");
	load_error("empty", "", ": no text symbol");
	load_error("missing", NULL, ": No such file or directory");
	group_end("ksyms_errors");
}

/*
 * The running kernel's /proc/kallsyms: either it loads and a function
 * found by reading the file here resolves to itself, or every address
 * is hidden and the message says so.
 */
static void
test_proc_kallsyms(void)
{
	struct ksyms *ks;
	struct ksym sym;
	FILE *fp;
	char err[512], line[512], name[256], type, mod[256], want[300];
	unsigned long long a, addr = 0, maddr = 0;
	int n;

	if ((ks = ksyms_load("/proc/kallsyms", err, sizeof(err))) == NULL) {
		if (strstr(err, "kernel.kptr_restrict") == NULL)
			fail("/proc/kallsyms: %s", err);
		else
			printf("    addresses hidden: %s\n", err);
		group_end("ksyms_proc_kallsyms");
		return;
	}
	if ((fp = fopen("/proc/kallsyms", "r")) == NULL) {
		fail("/proc/kallsyms: %s", strerror(errno));
		goto out;
	}
	mod[0] = '\0';
	while (fgets(line, sizeof(line), fp) != NULL) {
		n = sscanf(line, "%llx %c %255s [%255[^]]]", &a, &type, name,
		    mod);
		if (n >= 3 && type == 'T' && strcmp(name, "schedule") == 0)
			addr = a;
		if (n == 4 && maddr == 0 && (type == 't' || type == 'T'))
			maddr = a;
		if (n < 4)
			mod[0] = '\0';
	}
	fclose(fp);
	if (addr == 0) {
		fail("no \"T schedule\" line in /proc/kallsyms");
		goto out;
	}
	kexpect(ks, addr, "schedule+0x0");
	kexpect(ks, addr + 4, "schedule+0x4");
	/* A module symbol, when the kernel has any. */
	if (maddr != 0 && (ksyms_lookup(ks, maddr, &sym, NULL) != 0 ||
	    sym.ks_mod == NULL)) {
		snprintf(want, sizeof(want), "0x%llx", maddr);
		fail("module text at %s: no symbol with a module", want);
	}
	printf("    %zu text symbols, module text %s\n", ksyms_count(ks),
	    maddr ? "found and resolved" : "absent");
out:
	ksyms_free(ks);
	group_end("ksyms_proc_kallsyms");
}

/* Start a target and read the addresses it prints. */
static int
target_start(struct target *t, const char *prog)
{
	int in[2], out[2];
	char line[256], key[32];
	unsigned long long a;

	memset(t, 0, sizeof(*t));
	if (pipe(in) == -1 || pipe(out) == -1)
		return -1;
	if ((t->pid = fork()) == -1)
		return -1;
	if (t->pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		execl(prog, prog, (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	t->in = fdopen(in[1], "w");
	t->out = fdopen(out[0], "r");
	while (fgets(line, sizeof(line), t->out) != NULL) {
		if (strcmp(line, "ready\n") == 0)
			return 0;
		if (sscanf(line, "%31s %llx", key, &a) == 2 &&
		    t->nkeys < NKEYS) {
			strcpy(t->keys[t->nkeys], key);
			t->addrs[t->nkeys++] = a;
		}
	}
	fail("%s: no \"ready\" line", prog);
	return -1;
}

static uint64_t
target_addr(const struct target *t, const char *key)
{
	int i;

	for (i = 0; i < t->nkeys; i++)
		if (strcmp(t->keys[i], key) == 0)
			return t->addrs[i];
	fail("target printed no address for %s", key);
	return 0;
}

static void
target_stop(struct target *t)
{
	int status;

	if (t->in != NULL)
		fclose(t->in);
	t->in = NULL;
	if (t->out != NULL)
		fclose(t->out);
	t->out = NULL;
	if (t->pid > 0 && waitpid(t->pid, &status, 0) == t->pid &&
	    !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
		fail("target %d exited with status %#x", (int)t->pid, status);
	t->pid = 0;
}

static void
uexpect(struct usyms *us, const struct target *t, const char *key,
    uint64_t delta, const char *want)
{
	char what[64];

	snprintf(what, sizeof(what), "%s+%" PRIu64, key, delta);
	expect(what, ufmt(us, target_addr(t, key) + delta), want);
}

struct copyarg {
	struct usyms	*dst;
	int		 nsyms;
};

static int
copy_umap(const struct usyms_map *m, void *arg)
{
	struct copyarg *ca = arg;

	ca->nsyms += m->um_nsyms;
	return usyms_add_map(ca->dst, m->um_start, m->um_end, m->um_bias,
	    m->um_path, m->um_syms, m->um_nsyms);
}

static void
test_target(const char *name)
{
	struct target t;
	struct usyms *us, *copy;
	struct copyarg ca;
	char prog[1024], line[256], what[64];
	const char *keys[] = { "main_func", "static_func", "lib_func",
	    "libc_getpid" };
	const struct usyms_map *map;
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	unsigned long long dl, dls;
	size_t i;
	pid_t pid;

	snprintf(prog, sizeof(prog), "%s/%s", workdir, name);
	if (target_start(&t, prog) == -1) {
		target_stop(&t);
		group_end(name);
		return;
	}
	if ((us = usyms_get(t.pid)) == NULL) {
		fail("usyms_get(%d): %s", (int)t.pid, strerror(errno));
		target_stop(&t);
		group_end(name);
		return;
	}
	uexpect(us, &t, "main_func", 0, "symt_main_func+0x0");
	uexpect(us, &t, "main_func", 4, "symt_main_func+0x4");
	uexpect(us, &t, "static_func", 0, "symt_static_func+0x0");
	uexpect(us, &t, "static_func", 1, "symt_static_func+0x1");
	uexpect(us, &t, "lib_func", 0, "symt_lib_func+0x0");
	uexpect(us, &t, "lib_func", 4, "symt_lib_func+0x4");
	uexpect(us, &t, "libc_getpid", 0, "getpid+0x0");
	uexpect(us, &t, "vdso_clock_gettime", 4, "clock_gettime+0x4");
	snprintf(line, sizeof(line), "0x%" PRIx64, target_addr(&t, "data"));
	expect("data (not in an executable mapping)",
	    ufmt(us, target_addr(&t, "data")), line);
	expect("address 0x10", ufmt(us, 0x10), "0x10");
	if (usyms_lookup(us, target_addr(&t, "lib_func"), NULL, &map) ==
	    NULL || map == NULL || strstr(map->um_path, "libsymt.so") == NULL)
		fail("lib_func: mapping is not libsymt.so");
	if (usyms_get(t.pid) != us)
		fail("usyms_get: second call is not the cached table");
	group_end(name);

	/* dlopen after the first load: a miss reads the maps again. */
	fprintf(t.in, "dlopen %s/dl.so\n", workdir);
	fflush(t.in);
	if (fgets(line, sizeof(line), t.out) == NULL ||
	    sscanf(line, "dl_func %llx %llx", &dl, &dls) != 2) {
		fail("dlopen: target says %s", line);
	} else {
		nanosleep(&ts, NULL);	/* past USYMS_REFRESH_NS */
		expect("dl_func", ufmt(us, dl), "symt_dl_func+0x0");
		expect("dl_func+4", ufmt(us, dl + 4), "symt_dl_func+0x4");
		/* Stripped, without a debug file: no name for it. */
		snprintf(line, sizeof(line), "0x%llx", dls);
		expect("dl_static", ufmt(us, dls), line);
	}
	snprintf(what, sizeof(what), "%s_dlopen", name);
	group_end(what);

	/* Serialized and rebuilt, the table answers the same. */
	ca.dst = copy = usyms_new(t.pid);
	ca.nsyms = 0;
	if (copy == NULL || usyms_foreach(us, copy_umap, &ca) != 0) {
		fail("rebuilding the table: %s", strerror(errno));
	} else {
		if (ca.nsyms < 5)
			fail("only %d symbols in every mapping", ca.nsyms);
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			snprintf(line, sizeof(line), "%s",
			    ufmt(us, target_addr(&t, keys[i]) + 2));
			expect(keys[i], ufmt(copy, target_addr(&t, keys[i]) +
			    2), line);
		}
		expect("dl_func rebuilt", ufmt(copy, dl), "symt_dl_func+0x0");
	}
	usyms_free(copy);
	snprintf(what, sizeof(what), "%s_serialize", name);
	group_end(what);

	/* Gone, the process still has its cached symbols. */
	pid = t.pid;
	target_stop(&t);
	if (usyms_get(pid) != us)
		fail("usyms_get after exit: not the cached table");
	expect("main_func after exit",
	    ufmt(us, target_addr(&t, "main_func") + 4), "symt_main_func+0x4");
	nanosleep(&ts, NULL);
	expect("unknown address after exit", ufmt(us, 0x10), "0x10");
	expect("main_func after a failed refresh",
	    ufmt(us, target_addr(&t, "main_func")), "symt_main_func+0x0");
	snprintf(what, sizeof(what), "%s_exited", name);
	group_end(what);
}

/* The file of a live process is deleted: map_files still opens it. */
static void
test_deleted(void)
{
	struct target t;
	struct usyms *us;
	char prog[1024], want[64];

	snprintf(prog, sizeof(prog), "%s/target-deleted", workdir);
	if (target_start(&t, prog) == -1) {
		target_stop(&t);
		group_end("usyms_deleted");
		return;
	}
	unlink(prog);
	if ((us = usyms_get(t.pid)) == NULL) {
		fail("usyms_get: %s", strerror(errno));
	} else if (geteuid() == 0) {
		uexpect(us, &t, "main_func", 4, "symt_main_func+0x4");
		uexpect(us, &t, "lib_func", 4, "symt_lib_func+0x4");
	} else {
		/* Without map_files the deleted file is not guessed at. */
		snprintf(want, sizeof(want), "0x%" PRIx64,
		    target_addr(&t, "main_func") + 4);
		uexpect(us, &t, "main_func", 4, want);
		uexpect(us, &t, "lib_func", 4, "symt_lib_func+0x4");
	}
	target_stop(&t);
	group_end("usyms_deleted");
}

/*
 * ld.so never reads section headers, so a library whose section
 * headers are garbage still loads: usyms must survive it (ASan watches
 * every read) and print the symbol, or the address.
 */
#define NHOSTILE	24

static void
test_hostile(void)
{
	struct target t;
	struct usyms *us;
	Elf64_Ehdr eh;
	FILE *fp;
	char path[1024], line[256], want[64], *img = NULL;
	unsigned long long dl;
	uint32_t rnd = 12345;
	size_t len = 0, i, k, off;
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	int ok = 0;

	snprintf(path, sizeof(path), "%s/dl.so", workdir);
	if ((fp = fopen(path, "r")) != NULL) {
		img = malloc(1 << 20);
		len = fread(img, 1, 1 << 20, fp);
		fclose(fp);
	}
	if (img == NULL || len < sizeof(eh)) {
		fail("%s: cannot read", path);
		free(img);
		group_end("usyms_hostile_elf");
		return;
	}
	memcpy(&eh, img, sizeof(eh));
	snprintf(path, sizeof(path), "%s/target-pie", workdir);
	if (target_start(&t, path) == -1 || (us = usyms_get(t.pid)) == NULL) {
		fail("cannot start and load %s", path);
		target_stop(&t);
		free(img);
		group_end("usyms_hostile_elf");
		return;
	}
	for (i = 0; i < NHOSTILE; i++) {
		char *copy = malloc(len);

		memcpy(copy, img, len);
		/* Garble the section headers, or the ELF header's view. */
		for (k = 0; k < 16; k++) {
			rnd = rnd * 1103515245 + 12345;
			if (i % 4 == 3) {
				off = offsetof(Elf64_Ehdr, e_shoff) +
				    (rnd >> 8) % 8;
			} else {
				off = eh.e_shoff + (rnd >> 8) %
				    ((size_t)eh.e_shnum * eh.e_shentsize);
			}
			if (off < len)
				copy[off] = rnd >> 24;
		}
		snprintf(path, sizeof(path), "%s/hostile-%zu.so", workdir, i);
		if ((fp = fopen(path, "w")) != NULL) {
			fwrite(copy, 1, len, fp);
			fclose(fp);
		}
		free(copy);
		fprintf(t.in, "dlopen %s\n", path);
		fflush(t.in);
		if (fgets(line, sizeof(line), t.out) == NULL ||
		    sscanf(line, "dl_func %llx", &dl) != 1) {
			fail("%s: target says %s", path, line);
			continue;
		}
		nanosleep(&ts, NULL);
		snprintf(want, sizeof(want), "0x%llx", dl);
		if (strcmp(ufmt(us, dl), "symt_dl_func+0x0") == 0)
			ok++;
		else if (strcmp(ufmt(us, dl), want) != 0)
			fail("%s: got \"%s\"", path, ufmt(us, dl));
	}
	printf("    %d of %d garbled libraries still symbolized\n", ok,
	    NHOSTILE);
	target_stop(&t);
	free(img);
	group_end("usyms_hostile_elf");
}

/*
 * A stripped library whose separate debug file sits under the debug
 * directory by build-id: its static function gets its name.
 */
static void
test_debugfile(void)
{
	struct target t;
	struct usyms *us;
	char path[1024], dir[1024], line[256];
	unsigned long long dl, dls;
	struct timespec ts = { 0, 20 * 1000 * 1000 };

	snprintf(dir, sizeof(dir), "%s/debug", workdir);
	usyms_set_debugdir(dir);
	snprintf(path, sizeof(path), "%s/target-pie", workdir);
	if (target_start(&t, path) == -1 || (us = usyms_get(t.pid)) == NULL) {
		fail("cannot start and load %s", path);
		goto out;
	}
	fprintf(t.in, "dlopen %s/dl-dbg.so\n", workdir);
	fflush(t.in);
	if (fgets(line, sizeof(line), t.out) == NULL ||
	    sscanf(line, "dl_func %llx %llx", &dl, &dls) != 2) {
		fail("dlopen: target says %s", line);
		goto out;
	}
	nanosleep(&ts, NULL);	/* past USYMS_REFRESH_NS */
	expect("dl_static", ufmt(us, dls), "symt_dl_static+0x0");
	expect("dl_static+4", ufmt(us, dls + 4), "symt_dl_static+0x4");
	expect("dl_func", ufmt(us, dl + 1), "symt_dl_func+0x1");
out:
	target_stop(&t);
	usyms_set_debugdir(NULL);
	group_end("usyms_debug_file");
}

static void
test_ustack(void)
{
	struct target t;
	struct usyms *us;
	uint64_t pcs[3];
	char prog[1024], buf[512], want[512];

	snprintf(prog, sizeof(prog), "%s/target-pie", workdir);
	if (target_start(&t, prog) == -1 || (us = usyms_get(t.pid)) == NULL) {
		fail("cannot start and load %s", prog);
		target_stop(&t);
		group_end("usyms_stack");
		return;
	}
	pcs[0] = target_addr(&t, "lib_func") + 0x11;
	pcs[1] = target_addr(&t, "main_func") + 0x1a;
	pcs[2] = 0x10;
	usyms_snprint_stack(us, buf, sizeof(buf), pcs, 3, -1);
	snprintf(want, sizeof(want),
	    "\n\tsymt_lib_func+0x11\n\tsymt_main_func+0x1a\n\t0x10\n");
	expect("ustack", buf, want);
	usyms_snprint_stack(us, buf, sizeof(buf), pcs, 3, 1);
	expect("ustack(1)", buf, "\n\tsymt_lib_func+0x11\n");
	target_stop(&t);
	group_end("usyms_stack");
}

/*
 * The cache holds USYMS_NCACHE pids and drops the least recently
 * used: a dead pid still cached answers, one dropped cannot be loaded.
 */
static void
test_lru(void)
{
	pid_t pids[USYMS_NCACHE + 2];
	int i, n = USYMS_NCACHE + 2;

	usyms_flush();
	for (i = 0; i < n; i++) {
		if ((pids[i] = fork()) == 0) {
			pause();
			_exit(0);
		}
		if (pids[i] == -1) {
			fail("fork: %s", strerror(errno));
			n = i;
		}
	}
	if (n != USYMS_NCACHE + 2)
		goto out;
	for (i = 0; i < USYMS_NCACHE; i++)
		if (usyms_get(pids[i]) == NULL)
			fail("usyms_get(%d): %s", (int)pids[i],
			    strerror(errno));
	kill(pids[0], SIGKILL);
	waitpid(pids[0], NULL, 0);
	if (usyms_get(pids[0]) == NULL)
		fail("pid 0 of %d, dead: not cached", USYMS_NCACHE);
	/* pids[1] is now the least recently used. */
	if (usyms_get(pids[USYMS_NCACHE]) == NULL)
		fail("usyms_get(%d): %s", (int)pids[USYMS_NCACHE],
		    strerror(errno));
	kill(pids[1], SIGKILL);
	waitpid(pids[1], NULL, 0);
	if (usyms_get(pids[1]) != NULL)
		fail("pid 1, least recently used and dead: still cached");
	if (usyms_get(pids[0]) == NULL)
		fail("pid 0, recently used and dead: dropped");
out:
	for (i = 0; i < n; i++) {
		if (pids[i] > 0 && kill(pids[i], SIGKILL) == 0)
			waitpid(pids[i], NULL, 0);
	}
	usyms_flush();
	group_end("usyms_lru");
}

static void
test_replay(void)
{
	struct usyms *us, *got;
	struct usym syms[2] = {
	    { 0x1000, 0x20, "first" }, { 0x1040, 0x10, "second" } };
	struct usym bad[2] = {
	    { 0x1000, 0x50, "first" }, { 0x1040, 0x10, "second" } };
	pid_t pid = 999999999;

	usyms_flush();
	if ((us = usyms_new(pid)) == NULL ||
	    usyms_add_map(us, 0x400000, 0x402000, 0x3ff000, "/bin/x", syms,
	    2) != 0) {
		fail("usyms_add_map: %s", strerror(errno));
		usyms_free(us);
		group_end("usyms_replay");
		return;
	}
	if (usyms_add_map(us, 0x500000, 0x501000, 0, "/bin/y", bad, 2) !=
	    -1 || errno != EINVAL)
		fail("overlapping symbols: accepted");
	if (usyms_add_map(us, 0x300000, 0x301000, 0, "/bin/y", syms, 2) !=
	    -1 || errno != EINVAL)
		fail("mapping out of order: accepted");
	if (usyms_register(us) != 0)
		fail("usyms_register: %s", strerror(errno));
	usyms_offline();
	if ((got = usyms_get(pid)) != us)
		fail("usyms_get: not the registered table");
	expect("first", ufmt(got, 0x400004), "first+0x4");
	expect("second", ufmt(got, 0x40004f), "second+0xf");
	expect("between", ufmt(got, 0x400020), "0x400020");
	expect("outside", ufmt(got, 0x402000), "0x402000");
	if (usyms_get(getpid()) != NULL)
		fail("offline usyms_get of a live pid: read /proc");
	usyms_flush();
	group_end("usyms_replay");
}

int
main(int argc, char *argv[])
{
	if (argc != 3) {
		fprintf(stderr, "usage: syms_test kallsyms.fixture workdir\n");
		return 2;
	}
	workdir = argv[2];
	signal(SIGPIPE, SIG_IGN);
	test_ksyms(argv[1]);
	test_proc_kallsyms();
	test_target("target-nopie");
	test_target("target-pie");
	test_deleted();
	test_hostile();
	test_debugfile();
	test_ustack();
	test_lru();
	test_replay();		/* last: it turns usyms offline */
	return nfailed ? 1 : 0;
}
