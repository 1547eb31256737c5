# ++, -- and compound assignments on an aggregation: each mistake is
# reported once, whichever pass finds it.
for p in 'BEGIN { @m[1] = hist(1); @m[1]++ }' \
    'BEGIN { @m[1] = avg(1); @m[1] += 2 }' \
    'BEGIN { @m[1] = hist(1); $x = @m[1]++ }' \
    'BEGIN { @m[1] = stats(1); $x = @m[1]--; }'; do
	$BTRACE -n -e "$p"
	echo "status $?"
done
