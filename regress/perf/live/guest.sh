#!/bin/sh
# SPDX-License-Identifier: ISC
#
# Inside the test guest (regress/perf/live/run): the cost a tracer adds to
# a system call, for each rule, under btrace, bpftrace and perf stat, in
# ROUNDS interleaved rounds of N calls in this one boot, so that a
# disturbance of the guest (TCG varies by +-30%) falls on every tool
# alike.  Printed: median, min and max ns/call of each, the added cost
# (median minus the untraced median), the ratios of the added costs, the
# drops and counts of every btrace run; then the sustained rate with one
# vCPU saturated by the workload and btrace on the other; the time from
# start to the first event and the peak RSS, next to bpftrace's.
# No assertions: make bench prints, a reader judges.
#
# A command line is given to the tracers as one string: bpftrace keeps
# an empty word where two spaces meet, so none has two.
#
# Environment: RULES (the rules measured, all by default), N (calls per
# run, 100000), ROUNDS (5), BTRACE (the btrace
# binary), LOSSLESS (btrace's lossless option, by name: -L; the
# lossless rows are skipped, with a message, if btrace has no option
# of that name), SUSTAIN (calls of the sustained runs, 5 * N), SPREAD
# (the rules of the spread runs, with more than two vCPUs).

B=${BTRACE:-../../../usr.sbin/btrace/btrace}
W=./obj/work
RSS=./obj/rss
N=${N:-100000}
ROUNDS=${ROUNDS:-5}
LOSSLESS=${LOSSLESS:--L}
SUSTAIN=${SUSTAIN:-$((N * 5))}
R=obj/runs

rm -rf $R
mkdir -p $R || exit 1

# The tools this guest has.  bpftrace needs tracefs and debugfs (the
# guest mounts both); perf needs the syscalls tracepoints.
tools="base btrace"
if "$B" -h 2>&1 | grep -q -e "$LOSSLESS"; then
	tools="$tools lossless"
else
	echo "# lossless: btrace has no $LOSSLESS option yet: its rows are skipped"
fi
if command -v bpftrace >/dev/null 2>&1; then
	tools="$tools bpftrace"
else
	echo "# bpftrace is not installed: its rows are skipped"
fi
if command -v perf >/dev/null 2>&1 &&
    perf stat -e syscalls:sys_enter_getppid -o /dev/null true 2>/dev/null; then
	tools="$tools perf"
else
	echo "# perf stat of the syscalls tracepoints does not work: skipped"
fi

# The rules: name, workload (getppid or read), then per tool.  kd0 and
# kd3 are the same count, keyed by a builtin and by kernel data three
# pointers away (issue 10: kd3's added cost within 1.3x kd0's).
rules=${RULES:-"comm commpid hist printf kd0 kd3"}

work_of() {
	case $1 in
	hist)	echo "-r" ;;
	*)	echo "" ;;
	esac
}

bt_prog() {
	case $1 in
	comm)	printf '%s\n' 'syscall:getppid:entry { @[comm] = count() }' ;;
	commpid) printf '%s\n' 'syscall:getppid:entry { @[comm, pid] = count() }' ;;
	hist)	printf '%s\n' 'syscall:read:return { @h = hist(retval) }' ;;
	printf)	printf '%s\n' 'syscall:getppid:entry { printf("%d %s\n", pid, comm) }' ;;
	kd0)	printf '%s\n' 'syscall:getppid:entry { @[pid] = count() }' ;;
	kd3)	printf '%s\n' 'syscall:getppid:entry { @[curtask->real_parent->real_parent->tgid] = count() }' ;;
	esac
}

# bpftrace sees every process: its rules keep to the command's.
bpf_prog() {
	case $1 in
	comm)	printf '%s\n' 'tracepoint:syscalls:sys_enter_getppid /pid == cpid/ { @[comm] = count(); }' ;;
	commpid) printf '%s\n' 'tracepoint:syscalls:sys_enter_getppid /pid == cpid/ { @[comm, pid] = count(); }' ;;
	hist)	printf '%s\n' 'tracepoint:syscalls:sys_exit_read /pid == cpid/ { @h = hist(args->ret); }' ;;
	printf)	printf '%s\n' 'tracepoint:syscalls:sys_enter_getppid /pid == cpid/ { printf("%d %s\n", pid, comm); }' ;;
	kd0)	printf '%s\n' 'tracepoint:syscalls:sys_enter_getppid /pid == cpid/ { @[pid] = count(); }' ;;
	kd3)	printf '%s\n' 'tracepoint:syscalls:sys_enter_getppid /pid == cpid/ { @[curtask->real_parent->real_parent->tgid] = count(); }' ;;
	esac
}

perf_event() {
	case $1 in
	hist)	echo syscalls:sys_exit_read ;;
	*)	echo syscalls:sys_enter_getppid ;;
	esac
}

