# bpftrace's names of kernel function probes are accepted by -n: k:F,
# kprobe:F, kr:F, kretprobe:F, kprobe:MODULE:F, wildcards too; dt's
# kprobe:F:entry and :return still, a near miss of those an error
# (kprobe:vfs_read:exit is function exit of module vfs_read); other
# shapes are errors.
$BTRACE -n -e 'k:vfs_read, kprobe:vfs_write, kr:vfs_read, kretprobe:vfs_write,
    kprobe:ext4:ext4_file_open, kprobe:vfs_*, k:*_read,
    kprobe:vfs_read:entry, kprobe:vfs_read:return { @[probe, func] = count() }'
echo "status $?"
for p in 'kr:vfs_read:entry' 'k:' 'kprobe:a:b:c' 'kprobe:vfs_read:entyr' 'kprobe:vfs_read:exit'; do
	$BTRACE -n -e "$p { }"
	echo "status $?"
done
