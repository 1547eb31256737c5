# args.NAME of a trace event (tracepoint:SYSTEM:EVENT) is checked before
# anything runs, -n too, against the fields of the event's format in
# tracefs (here the copy the runner gives in BTRACE_TRACEFS): a name it
# lacks is an error naming the fields, with the closest; a string field
# (char pointer, char array, __data_loc) is a string, others integers.
$BTRACE -n -e 'tracepoint:syscalls:sys_enter_openat { printf("%s\n", str(args.filenme)) }'
echo "status $?"
$BTRACE -n -e 'tracepoint:sched:sched_switch { printf("%d\n", args.prev_com) }'
echo "status $?"
$BTRACE -n -e 'tracepoint:sched:sched_process_exec { @[args.filename] = count(); @n = sum(args.filename) }'
echo "status $?"
# Accepted: every field, of every kind.
$BTRACE -n -e 'tracepoint:syscalls:sys_enter_openat { printf("%d %s %d %d %d\n", args.dfd, args.filename, args.flags, args.mode, args.__syscall_nr) }
    tracepoint:syscalls:sys_exit_openat { @[args.ret] = count() }
    tracepoint:sched:sched_switch { printf("%s %d %d %d %s %d %d\n", args.prev_comm, args.prev_pid, args.prev_prio, args.prev_state, args.next_comm, args.next_pid, args.next_prio) }
    tracepoint:net:net_dev_queue { @[args.name] = sum(args.len) }'
echo "status $?"
# Wildcards and events without a format are left to the kernel.
$BTRACE -n -e 'tracepoint:syscalls:sys_enter_* { @[args.anything] = count() }
    tracepoint:nosuch:event { @[args.whatever] = count() }'
echo "status $?"
# Without tracefs the syscalls events are known from the headers' table
# of system calls, as the kernel makes them: __syscall_nr and the
# arguments, or ret; strings are strings.
BTRACE_TRACEFS=/nonexistent $BTRACE -n -e 'tracepoint:syscalls:sys_enter_openat { printf("%s\n", str(args.filenme)) }'
echo "status $?"
BTRACE_TRACEFS=/nonexistent $BTRACE -n -e 'tracepoint:syscalls:sys_exit_openat { @[args.rett] = count() }'
echo "status $?"
BTRACE_TRACEFS=/nonexistent $BTRACE -n -e 'tracepoint:syscalls:sys_enter_openat { @n = sum(args.filename) }'
echo "status $?"
BTRACE_TRACEFS=/nonexistent $BTRACE -n -e 'tracepoint:syscalls:sys_enter_openat { printf("%s %d %d %d %d\n", str(args.filename), args.dfd, args.flags, args.mode, args.__syscall_nr) }
    tracepoint:syscalls:sys_exit_read { @[args.ret] = count() }'
echo "status $?"
# Other events without tracefs: nothing is known, left to the kernel.
BTRACE_TRACEFS=/nonexistent $BTRACE -n -e 'tracepoint:sched:sched_switch { printf("%s\n", args.prev_comn) }'
echo "status $?"
# bpftrace's older spelling args->NAME, args then a pointer to the
# record, is args.NAME: checked the same way.
$BTRACE -n -e 'tracepoint:syscalls:sys_enter_openat { printf("%s\n", str(args->filenme)) }'
echo "status $?"
$BTRACE -n -e 'tracepoint:sched:sched_switch { @[args->prev_comm, args->next_pid] = count() }'
echo "status $?"
