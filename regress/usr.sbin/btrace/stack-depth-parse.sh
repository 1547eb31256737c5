# kstack(N) and ustack(N) take a depth (checked with -n: no kernel here)
$BTRACE -n -e 'syscall:openat:entry { @k[kstack(5)] = count(); @u[ustack(2), kstack] = count(); @c[ustack] = count() }'
echo "status $?"
