# ksym() and kaddr() over a kallsyms file (BTRACE_KALLSYMS, as tests do)
cat > "$TMP/kallsyms" <<'K'
ffffffff81000000 T _stext
ffffffff81000100 T vfs_read
ffffffff81000200 t helper_fn
ffffffff81000300 D some_data
ffffffffc0000000 t mod_fn	[mymod]
K
export BTRACE_KALLSYMS="$TMP/kallsyms"
$BTRACE -e 'BEGIN {
	printf("%s %s %s\n", ksym(0xffffffff81000104), ksym(kaddr("helper_fn") + 8),
	    ksym(0xffffffffc0000010));
	printf("%x %s %x\n", kaddr("vfs_read"), ksym(5), kaddr("some_data"));
	@[ksym(kaddr("vfs_read"))] = count();
}'
echo "status $?"
$BTRACE -e 'BEGIN { printf("%x\n", kaddr("no_such_fn")) }'
echo "status $?"
BTRACE_KALLSYMS="$TMP/none" $BTRACE -e 'BEGIN { printf("%s\n", ksym(0xffffffff81000104)) }' 2>&1 | sed "s|$TMP|TMP|"
