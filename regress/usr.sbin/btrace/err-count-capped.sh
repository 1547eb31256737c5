# the exit status of a failed parse is the number of errors, at most 255
{
	echo 'BEGIN {'
	i=0
	while [ $i -lt 300 ]; do echo "	nosuch$i();"; i=$((i + 1)); done
	echo '}'
} >"$TMP/many.bt"
$BTRACE "$TMP/many.bt" 2>"$TMP/err"
echo "status $?"
grep -c "unknown function" "$TMP/err"
{
	echo 'BEGIN {'
	i=0
	while [ $i -lt 7 ]; do echo "	nosuch$i();"; i=$((i + 1)); done
	echo '}'
} >"$TMP/seven.bt"
$BTRACE "$TMP/seven.bt" 2>/dev/null
echo "status $?"
