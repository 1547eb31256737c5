# 100,000 global variables: each name is found in constant time, so the
# program is checked and run well within the time limit.
awk 'BEGIN {
	print "BEGIN {"
	for (i = 0; i < 100000; i++)
		printf("\t@g%d = %d;\n", i, i)
	print "\tprintf(\"%d %d\\n\", @g0 + @g99999, @g50000);"
	print "}"
}' >"$TMP/globals.bt"
$BTRACE "$TMP/globals.bt"
