# Kernel data is not kept by recordings: -w and -r refuse a program that
# reads it, before anything else, with one message.
REC=$PWD/replay/live-opens.rec
cd "$TMP" || exit 1
P='kprobe:do_thing { printf("%d\n", ((struct later *)arg0)->q) }'
$BTRACE -w rec -e "$P"
echo "status $?"
ls rec 2>/dev/null
$BTRACE -r "$REC" -e "$P"
echo "status $?"
