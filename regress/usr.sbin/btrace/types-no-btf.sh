# Without the kernel's BTF, or with a broken file, sizeof and offsetof of
# kernel types say why, once, naming the file (and the offset in it);
# bt(5)'s own types need no BTF.  Kernel data through a kernel function's
# typed parameter says so too (it once passed the checks untyped and
# crashed when an event came: the debug kernel of make test-debug has no
# BTF).
printf 'BEGIN { printf("%%d %%d\\n", sizeof(struct outer), offsetof(struct outer, x)); }\n' >$TMP/k.bt
printf 'BEGIN { printf("%%d\\n", sizeof(uint16)); exit(); }\n' >$TMP/u.bt
printf 'not BTF at all, but long enough for a header' >$TMP/bad.btf
cd $TMP
for f in nosuch bad.btf; do
	BTRACE_BTF=$TMP/$f $BTRACE k.bt >out 2>&1
	echo "status $?" >>out
	sed "s#$TMP#TMP#g" out
done
BTRACE_BTF=$TMP/nosuch $BTRACE u.bt
printf 'kprobe:do_thing { printf("%%d\\n", args.f->q); }\n' >$TMP/a.bt
BTRACE_BTF=$TMP/nosuch $BTRACE -n a.bt >out 2>&1
echo "status $?" >>out
sed "s#$TMP#TMP#g" out
