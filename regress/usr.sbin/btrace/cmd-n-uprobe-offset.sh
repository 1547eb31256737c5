# uprobe:FILE:FUNCTION+OFFSET, bpftrace's: an instruction inside a
# function, only with --unsafe (btrace cannot tell where instructions
# start), +0 the function itself.  Errors: no --unsafe, a return probe
# at an offset, an offset beyond the function (its size named), a bad
# offset.
cd "$TMP" || exit 1
cat > uo.c <<'EOT'
int hit(int a) { return a * 3 + 1; }
int main(void) { return hit(2) == 7 ? 0 : 1; }
EOT
cc -O1 -o uo uo.c || exit 1
size=$(nm -S uo | awk '$4 == "hit" { print $2 }')
$BTRACE -n -U -e "uprobe:$TMP/uo:hit+1 { @ = count() }" && echo "+1 with -U: ok"
$BTRACE -n -e "uprobe:$TMP/uo:hit+0 { @ = count() }" && echo "+0: ok"
$BTRACE -n -e "uprobe:$TMP/uo:hit+1 { @ = count() }" 2>&1 | sed "s|$TMP|TMP|g"
$BTRACE -n -U -e "uretprobe:$TMP/uo:hit+1 { @ = count() }" 2>&1 |
    sed "s|$TMP|TMP|g"
$BTRACE -n -U -e "uprobe:$TMP/uo:hit+$((0x$size)) { @ = count() }" 2>&1 |
    sed "s|$TMP|TMP|g; s|$((0x$size))|SIZE|g"
$BTRACE -n -U -e "uprobe:$TMP/uo:hit+0x { @ = count() }" 2>&1 |
    sed "s|$TMP|TMP|g"
