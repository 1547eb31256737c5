# uaddr("name"): the address of a variable or function of the file a
# rule's user probes are in, as nm gives it for a program that is not
# position-independent; read through as the process's memory (-n -vv
# shows the fetch).  Errors: a position-independent file without -p,
# no such symbol, a rule of kernel probes, two files, not a literal.
cd "$TMP" || exit 1
cat > ua.c <<'EOT'
int counter = 5;
char name[16] = "hello";
void hit(void) { counter++; }
int main(void) { hit(); return 0; }
EOT
cc -no-pie -o ua ua.c && cc -fPIE -pie -o uapie ua.c || exit 1
for s in counter name hit; do
	a=$(nm ua | awk -v s=$s '$3 == s { print $1 }')
	eval "$s=0x$(printf '%x' $((0x$a)))"
done
$BTRACE -n -vv -e "uprobe:$TMP/ua:hit {
	printf(\"%d %s %d\\n\", *(int *)uaddr(\"counter\"),
	    str(uaddr(\"name\")), uaddr(\"hit\") == $hit) }" >out 2>&1
echo "status $?"
grep -q "{addr $counter bytes 4 user}" out && echo "counter read at its address"
grep -q "{addr $name str [0-9]* user}" out && echo "name read at its address"
$BTRACE -n -e "uprobe:$TMP/uapie:hit { @ = uaddr(\"counter\") }" 2>&1 |
    sed "s|$TMP|TMP|g"
$BTRACE -n -e "uprobe:$TMP/ua:hit { @ = uaddr(\"nosuch\") }" 2>&1 |
    sed "s|$TMP|TMP|g"
$BTRACE -n -e 'kprobe:vfs_read { @ = uaddr("counter") }' 2>&1
$BTRACE -n -e "uprobe:$TMP/ua:hit, uprobe:$TMP/uapie:hit {
    @ = uaddr(\"counter\") }" 2>&1 | sed "s|$TMP|TMP|g"
$BTRACE -n -e "uprobe:$TMP/ua:hit { \$s = \"counter\"; @ = uaddr(\$s) }" 2>&1 |
    sed "s|$TMP|TMP|g"
