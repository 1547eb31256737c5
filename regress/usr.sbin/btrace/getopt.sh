# getopt(name[, default]): --name[=value] words after the program, as
# bpftrace's named arguments; the type is the default's, a flag without
# one; the other words stay positional
p='BEGIN { printf("flag=%d n=%d s=%s argc=%d $1=%s\n", getopt("flag"),
    getopt("n", 35), getopt("s", "dflt"), $#, str($1)); exit() }'
$BTRACE -e "$p"; echo "status $?"
$BTRACE -e "$p" -- --flag --n=7 pos --s=word; echo "status $?"
$BTRACE -e "$p" -- pos --n=-2 --flag=false --n=0x10; echo "status $?"
$BTRACE -e "$p" -- --flag=1 --s= --; echo "status $?"
printf '%s\n' "$p" > $TMP/p.bt
$BTRACE $TMP/p.bt --flag=true first; echo "status $?"
$BTRACE $TMP/p.bt -- --n=3; echo "status $?"
# a default may be negative; a name must be a string literal
$BTRACE -e 'BEGIN { printf("%d\n", getopt("d", -1)); exit() }'
echo "status $?"
# bad values and a named argument no getopt() reads
$BTRACE -e "$p" -- --flag=maybe 2>&1; echo "status $?"
$BTRACE -e "$p" -- --n=seven 2>&1; echo "status $?"
$BTRACE -e "$p" -- --n 2>&1; echo "status $?"
$BTRACE -e "$p" -- --s 2>&1; echo "status $?"
$BTRACE -e "$p" -- --depth=3 --flag 2>&1; echo "status $?"
$BTRACE -e 'BEGIN { $x = "n"; printf("%d\n", getopt($x)) }' 2>&1
echo "status $?"
$BTRACE -e 'BEGIN { printf("%d\n", getopt("n", comm)) }' 2>&1
echo "status $?"
