# 100,000 END blocks: the first duplicate is reported, once, and checking
# stops there for that kind instead of reporting each of the others.
cd "$TMP" || exit 1
awk 'BEGIN {
	print "BEGIN { printf(\"not run\\n\") }"
	for (i = 0; i < 100000; i++)
		print "END {}"
	print "BEGIN {}"
	print "BEGIN {}"
}' >ends.bt
$BTRACE ends.bt
echo "status $?"
