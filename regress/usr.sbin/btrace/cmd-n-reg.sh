# reg("name"), bpftrace's: a register of the probed context, the word of
# struct pt_regs dt(4) reads as the probe fires (-n -vv shows the
# fetch: its source, steps and read), as a value, read through in
# kernel memory at a kernel probe and in the process's at a user probe,
# and as str()'s pointer.  Errors: an unknown name (listing the names),
# a probe without registers (a trace event), BEGIN, a name not literal.
$BTRACE -n -vv -e 'kprobe:vfs_read, syscall:getppid:entry {
	printf("%x %d\n", reg("ip"), *(int *)(reg("sp") + 8)) }' 2>&1 |
    grep -v '^rule\|^}'
$BTRACE -n -vv -e 'uprobe:/bin/sh:0x10 { @[str(reg("di"))] = count();
	@o = reg("orig_ax") }' 2>&1 | grep -v '^rule\|^}'
$BTRACE -n -e 'kprobe:vfs_read { @ = reg("eip") }'
echo "status $?"
$BTRACE -n -e 'tracepoint:sched:sched_switch { @ = reg("ip") }'
echo "status $?"
$BTRACE -n -e 'BEGIN { @ = reg("ip") }'
echo "status $?"
$BTRACE -n -e 'kprobe:vfs_read { $r = "ip"; @ = reg($r) }'
echo "status $?"
