/* SPDX-License-Identifier: ISC */
/*
 * gen: one bt(5) program from a seed, for the script fuzzer (run).
 *
 * usage: gen SEED			a program from the grammar
 *        gen -m SEED			a mutant of a program from the grammar
 *        gen SEED FILE ...		a mutant of one of the FILEs
 *
 * The same seed gives the same program on every machine (its own
 * generator, no rand(3)).  Programs from the grammar use only BEGIN and
 * END, so that they run without the kernel; they are mostly well typed
 * (variables keep one type each, by name) with a few mistakes mixed in,
 * so that both the checks and the evaluator are exercised.  Mutants
 * cut, copy, splice and overwrite bytes and tokens of a regress program.
 */

#include <err.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../../lib/splitmix.h"

#define nitems(a)	(sizeof(a) / sizeof((a)[0]))
#define MAXDEPTH	4

static uint64_t	rng;

static uint64_t
next(void)
{
	return splitmix64(&rng);
}

static unsigned
rnd(unsigned n)
{
	return n ? (unsigned)(next() % n) : 0;
}

#define PICK(a)	((a)[rnd(nitems(a))])

static FILE	*out;
static int	 mistakes;	/* this program may have type mistakes */

/*
 * The grammar.  Each generator writes one expression of its type; a
 * small share of choices take another type on purpose.
 */
static void	gen_int(int);
static void	gen_str(int);

static const char *const ints[] = {
	"0", "1", "-1", "2", "7", "63", "64", "100", "4096", "0x7f",
	"9223372036854775807", "-9223372036854775807", "4294967296",
	"1000000007", "-64", "1e6", "1_000_000", "5s", "10ms", "7ns", "2e18",
	"DEF_A", "DEF_B", "m1(5)", "m1(m1(-1))",
};
static const char *const strs[] = {
	"\"\"", "\"a\"", "\"y\"", "\"%d\"", "\"\\n\"", "\"\\t\\\\\"",
	"\"a much longer string than the others, to be copied\"",
	"\"\\x41\\101\"",
};
static const char *const intvars[] = {
	"$i", "$j", "@gi", "@gj", "@mi[1]", "@mi[$i]", "@mk[\"a\"]",
	"@mk[$s]", "@mt[1, \"x\"]", "@c[1]", "@c[2]", "@sum[0]", "@avg",
	"@mx[\"k\"]", "@mixed[3]", "@mixed[$i]",
};
static const char *const strvars[] = {
	"$s", "$u", "@gs", "@ms[1]", "@ms[$i]", "@ms[2]",
};
static const char *const intbuiltins[] = {
	"pid", "tid", "cpu", "uid", "gid", "ppid", "nsecs", "elapsed", "$#",
	"$1", "$2", "ENOENT", "EINVAL",
	/* Kernel types: run gives the blob of ../btf/btf_test.c as BTF. */
	"sizeof(struct outer)", "sizeof(outer_t *)", "sizeof(uint32)",
	"offsetof(struct outer, in.b)", "offsetof(outer_t, hi)",
	/* bpftrace's functions of values (funcs.c). */
	"nsecs(boot)", "nsecs(tai)", "bswap(pid)", "pton(\"10.0.0.1\")",
	"pton(\"::1\")", "ntop(pton(\"fe80::1\"))",
	/* Integer casts. */
	"(uint8)pid", "(int8)255", "(int32)-1", "(uint64)cpu",
	"strncmp(comm, \"bt\", 2)", "strcontains(probe, \"BEG\")",
	"getopt(\"n\", 3)", "getopt(\"f\")", "syscall_name(arg0)",
	"comm[1]", "\"abc\"[pid % 4]", "cgroup_path(pid)",
	"kptr(pid)", "rand % 7",
};
/* Mistakes about kernel types. */
static const char *const badtypes[] = {
	"sizeof(struct nosuch)", "offsetof(struct outer, hii)",
	"offsetof(struct outer, bf)", "sizeof(do_thing)",
	"offsetof(int, x)",
	/* Kernel data (kdata.c), right or wrong wherever it lands. */
	"((struct outer *)arg0)->in.b", "((struct later *)arg1)->r->q",
	"((struct outer *)arg0)->xx", "((struct outer *)arg0)->in->a",
	"((struct later *)arg0).q", "((struct outer *)$i)->x",
	"curtask->pid", "curtask.pid", "((struct nosuch *)retval)->q",
	"((union outer *)arg0)->x", "((struct outer *)arg0)->p[3]",
	"((struct outer *)arg0)->x[1]", "args.f[1].q", "args.f->r[$i]",
};
static const char *const strbuiltins[] = {
	"comm", "probe", "kstack", "ustack", "$3", "username",
	"ntop(16777343)", "ntop(AF_INET, pid)", "strftime(\"%H %f\", nsecs)",
	"usym(0)", "strerror(ENOENT)",
};
static const char *const binops[] = {
	"+", "-", "*", "/", "%", "<<", ">>", "&", "|", "^", "&&", "||",
	"==", "!=", "<", ">", "<=", ">=",
};
static const char *const cmpops[] = { "==", "!=", "<", ">", "<=", ">=" };
static const char *const unops[] = { "-", "!", "~" };

