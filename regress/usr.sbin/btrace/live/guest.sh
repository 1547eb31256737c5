#!/bin/sh
#
# The guest side of the live suite: run by ./run inside the test virtual
# machine, as root, with dt.ko loaded.  Environment: BTRACE (btrace),
# BTRACE_SAN (its sanitizer build), WL (the workload program, wl.c),
# SHARE (share/btrace), BTF_TEST (../btf/btf_test.c, sanitizer build).  Each t_NAME
# function is one test: it returns 0 to pass; what it prints is shown,
# indented, when it fails.  ./run reads the test names from this file,
# so that a test that never ran is a failure too.

T=/tmp/live
rm -rf "$T"
mkdir -p "$T"
chmod 755 "$T"
export LC_ALL=C

# The line on standard error that says the probes are enabled (not
# with -q), as text or JSON.
ATTACHED='^(Attaching [0-9]+ probes?\.\.\.|\{"type": "attached_probes", "data": \{"probes": [0-9]+\}\})$'

# unattach NAME: that line moved from $T/NAME.err to $T/NAME.att, so
# that the tests read standard error for what else it says.
unattach() {
	grep -E "$ATTACHED" "$T/$1.err" >"$T/$1.att"
	grep -vE "$ATTACHED" "$T/$1.err" >"$T/$1.err2"
	mv "$T/$1.err2" "$T/$1.err"
}

# btc NAME args...: btrace with args, stdout in $T/NAME.out, stderr in
# $T/NAME.err (the Attaching line in $T/NAME.att), exit status in
# $T/NAME.rc; killed after 60 s.
btc() {
	_n=$1
	shift
	timeout 60 "$BTRACE" "$@" >"$T/$_n.out" 2>"$T/$_n.err" </dev/null
	echo $? >"$T/$_n.rc"
	unattach $_n
}

# bgbt NAME args...: btrace in the background, $BPID its pid; returns
# once it says that its probes are enabled (at most 120 s: a debug
# kernel under a loaded host can take tens of seconds).
bgbt() {
	_n=$1
	shift
	"$BTRACE" "$@" >"$T/$_n.out" 2>"$T/$_n.err" </dev/null &
	BPID=$!
	i=0
	while [ $i -lt 1200 ]; do
		grep -qE "$ATTACHED" "$T/$_n.err" && break
		kill -0 $BPID 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
}

# waitbt NAME: wait for the background btrace (at most 30 s), its exit
# status in $T/NAME.rc.
waitbt() {
	i=0
	while kill -0 $BPID 2>/dev/null && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -0 $BPID 2>/dev/null && kill -KILL $BPID
	wait $BPID
	echo $? >"$T/$1.rc"
	unattach $1
}

# show NAME: the run's output, status and standard error, for diagnosis.
show() {
	echo "exit status $(cat "$T/$1.rc" 2>/dev/null)"
	echo "stdout:"
	sed -n '1,40s/^/  /p' "$T/$1.out"
	echo "stderr:"
	sed -n '1,20s/^/  /p' "$T/$1.err"
}

# ok NAME: exit status 0 and nothing on standard error.
ok() {
	[ "$(cat "$T/$1.rc")" = 0 ] && [ ! -s "$T/$1.err" ]
}

has() {		# has NAME fixed-line: the exact line is in the output
	grep -qxF -- "$2" "$T/$1.out"
}

hasre() {	# hasre NAME ERE
	grep -qE -- "$2" "$T/$1.out"
}

# pidof_wl FILE: the pid the workload printed first.
wlpid() {
	sed -n 's/^pid //p' "$1" | head -1
}

# The frames of a stack: "name+0xhex" (kernel or user symbol).
FRAME='^[[:space:]]+[A-Za-z_.$][A-Za-z0-9_.$]*\+0x[0-9a-f]+$'

# Sum of the counts of a histogram in NAME.out.
histsum() {
	sed -n 's/^[[(][^)]*) *\([0-9][0-9]*\) |.*/\1/p' "$T/$1.out" |
	    awk '{ n += $1 } END { print n + 0 }'
}

# --- the one-liners of issue 4 --------------------------------------

readcount_signal() {
	if [ $2 = INT ]; then
		bgbt $1 $SHARE/readcount.bt	# the one-liner, shipped
	else
		bgbt $1 -e 'syscall:read:entry { @[comm] = count() }'
	fi
	$WL -n dtlive-rc read 1 100 >/dev/null
	kill -$2 $BPID
	waitbt $1
	show $1
	ok $1 && has $1 "@[dtlive-rc]: 100"
}

t_readcount_sigint() {
	readcount_signal readcount_sigint INT
}

t_readcount_sigterm() {
	readcount_signal readcount_sigterm TERM
}

t_sysenter() {
	btc sysenter -c "$WL -n dtlive-se getppid 37 >/dev/null" \
	    $SHARE/sysenter.bt	# the one-liner, shipped
	show sysenter
	ok sysenter && has sysenter "@[dtlive-se, 110]: 37"
}

t_readsize() {
	rm -f $T/go
	$WL -w $T/go -n dtlive-rs read 700 7 >/dev/null &
	p=$!
	bgbt readsize $SHARE/readsize.bt $p	# the one-liner, shipped
	touch $T/go
	wait $p
	kill -INT $BPID
	waitbt readsize
	show readsize
	ok readsize && has readsize "@readsize:" &&
	    hasre readsize '^\[512, 1K\) +7 \|@+ *\|$' &&
	    [ "$(histsum readsize)" = 7 ]
}

t_exec() {
	btc exec -c "$WL asuser 65534 $WL sleep 0 >$T/exec.wl" -e \
	    'tracepoint:sched:sched_process_exec {
	    printf("%s(pid=%d) started by uid %d\n", comm, pid, uid) }'
	p=$(wlpid $T/exec.wl)
	show exec
	ok exec && [ -n "$p" ] && has exec "dtlive-wl(pid=$p) started by uid 65534"
}

t_sigkill() {
	btc sigkill -c "$WL -n dtlive-kill kill9 >$T/sigkill.wl" -e \
	    'tracepoint:signal:signal_generate /args.sig == 9/ {
	    printf("%s[%d] sent SIGKILL to pid %d\n", comm, pid, args.pid) }'
	p=$(wlpid $T/sigkill.wl)
	c=$(sed -n 's/^target //p' $T/sigkill.wl)
	show sigkill
	ok sigkill && [ -n "$c" ] &&
	    has sigkill "dtlive-kill[$p] sent SIGKILL to pid $c"
}

# --- listing and wildcards --------------------------------------------

t_list() {
	btc list -l
	show list | head -30
	ok list && has list "syscall:openat:entry" &&
	    has list "syscall:openat:return" &&
	    hasre list '^tracepoint:sched:sched_process_exec\(const char \*, pid_t, pid_t, pid_t\)$' &&
	    hasre list '^tracepoint:raw_syscalls:sys_enter\(long, ' &&
	    [ "$(grep -c . $T/list.out)" -gt 500 ]
}

t_list_verbose() {
	# and the wildcards ? and [...]
	btc listv -lv 'syscall:open[a]?:e?try'
	show listv
	ok listv && [ "$(grep -c . $T/listv.out)" = 1 ] &&
	    hasre listv '^syscall:openat:entry\(int dfd, const char (__user )?\* ?filename, int flags, umode_t mode\)$'
}

t_list_wildcard() {
	btc listw -l 'syscall:open*:entry'
	show listw
	ok listw && has listw syscall:openat:entry &&
	    has listw syscall:open:entry && has listw syscall:openat2:entry &&
	    ! grep -vqE '^syscall:open[^:]*:entry$' $T/listw.out
}

t_list_patterns() {
	# Every operand is a pattern; a probe matching several is listed once.
	btc listpp -l 'profile:*' 'interval:*'
	show listpp
	ok listpp && hasre listpp '^profile:' && hasre listpp '^interval:' &&
	    ! grep -vqE '^(profile|interval):' $T/listpp.out || return 1
	btc listpo -l 'syscall:openat:*' 'syscall:open*:entry'
	show listpo
	ok listpo && [ "$(grep -cxF syscall:openat:entry $T/listpo.out)" = 1 ] &&
	    has listpo syscall:openat:return && has listpo syscall:open:entry &&
	    ! grep -vqE '^syscall:(openat:return|open[^:]*:entry)$' \
	    $T/listpo.out
}

t_wildcard_probe() {
	btc wildprobe -c "$WL -n dtlive-wc open /etc/hostname /nonexist \
	    >/dev/null" -e 'syscall:open*:* /comm == "dtlive-wc"/ {
	    @[probe] = count() }'
	show wildprobe
	ok wildprobe && has wildprobe "@[syscall:openat:entry]: 2" &&
	    has wildprobe "@[syscall:openat:return]: 2" &&
	    [ "$(grep -c . $T/wildprobe.out)" = 2 ]
}

# --- process selection and output ---------------------------------------

t_pid_flag() {
	rm -f $T/go
	$WL -w $T/go -n dtlive-p getppid 20 >/dev/null &
	p=$!
	$WL -w $T/go -n dtlive-q getppid 30 >/dev/null &
	q=$!
	bgbt pflag -p $p -e 'syscall:getppid:entry { @[comm, pid] = count() }'
	touch $T/go
	wait $p $q
	waitbt pflag		# it must end by itself, p having exited
	show pflag
	ok pflag && has pflag "@[dtlive-p, $p]: 20" &&
	    ! grep -q dtlive-q $T/pflag.out
}

t_c_children() {
	rm -f $T/go2
	$WL -w $T/go2 -n dtlive-out getppid 40 >/dev/null &
	q=$!
	btc cflag -c "touch $T/go2; $WL -n dtlive-c1 getppid 5 >/dev/null;
	    $WL -n dtlive-c2 fork >/dev/null" \
	    -e 'syscall:getppid:entry, syscall:exit_group:entry {
	    @[comm, probe] = count() }'
	wait $q
	show cflag
	ok cflag && has cflag "@[dtlive-c1, syscall:getppid:entry]: 5" &&
	    has cflag "@[dtlive-c2, syscall:exit_group:entry]: 2" &&
	    ! grep -q dtlive-out $T/cflag.out
}

t_attaching() {
	# Once the probes are enabled, and before the command of -c starts,
	# how many on standard error; nothing with -q; JSON with -f json.
	P='syscall:getppid:* { @[probe] = count() }'
	"$BTRACE" -c "$WL -n dtlive-at getppid 3" -e "$P" >$T/att.all 2>&1
	echo $? >$T/att.rc
	btc attq -q -c "$WL -n dtlive-at getppid 3" -e "$P"
	btc attj -f json -c "$WL -n dtlive-at getppid 3" -e "$P"
	btc att1 -c "$WL -n dtlive-at getppid 3" \
	    -e 'syscall:getppid:entry { @ = count() }'
	echo "default:"
	sed 's/^/  /' $T/att.all
	for n in attq attj att1; do
		echo "$n: standard error $(cat $T/$n.att) $(cat $T/$n.err)"
	done
	[ "$(cat $T/att.rc)" = 0 ] &&
	    [ "$(sed -n 1p $T/att.all)" = "Attaching 2 probes..." ] &&
	    [ "$(grep -c Attaching $T/att.all)" = 1 ] &&
	    grep -q '^pid [0-9]' $T/att.all &&
	    grep -qxF '@[syscall:getppid:entry]: 3' $T/att.all &&
	    ok attq && [ ! -s $T/attq.att ] &&
	    ok attj && [ "$(cat $T/attj.att)" = \
	    '{"type": "attached_probes", "data": {"probes": 2}}' ] &&
	    ok att1 && [ "$(cat $T/att1.att)" = "Attaching 1 probe..." ]
}

t_c_cannot_start() {
	# A command that cannot be run is an error before tracing; one whose
	# exec fails once tracing is on stops btrace before any event.
	printf '#!/nonexistent/interp\n' >$T/badinterp
	chmod 755 $T/badinterp
	P='syscall:getppid:entry { @ = count() } END { printf("end\n") }'
	btc cnf -c /nonexistent/cmd -e "$P"
	btc cbad -c $T/badinterp -e "$P"
	show cnf
	show cbad
	[ "$(cat $T/cnf.rc)" = 1 ] && [ ! -s $T/cnf.out ] &&
	    [ "$(cat $T/cnf.err)" = "btrace: -c /nonexistent/cmd: No such file or directory" ] &&
	    [ "$(cat $T/cbad.rc)" = 1 ] && [ ! -s $T/cbad.out ] &&
	    [ "$(cat $T/cbad.err)" = "btrace: -c $T/badinterp: No such file or directory" ]
}

t_fork_storm() {
	# Three workloads, each with 150 short-lived children alive at once,
	# five rounds, under -c: every child is followed (the pid set grows
	# and shrinks under the fork and exit hooks, which run in atomic
	# context, on several CPUs at once) and the kernel log stays clean.
	btc forkstorm -c "for i in 1 2 3; do
	    $WL -n dtlive-fs forkstorm 150 5 >$T/fs\$i.wl & done; wait" -e \
	    'syscall:getppid:entry /comm == "dtlive-fs"/ { @ = count() }'
	show forkstorm
	cat $T/fs1.wl $T/fs2.wl $T/fs3.wl
	ok forkstorm && has forkstorm "@: 2250"
}

t_o_flag() {
	btc oflag -o $T/oflag.file -c "$WL -n dtlive-o getppid 3 >/dev/null" \
	    -e 'syscall:getppid:entry { @[comm] = count() }'
	show oflag
	echo "file:"
	cat $T/oflag.file
	ok oflag && [ ! -s $T/oflag.out ] &&
	    grep -qxF '@[dtlive-o]: 3' $T/oflag.file
}

