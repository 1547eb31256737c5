# cat(fmt, ...): a file's contents into the output, the name formatted as
# printf() does; a file that cannot be read is a warning, not an end
printf 'line one\nline two\n' > "$TMP/f1"
cd "$TMP" || exit 1
$BTRACE -e 'BEGIN { printf("before\n"); cat("f%d", 1); cat("nonexistent"); printf("after\n"); }' 2>&1
echo "status $?"
$BTRACE -f json -e 'BEGIN { cat("f1") }'
echo "status $?"
$BTRACE -e 'BEGIN { cat(1) }'
echo "status $?"