static void
gen_tuple(int d)
{
	unsigned i, n = 2 + rnd(2);

	fputc('(', out);
	for (i = 0; i < n; i++) {
		if (i > 0)
			fputs(", ", out);
		switch (rnd(4)) {
		case 0:
			gen_str(d + 1);
			break;
		case 1:
			if (d < MAXDEPTH) {
				gen_tuple(d + 1);
				break;
			}
			/* FALLTHROUGH */
		default:
			gen_int(d + 1);
			break;
		}
	}
	fputc(')', out);
}

static void
gen_int(int d)
{
	unsigned c = d >= MAXDEPTH ? rnd(3) : rnd(14);

	switch (c) {
	case 0:
		fputs(PICK(ints), out);
		break;
	case 1:
		fputs(PICK(intvars), out);
		break;
	case 2:
		fputs(PICK(intbuiltins), out);
		break;
	case 3: case 4: case 5: case 6:
		fputc('(', out);
		gen_int(d + 1);
		fprintf(out, " %s ", PICK(binops));
		gen_int(d + 1);
		fputc(')', out);
		break;
	case 7:
		/* A blank, or `- -1' would read `--1'. */
		fprintf(out, "%s ", PICK(unops));
		gen_int(d + 1);
		break;
	case 8:
		fputc('(', out);
		gen_int(d + 1);
		fputs(" ? ", out);
		gen_int(d + 1);
		fputs(" : ", out);
		gen_int(d + 1);
		fputc(')', out);
		break;
	case 9:
		fputc('(', out);
		gen_str(d + 1);
		fprintf(out, " %s ", mistakes ? PICK(binops) : PICK(cmpops));
		gen_str(d + 1);
		fputc(')', out);
		break;
	case 10:
		fprintf(out, "%s%s", rnd(2) ? "++" : "--",
		    rnd(2) ? "$i" : "@mi[7]");
		break;
	case 11:
		fprintf(out, "%s%s", rnd(2) ? "@gj" : "$j",
		    rnd(2) ? "++" : "--");
		break;
	case 12:
		fprintf(out, "(%s, ", PICK(ints));
		gen_int(d + 1);
		fprintf(out, ").%u", mistakes ? rnd(3) : rnd(2));
		break;
	default:
		/* A mistake on purpose: a string where an integer goes. */
		if (mistakes && rnd(8) == 0)
			fputs(PICK(badtypes), out);
		else if (mistakes && rnd(4) == 0)
			gen_str(d + 1);
		else
			fputs(PICK(ints), out);
		break;
	}
}

static void
gen_str(int d)
{
	unsigned c = d >= MAXDEPTH ? rnd(3) : rnd(7);

	switch (c) {
	case 0:
		fputs(PICK(strs), out);
		break;
	case 1:
		fputs(PICK(strvars), out);
		break;
	case 2:
		fputs(PICK(strbuiltins), out);
		break;
	case 3:
		fputs("str(", out);
		if (rnd(2))
			gen_int(d + 1);
		else
			gen_str(d + 1);
		if (rnd(2)) {
			fputs(", ", out);
			gen_int(d + 1);
		}
		fputc(')', out);
		break;
	case 4:
		fprintf(out, "%s(", rnd(2) ? "kstack" : "ustack");
		if (rnd(2))
			gen_int(d + 1);
		fputc(')', out);
		break;
	case 5:
		fputc('(', out);
		gen_int(d + 1);
		fputs(" ? ", out);
		gen_str(d + 1);
		fputs(" : ", out);
		gen_str(d + 1);
		fputc(')', out);
		break;
	default:
		fputs(PICK(strs), out);
		break;
	}
}

