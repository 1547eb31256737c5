/*
 * Unit test of usr.sbin/btrace/printf.c: fmt_check(), fmt_print() and
 * val_print().  Prints one "PASS name" or "FAIL name" line per group
 * of cases; every failing case is described on its own line before it.
 * With -v, every case is listed.
 *
 * Integer and floating conversions are compared with glibc's snprintf(3)
 * of the same specification; the rest with expected output written here.
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bt_val.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static int	 verbose;
static int	 group_failed;
static int	 group_cases;
static int	 total_failed;

/* Initializers of values, usable in static tables. */
#define I(n)	{ .v_type = VT_INT, .v_int = (n) }
#define S(s)	{ .v_type = VT_STR, .v_str = (s) }
#define NONE	{ .v_type = VT_NONE }
#define VAL(init)	((struct val)init)

static void
group_begin(void)
{
	group_failed = group_cases = 0;
}

static void
group_end(const char *name)
{
	if (group_cases == 0)
		group_failed = 1;	/* a group that checked nothing */
	printf("%s printf.%s\n", group_failed ? "FAIL" : "PASS", name);
	if (group_failed)
		total_failed++;
}

/* Show bytes readably, NULs and control bytes escaped. */
static void
show(const char *label, const char *buf, size_t len)
{
	size_t		 i;

	printf("    %s \"", label);
	for (i = 0; i < len; i++) {
		unsigned char c = buf[i];

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			putchar(c);
		else
			printf("\\x%02x", c);
	}
	printf("\" (%zu bytes)\n", len);
}

/* Run fmt_print() and return what it wrote, in a malloc'd buffer. */
static char *
run_print(const char *fmt, const struct val *args, size_t nargs,
    size_t *lenp)
{
	char		*buf = NULL;
	FILE		*fp;

	if ((fp = open_memstream(&buf, lenp)) == NULL) {
		perror("open_memstream");
		exit(2);
	}
	fmt_print(fp, fmt, args, nargs);
	fclose(fp);
	return buf;
}

static void
expect_print(const char *fmt, const struct val *args, size_t nargs,
    const char *want, size_t wantlen)
{
	char		*got;
	size_t		 len;

	group_cases++;
	got = run_print(fmt, args, nargs, &len);
	if (len != wantlen || memcmp(got, want, len) != 0) {
		group_failed = 1;
		printf("    case fmt_print(\"%s\", %zu args):\n", fmt, nargs);
		show("want", want, wantlen);
		show("got ", got, len);
	} else if (verbose)
		printf("    ok fmt_print(\"%s\")\n", fmt);
	free(got);
}

/*
 * Integer and floating conversions against snprintf(3).  Every flag
 * combination, several widths and precisions, each conversion and a set
 * of values including the extremes.  The reference is glibc printing the
 * user's own specification with "ll" for integers; glibc ignores the
 * flags C leaves undefined for a conversion ('#' on %d, '+' on %u),
 * which is what fmt_print() must do by dropping them.
 */
static void
test_numbers_vs_snprintf(void)
{
	static const char	*widths[] = { "", "0", "1", "6", "25" };
	static const char	*precs[] = { "", ".", ".0", ".3", ".22" };
	static const char	 convs[] = "diouxXefg";
	static const int64_t	 values[] = {
		0, 1, -1, 7, -7, 42, -42, 255, 256, 1234567, -1234567,
		INT32_MAX, INT32_MIN, (int64_t)1 << 53, INT64_MAX, INT64_MIN,
	};
	static const char	 flagchars[] = "-+ #0";
	char			 fmt[64], ref[64], flags[8], want[512];
	const char		*conv;
	struct val		 arg;
	size_t			 w, p, k, nf;
	int			 mask, n;

	group_begin();
	for (mask = 0; mask < 32; mask++) {
		nf = 0;
		for (k = 0; k < 5; k++)
			if (mask & (1 << k))
				flags[nf++] = flagchars[k];
		flags[nf] = '\0';
		for (w = 0; w < NELEM(widths); w++)
		for (p = 0; p < NELEM(precs); p++)
		for (conv = convs; *conv != '\0'; conv++)
		for (k = 0; k < NELEM(values); k++) {
			snprintf(fmt, sizeof(fmt), "<%%%s%s%s%c>", flags,
			    widths[w], precs[p], *conv);
			snprintf(ref, sizeof(ref), "<%%%s%s%s%s%c>", flags,
			    widths[w], precs[p],
			    strchr("efg", *conv) ? "" : "ll", *conv);
			if (strchr("efg", *conv))
				n = snprintf(want, sizeof(want), ref,
				    (double)values[k]);
			else if (strchr("di", *conv))
				n = snprintf(want, sizeof(want), ref,
				    (long long)values[k]);
			else
				n = snprintf(want, sizeof(want), ref,
				    (unsigned long long)values[k]);
			arg = VAL(I(values[k]));
			expect_print(fmt, &arg, 1, want, n);
		}
	}
	group_end("numbers_vs_snprintf");
}

