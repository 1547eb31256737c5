/* SPDX-License-Identifier: ISC */
/*
 * Bad recordings, each made from the good one mkrec writes by breaking
 * one field, for the replay tests of btrace -r's checks:
 *
 *	mkbad -l		the names of the cases, one a line
 *	mkbad NAME IN OUT	write case NAME of recording IN to OUT
 *
 * The cases named fmt_* break the formats of mkrec's trace event
 * recording (hand-tp.rec), the others its first one (hand.rec).
 *
 * Each case finds what it breaks by walking the sections, so it does
 * not depend on mkrec's offsets; bad/NAME.ok holds what btrace says.
 */

#define _GNU_SOURCE	/* memmem */
#include <err.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dev/dt/dtvar.h>

#include "rec.h"

static unsigned char	*buf;
static size_t		 len, cap;

/* Offset of the contents of the nth (from 0) section of a type. */
static size_t
section(enum rec_type type, int nth)
{
	struct rec_sec s;
	size_t off = sizeof(struct rec_hdr);

	while (off + sizeof(s) <= len) {
		memcpy(&s, buf + off, sizeof(s));
		if (s.rs_type == type && nth-- == 0)
			return off + sizeof(s);
		off += sizeof(s) + ((s.rs_len + 7) & ~7ULL);
	}
	errx(1, "no section %d of type %d", nth, type);
}

static struct rec_sec *
header(size_t secoff)
{
	return (struct rec_sec *)(buf + secoff - sizeof(struct rec_sec));
}

/* The nth event of the first events section. */
static struct dt_evt *
event(int nth)
{
	size_t off = section(REC_EVENTS, 0);
	struct dt_evt *ev = (struct dt_evt *)(buf + off);

	while (nth-- > 0)
		ev = (struct dt_evt *)((char *)ev + ev->dtev_len);
	return ev;
}

/* The first event with a string (mkrec: the first one). */
static struct dt_evt_str *
string(void)
{
	struct dt_evt *ev = event(0);

	if (ev->dtev_nstrs == 0)
		errx(1, "the first event has no string");
	return dt_evt_str_first(ev);
}

/* Append a section, padded, as rec_write() would. */
static void
append(enum rec_type type, const void *p, size_t n)
{
	struct rec_sec s;

	memset(&s, 0, sizeof(s));
	s.rs_type = type;
	s.rs_len = n;
	if (len + sizeof(s) + n + 8 > cap)
		errx(1, "recording too large");
	memcpy(buf + len, &s, sizeof(s));
	len += sizeof(s);
	memcpy(buf + len, p, n);
	memset(buf + len + n, 0, (8 - n % 8) % 8);
	len += (n + 7) & ~(size_t)7;
}

static void
appendtext(enum rec_type type, const char *text)
{
	append(type, text, strlen(text));
}

static const char ksyms[] = "ffffffff81000000 t _stext\n";
static const char usyms[] = "pid 200\nmap 1000 2000 0 /bin/ls\n"
    "1000 10 main\n";

