# -o file: normal output goes to the file, messages stay on stderr
$BTRACE -o "$TMP/out" -e 'BEGIN { printf("x\n"); @c = count(); print(1) }'
echo "status $?"
echo "file:"
cat "$TMP/out"
$BTRACE -o "$TMP/out2" -e 'BEGIN { printf("y\n"); $z = 0; $x = 1 / $z }' 2>"$TMP/err"
echo "status $?"
echo "file:"
cat "$TMP/out2"
echo "stderr:"
cat "$TMP/err"
$BTRACE -o /nonexistent/dir/file -e 'BEGIN { printf("z\n") }'
echo "status $?"
