/*
 * What dt.c (enabling and reading), record.c (-w and -r) and drops.c
 * (reports of lost events) share: the probe table and the descriptor.
 */

#ifndef DTINT_H
#define DTINT_H

#include <stddef.h>
#include <stdint.h>

#include <dev/dt/dtvar.h>

#include "btrace.h"
#include "probes.h"

#define PATH_DEVDT	"/dev/dt"

struct dtprobe {
	struct kprobe_desc	 kp;
	char			 fullname[3 * DTNAMESIZE + 3];
	uint32_t		 flags;		/* DTEVT_* to record */
	uint16_t		 strargs;	/* strings to copy */
	uint64_t		 nsecs;		/* profile/interval period */
	int			 enabled;
	char			(*argnames)[DTNAMESIZE];
	char			(*argtypes)[DTNAMESIZE];
	int			 nargnames;
	uint8_t			 argwidth[BT_NARGS];	/* ARG_*, dt.c */
	const char		*argnamev[BT_NARGS];	/* into argnames */
};

extern int			 dtfd;
extern struct dtprobe		*probes;	/* indexed by probe id */
extern size_t			 nprobeids;
extern struct dtioc_stat	 laststat;	/* at the last report */
extern int			 replaying;	/* -r: events from a file */
extern int			 recording;	/* -w: events to a file */

/* dt.c */
void		 dt_ioctl(unsigned long, void *, const char *);
void		 dt_load_probes(void);
void		 probe_set(const struct dtioc_probe_info *);
void		 probe_set_args(struct dtprobe *, const struct dtioc_arg_info *,
		    size_t);
struct dtioc_arg_info *dt_fetch_args(uint32_t, size_t *);
int		 is_string_arg(const struct dtprobe *, int);
int		 needs_flag(uint32_t);
void		 load_kernel_syms(const char *);
enum eval_status dispatch_buffer(char *, size_t, int);

/* record.c */
void		 record_probe(const struct dtprobe *);
void		 record_all_args(struct dtprobe *);
void		 record_events(const char *, size_t);
const char	*replay_path(void);

/* drops.c */
void		 report_drops(void);

#endif /* DTINT_H */