/* l ll h hh z j are accepted by fmt_check() and ignored by fmt_print(). */
static void
test_length_modifiers(void)
{
	static const char	*mods[] = { "l", "ll", "h", "hh", "z", "j" };
	static const char	 convs[] = "diouxXefgcs";
	static const int64_t	 values[] = { 65, -1, 70000, INT64_MIN };
	enum val_type		 t = VT_INT;
	char			 fmt[32], plain[32], err[128], *want;
	const char		*conv;
	struct val		 arg;
	size_t			 m, k, off, len;

	group_begin();
	for (m = 0; m < NELEM(mods); m++)
	for (conv = convs; *conv != '\0'; conv++) {
		snprintf(fmt, sizeof(fmt), "[%%-8%s%c]", mods[m], *conv);
		snprintf(plain, sizeof(plain), "[%%-8%c]", *conv);
		group_cases++;
		if (fmt_check(fmt, &t, 1, err, sizeof(err), &off) != 0) {
			group_failed = 1;
			printf("    case fmt_check(\"%s\"): %s\n", fmt, err);
		}
		/* %hhd of 70000 is still 70000: the modifier is ignored. */
		for (k = 0; k < NELEM(values); k++) {
			arg = VAL(I(values[k]));
			want = run_print(plain, &arg, 1, &len);
			expect_print(fmt, &arg, 1, want, len);
			free(want);
		}
	}
	arg = VAL(I(70000));
	expect_print("%hhd %hu %zx %jo", (struct val[]){ arg, arg, arg, arg },
	    4, "70000 70000 11170 210560", 24);
	group_end("length_modifiers");
}

struct pcase {
	const char	*fmt;
	struct val	 args[4];
	size_t		 nargs;
	const char	*want;
	size_t		 wantlen;	/* 0: strlen(want) */
};

static void
run_pcases(const char *name, const struct pcase *pc, size_t n)
{
	size_t		 i;

	group_begin();
	for (i = 0; i < n; i++)
		expect_print(pc[i].fmt, pc[i].args, pc[i].nargs, pc[i].want,
		    pc[i].wantlen ? pc[i].wantlen : strlen(pc[i].want));
	group_end(name);
}

static void
test_star(void)
{
	static const struct pcase	 pc[] = {
		{ "[%*d]", { I(5), I(42) }, 2, "[   42]", 0 },
		{ "[%-*d]", { I(5), I(42) }, 2, "[42   ]", 0 },
		/* A negative '*' width is the '-' flag, as in C. */
		{ "[%*d]", { I(-5), I(42) }, 2, "[42   ]", 0 },
		{ "[%0*d]", { I(-5), I(42) }, 2, "[42   ]", 0 },
		{ "[%.*d]", { I(4), I(42) }, 2, "[0042]", 0 },
		/* A negative '*' precision is none, as in C. */
		{ "[%.*d]", { I(-4), I(42) }, 2, "[42]", 0 },
		{ "[%.*f]", { I(-1), I(3) }, 2, "[3.000000]", 0 },
		{ "[%*.*f]", { I(8), I(2), I(3) }, 3, "[    3.00]", 0 },
		{ "[%5.2f]", { I(3) }, 1, "[ 3.00]", 0 },
		{ "[%*.*s]", { I(6), I(3), S("abcdef") }, 3, "[   abc]", 0 },
		{ "[%-*.*s]", { I(6), I(3), S("abcdef") }, 3, "[abc   ]", 0 },
		{ "[%*c]", { I(3), I('z') }, 2, "[  z]", 0 },
		{ "[%.*c]", { I(3), I('z') }, 2, "[z]", 0 },
		{ "[%*d|%*d]", { I(3), I(1), I(-3), I(2) }, 4, "[  1|2  ]", 0 },
		/* Width and precision from strings, read with strtoll. */
		{ "[%*d]", { S("4"), I(7) }, 2, "[   7]", 0 },
		{ "[%*d]", { S("x"), I(7) }, 2, "[7]", 0 },
		{ "[%*d]", { NONE, I(7) }, 2, "[7]", 0 },
		{ "[%0*x]", { I(6), I(255) }, 2, "[0000ff]", 0 },
	};

	run_pcases("star", pc, NELEM(pc));
}

