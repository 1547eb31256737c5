$BTRACE nonexistent.bt
echo "status $?"
$BTRACE /
echo "status $?"