t_pipe_head() {
	# Each line reaches a pipe once printed, and btrace stops when the
	# reader goes: the command of -c is ended, then btrace dies of
	# SIGPIPE as any writer whose reader went (not at the timeout).
	# (The command's own reads, every 0.1 s: the events of -c are those
	# of the command.)
	{ timeout 40 env --default-signal=PIPE "$BTRACE" -q \
	    -c "echo \$\$ >$T/pipehead.pid;
	    exec $WL -n dtlive-ph readfor 120 100000 >/dev/null" \
	    -e 'syscall:read:entry /comm == "dtlive-ph"/ { printf("t\n") }' \
	    2>$T/pipehead.err
	    echo $? >$T/pipehead.rc; } | head -2 >$T/pipehead.out
	c=$(cat $T/pipehead.pid)
	show pipehead
	echo "command $c"
	[ "$(cat $T/pipehead.rc)" = 141 ] && [ ! -s $T/pipehead.err ] &&
	    [ "$(cat $T/pipehead.out)" = "$(printf 't\nt')" ] &&
	    [ -n "$c" ] && ! kill -0 "$c" 2>/dev/null
}

t_o_grows() {
	# The -o file holds each line once printed, while btrace runs.
	bgbt ogrow -o $T/ogrow.file -e 'interval:ms:100 { printf("t\n") }'
	i=0
	while [ ! -s $T/ogrow.file ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	running=no
	kill -0 $BPID 2>/dev/null && running=yes
	n1=$(grep -c . $T/ogrow.file)
	sleep 1
	n2=$(grep -c . $T/ogrow.file)
	kill -INT $BPID
	waitbt ogrow
	n3=$(grep -c . $T/ogrow.file)
	show ogrow
	echo "running: $running; lines: $n1, a second later $n2, at exit $n3"
	ok ogrow && [ $running = yes ] && [ "$n1" -gt 0 ] &&
	    [ "$n2" -gt "$n1" ] && [ "$n3" -ge "$n2" ] &&
	    ! grep -qvx t $T/ogrow.file
}

t_json() {
	btc json -f json -c "$WL -n dtlive-js open /etc/hostname \
	    /nonexistent-js >/dev/null" -e 'syscall:openat:entry
	    /comm == "dtlive-js"/ { printf("%s\n", str(arg1));
	    @[comm] = count() } syscall:getppid:entry { @h = hist(5) }'
	show json
	ok json && python3 -c '
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert lines[0] == {"type": "printf", "data": "/etc/hostname\n"}, lines[0]
assert lines[1] == {"type": "printf", "data": "/nonexistent-js\n"}, lines[1]
assert lines[2] == {"type": "map", "data": {"@": {"dtlive-js": 2}}}, lines[2]
assert lines[3]["type"] == "hist", lines[3]
assert lines[3]["data"]["@h"] == [{"min": 4, "max": 7, "count":
    lines[3]["data"]["@h"][0]["count"]}], lines[3]
assert len(lines) == 4, lines
' $T/json.out
}

# The rings' size: btrace's default, 64 MiB over the CPUs, at most 16
# MiB and at least 1 MiB each, as -v says at the end; -b's otherwise.
t_ringsize() {
	n=$(getconf _NPROCESSORS_CONF)
	want=16384
	while [ $want -gt 1024 ] && [ $((want * n)) -gt 65536 ]; do
		want=$((want / 2))
	done
	btc rsdef -v -e 'interval:ms:50 { exit() }'
	btc rsb -v -b 64K -e 'interval:ms:50 { exit() }'
	show rsdef
	show rsb
	echo "$n CPUs: want $want KiB"
	[ "$(cat $T/rsdef.rc)" = 0 ] && [ "$(cat $T/rsb.rc)" = 0 ] &&
	    grep -qx "btrace: rings of $want KiB a CPU" $T/rsdef.err &&
	    grep -qx "btrace: rings of 64 KiB a CPU" $T/rsb.err
}

t_drops() {
	n=50000
	btc drops -o $T/drops.file -c "$WL getppid $n >/dev/null" -e \
	    'syscall:getppid:entry { printf("%d %d %d\n", nsecs, pid, cpu) }'
	show drops
	got=$(grep -c . $T/drops.file)
	echo "$got lines printed of $n"
	[ "$(cat $T/drops.rc)" = 0 ] || return 1
	if [ ! -s $T/drops.err ]; then
		[ "$got" -ge $n ] && [ "$got" -le $((n + 10)) ]
		return
	fi
	# Every stderr line a drop report, each followed by where: by CPU
	# and by probe; the last report the total.
	grep -vqE '^btrace: [0-9]+ events dropped, [0-9]+ lost to recursion(: the reader fell behind)?$|^btrace:   by CPU:( cpu[0-9]+ [0-9]+,?)+$|^btrace:   by probe: syscall:getppid:entry [0-9]+$' \
	    $T/drops.err && return 1
	last=$(grep -v '^btrace:   ' $T/drops.err | tail -1)
	echo "$last" | grep -q 'the reader fell behind$' || return 1
	d=$(echo "$last" | awk '{ print $2 + $5 }')
	# The total split by CPU and by probe adds up to it.
	bycpu=$(tail -2 $T/drops.err | sed -n 's/^btrace:   by CPU://p' |
	    tr ',' '\n' | awk '{ s += $2 } END { print s + 0 }')
	byprobe=$(tail -1 $T/drops.err | awk '/by probe:/ { print $NF }')
	echo "dropped $d: by CPU $bycpu, by probe $byprobe"
	[ "$bycpu" = "$d" ] && [ "$byprobe" = "$d" ] || return 1
	# the workload's calls, and a few of sh's
	[ $((got + d)) -ge $n ] && [ $((got + d)) -le $((n + 10)) ]
}

# dropcheck FILE: the drop reports of a btrace's standard error agree:
# in each, the total is the sum by CPU, from one snapshot; the sum by
# probe may differ by the drops under way on the other CPUs at that
# instant (at most one each), and in the closing report, taken once
# recording stopped, it is the total too.  The reports each second add
# up to no more than the closing total.
dropcheck() {
	awk -v ncpu="$(nproc)" '
	function flush() {
		if (!have)
			return
		nrep++
		print (final ? "closing" : "report " nrep) ": total " total \
		    ", by CPU " cpus ", by probe " probes
		if (cpus != total) {
			print "  by CPU differs from the total"; bad = 1
		}
		d = probes - total
		if (d < 0)
			d = -d
		if ((final && d != 0) || d > ncpu) {
			print "  by probe differs from the total"; bad = 1
		}
		if (!final)
			persec += total
		have = 0
	}
	/^btrace: [0-9]+ events dropped, [0-9]+ lost to recursion/ {
		flush()
		have = 1
		total = $2 + $5
		final = /the reader fell behind$/
		if (final)
			closing = total
		cpus = probes = 0
		next
	}
	/^btrace:   by CPU:/ {
		sub(/^btrace:   by CPU:/, "")
		n = split($0, f, ",")
		for (i = 1; i <= n; i++) {
			split(f[i], g, " ")
			cpus += g[2]
		}
		next
	}
	/^btrace:   by probe:/ {
		sub(/^btrace:   by probe:/, "")
		n = split($0, f, ",")
		for (i = 1; i <= n; i++) {
			m = split(f[i], g, " ")
			probes += g[m]
		}
		next
	}
	{ print "not a drop report: " $0; bad = 1 }
	END {
		flush()
		if (nrep < 2 || closing == "") {
			print "wanted reports each second and a closing one"
			bad = 1
		}
		if (persec > closing) {
			print "the reports each second say " persec \
			    ", more than the closing total " closing
			bad = 1
		}
		exit bad
	}' "$1"
}

# Drops on purpose: btrace stopped (SIGSTOP) while a workload fills the
# rings (of 1 MiB, the kernel's default, not btrace's larger one), then
# a second one while it catches up, so that it reports each second while
# events are being dropped.
t_drops_reports() {
	bgbt dropsrep -b 1M -o $T/dropsrep.file -e \
	    'syscall:getppid:entry /comm == "dtlive-dr"/ {
	    printf("%d %d %d %s\n", nsecs, pid, cpu, comm) }'
	kill -STOP $BPID
	$WL -n dtlive-dr getppid 100000 >/dev/null
	$WL -n dtlive-dr getppid 300000 >/dev/null &
	w=$!
	kill -CONT $BPID
	wait $w
	sleep 2
	kill -INT $BPID
	waitbt dropsrep
	show dropsrep
	[ "$(cat $T/dropsrep.rc)" = 0 ] && dropcheck $T/dropsrep.err
}

# The sanitizer build with leak detection over a live run with -v and
# drop reports: nothing is left allocated at exit, the buffers of the
# drop reports and statistics included.
t_san_leaks() {
	[ -x "$BTRACE_SAN" ] || { echo "$BTRACE_SAN: not built"; return 1; }
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    "$BTRACE_SAN" -v -o $T/sanleaks.file -e \
	    'syscall:getppid:entry /comm == "dtlive-sl"/ {
	    printf("%d %s\n", pid, comm) }' >$T/sanleaks.out \
	    2>$T/sanleaks.err </dev/null &
	BPID=$!
	i=0
	while [ $i -lt 300 ]; do
		ls -l /proc/$BPID/fd 2>/dev/null | grep -q '/dev/dt' && break
		sleep 0.1
		i=$((i + 1))
	done
	sleep 1
	kill -STOP $BPID
	$WL -n dtlive-sl getppid 100000 >/dev/null
	kill -CONT $BPID
	sleep 2
	kill -INT $BPID
	waitbt sanleaks
	show sanleaks
	[ "$(cat $T/sanleaks.rc)" = 0 ] &&
	    grep -q 'events dropped' $T/sanleaks.err &&
	    grep -q '^[0-9]* events read$' $T/sanleaks.err &&
	    ! grep -qE 'Sanitizer|runtime error' $T/sanleaks.err
}

t_order() {
	btc order -c "taskset -c 0 $WL -n dtlive-o0 getppid 3000 >/dev/null &
	    taskset -c 1 $WL -n dtlive-o1 getppid 3000 >/dev/null; wait" -e \
	    'syscall:getppid:entry /comm == "dtlive-o0" || comm == "dtlive-o1"/ {
	    printf("%d %d %s\n", nsecs, cpu, comm) }'
	sed -n '1,5p' $T/order.out
	grep -c . $T/order.out
	awk '{ print $2, $3 }' $T/order.out | sort | uniq -c
	echo "exit status $(cat $T/order.rc)"
	sed -n '1,5p' $T/order.err
	ok order && [ "$(grep -c . $T/order.out)" = 6000 ] &&
	    [ "$(awk '{ print $2 }' $T/order.out | sort -u | wc -l)" = 2 ] &&
	    awk 'NR > 1 && $1 < last { print "line " NR " goes back: " $0
	    " after " lastline; bad = 1 } { last = $1; lastline = $0 }
	    END { exit bad }' $T/order.out
}

t_args_filename() {
	btc argsfn -c "$WL -n dtlive-af open /etc/hostname >/dev/null" -e \
	    'syscall:openat:entry /comm == "dtlive-af"/ {
	    printf("%s %d %d\n", args.filename, args.flags, args.dfd) }'
	show argsfn
	ok argsfn && [ "$(cat $T/argsfn.out)" = "/etc/hostname 0 -100" ]
}

t_exit_end() {
	# Reads go on while btrace exits, a few hundred a second: a flood
	# would fill the rings before btrace stops recording, and the
	# drops it then reports are not what this test is about.
	$WL -n dtlive-ex readfor 40 2000 >/dev/null &
	q=$!
	sleep 0.5
	btc exitend -e 'syscall:read:entry /comm == "dtlive-ex"/ {
	    @reads = count(); exit() } END { printf("END ran\n") }'
	kill $q
	wait $q
	show exitend
	ok exitend && [ "$(head -1 $T/exitend.out)" = "END ran" ] &&
	    hasre exitend '^@reads: [1-9][0-9]*$'
}

# The keys of the JSON objects in the text on standard input, in order.
jsonkeys() {
	grep -o '"[a-z_]*":' | tr -d '\n'
}

t_json_stats() {
	# -f json -v: the statistics on standard error have the keys the
	# example in btrace.8 shows, in its order.
	btc json_stats -f json -v -c "$WL -n dtlive-jv getppid 10" \
	    -e 'syscall:getppid:entry { @ = count() }'
	show json_stats
	want=$(sed -n '/^{"type": "stats", "data": {"read"/,/}}}$/p' \
	    "$SHARE/../../man/btrace.8" | jsonkeys)
	got=$(grep '^{"type": "stats"' "$T/json_stats.err" | jsonkeys)
	echo "btrace.8: $want"
	echo "btrace:   $got"
	[ "$(cat $T/json_stats.rc)" = 0 ] && [ -n "$want" ] && [ "$want" = "$got" ]
}

t_record_replay() {
	# -w records every argument and string argument whatever the
	# recording program reads; -r then serves another program.
	"$BTRACE" -w $T/rr.rec -c "$WL -n dtlive-rr open /nonexistent/rr" \
	    -e 'syscall:openat:entry { } syscall:openat:return { }' \
	    >$T/rrw.out 2>$T/rrw.err
	echo $? >$T/rrw.rc
	show rrw
	[ "$(cat $T/rrw.rc)" = 0 ] &&
	    grep -qE '^btrace: [0-9]+ events recorded to ' $T/rrw.err || return 1
	btc rrr -r $T/rr.rec -e 'syscall:openat:entry /comm == "dtlive-rr"/ {
	    @p[tid] = str(arg1) }
	    syscall:openat:return /comm == "dtlive-rr" && errno == ENOENT/ {
	    printf("%s %s %d\n", comm, @p[tid], retval) }
	    END { clear(@p) }'
	show rrr
	ok rrr && [ "$(cat $T/rrr.out)" = "dtlive-rr /nonexistent/rr -1" ]
}

