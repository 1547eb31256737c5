/*
 * tracepoint: every curated probe is listed with its argument count,
 * and DTIOCGARGS gives each argument's name and type in order.
 */

#define _GNU_SOURCE

#include <sys/ioctl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dtt.h"

struct expect {
	const char	*func;
	const char	*name;
	const char	*args;	/* "name:type,..." */
};

static const struct expect probes[] = {
	{ "sched", "sched_switch", "prev_comm:const char *,prev_pid:pid_t,"
	    "prev_prio:int,prev_state:unsigned int,next_comm:const char *,"
	    "next_pid:pid_t,next_prio:int,prev_tgid:pid_t,next_tgid:pid_t,"
	    "preempt:bool" },
	{ "sched", "sched_wakeup", "comm:const char *,pid:pid_t,prio:int,"
	    "target_cpu:int,tgid:pid_t" },
	{ "sched", "sched_wakeup_new", "comm:const char *,pid:pid_t,"
	    "prio:int,target_cpu:int,tgid:pid_t" },
	{ "sched", "sched_process_fork", "parent_comm:const char *,"
	    "parent_pid:pid_t,child_comm:const char *,child_pid:pid_t,"
	    "parent_tgid:pid_t,child_tgid:pid_t" },
	{ "sched", "sched_process_exec", "filename:const char *,pid:pid_t,"
	    "old_pid:pid_t,tgid:pid_t" },
	{ "sched", "sched_process_exit", "comm:const char *,pid:pid_t,"
	    "prio:int,tgid:pid_t,exit_code:int" },
	{ "sched", "on__cpu", "" },
	{ "sched", "off__cpu", "tid:pid_t,pid:pid_t" },
	{ "sched", "sleep", "" },
	{ "sched", "wakeup", "tid:pid_t,pid:pid_t" },
	{ "sched", "enqueue", "tid:pid_t,pid:pid_t" },
	{ "signal", "signal_generate", "sig:int,errno:int,code:int,"
	    "comm:const char *,pid:pid_t,group:int,result:int,tgid:pid_t" },
	{ "signal", "signal_deliver", "sig:int,errno:int,code:int,"
	    "sa_handler:unsigned long,sa_flags:unsigned long" },
	{ "raw_syscalls", "sys_enter", "id:long,arg0:unsigned long,"
	    "arg1:unsigned long,arg2:unsigned long,arg3:unsigned long,"
	    "arg4:unsigned long,arg5:unsigned long" },
	{ "raw_syscalls", "sys_exit", "id:long,ret:long" },
	{ "block", "block_rq_issue", "dev:dev_t,sector:sector_t,"
	    "nr_sector:unsigned int,bytes:unsigned int,rwbs:const char *,"
	    "cmd_flags:unsigned int" },
	{ "block", "block_rq_complete", "dev:dev_t,sector:sector_t,"
	    "nr_sector:unsigned int,error:int,rwbs:const char *,"
	    "cmd_flags:unsigned int" },
	{ "kmem", "kmalloc", "call_site:unsigned long,ptr:const void *,"
	    "bytes_req:size_t,bytes_alloc:size_t,gfp_flags:gfp_t,node:int" },
	{ "kmem", "kfree", "call_site:unsigned long,ptr:const void *" },
	{ "exceptions", "page_fault_user", "address:unsigned long,"
	    "ip:unsigned long,error_code:unsigned long" },
	{ "exceptions", "page_fault_kernel", "address:unsigned long,"
	    "ip:unsigned long,error_code:unsigned long" },
};

/* The arguments of probe id as "name:type,...". */
static char *
getargs(int fd, uint32_t id, int *nargs)
{
	struct dtioc_arg ar;
	struct dtioc_arg_info *ai;
	size_t i, n, len = 1;
	char *s;

	memset(&ar, 0, sizeof(ar));
	ar.dtar_pbn = id;
	REQUIRE(ioctl(fd, DTIOCGARGS, &ar) == 0, "DTIOCGARGS size: %s",
	    dtt_errname(errno));
	n = ar.dtar_size / sizeof(*ai);
	ai = calloc(n + 1, sizeof(*ai));
	REQUIRE(ai != NULL, "calloc");
	ar.dtar_args = (uintptr_t)ai;
	if (n > 0)
		REQUIRE(ioctl(fd, DTIOCGARGS, &ar) == 0, "DTIOCGARGS: %s",
		    dtt_errname(errno));
	for (i = 0; i < n; i++)
		len += strlen(ai[i].dtai_argname) +
		    strlen(ai[i].dtai_argtype) + 2;
	s = calloc(1, len);
	REQUIRE(s != NULL, "calloc");
	for (i = 0; i < n; i++) {
		CHECK(ai[i].dtai_pbn == id && ai[i].dtai_argn == i,
		    "probe %u argument %zu: listed as probe %u argument %u",
		    id, i, ai[i].dtai_pbn, ai[i].dtai_argn);
		if (i > 0)
			strcat(s, ",");
		strcat(s, ai[i].dtai_argname);
		strcat(s, ":");
		strcat(s, ai[i].dtai_argtype);
	}
	free(ai);
	*nargs = (int)n;
	return s;
}

int
main(void)
{
	const struct expect *e;
	uint32_t id;
	size_t i;
	char *got;
	int fd, n;

	fd = dtt_open();
	for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		e = &probes[i];
		id = dtt_probe(fd, "tracepoint", e->func, e->name);
		got = getargs(fd, id, &n);
		CHECK(strcmp(got, e->args) == 0, "tracepoint:%s:%s: arguments"
		    "\n\t%s\n    want\n\t%s", e->func, e->name, got, e->args);
		CHECK(dtt_probe_nargs(fd, id) == n, "tracepoint:%s:%s: listed"
		    " with %d arguments, DTIOCGARGS gives %d", e->func,
		    e->name, dtt_probe_nargs(fd, id), n);
		free(got);
	}
	close(fd);
	return dtt_done();
}
