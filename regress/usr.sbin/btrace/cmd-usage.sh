# usage errors: the usage message and status 1
$BTRACE
echo "status $?"
$BTRACE -x
echo "status $?"
$BTRACE -e
echo "status $?"
$BTRACE -e 'BEGIN { }' -x >/dev/null 2>&1
echo "status $?"
$BTRACE --nosuch -e 'BEGIN { }' 2>&1 | sed -n 1p
