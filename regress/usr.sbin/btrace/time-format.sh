# time(fmt) formats the wall clock with strftime (TZ=UTC here)
$BTRACE -e 'BEGIN { time("%Y-%m-%d\n") }' >"$TMP/t"
echo "status $?"
date -u +%Y-%m-%d | cmp -s - "$TMP/t" && echo "today's date"
$BTRACE -e 'BEGIN { time("%H:%M:%S") }' | grep -q '^[0-2][0-9]:[0-5][0-9]:[0-6][0-9]$' && echo "a time of day, no newline"
