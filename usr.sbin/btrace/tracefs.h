/* SPDX-License-Identifier: ISC */
/*
 * The kernel's trace events as tracefs describes them: the list of
 * events (available_events) and each event's record format, for the
 * probes of providers with DTPV_TRACEFS (dev/dt/dtvar.h).
 */

#ifndef TRACEFS_H
#define TRACEFS_H

#include <stddef.h>
#include <stdint.h>

#include <dev/dt/dtvar.h>

/* How a field of a record is read. */
enum tf_kind {
	TF_INT,		/* an integer of 1, 2, 4 or 8 bytes */
	TF_CHARS,	/* char NAME[N]: a string of at most N bytes */
	TF_DATALOC,	/* __data_loc char[]: a string later in the record */
	TF_RELLOC,	/* __rel_loc char[]: the same, from the field's end */
	TF_USTR,	/* a char pointer at a word dt can copy a user
			   string at: the kernel copies it */
	TF_OTHER,	/* arrays, other locations: the first 8 bytes */
};

struct tf_field {
	char		 f_name[DTNAMESIZE];
	char		 f_type[DTNAMESIZE];	/* as the format has it */
	int		 f_off, f_size, f_signed;
	enum tf_kind	 f_kind;
	char		*f_buf;			/* the string, for decoding */
	size_t		 f_bufsize;
};

struct tf_format {
	struct tf_field	*fm_fields;	/* the event's own, common_* not */
	int		 fm_nfields;
	char		*fm_text;	/* the format file, for recordings */
	size_t		 fm_textlen;
};

/* The first line of a format not as tracefs writes it. */
struct tf_parse_err {
	size_t		 pe_off;	/* in the text */
	const char	*pe_why;	/* NULL: none */
};

/*
 * The directory tracefs is mounted on: $BTRACE_TRACEFS if set (a copy
 * of one, for tests), else /sys/kernel/tracing, mounted there first if
 * it is not and we may.  NULL if there is none, with the reason and
 * what to do in msg.
 */
const char	*tracefs_root(char *, size_t);

/* tracefs is not to be read (replaying a recording), or not mounted (-n). */
void		 tracefs_disable(void);
void		 tracefs_dont_mount(void);

/* Call fn for each "SYSTEM:EVENT" of available_events; -1 if unreadable. */
int		 tracefs_events(void (*)(const char *, const char *, void *),
		    void *);

/* The format of SYSTEM:EVENT, parsed once; NULL if it has none. */
struct tf_format *tracefs_format(const char *, const char *);

/*
 * The format in the `len' bytes of text (a format file as tracefs has
 * it, or as a recording holds it), never NULL.  Fields that cannot be
 * read are left out, as are common_* fields and those beyond the record
 * dt copies; the first line tracefs would not have written, if any, is
 * told in *pe.  The text is kept in fm_text.
 */
struct tf_format *tracefs_parse(const char *, size_t, struct tf_parse_err *);

/* Make fm the format of SYSTEM:EVENT (replay: as recorded). */
void		 tracefs_format_set(const char *, const char *,
		    struct tf_format *);

/*
 * The format of syscalls:sys_enter_NAME or sys_exit_NAME as the kernel
 * makes it, from the system call table of the headers (sysfmt.c), for
 * checks when tracefs cannot be read; NULL for other events.
 */
struct tf_format *sysfmt_format(const char *, const char *);

/* Index of field `name' of the format, or -1. */
int		 tracefs_field(const struct tf_format *, const char *);

/*
 * Mark in `bytes' (DTMAXRECWORDS * 8 of them, DTRB_* of dev/dt/dtvar.h)
 * the bytes of the record field `idx' is decoded from; *lenp grows to
 * cover them.
 */
void		 tracefs_want(const struct tf_format *, int, uint8_t *,
		    size_t *);

/*
 * Fill the values and strings of the event's fields from its record,
 * `nwords' words: vals[i] and strs[i] (NULL unless a string) for the
 * first n fields.  ustrs[w] is the string the kernel copied at word w,
 * or NULL.
 */
void		 tracefs_decode(struct tf_format *, const uint64_t *, size_t,
		    const char *const *, int64_t *, const char **, int);

#endif /* TRACEFS_H */
