# shifts by 64 or more, or by a negative count, must not crash or trip
# the sanitizers (their value is not specified)
$BTRACE -e 'BEGIN { $n = $1; printf("%d %d %d %d\n", 1 << $n, 1 >> $n, -1 >> $n, 1 << -$n) }' 64 >/dev/null 2>"$TMP/err"
echo "status $?"
cat "$TMP/err"
$BTRACE -e 'BEGIN { $x = 1; $x <<= 200; $x >>= -3; printf("%d\n", 9223372036854775807 << 1) }' >/dev/null 2>"$TMP/err"
echo "status $?"
cat "$TMP/err"