/* A printf() conversion, sometimes a malformed one. */
static void
gen_conv(int *wantint, int *stars)
{
	static const char *const flags[] = { "", "", "-", "0", "+", " ",
	    "#", "-0" };
	static const char *const widths[] = { "", "", "5", "20", "*",
	    "4096", "0" };
	static const char *const precs[] = { "", "", ".3", ".0", ".*",
	    ".4096", "." };
	static const char *const lens[] = { "", "", "", "l", "ll", "h",
	    "hh", "z", "j" };
	static const char *const convs[] = { "d", "i", "u", "x", "X", "o",
	    "c", "s", "s", "d" };
	static const char *const bad[] = { "p", "e", "L", "%", "q", "", "'d",
	    "99999d", ".99999s", "lls", "#s" };
	const char *w = PICK(widths), *p = PICK(precs);
	const char *c = mistakes && rnd(4) == 0 ? PICK(bad) : PICK(convs);

	fprintf(out, "%%%s%s%s%s%s", PICK(flags), w, p, PICK(lens), c);
	*stars = (strcmp(w, "*") == 0) + (strcmp(p, ".*") == 0);
	*wantint = strcmp(c, "s") != 0;
}

static void
gen_printf(void)
{
	int kinds[8], stars, wantint;
	unsigned i, j, n = rnd(5);

	fputs("printf(\"", out);
	for (i = 0; i < n; i++) {
		fputs(rnd(3) ? "x=" : "\\t", out);
		gen_conv(&wantint, &stars);
		kinds[i] = wantint | stars << 1;
	}
	fputs("\\n\"", out);
	for (i = 0; i < n; i++) {
		for (j = 0; j < (unsigned)(kinds[i] >> 1); j++) {
			fputs(", ", out);
			gen_int(1);
		}
		fputs(", ", out);
		if (mistakes && rnd(4) == 0)
			gen_tuple(1);
		else if (kinds[i] & 1)
			gen_int(1);
		else
			gen_str(1);
	}
	if (mistakes && rnd(4) == 0)
		fputs(", 1", out);	/* one argument too many */
	fputs(");\n", out);
}

static void	gen_stmts(int, int);

/* The ranges of @l0 .. @l4, each kept by its variable. */
static const char *const lhists[] = { "0, 100, 10", "-10, 10, 3",
    "-9223372036854775807, 9223372036854775807, 4611686018427387904",
    "5, 9223372036854775807, 9223372036854775807", "0, 1, 1" };

static int	 inloop;	/* while and for loops around */
static unsigned	 nlets;		/* for names of let's locals */

/*
 * bpftrace's loops, let and return.  Loop variables are named by depth,
 * so that nested loops do not declare a name twice; a bound may be huge,
 * for the iteration limit (a clean run-time error).
 */
static void
gen_flow(int d)
{
	static const char *const maps[] = { "@mi", "@mt", "@ms", "@c",
	    "@mixed", "@tu", "@a_avg" };
	static const char *const types[] = { "", ": int64", ": uint8",
	    ": string", ": bool", ": string[8]" };
	const char *t;

	switch (rnd(8)) {
	case 0:
		fprintf(out, "$w%d = 0; while ($w%d < ", d, d);
		if (rnd(4))
			fprintf(out, "%u", rnd(6));
		else
			gen_int(1);
		fprintf(out, ") {\n$w%d++;\n", d);
		inloop++;
		gen_stmts(d + 1, 1 + rnd(3));
		inloop--;
		fputc('}', out);
		break;
	case 1:
		fprintf(out, "for ($r%d : ", d);
		gen_int(2);
		fputs("..", out);
		if (rnd(3))
			fprintf(out, "%u", rnd(8));
		else
			gen_int(2);
		fputs(") {\n", out);
		inloop++;
		gen_stmts(d + 1, 1 + rnd(3));
		inloop--;
		fputc('}', out);
		break;
	case 2:
		fprintf(out, "for ($kv%d : %s) {\nprint($kv%d.%u);\n", d,
		    mistakes ? "@a_hist" : PICK(maps), d, rnd(mistakes ? 3 : 2));
		inloop++;
		gen_stmts(d + 1, rnd(3));
		inloop--;
		fputc('}', out);
		break;
	case 3:
		fprintf(out, "unroll(%u) {\n", mistakes && rnd(2) ?
		    (unsigned)PICK(((const int[]){ 0, 101 })) : 1 + rnd(5));
		gen_stmts(d + 1, 1 + rnd(3));
		fputc('}', out);
		break;
	case 4:
	case 5:
		t = PICK(types);
		fprintf(out, "let $v%u%s", nlets++, t);
		if (rnd(4) == 0)
			break;
		fputs(" = ", out);
		if (strstr(t, "string") != NULL || (*t == '\0' && rnd(2)))
			gen_str(1);
		else
			gen_int(1);
		break;
	case 6:
		if (inloop || mistakes) {
			fputs(rnd(2) ? "break" : "continue", out);
			break;
		}
		/* FALLTHROUGH */
	default:
		fputs(rnd(4) ? "$i++" : "return", out);
		break;
	}
}

