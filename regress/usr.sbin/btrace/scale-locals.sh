# 100,000 local variables in one rule, looked up by a hash.
awk 'BEGIN {
	print "BEGIN {"
	for (i = 0; i < 100000; i++)
		printf("\t$l%d = %d;\n", i, i)
	print "\tprintf(\"%d %d\\n\", $l0 + $l99999, $l50000);"
	print "}"
}' >"$TMP/locals.bt"
$BTRACE "$TMP/locals.bt"
