/* SPDX-License-Identifier: ISC */
/*
 * Unit test and fuzzer of usr.sbin/btrace/tracefs.c: the formats of the
 * fixture (../tracefs) parse into the fields and kinds the kernel means,
 * records decode into their values and strings, cut records and
 * locations outside them give what is there and no more; then formats
 * made of random and broken field lines, over records of random length
 * and bytes, under ASan and UBSan.
 *
 * usage: tracefs_test known fixture-dir
 *        tracefs_test fuzz scratch-dir [iterations [seed]]
 */

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracefs.h"
#include "../../../lib/splitmix.h"

#define BT_TESTN	24	/* fields decoded, as btrace's BT_NARGS */

static int failed;

#define CHECK(name, cond) do {						\
	if (cond)							\
		printf("PASS %s\n", name);				\
	else {								\
		printf("FAIL %s (line %d)\n", name, __LINE__);		\
		failed = 1;						\
	}								\
} while (0)

static const struct tf_field *
field(const struct tf_format *fm, const char *name)
{
	int i = tracefs_field(fm, name);

	return i < 0 ? NULL : &fm->fm_fields[i];
}

/*
 * The bytes the kernel is asked for (dtrq_recbytes) are those of the
 * fields read: flags alone of openat leaves the padding after
 * __syscall_nr and every other byte unwanted; a __data_loc is marked as
 * one, the string it locates left to the kernel.
 */
static void
want(void)
{
	uint8_t bytes[DTMAXRECWORDS * 8];
	struct tf_format *fm;
	size_t len = 0, i, nwant = 0;

	memset(bytes, 0, sizeof(bytes));
	fm = tracefs_format("syscalls", "sys_enter_openat");
	if (fm != NULL)
		tracefs_want(fm, tracefs_field(fm, "flags"), bytes, &len);
	for (i = 0; i < sizeof(bytes); i++)
		nwant += bytes[i] != DTRB_SKIP;
	CHECK("want.flags", fm != NULL && len == 40 && nwant == 8 &&
	    bytes[32] == DTRB_WANT && bytes[39] == DTRB_WANT);
	if (fm != NULL)
		tracefs_want(fm, -1, bytes, &len);
	CHECK("want.nofield", len == 40);

	memset(bytes, 0, sizeof(bytes));
	len = nwant = 0;
	fm = tracefs_format("net", "net_dev_queue");
	if (fm != NULL)
		tracefs_want(fm, tracefs_field(fm, "name"), bytes, &len);
	for (i = 0; i < sizeof(bytes); i++)
		nwant += bytes[i] != DTRB_SKIP;
	CHECK("want.dataloc", fm != NULL && len == 24 && nwant == 4 &&
	    bytes[20] == DTRB_DATALOC && bytes[21] == DTRB_WANT);
}

