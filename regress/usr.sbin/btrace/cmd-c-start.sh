# -c: a command that cannot start is an error, naming it, before anything
# runs (under -n too); one that fails to exec after all (its interpreter
# missing) stops btrace before any event.  A command of plain words is
# split at blanks and run without a shell.
cd "$TMP" || exit 1
P='BEGIN { printf("begin\n") } END { printf("end\n") }'
printf 'x\n' >notexec
chmod 644 notexec
printf '#!/nonexistent/interp\n' >badinterp
chmod 755 badinterp
printf '#!/bin/sh\nfor a; do echo "[$a]"; done\n' >args
chmod 755 args
for c in /nonexistent/cmd no-such-command-dt ./ ./notexec ' ' ./badinterp \
    './args a:b  c,d@%+^_' 'X=1 ./args y' "./args 'a b'"; do
	echo "-c '$c'"
	$BTRACE -c "$c" -e "$P"
	echo "status $?"
done
$BTRACE -n -c /nonexistent/cmd -e "$P"
echo "status $?"
PATH=$TMP:$PATH $BTRACE -c 'args x' -e "$P"
echo "status $?"
