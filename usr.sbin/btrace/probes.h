/* SPDX-License-Identifier: ISC */
/*
 * Kernel probes as btrace(8) sees them, and event dispatch.
 */

#ifndef PROBES_H
#define PROBES_H

#include <stddef.h>
#include <stdint.h>

#include "btrace.h"

struct kprobe_desc {
	uint32_t	 kp_id;
	const char	*kp_prov;
	const char	*kp_func;
	const char	*kp_name;
	int		 kp_nargs;
	unsigned int	 kp_flags;	/* DTPI_* */
};

int	probe_match(const struct probe *, const struct kprobe_desc *, int);
int	probe_is_pattern(const struct probe *);
int	probe_func_pattern(const struct probe *);
int	probe_list_match(const char *, const struct kprobe_desc *);
int	probe_list_match_name(const char *, const char *);

/* Which rules an event of each probe goes to. */
void	dispatch_add(uint32_t, struct rule *);
int	dispatch_wanted(uint32_t);
enum eval_status dispatch_event(const struct bt_event *);

#endif /* PROBES_H */