t_stack_memory() {
	# btrace asks for the stack it needs (its programs' nesting being
	# bounded), not 1 GiB: this 1 GiB guest's kernel logs no allocation
	# of btrace's that it refused.
	before=$(dmesg | grep -c '__vm_enough_memory.*comm: btrace')
	btc stackmem -e 'BEGIN { printf("ok\n") }'
	after=$(dmesg | grep -c '__vm_enough_memory.*comm: btrace')
	show stackmem
	echo "refusals logged: $before before, $after after"
	dmesg | grep '__vm_enough_memory' | tail -3
	ok stackmem && has stackmem ok && [ "$after" = "$before" ]
}

# --- share/btrace --------------------------------------------------------

# shr NAME SCRIPT WORKLOAD [args]: SCRIPT run over -c WORKLOAD.
shr() {
	n=$1
	s=$2
	w=$3
	shift 3
	btc $n -c "$w" "$SHARE/$s" "$@"
}

# A recording with kernel stacks: the kernel symbol section -w writes
# passes -r's checks, and the replayed frames are symbolized.  (User
# symbols are read while the process lives, which a short workload does
# not wait for; the replay test live-prof covers their section.)
t_record_stacks() {
	"$BTRACE" -w $T/rs.rec -c "$WL -n dtlive-rs getppid 20" -e \
	    'syscall:getppid:entry { @[kstack] = count() }' \
	    >$T/rsw.out 2>$T/rsw.err
	echo $? >$T/rsw.rc
	show rsw
	[ "$(cat $T/rsw.rc)" = 0 ] || return 1
	btc rsr -r $T/rs.rec -e 'syscall:getppid:entry
	    /comm == "dtlive-rs"/ { @[kstack] = count() }'
	show rsr
	ok rsr && grep -qE '^[[:space:]]+do_syscall_64\+0x[0-9a-f]+$' \
	    $T/rsr.out && grep -qx ']: 20' $T/rsr.out
}

t_share_biolatency() {
	# No block device in the guest: the histogram may stay empty.
	btc share_biolatency -e "$(cat $SHARE/biolatency.bt)
	    interval:s:1 { exit() }"
	show share_biolatency
	ok share_biolatency &&
	    has share_biolatency "Tracing block I/O... Hit Ctrl-C to end."
}

# bpftrace's functions on the real kernel: kaddr() and ksym() over
# /proc/kallsyms, and signal() under -U ending the process that fired
# the probe (and so btrace's -c: the workload would otherwise run for
# minutes), said on standard error.
t_funcs_live() {
	btc fl1 -e 'BEGIN { printf("%s %d\n", ksym(kaddr("vfs_read") + 1),
	    kaddr("vfs_read") != 0); }'
	show fl1
	btc fl2 -U -c "$WL -n dtlive-sg getppid 100000000" -e 'syscall:getppid:entry
	    /comm == "dtlive-sg" && @n == 0/ { @n = 1; signal("SIGTERM") }'
	show fl2
	ok fl1 && has fl1 "vfs_read 1" &&
	    [ "$(cat $T/fl2.rc)" = 0 ] &&
	    grep -qE '^btrace: signal\(SIGTERM\) sent to pid [0-9]+ \(dtlive-sg\)$' \
	    $T/fl2.err
}

# null_blk: a block device whose requests complete at once, in the
# submitting task (irqmode=0), without data; /dev/nullb0.
nullblk() {
	[ -b /dev/nullb0 ] || modprobe null_blk nr_devices=1 irqmode=0 \
	    >/dev/null 2>&1
	[ -b /dev/nullb0 ]
}

# biosnoop.bt over dd reading 8 blocks of null_blk directly: a line for
# each, with the device's numbers and dd as the issuer.
t_share_biosnoop() {
	nullblk || { echo "no null_blk device (modprobe null_blk)"; return 1; }
	dev=$(sed 's/:/,/' /sys/block/nullb0/dev)
	shr share_biosnoop biosnoop.bt \
	    "dd if=/dev/nullb0 of=/dev/null bs=4096 count=8 iflag=direct 2>/dev/null"
	show share_biosnoop
	n=$(grep -cE "^[0-9]+ +$dev +dd +[0-9]+ +[0-9]+\$" $T/share_biosnoop.out)
	echo "$n lines of dd on $dev"
	ok share_biosnoop &&
	    hasre share_biosnoop '^TIME\(ms\) +DEV +COMM +PID +LAT\(ms\)$' &&
	    [ "$n" -ge 8 ]
}

# The child's setgid(65534) and setuid(65534), made as root, are checks
# of CAP_SETGID (6) and CAP_SETUID (7), both audited.
# bitesize.bt over dd reading 8 blocks of 4 KiB from null_blk directly:
# dd's histogram holds the 8 in the bucket of 4K.
t_share_bitesize() {
	nullblk || { echo "no null_blk device (modprobe null_blk)"; return 1; }
	shr share_bitesize bitesize.bt \
	    "dd if=/dev/nullb0 of=/dev/null bs=4096 count=8 iflag=direct 2>/dev/null"
	show share_bitesize
	ok share_bitesize &&
	    has share_bitesize "Tracing block device I/O... Hit Ctrl-C to end." &&
	    has share_bitesize "I/O size (bytes) histograms by process name:" &&
	    has share_bitesize "@[dd]:" &&
	    hasre share_bitesize '^\[4K, 8K\) +8 \|@+\|$'
}

# cpuwalk.bt over two spinning workloads for a second: the samples of
# the CPUs that ran them, at 99 Hz, about 99 a second in all.
t_share_cpuwalk() {
	shr share_cpuwalk cpuwalk.bt \
	    "$WL spin 1 >/dev/null & $WL spin 1 >/dev/null; wait"
	show share_cpuwalk
	ok share_cpuwalk &&
	    has share_cpuwalk "Sampling CPU at 99hz... Hit Ctrl-C to end." &&
	    has share_cpuwalk "@cpu:" && hasre share_cpuwalk '^\[[01], [12]\) +[0-9]+ \|@*\|$' &&
	    [ "$(histsum share_cpuwalk)" -gt 20 ]
}

# biostacks.bt over dd reading 8 blocks of null_blk directly: the 8
# latencies under a stack that submitted them through submit_bio().
t_share_biostacks() {
	nullblk || { echo "no null_blk device (modprobe null_blk)"; return 1; }
	shr share_biostacks biostacks.bt \
	    "dd if=/dev/nullb0 of=/dev/null bs=4096 count=8 iflag=direct 2>/dev/null"
	show share_biostacks
	echo "$(histsum share_biostacks) latencies"
	ok share_biostacks &&
	    has share_biostacks "Tracing block I/O with init stacks. Hit Ctrl-C to end." &&
	    hasre share_biostacks '^@usecs\[$' &&
	    grep -qE '^[[:space:]]+submit_bio[a-z_]*\+0x[0-9a-f]+$' $T/share_biostacks.out &&
	    [ "$(histsum share_biostacks)" -ge 8 ]
}

t_share_capable() {
	shr share_capable capable.bt "$WL -n dtlive-cp setuid >$T/cp.wl"
	c=$(sed -n 's/^child //p' $T/cp.wl)
	show share_capable
	ok share_capable &&
	    hasre share_capable '^TIME +UID +PID +COMM +CAP +NAME +AUDIT$' &&
	    hasre share_capable "^[0-9:]{8} 0 +$c +dtlive-cp +6 +CAP_SETGID +1\$" &&
	    hasre share_capable "^[0-9:]{8} 0 +$c +dtlive-cp +7 +CAP_SETUID +1\$"
}

# dcsnoop.bt over cat of /etc/hostname, whose walk steps through the
# cache (R, from "etc" on), and mkdir of a new name, which d_lookup()
# does not find (M).
# An interactive bash on a terminal (script(1)'s) reading a line.
t_share_bashreadline() {
	shr share_bashreadline bashreadline.bt "echo 'echo dtlive-rl-typed; exit' |
	    script -qc 'bash --norc --noprofile -i' /dev/null >/dev/null"
	show share_bashreadline
	ok share_bashreadline &&
	    hasre share_bashreadline '^TIME +PID +COMMAND$' &&
	    hasre share_bashreadline \
	    '^[0-9]{2}:[0-9]{2}:[0-9]{2}  [0-9]+ +echo dtlive-rl-typed; exit$'
}

t_share_dcsnoop() {
	shr share_dcsnoop dcsnoop.bt "cat /etc/hostname >/dev/null; mkdir $T/dcnew"
	show share_dcsnoop
	ok share_dcsnoop &&
	    has share_dcsnoop "Tracing dcache lookups... Hit Ctrl-C to end." &&
	    hasre share_dcsnoop '^TIME\(ms\) +PID +COMM +T FILE$' &&
	    hasre share_dcsnoop '^[0-9]+ +[0-9]+ +cat +R etc/hostname$' &&
	    hasre share_dcsnoop '^[0-9]+ +[0-9]+ +mkdir +M dcnew$'
}

# getent's getaddrinfo() of a name /etc/hosts has, and of one it has
# not (no network in the guest: a failed lookup, which is shown too).
t_share_gethostlatency() {
	shr share_gethostlatency gethostlatency.bt \
	    "getent ahosts localhost >/dev/null; getent ahosts dtlive.invalid"
	show share_gethostlatency
	ok share_gethostlatency &&
	    hasre share_gethostlatency '^TIME +PID +COMM +LATms HOST$' &&
	    hasre share_gethostlatency \
	    '^[0-9:]{8}  [0-9]+ +getent +[0-9]+ localhost$' &&
	    hasre share_gethostlatency \
	    '^[0-9:]{8}  [0-9]+ +getent +[0-9]+ dtlive.invalid$'
}

t_share_execsnoop() {
	shr share_execsnoop execsnoop.bt "$WL sleep 0 >$T/es.wl"
	p=$(wlpid $T/es.wl)
	show share_execsnoop
	ok share_execsnoop && hasre share_execsnoop '^TIME +PID +PPID +UID +ARGS$' &&
	    hasre share_execsnoop "^[0-9]{2}:[0-9]{2}:[0-9]{2} $p +[0-9]+ +0 +$WL sleep 0\$"
}

t_share_forks() {
	shr share_forks forks.bt "$WL -n dtlive-fk fork >$T/fk.wl"
	p=$(wlpid $T/fk.wl)
	show share_forks
	ok share_forks && has share_forks "dtlive-fk[$p]"
}

t_share_killsnoop() {
	shr share_killsnoop killsnoop.bt "$WL -n dtlive-ks kill9 >$T/ks.wl"
	p=$(wlpid $T/ks.wl)
	c=$(sed -n 's/^target //p' $T/ks.wl)
	show share_killsnoop
	# wl kill9 checks that the target exists, kill(pid, 0), first.
	ok share_killsnoop && hasre share_killsnoop '^PID +COMM +SIG +TPID +RESULT$' &&
	    hasre share_killsnoop "^$p +dtlive-ks +0 +$c +0\$" &&
	    hasre share_killsnoop "^$p +dtlive-ks +9 +$c +0\$"
}

t_share_kprofile() {
	# Byte reads of /dev/zero: the kernel's time, whatever clocksource
	# the guest chose (spin's clock reads are system calls only where
	# the TSC was found unstable, so its kernel stacks can be empty).
	shr share_kprofile kprofile.bt "$WL readfor 1.5 >/dev/null"
	show share_kprofile
	# Stacks most frequent first, as kprofile.bt says.
	ok share_kprofile && grep -qE "$FRAME" $T/share_kprofile.out &&
	    ! grep -qE '^[[:space:]]+(0x)?[0-9a-f]{8,}$' $T/share_kprofile.out &&
	    hasre share_kprofile '^@\[$' && hasre share_kprofile '^\]: [0-9]+$' &&
	    sed -n 's/^\]: \([0-9][0-9]*\)$/\1/p' $T/share_kprofile.out |
	    awk 'NR > 1 && $1 > last { bad = 1 } { last = $1 }
		END { exit bad }'
}

t_share_missingfiles() {
	shr share_missingfiles missingfiles.bt \
	    "$WL -n dtlive-mf open /etc/hostname /no/such/dtlive >/dev/null"
	show share_missingfiles
	ok share_missingfiles && has share_missingfiles "dtlive-mf /no/such/dtlive" &&
	    ! grep -q 'dtlive-mf /etc/hostname' $T/share_missingfiles.out
}

t_share_newprocs() {
	shr share_newprocs newprocs.bt "$WL sleep 0 >$T/np.wl"
	p=$(wlpid $T/np.wl)
	show share_newprocs
	ok share_newprocs && has share_newprocs "dtlive-wl(pid=$p) started by uid 0"
}

t_share_opensnoop() {
	shr share_opensnoop opensnoop.bt \
	    "$WL -n dtlive-os open /etc/hostname /no/such/os >$T/os.wl"
	p=$(wlpid $T/os.wl)
	show share_opensnoop
	ok share_opensnoop && hasre share_opensnoop '^PID +COMM +FD ERR PATH$' &&
	    hasre share_opensnoop "^$p +dtlive-os +[0-9]+ +0 /etc/hostname\$" &&
	    hasre share_opensnoop "^$p +dtlive-os +-1 +2 /no/such/os\$"
}

