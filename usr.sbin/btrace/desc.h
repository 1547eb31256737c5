/* SPDX-License-Identifier: ISC */
/*
 * Probe descriptions: what the kernel, or a recording, says about each
 * probe (its names, its arguments' names and types), and what this run
 * enables it with.  Indexed by probe id.
 */

#ifndef DESC_H
#define DESC_H

#include <stddef.h>
#include <stdint.h>

#include <dev/dt/dtvar.h>

#include "btrace.h"
#include "probes.h"
#include "tracefs.h"

struct dtprobe {
	struct kprobe_desc	 kp;
	struct dtioc_probe_info	 info;		/* as the kernel gave it */
	char			 fullname[3 * DTNAMESIZE + 3];
	uint32_t		 flags;		/* DTEVT_* to record */
	uint16_t		 strargs;	/* strings to copy */
	uint64_t		 nsecs;		/* profile/interval period */
	int			 enabled;
	struct dtioc_arg_info	*argtab;	/* as the kernel gave it */
	char			(*argnames)[DTNAMESIZE];
	char			(*argtypes)[DTNAMESIZE];
	int			 nargnames;	/* entries of the three above,
						   argnames NULL: not known */
	struct tf_format	*fmt;		/* DTPI_RECORD: its fields */
	uint8_t			*recbytes;	/* DTPI_RECORD: DTRB_* of the
						   bytes read, reclen of them */
	size_t			 reclen;
	uint8_t			 argwidth[BT_NARGS];	/* ARG_* */
	const char		*argnamev[BT_NARGS];	/* into argnames */
	int			 fetchsite[DTMAXFETCH];	/* kernel data read
							   (kdata.c n_fetch) */
	uint8_t			 fetchargn[DTMAXFETCH];	/* a source that
						   is a record's field: its
						   word in this probe */
	int			 nfetch;
	struct usdt_args	*usdt;		/* a USDT marker: where its
						   argN are */
	const struct dtioc_fetch *recfetch;	/* -r: the recording's */
	int			 nrecfetch;
};

/*
 * The kernel records whole registers; an argument of a 32-bit type is
 * only the low half of one, whatever the upper half holds.
 */
enum {
	ARG_64 = 0,
	ARG_S32,		/* int: sign-extended */
	ARG_U32,		/* unsigned int: zero-extended */
};

void		 probe_set(const struct dtioc_probe_info *);
/*
 * Name a probe as the program wrote it (a user probe, whose kernel
 * name is its file's inode): PROV:FILE:FUNC, its func FUNC.
 */
void		 probe_rename(struct dtprobe *, const char *, const char *,
		    const char *);
void		 probe_set_args(struct dtprobe *, const struct dtioc_arg_info *,
		    size_t);
void		 probe_set_format(struct dtprobe *, struct tf_format *);
uint16_t	 probe_strwords(const struct dtprobe *, int);
struct dtprobe	*probe_get(uint32_t);
struct dtprobe	*probe_next(const struct dtprobe *);	/* NULL: first */
int		 probe_argindex(const struct dtprobe *, const char *);
int		 is_string_arg(const struct dtprobe *, int);
int		 needs_flag(uint32_t);
int		 probe_funcarg(const struct dtprobe *);
/*
 * Kernel data read i of probe p as the kernel is given it: its source
 * a record's field is that field's word in this probe.
 */
void		 probe_fetch(const struct dtprobe *, int, struct dtioc_fetch *);
int		 needs_funcarg(void);

#endif /* DESC_H */