/* '*' values beyond FMT_MAXWIDTH (4096) are clamped to it. */
static void
test_star_clamp(void)
{
	static const int64_t	 huge[] = {
		4097, 1000000, INT32_MAX, (int64_t)INT32_MAX + 1, INT64_MAX,
	};
	static const int64_t	 neg[] = {
		-4097, -1000000, INT32_MIN, INT64_MIN + 1, INT64_MIN,
	};
	char			 want[8192];
	struct val		 args[3];
	size_t			 k;
	int			 n;

	group_begin();
	for (k = 0; k < NELEM(huge); k++) {
		args[0] = VAL(I(huge[k]));
		args[1] = VAL(I(1));
		n = snprintf(want, sizeof(want), "%4096d", 1);
		expect_print("%*d", args, 2, want, n);
		n = snprintf(want, sizeof(want), "%.4096d", 1);
		expect_print("%.*d", args, 2, want, n);
		n = snprintf(want, sizeof(want), "%.4096s", "abc");
		args[1] = VAL(S("abc"));
		expect_print("%.*s", args, 2, want, n);
	}
	for (k = 0; k < NELEM(neg); k++) {
		args[0] = VAL(I(neg[k]));
		args[1] = VAL(I(1));
		n = snprintf(want, sizeof(want), "%-4096d", 1);
		expect_print("%*d", args, 2, want, n);
		expect_print("%.*d", args, 2, "1", 1);
	}
	/* The largest literal width and precision are accepted. */
	args[0] = VAL(I(1));
	n = snprintf(want, sizeof(want), "%4096.4096lld", 1LL);
	expect_print("%4096.4096d", args, 1, want, n);
	group_end("star_clamp");
}

static void
test_char(void)
{
	static const struct pcase	 pc[] = {
		{ "%c", { I('A') }, 1, "A", 0 },
		{ "%c%c%c", { I('a'), I('b'), I('c') }, 3, "abc", 0 },
		/* The low byte of the integer. */
		{ "%c", { I(256 + 'A') }, 1, "A", 0 },
		{ "%c", { I(-1) }, 1, "\xff", 0 },
		{ "%c", { I(0) }, 1, "\0", 1 },
		{ "[%3c]", { I('x') }, 1, "[  x]", 0 },
		{ "[%-3c]", { I('x') }, 1, "[x  ]", 0 },
		/* '0', '+', ' ', '#' and precision mean nothing here. */
		{ "[%03c]", { I('x') }, 1, "[  x]", 0 },
		{ "[%+ #c]", { I('x') }, 1, "[x]", 0 },
		{ "[%.5c]", { I('x') }, 1, "[x]", 0 },
		/* The first byte of a string. */
		{ "%c", { S("hello") }, 1, "h", 0 },
		{ "[%4c]", { S("hello") }, 1, "[   h]", 0 },
		{ "%c", { S("") }, 1, "\0", 1 },
		{ "%c", { NONE }, 1, "\0", 1 },
	};

	run_pcases("char", pc, NELEM(pc));
}

