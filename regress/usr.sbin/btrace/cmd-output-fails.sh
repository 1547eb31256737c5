# The output fails (full, or its reader gone): btrace stops there, before
# the command of -c is started, with one message; a reader gone ends it
# by SIGPIPE (status 141) as any writer, unless SIGPIPE was ignored.
cd "$TMP" || exit 1
P='BEGIN { printf("begin\n") } END { printf("end\n") }'
rm -f ran
$BTRACE -o /dev/full -c "touch ran" -e "$P"
echo "status $?"
ls ran 2>/dev/null

# closedpipe CMD...: CMD writing to a pipe whose reader is gone.
closedpipe() {
	rm -f closed ran
	{ while [ ! -f closed ]; do sleep 0.05; done; "$@"; echo "status $?" >st; } |
	    { exec 0<&-; touch closed; sleep 2; }
	cat st
}
closedpipe env --default-signal=PIPE $BTRACE -c "touch ran" -e "$P"
ls ran 2>/dev/null
closedpipe env --ignore-signal=PIPE $BTRACE -c "touch ran" -e "$P"
ls ran 2>/dev/null

# The command gets SIGPIPE as btrace did: here it dies of it.
rm -f closed
$BTRACE -c 'while [ ! -f closed ]; do sleep 0.05; done; yes; echo "yes: $?" >yes' \
    -e 'BEGIN { printf("begin\n") }' | { read l; echo "read $l"; exec 0<&-; touch closed; sleep 2; }
cat yes
