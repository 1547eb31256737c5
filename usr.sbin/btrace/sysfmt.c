/* SPDX-License-Identifier: ISC */
/*
 * The formats of the syscalls trace events (syscalls:sys_enter_NAME,
 * syscalls:sys_exit_NAME) without tracefs, made from the system call
 * table of the kernel headers (sysargs.c) as the kernel makes them:
 * __syscall_nr, then each argument in a word of its own, or ret.  For
 * checking args.NAME when tracefs cannot be read (-n on a host without
 * it); events are decoded with tracefs's own formats only.
 */

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "sysargs.h"
#include "tracefs.h"

#define SYSFMT_ENTER	"sys_enter_"
#define SYSFMT_EXIT	"sys_exit_"

/* The system call whose kernel entry point is called `name'. */
static const struct sysargs *
sysfmt_call(const char *name)
{
	const struct sysargs *sa;
	size_t i;

	for (i = 0; i < sysargs_count; i++) {
		sa = &sysargs_table[i];
		if (strcmp(sa->entry != NULL ? sa->entry : sa->syscall,
		    name) == 0)
			return sa->nargs >= 0 ? sa : NULL;
	}
	return NULL;
}

struct tf_format *
sysfmt_format(const char *system, const char *event)
{
	static struct names made;
	const struct sysargs *sa;
	struct tf_parse_err pe;
	struct tf_format *fm;
	char text[2048], *key;
	int n = 0, i, enter;

	if (strcmp(system, "syscalls") != 0)
		return NULL;
	if ((fm = names_get(&made, event)) != NULL)
		return fm;
	enter = strncmp(event, SYSFMT_ENTER, strlen(SYSFMT_ENTER)) == 0;
	if (!enter && strncmp(event, SYSFMT_EXIT, strlen(SYSFMT_EXIT)) != 0)
		return NULL;
	if ((sa = sysfmt_call(event + strlen(enter ? SYSFMT_ENTER :
	    SYSFMT_EXIT))) == NULL)
		return NULL;
	n = snprintf(text, sizeof(text), "name: %s\nID: 0\nformat:\n"
	    "\tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;\n",
	    event);
	for (i = 0; enter && i < sa->nargs; i++)
		n += snprintf(text + n, sizeof(text) - n, "\tfield:%s %s;\t"
		    "offset:%d;\tsize:8;\tsigned:0;\n", sa->args[i].type,
		    sa->args[i].name, 16 + 8 * i);
	if (!enter)
		n += snprintf(text + n, sizeof(text) - n, "\tfield:long ret;\t"
		    "offset:16;\tsize:8;\tsigned:1;\n");
	n += snprintf(text + n, sizeof(text) - n, "\nprint fmt: \"\"\n");
	if (n < 0 || (size_t)n >= sizeof(text))
		return NULL;
	fm = tracefs_parse(text, n, &pe);
	if ((key = strdup(event)) == NULL)
		err(1, NULL);
	names_put(&made, key, fm);
	return fm;
}