static void
gen_stmt(int d)
{
	static const char *const aggs[] = { "count", "sum", "min", "max",
	    "avg", "stats", "hist" };
	static const char *const compound[] = { "+=", "-=", "*=", "/=",
	    "%=", "<<=", ">>=", "&=", "|=", "^=" };
	const char *a;
	unsigned i;

	if (d < 3 && rnd(6) == 0) {
		gen_flow(d);
		fputs(";\n", out);
		return;
	}
	switch (rnd(d >= 2 ? 18 : 20)) {
	case 0: case 1:
		fprintf(out, "%s = ", rnd(2) ? "$i" : "$j");
		gen_int(0);
		break;
	case 2:
		fprintf(out, "%s = ", PICK(strvars));
		gen_str(0);
		break;
	case 3:
		/* The first nine take plain values; the others aggregate. */
		fprintf(out, "%s = ", intvars[rnd(mistakes ? nitems(intvars) :
		    9)]);
		gen_int(0);
		break;
	case 4:
		if (rnd(4) == 0) {
			/* A macro of statements. */
			fputs("m2(@gi)", out);
			break;
		}
		fprintf(out, "%s %s ", rnd(2) ? "$i" : "@gi", PICK(compound));
		gen_int(0);
		break;
	case 5:
		/* @a_sum[k] = sum(v); count, sum, min, max into @mixed too. */
		i = rnd(nitems(aggs));
		a = aggs[i];
		if (i < 4 && rnd(2))
			fputs("@mixed[", out);
		else
			fprintf(out, "@a_%s[", a);
		gen_int(1);
		fprintf(out, "] = %s(", a);
		if (i > 0)
			gen_int(1);
		fputc(')', out);
		break;
	case 6:
		i = rnd(nitems(lhists));
		fprintf(out, "@l%u[", i);
		gen_str(1);
		fputs("] = lhist(", out);
		gen_int(1);
		fprintf(out, ", %s)", lhists[i]);
		break;
	case 7:
		/* A name each: a local keeps its tuple's size. */
		fprintf(out, "$t%u = ", nlets);
		gen_tuple(0);
		fprintf(out, "; @tu[$t%u.0] = $t%u", nlets, nlets);
		nlets++;
		break;
	case 8: case 9:
		gen_printf();
		return;
	case 10:
		fprintf(out, "print(%s", PICK(((const char *const[]){ "@mi",
		    "@ms", "@c", "@a_sum", "@a_stats", "@a_hist", "@l0", "@l2",
		    "@mixed", "@tu", "@h" })));
		if (rnd(2)) {
			fputs(", ", out);
			gen_int(1);
		}
		fputc(')', out);
		break;
	case 11:
		fputs("print(", out);
		if (rnd(2))
			gen_str(0);
		else
			gen_int(0);
		fputc(')', out);
		break;
	case 12:
		fprintf(out, "%s(%s)", rnd(2) ? "clear" : "zero",
		    PICK(((const char *const[]){ "@mi", "@ms", "@c", "@a_avg",
		    "@l1", "@mixed", "@tu", "@h", "@a_max" })));
		break;
	case 13:
		fprintf(out, "delete(%s[", PICK(((const char *const[]){
		    "@mi", "@ms", "@c", "@a_hist", "@a_min", "@mixed" })));
		gen_int(1);
		fputs("])", out);
		break;
	case 14:
		fprintf(out, "time(\"%s\")", PICK(((const char *const[]){
		    "%H:%M:%S\\n", "", "%%", "%s %Y\\n", "%c\\n" })));
		break;
	case 15:
		fputs("@h = hist(", out);
		gen_int(1);
		fputc(')', out);
		break;
	case 16:
		if (rnd(6) == 0) {
			fputs("exit()", out);
			break;
		}
		fputs("$s = @gs; @gs = ", out);
		gen_str(1);
		fputs("; printf(\"%s\\n\", $s)", out);
		break;
	case 17:
		/* bpftrace's keys: a tuple in a local, delete(@m, k). */
		fputs("$k = (", out);
		gen_int(1);
		fputs(", \"x\"); @mt[$k] = ", out);
		gen_int(1);
		fprintf(out, "; %s", PICK(((const char *const[]){
		    "delete(@mt, $k)", "delete(@mt, (1, \"x\"))",
		    "delete(@mt[$k])", "$i = has_key(@mt, $k)",
		    "$j = has_key(@mt, (0, \"\")) + @mt[0, \"\"]",
		    "delete(@mi, $i)", "if (has_key(@mi, $j)) { $i++ }" })));
		break;
	default:
		fputs("if (", out);
		gen_int(1);
		fputs(") {\n", out);
		gen_stmts(d + 1, 1 + rnd(3));
		fputc('}', out);
		if (rnd(2)) {
			fputs(" else {\n", out);
			gen_stmts(d + 1, 1 + rnd(3));
			fputc('}', out);
		}
		break;
	}
	fputs(rnd(8) ? ";\n" : "\n", out);
}

