# -e program, script arguments after it, and the exit status
$BTRACE -e 'BEGIN { printf("hello\n") }'
echo "status $?"
$BTRACE -e 'BEGIN { printf("%d %s %d\n", $#, $2, $3 + 1) }' a b 41
echo "status $?"
$BTRACE -e 'BEGIN { @x = }'
echo "status $?"
$BTRACE -e 'BEGIN { printf("%d\n", 1 +) } END { foo() }'
echo "status $?"
