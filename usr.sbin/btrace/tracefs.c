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

/* The number after "key:" in s, or -1 if none or beyond any record. */
static int
field_num(const char *s, const char *key)
{
	const char *p;
	char *end;
	long v;

	if ((p = strstr(s, key)) == NULL)
		return -1;
	p += strlen(key);
	errno = 0;
	v = strtol(p, &end, 10);
	if (end == p || errno != 0 || v < 0 || v > DTMAXRECWORDS * 8)
		return -1;
	return v;
}

/*
 * One "field:DECL;\toffset:N;\tsize:N;\tsigned:N;" line into f; 0 if it
 * is not one, or is a common_* field.
 */
static int
parse_field(char *line, struct tf_field *f)
{
	char *decl, *semi, *name, *br;

	if ((decl = strstr(line, "field:")) == NULL ||
	    (semi = strchr(decl, ';')) == NULL)
		return 0;
	decl += 6;
	*semi = '\0';
	if ((br = strchr(decl, '[')) != NULL && br > decl &&
	    strncmp(decl, "__data_loc", 10) != 0 &&
	    strncmp(decl, "__rel_loc", 9) != 0)
		*br = '\0';	/* char NAME[16]: the name before [ */
	else
		br = NULL;
	if ((name = strrchr(decl, ' ')) == NULL)
		return 0;
	*name++ = '\0';
	if (*name == '\0' || strncmp(name, "common_", 7) == 0 ||
	    strlen(name) >= DTNAMESIZE)
		return 0;
	memset(f, 0, sizeof(*f));
	snprintf(f->f_name, sizeof(f->f_name), "%s", name);
	snprintf(f->f_type, sizeof(f->f_type), "%s%s", decl,
	    br != NULL ? "[]" : "");
	f->f_off = field_num(semi + 1, "offset:");
	f->f_size = field_num(semi + 1, "size:");
	f->f_signed = field_num(semi + 1, "signed:") == 1;
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

static struct tf_format *
read_format(const char *system, const char *event)
{
	const char *root;
	struct tf_format *fm;
	struct tf_field f;
	char path[512], *line = NULL;
	size_t cap = 0, fcap = 0;
	FILE *fp;

	if ((root = tracefs_root(NULL, 0)) == NULL ||
	    strchr(system, '/') != NULL || strchr(event, '/') != NULL ||
	    strcmp(system, "..") == 0 || strcmp(event, "..") == 0)
		return NULL;
	snprintf(path, sizeof(path), "%s/events/%s/%s/format", root, system,
	    event);
	if ((fp = fopen(path, "r")) == NULL)
		return NULL;
	if ((fm = calloc(1, sizeof(*fm))) == NULL)
		err(1, NULL);
	while (getline(&line, &cap, fp) > 0) {
		if (strncmp(line, "print fmt:", 10) == 0)
			break;
		if (!parse_field(line, &f))
			continue;
		GROW(fm->fm_fields, fm->fm_nfields, fcap);
		fm->fm_fields[fm->fm_nfields++] = f;
	}
	free(line);
	fclose(fp);
	return fm;
}

struct tf_cached {
	char			 key[2 * DTNAMESIZE + 2];
	struct tf_format	*fm;
};

struct tf_format *
tracefs_format(const char *system, const char *event)
{
	static struct names cache;
	struct tf_cached *c;
	char key[2 * DTNAMESIZE + 2];

	snprintf(key, sizeof(key), "%s:%s", system, event);
	if ((c = names_get(&cache, key)) != NULL)
		return c->fm;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		err(1, NULL);
	memcpy(c->key, key, sizeof(c->key));
	c->fm = read_format(system, event);
	names_put(&cache, c->key, c);
	return c->fm;
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