# Five workloads, one after the other, over more than a second: some
# second counts forks, and every count is printed with its time.
t_share_pidpersec() {
	shr share_pidpersec pidpersec.bt \
	    "for i in 1 2 3 4 5 6; do $WL sleep 0.3; done >/dev/null"
	show share_pidpersec
	ok share_pidpersec &&
	    has share_pidpersec "Tracing new processes... Hit Ctrl-C to end." &&
	    hasre share_pidpersec '^[0-9:]{8} PIDs/sec: [1-9][0-9]*$'
}

t_share_readlat() {
	shr share_readlat readlat.bt "$WL -n dtlive-rl read 1 20 >/dev/null"
	show share_readlat
	ok share_readlat && has share_readlat "@times:" &&
	    [ "$(histsum share_readlat)" -ge 20 ]
}

t_share_runqlat() {
	btc share_runqlat -c "$WL spin 1 >/dev/null & $WL spin 1 >/dev/null;
	    wait" -e "$(cat $SHARE/runqlat.bt)"
	show share_runqlat
	ok share_runqlat &&
	    has share_runqlat "Tracing CPU scheduler... Hit Ctrl-C to end." &&
	    has share_runqlat "@usecs:" && [ "$(histsum share_runqlat)" -gt 0 ]
}

# runqlen.bt over four busy loops on the guest's two CPUs: some
# samples see a task waiting.
t_share_runqlen() {
	shr share_runqlen runqlen.bt "$WL spin 1 >/dev/null & $WL spin 1 >/dev/null &
	    $WL spin 1 >/dev/null & $WL spin 1 >/dev/null; wait"
	show share_runqlen
	ok share_runqlen &&
	    has share_runqlen "Sampling run queue length at 99 Hertz... Hit Ctrl-C to end." &&
	    has share_runqlen "@runqlen:" &&
	    hasre share_runqlen '^\[[1-9][0-9]*, [0-9]+\) +[1-9][0-9]* \|@*\|$'
}

t_share_setuid() {
	shr share_setuid setuid.bt "$WL -n dtlive-su setuid >$T/su.wl"
	c=$(sed -n 's/^child //p' $T/su.wl)
	show share_setuid
	ok share_setuid &&
	    has share_setuid "dtlive-su[$c] uid 0: kprobe:__sys_setgid:entry(65534)" &&
	    has share_setuid "dtlive-su[$c] uid 0: kprobe:__sys_setuid:entry(65534)"
}

# setuids.bt over wl setuid: its child, running as root, calls
# setuid(65534), which succeeds.
t_share_setuids() {
	shr share_setuids setuids.bt "$WL -n dtlive-su setuid >$T/sus.wl"
	c=$(sed -n 's/^child //p' $T/sus.wl)
	show share_setuids
	ok share_setuids &&
	    hasre share_setuids '^TIME +PID +COMM +UID +SYSCALL +ARGS \(RET\)$' &&
	    hasre share_setuids "^[0-9:]{8} $c +dtlive-su +0 +setuid +uid=65534 \\(0\\)\$"
}

# statsnoop.bt over stat(1) (statx(2)) of a file that exists and one
# that does not.
t_share_statsnoop() {
	shr share_statsnoop statsnoop.bt "stat /etc/hostname /no/such/sn >/dev/null 2>&1"
	show share_statsnoop
	ok share_statsnoop && hasre share_statsnoop '^PID +COMM +ERR PATH$' &&
	    hasre share_statsnoop '^[0-9]+ +stat +0 /etc/hostname$' &&
	    hasre share_statsnoop '^[0-9]+ +stat +2 /no/such/sn$'
}

t_share_sigkill() {
	shr share_sigkill sigkill.bt "$WL -n dtlive-sk kill9 >$T/sk.wl"
	p=$(wlpid $T/sk.wl)
	c=$(sed -n 's/^target //p' $T/sk.wl)
	show share_sigkill
	ok share_sigkill && has share_sigkill "dtlive-sk[$p] sent SIGKILL to pid $c"
}

t_share_syscount() {
	shr share_syscount syscount.bt "$WL -n dtlive-sc getppid 1000 >/dev/null"
	show share_syscount
	ok share_syscount && has share_syscount "Top 10 system calls:" &&
	    has share_syscount "Top 10 processes:" &&
	    hasre share_syscount '^@syscall\[syscall:getppid:entry\]: 10[0-9][0-9]$' &&
	    hasre share_syscount '^@process\[dtlive-sc\]: 1[0-9][0-9][0-9]$'
}

t_share_syncsnoop() {
	shr share_syncsnoop syncsnoop.bt "$WL -n dtlive-sy sync $T/sy.dat >$T/sy.wl"
	p=$(wlpid $T/sy.wl)
	show share_syncsnoop
	ok share_syncsnoop && hasre share_syncsnoop '^TIME +PID +COMM +CALL$' &&
	    for c in fsync fdatasync sync; do
		hasre share_syncsnoop "^[0-9:]{8} $p +dtlive-sy +tracepoint:syscalls:sys_enter_$c\$" ||
		    return 1
	    done
}

# brd: a RAM disk, /dev/ram0, for a file system whose pages are
# written back to a device.
ramdisk() {
	[ -b /dev/ram0 ] || modprobe brd rd_nr=1 rd_size=16384 \
	    >/dev/null 2>&1
	[ -b /dev/ram0 ]
}

# writeback.bt over 64 dirty pages of an ext4 on brd, then sync(1): a
# writeback of the disk (its backing device named by its numbers) for
# the reason sync.
t_share_writeback() {
	ramdisk || { echo "no RAM disk (modprobe brd)"; return 1; }
	modprobe ext4 >/dev/null 2>&1
	mkdir -p $T/wb && mkfs.ext4 -q -F /dev/ram0 &&
	    mount -t ext4 /dev/ram0 $T/wb ||
	    { echo "cannot mount an ext4 on /dev/ram0"; return 1; }
	dev=$(cat /sys/block/ram0/dev)
	# The flusher kernel thread writes back, not sync(1): no -c.
	bgbt share_writeback $SHARE/writeback.bt
	dd if=/dev/zero of=$T/wb/f bs=4096 count=64 2>/dev/null
	sync
	sleep 0.5
	kill -INT $BPID
	waitbt share_writeback
	umount $T/wb
	show share_writeback
	ok share_writeback &&
	    has share_writeback "Tracing writeback... Hit Ctrl-C to end." &&
	    hasre share_writeback '^TIME +DEVICE +PAGES +REASON +ms$' &&
	    hasre share_writeback "^[0-9:]{8} +$dev +[0-9]+ +sync +[0-9]+\\.[0-9]{3}\$"
}

# oomkill.bt over wl hog in a memory cgroup limited to 16 MiB: it asks
# for 64, and the OOM killer ends it, the process that ran out, with the
# cgroup's 4096 pages.
t_share_oomkill() {
	cg=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
	if [ -z "$cg" ]; then
		cg=$T/cg2
		mkdir -p $cg && mount -t cgroup2 none $cg || return 1
	fi
	rmdir $cg/dtlive-oom 2>/dev/null
	echo +memory >$cg/cgroup.subtree_control && mkdir $cg/dtlive-oom &&
	    echo 16M >$cg/dtlive-oom/memory.max || return 1
	[ -f $cg/dtlive-oom/memory.swap.max ] &&
	    echo 0 >$cg/dtlive-oom/memory.swap.max
	shr share_oomkill oomkill.bt "sh -c 'echo \$\$ >$cg/dtlive-oom/cgroup.procs &&
	    exec $WL -n dtlive-oom hog 64' >$T/oom.wl 2>&1"
	rmdir $cg/dtlive-oom
	p=$(wlpid $T/oom.wl)
	show share_oomkill
	cat $T/oom.wl
	ok share_oomkill &&
	    has share_oomkill "Tracing oom_kill_process()... Hit Ctrl-C to end." &&
	    hasre share_oomkill "^[0-9:]{8} Triggered by PID $p \\(\"dtlive-oom\"\\), OOM kill of PID $p \\(\"dtlive-oom\"\\), 4096 pages\$"
}

# wl tcp brings loopback up, listens on 127.0.0.1 and connects to itself:
# tcpconnect.bt shows the connecting end, tcpaccept.bt the accepting
# one, each with the workload's pid and comm and the ports it printed.
# Handshakes end in the network's softirq, which ksoftirqd may run and
# -c's filter would leave out: btrace traces everything here.
# sharetcp NAME SCRIPT COMM: btrace running SCRIPT over one wl tcp.
sharetcp() {
	bgbt $1 $SHARE/$2
	$WL -n $3 tcp >$T/$1.wl
	sleep 0.5
	kill -INT $BPID
	waitbt $1
	p=$(wlpid $T/$1.wl)
	l=$(sed -n 's/^listen //p' $T/$1.wl)
	c=$(sed -n 's/^connect //p' $T/$1.wl)
	show $1
	[ -n "$l" ] && [ -n "$c" ]
}

t_share_tcpconnect() {
	sharetcp share_tcpconnect tcpconnect.bt dtlive-tc &&
	    ok share_tcpconnect &&
	    hasre share_tcpconnect '^TIME +PID +COMM +SADDR +SPORT +DADDR +DPORT$' &&
	    hasre share_tcpconnect "^[0-9:]{8} $p +dtlive-tc +127\.0\.0\.1 +$c +127\.0\.0\.1 +$l\$"
}

t_share_tcpaccept() {
	sharetcp share_tcpaccept tcpaccept.bt dtlive-ta &&
	    ok share_tcpaccept &&
	    hasre share_tcpaccept '^TIME +PID +COMM +RADDR +RPORT +LADDR +LPORT$' &&
	    hasre share_tcpaccept "^[0-9:]{8} $p +dtlive-ta +127\.0\.0\.1 +$c +127\.0\.0\.1 +$l\$"
}

# Both ends of wl tcp's connection close: tcplife.bt prints each, the
# connecting end as the workload's (its LAST_ACK, in close()), the
# accepted end whoever ran when it closed.
t_share_tcplife() {
	sharetcp share_tcplife tcplife.bt dtlive-tl &&
	    ok share_tcplife &&
	    hasre share_tcplife '^PID +COMM +LADDR +LPORT +RADDR +RPORT +MS$' &&
	    hasre share_tcplife "^$p +dtlive-tl +127\.0\.0\.1 +$c +127\.0\.0\.1 +$l +[0-9]+\$" &&
	    hasre share_tcplife "^[0-9]+ +.* +127\.0\.0\.1 +$l +127\.0\.0\.1 +$c +[0-9]+\$"
}

# tcpsynbl.bt over wl tcp's connection: its listener's limit of 1 (the
# kernel keeps what listen(2) asked), its queue empty as it completes.
t_share_tcpsynbl() {
	sharetcp share_tcpsynbl tcpsynbl.bt dtlive-sb &&
	    ok share_tcpsynbl &&
	    has share_tcpsynbl "Tracing SYN backlog size. Ctrl-C to end." &&
	    has share_tcpsynbl "@backlog[backlog limit]: histogram of backlog size" &&
	    has share_tcpsynbl "@backlog[1]:" &&
	    hasre share_tcpsynbl '^\[0\] +1 \|@+\|$'
}

# tcpretrans.bt over wl synretrans: the SYN its full listener dropped,
# sent again in state SYN_SENT from the second connection's port.
t_share_tcpretrans() {
	bgbt share_tcpretrans $SHARE/tcpretrans.bt
	$WL -n dtlive-rt synretrans >$T/rt.wl
	kill -INT $BPID
	waitbt share_tcpretrans
	l=$(sed -n 's/^listen //p' $T/rt.wl)
	c=$(sed -n 's/^connect //p' $T/rt.wl)
	show share_tcpretrans
	[ -n "$l" ] && [ -n "$c" ] && ok share_tcpretrans &&
	    hasre share_tcpretrans '^TIME +PID +LADDR +LPORT +RADDR +RPORT +STATE$' &&
	    hasre share_tcpretrans "^[0-9:]{8} [0-9]+ +127\\.0\\.0\\.1 +$c +127\\.0\\.0\\.1 +$l +SYN_SENT\$"
}

# wl thread creates one thread and prints its thread ID.
t_share_threadsnoop() {
	shr share_threadsnoop threadsnoop.bt "$WL -n dtlive-th thread >$T/th.wl"
	p=$(wlpid $T/th.wl)
	t=$(sed -n 's/^thread //p' $T/th.wl)
	show share_threadsnoop
	ok share_threadsnoop && [ -n "$t" ] &&
	    hasre share_threadsnoop '^TIME\(ms\) +PID +TID +COMM$' &&
	    hasre share_threadsnoop "^[0-9]+ +$p +$t +dtlive-th\$"
}

