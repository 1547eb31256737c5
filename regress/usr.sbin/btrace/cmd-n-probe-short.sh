# bpftrace's short forms of probes: the one-letter providers (i, p, t,
# s, h) and a timer's rate in one field, PROV:COUNT in hertz or
# PROV:COUNTUNIT; each means the three-field probe, so a rate out of
# range or a bad unit is reported as for that.
$BTRACE -n -e 'interval:1s, interval:100ms, interval:s:1, profile:99,
    profile:hz:99, i:s:1, p:hz:99, i:250us, p:1000,
    t:sched:sched_switch, s:page-faults:100, h:cpu-cycles:1000000 {
	@[probe] = count() }'
echo "status $?"
for p in 'interval:1us' 'profile:1000000' 'i:5xs' 'p:0' 'interval:1s:2' \
    'interval:s' 'x:1s'; do
	$BTRACE -n -e "$p { }"
	echo "status $?"
done
