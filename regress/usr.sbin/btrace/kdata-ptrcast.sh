# Casts to pointers to types named by words, as bpftrace's scripts write
# them: (unsigned char *), (int *), (const int *) (const dropped),
# (unsigned char **) for join(), an element through one; the fetch each
# compiles to (-n -vv).  What is not such a cast keeps its meaning:
# sizeof(int *), a parenthesized product, an integer cast (uint8).
# Then the errors: a type BTF does not have (bt(5)'s uint8 is the
# kernel's u8), and '( a * )', no expression.
cd "$TMP" || exit 1
$BTRACE -n -vv -e 'kprobe:f {
	printf("%s %d %d\n", str((unsigned char *)arg0), *(int *)arg1,
	    sizeof(int *));
	join((unsigned char **)arg2);
	@x = (3 * 4); @y = ( arg0 * 2 ); @z = (uint8)arg0;
	@w = *(const int *)arg0; @v = ((unsigned char*)arg3)[2] }' 2>&1
echo "status $?"
# A cast of an address a probe's word holds plus or minus a constant,
# as issue 10 writes *(long *)(arg1 + 8): from argN, from retval, the
# constant worked out (offsetof(...) + 4); through a user probe's it
# is the process's memory.
$BTRACE -n -vv -e 'kprobe:f { @a = *(long *)(arg1 + 8);
	@b = ((struct outer *)(arg0 + 16))->x;
	@c = *(int *)(arg1 + (offsetof(struct outer, in) + 4)) }
kretprobe:f { @d = ((struct later *)(retval - 2))->r->q }' 2>&1
echo "status $?"
cp "$(command -v "$BTRACE")" prog
$BTRACE -n -vv -e 'uprobe:./prog:main { @a = *(long *)(arg1 + 8) }' 2>&1
echo "status $?"
for s in 'kprobe:f { @ = *(nosuch *)arg0 }' \
    'kprobe:f { @ = *(uint8 *)arg0 }' \
    'kprobe:f { @ = (arg0 *) }'; do
	$BTRACE -n -e "$s" 2>&1
	echo "status $?"
done
