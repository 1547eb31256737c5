# usage errors
$BTRACE
echo "status $?"
$BTRACE -x 2>&1 | grep -v '^usage:'
$BTRACE -e 2>&1 | grep -v '^usage:'
$BTRACE -e 'BEGIN { }' -x >/dev/null 2>&1
echo "status $?"