static void
test_string(void)
{
	static const struct pcase	 pc[] = {
		{ "%s", { S("hello") }, 1, "hello", 0 },
		{ "%s", { S("") }, 1, "", 0 },
		{ "[%8s]", { S("abc") }, 1, "[     abc]", 0 },
		{ "[%-8s]", { S("abc") }, 1, "[abc     ]", 0 },
		{ "[%.2s]", { S("abc") }, 1, "[ab]", 0 },
		{ "[%.s]", { S("abc") }, 1, "[]", 0 },
		{ "[%5.1s]", { S("abc") }, 1, "[    a]", 0 },
		{ "[%-5.10s]", { S("abc") }, 1, "[abc  ]", 0 },
		/* '0', '+', ' ' and '#' mean nothing here. */
		{ "[%06s]", { S("abc") }, 1, "[   abc]", 0 },
		{ "[%+ #s]", { S("abc") }, 1, "[abc]", 0 },
		/* A format's % in a string argument is not interpreted. */
		{ "%s", { S("%d%s%n") }, 1, "%d%s%n", 0 },
		/* Integers print in decimal. */
		{ "%s", { I(42) }, 1, "42", 0 },
		{ "%s", { I(-42) }, 1, "-42", 0 },
		{ "%s", { I(INT64_MIN) }, 1, "-9223372036854775808", 0 },
		{ "[%6s]", { I(-42) }, 1, "[   -42]", 0 },
		{ "[%-6s]", { I(42) }, 1, "[42    ]", 0 },
		{ "[%.2s]", { I(12345) }, 1, "[12]", 0 },
		{ "[%06s]", { I(42) }, 1, "[    42]", 0 },
		/* A missing $N is the empty string. */
		{ "[%s]", { NONE }, 1, "[]", 0 },
		{ "[%3s]", { NONE }, 1, "[   ]", 0 },
		{ "%s and %s", { S("a"), I(1) }, 2, "a and 1", 0 },
	};

	run_pcases("string", pc, NELEM(pc));
}

static struct tuple *
mktuple(size_t n, const struct val *v)
{
	struct tuple	*t;

	if ((t = malloc(sizeof(*t) + n * sizeof(struct val))) == NULL) {
		perror("malloc");
		exit(2);
	}
	t->t_n = n;
	if (n > 0)
		memcpy(t->t_v, v, n * sizeof(struct val));
	return t;
}

static struct val
T(struct tuple *t)
{
	struct val	 v = { .v_type = VT_TUPLE, .v_tuple = t };

	return v;
}

static void
test_tuple(void)
{
	struct tuple	*t2, *t3, *nest, *empty;
	struct val	 v2, v3, vn, ve;

	t2 = mktuple(2, (struct val[]){ I(1), S("two") });
	t3 = mktuple(3, (struct val[]){ I(-1), S("a b"), NONE });
	v2 = T(t2);
	v3 = T(t3);
	nest = mktuple(2, (struct val[]){ v2, I(3) });
	vn = T(nest);
	empty = mktuple(0, NULL);
	ve = T(empty);

	group_begin();
	expect_print("%s", &v2, 1, "(1, two)", 8);
	expect_print("[%12s]", &v2, 1, "[    (1, two)]", 14);
	expect_print("[%-12s]", &v2, 1, "[(1, two)    ]", 14);
	expect_print("[%.4s]", &v2, 1, "[(1, ]", 6);
	expect_print("%s", &v3, 1, "(-1, a b, )", 11);
	expect_print("%s", &vn, 1, "((1, two), 3)", 13);
	expect_print("%s", &ve, 1, "()", 2);
	/* Wrong dynamic types never fail: a tuple is 0 as a number. */
	expect_print("%d %x %c|", &v2, 1, "0 0 \0|", 6);
	group_end("tuple");

	free(t2);
	free(t3);
	free(nest);
	free(empty);
}

/* Integer conversions of strings at run time: strtoll(3), base 10. */
static void
test_runtime_strings(void)
{
	static const struct pcase	 pc[] = {
		{ "%d", { S("123") }, 1, "123", 0 },
		{ "%d", { S("-17") }, 1, "-17", 0 },
		{ "%d", { S("  42abc") }, 1, "42", 0 },
		{ "%d", { S("abc") }, 1, "0", 0 },
		{ "%d", { S("") }, 1, "0", 0 },
		{ "%d", { S("010") }, 1, "10", 0 },
		{ "%d", { S("99999999999999999999") }, 1,
		    "9223372036854775807", 0 },
		{ "%i", { S("-99999999999999999999") }, 1,
		    "-9223372036854775808", 0 },
		{ "%x", { S("255") }, 1, "ff", 0 },
		{ "%u", { S("-1") }, 1, "18446744073709551615", 0 },
		{ "%5.1f", { S("3") }, 1, "  3.0", 0 },
		{ "%d", { NONE }, 1, "0", 0 },
		{ "%x", { NONE }, 1, "0", 0 },
		{ "%e", { NONE }, 1, "0.000000e+00", 0 },
	};

	run_pcases("runtime_strings", pc, NELEM(pc));
}

