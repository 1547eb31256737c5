# A user function's argument words and return value are addresses in the
# process's memory: str() and buf() of them and members through a cast
# are read there when the probe fires ("user", shown by -n -vv), as
# bashreadline.bt's str(retval).  A rule that also serves a kernel probe
# keeps str(arg0) the word's text; buf() of a word needs its length.
cd "$TMP" || exit 1
cp "$(command -v "$BTRACE")" prog
$BTRACE -n -vv -e '
uprobe:./prog:main { printf("%s %s %r\n", str(arg0), str(arg1, 4), buf(arg1, 3)) }
uretprobe:./prog:main { printf("%s\n", str(retval)) }
u:./prog:main { @[((struct __kernel_timespec *)arg2)->tv_nsec] = count() }
uprobe:./prog:main, syscall:read:entry { printf("%s\n", str(arg0)) }' 2>&1
echo "status $?"
$BTRACE -n -e 'ur:./prog:main { printf("%r\n", buf(retval)) }' 2>&1
echo "status $?"
# A pointer kept in a map is only a number by the time the return probe
# reads it (bpftrace's gethostlatency.bt): said, as a warning.
$BTRACE -n -e 'u:./prog:main { @a[tid] = arg0 } ur:./prog:main { printf("%s\n", str(@a[tid])) }' 2>&1
echo "status $?"
# A local holding a user function's argument word is that address when
# the probe fires: str(), buf() and join() of it read there too.
$BTRACE -n -vv -e 'uprobe:./prog:main { $s = arg0; $v = arg1; printf("%s %r\n", str($s), buf($v, 4)); join($v) }' 2>&1
echo "status $?"
