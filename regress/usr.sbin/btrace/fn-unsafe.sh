# signal() and system() are destructive: refused without --unsafe (-U)
$BTRACE -e 'BEGIN { signal("SIGKILL"); system("echo hi") }'
echo "status $?"
$BTRACE -U -e 'BEGIN { signal("SIGNOPE") }'
echo "status $?"
# with it, each is said on standard error; system's output is btrace's
$BTRACE --unsafe -e 'BEGIN { printf("a\n"); system("echo hi %d; exit 3", 2); printf("b\n"); }' 2>&1
echo "status $?"
$BTRACE -U -e 'BEGIN { signal("WINCH"); signal(28); printf("alive\n") }' 2>&1 | sed 's/pid [0-9]*/pid N/'
$BTRACE -U -e 'BEGIN { signal(0) }'
echo "status $?"
# -f json: the command's output as bpftrace's "syscall" object
$BTRACE -U -f json -e 'BEGIN { system("echo a b c") }' 2>/dev/null
echo "status $?"