/* Each case breaks one thing. */
static void
c_empty(void) { len = 0; }
static void
c_short(void) { len = 10; }
static void
c_magic(void) { buf[0] = 'X'; }
static void
c_endian(void)
{
	((struct rec_hdr *)buf)->rh_endian = __builtin_bswap32(REC_ENDIAN);
}
static void
c_version(void) { ((struct rec_hdr *)buf)->rh_version = REC_VERSION + 1; }
static void
c_version_old(void) { ((struct rec_hdr *)buf)->rh_version = 0; }
static void
c_sec_cut(void) { len = sizeof(struct rec_hdr) + 8; }
static void
c_sec_long(void) { header(section(REC_PROBE, 0))->rs_len = 1ULL << 40; }
static void
c_sec_unpadded(void) { len -= 4; }
static void
c_sec_pad(void) { header(section(REC_PROBE, 0))->rs_pad = 1; }
static void
c_sec_type(void) { header(section(REC_STATS, 0))->rs_type = 99; }
static void
c_probe_short(void) { header(section(REC_PROBE, 0))->rs_len = 100; }
static void
c_probe_id(void)
{
	((struct dtioc_probe_info *)(buf + section(REC_PROBE, 0)))->dtpi_pbn =
	    0;
}
static void
c_probe_twice(void)
{
	((struct dtioc_probe_info *)(buf + section(REC_PROBE, 1)))->dtpi_pbn =
	    7;
}
static void
c_probe_nargs(void)
{
	((struct dtioc_probe_info *)(buf +
	    section(REC_PROBE, 0)))->dtpi_nargs = 200;
}
static void
c_probe_name(void)
{
	memset(((struct dtioc_probe_info *)(buf +
	    section(REC_PROBE, 0)))->dtpi_func, 'x', DTNAMESIZE);
}
static void
c_probe_noprov(void)
{
	((struct dtioc_probe_info *)(buf +
	    section(REC_PROBE, 0)))->dtpi_prov[0] = '\0';
}
static void
c_arg_pbn(void)
{
	struct dtioc_arg_info *ai = (struct dtioc_arg_info *)(buf +
	    section(REC_PROBE, 0) + sizeof(struct dtioc_probe_info));

	ai[2].dtai_pbn = 8;
}
static void
c_arg_argn(void)
{
	struct dtioc_arg_info *ai = (struct dtioc_arg_info *)(buf +
	    section(REC_PROBE, 0) + sizeof(struct dtioc_probe_info));

	ai[1].dtai_argn = 250;
}
static void
c_arg_name(void)
{
	struct dtioc_arg_info *ai = (struct dtioc_arg_info *)(buf +
	    section(REC_PROBE, 0) + sizeof(struct dtioc_probe_info));

	memset(ai[3].dtai_argname, 'a', DTNAMESIZE);
}
static void
c_ev_len_big(void) { event(1)->dtev_len = 1U << 30; }
static void
c_ev_len_odd(void) { event(1)->dtev_len += 4; }
static void
c_ev_len_small(void) { event(1)->dtev_len = 8; }
static void
c_ev_tail(void) { header(section(REC_EVENTS, 0))->rs_len -= 8; }
static void
c_ev_flags(void) { event(0)->dtev_flags |= 1U << 20; }
static void
c_ev_nargs(void) { event(0)->dtev_nargs = 11; }
static void
c_ev_nargs_whole(void)
{
	unsigned char ev[sizeof(struct dt_evt) + 11 * 8];
	struct dt_evt *d = (struct dt_evt *)ev;

	memset(ev, 0, sizeof(ev));
	d->dtev_pbn = 7;
	d->dtev_len = sizeof(ev);
	d->dtev_flags = DTEVT_FUNCARGS;
	d->dtev_nargs = 11;
	append(REC_EVENTS, ev, sizeof(ev));
}
static void
c_ev_nargs_long(void) { event(0)->dtev_nargs = 10; }
static void
c_ev_args_noflag(void) { event(0)->dtev_flags &= ~DTEVT_FUNCARGS; }
static void
c_ev_kstack(void)
{
	event(1)->dtev_flags |= DTEVT_KSTACK;
	event(1)->dtev_nkstack = 127;
}
static void
c_ev_kstack_noflag(void) { event(1)->dtev_nkstack = 1; }
static void
c_ev_ustack_deep(void)
{
	event(1)->dtev_flags |= DTEVT_USTACK;
	event(1)->dtev_nustack = 200;
}
static void
c_ev_nstrs(void) { event(0)->dtev_nstrs = 5; }
static void
c_ev_nstrs_more(void) { event(0)->dtev_nstrs = 2; }
static void
c_ev_comm(void) { memset(event(0)->dtev_comm, 'c', DTMAXCOMLEN); }
static void
c_ev_pad(void) { event(0)->dtev_pad = 1; }
static void
c_ev_probe(void) { event(2)->dtev_pbn = 9; }
static void
c_str_len(void) { string()->dtes_len = 60000; }
static void
c_str_len_over(void) { string()->dtes_len += 8; }
static void
c_str_nul(void)
{
	struct dt_evt_str *es = string();

	dt_evt_str_text(es)[es->dtes_len] = 'x';
}
static void
c_str_argn(void) { string()->dtes_argn = 10; }
static void
c_str_flags(void) { string()->dtes_flags = 0x80; }
static void
c_str_short(void) { string()->dtes_len -= 8; }
static void
c_stats_size(void) { header(section(REC_STATS, 0))->rs_len = 8; }
static void
c_stats_twice(void)
{
	struct dtioc_stat st;

	memset(&st, 0, sizeof(st));
	append(REC_STATS, &st, sizeof(st));
}
static void
c_clock_size(void)
{
	struct dtioc_clock cl;

	memset(&cl, 0, sizeof(cl));
	append(REC_CLOCK, &cl, sizeof(cl) - 8);
}
static void
c_ksyms_good(void) { appendtext(REC_KSYMS, ksyms); }
static void
c_ksyms_line(void) { appendtext(REC_KSYMS, "ffffffff81000000 _stext\n"); }
static void
c_ksyms_order(void)
{
	appendtext(REC_KSYMS, "ffffffff81000010 t b\nffffffff81000000 t a\n");
}
static void
c_ksyms_mod(void)
{
	appendtext(REC_KSYMS, "ffffffffa0000000 t f\t[mod\n");
}
static void
c_ksyms_twice(void)
{
	appendtext(REC_KSYMS, ksyms);
	appendtext(REC_KSYMS, ksyms);
}
static void
c_ksyms_nul(void) { append(REC_KSYMS, ksyms, sizeof(ksyms)); }
static void
c_ksyms_noeol(void) { appendtext(REC_KSYMS, "ffffffff81000000 t a"); }
static void
c_usyms_good(void) { appendtext(REC_USYMS, usyms); }
static void
c_usyms_pid(void) { appendtext(REC_USYMS, "map 1000 2000 0 /bin/ls\n"); }
static void
c_usyms_twice(void)
{
	appendtext(REC_USYMS, usyms);
	appendtext(REC_USYMS, usyms);
}
static void
c_usyms_map(void)
{
	appendtext(REC_USYMS, "pid 200\nmap 2000 1000 0 /bin/ls\n");
}
static void
c_usyms_overlap(void)
{
	appendtext(REC_USYMS, "pid 200\nmap 1000 2000 0 /bin/ls\n"
	    "map 1800 3000 0 /bin/sh\n");
}
static void
c_usyms_sym(void)
{
	appendtext(REC_USYMS, "pid 200\nmap 1000 2000 0 /bin/ls\n1000 main\n");
}
static void
c_usyms_order(void)
{
	appendtext(REC_USYMS, "pid 200\nmap 1000 2000 0 /bin/ls\n"
	    "1100 10 b\n1000 200 a\n");
}
static void
c_usyms_nomap(void) { appendtext(REC_USYMS, "pid 200\n1000 10 main\n"); }
/* The text of the first format (sys_enter_openat's), and its length. */
static char *
fmt_text(size_t *lenp)
{
	size_t off = section(REC_FORMAT, 0);

	*lenp = header(off)->rs_len - sizeof(struct rec_format);
	return (char *)buf + off + sizeof(struct rec_format);
}

