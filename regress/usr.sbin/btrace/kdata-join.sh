# join(): the strings of an argument vector, read when the probe fires
# by one "strv" fetch (shown by -n -vv): a system call's vector in user
# memory (args.argv of the sys_enter_exec* events, whose records hold
# it at different words, found for each probe; arg1 of syscall:execve),
# a user function's argument, and kernel data typed char **.  Then the
# errors: a field or argument that is no vector, a non-literal
# separator, no probe, a value that is no vector at all, a pointer of
# another type.
cd "$TMP" || exit 1
cp "$(command -v "$BTRACE")" prog
export BTRACE_TRACEFS=$TMP/none
$BTRACE -n -vv -e '
tracepoint:syscalls:sys_enter_exec* { join(args.argv) }
syscall:execve:entry { join(arg1, ",") }
uprobe:./prog:main { join(arg1) }
kprobe:vfs_read { join(((struct vec *)arg0)->argv, "") }' 2>&1 | grep join
echo "status $?"
for s in 'tracepoint:syscalls:sys_enter_exec* { join(args.filename) }' \
    'tracepoint:syscalls:sys_enter_execve { join(args.nosuch) }' \
    'syscall:open*:entry { join(arg1) }' \
    'kprobe:vfs_read { join(arg1) }' \
    'syscall:execve:entry { join(retval) }' \
    'syscall:execve:entry { join(arg1, 3) }' \
    'BEGIN { join(arg1) }' \
    'syscall:execve:entry { join(5) }' \
    'kprobe:vfs_read { join((struct inner *)arg0) }' \
    'kprobe:vfs_read { join(((struct vec *)arg0)->argc) }'; do
	$BTRACE -n -e "$s" 2>&1
	echo "status $?"
done
