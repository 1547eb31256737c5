# -b size: bytes, K, M or G; out of 64K..64M or not a size is refused,
# naming the value, with status 1; a good size lets BEGIN-only run
for s in 64K 1M 64M 65536 1m; do
	$BTRACE -b $s -e 'BEGIN { printf("ok %s\n", "'$s'"); exit() }'
	echo "-b $s: status $?"
done
for s in 1k 65535 128M 2G x 12X -1 ''; do
	$BTRACE -b "$s" -e 'BEGIN { }' 2>&1
	echo "-b '$s': status $?"
done