static void
known(void)
{
	struct tf_format *fm;
	const struct tf_field *f;
	uint64_t rec[8];
	const char *ustrs[DTMAXFUNCARGS] = { NULL }, *strs[BT_TESTN];
	int64_t vals[BT_TESTN];
	unsigned char *b = (unsigned char *)rec;
	uint32_t loc;

	fm = tracefs_format("syscalls", "sys_enter_openat");
	CHECK("openat.parsed", fm != NULL && fm->fm_nfields == 5);
	if (fm == NULL)
		return;
	f = field(fm, "filename");
	CHECK("openat.filename", f != NULL && f->f_kind == TF_USTR &&
	    f->f_off == 24 && f->f_size == 8);
	f = field(fm, "__syscall_nr");
	CHECK("openat.nr", f != NULL && f->f_kind == TF_INT &&
	    f->f_off == 8 && f->f_size == 4 && f->f_signed);
	CHECK("openat.nocommon", field(fm, "common_pid") == NULL);
	memset(rec, 0, sizeof(rec));
	rec[1] = 257;
	rec[2] = (uint64_t)-100;	/* dfd, a long of the call */
	rec[3] = 0x7ffc0000;
	ustrs[3] = "/etc/passwd";
	tracefs_decode(fm, rec, 6, ustrs, vals, strs, BT_TESTN);
	CHECK("openat.decode", vals[0] == 257 && vals[1] == -100 &&
	    strs[2] != NULL && strcmp(strs[2], "/etc/passwd") == 0 &&
	    strs[0] == NULL);
	/* A record cut before a field: 0, no string. */
	tracefs_decode(fm, rec, 3, ustrs, vals, strs, BT_TESTN);
	CHECK("openat.cut", vals[0] == 257 && vals[2] == 0 &&
	    strs[2] == NULL);

	fm = tracefs_format("sched", "sched_switch");
	f = fm ? field(fm, "prev_comm") : NULL;
	CHECK("switch.comm", f != NULL && f->f_kind == TF_CHARS &&
	    f->f_size == 16);
	memset(rec, 0, sizeof(rec));
	memcpy(b + 8, "0123456789abcdef", 16);	/* no NUL: 16 bytes */
	if (fm != NULL)
		tracefs_decode(fm, rec, 8, ustrs, vals, strs, BT_TESTN);
	CHECK("switch.fullcomm", fm != NULL && strs[0] != NULL &&
	    strcmp(strs[0], "0123456789abcdef") == 0);

	fm = tracefs_format("sched", "sched_process_exec");
	f = fm ? field(fm, "filename") : NULL;
	CHECK("exec.dataloc", f != NULL && f->f_kind == TF_DATALOC);
	memset(rec, 0, sizeof(rec));
	loc = 24 | (9U << 16);
	memcpy(b + 8, &loc, 4);
	memcpy(b + 24, "/bin/sh\0", 9);
	if (fm != NULL)
		tracefs_decode(fm, rec, 5, ustrs, vals, strs, BT_TESTN);
	CHECK("exec.string", fm != NULL && strs[0] != NULL &&
	    strcmp(strs[0], "/bin/sh") == 0);
	/* The string runs past a record cut at 4 words: what is there. */
	loc = 24 | (17U << 16);
	memcpy(b + 8, &loc, 4);
	memcpy(b + 24, "/usr/bin/python3", 17);
	if (fm != NULL)
		tracefs_decode(fm, rec, 4, ustrs, vals, strs, BT_TESTN);
	CHECK("exec.cut", fm != NULL && strs[0] != NULL &&
	    strcmp(strs[0], "/usr/bin") == 0);
	loc = 60000 | (100U << 16);
	memcpy(b + 8, &loc, 4);
	if (fm != NULL)
		tracefs_decode(fm, rec, 8, ustrs, vals, strs, BT_TESTN);
	CHECK("exec.outside", fm != NULL && strs[0] != NULL &&
	    strs[0][0] == '\0');
	want();
	CHECK("nosuch", tracefs_format("sched", "nosuch") == NULL &&
	    tracefs_format("..", "sched") == NULL);
}

static const char *const types[] = {
	"int", "unsigned int", "long", "char", "const char *", "char *",
	"__data_loc char[]", "__rel_loc char[]", "__data_loc u8[]", "u64",
	"unsigned long args[6]", "char comm[16]", "char x[", "void **", "",
	"pid_t", "bool", "u8 data[4096]",
};

static uint64_t state;

static long
rnd(long n)
{
	return n > 0 ? (long)(splitmix64(&state) % (uint64_t)n) : 0;
}

static long
wild(void)
{
	switch (rnd(6)) {
	case 0:
		return -rnd(100);
	case 1:
		return 99999999999L;
	case 2:
		return rnd(3000);
	default:
		return rnd(80);
	}
}

