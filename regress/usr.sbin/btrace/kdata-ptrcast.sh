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
# container_of as bpftrace's tools write it: an address cast to an
# 8-byte integer, then an offset in bytes, not in objects of its type
# (against $p - 1, forty bytes back); a 4-byte cast is no address.
$BTRACE -n -vv -e 'kprobe:f { $p = (struct outer *)arg1;
	@a = ((struct outer *)((int64)$p - 8))->x;
	@b = ((struct outer *)($p - 1))->x;
	@c = ((struct outer *)((uint64)arg0 - offsetof(struct outer, in)))->x;
	@e = ((struct outer *)((uint64)$p->p - 4))->x }' 2>&1
echo "status $?"
$BTRACE -n -e 'kprobe:f { @ = ((struct outer *)((uint32)arg0 - 8))->x }' 2>&1
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
