# -v: statistics on stderr, normal output unchanged
$BTRACE -v -e 'BEGIN { printf("out\n"); @c = count() }' 2>"$TMP/err"
echo "status $?"
[ -s "$TMP/err" ] && echo "statistics on stderr"
$BTRACE -vv -e 'BEGIN { printf("out\n") }' 2>"$TMP/err2"
echo "status $?"
[ $(wc -l <"$TMP/err2") -gt $(wc -l <"$TMP/err") ] && echo "-vv says more"
