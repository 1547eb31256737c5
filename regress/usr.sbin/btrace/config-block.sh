# bpftrace's config block: perf_rb_pages and btrace's bufsize set the
# ring size as -b does, lossless as -L, unless those options are given;
# max_strlen caps str(), stack_mode is the default of kstack/ustack;
# keys in any case, with or without BPFTRACE_; bpftrace's keys without a
# meaning in btrace are accepted with one warning each.
$BTRACE -v -e 'config = { perf_rb_pages = 64; lossless = true; max_strlen = 6 }
BEGIN { printf("%s|%s\n", str("abcdefgh"), str("abcdefgh", 3)); exit() }' 2>&1
echo "status $?"
$BTRACE -v -b 1M -L -e 'config = { bufsize = "4M"; lossless = false }
BEGIN { exit() }' 2>&1
echo "status $?"
$BTRACE -n -v -e 'config = { BPFTRACE_BUFSIZE = 131072; Lossless = 0; }
config = { stack_mode = perf; missing_probes = "error" }
BEGIN { }' 2>&1
echo "status $?"
$BTRACE -e 'config = {
	max_map_keys = 10000; print_maps_on_exit = false;
	max_map_keys = 20; license = "GPL"; missing_probes = warn;
	max_strlen = 1000
}
BEGIN { printf("%s\n", str("ok")); exit() }' 2>&1
echo "status $?"