/* Where `what' is in the first format's text. */
static char *
fmt_find(const char *what)
{
	size_t n;
	char *text = fmt_text(&n), *p;

	if ((p = memmem(text, n, what, strlen(what))) == NULL)
		errx(1, "no \"%s\" in the format", what);
	return p;
}

static void
c_fmt_short(void) { header(section(REC_FORMAT, 0))->rs_len = 4; }
static void
c_fmt_pad(void)
{
	((struct rec_format *)(buf + section(REC_FORMAT, 0)))->rfm_pad = 1;
}
static void
c_fmt_probe(void)
{
	((struct rec_format *)(buf + section(REC_FORMAT, 0)))->rfm_pbn = 9;
}
static void
c_fmt_notevent(void)
{
	((struct dtioc_probe_info *)(buf +
	    section(REC_PROBE, 0)))->dtpi_flags = 0;
}
static void
c_fmt_twice(void)
{
	size_t off = section(REC_FORMAT, 0);

	append(REC_FORMAT, buf + off, header(off)->rs_len);
}
static void
c_fmt_name(void) { fmt_find("openat\n")[5] = 'x'; }
static void
c_fmt_cut(void)
{
	size_t off = section(REC_FORMAT, 0);

	header(off)->rs_len = fmt_find("offset:24") - (char *)buf - off;
}
static void
c_fmt_noprint(void)
{
	size_t off = section(REC_FORMAT, 0);

	header(off)->rs_len = fmt_find("print fmt") - (char *)buf - off;
}
static void
c_fmt_noformat(void) { fmt_find("format:")[0] = 'F'; }
static void
c_fmt_field(void) { memcpy(fmt_find("offset:24"), "offsat", 6); }
static void
c_fmt_decl(void) { fmt_find("int flags;")[3] = 'x'; }
static void
c_fmt_line(void) { memcpy(fmt_find("\tfield:int flags"), "\tfiled", 6); }
static void
c_fmt_nul(void) { fmt_find("umode_t")[2] = '\0'; }

static void
c_events_empty(void) { append(REC_EVENTS, "", 0); }
static void
c_no_events(void)
{
	size_t a = section(REC_EVENTS, 0) - sizeof(struct rec_sec);
	size_t b = section(REC_STATS, 0) - sizeof(struct rec_sec);

	memmove(buf + a, buf + b, len - b);
	len -= b - a;
}
static void
c_events_all_empty(void)
{
	c_no_events();
	append(REC_EVENTS, "", 0);
}

