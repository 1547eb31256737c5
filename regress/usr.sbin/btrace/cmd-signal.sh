# SIGTERM stops btrace cleanly: END runs, maps print, status 0
sleep 5 &
spid=$!
$BTRACE -p $spid -e 'BEGIN { @c = count(); printf("begin\n") } END { printf("end\n") }' >"$TMP/o" 2>&1 &
bpid=$!
sleep 1
kill -TERM $bpid
wait $bpid
echo "status $?"
cat "$TMP/o"
kill $spid