static void
fuzz_one(const char *scratch, int i)
{
	char dir[1024], path[1100];
	struct tf_format *fm;
	uint64_t rec[DTMAXRECWORDS + 1];
	const char *ustrs[DTMAXFUNCARGS], *strs[BT_TESTN];
	int64_t vals[BT_TESTN];
	uint8_t bytes[DTMAXRECWORDS * 8];
	size_t j, n, nwords, len;
	FILE *fp;

	snprintf(dir, sizeof(dir), "%s/events/f/e%d", scratch, i);
	mkdir(dir, 0755);
	snprintf(path, sizeof(path), "%s/format", dir);
	if ((fp = fopen(path, "w")) == NULL)
		return;
	fprintf(fp, "name: e%d\nID: %d\nformat:\n", i, i);
	n = rnd(30);
	for (j = 0; j < n; j++) {
		if (rnd(10) == 0) {
			fprintf(fp, "\tfield:%s;offset;size:%ld\n",
			    types[rnd(sizeof(types) / sizeof(types[0]))],
			    wild());
			continue;
		}
		fprintf(fp, "\tfield:%s f%zu%s;\toffset:%ld;\tsize:%ld;\t"
		    "signed:%ld;\n", types[rnd(sizeof(types) /
		    sizeof(types[0]))], j, rnd(5) == 0 ? "[8]" : "", wild(),
		    wild(), rnd(3));
	}
	if (rnd(4) == 0)
		fprintf(fp, "\tfield:%.*s", (int)rnd(40),
		    "char comm[16];\toffset:8;\tsize:16;\tsigned:0;");
	fprintf(fp, "\nprint fmt: \"x\"\n");
	fclose(fp);
	snprintf(path, sizeof(path), "e%d", i);
	if ((fm = tracefs_format("f", path)) == NULL)
		return;
	/* Every field asks for bytes of the record, DTRB_* values only. */
	memset(bytes, 0, sizeof(bytes));
	len = 0;
	for (j = 0; j < (size_t)fm->fm_nfields; j++)
		tracefs_want(fm, j, bytes, &len);
	for (j = 0; j < sizeof(bytes); j++)
		if (bytes[j] > DTRB_RELLOC || (bytes[j] != DTRB_SKIP &&
		    j >= len)) {
			printf("FAIL fuzz.want (format %d, byte %zu)\n", i, j);
			failed = 1;
			break;
		}
	for (j = 0; j < 4; j++) {
		nwords = rnd(DTMAXRECWORDS + 1);
		for (n = 0; n < nwords; n++)
			rec[n] = splitmix64(&state);
		for (n = 0; n < DTMAXFUNCARGS; n++)
			ustrs[n] = rnd(2) ? "user" : NULL;
		tracefs_decode(fm, rec, nwords, ustrs, vals, strs, BT_TESTN);
		for (n = 0; n < BT_TESTN && n < (size_t)fm->fm_nfields; n++)
			if (strs[n] != NULL)
				(void)strlen(strs[n]);
	}
}

int
main(int argc, char *argv[])
{
	char path[1024];
	long iters, i;
	uint64_t seed;

	if (argc >= 3 && strcmp(argv[1], "known") == 0) {
		setenv("BTRACE_TRACEFS", argv[2], 1);
		known();
		return failed;
	}
	if (argc < 3 || strcmp(argv[1], "fuzz") != 0) {
		fprintf(stderr, "usage: tracefs_test known fixture | "
		    "fuzz scratch [iterations [seed]]\n");
		return 2;
	}
	iters = argc > 3 ? atol(argv[3]) : 2000;
	seed = state = argc > 4 ? strtoull(argv[4], NULL, 0) : 1;
	mkdir(argv[2], 0755);
	snprintf(path, sizeof(path), "%s/events", argv[2]);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/events/f", argv[2]);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/available_events", argv[2]);
	fclose(fopen(path, "w"));
	setenv("BTRACE_TRACEFS", argv[2], 1);
	for (i = 0; i < iters; i++)
		fuzz_one(argv[2], (int)i);
	printf("PASS tracefs.fuzz (%ld formats, seed %llu)\n", iters,
	    (unsigned long long)seed);
	return 0;
}
