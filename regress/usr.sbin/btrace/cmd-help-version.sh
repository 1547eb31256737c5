# -h/--help: the usage and one line on each option to stdout, exit 0;
# -V/--version: the version in the tree's VERSION file, exit 0
$BTRACE -h >"$TMP/h"
echo "-h: status $?"
$BTRACE --help >"$TMP/help"
echo "--help: status $?"
cmp -s "$TMP/h" "$TMP/help" && echo "--help is -h"
# every option of the synopsis has its line
opts=$(sed -n '1,3p' "$TMP/h" | grep -o '\[-[A-Za-z]*\]\|-[A-Za-z] [a-z]' |
    tr -d '[]-' | cut -c1- | sed 's/ .*//' | fold -w1 | sort -u)
for o in $opts; do
	grep -q "^  -$o[ ,]" "$TMP/h" || echo "no help line for -$o"
done
echo "options: $(echo $opts | tr -d ' ')"
grep -c '^  btrace ' "$TMP/h" | sed 's/^/examples: /'
awk 'length($0) > 79 { print "longer than 79: " $0 }' "$TMP/h"
v=$(cat ../../../VERSION)
$BTRACE -V >"$TMP/v"
echo "-V: status $?"
[ "$(cat "$TMP/v")" = "btrace $v" ] && echo "-V: btrace and the VERSION file"
[ "$($BTRACE --version)" = "btrace $v" ] && echo "--version: the same"
# -h and -V come first, whatever else the command line holds
$BTRACE -V -e 'BEGIN { printf("not run\n") }' | sed 's/ .*//'
