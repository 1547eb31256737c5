# 3000 keys: hash table growth, sorting, print(@m, N), clear, hist at scale
awk 'BEGIN {
	print "BEGIN {"
	for (i = 0; i < 3000; i++)
		printf("\t@m[%d] = sum(%d); @c[%d %% 7] = count(); @h = hist(%d); @s[\"k%d\"] = %d;\n", i, i, i, i, i, i)
	print "\tprint(@m, 3);"
	print "\tprintf(\"%d %d %s\\n\", @m[1234], @s[\"k2999\"], \"done\");"
	print "\tclear(@m);"
	print "\tclear(@s);"
	print "}"
}' >"$TMP/large.bt"
$BTRACE "$TMP/large.bt"
echo "status $?"
