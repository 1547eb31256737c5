# A program nests at most 10000 levels (statement, if, operator, operand,
# map read within another): as deep as that runs, deeper is an error at
# the element that goes too deep, under -n too, never a crash however
# deep.  One term per line, so that the messages stay short.
cd "$TMP" || exit 1
# chain N: $x = 1 + ... + 1 with N terms
chain() {
	awk -v n=$1 'BEGIN { printf("BEGIN {\n$x =\n"); for (i = 1; i < n; i++)
	    printf("1 +\n"); printf("1;\nprintf(\"%%d\\n\", $x) }\n") }'
}
chain 9999 >max.bt
chain 10000 >over.bt
chain 200000 >far.bt
for f in max over far; do
	$BTRACE $f.bt
	echo "status $?"
done
$BTRACE -n over.bt
echo "status $?"
# Nested ifs and map reads count too: 1000 ifs, then a map read in the
# key of a map read 1000 deep, then a chain: 10000 levels; one more if
# makes 10001.
awk -v n=$((10000 - 2000 - 1)) 'BEGIN { printf("BEGIN {\n@m[0] = 5;\n");
    for (i = 0; i < 1000; i++) printf("if (1) {\n");
    printf("$x =\n"); for (i = 0; i < 1000; i++) printf("@m[\n");
    for (i = 1; i < n; i++) printf("0 +\n"); printf("0\n");
    for (i = 0; i < 1000; i++) printf("]\n");
    printf(";\nprintf(\"%%d\\n\", $x);\n");
    for (i = 0; i < 1000; i++) printf("}\n"); printf("}\n") }' >mixed.bt
$BTRACE mixed.bt
echo "status $?"
sed '1,/^@m\[0\] = 5;$/s/^@m\[0\] = 5;$/@m[0] = 5; if (1) {/; $s/$/ }/' mixed.bt >mixed-over.bt
$BTRACE mixed-over.bt
echo "status $?"
