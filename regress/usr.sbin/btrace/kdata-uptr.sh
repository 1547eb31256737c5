# A system call's user pointer followed without a cast (shown by -n -vv),
# as naptime.bt reads args->rqtp->tv_sec: typed from BTF by the kernel's
# prototype (struct __kernel_timespec *, which the test BTF has), read
# in user memory ("user"), from the record's word; two members share
# one fetch.  Where tracefs has no format, btrace's own of the system
# calls' events is used (sysfmt.c).  One rule may serve events that hold
# the field at different words (nanosleep's rqtp, clock_nanosleep's):
# each probe reads its own.  Then the errors: a field pointing to
# different types in a rule's events, and read's buf, a char * the test
# BTF lacks.
BTRACE_TRACEFS=$TMP/none $BTRACE -n -vv -e '
tracepoint:syscalls:sys_enter_nanosleep { printf("%d %d\n", args->rqtp->tv_sec, args->rqtp->tv_nsec) }' 2>&1
echo "status $?"
BTRACE_TRACEFS=$TMP/none $BTRACE -n -vv -e '
tracepoint:syscalls:sys_enter_nanosleep, tracepoint:syscalls:sys_enter_clock_nanosleep { printf("%d\n", args->rqtp->tv_sec) }' 2>&1 | grep tv_sec
echo "status $?"
BTRACE_TRACEFS=$TMP/none $BTRACE -n -e '
tracepoint:syscalls:sys_enter_read, tracepoint:syscalls:sys_enter_fstatfs { printf("%d\n", args->buf->x) }
tracepoint:syscalls:sys_enter_read { printf("%d\n", args->buf->x) }' 2>&1
echo "status $?"
