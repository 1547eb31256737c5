# usdt:FILE:[PROVIDER:]NAME, bpftrace's USDT probes, checked with -n
# against the notes of a program built here (usdt_mark.h): found by
# PROVIDER:NAME, NAME, a glob and as U:, argN a value read where the
# marker keeps it (-vv shows the fetch), str(argN) its string.  Errors:
# no such marker (the closest named), a file without markers, a bad
# probe, argN in a rule of markers and other probes.
here=$(pwd)
cd "$TMP" || exit 1
cat > um.c <<'EOT'
#include "usdt_mark.h"
USDT_SEMAPHORE(um_sema);
int
main(int argc, char **argv)
{
	long y = argc;

	if (um_sema)
		__asm__ __volatile__(USDT_MARK_NOTE("ump", "mark", "um_sema",
		    "-4@%0 8@%1 8@%2") :: "r"(argc), "m"(y), "r"(argv[0]));
	__asm__ __volatile__(USDT_MARK_NOTE("ump", "plain", "0", "") ::);
	return 0;
}
EOT
cc -O1 -I"$here" -o um um.c || exit 1
cc -o plain -x c - <<'EOT' || exit 1
int main(void) { return 0; }
EOT
for p in "usdt:$TMP/um:ump:mark" "usdt:$TMP/um:mark" "U:$TMP/um:ump:*" \
    "usdt:$TMP/um:m*"; do
	$BTRACE -n -e "$p { @[arg0, arg1] = count(); @s = str(arg2) }" &&
	    echo "$p: ok" | sed "s|$TMP|TMP|g"
done
$BTRACE -n -vv -e "usdt:$TMP/um:ump:mark { @[arg0] = count() }" 2>&1 |
    grep -c "arg0 value 0 user"
$BTRACE -n -e "usdt:$TMP/um:ump:mrak { @ = count() }" 2>&1 |
    sed "s|$TMP|TMP|g"
$BTRACE -n -e "usdt:$TMP/um:nosuch { @ = count() }" 2>&1 | sed "s|$TMP|TMP|g"
$BTRACE -n -e "usdt:$TMP/plain:ump:mark { @ = count() }" 2>&1 |
    sed "s|$TMP|TMP|g"
$BTRACE -n -e "usdt:$TMP/um { @ = count() }" 2>&1 | sed "s|$TMP|TMP|g"
$BTRACE -n -e "usdt:$TMP/um:a:b:c { @ = count() }" 2>&1 | sed "s|$TMP|TMP|g"
$BTRACE -n -e "usdt:$TMP/um:ump:mark, kprobe:vfs_read { @ = arg0 }" 2>&1 |
    sed "s|$TMP|TMP|g"
$BTRACE -n -e "usdt:$TMP/um:ump:mark, kprobe:vfs_read { @ = count() }" &&
    echo "markers and other probes: ok"
