# Kernel variables by address (shown by -n -vv): kaddr("name") of a
# variable, found in kallsyms beyond its functions, is a fetch's source
# (DTFS_ADDR): `*' of the untyped address reads the 64-bit word there,
# `+ 8' adds bytes to it (loads.bt's *($avenrun + 8)), and the three
# words share one fetch; a cast gives it a type, and `+ 1' on a typed
# pointer adds one object (16 bytes of struct later), as in C.  Then
# str() of an address or of a local holding one reads the string
# there; the mistakes, each at its place.
cat > "$TMP/kallsyms" <<'K'
ffffffff81000000 T _stext
ffffffff81000100 T do_thing
ffffffff82000040 D avenrun
ffffffff82000080 d local_data
K
export BTRACE_KALLSYMS="$TMP/kallsyms"
$BTRACE -n -vv -e 'kprobe:do_thing {
	$a = kaddr("avenrun");
	printf("%d %d %d\n", *$a, *($a + 8), *($a + 16));
	printf("%d\n", ((struct later *)kaddr("local_data"))->r->q);
	$p = (struct later *)arg0;
	printf("%d %d\n", ($p + 1)->q, (*($p - 2)).q);
	$b = (struct later *)kaddr("local_data");
	printf("%s %s %d\n", str(kaddr("avenrun")), str($a), $b->q);
}'
echo "status $?"
$BTRACE -n -e 'kprobe:do_thing {
	$s = "avenrun";
	printf("%d\n", *kaddr($s));
	printf("%d\n", *kaddr("nosuch"));
	printf("%d\n", *(arg0 * 2));
	printf("%d\n", *($a + arg1));
	printf("%d\n", ((struct outer *)arg0)->in + 1);
}' 2>&1
echo "status $?"
