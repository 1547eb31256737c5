# bpftrace's fentry, kfunc and f name a kernel function's entry, fexit,
# kretfunc and fr its return: kprobe probes, typed from BTF the same way
# (the test BTF's do_thing); a module may be named; arguments at the
# return are an error that says how to keep them
for p in fentry f kfunc; do
	$BTRACE -n -e "$p:do_thing { printf(\"%d %d\\n\", args.n, args.f->q) }"
	echo "$p: status $?"
done
$BTRACE -n -e 'fentry:vmlinux:do_thing { @[probe] = count() }'
echo "module: status $?"
for p in fexit fr kretfunc; do
	$BTRACE -n -e "$p:do_thing { @ = hist(retval) }"
	echo "$p: status $?"
done
$BTRACE -n -e 'fexit:do_thing { @ = args.n }' 2>&1
echo "status $?"
$BTRACE -n -e 'fentry:do_thing { @ = args.nosuch }' 2>&1
echo "status $?"
