# strftime() and time() with bpftrace's %f, the microseconds; %%f stays
$BTRACE -e 'BEGIN { printf("%s\n", strftime("%Y-%m-%d %H:%M:%S.%f %%f", nsecs)); time("%S.%f|\n"); }' |
    sed 's/[0-9]/D/g'
# the seconds are this machine's wall clock
now=$(date +%s)
t=$($BTRACE -e 'BEGIN { printf("%s\n", strftime("%s", nsecs)) }')
[ $((t - now)) -ge -5 ] && [ $((t - now)) -le 5 ] && echo "strftime is wall time"
# microseconds agree with the nanoseconds they come from
$BTRACE -e 'BEGIN { $t = nsecs; printf("%s %d\n", strftime("%f", $t), $t); }' |
    awk '{ print ($1 ~ /^[0-9][0-9][0-9][0-9][0-9][0-9]$/) ? "six digits" : "bad: " $1 }'