# uprofile NAME [option ...]: uprofile.bt over the busy loop, until
# the loop has had a second of CPU time; btrace is stopped while the
# loop still runs, as user frames are named only while the process
# lives (one that exited before btrace read its first stack shows
# addresses, which a slow guest made happen when the loop ran for a
# fixed time).
uprofile() {
	_u=$1
	shift
	rm -f $T/go $T/stop
	$WL -w $T/go -n dtlive-up spinuntil $T/stop >/dev/null &
	p=$!
	bgbt $_u "$@" $SHARE/uprofile.bt $p
	touch $T/go
	# Clock ticks of user and system time (fields 14 and 15), at most
	# 120 s of waiting.
	i=0
	while [ $i -lt 1200 ] && [ "$(awk '{ print $14 + $15 }' \
	    /proc/$p/stat)" -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -INT $BPID 2>/dev/null
	waitbt $_u
	touch $T/stop
	wait $p
}

t_share_uprofile() {
	uprofile share_uprofile
	show share_uprofile
	ok share_uprofile && grep -qE '^[[:space:]]+spin_inner\+0x[0-9a-f]+$' \
	    $T/share_uprofile.out && grep -qE '^[[:space:]]+spin_outer\+0x' \
	    $T/share_uprofile.out && grep -qE '^[[:space:]]+main\+0x' \
	    $T/share_uprofile.out
}

# vfscount: every vfs_* function at once; the workload's 20 reads are
# among the vfs_read calls counted.
t_share_vfscount() {
	shr share_vfscount vfscount.bt "$WL -n dtlive-vc read 1 20 >/dev/null"
	show share_vfscount
	n=$(sed -n 's/^@\[vfs_read\]: \([0-9]*\)$/\1/p' $T/share_vfscount.out)
	ok share_vfscount &&
	    has share_vfscount "Tracing VFS calls... Hit Ctrl-C to end." &&
	    [ "${n:-0}" -ge 20 ]
}

# vfsstat: 20 reads, then a pause that spans a one-second report.  The
# report comes although no traced process runs when the timer fires.
t_share_vfsstat() {
	shr share_vfsstat vfsstat.bt \
	    "$WL -n dtlive-vs read 1 20 >/dev/null; $WL sleep 1.5 >/dev/null"
	show share_vfsstat
	ok share_vfsstat &&
	    has share_vfsstat "Tracing key VFS calls... Hit Ctrl-C to end." &&
	    hasre share_vfsstat '^[0-9]{2}:[0-9]{2}:[0-9]{2}$' &&
	    hasre share_vfsstat '^@\[vfs_read\]: [1-9][0-9]*$'
}

# Flame graphs (issue 13): kprofile.bt over a busy loop as an SVG, the
# frames symbols without offsets, sized by their samples; kept in the
# working directory, which ./run copies to the svg/ artefacts.
t_flame_kprofile_svg() {
	btc flame_kprofile_svg -f svg -o $T/kprofile.svg \
	    -c "$WL readfor 1.5 >/dev/null" "$SHARE/kprofile.bt"
	show flame_kprofile_svg
	cp $T/kprofile.svg ./live-kprofile.svg 2>/dev/null
	grep -o '<title>[^<]*</title>' $T/kprofile.svg | sed -n '1,15p'
	ok flame_kprofile_svg && [ ! -s $T/flame_kprofile_svg.out ] &&
	    head -1 $T/kprofile.svg | grep -q '^<?xml' &&
	    tail -1 $T/kprofile.svg | grep -qx '</svg>' &&
	    grep -q '^<script type="text/ecmascript"><!\[CDATA\[$' \
	    $T/kprofile.svg &&
	    grep -qE '<title>all \([1-9][0-9]* samples?, 100.00%\)</title>' \
	    $T/kprofile.svg &&
	    grep -qE '<title>[A-Za-z_][A-Za-z0-9_.]* \([1-9][0-9]* samples?, ' \
	    $T/kprofile.svg && ! grep -q '+0x' $T/kprofile.svg
}

# The folded stacks of uprofile.bt over the busy loop: main calls
# spin_outer, root first, without offsets, each line ending in a count.
t_flame_uprofile_folded() {
	uprofile flame_uprofile_folded -f folded
	show flame_uprofile_folded
	ok flame_uprofile_folded &&
	    hasre flame_uprofile_folded '(^|;)main;spin_outer(;| )' &&
	    ! grep -q '+0x' $T/flame_uprofile_folded.out &&
	    ! grep -qvE '^[^ ]+( [^ ]+)* [1-9][0-9]*$' \
	    $T/flame_uprofile_folded.out
}

# Every timer probe keeps its own rate (issue 7 item 15): the 1 s rule
# runs three times before the 3 s one exits; made for the program, the
# rates are gone once it ends (-l no longer lists them).
t_interval_rates() {
	btc interval_rates -e 'interval:s:1 { printf("t %s\n", probe) }
	    interval:s:3 { exit() }'
	btc interval_rates_l -l 'interval:s:*'
	show interval_rates
	cat $T/interval_rates_l.out
	ok interval_rates && [ "$(grep -cx 't interval:s:1' \
	    $T/interval_rates.out)" = 3 ] &&
	    [ "$(wc -l <$T/interval_rates.out)" = 3 ] &&
	    ! grep -q 'interval:s:[13]' $T/interval_rates_l.out
}

# --- trace events (tracepoint:SYSTEM:EVENT of tracefs) -----------------

# The classic missing-file hunt through the kernel's syscall trace
# events: the path is the user string the kernel copies at the entry,
# the error the exit's ret field.
# A recording of a trace event (-w) holds its format: replayed (-r)
# without tracefs, args.filename is decoded as when tracing, and a
# misspelt field is an error against the recorded format.
t_tracepoint_record() {
	"$BTRACE" -w $T/tr.rec -c "$WL -n dtlive-tr open /etc/hostname \
	    /no/such/dtlive-tr >/dev/null" -e \
	    'tracepoint:syscalls:sys_enter_openat { printf("%s\n", str(args.filename)) }' \
	    >$T/trw.out 2>$T/trw.err
	echo $? >$T/trw.rc
	show trw
	[ "$(cat $T/trw.rc)" = 0 ] &&
	    grep -qE '^btrace: [0-9]+ events recorded to ' $T/trw.err || return 1
	btc trr -r $T/tr.rec -e 'tracepoint:syscalls:sys_enter_openat
	    /comm == "dtlive-tr"/ { printf("%s\n", str(args.filename)) }'
	show trr
	ok trr && [ "$(cat $T/trr.out)" = "$(printf '/etc/hostname\n/no/such/dtlive-tr')" ] || return 1
	btc trm -r $T/tr.rec -e 'tracepoint:syscalls:sys_enter_openat {
	    printf("%s\n", str(args.filenme)) }'
	show trm
	[ "$(cat $T/trm.rc)" = 1 ] && grep -q "did you mean 'filename'" $T/trm.err
}

t_tracepoint_missingfiles() {
	btc tpmiss -c "$WL -n dtlive-tm open /etc/hostname /no/such/dtlive-tm \
	    >/dev/null" -e 'tracepoint:syscalls:sys_enter_openat {
	    @path[tid] = args.filename }
	    tracepoint:syscalls:sys_exit_openat /args.ret < 0/ {
	    printf("%s %s %d\n", comm, @path[tid], args.ret) }
	    tracepoint:syscalls:sys_exit_openat { delete(@path[tid]) }
	    END { clear(@path) }'
	show tpmiss
	ok tpmiss && has tpmiss "dtlive-tm /no/such/dtlive-tm -2" &&
	    ! grep -q 'dtlive-tm /etc/hostname' $T/tpmiss.out
}

# Fields of every kind: a char array (task_newtask's comm), integers of
# several sizes, and a wildcard over a system's events by name.
t_tracepoint_fields() {
	btc tpfields -c "$WL -n dtlive-tf fork >/dev/null" -e \
	    'tracepoint:task:task_newtask /comm == "dtlive-tf"/ {
	    printf("newtask %s %d\n", args.comm, args.pid > pid) }
	    tracepoint:syscalls:sys_enter_clone*,
	    tracepoint:syscalls:sys_enter_exit_group /comm == "dtlive-tf"/ {
	    @[probe] = count() }'
	show tpfields
	ok tpfields && has tpfields "newtask dtlive-tf 1" &&
	    hasre tpfields '^@\[tracepoint:syscalls:sys_enter_exit_group\]: [0-9]' &&
	    hasre tpfields '^@\[tracepoint:syscalls:sys_enter_clone3?\]: 1$'
}

# The whole list, fast, from tracefs without creating anything: every
# trace event, -lv with the fields of its format, a pattern without a
# colon matching any part of a name.
t_tracepoint_list() {
	n0=$(grep -c . /sys/kernel/tracing/available_events)
	btc tplist -l
	btc tplistv -lv 'tracepoint:sched:sched_process_free' \
	    'tracepoint:syscalls:sys_enter_openat'
	btc tplisto -l openat
	show tplistv
	show tplisto
	ok tplist && ok tplistv && ok tplisto &&
	    [ "$(grep -c '^tracepoint:' $T/tplist.out)" -ge "$n0" ] &&
	    has tplistv 'tracepoint:sched:sched_process_free(char[] comm, pid_t pid, int prio)' &&
	    has tplistv 'tracepoint:syscalls:sys_enter_openat(int __syscall_nr, int dfd, const char * filename, int flags, umode_t mode)' &&
	    has tplisto syscall:openat:entry &&
	    has tplisto tracepoint:syscalls:sys_exit_openat &&
	    ! grep -v openat $T/tplisto.out
}

# tracefs not mounted: btrace mounts it where bpftrace wants it.
t_tracepoint_mount() {
	umount /sys/kernel/tracing || return 1
	btc tpmount -l 'tracepoint:syscalls:sys_enter_openat'
	show tpmount
	mounted=$(awk '$2 == "/sys/kernel/tracing" && $3 == "tracefs"' \
	    /proc/mounts)
	[ -n "$mounted" ] || mount -t tracefs nodev /sys/kernel/tracing
	ok tpmount && has tpmount tracepoint:syscalls:sys_enter_openat &&
	    [ -n "$mounted" ]
}

# A misspelt field or event is refused before anything runs.
t_tracepoint_errors() {
	btc tperr1 -e 'tracepoint:syscalls:sys_enter_openat { printf("%s\n", args.filenme) }'
	btc tperr2 -e 'tracepoint:sched:sched_process_fre { exit() }'
	cat $T/tperr1.err $T/tperr2.err
	[ "$(cat $T/tperr1.rc)" = 1 ] && [ "$(cat $T/tperr2.rc)" = 1 ] &&
	    grep -q "did you mean 'filename'" $T/tperr1.err &&
	    grep -q "did you mean 'sched:sched_process_free'" $T/tperr2.err
}

# --- kernel functions (issue 9) ---------------------------------------

# A glob of kernel functions is one probe, attached at once; probe and
# func name the function that fired.
t_kprobe_glob() {
	btc kglob -c "$WL -n dtlive-kg open /etc/hostname /nonexist \
	    >/dev/null" -e 'kprobe:vfs_*:entry /comm == "dtlive-kg"/ {
	    @[probe, func] = count() }'
	show kglob
	ok kglob && hasre kglob '^@\[kprobe:vfs_open:entry, vfs_open\]: [1-9]' &&
	    ! grep -v '^$' $T/kglob.out |
	    grep -vqE '^@\[kprobe:(vfs_[a-z_0-9.]+):entry, \1\]: [0-9]+$'
}

# Return probes over a glob (kretprobe:vfs_*): each function's return
# value, named by func; vfs_read of the workload's file returns its
# size.  One fprobe on 6.12; without fprobe (6.1) a kretprobe on each
# function, which reads the same, and more than 256 of them an error.
t_kretprobe_glob() {
	if ! grep -q '^[0-9a-f]* T register_fprobe$' /proc/kallsyms; then
		btc krmany -e 'kretprobe:[a-m]* { exit() }'
		show krmany
		[ "$(cat $T/krmany.rc)" = 1 ] && grep -q "cannot create probe \
'kretprobe:\[a-m\]\*': it matches [0-9]* functions.*at most 256" \
		    $T/krmany.err || return 1
	fi
	btc krglob -c "$WL -n dtlive-kr open /etc/hostname >/dev/null" -e \
	    'kretprobe:vfs_* /comm == "dtlive-kr"/ { @[probe, func, retval] = count() }
	    kprobe:vfs_read:entry /comm == "dtlive-kr"/ { @n = count() }'
	show krglob
	ok krglob && hasre krglob '^@\[kprobe:vfs_open:return, vfs_open, 0\]: [1-9]' &&
	    ! grep -v '^$' $T/krglob.out | grep -v '^@n: ' |
	    grep -vqE '^@\[kprobe:vfs_[a-z_0-9.]+:return, vfs_[a-z_0-9.]+, -?[0-9]+\]: [0-9]+$'
}

# DTrace's fbt setuid watch, as bpftrace spells it: the system call's
# kernel function and its return value.
t_kprobe_setuid() {
	f=$(grep -m1 -oE '^__(x64|se)_sys_setuid$' \
	    /sys/kernel/tracing/available_filter_functions)
	btc ksetuid -c "$WL -n dtlive-ks setuid >$T/ks.wl" -e "
	    k:$f /comm == \"dtlive-ks\"/ { printf(\"%s[%d] %s\\n\", comm, pid, func) }
	    kr:__sys_setuid /comm == \"dtlive-ks\"/ { printf(\"%s = %d\\n\", probe, retval) }"
	c=$(sed -n 's/^child //p' $T/ks.wl)
	show ksetuid
	ok ksetuid && [ -n "$f" ] && has ksetuid "dtlive-ks[$c] $f" &&
	    has ksetuid "kprobe:__sys_setuid:return = 0"
}

# A misspelt kernel function: the error names the traceable one meant.
t_kprobe_errors() {
	btc kperr -e 'kprobe:vfs_reed { exit() }'
	show kperr
	[ "$(cat $T/kperr.rc)" = 1 ] && grep -q "cannot create probe \
'kprobe:vfs_reed'.*no such kernel function.*; did you mean 'vfs_read'?" \
	    $T/kperr.err
}

