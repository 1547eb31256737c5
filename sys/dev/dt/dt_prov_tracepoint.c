// SPDX-License-Identifier: ISC OR GPL-2.0
/*
 * dt(4) tracepoint provider: PLACEHOLDER, to be replaced by the tracepoint provider's
 * author.  It registers nothing so that the module builds meanwhile.
 */
#include "dt_prov.h"

int
dt_prov_tracepoint_init(void)
{
	return 0;
}

void
dt_prov_tracepoint_fini(void)
{
}
