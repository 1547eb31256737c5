#!/bin/sh
# SPDX-License-Identifier: ISC
#
# Inside the test guest (see run): ROUNDS rounds, each measuring every
# case once, in turn; the median of each case printed, with its ratio to
# the untraced call, or for listings to btrace -l.

B=${BTRACE:-../../../usr.sbin/btrace/btrace}
C=./obj/calls
N=${N:-20000}
ROUNDS=${ROUNDS:-5}
TP='tracepoint:syscalls:sys_enter_getppid'
HAVEBPF=0
command -v bpftrace >/dev/null 2>&1 && HAVEBPF=1
rm -f obj/r.*

now() {
	date +%s%N
}

# case NAME: one measurement appended to obj/r.NAME.
sample() {
	echo "$2" >>"obj/r.$1"
}

# The wall time of a command, ms.
wall() {
	_t0=$(now)
	"$@" >/dev/null 2>&1
	_t1=$(now)
	echo $(( (_t1 - _t0) / 1000000 ))
}

median() {
	sort -n "obj/r.$1" | awk '{ v[NR] = $1 } END { if (NR == 0) print "-";
	    else if (NR % 2) print v[(NR + 1) / 2];
	    else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0 && a != "-")
	    printf "%.2f", a / b; else printf "-" }'
}

row() {
	printf "%-58s %10s %8s\n" "$1" "$2" "$3"
}

r=0
while [ $r -lt "$ROUNDS" ]; do
	sample list "$(wall $B -l)"
	sample listv "$(wall $B -lv)"
	[ $HAVEBPF = 1 ] && sample bpflist "$(wall bpftrace -l)"
	$C $N obj/ns
	sample base "$(cat obj/ns)"
	$B -e "$TP { @[comm] = count() }" -c "$C $N obj/ns" >/dev/null 2>&1
	sample tp "$(cat obj/ns)"
	$B -e 'syscall:getppid:entry { @[comm] = count() }' \
	    -c "$C $N obj/ns" >/dev/null 2>&1
	sample sys "$(cat obj/ns)"
	if [ $HAVEBPF = 1 ]; then
		bpftrace -e "$TP { @[comm] = count(); }" -c "$C $N obj/ns" \
		    >/dev/null 2>&1
		sample bpf "$(cat obj/ns)"
	fi
	r=$((r + 1))
done

echo "medians of $ROUNDS rounds; $(grep -c . /sys/kernel/tracing/available_events) trace events"
l=$(median list)
row "btrace -l (every probe), ms" "$l" "1.00"
row "btrace -lv (every probe, with its arguments), ms" "$(median listv)" \
    "$(ratio "$(median listv)" "$l")"
[ $HAVEBPF = 1 ] && row "bpftrace -l, ms" "$(median bpflist)" \
    "$(ratio "$(median bpflist)" "$l")"
base=$(median base)
row "getppid() untraced, ns/call" "$base" "1.00"
for c in tp sys bpf; do
	case $c in
	tp)	what="btrace $TP count" ;;
	sys)	what="btrace syscall:getppid:entry count" ;;
	bpf)	[ $HAVEBPF = 1 ] || continue
		what="bpftrace $TP count" ;;
	esac
	m=$(median $c)
	row "$what, ns/call" "$m" "$(ratio "$m" "$base")"
	row "  added per call, ns" "$(awk -v a="$m" -v b="$base" \
	    'BEGIN { printf "%.1f", a - b }')" ""
done
exit 0
