# exit(code): the exit status, END still runs; only the low 8 bits
$BTRACE -e 'BEGIN { exit(3) } END { printf("end\n") }'
echo "status $?"
$BTRACE -e 'BEGIN { exit(261) }'
echo "status $?"
$BTRACE -e 'BEGIN { $c = 2; if ($c > 1) { exit($c * 2); } printf("not here\n") }'
echo "status $?"
$BTRACE -e 'BEGIN { exit() }'
echo "status $?"
$BTRACE -e 'BEGIN { exit("x") }'
echo "status $?"
