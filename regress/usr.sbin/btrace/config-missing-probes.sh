# config missing_probes, as bpftrace's tools set it for functions that
# one system has and another lacks (threadsnoop's libpthread): error,
# the default, stops at a user probe whose function or file is not
# there; warn says so for each and leaves it out; ignore leaves it out
# silently; the probes that exist are kept, and the program runs.
cd "$TMP" || exit 1
cp "$(command -v "$BTRACE")" prog
p='uprobe:./prog:main, uprobe:./prog:no_such_function,
    uprobe:./no_such_file:f { @[probe] = count() }
BEGIN { printf("ran\n"); exit() }'
for m in '' 'config = { missing_probes = "error" }' \
    'config = { missing_probes = warn }' \
    'config = { missing_probes = ignore }'; do
	echo "== $m"
	$BTRACE -n -e "$m
$p" 2>&1
	echo "status $?"
done
