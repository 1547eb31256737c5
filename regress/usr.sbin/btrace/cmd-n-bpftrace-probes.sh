# bpftrace's probes that dt(4) lacks, by their long and short names, are
# errors that say so and what to write instead; a path in a probe name
# is read as part of it.
for p in \
    'watchpoint:0x10000:8:w' 'aw:0x10000:8:rw' 'rawtracepoint:sched_switch' \
    'rt:sched_switch' 'iter:task' 'it:task_file' 'self:signal:SIGUSR1'; do
	$BTRACE -n -e "$p { @ = count() }"
	echo "status $?"
done
# A filter after a path, and another error in the same program.
$BTRACE -n -e 'usdt:/nonexistent/bash:p:readline /pid == 1/ { }
    uprob:x:y { }'
echo "status $?"
