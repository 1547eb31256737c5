/* SPDX-License-Identifier: ISC */
/*
 * Recordings: btrace -w writes the raw events of a program's probes and
 * what evaluating them later needs; btrace -r evaluates any program over
 * such a file, without the kernel.
 *
 * The file is a header followed by sections, each a struct rec_sec and
 * rs_len bytes padded to 8.  Integers are in the recording host's byte
 * order (the header says which).
 *
 * Replay needs no privilege, so a recording is untrusted input: the
 * reader checks every field before anything uses it, and a bad one is
 * an error naming the file and the offset of the field.
 */

#ifndef REC_H
#define REC_H

#include <stddef.h>
#include <stdint.h>

#define REC_MAGIC	"BTREC\n\032"	/* 8 bytes with the NUL */
#define REC_VERSION	3	/* 2: REC_FORMAT; 3: REC_FETCH */
#define REC_VERSION_MIN	1	/* the oldest this btrace reads */
#define REC_ENDIAN	0x01020304U

struct rec_hdr {
	char		rh_magic[8];
	uint32_t	rh_version;
	uint32_t	rh_endian;
};

enum rec_type {
	REC_PROBE = 1,	/* struct dtioc_probe_info, then its dtioc_arg_info */
	REC_EVENTS,	/* one read(2) worth of struct dt_evt */
	REC_KSYMS,	/* the kernel symbols the stacks use, kallsyms format */
	REC_USYMS,	/* text: "pid N", then per mapping "map START END
			   BIAS PATH" and its "ADDR SIZE NAME" lines, hex */
	REC_STATS,	/* struct dtioc_stat at the end of recording */
	REC_CLOCK,	/* struct dtioc_clock */
	REC_FORMAT,	/* struct rec_format, then the text of the
			   format of the probe's trace event as
			   tracefs has it (DTPI_RECORD probes) */
	REC_FETCH,	/* struct rec_fetch, then the struct dtioc_fetch
			   the probe was given (DTIOCPRBFETCH), in order */
};

/*
 * The kernel data reads of a probe described before: the events' fetch
 * results are theirs, by index.  A replayed program must read the same.
 */
struct rec_fetch {
	uint32_t	rfe_pbn;
	uint32_t	rfe_nfetch;	/* at most DTMAXFETCH */
};

/*
 * A trace event probe (DTPI_RECORD) is written without an argument
 * table: its fields are those of the format that follows the clock.
 */
struct rec_format {
	uint32_t	rfm_pbn;	/* described by a REC_PROBE before */
	uint32_t	rfm_pad;
};

struct rec_sec {
	uint32_t	rs_type;
	uint32_t	rs_pad;
	uint64_t	rs_len;
};

/* Writing (-w). */
void	rec_create(const char *);
void	rec_write(enum rec_type, const void *, size_t, const void *, size_t);
void	rec_close(void);

/* Reading (-r): walk the sections of a whole file in memory. */
struct rec_file {
	const char	*rf_path;
	unsigned char	*rf_buf;
	size_t		 rf_len;
	size_t		 rf_off;	/* of the next section */
	size_t		 rf_secoff;	/* of the last section's contents */
};

void	rec_open(struct rec_file *, const char *);
void	rec_rewind(struct rec_file *);
int	rec_next(struct rec_file *, enum rec_type *, const unsigned char **,
	    size_t *);
void	rec_fail(const struct rec_file *, size_t, const char *, ...)
	    __attribute__((__noreturn__, __format__(__printf__, 3, 4)));

/*
 * One raw event as dt(4) lays it out (dtvar.h), in `room' bytes: 0 if
 * every count and length in it is consistent with its length and the
 * ABI's limits, else -1 with a message and the offset of the bad field
 * from the start of the event.  The words of arguments may be as many
 * as a trace event's record has (DTMAXRECWORDS): the caller, which
 * knows the probe, checks that others have at most DTMAXFUNCARGS.  Whatever the source of the event, code
 * that walks its sections may do so once this said 0.
 */
struct dt_evt;
int	rec_evt_check(const struct dt_evt *, size_t, char *, size_t,
	    size_t *);

#endif /* REC_H */
