# -n checks what it can without the kernel: providers, system calls, the
# entry/return of such providers, syscall arguments, timer rates; with a
# close name offered where there is one.  Wildcards are left to the kernel.
for p in 'intervl:s:1' 'sycall:read:entry' 'nosuch:x:y' 'syscall:opne:entry' \
    'syscall:read:entyr' 'kprobe:vfs_read:entyr' 'syscall:read:finish' \
    'interval:sec:1' 'profile:hz:0'; do
	$BTRACE -n -e "$p { @ = count() }"
	echo "status $?"
done
$BTRACE -n -e 'syscall:openat:entry { printf("%s\n", args.filenam) }'
echo "status $?"
$BTRACE -n -e 'sycall:read:entry, syscall:writ:return, syscall:read:entry {}'
echo "status $?"
# Accepted: known names, and wildcards anywhere.
$BTRACE -n -e 'syscall:read:entry, syscall:write:return, kprobe:vfs_read:entry,
    tracepoint:sched:sched_switch, interval:ms:10, profile:hz:97,
    *:read:entry, sys*:read:entry, syscall:re?d:entry, syscall:read:*,
    syscall:[rw]*:entry { @ = count() }'
echo "status $?"
