#!/bin/sh
#
# Inside the test guest: the workload alone, then under btrace and, where
# installed, under bpftrace, perf and strace; every figure with its ratio
# to the untraced baseline of this same boot.

B=${BTRACE:-../../../usr.sbin/btrace/btrace}
W=./obj/work
N=${N:-20000}

ms() {
	date +%s%N
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b;
	    else printf "-" }'
}

row() {
	printf "%-46s %12s %8s\n" "$1" "$2" "$3"
}

base=$($W $N)
row "getppid() untraced, ns/call" "$base" "1.00"

$B -e 'syscall:getppid:entry { @[comm] = count() }' -c "$W $N obj/ns" \
    >/dev/null 2>&1
t=$(cat obj/ns)
row "btrace @[comm] = count(), ns/call" "$t" "$(ratio "$t" "$base")"

$B -e 'syscall:getppid:entry { printf("%d %s\n", pid, comm) }' \
    -c "$W $N obj/ns" >/dev/null 2>&1
t=$(cat obj/ns)
row "btrace printf (to a pipe), ns/call" "$t" "$(ratio "$t" "$base")"

# Time to the first event: btrace starts, enables, sees one getppid().
t0=$(ms)
$B -e 'syscall:getppid:entry { exit() }' -c "$W 1" >/dev/null 2>&1
t1=$(ms)
$W 1 >/dev/null
t2=$(ms)
start=$(( (t1 - t0) / 1000000 ))
alone=$(( (t2 - t1) / 1000000 ))
row "btrace start to first event, ms" "$start" "$(ratio "$start" "$alone")"

# Sustained rates: events/s btrace evaluates, and what it dropped.
for rule in '@[comm] = count()' 'printf("%d %s\n", pid, comm)'; do
	$B -v -e "syscall:getppid:entry { $rule }" -c "$W $((N * 5))" \
	    >/dev/null 2>obj/stats
	rate=$(awk '/^[0-9]+ events\/s$/ { print $1 }' obj/stats)
	drop=$(awk '/^[0-9]+ events dropped$/ { print $1 }' obj/stats)
	row "btrace { $rule }: events/s" "${rate:-?}" "drops ${drop:-?}"
done

if command -v strace >/dev/null 2>&1; then
	t=$(strace -f -e trace=getppid -o /dev/null $W $N)
	row "strace -e getppid, ns/call" "$t" "$(ratio "$t" "$base")"
fi
if command -v perf >/dev/null 2>&1 &&
    perf stat -e syscalls:sys_enter_getppid true >/dev/null 2>&1; then
	t=$(perf stat -e syscalls:sys_enter_getppid -o /dev/null $W $N)
	row "perf stat syscalls:sys_enter_getppid, ns/call" "$t" \
	    "$(ratio "$t" "$base")"
fi
if command -v bpftrace >/dev/null 2>&1; then
	bpftrace -e 'tracepoint:syscalls:sys_enter_getppid
	    { @[comm] = count(); }' -c "$W $N obj/ns" >/dev/null 2>&1
	t=$(cat obj/ns)
	row "bpftrace @[comm] = count(), ns/call" "$t" "$(ratio "$t" "$base")"
fi
exit 0
