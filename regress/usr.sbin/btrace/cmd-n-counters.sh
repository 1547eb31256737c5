# The counter providers are known to -n: software:EVENT:COUNT and
# hardware:EVENT:COUNT are accepted, a misspelt provider offered the
# closest; which events exist is the kernel's to say.
$BTRACE -n -e 'software:page-faults:100, software:cpu-clock:1000000,
    software:context-switches:1, hardware:cache-misses:1000000 {
    @[comm, probe] = count() }'
echo "status $?"
$BTRACE -n -e 'softwar:page-faults:1 { }'
echo "status $?"
