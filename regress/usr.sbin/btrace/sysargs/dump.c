/*
 * Check a generated sysargs.c against the promises of sysargs.h, then
 * print the table, one syscall a line, for the run script to compare:
 *
 *	name <TAB> nr <TAB> nargs <TAB> entry [<TAB> argname:type:kind]...
 *
 * Any broken promise is a line on stderr and exit status 1.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sysargs.h"

static int	bad;

static void
fail(const char *syscall, const char *why)
{
	fprintf(stderr, "dump: %s: %s\n", syscall, why);
	bad = 1;
}

static void
check_entry(size_t i)
{
	const struct sysargs *sa = &sysargs_table[i];
	const struct sysarg *a;
	int j, k;

	if (sa->syscall == NULL || sa->syscall[0] == '\0') {
		fail("?", "entry without a name");
		return;
	}
	if (i > 0 && strcmp(sysargs_table[i - 1].syscall, sa->syscall) >= 0)
		fail(sa->syscall, "not sorted after its predecessor");
	if (sysargs_lookup(sa->syscall) != sa)
		fail(sa->syscall, "sysargs_lookup does not find it");
	if (sa->nargs < -1 || sa->nargs > SYSARGS_MAX)
		fail(sa->syscall, "nargs out of range");
	if ((sa->nargs == -1) != (sa->entry == NULL))
		fail(sa->syscall, "entry is NULL exactly when nargs is -1");
	for (j = 0; j < SYSARGS_MAX; j++) {
		a = &sa->args[j];
		if (j >= sa->nargs) {
			if (a->name != NULL || a->type != NULL ||
			    a->kind != SA_NONE)
				fail(sa->syscall, "unused slot not empty");
			continue;
		}
		if (a->name == NULL || a->type == NULL || a->name[0] == '\0' ||
		    a->type[0] == '\0') {
			fail(sa->syscall, "argument without name or type");
			continue;
		}
		if (a->kind != SA_INT && a->kind != SA_UINT &&
		    a->kind != SA_USTR && a->kind != SA_UPTR)
			fail(sa->syscall, "argument of no kind");
		if (strstr(a->type, "__user") != NULL)
			fail(sa->syscall, "__user left in a type");
		if (a->kind == SA_USTR && strstr(a->type, "char *") == NULL)
			fail(sa->syscall, "string that is not a char *");
		for (k = 0; k < j; k++)
			if (strcmp(sa->args[k].name, a->name) == 0)
				fail(sa->syscall, "two arguments of one name");
		if (sysargs_index(sa, a->name) != j)
			fail(sa->syscall, "sysargs_index misses an argument");
	}
	if (sysargs_index(sa, "no_such_argument") != -1)
		fail(sa->syscall, "sysargs_index finds a bogus argument");
}

static void
print_entry(const struct sysargs *sa)
{
	int j;

	printf("%s\t%d\t%d\t%s", sa->syscall, sa->nr, sa->nargs,
	    sa->entry != NULL ? sa->entry : "-");
	for (j = 0; j < sa->nargs; j++)
		printf("\t%s:%s:%s", sa->args[j].name, sa->args[j].type,
		    sysargs_kindname(sa->args[j].kind));
	printf("\n");
}

int
main(void)
{
	size_t i;

	for (i = 0; i < sysargs_count; i++)
		check_entry(i);
	if (sysargs_table[sysargs_count].syscall != NULL)
		fail("table", "no NULL sentinel after sysargs_count entries");
	if (sysargs_lookup("no_such_syscall") != NULL ||
	    sysargs_lookup("") != NULL || sysargs_lookup("~") != NULL)
		fail("table", "sysargs_lookup finds a bogus name");
	if (sysargs_index(NULL, "fd") != -1)
		fail("table", "sysargs_index(NULL) is not -1");
	if (strcmp(sysargs_kindname(-1), "none") != 0)
		fail("table", "sysargs_kindname of a bad kind");
	if (sysargs_source[0] == '\0' && sysargs_count > 0)
		fail("table", "entries but no source named");
	for (i = 0; i < sysargs_count; i++)
		print_entry(&sysargs_table[i]);
	printf("count\t%zu\n", sysargs_count);
	return bad;
}
