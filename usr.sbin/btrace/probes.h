/*
 * Kernel probes as btrace(8) sees them, and event dispatch.
 */

#ifndef PROBES_H
#define PROBES_H

#include <stddef.h>
#include <stdint.h>

#include "bt_parser.h"

struct kprobe_desc {
	uint32_t	 kp_id;
	const char	*kp_prov;
	const char	*kp_func;
	const char	*kp_name;
	int		 kp_nargs;
	unsigned int	 kp_flags;	/* DTPI_* */
};

struct dentry {
	struct rule	**de_rules;
	size_t		  de_n;
};

struct dispatch {
	struct dentry	*d_tab;		/* indexed by probe id */
	size_t		 d_size;
};

int	probe_match(const struct probe *, const struct kprobe_desc *, int);
int	probe_is_pattern(const struct probe *);
int	probe_list_match(const char *, const struct kprobe_desc *);
void	dispatch_add(struct dispatch *, uint32_t, struct rule *);
const struct dentry *dispatch_get(const struct dispatch *, uint32_t);

#endif /* PROBES_H */