/* mkrec's kernel data recording (kd_*): its fetches and results. */
static struct rec_fetch *
kd_fetches(void)
{
	return (struct rec_fetch *)(buf + section(REC_FETCH, 0));
}
static struct dt_evt_fetch *
kd_result(int nth)
{
	struct dt_evt_fetch *ef = dt_evt_fetch_first(event(0));

	while (nth-- > 0)
		ef = dt_evt_fetch_next(ef);
	return ef;
}
static void
c_kd_fetch_probe(void) { kd_fetches()->rfe_pbn = 99; }
static void
c_kd_fetch_count(void) { kd_fetches()->rfe_nfetch = DTMAXFETCH + 1; }
static void
c_kd_fetch_size(void) { kd_fetches()->rfe_nfetch = 2; }
static void
c_kd_fetch_twice(void)
{
	size_t off = section(REC_FETCH, 0);

	append(REC_FETCH, buf + off, header(off)->rs_len);
}
static void
c_kd_fetch_differs(void)
{
	((struct dtioc_fetch *)(kd_fetches() + 1))[1].dtfe_len = 4;
}
static void
c_kd_ev_nfetch(void) { event(0)->dtev_nfetch = DTMAXFETCH + 1; }
static void
c_kd_ev_more(void) { event(0)->dtev_nfetch = 4; }
static void
c_kd_res_idx(void) { kd_result(1)->dtef_idx = 3; }
static void
c_kd_res_flags(void) { kd_result(0)->dtef_flags = 0x80; }
static void
c_kd_res_len(void) { kd_result(1)->dtef_len = 2000; }
static void
c_kd_res_nul(void)
{
	struct dt_evt_fetch *ef = kd_result(2);

	dt_evt_fetch_data(ef)[ef->dtef_len] = 'X';
}
static void
c_kd_res_pad(void) { kd_result(0)->dtef_pad[1] = 1; }

static const struct {
	const char	*name;
	void		(*fn)(void);
} cases[] = {
#define C(n)	{ #n, c_##n }
	C(empty), C(short), C(magic), C(endian), C(version),
	C(sec_cut), C(sec_long), C(sec_unpadded), C(sec_pad), C(sec_type),
	C(probe_short), C(probe_id), C(probe_twice), C(probe_nargs),
	C(probe_name), C(probe_noprov), C(arg_pbn), C(arg_argn), C(arg_name),
	C(ev_len_big), C(ev_len_odd), C(ev_len_small), C(ev_tail),
	C(ev_flags), C(ev_nargs), C(ev_nargs_whole), C(ev_nargs_long), C(ev_args_noflag),
	C(ev_kstack), C(ev_kstack_noflag), C(ev_ustack_deep), C(ev_nstrs),
	C(ev_nstrs_more), C(ev_comm), C(ev_pad), C(ev_probe),
	C(str_len), C(str_len_over), C(str_nul), C(str_argn), C(str_flags),
	C(str_short), C(stats_size), C(stats_twice), C(clock_size),
	C(ksyms_good), C(ksyms_line), C(ksyms_order), C(ksyms_mod),
	C(ksyms_twice), C(ksyms_nul), C(ksyms_noeol),
	C(usyms_good), C(usyms_pid), C(usyms_twice), C(usyms_map),
	C(usyms_overlap), C(usyms_sym), C(usyms_order), C(usyms_nomap),
	C(events_empty), C(no_events), C(events_all_empty),
	C(fmt_short), C(fmt_pad), C(fmt_probe), C(fmt_notevent),
	C(fmt_twice), C(fmt_name), C(fmt_cut), C(fmt_noprint),
	C(fmt_noformat), C(fmt_field), C(fmt_decl), C(fmt_line), C(fmt_nul),
	C(version_old),
	C(kd_fetch_probe), C(kd_fetch_count), C(kd_fetch_size),
	C(kd_fetch_twice), C(kd_fetch_differs), C(kd_ev_nfetch),
	C(kd_ev_more), C(kd_res_idx), C(kd_res_flags), C(kd_res_len),
	C(kd_res_nul), C(kd_res_pad),
#undef C
};

int
main(int argc, char *argv[])
{
	FILE *fp;
	size_t i;

	if (argc == 2 && strcmp(argv[1], "-l") == 0) {
		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
			puts(cases[i].name);
		return 0;
	}
	if (argc != 4)
		errx(2, "usage: mkbad -l | mkbad name in out");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (strcmp(cases[i].name, argv[1]) == 0)
			break;
	if (i == sizeof(cases) / sizeof(cases[0]))
		errx(2, "%s: no such case", argv[1]);
	if ((fp = fopen(argv[2], "rb")) == NULL)
		err(1, "%s", argv[2]);
	cap = 1 << 20;
	if ((buf = calloc(1, cap)) == NULL)
		err(1, NULL);
	len = fread(buf, 1, cap - 4096, fp);
	fclose(fp);
	cases[i].fn();
	if ((fp = fopen(argv[3], "wb")) == NULL)
		err(1, "%s", argv[3]);
	if (fwrite(buf, 1, len, fp) != len || fclose(fp) == EOF)
		err(1, "%s", argv[3]);
	return 0;
}
