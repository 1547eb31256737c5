// SPDX-License-Identifier: ISC OR GPL-2.0
/*
 * dt(4) kprobe provider: PLACEHOLDER, to be replaced by the kprobe provider's
 * author.  It registers nothing so that the module builds meanwhile.
 */
#include "dt_prov.h"

int
dt_prov_kprobe_init(void)
{
	return 0;
}

void
dt_prov_kprobe_fini(void)
{
}