static void
test_text(void)
{
	static const struct pcase	 pc[] = {
		{ "", { NONE }, 0, "", 0 },
		{ "hello\n", { NONE }, 0, "hello\n", 0 },
		{ "100%%\n", { NONE }, 0, "100%\n", 0 },
		{ "%%%%%%", { NONE }, 0, "%%%", 0 },
		{ "%%d", { NONE }, 0, "%d", 0 },
		{ "%d%%", { I(5) }, 1, "5%", 0 },
		{ "a\tb\x01%dc", { I(1) }, 1, "a\tb\x01" "1c", 0 },
		{ "pid %d comm %s\n", { I(1), S("init") }, 2,
		    "pid 1 comm init\n", 0 },
		/* The lead's end-to-end example. */
		{ "%5.2f|\n", { I(3) }, 1, " 3.00|\n", 0 },
		/* Two's complement for the unsigned conversions. */
		{ "%u %x %X %o", { I(-1), I(-1), I(-255), I(-1) }, 4,
		    "18446744073709551615 ffffffffffffffff "
		    "FFFFFFFFFFFFFF01 1777777777777777777777", 0 },
		{ "%e %f %g", { I(-3), I(1000000), I(1000000) }, 3,
		    "-3.000000e+00 1000000.000000 1e+06", 0 },
		{ "%#x %#o %#g", { I(255), I(8), I(2) }, 3,
		    "0xff 010 2.00000", 0 },
	};

	run_pcases("text_and_conversions", pc, NELEM(pc));
}

/* Formats fmt_check() accepts. */
static void
test_check_ok(void)
{
	static const struct {
		const char	*fmt;
		enum val_type	 types[6];
		size_t		 n;
	} cc[] = {
		{ "", { 0 }, 0 },
		{ "plain\n", { 0 }, 0 },
		{ "%%", { 0 }, 0 },
		{ "%d %i %o %u %x",
		    { VT_INT, VT_INT, VT_INT, VT_INT, VT_INT }, 5 },
		{ "%X%e%f%g", { VT_INT, VT_INT, VT_INT, VT_INT }, 4 },
		{ "%c %c", { VT_INT, VT_STR }, 2 },
		{ "%s %s %s %s", { VT_INT, VT_STR, VT_TUPLE, VT_NONE }, 4 },
		/* VT_NONE: type known only at run time. */
		{ "%d %c %*.*f",
		    { VT_NONE, VT_NONE, VT_NONE, VT_NONE, VT_NONE }, 5 },
		{ "%-+ #0*.*d", { VT_INT, VT_INT, VT_INT }, 3 },
		{ "%*s", { VT_INT, VT_STR }, 2 },
		{ "%.d%.s", { VT_INT, VT_STR }, 2 },
		{ "%4096.4096d", { VT_INT }, 1 },
		{ "%lld %hhx %zu %jd", { VT_INT, VT_INT, VT_INT, VT_INT }, 4 },
	};
	char			 err[128];
	size_t			 i, off;

	group_begin();
	for (i = 0; i < NELEM(cc); i++) {
		group_cases++;
		err[0] = '\0';
		if (fmt_check(cc[i].fmt, cc[i].types, cc[i].n, err,
		    sizeof(err), &off) != 0) {
			group_failed = 1;
			printf("    case fmt_check(\"%s\"): unexpected error "
			    "at %zu: %s\n", cc[i].fmt, off, err);
		} else if (verbose)
			printf("    ok fmt_check(\"%s\")\n", cc[i].fmt);
	}
	group_end("check_ok");
}

struct ecase {
	const char	*fmt;
	enum val_type	 types[4];
	size_t		 n;
	const char	*msg;		/* the whole message */
	size_t		 off;
};

static void
run_ecases(const char *name, const struct ecase *ec, size_t n)
{
	char		 err[128];
	size_t		 i, off;
	int		 rc;

	group_begin();
	for (i = 0; i < n; i++) {
		group_cases++;
		memset(err, 0, sizeof(err));
		off = (size_t)-1;
		rc = fmt_check(ec[i].fmt, ec[i].types, ec[i].n, err,
		    sizeof(err), &off);
		if (rc != -1 || strcmp(err, ec[i].msg) != 0 ||
		    off != ec[i].off) {
			group_failed = 1;
			printf("    case fmt_check(\"%s\", %zu args):\n",
			    ec[i].fmt, ec[i].n);
			printf("    want -1 at %zu: %s\n", ec[i].off,
			    ec[i].msg);
			printf("    got  %d at %zu: %s\n", rc, off, err);
		} else if (verbose)
			printf("    ok fmt_check(\"%s\"): %s\n", ec[i].fmt,
			    err);
	}
	group_end(name);
}

