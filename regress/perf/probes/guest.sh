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

# Kernel functions: the one getppid() enters, and for the attach times
# the prefixes (PREFIX_*) whose functions number closest to 10, 100 and
# 1000, as available_filter_functions lists them.
AFF=/sys/kernel/tracing/available_filter_functions
# (6.12 traces only __do_sys_getppid, 6.1 the x64 wrapper.)
KF=$(grep -m1 -oE '^__(x64|se|do)_sys_getppid$' $AFF)
for want in 10 100 1000; do
	eval "G$want=\$(sed 's/ .*//' $AFF | awk -F_ -v w=$want '
	    NF > 1 && \$1 != \"\" { n[\$1 \"_\"]++ }
	    END { for (p in n) { d = n[p] - w; if (d < 0) d = -d;
	    if (best == \"\" || d < bd) { best = p; bd = d } }
	    print best }')"
done
NOPROBE='interval:ms:1 { exit() }'
# Return probes over a glob need fprobe (6.12 and later).
HAVEFPROBE=0
grep -q ' register_fprobe$' /proc/kallsyms && HAVEFPROBE=1

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
	# A kernel function: by name (a kprobe), by a glob (ftrace).
	[ -n "$KF" ] && $B -e "k:$KF { @[comm] = count() }" -c "$C $N obj/ns" >/dev/null 2>&1
	sample kp "$(cat obj/ns)"
	[ -n "$KF" ] && $B -e "k:${KF}* { @[comm] = count() }" \
	    -c "$C $N obj/ns" >/dev/null 2>&1
	sample kglob "$(cat obj/ns)"
	if [ $HAVEBPF = 1 ] && [ -n "$KF" ]; then
		bpftrace -e "kprobe:$KF { @[comm] = count(); }" \
		    -c "$C $N obj/ns" >/dev/null 2>&1
		sample bpfkp "$(cat obj/ns)"
	fi
	# A user function around the call (a uprobe; bpftrace's beside).
	$C $N obj/ns u
	sample ubase "$(cat obj/ns)"
	$B -e "uprobe:$C:calls_ufunc { @[comm] = count() }" \
	    -c "$C $N obj/ns u" >/dev/null 2>&1
	sample up "$(cat obj/ns)"
	if [ $HAVEBPF = 1 ]; then
		bpftrace -e "uprobe:$C:calls_ufunc { @[comm] = count(); }" \
		    -c "$C $N obj/ns u" >/dev/null 2>&1
		sample bpfup "$(cat obj/ns)"
	fi
	# Attaching (and detaching) 10, 100, 1000 functions at once.
	sample noattach "$(wall $B -e "$NOPROBE")"
	for want in 10 100 1000; do
		eval g=\$G$want
		sample "attach$want" "$(wall $B -e "k:$g* { @ = count() }
		    $NOPROBE")"
		# Their returns (fprobe), where the kernel has it.
		[ $HAVEFPROBE = 1 ] && sample "rattach$want" \
		    "$(wall $B -e "kr:$g* { @ = count() } $NOPROBE")"
	done
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
for c in tp sys bpf kp kglob bpfkp; do
	case $c in
	kp)	what="btrace k:$KF count" ;;
	kglob)	what="btrace k:$KF* (ftrace glob) count" ;;
	bpfkp)	[ $HAVEBPF = 1 ] || continue
		what="bpftrace kprobe:$KF count" ;;
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
ubase=$(median ubase)
row "getppid() through calls_ufunc() untraced, ns/call" "$ubase" "1.00"
for c in up bpfup; do
	case $c in
	up)	what="btrace uprobe:calls:calls_ufunc count" ;;
	bpfup)	[ $HAVEBPF = 1 ] || continue
		what="bpftrace uprobe:calls:calls_ufunc count" ;;
	esac
	m=$(median $c)
	row "$what, ns/call" "$m" "$(ratio "$m" "$ubase")"
	row "  added per call, ns" "$(awk -v a="$m" -v b="$ubase" \
	    'BEGIN { printf "%.1f", a - b }')" ""
done
na=$(median noattach)
row "btrace run without kernel functions, ms" "$na" ""
for want in 10 100 1000; do
	eval g=\$G$want
	n=$(grep -c "^$g" $AFF)
	m=$(median "attach$want")
	row "  k:$g* ($n functions) added to attach+detach, ms" \
	    "$(awk -v a="$m" -v b="$na" 'BEGIN { printf "%.1f", a - b }')" ""
	[ $HAVEFPROBE = 1 ] || continue
	m=$(median "rattach$want")
	row "  kr:$g* (their returns, fprobe) added, ms" \
	    "$(awk -v a="$m" -v b="$na" 'BEGIN { printf "%.1f", a - b }')" ""
done
[ $HAVEFPROBE = 1 ] || echo "(no fprobe in this kernel: no kr:GLOB times)"
exit 0
