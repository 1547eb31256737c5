# One rule with 100,001 probes, checked with -n: the probe list is built
# without walking it for each probe.
awk 'BEGIN {
	printf("syscall:read:entry")
	for (i = 0; i < 100000; i++)
		printf(",\nsyscall:write:entry")
	print " { @[probe] = count() }"
}' >"$TMP/probes.bt"
$BTRACE -n "$TMP/probes.bt"
echo "status $?"
