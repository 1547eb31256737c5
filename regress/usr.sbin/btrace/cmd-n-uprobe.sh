# User probes are checked by -n against the file's ELF symbol tables:
# bpftrace's names (uprobe, uretprobe, u, ur), dt's :entry and :return,
# a glob, an address.  A missing file, a file that is not ELF, a missing
# function (with the closest name), a glob or an address that matches
# nothing, a pattern as the file and a bad last field are errors that
# name the file.
cd "$TMP" || exit 1
cp "$(command -v "$BTRACE")" prog
echo 'Not an ELF file, but long enough to hold the header of one......' >text
a=$(nm prog | sed -n 's/ T main$//p')
$BTRACE -n -e "uprobe:./prog:main, uretprobe:./prog:main, u:./prog:main,
    ur:./prog:main, uprobe:./prog:main:return, uprobe:./prog:main:entry,
    uprobe:./prog:uprobes_*, u:./prog:0x$a { @[probe, func] = count() }"
echo "status $?"
for p in 'uprobe:./nonexist:main' 'uprobe:./text:main' 'uprobe:./prog:mian' \
    'u:./prog:zzznomatch*' 'u:./prog:0xffffffffffff' 'u:./prog:0xzz' \
    'u:./*:main' 'uprobe:./prog:main:retrn' 'u:.:main' 'uprob:./prog:main'; do
	$BTRACE -n -e "$p { }"
	echo "status $?"
done
