# -p with a process that does not exist, or not a number
$BTRACE -p 2147483647 -e 'END { printf("not reached\n") }' 2>/dev/null
echo "status $?"
$BTRACE -p abc -e 'END { printf("not reached\n") }' 2>/dev/null
echo "status $?"
