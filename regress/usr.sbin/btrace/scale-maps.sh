# 100,000 maps with keys, each given a count(), then printed at the end:
# names are hashed, so this finishes in time.
awk 'BEGIN {
	print "BEGIN {"
	for (i = 0; i < 100000; i++)
		printf("\t@m%d[%d] = count();\n", i, i)
	print "\t@m99999[99999] = count();"
	print "}"
}' >"$TMP/maps.bt"
$BTRACE "$TMP/maps.bt" >"$TMP/out"
echo "status $?"
wc -l <"$TMP/out"
grep -c '^@m\([0-9]*\)\[\1\]: 1$' "$TMP/out"
grep -v ': 1$' "$TMP/out"