# Listing kernel functions creates nothing and needs no program.
t_kprobe_list() {
	btc klist -l 'kprobe:vfs_rea*' 'k*:do_sys_openat2:*'
	show klist
	ok klist && has klist kprobe:vfs_read:entry &&
	    has klist kprobe:vfs_read:return &&
	    has klist kprobe:do_sys_openat2:return &&
	    ! grep -vqE '^kprobe:(vfs_rea[a-z_]*|do_sys_openat2):(entry|return)$' \
	    $T/klist.out
}

# The BTF reader over the guest kernel's BTF (types the ABI fixes, every
# type sized and spelt) and every module's split BTF on top of it.
t_btf_kernel() {
	mods=$(ls -d /sys/kernel/btf/* | grep -v '/vmlinux$')
	ASAN_OPTIONS=detect_leaks=1 "$BTF_TEST" kernel /sys/kernel/btf/vmlinux \
	    $mods >$T/btf.out 2>&1
	rc=$?
	cat $T/btf.out
	[ $rc = 0 ] && [ -n "$mods" ] && ! grep -q '^FAIL' $T/btf.out &&
	    [ "$(grep -c '^PASS btf.kernel.module.' $T/btf.out)" = \
	    "$(echo $mods | wc -w)" ]
}

# -lv lists a kernel function's parameters, typed and named from the
# kernel's BTF, and its return value's type.
t_kprobe_list_verbose() {
	btc klistv -lv 'kprobe:vfs_open' 'kprobe:vfs_read:return'
	show klistv
	ok klistv &&
	    has klistv 'kprobe:vfs_open:entry(const struct path * path, struct file * file)' &&
	    has klistv 'kprobe:vfs_open:return(int retval)' &&
	    has klistv 'kprobe:vfs_read:return(ssize_t retval)'
}

# Counters as probes: page faults by comm, only of -c's command (its
# shell, and btrace's child before the exec, included); a hardware counter on a CPU without one is refused, saying so.
t_software_faults() {
	btc swpf -c "$WL -n dtlive-pf open /etc/hostname >/dev/null" \
	    -e 'software:page-faults:1 { @[comm] = count() }'
	btc hwcyc -e 'hardware:cycles:100000 { @ = count() }'
	show swpf
	cat $T/hwcyc.err
	ok swpf && hasre swpf '^@\[dtlive-pf\]: [1-9][0-9]*$' &&
	    ! grep -v '^$' $T/swpf.out | grep -vqE '^@\[(dtlive-pf|dtlive-wl|wl|sh|btrace)\]: [0-9]+$' &&
	    { [ "$(cat $T/hwcyc.rc)" = 1 ] && grep -q 'has no such counter' \
	    $T/hwcyc.err || [ "$(cat $T/hwcyc.rc)" = 0 ]; }
}

# -L: a printf rule whose output pipe stalls for 2 s, with the smallest
# ring: the traced command waits rather than lose a line, and btrace
# says how long it waited; -b sets the ring size it runs with.
t_lossless_printf() {
	timeout 120 "$BTRACE" -L -b 64K -v -e 'syscall:getppid:entry
	    /comm == "dtlive-ll"/ { printf("%d\n", pid) }' \
	    -c "$WL -n dtlive-ll getppid 20000 >/dev/null" 2>"$T/ll.err" \
	    </dev/null |
	    { sleep 2; wc -l; } >"$T/ll.out"
	cat "$T/ll.out"
	sed -n '1,20s/^/  /p' "$T/ll.err"
	[ "$(tr -d ' ' <"$T/ll.out")" = 20000 ] &&
	    grep -qE '^btrace: lossless: traced tasks waited [0-9.]+ s in [1-9]' \
	    "$T/ll.err" &&
	    grep -q '^0 events dropped$' "$T/ll.err" &&
	    grep -q '^cpu0 ring high-water mark: [0-9]* of 65536 bytes$' \
	    "$T/ll.err"
}

# --- user probes (issue 9) ------------------------------------------

# uprobe and uretprobe on a function of a program: count, arguments,
# return values, probe and func as bpftrace names them, the function's
# address first in ustack; -c keeps out another process calling it meanwhile.
t_uprobe_func() {
	rm -f $T/gou
	$WL -w $T/gou -n dtlive-uout ucall 30 >/dev/null &
	q=$!
	btc ufunc -c "touch $T/gou; $WL -n dtlive-up ucall 7 >$T/up.wl" -e "
	    uprobe:$WL:dtlive_ufunc { @[probe, func] = count();
	    @a[arg0, arg1] = count(); @s[ustack(raw, 1)] = count() }
	    uretprobe:$WL:dtlive_ufunc { @r[probe, retval] = count() }"
	wait $q
	show ufunc
	ok ufunc && has ufunc "@[uprobe:$WL:dtlive_ufunc, dtlive_ufunc]: 7" &&
	    has ufunc "@a[0, 1000]: 1" && has ufunc "@a[6, 1000]: 1" &&
	    ! has ufunc "@a[7, 1000]: 1" &&
	    has ufunc "@r[uretprobe:$WL:dtlive_ufunc, 1000]: 1" &&
	    has ufunc "@r[uretprobe:$WL:dtlive_ufunc, 1006]: 1" &&
	    [ "$(grep -c '^@r\[' $T/ufunc.out)" = 7 ] &&
	    a=$(sed -n 's/^ufunc //p' $T/up.wl) && [ -n "$a" ] &&
	    grep -qx "	$a" $T/ufunc.out
}

# config missing_probes = warn: a user function, a file and a kernel
# function the system lacks are left out with a warning each, and the
# probe that exists counts every call.
t_missing_probes() {
	btc mp -c "$WL -n dtlive-mp ucall 3" -e "
	    config = { missing_probes = warn }
	    uprobe:$WL:dtlive_ufunc, uprobe:$WL:dtlive_no_such,
	    uprobe:/nonexistent/lib.so:f { @[func] = count() }
	    kprobe:dtlive_no_such_kernel_function { @k = count() }"
	show mp
	[ "$(cat $T/mp.rc)" = 0 ] && has mp "@[dtlive_ufunc]: 3" &&
	    [ "$(grep -c 'left out (config missing_probes = warn)' \
	    $T/mp.err)" = 3 ]
}

# A user function's strings and structure, read in the process's memory
# when the probe fires: str() of an argument and of the return value
# (bashreadline.bt's str(retval)), buf() of an argument, and a member
# through a cast of one, with the kernel's struct __kernel_timespec.
t_uprobe_str() {
	btc ustr -c "$WL -n dtlive-us ustr 6" -e "
	    uprobe:$WL:dtlive_ustr { @a[str(arg0)] = count();
	    \$name = arg0; @l[str(\$name, 8)] = count();
	    @b[buf(arg0, 6)] = count();
	    @t[((struct __kernel_timespec *)arg1)->tv_sec,
	    ((struct __kernel_timespec *)arg1)->tv_nsec] = count() }
	    uretprobe:$WL:dtlive_ustr { @r[str(retval)] = count() }"
	show ustr
	ok ustr && has ustr "@a[dtlive-arg-0]: 1" &&
	    has ustr "@a[dtlive-arg-5]: 1" &&
	    [ "$(grep -c '^@a\[' $T/ustr.out)" = 6 ] &&
	    has ustr "@b[dtlive]: 6" && has ustr "@l[dtlive-a]: 6" &&
	    has ustr "@t[1234, 0]: 1" && has ustr "@t[1234, 50]: 1" &&
	    [ "$(grep -c '^@t\[' $T/ustr.out)" = 6 ] &&
	    has ustr "@r[dtlive-ret-0]: 1" && has ustr "@r[dtlive-ret-50]: 1" &&
	    [ "$(grep -c '^@r\[' $T/ustr.out)" = 6 ]
}

# join(): a program's command line, read from execve's argv when the
# call is made: from the trace events of both exec calls (argv at
# different words of their records), from the syscall probe's arg1
# with a separator, and from main's argv in a user probe.
t_join_execve() {
	btc joinx -c "$WL -n dtlive-jx sleep 0" -e '
	    tracepoint:syscalls:sys_enter_exec* { join(args.argv) }
	    syscall:execve:entry { join(arg1, ",") }'
	show joinx
	ok joinx && has joinx "$WL -n dtlive-jx sleep 0" &&
	    has joinx "$WL,-n,dtlive-jx,sleep,0"
}

t_join_uprobe() {
	btc joinu -c "$WL -n dtlive-ju ucall 1" -e "
	    uprobe:$WL:main { join(arg1, \"|\") }"
	show joinu
	ok joinu && has joinu "$WL|-n|dtlive-ju|ucall|1"
}

# Recorded and replayed: each probe's fetch, with argv at its own word
# of the record, is in the recording (-w prints nothing), and the
# replay prints the line.
t_join_record() {
	_p='tracepoint:syscalls:sys_enter_exec* { join(args.argv) }'
	btc joinw -w $T/join.rec -c "$WL -n dtlive-jr sleep 0" -e "$_p"
	btc joinr -r $T/join.rec -e "$_p"
	show joinw
	show joinr
	[ "$(cat $T/joinw.rc)" = 0 ] && grep -q ' events recorded to ' \
	    $T/joinw.err && ok joinr && has joinr "$WL -n dtlive-jr sleep 0"
}

# A vector longer than dt(4) reads: its first 16 strings, the cut said
# once; -f json prints bpftrace's {"type": "join"} object.
t_join_long() {
	btc joinl -c "/bin/true 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17" \
	    -e 'syscall:execve:entry { join(arg1) }'
	btc joinj -f json -c "/bin/true dtlive-jj x" \
	    -e 'syscall:execve:entry { join(arg1) }'
	show joinl
	show joinj
	[ "$(cat $T/joinl.rc)" = 0 ] &&
	    has joinl "/bin/true 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15" &&
	    [ "$(grep -c 'more than 16 strings' $T/joinl.err)" = 1 ] &&
	    ok joinj && has joinj '{"type": "join", "data": "/bin/true dtlive-jj x"}'
}

# A user probe recorded and replayed: the replay finds the kernel's
# probes (device, inode, offset) from the program's FILE:FUNCTION.
t_uprobe_record() {
	"$BTRACE" -w $T/ur.rec -c "$WL -n dtlive-ur ucall 5 >/dev/null" -e "
	    uprobe:$WL:dtlive_ufunc { printf(\"%d\\n\", arg0) }
	    uretprobe:$WL:dtlive_ufunc { printf(\"%d\\n\", retval) }" \
	    >$T/urw.out 2>$T/urw.err
	echo $? >$T/urw.rc
	show urw
	[ "$(cat $T/urw.rc)" = 0 ] || return 1
	btc urr -r $T/ur.rec -e "uprobe:$WL:dtlive_ufunc { @a[probe, arg0] = count() }
	    ur:$WL:dtlive_ufunc { @r = sum(retval) }"
	show urr
	ok urr && has urr "@a[uprobe:$WL:dtlive_ufunc, 0]: 1" &&
	    has urr "@a[uprobe:$WL:dtlive_ufunc, 4]: 1" &&
	    [ "$(grep -c '^@a\[' $T/urr.out)" = 5 ] &&
	    has urr "@r: 5010" || return 1
	btc urx -r $T/ur.rec -e "uprobe:$WL:main { exit() }"
	show urx
	[ "$(cat $T/urx.rc)" = 1 ] && grep -q "is not in the recording" $T/urx.err
}

# The short names, an address, and -p: only that process fires.
t_uprobe_pid() {
	a=0x$(nm $WL | sed -n 's/ T dtlive_ufunc$//p')
	rm -f $T/gop
	$WL -w $T/gop -n dtlive-upp ucall 5 >$T/upp.wl &
	q=$!
	$WL -n dtlive-uother ucall 20 >/dev/null &
	p=$q
	bgbt upid -p $p -e "u:$WL:$a { @e[comm] = count() }
	    ur:$WL:dtlive_ufunc { @r[comm] = count() }
	    syscall:exit_group:entry { exit() }"
	touch $T/gop
	wait $q
	waitbt upid
	show upid
	[ "$a" != 0x ] && ok upid && has upid "@e[dtlive-upp]: 5" &&
	    has upid "@r[dtlive-upp]: 5" && ! grep -q dtlive-uother $T/upid.out
}

# uaddr(), bpftrace's: the address of the workload's variable in the
# process -p names (wl is position-independent), read through at each
# call as the process's memory: the calls before this one.
t_uaddr() {
	rm -f $T/goua
	$WL -w $T/goua -n dtlive-ua ucall 4 >/dev/null &
	q=$!
	bgbt uaddr -p $q -e "uprobe:$WL:dtlive_ufunc {
	    printf(\"call %d %d %d\\n\", arg0, *(int64 *)uaddr(\"dtlive_ucalls\"),
	    uaddr(\"dtlive_ucalls\") != 0) }
	    syscall:exit_group:entry { exit() }"
	touch $T/goua
	wait $q
	waitbt uaddr
	show uaddr
	ok uaddr && has uaddr "call 0 0 1" && has uaddr "call 3 3 1"
}

# reg(), bpftrace's: registers of the probed context.  At the entry of
# the workload's function di and si are its arguments and sp points at
# the return address, in its caller (main, where it is inlined); at a system call's entry orig_ax
# is the call's number (getppid is 110 on x86-64), and a kprobe's ip is
# in the probed function (named as ksym() names its address: an alias).
t_reg() {
	btc regu -c "$WL -n dtlive-reg ucall 3" -e "uprobe:$WL:dtlive_ufunc {
	    printf(\"u %d %d %d %d\\n\", reg(\"di\"), reg(\"si\"),
	    reg(\"di\") == arg0, *(int64 *)reg(\"sp\")) }"
	show regu
	ok regu && hasre regu "^u 0 1000 1 " && hasre regu "^u 2 1000 1 " ||
	    return 1
	# The return address, less the load address, is in main.
	f=$(sed -n 's/^ufunc //p' $T/regu.out)
	r=$(sed -n 's/^u 0 1000 1 //p' $T/regu.out)
	set -- $(nm -S $WL | awk '$4 == "main" { m = $1 " " $2 }
	    $4 == "dtlive_ufunc" { u = $1 } END { print m, u }')
	[ $# = 3 ] || return 1
	rel=$((r - f + 0x$3))
	[ $rel -gt $((0x$1)) ] && [ $rel -lt $((0x$1 + 0x$2)) ] || return 1
	btc regk -c "$WL -n dtlive-reg getppid 4" -e '
	    syscall:getppid:entry { @nr[reg("orig_ax")] = count() }
	    kprobe:__x64_sys_getppid { @ip[ksym(reg("ip")) ==
	    ksym(kaddr("__x64_sys_getppid"))] = count() }'
	show regk
	ok regk && has regk "@nr[110]: 4" && has regk "@ip[1]: 4"
}

# USDT markers of the workload (wl.c): listed from its notes; the
# marker with a semaphore is reached only because enabling sets it, and
# its arguments read from a register (a signed int), memory, a constant
# and a string; by PROVIDER:NAME, by NAME alone and as U:; recorded
# and replayed.
t_usdt() {
	btc usdtl -l "usdt:$WL:*"
	show usdtl
	ok usdtl && has usdtl "usdt:$WL:dtlive:mark" &&
	    has usdtl "usdt:$WL:dtlive:plain" &&
	    [ "$(wc -l <$T/usdtl.out)" = 2 ] || return 1
	btc usdt -c "$WL -n dtlive-usdt usdt 4" -e "
	    usdt:$WL:dtlive:mark {
	    printf(\"m %d %d %d %s %s\\n\", arg0, arg1, arg2, str(arg3), probe) }
	    usdt:$WL:plain { @plain = count() }
	    U:$WL:dtlive:* { @all[probe] = count() }"
	show usdt
	ok usdt && has usdt "usdt marks 4" &&
	    has usdt "m 0 0 -5 dtlive-usdt usdt:$WL:dtlive:mark" &&
	    has usdt "m -3 3000 -5 dtlive-usdt usdt:$WL:dtlive:mark" &&
	    has usdt "@plain: 4" && has usdt "@all[usdt:$WL:dtlive:mark]: 4" &&
	    has usdt "@all[usdt:$WL:dtlive:plain]: 4" || return 1
	# Recorded, and replayed with the arguments read as they were.
	p="usdt:$WL:dtlive:mark { printf(\"m %d %d %s\\n\", arg0, arg1, str(arg3)) }"
	btc usdtw -w $T/usdt.rec -c "$WL -n dtlive-usdt usdt 2" -e "$p"
	show usdtw
	[ "$(cat $T/usdtw.rc)" = 0 ] && grep -q "2 events recorded" $T/usdtw.err ||
	    return 1
	btc usdtr -r $T/usdt.rec -e "$p"
	show usdtr
	ok usdtr && has usdtr "m 0 0 dtlive-usdt" &&
	    has usdtr "m -1 1000 dtlive-usdt"
}

# FUNCTION+OFFSET with --unsafe: the workload's function at its second
# instruction, as objdump finds it, fires once a call; without
# --unsafe it is refused.
t_uprobe_offset() {
	set -- $(objdump -d --disassemble=dtlive_ufunc $WL |
	    sed -n 's/^ *\([0-9a-f]*\):.*/\1/p' | head -n 2)
	[ $# = 2 ] || return 1
	off=$((0x$2 - 0x$1))
	btc uoff -U -c "$WL -n dtlive-uo ucall 3" -e "
	    uprobe:$WL:dtlive_ufunc+$off { @[probe] = count() }"
	show uoff
	ok uoff && has uoff "@[uprobe:$WL:dtlive_ufunc+$off]: 3" || return 1
	btc uoffn -e "uprobe:$WL:dtlive_ufunc+$off { exit() }"
	[ "$(cat $T/uoffn.rc)" = 1 ] && grep -q "needs --unsafe" $T/uoffn.err
}

# libc by name: every malloc of a command, by name and by its version.
t_uprobe_libc() {
	btc ulibc -c "$WL -n dtlive-um umalloc 50" -e '
	    uprobe:libc:malloc /comm == "dtlive-um"/ { @m = count() }
	    uretprobe:libc:malloc /comm == "dtlive-um" && retval != 0/ {
	    @r = count() }
	    u:libc:free@@GLIBC_2.2.5 /comm == "dtlive-um"/ { @f = count() }'
	show ulibc
	m=$(sed -n 's/^@m: //p' $T/ulibc.out)
	r=$(sed -n 's/^@r: //p' $T/ulibc.out)
	f=$(sed -n 's/^@f: //p' $T/ulibc.out)
	ok ulibc && [ "${m:-0}" -ge 50 ] && [ "${r:-0}" -ge 50 ] &&
	    [ "${f:-0}" -ge 50 ]
}

# A library by name with -p: the one the process maps, as its maps
# name it.
t_uprobe_libpid() {
	rm -f $T/gom
	$WL -w $T/gom -n dtlive-ump umalloc 20 >/dev/null &
	q=$!
	sleep 0.3
	lib=$(grep -m1 -oE '/[^ ]*/libc\.so\.6$' /proc/$q/maps)
	bgbt ulibpid -p $q -e 'u:libc:malloc { @[probe, comm] = count() }
	    syscall:exit_group:entry { exit() }'
	touch $T/gom
	wait $q
	waitbt ulibpid
	show ulibpid
	echo "maps: $lib"
	n=$(sed -n "s|^@\[uprobe:$lib:malloc, dtlive-ump\]: ||p" \
	    $T/ulibpid.out)
	ok ulibpid && [ -n "$lib" ] && [ "${n:-0}" -ge 20 ] &&
	    [ "$(grep -c '^@\[' $T/ulibpid.out)" = 1 ]
}

# Listing a binary's functions from its symbols, creating nothing: the
# workload's two dtlive_u functions, each as entry and return probe.
t_uprobe_list() {
	btc ulist -l "uprobe:$WL:dtlive_*" "ur:$WL:dtlive_u*"
	show ulist
	ok ulist && has ulist "uprobe:$WL:dtlive_ufunc" &&
	    has ulist "uretprobe:$WL:dtlive_ufunc" &&
	    has ulist "uprobe:$WL:dtlive_ustr" &&
	    has ulist "uretprobe:$WL:dtlive_ustr" &&
	    [ "$(wc -l <$T/ulist.out)" = 4 ]
}

# --- kernel data (issue 10) -----------------------------------------

# A cast and a chain of pointers: the name of each file opened, read
# through vfs_open's struct path, by -> and by * then '.'.
t_kdata_path() {
	btc kdpath -c "$WL -n dtlive-kd open /etc/hostname /nonexist >/dev/null" \
	    -e 'kprobe:vfs_open /comm == "dtlive-kd"/ {
	    printf("%s %s\n", str(((struct path *)arg0)->dentry->d_name.name),
	    str((*(struct path *)arg0).dentry->d_name.name)) }'
	show kdpath
	ok kdpath && has kdpath "hostname hostname" && ! grep -q nonexist $T/kdpath.out
}

# A cast to a pointer named by a C type, as bpftrace's scripts write
# one: do_filp_open's struct filename starts with the name's pointer;
# a cast of arg1 plus an offset reads the copy of the name it holds.
t_kdata_ptrcast() {
	btc kdpc -c "$WL -n dtlive-pc open /etc/hostname" -e '
	    kprobe:do_filp_open /comm == "dtlive-pc"/ {
	    printf("%s|%s\n", str(*(const char **)arg1),
	    str((char *)(arg1 + offsetof(struct filename, iname)))) }'
	show kdpc
	ok kdpc && has kdpc "/etc/hostname|/etc/hostname"
}

# Structs the script defines: the workload's own through a user probe
# (a char array, a struct within, a pointer), and the kernel's struct
# path replaced by the script's of the same name, whose dentry member
# leads on into BTF's types.
t_cstruct_user() {
	btc csu -c "$WL -n dtlive-cu ustr 4" -e "
	    struct span { long sec; long nsec; };
	    struct wrap { struct span s; };
	    struct label { char text[8]; struct wrap *w; }
	    uprobe:$WL:dtlive_ustr { \$t = (struct wrap *)arg1;
	    @t[\$t->s.sec, \$t->s.nsec] = count();
	    @n[str(((struct label *)arg0)->text)] = count() }"
	show csu
	ok csu && has csu "@t[1234, 0]: 1" && has csu "@t[1234, 30]: 1" &&
	    [ "$(grep -c '^@t\[' $T/csu.out)" = 4 ] &&
	    has csu "@n[dtlive-a]: 4"
}

# A local naming a struct of kernel data in place, as bpftrace's
# filelife keeps $d_name = $dentry->d_name, read by its members.
t_kdata_object() {
	btc kdobj -c "$WL -n dtlive-ko open /etc/hostname >/dev/null" -e '
	    kprobe:vfs_open /comm == "dtlive-ko"/ {
	    $dentry = args.path->dentry; $d_name = $dentry->d_name;
	    printf("%s %d\n", str($d_name.name), $d_name.len) }'
	show kdobj
	ok kdobj && has kdobj "hostname 8"
}

t_cstruct_kernel() {
	btc csk -c "$WL -n dtlive-ck open /etc/hostname >/dev/null" -e '
	    struct path { void *mnt; struct dentry *dentry; }
	    kprobe:vfs_open /comm == "dtlive-ck"/ {
	    printf("%s %d\n", str(((struct path *)arg0)->dentry->d_name.name),
	    sizeof(struct path)) }'
	show csk
	ok csk && has csk "hostname 16"
}

# curtask: the task's pid and name, and its parent's, as the kernel
# keeps them, against the builtins and what the workload says.
t_kdata_curtask() {
	btc kdtask -c "$WL -n dtlive-kt open /etc/hostname >$T/kt.wl" \
	    -e 'kprobe:vfs_open /comm == "dtlive-kt"/ {
	    printf("%d %d %d %d %s %s\n", curtask->tgid, pid,
	    curtask->real_parent->tgid, ppid, curtask->comm,
	    curtask->real_parent->comm); exit() }'
	p=$(wlpid $T/kt.wl)
	show kdtask
	ok kdtask && [ -n "$p" ] &&
	    hasre kdtask "^$p $p ([0-9]+) \1 dtlive-kt [a-z]+"
}