static void
test_check_errors(void)
{
	static const struct ecase	 unknown[] = {
		{ "%y", { VT_INT }, 1, "unknown conversion %y", 0 },
		{ "ab %5.3y", { VT_INT }, 1, "unknown conversion %y", 3 },
		{ "%d %n", { VT_INT, VT_INT }, 2, "unknown conversion %n", 3 },
		{ "%p", { VT_INT }, 1, "unknown conversion %p", 0 },
		{ "%E", { VT_INT }, 1, "unknown conversion %E", 0 },
		{ "%Ld", { VT_INT }, 1, "unknown conversion %L", 0 },
		{ "%llld", { VT_INT }, 1, "unknown conversion %l", 0 },
		{ "%**d", { VT_INT, VT_INT, VT_INT }, 3,
		    "unknown conversion %*", 0 },
		{ "%\x01", { VT_INT }, 1, "unknown conversion %\\x01", 0 },
		{ "%\xc3\xa9", { VT_INT }, 1, "unknown conversion %\\xc3", 0 },
		{ "x%-%", { 0 }, 0,
		    "%% takes no flags, width, precision or length", 1 },
		{ "%5%", { 0 }, 0,
		    "%% takes no flags, width, precision or length", 0 },
	};
	static const struct ecase	 incomplete[] = {
		{ "%", { 0 }, 0, "incomplete conversion at end of format", 0 },
		{ "abc%", { 0 }, 0,
		    "incomplete conversion at end of format", 3 },
		{ "%d%", { VT_INT }, 1,
		    "incomplete conversion at end of format", 2 },
		{ "%%%", { 0 }, 0, "incomplete conversion at end of format", 2 },
		{ "%-5.3ll", { VT_INT }, 1,
		    "incomplete conversion at end of format", 0 },
	};
	static const struct ecase	 missing[] = {
		{ "%d", { 0 }, 0, "missing argument for %d", 0 },
		{ "%d %s", { VT_INT }, 1, "missing argument for %s", 3 },
		{ "a%%b%x", { 0 }, 0, "missing argument for %x", 4 },
		{ "%*d", { VT_INT }, 1, "missing argument for %d", 0 },
		{ "%.*f", { 0 }, 0, "missing argument for %f", 0 },
		{ "%*.*s", { VT_INT, VT_INT }, 2, "missing argument for %s",
		    0 },
	};
	static const struct ecase	 toomany[] = {
		{ "", { VT_INT }, 1, "too many arguments for format", 0 },
		{ "hi\n", { VT_INT }, 1, "too many arguments for format", 3 },
		{ "%d", { VT_INT, VT_INT }, 2,
		    "too many arguments for format", 2 },
		{ "%%", { VT_STR }, 1, "too many arguments for format", 2 },
	};
	static const struct ecase	 types[] = {
		{ "%d", { VT_STR }, 1, "%d: expects an integer, got a string",
		    0 },
		{ "%s %i", { VT_STR, VT_STR }, 2,
		    "%i: expects an integer, got a string", 3 },
		{ "%o", { VT_STR }, 1, "%o: expects an integer, got a string",
		    0 },
		{ "%u", { VT_STR }, 1, "%u: expects an integer, got a string",
		    0 },
		{ "%x", { VT_STR }, 1, "%x: expects an integer, got a string",
		    0 },
		{ "%X", { VT_STR }, 1, "%X: expects an integer, got a string",
		    0 },
		{ "%e", { VT_STR }, 1, "%e: expects an integer, got a string",
		    0 },
		{ "%5.1f", { VT_STR }, 1,
		    "%f: expects an integer, got a string", 0 },
		{ "%lg", { VT_STR }, 1, "%g: expects an integer, got a string",
		    0 },
		{ "%d", { VT_TUPLE }, 1,
		    "%d: expects an integer, got a tuple", 0 },
		{ "%c", { VT_TUPLE }, 1,
		    "%c: expects an integer, got a tuple", 0 },
		{ "%*d", { VT_STR, VT_INT }, 2,
		    "%d: '*' field width expects an integer, got a string", 0 },
		{ "%.*s", { VT_TUPLE, VT_STR }, 2,
		    "%s: '*' precision expects an integer, got a tuple", 0 },
		{ "%*.*d", { VT_INT, VT_STR, VT_INT }, 3,
		    "%d: '*' precision expects an integer, got a string", 0 },
	};
	static const struct ecase	 limits[] = {
		{ "%4097d", { VT_INT }, 1,
		    "field width too large (at most 4096)", 0 },
		{ "ab%99999999999999999999d", { VT_INT }, 1,
		    "field width too large (at most 4096)", 2 },
		{ "%.4097f", { VT_INT }, 1,
		    "precision too large (at most 4096)", 0 },
		{ "%1.99999999999999999999s", { VT_STR }, 1,
		    "precision too large (at most 4096)", 0 },
	};

	run_ecases("check_unknown_conversion", unknown, NELEM(unknown));
	run_ecases("check_incomplete", incomplete, NELEM(incomplete));
	run_ecases("check_missing_argument", missing, NELEM(missing));
	run_ecases("check_too_many_arguments", toomany, NELEM(toomany));
	run_ecases("check_argument_types", types, NELEM(types));
	run_ecases("check_width_limits", limits, NELEM(limits));
}

