# Casts to pointers to types named by words, as bpftrace's scripts write
# them: (unsigned char *), (int *), (const int *) (const dropped),
# (unsigned char **) for join(), an element through one; the fetch each
# compiles to (-n -vv).  What is not such a cast keeps its meaning:
# sizeof(int *), a parenthesized product, an integer cast (uint8).
# Then the errors: a type BTF does not have (bt(5)'s uint8 is the
# kernel's u8), and '( a * )', no expression.
$BTRACE -n -vv -e 'kprobe:f {
	printf("%s %d %d\n", str((unsigned char *)arg0), *(int *)arg1,
	    sizeof(int *));
	join((unsigned char **)arg2);
	@x = (3 * 4); @y = ( arg0 * 2 ); @z = (uint8)arg0;
	@w = *(const int *)arg0; @v = ((unsigned char*)arg3)[2] }' 2>&1
echo "status $?"
for s in 'kprobe:f { @ = *(nosuch *)arg0 }' \
    'kprobe:f { @ = *(uint8 *)arg0 }' \
    'kprobe:f { @ = (arg0 *) }'; do
	$BTRACE -n -e "$s" 2>&1
	echo "status $?"
done