static void
gen_stmts(int d, int n)
{
	/* Locals first, so that most reads find them assigned. */
	if (d == 0)
		fputs("$i = 1; $j = 2; $s = \"s\"; $u = \"u\";\n", out);
	while (n-- > 0)
		gen_stmt(d);
}

static void
gen_program(void)
{
	unsigned i;

	/* Globals assigned somewhere, so that reads are declared. */
	mistakes = rnd(4) == 0;
	/* Names of #define, and a group that is dropped or kept. */
	fputs("#include <linux/sched.h>\n#define DEF_A 7\n"
	    "#define DEF_B (DEF_A * -3)\n", out);
	fprintf(out, "#if%s BPFTRACE_HAVE_BTF\nnot a program\n#endif\n",
	    mistakes && rnd(2) ? "def" : "ndef");
	/* Macros, called as values (m1 among the integers) and as statements. */
	fputs("macro m1($x) { $x * 3 + DEF_A }\n"
	    "macro m2(@m) { @m = @m + 1; }\n", out);
	/* A config block: str()'s cap, a key that only warns, a mistake. */
	if (rnd(3) == 0)
		fprintf(out, "config = { max_strlen = %u; %s = %s }\n",
		    rnd(140), rnd(2) ? "max_map_keys" : "stack_mode",
		    mistakes && rnd(2) ? "\"sym\"" : "perf");
	/* bpftrace's map declarations: accepted, or a mistake in one. */
	if (rnd(3) == 0)
		fprintf(out, "let @mi = %s(%s);\n", rnd(2) ? "lruhash" :
		    "percpuhash", mistakes && rnd(2) ? "0" : "1_000");
	fputs("BEGIN {\n@gi = 0; @gj = 0; @gs = \"\"; @mi[0] = 0; "
	    "@mk[\"a\"] = 0; @mt[0, \"\"] = 0; @ms[0] = \"\"; "
	    "@c[0] = count(); @sum[0] = sum(0); @avg = avg(0); "
	    "@mx[\"k\"] = max(0); @mixed[0] = 0; @mixed[1] = count();\n"
	    "@a_sum[0] = sum(1); @a_stats[0] = stats(1); @a_hist[0] = hist(1); "
	    "@a_avg[0] = avg(1); @a_max[0] = max(1); @a_min[0] = min(1); "
	    "@tu[0] = (0, \"\"); @h = hist(0);\n", out);
	for (i = 0; i < 5; i++)
		fprintf(out, "@l%u[\"\"] = lhist(0, %s);\n", i, lhists[i]);
	gen_stmts(0, 2 + rnd(10));
	fputs("}\n", out);
	if (rnd(2)) {
		fputs("END ", out);
		if (rnd(3) == 0) {
			fputc('/', out);
			gen_int(1);
			fputs("/ ", out);
		}
		fputs("{\n", out);
		gen_stmts(0, 1 + rnd(6));
		fputs("}\n", out);
	}
}

