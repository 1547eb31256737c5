# -l needs /dev/dt, absent on a host without the driver
if [ -e /dev/dt ]; then echo "/dev/dt exists here: this test needs a host without it"; fi
$BTRACE -l
echo "status $?"
