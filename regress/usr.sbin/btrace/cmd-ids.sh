# pid, ppid, uid, gid are btrace's own in BEGIN
$BTRACE -e 'BEGIN { printf("%d %d %d\n", uid, gid, ppid) }' >"$TMP/ids"
echo "$(id -u) $(id -g) $$" | cmp -s - "$TMP/ids" && echo "uid gid ppid ok"
$BTRACE -e 'BEGIN { printf("%d\n", pid) }' >"$TMP/pid" &
bpid=$!
wait $bpid
[ "$(cat "$TMP/pid")" = "$bpid" ] && echo "pid ok"
