# -p pid: stop when that process exits
sleep 1 &
pid=$!
$BTRACE -p $pid -e 'END { printf("end\n") }'
echo "status $?"
if kill -0 $pid 2>/dev/null; then echo "still running"; else echo "gone"; fi
