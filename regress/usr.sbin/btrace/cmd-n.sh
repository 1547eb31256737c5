# -n parses only: nothing runs, the status is the number of errors
$BTRACE -n -e 'BEGIN { printf("not run\n"); @c = count() }'
echo "status $?"
$BTRACE -n -e 'BEGIN { $x = nosuch; foo(); @a = count(1) }'
echo "status $?"
printf 'BEGIN { exit() }\n' >"$TMP/ok.bt"
$BTRACE -n "$TMP/ok.bt"
echo "status $?"