# '.' on curtask as bpftrace writes it, in a trace event's rule: the
# working directory's name (opensnoop's walk starts there) and the pid;
# and its mount by container_of, (uint64)mnt - offsetof(struct mount,
# mnt), whose embedded vfsmount is the one the task has.
t_kdata_curtask_dot() {
	btc kdcwd -c "$WL -n dtlive-kc open /etc/hostname" \
	    -e 'tracepoint:syscalls:sys_enter_openat /comm == "dtlive-kc"/ {
	    $d = curtask.fs.pwd.dentry;
	    printf("%s %d\n", str($d.d_name.name), curtask.pid == pid);
	    $mnt = (struct mount *)((uint64)curtask.fs.pwd.mnt -
	        offsetof(struct mount, mnt));
	    printf("mount %d %d\n", $mnt->mnt.mnt_sb == curtask.fs.pwd.mnt.mnt_sb,
	        $mnt->mnt_id > 0);
	    exit() }'
	show kdcwd
	ok kdcwd && has kdcwd "$(basename "$(pwd)") 1" && has kdcwd "mount 1 1"
}

# bpftrace's fentry and fexit names (kfunc, kretfunc, f, fr alike) are
# the kprobe probes of the function: typed arguments at the entry, the
# return value at the return, both firing for the workload's open.
t_fentry_fexit() {
	btc fentry -c "$WL -n dtlive-fe open /etc/hostname >/dev/null" \
	    -e 'fentry:vfs_open /comm == "dtlive-fe"/ {
	    printf("entry %s %s\n", str(args.path->dentry->d_name.name), probe) }
	    kretfunc:do_filp_open /comm == "dtlive-fe"/ {
	    printf("return %d %s\n", retval != 0, probe) }'
	show fentry
	ok fentry && has fentry "entry hostname kprobe:vfs_open:entry" &&
	    has fentry "return 1 kprobe:do_filp_open:return"
}

# bpftrace's typed arguments of a kernel function, from BTF: issue 10's
# own example, args.path of vfs_open; a char through a pointer, [1].
t_kdata_args() {
	btc kdargs -c "$WL -n dtlive-ka open /etc/hostname >/dev/null" \
	    -e 'kprobe:vfs_open /comm == "dtlive-ka"/ {
	    printf("%s %d %c\n", str(args.path->dentry->d_name.name),
	    args.file == arg1, args.path->dentry->d_name.name[1]) }'
	show kdargs
	ok kdargs && has kdargs "hostname 1 o"
}

# retval typed from BTF at a kernel function's return: do_filp_open's
# struct file *, followed to the name (the missing file's error pointer
# faults: "" and one warning).
t_kdata_retval() {
	btc kdret -c "$WL -n dtlive-kr open /etc/hostname /nonexist >/dev/null" \
	    -e 'kretprobe:do_filp_open /comm == "dtlive-kr"/ {
	    printf("[%s]\n", str(retval->f_path.dentry->d_name.name)) }'
	show kdret
	[ "$(cat $T/kdret.rc)" = 0 ] && has kdret "[hostname]"
}

