# -f folded and -f svg need a map keyed by kstack or ustack, said before
# tracing starts (-n too); an unknown format names the four; the stack
# mode of a profile is sym, the other output goes to stderr and the
# profile alone to the output (over a recording of replay/).
$BTRACE -n -f folded -e 'syscall:read:entry { @[comm] = count() }'
echo "status $?"
$BTRACE -n -f svg -e 'syscall:read:entry { $s = kstack; @[$s] = count() }'
echo "status $?"
$BTRACE -n -f folded -e 'syscall:read:entry { @[comm, kstack(raw, 3)] = count() }'
echo "status $?"
$BTRACE -f flame -e 'BEGIN { exit() }'
echo "status $?"
$BTRACE -f folded -o "$TMP/out" -r replay/live-prof.rec -e 'BEGIN {
    printf("hello\n") } profile:hz:99 /comm == "dtlive-sp"/ {
    @[ustack(2)] = count(); @n = count(); }' 2>"$TMP/err" </dev/null
echo "status $?"
echo "stderr:"
sed 's/^[^ ]*btrace[^ :]*: /btrace: /' "$TMP/err"
echo "file:"
cat "$TMP/out"
