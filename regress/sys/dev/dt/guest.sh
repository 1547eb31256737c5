#!/bin/sh
#
# Runs inside the test guest (see run): guest.sh OBJDIR TEST ...
# Each test program runs as root with a time limit; exit 0 is a pass.
# Its output is indented so that only this script starts lines with
# PASS or FAIL.  Tests that unload the module or lock the kernel down run
# last, in that order, so that they cannot disturb the others.

obj=$1
shift
limit=${DTT_LIMIT:-60}
bad='WARNING:|BUG:|Oops|general protection|Call Trace'

runone() {
	t=$1
	before=$(dmesg | wc -l)
	start=$(date +%s)
	timeout -k 5 "$limit" "$obj/$t" >/tmp/dtt.out 2>&1
	st=$?
	# Children a killed or careless test left behind.
	pkill -9 -x "$(echo "$t" | cut -c1-15)" 2>/dev/null
	pkill -9 '^dtt-' 2>/dev/null
	sed 's/^/    /' /tmp/dtt.out
	[ $st -eq 124 ] && echo "    $t: killed after ${limit}s"
	[ $st -gt 128 ] && echo "    $t: killed by signal $((st - 128))"
	dmesg | tail -n +$((before + 1)) | grep -E "$bad" |
	    sed "s/^/    $t: kernel log: /"
	echo "    $t: $(($(date +%s) - start))s"
	if [ $st -eq 0 ]; then
		echo "PASS dt/$t"
	else
		echo "FAIL dt/$t"
	fi
}

if [ -z "$DT_KO" ] || [ ! -c /dev/dt ]; then
	echo "    dt.ko is not loaded or /dev/dt is missing:"
	grep -h dt /proc/modules 2>/dev/null | sed 's/^/    /'
	ls -l /dev/dt 2>&1 | sed 's/^/    /'
	for t; do
		echo "FAIL dt/$t"
	done
	exit 1
fi

late=
last=
for t; do
	case $t in
	module_*) late="$late $t" ;;
	lockdown*) last="$last $t" ;;
	*) runone "$t" ;;
	esac
done
for t in $late $last; do
	runone "$t"
done
exit 0