/*
 * Mutants: a regress program with a few of its bytes cut, copied,
 * spliced from another program, overwritten or replaced by tokens that
 * the lexer and parser find hard.
 */
static const char *const tokens[] = {
	"{", "}", "(", ")", "[", "]", ";", ",", "@", "$", "\"", "/", "/*",
	"*/", "//", "9223372036854775807", "9223372036854775808", "-",
	"++", "--", "==", "?", ":", "printf(\"%", "count()", "hist(",
	"lhist(", "BEGIN", "END", "if", "else", "\\", "\n", "str(", "$1",
	"sizeof(", "offsetof(", "struct ", "union ", "enum ", "struct outer",
	"->", "(struct outer *)", "(struct later **)arg0", "curtask->", "->r",
	"(uint8)", "(int64)", "(uint16)\"x\"",
	"$999999", "args.", ".", "0x", "%s", "%d", "%*d", "%-99999d",
	"@[", "$#", ".0", ".99", "'", "'\\", "\\x", "\\777", "#!",
	"syscall:read:entry", "interval:ms:", "profile:hz:0", "*", "/ /",
	"delete(", "clear(", "(1, (2, \"x\"))", "@m[1] = count(); @m[2] = 3;",
	"has_key(@m, ", "delete(@m, (1, 2))", "$k = (1, 2); @m[$k]",
	"while (1) { ", "for ($i : 0..", "for ($kv : @m) { ", "unroll(",
	"break;", "continue;", "return;", "let $x", "let $y: string = ",
	"..", "1e", "1_", "1e99", "999999999d", "i:1s", "p:99", "t:", "i:",
	"\n#define DEF_A 1\n", "\n#ifdef DEF_A\n", "\n#else\n", "\n#endif\n",
	"\n#if defined(X)\n", "\n#elif 1\n", "\n#include <a.h>\n", "#",
	"\n#define R R R\n", "config = {", "config = { max_strlen = 1 }",
	"lossless = ", "perf_rb_pages = ",
	"'a'", "'", "let @m = hash(1);", "\nlet @m = percpuarray(", "import \"x\";", "};",
	"uprobe:/bin/sh:f", "u:/", "jiffies", "sarg9", "override(",
	"\nmacro m1($x) { $x + 1 }\n", "m1(", "m2(@gi)", "macro ",
	"ksym(", "kaddr(\"", "ntop(", "pton(\"", "strftime(\"%f\", ",
	"reg(\"ip\")", "reg(\"", "*(int *)(reg(\"sp\") + 8)", "str(reg(\"di\"))",
	"strncmp(", "nsecs(", "exit(3)", "print(@m, 1, 2)", "signal(",
	"system(\"", "errorf(\"", "warnf(\"%d\", ", "hist(1, 0)",
	"cat(\"", "strerror(", "kptr(", "rand", "buf(", "\"%r\"", "%-8r",
	"buf(((struct outer *)arg0)->p, 4)", "buf(((struct arrs *)arg1)->v)",
	"join(", "join(args.argv)", "join(arg1, \",\")",
	"join(((struct vec *)arg0)->argv)", "join(retval, ",
	"(char *)", "(unsigned char **)arg0", "*(const int *)", "( x * )",
	"(uint8 *)", "sizeof(long *)",
	"\nstruct s1 { int a:3; char b[4]; struct s1 *n; union { long l; }; }\n",
	"\nstruct s2 { struct inner in; void (*f)(int); u8arr r; };\n",
	"\nunion u1 { ", "unsigned long long", " : 0;", "[]", "(s1 *)arg0",
	"->n->a", "struct s1 {", "long long long",
	"if $x { ", "if (1) * 2 { ", "} else if 1 { ", "delete(@gi);",
	"for $i : 0..2 { ", "for $kv : @m { ",
};

struct buf {
	char	*b;
	size_t	 len;
};

static void
buf_read(struct buf *bp, const char *path)
{
	FILE *fp;
	char chunk[4096];
	size_t n;

	if ((fp = fopen(path, "r")) == NULL)
		err(1, "%s", path);
	bp->b = NULL;
	bp->len = 0;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		if ((bp->b = realloc(bp->b, bp->len + n + 1)) == NULL)
			err(1, NULL);
		memcpy(bp->b + bp->len, chunk, n);
		bp->len += n;
	}
	fclose(fp);
	if (bp->b == NULL && (bp->b = malloc(1)) == NULL)
		err(1, NULL);
}

