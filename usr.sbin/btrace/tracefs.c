/* SPDX-License-Identifier: ISC */
/*
 * The kernel's trace events as tracefs describes them (tracefs.h): where
 * tracefs is, the list of events, each event's format and the decoding
 * of its records into fields.
 */

#include <sys/mount.h>
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "names.h"
#include "tracefs.h"
#include "util.h"

#define TRACEFS_DIR	"/sys/kernel/tracing"

static int	tracefs_off, tracefs_nomount;

void
tracefs_disable(void)
{
	tracefs_off = 1;
}

void
tracefs_dont_mount(void)
{
	tracefs_nomount = 1;
}

const char *
tracefs_root(char *msg, size_t msgsize)
{
	static const char *root;
	static char why[1024];
	const char *env;
	char path[512];

	if (root != NULL)
		return root;
	if (tracefs_off) {
		snprintf(why, sizeof(why), "trace events are not read from "
		    "tracefs when replaying");
		goto fail;
	}
	if (why[0] != '\0')
		goto fail;
	if ((env = getenv("BTRACE_TRACEFS")) != NULL && *env != '\0') {
		snprintf(path, sizeof(path), "%s/available_events", env);
		if (access(path, R_OK) == 0)
			return root = env;
		snprintf(why, sizeof(why), "%s: %s (BTRACE_TRACEFS)", path,
		    strerror(errno));
		goto fail;
	}
	if (access(TRACEFS_DIR "/available_events", R_OK) == 0)
		return root = TRACEFS_DIR;
	/* As bpftrace needs it there, mount it there if we may. */
	if (!tracefs_nomount && geteuid() == 0 && mount("nodev", TRACEFS_DIR, "tracefs", 0,
	    NULL) == 0 && access(TRACEFS_DIR "/available_events", R_OK) == 0)
		return root = TRACEFS_DIR;
	snprintf(why, sizeof(why), "tracefs is not mounted on %s (as root: "
	    "mount -t tracefs nodev %s)", TRACEFS_DIR, TRACEFS_DIR);
fail:
	if (msg != NULL)
		snprintf(msg, msgsize, "%s", why);
	return NULL;
}