# Issue 10's TCP connect to 127.0.0.1 seen through tcp_connect: the
# destination address with ntop() and the port (network order, swapped
# by the script) from the struct sock, by a cast and by args.sk.
t_kdata_tcp() {
	btc kdtcp -c "$WL -n dtlive-kc tcp >$T/kc.wl" \
	    -e 'kprobe:tcp_connect /comm == "dtlive-kc"/ {
	    $d = args.sk->__sk_common.skc_dport;
	    printf("%s %d\n", ntop(AF_INET,
	    ((struct sock *)arg0)->__sk_common.skc_daddr),
	    (($d & 0xff) << 8) | ($d >> 8)) }'
	l=$(sed -n 's/^listen //p' $T/kc.wl)
	show kdtcp
	ok kdtcp && [ -n "$l" ] && has kdtcp "127.0.0.1 $l"
}

# Kernel pointers kept in locals, as bpftrace's tools keep them: the
# struct sock of tcp_connect in $sk, whose family, addresses and ports
# (close together: one fetch) are read through it; curtask and its
# parent in locals, against pid and ppid.  bswap() of the u16 port, kept
# in a local or read in place, swaps its 2 bytes as bpftrace's
# tcpretrans does.
t_kdata_local() {
	btc kdlocal -c "$WL -n dtlive-kl tcp >$T/kl.wl" \
	    -e 'kprobe:tcp_connect /comm == "dtlive-kl"/ {
	    $sk = (struct sock *)arg0;
	    $d = $sk->__sk_common.skc_dport;
	    $t = curtask;
	    $p = $t->real_parent;
	    printf("%d %s %d %d %d %d\n", $sk->__sk_common.skc_family,
	    ntop(AF_INET, $sk->__sk_common.skc_daddr),
	    (($d & 0xff) << 8) | ($d >> 8), $sk->__sk_common.skc_num > 0,
	    $p->tgid == ppid, $t->tgid == pid);
	    printf("bswap %d %d\n", bswap($d),
	    bswap($sk->__sk_common.skc_dport)) }'
	l=$(sed -n 's/^listen //p' $T/kl.wl)
	show kdlocal
	ok kdlocal && [ -n "$l" ] && has kdlocal "2 127.0.0.1 $l 1 1 1" &&
	    has kdlocal "bswap $l $l"
}

# Kernel variables by address, as loads.bt reads them: the three load
# averages from avenrun (words of fixed point, 11 bits of fraction),
# against /proc/loadavg's first as it rounds it, read just before and
# just after (avenrun changes every 5 s); and linux_banner, a string,
# against /proc/version, which prints it.
t_kdata_kaddr() {
	la0=$(awk '{ print $1 }' /proc/loadavg)
	btc kdkaddr -e 'interval:ms:100 {
	    $a = kaddr("avenrun");
	    printf("%d %d %d\n", *$a, *($a + 8), *($a + 16));
	    printf("%s\n", str(kaddr("linux_banner")));
	    exit() }'
	la1=$(awk '{ print $1 }' /proc/loadavg)
	show kdkaddr
	set -- $(sed -n 1p $T/kdkaddr.out)
	got=$(awk -v w="$1" 'BEGIN { w += 10; printf("%d.%02d",
	    int(w / 2048), int((w % 2048) * 100 / 2048)) }')
	banner=$(sed -n 2p $T/kdkaddr.out)
	echo "avenrun[0] $1 -> $got, /proc/loadavg $la0 then $la1;" \
	    "banner [$banner]"
	ok kdkaddr && [ $# = 3 ] && { [ "$got" = "$la0" ] ||
	    [ "$got" = "$la1" ]; } && [ ${#banner} -gt 20 ] &&
	    head -c ${#banner} /proc/version | grep -qxF -- "$banner"
}

# Kernel data recorded and replayed: -w keeps each probe's fetches and
# the events their results; -r with the same program prints the file's
# name, by a cast and by typed args, and its length, a member next to
# the name's pointer (one fetch); a program reading other data is
# refused.
t_kdata_record() {
	p='kprobe:vfs_open /comm == "dtlive-kw"/ {
	    printf("%s %s %d\n", str(((struct path *)arg0)->dentry->d_name.name),
	    str(args.path->dentry->d_name.name),
	    args.path->dentry->d_name.len) }'
	btc kdw -w $T/kd.rec -c "$WL -n dtlive-kw open /etc/hostname >/dev/null" -e "$p"
	show kdw
	[ "$(cat $T/kdw.rc)" = 0 ] && grep -q "events recorded" $T/kdw.err ||
	    return 1
	btc kdr -r $T/kd.rec -e "$p"
	show kdr
	ok kdr && has kdr "hostname hostname 8" || return 1
	btc kdx -r $T/kd.rec -e 'kprobe:vfs_open { printf("%d\n", curtask->pid) }'
	show kdx
	[ "$(cat $T/kdx.rc)" = 1 ] && grep -q "fetch.*recording" $T/kdx.err
}

# An index known only when the event is read, of an array in place:
# the characters of the task's name by a local index (the kernel reads
# the whole comm, btrace picks), one out of the array (0 and one
# warning); and '&': the name's address, curtask plus its offset.
t_kdata_index() {
	btc kdidx -c "$WL -n dtlive-kx open /etc/hostname >/dev/null" \
	    -e 'kprobe:vfs_open /comm == "dtlive-kx"/ {
	    $i = 7;
	    printf("%c%c %d %d\n", curtask->comm[$i], curtask->comm[$i + 1],
	    curtask->comm[$i + 20],
	    &curtask->comm - curtask == offsetof(struct task_struct, comm));
	    exit() }'
	show kdidx
	[ "$(cat $T/kdidx.rc)" = 0 ] && has kdidx "kx 0 1" &&
	    [ "$(grep -c 'index 27 out of the 16 elements' $T/kdidx.err)" = 1 ]
}

# cgroup and cgroupid(), bpftrace's: the workload runs in a cgroup of
# its own in a cgroup2 file system (mounted here if the guest has none),
# and cgroup, read from the task's css_set when the probe fires, is the
# id cgroupid() finds for that directory; other tasks' opens (outside
# it: those of the guest's init and shells) are not.  cgroup_path()
# names the directory, in the unified hierarchy a filter may leave out.
t_kdata_cgroup() {
	cg=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
	if [ -z "$cg" ]; then
		cg=$T/cg2
		mkdir -p $cg && mount -t cgroup2 none $cg || return 1
	fi
	rmdir $cg/dtlive 2>/dev/null
	mkdir $cg/dtlive || return 1
	btc kdcg -c "sh -c 'echo \$\$ >$cg/dtlive/cgroup.procs &&
	    exec $WL -n dtlive-cg open /etc/hostname' >/dev/null" \
	    -e "kprobe:vfs_open /comm == \"dtlive-cg\"/ {
	    printf(\"%d %d\\n\", cgroup == cgroupid(\"$cg/dtlive\"),
	    cgroup != 0);
	    printf(\"%s|%s\\n\", cgroup_path(cgroup),
	    cgroup_path(cgroup, \"cpu*\")); exit() }
	    kprobe:vfs_open /comm != \"dtlive-cg\"/ {
	    @other[cgroup == cgroupid(\"$cg/dtlive\")] = count() }"
	show kdcg
	rmdir $cg/dtlive 2>/dev/null
	ok kdcg && has kdcg "1 1" && grep -q '^@other\[0\]' $T/kdcg.out &&
	    hasre kdcg "^unified:(/.*)?/dtlive\|\$"
}

# #include <linux/sched.h> as runqlat.bt has it: TASK_RUNNING and the
# other task states from the running kernel's headers (Debian's
# linux-headers), compared with the values the headers hold; where
# they are not installed, the error names the header.
t_include_headers() {
	h=/lib/modules/$(uname -r)/build
	btc inch -e '#include <linux/sched.h>
	    BEGIN { printf("%d %d %d\n", TASK_RUNNING, TASK_INTERRUPTIBLE,
	    TASK_UNINTERRUPTIBLE); exit() }'
	show inch
	if [ ! -f $h/Makefile ]; then
		grep -q "headers for <linux/sched.h> were not found" \
		    $T/inch.err
		return
	fi
	ok inch && has inch "0 1 2"
}

# ntop() of kernel data holding an address: a TCP connection to ::1
# seen through tcp_connect's struct sock, its IPv6 destination
# (skc_v6_daddr, 16 bytes in place) and source as tcpconnect.bt reads
# them, compared with pton() of ::1 (equal) and of ::2 (not), and the
# IPv4 one of a connection to 127.0.0.1 by the same rule.
t_kdata_ntop() {
	p='kprobe:tcp_connect /comm == "dtlive-kn"/ {
	    $sk = (struct sock *)arg0;
	    if ($sk->__sk_common.skc_family == AF_INET6) {
	        printf("%s %s %d %d\n", ntop($sk->__sk_common.skc_v6_daddr.in6_u.u6_addr8),
	        ntop(AF_INET6, $sk->__sk_common.skc_v6_rcv_saddr),
	        $sk->__sk_common.skc_v6_daddr == pton("0::1"),
	        pton("::2") == $sk->__sk_common.skc_v6_daddr.in6_u.u6_addr8);
	    } else {
	        printf("%s\n", ntop(AF_INET, $sk->__sk_common.skc_daddr));
	    } }'
	btc kdn6 -c "$WL -n dtlive-kn tcp6 >/dev/null" -e "#define AF_INET 2
	    #define AF_INET6 10
	    $p"
	btc kdn4 -c "$WL -n dtlive-kn tcp >/dev/null" -e "#define AF_INET 2
	    #define AF_INET6 10
	    $p"
	show kdn6
	show kdn4
	ok kdn6 && has kdn6 "::1 ::1 1 0" && ok kdn4 && has kdn4 "127.0.0.1"
}

# A trace event's pointer field cast, as tcpdrop.bt casts skbaddr: the
# struct sock of sock:inet_sock_set_state's skaddr, a word of the record
# the fetch starts from, read when the connection is established; its
# destination port against the workload's listening port.
t_kdata_tpcast() {
	btc kdtp -c "$WL -n dtlive-kt tcp >$T/ktp.wl" \
	    -e 'tracepoint:sock:inet_sock_set_state
	    /comm == "dtlive-kt" && args.newstate == 1 && args.family == 2/ {
	    $sk = (struct sock *)args.skaddr;
	    $d = $sk->__sk_common.skc_dport;
	    printf("%d %d\n", (($d & 0xff) << 8) | ($d >> 8),
	    $sk == args.skaddr) }'
	l=$(sed -n 's/^listen //p' $T/ktp.wl)
	show kdtp
	ok kdtp && [ -n "$l" ] && has kdtp "$l 1"
}

# A system call's user pointer followed without a cast, as naptime.bt
# reads args->rqtp->tv_sec: typed from BTF by the kernel's prototype
# (struct __kernel_timespec *), read in the caller's memory: sleep 1.25
# asks for 1 s and 250,000,000 ns.  One rule serves both calls, whose
# records hold rqtp at different words: each probe reads its own.
t_kdata_uptr() {
	btc kdup -c "sleep 1.25" -e '
	    tracepoint:syscalls:sys_enter_nanosleep,
	    tracepoint:syscalls:sys_enter_clock_nanosleep {
	    printf("%d %d\n", args->rqtp->tv_sec, args->rqtp->tv_nsec) }'
	show kdup
	ok kdup && has kdup "1 250000000"
}

t_share_naptime() {
	shr share_naptime naptime.bt "sleep 1.25"
	show share_naptime
	ok share_naptime &&
	    hasre share_naptime '^TIME +PPID +PCOMM +PID +COMM +SECONDS$' &&
	    hasre share_naptime '^[0-9]{2}:[0-9]{2}:[0-9]{2} [0-9]+ +btrace +[0-9]+ +sleep +1\.250$'
}

# buf() and %r, as bpftrace's undump.bt reads a unix socket's data:
# the bytes of the skb, not printable ones written \xNN; and a constant
# length shorter than the data.
t_kdata_buf() {
	btc kdbuf -c "$WL -n dtlive-kb unixmsg" -e \
	    'kprobe:unix_stream_read_actor /comm == "dtlive-kb"/ {
	    $skb = (struct sk_buff *)arg0;
	    printf("[%r] [%s] %d\n", buf($skb->data, $skb->len),
	    buf($skb->data, 3), $skb->len) }'
	show kdbuf
	ok kdbuf && has kdbuf '[dt\x01\xffok\x0a] [dt\x01] 7'
}

# A pointer that is no kernel pointer (openat2's user path): the read
# faults, the value reads as "", and btrace says so once.
t_kdata_fault() {
	btc kdfault -c "$WL -n dtlive-kf open /etc/hostname /etc/hostname" \
	    -e 'kprobe:do_sys_openat2 /comm == "dtlive-kf"/ {
	    printf("[%s]\n", str(((struct path *)arg1)->dentry->d_name.name)) }'
	show kdfault
	[ "$(cat $T/kdfault.rc)" = 0 ] && has kdfault "[]" &&
	    [ "$(grep -c 'reading kernel data faulted' $T/kdfault.err)" = 1 ]
}

# --- driver ----------------------------------------------------------

if [ ! -e /dev/dt ]; then
	echo "/dev/dt missing: dt.ko not loaded"
fi
names=${*:-$(sed -n 's/^t_\([a-z_0-9]*\)() {$/\1/p' "$0")}
for name in $names; do
	t0=$(date +%s)
	if [ -e /dev/dt ] && t_$name >$T/diag 2>&1; then
		echo "PASS live/$name"
	else
		echo "FAIL live/$name"
		sed -n '1,60s/^/    /p' $T/diag
	fi
	echo "    ($(($(date +%s) - t0)) s)"
done
