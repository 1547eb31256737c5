/* Test headers for #include (headers.c): a few constants, as a kernel
   header defines them, among lines btrace must leave alone. */
#ifndef _TEST_SCHED_H
#define _TEST_SCHED_H
#define TASK_RUNNING			0x00000000
#define TASK_INTERRUPTIBLE		0x00000001	/* sleeping */
#define TASK_UNINTERRUPTIBLE		0x00000002
#define TASK_NORMAL			(TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)
#define TASK_REPORT_MAX			(TASK_UNINTERRUPTIBLE << 1)
#define task_is_running(task)		(READ_ONCE((task)->__state) == TASK_RUNNING)
#define TASK_COMM_NAME			"comm"
#define TASK_UNKNOWN			(TASK_NOSUCH | 1)
#define PF_KTHREAD			0x00200000UL // kernel thread
#define MAX_NICE	19
struct task_struct;
#endif
