# SIGTERM and SIGINT stop btrace cleanly: END runs, maps print, status 0
for sig in TERM INT; do
	sleep 5 &
	spid=$!
	$BTRACE -p $spid -e 'BEGIN { @c = count(); printf("begin\n") } END { printf("end\n") }' >"$TMP/o" 2>&1 &
	bpid=$!
	sleep 1
	kill -$sig $bpid
	wait $bpid
	echo "SIG$sig: status $?"
	cat "$TMP/o"
	kill $spid
done