/* A small error buffer truncates the message, never overflows. */
static void
test_check_small_buffer(void)
{
	enum val_type	 t = VT_STR;
	char		 err[8];
	size_t		 off;

	group_begin();
	group_cases++;
	memset(err, 'Z', sizeof(err));
	if (fmt_check("%d", &t, 1, err, 6, &off) != -1 ||
	    strcmp(err, "%d: e") != 0 || err[6] != 'Z' || off != 0) {
		group_failed = 1;
		printf("    case small buffer: got \"%.6s\"\n", err);
	}
	group_end("check_small_buffer");
}

static void
test_val_print(void)
{
	struct tuple	*t, *nest;
	struct val	 v, vn;
	char		*buf;
	size_t		 len, i;
	FILE		*fp;
	struct {
		struct val	 v;
		const char	*want;
	} vc[] = {
		{ { .v_type = VT_INT, .v_int = 0 }, "0" },
		{ { .v_type = VT_INT, .v_int = -5 }, "-5" },
		{ { .v_type = VT_INT, .v_int = INT64_MAX },
		    "9223372036854775807" },
		{ { .v_type = VT_INT, .v_int = INT64_MIN },
		    "-9223372036854775808" },
		{ { .v_type = VT_STR, .v_str = "raw %d \"q\"" },
		    "raw %d \"q\"" },
		{ { .v_type = VT_STR, .v_str = "" }, "" },
		{ { .v_type = VT_NONE }, "" },
		{ { .v_type = VT_NONE }, "" },	/* the tuple, below */
		{ { .v_type = VT_NONE }, "" },	/* the nested one */
	};

	t = mktuple(3, (struct val[]){ I(1), S("a, b"), NONE });
	v = T(t);
	nest = mktuple(3, (struct val[]){ S("x"), v, I(-2) });
	vn = T(nest);
	vc[7].v = v;
	vc[7].want = "(1, a, b, )";
	vc[8].v = vn;
	vc[8].want = "(x, (1, a, b, ), -2)";

	group_begin();
	for (i = 0; i < NELEM(vc); i++) {
		group_cases++;
		buf = NULL;
		if ((fp = open_memstream(&buf, &len)) == NULL) {
			perror("open_memstream");
			exit(2);
		}
		val_print(fp, &vc[i].v);
		fclose(fp);
		if (len != strlen(vc[i].want) ||
		    memcmp(buf, vc[i].want, len) != 0) {
			group_failed = 1;
			printf("    case val_print #%zu:\n", i);
			show("want", vc[i].want, strlen(vc[i].want));
			show("got ", buf, len);
		}
		free(buf);
	}
	group_end("val_print");
	free(t);
	free(nest);
}

int
main(int argc, char *argv[])
{
	/* Lines already printed must survive a sanitizer abort. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && strcmp(argv[1], "-v") == 0)
		verbose = 1;

	test_numbers_vs_snprintf();
	test_length_modifiers();
	test_star();
	test_star_clamp();
	test_char();
	test_string();
	test_tuple();
	test_runtime_strings();
	test_text();
	test_check_ok();
	test_check_errors();
	test_check_small_buffer();
	test_val_print();

	return total_failed ? 1 : 0;
}
