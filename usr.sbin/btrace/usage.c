/* SPDX-License-Identifier: ISC */
/*
 * What btrace says about its command line: the usage after a mistake,
 * the help of -h, the version of -V (the tree's VERSION file).
 */

#include <stdio.h>
#include <stdlib.h>

#include "btrace.h"

#ifndef BTRACE_VERSION
#define BTRACE_VERSION	"unknown"	/* built without the Makefile */
#endif

static const char synopsis[] =
    "usage: btrace [-hLlnqUVv] [-b size] [-c command] [-f format] [-o file]\n"
    "              [-p pid] [-r recording | -w recording]\n"
    "              programfile | -e program [argument ...]\n"
    "       btrace -l [-v] [pattern ...]\n"
    "       btrace -h | -V\n";

/* After a mistake of the command line, already named. */
void
usage(void)
{
	fputs(synopsis, stderr);
	fputs("Run 'btrace -h' for the options and examples.\n", stderr);
	exit(1);
}

/* -h, --help */
void
help(void)
{
	fputs(synopsis, stdout);
	fputs("\n"
	    "Run bt(5) programs over the events of dt(4): the running kernel "
	    "and its\nprocesses.\n"
	    "\n"
	    "  -b size        bytes of each CPU's event buffer (K, M suffixes;"
	    " 64K to 64M)\n"
	    "  -c command     run command once tracing is on; trace only it "
	    "and its children\n"
	    "  -e program     the program itself, rather than a programfile\n"
	    "  -f format      output as text (the default), json, folded or svg "
	    "stacks\n"
	    "  -h, --help     print this help and exit\n"
	    "  -L             lossless: traced tasks wait for btrace rather "
	    "than lose events\n"
	    "  -l             list the probes matching the patterns, or all\n"
	    "  -n             check the program and exit, without tracing\n"
	    "  -o file        write the output to file, not standard output\n"
	    "  -p pid         trace only the process pid, until it exits\n"
	    "  -q             quiet: no \"Attaching N probes...\" line on "
	    "standard error\n"
	    "  -r recording   run the program over a recording, not the "
	    "kernel\n"
	    "  -U, --unsafe   allow signal(), system() and user probes at "
	    "FUNCTION+OFFSET\n"
	    "  -V, --version  print the version and exit\n"
	    "  -v             verbose: argument names with -l, statistics at "
	    "exit\n"
	    "  -w recording   record the program's events, rather than "
	    "running it\n"
	    "\n"
	    "Examples:\n"
	    "  btrace -e 'syscall:openat:entry { printf(\"%s %s\\n\", comm, "
	    "str(arg1)) }'\n"
	    "  btrace -e 'syscall:read:entry { @[comm] = count() }'\n"
	    "  btrace -c 'ls /' -e 'syscall:*:entry { @[probe] = count() }'\n"
	    "  btrace -l 'syscall:open*'\n"
	    "  btrace -f svg -o profile.svg -e 'profile:hz:99 { @[kstack] = "
	    "count() }'\n"
	    "\n"
	    "See btrace(8) and bt(5).\n", stdout);
	exit(fflush(stdout) == EOF ? 1 : 0);
}

/* -V, --version */
void
version(void)
{
	printf("btrace %s\n", BTRACE_VERSION);
	exit(fflush(stdout) == EOF ? 1 : 0);
}