/* Replace b[off, off + cut) with `len' bytes of `p'. */
static void
buf_splice(struct buf *bp, size_t off, size_t cut, const char *p, size_t len)
{
	char *nb;

	if (cut > bp->len - off)
		cut = bp->len - off;
	if ((nb = malloc(bp->len - cut + len + 1)) == NULL)
		err(1, NULL);
	memcpy(nb, bp->b, off);
	memcpy(nb + off, p, len);
	memcpy(nb + off + len, bp->b + off + cut, bp->len - off - cut);
	free(bp->b);
	bp->b = nb;
	bp->len = bp->len - cut + len;
}

static void
mutate(struct buf *bp, const struct buf *other)
{
	size_t off = bp->len ? rnd(bp->len + 1) : 0;
	size_t cut = bp->len - off ? rnd((unsigned)(bp->len - off) % 16 + 1) :
	    0;
	const char *t;
	size_t o, l;
	char c;

	switch (rnd(6)) {
	case 0:		/* cut */
		buf_splice(bp, off, cut, "", 0);
		break;
	case 1:		/* a token */
		t = PICK(tokens);
		buf_splice(bp, off, rnd(2) ? cut : 0, t, strlen(t));
		break;
	case 2:		/* a byte, any byte */
		c = (char)rnd(256);
		buf_splice(bp, off, rnd(2), &c, 1);
		break;
	case 3:		/* a copy of a piece of itself */
		if (bp->len == 0)
			break;
		o = rnd(bp->len);
		l = rnd((unsigned)(bp->len - o)) % 64 + 1;
		{
			char *piece = malloc(l);

			if (piece == NULL)
				err(1, NULL);
			memcpy(piece, bp->b + o, l);
			buf_splice(bp, off, 0, piece, l);
			free(piece);
		}
		break;
	case 4:		/* a piece of another program */
		if (other->len == 0)
			break;
		o = rnd(other->len);
		l = rnd((unsigned)(other->len - o)) % 128 + 1;
		buf_splice(bp, off, rnd(2) ? cut : 0, other->b + o, l);
		break;
	default:	/* a number made extreme */
		for (o = off; o < bp->len; o++)
			if (bp->b[o] >= '0' && bp->b[o] <= '9')
				break;
		if (o == bp->len)
			break;
		for (l = o; l < bp->len && bp->b[l] >= '0' && bp->b[l] <= '9';
		    l++)
			continue;
		t = PICK(((const char *const[]){ "9223372036854775807",
		    "9223372036854775808", "0", "4294967295", "65",
		    "100001", "18446744073709551615" }));
		buf_splice(bp, o, l - o, t, strlen(t));
		break;
	}
}

int
main(int argc, char *argv[])
{
	struct buf prog, other;
	unsigned i, n;
	char *end;
	int mut = 0;

	if (argc > 1 && strcmp(argv[1], "-m") == 0) {
		mut = 1;
		argc--;
		argv++;
	}
	if (argc < 2)
		errx(2, "usage: gen [-m] seed [file ...]");
	rng = strtoull(argv[1], &end, 10);
	if (*argv[1] == '\0' || *end != '\0')
		errx(2, "%s: not a seed", argv[1]);
	next();
	out = stdout;
	if (argc == 2 && !mut) {
		gen_program();
		return 0;
	}
	if (argc == 2) {
		/* A grammar program, the mutant's source and its donor. */
		if ((out = open_memstream(&prog.b, &prog.len)) == NULL)
			err(1, NULL);
		gen_program();
		if (fclose(out) != 0)
			err(1, NULL);
		other.len = prog.len;
		if ((other.b = malloc(prog.len + 1)) == NULL)
			err(1, NULL);
		memcpy(other.b, prog.b, prog.len);
	} else {
		buf_read(&prog, argv[2 + rnd(argc - 2)]);
		buf_read(&other, argv[2 + rnd(argc - 2)]);
	}
	n = 1 + rnd(4);
	for (i = 0; i < n; i++)
		mutate(&prog, &other);
	fwrite(prog.b, 1, prog.len, stdout);
	return 0;
}