# The calls a map counted: the sum of the values of its lines "@[...]: V"
# (both tools count the workload's calls only: btrace -c traces the
# command, bpftrace's rules filter on cpid; kd0 and kd3 key by numbers).
counted() {
	awk '/^@\[/ { n += $NF } END { print n + 0 }' "$1"
}

# One run of rule $1 under tool $2: its ns/call appended to $R/RULE.TOOL;
# btrace's drops and counts to $R/RULE.TOOL.drops and .count.
one() {
	rule=$1 tool=$2 w=$(echo $W $(work_of "$1"))
	rm -f obj/ns obj/out obj/err
	case $tool in
	base)
		$w "$N" obj/ns >/dev/null ;;
	btrace|lossless)
		opt=
		[ "$tool" = lossless ] && opt=$LOSSLESS
		if [ "$rule" = printf ]; then
			$B $opt -v -e "$(bt_prog "$rule")" -c "$w $N obj/ns" \
			    2>obj/err | cat >/dev/null
		else
			$B $opt -v -e "$(bt_prog "$rule")" -c "$w $N obj/ns" \
			    >obj/out 2>obj/err
		fi
		awk '/^[0-9]+ events dropped$/ { print $1 }' obj/err \
		    >>$R/$rule.$tool.drops
		[ -f obj/out ] && counted obj/out >>$R/$rule.$tool.count ;;
	bpftrace)
		if [ "$rule" = printf ]; then
			bpftrace -e "$(bpf_prog "$rule")" -c "$w $N obj/ns" \
			    2>obj/err | cat >/dev/null
		else
			bpftrace -e "$(bpf_prog "$rule")" -c "$w $N obj/ns" \
			    >obj/out 2>obj/err
		fi
		# bpftrace tells of lost perf-buffer events on stderr.
		awk '/[Ll]ost [0-9]+ events/ { for (i = 1; i <= NF; i++)
		    if ($i ~ /^[0-9]+$/) n += $i } END { print n + 0 }' \
		    obj/err >>$R/$rule.$tool.drops
		[ -f obj/out ] && counted obj/out >>$R/$rule.$tool.count ;;
	perf)
		perf stat -e "$(perf_event "$rule")" -o /dev/null \
		    $w "$N" obj/ns >/dev/null 2>&1 ;;
	esac
	if [ -s obj/ns ]; then
		cat obj/ns >>$R/$rule.$tool
	else
		{ echo "# $rule under $tool: no figure (failed?)"
		cat obj/err obj/out 2>/dev/null | sed 's/^/#   /' |
		    head -5; } |
		    tee -a $R/failures
	fi
}

# median min max of the numbers in file $1, one a line.
stats() {
	sort -n "$1" | awk '{ v[NR] = $1 } END {
	    if (NR == 0) { print "- - -"; exit }
	    m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
	    printf "%.1f %.1f %.1f\n", m, v[1], v[NR] }'
}

med() {
	stats "$1" | awk '{ print $1 }'
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0 && a != "-")
	    printf "%.2f", a / b; else printf "-" }'
}

echo "# $ROUNDS interleaved rounds of $N calls; tools: $tools"
r=1
while [ $r -le "$ROUNDS" ]; do
	for rule in $rules; do
		for tool in $tools; do
			one "$rule" "$tool"
		done
	done
	r=$((r + 1))
done

printf "\n%-8s %-9s %9s %9s %9s %9s  %s\n" rule tool "median" min max \
    added "drops of each run; counted calls"
for rule in $rules; do
	base=$(med $R/$rule.base)
	for tool in $tools; do
		[ -f $R/$rule.$tool ] || continue
		set -- $(stats $R/$rule.$tool)
		added=$(awk -v a="$1" -v b="$base" 'BEGIN { printf "%.1f", a - b }')
		echo "$added" >$R/$rule.$tool.added
		extra=
		[ -f $R/$rule.$tool.drops ] &&
		    extra="drops $(tr '\n' ' ' <$R/$rule.$tool.drops)"
		[ -f $R/$rule.$tool.count ] && [ "$rule" != hist ] &&
		    extra="$extra; counts $(tr '\n' ' ' <$R/$rule.$tool.count)"
		printf "%-8s %-9s %9s %9s %9s %9s  %s\n" "$rule" "$tool" \
		    "$1" "$2" "$3" "$added" "$extra"
	done
done