int
tracefs_events(void (*fn)(const char *, const char *, void *), void *arg)
{
	const char *root;
	char path[512], *line = NULL, *colon;
	size_t cap = 0;
	ssize_t len;
	FILE *fp;

	if ((root = tracefs_root(NULL, 0)) == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/available_events", root);
	if ((fp = fopen(path, "r")) == NULL)
		return -1;
	while ((len = getline(&line, &cap, fp)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if ((colon = strchr(line, ':')) == NULL)
			continue;
		*colon = '\0';
		fn(line, colon + 1, arg);
	}
	free(line);
	fclose(fp);
	return 0;
}

/*
 * The number after "key:" in s: 0 and in *v, -1 if there is none; a
 * number beyond any record is -1 in *v.
 */
static int
field_num(const char *s, const char *key, int *v)
{
	const char *p;
	char *end;
	long n;

	if ((p = strstr(s, key)) == NULL)
		return -1;
	p += strlen(key);
	if (*p < '0' || *p > '9')
		return -1;
	errno = 0;
	n = strtol(p, &end, 10);
	if (*end != ';')
		return -1;
	*v = errno != 0 || n > DTMAXRECWORDS * 8 ? -1 : (int)n;
	return 0;
}

/*
 * One "field:DECL;\toffset:N;\tsize:N;\tsigned:N;" line into f: 1, or
 * 0 for a field left out (common_*, a name longer than dt's, beyond
 * the record dt copies), or -1 if the line is not one tracefs writes,
 * with the reason in why.
 */
static int
parse_field(char *line, struct tf_field *f, const char **why)
{
	char *decl, *semi, *name, *br;
	int off, size, sgn;

	decl = line + strspn(line, " \t") + 6;
	if ((semi = strchr(decl, ';')) == NULL) {
		*why = "no ';' after the declaration";
		return -1;
	}
	*semi = '\0';
	if (field_num(semi + 1, "offset:", &off) == -1 ||
	    field_num(semi + 1, "size:", &size) == -1 ||
	    field_num(semi + 1, "signed:", &sgn) == -1) {
		*why = "not \"offset:N;\", \"size:N;\" and \"signed:N;\"";
		return -1;
	}
	if ((br = strchr(decl, '[')) != NULL && br > decl &&
	    strncmp(decl, "__data_loc", 10) != 0 &&
	    strncmp(decl, "__rel_loc", 9) != 0)
		*br = '\0';	/* char NAME[16]: the name before [ */
	else
		br = NULL;
	if ((name = strrchr(decl, ' ')) == NULL || name[1] == '\0') {
		*why = "a declaration without a type and a name";
		return -1;
	}
	*name++ = '\0';
	if (strncmp(name, "common_", 7) == 0 || strlen(name) >= DTNAMESIZE)
		return 0;
	memset(f, 0, sizeof(*f));
	snprintf(f->f_name, sizeof(f->f_name), "%s", name);
	snprintf(f->f_type, sizeof(f->f_type), "%s%s", decl,
	    br != NULL ? "[]" : "");
	f->f_off = off;
	f->f_size = size;
	f->f_signed = sgn == 1;
	if (f->f_off < 0 || f->f_size <= 0 ||
	    f->f_off + f->f_size > DTMAXRECWORDS * 8)
		return 0;

	if (strncmp(decl, "__data_loc", 10) == 0 ||
	    strncmp(decl, "__rel_loc", 9) == 0) {
		if (strstr(decl, "char[]") == NULL)
			f->f_kind = TF_OTHER;
		else
			f->f_kind = decl[2] == 'd' ? TF_DATALOC : TF_RELLOC;
	} else if (br != NULL) {
		f->f_kind = strcmp(decl, "char") == 0 ||
		    strcmp(decl, "unsigned char") == 0 ||
		    strcmp(decl, "const char") == 0 ? TF_CHARS : TF_OTHER;
	} else if (strstr(decl, "char") != NULL && strchr(decl, '*') != NULL &&
	    strstr(decl, "**") == NULL && f->f_size == 8 && f->f_off % 8 == 0 &&
	    f->f_off / 8 < DTMAXFUNCARGS) {
		f->f_kind = TF_USTR;
	} else if (f->f_size == 1 || f->f_size == 2 || f->f_size == 4 ||
	    f->f_size == 8) {
		f->f_kind = TF_INT;
	} else {
		f->f_kind = TF_OTHER;
	}
	switch (f->f_kind) {
	case TF_CHARS:
		f->f_bufsize = f->f_size + 1;
		break;
	case TF_DATALOC:
	case TF_RELLOC:
		f->f_bufsize = DTMAXRECWORDS * 8 + 1;
		break;
	default:
		break;
	}
	if (f->f_bufsize != 0 && (f->f_buf = malloc(f->f_bufsize)) == NULL)
		err(1, NULL);
	return 1;
}

/* The first line of the text not as tracefs writes it, if none yet. */
static void
parse_bad(struct tf_parse_err *pe, size_t off, const char *why)
{
	if (pe->pe_why == NULL) {
		pe->pe_off = off;
		pe->pe_why = why;
	}
}

/*
 * A format file is "name: EVENT", "ID: N", "format:", the field lines
 * (blank lines between), then "print fmt: ..." on one line.
 */
struct tf_format *
tracefs_parse(const char *text, size_t len, struct tf_parse_err *pe)
{
	struct tf_format *fm;
	struct tf_field f;
	const char *why, *nl;
	char *line;
	size_t off, n, fcap = 0;
	int infields = 0, printfmt = 0, r;

	pe->pe_off = 0;
	pe->pe_why = NULL;
	if ((fm = calloc(1, sizeof(*fm))) == NULL ||
	    (fm->fm_text = malloc(len + 1)) == NULL ||
	    (line = malloc(len + 1)) == NULL)
		err(1, NULL);
	memcpy(fm->fm_text, text, len);
	fm->fm_text[len] = '\0';
	fm->fm_textlen = len;
	if (len < 6 || strncmp(text, "name: ", 6) != 0)
		parse_bad(pe, 0, "not \"name: EVENT\" first");
	for (off = 0; off < len && !printfmt; off += n) {
		nl = memchr(text + off, '\n', len - off);
		n = nl != NULL ? (size_t)(nl - (text + off)) + 1 : len - off;
		memcpy(line, text + off, n);
		line[nl != NULL ? n - 1 : n] = '\0';
		if (nl == NULL)
			parse_bad(pe, off, "the last line does not end");
		if (memchr(line, '\0', nl != NULL ? n - 1 : n) != NULL)
			parse_bad(pe, off, "a NUL in the text");
		if (strncmp(line, "print fmt:", 10) == 0) {
			printfmt = 1;
			continue;
		}
		if (!infields) {
			infields = strcmp(line, "format:") == 0;
			if (strncmp(line + strspn(line, " \t"), "field:", 6) ==
			    0)
				parse_bad(pe, off, "a field before \"format:\"");
			continue;
		}
		if (line[strspn(line, " \t")] == '\0')
			continue;
		if (strncmp(line + strspn(line, " \t"), "field:", 6) != 0) {
			parse_bad(pe, off, "not a field line");
			continue;
		}
		if ((r = parse_field(line, &f, &why)) == -1)
			parse_bad(pe, off, why);
		if (r != 1)
			continue;
		if (fm->fm_nfields >= DTMAXRECWORDS * 8) {
			parse_bad(pe, off, "more fields than a record has "
			    "bytes");
			free(f.f_buf);
			continue;
		}
		GROW(fm->fm_fields, fm->fm_nfields, fcap);
		fm->fm_fields[fm->fm_nfields++] = f;
	}
	if (!infields)
		parse_bad(pe, len, "no \"format:\" line");
	else if (!printfmt)
		parse_bad(pe, len, "no \"print fmt:\" line after the fields");
	free(line);
	return fm;
}

/*
 * The file events/SYSTEM/EVENT/format, parsed; NULL if unreadable.
 * Lines tracefs would not write are left out (tracefs_parse()).
 */
static struct tf_format *
read_format(const char *system, const char *event)
{
	struct tf_parse_err pe;
	const char *root;
	char path[512], *text = NULL;
	size_t len = 0;
	FILE *fp, *mem;
	int c;

	if ((root = tracefs_root(NULL, 0)) == NULL ||
	    strchr(system, '/') != NULL || strchr(event, '/') != NULL ||
	    strcmp(system, "..") == 0 || strcmp(event, "..") == 0)
		return NULL;
	snprintf(path, sizeof(path), "%s/events/%s/%s/format", root, system,
	    event);
	if ((fp = fopen(path, "r")) == NULL)
		return NULL;
	/* tracefs files have no size: read to the end. */
	if ((mem = open_memstream(&text, &len)) == NULL)
		err(1, NULL);
	while ((c = getc(fp)) != EOF)
		putc(c, mem);
	fclose(fp);
	if (fclose(mem) == EOF)
		err(1, NULL);
	return tracefs_parse(text, len, &pe);
}

struct tf_cached {
	char			 key[2 * DTNAMESIZE + 2];
	struct tf_format	*fm;
};

static struct names	formats;	/* of struct tf_cached */

/* The entry of SYSTEM:EVENT in formats, a new one empty. */
static struct tf_cached *
format_entry(const char *system, const char *event, int *isnew)
{
	struct tf_cached *c;
	char key[2 * DTNAMESIZE + 2];

	snprintf(key, sizeof(key), "%s:%s", system, event);
	*isnew = 0;
	if ((c = names_get(&formats, key)) != NULL)
		return c;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		err(1, NULL);
	memcpy(c->key, key, sizeof(c->key));
	names_put(&formats, c->key, c);
	*isnew = 1;
	return c;
}

struct tf_format *
tracefs_format(const char *system, const char *event)
{
	struct tf_cached *c;
	int isnew;

	c = format_entry(system, event, &isnew);
	if (isnew)
		c->fm = read_format(system, event);
	return c->fm;
}

void
tracefs_format_set(const char *system, const char *event,
    struct tf_format *fm)
{
	int isnew;

	format_entry(system, event, &isnew)->fm = fm;
}

int
tracefs_field(const struct tf_format *fm, const char *name)
{
	int i;

	for (i = 0; i < fm->fm_nfields; i++)
		if (strcmp(fm->fm_fields[i].f_name, name) == 0)
			return i;
	return -1;
}

void
tracefs_want(const struct tf_format *fm, int idx, uint8_t *bytes,
    size_t *lenp)
{
	const struct tf_field *f;
	int i, len;

	if (idx < 0 || idx >= fm->fm_nfields)
		return;
	f = &fm->fm_fields[idx];
	/* As tracefs_decode() reads it: a string whole, else 8 bytes. */
	len = f->f_kind == TF_CHARS || f->f_size < 8 ? f->f_size : 8;
	for (i = 0; i < len; i++)
		if (bytes[f->f_off + i] == DTRB_SKIP)
			bytes[f->f_off + i] = DTRB_WANT;
	if (f->f_kind == TF_DATALOC)
		bytes[f->f_off] = DTRB_DATALOC;
	else if (f->f_kind == TF_RELLOC)
		bytes[f->f_off] = DTRB_RELLOC;
	if ((size_t)(f->f_off + len) > *lenp)
		*lenp = f->f_off + len;
}

/* The integer of `size' bytes at `off', sign-extended if `sgn'. */
static int64_t
rec_int(const unsigned char *rec, int off, int size, int sgn)
{
	union { int8_t i8; int16_t i16; int32_t i32; int64_t i64; } u;

	u.i64 = 0;
	memcpy(&u, rec + off, size > 8 ? 8 : size);
	switch (size) {
	case 1:
		return sgn ? (int64_t)u.i8 : (int64_t)(uint8_t)u.i8;
	case 2:
		return sgn ? (int64_t)u.i16 : (int64_t)(uint16_t)u.i16;
	case 4:
		return sgn ? (int64_t)u.i32 : (int64_t)(uint32_t)u.i32;
	default:
		return u.i64;
	}
}

/* Bytes [start, start + len) of the record as a string, cut at its NUL. */
static const char *
rec_str(struct tf_field *f, const unsigned char *rec, size_t reclen,
    size_t start, size_t len)
{
	if (start > reclen)
		start = len = 0;
	if (len > reclen - start)
		len = reclen - start;	/* a record cut at DTMAXRECWORDS */
	if (len > f->f_bufsize - 1)
		len = f->f_bufsize - 1;
	memcpy(f->f_buf, rec + start, len);
	f->f_buf[len] = '\0';
	return f->f_buf;
}

void
tracefs_decode(struct tf_format *fm, const uint64_t *words, size_t nwords,
    const char *const *ustrs, int64_t *vals, const char **strs, int n)
{
	const unsigned char *rec = (const unsigned char *)words;
	size_t reclen = nwords * 8;
	struct tf_field *f;
	uint32_t loc;
	int i;

	for (i = 0; i < n && i < fm->fm_nfields; i++) {
		f = &fm->fm_fields[i];
		vals[i] = 0;
		strs[i] = NULL;
		if ((size_t)f->f_off + (f->f_size > 8 ? 8 : f->f_size) >
		    reclen)
			continue;
		vals[i] = rec_int(rec, f->f_off, f->f_size, f->f_signed);
		switch (f->f_kind) {
		case TF_CHARS:
			strs[i] = rec_str(f, rec, reclen, f->f_off, f->f_size);
			break;
		case TF_DATALOC:
		case TF_RELLOC:
			loc = (uint32_t)vals[i];
			strs[i] = rec_str(f, rec, reclen, (loc & 0xffff) +
			    (f->f_kind == TF_RELLOC ? f->f_off + f->f_size :
			    0), loc >> 16);
			break;
		case TF_USTR:
			strs[i] = ustrs[f->f_off / 8];
			break;
		default:
			break;
		}
	}
}
