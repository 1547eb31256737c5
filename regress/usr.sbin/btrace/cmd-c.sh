# -c command: BEGIN, then wait for the command, then END and the maps
$BTRACE -c "sleep 1; echo child >$TMP/c" \
    -e 'BEGIN { printf("begin\n"); @n = count() } END { printf("end\n") }'
echo "status $?"
cat "$TMP/c"