echo
echo "# ratios of the added costs (medians): btrace / other"
for rule in $rules; do
	line="$rule:"
	[ -f $R/$rule.btrace.added ] || continue
	a=$(cat $R/$rule.btrace.added)
	for other in bpftrace perf; do
		[ -f $R/$rule.$other.added ] || continue
		line="$line btrace/$other $(ratio "$a" "$(cat $R/$rule.$other.added)")"
	done
	if [ "$rule" = kd3 ] && [ -f $R/kd0.btrace.added ]; then
		line="$line kd3/kd0 $(ratio "$a" "$(cat $R/kd0.btrace.added)")"
		[ -f $R/kd3.bpftrace.added ] && [ -f $R/kd0.bpftrace.added ] &&
		    line="$line bpftrace-kd3/kd0 $(ratio \
		    "$(cat $R/kd3.bpftrace.added)" \
		    "$(cat $R/kd0.bpftrace.added)")"
	fi
	if [ -f $R/$rule.lossless.added ]; then
		line="$line lossless/btrace $(ratio "$(cat $R/$rule.lossless.added)" "$a")"
	fi
	echo "$line"
done

# sustained TOOL RULE CPU COMMAND NSFILE: btrace (lossless: with its
# option) on CPU over COMMAND, and a line of what it read and dropped,
# and the ns per call the workload wrote to NSFILE.
sustained() {
	opt=
	[ "$1" = lossless ] && opt=$LOSSLESS
	taskset -c $3 $B $opt -v -e "$(bt_prog "$2")" -c "$4" 2>obj/err |
	    cat >/dev/null
	rate=$(awk '/^[0-9]+ events\/s$/ { print $1 }' obj/err)
	read=$(awk '/^[0-9]+ events read$/ { print $1 }' obj/err)
	drop=$(awk '/^[0-9]+ events dropped$/ { print $1 }' obj/err)
	printf "%-9s %-8s %10s events/s %10s read %8s drops %8s ns/call\n" \
	    "$1" "$2" "${rate:-?}" "${read:-?}" "${drop:-?}" \
	    "$(cat $5 2>/dev/null)"
}

# Sustained: the workload saturates vCPU 0, btrace reads on vCPU 1.
echo
echo "# sustained: $SUSTAIN calls on cpu0, btrace on cpu1"
for tool in btrace lossless; do
	case " $tools " in *" $tool "*) ;; *) continue ;; esac
	for rule in $rules; do
		w=$(echo $W $(work_of "$rule"))
		sustained $tool $rule 1 "taskset -c 0 $w $SUSTAIN obj/ns" obj/ns
	done
done

# Spread: with more than two vCPUs (DTVM_SMP=4), the workload runs on
# every vCPU but the last, one process each, and btrace reads them all
# from the last: whether one reader keeps up with several CPUs' rings.
# SPREAD (the rules, "comm hist printf" by default) chooses.
ncpu=$(nproc 2>/dev/null || echo 2)
if [ "$ncpu" -gt 2 ]; then
	last=$((ncpu - 1))
	echo
	echo "# spread: $SUSTAIN calls on each of cpu0-$((last - 1)), btrace on cpu$last"
	for tool in btrace lossless; do
		case " $tools " in *" $tool "*) ;; *) continue ;; esac
		for rule in ${SPREAD:-comm hist printf}; do
			w=$(echo $W $(work_of "$rule"))
			c=0
			: >obj/spread.sh
			while [ $c -lt $last ]; do
				echo "taskset -c $c $w $SUSTAIN obj/ns.$c &" \
				    >>obj/spread.sh
				c=$((c + 1))
			done
			echo wait >>obj/spread.sh
			sustained $tool $rule $last "sh obj/spread.sh" obj/ns.0
		done
	done
fi

# Start to the first event, and peak RSS of a count run.
echo
echo "# start to first event (ms, median of $ROUNDS) and peak RSS (KiB)"
ms() {
	date +%s%N
}
r=1
while [ $r -le "$ROUNDS" ]; do
	t0=$(ms)
	$B -e 'syscall:getppid:entry { exit() }' -c "$W 1" >/dev/null 2>&1
	t1=$(ms)
	echo $(( (t1 - t0) / 1000000 )) >>$R/start.btrace
	case " $tools " in *" bpftrace "*)
		t0=$(ms)
		bpftrace -e 'tracepoint:syscalls:sys_enter_getppid
		    /pid == cpid/ { exit(); }' -c "$W 1" >/dev/null 2>&1
		t1=$(ms)
		echo $(( (t1 - t0) / 1000000 )) >>$R/start.bpftrace ;;
	esac
	r=$((r + 1))
done
$RSS $R/rss.btrace $B -e "$(bt_prog comm)" -c "$W $N" >/dev/null 2>&1
case " $tools " in *" bpftrace "*)
	$RSS $R/rss.bpftrace bpftrace -e "$(bpf_prog comm)" -c "$W $N" \
	    >/dev/null 2>&1 ;;
esac
for tool in btrace bpftrace; do
	[ -f $R/start.$tool ] || continue
	set -- $(stats $R/start.$tool)
	printf "%-9s start %6s ms (min %s, max %s)  peak RSS %8s KiB\n" \
	    "$tool" "$1" "$2" "$3" "$(cat $R/rss.$tool 2>/dev/null)"
done
[ -f $R/failures ] && { echo; echo "# runs that failed:"; sort -u $R/failures; }
exit 0
